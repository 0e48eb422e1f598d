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
