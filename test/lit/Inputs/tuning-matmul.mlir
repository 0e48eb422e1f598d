func.func @main(%a: tensor<32x256xf32>, %b: tensor<256x64xf32>) -> tensor<32x64xf32> {
  %0 = picoc.matmul %a, %b : (tensor<32x256xf32>, tensor<256x64xf32>) -> tensor<32x64xf32>
  return %0 : tensor<32x64xf32>
}
