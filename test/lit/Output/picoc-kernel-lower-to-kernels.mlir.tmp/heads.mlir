// Split heads: [2, 16, 64] -> [2, 16, 4, 16] -> [2, 4, 16, 16]; the output (b, h, s, d) reads
// x[b, s, h*16 + d]: the reshape's div/mod cancel into an affine index.
// HEADS: kernel k0{{.*}} shape [2, 4, 16, 16] -> b1
// HEADS: Load.f32 b0 {{.*}} ; b0[(((v0*1024 + v1*16) + v2*64) + v3)]
// HEADS: Exp.f32
func.func @main(%x: tensor<2x16x64xf32>) -> tensor<2x4x16x16xf32> {
  %0 = picoc.reshape %x : tensor<2x16x64xf32> -> tensor<2x16x4x16xf32>
  %1 = picoc.transpose %0 {perm = array<i64: 0, 2, 1, 3>} : tensor<2x16x4x16xf32> -> tensor<2x4x16x16xf32>
  %2 = picoc.unary exp %1 : tensor<2x4x16x16xf32>
  return %2 : tensor<2x4x16x16xf32>
}

