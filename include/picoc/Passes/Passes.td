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

def FuseKernels : Pass<"picoc-graph-fuse", "mlir::func::FuncOp"> {
  let summary = "Group primitives into picoc.kernel regions";
  let description = [{
    Every compute op ends up in exactly one `picoc.kernel`. A kernel holds at most one op
    with a reduction loop (reduce, matmul, conv) with its elementwise epilogue; views and
    single-use elementwise producers are pulled into their consumer's kernel, except
    elementwise producers of matmul/conv operands, which would be recomputed per output.
    Every returned value is produced by its own kernel.

    Before: `%0 = picoc.matmul %x, %w` `%1 = picoc.binary add %0, %b` `%2 = picoc.unary relu %1`
    After:  `%2 = picoc.kernel "..." (%x, %w, %b) { matmul; add; relu; picoc.yield }`
  }];
}

#endif // PICOC_PASSES_TD
