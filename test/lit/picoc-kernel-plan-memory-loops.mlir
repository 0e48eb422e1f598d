// A loop of the plan runs its body again after the body's last kernel: a value computed
// before the loop and read in the body (%o) must keep its bytes over the whole loop. Its last
// read is the body's first kernel, so without that rule the body's second temporary (%b, read
// only by the third) could take its slot and the next iteration would read %b's values as %o's.
// RUN: picoc %s --emit=kernels -o - | FileCheck %s
// CHECK: temp f32[32, 32] 'k{{[0-9]+}}' @[[O:[0-9]+]]{{$}}
// CHECK-NOT: temp {{.*}} @[[O]]{{$}}
// CHECK: loop kernels
func.func @main(%x: tensor<32x32xf32>, %m: tensor<i64>) -> tensor<32x32xf32> {
  %o = picoc.binary mul %x, %x : (tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<32x32xf32>
  %r = picoc.loop trip_count %m : tensor<i64>(%x) : (tensor<32x32xf32>) -> (tensor<32x32xf32>) {
  ^bb0(%i: tensor<i64>, %v: tensor<32x32xf32>):
    %a = picoc.matmul %v, %o : (tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<32x32xf32>
    %b = picoc.matmul %a, %a : (tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<32x32xf32>
    %c = picoc.matmul %b, %b : (tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<32x32xf32>
    %t = picoc.constant dense<true> : tensor<i1>
    picoc.loop_yield %t, %c : tensor<i1>, tensor<32x32xf32>
  }
  return %r : tensor<32x32xf32>
}
