//===- Decompose.cpp - picoc-graph-decompose ----------------------------------------===//
//
// Rewrites the composite ops into primitives:
//   softmax(x)     = e / sum(e),           e = exp(x - max(x))
//   log_softmax(x) = d - log(sum(exp(d))), d = x - max(x)
//   norm(x)        = (x - mean(x)) * rsqrt(mean((x - mean(x))^2) + epsilon) * scale + bias
// (max, sum and mean over the op's axes, kept as size-1 dims so they broadcast back.)
// Needs:   nothing. Ensures: no picoc.softmax or picoc.norm is left.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Passes/Passes.h"

#include "mlir/IR/Builders.h"

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

void decomposeNorm(NormOp op) {
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value x = op.getInput();
  auto type = cast<RankedTensorType>(x.getType());
  Type et = type.getElementType();
  int64_t count = 1;
  for (int64_t axis : op.getAxes())
    count *= type.getShape()[axis];
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
        decomposeNorm(norm);
    });
  }
};
} // namespace
} // namespace picoc
