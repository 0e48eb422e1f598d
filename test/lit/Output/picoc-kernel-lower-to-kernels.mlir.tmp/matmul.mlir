// A matmul with a bias epilogue: Reduce(sum, a[m, k] * b[k, n]) + bias[n].
// MATMUL: kernel k0{{.*}} shape [4, 8] reduce [16] -> b3
// MATMUL-DAG: Load.f32 b0 {{.*}} ; b0[(v0*16 + v2)]
// MATMUL-DAG: Load.f32 b1 {{.*}} ; b1[(v1 + v2*8)]
// MATMUL: Reduce.f32 sum
// MATMUL: Load.f32 b2 {{.*}} ; b2[v1]
// MATMUL: Add.f32
func.func @main(%a: tensor<4x16xf32>, %b: tensor<16x8xf32>, %c: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = picoc.matmul %a, %b : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  %1 = picoc.binary add %0, %c : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

