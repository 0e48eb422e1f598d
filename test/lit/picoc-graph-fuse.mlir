// RUN: picoc-opt %s -split-input-file --picoc-graph-fuse | FileCheck %s
// RUN: picoc-opt %s -split-input-file --picoc-graph-fuse=row-reductions=true | FileCheck %s --check-prefix=ROWS
// The pass is passes/graph/FuseKernels.cpp (fuse-kernels).

// A matmul takes its bias and activation as an epilogue.
// CHECK-LABEL: func.func @matmul_epilogue
// CHECK-SAME: (%[[X:.*]]: tensor<4x16xf32>)
// CHECK-DAG: %[[W:.*]] = picoc.weight "w"
// CHECK-DAG: %[[B:.*]] = picoc.weight "b"
// CHECK: %[[K:.*]] = picoc.kernel "k0{{.*}}"(%[[X]], %[[W]], %[[B]])
// CHECK: picoc.matmul
// CHECK: picoc.binary add
// CHECK: picoc.unary relu
// CHECK: picoc.yield
// CHECK: return %[[K]]
func.func @matmul_epilogue(%x: tensor<4x16xf32>) -> tensor<4x8xf32> {
  %w = picoc.weight "w" : tensor<16x8xf32>
  %b = picoc.weight "b" : tensor<8xf32>
  %0 = picoc.matmul %x, %w : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  %1 = picoc.binary add %0, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %2 = picoc.unary relu %1 : tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}

// -----

// An elementwise producer of a matmul operand is not recomputed inside the matmul: it gets
// its own kernel; a transpose (a view) is folded into the matmul's kernel.
// CHECK-LABEL: func.func @matmul_prologue
// CHECK: %[[E:.*]] = picoc.kernel "k0{{.*}}"
// CHECK: picoc.unary tanh
// CHECK: picoc.yield
// CHECK: %[[M:.*]] = picoc.kernel "k1{{.*}}"({{.*}}%[[E]]{{.*}})
// CHECK: picoc.transpose
// CHECK: picoc.matmul
// CHECK: return %[[M]]
func.func @matmul_prologue(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>) -> tensor<4x8xf32> {
  %t = picoc.unary tanh %x : tensor<4x16xf32>
  %wt = picoc.transpose %w {perm = array<i64: 1, 0>} : tensor<8x16xf32> -> tensor<16x8xf32>
  %0 = picoc.matmul %t, %wt : (tensor<4x16xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// Softmax: the max, the exp-sum (with x - max inlined as its prologue) and the division.
// With row-reductions (GPU targets): one kernel, both reduces over the same row.
// ROWS-LABEL: func.func @softmax
// ROWS: %[[Y:.*]] = picoc.kernel "{{.*}}"(%{{[^,]*}}) :
// ROWS: picoc.reduce max
// ROWS: picoc.reduce sum
// ROWS: picoc.binary div
// ROWS: picoc.yield
// ROWS-NEXT: }
// ROWS-NEXT: return %[[Y]]
// CHECK-LABEL: func.func @softmax
// CHECK: %[[MAX:.*]] = picoc.kernel
// CHECK: picoc.reduce max
// CHECK: %[[SUM:.*]] = picoc.kernel "{{.*}}"(%{{.*}}, %[[MAX]])
// CHECK: picoc.binary sub
// CHECK: picoc.unary exp
// CHECK: picoc.reduce sum
// CHECK: %[[Y:.*]] = picoc.kernel "{{.*}}"(%{{.*}}, %[[MAX]], %[[SUM]])
// CHECK-NOT: picoc.reduce
// CHECK: picoc.binary div
// CHECK: return %[[Y]]
func.func @softmax(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %m = picoc.reduce max %x {axes = array<i64: 1>} : tensor<4x8xf32> -> tensor<4x1xf32>
  %d = picoc.binary sub %x, %m : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %e = picoc.unary exp %d : tensor<4x8xf32>
  %s = picoc.reduce sum %e {axes = array<i64: 1>} : tensor<4x8xf32> -> tensor<4x1xf32>
  %y = picoc.binary div %e, %s : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// A returned argument and a value returned twice get copy kernels.
// CHECK-LABEL: func.func @copies
// CHECK: %[[A:.*]] = picoc.kernel "k0{{.*}}"
// CHECK: %[[C1:.*]] = picoc.kernel "{{.*}}copy"(%[[A]])
// CHECK: %[[C2:.*]] = picoc.kernel "{{.*}}copy"(%arg0)
// CHECK: return %[[A]], %[[C1]], %[[C2]]
func.func @copies(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = picoc.unary exp %x : tensor<4xf32>
  return %0, %0, %x : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// An elementwise op read by two elementwise ops is cloned into each reader's kernel, unless it
// is marked picoc.materialize (the end of a conv's epilogue in the rows form,
// picoc-graph-lower-convs): then one kernel computes it and both readers load it.
// CHECK-LABEL: func.func @materialized_not_cloned
// CHECK: %[[E:.*]] = picoc.kernel "k0{{.*}}"(%arg0)
// CHECK: picoc.unary exp
// CHECK-NOT: picoc.unary exp
// CHECK: picoc.kernel "k1{{.*}}"(%[[E]])
// CHECK-NOT: picoc.unary exp
func.func @materialized_not_cloned(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = picoc.unary exp %x {picoc.materialize} : tensor<4xf32>
  %1 = picoc.unary neg %0 : tensor<4xf32>
  %2 = picoc.binary mul %0, %1 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// A returned constant (ConstantOfShape of 2^40 elements) is filled by its copy kernel, which
// holds the splat itself: no kernel input, so no weight of the output's size.
// CHECK-LABEL: func.func @returned_splat
// CHECK: picoc.kernel "k0_copy"() : () -> tensor<1048576x1048576xf32>
// CHECK-NEXT: picoc.constant dense<0.000000e+00> : tensor<1048576x1048576xf32>
func.func @returned_splat() -> tensor<1048576x1048576xf32> {
  %c = picoc.constant dense<0.0> : tensor<1048576x1048576xf32>
  return %c : tensor<1048576x1048576xf32>
}

// -----

// With row-reductions, a reduce over a leading axis is not a row statistic: it stays a kernel
// of its own, read by the row kernel of the max over the trailing axis.
// ROWS-LABEL: func.func @not_rows
// ROWS: %[[C:.*]] = picoc.kernel
// ROWS-NEXT: ^bb0
// ROWS-NEXT: picoc.reduce sum {{.*}}axes = array<i64: 0>
// ROWS-NEXT: picoc.yield
// ROWS: picoc.kernel "{{.*}}"(%{{.*}}, %[[C]])
// ROWS-NEXT: ^bb0
// ROWS-NEXT: picoc.binary sub
// ROWS-NEXT: picoc.reduce max {{.*}}axes = array<i64: 1>
// ROWS-NEXT: picoc.binary sub
// ROWS-NEXT: picoc.yield
func.func @not_rows(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %c = picoc.reduce sum %x {axes = array<i64: 0>} : tensor<4x8xf32> -> tensor<1x8xf32>
  %d = picoc.binary sub %x, %c : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  %m = picoc.reduce max %x {axes = array<i64: 1>} : tensor<4x8xf32> -> tensor<4x1xf32>
  %y = picoc.binary sub %d, %m : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// GroupNorm over the finer view [N, G, C/G, HW], reshaped back to [N, C, HW] for the channel
// scale: with row-reductions one kernel (lowering iterates over the rows' shape).
// ROWS-LABEL: func.func @group_norm
// ROWS: %[[Y:.*]] = picoc.kernel
// ROWS-COUNT-2: picoc.reduce sum
// ROWS: picoc.reshape
// ROWS: picoc.binary mul
// ROWS-NEXT: picoc.yield
// ROWS: return %[[Y]]
func.func @group_norm(%x: tensor<2x4x3x5xf32>) -> tensor<2x12x5xf32> {
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
