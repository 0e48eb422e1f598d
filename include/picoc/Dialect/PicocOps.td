//===- PicocOps.td - the picoc graph dialect ----------------------------*- tablegen -*-===//
//
// The graph IR: ranked tensors with static shapes, a small set of primitive ops that every
// frontend lowers onto, a few composite ops that graph passes decompose, and the `picoc.kernel`
// region that fusion forms. Weights are referenced by name (their bytes live in the WeightStore).
//
//===----------------------------------------------------------------------------------===//

#ifndef PICOC_OPS_TD
#define PICOC_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/IR/RegionKindInterface.td"

def Picoc_Dialect : Dialect {
  let name = "picoc";
  let cppNamespace = "::picoc";
  let summary = "picoc's tensor graph IR";
  let description = [{
    Ops on ranked tensors with static shapes. Elementwise ops broadcast their operands by
    numpy rules. Frontends produce these ops; graph passes infer shapes, fold, decompose the
    composite ops into primitives and fuse primitives into `picoc.kernel` regions.
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let hasConstantMaterializer = 1;
}

class Picoc_Op<string mnemonic, list<Trait> traits = []> : Op<Picoc_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------------------===//
// Element types MLIR 19 lacks.
//===----------------------------------------------------------------------------------===//

def Picoc_Float4E2M1FN : TypeDef<Picoc_Dialect, "Float4E2M1FN"> {
  let mnemonic = "f4E2M1FN";
  let summary = "4-bit float: sign, 2 exponent bits (bias 1), 1 mantissa bit; no inf or NaN";
  let description = [{
    ONNX's FLOAT4E2M1 (OCP microscaling FP4): 0, 0.5, 1, 1.5, 2, 3, 4, 6 and their negatives.
    A storage format like the float8 types: tensors of it are model inputs, outputs and
    initializers; kernels compute in f32 (kir Encode / Decode).
  }];
}

//===----------------------------------------------------------------------------------===//
// Enums: the one table of elementwise and reduction functions.
//===----------------------------------------------------------------------------------===//

def Picoc_UnaryFn : I32EnumAttr<"UnaryFn", "elementwise unary function", [
    I32EnumAttrCase<"neg", 0>, I32EnumAttrCase<"abs", 1>, I32EnumAttrCase<"exp", 2>,
    I32EnumAttrCase<"log", 3>, I32EnumAttrCase<"sqrt", 4>, I32EnumAttrCase<"rsqrt", 5>,
    I32EnumAttrCase<"recip", 6>, I32EnumAttrCase<"tanh", 7>, I32EnumAttrCase<"erf", 8>,
    I32EnumAttrCase<"sigmoid", 9>, I32EnumAttrCase<"relu", 10>, I32EnumAttrCase<"sin", 11>,
    I32EnumAttrCase<"cos", 12>, I32EnumAttrCase<"floor", 13>, I32EnumAttrCase<"ceil", 14>,
    I32EnumAttrCase<"round", 15>, I32EnumAttrCase<"sign", 16>, I32EnumAttrCase<"logical_not", 17>,
    I32EnumAttrCase<"asin", 18>, I32EnumAttrCase<"acos", 19>, I32EnumAttrCase<"atan", 20>,
    I32EnumAttrCase<"asinh", 21>, I32EnumAttrCase<"acosh", 22>, I32EnumAttrCase<"atanh", 23>,
    I32EnumAttrCase<"bitwise_not", 24>
  ]> {
  let cppNamespace = "::picoc";
  let genSpecializedAttr = 0;
}
def Picoc_UnaryFnAttr : EnumAttr<Picoc_Dialect, Picoc_UnaryFn, "unary_fn">;

def Picoc_BinaryFn : I32EnumAttr<"BinaryFn", "elementwise binary function", [
    I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"sub", 1>, I32EnumAttrCase<"mul", 2>,
    I32EnumAttrCase<"div", 3>, I32EnumAttrCase<"pow", 4>, I32EnumAttrCase<"max", 5>,
    I32EnumAttrCase<"min", 6>, I32EnumAttrCase<"mod", 7>, I32EnumAttrCase<"fmod", 8>,
    I32EnumAttrCase<"eq", 9>, I32EnumAttrCase<"lt", 10>, I32EnumAttrCase<"le", 11>,
    I32EnumAttrCase<"gt", 12>, I32EnumAttrCase<"ge", 13>, I32EnumAttrCase<"logical_and", 14>,
    I32EnumAttrCase<"logical_or", 15>, I32EnumAttrCase<"logical_xor", 16>,
    // Integers only. Shifts: an amount outside [0, width) (as an unsigned number) shifts every
    // bit out: 0, or for a right shift of a negative signed value -1; a signed right shift is
    // arithmetic.
    I32EnumAttrCase<"bitwise_and", 17>, I32EnumAttrCase<"bitwise_or", 18>,
    I32EnumAttrCase<"bitwise_xor", 19>, I32EnumAttrCase<"shift_left", 20>,
    I32EnumAttrCase<"shift_right", 21>
  ]> {
  let cppNamespace = "::picoc";
  let genSpecializedAttr = 0;
}
def Picoc_BinaryFnAttr : EnumAttr<Picoc_Dialect, Picoc_BinaryFn, "binary_fn">;

def Picoc_ReduceFn : I32EnumAttr<"ReduceFn", "reduction function", [
    I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"max", 1>, I32EnumAttrCase<"min", 2>,
    I32EnumAttrCase<"prod", 3>
  ]> {
  let cppNamespace = "::picoc";
  let genSpecializedAttr = 0;
}
def Picoc_ReduceFnAttr : EnumAttr<Picoc_Dialect, Picoc_ReduceFn, "reduce_fn">;

//===----------------------------------------------------------------------------------===//
// Leaves: weights and constants.
//===----------------------------------------------------------------------------------===//

def Picoc_WeightOp : Picoc_Op<"weight", [Pure]> {
  let summary = "a named tensor whose bytes live in the WeightStore";
  let description = [{
    ```mlir
    %w = picoc.weight "fc1.weight" : tensor<64x256xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

def Picoc_ConstantOp : Picoc_Op<"constant", [Pure, ConstantLike,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "a small constant tensor held in the IR";
  let description = [{
    Only small tensors (shape arithmetic, scalars) are held in the IR; large ones are weights.
    ```mlir
    %c = picoc.constant dense<[4, 64]> : tensor<2xi64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

def Picoc_DimOp : Picoc_Op<"dim", [Pure]> {
  let summary = "the value of an affine expression of the run-time dims, in this call";
  let description = [{
    What ONNX's Shape gives for a run-time dim (see RunShape.h): the map's one result over the
    module's run-time dims (symbol i: `picoc.run_dims` entry i). Folds to a constant when the
    expression is one.
    ```mlir
    %seq = picoc.dim affine_map<()[s0] -> (s0)> : tensor<i64>
    ```
  }];
  let arguments = (ins AffineMapAttr:$value);
  let results = (outs 0DTensorOf<[I64]>:$result);
  let assemblyFormat = "$value attr-dict `:` type($result)";
  let hasFolder = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    mlir::AffineExpr getExpr() { return getValue().getResult(0); }
  }];
}

//===----------------------------------------------------------------------------------===//
// Elementwise primitives (numpy broadcasting).
//===----------------------------------------------------------------------------------===//

def Picoc_UnaryOp : Picoc_Op<"unary", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise unary function";
  let description = [{
    ```mlir
    %y = picoc.unary exp %x : tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Picoc_UnaryFnAttr:$fn, AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$fn $input attr-dict `:` type($result)";
  let hasFolder = 1;
}

def Picoc_BinaryOp : Picoc_Op<"binary", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "elementwise binary function with numpy broadcasting";
  let description = [{
    Comparisons and logical functions return i1 tensors; the others the operands' type.
    ```mlir
    %z = picoc.binary add %x, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
    ```
  }];
  let arguments = (ins Picoc_BinaryFnAttr:$fn, AnyRankedTensor:$lhs, AnyRankedTensor:$rhs);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$fn $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Picoc_SelectOp : Picoc_Op<"select", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "elementwise cond ? lhs : rhs with numpy broadcasting";
  let arguments = (ins AnyRankedTensor:$cond, AnyRankedTensor:$lhs, AnyRankedTensor:$rhs);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$cond `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Picoc_CastOp : Picoc_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "elementwise conversion to the result's element type";
  let description = [{
    To a float8 type, a value beyond the largest finite one becomes that value when
    `saturate` is absent or true (ONNX Cast's default), else the type's infinity or NaN. To a
    4- or 2-bit integer, a float truncates towards zero (saturating at int64's range) and
    integers keep their low bits, as onnx's reference converts them.
  }];
  let arguments = (ins AnyRankedTensor:$input, OptionalAttr<BoolAttr>:$saturate);
  let results = (outs AnyRankedTensor:$result);
  let hasVerifier = 1;
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasFolder = 1;
  let extraClassDeclaration = [{
    bool saturates() { return !getSaturate() || *getSaturate(); }
  }];
}

def Picoc_BitcastOp : Picoc_Op<"bitcast", [Pure, SameOperandsAndResultShape]> {
  let summary = "elementwise reinterpretation of the bits as the result's element type";
  let description = [{
    The element types have the same width (bool counts as a byte: a nonzero byte is true).
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------------------===//
// Reductions and contractions: the ops that own a reduction loop in their kernel.
//===----------------------------------------------------------------------------------===//

def Picoc_ReduceOp : Picoc_Op<"reduce", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "reduction over some axes, keeping them as size-1 dims";
  let description = [{
    ```mlir
    %m = picoc.reduce max %x {axes = array<i64: 1>} : tensor<4x8xf32> -> tensor<4x1xf32>
    ```
  }];
  let arguments = (ins Picoc_ReduceFnAttr:$fn, AnyRankedTensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$fn $input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Picoc_MatMulOp : Picoc_Op<"matmul", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "batched matrix product [..., M, K] x [..., K, N] with broadcast batch dims";
  let arguments = (ins AnyRankedTensor:$lhs, AnyRankedTensor:$rhs);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Picoc_AttentionOp : Picoc_Op<"attention", [Pure]> {
  let summary = "softmax(q k^T * scale + bias) v over the last two dims";
  let description = [{
    q [..., M, E], k [..., N, E], v [..., N, D] -> [..., M, D]; the batch dims broadcast as a
    matmul's, and `bias` (optional: a mask as 0 / -inf, or any additive term) broadcasts to
    the scores [..., M, N]. With `empty_rows_zero`, a row whose scores are all -inf gives 0
    (the exporters' Where(IsNaN(p), 0, p) after the softmax); without, NaN, as softmax does.
    picoc-graph-form-attention makes it from the exporters' matmul, scale, mask, softmax,
    matmul; it lowers to one kernel that never stores the scores (kir::Attention).
  }];
  let arguments = (ins AnyRankedTensor:$q, AnyRankedTensor:$k, AnyRankedTensor:$v,
                   Optional<AnyRankedTensor>:$bias, F64Attr:$scale, UnitAttr:$empty_rows_zero);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$q `,` $k `,` $v (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Picoc_ConvOp : Picoc_Op<"conv", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "grouped N-d convolution, NC(spatial) input and OI(spatial) filter";
  let description = [{
    `pads` holds the leading pads of every spatial dim, then the trailing ones (ONNX order).
    Bias is a separate elementwise add that fusion folds into the kernel's epilogue.
  }];
  let arguments = (ins AnyRankedTensor:$input, AnyRankedTensor:$filter,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, I64Attr:$group);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input `,` $filter attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------------------===//
// Views and data movement: in kernels these become index maps, not copies.
//===----------------------------------------------------------------------------------===//

def Picoc_ReshapeOp : Picoc_Op<"reshape", [Pure]> {
  let summary = "same elements in row-major order, another shape";
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Picoc_TransposeOp : Picoc_Op<"transpose", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "permutation of the dims: result dim i is input dim perm[i]";
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Picoc_BroadcastOp : Picoc_Op<"broadcast", [Pure]> {
  let summary = "numpy broadcast to the result's shape";
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Picoc_SliceOp : Picoc_Op<"slice", [Pure]> {
  let summary = "strided window: result[i] = input[starts + i * steps] on every dim";
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$steps);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Picoc_ConcatOp : Picoc_Op<"concat", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "concatenation along one axis";
  let arguments = (ins Variadic<AnyRankedTensor>:$inputs, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Picoc_PadOp : Picoc_Op<"pad", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "constant padding: `pads` holds every dim's leading pad, then the trailing ones";
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$pads, F64Attr:$value);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def Picoc_GatherOp : Picoc_Op<"gather", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "ONNX Gather: take `indices` (negative counts from the end) along `axis`";
  let arguments = (ins AnyRankedTensor:$input, AnyRankedTensor:$indices, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Picoc_GatherElementsOp : Picoc_Op<"gather_elements", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "ONNX GatherElements: result[i] = input[i with i[axis] = indices[i]]";
  let description = [{
    `indices` has the input's rank and sets the result's shape; negative indices count from the
    end of `axis`.
    ```mlir
    %y = picoc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, AnyRankedTensor:$indices, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Picoc_WindowOp : Picoc_Op<"window", [Pure, DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "sliding windows over the trailing dims (the view pooling reduces)";
  let description = [{
    With k = size(kernel) trailing (spatial) dims, the result has the input's leading dims,
    then one dim per window position o_i = (in_i - (kernel_i - 1) * dilations_i - 1) /
    strides_i + 1, then one per kernel offset:
    result[..., o_1..o_k, j_1..j_k] = input[..., o_i * strides_i + j_i * dilations_i].
    Padding is a picoc.pad before it; a reduce over the trailing k dims pools.
    ```mlir
    %w = picoc.window %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
                          dilations = array<i64: 1, 1>} : tensor<1x4x9x9xf32> -> tensor<1x4x4x4x3x3xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------------------===//
// Composite ops: frontends emit them, picoc-graph-decompose lowers them to primitives.
//===----------------------------------------------------------------------------------===//

def Picoc_SoftmaxOp : Picoc_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax (or log-softmax) along one axis";
  let arguments = (ins AnyRankedTensor:$input, I64Attr:$axis, UnitAttr:$log);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Picoc_NormOp : Picoc_Op<"norm", [Pure]> {
  let summary = "(x - mean) / sqrt(var + epsilon) * scale + bias over the given axes";
  let description = [{
    Covers LayerNormalization (axes = the trailing dims) and InstanceNormalization (axes = the
    spatial dims). `scale` and `bias` broadcast against the input.
  }];
  let arguments = (ins AnyRankedTensor:$input, AnyRankedTensor:$scale, AnyRankedTensor:$bias,
                   DenseI64ArrayAttr:$axes, F64Attr:$epsilon);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input `,` $scale `,` $bias attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------------------===//
// Fusion: a kernel is a region of primitives computed by one loop nest.
//===----------------------------------------------------------------------------------===//

def Picoc_KernelOp : Picoc_Op<"kernel", [IsolatedFromAbove, SingleBlock]> {
  let summary = "a fused group of primitives that becomes one kernel";
  let description = [{
    The body sees the kernel's operands as block arguments and yields its result. Its
    reduction loop belongs to one matmul or conv, or to reduces over the same axes of the
    same shape (a row kernel: softmax's max and sum); the other ops are elementwise or views,
    inlined as index arithmetic.
    ```mlir
    %y = picoc.kernel "fc1" (%x, %w, %b) : (tensor<4x64xf32>, tensor<64x64xf32>, tensor<64xf32>) -> tensor<4x64xf32> {
    ^bb0(%a: tensor<4x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64xf32>):
      %0 = picoc.matmul %a, %b : ...
      %1 = picoc.binary add %0, %c : ...
      picoc.yield %1 : tensor<4x64xf32>
    }
    ```
  }];
  let arguments = (ins StrAttr:$sym_name, Variadic<AnyRankedTensor>:$inputs);
  let results = (outs AnyRankedTensor:$result);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `(` $inputs `)` attr-dict `:` functional-type($inputs, results) $body
  }];
  let hasVerifier = 1;
}

def Picoc_YieldOp : Picoc_Op<"yield", [Pure, Terminator, HasParent<"KernelOp">]> {
  let summary = "the value a kernel computes";
  let arguments = (ins AnyRankedTensor:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

//===----------------------------------------------------------------------------------===//
// Control flow: a loop that runs at run time (ONNX Loop whose iterations are not known at
// compile time). Loops that are known are unrolled by the importer instead.
//===----------------------------------------------------------------------------------===//

def Picoc_LoopOp : Picoc_Op<"loop", [AttrSizedOperandSegments, RecursiveMemoryEffects,
                                     SingleBlock]> {
  let summary = "a loop run by the plan: while (i < trip_count && cond) body";
  let description = [{
    ONNX Loop's semantics: the body runs while the iteration number is below `trip_count`
    (absent: no bound) and the condition holds (`cond` before the first iteration, absent:
    true; then the condition the body yields). The body's arguments are the iteration
    number (tensor<i64>) and the carried values; it yields the next condition (one i1), the
    next carried values (the types of `inits`) and one value per scan output. Results: the
    carried values after the last iteration (`inits` when none ran), then the scan outputs,
    each the iterations' values stacked along a new leading dim. A loop with scan outputs
    runs exactly `trip_count` iterations, which is that dim (the importer proves it: a
    constant trip count, a condition that stays true). The body reads outer values
    directly; fusion forms kernels inside it, and the plan runs them once per iteration.
  }];
  let arguments = (ins Optional<AnyRankedTensor>:$trip_count, Optional<AnyRankedTensor>:$cond,
                       Variadic<AnyRankedTensor>:$inits);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    (`trip_count` $trip_count^ `:` type($trip_count))? (`cond` $cond^ `:` type($cond))?
    `(` $inits `)` attr-dict `:` functional-type($inits, $results) $body
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t numCarried() { return static_cast<int64_t>(getInits().size()); }
    int64_t numScans() { return static_cast<int64_t>(getResults().size()) - numCarried(); }
  }];
}

def Picoc_LoopYieldOp : Picoc_Op<"loop_yield", [Pure, Terminator, HasParent<"LoopOp">]> {
  let summary = "a loop body's next condition, carried values and scan values";
  let arguments = (ins AnyRankedTensor:$cond, Variadic<AnyRankedTensor>:$values);
  let assemblyFormat = [{
    $cond (`,` $values^)? attr-dict `:` type($cond) (`,` type($values)^)?
  }];
}

#endif // PICOC_OPS_TD
