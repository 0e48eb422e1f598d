// RUN: picoc-opt %s -split-input-file --picoc-graph-lower-convs | FileCheck %s

// Short output rows (10 < 32): the padded input is a kernel of its own (its producers are
// computed once), the columns a transposed window of it with rows padded to whole vectors
// (a kernel of their own too), and the conv a matmul of the filter [G, M/G, C/G*K] with them,
// its padding columns sliced off.
// CHECK-LABEL: func.func @short_rows
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x12x10xf32>, %[[W:.*]]: tensor<16x8x3x3xf32>)
// CHECK: %[[P:.*]] = picoc.pad %[[X]] {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, picoc.materialize
// CHECK: %[[WIN:.*]] = picoc.window %[[P]] {{.*}} -> tensor<1x8x12x10x3x3xf32>
// CHECK: %[[T:.*]] = picoc.transpose %[[WIN]] {perm = array<i64: 0, 1, 4, 5, 2, 3>}
// CHECK: %[[R:.*]] = picoc.reshape %[[T]] : tensor<1x8x3x3x12x10xf32> -> tensor<1x1x72x120xf32>
// CHECK: %[[COLS:.*]] = picoc.pad %[[R]] {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 8>, picoc.materialize
// CHECK: %[[F:.*]] = picoc.reshape %[[W]] : tensor<16x8x3x3xf32> -> tensor<1x16x72xf32>
// CHECK: %[[MM:.*]] = picoc.matmul %[[F]], %[[COLS]] : {{.*}} -> tensor<1x1x16x128xf32>
// CHECK: %[[S:.*]] = picoc.slice %[[MM]] {{.*}} : tensor<1x1x16x128xf32> -> tensor<1x1x16x120xf32>
// CHECK: picoc.reshape %[[S]] : tensor<1x1x16x120xf32> -> tensor<1x16x12x10xf32>
// CHECK-NOT: picoc.conv
func.func @short_rows(%x: tensor<1x8x12x10xf32>, %w: tensor<16x8x3x3xf32>) -> tensor<1x16x12x10xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x12x10xf32>, tensor<16x8x3x3xf32>) -> tensor<1x16x12x10xf32>
  return %0 : tensor<1x16x12x10xf32>
}

// -----

// Long rows: the conv stays, on a padded copy of its input (no guard in the hot loop).
// CHECK-LABEL: func.func @long_rows
// CHECK: %[[P:.*]] = picoc.pad %arg0 {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, picoc.materialize
// CHECK: picoc.conv %[[P]], %arg1 {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>
func.func @long_rows(%x: tensor<1x8x40x40xf32>, %w: tensor<8x8x3x3xf32>) -> tensor<1x8x40x40xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x8x40x40xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x40x40xf32>
  return %0 : tensor<1x8x40x40xf32>
}

// -----

// A 1x1 conv without stride or pad reads its input as the columns: no copy. Groups become
// the matmul's batch dim.
// CHECK-LABEL: func.func @pointwise_groups
// CHECK: %[[COLS:.*]] = picoc.reshape %arg0 : tensor<2x8x40x40xf32> -> tensor<2x2x4x1600xf32>
// CHECK: %[[F:.*]] = picoc.reshape %arg1 : tensor<6x4x1x1xf32> -> tensor<2x3x4xf32>
// CHECK: picoc.matmul %[[F]], %[[COLS]] : {{.*}} -> tensor<2x2x3x1600xf32>
// CHECK-NOT: picoc.materialize
func.func @pointwise_groups(%x: tensor<2x8x40x40xf32>, %w: tensor<6x4x1x1xf32>) -> tensor<2x6x40x40xf32> {
  %0 = picoc.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<2x8x40x40xf32>, tensor<6x4x1x1xf32>) -> tensor<2x6x40x40xf32>
  return %0 : tensor<2x6x40x40xf32>
}
