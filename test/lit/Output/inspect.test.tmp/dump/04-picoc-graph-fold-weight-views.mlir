module {
  func.func @main(%arg0: tensor<4x64xf32> {picoc.name = "x"}) -> (tensor<4x64xf32> {picoc.name = "y"}) {
    %0 = picoc.constant dense<5.000000e-01> : tensor<f32>
    %1 = picoc.constant dense<1.000000e+00> : tensor<f32>
    %2 = picoc.constant dense<1.41421354> : tensor<f32>
    %3 = picoc.weight "ln.weight" : tensor<64xf32>
    %4 = picoc.weight "ln.bias" : tensor<64xf32>
    %5 = picoc.weight "fc1.bias" : tensor<256xf32>
    %6 = picoc.weight "fc2.bias" : tensor<64xf32>
    %7 = picoc.weight "ln_out.weight" : tensor<64xf32>
    %8 = picoc.weight "ln_out.bias" : tensor<64xf32>
    %9 = picoc.norm %arg0, %3, %4 {axes = array<i64: 1>, epsilon = 9.9999997473787516E-6 : f64} : (tensor<4x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %10 = picoc.weight "fc1.weight.T10" : tensor<64x256xf32>
    %11 = picoc.matmul %9, %10 : (tensor<4x64xf32>, tensor<64x256xf32>) -> tensor<4x256xf32>
    %12 = picoc.binary  add %11, %5 : (tensor<4x256xf32>, tensor<256xf32>) -> tensor<4x256xf32>
    %13 = picoc.binary  div %12, %2 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %14 = picoc.unary  erf %13 : tensor<4x256xf32>
    %15 = picoc.binary  add %14, %1 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %16 = picoc.binary  mul %12, %15 : (tensor<4x256xf32>, tensor<4x256xf32>) -> tensor<4x256xf32>
    %17 = picoc.binary  mul %16, %0 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %18 = picoc.weight "fc2.weight.T10" : tensor<256x64xf32>
    %19 = picoc.matmul %17, %18 : (tensor<4x256xf32>, tensor<256x64xf32>) -> tensor<4x64xf32>
    %20 = picoc.binary  add %19, %6 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %21 = picoc.binary  add %arg0, %20 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
    %22 = picoc.norm %21, %7, %8 {axes = array<i64: 1>, epsilon = 9.9999997473787516E-6 : f64} : (tensor<4x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    return %22 : tensor<4x64xf32>
  }
}
