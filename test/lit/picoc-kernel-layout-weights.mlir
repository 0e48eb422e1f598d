// Each weight is stored once in the blob, at a 64-byte aligned offset.
// RUN: picoc %s --emit=kernels --stats -o - 2>&1 | FileCheck %s

// 5 floats (20 bytes) at 0, the next weight at 64, the first one again at 0.
// CHECK: weights 84 bytes
// CHECK-DAG: weight f32[5] 'a' @0
// CHECK-DAG: weight f32[5] 'b' @64
func.func @main(%x: tensor<5xf32>) -> (tensor<5xf32>, tensor<5xf32>) {
  %a = picoc.weight "a" : tensor<5xf32>
  %b = picoc.weight "b" : tensor<5xf32>
  %0 = picoc.binary add %x, %a : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %1 = picoc.binary mul %0, %b : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %2 = picoc.binary sub %x, %a : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %1, %2 : tensor<5xf32>, tensor<5xf32>
}
