//===- Normalization.cpp - ONNX softmax, normalizations and reductions -------------===//
//
// Softmax/LogSoftmax -> picoc.softmax (opset 13 semantics: one axis; before 13 the input is
// flattened to 2-D at `axis`). LayerNormalization, InstanceNormalization and
// GroupNormalization -> picoc.norm.
// BatchNormalization (inference) -> x * a + b with per-channel a, b computed from the stats.
// Reduce* -> picoc.reduce between elementwise pre/post steps (square, abs, log, ...).
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cmath>

using namespace mlir;

namespace picoc::onnximport {

LogicalResult importSoftmax(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  bool log = n.tag<int>() == 1;
  int64_t rank = rankOf(x);
  auto axis = n.normalizeAxis(n.attrInt("axis", n.opset() >= 13 ? -1 : 1), rank);
  if (!axis)
    return failure();
  if (n.opset() >= 13 || *axis == rank - 1)
    return n.setResult(n.create<SoftmaxOp>(x, static_cast<uint64_t>(*axis), log));
  // Before opset 13 the softmax runs over all dims from `axis` on, as one.
  ArrayRef<int64_t> shape = shapeOf(x);
  Value flat = n.reshape(x, {product(shape.take_front(*axis)), product(shape.drop_front(*axis))});
  Value y = n.create<SoftmaxOp>(flat, uint64_t(1), log);
  return n.setResult(n.reshape(y, shape));
}

namespace {
// True when `from` broadcasts (numpy rules) to exactly `to`.
bool broadcastsTo(ArrayRef<int64_t> from, ArrayRef<int64_t> to) {
  auto b = broadcastShapes(from, to);
  return from.size() <= to.size() && succeeded(b) && ArrayRef<int64_t>(*b) == to;
}

// [C] -> [C, 1, ..., 1] so that it broadcasts along dim 1 of a rank-`rank` NC... tensor.
Value perChannel(NodeImporter &n, Value v, int64_t rank) {
  if (!v)
    return {};
  SmallVector<int64_t> shape(rank - 1, 1);
  shape[0] = product(shapeOf(v));
  return n.reshape(v, shape);
}
} // namespace

// Fails when a dim in [axis, rank) of x is a run-time dim: the mean's count is static here.
static LogicalResult refuseRunAxes(NodeImporter &n, Value x, int64_t axis) {
  RunShape dims = runShape(x.getType());
  for (size_t d = static_cast<size_t>(axis); d < dims.size(); ++d)
    if (!dims[d].isStatic())
      return n.fail("normalizes over run-time dim " + Twine(d) + " of " + runShapeStr(dims) +
                    ", which is not supported yet");
  return success();
}

LogicalResult importLayerNorm(NodeImporter &n) {
  Value x = n.requiredInput(0), scale = n.requiredInput(1);
  if (!x || !scale)
    return failure();
  auto axis = n.normalizeAxis(n.attrInt("axis", -1), rankOf(x));
  if (axis && failed(refuseRunAxes(n, x, *axis)))
    return failure();
  if (!axis)
    return failure();
  Value bias = n.hasInput(2) ? n.input(2) : n.scalar(0.0, elementTypeOf(x));
  for (Value v : {scale, bias})
    if (!broadcastsTo(shapeOf(v), shapeOf(x).drop_front(*axis)))
      return n.fail("scale/bias of shape " + shapeString(shapeOf(v)) +
                    " do not broadcast to the normalized dims " +
                    shapeString(shapeOf(x).drop_front(*axis)));
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(*axis, rankOf(x)));
  double epsilon = n.attrFloat("epsilon", 1e-5);
  if (!n.outputUsed(1) && !n.outputUsed(2))
    return n.setResult(n.create<NormOp>(typeOf(x), x, scale, bias, ArrayRef<int64_t>(axes),
                                        llvm::APFloat(epsilon)));
  // Mean and InvStdDev are read too: build the normalization from primitives, so the
  // statistics are values of their own (shape: the normalized dims kept as 1).
  int64_t count = 1;
  for (int64_t a : axes)
    count *= shapeOf(x)[a];
  double inv = 1.0 / static_cast<double>(count);
  Value mean = n.binary(BinaryFn::mul, n.reduce(ReduceFn::sum, x, axes), inv);
  Value centered = n.binary(BinaryFn::sub, x, mean);
  Value var = n.binary(BinaryFn::mul,
                       n.reduce(ReduceFn::sum, n.binary(BinaryFn::mul, centered, centered), axes),
                       inv);
  Value invStdDev = n.unary(UnaryFn::rsqrt, n.binary(BinaryFn::add, var, epsilon));
  Value y = n.binary(BinaryFn::mul, n.binary(BinaryFn::mul, centered, invStdDev), scale);
  y = n.binary(BinaryFn::add, y, bias);
  if (!mean || !invStdDev || !y)
    return failure();
  n.setOutput(1, mean);
  n.setOutput(2, invStdDev);
  return n.setResult(y);
}

// LpNormalization: x / (sum |x|^p along axis)^(1/p), p 1 or 2; a zero norm gives 0 (opset 22
// says so; opset 1 leaves it undefined).
LogicalResult importLpNorm(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  auto axis = n.normalizeAxis(n.attrInt("axis", -1), rankOf(x));
  if (!axis)
    return failure();
  int64_t p = n.attrInt("p", 2);
  if (p != 1 && p != 2)
    return n.fail("p " + Twine(p) + " is not supported (1 and 2 are)");
  SmallVector<int64_t> axes = {*axis};
  Value norm = p == 1 ? n.reduce(ReduceFn::sum, n.unary(UnaryFn::abs, x), axes)
                      : n.unary(UnaryFn::sqrt,
                                n.reduce(ReduceFn::sum, n.binary(BinaryFn::mul, x, x), axes));
  Value zero = n.binary(BinaryFn::eq, norm, 0.0);
  Value y = n.binary(BinaryFn::div, x, n.select(zero, n.scalar(1.0, elementTypeOf(x)), norm));
  return n.setResult(y ? n.select(zero, n.scalar(0.0, elementTypeOf(x)), y) : Value());
}

// RMSNormalization (opset 23): x / sqrt(mean(x^2 over dims axis..) + epsilon) * scale, in f32
// for f16/bf16 inputs when stash_type is 1 (the default), as the spec's function body does.
// Fusion makes it one row kernel, as it does the exporters' decomposed form.
LogicalResult importRmsNorm(NodeImporter &n) {
  Value x = n.requiredInput(0), scale = n.requiredInput(1);
  if (!x || !scale)
    return failure();
  int64_t rank = rankOf(x);
  auto axis = n.normalizeAxis(n.attrInt("axis", -1), rank);
  if (!axis || failed(refuseRunAxes(n, x, *axis)))
    return failure();
  if (!broadcastsTo(shapeOf(scale), shapeOf(x).drop_front(*axis)))
    return n.fail("scale of shape " + shapeString(shapeOf(scale)) +
                  " does not broadcast to the normalized dims " +
                  shapeString(shapeOf(x).drop_front(*axis)));
  int64_t stash = n.attrInt("stash_type", 1);
  if (stash != 1 && stash != -1)
    return n.fail("stash_type " + Twine(stash) + " is not supported (1: float32)");
  Type type = elementTypeOf(x), f32 = Float32Type::get(n.context());
  bool widen = stash == 1 && (type.isF16() || type.isBF16());
  if (widen)
    x = n.cast(x, f32), scale = n.cast(scale, f32);
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(*axis, rank));
  double count = static_cast<double>(product(shapeOf(x).drop_front(*axis)));
  Value meanSquare =
      n.binary(BinaryFn::mul, n.reduce(ReduceFn::sum, n.binary(BinaryFn::mul, x, x), axes),
               1.0 / count);
  Value inv = n.unary(UnaryFn::rsqrt, n.binary(BinaryFn::add, meanSquare,
                                               n.attrFloat("epsilon", 1e-5)));
  Value y = n.binary(BinaryFn::mul, n.binary(BinaryFn::mul, x, inv), scale);
  return n.setResult(widen && y ? n.cast(y, type) : y);
}

LogicalResult importInstanceNorm(NodeImporter &n) {
  Value x = n.requiredInput(0), scale = n.requiredInput(1), bias = n.requiredInput(2);
  if (!x || !scale || !bias)
    return failure();
  int64_t rank = rankOf(x);
  if (rank < 3)
    return n.fail("input must have rank >= 3 (N, C, spatial...)");
  for (Value v : {scale, bias})
    if (shapeOf(v) != ArrayRef<int64_t>{shapeOf(x)[1]})
      return n.fail("scale and bias must have shape [C] = [" + Twine(shapeOf(x)[1]) + "]");
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(2, rank));
  return n.setResult(n.create<NormOp>(typeOf(x), x, perChannel(n, scale, rank),
                                      perChannel(n, bias, rank), ArrayRef<int64_t>(axes),
                                      llvm::APFloat(n.attrFloat("epsilon", 1e-5))));
}

// Inference only: training_mode (opset 14+) must be 0, is_test (before opset 7) 1; spatial
// (before opset 9) must keep its default, one statistic per channel.
void checkBatchNorm(const OnnxNode &n) {
  if (n.attrInt("training_mode", 0) != 0 || (n.hasAttr("is_test") && n.attrInt("is_test", 0) != 1))
    n.problem("training mode is not supported");
  if (n.attrInt("spatial", 1) != 1)
    n.problem("attribute 'spatial' = 0 (statistics per element) is not supported");
}

// y = (x - mean) / sqrt(var + eps) * scale + b = x * a + (b - mean * a),
// a = scale / sqrt(var + eps): the per-channel part stays [C]-sized.
LogicalResult importBatchNorm(NodeImporter &n) {
  for (int i = 1; i < n.numOutputs(); ++i)
    if (n.outputUsed(i))
      return n.fail("only output 0 is supported (inference mode)");
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  if (rankOf(x) < 2)
    return n.fail("input must have rank >= 2 (N, C, ...)");
  Value scale = n.requiredInput(1), b = n.requiredInput(2);
  Value mean = n.requiredInput(3), var = n.requiredInput(4);
  double eps = n.attrFloat("epsilon", 1e-5);
  Value a = n.binary(BinaryFn::div, scale,
                     n.unary(UnaryFn::sqrt, n.binary(BinaryFn::add, var, eps)));
  Value shift = n.binary(BinaryFn::sub, b, n.binary(BinaryFn::mul, mean, a));
  int64_t rank = rankOf(x);
  Value y = n.binary(BinaryFn::mul, x, perChannel(n, a, rank));
  return n.setResult(n.binary(BinaryFn::add, y, perChannel(n, shift, rank)));
}

// CumSum (and CumProd, opset 26) as a masked reduction: out[.., i, ..] = sum (product) over k
// of x[.., k, ..] where k <= i (k < i exclusive; k >= i, k > i reversed). x is viewed as
// [.., 1, N, ..], broadcast to [.., N(i), N(k), ..], masked by an [N, N] comparison of iotas
// (the identity where masked) and reduced over k: one kernel, no copy, O(N^2) work per row.
LogicalResult importCumSum(NodeImporter &n) {
  Value x = n.requiredInput(0);
  auto axisValues = n.intsInput(1, "axis");
  if (!x || !axisValues)
    return failure();
  if (axisValues->size() != 1)
    return n.fail("axis must hold one value");
  auto axis = n.normalizeAxis((*axisValues)[0], rankOf(x));
  if (!axis)
    return failure();
  bool exclusive = n.attrInt("exclusive", 0) != 0, reverse = n.attrInt("reverse", 0) != 0;
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t count = shape[*axis];
  // Output i takes term k where k <= i (k < i exclusive; k >= i, k > i in reverse): a
  // comparison of two iotas, not a count x count constant.
  BinaryFn keep = reverse ? (exclusive ? BinaryFn::gt : BinaryFn::ge)
                          : (exclusive ? BinaryFn::lt : BinaryFn::le);
  SmallVector<int64_t> maskShape = {count, count};
  for (size_t d = *axis + 1; d < shape.size(); ++d)
    maskShape.push_back(1);
  Value maskValue = n.reshape(n.diagonalMask(count, count, keep, n.i64Constant({0}, {})),
                              maskShape);
  SmallVector<int64_t> viewShape(shape.begin(), shape.begin() + *axis);
  viewShape.push_back(1);
  viewShape.append(shape.begin() + *axis, shape.end());
  SmallVector<int64_t> wide(viewShape);
  wide[*axis] = count;
  Value terms = n.broadcastTo(n.reshape(x, viewShape), wide);
  bool product = n.opType() == "CumProd";
  Value masked = n.select(maskValue, terms, n.scalar(product ? 1.0 : 0.0, elementTypeOf(x)));
  Value folded = n.reduce(product ? ReduceFn::prod : ReduceFn::sum, masked,
                          {static_cast<int64_t>(*axis) + 1});
  return n.setResult(n.reshape(folded, shape));
}

LogicalResult importReduce(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  auto kind = n.tag<ReduceKind>();
  int64_t rank = rankOf(x);
  // Axes moved from an attribute to input 1 at opset 13 for ReduceSum, 18 for the others.
  bool axesInput = n.opset() >= (kind == ReduceKind::Sum ? 13 : 18);
  SmallVector<int64_t> axes;
  if (!axesInput) {
    axes = n.attrInts("axes");
  } else if (n.hasInput(1)) {
    auto v = n.intsInput(1, "axes");
    if (!v)
      return failure();
    axes = *v;
  }
  if (axes.empty() && !n.attrInt("noop_with_empty_axes", 0))
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  auto normalized = n.normalizeAxes(axes, rank);
  if (!normalized)
    return failure();
  axes = *normalized;

  ReduceFn fn = kind == ReduceKind::Max   ? ReduceFn::max
                : kind == ReduceKind::Min ? ReduceFn::min
                : kind == ReduceKind::Prod ? ReduceFn::prod
                                          : ReduceFn::sum;
  Value in = x, shift;
  switch (kind) {
  case ReduceKind::SumSquare:
  case ReduceKind::L2: in = n.binary(BinaryFn::mul, x, x); break;
  case ReduceKind::L1: in = n.unary(UnaryFn::abs, x); break;
  case ReduceKind::LogSumExp: // log(sum(exp(x - m))) + m with m the max, for stability
    shift = n.reduce(ReduceFn::max, x, axes);
    in = n.unary(UnaryFn::exp, n.binary(BinaryFn::sub, x, shift));
    break;
  default: break;
  }
  Value y = n.reduce(fn, in, axes);
  switch (kind) {
  case ReduceKind::Mean: {
    // Over run-time dims the count is a run-time value (one run-time dim among the axes).
    AffineExpr count = getAffineConstantExpr(1, n.context());
    for (int64_t a : axes)
      count = count * runShape(x.getType())[a].expr;
    if (auto c = dyn_cast<AffineConstantExpr>(count)) {
      y = n.binary(BinaryFn::div, y, static_cast<double>(c.getValue()));
    } else if (toDimExpr(count)) {
      y = n.binary(BinaryFn::div, y, n.cast(n.dimValue(count), elementTypeOf(x)));
    } else {
      return n.fail("a mean over several run-time dims of " + runShapeStr(runShape(x.getType())) +
                    " is not supported");
    }
    break;
  }
  case ReduceKind::L2: y = n.unary(UnaryFn::sqrt, y); break;
  case ReduceKind::LogSum: y = n.unary(UnaryFn::log, y); break;
  case ReduceKind::LogSumExp:
    y = n.binary(BinaryFn::add, n.unary(UnaryFn::log, y), shift);
    break;
  default: break;
  }
  if (!y || n.attrInt("keepdims", 1))
    return n.setResult(y);
  SmallVector<int64_t> kept;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(axes, d))
      kept.push_back(shapeOf(x)[d]);
  return n.setResult(n.reshape(y, kept)); // run-time dims kept (reshapeRunShape)
}

// GlobalAveragePool / GlobalMaxPool: the mean or max over the spatial dims, kept as 1s.
LogicalResult importGlobalPool(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  if (rankOf(x) < 3)
    return n.fail("input must have rank >= 3 (N, C, spatial...)");
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(2, rankOf(x)));
  if (n.tag<ReduceKind>() == ReduceKind::Max)
    return n.setResult(n.reduce(ReduceFn::max, x, axes));
  if (n.opType() == "GlobalLpPool") { // the p-th root of the sum of |x|^p
    int64_t p = n.attrInt("p", 2);
    if (p < 1 || p > 64)
      return n.fail("attribute 'p' must be 1..64, not " + Twine(p));
    return n.setResult(lpRoot(n, n.reduce(ReduceFn::sum, lpPower(n, x, p), axes), p));
  }
  double count = static_cast<double>(product(shapeOf(x).drop_front(2)));
  return n.setResult(n.binary(BinaryFn::div, n.reduce(ReduceFn::sum, x, axes), count));
}

// GroupNormalization: x [N, C, S...] viewed as [N, G, C/G, S...] (a split of C only), normalized
// over all but the first two dims; scale and bias are per group (opset 18) or per channel (21),
// shaped to broadcast in the grouped view.
LogicalResult importGroupNorm(NodeImporter &n) {
  Value x = n.requiredInput(0), scale = n.requiredInput(1), bias = n.requiredInput(2);
  if (!x || !scale || !bias)
    return failure();
  int64_t rank = rankOf(x), groups = n.attrInt("num_groups", 0);
  if (rank < 3)
    return n.fail("input must have rank >= 3 (N, C, spatial...)");
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t channels = shape[1];
  if (groups < 1 || channels % groups != 0)
    return n.fail("num_groups " + Twine(groups) + " does not divide the " + Twine(channels) +
                  " channels");
  int64_t perParam = n.opset() >= 21 ? channels : groups;
  for (Value v : {scale, bias})
    if (product(shapeOf(v)) != perParam || rankOf(v) != 1)
      return n.fail("scale and bias must have shape [" + Twine(perParam) + "]");
  SmallVector<int64_t> grouped = {shape[0], groups, channels / groups};
  llvm::append_range(grouped, shape.drop_front(2));
  SmallVector<int64_t> paramShape(rank, 1); // broadcasts over [G, C/G, S...]
  paramShape[0] = groups;
  if (perParam == channels)
    paramShape[1] = channels / groups;
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(2, rank + 1));
  Value y = n.create<NormOp>(RankedTensorType::get(grouped, elementTypeOf(x)),
                             n.reshape(x, grouped), n.reshape(scale, paramShape),
                             n.reshape(bias, paramShape), ArrayRef<int64_t>(axes),
                             llvm::APFloat(n.attrFloat("epsilon", 1e-5)));
  return n.setResult(y ? n.reshape(y, shape) : Value());
}

// ArgMax / ArgMin: the first (or, with select_last_index, the last) position along `axis`
// that holds the extreme value m. Two reductions: m, then the min (max) over the axis of
// `x == m ? position : sentinel`, the positions an i64 iota shaped to broadcast along it.
// NaN as onnxruntime treats it: its scan keeps the running extreme and takes a new value only
// when it compares greater (less), so a NaN never replaces it, and a NaN in the first position
// is never replaced. Hence: NaNs are left out of m (and never match it), and a row that starts
// with a NaN answers 0.
namespace {
// The first (or last) position along `axis` that holds x's max (or min), keepdims: two
// reductions, the second over `x == extreme ? position : sentinel`.
Value argExtreme(NodeImporter &n, Value x, int64_t axis, bool isMax, bool last) {
  int64_t rank = rankOf(x), size = shapeOf(x)[axis];
  Value iota = n.iota(size, 0, rank - axis);
  if (!iota)
    return {};
  bool floating = isa<FloatType>(elementTypeOf(x));
  Value isNan = floating ? n.unary(UnaryFn::logical_not, n.binary(BinaryFn::eq, x, x)) : Value();
  Value values = x;
  if (floating) // a NaN counts as the identity of the reduction: it never wins
    values = n.select(isNan, n.scalar(isMax ? -INFINITY : INFINITY, elementTypeOf(x)), x);
  Value extreme = n.reduce(isMax ? ReduceFn::max : ReduceFn::min, values, {axis});
  Value sentinel = n.i64Constant({last ? -1 : size}, {});
  Value candidates = n.select(n.binary(BinaryFn::eq, x, extreme), iota, sentinel);
  Value index = n.reduce(last ? ReduceFn::max : ReduceFn::min, candidates, {axis});
  if (floating && index) // a row starting with a NaN: 0
    index = n.select(n.sliceAxis(isNan, axis, 0, 1), n.i64Constant({0}, {}), index);
  return index;
}
} // namespace

LogicalResult importArgExtreme(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t rank = rankOf(x);
  auto axis = n.normalizeAxis(n.attrInt("axis", 0), std::max<int64_t>(rank, 1));
  if (!axis)
    return failure();
  if (rank == 0)
    return n.fail("input must have rank >= 1");
  Value index = argExtreme(n, x, *axis, n.opType() == "ArgMax",
                           n.attrInt("select_last_index", 0) != 0);
  if (!index || n.attrInt("keepdims", 1))
    return n.setResult(index);
  SmallVector<int64_t> kept(shapeOf(x));
  kept.erase(kept.begin() + *axis);
  return n.setResult(n.reshape(index, kept));
}

// Hardmax: 1 at the first max along `axis`, 0 elsewhere (before opset 13 over all dims from
// `axis` on, flattened, as Softmax).
LogicalResult importHardmax(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t rank = rankOf(x);
  auto axis = n.normalizeAxis(n.attrInt("axis", n.opset() >= 13 ? -1 : 1), rank);
  if (!axis)
    return failure();
  ArrayRef<int64_t> shape = shapeOf(x);
  Value in = x;
  int64_t along = *axis;
  if (n.opset() < 13 && *axis != rank - 1) {
    in = n.reshape(x, {product(shape.take_front(*axis)), product(shape.drop_front(*axis))});
    along = 1;
  }
  Value iota = n.iota(shapeOf(in)[along], 0, rankOf(in) - along);
  if (!iota)
    return failure();
  Value first = argExtreme(n, in, along, /*isMax=*/true, /*last=*/false);
  Value y = n.cast(n.binary(BinaryFn::eq, first, iota), elementTypeOf(x));
  return n.setResult(y && in != x ? n.reshape(y, shape) : y);
}

// MeanVarianceNormalization: (x - mean) / sqrt(var) over `axes` (default N, H, W), with
// ONNX's function body's epsilon of 1e-9 under the root.
LogicalResult importMeanVarianceNorm(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  SmallVector<int64_t> axes = n.attrInts("axes");
  if (!n.hasAttr("axes"))
    axes = {0, 2, 3};
  auto normalized = n.normalizeAxes(axes, rankOf(x));
  if (!normalized)
    return failure();
  Type et = elementTypeOf(x);
  return n.setResult(n.create<NormOp>(typeOf(x), x, n.scalar(1.0, et), n.scalar(0.0, et),
                                      ArrayRef<int64_t>(*normalized), llvm::APFloat(1e-9)));
}

} // namespace picoc::onnximport
