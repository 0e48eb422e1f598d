// Heuristic schedules for AVX2 (8 lanes, 16 registers), where named AVX-512 (16 lanes), and a
// GPU (sm_80).
// RUN: split-file %s %t
// RUN: picoc %t/matmul.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=MATMUL
// RUN: picoc %t/gemv_cpu.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=GEMVCPU
// RUN: picoc %t/rowsum.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=ROWSUM
// RUN: picoc %t/eltwise.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=ELTWISE
// RUN: picoc %t/heads.mlir --target=x86-64-v4 --emit=kernels -o - | FileCheck %s --check-prefix=HEADS
// RUN: picoc %t/conv.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=CONV
// RUN: picoc %t/wide.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=WIDE
// RUN: picoc %t/gpu.mlir --target=sm_80 --emit=kernels -o - | FileCheck %s --check-prefix=GPU
// RUN: picoc %t/gemv.mlir --target=sm_80 --emit=kernels -o - | FileCheck %s --check-prefix=GEMV
// RUN: picoc %t/rmsnorm.mlir --target=sm_80 --emit=kernels -o - | FileCheck %s --check-prefix=RMS
// RUN: picoc %t/tiled.mlir --target=sm_80 --emit=kernels -o - | FileCheck %s --check-prefix=TILED
// RUN: picoc %t/groupnorm.mlir --target=sm_80 --emit=kernels -o - | FileCheck %s --check-prefix=GROUPNORM
// RUN: picoc %t/tiled.mlir --target=sm_80 --emit=cuda -o - | FileCheck %s --check-prefix=TILEDCUDA
// RUN: picoc %t/rmsnorm.mlir --target=sm_80 --emit=cuda -o - | FileCheck %s --check-prefix=RMSCUDA
// RUN: picoc %t/rmsnorm.mlir --target=x86-64-v3 --emit=kernels -o - | FileCheck %s --check-prefix=RMSCPU

//--- matmul.mlir
// Two vectors along n, a register tile of 6 rows of m, K blocked by 256, rows in parallel.
// MATMUL: kernel k0{{.*}} shape [64, 64] reduce [1024]
// MATMUL-NEXT: schedule [{"kind": "upcast", "axis": 1, "amount": 16}, {"kind": "unroll", "axis": 0, "amount": 6}, {"kind": "unroll", "axis": 2, "amount": 4}, {"kind": "tile", "axis": 2, "amount": 256}, {"kind": "global", "axis": 0, "amount": 1}]
func.func @main(%a: tensor<64x1024xf32>, %b: tensor<1024x64xf32>) -> tensor<64x64xf32> {
  %0 = picoc.matmul %a, %b : (tensor<64x1024xf32>, tensor<1024x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

//--- gemv_cpu.mlir
// A row of one (a decode step's projection): the launch runs through the columns, cut into
// 16 chunks of 64 (8 vectors of 8), so that every core streams a slice of B; a chunk's 8
// vectors fit the registers (16, 8 left spare), so they are one vector group: each step
// along K reads the chunk's 256 contiguous bytes of a B row.
// GEMVCPU: kernel k1{{.*}} shape [1, 1024] reduce [512]
// GEMVCPU-NEXT: schedule [{"kind": "upcast", "axis": 1, "amount": 64}, {"kind": "tile", "axis": 1, "amount": 64}, {"kind": "global", "axis": 0, "amount": 2}]
func.func @main(%a: tensor<1x512xf32>, %b: tensor<512x1024xf32>) -> tensor<1x1024xf32> {
  %0 = picoc.matmul %a, %b : (tensor<1x512xf32>, tensor<512x1024xf32>) -> tensor<1x1024xf32>
  return %0 : tensor<1x1024xf32>
}

//--- rowsum.mlir
// A row reduction with one output per row vectorizes its reduction axis.
// ROWSUM: kernel k0{{.*}} shape [32, 1] reduce [128]
// ROWSUM-NEXT: schedule [{"kind": "upcast", "axis": 2, "amount": 8}, {"kind": "global", "axis": 0, "amount": 2}]
func.func @main(%x: tensor<32x128xf32>) -> tensor<32x1xf32> {
  %0 = picoc.reduce sum %x {axes = array<i64: 1>} : tensor<32x128xf32> -> tensor<32x1xf32>
  return %0 : tensor<32x1xf32>
}

//--- eltwise.mlir
// ELTWISE: kernel k0{{.*}} shape [32, 128]
// ELTWISE-NEXT: schedule [{"kind": "upcast", "axis": 1, "amount": 8}, {"kind": "global", "axis": 0, "amount": 1}]
func.func @main(%x: tensor<32x128xf32>) -> tensor<32x128xf32> {
  %0 = picoc.unary tanh %x : tensor<32x128xf32>
  return %0 : tensor<32x128xf32>
}

//--- heads.mlir
// AVX-512 (16 lanes): attention's probs @ V with 8-wide heads vectorizes the head dim with
// 8-lane vectors (no remainder, V rows contiguous), the register tile over the queries: 64
// rows are few (at most 64), taken 8 at a time (AVX-512's 32 registers hold them).
// HEADS: kernel k0{{.*}} shape [4, 64, 8] reduce [64]
// HEADS-NEXT: schedule [{"kind": "upcast", "axis": 2, "amount": 8}, {"kind": "unroll", "axis": 1, "amount": 8}, {"kind": "unroll", "axis": 3, "amount": 4}, {"kind": "global", "axis": 0, "amount": 2}]
func.func @main(%p: tensor<4x64x64xf32>, %v: tensor<4x64x8xf32>) -> tensor<4x64x8xf32> {
  %0 = picoc.matmul %p, %v : (tensor<4x64x64xf32>, tensor<4x64x8xf32>) -> tensor<4x64x8xf32>
  return %0 : tensor<4x64x8xf32>
}

//--- conv.mlir
// A direct conv (long rows): vectors along the output row, the register tile over the output
// channels (the input does not depend on them), the channel axis K-blocked so that a block of
// the reduction (3 x 3 x 28) is about 256 steps.
// CONV: kernel k1{{.*}} shape [1, 32, 40, 40] reduce [3, 3, 64]
// CONV-NEXT: schedule [{"kind": "upcast", "axis": 3, "amount": 16}, {"kind": "unroll", "axis": 1, "amount": 6}, {"kind": "unroll", "axis": 6, "amount": 4}, {"kind": "tile", "axis": 6, "amount": 28}, {"kind": "global", "axis": 0, "amount": 3}]
func.func @main(%x: tensor<1x64x40x40xf32>, %w: tensor<32x64x3x3xf32>) -> tensor<1x32x40x40xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x64x40x40xf32>, tensor<32x64x3x3xf32>) -> tensor<1x32x40x40xf32>
  return %0 : tensor<1x32x40x40xf32>
}

//--- wide.mlir
// A B operand whose K block of all columns (256 x 4096 f32, 4 MiB) outgrows L2: columns tiled
// by 512 (a row tile of 96 would cover all 64 rows: applyOpt refuses it), the launch over the
// (row group, column tile) pairs.
// WIDE: kernel k1{{.*}} shape [64, 4096] reduce [512]
// WIDE-NEXT: schedule [{"kind": "upcast", "axis": 1, "amount": 16}, {"kind": "unroll", "axis": 0, "amount": 6}, {"kind": "unroll", "axis": 2, "amount": 4}, {"kind": "tile", "axis": 1, "amount": 512}, {"kind": "global", "axis": 0, "amount": 2}]
func.func @main(%a: tensor<64x512xf32>, %b: tensor<512x4096xf32>) -> tensor<64x4096xf32> {
  %0 = picoc.matmul %a, %b : (tensor<64x512xf32>, tensor<512x4096xf32>) -> tensor<64x4096xf32>
  return %0 : tensor<64x4096xf32>
}

//--- gpu.mlir
// On a GPU, 32 row sums of 128 terms: 32 threads per row (4 terms each), 8 rows per
// 256-thread block; the elementwise kernel: 256 elements per block. Every dim is launched.
// GPU: kernel k0{{.*}} shape [32, 1] reduce [128]
// GPU-NEXT: schedule [{"kind": "group_reduce", "axis": 0, "amount": 32}, {"kind": "local", "axis": 0, "amount": 8}, {"kind": "global", "axis": 0, "amount": 2}]
// GPU: kernel k1{{.*}} shape [32, 128]
// GPU-NEXT: schedule [{"kind": "local", "axis": 0, "amount": 256}, {"kind": "global", "axis": 0, "amount": 2}]
func.func @main(%x: tensor<32x128xf32>) -> (tensor<32x1xf32>, tensor<32x128xf32>) {
  %0 = picoc.reduce sum %x {axes = array<i64: 1>} : tensor<32x128xf32> -> tensor<32x1xf32>
  %1 = picoc.unary tanh %x : tensor<32x128xf32>
  return %0, %1 : tensor<32x1xf32>, tensor<32x128xf32>
}

//--- gemv.mlir
// x @ W with W [k, n]: W is contiguous along the output, so a warp's lanes take 32 consecutive
// outputs and an output's 32 threads are strided (group_reduce axis 1) across the block.
// GEMV: kernel k0{{.*}} shape [1, 512] reduce [256]
// GEMV-NEXT: schedule [{"kind": "group_reduce", "axis": 1, "amount": 32}, {"kind": "local", "axis": 0, "amount": 32}, {"kind": "global", "axis": 0, "amount": 2}]
func.func @main(%x: tensor<1x256xf32>, %w: tensor<256x512xf32>) -> tensor<1x512xf32> {
  %0 = picoc.matmul %x, %w : (tensor<1x256xf32>, tensor<256x512xf32>) -> tensor<1x512xf32>
  return %0 : tensor<1x512xf32>
}

//--- rmsnorm.mlir
// RMSNorm on a GPU is one row kernel: 128 threads fold a 2048-element row's sum of squares (16
// terms each, kept in registers: upcast), all get the sum (shuffles, then the block's 4 warps
// through shared memory), then scale the row from their registers. On a CPU one row kernel
// too: the rows launched, the row and its sum of squares in vectors of 8.
// RMS: kernel k0{{.*}} shape [16, 2048] reduce [2048] row_dims 1
// RMS-NEXT: schedule [{"kind": "group_reduce", "axis": 0, "amount": 128}, {"kind": "upcast", "axis": 1, "amount": 16}, {"kind": "local", "axis": 0, "amount": 2}, {"kind": "global", "axis": 0, "amount": 2}]
// RMS: Reduce.f32 sum
// RMS: Rsqrt.f32
// RMS-NOT: kernel k1
// RMSCUDA: grid 8, block 256, 128 thread(s) per row
// RMSCUDA: constexpr int kPer = 16;
// RMSCUDA: float cache0[kPer];
// RMSCUDA: const long long r = lane + (long long)s * kGroup;
// RMSCUDA: const float [[X:t[0-9]+]] = in0[{{t[0-9]+}}];
// RMSCUDA-NEXT: cache0[s] = [[X]];
// RMSCUDA: __shfl_xor_sync
// RMSCUDA: partial{{[0-9]+}}[group * (kGroup / 32) + w]
// RMSCUDA: const long long e = lane + (long long)s * kGroup;
// RMSCUDA: = cache0[s];
// RMSCUDA: if (active)
// RMSCPU: kernel k0{{.*}} shape [16, 2048] reduce [2048] row_dims 1 ->
// RMSCPU-NEXT: schedule [{"kind": "upcast", "axis": 1, "amount": 8}, {"kind": "global", "axis": 0, "amount": 1}]
// RMSCPU-NOT: kernel k1
func.func @main(%x: tensor<16x2048xf32>) -> tensor<16x2048xf32> {
  %w = picoc.weight "w" : tensor<2048xf32>
  %sq = picoc.binary mul %x, %x : (tensor<16x2048xf32>, tensor<16x2048xf32>) -> tensor<16x2048xf32>
  %s = picoc.reduce sum %sq {axes = array<i64: 1>} : tensor<16x2048xf32> -> tensor<16x1xf32>
  %n = picoc.constant dense<4.8828125e-04> : tensor<f32>
  %m = picoc.binary mul %s, %n : (tensor<16x1xf32>, tensor<f32>) -> tensor<16x1xf32>
  %e = picoc.constant dense<1.0e-6> : tensor<f32>
  %v = picoc.binary add %m, %e : (tensor<16x1xf32>, tensor<f32>) -> tensor<16x1xf32>
  %r = picoc.unary rsqrt %v : tensor<16x1xf32>
  %y = picoc.binary mul %x, %r : (tensor<16x2048xf32>, tensor<16x1xf32>) -> tensor<16x2048xf32>
  %z = picoc.binary mul %y, %w : (tensor<16x2048xf32>, tensor<2048xf32>) -> tensor<16x2048xf32>
  return %z : tensor<16x2048xf32>
}

//--- tiled.mlir
// A matmul with 600 x 1024 outputs (the batch dim is on the A side) and a bias, 160 tiles of
// 64 x 64: tiled through shared memory, a tile per 128-thread block (8 x 4 outputs per
// thread), 16 terms per stage. (Under 128 tiles the GPU splits each output's reduction.)
// A[m, k] is contiguous along k: consecutive threads copy consecutive k into [row][k] slots
// (its batch and row dims are one affine run of rows); the weight W[k, n] along n into [k][row]
// slots; asynchronous copies (16 bytes where the pointer is aligned), each thread the same
// columns of every 8th (2nd) term.
// TILED: kernel k0{{.*}} shape [2, 300, 1024] reduce [72]
// TILED-NEXT: schedule [{"kind": "tile", "axis": 0, "amount": 64}, {"kind": "tile", "axis": 1, "amount": 64}, {"kind": "tile", "axis": 2, "amount": 16}, {"kind": "unroll", "axis": 0, "amount": 8}, {"kind": "unroll", "axis": 1, "amount": 4}, {"kind": "local", "axis": 0, "amount": 128}, {"kind": "global", "axis": 0, "amount": 3}]
// TILEDCUDA: grid 160, block 128
// TILEDCUDA: constexpr long long kM = 600LL, kN = 1024LL, kK = 72LL;
// TILEDCUDA: const int kk = (int)(threadIdx.x % 4u) * 4, row = (int)(threadIdx.x / 4u) + j * 32;
// TILEDCUDA: picoc_cp_async16(&As[slot * 1280 + (row) * 20 + kk], in0 + ((AsBase + at * 72LL + r * 1LL) & -(long long)inside), inside);
// TILEDCUDA: const int kk = (int)(threadIdx.x / 16u) + j * 8, row = (int)(threadIdx.x % 16u) * 4;
// TILEDCUDA: picoc_cp_async16(&Bs[slot * 1088 + (kk) * 68 + row], in1 + ((BsBase + at * 1LL + r * 1024LL) & -(long long)inside), inside);
// TILEDCUDA: const int kk = (int)(threadIdx.x / 64u) + j * 2, row = (int)(threadIdx.x % 64u);
// TILEDCUDA: picoc_cp_async4(&Bs[slot * 1088 + (kk) * 68 + row], in1 + ((BsBase + at * 1LL + r * 1024LL) & -(long long)inside), inside);
// TILEDCUDA: const float4 v = *reinterpret_cast<const float4 *>(&As[s * 1280 + (tm + (x) * kThreadsM) * 20 + kk]);
// TILEDCUDA: const float4 v = *reinterpret_cast<const float4 *>(&Bs[s * 1088 + (kk + u) * 68 + (x) / 4 * (kThreadsN * 4) + tn * 4 + (x) % 4]);
// TILEDCUDA: acc[i][j] = fmaf(a[u][i], w[u][j], acc[i][j]);
// TILEDCUDA: if (m >= kM || n >= kN)
func.func @main(%x: tensor<2x300x72xf32>) -> tensor<2x300x1024xf32> {
  %w = picoc.weight "w" : tensor<72x1024xf32>
  %b = picoc.weight "b" : tensor<1024xf32>
  %0 = picoc.matmul %x, %w : (tensor<2x300x72xf32>, tensor<72x1024xf32>) -> tensor<2x300x1024xf32>
  %1 = picoc.binary add %0, %b : (tensor<2x300x1024xf32>, tensor<1024xf32>) -> tensor<2x300x1024xf32>
  return %1 : tensor<2x300x1024xf32>
}

//--- groupnorm.mlir
// GroupNorm reshaped back to [N, C, HW] for its channel scale: one row kernel over the rows'
// shape [N, G, C/G, HW] (the output buffer keeps the result's shape: same order), each row of
// 15 held in the registers of one thread; the scale reads g[g * 3 + c'].
// GROUPNORM: b{{[0-9]+}} output f32[2, 12, 5]
// GROUPNORM: kernel k0{{.*}} shape [2, 4, 3, 5] reduce [3, 5] row_dims 2
// GROUPNORM-NEXT: schedule [{"kind": "upcast", "axis": 3, "amount": 15}, {"kind": "local", "axis": 0, "amount": 256}
// GROUPNORM: Load.f32 {{.*}} ; b1[(v1*3 + v2)]
// GROUPNORM-NOT: kernel k1
func.func @main(%x: tensor<2x4x3x5xf32>) -> tensor<2x12x5xf32> {
  %g = picoc.weight "g" : tensor<12x1xf32>
  %s = picoc.reduce sum %x {axes = array<i64: 2, 3>} : tensor<2x4x3x5xf32> -> tensor<2x4x1x1xf32>
  %d = picoc.binary sub %x, %s : (tensor<2x4x3x5xf32>, tensor<2x4x1x1xf32>) -> tensor<2x4x3x5xf32>
  %q = picoc.binary mul %d, %d : (tensor<2x4x3x5xf32>, tensor<2x4x3x5xf32>) -> tensor<2x4x3x5xf32>
  %v = picoc.reduce sum %q {axes = array<i64: 2, 3>} : tensor<2x4x3x5xf32> -> tensor<2x4x1x1xf32>
  %r = picoc.unary rsqrt %v : tensor<2x4x1x1xf32>
  %y = picoc.binary mul %d, %r : (tensor<2x4x3x5xf32>, tensor<2x4x1x1xf32>) -> tensor<2x4x3x5xf32>
  %z = picoc.reshape %y : tensor<2x4x3x5xf32> -> tensor<2x12x5xf32>
  %o = picoc.binary mul %z, %g : (tensor<2x12x5xf32>, tensor<12x1xf32>) -> tensor<2x12x5xf32>
  return %o : tensor<2x12x5xf32>
}
