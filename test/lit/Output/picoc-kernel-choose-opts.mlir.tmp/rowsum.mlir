// A row reduction with one output per row vectorizes its reduction axis.
// ROWSUM: kernel k0{{.*}} shape [32, 1] reduce [128]
// ROWSUM-NEXT: opts upcast(2, 8) parallel(0, 2)
func.func @main(%x: tensor<32x128xf32>) -> tensor<32x1xf32> {
  %0 = picoc.reduce sum %x {axes = array<i64: 1>} : tensor<32x128xf32> -> tensor<32x1xf32>
  return %0 : tensor<32x1xf32>
}

