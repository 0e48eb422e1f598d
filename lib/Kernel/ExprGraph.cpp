//===- ExprGraph.cpp - hash-consed expression DAG with index simplification ---------===//
//
// Nodes are interned, so equal subexpressions share one id. Integer (I64) index arithmetic is
// kept in a canonical linear form (sum of coeff * term + constant) and simplified with the
// loop variables' ranges, the way views compose: a reshape of a reshape, or a transpose of a
// contiguous tensor, folds back to a plain affine index. The rules, for x >= 0 and c > 0:
//   (c*a + r) / c  ->  a + r / c        (r >= 0)      and  r / c -> 0  when 0 <= r < c
//   (c*a + r) % c  ->  r % c                          and  r % c -> r  when 0 <= r < c
//   k*c*(x / c) + k*(x % c)  ->  k*x
//   k*c*((x / c) % d) + k*(x % c)  ->  k*(x % (c*d))
// Comparisons whose operand ranges decide them fold to constants (padding guards vanish
// in the interior), and constants fold for every op.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Kernel/KernelIR.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <limits>
#include <map>

namespace picoc::kir {

namespace {
constexpr int64_t kMinI = std::numeric_limits<int64_t>::min() / 4;
constexpr int64_t kMaxI = std::numeric_limits<int64_t>::max() / 4;
// A variable whose range was never set may take any non-negative value: no simplification
// may assume more.
constexpr int64_t kUnknownExtent = kMaxI;

int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t floorMod(int64_t a, int64_t b) { return a - floorDiv(a, b) * b; }
int64_t satAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(std::clamp<__int128>(static_cast<__int128>(a) + b, kMinI, kMaxI));
}
// Two's complement arithmetic, as the generated i64 index code computes it: the linear form's
// rewrites (x = c*(x/c) + x%c) hold modulo 2^64, and an absurd constant in a model does not
// make the compiler itself overflow.
int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t wrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
int64_t satMul(int64_t a, int64_t b) {
  if (a == 0 || b == 0)
    return 0;
  long double p = static_cast<long double>(a) * b;
  return p > kMaxI ? kMaxI : p < kMinI ? kMinI : static_cast<int64_t>(p);
}

bool isCompare(Op op) {
  return op == Op::CmpEq || op == Op::CmpLt || op == Op::CmpLe || op == Op::CmpGt ||
         op == Op::CmpGe;
}

// Wraps an integer to the width and signedness of `t`.
int64_t wrapInt(int64_t v, DType t) {
  switch (t) {
  case DType::Bool:
    return v != 0;
  case DType::I8:
    return static_cast<int8_t>(v);
  case DType::U8:
    return static_cast<uint8_t>(v);
  case DType::I16:
    return static_cast<int16_t>(v);
  case DType::U16:
    return static_cast<uint16_t>(v);
  case DType::I32:
    return static_cast<int32_t>(v);
  case DType::U32:
    return static_cast<uint32_t>(v);
  default:
    return v;
  }
}

double roundFloat(double v, DType t) { return t == DType::F64 ? v : static_cast<float>(v); }
} // namespace

size_t ExprGraph::NodeHash::operator()(const Node &n) const {
  size_t h = static_cast<size_t>(n.op) * 31 + static_cast<size_t>(n.dtype);
  auto mix = [&h](uint64_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  mix(static_cast<uint64_t>(n.arg));
  mix(static_cast<uint64_t>(n.ival));
  mix(std::hash<double>()(n.fval));
  for (ExprId s : n.src)
    mix(static_cast<uint64_t>(s));
  return h;
}

ExprId ExprGraph::intern(const Node &n) {
  auto it = index_.find(n);
  if (it != index_.end())
    return it->second;
  ExprId id = static_cast<ExprId>(nodes_.size());
  nodes_.push_back(n);
  index_.emplace(n, id);
  return id;
}

void ExprGraph::setVarRange(int64_t v, int64_t extent) {
  if (static_cast<int64_t>(varExtents_.size()) <= v)
    varExtents_.resize(v + 1, kUnknownExtent);
  varExtents_[v] = extent;
}

int64_t ExprGraph::varExtent(int64_t v) const {
  return v < static_cast<int64_t>(varExtents_.size()) ? varExtents_[v] : kUnknownExtent;
}

void ExprGraph::setDimRange(int64_t d, int64_t min, int64_t max) {
  if (static_cast<int64_t>(dimRanges_.size()) <= d)
    dimRanges_.resize(d + 1, {0, kMaxI});
  dimRanges_[d] = {min, max};
}

ExprId ExprGraph::dim(int64_t d) {
  Node n{Op::Dim, DType::I64};
  n.arg = d;
  return intern(n);
}

ExprId ExprGraph::dimExpr(const DimExpr &e) {
  ExprId r = constInt(e.constant);
  for (size_t i = 0; i < e.coeffs.size(); ++i)
    if (e.coeffs[i] != 0)
      r = add(r, mulConst(dim(static_cast<int64_t>(i)), e.coeffs[i]));
  return r;
}

ExprId ExprGraph::var(int64_t v) {
  Node n{Op::Var, DType::I64};
  n.arg = v;
  return intern(n);
}

ExprId ExprGraph::constInt(int64_t v, DType t) {
  if (isFloat(t))
    return constFloat(static_cast<double>(v), t);
  Node n{Op::Const, t};
  n.ival = wrapInt(v, t);
  return intern(n);
}

ExprId ExprGraph::constFloat(double v, DType t) {
  if (!isFloat(t)) // saturated: a double outside int64's range has no defined conversion
    return constInt(std::isnan(v) ? 0
                    : v >= 9223372036854775807.0 ? std::numeric_limits<int64_t>::max()
                    : v <= -9223372036854775808.0 ? std::numeric_limits<int64_t>::min()
                                                  : static_cast<int64_t>(v),
                    t);
  Node n{Op::Const, t};
  n.fval = roundFloat(v, t);
  return intern(n);
}

ExprId ExprGraph::load(int64_t buffer, DType t, ExprId index, ExprId guard) {
  if (guard != kNoExpr) {
    if (auto g = constValue(guard)) {
      if (*g)
        guard = kNoExpr;
      else
        index = constInt(0); // never read: any in-bounds index will do
    }
  }
  Node n{Op::Load, t};
  n.arg = buffer;
  n.src = {index, guard, kNoExpr};
  return intern(n);
}

std::optional<int64_t> ExprGraph::constValue(ExprId id) const {
  const Node &n = nodes_[id];
  if (n.op != Op::Const)
    return std::nullopt;
  return isFloat(n.dtype) ? static_cast<int64_t>(n.fval) : n.ival;
}

ExprId ExprGraph::andBool(ExprId a, ExprId b) {
  if (a == kNoExpr)
    return b;
  if (b == kNoExpr)
    return a;
  return binary(Op::And, a, b);
}

ExprId ExprGraph::cast(ExprId a, DType t) {
  const Node &n = nodes_[a];
  if (n.dtype == t)
    return a;
  if (n.op == Op::Const) {
    if (isFloat(n.dtype)) {
      if (isFloat(t))
        return constFloat(n.fval, t);
      if (t == DType::Bool)
        return constBool(n.fval != 0);
      if (std::isfinite(n.fval) && std::fabs(n.fval) < 9e18)
        return constInt(static_cast<int64_t>(n.fval), t);
    } else {
      return isFloat(t) ? constFloat(static_cast<double>(n.ival), t) : constInt(n.ival, t);
    }
  }
  Node c{Op::Cast, t};
  c.src = {a, kNoExpr, kNoExpr};
  return intern(c);
}

ExprId ExprGraph::bitcast(ExprId a, DType t) {
  if (nodes_[a].dtype == t)
    return a;
  Node n{Op::Bitcast, t};
  n.src = {a, kNoExpr, kNoExpr};
  return intern(n);
}

ExprId ExprGraph::encode(ExprId a, DType format, bool saturate) {
  // A decoded value encodes to its own bits (saturating could only move an infinity).
  const Node &x = nodes_[a];
  if (x.op == Op::Decode && x.arg == static_cast<int64_t>(format) &&
      (!saturate || !isFloat(format)))
    return x.src[0];
  Node n{Op::Encode, DType::U8};
  n.arg = static_cast<int64_t>(format);
  n.ival = saturate && isFloat(format); // integers wrap whatever is asked
  n.src = {a, kNoExpr, kNoExpr};
  return intern(n);
}

ExprId ExprGraph::decode(ExprId bits, DType format) {
  Node n{Op::Decode, wideType(format)};
  n.arg = static_cast<int64_t>(format);
  n.src = {bits, kNoExpr, kNoExpr};
  return intern(n);
}

ExprId ExprGraph::reduce(ReduceFn fn, ExprId a) {
  Node n{Op::Reduce, nodes_[a].dtype};
  n.arg = static_cast<int64_t>(fn);
  n.src = {a, kNoExpr, kNoExpr};
  return intern(n);
}

ExprId ExprGraph::select(ExprId c, ExprId a, ExprId b) {
  if (a == b)
    return a;
  if (auto v = constValue(c))
    return *v ? a : b;
  Node n{Op::Select, nodes_[a].dtype};
  n.src = {c, a, b};
  return intern(n);
}

ExprId ExprGraph::unary(Op op, ExprId a) {
  const Node &x = nodes_[a];
  DType t = x.dtype;
  if (x.op == Op::Const) {
    if (isFloat(t)) {
      double v = x.fval, r;
      switch (op) {
      case Op::Neg: r = -v; break;
      case Op::Abs: r = std::fabs(v); break;
      case Op::Exp: r = std::exp(v); break;
      case Op::Log: r = std::log(v); break;
      case Op::Sqrt: r = std::sqrt(v); break;
      case Op::Rsqrt: r = 1.0 / std::sqrt(v); break;
      case Op::Recip: r = 1.0 / v; break;
      case Op::Tanh: r = std::tanh(v); break;
      case Op::Erf: r = std::erf(v); break;
      case Op::Sigmoid: r = 1.0 / (1.0 + std::exp(-v)); break;
      case Op::Relu: r = v > 0 ? v : 0; break;
      case Op::Sin: r = std::sin(v); break;
      case Op::Cos: r = std::cos(v); break;
      case Op::Asin: r = std::asin(v); break;
      case Op::Acos: r = std::acos(v); break;
      case Op::Atan: r = std::atan(v); break;
      case Op::Asinh: r = std::asinh(v); break;
      case Op::Acosh: r = std::acosh(v); break;
      case Op::Atanh: r = std::atanh(v); break;
      case Op::Floor: r = std::floor(v); break;
      case Op::Ceil: r = std::ceil(v); break;
      case Op::Round: r = std::nearbyint(v); break;
      case Op::Sign: r = v > 0 ? 1 : v < 0 ? -1 : 0; break;
      default: r = std::nan(""); op = Op::Var; break; // not foldable
      }
      if (op != Op::Var)
        return constFloat(r, t);
    } else {
      int64_t v = x.ival;
      switch (op) {
      // Wrapping, as the generated code computes: -INT64_MIN is INT64_MIN.
      case Op::Neg: return constInt(wrapMul(v, -1), t);
      case Op::Abs: return constInt(v < 0 ? wrapMul(v, -1) : v, t);
      case Op::Relu: return constInt(v > 0 ? v : 0, t);
      case Op::Sign: return constInt(v > 0 ? 1 : v < 0 ? -1 : 0, t);
      case Op::Not: return constInt(t == DType::Bool ? !v : ~v, t);
      default: break;
      }
    }
  }
  if (op == Op::Neg && t == DType::I64)
    return mulConst(a, -1);
  if (op == Op::Not && x.op == Op::Not)
    return x.src[0];
  Node n{op, t};
  n.src = {a, kNoExpr, kNoExpr};
  return intern(n);
}

// ---- Bounds ----

std::pair<int64_t, int64_t> ExprGraph::bounds(ExprId id) const {
  const Node &n = nodes_[id];
  auto b = [this](ExprId s) { return bounds(s); };
  switch (n.op) {
  case Op::Var:
    return {0, varExtent(n.arg) - 1};
  case Op::Dim:
    return n.arg < static_cast<int64_t>(dimRanges_.size()) ? dimRanges_[n.arg]
                                                            : std::pair<int64_t, int64_t>{0, kMaxI};
  case Op::Const:
    if (isFloat(n.dtype))
      break;
    return {n.ival, n.ival};
  case Op::Add: {
    auto [al, ah] = b(n.src[0]);
    auto [bl, bh] = b(n.src[1]);
    return {satAdd(al, bl), satAdd(ah, bh)};
  }
  case Op::Sub: {
    auto [al, ah] = b(n.src[0]);
    auto [bl, bh] = b(n.src[1]);
    return {satAdd(al, -bh), satAdd(ah, -bl)};
  }
  case Op::Mul: {
    auto [al, ah] = b(n.src[0]);
    auto [bl, bh] = b(n.src[1]);
    int64_t c[4] = {satMul(al, bl), satMul(al, bh), satMul(ah, bl), satMul(ah, bh)};
    return {*std::min_element(c, c + 4), *std::max_element(c, c + 4)};
  }
  case Op::Div: {
    auto [al, ah] = b(n.src[0]);
    auto [bl, bh] = b(n.src[1]);
    if (bl == bh && bl > 0 && al >= 0)
      return {al / bl, ah / bl};
    break;
  }
  case Op::Mod: {
    auto [bl, bh] = b(n.src[1]);
    if (bl > 0) {
      auto [al, ah] = b(n.src[0]);
      if (al >= 0 && ah < bl)
        return {al, ah};
      return {0, bh - 1};
    }
    break;
  }
  case Op::Max: {
    auto [al, ah] = b(n.src[0]);
    auto [bl, bh] = b(n.src[1]);
    return {std::max(al, bl), std::max(ah, bh)};
  }
  case Op::Min: {
    auto [al, ah] = b(n.src[0]);
    auto [bl, bh] = b(n.src[1]);
    return {std::min(al, bl), std::min(ah, bh)};
  }
  case Op::Select: {
    auto [al, ah] = b(n.src[1]);
    auto [bl, bh] = b(n.src[2]);
    return {std::min(al, bl), std::max(ah, bh)};
  }
  case Op::Cast:
    if (!isFloat(nodes_[n.src[0]].dtype))
      return b(n.src[0]);
    break;
  default:
    if (n.dtype == DType::Bool)
      return {0, 1};
    break;
  }
  return {kMinI, kMaxI};
}

// ---- Linear forms of I64 index expressions ----

namespace {
struct Linear {
  std::map<ExprId, int64_t> terms; // term -> coefficient
  int64_t constant = 0;
};
} // namespace

static void addLinear(const ExprGraph &g, ExprId e, int64_t scale, Linear &out) {
  const Node &n = g.node(e);
  if (n.op == Op::Const) {
    out.constant = wrapAdd(out.constant, wrapMul(scale, n.ival));
  } else if (n.op == Op::Add) {
    addLinear(g, n.src[0], scale, out);
    addLinear(g, n.src[1], scale, out);
  } else if (n.op == Op::Mul && g.node(n.src[1]).op == Op::Const) {
    addLinear(g, n.src[0], wrapMul(scale, g.node(n.src[1]).ival), out);
  } else {
    out.terms[e] = wrapAdd(out.terms[e], scale);
  }
}

ExprId ExprGraph::simplifyBinary(Op op, ExprId a, ExprId b, DType t) {
  // Canonical linear form for I64 add/sub/mul-by-constant.
  auto build = [this](Linear lin) {
    // k*c*(x / c) + k*(x % c) -> k*x, repeated until nothing changes.
    for (bool changed = true; changed;) {
      changed = false;
      for (auto &[term, coeff] : lin.terms) {
        const Node &m = nodes_[term];
        if (coeff == 0 || m.op != Op::Mod || nodes_[m.src[1]].op != Op::Const)
          continue;
        int64_t c = nodes_[m.src[1]].ival;
        Node d{Op::Div, DType::I64};
        d.src = {m.src[0], m.src[1], kNoExpr};
        auto it = index_.find(d);
        if (it == index_.end())
          continue;
        auto dt = lin.terms.find(it->second);
        if (dt == lin.terms.end() || dt->second != wrapMul(coeff, c))
          continue;
        int64_t k = coeff;
        dt->second = 0;
        lin.terms[term] = 0;
        addLinear(*this, m.src[0], k, lin);
        changed = true;
        break;
      }
      // k*c*((x / c) % d) + k*(x % c) -> k*(x % (c*d)), for x >= 0 (a dim split in two).
      for (auto &[term, coeff] : lin.terms) {
        if (changed)
          break;
        const Node &m = nodes_[term]; // node references die when a node is added below
        if (coeff == 0 || m.op != Op::Mod || nodes_[m.src[1]].op != Op::Const)
          continue;
        const Node &q = nodes_[m.src[0]];
        if (q.op != Op::Div || nodes_[q.src[1]].op != Op::Const)
          continue;
        ExprId x = q.src[0];
        int64_t c = nodes_[q.src[1]].ival, d = nodes_[m.src[1]].ival;
        int64_t cd = 0;
        if (c <= 0 || d <= 0 || __builtin_mul_overflow(c, d, &cd) || coeff % c != 0 ||
            bounds(x).first < 0)
          continue;
        Node low{Op::Mod, DType::I64};
        low.src = {x, q.src[1], kNoExpr};
        auto it = index_.find(low);
        if (it == index_.end())
          continue;
        auto lt = lin.terms.find(it->second);
        if (lt == lin.terms.end() || lt->second != coeff / c)
          continue;
        int64_t k = coeff / c;
        lt->second = 0;
        lin.terms[term] = 0;
        ExprId divisor = constInt(cd);
        ExprId low2 = binary(Op::Mod, x, divisor);
        lin.terms[low2] = wrapAdd(lin.terms[low2], k);
        changed = true;
      }
    }
    ExprId sum = kNoExpr;
    for (auto &[term, coeff] : lin.terms) {
      if (coeff == 0)
        continue;
      ExprId x = term;
      if (coeff != 1) {
        Node m{Op::Mul, DType::I64};
        m.src = {term, constInt(coeff), kNoExpr};
        x = intern(m);
      }
      if (sum == kNoExpr) {
        sum = x;
      } else {
        Node s{Op::Add, DType::I64};
        s.src = {sum, x, kNoExpr};
        sum = intern(s);
      }
    }
    if (sum == kNoExpr)
      return constInt(lin.constant);
    if (lin.constant != 0) {
      Node s{Op::Add, DType::I64};
      s.src = {sum, constInt(lin.constant), kNoExpr};
      sum = intern(s);
    }
    return sum;
  };

  if (op == Op::Add || op == Op::Sub ||
      (op == Op::Mul && (constValue(a) || constValue(b)))) {
    Linear lin;
    if (op == Op::Mul) {
      ExprId x = constValue(a) ? b : a;
      addLinear(*this, x, *constValue(constValue(a) ? a : b), lin);
    } else {
      addLinear(*this, a, 1, lin);
      addLinear(*this, b, op == Op::Sub ? -1 : 1, lin);
    }
    return build(std::move(lin));
  }

  if ((op == Op::Div || op == Op::Mod) && constValue(b) && *constValue(b) > 0) {
    int64_t c = *constValue(b);
    if (c == 1)
      return op == Op::Div ? a : constInt(0);
    auto [lo, hi] = bounds(a);
    if (lo >= 0 && hi < c)
      return op == Op::Div ? constInt(0) : a;
    Linear lin;
    addLinear(*this, a, 1, lin);
    Linear whole, rest;
    rest.constant = floorMod(lin.constant, c);
    whole.constant = floorDiv(lin.constant, c);
    for (auto &[term, coeff] : lin.terms) {
      if (coeff % c == 0)
        whole.terms[term] = coeff / c;
      else
        rest.terms[term] = coeff;
    }
    ExprId r = build(rest);
    auto [rlo, rhi] = bounds(r);
    if (op == Op::Mod) {
      if (rlo >= 0 && rhi < c)
        return r;
      if (r == a)
        return kNoExpr;
      return binary(Op::Mod, r, b);
    }
    // Div: truncation equals floor only for a non-negative dividend and remainder.
    if (lo < 0 || rlo < 0)
      return kNoExpr;
    if (rhi < c)
      return build(whole);
    if (whole.terms.empty() && whole.constant == 0) {
      // (x / c1) / c2 -> x / (c1 * c2) for x >= 0.
      const Node &rn = nodes_[r];
      int64_t c1c = 0;
      if (rn.op == Op::Div && constValue(rn.src[1]) && bounds(rn.src[0]).first >= 0 &&
          !__builtin_mul_overflow(*constValue(rn.src[1]), c, &c1c))
        return binary(Op::Div, rn.src[0], constInt(c1c));
      return kNoExpr;
    }
    Linear sum = whole;
    Node d{Op::Div, DType::I64};
    d.src = {r, b, kNoExpr};
    ExprId quotient = intern(d);
    sum.terms[quotient] = wrapAdd(sum.terms[quotient], 1);
    return build(std::move(sum));
  }
  return kNoExpr;
}

ExprId ExprGraph::binary(Op op, ExprId a, ExprId b) {
  const Node &x = nodes_[a];
  const Node &y = nodes_[b];
  DType t = x.dtype;
  DType rt = isCompare(op) ? DType::Bool : t;

  // Constant folding.
  if (x.op == Op::Const && y.op == Op::Const) {
    if (isFloat(t)) {
      double p = x.fval, q = y.fval;
      switch (op) {
      case Op::Add: return constFloat(p + q, t);
      case Op::Sub: return constFloat(p - q, t);
      case Op::Mul: return constFloat(p * q, t);
      case Op::Div: return constFloat(p / q, t);
      case Op::Pow: return constFloat(std::pow(p, q), t);
      case Op::Max: return constFloat(std::isnan(p) || std::isnan(q) ? NAN : std::max(p, q), t);
      case Op::Min: return constFloat(std::isnan(p) || std::isnan(q) ? NAN : std::min(p, q), t);
      case Op::CmpEq: return constBool(p == q);
      case Op::CmpLt: return constBool(p < q);
      case Op::CmpLe: return constBool(p <= q);
      case Op::CmpGt: return constBool(p > q);
      case Op::CmpGe: return constBool(p >= q);
      default: break;
      }
    } else {
      int64_t p = x.ival, q = y.ival;
      switch (op) {
      // Wrapping, as the generated code computes (q = -1 would overflow a division).
      case Op::Add: return constInt(wrapAdd(p, q), t);
      case Op::Sub: return constInt(wrapAdd(p, wrapMul(q, -1)), t);
      case Op::Mul: return constInt(wrapMul(p, q), t);
      case Op::Div: return constInt(q == 0 ? 0 : q == -1 ? wrapMul(p, -1) : p / q, t);
      case Op::Mod: return constInt(q == 0 || q == -1 ? 0 : floorMod(p, q), t);
      case Op::FMod: return constInt(q == 0 || q == -1 ? 0 : p % q, t);
      case Op::Max: return constInt(std::max(p, q), t);
      case Op::Min: return constInt(std::min(p, q), t);
      case Op::CmpEq: return constBool(p == q);
      case Op::CmpLt: return constBool(p < q);
      case Op::CmpLe: return constBool(p <= q);
      case Op::CmpGt: return constBool(p > q);
      case Op::CmpGe: return constBool(p >= q);
      // Bool: logical; integers: bitwise on the canonical int64 form (constInt wraps it).
      case Op::And: return constInt(t == DType::Bool ? p && q : p & q, t);
      case Op::Or: return constInt(t == DType::Bool ? p || q : p | q, t);
      case Op::Xor: return constInt(t == DType::Bool ? (p != 0) != (q != 0) : p ^ q, t);
      case Op::Shl:
      case Op::Shr: {
        int64_t width = dtypeSize(t) * 8;
        if (q < 0 || q >= width) // every bit shifted out
          return constInt(op == Op::Shr && isSigned(t) && p < 0 ? -1 : 0, t);
        if (op == Op::Shl)
          return constInt(static_cast<int64_t>(static_cast<uint64_t>(p) << q), t);
        return constInt(isSigned(t) ? p >> q
                                    : static_cast<int64_t>(static_cast<uint64_t>(p) >> q), t);
      }
      default: break;
      }
    }
  }

  if (t == DType::I64) {
    if (ExprId s = simplifyBinary(op, a, b, t); s != kNoExpr)
      return s;
    if (isCompare(op)) {
      auto [al, ah] = bounds(a);
      auto [bl, bh] = bounds(b);
      switch (op) {
      case Op::CmpLt:
        if (ah < bl) return constBool(true);
        if (al >= bh) return constBool(false);
        break;
      case Op::CmpLe:
        if (ah <= bl) return constBool(true);
        if (al > bh) return constBool(false);
        break;
      case Op::CmpGt:
        if (al > bh) return constBool(true);
        if (ah <= bl) return constBool(false);
        break;
      case Op::CmpGe:
        if (al >= bh) return constBool(true);
        if (ah < bl) return constBool(false);
        break;
      case Op::CmpEq:
        if (a == b) return constBool(true);
        if (ah < bl || al > bh) return constBool(false);
        break;
      default:
        break;
      }
      // Compared through their difference, where the terms they share cancel: a state's
      // append reads its past where (v + past) < past, which no v in range makes true.
      auto [dl, dh] = bounds(binary(Op::Sub, a, b));
      switch (op) {
      case Op::CmpLt: if (dh < 0 || dl >= 0) return constBool(dh < 0); break;
      case Op::CmpLe: if (dh <= 0 || dl > 0) return constBool(dh <= 0); break;
      case Op::CmpGt: if (dl > 0 || dh <= 0) return constBool(dl > 0); break;
      case Op::CmpGe: if (dl >= 0 || dh < 0) return constBool(dl >= 0); break;
      case Op::CmpEq:
        if (dl == 0 && dh == 0) return constBool(true);
        if (dl > 0 || dh < 0) return constBool(false);
        break;
      default: break;
      }
    }
  }
  if (t == DType::Bool && (op == Op::And || op == Op::Or)) {
    auto ca = constValue(a), cb = constValue(b);
    if (ca)
      return (*ca != 0) == (op == Op::And) ? b : a;
    if (cb)
      return (*cb != 0) == (op == Op::And) ? a : b;
    if (a == b)
      return a;
  }
  if (!isFloat(t) && t != DType::Bool) {
    auto cb = constValue(b);
    if (cb && *cb == 1 && (op == Op::Mul || op == Op::Div))
      return a;
  }
  // x / c -> x * (1 / c) for a constant c whose reciprocal is a normal number, as PyTorch
  // writes GELU's x * M_SQRT1_2 where exporters write x / sqrt(2). Exact when c is a power of
  // two, else within an ulp or so of the division; an IEEE division is ~10 instructions on a
  // GPU and made GELU instruction-bound (H200, 2026-11-30: 74% -> 98% of the copy bandwidth).
  // f32 and f64 only: f16/bf16 constants would round the reciprocal to their precision.
  // (x and y may dangle here: the simplifications above intern nodes. Look b up again.)
  if (op == Op::Div && (t == DType::F32 || t == DType::F64) && nodes_[b].op == Op::Const) {
    double c = nodes_[b].fval;
    double r = t == DType::F32 ? double(1.0f / static_cast<float>(c)) : 1.0 / c;
    double smallest = t == DType::F32 ? double(std::numeric_limits<float>::min())
                                      : std::numeric_limits<double>::min();
    if (std::isfinite(r) && std::fabs(r) >= smallest && std::isfinite(c))
      return binary(Op::Mul, a, constFloat(r, t));
  }

  Node n{op, rt};
  n.src = {a, b, kNoExpr};
  return intern(n);
}

// ---- Queries and rewriting ----

bool ExprGraph::dependsOn(ExprId e, int64_t v) const {
  std::vector<int8_t> memo(nodes_.size(), -1);
  std::function<bool(ExprId)> walk = [&](ExprId id) -> bool {
    if (memo[id] >= 0)
      return memo[id];
    const Node &n = nodes_[id];
    bool r = n.op == Op::Var && n.arg == v;
    for (ExprId s : n.src)
      if (!r && s != kNoExpr)
        r = walk(s);
    memo[id] = r;
    return r;
  };
  return walk(e);
}

ExprId ExprGraph::rebuild(const ExprGraph &from, ExprId e,
                          const std::function<ExprId(ExprId)> &replace) {
  std::map<ExprId, ExprId> memo;
  std::function<ExprId(ExprId)> walk = [&](ExprId id) -> ExprId {
    if (id == kNoExpr)
      return kNoExpr;
    auto it = memo.find(id);
    if (it != memo.end())
      return it->second;
    ExprId r = replace(id);
    if (r == kNoExpr) {
      Node n = from.nodes_[id]; // copy: nodes_ grows below (`from` may be this graph)
      ExprId s0 = walk(n.src[0]), s1 = walk(n.src[1]), s2 = walk(n.src[2]);
      switch (n.op) {
      case Op::Var: r = var(n.arg); break;
      case Op::Dim: r = dim(n.arg); break;
      case Op::Const:
        r = isFloat(n.dtype) ? constFloat(n.fval, n.dtype) : constInt(n.ival, n.dtype);
        break;
      case Op::Load: r = load(n.arg, n.dtype, s0, s1); break;
      case Op::Select: r = select(s0, s1, s2); break;
      case Op::Cast: r = cast(s0, n.dtype); break;
      case Op::Bitcast: r = bitcast(s0, n.dtype); break;
      case Op::Encode: r = encode(s0, static_cast<DType>(n.arg), n.ival != 0); break;
      case Op::Decode: r = decode(s0, static_cast<DType>(n.arg)); break;
      case Op::Reduce: r = reduce(static_cast<ReduceFn>(n.arg), s0); break;
      default: r = s1 == kNoExpr ? unary(n.op, s0) : binary(n.op, s0, s1); break;
      }
    }
    memo[id] = r;
    return r;
  };
  return walk(e);
}

void ExprGraph::renumberBuffers(const std::function<int64_t(int64_t)> &renumber) {
  index_.clear();
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].op == Op::Load)
      nodes_[i].arg = renumber(nodes_[i].arg);
    index_.emplace(nodes_[i], static_cast<ExprId>(i));
  }
}

ExprId ExprGraph::substitute(ExprId e, int64_t v, ExprId replacement) {
  return rebuild(*this, e, [&](ExprId id) {
    const Node &n = nodes_[id];
    return n.op == Op::Var && n.arg == v ? replacement : kNoExpr;
  });
}

std::string ExprGraph::str(ExprId e) const {
  const Node &n = nodes_[e];
  auto s = [this](ExprId id) { return str(id); };
  switch (n.op) {
  case Op::Var:
    return "v" + std::to_string(n.arg);
  case Op::Dim:
    return "d" + std::to_string(n.arg);
  case Op::Const:
    if (isFloat(n.dtype)) {
      char buf[32];
      snprintf(buf, sizeof buf, "%g", n.fval);
      return buf;
    }
    return std::to_string(n.ival);
  case Op::Add:
    return "(" + s(n.src[0]) + " + " + s(n.src[1]) + ")";
  case Op::Mul:
    return s(n.src[0]) + "*" + s(n.src[1]);
  case Op::Div:
    return "(" + s(n.src[0]) + " / " + s(n.src[1]) + ")";
  case Op::Mod:
    return "(" + s(n.src[0]) + " % " + s(n.src[1]) + ")";
  case Op::Load:
    return "b" + std::to_string(n.arg) + "[" + s(n.src[0]) +
           (n.src[1] != kNoExpr ? " if " + s(n.src[1]) : "") + "]";
  default: {
    std::string r = opName(n.op);
    if (n.op == Op::Reduce)
      r += std::string(".") + reduceFnName(static_cast<ReduceFn>(n.arg));
    if (n.op == Op::Encode || n.op == Op::Decode)
      r += std::string(".") + dtypeName(static_cast<DType>(n.arg)) +
           (n.op == Op::Encode && n.ival ? ".sat" : "");
    r += "(";
    for (int i = 0; i < 3 && n.src[i] != kNoExpr; ++i)
      r += (i ? ", " : "") + s(n.src[i]);
    return r + ")";
  }
  }
}

} // namespace picoc::kir
