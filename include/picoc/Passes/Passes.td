//===- Passes.td - picoc's graph passes ---------------------------------*- tablegen -*-===//
//
// Each pass: a summary, a description with IR before and after, and a flag named
// picoc-graph-<name>. The order they run in is written once, in lib/Pipeline/Pipeline.cpp.
//
//===----------------------------------------------------------------------------------===//

#ifndef PICOC_PASSES_TD
#define PICOC_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferShapes : Pass<"picoc-graph-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Recompute every result type from the operands and check it";
  let description = [{
    Ops implementing InferTypeOpInterface get their result types recomputed; a result type
    that differs from the inferred one is replaced, and the function's signature follows
    its returned values. Fails with a diagnostic at the op if inference fails.

    Before: `%0 = picoc.binary add %a, %b : (tensor<4x1xf32>, tensor<8xf32>) -> tensor<*xf32>`
    After:  `%0 = picoc.binary add %a, %b : (tensor<4x1xf32>, tensor<8xf32>) -> tensor<4x8xf32>`
  }];
}

def Decompose : Pass<"picoc-graph-decompose", "mlir::func::FuncOp"> {
  let summary = "Lower composite ops (softmax, norm) to primitives";
  let description = [{
    `picoc.softmax` becomes max-reduce, sub, exp, sum-reduce and div (log-softmax: sub of
    the log of the sum). `picoc.norm` becomes mean, centered square, mean, rsqrt, mul, add.

    Before: `%y = picoc.softmax %x {axis = 1} : tensor<4x8xf32>`
    After:  `%m = picoc.reduce max %x {axes = array<i64: 1>}` ... `picoc.binary div %e, %s`
  }];
}

def FormAttention : Pass<"picoc-graph-form-attention", "mlir::func::FuncOp"> {
  let summary = "Recognise attention (scores, scale, mask, softmax, weighted sum) as one op";
  let description = [{
    softmax(Q @ K^T * c + mask) @ V, in the forms the exporters write (a Where mask, a
    division by sqrt(d), an IsNaN guard after the softmax), becomes picoc.attention, which
    lowers to one online-softmax kernel that never stores the scores.

    Before: `%s = picoc.matmul %q, %kt` `%x = picoc.binary mul %s, %c` `%y = picoc.binary add %x, %m`
            `%p = picoc.softmax %y {axis = 3}` `%o = picoc.matmul %p, %v`
    After:  `%k = picoc.transpose %kt` `%o = picoc.attention %q, %k, %v, %m {scale = c}`
  }];
  let options = [
    Option<"maxHeadDim", "max-head-dim", "int64_t", /*default=*/"0",
           "Leave attention whose head dims (E or D) exceed this unfused (0: no limit)">,
    Option<"minHeadDim", "min-head-dim", "int64_t", /*default=*/"0",
           "Leave attention whose head dims (E or D) are below this unfused">,
    Option<"minScoreBytes", "min-score-bytes", "int64_t", /*default=*/"0",
           "Leave attention of more than one query row unfused where its scores (every "
           "batch and head, f32) take at most this many bytes (0: fuse all)">
  ];
}

def FoldWeightViews : Pass<"picoc-graph-fold-weight-views", "mlir::func::FuncOp"> {
  let summary = "Apply transposes of weights at compile time";
  let description = [{
    A transpose whose input is a weight becomes a new weight holding the permuted bytes, so
    kernels read it contiguously (nn.Linear's [out, in] weight feeds matmul as [in, out]).
    Without a WeightStore (picoc-opt on textual IR) only the IR is rewritten.

    Before: `%t = picoc.transpose %w {perm = array<i64: 1, 0>}` of `picoc.weight "fc.weight"`
    After:  `%t = picoc.weight "fc.weight.T10" : tensor<in x out x f32>`
  }];
  let constructor = "picoc::createFoldWeightViewsPass()";
}

def LowerConvs : Pass<"picoc-graph-lower-convs", "mlir::func::FuncOp"> {
  let summary = "Give every convolution the form its kernel runs fast in";
  let description = [{
    A convolution whose output rows are short or strided (which the direct loop nest cannot
    vectorize well), and whose columns buffer is small, becomes a matmul of the filter with
    the im2col columns (a window view, transposed and materialized as its own kernel); a 1x1
    convolution without stride or pad reads its input as the columns. Every other padded
    convolution reads a materialized padded copy of its input, so no bounds guard is left in
    its inner loop. On the CPU (rows, with the weights' store) such a 3x3 convolution of
    at least 16 channels in and out, unstrided and ungrouped, over a weight, runs Winograd's
    F(4, 3) or F(2, 3) along its output rows: m + 2 1x3 convolutions of sums of the padded
    input's rows with filters computed from the weight's rows, their results combined into
    each tile's m output rows (half or 2/3 of the multiply-adds). On a GPU (channels-last)
    an ungrouped direct convolution over a multiple of 4 channels reads its padded input from
    a channels-last copy and its filter as [M, K..., C], each through a transpose view: the
    implicit GEMM's terms then run over (taps, channel) with the channel contiguous in both
    factors.

    Before: `%y = picoc.conv %x, %w {pads = [1, 1, 1, 1], strides = [1, 1]} : (1x64x12x10, 64x64x3x3)`
    After:  `%c = picoc.transpose (picoc.window (picoc.pad %x)) {picoc.materialize}`
            `%y = picoc.matmul (picoc.reshape %w : 1x64x576), (picoc.reshape %c : 1x1x576x120)`
  }];
  let options = [
    Option<"channelsLast", "channels-last", "bool", /*default=*/"false",
           "Read a direct convolution's padded input and filter channels-last (GPU)">
  ];
  let constructor = "picoc::createLowerConvsPass()";
}

def PackWeights : Pass<"picoc-graph-pack-weights", "mlir::func::FuncOp"> {
  let summary = "Store large matmul weights (and many rows' B) in column panels (CPU)";
  let description = [{
    A weight B [K, N] of a matmul is stored as P [N / C, K, C] (P[p, k, c] = B[k, C p + c],
    a derived weight written at compile time), so that a kernel streaming a block of columns
    reads one contiguous panel instead of a piece of every row. With few rows in A (at most
    64, or a run-time count) the panels (C = 32) are the product's outermost batch dim and
    its result a transpose away from the original; with more, A's rows are batch dims outside
    the panels (C = the register tile's width) and the result a reshape away, and a B that is
    no weight is packed so too, by a copy kernel (a transpose marked picoc.materialize).

    Before: `picoc.matmul %a, %w : (tensor<1x2048xf32>, tensor<2048x5632xf32>)`
    After:  `%p = picoc.weight "w.panels" : tensor<176x2048x32xf32>`
            `%r = picoc.reshape %a : tensor<1x2048xf32> -> tensor<1x1x2048xf32>`
            `%m = picoc.matmul %r, %p` -> tensor<176x1x32xf32>
            `%t = picoc.transpose %m {perm = [1, 0, 2]}`, `picoc.reshape %t` -> tensor<1x5632xf32>
    Before: `picoc.matmul %a, %w : (tensor<128x576xf32>, tensor<576x1536xf32>)` (AVX2)
    After:  `%p = picoc.weight "w.panels16" : tensor<96x576x16xf32>`
            `%r = picoc.reshape %a : tensor<128x576xf32> -> tensor<128x1x1x576xf32>`
            `%m = picoc.matmul %r, %p` -> tensor<128x96x1x16xf32>, `picoc.reshape %m` -> 128x1536
  }];
  let constructor = "picoc::createPackWeightsPass()";
}

def PadOperands : Pass<"picoc-graph-pad-operands", "mlir::func::FuncOp"> {
  let summary = "Pad the rows of large matmul B operands whose stride aliases in the cache";
  let description = [{
    A [K, N] operand with N * 4 bytes a multiple of 1 KiB puts consecutive rows of a B panel
    in the same L1 sets. Its rows are padded by 16 elements: a weight is padded at compile
    time (a new weight in the WeightStore), an activation by a copy kernel (a pad marked
    picoc.materialize); the matmul reads the padded rows through a slice.

    Before: `picoc.matmul %a, %b : (tensor<1024x1024xf32>, tensor<1024x1024xf32>)`
    After:  `%p = picoc.pad %b {picoc.materialize, pads = [0, 0, 0, 16]}`
            `%s = picoc.slice %p : tensor<1024x1040xf32> -> tensor<1024x1024xf32>`
            `picoc.matmul %a, %s`
  }];
  let constructor = "picoc::createPadOperandsPass()";
}

def FuseKernels : Pass<"picoc-graph-fuse", "mlir::func::FuncOp"> {
  let summary = "Group primitives into picoc.kernel regions";
  let description = [{
    Every compute op ends up in exactly one `picoc.kernel`. A kernel holds at most one op
    with a reduction loop (reduce, matmul, conv) with its elementwise epilogue; views and
    single-use elementwise producers are pulled into their consumer's kernel, except
    elementwise producers of matmul/conv operands, which would be recomputed per output.
    Every returned value is produced by its own kernel.

    With row-reductions, reductions over the trailing dims of one shape share a kernel with
    the elementwise ops that read their results back at that shape: softmax, LayerNorm and
    RMSNorm become one kernel each (kir::Kernel::isRowKernel); the pipeline sets it for every
    target.

    Before: `%0 = picoc.matmul %x, %w` `%1 = picoc.binary add %0, %b` `%2 = picoc.unary relu %1`
    After:  `%2 = picoc.kernel "..." (%x, %w, %b) { matmul; add; relu; picoc.yield }`
  }];
  let options = [
    Option<"rowReductions", "row-reductions", "bool", /*default=*/"false",
           "Fuse reductions over a row with the ops that read their results along it">
  ];
}

#endif // PICOC_PASSES_TD
