// GatherElements: the index is loaded, wrapped when negative, and replaces the axis' index.
// GATHER: kernel k0{{.*}} shape [3, 2] -> b2
// GATHER: Load.i64 b1 {{.*}} ; b1[(v0*2 + v1)]
// GATHER: Load.f32 b0 {{.*}} if
func.func @main(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>) -> tensor<3x2xf32> {
  %0 = picoc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
