//===- Decompose.cpp - picoc-graph-decompose ----------------------------------------===//
//
// Rewrites the composite ops into primitives:
//   softmax(x)     = e / sum(e),           e = exp(x - max(x))
//   log_softmax(x) = d - log(sum(exp(d))), d = x - max(x)
//   norm(x)        = (x - mean(x)) * rsqrt(mean((x - mean(x))^2) + epsilon) * scale + bias
// (max, sum and mean over the op's axes, kept as size-1 dims so they broadcast back.)
// A norm of a reshape that merged the normalized dims is first moved to the finest view of
// both shapes (see refineNormView), so the reshapes around it only split or merge dims.
// Needs:   nothing. Ensures: no picoc.softmax or picoc.norm is left.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Dialect/RunShape.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/Builders.h"

#include <set>

using namespace mlir;

namespace picoc {
#define GEN_PASS_DEF_DECOMPOSE
#include "picoc/Passes/Passes.h.inc"

namespace {

Value scalar(OpBuilder &b, Location loc, Type elementType, double v) {
  auto type = RankedTensorType::get({}, elementType);
  return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, b.getFloatAttr(elementType, v)));
}

Value reduce(OpBuilder &b, Location loc, ReduceFn fn, Value x, ArrayRef<int64_t> axes) {
  return b.create<ReduceOp>(loc, fn, x, b.getDenseI64ArrayAttr(axes));
}

Value binary(OpBuilder &b, Location loc, BinaryFn fn, Value x, Value y) {
  return b.create<BinaryOp>(loc, fn, x, y);
}

Value unary(OpBuilder &b, Location loc, UnaryFn fn, Value x) {
  return b.create<UnaryOp>(loc, x.getType(), fn, x);
}

void decomposeSoftmax(SoftmaxOp op) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  int64_t axis = op.getAxis();
  Value x = op.getInput();
  Value d = binary(b, loc, BinaryFn::sub, x, reduce(b, loc, ReduceFn::max, x, {axis}));
  Value e = unary(b, loc, UnaryFn::exp, d);
  Value s = reduce(b, loc, ReduceFn::sum, e, {axis});
  Value y = op.getLog() ? binary(b, loc, BinaryFn::sub, d, unary(b, loc, UnaryFn::log, s))
                        : binary(b, loc, BinaryFn::div, e, s);
  op.replaceAllUsesWith(y);
  op.erase();
}

// The finest shape both `a` and `b` are reshapes of (e.g. [N, C, H, W] and [N, G, C/G*H*W]
// -> [N, G, C/G, H, W]), and for each dim of `b` the range of its dims; nullopt when a dim
// boundary of one side does not split a dim of the other evenly.
std::optional<std::pair<SmallVector<int64_t>, SmallVector<std::pair<int, int>>>>
commonRefinement(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  std::set<int64_t> cuts;
  int64_t pa = 1, pb = 1;
  for (int64_t d : a)
    cuts.insert(pa *= d);
  for (int64_t d : b)
    cuts.insert(pb *= d);
  if (pa != pb)
    return std::nullopt;
  SmallVector<int64_t> fine;
  SmallVector<int64_t> ends; // prefix product at the end of each fine dim
  int64_t prev = 1;
  for (int64_t cut : cuts) {
    if (cut == 1)
      continue;
    if (cut % prev != 0)
      return std::nullopt;
    fine.push_back(cut / prev);
    ends.push_back(cut);
    prev = cut;
  }
  SmallVector<std::pair<int, int>> ranges;
  int64_t p = 1;
  int next = 0;
  for (int64_t d : b) {
    int begin = next;
    p *= d;
    while (next < static_cast<int>(ends.size()) && ends[next] <= p)
      ++next;
    ranges.push_back({begin, next});
  }
  return std::make_pair(fine, ranges);
}

// A norm over dims that a reshape merged (TorchScript's GroupNorm: x [N, C, H, W] reshaped to
// [N, G, C/G*H*W], normalized over the last dim, reshaped back) is rebuilt over the finer view
// [N, G, C/G, H, W], so that the reshapes around it only split and merge channels: the kernels
// reading it then index by c / (C/G) instead of dividing a padded linear index.
void refineNormView(NormOp op) {
  auto reshape = op.getInput().getDefiningOp<ReshapeOp>();
  if (!reshape)
    return;
  auto outType = cast<RankedTensorType>(op.getType());
  ArrayRef<int64_t> out = outType.getShape();
  auto refined = commonRefinement(cast<RankedTensorType>(reshape.getInput().getType()).getShape(),
                                  out);
  if (!refined || ArrayRef<int64_t>(refined->first) == out)
    return;
  auto &[fine, ranges] = *refined;
  // Scale and bias broadcast to `out`: each dim is 1 or full, so it maps onto the fine dims.
  auto fineShape = [&](Value v) -> std::optional<SmallVector<int64_t>> {
    ArrayRef<int64_t> shape = cast<RankedTensorType>(v.getType()).getShape();
    if (shape.size() > out.size())
      return std::nullopt;
    size_t lead = out.size() - shape.size();
    SmallVector<int64_t> result;
    for (size_t d = 0; d < out.size(); ++d) {
      int64_t size = d < lead ? 1 : shape[d - lead];
      if (size != 1 && size != out[d])
        return std::nullopt;
      for (int f = ranges[d].first; f < ranges[d].second; ++f)
        result.push_back(size == 1 ? 1 : fine[f]);
    }
    return result;
  };
  auto scaleShape = fineShape(op.getScale()), biasShape = fineShape(op.getBias());
  if (!scaleShape || !biasShape)
    return;
  SmallVector<int64_t> axes;
  for (int64_t axis : op.getAxes())
    for (int f = ranges[axis].first; f < ranges[axis].second; ++f)
      axes.push_back(f);
  if (axes.empty())
    return;
  OpBuilder b(op);
  Location loc = op.getLoc();
  auto typed = [&](Value v, ArrayRef<int64_t> shape) {
    auto t = RankedTensorType::get(shape, cast<RankedTensorType>(v.getType()).getElementType());
    return b.create<ReshapeOp>(loc, t, v).getResult();
  };
  Value x = typed(reshape.getInput(), fine);
  auto norm = b.create<NormOp>(loc, x.getType(), x, typed(op.getScale(), *scaleShape),
                               typed(op.getBias(), *biasShape), b.getDenseI64ArrayAttr(axes),
                               op.getEpsilonAttr());
  Value y = b.create<ReshapeOp>(loc, outType, norm);
  op.replaceAllUsesWith(y);
  op.erase();
}

void decomposeNorm(NormOp op) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value x = op.getInput();
  auto type = cast<RankedTensorType>(x.getType());
  Type et = type.getElementType();
  int64_t count = 1;
  for (int64_t axis : op.getAxes()) {
    if (!runShape(type)[axis].isStatic()) { // the importer refuses these
      op.emitError("a normalization over a run-time dim is not supported yet");
      return;
    }
    count *= type.getShape()[axis];
  }
  Value invCount = scalar(b, loc, et, 1.0 / static_cast<double>(count));
  Value mean = binary(b, loc, BinaryFn::mul, reduce(b, loc, ReduceFn::sum, x, op.getAxes()),
                      invCount);
  Value centered = binary(b, loc, BinaryFn::sub, x, mean);
  Value square = binary(b, loc, BinaryFn::mul, centered, centered);
  Value var = binary(b, loc, BinaryFn::mul,
                     reduce(b, loc, ReduceFn::sum, square, op.getAxes()), invCount);
  Value eps = scalar(b, loc, et, op.getEpsilon().convertToDouble());
  Value rstd = unary(b, loc, UnaryFn::rsqrt, binary(b, loc, BinaryFn::add, var, eps));
  Value y = binary(b, loc, BinaryFn::mul, centered, rstd);
  y = binary(b, loc, BinaryFn::mul, y, op.getScale());
  y = binary(b, loc, BinaryFn::add, y, op.getBias());
  op.replaceAllUsesWith(y);
  op.erase();
}

struct DecomposePass : impl::DecomposeBase<DecomposePass> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      if (auto softmax = dyn_cast<SoftmaxOp>(op))
        decomposeSoftmax(softmax);
      else if (auto norm = dyn_cast<NormOp>(op))
        refineNormView(norm);
    });
    getOperation().walk([](Operation *op) {
      if (auto norm = dyn_cast<NormOp>(op))
        decomposeNorm(norm);
    });
  }
};
} // namespace
} // namespace picoc
