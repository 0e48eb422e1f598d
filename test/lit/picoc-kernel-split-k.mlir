// picoc-kernel-split-k (passes/kernel/SplitK.cpp): with warpgroup MMA (Hopper at tf32: sm_90,
// whose cubin is compiled as sm_90a's, or sm_90a), a GEMM whose 128 x 256 tiles would fill a
// fraction of one wave (512 x 5632 x 2048: 32 tiles for 132 multiprocessors) computes its
// partial sums over 4 parts of the reduction (a batch dim of one contraction, into a Temp
// buffer), then their sum with the epilogue (the bias and relu). A GEMM whose tiles fill their
// waves stays one kernel, and so does everything on mma.sync (a list with sm_80) or at fp32.
// RUN: picoc %s --target=sm_90a --precision=tf32 --emit=kernels -o - | FileCheck %s
// RUN: picoc %s --target=sm_90 --precision=tf32 --emit=kernels -o - | FileCheck %s
// RUN: picoc %s --target=sm_80,sm_90 --precision=tf32 --emit=kernels -o - | FileCheck %s --check-prefix=ONE
// RUN: picoc %s --target=sm_90a --emit=kernels -o - | FileCheck %s --check-prefix=ONE

// CHECK: temp f32[4, 512, 2048] 'k0_partials'
// CHECK: kernel k0_split shape [4, 512, 2048] reduce [1408] -> [[BUF:b[0-9]+]]
// CHECK-NEXT: schedule [{"kind": "mma", "axis": 0, "amount": 1}, {"kind": "wgmma"
// CHECK: Load.f32 b0 %{{[0-9]+}}  ; b0[((v1*5632 + v3) + v0*1408)]
// CHECK: Load.f32 b1 %{{[0-9]+}}  ; b1[((v3*2048 + v0*2883584) + v2)]
// CHECK: store [[BUF]]
// CHECK-NEXT: kernel k0 shape [512, 2048] reduce [4]
// CHECK: Load.f32 [[BUF]] %{{[0-9]+}}  ; [[BUF]][((v2*1048576 + v0*2048) + v1)]
// CHECK-NEXT: Reduce.f32 sum
// CHECK: Relu.f32
// CHECK: kernel k1 shape [4096, 2048] reduce [512]
// CHECK-NOT: _split
// ONE-NOT: _split
func.func @main(%a: tensor<512x5632xf32>, %b: tensor<5632x2048xf32>, %bias: tensor<2048xf32>,
                %c: tensor<4096x512xf32>, %d: tensor<512x2048xf32>)
    -> (tensor<512x2048xf32>, tensor<4096x2048xf32>) {
  %0 = picoc.matmul %a, %b : (tensor<512x5632xf32>, tensor<5632x2048xf32>) -> tensor<512x2048xf32>
  %1 = picoc.binary add %0, %bias : (tensor<512x2048xf32>, tensor<2048xf32>) -> tensor<512x2048xf32>
  %2 = picoc.unary relu %1 : tensor<512x2048xf32>
  %3 = picoc.matmul %c, %d : (tensor<4096x512xf32>, tensor<512x2048xf32>) -> tensor<4096x2048xf32>
  return %2, %3 : tensor<512x2048xf32>, tensor<4096x2048xf32>
}
