// A short prompt's matmul over a weight in panels of 32 columns (the few-rows form of
// picoc-graph-pack-weights: [N / 32, M, 32], the launch through the panels): its register
// tile of 6 rows makes several passes over each panel, and its panel loads prefetch the same
// row of the next panel into L2 (32768 bytes on: K = 256 rows of 32 floats), so that memory streams
// the next panel meanwhile. A GEMV over the same panels (one row, one pass: gemv-panels.mlir)
// only streams, and prefetches nothing.
// RUN: picoc %s --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=KERNEL
// RUN: picoc %s --target=x86-64-v3 --emit=asm -o - | FileCheck %s --check-prefix=ASM
// RUN: picoc %S/gemv-panels.mlir --target=x86-64-v3 --emit=asm -o - | FileCheck %s --check-prefix=GEMV
// KERNEL: weight f32[16, 256, 32] 'W.panels'
// KERNEL: kernel k0 shape [16, 16, 32] reduce [256]
// KERNEL-NEXT: schedule [{"kind": "upcast", "axis": 2, "amount": 16}, {"kind": "unroll", "axis": 1, "amount": 6}, {"kind": "unroll", "axis": 3, "amount": 4}, {"kind": "global", "axis": 0, "amount": 2}]
// ASM-LABEL: model_k0:
// ASM: prefetcht1 {{-?[0-9]*}}(
// ASM-LABEL: model_k1:
// GEMV-LABEL: model_k0:
// GEMV-NOT: prefetch
func.func @main(%x: tensor<16x256xf32>) -> tensor<16x512xf32> {
  %w = picoc.weight "W" : tensor<256x512xf32>
  %0 = picoc.matmul %x, %w : (tensor<16x256xf32>, tensor<256x512xf32>) -> tensor<16x512xf32>
  return %0 : tensor<16x512xf32>
}
