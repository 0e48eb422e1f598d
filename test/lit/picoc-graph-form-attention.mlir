// RUN: picoc-opt %s -split-input-file --picoc-graph-form-attention | FileCheck %s
// RUN: picoc-opt %s -split-input-file --picoc-graph-form-attention=max-head-dim=16 | FileCheck %s --check-prefix=SMALL

// transformers' eager attention: scores * scale, an additive mask, softmax, @ V. K^T is
// transposed back (canonicalize folds the two transposes).
// CHECK-LABEL: func.func @eager
// CHECK-SAME: (%[[Q:.*]]: tensor<1x2x5x32xf32>, %[[KT:.*]]: tensor<1x2x32x7xf32>, %[[V:.*]]: tensor<1x2x7x32xf32>, %[[MASK:.*]]: tensor<1x1x5x7xf32>)
// CHECK: %[[K:.*]] = picoc.transpose %[[KT]] {perm = array<i64: 0, 1, 3, 2>}
// CHECK: %[[Y:.*]] = picoc.attention %[[Q]], %[[K]], %[[V]], %[[MASK]] {scale = 1.250000e-01 : f64}
// CHECK-NOT: picoc.softmax
// CHECK: return %[[Y]]
// SMALL-LABEL: func.func @eager
// SMALL-NOT: picoc.attention
// SMALL: picoc.softmax
func.func @eager(%q: tensor<1x2x5x32xf32>, %kt: tensor<1x2x32x7xf32>, %v: tensor<1x2x7x32xf32>, %mask: tensor<1x1x5x7xf32>) -> tensor<1x2x5x32xf32> {
  %c = picoc.constant dense<0.125> : tensor<f32>
  %s = picoc.matmul %q, %kt : (tensor<1x2x5x32xf32>, tensor<1x2x32x7xf32>) -> tensor<1x2x5x7xf32>
  %x = picoc.binary mul %s, %c : (tensor<1x2x5x7xf32>, tensor<f32>) -> tensor<1x2x5x7xf32>
  %y = picoc.binary add %x, %mask : (tensor<1x2x5x7xf32>, tensor<1x1x5x7xf32>) -> tensor<1x2x5x7xf32>
  %p = picoc.softmax %y {axis = 3 : i64} : tensor<1x2x5x7xf32>
  %o = picoc.matmul %p, %v : (tensor<1x2x5x7xf32>, tensor<1x2x7x32xf32>) -> tensor<1x2x5x32xf32>
  return %o : tensor<1x2x5x32xf32>
}

// -----

// Older exporters: a division by sqrt(d), then Where(mask, scores, finfo.min): the bias is
// select(mask, 0, finfo.min), the scale 1 / 4.
// CHECK-LABEL: func.func @where_div
// CHECK: %[[ZERO:.*]] = picoc.constant dense<0.000000e+00> : tensor<f32>
// CHECK: %[[B:.*]] = picoc.select %{{.*}}, %[[ZERO]], %{{.*}} : (tensor<4x6xi1>, tensor<f32>, tensor<f32>) -> tensor<4x6xf32>
// CHECK: picoc.attention %{{.*}}, %{{.*}}, %{{.*}}, %[[B]] {scale = 2.500000e-01 : f64}
func.func @where_div(%q: tensor<4x8xf32>, %kt: tensor<8x6xf32>, %v: tensor<6x8xf32>, %keep: tensor<4x6xi1>) -> tensor<4x8xf32> {
  %c = picoc.constant dense<4.0> : tensor<f32>
  %fill = picoc.constant dense<-3.40282347E+38> : tensor<f32>
  %s = picoc.matmul %q, %kt : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  %x = picoc.binary div %s, %c : (tensor<4x6xf32>, tensor<f32>) -> tensor<4x6xf32>
  %y = picoc.select %keep, %x, %fill : (tensor<4x6xi1>, tensor<4x6xf32>, tensor<f32>) -> tensor<4x6xf32>
  %p = picoc.softmax %y {axis = 1 : i64} : tensor<4x6xf32>
  %o = picoc.matmul %p, %v : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  return %o : tensor<4x8xf32>
}

// -----

// torch's scaled_dot_product_attention export: Where(IsNaN(p), 0, p) after the softmax.
// CHECK-LABEL: func.func @nan_guard
// CHECK: picoc.attention %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {empty_rows_zero, scale = 1.000000e+00 : f64}
// CHECK-NOT: picoc.softmax
func.func @nan_guard(%q: tensor<4x8xf32>, %kt: tensor<8x6xf32>, %v: tensor<6x8xf32>, %bias: tensor<4x6xf32>) -> tensor<4x8xf32> {
  %zero = picoc.constant dense<0.0> : tensor<f32>
  %s = picoc.matmul %q, %kt : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  %y = picoc.binary add %s, %bias : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %p = picoc.softmax %y {axis = 1 : i64} : tensor<4x6xf32>
  %eq = picoc.binary eq %p, %p : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xi1>
  %nan = picoc.unary logical_not %eq : tensor<4x6xi1>
  %g = picoc.select %nan, %zero, %p : (tensor<4x6xi1>, tensor<f32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %o = picoc.matmul %g, %v : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  return %o : tensor<4x8xf32>
}

// -----

// Not attention: a scale after the mask (it would scale the mask), the probabilities also
// returned, a softmax over another axis, a log-softmax.
// CHECK-LABEL: func.func @not_attention
// CHECK-NOT: picoc.attention
// CHECK: return
func.func @not_attention(%q: tensor<4x8xf32>, %kt: tensor<8x6xf32>, %v: tensor<6x8xf32>, %m: tensor<4x6xf32>, %w: tensor<4x4xf32>) -> (tensor<4x8xf32>, tensor<4x6xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %c = picoc.constant dense<0.5> : tensor<f32>
  %s0 = picoc.matmul %q, %kt : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  %a0 = picoc.binary add %s0, %m : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xf32>
  %x0 = picoc.binary mul %a0, %c : (tensor<4x6xf32>, tensor<f32>) -> tensor<4x6xf32>
  %p0 = picoc.softmax %x0 {axis = 1 : i64} : tensor<4x6xf32>
  %o0 = picoc.matmul %p0, %v : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  %s1 = picoc.matmul %q, %kt : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  %p1 = picoc.softmax %s1 {axis = 1 : i64} : tensor<4x6xf32>
  %o1 = picoc.matmul %p1, %v : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  %s2 = picoc.matmul %q, %kt : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  %p2 = picoc.softmax %s2 {axis = 0 : i64} : tensor<4x6xf32>
  %o2 = picoc.matmul %p2, %v : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  %s3 = picoc.matmul %q, %kt : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  %p3 = picoc.softmax %s3 {axis = 1 : i64, log} : tensor<4x6xf32>
  %o3 = picoc.matmul %p3, %v : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  return %o0, %p1, %o1, %o2, %o3 : tensor<4x8xf32>, tensor<4x6xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}

// -----

// torch's SDPA export scales q and k^T by sqrt(scale) each: both factors go into the scale,
// and the kernel reads q and k unscaled (no scaled, transposed copy of k).
// CHECK-LABEL: func.func @sdpa_scaled
// CHECK-SAME: (%[[Q:.*]]: tensor<4x8xf32>, %[[KT:.*]]: tensor<8x6xf32>, %[[V:.*]]: tensor<6x8xf32>)
// CHECK: %[[K:.*]] = picoc.transpose %[[KT]]
// CHECK: picoc.attention %[[Q]], %[[K]], %[[V]] {scale = 2.500000e-01 : f64}
func.func @sdpa_scaled(%q: tensor<4x8xf32>, %kt: tensor<8x6xf32>, %v: tensor<6x8xf32>) -> tensor<4x8xf32> {
  %c = picoc.constant dense<0.5> : tensor<f32>
  %qs = picoc.binary mul %q, %c : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x8xf32>
  %ks = picoc.binary mul %c, %kt : (tensor<f32>, tensor<8x6xf32>) -> tensor<8x6xf32>
  %s = picoc.matmul %qs, %ks : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  %p = picoc.softmax %s {axis = 1 : i64} : tensor<4x6xf32>
  %o = picoc.matmul %p, %v : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  return %o : tensor<4x8xf32>
}

// -----

// The guard written the other way round, select(p == p, p, 0), is the same guard.
// CHECK-LABEL: func.func @nan_guard_equal
// CHECK: picoc.attention {{.*}} {empty_rows_zero, scale = 1.000000e+00 : f64}
// CHECK-NOT: picoc.softmax
func.func @nan_guard_equal(%q: tensor<4x8xf32>, %kt: tensor<8x6xf32>, %v: tensor<6x8xf32>) -> tensor<4x8xf32> {
  %zero = picoc.constant dense<0.0> : tensor<f32>
  %s = picoc.matmul %q, %kt : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  %p = picoc.softmax %s {axis = 1 : i64} : tensor<4x6xf32>
  %eq = picoc.binary eq %p, %p : (tensor<4x6xf32>, tensor<4x6xf32>) -> tensor<4x6xi1>
  %g = picoc.select %eq, %p, %zero : (tensor<4x6xi1>, tensor<4x6xf32>, tensor<f32>) -> tensor<4x6xf32>
  %o = picoc.matmul %g, %v : (tensor<4x6xf32>, tensor<6x8xf32>) -> tensor<4x8xf32>
  return %o : tensor<4x8xf32>
}
