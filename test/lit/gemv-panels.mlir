// A GEMV (one row: a decode step's projection) over a weight in panels of 32 columns
// (picoc-graph-pack-weights' few-rows form): with no rows to unroll, the register tile is a
// whole panel row, so each step of K reads one contiguous row of the panel (4 vectors on
// AVX2, 2 on AVX-512) in a single pass over the panel.
// RUN: picoc %s --target=x86-64-v3 --emit=kernels -o - | FileCheck %s
// RUN: picoc %s --target=znver4 --emit=kernels -o - | FileCheck %s
// CHECK: b[[P:[0-9]+]] weight f32[16, 256, 32] 'W.panels'
// CHECK: kernel k0 shape [16, 1, 32] reduce [256]
// CHECK-NEXT: schedule [{"kind": "upcast", "axis": 2, "amount": 32}, {"kind": "global", "axis": 0, "amount": 2}]
// CHECK: Load.f32 b[[P]]
func.func @main(%x: tensor<1x256xf32>) -> tensor<1x512xf32> {
  %w = picoc.weight "W" : tensor<256x512xf32>
  %0 = picoc.matmul %x, %w : (tensor<1x256xf32>, tensor<256x512xf32>) -> tensor<1x512xf32>
  return %0 : tensor<1x512xf32>
}
