//===- LowerToKernels.cpp - picoc-kernel-lower-to-kernels ---------------------------===//
//
// Rewrites: each picoc.kernel of @main into a kir::Kernel whose value is an expression over
//           the output index. Views become index maps: for an output index `idx` of a view's
//           result, the view tells which index of its input to read:
//             reshape:   in = delinearize(linearize(idx, out), in)      (simplified by ranges)
//             transpose: in[perm[i]] = idx[i]        broadcast: size-1 dims read index 0
//             slice:     in = start + step * idx     pad: in = idx - lo, guarded by the bounds
//             concat:    a select over the inputs    gather: in[axis] = indices[idx...]
//             window:    in[spatial i] = out[i] * stride + offset[i] * dilation
//           reduce/matmul/conv introduce the kernel's reduction variables.
// Needs:    picoc-graph-fuse (nothing computes outside a kernel).
// Ensures:  buffers for inputs, outputs, weights, non-splat constants and kernel results; no
//           kernel of an empty result (it would compute nothing).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Dialect/RunShape.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"

#include <cmath>
#include <functional>
#include <map>

using namespace mlir;
using namespace picoc::kir;

namespace picoc {
namespace {

kir::Op unaryOp(UnaryFn fn) {
  switch (fn) {
  case UnaryFn::neg: return kir::Op::Neg;
  case UnaryFn::abs: return kir::Op::Abs;
  case UnaryFn::exp: return kir::Op::Exp;
  case UnaryFn::log: return kir::Op::Log;
  case UnaryFn::sqrt: return kir::Op::Sqrt;
  case UnaryFn::rsqrt: return kir::Op::Rsqrt;
  case UnaryFn::recip: return kir::Op::Recip;
  case UnaryFn::tanh: return kir::Op::Tanh;
  case UnaryFn::erf: return kir::Op::Erf;
  case UnaryFn::sigmoid: return kir::Op::Sigmoid;
  case UnaryFn::relu: return kir::Op::Relu;
  case UnaryFn::sin: return kir::Op::Sin;
  case UnaryFn::cos: return kir::Op::Cos;
  case UnaryFn::floor: return kir::Op::Floor;
  case UnaryFn::ceil: return kir::Op::Ceil;
  case UnaryFn::round: return kir::Op::Round;
  case UnaryFn::sign: return kir::Op::Sign;
  case UnaryFn::logical_not:
  case UnaryFn::bitwise_not: return kir::Op::Not; // ! on Bool, ~ on integers
  case UnaryFn::asin: return kir::Op::Asin;
  case UnaryFn::acos: return kir::Op::Acos;
  case UnaryFn::atan: return kir::Op::Atan;
  case UnaryFn::asinh: return kir::Op::Asinh;
  case UnaryFn::acosh: return kir::Op::Acosh;
  case UnaryFn::atanh: return kir::Op::Atanh;
  }
  return kir::Op::Neg;
}

kir::Op binaryOp(BinaryFn fn) {
  switch (fn) {
  case BinaryFn::add: return kir::Op::Add;
  case BinaryFn::sub: return kir::Op::Sub;
  case BinaryFn::mul: return kir::Op::Mul;
  case BinaryFn::div: return kir::Op::Div;
  case BinaryFn::pow: return kir::Op::Pow;
  case BinaryFn::max: return kir::Op::Max;
  case BinaryFn::min: return kir::Op::Min;
  case BinaryFn::mod: return kir::Op::Mod;
  case BinaryFn::fmod: return kir::Op::FMod;
  case BinaryFn::eq: return kir::Op::CmpEq;
  case BinaryFn::lt: return kir::Op::CmpLt;
  case BinaryFn::le: return kir::Op::CmpLe;
  case BinaryFn::gt: return kir::Op::CmpGt;
  case BinaryFn::ge: return kir::Op::CmpGe;
  case BinaryFn::logical_and: return kir::Op::And;
  case BinaryFn::logical_or: return kir::Op::Or;
  case BinaryFn::logical_xor: return kir::Op::Xor;
  case BinaryFn::bitwise_and: return kir::Op::And; // logical on Bool, bitwise on integers
  case BinaryFn::bitwise_or: return kir::Op::Or;
  case BinaryFn::bitwise_xor: return kir::Op::Xor;
  case BinaryFn::shift_left: return kir::Op::Shl;
  case BinaryFn::shift_right: return kir::Op::Shr;
  }
  return kir::Op::Add;
}

kir::ReduceFn reduceFn(picoc::ReduceFn fn) {
  switch (fn) {
  case picoc::ReduceFn::sum: return kir::ReduceFn::Sum;
  case picoc::ReduceFn::max: return kir::ReduceFn::Max;
  case picoc::ReduceFn::min: return kir::ReduceFn::Min;
  case picoc::ReduceFn::prod: return kir::ReduceFn::Prod;
  }
  return kir::ReduceFn::Sum;
}

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

// A dim's size in a call as the kernel IR's affine form; fails at `op` for a size that is not
// affine in the run-time dims.
FailureOr<DimExpr> dimExprOf(const ShapeDim &d, Operation *op) {
  std::optional<DimExpr> e = toDimExpr(d.expr);
  if (!e)
    return op->emitError("a dim of size ") << runDimStr(d)
                                           << " is not affine in the run-time dims";
  return *e;
}

using Index = std::vector<ExprId>;

// Element `linear` of a buffer of narrow `format`: its bits (a byte, or a field of one for
// the packed formats, low bits first), decoded into wideType(format).
ExprId loadNarrow(ExprGraph &g, int buffer, DType format, ExprId linear, ExprId guard) {
  int64_t per = elementsPerByte(format);
  if (per == 1)
    return g.decode(g.load(buffer, DType::U8, linear, guard), format);
  ExprId byte = g.load(buffer, DType::U8, g.divConst(linear, per), guard);
  ExprId shift = g.cast(g.mulConst(g.modConst(linear, per), dtypeBits(format)), DType::U8);
  ExprId mask = g.constInt((1 << dtypeBits(format)) - 1, DType::U8);
  return g.decode(g.binary(kir::Op::And, g.binary(kir::Op::Shr, byte, shift), mask), format);
}

// An integer constant whose elements step evenly along each dim (element i = first + the sum
// of step_d * i_d: a folded Range, such as positions 0, 1, 2, ...): {first, step per dim};
// nullopt for any other. emitConstant makes such a constant arithmetic on its index instead of
// a buffer. A causal mask compares two such positions: as loop variables, the comparison
// needs no loads, and a kernel can evaluate it for a whole tile at once (the attention
// kernels skip tiles the mask removes).
std::optional<std::vector<int64_t>> constantSteps(DenseElementsAttr dense, DType dtype) {
  if (isFloat(dtype) || dtype == DType::Bool || (!isSigned(dtype) && dtypeBits(dtype) >= 64))
    return std::nullopt; // (unsigned 64-bit values may not fit the I64 arithmetic)
  const int64_t n = dense.getNumElements();
  if (n < 2)
    return std::nullopt;
  ArrayRef<int64_t> shape = cast<ShapedType>(dense.getType()).getShape();
  auto values = dense.getValues<APInt>();
  auto valueOf = [&](const APInt &v) {
    return isSigned(dtype) ? v.getSExtValue() : static_cast<int64_t>(v.getZExtValue());
  };
  // Values within 32 bits (positions and indices are): the steps and the sums below then stay
  // far from int64's range.
  constexpr int64_t kLimit = int64_t(1) << 31;
  auto inRange = [&](int64_t v) { return v < kLimit && v >= -kLimit; };
  // Each dim's step, from the element one step along it from the first.
  std::vector<int64_t> steps(shape.size() + 1, 0);
  steps[0] = valueOf(*values.begin());
  int64_t stride = 1;
  if (!inRange(steps[0]))
    return std::nullopt;
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    if (shape[d] > 1) {
      const int64_t next = valueOf(*(values.begin() + stride));
      if (!inRange(next))
        return std::nullopt;
      steps[d + 1] = next - steps[0];
    }
    stride *= shape[d];
  }
  // Every element, in order, against first + its index's steps (the first mismatch ends it).
  int64_t i = 0;
  for (const APInt &v : values) {
    const int64_t value = valueOf(v);
    int64_t expected = steps[0], rest = i++;
    for (int d = static_cast<int>(shape.size()) - 1; d >= 0 && inRange(expected); --d) {
      expected += rest % shape[d] * steps[d + 1];
      rest /= shape[d];
    }
    if (!inRange(value) || value != expected)
      return std::nullopt;
  }
  return steps;
}

// Kernels writing a narrow output encode their values into its bits. A packed output (several
// elements to a byte) is written by a kernel of its own, one byte per iteration: `kernel`
// then writes `wide`, a temporary of the values, which the packing kernel reads.
Kernel packKernel(const Kernel &kernel, int wide, const Buffer &wideBuffer, int out,
                  const Buffer &outBuffer) {
  Kernel pack;
  pack.name = kernel.name + "_pack";
  pack.location = kernel.location;
  pack.output = out;
  pack.inputs = {wide};
  pack.shape = {outBuffer.storedElements()};
  ExprGraph &g = pack.graph;
  g.setVarRange(0, pack.shape[0]);
  int64_t per = elementsPerByte(outBuffer.dtype), bits = dtypeBits(outBuffer.dtype);
  int64_t n = wideBuffer.numElements();
  ExprId byte = g.constInt(0, DType::U8);
  for (int64_t j = 0; j < per; ++j) {
    ExprId at = g.addConst(g.mulConst(g.var(0), per), j);
    ExprId inside = g.binary(kir::Op::CmpLt, at, g.constInt(n)); // the last byte's tail
    ExprId value = g.load(wide, wideBuffer.dtype, at, inside);     // 0 outside: encodes to 0
    ExprId field = g.encode(value, outBuffer.dtype, /*saturate=*/false); // exact, see above
    if (j > 0)
      field = g.binary(kir::Op::Shl, field, g.constInt(j * bits, DType::U8));
    byte = j == 0 ? field : g.binary(kir::Op::Or, byte, field);
  }
  pack.value = byte;
  return pack;
}

// Builds one kernel's expression from its region.
// Decode-shaped attention (at most kSplitRows query rows, at least 2 kSplitKeys keys: a
// decode step against its cache) splits its keys into chunks of about kSplitKeys (at most
// kMaxSplits), computed in parallel (GPU blocks, CPU threads) and merged by a second kernel.
constexpr int64_t kSplitRows = 16, kSplitKeys = 256, kMaxSplits = 32;

int64_t attentionSplits(AttentionOp at) {
  ArrayRef<int64_t> q = shapeOf(at.getQ()), k = shapeOf(at.getK());
  const int64_t rows = q[q.size() - 2], keys = k[k.size() - 2];
  if (rows > kSplitRows || keys < 2 * kSplitKeys)
    return 0;
  return std::min(kMaxSplits, keys / kSplitKeys);
}

// The kernel that merges a split attention's partial results (kir::Attention::splits) from
// buffer `partials` into `out`: with P[rows..., s, :] = (acc[0..D), m, l) per split s,
//   M = max_s m_s,  w_s = exp(m_s - M) (0 where m_s = -inf),
//   out[rows..., d] = sum_s w_s acc_s[d] / sum_s w_s l_s
// (0 where the sum of weights is 0 and the attention zeroes empty rows).
Kernel attentionMerge(const Kernel &split, int partials, int out) {
  const int rank = split.rank() - 1; // the split dim folds away
  const int64_t splits = split.attention->splits, width = split.shape.back(), d = width - 2;
  Kernel m;
  m.name = split.name + "_merge";
  m.location = split.location;
  m.output = out;
  m.inputs = {partials};
  m.shape.assign(split.shape.begin(), split.shape.end() - 2);
  m.shape.push_back(d);
  m.reduceShape = {splits};
  if (split.hasRunExtents()) {
    m.runExtents.assign(split.runExtents.begin(), split.runExtents.begin() + rank - 1);
    m.runExtents.push_back(DimExpr::of(d));
    m.runExtents.push_back(DimExpr::of(splits));
    if (llvm::all_of(m.runExtents, [](const DimExpr &e) { return e.isConstant(); }))
      m.runExtents.clear();
  }
  ExprGraph &g = m.graph;
  for (int v = 0; v < rank; ++v)
    g.setVarRange(v, m.shape[v]);
  g.setVarRange(rank, splits);
  // P's row-major index at the bounds' layout [rows..., splits, width].
  ExprId row = g.constInt(0);
  for (int v = 0; v < rank - 1; ++v)
    row = g.add(g.mulConst(row, split.shape[v]), g.var(v));
  ExprId at = g.mulConst(g.add(g.mulConst(row, splits), g.var(rank)), width);
  auto column = [&](ExprId c) { return g.load(partials, DType::F32, g.add(at, c)); };
  ExprId ms = column(g.constInt(d)), ls = column(g.constInt(d + 1));
  ExprId acc = column(g.var(rank - 1));
  ExprId max = g.reduce(kir::ReduceFn::Max, ms);
  ExprId w = g.select(g.binary(kir::Op::CmpEq, ms, g.constFloat(-INFINITY)), g.constFloat(0),
                      g.unary(kir::Op::Exp, g.binary(kir::Op::Sub, ms, max)));
  ExprId den = g.reduce(kir::ReduceFn::Sum, g.binary(kir::Op::Mul, w, ls));
  m.value = g.binary(kir::Op::Div, g.reduce(kir::ReduceFn::Sum, g.binary(kir::Op::Mul, w, acc)), den);
  if (split.attention->zeroEmptyRows)
    m.value = g.select(g.binary(kir::Op::CmpEq, den, g.constFloat(0)), g.constFloat(0), m.value);
  return m;
}

class KernelBuilder {
public:
  KernelBuilder(Kernel &k, WeightStore &store, std::vector<Buffer> &buffers,
                llvm::DenseMap<Value, int> &argBuffer, const std::vector<kir::RunDim> &dims)
      : k_(k), g_(k.graph), store_(store), buffers_(buffers), argBuffer_(argBuffer), dims_(dims) {
    for (size_t i = 0; i < dims.size(); ++i)
      g_.setDimRange(static_cast<int64_t>(i), dims[i].min, dims[i].max);
  }

  // `append`: the kernel writes a state (StateUse): only the rows from the past's length
  // along its axis on, at that position in the state's buffer.
  LogicalResult build(KernelOp op, const StateUse *append = nullptr) {
    auto yield = cast<YieldOp>(op.getBody().front().getTerminator());
    // Run-time extents: the output dims', then each reduction variable's as it is made.
    for (const ShapeDim &d : runShape(op.getResult().getType())) {
      FailureOr<DimExpr> e = dimExprOf(d, op);
      if (failed(e))
        return failure();
      k_.runExtents.push_back(*e);
    }
    if (append) {
      DimExpr rows = append->lengthOut.plus(append->lengthIn, -1);
      k_.runExtents[append->axis] = rows;
      k_.shape[append->axis] = rows.max(dims_);
      k_.outputStart.assign(k_.rank(), DimExpr::of(0));
      k_.outputStart[append->axis] = append->lengthIn;
    }
    // A row kernel whose result is a reshape of its rows (GroupNorm: rows of [N, G, C/G, H, W],
    // a result of [N, C, H, W]) iterates over the rows' shape: the reductions then read a
    // prefix of its variables; a matmul whose epilogue follows a reshape of it, over the
    // matmul's shape. A reshape keeps the row-major order, so the output buffer is written
    // in the same order.
    std::vector<int64_t> resultShape = k_.shape;
    if (std::optional<std::vector<int64_t>> rows = rowShape(op)) {
      if (hasRunDims(op.getResult().getType()))
        return op.emitError("a kernel over reshaped rows does not take run-time dims yet");
      k_.shape = *rows;
      k_.runExtents.clear();
      for (int64_t d : k_.shape)
        k_.runExtents.push_back(DimExpr::of(d));
    }
    // Decode-shaped attention writes partial results per split of its keys, [rows..., S,
    // D + 2] (kir::Attention::splits); its expressions read every variable but the split's.
    auto attention = yield.getValue().getDefiningOp<AttentionOp>();
    const int64_t splits = attention && !append ? attentionSplits(attention) : 0;
    if (splits > 0) {
      const int64_t d = k_.shape.back();
      k_.shape.back() = splits;
      k_.shape.push_back(d + 2);
      k_.runExtents.back() = DimExpr::of(splits);
      k_.runExtents.push_back(DimExpr::of(d + 2));
    }
    Index idx;
    for (int64_t d = 0; d < k_.rank(); ++d) {
      g_.setVarRange(d, k_.shape[d]);
      idx.push_back(g_.var(d));
    }
    if (splits > 0)
      idx.erase(idx.end() - 2);
    if (k_.shape != resultShape && !append && splits == 0)
      idx = reshapeIndex(idx, k_.shape, resultShape);
    if (append) // the value at the row's place in the whole present
      idx[append->axis] = g_.add(idx[append->axis], g_.dimExpr(append->lengthIn));
    FailureOr<ExprId> value = emit(yield.getValue(), idx, kNoExpr);
    if (failed(value))
      return failure();
    k_.value = *value;
    if (splits > 0)
      k_.attention->splits = splits;
    // All static: the kernel is as without run-time dims (an append keeps its extents: its
    // stores address the state's buffer at the bounds' layout, as run-time extents do).
    if (!append && llvm::all_of(k_.runExtents, [](const DimExpr &e) { return e.isConstant(); }))
      k_.runExtents.clear();
    return success();
  }

private:
  // The shape the kernel iterates over when its result is a reshape of it, with as many
  // elements (see build): a row kernel's rows (its reduces' input), or a matmul's result
  // (over B in panels, picoc-graph-pack-weights: [..., M, N / C, 1, C] -> [..., M, N]).
  std::optional<std::vector<int64_t>> rowShape(KernelOp op) {
    auto elements = [](ArrayRef<int64_t> shape) {
      int64_t n = 1;
      for (int64_t d : shape)
        n *= d;
      return n;
    };
    for (Operation &o : op.getBody().front()) {
      Value source;
      if (auto red = dyn_cast<ReduceOp>(o))
        source = red.getInput();
      else if (auto mm = dyn_cast<MatMulOp>(o))
        source = mm.getResult();
      if (!source)
        continue;
      ArrayRef<int64_t> shape = shapeOf(source);
      std::vector<int64_t> rows(shape.begin(), shape.end());
      if (rows != k_.shape && elements(rows) == elements(k_.shape))
        return rows;
      return std::nullopt;
    }
    return std::nullopt;
  }

  // linear index of `idx` in a row-major tensor of `shape`
  ExprId linearize(const Index &idx, ArrayRef<int64_t> shape) {
    ExprId lin = g_.constInt(0);
    int64_t stride = 1;
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (shape[d] != 1)
        lin = g_.add(lin, g_.mulConst(idx[d], stride));
      stride *= shape[d];
    }
    return lin;
  }

  // The input index of a reshape from `in` to `out` read at `idx`. The dims split into the
  // smallest groups whose sizes match on both sides (forEachReshapeGroup); each input
  // dim is recovered from its own group's linear index only, so dims a reshape leaves alone
  // keep their plain index and the simplifier sees short div/mod chains.
  //
  // Groups holding a run-time dim are linearized and split at the sizes of the call (the
  // logical row-major order; the buffers' bounds layout only enters at the loads): where the
  // run-time dim is the group's outermost, the strides are static all the same; elsewhere
  // ([2, seq] -> [2*seq]) they read it. `outRun` and `inRun` give the run-time sizes (empty:
  // all static).
  Index reshapeIndex(const Index &idx, ArrayRef<int64_t> out, ArrayRef<int64_t> in,
                     ArrayRef<DimExpr> outRun = {}, ArrayRef<DimExpr> inRun = {}) {
    Index inIdx(in.size(), g_.constInt(0)); // leftover size-1 input dims read index 0
    auto size = [&](ArrayRef<DimExpr> run, ArrayRef<int64_t> bounds, size_t d) {
      return d < run.size() ? g_.dimExpr(run[d]) : g_.constInt(bounds[d]);
    };
    forEachReshapeGroup(in, out, [&](size_t i0, size_t i, size_t j0, size_t j) {
      if (i - i0 == 1 && j - j0 == 1) { // a dim the reshape keeps: its index as it is
        inIdx[i0] = idx[j0];
        return true;
      }
      ExprId lin = g_.constInt(0), stride = g_.constInt(1);
      for (size_t d = j; d-- > j0;) {
        if (out[d] == 1)
          continue; // index 0
        lin = g_.add(lin, g_.mul(idx[d], stride));
        stride = g_.mul(stride, size(outRun, out, d));
      }
      stride = g_.constInt(1);
      for (size_t d = i; d-- > i0;) {
        ExprId n = size(inRun, in, d);
        ExprId q = g_.constValue(stride) ? g_.divConst(lin, *g_.constValue(stride))
                                         : g_.binary(kir::Op::Div, lin, stride);
        inIdx[d] = d == i0 ? q // the outermost: the quotient is below its size already
                   : g_.constValue(n) ? g_.modConst(q, *g_.constValue(n))
                                      : g_.binary(kir::Op::Mod, q, n);
        stride = g_.mul(stride, n);
      }
      return true;
    });
    return inIdx;
  }

  // A value's run-time sizes as DimExprs (empty when all are static).
  FailureOr<std::vector<DimExpr>> runSizes(Value v, Operation *op) {
    std::vector<DimExpr> sizes;
    if (!hasRunDims(v.getType()))
      return sizes;
    for (const ShapeDim &d : runShape(v.getType())) {
      FailureOr<DimExpr> e = dimExprOf(d, op);
      if (failed(e))
        return failure();
      sizes.push_back(*e);
    }
    return sizes;
  }

  // The index of an operand of shape `in` broadcast (numpy) to an output indexed by `idx`.
  Index broadcastIndex(const Index &idx, ArrayRef<int64_t> in) {
    Index r;
    size_t lead = idx.size() - in.size();
    for (size_t d = 0; d < in.size(); ++d)
      r.push_back(in[d] == 1 ? g_.constInt(0) : idx[lead + d]);
    return r;
  }

  FailureOr<ExprId> emit(Value v, const Index &idx, ExprId guard) {
    auto key = std::make_tuple(v.getAsOpaquePointer(), idx, guard);
    auto it = memo_.find(key);
    if (it != memo_.end())
      return it->second;
    FailureOr<ExprId> r = emitUncached(v, idx, guard);
    if (succeeded(r))
      memo_[key] = *r;
    return r;
  }

  FailureOr<ExprId> load(int buffer, const Index &idx, ExprId guard) {
    const Buffer &b = buffers_[buffer];
    if (std::find(k_.inputs.begin(), k_.inputs.end(), buffer) == k_.inputs.end())
      k_.inputs.push_back(buffer);
    if (isNarrow(b.dtype))
      return loadNarrow(g_, buffer, b.dtype, linearize(idx, b.shape), guard);
    return g_.load(buffer, b.dtype, linearize(idx, b.shape), guard);
  }

  FailureOr<ExprId> emitUncached(Value v, const Index &idx, ExprId guard) {
    if (auto arg = dyn_cast<BlockArgument>(v))
      return load(argBuffer_.lookup(arg), idx, guard);
    Operation *op = v.getDefiningOp();
    auto type = cast<RankedTensorType>(v.getType());
    DType dtype = *dtypeOf(type.getElementType()); // may be narrow: values are wideType(dtype)
    ArrayRef<int64_t> outShape = type.getShape();

    if (auto c = dyn_cast<ConstantOp>(op))
      return emitConstant(c, idx, guard);
    if (auto d = dyn_cast<DimOp>(op)) {
      FailureOr<DimExpr> e = dimExprOf(ShapeDim{d.getExpr(), 0}, op);
      if (failed(e)) return failure();
      return g_.dimExpr(*e);
    }
    if (auto u = dyn_cast<UnaryOp>(op)) {
      auto x = emit(u.getInput(), idx, guard);
      if (failed(x)) return failure();
      return g_.unary(unaryOp(u.getFn()), *x);
    }
    if (auto b = dyn_cast<BinaryOp>(op)) {
      auto x = emit(b.getLhs(), broadcastIndex(idx, shapeOf(b.getLhs())), guard);
      auto y = emit(b.getRhs(), broadcastIndex(idx, shapeOf(b.getRhs())), guard);
      if (failed(x) || failed(y)) return failure();
      return g_.binary(binaryOp(b.getFn()), *x, *y);
    }
    if (auto s = dyn_cast<SelectOp>(op)) {
      auto c = emit(s.getCond(), broadcastIndex(idx, shapeOf(s.getCond())), guard);
      auto x = emit(s.getLhs(), broadcastIndex(idx, shapeOf(s.getLhs())), guard);
      auto y = emit(s.getRhs(), broadcastIndex(idx, shapeOf(s.getRhs())), guard);
      if (failed(c) || failed(x) || failed(y)) return failure();
      return g_.select(*c, *x, *y);
    }
    if (auto c = dyn_cast<CastOp>(op)) {
      auto x = emit(c.getInput(), idx, guard);
      if (failed(x)) return failure();
      if (!isNarrow(dtype))
        return g_.cast(*x, dtype);
      // Rounded (floats) or wrapped (integers) to the format: its bits, decoded. A float
      // becomes an integer as Cast truncates it (saturating at int64's range).
      ExprId from = isFloat(dtype) ? g_.cast(*x, DType::F32)
                    : isFloat(g_.node(*x).dtype) ? g_.cast(*x, DType::I64)
                                                 : *x;
      return g_.decode(g_.encode(from, dtype, c.saturates()), dtype);
    }
    if (auto b = dyn_cast<BitcastOp>(op)) {
      auto x = emit(b.getInput(), idx, guard);
      if (failed(x)) return failure();
      // A narrow format's bits are its Encoding (exact: the value is the format's).
      DType from = *dtypeOf(b.getInput().getType().getElementType());
      if (isNarrow(from))
        *x = g_.encode(*x, from, /*saturate=*/false);
      if (isNarrow(dtype))
        return g_.decode(g_.bitcast(*x, DType::U8), dtype);
      return g_.bitcast(*x, dtype);
    }
    if (auto r = dyn_cast<ReshapeOp>(op)) {
      auto outRun = runSizes(r.getResult(), op), inRun = runSizes(r.getInput(), op);
      if (failed(outRun) || failed(inRun)) return failure();
      return emit(r.getInput(),
                  reshapeIndex(idx, outShape, shapeOf(r.getInput()), *outRun, *inRun), guard);
    }
    if (auto t = dyn_cast<TransposeOp>(op)) {
      Index inIdx(idx.size());
      for (size_t i = 0; i < idx.size(); ++i)
        inIdx[t.getPerm()[i]] = idx[i];
      return emit(t.getInput(), inIdx, guard);
    }
    if (auto b = dyn_cast<BroadcastOp>(op))
      return emit(b.getInput(), broadcastIndex(idx, shapeOf(b.getInput())), guard);
    if (auto s = dyn_cast<SliceOp>(op)) {
      Index inIdx;
      for (size_t d = 0; d < idx.size(); ++d)
        inIdx.push_back(g_.addConst(g_.mulConst(idx[d], s.getSteps()[d]), s.getStarts()[d]));
      return emit(s.getInput(), inIdx, guard);
    }
    if (auto p = dyn_cast<PadOp>(op)) {
      RunShape in = runShape(p.getInput().getType());
      Index inIdx;
      ExprId valid = kNoExpr;
      for (size_t d = 0; d < idx.size(); ++d) {
        FailureOr<DimExpr> size = dimExprOf(in[d], op);
        if (failed(size)) return failure();
        ExprId i = g_.addConst(idx[d], -p.getPads()[d]);
        inIdx.push_back(i);
        valid = g_.andBool(valid, g_.binary(kir::Op::CmpGe, i, g_.constInt(0)));
        valid = g_.andBool(valid, g_.binary(kir::Op::CmpLt, i, g_.dimExpr(*size)));
      }
      auto x = emit(p.getInput(), inIdx, g_.andBool(guard, valid));
      if (failed(x)) return failure();
      double padValue = p.getValue().convertToDouble();
      if (padValue == 0)
        return zeroOutside(valid, *x);
      ExprId fill = isFloat(dtype) ? g_.constFloat(padValue, wideType(dtype))
                                   : g_.constInt(static_cast<int64_t>(padValue), wideType(dtype));
      return g_.select(valid, *x, fill);
    }
    if (auto w = dyn_cast<WindowOp>(op)) {
      int64_t k = w.getKernel().size(), lead = static_cast<int64_t>(idx.size()) - 2 * k;
      Index inIdx(idx.begin(), idx.begin() + lead);
      for (int64_t i = 0; i < k; ++i)
        inIdx.push_back(g_.add(g_.mulConst(idx[lead + i], w.getStrides()[i]),
                               g_.mulConst(idx[lead + k + i], w.getDilations()[i])));
      return emit(w.getInput(), inIdx, guard);
    }
    if (auto c = dyn_cast<ConcatOp>(op)) {
      int64_t axis = c.getAxis();
      ExprId offset = g_.constInt(0); // a run-time value where an earlier input's dim is
      std::vector<std::pair<ExprId, ExprId>> parts; // (condition, value)
      for (Value in : c.getInputs()) {
        FailureOr<DimExpr> n = dimExprOf(runShape(in.getType())[axis], op);
        if (failed(n)) return failure();
        ExprId end = g_.add(offset, g_.dimExpr(*n));
        ExprId inside = g_.andBool(g_.binary(kir::Op::CmpGe, idx[axis], offset),
                                   g_.binary(kir::Op::CmpLt, idx[axis], end));
        Index inIdx = idx;
        inIdx[axis] = g_.binary(kir::Op::Sub, idx[axis], offset);
        auto x = emit(in, inIdx, g_.andBool(guard, inside));
        if (failed(x)) return failure();
        parts.push_back({inside, *x});
        offset = end;
      }
      ExprId result = parts.back().second;
      for (int i = static_cast<int>(parts.size()) - 2; i >= 0; --i)
        result = g_.select(parts[i].first, parts[i].second, result);
      return result;
    }
    if (auto gth = dyn_cast<GatherOp>(op)) {
      int64_t axis = gth.getAxis();
      FailureOr<DimExpr> size = dimExprOf(runShape(gth.getInput().getType())[axis], op);
      if (failed(size)) return failure();
      ExprId dim = g_.dimExpr(*size); // the axis' size in this call
      size_t r = shapeOf(gth.getIndices()).size();
      Index indicesIdx(idx.begin() + axis, idx.begin() + axis + r);
      auto j = emit(gth.getIndices(), indicesIdx, guard);
      if (failed(j)) return failure();
      ExprId i = g_.cast(*j, DType::I64);
      i = g_.select(g_.binary(kir::Op::CmpLt, i, g_.constInt(0)), g_.add(i, dim), i);
      ExprId inBounds = g_.andBool(g_.binary(kir::Op::CmpGe, i, g_.constInt(0)),
                                   g_.binary(kir::Op::CmpLt, i, dim));
      Index inIdx(idx.begin(), idx.begin() + axis);
      inIdx.push_back(i);
      inIdx.insert(inIdx.end(), idx.begin() + axis + r, idx.end());
      return emit(gth.getInput(), inIdx, g_.andBool(guard, inBounds));
    }
    if (auto ge = dyn_cast<GatherElementsOp>(op)) {
      int64_t axis = ge.getAxis(), dim = shapeOf(ge.getInput())[axis];
      auto j = emit(ge.getIndices(), idx, guard);
      if (failed(j)) return failure();
      ExprId i = g_.cast(*j, DType::I64);
      i = g_.select(g_.binary(kir::Op::CmpLt, i, g_.constInt(0)), g_.addConst(i, dim), i);
      ExprId inBounds = g_.andBool(g_.binary(kir::Op::CmpGe, i, g_.constInt(0)),
                                   g_.binary(kir::Op::CmpLt, i, g_.constInt(dim)));
      Index inIdx = idx;
      inIdx[axis] = i;
      return emit(ge.getInput(), inIdx, g_.andBool(guard, inBounds));
    }
    if (auto red = dyn_cast<ReduceOp>(op)) {
      // The reduces of a row kernel (picoc-graph-fuse) share one set of reduction variables:
      // each Reduce folds over all of them.
      Index inIdx = idx;
      RunShape in = runShape(red.getInput().getType());
      SmallVector<int64_t> axes(red.getAxes());
      llvm::sort(axes);
      std::vector<int64_t> extents;
      for (int64_t axis : axes)
        extents.push_back(in[axis].bound);
      bool shared = !k_.reduceShape.empty();
      if (shared && (!reduceVarsOfReduce_ || k_.reduceShape != extents))
        return op->emitError("a kernel's reductions must share their axes (picoc-graph-fuse)");
      for (size_t i = 0; i < axes.size(); ++i) {
        if (shared) {
          inIdx[axes[i]] = g_.var(k_.rank() + static_cast<int64_t>(i));
          continue;
        }
        FailureOr<ExprId> v = newReduceVar(in[axes[i]], op);
        if (failed(v)) return failure();
        inIdx[axes[i]] = *v;
      }
      reduceVarsOfReduce_ = true;
      auto x = emit(red.getInput(), inIdx, guard);
      if (failed(x)) return failure();
      return g_.reduce(reduceFn(red.getFn()), *x);
    }
    if (auto at = dyn_cast<AttentionOp>(op))
      return emitAttention(at, idx, guard);
    if (isa<MatMulOp, ConvOp>(op) && !k_.reduceShape.empty())
      return op->emitError("a matmul or conv shares its kernel with another reduction");
    if (auto mm = dyn_cast<MatMulOp>(op)) {
      ArrayRef<int64_t> a = shapeOf(mm.getLhs()), b = shapeOf(mm.getRhs());
      FailureOr<ExprId> k = newReduceVar(runShape(mm.getLhs().getType()).back(), op);
      if (failed(k)) return failure();
      ExprId kv = *k;
      size_t r = idx.size();
      Index batch(idx.begin(), idx.end() - 2);
      Index aIdx = broadcastIndex(batch, a.drop_back(2));
      aIdx.push_back(idx[r - 2]);
      aIdx.push_back(kv);
      Index bIdx = broadcastIndex(batch, b.drop_back(2));
      bIdx.push_back(kv);
      bIdx.push_back(idx[r - 1]);
      auto x = emit(mm.getLhs(), aIdx, guard);
      auto y = emit(mm.getRhs(), bIdx, guard);
      if (failed(x) || failed(y)) return failure();
      return dot(*x, *y);
    }
    if (auto conv = dyn_cast<ConvOp>(op))
      return emitConv(conv, idx, guard);
    return op->emitError("cannot lower '") << op->getName() << "' into a kernel";
  }

  // An attention kernel (kir::Attention): the key j and head-dim term e are its reduction
  // variables; the dot reads q at (row, e) and k at (j, e), the score adds the bias at (row, j).
  FailureOr<ExprId> emitAttention(AttentionOp at, const Index &idx, ExprId guard) {
    Value result = at.getResult();
    if (!k_.reduceShape.empty() || !result.hasOneUse() ||
        !isa<YieldOp>(*result.getUsers().begin()) || guard != kNoExpr)
      return at.emitError("an attention must be its kernel's only reduction and its result "
                          "(picoc-graph-fuse)");
    RunShape ks = runShape(at.getK().getType());
    FailureOr<ExprId> j = newReduceVar(ks[ks.size() - 2], at);
    if (failed(j)) return failure();
    FailureOr<ExprId> e = newReduceVar(ks.back(), at);
    if (failed(e)) return failure();
    const size_t r = idx.size();
    Index batch(idx.begin(), idx.end() - 2), scoreIdx(idx.begin(), idx.end() - 1);
    scoreIdx.push_back(*j);
    auto operandIdx = [&](Value v, ExprId row, ExprId col) {
      Index i = broadcastIndex(batch, shapeOf(v).drop_back(2));
      i.push_back(row);
      i.push_back(col);
      return i;
    };
    auto q = emit(at.getQ(), operandIdx(at.getQ(), idx[r - 2], *e), kNoExpr);
    auto k = emit(at.getK(), operandIdx(at.getK(), *j, *e), kNoExpr);
    auto v = emit(at.getV(), operandIdx(at.getV(), *j, idx[r - 1]), kNoExpr);
    if (failed(q) || failed(k) || failed(v)) return failure();
    kir::Attention a;
    a.dot = dot(*q, *k);
    a.score = a.dot;
    double scale = at.getScale().convertToDouble();
    if (scale != 1)
      a.score = g_.binary(kir::Op::Mul, a.score, g_.constFloat(scale));
    if (Value bias = at.getBias()) {
      auto b = emit(bias, broadcastIndex(scoreIdx, shapeOf(bias)), kNoExpr);
      if (failed(b)) return failure();
      a.bias = *b;
      a.score = g_.binary(kir::Op::Add, a.score, *b);
    }
    a.value = *v;
    a.zeroEmptyRows = at.getEmptyRowsZero();
    k_.attention = a;
    // What the kernel stands for, spelled out (the targets render kir::Attention).
    ExprId p = g_.unary(kir::Op::Exp, g_.binary(kir::Op::Sub, a.score,
                                                g_.reduce(kir::ReduceFn::Max, a.score)));
    return g_.binary(kir::Op::Div, g_.reduce(kir::ReduceFn::Sum, g_.binary(kir::Op::Mul, p, a.value)),
                     g_.reduce(kir::ReduceFn::Sum, p));
  }

  // `value` where `valid` holds, else zero. A load guarded by `valid` is zero outside already;
  // anything computed from loads (exp(0) = 1) needs the select.
  ExprId zeroOutside(ExprId valid, ExprId value) {
    if (valid == kNoExpr || g_.node(value).op == kir::Op::Load)
      return value;
    return g_.select(valid, value, g_.constFloat(0, g_.node(value).dtype));
  }

  // Reduce(sum, a * b), the contraction of a matmul or a convolution. Half types (f16, bf16)
  // multiply and accumulate in f32 and round once at the end, as numpy, onnxruntime and
  // PyTorch compute them (a product rounded to half before the sum would lose bits they keep).
  ExprId dot(ExprId a, ExprId b) {
    DType t = g_.node(a).dtype;
    if (t != DType::F16 && t != DType::BF16)
      return g_.reduce(kir::ReduceFn::Sum, g_.binary(kir::Op::Mul, a, b));
    ExprId sum = g_.reduce(kir::ReduceFn::Sum, g_.binary(kir::Op::Mul, g_.cast(a, DType::F32),
                                                         g_.cast(b, DType::F32)));
    return g_.cast(sum, t);
  }

  ExprId newReduceVar(int64_t extent) {
    int64_t v = k_.rank() + static_cast<int64_t>(k_.reduceShape.size());
    k_.reduceShape.push_back(extent);
    k_.runExtents.push_back(DimExpr::of(extent));
    g_.setVarRange(v, extent);
    return g_.var(v);
  }

  // A reduction variable over `dim`, run-time or not.
  FailureOr<ExprId> newReduceVar(const ShapeDim &dim, Operation *op) {
    FailureOr<DimExpr> e = dimExprOf(dim, op);
    if (failed(e))
      return failure();
    ExprId v = newReduceVar(dim.bound);
    k_.runExtents.back() = *e;
    return v;
  }

  FailureOr<ExprId> emitConv(ConvOp conv, const Index &idx, ExprId guard) {
    ArrayRef<int64_t> x = shapeOf(conv.getInput()), w = shapeOf(conv.getFilter());
    int64_t spatial = static_cast<int64_t>(x.size()) - 2, group = conv.getGroup();
    int64_t perGroupOut = w[0] / group;
    // Reduction axes: the window first, the input channel last (innermost). The padding
    // guards depend on the window only, so they stay out of the innermost loop.
    Index xIdx = {idx[0], kNoExpr}, wIdx = {idx[1], kNoExpr};
    ExprId valid = kNoExpr;
    for (int64_t s = 0; s < spatial; ++s) {
      ExprId kv = newReduceVar(w[2 + s]);
      ExprId pos = g_.addConst(g_.add(g_.mulConst(idx[2 + s], conv.getStrides()[s]),
                                      g_.mulConst(kv, conv.getDilations()[s])),
                               -conv.getPads()[s]);
      valid = g_.andBool(valid, g_.binary(kir::Op::CmpGe, pos, g_.constInt(0)));
      valid = g_.andBool(valid, g_.binary(kir::Op::CmpLt, pos, g_.constInt(x[2 + s])));
      xIdx.push_back(pos);
      wIdx.push_back(kv);
    }
    ExprId c = newReduceVar(w[1]);
    xIdx[1] = g_.add(g_.mulConst(g_.divConst(idx[1], perGroupOut), w[1]), c);
    wIdx[1] = c;
    auto xv = emit(conv.getInput(), xIdx, g_.andBool(guard, valid));
    auto wv = emit(conv.getFilter(), wIdx, guard);
    if (failed(xv) || failed(wv)) return failure();
    ExprId input = zeroOutside(valid, *xv);
    return dot(input, *wv);
  }

  FailureOr<ExprId> emitConstant(ConstantOp c, const Index &idx, ExprId guard) {
    auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
    DType dtype = *dtypeOf(c.getType().getElementType());
    if (isNarrow(dtype))
      return c.emitError("a constant of narrow type ") << c.getType().getElementType();
    if (dense && dense.isSplat()) {
      if (isFloat(dtype))
        return g_.constFloat(dense.getSplatValue<APFloat>().convertToDouble(), dtype);
      return g_.constInt(dense.getSplatValue<APInt>().getSExtValue(), dtype);
    }
    if (!dense)
      return c.emitError("unsupported constant attribute");
    auto stepped = constantSteps_.try_emplace(c.getValue());
    if (stepped.second)
      stepped.first->second = constantSteps(dense, dtype);
    if (const std::optional<std::vector<int64_t>> &steps = stepped.first->second) {
      ExprId value = g_.constInt((*steps)[0]);
      for (size_t d = 0; d < idx.size(); ++d)
        if ((*steps)[d + 1] != 0)
          value = g_.add(value, g_.mulConst(idx[d], (*steps)[d + 1]));
      if (dtype != DType::I64)
        value = g_.cast(value, dtype);
      // A guarded load reads 0 where its guard fails.
      return guard == kNoExpr ? value : g_.select(guard, value, g_.constInt(0, dtype));
    }
    // A non-splat constant becomes a weight buffer (raw data is row-major, as buffers are).
    int &buffer = constantBuffer_[c.getValue()];
    if (!buffer) {
      ArrayRef<char> raw = dense.getRawData();
      std::vector<char> bytes;
      int64_t n = c.getType().getNumElements(), size = dtypeSize(dtype);
      if (dtype == DType::Bool) {
        for (bool b : dense.getValues<bool>())
          bytes.push_back(b);
      } else {
        bytes.assign(raw.begin(), raw.end());
      }
      if (static_cast<int64_t>(bytes.size()) != n * size)
        return c.emitError("constant data of unexpected size");
      const Weight &w = store_.addCopy("const", dtype,
                                       std::vector<int64_t>(c.getType().getShape()),
                                       bytes.data(), static_cast<int64_t>(bytes.size()));
      buffers_.push_back(Buffer{w.name, dtype, w.shape, BufferKind::Weight});
      buffer = static_cast<int>(buffers_.size());
    }
    return load(buffer - 1, idx, guard);
  }

  Kernel &k_;
  ExprGraph &g_;
  WeightStore &store_;
  std::vector<Buffer> &buffers_;
  llvm::DenseMap<Value, int> &argBuffer_;
  const std::vector<kir::RunDim> &dims_;
  std::map<std::tuple<const void *, Index, ExprId>, ExprId> memo_;
  llvm::DenseMap<Attribute, int> constantBuffer_; // buffer id + 1
  // constantSteps of each non-splat constant met (each is checked once).
  llvm::DenseMap<Attribute, std::optional<std::vector<int64_t>>> constantSteps_;
  bool reduceVarsOfReduce_ = false; // the reduction variables are a reduce's (row kernels share them)
};

// Sets an input's or output's run-time dims, as libpicort reads them. The caller's tensor is
// dense at its sizes in the call and the buffer is laid out at the bounds: the two agree when
// one run-time dim is the tensor's first dim of more than one element (rows of a static size).
// Returns whether they differ: the tensor then goes through a staging copy (Entry::stageIn,
// stageOut).
FailureOr<bool> setRunShape(Buffer &b, Type type, Operation *at) {
  if (!hasRunDims(type))
    return false;
  int run = 0;
  bool lead = true, staged = false; // lead: only 1s so far
  for (const ShapeDim &d : runShape(type)) {
    FailureOr<DimExpr> e = dimExprOf(d, at);
    if (failed(e))
      return failure();
    if (!d.isStatic())
      staged |= ++run > 1 || !lead;
    lead &= d.isOne();
    b.runShape.push_back(*e);
  }
  return staged;
}

// Every run-time dim that the entry reads (its tensors' dims, its kernels' extents and Dim
// nodes) is some input's dim by itself, or a state's length: that is where each call takes
// its value.
LogicalResult checkRunDimsBound(const Program &program, const Entry &entry, Operation *at) {
  std::vector<char> bound(program.dims.size(), 0), used(program.dims.size(), 0);
  auto bind = [&](const DimExpr &e) {
    if (int d = e.plainDim(); d >= 0 && d < static_cast<int>(bound.size()))
      bound[d] = 1;
  };
  for (int id : entry.inputs)
    for (const DimExpr &e : program.buffers[id].runShape)
      bind(e);
  auto use = [&](const DimExpr &e) {
    for (size_t d = 0; d < e.coeffs.size() && d < used.size(); ++d)
      used[d] |= e.coeffs[d] != 0;
  };
  for (const StateUse &s : entry.states) { // a state's length gives its past's dim
    bind(s.lengthIn);
    use(s.lengthIn);
    use(s.lengthOut);
  }
  for (const std::vector<int> *ids : {&entry.inputs, &entry.outputs})
    for (int id : *ids)
      for (const DimExpr &e : program.buffers[id].runShape)
        use(e);
  for (const Kernel &k : program.kernels) {
    for (const DimExpr &e : k.runExtents)
      use(e);
    for (size_t i = 0; i < k.graph.size(); ++i)
      if (const kir::Node &n = k.graph.node(static_cast<ExprId>(i));
          n.op == kir::Op::Dim && n.arg >= 0 && n.arg < static_cast<int64_t>(used.size()))
        used[n.arg] = 1;
  }
  for (size_t d = 0; d < program.dims.size(); ++d)
    if (used[d] && !bound[d])
      return at->emitError("run-time dim '") << program.dims[d].name
             << "' is no input's dim by itself (nor a state's length), so no call can give "
                "its value";
  return success();
}

std::string locationName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    std::string s;
    for (Location l : fused.getLocations())
      s += (s.empty() ? "" : ", ") + locationName(l);
    return s;
  }
  return "";
}

} // namespace

// A past/present pair that picoc --state makes state: result `result` is a kernel whose value
// is a concat whose first operand is the graph input `past`, along a run-time dim.
struct StatePair {
  BlockArgument past;
  unsigned result;
  KernelOp kernel;
  int64_t axis;
};

// The exporters' KV cache: `present = Concat(past, new, axis)` returned, where past is a graph
// input whose dim along the axis is a run-time dim. Fails on a pair whose other dims vary at
// run time (the state keeps one layout between calls).
FailureOr<std::vector<StatePair>> findStatePairs(func::FuncOp func, func::ReturnOp ret) {
  std::vector<StatePair> pairs;
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    auto kop = v.getDefiningOp<KernelOp>();
    if (!kop || func.getResultAttr(i, kCheckAttr))
      continue;
    auto yield = cast<YieldOp>(kop.getBody().front().getTerminator());
    auto concat = yield.getValue().getDefiningOp<ConcatOp>();
    if (!concat || concat.getInputs().size() < 2)
      continue;
    auto inner = dyn_cast<BlockArgument>(concat.getInputs()[0]);
    if (!inner || inner.getOwner() != &kop.getBody().front())
      continue;
    auto past = dyn_cast<BlockArgument>(kop.getInputs()[inner.getArgNumber()]);
    if (!past || past.getOwner() != &func.getBody().front())
      continue;
    int64_t axis = concat.getAxis();
    RunShape shape = runShape(past.getType());
    if (shape[axis].isStatic())
      continue;
    RunShape present = runShape(v.getType());
    for (size_t d = 0; d < present.size(); ++d)
      if (static_cast<int64_t>(d) != axis && !present[d].isStatic())
        return kop.emitError("--state: the cache '")
               << (func.getResultAttrOfType<StringAttr>(i, "picoc.name")
                       ? func.getResultAttrOfType<StringAttr>(i, "picoc.name").str()
                       : "output" + std::to_string(i))
               << "' varies at run time in dim " << d << " (" << runDimStr(present[d])
               << "), not only along dim " << axis
               << " where it grows: a state keeps one layout between calls";
    if (llvm::any_of(pairs, [&](const StatePair &p) { return p.past == past; }))
      return kop.emitError("--state: graph input ")
             << past.getArgNumber() << " is the past of two outputs";
    pairs.push_back({past, static_cast<unsigned>(i), kop, axis});
  }
  return pairs;
}

FailureOr<Program> lowerToKernels(ModuleOp module, WeightStore &store, const std::string &name,
                                  bool makeState, bool stateMayBeElsewhere) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func || func.isDeclaration())
    return module.emitError(func ? "@main has no body to compile" : "no func.func @main to compile");
  Program program;
  program.name = name;
  program.dims = moduleRunDims(module);
  llvm::DenseMap<Value, int> bufferOf;
  auto addBuffer = [&](Buffer b) {
    program.buffers.push_back(std::move(b));
    return static_cast<int>(program.buffers.size()) - 1;
  };
  auto bufferType = [&](Value v, Location loc) -> FailureOr<std::pair<DType, std::vector<int64_t>>> {
    auto type = cast<RankedTensorType>(v.getType());
    auto dtype = dtypeOf(type.getElementType());
    if (!dtype)
      return emitError(loc, "unsupported element type ") << type.getElementType();
    // Narrow formats live in the model's inputs and outputs only; the importer makes a
    // narrow initializer a wide constant cast to its format.
    if (isNarrow(*dtype) && v.getDefiningOp() && !isa<KernelOp>(v.getDefiningOp()))
      return emitError(loc, "a weight or constant of narrow type ") << type.getElementType();
    return std::make_pair(*dtype, std::vector<int64_t>(type.getShape()));
  };

  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  Entry entry; // the program's one entry point, "run"; linkEntries may join programs
  entry.name = "run";
  auto resultName = [&](unsigned i) {
    auto n = func.getResultAttrOfType<StringAttr>(i, "picoc.name");
    return n ? n.str() : "output" + std::to_string(i);
  };

  // States (--state): each pair's past and present are one buffer, laid out at the
  // present's bounds, that the present's kernel appends to.
  std::vector<StatePair> pairs;
  llvm::DenseMap<Value, int> stateUse; // a pair's past or present -> its Entry::states index
  if (makeState) {
    FailureOr<std::vector<StatePair>> found = findStatePairs(func, ret);
    if (failed(found))
      return failure();
    pairs = std::move(*found);
    if (pairs.empty() && !stateMayBeElsewhere)
      return func.emitError("--state: no graph output is a graph input concatenated with new "
                            "values along a run-time dim (a past/present KV cache whose past "
                            "length is a run-time dim: --dim past=0..N)");
    for (StatePair &p : pairs) {
      Value present = ret.getOperand(p.result);
      auto t = bufferType(present, p.kernel.getLoc());
      if (failed(t))
        return failure();
      StateUse use;
      use.buffer = addBuffer(Buffer{resultName(p.result), t->first, t->second, BufferKind::State});
      use.axis = static_cast<int>(p.axis);
      FailureOr<DimExpr> in = dimExprOf(runShape(p.past.getType())[p.axis], p.kernel);
      FailureOr<DimExpr> out = dimExprOf(runShape(present.getType())[p.axis], p.kernel);
      if (failed(in) || failed(out))
        return failure();
      use.lengthIn = *in;
      use.lengthOut = *out;
      if (auto n = func.getArgAttrOfType<StringAttr>(p.past.getArgNumber(), "picoc.name"))
        use.past = n.str();
      stateUse[p.past] = stateUse[present] = static_cast<int>(entry.states.size());
      bufferOf[p.past] = use.buffer;
      entry.states.push_back(use);
    }
  }

  int64_t numInputs = 0;
  for (BlockArgument arg : body.getArguments()) {
    if (stateUse.count(arg))
      continue; // read from the state
    auto t = bufferType(arg, func.getLoc());
    if (failed(t))
      return failure();
    std::string argName = "input" + std::to_string(arg.getArgNumber());
    if (auto n = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "picoc.name"))
      argName = n.str();
    int id = addBuffer(Buffer{argName, t->first, t->second, BufferKind::Input, numInputs++});
    FailureOr<bool> staged = setRunShape(program.buffers[id], arg.getType(), func);
    if (failed(staged))
      return failure();
    entry.inputs.push_back(id);
    bufferOf[arg] = id;
    if (*staged) { // the kernels read a copy at the bounds' layout
      int copy = addBuffer(Buffer{argName + ".staged", t->first, t->second, BufferKind::Temp});
      entry.stageIn.push_back({id, copy});
      bufferOf[arg] = copy;
    }
  }
  // Returned values: the model's outputs (by signature position, states left out), then its
  // checks.
  llvm::DenseMap<Value, int> outputPosition;
  llvm::DenseMap<Value, std::string> checkMessage;
  llvm::DenseMap<Value, unsigned> resultIndex; // an output's position among @main's results
  int numOutputs = 0;
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    if (stateUse.count(v))
      continue;
    if (auto check = func.getResultAttrOfType<StringAttr>(i, kCheckAttr)) {
      auto type = cast<RankedTensorType>(v.getType());
      if (type.getNumElements() != 1 || !type.getElementType().isInteger(8))
        return ret.emitError("a picoc.check result must be one i8");
      checkMessage[v] = check.str();
      continue;
    }
    resultIndex[v] = static_cast<unsigned>(i);
    outputPosition[v] = numOutputs++;
  }
  entry.outputs.resize(numOutputs, -1);

  // A value's buffer: an input's, a weight's, or the kernel's that computes it.
  auto bufferFor = [&](Value v, Operation *user) -> FailureOr<int> {
    auto it = bufferOf.find(v);
    if (it == bufferOf.end())
      return user->emitError("reads a value that no buffer holds");
    return it->second;
  };
  std::function<LogicalResult(Operation &)> lowerOp;
  // A picoc.loop: its carried values and iteration number get buffers, its body's kernels
  // follow (run once per iteration), and an Entry::loops entry says how.
  auto lowerLoop = [&](LoopOp loop) -> LogicalResult {
    Block &inner = loop.getBody().front();
    auto yield = cast<LoopYieldOp>(inner.getTerminator());
    std::string name = locationName(loop.getLoc());
    if (name.empty())
      name = "loop";
    Loop l;
    for (auto [field, operand] : {std::pair{&l.tripCount, loop.getTripCount()},
                                  std::pair{&l.cond, loop.getCond()}})
      if (operand) {
        FailureOr<int> b = bufferFor(operand, loop);
        if (failed(b))
          return failure();
        *field = *b;
      }
    auto temp = [&](Value v, const std::string &suffix) -> FailureOr<int> {
      auto t = bufferType(v, loop.getLoc());
      if (failed(t))
        return failure();
      return addBuffer(Buffer{name + suffix, t->first, t->second, BufferKind::Temp});
    };
    FailureOr<int> iteration = temp(inner.getArgument(0), ".iteration");
    if (failed(iteration))
      return failure();
    l.iteration = *iteration;
    bufferOf[inner.getArgument(0)] = l.iteration;
    for (auto [k, init] : llvm::enumerate(loop.getInits())) {
      FailureOr<int> from = bufferFor(init, loop);
      FailureOr<int> carried = temp(init, ".carried" + std::to_string(k));
      if (failed(from) || failed(carried))
        return failure();
      l.init.push_back({*from, *carried});
      bufferOf[inner.getArgument(1 + k)] = *carried;
      bufferOf[loop.getResult(k)] = *carried;
    }
    l.firstKernel = static_cast<int>(program.kernels.size());
    for (Operation &op : inner.without_terminator()) {
      if (isa<LoopOp>(op))
        return op.emitError("a picoc.loop inside a picoc.loop is not supported");
      if (failed(lowerOp(op)))
        return failure();
    }
    l.numKernels = static_cast<int>(program.kernels.size()) - l.firstKernel;
    DenseElementsAttr constantCond;
    bool alwaysTrue = matchPattern(yield.getCond(), m_Constant(&constantCond)) &&
                      llvm::all_of(constantCond.getValues<bool>(), [](bool b) { return b; });
    if (!alwaysTrue) {
      FailureOr<int> condOut = bufferFor(yield.getCond(), yield);
      if (failed(condOut))
        return failure();
      l.condOut = *condOut;
    }
    for (auto [k, v] : llvm::enumerate(yield.getValues())) {
      FailureOr<int> from = bufferFor(v, yield);
      if (failed(from))
        return failure();
      if (static_cast<int64_t>(k) < loop.numCarried()) {
        if (*from != l.init[k].second) // a value carried unchanged needs no copy
          l.carry.push_back({*from, l.init[k].second});
        continue;
      }
      Value stacked = loop.getResult(k);
      FailureOr<int> to = temp(stacked, ".scan" + std::to_string(k - loop.numCarried()));
      if (failed(to))
        return failure();
      l.scans.push_back({*from, *to});
      l.maxIterations = shapeOf(stacked)[0];
      bufferOf[stacked] = *to;
    }
    entry.loops.push_back(std::move(l));
    return success();
  };
  lowerOp = [&](Operation &op) -> LogicalResult {
    if (auto loop = dyn_cast<LoopOp>(op))
      return lowerLoop(loop);
    if (auto w = dyn_cast<WeightOp>(op)) {
      const Weight *weight = store.find(w.getName().str());
      if (!weight)
        return w.emitError("weight '") << w.getName() << "' is not in the weight store";
      auto t = bufferType(w.getResult(), w.getLoc());
      if (failed(t))
        return failure();
      bufferOf[w.getResult()] = addBuffer(Buffer{weight->name, t->first, t->second, BufferKind::Weight});
      return success();
    }
    if (auto c = dyn_cast<ConstantOp>(op)) {
      // Constants outside kernels only feed kernels as inputs: make them weights.
      auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
      auto t = bufferType(c.getResult(), c.getLoc());
      if (!dense || failed(t))
        return c.emitError("unsupported constant");
      std::vector<char> bytes;
      if (t->first == DType::Bool)
        for (bool b : dense.getValues<bool>())
          bytes.push_back(b);
      else if (dense.isSplat()) {
        ArrayRef<char> one = dense.getRawData();
        for (int64_t k = 0; k < c.getType().getNumElements(); ++k)
          bytes.insert(bytes.end(), one.begin(), one.end());
      } else {
        bytes.assign(dense.getRawData().begin(), dense.getRawData().end());
      }
      const Weight &w = store.addCopy("const", t->first, t->second, bytes.data(),
                                      static_cast<int64_t>(bytes.size()));
      bufferOf[c.getResult()] = addBuffer(Buffer{w.name, t->first, t->second, BufferKind::Weight});
      return success();
    }
    if (isa<DimOp>(op))
      return success(); // each kernel that reads it holds a copy (picoc-graph-fuse)
    auto kop = dyn_cast<KernelOp>(op);
    if (!kop)
      return op.emitError("op outside any picoc.kernel: run picoc-graph-fuse first");
    auto t = bufferType(kop.getResult(), kop.getLoc());
    if (failed(t))
      return failure();
    Buffer out{kop.getSymName().str(), t->first, t->second, BufferKind::Temp};
    auto pos = outputPosition.find(kop.getResult());
    if (pos != outputPosition.end()) {
      out.kind = BufferKind::Output;
      out.position = pos->second;
      out.name = resultName(resultIndex.lookup(kop.getResult()));
    }
    FailureOr<bool> staged = false;
    if (out.kind == BufferKind::Output)
      staged = setRunShape(out, kop.getResult().getType(), kop);
    if (failed(staged))
      return failure();
    const StateUse *append = nullptr; // the kernel appends to a state's buffer
    if (auto use = stateUse.find(kop.getResult()); use != stateUse.end())
      append = &entry.states[use->second];
    int stagedOutput = -1; // the output a staged result is copied to
    if (*staged) { // the kernel writes a copy at the bounds' layout, copied out after the run
      Buffer copy{out.name + ".staged", out.dtype, out.shape, BufferKind::Temp};
      stagedOutput = addBuffer(std::move(out));
      entry.outputs[program.buffers[stagedOutput].position] = stagedOutput;
      out = copy;
    }
    int outId = append ? append->buffer : addBuffer(out);
    if (out.kind == BufferKind::Output)
      entry.outputs[out.position] = outId;
    if (stagedOutput >= 0)
      entry.stageOut.push_back({outId, stagedOutput});
    if (auto check = checkMessage.find(kop.getResult()); check != checkMessage.end())
      entry.checks.push_back({outId, check->second});
    bufferOf[kop.getResult()] = outId;

    Kernel kernel;
    kernel.name = kop.getSymName().str();
    kernel.location = locationName(kop.getLoc());
    kernel.output = outId;
    kernel.shape = t->second;
    llvm::DenseMap<Value, int> argBuffer;
    for (auto [arg, input] : llvm::zip(kop.getBody().front().getArguments(), kop.getInputs()))
      argBuffer[arg] = bufferOf.lookup(input);
    KernelBuilder builder(kernel, store, program.buffers, argBuffer, program.dims);
    if (failed(builder.build(kop, append)))
      return failure();
    if (kernel.hasRunExtents() && isNarrow(program.buffers[outId].dtype))
      return kop.emitError("a narrow-format result does not take run-time dims yet");
    if (program.buffers[outId].numElements() == 0)
      return success(); // an empty result (an output of no elements): nothing to compute or store
    if (kernel.attention && kernel.attention->splits > 0) { // partials, then their merge
      int partials =
          addBuffer(Buffer{out.name + "_partials", DType::F32, kernel.shape, BufferKind::Temp});
      Kernel merge = attentionMerge(kernel, partials, outId);
      kernel.output = partials;
      program.kernels.push_back(std::move(kernel));
      program.kernels.push_back(std::move(merge));
      return success();
    }
    DType format = program.buffers[outId].dtype;
    if (isNarrow(format) && elementsPerByte(format) > 1) {
      Buffer wide{out.name + "_wide", wideType(format), t->second, BufferKind::Temp};
      int wideId = addBuffer(wide);
      kernel.output = wideId;
      Kernel pack = packKernel(kernel, wideId, program.buffers[wideId], outId,
                               program.buffers[outId]);
      program.kernels.push_back(std::move(kernel));
      program.kernels.push_back(std::move(pack));
      return success();
    }
    // The values are the format's already (a Cast rounded them): encoding them is exact and
    // keeps an infinity an infinity.
    if (isNarrow(format))
      kernel.value = kernel.graph.encode(kernel.value, format, /*saturate=*/false);
    program.kernels.push_back(std::move(kernel));
    return success();
  };
  for (Operation &op : body.without_terminator())
    if (failed(lowerOp(op)))
      return failure();
  for (int id : entry.outputs)
    if (id < 0)
      return ret.emitError("a returned value is not produced by its own kernel");
  if (failed(checkRunDimsBound(program, entry, func)))
    return failure();
  entry.numKernels = static_cast<int>(program.kernels.size());
  program.entries.push_back(std::move(entry));
  return program;
}

} // namespace picoc
