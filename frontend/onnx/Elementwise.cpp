//===- Elementwise.cpp - ONNX elementwise ops -----------------------------------------===//
//
// Unary and binary ops map one to one onto picoc.unary / picoc.binary (numpy broadcasting
// is the dialect's). Activations without a primitive (LeakyRelu, Elu, Gelu, ...) are written
// out in primitives here; graph passes fuse them back into one kernel. OneHot is a compare
// of the indices with an iota, then a select of the on/off values.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cmath>

using namespace mlir;

namespace picoc::onnximport {

// Opsets 1 to 6: B broadcasts to A only with broadcast = 1, aligned with A's dims from `axis`
// (by default, with A's trailing dims); from opset 7 both broadcast by numpy's rules.
void checkBinary(const OnnxNode &n) {
  if (n.opset() >= 7)
    for (const char *legacy : {"axis", "broadcast", "consumed_inputs"})
      if (n.hasAttr(legacy))
        n.problem("attribute '" + Twine(legacy) + "' exists only before opset 7");
}

static Value legacyBroadcast(NodeImporter &n, Value a, Value b) {
  ArrayRef<int64_t> as = shapeOf(a), bs = shapeOf(b);
  if (n.attrInt("broadcast", 0) == 0) {
    if (as != bs) {
      (void)n.fail("shapes " + shapeString(as) + " and " + shapeString(bs) +
                   " differ and attribute 'broadcast' is not set");
      return {};
    }
    return b;
  }
  int64_t rank = as.size(), axis = n.attrInt("axis", rank - static_cast<int64_t>(bs.size()));
  if (axis < 0)
    axis += rank;
  bool fits = axis >= 0 && axis <= rank - static_cast<int64_t>(bs.size()); // no overflow
  int64_t end = fits ? axis + static_cast<int64_t>(bs.size()) : rank;
  for (size_t k = 0; fits && k < bs.size(); ++k)
    fits = bs[k] == 1 || bs[k] == as[axis + k];
  if (!fits) {
    (void)n.fail("B of shape " + shapeString(bs) + " does not broadcast to A's " +
                 shapeString(as) + " from axis " + Twine(axis));
    return {};
  }
  SmallVector<int64_t> aligned(bs);
  aligned.append(rank - end, 1);
  return aligned.size() == bs.size() ? b : n.reshape(b, aligned);
}

LogicalResult importBinary(NodeImporter &n) {
  Value a = n.requiredInput(0), b = n.requiredInput(1);
  if (!a || !b)
    return failure();
  if (n.opset() < 7 && !(b = legacyBroadcast(n, a, b)))
    return failure();
  BinaryFn fn = n.tag<BinaryFn>();
  if (fn == BinaryFn::mod && n.attrInt("fmod", 0) == 1)
    fn = BinaryFn::fmod;
  // Pow is the one binary op whose operands may differ in type; the result has the base's.
  if (fn == BinaryFn::pow)
    b = n.cast(b, elementTypeOf(a));
  return n.setResult(n.binary(fn, a, b));
}

void checkMod(const OnnxNode &n) {
  int64_t fmod = n.attrInt("fmod", 0);
  if (fmod != 0 && fmod != 1)
    n.problem("attribute 'fmod' must be 0 or 1, not " + Twine(fmod));
}

// Max, Min, Sum and Mean of one or more inputs.
LogicalResult importVariadic(NodeImporter &n) {
  if (n.numInputs() == 0)
    return n.fail("needs at least one input");
  BinaryFn fn = n.tag<BinaryFn>();
  Value acc = n.requiredInput(0);
  for (int i = 1; i < n.numInputs(); ++i)
    acc = n.binary(fn, acc, n.requiredInput(i));
  if (n.opType() == "Mean" && n.numInputs() > 1)
    acc = n.binary(BinaryFn::div, acc, static_cast<double>(n.numInputs()));
  return n.setResult(acc);
}

// BitwiseAnd/Or/Xor, BitwiseNot and BitShift take integers only (ONNX's type constraints;
// BitShift's signed forms, which onnx's reference runs at opset 28, shift arithmetically).
static bool integerInput(NodeImporter &n, Value v) {
  if (!v)
    return false;
  Type et = elementTypeOf(v);
  if (et.isInteger(1) || !isa<IntegerType>(et)) {
    n.problem("needs integer inputs (int8 to uint64)");
    return false;
  }
  return true;
}

LogicalResult importBitwise(NodeImporter &n) {
  Value a = n.requiredInput(0), b = n.requiredInput(1);
  if (!integerInput(n, a) || !integerInput(n, b))
    return failure();
  return n.setResult(n.binary(n.tag<BinaryFn>(), a, b));
}

LogicalResult importBitwiseNot(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!integerInput(n, x))
    return failure();
  return n.setResult(n.unary(UnaryFn::bitwise_not, x));
}

void checkBitShift(const OnnxNode &n) {
  std::string direction = n.attrString("direction", "");
  if (direction != "LEFT" && direction != "RIGHT")
    n.problem("attribute 'direction' must be \"LEFT\" or \"RIGHT\", not \"" + direction + "\"");
}

LogicalResult importBitShift(NodeImporter &n) {
  Value x = n.requiredInput(0), amount = n.requiredInput(1);
  if (!integerInput(n, x) || !integerInput(n, amount))
    return failure();
  BinaryFn fn = n.attrString("direction", "") == "LEFT" ? BinaryFn::shift_left
                                                        : BinaryFn::shift_right;
  return n.setResult(n.binary(fn, x, amount));
}

LogicalResult importUnary(NodeImporter &n) {
  return n.setResult(n.unary(n.tag<UnaryFn>(), n.requiredInput(0)));
}

LogicalResult importWhere(NodeImporter &n) {
  return n.setResult(n.select(n.requiredInput(0), n.requiredInput(1), n.requiredInput(2)));
}

void checkCast(const OnnxNode &n) {
  if (!n.hasAttr("to")) {
    n.problem("attribute 'to' is required");
    return;
  }
  int64_t to = n.attrInt("to", 0);
  if (!kir::dtypeFromOnnx(static_cast<int32_t>(to)))
    n.problem("cast to " + onnxTypeName(static_cast<int32_t>(to)) + " is not supported");
}

LogicalResult importCast(NodeImporter &n) {
  auto dtype = kir::dtypeFromOnnx(static_cast<int32_t>(n.attrInt("to", 0)));
  if (!dtype)
    return failure(); // checkCast reported it
  return n.setResult(n.cast(n.requiredInput(0), elementType(n.context(), *dtype),
                            n.attrInt("saturate", 1) != 0));
}

LogicalResult importIdentity(NodeImporter &n) { return n.setResult(n.requiredInput(0)); }

// Inference only: the data passes through; the mask output and training mode are refused.
// Inference: the data passes through and the mask (where used) is all true. Training mode
// with a ratio of 0 drops nothing and is the same; with another ratio it is random: refused.
LogicalResult importDropout(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  if (n.hasInput(2)) {
    // Both unknowns are reported at once (each may be a graph input to --bind).
    DenseElementsAttr training = n.constantInput(2);
    DenseElementsAttr ratio = n.hasInput(1) ? n.constantInput(1) : DenseElementsAttr();
    auto mode = training ? intsOf(training) : std::nullopt;
    bool knownMode = mode && mode->size() == 1;
    bool knownRatio = !n.hasInput(1) || (ratio && ratio.getNumElements() == 1);
    if (!knownMode)
      (void)n.failNotKnown(2, "training_mode", "a scalar");
    if ((!knownMode || (*mode)[0] != 0) && !knownRatio)
      (void)n.failNotKnown(1, "ratio", "a scalar");
    if (!knownMode || ((*mode)[0] != 0 && !knownRatio))
      return failure();
    // The default ratio is 0.5.
    if ((*mode)[0] != 0 && (!ratio || doublesOf(ratio)[0] != 0))
      return n.fail("training mode with a ratio other than 0 is random: not supported");
  }
  if (n.outputUsed(1)) {
    Type i1 = IntegerType::get(n.context(), 1);
    n.setOutput(1, n.broadcastLike(n.constant(DenseElementsAttr::get(
                                       RankedTensorType::get({}, i1), true)),
                                   x));
  }
  return n.setResult(x);
}

// Clip: bounds are attributes before opset 11, optional scalar inputs from 11.
LogicalResult importClip(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  Value lo, hi;
  if (n.opset() < 11) {
    if (n.hasAttr("min"))
      lo = n.scalar(n.attrFloat("min", 0), elementTypeOf(x));
    if (n.hasAttr("max"))
      hi = n.scalar(n.attrFloat("max", 0), elementTypeOf(x));
  } else {
    lo = n.input(1);
    hi = n.input(2);
  }
  if (lo)
    x = n.binary(BinaryFn::max, x, lo);
  if (hi)
    x = n.binary(BinaryFn::min, x, hi);
  return n.setResult(x);
}

// x < 0 ? alpha * x : x
LogicalResult importLeakyRelu(NodeImporter &n) {
  Value x = n.requiredInput(0);
  double alpha = n.attrFloat("alpha", 0.01);
  Value negative = n.binary(BinaryFn::lt, x, 0.0);
  return n.setResult(n.select(negative, n.binary(BinaryFn::mul, x, alpha), x));
}

// x < 0 ? slope * x : x, with slope broadcast to x (unidirectionally).
LogicalResult importPRelu(NodeImporter &n) {
  Value x = n.requiredInput(0), slope = n.requiredInput(1);
  if (!x || !slope)
    return failure();
  // PRelu-6 has one slope per channel (dim 1) where opset 7 broadcasts by numpy's rules.
  if (n.opset() < 7 && rankOf(slope) == 1 && rankOf(x) > 2 && shapeOf(slope)[0] == shapeOf(x)[1]) {
    SmallVector<int64_t> perChannel(rankOf(x) - 1, 1);
    perChannel[0] = shapeOf(slope)[0];
    slope = n.reshape(slope, perChannel);
  }
  Value y = n.select(n.binary(BinaryFn::lt, x, 0.0), n.binary(BinaryFn::mul, x, slope), x);
  if (y && shapeOf(y) != shapeOf(x))
    return n.fail("slope of shape " + shapeString(shapeOf(slope)) +
                  " does not broadcast to the input's " + shapeString(shapeOf(x)));
  return n.setResult(y);
}

// Elu: x <= 0 ? alpha * (exp(x) - 1) : x.  Selu: gamma times the same.
LogicalResult importElu(NodeImporter &n) {
  bool selu = n.opType() == "Selu";
  double alpha = n.attrFloat("alpha", selu ? 1.67326319217681884765625 : 1.0);
  double gamma = n.attrFloat("gamma", 1.05070102214813232421875);
  Value x = n.requiredInput(0);
  Value negative = n.binary(BinaryFn::mul,
                            n.binary(BinaryFn::sub, n.unary(UnaryFn::exp, x), 1.0), alpha);
  Value y = n.select(n.binary(BinaryFn::le, x, 0.0), negative, x);
  if (selu)
    y = n.binary(BinaryFn::mul, y, gamma);
  return n.setResult(y);
}

// HardSigmoid: max(0, min(1, alpha * x + beta)).  HardSwish: x * HardSigmoid(x) with
// alpha = 1/6, beta = 1/2.
LogicalResult importHardSigmoid(NodeImporter &n) {
  bool swish = n.opType() == "HardSwish";
  double alpha = swish ? 1.0 / 6 : n.attrFloat("alpha", 0.2);
  double beta = swish ? 0.5 : n.attrFloat("beta", 0.5);
  Value x = n.requiredInput(0);
  Value h = n.binary(BinaryFn::add, n.binary(BinaryFn::mul, x, alpha), beta);
  h = n.binary(BinaryFn::max, n.binary(BinaryFn::min, h, 1.0), 0.0);
  return n.setResult(swish ? n.binary(BinaryFn::mul, x, h) : h);
}

// log(exp(x) + 1), written as max(x, 0) + log(1 + exp(-|x|)): the same value, but exp never
// overflows (log(exp(x) + 1) is inf past x = 88.7 in f32, where the answer is x).
static Value softplus(NodeImporter &n, Value x) {
  Value tail = n.unary(UnaryFn::exp, n.unary(UnaryFn::neg, n.unary(UnaryFn::abs, x)));
  return n.binary(BinaryFn::add, n.binary(BinaryFn::max, x, 0.0),
                  n.unary(UnaryFn::log, n.binary(BinaryFn::add, tail, 1.0)));
}

LogicalResult importSoftplus(NodeImporter &n) {
  return n.setResult(softplus(n, n.requiredInput(0)));
}

// Mish: x * tanh(softplus(x)).
LogicalResult importMish(NodeImporter &n) {
  Value x = n.requiredInput(0);
  return n.setResult(n.binary(BinaryFn::mul, x, n.unary(UnaryFn::tanh, softplus(n, x))));
}

void checkBitCast(const OnnxNode &n) {
  if (!n.hasAttr("to"))
    n.problem("attribute 'to' is required");
  else if (!kir::dtypeFromOnnx(static_cast<int32_t>(n.attrInt("to", 0))))
    n.problem("bitcast to " + onnxTypeName(static_cast<int32_t>(n.attrInt("to", 0))) +
              " is not supported");
}

// BitCast: the same bits as another type of the same width.
LogicalResult importBitCast(NodeImporter &n) {
  Value x = n.requiredInput(0);
  auto to = kir::dtypeFromOnnx(static_cast<int32_t>(n.attrInt("to", 0)));
  if (!x || !to)
    return failure();
  Type et = elementType(n.context(), *to);
  if (kir::dtypeBits(*dtypeOf(elementTypeOf(x))) != kir::dtypeBits(*to))
    return n.fail("bitcast between types of different widths");
  if (et == elementTypeOf(x))
    return n.setResult(x);
  return n.setResult(n.create<BitcastOp>(RankedTensorType::get(shapeOf(x), et), x));
}

void checkGelu(const OnnxNode &n) {
  std::string approximate = n.attrString("approximate", "none");
  if (approximate != "none" && approximate != "tanh")
    n.problem("attribute 'approximate' must be 'none' or 'tanh', not '" + approximate + "'");
}

// none: x/2 * (1 + erf(x / sqrt(2)))
// tanh: x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))
LogicalResult importGelu(NodeImporter &n) {
  Value x = n.requiredInput(0);
  Value inner;
  if (n.attrString("approximate", "none") == "tanh") {
    Value cube = n.binary(BinaryFn::mul, n.binary(BinaryFn::mul, x, x), x);
    Value poly = n.binary(BinaryFn::add, x, n.binary(BinaryFn::mul, cube, 0.044715));
    inner = n.unary(UnaryFn::tanh, n.binary(BinaryFn::mul, poly, std::sqrt(2 / M_PI)));
  } else {
    inner = n.unary(UnaryFn::erf, n.binary(BinaryFn::mul, x, M_SQRT1_2));
  }
  Value half = n.binary(BinaryFn::mul, x, 0.5);
  return n.setResult(n.binary(BinaryFn::mul, half, n.binary(BinaryFn::add, inner, 1.0)));
}

// x / (1 + |x|)
LogicalResult importSoftsign(NodeImporter &n) {
  Value x = n.requiredInput(0);
  return n.setResult(
      n.binary(BinaryFn::div, x, n.binary(BinaryFn::add, n.unary(UnaryFn::abs, x), 1.0)));
}

// x > alpha ? x : 0
LogicalResult importThresholdedRelu(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  Value above = n.binary(BinaryFn::gt, x, n.attrFloat("alpha", 1.0));
  return n.setResult(n.select(above, x, n.scalar(0.0, elementTypeOf(x))));
}

// max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
LogicalResult importCelu(NodeImporter &n) {
  Value x = n.requiredInput(0);
  double alpha = n.attrFloat("alpha", 1.0);
  Value expm1 =
      n.binary(BinaryFn::sub, n.unary(UnaryFn::exp, n.binary(BinaryFn::div, x, alpha)), 1.0);
  Value negative = n.binary(BinaryFn::min, n.binary(BinaryFn::mul, expm1, alpha), 0.0);
  return n.setResult(n.binary(BinaryFn::add, n.binary(BinaryFn::max, x, 0.0), negative));
}

// Swish (opset 24): x * sigmoid(alpha * x).
// Swish: x * sigmoid(alpha * x). SwiGLU(A, B): Swish(A) * B, A and B of one shape.
LogicalResult importSwish(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  Value scaled = n.binary(BinaryFn::mul, x, n.attrFloat("alpha", 1.0));
  Value swish = n.binary(BinaryFn::mul, x, n.unary(UnaryFn::sigmoid, scaled));
  if (n.opType() != "SwiGLU")
    return n.setResult(swish);
  Value b = n.requiredInput(1);
  if (!b)
    return failure();
  if (typeOf(b) != typeOf(x))
    return n.fail("A " + shapeString(shapeOf(x)) + " and B " + shapeString(shapeOf(b)) +
                  " must have the same shape and type (SwiGLU does not broadcast)");
  return n.setResult(n.binary(BinaryFn::mul, swish, b));
}

// x < -lambd ? x + bias : x > lambd ? x - bias : 0
LogicalResult importShrink(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  double lambd = n.attrFloat("lambd", 0.5), bias = n.attrFloat("bias", 0.0);
  Value high = n.select(n.binary(BinaryFn::gt, x, lambd), n.binary(BinaryFn::sub, x, bias),
                        n.scalar(0.0, elementTypeOf(x)));
  return n.setResult(
      n.select(n.binary(BinaryFn::lt, x, -lambd), n.binary(BinaryFn::add, x, bias), high));
}

LogicalResult importTan(NodeImporter &n) {
  Value x = n.requiredInput(0);
  return n.setResult(n.binary(BinaryFn::div, n.unary(UnaryFn::sin, x), n.unary(UnaryFn::cos, x)));
}

// Sinh: (exp(x) - exp(-x)) / 2.  Cosh: (exp(x) + exp(-x)) / 2.
LogicalResult importSinhCosh(NodeImporter &n) {
  Value x = n.requiredInput(0);
  Value up = n.unary(UnaryFn::exp, x), down = n.unary(UnaryFn::exp, n.unary(UnaryFn::neg, x));
  BinaryFn fn = n.tag<int>() == 1 ? BinaryFn::add : BinaryFn::sub;
  return n.setResult(n.binary(BinaryFn::mul, n.binary(fn, up, down), 0.5));
}

// IsNaN and IsInf are defined on floating-point tensors only.
static Value floatInput(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (x && !isa<FloatType>(elementTypeOf(x))) {
    (void)n.fail("input must be a floating-point tensor");
    return {};
  }
  return x;
}

// NaN is the one value that differs from itself.
LogicalResult importIsNaN(NodeImporter &n) {
  Value x = floatInput(n);
  return n.setResult(n.unary(UnaryFn::logical_not, n.binary(BinaryFn::eq, x, x)));
}

LogicalResult importIsInf(NodeImporter &n) {
  Value x = floatInput(n);
  if (!x)
    return failure();
  bool positive = n.attrInt("detect_positive", 1), negative = n.attrInt("detect_negative", 1);
  Value y = n.broadcastLike(n.scalar(0.0, IntegerType::get(n.context(), 1)), x);
  if (positive)
    y = n.binary(BinaryFn::eq, x, INFINITY);
  if (negative) {
    Value isNegative = n.binary(BinaryFn::eq, x, -INFINITY);
    y = positive ? n.binary(BinaryFn::logical_or, y, isNegative) : isNegative;
  }
  return n.setResult(y);
}

LogicalResult importCastLike(NodeImporter &n) {
  Value x = n.requiredInput(0), like = n.requiredInput(1);
  if (!x || !like)
    return failure();
  return n.setResult(n.cast(x, elementTypeOf(like), n.attrInt("saturate", 1) != 0));
}

// OneHot(indices, depth, values = [off, on]): a new dim of size depth at `axis`, `on` where
// its position equals the index (negative indices count from depth).
LogicalResult importOneHot(NodeImporter &n) {
  Value indices = n.requiredInput(0), values = n.requiredInput(2);
  DenseElementsAttr depthAttr = n.constantInput(1);
  if (!indices || !values)
    return failure();
  if (!depthAttr || depthAttr.getNumElements() != 1)
    return n.failNotKnown(1, "depth", "a scalar");
  int64_t depth = saturatingInt64(doublesOf(depthAttr)[0]); // depth may be a float tensor
  if (depth < 1 || depth > kMaxHostElements || product(shapeOf(values)) != 2)
    return n.fail("needs depth 1.." + Twine(kMaxHostElements) + " and two values [off, on]");
  int64_t outRank = rankOf(indices) + 1;
  auto axis = n.normalizeAxis(n.attrInt("axis", -1), outRank);
  if (!axis)
    return failure();
  Value index = n.cast(indices, IntegerType::get(n.context(), 64));
  index = n.select(n.binary(BinaryFn::lt, index, n.i64Constant({0}, {})),
                   n.binary(BinaryFn::add, index, n.i64Constant({depth}, {})), index);
  SmallVector<int64_t> spread(shapeOf(indices));
  spread.insert(spread.begin() + *axis, 1);
  Value hot = n.binary(BinaryFn::eq, n.reshape(index, spread), n.iota(depth, 0, outRank - *axis));
  Value flat = n.reshape(values, {2});
  Value off = n.reshape(n.sliceAxis(flat, 0, 0, 1), {});
  Value on = n.reshape(n.sliceAxis(flat, 0, 1, 1), {});
  return n.setResult(n.select(hot, on, off));
}

// Scale (and zero point) of QuantizeLinear / DequantizeLinear shaped to broadcast against x:
// a scalar per tensor, a [C] per slice along `axis`, or (block_size B > 0) x's shape with
// ceil(C / B) along the axis, each element repeated for the B slices of its block.
static Value perAxis(NodeImporter &n, Value v, Value x) {
  if (!v || product(shapeOf(v)) == 1)
    return v ? n.reshape(v, {}) : v;
  auto normalized = n.normalizeAxis(n.attrInt("axis", 1), rankOf(x));
  if (!normalized)
    return {};
  int64_t axis = *normalized, block = n.attrInt("block_size", 0);
  ArrayRef<int64_t> xs = shapeOf(x), vs = shapeOf(v);
  if (block > 0) {
    bool fits = rankOf(v) == rankOf(x);
    for (int64_t d = 0; fits && d < rankOf(x); ++d)
      fits = d == axis ? vs[d] == (xs[d] + block - 1) / block : vs[d] == xs[d];
    if (!fits) {
      (void)n.fail("blocked scale / zero point of shape " + shapeString(vs) + " does not fit x of " +
                   shapeString(xs) + " in blocks of " + Twine(block) + " along axis " + Twine(axis));
      return {};
    }
    SmallVector<int64_t> spread(vs), repeated(vs), whole(vs);
    spread.insert(spread.begin() + axis + 1, 1);
    repeated.insert(repeated.begin() + axis + 1, block);
    whole[axis] = vs[axis] * block;
    Value r = n.reshape(n.broadcastTo(n.reshape(v, spread), repeated), whole);
    return n.sliceAxis(r, axis, 0, xs[axis]);
  }
  if (block < 0) {
    (void)n.fail("block_size must not be negative");
    return {};
  }
  if (rankOf(v) != 1 || vs[0] != xs[axis]) {
    (void)n.fail("scale / zero point of shape " + shapeString(vs) +
                 " must be a scalar or have the " + Twine(xs[axis]) + " elements of axis " +
                 Twine(axis));
    return {};
  }
  SmallVector<int64_t> shape(rankOf(x) - axis, 1);
  shape[0] = vs[0];
  return n.reshape(v, shape);
}

void checkQuantize(const OnnxNode &n) {
  for (const char *attr : {"output_dtype", "precision"})
    if (n.attrInt(attr, 0) != 0 && !kir::dtypeFromOnnx(n.attrInt(attr, 0)))
      n.problem(Twine(attr) + " " + Twine(n.attrInt(attr, 0)) + " is not supported");
}

// The type numpy computes a / b in: theirs when they agree, else f64 if either is, else f32.
static Type promoted(NodeImporter &n, Type a, Type b) {
  if (a == b)
    return a;
  return a.isF64() || b.isF64() ? Type(Float64Type::get(n.context()))
                                : Type(Float32Type::get(n.context()));
}

// QuantizeLinear: saturate(round_half_even(x / scale) + zero_point) in the zero point's type
// (uint8 without one), the division in `precision`'s type if given, else as numpy promotes
// x's and the scale's. To a float8 type x / scale is cast (rounded to nearest even,
// saturating unless `saturate` is 0; the zero point is 0 and left out, as onnx's reference
// does).
LogicalResult importQuantizeLinear(NodeImporter &n) {
  Value x = n.requiredInput(0), scale = n.requiredInput(1), zero = n.input(2);
  if (!x || !scale)
    return failure();
  Type out = zero ? elementTypeOf(zero) : IntegerType::get(n.context(), 8, IntegerType::Unsigned);
  if (auto dtype = n.attrInt("output_dtype", 0))
    out = elementType(n.context(), *kir::dtypeFromOnnx(static_cast<int32_t>(dtype)));
  Type ft = promoted(n, elementTypeOf(x), elementTypeOf(scale));
  if (auto precision = n.attrInt("precision", 0))
    ft = elementType(n.context(), *kir::dtypeFromOnnx(static_cast<int32_t>(precision)));
  if (!isa<FloatType>(ft))
    return n.fail("precision must be a float type");
  Value y = n.binary(BinaryFn::div, n.cast(x, ft), n.cast(perAxis(n, scale, x), ft));
  std::optional<kir::DType> outType = dtypeOf(out);
  if (outType && kir::isFloat(*outType)) {
    if (!kir::isNarrow(*outType))
      return n.fail("quantizing to a float type other than float8 or float4 is not supported");
    // float4 adds its zero point (float8's is 0 and left out), as onnx's reference does.
    if (zero && *outType == kir::DType::F4E2M1)
      y = n.binary(BinaryFn::add, y, n.cast(perAxis(n, zero, x), ft));
    return n.setResult(n.cast(y, out, n.attrInt("saturate", 1) != 0));
  }
  auto it = dyn_cast<IntegerType>(out);
  if (!it || it.getWidth() > 32)
    return n.fail("quantizing to this type is not supported (2- to 32-bit integers and float8 are)");
  bool isUnsigned = it.isUnsigned();
  double hi = std::ldexp(1.0, static_cast<int>(it.getWidth()) - (isUnsigned ? 0 : 1)) - 1;
  double lo = isUnsigned ? 0 : -hi - 1;
  y = n.unary(UnaryFn::round, y);
  if (zero)
    y = n.binary(BinaryFn::add, y, n.cast(perAxis(n, zero, x), ft));
  y = n.binary(BinaryFn::min, n.binary(BinaryFn::max, y, n.scalar(lo, ft)), n.scalar(hi, ft));
  return n.setResult(n.cast(y, out));
}

// DequantizeLinear: (x - zero_point) * scale, computed in f32 (f64 for an f64 scale) as onnx's
// reference does, in output_dtype or else the scale's type. A float8 or float4 x has no zero
// point.
LogicalResult importDequantizeLinear(NodeImporter &n) {
  Value x = n.requiredInput(0), scale = n.requiredInput(1), zero = n.input(2);
  if (!x || !scale)
    return failure();
  Type out = elementTypeOf(scale);
  if (auto dtype = n.attrInt("output_dtype", 0))
    out = elementType(n.context(), *kir::dtypeFromOnnx(static_cast<int32_t>(dtype)));
  Type ft = promoted(n, Float32Type::get(n.context()), elementTypeOf(scale));
  Value y = n.cast(x, ft);
  std::optional<kir::DType> xType = dtypeOf(elementTypeOf(x));
  if (zero && !(xType && kir::isFloat(*xType)))
    y = n.binary(BinaryFn::sub, y, n.cast(perAxis(n, zero, x), ft));
  return n.setResult(n.cast(n.binary(BinaryFn::mul, y, n.cast(perAxis(n, scale, x), ft)), out));
}

// DynamicQuantizeLinear: uint8 quantization with the scale and zero point of x's range
// (widened to include 0): scale = (max - min) / 255, zero point = round(-min / scale).
LogicalResult importDynamicQuantizeLinear(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  Type ft = elementTypeOf(x);
  if (!isa<FloatType>(ft))
    return n.fail("input must be a floating-point tensor");
  Type u8 = IntegerType::get(n.context(), 8, IntegerType::Unsigned);
  auto all = llvm::to_vector(llvm::seq<int64_t>(0, rankOf(x)));
  auto scalarOf = [&](Value v) { return n.reshape(v, {}); };
  Value hi = n.binary(BinaryFn::max, scalarOf(n.reduce(ReduceFn::max, x, all)), 0.0);
  Value lo = n.binary(BinaryFn::min, scalarOf(n.reduce(ReduceFn::min, x, all)), 0.0);
  Value scale = n.binary(BinaryFn::div, n.binary(BinaryFn::sub, hi, lo), 255.0);
  auto saturate = [&](Value v) {
    return n.binary(BinaryFn::min, n.binary(BinaryFn::max, v, 0.0), 255.0);
  };
  Value zero = saturate(n.unary(UnaryFn::round,
                                n.binary(BinaryFn::div, n.unary(UnaryFn::neg, lo), scale)));
  Value y = saturate(n.binary(BinaryFn::add,
                              n.unary(UnaryFn::round, n.binary(BinaryFn::div, x, scale)), zero));
  if (!y || !scale || !zero)
    return failure();
  n.setOutput(1, scale);
  n.setOutput(2, n.cast(zero, u8));
  return n.setResult(n.cast(y, u8));
}

} // namespace picoc::onnximport
