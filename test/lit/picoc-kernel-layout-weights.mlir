// Each weight is stored once in the blob, at a 64-byte aligned offset; weights of equal bytes
// are stored once too (picoc-kernel-link-entries matches them by content). Textual IR fills a
// weight with a fixed pattern, so 'a' and 'c' (both f32[5]) hold the same bytes; 'b' (f32[7])
// does not.
// RUN: picoc %s --emit=kernels --stats -o - 2>&1 | FileCheck %s

// 5 floats (20 bytes) at 0, 7 floats at 64, 'c' again at 0.
// CHECK: weights 92 bytes
// CHECK-DAG: weight f32[5] 'a' @0
// CHECK-DAG: weight f32[7] 'b' @64
// CHECK-DAG: weight f32[5] 'c' @0
func.func @main(%x: tensor<5xf32>, %y: tensor<7xf32>) -> (tensor<5xf32>, tensor<7xf32>, tensor<5xf32>) {
  %a = picoc.weight "a" : tensor<5xf32>
  %b = picoc.weight "b" : tensor<7xf32>
  %c = picoc.weight "c" : tensor<5xf32>
  %0 = picoc.binary add %x, %a : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  %1 = picoc.binary mul %y, %b : (tensor<7xf32>, tensor<7xf32>) -> tensor<7xf32>
  %2 = picoc.binary sub %x, %c : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %0, %1, %2 : tensor<5xf32>, tensor<7xf32>, tensor<5xf32>
}
