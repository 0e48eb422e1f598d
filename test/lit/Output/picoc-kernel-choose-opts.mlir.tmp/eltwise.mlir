// ELTWISE: kernel k0{{.*}} shape [32, 128]
// ELTWISE-NEXT: opts upcast(1, 8) parallel(0, 1)
func.func @main(%x: tensor<32x128xf32>) -> tensor<32x128xf32> {
  %0 = picoc.unary tanh %x : tensor<32x128xf32>
  return %0 : tensor<32x128xf32>
}
