//===- PicocFolders.cpp - constant folding of small tensors -------------------------===//
//
// Shape arithmetic in exported models (Shape -> Gather -> Concat -> Reshape, masks built with
// Range/Trilu/Equal) is computed at compile time here. Only tensors up to kMaxFoldElements
// fold; larger ones are left to kernels. Identity views (reshape to the same type, identity
// transpose, full slice) fold to their input.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <cmath>

using namespace mlir;

namespace picoc {
namespace {

// A small tensor on the host: floats as doubles, integers (and i1) as int64.
struct HostTensor {
  SmallVector<int64_t> shape;
  bool isFloat = false;
  std::vector<double> f;
  std::vector<int64_t> i;
  int64_t size() const { return isFloat ? f.size() : i.size(); }
  double asDouble(int64_t k) const { return isFloat ? f[k] : static_cast<double>(i[k]); }
};

std::optional<HostTensor> toHost(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || dense.getNumElements() > kMaxFoldElements)
    return std::nullopt;
  HostTensor t;
  t.shape.assign(dense.getType().getShape().begin(), dense.getType().getShape().end());
  Type et = dense.getElementType();
  if (isa<FloatType>(et)) {
    t.isFloat = true;
    for (APFloat v : dense.getValues<APFloat>())
      t.f.push_back(v.convertToDouble());
  } else if (auto it = dyn_cast<IntegerType>(et)) {
    for (APInt v : dense.getValues<APInt>())
      t.i.push_back(it.getWidth() == 1 || it.isUnsigned() ? static_cast<int64_t>(v.getZExtValue())
                                                          : v.getSExtValue());
  } else {
    return std::nullopt;
  }
  return t;
}

Attribute fromHost(const HostTensor &t, RankedTensorType type) {
  Type et = type.getElementType();
  if (auto ft = dyn_cast<FloatType>(et)) {
    SmallVector<APFloat> values;
    for (int64_t k = 0; k < t.size(); ++k) {
      APFloat v(t.asDouble(k));
      bool lost;
      v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      values.push_back(v);
    }
    return DenseElementsAttr::get(type, values);
  }
  auto it = dyn_cast<IntegerType>(et);
  if (!it)
    return {};
  SmallVector<APInt> values;
  for (int64_t k = 0; k < t.size(); ++k) {
    int64_t v = t.isFloat ? static_cast<int64_t>(t.f[k]) : t.i[k];
    // Truncation to narrower widths keeps the low bits, as ONNX's casts do.
    values.push_back(APInt(64, static_cast<uint64_t>(it.getWidth() == 1 ? v != 0 : v), true)
                         .trunc(it.getWidth()));
  }
  return DenseElementsAttr::get(type, values);
}

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

// For every element of `out` (row-major), the linear index of the element it reads in a
// tensor of shape `in` broadcast (numpy rules) to `out`.
std::vector<int64_t> broadcastIndex(ArrayRef<int64_t> in, ArrayRef<int64_t> out) {
  int64_t n = 1;
  for (int64_t d : out)
    n *= d;
  auto inStrides = stridesOf(in);
  std::vector<int64_t> result(n);
  size_t lead = out.size() - in.size();
  for (int64_t k = 0; k < n; ++k) {
    int64_t rem = k, src = 0;
    for (int64_t d = static_cast<int64_t>(out.size()) - 1; d >= 0; --d) {
      int64_t idx = rem % out[d];
      rem /= out[d];
      if (d >= static_cast<int64_t>(lead) && in[d - lead] != 1)
        src += idx * inStrides[d - lead];
    }
    result[k] = src;
  }
  return result;
}

int64_t floorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

std::optional<double> applyUnary(UnaryFn fn, double v, bool isFloat) {
  switch (fn) {
  case UnaryFn::neg: return -v;
  case UnaryFn::abs: return std::fabs(v);
  case UnaryFn::relu: return v > 0 ? v : 0;
  case UnaryFn::sign: return v > 0 ? 1 : v < 0 ? -1 : 0;
  case UnaryFn::logical_not: return v == 0 ? 1 : 0;
  default: break;
  }
  if (!isFloat)
    return std::nullopt;
  switch (fn) {
  case UnaryFn::exp: return std::exp(v);
  case UnaryFn::log: return std::log(v);
  case UnaryFn::sqrt: return std::sqrt(v);
  case UnaryFn::rsqrt: return 1 / std::sqrt(v);
  case UnaryFn::recip: return 1 / v;
  case UnaryFn::tanh: return std::tanh(v);
  case UnaryFn::erf: return std::erf(v);
  case UnaryFn::sigmoid: return 1 / (1 + std::exp(-v));
  case UnaryFn::sin: return std::sin(v);
  case UnaryFn::cos: return std::cos(v);
  case UnaryFn::asin: return std::asin(v);
  case UnaryFn::acos: return std::acos(v);
  case UnaryFn::atan: return std::atan(v);
  case UnaryFn::asinh: return std::asinh(v);
  case UnaryFn::acosh: return std::acosh(v);
  case UnaryFn::atanh: return std::atanh(v);
  case UnaryFn::floor: return std::floor(v);
  case UnaryFn::ceil: return std::ceil(v);
  case UnaryFn::round: return std::nearbyint(v);
  default: return std::nullopt;
  }
}

std::optional<double> applyFloat(BinaryFn fn, double a, double b) {
  switch (fn) {
  case BinaryFn::add: return a + b;
  case BinaryFn::sub: return a - b;
  case BinaryFn::mul: return a * b;
  case BinaryFn::div: return a / b;
  case BinaryFn::pow: return std::pow(a, b);
  case BinaryFn::max: return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
  case BinaryFn::min: return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
  case BinaryFn::fmod: return std::fmod(a, b);
  case BinaryFn::mod: {
    double r = std::fmod(a, b);
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
  }
  case BinaryFn::eq: return a == b;
  case BinaryFn::lt: return a < b;
  case BinaryFn::le: return a <= b;
  case BinaryFn::gt: return a > b;
  case BinaryFn::ge: return a >= b;
  default: return std::nullopt;
  }
}

// Integer arithmetic wraps in two's complement, as the kernels' does: computed in uint64_t,
// where overflow is defined. INT64_MIN / -1 (and % -1) is not folded.
std::optional<int64_t> applyInt(BinaryFn fn, int64_t a, int64_t b) {
  auto wrap = [](uint64_t v) { return static_cast<int64_t>(v); };
  uint64_t ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  bool divisible = b != 0 && !(a == INT64_MIN && b == -1);
  switch (fn) {
  case BinaryFn::add: return wrap(ua + ub);
  case BinaryFn::sub: return wrap(ua - ub);
  case BinaryFn::mul: return wrap(ua * ub);
  case BinaryFn::div: return divisible ? std::optional<int64_t>(a / b) : std::nullopt;
  case BinaryFn::mod: return divisible ? std::optional<int64_t>(floorMod(a, b)) : std::nullopt;
  case BinaryFn::fmod: return divisible ? std::optional<int64_t>(a % b) : std::nullopt;
  case BinaryFn::pow: {
    if (b < 0)
      return std::nullopt;
    uint64_t r = 1;
    for (int64_t k = 0; k < b && k < 64; ++k)
      r *= ua;
    return wrap(r);
  }
  case BinaryFn::max: return std::max(a, b);
  case BinaryFn::min: return std::min(a, b);
  case BinaryFn::eq: return a == b;
  case BinaryFn::lt: return a < b;
  case BinaryFn::le: return a <= b;
  case BinaryFn::gt: return a > b;
  case BinaryFn::ge: return a >= b;
  case BinaryFn::logical_and: return a && b;
  case BinaryFn::logical_or: return a || b;
  case BinaryFn::logical_xor: return (a != 0) != (b != 0);
  // Bitwise on the int64 form of either signedness: the result's truncation to its width is
  // the narrow operation's result.
  case BinaryFn::bitwise_and: return a & b;
  case BinaryFn::bitwise_or: return a | b;
  case BinaryFn::bitwise_xor: return a ^ b;
  case BinaryFn::shift_left:
  case BinaryFn::shift_right: return std::nullopt; // width-dependent: left to the kernels
  }
  return std::nullopt;
}

// Gathers `src` elements by `index` into a tensor of `shape`.
HostTensor take(const HostTensor &src, const std::vector<int64_t> &index,
                ArrayRef<int64_t> shape) {
  HostTensor out;
  out.shape.assign(shape.begin(), shape.end());
  out.isFloat = src.isFloat;
  for (int64_t k : index) {
    if (src.isFloat)
      out.f.push_back(src.f[k]);
    else
      out.i.push_back(src.i[k]);
  }
  return out;
}

} // namespace

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult DimOp::fold(FoldAdaptor) {
  if (auto c = dyn_cast<AffineConstantExpr>(getExpr()))
    return DenseElementsAttr::get(getType(), c.getValue());
  return {};
}

OpFoldResult UnaryOp::fold(FoldAdaptor adaptor) {
  auto x = toHost(adaptor.getInput());
  if (!x)
    return {};
  HostTensor r = *x;
  for (int64_t k = 0; k < x->size(); ++k) {
    auto v = applyUnary(getFn(), x->asDouble(k), x->isFloat);
    if (!v)
      return {};
    if (r.isFloat)
      r.f[k] = *v;
    else if (!(*v >= -9.2233720368547758e18 && *v < 9.2233720368547758e18))
      return {}; // outside int64 (or NaN): left to run time rather than folded into UB
    else
      r.i[k] = static_cast<int64_t>(*v);
  }
  return fromHost(r, getType());
}

OpFoldResult BinaryOp::fold(FoldAdaptor adaptor) {
  auto a = toHost(adaptor.getLhs()), b = toHost(adaptor.getRhs());
  if (!a || !b || getType().getNumElements() > kMaxFoldElements)
    return {};
  auto shape = getType().getShape();
  auto ia = broadcastIndex(a->shape, shape), ib = broadcastIndex(b->shape, shape);
  HostTensor r;
  r.shape.assign(shape.begin(), shape.end());
  r.isFloat = isa<FloatType>(getType().getElementType());
  for (size_t k = 0; k < ia.size(); ++k) {
    if (a->isFloat) {
      auto v = applyFloat(getFn(), a->f[ia[k]], b->f[ib[k]]);
      if (!v)
        return {};
      if (r.isFloat)
        r.f.push_back(*v);
      else
        r.i.push_back(static_cast<int64_t>(*v));
    } else {
      auto v = applyInt(getFn(), a->i[ia[k]], b->i[ib[k]]);
      if (!v)
        return {};
      r.i.push_back(*v);
    }
  }
  return fromHost(r, getType());
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  auto c = toHost(adaptor.getCond());
  auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getCond());
  if (splat) {
    Value chosen = splat.getSplatValue<bool>() ? getLhs() : getRhs();
    if (chosen.getType() == getType())
      return chosen;
  }
  auto a = toHost(adaptor.getLhs()), b = toHost(adaptor.getRhs());
  if (!c || !a || !b || getType().getNumElements() > kMaxFoldElements)
    return {};
  auto shape = getType().getShape();
  auto ic = broadcastIndex(c->shape, shape), ia = broadcastIndex(a->shape, shape),
       ib = broadcastIndex(b->shape, shape);
  HostTensor r;
  r.shape.assign(shape.begin(), shape.end());
  r.isFloat = a->isFloat;
  for (size_t k = 0; k < ic.size(); ++k) {
    const HostTensor &src = c->i[ic[k]] ? *a : *b;
    int64_t at = c->i[ic[k]] ? ia[k] : ib[k];
    if (r.isFloat)
      r.f.push_back(src.f[at]);
    else
      r.i.push_back(src.i[at]);
  }
  return fromHost(r, getType());
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  // The narrow formats (float8, int4, ...) are computed by kernels only (kir Encode/Decode).
  for (Type t : {getInput().getType().getElementType(), getType().getElementType()})
    if (auto d = dtypeOf(t); !d || kir::isNarrow(*d))
      return {};
  auto x = toHost(adaptor.getInput());
  if (!x)
    return {};
  Type et = getType().getElementType();
  HostTensor r = *x;
  if (isa<FloatType>(et) && !x->isFloat) {
    r.isFloat = true;
    r.f.assign(x->i.begin(), x->i.end());
    r.i.clear();
  } else if (!isa<FloatType>(et) && x->isFloat) {
    r.isFloat = false;
    for (double v : x->f) {
      // Out of int64's range the conversion is undefined in C++ (and target-defined in a
      // kernel): leave it to the kernel.
      if (!std::isfinite(v) || !(v > -9223372036854775808.0 && v < 9223372036854775808.0))
        return {};
      r.i.push_back(et.isInteger(1) ? v != 0 : static_cast<int64_t>(v));
    }
    r.f.clear();
  } else if (et.isInteger(1)) {
    for (int64_t &v : r.i)
      v = v != 0;
  }
  return fromHost(r, getType());
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getResult();
  }
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    return dense.reshape(getType());
  return {};
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  auto x = toHost(adaptor.getInput());
  if (!x)
    return {};
  auto outShape = getType().getShape();
  auto inStrides = stridesOf(x->shape);
  std::vector<int64_t> index;
  for (int64_t k = 0; k < getType().getNumElements(); ++k) {
    int64_t rem = k, src = 0;
    for (int64_t d = static_cast<int64_t>(outShape.size()) - 1; d >= 0; --d) {
      src += (rem % outShape[d]) * inStrides[perm[d]];
      rem /= outShape[d];
    }
    index.push_back(src);
  }
  return fromHost(take(*x, index, outShape), getType());
}

OpFoldResult BroadcastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto splat = dyn_cast_or_null<SplatElementsAttr>(adaptor.getInput()))
    return splat.resizeSplat(getType());
  auto x = toHost(adaptor.getInput());
  if (!x || getType().getNumElements() > kMaxFoldElements)
    return {};
  return fromHost(take(*x, broadcastIndex(x->shape, getType().getShape()), getType().getShape()),
                  getType());
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() && llvm::all_of(getStarts(), [](int64_t s) { return s == 0; }) &&
      llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput();
  auto x = toHost(adaptor.getInput());
  if (!x)
    return {};
  auto outShape = getType().getShape();
  auto inStrides = stridesOf(x->shape);
  std::vector<int64_t> index;
  for (int64_t k = 0; k < getType().getNumElements(); ++k) {
    int64_t rem = k, src = 0;
    for (int64_t d = static_cast<int64_t>(outShape.size()) - 1; d >= 0; --d) {
      src += (getStarts()[d] + (rem % outShape[d]) * getSteps()[d]) * inStrides[d];
      rem /= outShape[d];
    }
    index.push_back(src);
  }
  return fromHost(take(*x, index, outShape), getType());
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1)
    return getInputs()[0];
  if (getType().getNumElements() > kMaxFoldElements)
    return {};
  std::vector<HostTensor> parts;
  for (Attribute a : adaptor.getInputs()) {
    auto t = toHost(a);
    if (!t)
      return {};
    parts.push_back(std::move(*t));
  }
  int64_t axis = getAxis();
  auto outShape = getType().getShape();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= outShape[d];
  for (int64_t d = axis + 1; d < static_cast<int64_t>(outShape.size()); ++d)
    inner *= outShape[d];
  HostTensor r;
  r.shape.assign(outShape.begin(), outShape.end());
  r.isFloat = parts[0].isFloat;
  for (int64_t o = 0; o < outer; ++o)
    for (const HostTensor &p : parts) {
      int64_t chunk = p.shape[axis] * inner;
      for (int64_t k = o * chunk; k < (o + 1) * chunk; ++k) {
        if (r.isFloat)
          r.f.push_back(p.f[k]);
        else
          r.i.push_back(p.i[k]);
      }
    }
  return fromHost(r, getType());
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  auto x = toHost(adaptor.getInput()), idx = toHost(adaptor.getIndices());
  if (!x || !idx || getType().getNumElements() > kMaxFoldElements)
    return {};
  int64_t axis = getAxis(), dim = x->shape[axis];
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= x->shape[d];
  for (size_t d = axis + 1; d < x->shape.size(); ++d)
    inner *= x->shape[d];
  std::vector<int64_t> index;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j : idx->i) {
      if (j < -dim || j >= dim)
        return {};
      j = j < 0 ? j + dim : j;
      for (int64_t k = 0; k < inner; ++k)
        index.push_back((o * dim + j) * inner + k);
    }
  return fromHost(take(*x, index, getType().getShape()), getType());
}

} // namespace picoc
