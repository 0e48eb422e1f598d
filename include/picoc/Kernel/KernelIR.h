//===- KernelIR.h - kernels as data ------------------------------------------------===//
//
// The kernel IR sits between the graph IR (MLIR) and the targets. A kernel computes one output
// buffer over an iteration space: one loop variable per output dim, plus one per reduction axis.
// Its value is an expression DAG over those variables: loads through index maps (views), constants,
// elementwise math and Reduce nodes. A Reduce folds its operand over every reduction variable;
// several may share the reduction axes and one may read another (softmax: sum(exp(x - max(x))),
// a row kernel, see Kernel::rowDims). Views (reshape, transpose, slice, pad, broadcast, gather) are not ops here: they are
// already folded into the index expressions of the loads.
//
// Targets read a Program (buffers + kernels in execution order) and know nothing about ONNX or
// MLIR. How a kernel's loops are arranged (vector width, register tile, cache tile, parallel dims)
// is chosen by Opts, plain data applied by applyOpt (Schedule.h).
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_KERNEL_KERNELIR_H
#define PICOC_KERNEL_KERNELIR_H

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace picoc::kir {

// Element types. The numbers are ONNX TensorProto.DataType codes (and picort_dtype's); the
// sizes are in bits. The narrow formats (float8, int4, uint4, float4... below F32's table
// line) are storage only: a buffer (a model input or output) may hold them, but no expression
// node computes in them. A kernel reads a narrow element as its bits (Load of U8, packed
// several to a byte below 8 bits, low bits first) and Decodes them into the format's wide
// type (F32 for the float formats, I8/U8 for the integers); it writes one by Encoding a wide
// value into bits.
#define PICOC_DTYPES(X)                                                                         \
  X(F32, 1, 32, "f32")                                                                          \
  X(U8, 2, 8, "u8")                                                                             \
  X(I8, 3, 8, "i8")                                                                             \
  X(U16, 4, 16, "u16")                                                                          \
  X(I16, 5, 16, "i16")                                                                          \
  X(I32, 6, 32, "i32")                                                                          \
  X(I64, 7, 64, "i64")                                                                          \
  X(Bool, 9, 8, "bool")                                                                         \
  X(F16, 10, 16, "f16")                                                                         \
  X(F64, 11, 64, "f64")                                                                         \
  X(U32, 12, 32, "u32")                                                                         \
  X(U64, 13, 64, "u64")                                                                         \
  X(BF16, 16, 16, "bf16")                                                                       \
  X(F8E4M3FN, 17, 8, "f8e4m3fn")                                                                \
  X(F8E4M3FNUZ, 18, 8, "f8e4m3fnuz")                                                            \
  X(F8E5M2, 19, 8, "f8e5m2")                                                                    \
  X(F8E5M2FNUZ, 20, 8, "f8e5m2fnuz")                                                            \
  X(U4, 21, 4, "u4")                                                                            \
  X(I4, 22, 4, "i4")                                                                            \
  X(F4E2M1, 23, 4, "f4e2m1")                                                                    \
  X(U2, 25, 2, "u2")                                                                            \
  X(I2, 26, 2, "i2")

enum class DType : uint8_t {
#define X(name, code, size, str) name = code,
  PICOC_DTYPES(X)
#undef X
};

int64_t dtypeBits(DType t);
int64_t dtypeSize(DType t);           // bytes of one element in memory (1 for the packed types)
const char *dtypeName(DType t);
bool isFloat(DType t);                // F16, BF16, F32, F64 and the narrow float formats
bool isSigned(DType t);               // the signed integers (floats are not integers)
bool isNarrow(DType t);               // a storage-only format (see PICOC_DTYPES)
DType wideType(DType t);              // the type a narrow format computes in; t otherwise
int64_t elementsPerByte(DType t);     // > 1 for the packed formats (below 8 bits), else 1

// The narrow float formats: sign, exponent and mantissa fields (OCP / ONNX float8 and
// float4). `Ieee` has infinities and NaNs at the top exponent (E5M2); `Fn` has no infinity and
// one NaN magnitude, all ones (E4M3FN); `Fnuz` has neither infinity nor negative zero, and its
// NaN is the negative zero's code, 0x80; `Finite` has neither infinity nor NaN (E2M1): every
// value out of range saturates, and NaN becomes 0.
struct FloatFormat {
  enum Kind { Ieee, Fn, Fnuz, Finite };
  int exponentBits, mantissaBits, bias;
  Kind kind;
  int signShift() const { return exponentBits + mantissaBits; }
  uint32_t maxFinite() const; // the largest finite magnitude's code
  uint32_t nanCode() const;   // with the sign bit clear (Fnuz: 0x80; Finite: none, 0)
};
std::optional<FloatFormat> floatFormat(DType t);
// Reference conversions, as the generated kernels compute them (Encode / Decode): round to
// nearest even; out of range -> max finite when saturating, else infinity (Ieee) or NaN.
uint8_t encodeFloat(const FloatFormat &f, float x, bool saturate);
float decodeFloat(const FloatFormat &f, uint8_t code);
std::optional<DType> dtypeFromOnnx(int32_t onnxCode);

// Expression ops. Elementwise ops follow ONNX semantics for their dtype; index arithmetic uses
// I64 Add/Mul/Div/Mod on non-negative values (where truncating and floor division agree).
#define PICOC_KIR_OPS(X)                                                                        \
  X(Var)    /* loop variable number `arg` (output dims first, then reduction axes) */          \
  X(Dim)    /* the value of run-time dim number `arg` in this call (I64) */                    \
  X(Const)  /* `fval` for floats, `ival` for integers and Bool */                               \
  X(Load)   /* buffer `arg` at element src[0] (I64); src[1]: Bool guard or -1: where the  */   \
            /* guard is false memory is not touched and the load yields zero             */   \
  X(Neg) X(Abs) X(Exp) X(Log) X(Sqrt) X(Rsqrt) X(Recip) X(Tanh) X(Erf) X(Sigmoid) X(Relu)       \
  X(Sin) X(Cos) X(Floor) X(Ceil) X(Round) X(Sign)                                               \
  X(Not)    /* ! on Bool, ~ on integers */                                                      \
  X(Asin) X(Acos) X(Atan) X(Asinh) X(Acosh) X(Atanh)                                            \
  X(Add) X(Sub) X(Mul) X(Div) X(Pow) X(Max) X(Min)                                              \
  X(Mod)    /* floor modulo: result has the divisor's sign (ONNX Mod fmod=0) */                 \
  X(FMod)   /* truncated modulo: result has the dividend's sign (C fmod, ONNX fmod=1) */        \
  X(CmpEq) X(CmpLt) X(CmpLe) X(CmpGt) X(CmpGe) /* -> Bool */                                    \
  X(And) X(Or) X(Xor) /* logical on Bool, bitwise on integers */                               \
  X(Shl) X(Shr) /* integers; an amount outside [0, width) as unsigned shifts every bit out */   \
                /* (Shr of a negative signed value gives -1); signed Shr is arithmetic */       \
  X(Select) /* src[0] ? src[1] : src[2] */                                                      \
  X(Cast)   /* src[0] converted to `dtype` */                                                   \
  X(Bitcast) /* src[0]'s bits as `dtype`, of the same width (Bool: a byte, 0 or 1 or not 0) */  \
  X(Encode) /* src[0] (F32 or an integer) as the bits of narrow format `arg` (U8): floats   */   \
            /* rounded to nearest even, out of range -> max finite if `ival` (saturate)    */   \
            /* else the format's inf or NaN; integers wrap (their low bits)               */   \
  X(Decode) /* src[0] (U8 bits of narrow format `arg`) as the value, dtype wideType(arg)   */   \
  X(Reduce) /* fold src[0] over all reduction variables with ReduceFn `arg` */

enum class Op : uint8_t {
#define X(name) name,
  PICOC_KIR_OPS(X)
#undef X
};
const char *opName(Op op);

enum class ReduceFn : uint8_t { Sum, Max, Min, Prod };
const char *reduceFnName(ReduceFn fn);

using ExprId = int32_t;
constexpr ExprId kNoExpr = -1;

struct Node {
  Op op;
  DType dtype;
  int64_t arg = 0;  // Var: variable; Dim: run-time dim; Load: buffer id; Reduce: ReduceFn;
                    // Encode/Decode: DType
  int64_t ival = 0; // Const of an integer or Bool type; Encode: saturate
  double fval = 0;  // Const of a float type
  std::array<ExprId, 3> src = {kNoExpr, kNoExpr, kNoExpr};
  bool operator==(const Node &o) const {
    return op == o.op && dtype == o.dtype && arg == o.arg && ival == o.ival &&
           (fval == o.fval || (fval != fval && o.fval != o.fval)) && src == o.src;
  }
};

// A run-time dim (`--dim seq=1..512`): its value is known when the model is called, within
// [min, max]. Buffers are planned and laid out for `max` (a tensor of 7 rows out of 512 fills
// the first 7 rows of its buffer, whose strides are the bound's), so index expressions keep
// static strides; loop extents and a few index terms (a concat's offset, a padding guard)
// read the value.
struct RunDim {
  std::string name;
  int64_t min = 0, max = 0;
  bool operator==(const RunDim &o) const { return name == o.name && min == o.min && max == o.max; }
};

// An affine expression over a program's run-time dims: constant + sum of coeffs[i] * dim i
// (coeffs may be shorter than the dims: the rest are 0). A static extent is a constant.
struct DimExpr {
  int64_t constant = 0;
  std::vector<int64_t> coeffs;

  static DimExpr of(int64_t c) { return DimExpr{c, {}}; }
  static DimExpr dim(int i);            // 1 * dim i
  bool isConstant() const;              // no dim with a nonzero coefficient
  int plainDim() const;                 // i when this is 1 * dim i alone, else -1
  int64_t coeff(int i) const { return i < static_cast<int>(coeffs.size()) ? coeffs[i] : 0; }
  DimExpr plus(const DimExpr &o, int64_t factor = 1) const; // this + factor * o
  int64_t max(const std::vector<RunDim> &dims) const; // its largest value within the bounds
  int64_t min(const std::vector<RunDim> &dims) const; // its smallest
  std::string str(const std::vector<RunDim> &dims) const; // "2*seq + 1"
  bool operator==(const DimExpr &o) const;
};

// A hash-consed DAG: building the same node twice returns the same id, so common
// subexpressions are shared by construction. Integer index arithmetic is simplified as it is
// built (see Simplify.cpp): constants fold, x*1 and x+0 vanish, and div/mod by constants use
// the ranges of the loop variables (set with setVarRange) to cancel.
class ExprGraph {
public:
  ExprId var(int64_t v);
  ExprId dim(int64_t d);                 // run-time dim d (see setDimRange)
  ExprId dimExpr(const DimExpr &e);      // e's value as I64 arithmetic over Dim nodes
  ExprId constInt(int64_t v, DType t = DType::I64);
  ExprId constFloat(double v, DType t = DType::F32);
  ExprId constBool(bool v) { return constInt(v ? 1 : 0, DType::Bool); }
  ExprId load(int64_t buffer, DType t, ExprId index, ExprId guard = kNoExpr);
  ExprId unary(Op op, ExprId a);
  ExprId binary(Op op, ExprId a, ExprId b); // comparisons give Bool, others a's dtype
  ExprId select(ExprId c, ExprId a, ExprId b);
  ExprId cast(ExprId a, DType t);
  ExprId bitcast(ExprId a, DType t); // the same bits as `t` (of the same width)
  ExprId encode(ExprId a, DType format, bool saturate); // U8 bits of narrow `format`
  ExprId decode(ExprId bits, DType format);              // wideType(format)
  ExprId reduce(ReduceFn fn, ExprId a);

  // Index helpers (I64).
  ExprId add(ExprId a, ExprId b) { return binary(Op::Add, a, b); }
  ExprId mul(ExprId a, ExprId b) { return binary(Op::Mul, a, b); }
  ExprId addConst(ExprId a, int64_t c) { return add(a, constInt(c)); }
  ExprId mulConst(ExprId a, int64_t c) { return mul(a, constInt(c)); }
  ExprId divConst(ExprId a, int64_t c) { return binary(Op::Div, a, constInt(c)); }
  ExprId modConst(ExprId a, int64_t c) { return binary(Op::Mod, a, constInt(c)); }
  ExprId andBool(ExprId a, ExprId b); // kNoExpr stands for "true" on either side

  const Node &node(ExprId id) const { return nodes_[id]; }
  size_t size() const { return nodes_.size(); }

  // Variable v takes the values [0, extent); unset, any non-negative value.
  void setVarRange(int64_t v, int64_t extent);
  int64_t varExtent(int64_t v) const;
  // Run-time dim d takes values in [min, max]; unset, any non-negative value.
  void setDimRange(int64_t d, int64_t min, int64_t max);
  // Inclusive bounds of an integer expression, from the variables' ranges.
  std::pair<int64_t, int64_t> bounds(ExprId id) const;
  std::optional<int64_t> constValue(ExprId id) const;

  // `e` with variable v replaced by `replacement` (re-simplified).
  ExprId substitute(ExprId e, int64_t v, ExprId replacement);
  // Node `e` of graph `from` (which may be this one) built in this graph, re-simplified by its
  // ranges: each node for which `replace` gives an id here is that id, the others are built
  // from their operands alike (variables, dims and constants as they are).
  ExprId rebuild(const ExprGraph &from, ExprId e, const std::function<ExprId(ExprId)> &replace);
  // Every Load of buffer b now loads buffer renumber(b) (ids stay; a kernel moved into another
  // program). `renumber` must map distinct buffers to distinct ones.
  void renumberBuffers(const std::function<int64_t(int64_t)> &renumber);
  // True if `e` depends on variable v.
  bool dependsOn(ExprId e, int64_t v) const;

  std::string str(ExprId e) const; // a one-line rendering for dumps and tests

  // Renumbers the buffers that Load nodes read: buffer b becomes newId(b). `newId` must be
  // one-to-one (joining programs shifts their buffer ids).
  template <typename F> void renumberBuffers(F newId) {
    index_.clear();
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].op == Op::Load)
        nodes_[i].arg = newId(nodes_[i].arg);
      index_.emplace(nodes_[i], static_cast<ExprId>(i));
    }
  }

private:
  ExprId intern(const Node &n);
  ExprId simplifyBinary(Op op, ExprId a, ExprId b, DType t);
  std::vector<Node> nodes_;
  struct NodeHash {
    size_t operator()(const Node &n) const;
  };
  std::unordered_map<Node, ExprId, NodeHash> index_;
  std::vector<int64_t> varExtents_;
  std::vector<std::pair<int64_t, int64_t>> dimRanges_;
};

// A kernel's schedule is a list of opts, chosen by heuristics or search and applied by
// applyOpt, which checks each against the kernel and the target (Schedule.h says what each
// kind means on a CPU and on a GPU).
#define PICOC_OPT_KINDS(X)                                                                      \
  X(Global, "global")             /* the first `amount` output dims form the launch */          \
  X(Local, "local")               /* GPU: `amount` output elements per thread block */          \
  X(GroupReduce, "group_reduce")  /* GPU: `amount` threads fold each element's reduction */     \
  X(Upcast, "upcast")             /* CPU: axis `axis` in vectors of `amount` lanes */           \
  X(Unroll, "unroll")             /* CPU: a register tile of `amount` values of axis `axis` */  \
  X(Tile, "tile")                 /* CPU: axis `axis` in cache blocks of `amount` */            \
  X(Mma, "mma")                   /* GPU: tensor cores, `amount` tf32 products per product */   \
  X(Wgmma, "wgmma")               /* GPU sm_90a: mma by warpgroups, factor `axis` the wgmma N */

enum class OptKind : uint8_t {
#define X(name, str) name,
  PICOC_OPT_KINDS(X)
#undef X
};
struct Opt {
  OptKind kind;
  int axis = 0;
  int64_t amount = 0;
  bool operator==(const Opt &o) const { return kind == o.kind && axis == o.axis && amount == o.amount; }
};
const char *optKindName(OptKind k);
std::optional<OptKind> optKindFromName(const std::string &name);

// State: a tensor that lives in the model instance between calls (an in-place KV cache, see
// Entry::states), placed in the arena after every entry point's temporaries.
enum class BufferKind : uint8_t { Input, Output, Weight, Temp, State };

struct Buffer {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape; // the dims; a run-time dim's bound (the buffer's layout)
  BufferKind kind;
  int64_t position = 0; // Input/Output: position in the model's signature
  int64_t offset = 0;   // Weight: byte offset in the weights blob; Temp, State: in the arena
  // Per dim, its size in a call: empty when every dim is static (Input and Output buffers
  // carry it; a kernel's extents are its own, Kernel::runExtents).
  std::vector<DimExpr> runShape;
  int64_t numElements() const;
  int64_t bytes() const { return (numElements() * dtypeBits(dtype) + 7) / 8; }
  // The elements a kernel writing this buffer stores: bytes for a packed format (one store
  // per byte holds several elements), numElements() otherwise.
  int64_t storedElements() const {
    return elementsPerByte(dtype) > 1 ? bytes() : numElements();
  }
};

// An attention kernel: softmax(score) @ V for each query row, computed online (the score
// matrix is never stored). The output dims are [rows..., d]: every dim but the last names a
// query row (batch dims, then the query), the last is V's column. The two reduction variables
// are the key, j (var rank()), and the head-dim term, e (var rank() + 1).
//   dot    Reduce(Sum, q * k) over e only (the one Reduce in a kernel that folds a subset of
//          the reduction variables): q reads the row vars and e, k reads j and e;
//   score  the row's score of key j (dot scaled, a mask or bias added), reads `dot`;
//   value  V at key j, column d.
//   bias   kNoExpr, or the additive part of the score (score = dot * c + bias; a mask): a key
//          whose bias is -inf has no weight (for any finite dot), so targets may skip its dot
//          product and its row of V (a causal mask's future keys); it reads no reduction
//          variable but j.
// A row whose scores are all -inf (fully masked) gives NaN, as softmax does, or 0 with
// `zeroEmptyRows` (the exporters' Where(IsNaN(p), 0, p) after the softmax).
// Decode-shaped attention (few query rows, many keys) is split (`splits` S > 0): the kernel's
// output dims are then [rows..., S, D + 2], split s taking keys [s c, min(N, (s + 1) c)) with
// c = ceil(N / S), and it writes its partial results: the unnormalized sums acc[d] in columns
// 0..D-1, the running max m in column D and the sum of weights l in column D + 1 (m = -inf,
// l = 0 for a split without a weighted key). A merge kernel after it (an ordinary kernel,
// picoc-kernel-lower-to-kernels) rescales them to the largest m and divides.
// The kernel's `value` is the expression it stands for, Reduce(Sum, p * value) / Reduce(Sum, p)
// with p = exp(score - Reduce(Max, score)) (those three over j), for dumps and keys; targets
// render attention kernels by their own rule (targets/x86/AttentionEmitter.cpp,
// targets/cuda/CudaAttention.cpp), never through the general loop nest.
struct Attention {
  ExprId dot = kNoExpr, score = kNoExpr, value = kNoExpr, bias = kNoExpr;
  bool zeroEmptyRows = false;
  int64_t splits = 0;
  int keyVar(int rank) const { return rank; }
  int termVar(int rank) const { return rank + 1; }
  // The query row's dims are [0, rowDims(rank)); the split dim follows them when split.
  int rowDims(int rank) const { return splits > 0 ? rank - 2 : rank - 1; }
};

struct Kernel {
  std::string name;                  // unique C identifier within the program
  std::string location;              // the model's node name(s), for diagnostics and dumps
  int output = -1;                   // buffer id written (row-major, shape == `shape`)
  std::vector<int> inputs;           // buffer ids read (Load args refer to these ids)
  std::vector<int64_t> shape;        // output iteration space: Var 0..rank-1
  std::vector<int64_t> reduceShape;  // reduction axes: Var rank..rank+n-1
  ExprGraph graph;
  ExprId value = kNoExpr;            // the value stored at each output index
  std::vector<Opt> opts;             // the schedule: applied opts, in order (Schedule.h)
  // Per variable (output dims, then reduction axes), its extent in a call when some depend on
  // run-time dims, whose bounds `shape` and `reduceShape` hold; empty when all are static.
  std::vector<DimExpr> runExtents;
  // Where the iteration space sits in the output buffer: per output dim, the index its
  // variable 0 stores at. Empty when the kernel writes its whole output, of shape `shape`.
  // A state's append (Entry::states) writes the call's new rows from the run-time position
  // where the old ones end, into a buffer laid out at the state's bounds.
  std::vector<DimExpr> outputStart;
  // Set for an attention kernel (below); its `value` then spells out what it computes.
  std::optional<Attention> attention;

  int rank() const { return static_cast<int>(shape.size()); }
  bool hasRunExtents() const { return !runExtents.empty(); }
  bool readsRunDims() const; // run-time extents, a Dim node or a run-time output start
  // The element offset of the first stored element in the output buffer `out`, and the
  // strides (in elements) of the output dims there: `out`'s row-major strides.
  DimExpr outputOffset(const std::vector<int64_t> &outShape) const;
  // Variable v's extent in a call (a constant when static).
  DimExpr runExtent(int v) const;
  int numVars() const { return rank() + static_cast<int>(reduceShape.size()); }
  std::optional<ReduceFn> reduceFn() const; // the first Reduce node's function, if any
  // The Reduce nodes the value reaches, in id order (a Reduce after those it reads).
  std::vector<ExprId> reduces() const;
  // The output dims read by the Reduce nodes, as a prefix: dims [0, rowDims()) index rows; the
  // others run along a row and are computed after the row's reductions (a softmax's division,
  // a norm's scaling). rank() when there is no Reduce.
  int rowDims() const;
  int64_t rowLength() const; // elements per row: the product of shape[rowDims()..]
  // More than one Reduce, or one whose result is read along rows of several elements: a target
  // computes each row's reductions once, then the row (a GPU: one thread group per row).
  bool isRowKernel() const;
  std::string str() const; // multi-line rendering (--emit=kernels, lit tests)
};

// A kernel's structure without its name, location or buffer ids: its shapes, run extents,
// output start, schedule, every expression node (a Load by its slot: 0 the output, 1 + i
// input i) and its slots' dtypes, shapes and kinds. Kernels of equal keys compute the same
// function of their slots, so a target compiles one of them and calls it for all (the same
// layer's kernel in each of a model's layers); the tuner keys its database by it, without the
// schedule (`schedule` false).
std::string structuralKey(const Kernel &k, const std::vector<Buffer> &buffers,
                          bool schedule = true);

// Whether the kernel's stores lie in its output buffer `out`: its iteration space is the
// buffer's shape (in stored elements), or, with an outputStart, a window of the buffer at every
// start within the run-time dims' bounds (and the kernel has run extents, constant or not: the
// targets' store at the bounds' layout). Else false with `why`.
bool outputFits(const Kernel &k, const Buffer &out, const std::vector<RunDim> &dims,
                std::string &why);

// A run-time check: the run fails with `message` when the one byte of `buffer` (a Temp,
// live until the end of its entry point's run) is nonzero after the entry's last kernel.
struct Check {
  int buffer = -1;
  std::string message;
};

// A state that an entry point reads and appends to in place: the exporters' KV cache, a
// `past` input concatenated with the new rows into a `present` output along `axis`. Its
// buffer (kind State, laid out at the present's bounds) holds the past in its first rows; the
// entry reads them there and its kernel writes only the new rows, after them (O(new rows),
// not O(past)). The instance keeps the state's length: lengthIn binds (or checks) the past's
// run-time dims at the start of a call, lengthOut is the length after it.
//
// An entry point may also write a state that another one appends to, without reading it (a
// prefill export: no past input, a `present` output of the name the decode export's state
// has): `reads` is false, the call starts the state over (lengthIn is unused) and a kernel of
// the entry copies the present into its first rows (picoc-kernel-link-entries).
//
// A state that an entry reads without appending (a Whisper decoder step's cross-attention
// keys, which its first step computed) is an input the entry's other pairs name as a past
// (past_key_values.0.encoder.key beside the pair past_key_values.0.decoder.key ->
// present.0.decoder.key), whose present another entry outputs: lengthOut is lengthIn.
struct StateUse {
  int buffer = -1;
  int axis = 0;
  DimExpr lengthIn, lengthOut;
  bool reads = true;
  std::string past; // the past input's name (the pair's, or the read state's)
};

// A loop the plan runs (picoc.loop: an ONNX Loop whose iterations are known only at run
// time). Kernels [firstKernel, firstKernel + numKernels), its body, run once per iteration:
//   copy each `init` pair (value -> carried buffer)
//   for (i = 0; i < trip count (tripCount's i64; none: no bound) && cond; ++i):
//     write i to `iteration` (an i64 Temp the body reads); run the body's kernels
//     cond = condOut's byte (-1: stays true)
//     copy each `carry` pair (body output -> carried buffer) and each `scans` pair (body
//     output -> row i of the stacked buffer)
// The loop's results are the carried buffers and the stacked ones (at most maxIterations
// rows: the run never stores past them). Buffers are program buffer ids; kernel indices are
// the program's.
struct Loop {
  int firstKernel = 0, numKernels = 0;
  int tripCount = -1, cond = -1, condOut = -1, iteration = -1;
  std::vector<std::pair<int, int>> init, carry, scans;
  int64_t maxIterations = -1; // the stacked buffers' rows; -1 without scan outputs
  // Every buffer the loop's copies and control read or write.
  std::vector<int> buffers() const;
  // Replaces each buffer id by f(id) (programs joined: picoc-kernel-link-entries).
  template <typename F> void renumberBuffers(F f) {
    for (int *b : {&tripCount, &cond, &condOut, &iteration})
      if (*b >= 0)
        *b = f(*b);
    for (auto *copies : {&init, &carry, &scans})
      for (auto &[from, to] : *copies)
        from = f(from), to = f(to);
  }
};

// An entry point: a function of the compiled model with its own inputs and outputs that runs
// a contiguous range of the program's kernels. A model compiled from one file has one, "run";
// several (an LLM's prefill and decode) share the program's weights and arena.
struct Entry {
  std::string name;
  std::vector<int> inputs;  // buffer ids of its inputs, in signature order
  std::vector<int> outputs; // buffer ids of its outputs, in signature order
  std::vector<Check> checks;
  // Inputs and outputs whose call layout (dense at the call's sizes) is not the bounds'
  // layout of their buffer: (input, Temp) pairs whose Temp takes a copy of the input before
  // the first kernel, (Temp, output) pairs whose Temp is copied out after the last.
  std::vector<std::pair<int, int>> stageIn, stageOut;
  std::vector<StateUse> states; // the past/present pairs made state (picoc --state)
  int firstKernel = 0;      // its kernels: kernels[firstKernel, firstKernel + numKernels)
  int numKernels = 0;
  std::vector<Loop> loops;  // in kernel order, within the entry's range, never nested
  // Moves its kernels (and its loops') by `delta` places in the program's list.
  void shiftKernels(int delta) {
    firstKernel += delta;
    for (Loop &l : loops)
      l.firstKernel += delta;
  }
};

// The whole model after lowering: buffers, the kernels that run in order, and the entry
// points that run them.
struct Program {
  std::string name;
  std::vector<RunDim> dims; // run-time dims: Dim nodes and DimExprs index this list
  std::vector<Buffer> buffers;
  std::vector<Kernel> kernels;
  std::vector<Entry> entries;
  int64_t arenaBytes = 0;   // set by memory planning
  int64_t weightBytes = 0;  // size of the weights blob
  std::string str() const;
};

} // namespace picoc::kir

#endif // PICOC_KERNEL_KERNELIR_H
