// RUN: picoc-opt %s -split-input-file --picoc-graph-fold-weight-views | FileCheck %s

// nn.Linear as exported: the [out, in] weight is transposed in the graph.
// CHECK-LABEL: func.func @linear
// CHECK: %[[W:.*]] = picoc.weight "fc.weight.T10" : tensor<16x8xf32>
// CHECK-NOT: picoc.transpose
// CHECK: picoc.matmul %{{.*}}, %[[W]]
// CHECK-NOT: "fc.weight" :
func.func @linear(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {
  %w = picoc.weight "fc.weight" : tensor<8x16xf32>
  %t = picoc.transpose %w {perm = array<i64: 1, 0>} : tensor<8x16xf32> -> tensor<16x8xf32>
  %0 = picoc.matmul %x, %t : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// A transpose of an activation stays.
// CHECK-LABEL: func.func @activation
// CHECK: picoc.transpose
func.func @activation(%x: tensor<4x16xf32>) -> tensor<16x4xf32> {
  %t = picoc.transpose %x {perm = array<i64: 1, 0>} : tensor<4x16xf32> -> tensor<16x4xf32>
  return %t : tensor<16x4xf32>
}

// -----

// A weight of one element becomes a constant (run on an ONNX model: picoc-opt has no weight
// store); the two-element weight stays.
// RUN: picoc %S/Inputs/scalar_weight.onnx --print-ir-after=picoc-graph-fold-weight-views --emit=mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: picoc.constant dense<2.500000e+00> : tensor<f32>
// SCALAR: picoc.weight "b" : tensor<2xf32>
// SCALAR-NOT: picoc.weight "s"
