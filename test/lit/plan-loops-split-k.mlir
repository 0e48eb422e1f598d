// A loop of the plan whose body holds a GEMM that picoc-kernel-split-k splits (sm_90 at tf32):
// the loop's kernel range moves with the split, covering both of its kernels; its initial
// value, a splat of zeros, is filled by a kernel of its own rather than stored as a weight.
// RUN: picoc %s --target=sm_90 --precision=tf32 --emit=kernels -o - | FileCheck %s
// CHECK: weights 1 bytes
// CHECK: loop kernels [1, 3) trip b{{[0-9]+}} cond - cond_out - iteration b{{[0-9]+}} init [[ZEROS:b[0-9]+]]->[[CARRIED:b[0-9]+]] carry [[SUM:b[0-9]+]]->[[CARRIED]]
// CHECK: kernel k0_copy shape [512, 2048] -> [[ZEROS]]
// CHECK-NEXT: schedule
// CHECK: kernel {{k[0-9]+}}_split shape [4, 512, 2048] reduce [1408]
// CHECK: kernel {{k[0-9]+}} shape [512, 2048] reduce [4] -> [[SUM]]
// CHECK: kernel {{k[0-9]+}}_copy shape [512, 2048]
func.func @main(%a: tensor<512x5632xf32>, %b: tensor<5632x2048xf32>, %m: tensor<i64>) -> tensor<512x2048xf32> {
  %z = picoc.constant dense<0.0> : tensor<512x2048xf32>
  %r = picoc.loop trip_count %m : tensor<i64>(%z) : (tensor<512x2048xf32>) -> (tensor<512x2048xf32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<512x2048xf32>):
    %p = picoc.matmul %a, %b : (tensor<512x5632xf32>, tensor<5632x2048xf32>) -> tensor<512x2048xf32>
    %n = picoc.binary add %v, %p : (tensor<512x2048xf32>, tensor<512x2048xf32>) -> tensor<512x2048xf32>
    %t = picoc.constant dense<true> : tensor<i1>
    picoc.loop_yield %t, %n : tensor<i1>, tensor<512x2048xf32>
  }
  return %r : tensor<512x2048xf32>
}
