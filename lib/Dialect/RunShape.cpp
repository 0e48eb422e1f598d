//===- RunShape.cpp - run-time dims in the graph IR --------------------------------===//
#include "picoc/Dialect/RunShape.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace picoc {

ShapeDim staticDim(MLIRContext *ctx, int64_t size) {
  return {getAffineConstantExpr(size, ctx), size};
}

RunShape runShape(Type type) {
  auto t = cast<RankedTensorType>(type);
  RunShape shape;
  auto map = dyn_cast_or_null<AffineMapAttr>(t.getEncoding());
  for (int64_t d = 0; d < t.getRank(); ++d) {
    AffineExpr e = map && map.getValue().getNumResults() == t.getRank()
                       ? map.getValue().getResult(d)
                       : getAffineConstantExpr(t.getShape()[d], t.getContext());
    shape.push_back({e, t.getShape()[d]});
  }
  return shape;
}

bool hasRunDims(Type type) {
  auto t = dyn_cast<RankedTensorType>(type);
  return t && isa_and_nonnull<AffineMapAttr>(t.getEncoding());
}

AffineExpr canonicalExpr(AffineExpr expr) {
  std::optional<kir::DimExpr> linear = toDimExpr(expr);
  if (!linear)
    return expr;
  MLIRContext *ctx = expr.getContext();
  AffineExpr out = getAffineConstantExpr(0, ctx);
  for (size_t i = 0; i < linear->coeffs.size(); ++i)
    if (linear->coeffs[i] != 0)
      out = out + getAffineSymbolExpr(static_cast<unsigned>(i), ctx) * linear->coeffs[i];
  return out + linear->constant;
}

RankedTensorType runTensorType(const RunShape &shape, Type elementType) {
  SmallVector<int64_t> bounds;
  SmallVector<AffineExpr> exprs;
  bool run = false;
  unsigned symbols = 0;
  for (const ShapeDim &d : shape) {
    bounds.push_back(d.bound);
    exprs.push_back(canonicalExpr(d.expr));
    run |= !d.isStatic();
    exprs.back().walk([&](AffineExpr e) {
      if (auto s = dyn_cast<AffineSymbolExpr>(e))
        symbols = std::max(symbols, s.getPosition() + 1);
    });
  }
  if (!run)
    return RankedTensorType::get(bounds, elementType);
  MLIRContext *ctx = elementType.getContext();
  return RankedTensorType::get(bounds, elementType,
                               AffineMapAttr::get(AffineMap::get(0, symbols, exprs, ctx)));
}

RankedTensorType withElementType(RankedTensorType type, Type elementType) {
  return RankedTensorType::get(type.getShape(), elementType, type.getEncoding());
}

FailureOr<RunShape> broadcastRunShapes(const RunShape &a, const RunShape &b) {
  const RunShape &longer = a.size() >= b.size() ? a : b;
  const RunShape &shorter = a.size() >= b.size() ? b : a;
  RunShape out(longer);
  size_t lead = longer.size() - shorter.size();
  for (size_t i = 0; i < shorter.size(); ++i) {
    const ShapeDim &x = longer[lead + i], &y = shorter[i];
    if (x == y || y.isOne())
      continue;
    if (!x.isOne())
      return failure();
    out[lead + i] = y;
  }
  return out;
}

// The size of a group of dims: the one run-time dim's expression times the static sizes of
// the others; none for a product of run-time dims (not affine).
static std::optional<AffineExpr> groupSize(ArrayRef<ShapeDim> group) {
  int64_t product = 1;
  std::optional<AffineExpr> run;
  for (const ShapeDim &d : group) {
    if (d.isStatic()) {
      product *= d.bound;
      continue;
    }
    if (run)
      return std::nullopt;
    run = d.expr;
  }
  if (!run)
    return getAffineConstantExpr(product, group.front().expr.getContext());
  return canonicalExpr(*run * product);
}

std::pair<size_t, size_t> forEachReshapeGroup(
    ArrayRef<int64_t> in, ArrayRef<int64_t> out,
    function_ref<bool(size_t i0, size_t i, size_t j0, size_t j)> group) {
  size_t i = 0, j = 0;
  while (i < in.size() && j < out.size()) {
    size_t i0 = i, j0 = j;
    int64_t pi = in[i++], pj = out[j++];
    while (pi != pj && (i < in.size() || j < out.size())) {
      if ((pi < pj && i < in.size()) || j >= out.size())
        pi *= in[i++];
      else
        pj *= out[j++];
    }
    if (!group(i0, i, j0, j))
      break;
  }
  return {i, j};
}

static SmallVector<int64_t> boundsOf(const RunShape &shape) {
  SmallVector<int64_t> bounds;
  for (const ShapeDim &d : shape)
    bounds.push_back(d.bound);
  return bounds;
}

std::string checkRunReshape(const RunShape &in, const RunShape &out) {
  std::string why;
  auto [i, j] = forEachReshapeGroup(
      boundsOf(in), boundsOf(out), [&](size_t i0, size_t i, size_t j0, size_t j) {
        ArrayRef<ShapeDim> a = ArrayRef<ShapeDim>(in).slice(i0, i - i0);
        ArrayRef<ShapeDim> b = ArrayRef<ShapeDim>(out).slice(j0, j - j0);
        bool run = llvm::any_of(a, [](const ShapeDim &d) { return !d.isStatic(); }) ||
                   llvm::any_of(b, [](const ShapeDim &d) { return !d.isStatic(); });
        if (!run)
          return true;
        std::optional<AffineExpr> sa = groupSize(a), sb = groupSize(b);
        if (!sa || !sb)
          why = "dims " + runShapeStr(RunShape(a)) + " and " + runShapeStr(RunShape(b)) +
                " hold a product of run-time dims";
        else if (*sa != *sb)
          why = "dims " + runShapeStr(RunShape(a)) + " and " + runShapeStr(RunShape(b)) +
                " differ in size in some call";
        return why.empty();
      });
  if (!why.empty())
    return why;
  for (; i < in.size(); ++i)
    if (!in[i].isStatic())
      return "run-time dim " + runDimStr(in[i]) + " has no counterpart";
  for (; j < out.size(); ++j)
    if (!out[j].isStatic())
      return "run-time dim " + runDimStr(out[j]) + " has no counterpart";
  return "";
}

std::optional<RunShape> reshapeRunShape(const RunShape &in, ArrayRef<int64_t> bounds) {
  MLIRContext *ctx = in.empty() ? nullptr : in.front().expr.getContext();
  RunShape out;
  for (int64_t b : bounds)
    out.push_back({ctx ? getAffineConstantExpr(b, ctx) : AffineExpr(), b});
  bool known = true;
  auto [i, j] = forEachReshapeGroup(boundsOf(in), bounds, [&](size_t i0, size_t i, size_t j0,
                                                              size_t j) {
    ArrayRef<ShapeDim> a = ArrayRef<ShapeDim>(in).slice(i0, i - i0);
    if (llvm::all_of(a, [](const ShapeDim &d) { return d.isStatic(); }))
      return true;
    std::optional<AffineExpr> size = groupSize(a);
    // The run-time dim goes to the one dim of more than one element that makes the sizes
    // agree exactly ([8*seq] -> [seq, 8]; [2*seq] -> [2, seq]); where several would ([4*s]
    // -> [4, 4] with s <= 4: [s, 4] or [4, s]), the view is not known, and none is taken.
    int placed = -1, candidates = 0;
    AffineExpr placedExpr;
    for (size_t k = j0; size && k < j; ++k) {
      if (out[k].bound == 1)
        continue;
      int64_t others = 1;
      for (size_t m = j0; m < j; ++m)
        others *= m == k ? 1 : out[m].bound;
      if (others == 0)
        break;
      AffineExpr e = canonicalExpr(size->floorDiv(others));
      if (canonicalExpr(e * others) == *size && !isa<AffineConstantExpr>(e)) {
        placed = static_cast<int>(k);
        placedExpr = e;
        ++candidates;
      }
    }
    known = candidates == 1;
    if (known)
      out[placed].expr = placedExpr;
    return known;
  });
  (void)j;
  if (!known)
    return std::nullopt;
  for (; i < in.size(); ++i)
    if (!in[i].isStatic())
      return std::nullopt;
  return out;
}

std::string runDimStr(const ShapeDim &dim) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (dim.isStatic())
    os << dim.bound;
  else
    os << dim.expr << " (<= " << dim.bound << ")";
  return s;
}

std::string runShapeStr(const RunShape &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + runDimStr(shape[i]);
  return s + "]";
}

std::vector<kir::RunDim> moduleRunDims(ModuleOp module) {
  std::vector<kir::RunDim> dims;
  auto list = module->getAttrOfType<ArrayAttr>(kRunDimsAttr);
  if (!list)
    return dims;
  for (Attribute a : list) {
    auto entry = dyn_cast<ArrayAttr>(a);
    if (!entry || entry.size() != 3)
      continue;
    auto name = dyn_cast<StringAttr>(entry[0]);
    auto lo = dyn_cast<IntegerAttr>(entry[1]), hi = dyn_cast<IntegerAttr>(entry[2]);
    if (name && lo && hi)
      dims.push_back({name.str(), lo.getInt(), hi.getInt()});
  }
  return dims;
}

void setModuleRunDims(ModuleOp module, const std::vector<kir::RunDim> &dims) {
  Builder b(module.getContext());
  SmallVector<Attribute> list;
  for (const kir::RunDim &d : dims)
    list.push_back(b.getArrayAttr(
        {b.getStringAttr(d.name), b.getI64IntegerAttr(d.min), b.getI64IntegerAttr(d.max)}));
  if (list.empty())
    module->removeAttr(kRunDimsAttr);
  else
    module->setAttr(kRunDimsAttr, b.getArrayAttr(list));
}

std::optional<kir::DimExpr> toDimExpr(AffineExpr expr) {
  if (auto c = dyn_cast<AffineConstantExpr>(expr))
    return kir::DimExpr::of(c.getValue());
  if (auto s = dyn_cast<AffineSymbolExpr>(expr))
    return kir::DimExpr::dim(static_cast<int>(s.getPosition()));
  auto bin = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!bin)
    return std::nullopt;
  std::optional<kir::DimExpr> a = toDimExpr(bin.getLHS()), b = toDimExpr(bin.getRHS());
  if (!a || !b)
    return std::nullopt;
  if (bin.getKind() == AffineExprKind::Add) {
    kir::DimExpr r;
    r.constant = a->constant + b->constant;
    r.coeffs.resize(std::max(a->coeffs.size(), b->coeffs.size()));
    for (size_t i = 0; i < r.coeffs.size(); ++i)
      r.coeffs[i] = a->coeff(static_cast<int>(i)) + b->coeff(static_cast<int>(i));
    return r;
  }
  if (bin.getKind() == AffineExprKind::Mul && (a->isConstant() || b->isConstant())) {
    const kir::DimExpr &e = a->isConstant() ? *b : *a;
    int64_t c = a->isConstant() ? a->constant : b->constant;
    kir::DimExpr r{e.constant * c, e.coeffs};
    for (int64_t &k : r.coeffs)
      k *= c;
    return r;
  }
  return std::nullopt;
}

} // namespace picoc
