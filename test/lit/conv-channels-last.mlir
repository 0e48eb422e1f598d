// RUN: split-file %s %t
// RUN: picoc-opt %t/graph.mlir --picoc-graph-lower-convs=channels-last=true | FileCheck %s --check-prefix=LAST
// RUN: picoc %t/conv.mlir --target=sm_90 --precision=tf32 --emit=kernels -o - | FileCheck %s --check-prefix=KIR
// RUN: picoc %t/conv.mlir --target=sm_90 --precision=tf32 --emit=cuda -o - | FileCheck %s --check-prefix=CUDA
// RUN: picoc %t/conv.mlir --target=sm_90 --emit=kernels -o - | FileCheck %s --check-prefix=FP32

//--- graph.mlir
// On a GPU at tf32 (channels-last): a direct conv big enough to be a tiled contraction reads
// a channels-last padded copy of its input (materialized) and a channels-last filter (a
// derived weight), each through a transpose view back to NCHW, so that its terms run over
// (kh, kw, c) with c contiguous in both factors.
// LAST-LABEL: func.func @channels_last
// LAST-DAG: %[[WL:.*]] = picoc.weight "W.T0231" : tensor<16x3x3x8xf32>
// LAST-DAG: %[[P:.*]] = picoc.pad %arg0 {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.000000e+00 : f64} : tensor<1x8x64x128xf32> -> tensor<1x8x66x130xf32>
// LAST-DAG: %[[XL:.*]] = picoc.transpose %[[P]] {perm = array<i64: 0, 2, 3, 1>, picoc.materialize} : tensor<1x8x66x130xf32> -> tensor<1x66x130x8xf32>
// LAST-DAG: %[[X:.*]] = picoc.transpose %[[XL]] {perm = array<i64: 0, 3, 1, 2>} : tensor<1x66x130x8xf32> -> tensor<1x8x66x130xf32>
// LAST-DAG: %[[F:.*]] = picoc.transpose %[[WL]] {perm = array<i64: 0, 3, 1, 2>} : tensor<16x3x3x8xf32> -> tensor<16x8x3x3xf32>
// LAST: picoc.conv %[[X]], %[[F]] {{.*}}pads = array<i64: 0, 0, 0, 0>
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
// The bench's convolution (bench/gpu): its filter copied channels-last, its input padded and
// copied channels-last, then the implicit GEMM over terms (kh, kw, c): both factors
// contiguous along c, so the pixels' tile is copied 16 bytes at a time (its rows' offsets
// from their digits, its terms' from the table) and either factor may be the wgmma's N:
// the channels, two tiles of 160 (one wave of 128 tiles on 132 multiprocessors).
// KIR: kernel k0 shape [320, 3, 3, 320]
// KIR: kernel k1 shape [2, 66, 66, 320]
// KIR: kernel k2 shape [2, 320, 64, 64] reduce [3, 3, 320]
// KIR-NEXT: schedule [{"kind": "mma", "axis": 0, "amount": 1}, {"kind": "wgmma", "axis": 1, "amount": 1}, {"kind": "tile", "axis": 0, "amount": 128}, {"kind": "tile", "axis": 1, "amount": 160}
// KIR: Load.f32 b3 {{.*}} ; b3[(((((v0*1393920 + v2*21120) + v3*320) + v4*21120) + v5*320) + v6)]
// KIR: Load.f32 b2 {{.*}} ; b2[(((v1*2880 + v4*960) + v5*320) + v6)]
// CUDA: void __launch_bounds__(256) k2(
// CUDA: if (AsAligned) {
// CUDA: const int kk = (int)(threadIdx.x % 8u) * 4, row = (int)(threadIdx.x / 8u) + j * 32;
// CUDA: picoc_cp_async16(&As[{{.*}}], in0 + AsBase + (0LL + v0 * 1393920LL + v2 * 21120LL + v3 * 320LL) + picoc_terms_k2_As[r], true);
// At fp32 the conv stays NCHW (its CUDA-core schedule reads a pixel row along its threads).
// FP32-NOT: kernel k0 shape [320, 3, 3, 320]
// FP32: kernel k0 shape [2, 320, 66, 66]
func.func @main(%x: tensor<2x320x64x64xf32>, %w: tensor<320x320x3x3xf32>) -> tensor<2x320x64x64xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<2x320x64x64xf32>, tensor<320x320x3x3xf32>) -> tensor<2x320x64x64xf32>
  return %0 : tensor<2x320x64x64xf32>
}
