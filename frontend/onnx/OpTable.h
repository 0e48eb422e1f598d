//===- OpTable.h - the ONNX ops the importer supports: one table --------------------===//
//
// One row per ONNX op type of the default domain:
//
//   X(OpType, minOpset, maxOpset, importFn, tag, checkFn, "attributes")
//
// - minOpset..maxOpset: the model opsets (default domain) whose semantics importFn implements.
// - importFn(NodeImporter &) builds the op's IR; `tag` is a value the family's importer reads
//   with NodeImporter::tag<T>() (a BinaryFn, UnaryFn, ReduceKind...), 0 where unused.
// - checkFn(const OnnxNode &) validates attribute values without IR (noCheck when none);
//   checkOnnxModel and importOnnxModel both run it.
// - "attributes": every attribute the importer understands, as name:type with type one of
//   i f s t is fs (int, float, string, tensor, ints, floats), and @lo-hi (or @lo-, open ended)
//   when the attribute exists only at opsets lo..hi (later ones made it an input). Any other attribute, one of
//   another type or one outside its opsets, is reported rather than silently ignored.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_FRONTEND_ONNX_OPTABLE_H
#define PICOC_FRONTEND_ONNX_OPTABLE_H

#include "picoc/Dialect/PicocDialect.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <utility>

namespace picoc::onnximport {

class OnnxNode;
class NodeImporter;

using ImportFn = mlir::LogicalResult (*)(NodeImporter &);
using CheckFn = void (*)(const OnnxNode &);

// The reductions ONNX names; each is a picoc.reduce plus elementwise pre/post steps.
enum class ReduceKind { Sum, Mean, Max, Min, Prod, SumSquare, L1, L2, LogSum, LogSumExp };

// clang-format off
#define PICOC_ONNX_OPS(X)                                                                          \
  /* Elementwise.cpp */                                                                            \
  X(Add,                   1,  21, importBinary,          BinaryFn::add,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Sub,                   1,  21, importBinary,          BinaryFn::sub,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Mul,                   1,  21, importBinary,          BinaryFn::mul,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Div,                   1,  21, importBinary,          BinaryFn::div,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Pow,                   1,  21, importBinary,          BinaryFn::pow,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Mod,                   10, 21, importBinary,          BinaryFn::mod,         checkMod,         \
    "fmod:i")                                                                                      \
  X(Equal,                 1,  21, importBinary,          BinaryFn::eq,          checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Less,                  1,  21, importBinary,          BinaryFn::lt,          checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(LessOrEqual,           12, 21, importBinary,          BinaryFn::le,          noCheck, "")      \
  X(Greater,               1,  21, importBinary,          BinaryFn::gt,          checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(GreaterOrEqual,        12, 21, importBinary,          BinaryFn::ge,          noCheck, "")      \
  X(And,                   1,  21, importBinary,          BinaryFn::logical_and, checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Or,                    1,  21, importBinary,          BinaryFn::logical_or,  checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Xor,                   1,  21, importBinary,          BinaryFn::logical_xor, checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Max,                   6,  21, importVariadic,        BinaryFn::max,         noCheck, "")      \
  X(Min,                   6,  21, importVariadic,        BinaryFn::min,         noCheck, "")      \
  X(Sum,                   6,  21, importVariadic,        BinaryFn::add,         noCheck, "")      \
  X(Mean,                  6,  21, importVariadic,        BinaryFn::add,         noCheck, "")      \
  X(Not,                   1,  21, importUnary,           UnaryFn::logical_not,  noCheck, "")      \
  X(Neg,                   6,  21, importUnary,           UnaryFn::neg,          noCheck, "")      \
  X(Abs,                   6,  21, importUnary,           UnaryFn::abs,          noCheck, "")      \
  X(Exp,                   6,  21, importUnary,           UnaryFn::exp,          noCheck, "")      \
  X(Log,                   6,  21, importUnary,           UnaryFn::log,          noCheck, "")      \
  X(Sqrt,                  6,  21, importUnary,           UnaryFn::sqrt,         noCheck, "")      \
  X(Reciprocal,            6,  21, importUnary,           UnaryFn::recip,        noCheck, "")      \
  X(Tanh,                  6,  21, importUnary,           UnaryFn::tanh,         noCheck, "")      \
  X(Erf,                   9,  21, importUnary,           UnaryFn::erf,          noCheck, "")      \
  X(Sigmoid,               6,  21, importUnary,           UnaryFn::sigmoid,      noCheck, "")      \
  X(Relu,                  6,  21, importUnary,           UnaryFn::relu,         noCheck, "")      \
  X(Sin,                   7,  21, importUnary,           UnaryFn::sin,          noCheck, "")      \
  X(Cos,                   7,  21, importUnary,           UnaryFn::cos,          noCheck, "")      \
  X(Asin,                  7,  21, importUnary,           UnaryFn::asin,         noCheck, "")      \
  X(Acos,                  7,  21, importUnary,           UnaryFn::acos,         noCheck, "")      \
  X(Atan,                  7,  21, importUnary,           UnaryFn::atan,         noCheck, "")      \
  X(Asinh,                 9,  21, importUnary,           UnaryFn::asinh,        noCheck, "")      \
  X(Acosh,                 9,  21, importUnary,           UnaryFn::acosh,        noCheck, "")      \
  X(Atanh,                 9,  21, importUnary,           UnaryFn::atanh,        noCheck, "")      \
  X(Floor,                 6,  21, importUnary,           UnaryFn::floor,        noCheck, "")      \
  X(Ceil,                  6,  21, importUnary,           UnaryFn::ceil,         noCheck, "")      \
  X(Round,                 11, 21, importUnary,           UnaryFn::round,        noCheck, "")      \
  X(Sign,                  9,  21, importUnary,           UnaryFn::sign,         noCheck, "")      \
  X(Where,                 9,  21, importWhere,           0,                     noCheck, "")      \
  X(Cast,                  7,  21, importCast,            0,                     checkCast,        \
    "to:i saturate:i")                                                                             \
  X(Identity,              1,  21, importIdentity,        0,                     noCheck, "")      \
  X(Dropout,               7,  21, importDropout,         0,                     noCheck,          \
    "ratio:f@7-11 seed:i@12-")                                                                     \
  X(Clip,                  6,  21, importClip,            0,                     noCheck,          \
    "min:f@6-10 max:f@6-10")                                                                       \
  X(LeakyRelu,             6,  21, importLeakyRelu,       0,                     noCheck,          \
    "alpha:f")                                                                                     \
  X(PRelu,                 6,  21, importPRelu,           0,                     noCheck, "")      \
  X(Elu,                   6,  21, importElu,             0,                     noCheck,          \
    "alpha:f")                                                                                     \
  X(Selu,                  6,  21, importElu,             0,                     noCheck,          \
    "alpha:f gamma:f")                                                                             \
  X(HardSigmoid,           6,  21, importHardSigmoid,     0,                     noCheck,          \
    "alpha:f beta:f")                                                                              \
  X(HardSwish,             14, 21, importHardSigmoid,     0,                     noCheck, "")      \
  X(Softplus,              1,  21, importSoftplus,        0,                     noCheck, "")      \
  X(Gelu,                  20, 21, importGelu,            0,                     checkGelu,        \
    "approximate:s")                                                                               \
  X(Softsign,              1,  21, importSoftsign,        0,                     noCheck, "")      \
  X(ThresholdedRelu,       10, 21, importThresholdedRelu, 0,                     noCheck,          \
    "alpha:f")                                                                                     \
  X(Celu,                  12, 21, importCelu,            0,                     noCheck,          \
    "alpha:f")                                                                                     \
  X(Shrink,                9,  21, importShrink,          0,                     noCheck,          \
    "bias:f lambd:f")                                                                              \
  X(Tan,                   7,  21, importTan,             0,                     noCheck, "")      \
  X(Sinh,                  9,  21, importSinhCosh,        0,                     noCheck, "")      \
  X(Cosh,                  9,  21, importSinhCosh,        1,                     noCheck, "")      \
  X(IsNaN,                 9,  21, importIsNaN,           0,                     noCheck, "")      \
  X(IsInf,                 10, 21, importIsInf,           0,                     noCheck,          \
    "detect_negative:i detect_positive:i")                                                         \
  X(CastLike,              15, 21, importCastLike,        0,                     noCheck,          \
    "saturate:i")                                                                                  \
  X(OneHot,                9,  21, importOneHot,          0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(QuantizeLinear,        10, 21, importQuantizeLinear,  0,                     checkQuantize,    \
    "axis:i block_size:i output_dtype:i saturate:i")                                               \
  X(DequantizeLinear,      10, 21, importDequantizeLinear, 0,                    checkQuantize,    \
    "axis:i block_size:i")                                                                         \
  X(DynamicQuantizeLinear, 11, 21, importDynamicQuantizeLinear, 0,              noCheck, "")      \
  /* Linalg.cpp */                                                                                 \
  X(MatMul,                1,  21, importMatMul,          0,                     noCheck, "")      \
  X(Gemm,                  1,  21, importGemm,            0,                     noCheck,          \
    "alpha:f beta:f broadcast:i transA:i transB:i")                                                \
  X(Einsum,                12, 21, importEinsum,          0,                     noCheck,          \
    "equation:s")                                                                                  \
  /* Convolution.cpp */                                                                           \
  X(Conv,                  1,  21, importConv,            0,                     checkConv,        \
    "auto_pad:s dilations:is group:i kernel_shape:is pads:is strides:is")                          \
  X(ConvTranspose,         1,  21, importConvTranspose,   0,                     checkConvTranspose,\
    "auto_pad:s dilations:is group:i kernel_shape:is output_padding:is output_shape:is pads:is "   \
    "strides:is")                                                                                  \
  X(MaxPool,               1,  21, importPool,            0,                     checkPool,        \
    "auto_pad:s ceil_mode:i dilations:is kernel_shape:is pads:is storage_order:i strides:is")      \
  X(AveragePool,           1,  21, importPool,            0,                     checkPool,        \
    "auto_pad:s ceil_mode:i count_include_pad:i dilations:is kernel_shape:is pads:is strides:is")  \
  /* Normalization.cpp */                                                                          \
  X(Softmax,               1,  21, importSoftmax,         0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(LogSoftmax,            1,  21, importSoftmax,         1,                     noCheck,          \
    "axis:i")                                                                                      \
  X(Hardmax,               1,  21, importHardmax,         0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(MeanVarianceNormalization, 9, 21, importMeanVarianceNorm, 0,                 noCheck,          \
    "axes:is")                                                                                     \
  X(LayerNormalization,    17, 21, importLayerNorm,       0,                     noCheck,          \
    "axis:i epsilon:f stash_type:i")                                                               \
  X(InstanceNormalization, 6,  21, importInstanceNorm,    0,                     noCheck,          \
    "epsilon:f")                                                                                   \
  X(GroupNormalization,    18, 21, importGroupNorm,       0,                     noCheck,          \
    "epsilon:f num_groups:i stash_type:i")                                                         \
  X(BatchNormalization,    6,  21, importBatchNorm,       0,                     checkBatchNorm,   \
    "epsilon:f is_test:i momentum:f spatial:i training_mode:i")                                    \
  X(CumSum,                11, 21, importCumSum,          0,                     noCheck,          \
    "exclusive:i reverse:i")                                                                       \
  X(ReduceSum,             1,  21, importReduce,          ReduceKind::Sum,       noCheck,          \
    kReduceSumAttrs)                                                                                  \
  X(ReduceMean,            1,  21, importReduce,          ReduceKind::Mean,      noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceMax,             1,  21, importReduce,          ReduceKind::Max,       noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceMin,             1,  21, importReduce,          ReduceKind::Min,       noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceProd,            1,  21, importReduce,          ReduceKind::Prod,      noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceSumSquare,       1,  21, importReduce,          ReduceKind::SumSquare, noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceL1,              1,  21, importReduce,          ReduceKind::L1,        noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceL2,              1,  21, importReduce,          ReduceKind::L2,        noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceLogSum,          1,  21, importReduce,          ReduceKind::LogSum,    noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceLogSumExp,       1,  21, importReduce,          ReduceKind::LogSumExp, noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ArgMax,                1,  21, importArgExtreme,      0,                     noCheck,          \
    "axis:i keepdims:i select_last_index:i")                                                       \
  X(ArgMin,                1,  21, importArgExtreme,      0,                     noCheck,          \
    "axis:i keepdims:i select_last_index:i")                                                       \
  X(GlobalAveragePool,     1,  21, importGlobalPool,      ReduceKind::Mean,      noCheck, "")      \
  X(GlobalMaxPool,         1,  21, importGlobalPool,      ReduceKind::Max,       noCheck, "")      \
  /* Shape.cpp */                                                                                  \
  X(Reshape,               5,  21, importReshape,         0,                     noCheck,          \
    "allowzero:i")                                                                                 \
  X(Transpose,             1,  21, importTranspose,       0,                     noCheck,          \
    "perm:is")                                                                                     \
  X(Flatten,               1,  21, importFlatten,         0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(Squeeze,               1,  21, importSqueeze,         0,                     noCheck,          \
    "axes:is@1-12")                                                                                \
  X(Unsqueeze,             1,  21, importUnsqueeze,       0,                     noCheck,          \
    "axes:is@1-12")                                                                                \
  X(Concat,                4,  21, importConcat,          0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(Split,                 2,  21, importSplit,           0,                     noCheck,          \
    "axis:i num_outputs:i@18- split:is@2-12")                                                      \
  X(Slice,                 1,  21, importSlice,           0,                     noCheck,          \
    "axes:is@1-9 ends:is@1-9 starts:is@1-9")                                                       \
  X(Expand,                8,  21, importExpand,          0,                     noCheck, "")      \
  X(Tile,                  6,  21, importTile,            0,                     noCheck, "")      \
  X(Pad,                   1,  21, importPad,             0,                     checkPad,         \
    "mode:s paddings:is@1-1 pads:is@2-10 value:f@1-10")                                            \
  X(Trilu,                 14, 21, importTrilu,           0,                     noCheck,          \
    "upper:i")                                                                                     \
  X(DepthToSpace,          7,  21, importDepthToSpace,    0,                     checkDepthToSpace, \
    "blocksize:i mode:s")                                                                          \
  X(SpaceToDepth,          7,  21, importSpaceToDepth,    0,                     noCheck,          \
    "blocksize:i")                                                                                 \
  /* Loss.cpp */                                                                                  \
  X(NegativeLogLikelihoodLoss, 12, 21, importNegativeLogLikelihoodLoss, 0,       checkLoss,        \
    "ignore_index:i reduction:s")                                                                  \
  X(SoftmaxCrossEntropyLoss, 12, 21, importSoftmaxCrossEntropyLoss, 0,           checkLoss,        \
    "ignore_index:i reduction:s")                                                                  \
  /* Indexing.cpp */                                                                              \
  X(Gather,                1,  21, importGather,          0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(GatherElements,        11, 21, importGatherElements,  0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(GatherND,              11, 21, importGatherND,        0,                     noCheck,          \
    "batch_dims:i")                                                                                \
  X(Scatter,               9,  10, importScatterElements, 0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(ScatterElements,       11, 21, importScatterElements, 0,                     checkScatter,     \
    "axis:i reduction:s")                                                                          \
  X(ScatterND,             11, 21, importScatterND,       0,                     checkScatter,     \
    "reduction:s")                                                                                 \
  X(TopK,                  1,  21, importTopK,            0,                     noCheck,          \
    "axis:i k:i@1-9 largest:i@11- sorted:i@11-")                                                   \
  /* Constant.cpp */                                                                               \
  X(Constant,              1,  21, importConstant,        0,                     noCheck,          \
    "value:t value_float:f value_floats:fs value_int:i value_ints:is")                             \
  X(ConstantOfShape,       9,  21, importConstantOfShape, 0,                     noCheck,          \
    "value:t")                                                                                     \
  X(Shape,                 1,  21, importShape,           0,                     noCheck,          \
    "end:i start:i")                                                                               \
  X(Size,                  7,  21, importSize,            0,                     noCheck, "")      \
  X(Range,                 11, 21, importRange,           0,                     noCheck, "")      \
  X(EyeLike,               9,  21, importEyeLike,         0,                     checkEyeLike,     \
    "dtype:i k:i")                                                                                 \
  /* Resize.cpp */                                                                                 \
  X(Resize,                10, 21, importResize,          0,                     checkResize,      \
    kResizeAttrs)                                                                                  \
  X(Upsample,              7,  9,  importUpsample,        0,                     checkResize,      \
    "mode:s scales:fs")
// clang-format on

// Before opset 7 binary ops broadcast only when asked to (see checkBinary).
inline constexpr const char *kLegacyBroadcastAttrs = "axis:i broadcast:i consumed_inputs:is";
// ReduceSum took its axes as an input from opset 13, the other reductions from opset 18.
inline constexpr const char *kReduceSumAttrs =
    "axes:is@1-12 keepdims:i noop_with_empty_axes:i@13-";
inline constexpr const char *kReduceAttrs = "axes:is@1-17 keepdims:i noop_with_empty_axes:i@18-";
inline constexpr const char *kResizeAttrs =
    "antialias:i axes:is coordinate_transformation_mode:s cubic_coeff_a:f exclude_outside:i "
    "extrapolation_value:f keep_aspect_ratio_policy:s mode:s nearest_mode:s";

// The importers and checks named in the table (declared once each; several rows share one).
#define PICOC_DECLARE_OP(op, minOpset, maxOpset, importFn, tag, checkFn, attrs)                  \
  mlir::LogicalResult importFn(NodeImporter &);                                                 \
  void checkFn(const OnnxNode &);
PICOC_ONNX_OPS(PICOC_DECLARE_OP)
#undef PICOC_DECLARE_OP

struct OpInfo {
  const char *opType;
  int minOpset, maxOpset;
  ImportFn import;
  int64_t tag;
  CheckFn check;
  const char *attributes; // space-separated name:type
};

#define PICOC_COUNT_OP(...) +1
inline constexpr int kNumOnnxOps = 0 PICOC_ONNX_OPS(PICOC_COUNT_OP);
#undef PICOC_COUNT_OP

// The row for an op type of the default domain, or null.
const OpInfo *findOp(llvm::StringRef opType);
// All rows, kNumOnnxOps of them, in table order.
llvm::ArrayRef<OpInfo> allOps();

// The type code of attribute `name` in an OpInfo::attributes list, or "" when unlisted.
// The type code of attribute `name` at model opset `opset`, "" if the op has no such attribute
// there (an attribute that later opsets turned into an input: ReduceSum-13's axes, Clip-11's
// min and max, ...).
llvm::StringRef attributeType(const char *attributes, llvm::StringRef name, int opset);
// The opsets at which the op has attribute `name`, if it has it at any.
std::optional<std::pair<int, int>> attributeOpsets(const char *attributes, llvm::StringRef name);

} // namespace picoc::onnximport

#endif // PICOC_FRONTEND_ONNX_OPTABLE_H
