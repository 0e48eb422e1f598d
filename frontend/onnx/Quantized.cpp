//===- Quantized.cpp - MatMulInteger, ConvInteger, QLinearMatMul, QLinearConv ----------===//
//
// The integer contractions run in int32: the operands widened, their zero points subtracted
// (per tensor, per row of A / column of B, or per output channel of W), then picoc's matmul
// or convolution, which sums in the operands' type. The QLinear ops requantize the int32 sum
// as onnx's reference does: sum * (scale_a * scale_b / scale_y) in f64 (numpy promotes the
// int32 sum times a float scale to f64), plus the output zero point, rounded to nearest even,
// saturated to the output type.
//
//===------------------------------------------------------------------------------===//
#include "ImportContext.h"

using namespace mlir;

namespace picoc::onnximport {

namespace {

Type i32Type(NodeImporter &n) { return IntegerType::get(n.context(), 32); }

// `v` (a scalar, or per slice along `axis` of a rank-`rank` operand) shaped to broadcast
// against that operand; null with a problem when it fits neither.
Value perSlice(NodeImporter &n, Value v, int64_t axis, int64_t rank, int64_t size,
               const char *what) {
  if (!v || product(shapeOf(v)) == 1)
    return v ? n.reshape(v, {}) : v;
  if (rankOf(v) != 1 || shapeOf(v)[0] != size) {
    n.problem(Twine(what) + " of shape " + shapeString(shapeOf(v)) +
              " must be a scalar or have " + Twine(size) + " elements");
    return {};
  }
  SmallVector<int64_t> shape(rank - axis, 1);
  shape[0] = size;
  return n.reshape(v, shape);
}

// x widened to int32, less its zero point (already shaped by perSlice), if any.
Value centered(NodeImporter &n, Value x, Value zero) {
  Value wide = n.cast(x, i32Type(n));
  return zero ? n.binary(BinaryFn::sub, wide, n.cast(zero, i32Type(n))) : wide;
}

// The int32 sum requantized: sum * scale (a float tensor shaped to broadcast) in f64, plus the
// zero point of type `out`, rounded half to even, saturated to `out`.
Value requantize(NodeImporter &n, Value sum, Value scale, Value zero, Type out) {
  auto it = dyn_cast<IntegerType>(out);
  if (!it || it.getWidth() != 8) {
    n.problem("the quantized output must be int8 or uint8");
    return {};
  }
  Type f64 = Float64Type::get(n.context());
  Value y = n.binary(BinaryFn::mul, n.cast(sum, f64), n.cast(scale, f64));
  if (zero)
    y = n.binary(BinaryFn::add, y, n.cast(zero, f64));
  y = n.unary(UnaryFn::round, y);
  y = it.isUnsigned() ? n.clamp(y, 0, 255) : n.clamp(y, -128, 127);
  return n.cast(y, out);
}

// The zero points (or scales: `what`) of a matmul's operands (of rank >= 1) shaped to
// broadcast: per tensor, per row of A ([M]), per column of B ([N]).
std::pair<Value, Value> perRowAndColumn(NodeImporter &n, Value a, Value b, Value va, Value vb,
                                        const std::string &what) {
  int64_t m = rankOf(a) >= 2 ? shapeOf(a)[rankOf(a) - 2] : 1;
  int64_t cols = shapeOf(b).back();
  Value rowA = va ? perSlice(n, va, rankOf(a) >= 2 ? rankOf(a) - 2 : 0, rankOf(a), m,
                             ("a's " + what).c_str())
                  : Value();
  Value colB = vb ? perSlice(n, vb, rankOf(b) - 1, rankOf(b), cols, ("b's " + what).c_str())
                  : Value();
  return {rowA, colB};
}

} // namespace

LogicalResult importMatMulInteger(NodeImporter &n) {
  Value a = n.requiredInput(0), b = n.requiredInput(1);
  if (!a || !b)
    return failure();
  if (rankOf(a) == 0 || rankOf(b) == 0)
    return n.fail("operands must have rank >= 1");
  auto [za, zb] = perRowAndColumn(n, a, b, n.input(2), n.input(3), "zero point");
  if ((n.hasInput(2) && !za) || (n.hasInput(3) && !zb))
    return failure();
  return n.setResult(numpyMatMul(n, centered(n, a, za), centered(n, b, zb)));
}

// QLinearMatMul(a, a_scale, a_zero, b, b_scale, b_zero, y_scale, y_zero).
LogicalResult importQLinearMatMul(NodeImporter &n) {
  Value a = n.requiredInput(0), as = n.requiredInput(1), az = n.input(2);
  Value b = n.requiredInput(3), bs = n.requiredInput(4), bz = n.input(5);
  Value ys = n.requiredInput(6), yz = n.input(7);
  if (!a || !b || !as || !bs || !ys)
    return failure();
  if (rankOf(a) == 0 || rankOf(b) == 0)
    return n.fail("operands must have rank >= 1");
  auto [za, zb] = perRowAndColumn(n, a, b, az, bz, "zero point");
  auto [sa, sb] = perRowAndColumn(n, a, b, as, bs, "scale");
  if ((az && !za) || (bz && !zb) || !sa || !sb)
    return failure();
  Value sum = numpyMatMul(n, centered(n, a, za), centered(n, b, zb));
  // a_scale * b_scale / y_scale in the scales' type, as the reference computes it
  Value scale = n.binary(BinaryFn::div, n.binary(BinaryFn::mul, sa, sb), n.reshape(ys, {}));
  return n.setResult(requantize(n, sum, scale, yz ? n.reshape(yz, {}) : Value(),
                                yz ? elementTypeOf(yz) : elementTypeOf(a)));
}

void checkConvInteger(const OnnxNode &n) { checkConv(n); }

LogicalResult importConvInteger(NodeImporter &n) {
  Value x = n.requiredInput(0), w = n.requiredInput(1);
  if (!x || !w)
    return failure();
  if (rankOf(w) < 3 || rankOf(x) != rankOf(w))
    return n.fail("input and filter must have the same rank, at least 3");
  Value zx = n.hasInput(2) ? n.reshape(n.input(2), {}) : Value();
  Value zw = n.hasInput(3) ? perSlice(n, n.input(3), 0, rankOf(w), shapeOf(w)[0],
                                      "w's zero point")
                           : Value();
  if (n.hasInput(3) && !zw)
    return failure();
  return n.setResult(convolve(n, centered(n, x, zx), centered(n, w, zw)));
}

void checkQLinearConv(const OnnxNode &n) { checkConv(n); }

// QLinearConv(x, x_scale, x_zero, w, w_scale, w_zero, y_scale, y_zero, B): B is int32, added
// to the int32 sum; w_scale and w_zero may be per output channel.
LogicalResult importQLinearConv(NodeImporter &n) {
  Value x = n.requiredInput(0), xs = n.requiredInput(1), xz = n.input(2);
  Value w = n.requiredInput(3), ws = n.requiredInput(4), wz = n.input(5);
  Value ys = n.requiredInput(6), yz = n.input(7);
  if (!x || !w || !xs || !ws || !ys)
    return failure();
  if (rankOf(w) < 3 || rankOf(x) != rankOf(w))
    return n.fail("input and filter must have the same rank, at least 3");
  int64_t channels = shapeOf(w)[0], rank = rankOf(w);
  Value zw = wz ? perSlice(n, wz, 0, rank, channels, "w's zero point") : Value();
  Value sw = perSlice(n, ws, 1, rank, channels, "w's scale"); // along y's channel axis
  if ((wz && !zw) || !sw)
    return failure();
  Value sum = convolve(n, centered(n, x, xz ? n.reshape(xz, {}) : Value()), centered(n, w, zw));
  if (sum && n.hasInput(8))
    sum = addBias(n, sum, n.cast(n.input(8), i32Type(n)));
  Value scale = n.binary(BinaryFn::div, n.binary(BinaryFn::mul, n.reshape(xs, {}), sw),
                         n.reshape(ys, {}));
  return n.setResult(requantize(n, sum, scale, yz ? n.reshape(yz, {}) : Value(),
                                yz ? elementTypeOf(yz) : elementTypeOf(x)));
}

} // namespace picoc::onnximport
