module {
  func.func @main(%arg0: tensor<4x64xf32> {picoc.name = "x"}) -> (tensor<4x64xf32> {picoc.name = "y"}) {
    %0 = picoc.weight "ln.weight" : tensor<64xf32>
    %1 = picoc.weight "ln.bias" : tensor<64xf32>
    %2 = picoc.weight "fc1.weight" : tensor<256x64xf32>
    %3 = picoc.weight "fc1.bias" : tensor<256xf32>
    %4 = picoc.weight "fc2.weight" : tensor<64x256xf32>
    %5 = picoc.weight "fc2.bias" : tensor<64xf32>
    %6 = picoc.weight "ln_out.weight" : tensor<64xf32>
    %7 = picoc.weight "ln_out.bias" : tensor<64xf32>
    %8 = picoc.norm %arg0, %0, %1 {axes = array<i64: 1>, epsilon = 9.9999997473787516E-6 : f64} : (tensor<4x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %9 = picoc.transpose %2 {perm = array<i64: 1, 0>} : tensor<256x64xf32> -> tensor<64x256xf32>
    %10 = picoc.matmul %8, %9 : (tensor<4x64xf32>, tensor<64x256xf32>) -> tensor<4x256xf32>
    %11 = picoc.binary  add %10, %3 : (tensor<4x256xf32>, tensor<256xf32>) -> tensor<4x256xf32>
    %12 = picoc.constant dense<1.41421354> : tensor<f32>
    %13 = picoc.binary  div %11, %12 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %14 = picoc.unary  erf %13 : tensor<4x256xf32>
    %15 = picoc.constant dense<1.000000e+00> : tensor<f32>
    %16 = picoc.binary  add %14, %15 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %17 = picoc.binary  mul %11, %16 : (tensor<4x256xf32>, tensor<4x256xf32>) -> tensor<4x256xf32>
    %18 = picoc.constant dense<5.000000e-01> : tensor<f32>
    %19 = picoc.binary  mul %17, %18 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %20 = picoc.transpose %4 {perm = array<i64: 1, 0>} : tensor<64x256xf32> -> tensor<256x64xf32>
    %21 = picoc.matmul %19, %20 : (tensor<4x256xf32>, tensor<256x64xf32>) -> tensor<4x64xf32>
    %22 = picoc.binary  add %21, %5 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %23 = picoc.binary  add %arg0, %22 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
    %24 = picoc.norm %23, %6, %7 {axes = array<i64: 1>, epsilon = 9.9999997473787516E-6 : f64} : (tensor<4x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    return %24 : tensor<4x64xf32>
  }
}
