// Weights that passes derive (fold-weight-views: a transposed copy; pack-weights: panels of
// columns) get fresh names and are found again by their source, never by a name built from
// it: the model's own weights named "W.T10" and "B.panels" stay the model's (issue 7, item 1).
// RUN: picoc %s --target=x86-64-v3 --emit=kernels -o - | FileCheck %s
// CHECK: b[[WT:[0-9]+]] weight f32[8, 6] 'W.T10' @
// CHECK: b[[BP:[0-9]+]] weight f32[8, 4] 'B.panels' @
// CHECK: b[[WT1:[0-9]+]] weight f32[8, 6] 'W.T10.1' @
// CHECK: b[[BP1:[0-9]+]] weight f32[8, 256, 32] 'B.panels.1' @
// The copies feed the matmuls; the model's weights the additions.
// CHECK: kernel k0{{.*}} shape [4, 6] reduce [8]
// CHECK: Load.f32 b[[WT1]]
// CHECK: kernel k1{{.*}} shape [8, 6]
// CHECK: Load.f32 b[[WT]]
// CHECK: kernel k2{{.*}} shape [8, 8, 32] reduce [256]
// CHECK: Load.f32 b[[BP1]]
// CHECK: kernel k3{{.*}} shape [8, 256]
// CHECK: kernel k4{{.*}} shape [8, 4]
// CHECK: Load.f32 b[[BP]]
func.func @main(%x: tensor<4x8xf32>, %y: tensor<8x256xf32>) -> (tensor<4x6xf32>, tensor<8x6xf32>, tensor<8x256xf32>, tensor<8x4xf32>) {
  %w = picoc.weight "W" : tensor<6x8xf32>
  %wt = picoc.weight "W.T10" : tensor<8x6xf32>
  %b = picoc.weight "B" : tensor<256x256xf32>
  %bp = picoc.weight "B.panels" : tensor<8x4xf32>
  %t = picoc.transpose %w {perm = array<i64: 1, 0>} : tensor<6x8xf32> -> tensor<8x6xf32>
  %0 = picoc.matmul %x, %t : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
  %1 = picoc.binary add %wt, %wt : (tensor<8x6xf32>, tensor<8x6xf32>) -> tensor<8x6xf32>
  %2 = picoc.matmul %y, %b : (tensor<8x256xf32>, tensor<256x256xf32>) -> tensor<8x256xf32>
  %3 = picoc.binary add %bp, %bp : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  return %0, %1, %2, %3 : tensor<4x6xf32>, tensor<8x6xf32>, tensor<8x256xf32>, tensor<8x4xf32>
}
