// RUN: picoc-opt %s -split-input-file --picoc-graph-decompose | FileCheck %s

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>)
// CHECK: %[[M:.*]] = picoc.reduce max %[[X]] {axes = array<i64: 1>} : tensor<4x8xf32> -> tensor<4x1xf32>
// CHECK: %[[D:.*]] = picoc.binary sub %[[X]], %[[M]]
// CHECK: %[[E:.*]] = picoc.unary exp %[[D]]
// CHECK: %[[S:.*]] = picoc.reduce sum %[[E]] {axes = array<i64: 1>}
// CHECK: %[[Y:.*]] = picoc.binary div %[[E]], %[[S]]
// CHECK: return %[[Y]]
// CHECK-NOT: picoc.softmax
func.func @softmax(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = picoc.softmax %x {axis = 1 : i64} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @log_softmax
// CHECK: %[[D:.*]] = picoc.binary sub
// CHECK: %[[S:.*]] = picoc.reduce sum
// CHECK: %[[L:.*]] = picoc.unary log %[[S]]
// CHECK: picoc.binary sub %[[D]], %[[L]]
func.func @log_softmax(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = picoc.softmax %x {axis = 1 : i64, log} : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x8xf32>, %[[G:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[INV:.*]] = picoc.constant dense<1.250000e-01> : tensor<f32>
// CHECK: %[[SUM:.*]] = picoc.reduce sum %[[X]] {axes = array<i64: 2>}
// CHECK: %[[MEAN:.*]] = picoc.binary mul %[[SUM]], %[[INV]]
// CHECK: %[[C:.*]] = picoc.binary sub %[[X]], %[[MEAN]]
// CHECK: %[[SQ:.*]] = picoc.binary mul %[[C]], %[[C]]
// CHECK: picoc.reduce sum %[[SQ]]
// CHECK: picoc.constant dense<9.99999974E-6> : tensor<f32>
// CHECK: picoc.unary rsqrt
// CHECK: picoc.binary mul %{{.*}}, %[[G]]
// CHECK: picoc.binary add %{{.*}}, %[[B]]
// CHECK-NOT: picoc.norm
func.func @layer_norm(%x: tensor<2x3x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x3x8xf32> {
  %y = picoc.norm %x, %g, %b {axes = array<i64: 2>, epsilon = 1.0e-5 : f64} : (tensor<2x3x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x3x8xf32>
  return %y : tensor<2x3x8xf32>
}

// -----

// TorchScript's GroupNorm: a norm over [N, G, C/G*H*W] of a reshaped [N, C, H, W] is rebuilt
// over the finer view [N, G, C/G, H, W] (normalized over its last three dims), so the reshapes
// around it only split or merge channels.
// CHECK-LABEL: func.func @group_norm_view
// CHECK: %[[V:.*]] = picoc.reshape %arg0 : tensor<2x8x6x5xf32> -> tensor<2x4x2x6x5xf32>
// CHECK: picoc.reduce sum %[[V]] {axes = array<i64: 2, 3, 4>}
// CHECK: picoc.reshape {{.*}} : tensor<2x4x2x6x5xf32> -> tensor<2x4x60xf32>
func.func @group_norm_view(%x: tensor<2x8x6x5xf32>, %s: tensor<4x1xf32>, %b: tensor<4x1xf32>) -> tensor<2x8x6x5xf32> {
  %0 = picoc.reshape %x : tensor<2x8x6x5xf32> -> tensor<2x4x60xf32>
  %1 = picoc.norm %0, %s, %b {axes = array<i64: 2>, epsilon = 1.0e-05 : f64} : (tensor<2x4x60xf32>, tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<2x4x60xf32>
  %2 = picoc.reshape %1 : tensor<2x4x60xf32> -> tensor<2x8x6x5xf32>
  return %2 : tensor<2x8x6x5xf32>
}
