//===- SymbolicShape.cpp - shape arithmetic over run-time dims --------------------------===//
//
// Exporters compute shape arguments from Shape: Shape -> Gather -> Unsqueeze -> Concat ->
// Reshape, or Shape -> Gather -> Range for positions. With static dims all of it folds to
// constants. With a run-time dim (RunShape.h), Shape gives picoc.dim ops for it, the arithmetic
// is imported as ops like any other, and a consumer that needs the values at compile time
// reads them back here as affine expressions of the run-time dims: a walk over the small
// integer ops that shape arithmetic uses (constants, picoc.dim, concat, reshape, slice,
// gather, broadcast, cast, + - * and exact division, min/max, comparisons and selects that
// the dims' bounds decide).
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace picoc::onnximport {

namespace {

using Exprs = SmallVector<AffineExpr>;

// Shape tensors are short; anything longer is data.
constexpr int64_t kMaxSymbolicElements = 64;
constexpr int kMaxDepth = 64;

class SymbolicEvaluator {
public:
  SymbolicEvaluator(NodeImporter &n) : n_(n), ctx_(n.context()) {}

  std::optional<Exprs> eval(Value v, int depth = 0) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    if (!type || depth > kMaxDepth || !type.hasStaticShape() || hasRunDims(type) ||
        type.getNumElements() > kMaxSymbolicElements || !isa<IntegerType>(type.getElementType()))
      return std::nullopt;
    Attribute attr;
    if (matchPattern(v, m_Constant(&attr))) {
      auto dense = dyn_cast<DenseElementsAttr>(attr);
      if (!dense)
        return std::nullopt;
      Exprs out;
      for (const APInt &x : dense.getValues<APInt>())
        out.push_back(constant(type.getElementType().isInteger(1) ? x.getZExtValue()
                                                                  : x.getSExtValue()));
      return out;
    }
    Operation *op = v.getDefiningOp();
    if (!op)
      return std::nullopt;
    auto operand = [&](Value x) { return eval(x, depth + 1); };
    if (auto d = dyn_cast<DimOp>(op))
      return Exprs{d.getExpr()};
    if (isa<ReshapeOp, CastOp>(op)) // the same elements (integer casts of small values)
      return operand(op->getOperand(0));
    if (auto c = dyn_cast<ConcatOp>(op)) {
      if (type.getRank() != 1)
        return std::nullopt;
      Exprs out;
      for (Value in : c.getInputs()) {
        auto part = operand(in);
        if (!part)
          return std::nullopt;
        out.append(*part);
      }
      return out;
    }
    if (auto s = dyn_cast<SliceOp>(op)) {
      auto in = operand(s.getInput());
      if (!in || type.getRank() != 1)
        return std::nullopt;
      Exprs out;
      for (int64_t i = 0; i < type.getNumElements(); ++i)
        out.push_back((*in)[s.getStarts()[0] + i * s.getSteps()[0]]);
      return out;
    }
    if (auto g = dyn_cast<GatherOp>(op)) {
      auto data = operand(g.getInput()), indices = operand(g.getIndices());
      if (!data || !indices || cast<RankedTensorType>(g.getInput().getType()).getRank() != 1)
        return std::nullopt;
      Exprs out;
      for (AffineExpr i : *indices) {
        auto c = dyn_cast<AffineConstantExpr>(i);
        int64_t size = static_cast<int64_t>(data->size());
        if (!c || c.getValue() < -size || c.getValue() >= size)
          return std::nullopt;
        out.push_back((*data)[c.getValue() < 0 ? c.getValue() + size : c.getValue()]);
      }
      return out;
    }
    if (auto b = dyn_cast<BroadcastOp>(op)) {
      auto in = operand(b.getInput());
      if (!in || in->size() != 1)
        return std::nullopt;
      return Exprs(type.getNumElements(), in->front());
    }
    if (auto u = dyn_cast<UnaryOp>(op)) {
      auto in = operand(u.getInput());
      if (!in || u.getFn() != UnaryFn::neg)
        return std::nullopt;
      for (AffineExpr &e : *in)
        e = -e;
      return in;
    }
    if (auto b = dyn_cast<BinaryOp>(op)) {
      auto x = operand(b.getLhs()), y = operand(b.getRhs());
      if (!x || !y)
        return std::nullopt;
      return elementwise(*x, *y, type.getNumElements(),
                         [&](AffineExpr p, AffineExpr q) { return binary(b.getFn(), p, q); });
    }
    if (auto s = dyn_cast<SelectOp>(op)) {
      auto c = operand(s.getCond()), x = operand(s.getLhs()), y = operand(s.getRhs());
      if (!c || !x || !y)
        return std::nullopt;
      int64_t n = type.getNumElements();
      for (const Exprs *e : {&*c, &*x, &*y})
        if (e->size() != 1 && static_cast<int64_t>(e->size()) != n)
          return std::nullopt;
      Exprs out;
      for (int64_t i = 0; i < n; ++i) {
        auto ci = dyn_cast<AffineConstantExpr>(at(*c, i, n));
        if (!ci)
          return std::nullopt;
        out.push_back(ci.getValue() ? at(*x, i, n) : at(*y, i, n));
      }
      return out;
    }
    return std::nullopt;
  }

private:
  AffineExpr constant(int64_t v) { return getAffineConstantExpr(v, ctx_); }

  // Element i of a value of `n` elements broadcast from `v` (one element, or n).
  static AffineExpr at(const Exprs &v, int64_t i, int64_t n) {
    return v.size() == 1 ? v.front() : v[static_cast<size_t>(i) % v.size()];
  }

  template <typename F>
  std::optional<Exprs> elementwise(const Exprs &x, const Exprs &y, int64_t n, F f) {
    if ((x.size() != 1 && static_cast<int64_t>(x.size()) != n) ||
        (y.size() != 1 && static_cast<int64_t>(y.size()) != n))
      return std::nullopt; // a broadcast of two shapes: not shape arithmetic
    Exprs out;
    for (int64_t i = 0; i < n; ++i) {
      std::optional<AffineExpr> e = f(at(x, i, n), at(y, i, n));
      if (!e)
        return std::nullopt;
      out.push_back(*e);
    }
    return out;
  }

  // The sign of p - q where the dims' bounds decide it: -1, 0 or 1.
  std::optional<int> compare(AffineExpr p, AffineExpr q) {
    auto [lo, hi] = n_.exprRange(p - q);
    if (lo == 0 && hi == 0)
      return 0;
    if (lo > 0)
      return 1;
    if (hi < 0)
      return -1;
    return std::nullopt;
  }

  std::optional<AffineExpr> binary(BinaryFn fn, AffineExpr p, AffineExpr q) {
    auto cp = dyn_cast<AffineConstantExpr>(p), cq = dyn_cast<AffineConstantExpr>(q);
    auto boolean = [&](bool v) { return constant(v ? 1 : 0); };
    switch (fn) {
    case BinaryFn::add: return p + q;
    case BinaryFn::sub: return p - q;
    case BinaryFn::mul:
      if (!cp && !cq)
        return std::nullopt;
      return p * q;
    case BinaryFn::div: {
      // Integer Div truncates; on a non-negative dividend that is floor division. Only an
      // exact quotient stays affine ((8*s0) / 8 = s0).
      if (!cq || cq.getValue() <= 0 || n_.exprRange(p).first < 0)
        return std::nullopt;
      AffineExpr r = canonicalExpr(p.floorDiv(cq.getValue()));
      if (canonicalExpr(r * cq.getValue()) != canonicalExpr(p) && !isa<AffineConstantExpr>(r))
        return std::nullopt;
      return r;
    }
    case BinaryFn::max:
    case BinaryFn::min: {
      std::optional<int> sign = compare(p, q);
      if (!sign)
        return std::nullopt;
      return (*sign >= 0) == (fn == BinaryFn::max) ? p : q;
    }
    case BinaryFn::eq:
    case BinaryFn::lt:
    case BinaryFn::le:
    case BinaryFn::gt:
    case BinaryFn::ge: {
      std::optional<int> sign = compare(p, q);
      if (!sign) { // equal only if the difference can be 0
        auto [lo, hi] = n_.exprRange(p - q);
        if (fn == BinaryFn::eq && (lo > 0 || hi < 0))
          return boolean(false);
        return std::nullopt;
      }
      switch (fn) {
      case BinaryFn::eq: return boolean(*sign == 0);
      case BinaryFn::lt: return boolean(*sign < 0);
      case BinaryFn::le: return boolean(*sign <= 0);
      case BinaryFn::gt: return boolean(*sign > 0);
      default: return boolean(*sign >= 0);
      }
    }
    case BinaryFn::logical_and:
    case BinaryFn::logical_or:
    case BinaryFn::logical_xor:
      if (!cp || !cq)
        return std::nullopt;
      if (fn == BinaryFn::logical_and)
        return boolean(cp.getValue() && cq.getValue());
      if (fn == BinaryFn::logical_or)
        return boolean(cp.getValue() || cq.getValue());
      return boolean((cp.getValue() != 0) != (cq.getValue() != 0));
    default:
      return std::nullopt;
    }
  }

  NodeImporter &n_;
  MLIRContext *ctx_;
};

} // namespace

std::optional<Exprs> NodeImporter::symbolicInts(Value v) {
  if (!v)
    return std::nullopt;
  return SymbolicEvaluator(*this).eval(v);
}

std::optional<Exprs> NodeImporter::symbolicIntsInput(int i, StringRef what) {
  if (!hasInput(i)) {
    problem("input '" + what + "' is required");
    return std::nullopt;
  }
  if (auto exprs = symbolicInts(input(i)))
    return exprs;
  (void)failNotKnown(i, what);
  return std::nullopt;
}

std::pair<int64_t, int64_t> NodeImporter::exprRange(AffineExpr e) {
  if (auto c = dyn_cast<AffineConstantExpr>(e))
    return {c.getValue(), c.getValue()};
  const std::vector<kir::RunDim> &dims = graph().runDims();
  // An affine expression in its linear form, where each dim's terms are combined (MLIR leaves
  // s1 - (s1 - s0) as it is; its terms walked apart would lose that the two s1 are one).
  if (std::optional<kir::DimExpr> linear = toDimExpr(e))
    return {linear->min(dims), linear->max(dims)};
  if (auto s = dyn_cast<AffineSymbolExpr>(e)) {
    if (s.getPosition() < dims.size())
      return {dims[s.getPosition()].min, dims[s.getPosition()].max};
    return {0, kMaxDimSize};
  }
  auto bin = dyn_cast<AffineBinaryOpExpr>(e);
  if (!bin)
    return {INT64_MIN / 4, INT64_MAX / 4};
  auto [al, ah] = exprRange(bin.getLHS());
  auto [bl, bh] = exprRange(bin.getRHS());
  // Saturated far from overflow (a model's constants may be anything, INT64_MAX included).
  auto sat = [](__int128 v) {
    constexpr int64_t kLimit = INT64_MAX / 4;
    return static_cast<int64_t>(std::clamp<__int128>(v, -kLimit, kLimit));
  };
  switch (bin.getKind()) {
  case AffineExprKind::Add: return {sat(__int128(al) + bl), sat(__int128(ah) + bh)};
  case AffineExprKind::Mul: {
    int64_t c[4] = {sat(__int128(al) * bl), sat(__int128(al) * bh), sat(__int128(ah) * bl),
                    sat(__int128(ah) * bh)};
    return {*std::min_element(c, c + 4), *std::max_element(c, c + 4)};
  }
  case AffineExprKind::FloorDiv:
    if (bl == bh && bl > 0 && al >= 0)
      return {al / bl, ah / bl};
    break;
  case AffineExprKind::Mod:
    if (bl == bh && bl > 0)
      return {0, bl - 1};
    break;
  default: break;
  }
  return {INT64_MIN / 4, INT64_MAX / 4};
}

std::optional<RunShape> NodeImporter::dimsOf(ArrayRef<AffineExpr> exprs, StringRef what) {
  RunShape shape;
  for (AffineExpr e : exprs) {
    auto [lo, hi] = exprRange(e);
    if (lo < 0 || hi > kMaxDimSize) {
      problem(what + " has a dim of size " + runDimStr({e, hi}) + ", which may be " +
              (lo < 0 ? "negative" : "too large"));
      return std::nullopt;
    }
    shape.push_back({canonicalExpr(e), hi});
  }
  return shape;
}

Value NodeImporter::dimValue(AffineExpr e) {
  if (auto c = dyn_cast<AffineConstantExpr>(e))
    return i64Constant({c.getValue()}, {});
  unsigned symbols = 0;
  e.walk([&](AffineExpr x) {
    if (auto s = dyn_cast<AffineSymbolExpr>(x))
      symbols = std::max(symbols, s.getPosition() + 1);
  });
  auto type = RankedTensorType::get({}, IntegerType::get(context(), 64));
  return create<DimOp>(type, AffineMapAttr::get(AffineMap::get(0, symbols, e)));
}

Value NodeImporter::dimVector(ArrayRef<AffineExpr> exprs) {
  if (llvm::all_of(exprs, [](AffineExpr e) { return isa<AffineConstantExpr>(e); })) {
    SmallVector<int64_t> values;
    for (AffineExpr e : exprs)
      values.push_back(llvm::cast<AffineConstantExpr>(e).getValue());
    return i64Constant(values, {static_cast<int64_t>(values.size())});
  }
  SmallVector<Value> parts;
  for (AffineExpr e : exprs)
    parts.push_back(reshape(dimValue(e), {1}));
  if (parts.size() == 1)
    return parts.front();
  return create<ConcatOp>(ValueRange(parts), static_cast<uint64_t>(0));
}

} // namespace picoc::onnximport
