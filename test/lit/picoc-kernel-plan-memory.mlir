// Temporaries share the arena when their lifetimes do not overlap.
// RUN: picoc %s --emit=kernels --stats -o - 2>&1 | FileCheck %s

// A chain of kernels k0 -> k1 -> k2 -> k3 -> output, each reading only its predecessor: two
// 4 KiB slots are enough, used alternately (k0's column sums fit in k2's slot).
// CHECK: stats: 5 kernels, arena peak 8192 bytes
// CHECK: temp f32[1, 32] 'k0' @[[B:[0-9]+]]
// CHECK: temp f32[32, 32] 'k1' @[[A:[0-9]+]]
// CHECK: temp f32[32, 32] 'k2' @[[B]]
// CHECK: temp f32[32, 32] 'k3' @[[A]]
func.func @main(%x: tensor<32x32xf32>) -> tensor<32x32xf32> {
  %0 = picoc.reduce sum %x {axes = array<i64: 0>} : tensor<32x32xf32> -> tensor<1x32xf32>
  %1 = picoc.binary sub %x, %0 : (tensor<32x32xf32>, tensor<1x32xf32>) -> tensor<32x32xf32>
  %2 = picoc.transpose %1 {perm = array<i64: 1, 0>} : tensor<32x32xf32> -> tensor<32x32xf32>
  %3 = picoc.matmul %1, %2 : (tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<32x32xf32>
  %4 = picoc.matmul %3, %3 : (tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<32x32xf32>
  %5 = picoc.matmul %4, %4 : (tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<32x32xf32>
  return %5 : tensor<32x32xf32>
}
