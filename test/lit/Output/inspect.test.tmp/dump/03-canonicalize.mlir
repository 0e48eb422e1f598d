module {
  func.func @main(%arg0: tensor<4x64xf32> {picoc.name = "x"}) -> (tensor<4x64xf32> {picoc.name = "y"}) {
    %0 = picoc.constant dense<5.000000e-01> : tensor<f32>
    %1 = picoc.constant dense<1.000000e+00> : tensor<f32>
    %2 = picoc.constant dense<1.41421354> : tensor<f32>
    %3 = picoc.weight "ln.weight" : tensor<64xf32>
    %4 = picoc.weight "ln.bias" : tensor<64xf32>
    %5 = picoc.weight "fc1.weight" : tensor<256x64xf32>
    %6 = picoc.weight "fc1.bias" : tensor<256xf32>
    %7 = picoc.weight "fc2.weight" : tensor<64x256xf32>
    %8 = picoc.weight "fc2.bias" : tensor<64xf32>
    %9 = picoc.weight "ln_out.weight" : tensor<64xf32>
    %10 = picoc.weight "ln_out.bias" : tensor<64xf32>
    %11 = picoc.norm %arg0, %3, %4 {axes = array<i64: 1>, epsilon = 9.9999997473787516E-6 : f64} : (tensor<4x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %12 = picoc.transpose %5 {perm = array<i64: 1, 0>} : tensor<256x64xf32> -> tensor<64x256xf32>
    %13 = picoc.matmul %11, %12 : (tensor<4x64xf32>, tensor<64x256xf32>) -> tensor<4x256xf32>
    %14 = picoc.binary  add %13, %6 : (tensor<4x256xf32>, tensor<256xf32>) -> tensor<4x256xf32>
    %15 = picoc.binary  div %14, %2 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %16 = picoc.unary  erf %15 : tensor<4x256xf32>
    %17 = picoc.binary  add %16, %1 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %18 = picoc.binary  mul %14, %17 : (tensor<4x256xf32>, tensor<4x256xf32>) -> tensor<4x256xf32>
    %19 = picoc.binary  mul %18, %0 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %20 = picoc.transpose %7 {perm = array<i64: 1, 0>} : tensor<64x256xf32> -> tensor<256x64xf32>
    %21 = picoc.matmul %19, %20 : (tensor<4x256xf32>, tensor<256x64xf32>) -> tensor<4x64xf32>
    %22 = picoc.binary  add %21, %8 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %23 = picoc.binary  add %arg0, %22 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
    %24 = picoc.norm %23, %9, %10 {axes = array<i64: 1>, epsilon = 9.9999997473787516E-6 : f64} : (tensor<4x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    return %24 : tensor<4x64xf32>
  }
}
