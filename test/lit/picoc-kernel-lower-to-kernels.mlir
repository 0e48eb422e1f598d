// Views become index maps of the loads; reductions become the kernel's reduction axes.
// RUN: split-file %s %t
// RUN: picoc %t/heads.mlir --emit=kernels -o - | FileCheck %s --check-prefix=HEADS
// RUN: picoc %t/conv.mlir --emit=kernels -o - | FileCheck %s --check-prefix=CONV
// RUN: picoc %t/matmul.mlir --emit=kernels -o - | FileCheck %s --check-prefix=MATMUL
// RUN: picoc %t/gather_elements.mlir --emit=kernels -o - | FileCheck %s --check-prefix=GATHER
// RUN: picoc %t/maxpool.mlir --emit=kernels -o - | FileCheck %s --check-prefix=POOL
// RUN: picoc %t/narrow.mlir --emit=kernels -o - | FileCheck %s --check-prefix=NARROW
// RUN: picoc %t/positions.mlir --emit=kernels -o - | FileCheck %s --check-prefix=POSITIONS

//--- heads.mlir
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

//--- conv.mlir
// A padded 3x3 convolution with long rows: picoc-graph-lower-convs pads the input in a kernel
// of its own (the pad's bounds guard is there), and the conv reduces over (kh, kw, c), the
// channel innermost, with a plain affine load.
// CONV: kernel k0{{.*}} shape [1, 4, 34, 34] -> b2
// CONV: Load.f32 b0 {{.*}} if
// CONV: kernel k1{{.*}} shape [1, 8, 32, 32] reduce [3, 3, 4] -> b3
// CONV: Load.f32 b2 {{.*}} ; b2[{{[^f]*}}]{{$}}
// CONV: Reduce.f32 sum
func.func @main(%x: tensor<1x4x32x32xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x32x32xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x32x32xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x32x32xf32>
  return %0 : tensor<1x8x32x32xf32>
}

//--- matmul.mlir
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

//--- gather_elements.mlir
// GatherElements: the index is loaded, wrapped when negative, and replaces the axis' index.
// GATHER: kernel k0{{.*}} shape [3, 2] -> b2
// GATHER: Load.i64 b1 {{.*}} ; b1[(v0*2 + v1)]
// GATHER: Load.f32 b0 {{.*}} if
func.func @main(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>) -> tensor<3x2xf32> {
  %0 = picoc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

//--- maxpool.mlir
// A 3x3 max pool, stride 2, over a -inf padded input: the window view's offsets become the
// reduction axes, the pad a guard and a select of -inf.
// POOL: kernel k0{{.*}} shape [1, 2, 4, 4, 1, 1] reduce [3, 3] -> b1
// POOL: Load.f32 b0 {{.*}} ; b0[{{.*}}v3*2{{.*}}v6*8{{.*}} if {{.*}}]
// POOL: Select.f32
// POOL: Reduce.f32 max
func.func @main(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4x1x1xf32> {
  %0 = picoc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 0, 0>, value = 0xFFF0000000000000 : f64} : tensor<1x2x8x8xf32> -> tensor<1x2x9x9xf32>
  %1 = picoc.window %0 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : tensor<1x2x9x9xf32> -> tensor<1x2x4x4x3x3xf32>
  %2 = picoc.reduce max %1 {axes = array<i64: 4, 5>} : tensor<1x2x4x4x3x3xf32> -> tensor<1x2x4x4x1x1xf32>
  return %2 : tensor<1x2x4x4x1x1xf32>
}

//--- narrow.mlir
// Narrow formats live in buffers only. An int4 input is read a byte at a time (two elements
// to a byte, low bits first) and Decoded; a cast to float8 is Encode then Decode (rounded);
// a float8 output stores the value's bits (an Encode of a Decode folds to the bits); an int4
// output is packed by a kernel of its own, one byte of 2 elements per iteration, from a wide
// temporary.
// NARROW: b0 input i4[5] 'x' #0
// NARROW: b1 output f8e4m3fn[5]
// NARROW: b2 output i4[5]
// NARROW: kernel k0{{.*}} shape [5] -> b1
// NARROW: Load.u8 b0 {{.*}} ; b0[(v0 / 2)]
// NARROW: Shr.u8
// NARROW: Decode.i8 i4
// NARROW: Encode.u8 f8e4m3fn sat
// NARROW-NOT: Decode.f32
// NARROW: store b1
// NARROW: kernel k1{{.*}} shape [5] -> b3
// NARROW: kernel k1{{.*}}_pack shape [3] -> b2
// NARROW: Load.i8 b3 {{.*}} if
// NARROW: Encode.u8 i4
// NARROW: Shl.u8
// NARROW: Or.u8
func.func @main(%x: tensor<5xi4> {picoc.name = "x"}) -> (tensor<5xf8E4M3FN>, tensor<5xi4>) {
  %0 = picoc.cast %x : tensor<5xi4> to tensor<5xf32>
  %1 = picoc.cast %0 : tensor<5xf32> to tensor<5xf8E4M3FN>
  %2 = picoc.unary neg %0 : tensor<5xf32>
  %3 = picoc.cast %2 : tensor<5xf32> to tensor<5xi4>
  return %1, %3 : tensor<5xf8E4M3FN>, tensor<5xi4>
}

//--- positions.mlir
// A folded Range (positions 0, 1, 2, ...) is its index, not a buffer: a mask comparing it
// compares a loop variable. Constants that do not step evenly stay buffers (the only weight).
// POSITIONS: weights 32 bytes
// POSITIONS: kernel k0{{.*}} shape [4, 4] -> b3
// POSITIONS-NOT: Load.i64 b{{.*}} ; {{.*}}v1
// POSITIONS: CmpGt.bool %1
// POSITIONS: kernel k1{{.*}} shape [4] -> b4
// POSITIONS: Load.i64 b{{[0-9]+}} %0  ; b{{[0-9]+}}[v0]
// POSITIONS: Load.i64 b{{[0-9]+}} %0  ; b{{[0-9]+}}[v0]
func.func @main(%x: tensor<4x4xf32>, %rows: tensor<4x1xi64>, %y: tensor<4xi64>) -> (tensor<4x4xf32>, tensor<4xi64>) {
  %keys = picoc.constant dense<[0, 1, 2, 3]> : tensor<4xi64>
  %later = picoc.binary gt %keys, %rows : (tensor<4xi64>, tensor<4x1xi64>) -> tensor<4x4xi1>
  %ninf = picoc.constant dense<0xFF800000> : tensor<f32>
  %mask = picoc.select %later, %ninf, %x : (tensor<4x4xi1>, tensor<f32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %uneven = picoc.constant dense<[0, 1, 3, 7]> : tensor<4xi64>
  %sum = picoc.binary add %uneven, %y : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %mask, %sum : tensor<4x4xf32>, tensor<4xi64>
}
