// The dialect's textual form round-trips.
// RUN: picoc-opt %s | picoc-opt | FileCheck %s

// CHECK-LABEL: func.func @all_ops
func.func @all_ops(%x: tensor<2x3x4xf32>, %i: tensor<5xi64>, %x2: tensor<2x2x4xi64>) -> tensor<2x3x4xf32> {
  // CHECK: picoc.weight "w" : tensor<4x4xf32>
  %w = picoc.weight "w" : tensor<4x4xf32>
  // CHECK: picoc.constant dense<2.000000e+00> : tensor<f32>
  %c = picoc.constant dense<2.0> : tensor<f32>
  // CHECK: picoc.unary exp
  %0 = picoc.unary exp %x : tensor<2x3x4xf32>
  // CHECK: picoc.binary mul
  %1 = picoc.binary mul %0, %c : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  // CHECK: picoc.binary lt {{.*}} -> tensor<2x3x4xi1>
  %p = picoc.binary lt %1, %x : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xi1>
  // CHECK: picoc.select
  %2 = picoc.select %p, %1, %x : (tensor<2x3x4xi1>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: picoc.matmul
  %3 = picoc.matmul %2, %w : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
  // CHECK: picoc.reduce sum {{.*}} {axes = array<i64: 2>}
  %4 = picoc.reduce sum %3 {axes = array<i64: 2>} : tensor<2x3x4xf32> -> tensor<2x3x1xf32>
  // CHECK: picoc.transpose
  %5 = picoc.transpose %3 {perm = array<i64: 1, 0, 2>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  // CHECK: picoc.reshape
  %6 = picoc.reshape %5 : tensor<3x2x4xf32> -> tensor<24xf32>
  // CHECK: picoc.slice
  %7 = picoc.slice %6 {starts = array<i64: 1>, steps = array<i64: 2>} : tensor<24xf32> -> tensor<11xf32>
  // CHECK: picoc.gather
  %8 = picoc.gather %7, %i {axis = 0 : i64} : (tensor<11xf32>, tensor<5xi64>) -> tensor<5xf32>
  // CHECK: picoc.gather_elements
  %ge = picoc.gather_elements %x, %x2 {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x2x4xi64>) -> tensor<2x2x4xf32>
  // CHECK: picoc.window {{.*}}kernel = array<i64: 2>
  %win = picoc.window %x {kernel = array<i64: 2>, strides = array<i64: 2>, dilations = array<i64: 1>} : tensor<2x3x4xf32> -> tensor<2x3x2x2xf32>
  // CHECK: picoc.pad
  %9 = picoc.pad %8 {pads = array<i64: 1, 2>, value = 0.0 : f64} : tensor<5xf32> -> tensor<8xf32>
  // CHECK: picoc.concat
  %10 = picoc.concat %9, %9 {axis = 0 : i64} : (tensor<8xf32>, tensor<8xf32>) -> tensor<16xf32>
  // CHECK: picoc.cast
  %11 = picoc.cast %10 : tensor<16xf32> to tensor<16xi64>
  // CHECK: picoc.broadcast
  %12 = picoc.broadcast %4 : tensor<2x3x1xf32> -> tensor<2x3x4xf32>
  // CHECK: picoc.softmax
  %13 = picoc.softmax %12 {axis = 2 : i64} : tensor<2x3x4xf32>
  return %13 : tensor<2x3x4xf32>
}

// A loop of the plan: the trip count and condition, the carried values, a scan output.
// CHECK-LABEL: func.func @loop
func.func @loop(%c: tensor<i1>, %y: tensor<3xf32>) -> (tensor<3xf32>, tensor<4x3xf32>) {
  %m = picoc.constant dense<4> : tensor<i64>
  // CHECK: picoc.loop trip_count %{{.*}} : tensor<i64> cond %{{.*}} : tensor<i1>(%{{.*}}) : (tensor<3xf32>) -> (tensor<3xf32>, tensor<4x3xf32>)
  %r:2 = picoc.loop trip_count %m : tensor<i64> cond %c : tensor<i1> (%y) : (tensor<3xf32>) -> (tensor<3xf32>, tensor<4x3xf32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<3xf32>):
    %f = picoc.cast %i : tensor<i64> to tensor<f32>
    %n = picoc.binary add %v, %f : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
    %t = picoc.constant dense<true> : tensor<i1>
    // CHECK: picoc.loop_yield %{{.*}}, %{{.*}}, %{{.*}} : tensor<i1>, tensor<3xf32>, tensor<3xf32>
    picoc.loop_yield %t, %n, %v : tensor<i1>, tensor<3xf32>, tensor<3xf32>
  }
  return %r#0, %r#1 : tensor<3xf32>, tensor<4x3xf32>
}
