//===- FormAttention.cpp - picoc-graph-form-attention ---------------------------------===//
//
// Rewrites: softmax(scores) @ V, where the scores are Q @ K^T scaled and masked, into one
//           picoc.attention op, which lowers to a kernel that never stores the scores.
// Matches:  walking down from the softmax's input (its last axis, f32):
//             X  = X' + B | B + X'              a mask or bias B (any tensor), added
//                | select(C, X', F) | select(C, F, X')
//                                               F a constant <= -1e30 or -inf: as the bias
//                                               select(C, 0, F) (or select(C, F, 0)); adding a
//                                               score to F leaves F (|score| < 2^103)
//                | X' * c | c * X' | X' / c     c a constant of one value: the scale
//                | Q @ K^T                      the scores S, of X's shape
//           scales below every bias (exporters scale, then mask), each op used once; then
//           P = softmax(X), optionally P' = select(IsNaN(P), 0, P) (a fully masked row gives
//           0, torch's exporters write it), and P' @ V. The forms this covers: transformers'
//           eager attention (matmul, mul or div by sqrt(d), add a causal/padding mask,
//           softmax, matmul), torch's scaled_dot_product_attention export (q and k scaled by
//           sqrt(scale) each, which stays outside; an additive or Where mask; the IsNaN
//           guard), masks of Where(mask, scores, finfo.min), and ONNX Attention (23).
// Bias:     several bias terms are summed first (B1 + B2, then added to the scaled score):
//           the masks exporters add are 0 and -inf, exact in either order.
// Scale:    the product of the constants, applied once (one rounding instead of several),
//           with those that scale Q or K^T before the product (torch's SDPA export scales
//           each by sqrt(scale)): the kernel then reads q and k where the model left them.
// Limits:   `max-head-dim` and `min-head-dim` (a target's): E and D outside them keep the
//           unfused form; so does attention of more than one query row whose scores take at
//           most `min-score-bytes` (a target's: where two GEMMs and a row softmax run
//           faster than its kernel; decode rows keep the kernel; no target sets it today).
// Needs:    softmax not yet decomposed (runs before picoc-graph-decompose).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

#include <cmath>

using namespace mlir;

namespace picoc {
#define GEN_PASS_DEF_FORMATTENTION
#include "picoc/Passes/Passes.h.inc"

namespace {

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }

// The single value of a constant (splat or of one element), if `v` is one.
std::optional<double> constantValue(Value v) {
  auto c = v.getDefiningOp<ConstantOp>();
  if (!c)
    return std::nullopt;
  auto dense = dyn_cast<DenseElementsAttr>(c.getValue());
  if (!dense || !isa<FloatType>(dense.getElementType()) || !dense.isSplat())
    return std::nullopt;
  return dense.getSplatValue<APFloat>().convertToDouble();
}

// x and c for x * c, c * x (c's factor c) or x / c (1 / c), c a finite nonzero constant.
std::optional<std::pair<Value, double>> constantScale(BinaryOp bin) {
  if (bin.getFn() != BinaryFn::mul && bin.getFn() != BinaryFn::div)
    return std::nullopt;
  Value x = bin.getLhs();
  std::optional<double> c = constantValue(bin.getRhs());
  if (!c && bin.getFn() == BinaryFn::mul && (c = constantValue(bin.getLhs())))
    x = bin.getRhs();
  if (!c || *c == 0 || !std::isfinite(*c))
    return std::nullopt;
  return std::make_pair(x, bin.getFn() == BinaryFn::mul ? *c : 1 / *c);
}

// True if `v`'s only user is `user` (it may read it more than once).
bool onlyUsedBy(Value v, Operation *user) {
  return llvm::all_of(v.getUsers(), [&](Operation *u) { return u == user; });
}

// A term of the bias: a tensor added, or a select's fill (bias select(C, 0, F)).
struct BiasTerm {
  Value added;
  SelectOp select;
};

struct Match {
  MatMulOp scores, output;
  Value q, kt;                    // the scores' factors, their constant scales taken out
  double scale = 1;
  bool scaled = false;            // a scale was met (walking down): no bias may follow below
  SmallVector<BiasTerm> bias;     // from the softmax down
  SmallVector<Operation *> chain; // the ops from the softmax's input down to the scores
  bool emptyRowsZero = false;
};

// The scores chain below the softmax's input `x` (see the file comment).
bool matchScores(Value x, ArrayRef<int64_t> shape, Match &m) {
  for (Operation *user = nullptr;;) {
    Operation *op = x.getDefiningOp();
    if (!op || shapeOf(x) != shape || (user && !onlyUsedBy(x, user)))
      return false;
    m.chain.push_back(op);
    if (auto mm = dyn_cast<MatMulOp>(op)) {
      m.scores = mm;
      return true;
    }
    if (auto bin = dyn_cast<BinaryOp>(op)) {
      Value a = bin.getLhs(), b = bin.getRhs();
      switch (bin.getFn()) {
      case BinaryFn::add: {
        if (m.scaled)
          return false; // a bias below a scale: the scale would apply to it too
        // The score side is the one that reaches a matmul through the chain; try lhs first.
        Match trial = m;
        if (shapeOf(a) == shape && matchScores(a, shape, trial) &&
            onlyUsedBy(a, op)) {
          m = trial;
          m.bias.push_back({b, {}});
          return true;
        }
        if (shapeOf(b) != shape || !onlyUsedBy(b, op))
          return false;
        m.bias.push_back({a, {}});
        user = op;
        x = b;
        continue;
      }
      case BinaryFn::mul:
      case BinaryFn::div: {
        std::optional<std::pair<Value, double>> scale = constantScale(bin);
        if (!scale)
          return false;
        m.scale *= scale->second;
        m.scaled = true;
        user = op;
        x = scale->first;
        continue;
      }
      default:
        return false;
      }
    }
    if (auto sel = dyn_cast<SelectOp>(op)) {
      std::optional<double> f = constantValue(sel.getRhs());
      bool scoresLeft = f.has_value();
      if (!scoresLeft)
        f = constantValue(sel.getLhs());
      if (!f || !(*f <= -1e30) || m.scaled)
        return false;
      m.bias.push_back({{}, sel});
      x = scoresLeft ? sel.getLhs() : sel.getRhs();
      user = op;
      continue;
    }
    return false;
  }
}

// select(IsNaN(p), 0, p) or select(p == p, p, 0): the guard exporters put after a softmax
// (IsNaN imports as not(p == p)). p's only users are the select and the comparison.
SelectOp nanGuard(Value p) {
  SelectOp sel;
  BinaryOp eq;
  for (Operation *u : p.getUsers()) {
    auto s = dyn_cast<SelectOp>(u);
    auto b = dyn_cast<BinaryOp>(u);
    if (s && (!sel || sel == s))
      sel = s;
    else if (b && b.getFn() == BinaryFn::eq && (!eq || eq == b))
      eq = b;
    else
      return {};
  }
  if (!sel || !eq || eq.getLhs() != p || eq.getRhs() != p || !eq.getResult().hasOneUse() ||
      !sel.getResult().hasOneUse())
    return {};
  Value cond = sel.getCond();
  const bool negated = cond != eq.getResult();
  if (negated) {
    auto no = cond.getDefiningOp<UnaryOp>();
    if (!no || no.getFn() != UnaryFn::logical_not || no.getInput() != eq.getResult() ||
        !cond.hasOneUse())
      return {};
  }
  Value kept = negated ? sel.getRhs() : sel.getLhs();
  std::optional<double> zero = constantValue(negated ? sel.getLhs() : sel.getRhs());
  if (kept != p || !zero || *zero != 0)
    return {};
  return sel;
}

// `v` without the constant factors that scale it (x * c, c * x, x / c, each used only on the
// way to `user`), their product multiplied into `scale`: torch's SDPA export scales q and
// k^T by sqrt(scale) each, and a kernel reading the unscaled tensors reads them where the
// model left them (k^T scaled by a copy would be a transposed copy of k).
Value unscaled(Value v, Operation *user, double &scale) {
  for (auto bin = v.getDefiningOp<BinaryOp>(); bin && onlyUsedBy(v, user);
       bin = v.getDefiningOp<BinaryOp>()) {
    std::optional<std::pair<Value, double>> factor = constantScale(bin);
    if (!factor || shapeOf(factor->first) != shapeOf(v))
      break;
    scale *= factor->second;
    user = bin;
    v = factor->first;
  }
  return v;
}

std::optional<Match> matchAttention(SoftmaxOp sm, int64_t maxHeadDim, int64_t minHeadDim,
                                    int64_t minScoreBytes) {
  auto type = cast<RankedTensorType>(sm.getType());
  int64_t rank = type.getRank();
  int64_t axis = sm.getAxis() < 0 ? sm.getAxis() + rank : sm.getAxis();
  if (sm.getLog() || rank < 2 || axis != rank - 1 || !type.getElementType().isF32())
    return std::nullopt;
  if (minScoreBytes > 0 && type.getShape()[rank - 2] != 1 &&
      type.getNumElements() * 4 <= minScoreBytes)
    return std::nullopt;
  Match m;
  Value p = sm.getResult();
  if (SelectOp guard = nanGuard(p)) {
    m.emptyRowsZero = true;
    p = guard.getResult();
  }
  if (!p.hasOneUse())
    return std::nullopt;
  m.output = dyn_cast<MatMulOp>(*p.getUsers().begin());
  if (!m.output || m.output.getLhs() != p || m.output.getRhs() == p)
    return std::nullopt;
  if (!sm.getInput().hasOneUse() || !matchScores(sm.getInput(), type.getShape(), m))
    return std::nullopt;
  m.q = unscaled(m.scores.getLhs(), m.scores, m.scale);
  m.kt = unscaled(m.scores.getRhs(), m.scores, m.scale);
  ArrayRef<int64_t> q = shapeOf(m.q), v = shapeOf(m.output.getRhs()),
                    out = shapeOf(m.output.getResult());
  // The output's batch dims are the scores' (V broadcasts into them, not beyond).
  if (out.drop_back(2) != type.getShape().drop_back(2))
    return std::nullopt;
  if ((maxHeadDim > 0 && (q.back() > maxHeadDim || v.back() > maxHeadDim)) ||
      q.back() < minHeadDim || v.back() < minHeadDim)
    return std::nullopt;
  return m;
}

struct FormAttentionPass : impl::FormAttentionBase<FormAttentionPass> {
  using FormAttentionBase::FormAttentionBase;

  void runOnOperation() override {
    SmallVector<SoftmaxOp> softmaxes;
    getOperation().walk([&](SoftmaxOp sm) { softmaxes.push_back(sm); });
    for (SoftmaxOp sm : softmaxes)
      if (std::optional<Match> m = matchAttention(sm, maxHeadDim, minHeadDim, minScoreBytes))
        rewrite(sm, *m);
  }

  void rewrite(SoftmaxOp sm, Match &m) {
    OpBuilder b(m.output);
    Location loc = m.output.getLoc();
    Type f32 = b.getF32Type();
    auto scalar = [&](double v) -> Value {
      auto t = RankedTensorType::get({}, f32);
      return b.create<ConstantOp>(loc, DenseElementsAttr::get(t, b.getFloatAttr(f32, v)));
    };
    // The bias: the terms summed (a select's term as select(C, 0, F) or select(C, F, 0)).
    Value bias;
    for (const BiasTerm &term : m.bias) {
      Value t = term.added;
      if (SelectOp sel = term.select) {
        bool scoresLeft = constantValue(sel.getRhs()).has_value();
        Value fill = scoresLeft ? sel.getRhs() : sel.getLhs(), zero = scalar(0);
        t = scoresLeft ? b.create<SelectOp>(loc, sel.getCond(), zero, fill).getResult()
                       : b.create<SelectOp>(loc, sel.getCond(), fill, zero).getResult();
      }
      bias = bias ? b.create<BinaryOp>(loc, BinaryFn::add, bias, t).getResult() : t;
    }
    Value kt = m.kt;
    int64_t rank = cast<RankedTensorType>(kt.getType()).getRank();
    SmallVector<int64_t> perm;
    for (int64_t d = 0; d < rank; ++d)
      perm.push_back(d);
    std::swap(perm[rank - 1], perm[rank - 2]);
    Value k = b.create<TransposeOp>(m.scores.getLoc(), kt, b.getDenseI64ArrayAttr(perm));
    auto attn = b.create<AttentionOp>(
        loc, m.output.getType(), m.q, k, m.output.getRhs(), bias,
        b.getF64FloatAttr(m.scale), m.emptyRowsZero ? b.getUnitAttr() : UnitAttr());
    m.output.getResult().replaceAllUsesWith(attn.getResult());
    // The matched ops are dead now, from the output down.
    SmallVector<Operation *> dead;
    dead.push_back(m.output);
    Operation *guardUser = m.output.getLhs().getDefiningOp();
    if (guardUser && guardUser != sm.getOperation()) { // the NaN guard and its condition
      dead.push_back(guardUser);
      Value c = cast<SelectOp>(guardUser).getCond();
      if (auto no = c.getDefiningOp<UnaryOp>()) {
        dead.push_back(no);
        c = no.getInput();
      }
      dead.push_back(c.getDefiningOp());
    }
    dead.push_back(sm);
    dead.append(m.chain.begin(), m.chain.end());
    for (Operation *op : dead)
      if (op->use_empty())
        op->erase();
  }
};

} // namespace
} // namespace picoc
