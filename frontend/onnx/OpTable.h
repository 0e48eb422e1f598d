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
//   i f s t is fs ss g (int, float, string, tensor, ints, floats, strings, graph), and @lo-hi (or @lo-, open ended)
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

// The attributes RNN, GRU and LSTM share (layout from opset 14).
#define kRecurrentAttrs                                                                            \
  "activation_alpha:fs activation_beta:fs activations:ss clip:f direction:s hidden_size:i "        \
  "layout:i@14-"

// clang-format off
#define PICOC_ONNX_OPS(X)                                                                          \
  /* Elementwise.cpp */                                                                            \
  X(Add,                   1,  28, importBinary,          BinaryFn::add,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Sub,                   1,  28, importBinary,          BinaryFn::sub,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Mul,                   1,  28, importBinary,          BinaryFn::mul,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Div,                   1,  28, importBinary,          BinaryFn::div,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Pow,                   1,  28, importBinary,          BinaryFn::pow,         checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Mod,                   10, 28, importBinary,          BinaryFn::mod,         checkMod,         \
    "fmod:i")                                                                                      \
  X(Equal,                 1,  28, importBinary,          BinaryFn::eq,          checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Less,                  1,  28, importBinary,          BinaryFn::lt,          checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(LessOrEqual,           12, 28, importBinary,          BinaryFn::le,          noCheck, "")      \
  X(Greater,               1,  28, importBinary,          BinaryFn::gt,          checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(GreaterOrEqual,        12, 28, importBinary,          BinaryFn::ge,          noCheck, "")      \
  X(And,                   1,  28, importBinary,          BinaryFn::logical_and, checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Or,                    1,  28, importBinary,          BinaryFn::logical_or,  checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Xor,                   1,  28, importBinary,          BinaryFn::logical_xor, checkBinary,      \
    kLegacyBroadcastAttrs)                                                                         \
  X(Max,                   6,  28, importVariadic,        BinaryFn::max,         noCheck, "")      \
  X(Min,                   6,  28, importVariadic,        BinaryFn::min,         noCheck, "")      \
  X(Sum,                   6,  28, importVariadic,        BinaryFn::add,         noCheck, "")      \
  X(Mean,                  6,  28, importVariadic,        BinaryFn::add,         noCheck, "")      \
  X(Not,                   1,  28, importUnary,           UnaryFn::logical_not,  noCheck, "")      \
  X(BitwiseAnd,            18, 28, importBitwise,         BinaryFn::bitwise_and, noCheck, "")      \
  X(BitwiseOr,             18, 28, importBitwise,         BinaryFn::bitwise_or,  noCheck, "")      \
  X(BitwiseXor,            18, 28, importBitwise,         BinaryFn::bitwise_xor, noCheck, "")      \
  X(BitwiseNot,            18, 28, importBitwiseNot,      0,                     noCheck, "")      \
  X(BitShift,              11, 28, importBitShift,        0,                     checkBitShift,    \
    "direction:s")                                                                                 \
  X(Neg,                   6,  28, importUnary,           UnaryFn::neg,          noCheck, "")      \
  X(Abs,                   6,  28, importUnary,           UnaryFn::abs,          noCheck, "")      \
  X(Exp,                   6,  28, importUnary,           UnaryFn::exp,          noCheck, "")      \
  X(Log,                   6,  28, importUnary,           UnaryFn::log,          noCheck, "")      \
  X(Sqrt,                  6,  28, importUnary,           UnaryFn::sqrt,         noCheck, "")      \
  X(Reciprocal,            6,  28, importUnary,           UnaryFn::recip,        noCheck, "")      \
  X(Tanh,                  6,  28, importUnary,           UnaryFn::tanh,         noCheck, "")      \
  X(Erf,                   9,  28, importUnary,           UnaryFn::erf,          noCheck, "")      \
  X(Sigmoid,               6,  28, importUnary,           UnaryFn::sigmoid,      noCheck, "")      \
  X(Relu,                  6,  28, importUnary,           UnaryFn::relu,         noCheck, "")      \
  X(Sin,                   7,  28, importUnary,           UnaryFn::sin,          noCheck, "")      \
  X(Cos,                   7,  28, importUnary,           UnaryFn::cos,          noCheck, "")      \
  X(Asin,                  7,  28, importUnary,           UnaryFn::asin,         noCheck, "")      \
  X(Acos,                  7,  28, importUnary,           UnaryFn::acos,         noCheck, "")      \
  X(Atan,                  7,  28, importUnary,           UnaryFn::atan,         noCheck, "")      \
  X(Asinh,                 9,  28, importUnary,           UnaryFn::asinh,        noCheck, "")      \
  X(Acosh,                 9,  28, importUnary,           UnaryFn::acosh,        noCheck, "")      \
  X(Atanh,                 9,  28, importUnary,           UnaryFn::atanh,        noCheck, "")      \
  X(Floor,                 6,  28, importUnary,           UnaryFn::floor,        noCheck, "")      \
  X(Ceil,                  6,  28, importUnary,           UnaryFn::ceil,         noCheck, "")      \
  X(Round,                 11, 28, importUnary,           UnaryFn::round,        noCheck, "")      \
  X(Sign,                  9,  28, importUnary,           UnaryFn::sign,         noCheck, "")      \
  X(Where,                 9,  28, importWhere,           0,                     noCheck, "")      \
  X(Cast,                  7,  28, importCast,            0,                     checkCast,        \
    "to:i saturate:i")                                                                             \
  X(Identity,              1,  28, importIdentity,        0,                     noCheck, "")      \
  /* ControlFlow.cpp */                                                                            \
  X(If,                    1,  28, importIf,              0,                     checkIf,          \
    "then_branch:g else_branch:g")                                                                 \
  X(Loop,                  1,  28, importLoop,            0,                     checkLoop,        \
    "body:g")                                                                                      \
  X(Scan,                  8,  28, importScan,            0,                     checkScan,        \
    "body:g num_scan_inputs:i directions:is@8-8 scan_input_axes:is@9- "                            \
    "scan_input_directions:is@9- scan_output_axes:is@9- scan_output_directions:is@9-")            \
  X(Dropout,               7,  28, importDropout,         0,                     noCheck,          \
    "ratio:f@7-11 seed:i@12-")                                                                     \
  X(Clip,                  6,  28, importClip,            0,                     noCheck,          \
    "min:f@6-10 max:f@6-10")                                                                       \
  X(LeakyRelu,             6,  28, importLeakyRelu,       0,                     noCheck,          \
    "alpha:f")                                                                                     \
  X(PRelu,                 6,  28, importPRelu,           0,                     noCheck, "")      \
  X(Elu,                   6,  28, importElu,             0,                     noCheck,          \
    "alpha:f")                                                                                     \
  X(Selu,                  6,  28, importElu,             0,                     noCheck,          \
    "alpha:f gamma:f")                                                                             \
  X(HardSigmoid,           6,  28, importHardSigmoid,     0,                     noCheck,          \
    "alpha:f beta:f")                                                                              \
  X(HardSwish,             14, 28, importHardSigmoid,     0,                     noCheck, "")      \
  X(Swish,                 24, 28, importSwish,           0,                     noCheck, "alpha:f") \
  X(SwiGLU,                28, 28, importSwish,           0,                     noCheck, "alpha:f") \
  X(Softplus,              1,  28, importSoftplus,        0,                     noCheck, "")      \
  X(Mish,                  18, 28, importMish,            0,                     noCheck, "")      \
  X(BitCast,               26, 28, importBitCast,         0,                     checkBitCast,     \
    "to:i")                                                                                        \
  X(Gelu,                  20, 28, importGelu,            0,                     checkGelu,        \
    "approximate:s")                                                                               \
  X(Softsign,              1,  28, importSoftsign,        0,                     noCheck, "")      \
  X(ThresholdedRelu,       10, 28, importThresholdedRelu, 0,                     noCheck,          \
    "alpha:f")                                                                                     \
  X(Celu,                  12, 28, importCelu,            0,                     noCheck,          \
    "alpha:f")                                                                                     \
  X(Shrink,                9,  28, importShrink,          0,                     noCheck,          \
    "bias:f lambd:f")                                                                              \
  X(Tan,                   7,  28, importTan,             0,                     noCheck, "")      \
  X(Sinh,                  9,  28, importSinhCosh,        0,                     noCheck, "")      \
  X(Cosh,                  9,  28, importSinhCosh,        1,                     noCheck, "")      \
  X(IsNaN,                 9,  28, importIsNaN,           0,                     noCheck, "")      \
  X(IsInf,                 10, 28, importIsInf,           0,                     noCheck,          \
    "detect_negative:i detect_positive:i")                                                         \
  X(CastLike,              15, 28, importCastLike,        0,                     noCheck,          \
    "saturate:i")                                                                                  \
  X(OneHot,                9,  28, importOneHot,          0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(QuantizeLinear,        10, 28, importQuantizeLinear,  0,                     checkQuantize,    \
    "axis:i@13- saturate:i@19- block_size:i@21- output_dtype:i@21- precision:i@23-")              \
  X(DequantizeLinear,      10, 28, importDequantizeLinear, 0,                    checkQuantize,    \
    "axis:i@13- block_size:i@21- output_dtype:i@23-")                                             \
  X(DynamicQuantizeLinear, 11, 28, importDynamicQuantizeLinear, 0,              noCheck, "")      \
  /* Linalg.cpp */                                                                                 \
  X(MatMul,                1,  28, importMatMul,          0,                     noCheck, "")      \
  X(Gemm,                  1,  28, importGemm,            0,                     noCheck,          \
    "alpha:f beta:f broadcast:i transA:i transB:i")                                                \
  X(Einsum,                12, 28, importEinsum,          0,                     noCheck,          \
    "equation:s")                                                                                  \
  /* Quantized.cpp */                                                                              \
  X(MatMulInteger,         10, 28, importMatMulInteger,   0,                     noCheck, "")      \
  X(QLinearMatMul,         10, 28, importQLinearMatMul,   0,                     noCheck, "")      \
  X(ConvInteger,           10, 28, importConvInteger,     0,                     checkConvInteger, \
    "auto_pad:s dilations:is group:i kernel_shape:is pads:is strides:is")                          \
  X(QLinearConv,           10, 28, importQLinearConv,     0,                     checkQLinearConv, \
    "auto_pad:s dilations:is group:i kernel_shape:is pads:is strides:is")                          \
  /* Convolution.cpp */                                                                           \
  X(Conv,                  1,  28, importConv,            0,                     checkConv,        \
    "auto_pad:s dilations:is group:i kernel_shape:is pads:is strides:is")                          \
  X(CausalConvWithState,   27, 28, importCausalConvWithState, 0,                 checkCausalConvWithState, \
    "activation:s")                                                                                \
  X(Col2Im,                18, 28, importCol2Im,          0,                     noCheck,          \
    "dilations:is pads:is strides:is")                                                             \
  X(ConvTranspose,         1,  28, importConvTranspose,   0,                     checkConvTranspose,\
    "auto_pad:s dilations:is group:i kernel_shape:is output_padding:is output_shape:is pads:is "   \
    "strides:is")                                                                                  \
  X(MaxPool,               1,  28, importPool,            0,                     checkPool,        \
    "auto_pad:s ceil_mode:i dilations:is kernel_shape:is pads:is storage_order:i strides:is")      \
  X(AveragePool,           1,  28, importPool,            0,                     checkPool,        \
    "auto_pad:s ceil_mode:i count_include_pad:i dilations:is kernel_shape:is pads:is strides:is")  \
  X(LRN,                   1,  28, importLrn,             0,                     checkLrn,         \
    "alpha:f beta:f bias:f size:i")                                                                \
  X(LpPool,                2,  28, importPool,            0,                     checkPool,        \
    "auto_pad:s ceil_mode:i@18- dilations:is@18- kernel_shape:is p:i pads:is strides:is")          \
  /* Normalization.cpp */                                                                          \
  X(Softmax,               1,  28, importSoftmax,         0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(LogSoftmax,            1,  28, importSoftmax,         1,                     noCheck,          \
    "axis:i")                                                                                      \
  X(Hardmax,               1,  28, importHardmax,         0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(MeanVarianceNormalization, 9, 28, importMeanVarianceNorm, 0,                 noCheck,          \
    "axes:is")                                                                                     \
  X(LayerNormalization,    17, 28, importLayerNorm,       0,                     noCheck,          \
    "axis:i epsilon:f stash_type:i")                                                               \
  /* Attention.cpp */                                                                             \
  X(Attention,             23, 28, importAttention,       0,                     noCheck,          \
    "is_causal:i kv_num_heads:i q_num_heads:i qk_matmul_output_mode:i scale:f softcap:f "          \
    "softmax_precision:i left_window_size:i@25- right_window_size:i@25-")                         \
  X(LinearAttention,       27, 28, importLinearAttention, 0,                     checkLinearAttention, \
    "chunk_size:i kv_num_heads:i q_num_heads:i scale:f update_rule:s")                             \
  X(LpNormalization,       1,  28, importLpNorm,          0,                     noCheck,          \
    "axis:i p:i")                                                                                  \
  X(RotaryEmbedding,       23, 28, importRotaryEmbedding, 0,                     noCheck,          \
    "interleaved:i num_heads:i rotary_embedding_dim:i")                                           \
  X(RMSNormalization,      23, 28, importRmsNorm,         0,                     noCheck,          \
    "axis:i epsilon:f stash_type:i")                                                               \
  X(InstanceNormalization, 6,  28, importInstanceNorm,    0,                     noCheck,          \
    "epsilon:f")                                                                                   \
  X(GroupNormalization,    18, 28, importGroupNorm,       0,                     noCheck,          \
    "epsilon:f num_groups:i stash_type:i")                                                         \
  X(BatchNormalization,    6,  28, importBatchNorm,       0,                     checkBatchNorm,   \
    "epsilon:f is_test:i momentum:f spatial:i training_mode:i")                                    \
  X(CumSum,                11, 28, importCumSum,          0,                     noCheck,          \
    "exclusive:i reverse:i")                                                                       \
  X(CumProd,               26, 28, importCumSum,          0,                     noCheck,          \
    "exclusive:i reverse:i")                                                                       \
  X(ReduceSum,             1,  28, importReduce,          ReduceKind::Sum,       noCheck,          \
    kReduceSumAttrs)                                                                                  \
  X(ReduceMean,            1,  28, importReduce,          ReduceKind::Mean,      noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceMax,             1,  28, importReduce,          ReduceKind::Max,       noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceMin,             1,  28, importReduce,          ReduceKind::Min,       noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceProd,            1,  28, importReduce,          ReduceKind::Prod,      noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceSumSquare,       1,  28, importReduce,          ReduceKind::SumSquare, noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceL1,              1,  28, importReduce,          ReduceKind::L1,        noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceL2,              1,  28, importReduce,          ReduceKind::L2,        noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceLogSum,          1,  28, importReduce,          ReduceKind::LogSum,    noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ReduceLogSumExp,       1,  28, importReduce,          ReduceKind::LogSumExp, noCheck,          \
    kReduceAttrs)                                                                                  \
  X(ArgMax,                1,  28, importArgExtreme,      0,                     noCheck,          \
    "axis:i keepdims:i select_last_index:i")                                                       \
  X(ArgMin,                1,  28, importArgExtreme,      0,                     noCheck,          \
    "axis:i keepdims:i select_last_index:i")                                                       \
  X(GlobalAveragePool,     1,  28, importGlobalPool,      ReduceKind::Mean,      noCheck, "")      \
  X(GlobalMaxPool,         1,  28, importGlobalPool,      ReduceKind::Max,       noCheck, "")      \
  X(GlobalLpPool,          2,  28, importGlobalPool,      ReduceKind::Sum,       noCheck, "p:i")   \
  /* Shape.cpp */                                                                                  \
  X(Reshape,               5,  28, importReshape,         0,                     noCheck,          \
    "allowzero:i")                                                                                 \
  X(Transpose,             1,  28, importTranspose,       0,                     noCheck,          \
    "perm:is")                                                                                     \
  X(Flatten,               1,  28, importFlatten,         0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(Squeeze,               1,  28, importSqueeze,         0,                     noCheck,          \
    "axes:is@1-12")                                                                                \
  X(Unsqueeze,             1,  28, importUnsqueeze,       0,                     noCheck,          \
    "axes:is@1-12")                                                                                \
  X(Concat,                4,  28, importConcat,          0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(Split,                 2,  28, importSplit,           0,                     noCheck,          \
    "axis:i num_outputs:i@18- split:is@2-12")                                                      \
  X(Slice,                 1,  28, importSlice,           0,                     noCheck,          \
    "axes:is@1-9 ends:is@1-9 starts:is@1-9")                                                       \
  X(Expand,                8,  28, importExpand,          0,                     noCheck, "")      \
  X(Tile,                  6,  28, importTile,            0,                     noCheck, "")      \
  X(Pad,                   1,  28, importPad,             0,                     checkPad,         \
    "mode:s paddings:is@1-1 pads:is@2-10 value:f@1-10")                                            \
  X(Trilu,                 14, 28, importTrilu,           0,                     noCheck,          \
    "upper:i")                                                                                     \
  X(DepthToSpace,          7,  28, importDepthToSpace,    0,                     checkBlockMode,   \
    "blocksize:i mode:s")                                                                          \
  X(CenterCropPad,         18, 28, importCenterCropPad,   0,                     noCheck,          \
    "axes:is")                                                                                     \
  X(SpaceToDepth,          7,  28, importSpaceToDepth,    0,                     checkBlockMode,   \
    "blocksize:i mode:s@28-")                                                                      \
  /* Loss.cpp */                                                                                  \
  X(NegativeLogLikelihoodLoss, 12, 28, importNegativeLogLikelihoodLoss, 0,       checkLoss,        \
    "ignore_index:i reduction:s")                                                                  \
  X(SoftmaxCrossEntropyLoss, 12, 28, importSoftmaxCrossEntropyLoss, 0,           checkLoss,        \
    "ignore_index:i reduction:s")                                                                  \
  /* Indexing.cpp */                                                                              \
  X(Gather,                1,  28, importGather,          0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(Compress,              9,  28, importCompress,        0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(ReverseSequence,       10, 28, importReverseSequence, 0,                     noCheck,          \
    "batch_axis:i time_axis:i")                                                                    \
  X(GatherElements,        11, 28, importGatherElements,  0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(GatherND,              11, 28, importGatherND,        0,                     noCheck,          \
    "batch_dims:i")                                                                                \
  X(Scatter,               9,  10, importScatterElements, 0,                     noCheck,          \
    "axis:i")                                                                                      \
  X(ScatterElements,       11, 28, importScatterElements, 0,                     checkScatter,     \
    "axis:i reduction:s")                                                                          \
  X(ScatterND,             11, 28, importScatterND,       0,                     checkScatter,     \
    "reduction:s")                                                                                 \
  X(TensorScatter,         24, 28, importTensorScatter,   0,                     checkTensorScatter, \
    "axis:i mode:s")                                                                               \
  X(NonZero,               9,  28, importNonZero,         0,                     noCheck, "")      \
  X(Unique,                11, 28, importUnique,          0,                     noCheck,          \
    "axis:i sorted:i")                                                                             \
  X(TopK,                  1,  28, importTopK,            0,                     noCheck,          \
    "axis:i k:i@1-9 largest:i@11- sorted:i@11-")                                                   \
  /* Signal.cpp */                                                                                 \
  X(DFT,                   17, 28, importDft,             0,                     noCheck,          \
    "axis:i@17-19 inverse:i onesided:i")                                                           \
  X(STFT,                  17, 28, importStft,            0,                     noCheck,          \
    "onesided:i")                                                                                  \
  /* Recurrent.cpp */                                                                              \
  X(RNN,                   7,  28, importRecurrent,       0,                     checkRecurrent,   \
    kRecurrentAttrs)                                                                               \
  X(GRU,                   7,  28, importRecurrent,       0,                     checkRecurrent,   \
    kRecurrentAttrs " linear_before_reset:i")                                                      \
  X(LSTM,                  7,  28, importRecurrent,       0,                     checkRecurrent,   \
    kRecurrentAttrs " input_forget:i")                                                             \
  /* Constant.cpp */                                                                               \
  X(Constant,              1,  28, importConstant,        0,                     noCheck,          \
    "value:t value_float:f value_floats:fs value_int:i value_ints:is")                             \
  X(ConstantOfShape,       9,  28, importConstantOfShape, 0,                     noCheck,          \
    "value:t")                                                                                     \
  X(Shape,                 1,  28, importShape,           0,                     noCheck,          \
    "end:i start:i")                                                                               \
  X(Size,                  7,  28, importSize,            0,                     noCheck, "")      \
  X(Range,                 11, 28, importRange,           0,                     checkRange,       \
    "stash_type:i@27-")                                                                            \
  X(EyeLike,               9,  28, importEyeLike,         0,                     checkEyeLike,     \
    "dtype:i k:i")                                                                                 \
  X(HannWindow,            17, 28, importWindowFunction,  0,                     noCheck,          \
    "output_datatype:i periodic:i")                                                                \
  X(HammingWindow,         17, 28, importWindowFunction,  0,                     noCheck,          \
    "output_datatype:i periodic:i")                                                                \
  X(BlackmanWindow,        17, 28, importWindowFunction,  0,                     noCheck,          \
    "output_datatype:i periodic:i")                                                                \
  /* Resize.cpp */                                                                                 \
  X(AffineGrid,            20, 28, importAffineGrid,      0,                     noCheck,          \
    "align_corners:i")                                                                             \
  X(GridSample,            16, 28, importGridSample,      0,                     checkGridSample,  \
    "align_corners:i mode:s padding_mode:s")                                                       \
  X(Resize,                10, 28, importResize,          0,                     checkResize,      \
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
