// Two vectors along n, a register tile of 6 rows of m, K blocked by 256, rows in parallel.
// MATMUL: kernel k0{{.*}} shape [64, 64] reduce [1024]
// MATMUL-NEXT: opts upcast(1, 16) unroll(0, 6) tile(2, 256) parallel(0, 1)
func.func @main(%a: tensor<64x1024xf32>, %b: tensor<1024x64xf32>) -> tensor<64x64xf32> {
  %0 = picoc.matmul %a, %b : (tensor<64x1024xf32>, tensor<1024x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

