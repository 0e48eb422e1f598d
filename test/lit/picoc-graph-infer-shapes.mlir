// RUN: picoc-opt %s -split-input-file --picoc-graph-infer-shapes | FileCheck %s

// A stale result type is recomputed from the operands, and the signature follows.
// CHECK-LABEL: func.func @stale
// CHECK-SAME: -> tensor<4x8xf32>
// CHECK: picoc.binary add %{{.*}}, %{{.*}} : (tensor<4x1xf32>, tensor<8xf32>) -> tensor<4x8xf32>
func.func @stale(%a: tensor<4x1xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = "picoc.binary"(%a, %b) <{fn = #picoc<binary_fn add>}> : (tensor<4x1xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @conv
// CHECK: picoc.conv {{.*}} -> tensor<1x8x16x16xf32>
func.func @conv(%x: tensor<1x4x32x32xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x16x16xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x32x32xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x16x16xf32>
  return %0 : tensor<1x8x16x16xf32>
}
