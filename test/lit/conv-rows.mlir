// A 3x3 conv over a weight with long rows runs Winograd's F(m, 3) along its output rows on the
// CPU (picoc-graph-lower-convs, the rows form): the padded input's copy; per product a kernel
// of the rows' sums [N, C, tiles, W + 2] and a 1x3 conv of a filter computed when the weights
// are written (the conv's own weight is then not written); one kernel of the products' sums
// with the bias. 32 rows: F(4, 3), 8 tiles, 6 products. A GPU keeps the conv (implicit GEMM).
// RUN: picoc %s --target=x86-64-v3 --emit=kernels -o - | FileCheck %s
// RUN: picoc %s --target=sm_80 --emit=kernels -o - | FileCheck %s --check-prefix=GPU
// CHECK-NOT: weight f32[24, 16, 3, 3] 'W'
// CHECK: weight f32[24, 16, 1, 3] 'W.winograd_rows4.0'
// CHECK: weight f32[24, 16, 1, 3] 'W.winograd_rows4.5'
// CHECK: kernel k0 shape [1, 16, 34, 42] ->
// CHECK: kernel k1 shape [1, 16, 8, 42] ->
// CHECK: kernel k2 shape [1, 24, 8, 40] reduce [1, 3, 16] ->
// CHECK: kernel k11 shape [1, 16, 8, 42] ->
// CHECK: kernel k12 shape [1, 24, 8, 40] reduce [1, 3, 16] ->
// CHECK: kernel k13 shape [1, 24, 32, 40] ->
// CHECK: Load.f32 b1
// CHECK: Add.f32
// CHECK-NOT: kernel k14
// GPU: weight f32[24, 16, 3, 3] 'W'
// GPU: kernel k1 shape [1, 24, 32, 40] reduce [16, 3, 3]
// GPU-NOT: kernel k2
func.func @main(%x: tensor<1x16x32x40xf32>) -> tensor<1x24x32x40xf32> {
  %w = picoc.weight "W" : tensor<24x16x3x3xf32>
  %b = picoc.weight "bias" : tensor<24x1x1xf32>
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x16x32x40xf32>, tensor<24x16x3x3xf32>) -> tensor<1x24x32x40xf32>
  %1 = picoc.binary add %0, %b : (tensor<1x24x32x40xf32>, tensor<24x1x1xf32>) -> tensor<1x24x32x40xf32>
  return %1 : tensor<1x24x32x40xf32>
}
