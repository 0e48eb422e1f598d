// RUN: split-file %s %t
// RUN: picoc-opt %t/graph.mlir --picoc-graph-lower-convs=channels-last=true | FileCheck %s --check-prefix=LAST
// RUN: picoc %t/conv.mlir --target=sm_90 --precision=tf32 --emit=kernels -o - | FileCheck %s --check-prefix=KIR
// RUN: picoc %t/conv.mlir --target=sm_90 --precision=tf32 --emit=cuda -o - | FileCheck %s --check-prefix=CUDA
// RUN: picoc %t/conv.mlir --target=sm_90 --emit=kernels -o - | FileCheck %s --check-prefix=FP32

//--- graph.mlir
// On a GPU at tf32 (channels-last): a direct conv big enough to be a tiled contraction reads
// a channels-last copy of its input (materialized, not padded) and a channels-last filter (a
// derived weight), each through a transpose view back to NCHW, the input padded by a view, so
// that its terms run over (kh, kw, c) with c contiguous in both factors.
// LAST-LABEL: func.func @channels_last
// LAST-DAG: %[[WL:.*]] = picoc.weight "W.T0231" : tensor<16x3x3x8xf32>
// LAST-DAG: %[[XL:.*]] = picoc.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>, picoc.materialize} : tensor<1x8x64x128xf32> -> tensor<1x64x128x8xf32>
// LAST-DAG: %[[X:.*]] = picoc.transpose %[[XL]] {perm = array<i64: 0, 3, 1, 2>} : tensor<1x64x128x8xf32> -> tensor<1x8x64x128xf32>
// LAST-DAG: %[[P:.*]] = picoc.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.000000e+00 : f64} : tensor<1x8x64x128xf32> -> tensor<1x8x66x130xf32>
// LAST-DAG: %[[F:.*]] = picoc.transpose %[[WL]] {perm = array<i64: 0, 3, 1, 2>} : tensor<16x3x3x8xf32> -> tensor<16x8x3x3xf32>
// LAST: picoc.conv %[[P]], %[[F]] {{.*}}pads = array<i64: 0, 0, 0, 0>
// A filter computed in the graph is copied channels-last by a kernel.
// LAST-LABEL: func.func @channels_last_computed_filter
// LAST: %[[WL:.*]] = picoc.transpose %arg1 {perm = array<i64: 0, 2, 3, 1>, picoc.materialize}
// LAST: %[[F:.*]] = picoc.transpose %[[WL]] {perm = array<i64: 0, 3, 1, 2>}
// LAST: picoc.conv {{.*}}, %[[F]]
// Grouped, or over channels that 4 does not divide, or too small to be tiled: NCHW.
// LAST-LABEL: func.func @channels_first
// LAST-NOT: picoc.transpose
// LAST: picoc.conv
// LAST-NOT: picoc.transpose
// LAST: picoc.conv
// LAST-NOT: picoc.transpose
// LAST: picoc.conv
// LAST-NOT: picoc.transpose
// LAST: return
func.func @channels_last(%x: tensor<1x8x64x128xf32>) -> tensor<1x16x64x128xf32> {
  %w = picoc.weight "W" : tensor<16x8x3x3xf32>
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x64x128xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x64x128xf32>
  return %0 : tensor<1x16x64x128xf32>
}
func.func @channels_last_computed_filter(%x: tensor<1x8x64x128xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x64x128xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x64x128xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x64x128xf32>
  return %0 : tensor<1x16x64x128xf32>
}
func.func @channels_first(%x: tensor<1x8x64x128xf32>, %w: tensor<16x4x3x3xf32>, %x6: tensor<1x6x64x128xf32>, %w6: tensor<16x6x3x3xf32>, %xs: tensor<1x8x64x64xf32>, %ws: tensor<16x8x3x3xf32>) -> (tensor<1x16x64x128xf32>, tensor<1x16x64x128xf32>, tensor<1x16x64x64xf32>) {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x8x64x128xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x64x128xf32>
  %1 = picoc.conv %x6, %w6 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x6x64x128xf32>, tensor<16x6x3x3xf32>) -> tensor<1x16x64x128xf32>
  %2 = picoc.conv %xs, %ws {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x64x64xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x64x64xf32>
  return %0, %1, %2 : tensor<1x16x64x128xf32>, tensor<1x16x64x128xf32>, tensor<1x16x64x64xf32>
}

//--- conv.mlir
// The bench's convolution (bench/gpu): its filter copied channels-last, its input copied
// channels-last, then the implicit GEMM over terms (kh, kw, c), the padding its load's guard:
// both factors contiguous along c, so the pixels' tile is copied 16 bytes at a time (a row's
// offset its pixel's, a term's from the table; zero-filled where the guard fails) and either
// factor may be the wgmma's N: the channels, two tiles of 160 (one wave of 128 tiles on 132
// multiprocessors).
// KIR: kernel k0 shape [320, 3, 3, 320]
// KIR: kernel k1 shape [2, 64, 64, 320]
// KIR: kernel k2 shape [2, 320, 64, 64] reduce [3, 3, 320]
// KIR-NEXT: schedule [{"kind": "mma", "axis": 0, "amount": 1}, {"kind": "wgmma", "axis": 1, "amount": 1}, {"kind": "tile", "axis": 0, "amount": 128}, {"kind": "tile", "axis": 1, "amount": 160}
// KIR: Load.f32 b3 {{.*}} ; b3[((((((v0*1310720 + v2*20480) + v3*320) + v4*20480) + v5*320) + v6) + -20800) if And(And(And(CmpGe(((v2 + v4) + -1), 0), CmpLt(((v2 + v4) + -1), 64)), CmpGe(((v3 + v5) + -1), 0)), CmpLt(((v3 + v5) + -1), 64))]
// KIR: Load.f32 b2 {{.*}} ; b2[(((v1*2880 + v4*960) + v5*320) + v6)]
// The filter's copy splits its output index in 32 bits (a 64-bit division by a constant is
// a long emulated sequence).
// CUDA: void __launch_bounds__(256) k0(
// CUDA: const long long v0 = (long long)((unsigned)(o) / 2880u);
// CUDA: void __launch_bounds__(256) k2(
// CUDA: if (AsAligned) {
// CUDA: const int kk = (int)(threadIdx.x % 8u) * 4, row = (int)(threadIdx.x / 8u) + j * 32;
// CUDA: const long long v2 = (long long)((unsigned)(at) / 64u % 64u);
// CUDA: const long long v4 = (long long)((unsigned)(r) / 960u);
// CUDA: const bool inside = [[GUARD:t[0-9]+]];
// CUDA-NEXT: picoc_cp_async16(&As[{{.*}}], in0 + ((AsBase + at * 320LL + picoc_terms_k2_As[r]) & -(long long)inside), inside);
// At fp32 the conv stays NCHW (its CUDA-core schedule reads a pixel row along its threads).
// FP32-NOT: kernel k0 shape [320, 3, 3, 320]
// FP32: kernel k0 shape [2, 320, 66, 66]
func.func @main(%x: tensor<2x320x64x64xf32>, %w: tensor<320x320x3x3xf32>) -> tensor<2x320x64x64xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x320x64x64xf32>, tensor<320x320x3x3xf32>) -> tensor<2x320x64x64xf32>
  return %0 : tensor<2x320x64x64xf32>
}
