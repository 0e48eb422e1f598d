// Large matmul weights in column panels on the CPU (picoc-graph-pack-weights). With many rows
// in A the panels are as wide as the register tile (two vectors: 16 on AVX2, 32 on AVX-512)
// and A's rows lie outside them: the product [M, N / C, 1, C] is its result [M, N] reshaped,
// and the epilogue (the bias) stays in the matmul's kernel. The schedule: the register tile
// of 6 rows, no K block, tile(1, 1) around the rows so that each panel
// meets every row group before the next one, and the launch through the panels: A's 128
// rows (128 KiB) are one tile, unless the panels are fewer than 16 launch chunks (AVX-512's
// 8 panels: two row tiles).
// RUN: picoc %s --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=AVX2
// RUN: picoc %s --target=znver4 --emit=kernels -o - | FileCheck %s --check-prefix=AVX512
// AVX2: b[[P:[0-9]+]] weight f32[16, 256, 16] 'W.panels16'
// AVX2: kernel k0{{.*}} shape [128, 16, 1, 16] reduce [256]
// AVX2-NEXT: schedule [{"kind": "upcast", "axis": 3, "amount": 16}, {"kind": "unroll", "axis": 0, "amount": 6}, {"kind": "unroll", "axis": 4, "amount": 4}, {"kind": "tile", "axis": 0, "amount": 128}, {"kind": "tile", "axis": 1, "amount": 1}, {"kind": "global", "axis": 0, "amount": 3}]
// AVX2: Load.f32 b[[P]]
// AVX2: Add.f32
// AVX2-NOT: kernel k1
// AVX512: weight f32[8, 256, 32] 'W.panels'
// AVX512: kernel k0{{.*}} shape [128, 8, 1, 32] reduce [256]
// AVX512-NEXT: schedule [{"kind": "upcast", "axis": 3, "amount": 32}, {"kind": "unroll", "axis": 0, "amount": 6}, {"kind": "unroll", "axis": 4, "amount": 4}, {"kind": "tile", "axis": 0, "amount": 66}, {"kind": "tile", "axis": 1, "amount": 1}, {"kind": "global", "axis": 0, "amount": 3}]
// AVX512-NOT: kernel k1
func.func @main(%x: tensor<128x256xf32>) -> tensor<128x256xf32> {
  %w = picoc.weight "W" : tensor<256x256xf32>
  %b = picoc.weight "bias" : tensor<256xf32>
  %0 = picoc.matmul %x, %w : (tensor<128x256xf32>, tensor<256x256xf32>) -> tensor<128x256xf32>
  %1 = picoc.binary add %0, %b : (tensor<128x256xf32>, tensor<256xf32>) -> tensor<128x256xf32>
  return %1 : tensor<128x256xf32>
}
