module {
  func.func @main(%arg0: tensor<4x64xf32> {picoc.name = "x"}) -> (tensor<4x64xf32> {picoc.name = "y"}) {
    %0 = picoc.weight "ln.weight" : tensor<64xf32>
    %1 = picoc.weight "ln.bias" : tensor<64xf32>
    %2 = picoc.weight "fc1.bias" : tensor<256xf32>
    %3 = picoc.weight "fc2.bias" : tensor<64xf32>
    %4 = picoc.weight "ln_out.weight" : tensor<64xf32>
    %5 = picoc.weight "ln_out.bias" : tensor<64xf32>
    %6 = picoc.kernel "k0__ln_LayerNormalization"(%arg0) : (tensor<4x64xf32>) -> tensor<4x1xf32> {
    ^bb0(%arg1: tensor<4x64xf32>):
      %16 = picoc.reduce  sum %arg1 {axes = array<i64: 1>} : tensor<4x64xf32> -> tensor<4x1xf32>
      picoc.yield %16 : tensor<4x1xf32>
    }
    %7 = picoc.kernel "k1__ln_LayerNormalization"(%6, %arg0) : (tensor<4x1xf32>, tensor<4x64xf32>) -> tensor<4x1xf32> {
    ^bb0(%arg1: tensor<4x1xf32>, %arg2: tensor<4x64xf32>):
      %16 = picoc.constant dense<1.562500e-02> : tensor<f32>
      %17 = picoc.binary  mul %arg1, %16 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %18 = picoc.binary  mul %arg1, %16 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %19 = picoc.binary  sub %arg2, %17 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
      %20 = picoc.binary  sub %arg2, %18 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
      %21 = picoc.binary  mul %20, %19 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
      %22 = picoc.reduce  sum %21 {axes = array<i64: 1>} : tensor<4x64xf32> -> tensor<4x1xf32>
      picoc.yield %22 : tensor<4x1xf32>
    }
    %8 = picoc.kernel "k2__ln_LayerNormalization"(%6, %arg0, %7, %0, %1) : (tensor<4x1xf32>, tensor<4x64xf32>, tensor<4x1xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<4x64xf32> {
    ^bb0(%arg1: tensor<4x1xf32>, %arg2: tensor<4x64xf32>, %arg3: tensor<4x1xf32>, %arg4: tensor<64xf32>, %arg5: tensor<64xf32>):
      %16 = picoc.constant dense<1.562500e-02> : tensor<f32>
      %17 = picoc.constant dense<9.99999974E-6> : tensor<f32>
      %18 = picoc.binary  mul %arg1, %16 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %19 = picoc.binary  sub %arg2, %18 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
      %20 = picoc.binary  mul %arg3, %16 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %21 = picoc.binary  add %20, %17 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %22 = picoc.unary  rsqrt %21 : tensor<4x1xf32>
      %23 = picoc.binary  mul %19, %22 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
      %24 = picoc.binary  mul %23, %arg4 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
      %25 = picoc.binary  add %24, %arg5 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
      picoc.yield %25 : tensor<4x64xf32>
    }
    %9 = picoc.weight "fc1.weight.T10" : tensor<64x256xf32>
    %10 = picoc.kernel "k3__act_Mul_1"(%8, %9, %2) : (tensor<4x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<4x256xf32> {
    ^bb0(%arg1: tensor<4x64xf32>, %arg2: tensor<64x256xf32>, %arg3: tensor<256xf32>):
      %16 = picoc.constant dense<1.41421354> : tensor<f32>
      %17 = picoc.constant dense<1.000000e+00> : tensor<f32>
      %18 = picoc.constant dense<5.000000e-01> : tensor<f32>
      %19 = picoc.matmul %arg1, %arg2 : (tensor<4x64xf32>, tensor<64x256xf32>) -> tensor<4x256xf32>
      %20 = picoc.binary  add %19, %arg3 : (tensor<4x256xf32>, tensor<256xf32>) -> tensor<4x256xf32>
      %21 = picoc.binary  add %19, %arg3 : (tensor<4x256xf32>, tensor<256xf32>) -> tensor<4x256xf32>
      %22 = picoc.binary  div %20, %16 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
      %23 = picoc.unary  erf %22 : tensor<4x256xf32>
      %24 = picoc.binary  add %23, %17 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
      %25 = picoc.binary  mul %21, %24 : (tensor<4x256xf32>, tensor<4x256xf32>) -> tensor<4x256xf32>
      %26 = picoc.binary  mul %25, %18 : (tensor<4x256xf32>, tensor<f32>) -> tensor<4x256xf32>
      picoc.yield %26 : tensor<4x256xf32>
    }
    %11 = picoc.weight "fc2.weight.T10" : tensor<256x64xf32>
    %12 = picoc.kernel "k4__fc2_Gemm"(%10, %11) : (tensor<4x256xf32>, tensor<256x64xf32>) -> tensor<4x64xf32> {
    ^bb0(%arg1: tensor<4x256xf32>, %arg2: tensor<256x64xf32>):
      %16 = picoc.matmul %arg1, %arg2 : (tensor<4x256xf32>, tensor<256x64xf32>) -> tensor<4x64xf32>
      picoc.yield %16 : tensor<4x64xf32>
    }
    %13 = picoc.kernel "k5__ln_out_LayerNormalization"(%12, %3, %arg0) : (tensor<4x64xf32>, tensor<64xf32>, tensor<4x64xf32>) -> tensor<4x1xf32> {
    ^bb0(%arg1: tensor<4x64xf32>, %arg2: tensor<64xf32>, %arg3: tensor<4x64xf32>):
      %16 = picoc.binary  add %arg1, %arg2 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
      %17 = picoc.binary  add %arg3, %16 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
      %18 = picoc.reduce  sum %17 {axes = array<i64: 1>} : tensor<4x64xf32> -> tensor<4x1xf32>
      picoc.yield %18 : tensor<4x1xf32>
    }
    %14 = picoc.kernel "k6__ln_out_LayerNormalization"(%12, %3, %arg0, %13) : (tensor<4x64xf32>, tensor<64xf32>, tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x1xf32> {
    ^bb0(%arg1: tensor<4x64xf32>, %arg2: tensor<64xf32>, %arg3: tensor<4x64xf32>, %arg4: tensor<4x1xf32>):
      %16 = picoc.constant dense<1.562500e-02> : tensor<f32>
      %17 = picoc.binary  add %arg1, %arg2 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
      %18 = picoc.binary  add %arg1, %arg2 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
      %19 = picoc.binary  add %arg3, %17 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
      %20 = picoc.binary  add %arg3, %18 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
      %21 = picoc.binary  mul %arg4, %16 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %22 = picoc.binary  mul %arg4, %16 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %23 = picoc.binary  sub %19, %21 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
      %24 = picoc.binary  sub %20, %22 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
      %25 = picoc.binary  mul %24, %23 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
      %26 = picoc.reduce  sum %25 {axes = array<i64: 1>} : tensor<4x64xf32> -> tensor<4x1xf32>
      picoc.yield %26 : tensor<4x1xf32>
    }
    %15 = picoc.kernel "k7__ln_out_LayerNormalization"(%12, %3, %arg0, %13, %14, %4, %5) : (tensor<4x64xf32>, tensor<64xf32>, tensor<4x64xf32>, tensor<4x1xf32>, tensor<4x1xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<4x64xf32> {
    ^bb0(%arg1: tensor<4x64xf32>, %arg2: tensor<64xf32>, %arg3: tensor<4x64xf32>, %arg4: tensor<4x1xf32>, %arg5: tensor<4x1xf32>, %arg6: tensor<64xf32>, %arg7: tensor<64xf32>):
      %16 = picoc.constant dense<1.562500e-02> : tensor<f32>
      %17 = picoc.constant dense<9.99999974E-6> : tensor<f32>
      %18 = picoc.binary  add %arg1, %arg2 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
      %19 = picoc.binary  add %arg3, %18 : (tensor<4x64xf32>, tensor<4x64xf32>) -> tensor<4x64xf32>
      %20 = picoc.binary  mul %arg4, %16 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %21 = picoc.binary  sub %19, %20 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
      %22 = picoc.binary  mul %arg5, %16 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %23 = picoc.binary  add %22, %17 : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
      %24 = picoc.unary  rsqrt %23 : tensor<4x1xf32>
      %25 = picoc.binary  mul %21, %24 : (tensor<4x64xf32>, tensor<4x1xf32>) -> tensor<4x64xf32>
      %26 = picoc.binary  mul %25, %arg6 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
      %27 = picoc.binary  add %26, %arg7 : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
      picoc.yield %27 : tensor<4x64xf32>
    }
    return %15 : tensor<4x64xf32>
  }
}
