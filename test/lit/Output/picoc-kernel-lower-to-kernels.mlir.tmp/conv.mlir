// A padded 3x3 convolution: reduction over (kh, kw, c), the input load guarded by the bounds
// (the channel innermost: the guard does not depend on it).
// CONV: kernel k0{{.*}} shape [1, 8, 16, 16] reduce [3, 3, 4] -> b2
// CONV: Load.f32 b0 {{.*}} ; b0[{{.*}} if {{.*}}]
// CONV: Reduce.f32 sum
func.func @main(%x: tensor<1x4x16x16xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x16x16xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x16x16xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x16x16xf32>
  return %0 : tensor<1x8x16x16xf32>
}

