//===- Loss.cpp - ONNX NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss ----------===//
//
// NegativeLogLikelihoodLoss(input [N, C, d...], target [N, d...], weight [C]):
//   loss[n, d...] = -input[n, t, d...] * w[t] with t = target[n, d...], w = weight or 1;
//   a target equal to ignore_index contributes 0 (and no weight).
//   reduction none: loss; sum: its sum; mean: its sum divided by the sum of the weights used.
// The pick along C is a gather_elements of the target (made safe where ignored).
// SoftmaxCrossEntropyLoss is the same on log_softmax(scores) over C, whose value is its
// optional second output.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

using namespace mlir;

namespace picoc::onnximport {

namespace {

Value negativeLogLikelihood(NodeImporter &n, Value input, Value target, Value weight) {
  if (!input || !target)
    return {};
  ArrayRef<int64_t> shape = shapeOf(input);
  SmallVector<int64_t> expected(shape.take_front(1));
  if (shape.size() >= 2)
    llvm::append_range(expected, shape.drop_front(2));
  if (shape.size() < 2 || shapeOf(target) != ArrayRef<int64_t>(expected)) {
    (void)n.fail("target of shape " + shapeString(shapeOf(target)) + " does not fit input " +
                 shapeString(shape) + " ([N, C, d...] and [N, d...])");
    return {};
  }
  if (weight && shapeOf(weight) != ArrayRef<int64_t>{shape[1]}) {
    (void)n.fail("weight must have shape [C] = [" + Twine(shape[1]) + "]");
    return {};
  }
  Type et = elementTypeOf(input);
  Value t = n.cast(target, IntegerType::get(n.context(), 64));
  Value ignored;
  if (n.hasAttr("ignore_index"))
    ignored = n.binary(BinaryFn::eq, t, static_cast<double>(n.attrInt("ignore_index", 0)));
  if (ignored)
    t = n.select(ignored, n.i64Constant({0}, {}), t);
  SmallVector<int64_t> withClass(expected);
  withClass.insert(withClass.begin() + 1, 1);
  Value picked = n.reshape(
      n.create<GatherElementsOp>(input, n.reshape(t, withClass), static_cast<uint64_t>(1)),
      expected);
  Value w = weight ? n.create<GatherOp>(weight, t, static_cast<uint64_t>(0))
                   : n.broadcastTo(n.scalar(1.0, et), expected);
  if (ignored)
    w = n.select(ignored, n.scalar(0.0, et), w);
  Value loss = n.unary(UnaryFn::neg, n.binary(BinaryFn::mul, picked, w));
  std::string reduction = n.attrString("reduction", "mean");
  if (reduction == "none" || !loss)
    return loss;
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, rankOf(loss)));
  Value sum = n.reshape(n.reduce(ReduceFn::sum, loss, all), {});
  if (reduction == "sum")
    return sum;
  return n.binary(BinaryFn::div, sum, n.reshape(n.reduce(ReduceFn::sum, w, all), {}));
}

} // namespace

void checkLoss(const OnnxNode &n) {
  std::string reduction = n.attrString("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    n.problem("reduction '" + reduction + "' is not supported (none, sum and mean are)");
}

LogicalResult importNegativeLogLikelihoodLoss(NodeImporter &n) {
  return n.setResult(negativeLogLikelihood(n, n.requiredInput(0), n.requiredInput(1),
                                           n.input(2)));
}

LogicalResult importSoftmaxCrossEntropyLoss(NodeImporter &n) {
  Value scores = n.requiredInput(0);
  if (!scores)
    return failure();
  if (rankOf(scores) < 2)
    return n.fail("scores must have rank >= 2 ([N, C, d...])");
  Value logProb = n.create<SoftmaxOp>(scores, uint64_t(1), /*log=*/true);
  n.setOutput(1, logProb);
  return n.setResult(negativeLogLikelihood(n, logProb, n.requiredInput(1), n.input(2)));
}

} // namespace picoc::onnximport
