module {
  func.func @main(%arg0: tensor<4x64xf32> {picoc.name = "x"}) -> (tensor<4x64xf32> {picoc.name = "y"}) {
    %0 = picoc.constant dense<9.99999974E-6> : tensor<f32>
    %1 = picoc.constant dense<1.562500e-02> : tensor<f32>
    %2 = picoc.constant dense<5.000000e-01> : tensor<f32>
    %3 = picoc.constant dense<1.000000e+00> : tensor<f32>
    %4 = picoc.constant dense<1.41421354> : tensor<f32>
    %5 = picoc.weight "ln.weight" : tensor<64xf32>
    %6 = picoc.weight "ln.bias" : tensor<64xf32>
    %7 = picoc.weight "fc1.bias" : tensor<256xf32>
    %8 = picoc.weight "fc2.bias" : tensor<64xf32>
    %9 = picoc.weight "ln_out.weight" : tensor<64xf32>
    %10 = picoc.weight "ln_out.bias" : tensor<64xf32>
    %11 = picoc.reduce  sum %arg0 {axes = array<i64: 1>} : tensor<4x64xf32> -> tensor<4x1xf32>
    %12 = picoc.binary  mul %11, %1 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
    %13 = picoc.binary  sub %arg0, %12 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
    %14 = picoc.binary  mul %13, %13 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
    %15 = picoc.reduce  sum %14 {axes = array<i64: 1>} : tensor<4x64xf32> -> tensor<4x1xf32>
    %16 = picoc.binary  mul %15, %1 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
    %17 = picoc.binary  add %16, %0 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
    %18 = picoc.unary  rsqrt %17 : tensor<4x1xf32>
    %19 = picoc.binary  mul %13, %18 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
    %20 = picoc.binary  mul %19, %5 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %21 = picoc.binary  add %20, %6 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %22 = picoc.weight "fc1.weight.T10" : tensor<64x256xf32>
    %23 = picoc.matmul %21, %22 : (tensor<4x64xf32>, tensor<64x256xf32>) -> tensor<4x256xf32>
    %24 = picoc.binary  add %23, %7 : (tensor<4x256xf32>, tensor<256xf32>) -> tensor<4x256xf32>
    %25 = picoc.binary  div %24, %4 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %26 = picoc.unary  erf %25 : tensor<4x256xf32>
    %27 = picoc.binary  add %26, %3 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %28 = picoc.binary  mul %24, %27 : (tensor<4x256xf32>, tensor<4x256xf32>) -> tensor<4x256xf32>
    %29 = picoc.binary  mul %28, %2 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
    %30 = picoc.weight "fc2.weight.T10" : tensor<256x64xf32>
    %31 = picoc.matmul %29, %30 : (tensor<4x256xf32>, tensor<256x64xf32>) -> tensor<4x64xf32>
    %32 = picoc.binary  add %31, %8 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %33 = picoc.binary  add %arg0, %32 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
    %34 = picoc.reduce  sum %33 {axes = array<i64: 1>} : tensor<4x64xf32> -> tensor<4x1xf32>
    %35 = picoc.binary  mul %34, %1 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
    %36 = picoc.binary  sub %33, %35 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
    %37 = picoc.binary  mul %36, %36 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
    %38 = picoc.reduce  sum %37 {axes = array<i64: 1>} : tensor<4x64xf32> -> tensor<4x1xf32>
    %39 = picoc.binary  mul %38, %1 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
    %40 = picoc.binary  add %39, %0 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
    %41 = picoc.unary  rsqrt %40 : tensor<4x1xf32>
    %42 = picoc.binary  mul %36, %41 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
    %43 = picoc.binary  mul %42, %9 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    %44 = picoc.binary  add %43, %10 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
    return %44 : tensor<4x64xf32>
  }
}
