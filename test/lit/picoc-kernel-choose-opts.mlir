// Heuristic opts for AVX2 (8 lanes, 16 registers).
// RUN: split-file %s %t
// RUN: picoc %t/matmul.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=MATMUL
// RUN: picoc %t/rowsum.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=ROWSUM
// RUN: picoc %t/eltwise.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=ELTWISE

//--- matmul.mlir
// Two vectors along n, a register tile of 6 rows of m, K blocked by 256, rows in parallel.
// MATMUL: kernel k0{{.*}} shape [64, 64] reduce [1024]
// MATMUL-NEXT: opts upcast(1, 16) unroll(0, 6) tile(2, 256) parallel(0, 1)
func.func @main(%a: tensor<64x1024xf32>, %b: tensor<1024x64xf32>) -> tensor<64x64xf32> {
  %0 = picoc.matmul %a, %b : (tensor<64x1024xf32>, tensor<1024x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

//--- rowsum.mlir
// A row reduction with one output per row vectorizes its reduction axis.
// ROWSUM: kernel k0{{.*}} shape [32, 1] reduce [128]
// ROWSUM-NEXT: opts upcast(2, 8) parallel(0, 2)
func.func @main(%x: tensor<32x128xf32>) -> tensor<32x1xf32> {
  %0 = picoc.reduce sum %x {axes = array<i64: 1>} : tensor<32x128xf32> -> tensor<32x1xf32>
  return %0 : tensor<32x1xf32>
}

//--- eltwise.mlir
// ELTWISE: kernel k0{{.*}} shape [32, 128]
// ELTWISE-NEXT: opts upcast(1, 8) parallel(0, 1)
func.func @main(%x: tensor<32x128xf32>) -> tensor<32x128xf32> {
  %0 = picoc.unary tanh %x : tensor<32x128xf32>
  return %0 : tensor<32x128xf32>
}
