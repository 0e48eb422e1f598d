// The verifier rejects inconsistent ops with a message at the op.
// RUN: picoc-opt %s -split-input-file -verify-diagnostics

func.func @bad_broadcast(%a: tensor<4x3xf32>, %b: tensor<5xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{operand shapes do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = picoc.binary add %a, %b : (tensor<4x3xf32>, tensor<5xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @bad_matmul(%a: tensor<4x3xf32>, %b: tensor<5x2xf32>) -> tensor<4x2xf32> {
  // expected-error @+2 {{matmul contraction dims differ: 3 and 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = picoc.matmul %a, %b : (tensor<4x3xf32>, tensor<5x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @bad_reshape(%a: tensor<4x3xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{element count changes from 12 to 5}}
  %0 = picoc.reshape %a : tensor<4x3xf32> -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @bad_slice(%a: tensor<8xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{slice reads outside dim 0}}
  %0 = picoc.slice %a {starts = array<i64: 2>, steps = array<i64: 2>} : tensor<8xf32> -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @loop_carried_type(%y: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{body yields carried value 0 of another type}}
  %r = picoc.loop (%y) : (tensor<3xf32>) -> (tensor<3xf32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<3xf32>):
    %t = picoc.constant dense<true> : tensor<i1>
    %w = picoc.cast %v : tensor<3xf32> to tensor<3xi64>
    picoc.loop_yield %t, %w : tensor<i1>, tensor<3xi64>
  }
  return %r : tensor<3xf32>
}

// -----

func.func @loop_scan_without_trip_count(%y: tensor<3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{scan outputs need a trip count known at compile time}}
  %r:2 = picoc.loop (%y) : (tensor<3xf32>) -> (tensor<3xf32>, tensor<4x3xf32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<3xf32>):
    %t = picoc.constant dense<true> : tensor<i1>
    picoc.loop_yield %t, %v, %v : tensor<i1>, tensor<3xf32>, tensor<3xf32>
  }
  return %r#1 : tensor<4x3xf32>
}

// -----

func.func @loop_scan_rows(%y: tensor<3xf32>) -> tensor<4x3xf32> {
  %m = picoc.constant dense<5> : tensor<i64>
  // expected-error @+1 {{scan output 0 is not its values stacked along dim 0, a row per iteration}}
  %r:2 = picoc.loop trip_count %m : tensor<i64>(%y) : (tensor<3xf32>) -> (tensor<3xf32>, tensor<4x3xf32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<3xf32>):
    %t = picoc.constant dense<true> : tensor<i1>
    picoc.loop_yield %t, %v, %v : tensor<i1>, tensor<3xf32>, tensor<3xf32>
  }
  return %r#1 : tensor<4x3xf32>
}
