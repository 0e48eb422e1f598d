// RUN: picoc-opt %s -split-input-file --picoc-graph-pad-operands | FileCheck %s

// A 4 KiB row stride: the rows are padded by a copy the fusion keeps, read through a slice.
// CHECK-LABEL: func.func @aliasing
// CHECK-SAME: (%[[A:.*]]: tensor<64x256xf32>, %[[B:.*]]: tensor<256x1024xf32>)
// CHECK: %[[P:.*]] = picoc.pad %[[B]] {pads = array<i64: 0, 0, 0, 16>, picoc.materialize, value = 0.000000e+00 : f64} : tensor<256x1024xf32> -> tensor<256x1040xf32>
// CHECK: %[[S:.*]] = picoc.slice %[[P]] {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : tensor<256x1040xf32> -> tensor<256x1024xf32>
// CHECK: picoc.matmul %[[A]], %[[S]]
func.func @aliasing(%a: tensor<64x256xf32>, %b: tensor<256x1024xf32>) -> tensor<64x1024xf32> {
  %0 = picoc.matmul %a, %b : (tensor<64x256xf32>, tensor<256x1024xf32>) -> tensor<64x1024xf32>
  return %0 : tensor<64x1024xf32>
}

// -----

// A stride that is not a multiple of 1 KiB, or a small operand, is left alone.
// CHECK-LABEL: func.func @no_aliasing
// CHECK-NOT: picoc.pad
// CHECK: picoc.matmul %arg0, %arg1
// CHECK-NOT: picoc.pad
// CHECK: picoc.matmul %arg0, %arg2
func.func @no_aliasing(%a: tensor<64x256xf32>, %b: tensor<256x1000xf32>, %c: tensor<256x16xf32>) -> (tensor<64x1000xf32>, tensor<64x16xf32>) {
  %0 = picoc.matmul %a, %b : (tensor<64x256xf32>, tensor<256x1000xf32>) -> tensor<64x1000xf32>
  %1 = picoc.matmul %a, %c : (tensor<64x256xf32>, tensor<256x16xf32>) -> tensor<64x16xf32>
  return %0, %1 : tensor<64x1000xf32>, tensor<64x16xf32>
}
