//===- Constant.cpp - ONNX ops whose value is known at compile time -----------------===//
//
// Constant, ConstantOfShape, Shape, Size, Range and EyeLike. Shapes are static, so Shape,
// Size and EyeLike are constants; Range needs constant operands. Small results become
// picoc.constant (which the dialect's folders consume), large ones weights.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cmath>

using namespace mlir;

namespace picoc::onnximport {

// A tensor's contents as a constant, or (when large) a weight named after `hint`.
Value tensorValue(NodeImporter &n, const onnx::TensorProto &t, const std::string &hint) {
  auto dtype = kir::dtypeFromOnnx(t.data_type());
  TensorBytes bytes;
  std::string error;
  if (!dtype || !n.graph().loader.load(t, bytes, error)) {
    n.problem("tensor attribute: " + (dtype ? error : "unsupported data type"));
    return {};
  }
  SmallVector<int64_t> dims(t.dims().begin(), t.dims().end());
  std::optional<kir::DType> format;
  if (kir::isNarrow(*dtype)) { // held wide, cast to the format (see widenNarrow)
    format = *dtype;
    dtype = kir::wideType(*dtype);
    bytes = widenNarrow(*format, bytes, *elementCount(dims));
  }
  auto type = RankedTensorType::get(dims, elementType(n.context(), *dtype));
  Value v = type.getNumElements() <= kMaxFoldElements
                ? n.constant(denseFromBytes(type, bytes.data, bytes.size))
                : n.graph().addWeight(hint, type, bytes.data, bytes.size, bytes.owner, n.loc());
  return format ? n.cast(v, elementType(n.context(), *format)) : v;
}

LogicalResult importConstant(NodeImporter &n) {
  MLIRContext *ctx = n.context();
  Type f32 = Float32Type::get(ctx);
  if (const onnx::TensorProto *t = n.attrTensor("value"))
    return n.setResult(tensorValue(n, *t, n.proto().output(0)));
  if (n.hasAttr("value_float"))
    return n.setResult(n.scalar(n.attrFloat("value_float", 0), f32));
  if (n.hasAttr("value_int"))
    return n.setResult(n.i64Constant({n.attrInt("value_int", 0)}, {}));
  if (n.hasAttr("value_floats")) {
    SmallVector<double> v = n.attrFloats("value_floats");
    return n.setResult(n.constant(denseOf(RankedTensorType::get({int64_t(v.size())}, f32), v)));
  }
  if (n.hasAttr("value_ints")) {
    SmallVector<int64_t> v = n.attrInts("value_ints");
    return n.setResult(n.i64Constant(v, {int64_t(v.size())}));
  }
  return n.fail("has no supported value attribute");
}

LogicalResult importConstantOfShape(NodeImporter &n) {
  if (!n.constantInput(0) && n.hasInput(0)) { // a shape over run-time dims
    auto exprs = n.symbolicIntsInput(0, "input");
    std::optional<RunShape> dims = exprs ? n.dimsOf(*exprs, "the shape") : std::nullopt;
    if (!dims)
      return failure();
    Value fill = n.scalar(0.0, Float32Type::get(n.context()));
    if (const onnx::TensorProto *t = n.attrTensor("value"))
      fill = n.reshape(tensorValue(n, *t, n.proto().output(0)), {});
    if (!fill)
      return failure();
    return n.setResult(n.create<BroadcastOp>(runTensorType(*dims, elementTypeOf(fill)), fill));
  }
  auto shape = n.intsInput(0, "input");
  if (!shape)
    return failure();
  if (!elementCount(*shape))
    return n.fail("shape " + shapeString(*shape) + " is invalid or too large");
  Value fill = n.scalar(0.0, Float32Type::get(n.context()));
  if (const onnx::TensorProto *t = n.attrTensor("value")) {
    fill = tensorValue(n, *t, n.proto().output(0));
    if (fill && product(shapeOf(fill)) != 1)
      return n.fail("attribute 'value' must hold one element");
    fill = n.reshape(fill, {});
  }
  return n.setResult(n.broadcastTo(fill, *shape));
}

LogicalResult importShape(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t rank = rankOf(x);
  int64_t start = n.attrInt("start", 0), end = n.attrInt("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  if (hasRunDims(x.getType())) { // run-time dims: picoc.dim values (SymbolicShape.cpp)
    SmallVector<AffineExpr> dims;
    for (int64_t d = start; d < end; ++d)
      dims.push_back(runShape(x.getType())[d].expr);
    if (dims.empty())
      return n.setResult(n.i64Constant({}, {0}));
    return n.setResult(n.dimVector(dims));
  }
  ArrayRef<int64_t> dims = shapeOf(x).slice(start, std::max<int64_t>(end - start, 0));
  return n.setResult(n.i64Constant(dims, {static_cast<int64_t>(dims.size())}));
}

LogicalResult importSize(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  if (hasRunDims(x.getType())) {
    AffineExpr size = getAffineConstantExpr(1, n.context());
    int run = 0;
    for (const ShapeDim &d : runShape(x.getType()))
      run += !d.isStatic(), size = size * d.expr;
    if (run > 1)
      return n.fail("the size of " + runShapeStr(runShape(x.getType())) +
                    " is a product of run-time dims, which is not supported");
    return n.setResult(n.dimValue(size));
  }
  return n.setResult(n.i64Constant({product(shapeOf(x))}, {}));
}

// Range(start, limit, delta): ceil((limit - start) / delta) elements start + i * delta.
void checkRange(const OnnxNode &n) {
  int64_t stash = n.attrInt("stash_type", 1);
  if (stash != 1 && stash != 11)
    n.problem("stash_type must be 1 (float) or 11 (double), not " + Twine(stash));
}

// Range over run-time dims: start + i * delta for i < limit - start (delta 1) or, with any
// constant delta, ceil((limit - start) / delta) where that is an exact affine expression;
// integer types. The values are a constant iota at the bound, viewed at the run-time length.
static LogicalResult importRunRange(NodeImporter &n) {
  std::optional<SmallVector<AffineExpr>> args[3];
  for (int i = 0; i < 3; ++i) {
    args[i] = n.symbolicIntsInput(i, i == 0 ? "start" : i == 1 ? "limit" : "delta");
    if (!args[i])
      return failure();
    if (args[i]->size() != 1)
      return n.fail("start, limit and delta must be scalars");
  }
  Type et = elementTypeOf(n.input(0));
  auto delta = dyn_cast<AffineConstantExpr>(args[2]->front());
  if (!isa<IntegerType>(et) || !delta || delta.getValue() <= 0)
    return n.fail("a range over run-time dims needs integer values and a constant positive "
                  "delta");
  AffineExpr span = args[1]->front() - args[0]->front();
  AffineExpr count = span.ceilDiv(delta.getValue());
  if (!toDimExpr(count))
    return n.fail("the length of the range, " + runDimStr({count, 0}) +
                  ", is not affine in the run-time dims");
  std::optional<RunShape> dims = n.dimsOf({count}, "the range");
  if (!dims)
    return failure();
  Value iota = n.iota(dims->front().bound, 0, 1);
  if (!iota)
    return failure();
  Value steps = n.create<SliceOp>(runTensorType(*dims, elementTypeOf(iota)), iota,
                                  ArrayRef<int64_t>{0}, ArrayRef<int64_t>{1});
  Value values = n.binary(BinaryFn::mul, steps, static_cast<double>(delta.getValue()));
  values = n.binary(BinaryFn::add, values, n.dimValue(args[0]->front()));
  return n.setResult(n.cast(values, et));
}

LogicalResult importRange(NodeImporter &n) {
  if (llvm::any_of(llvm::seq(0, 3), [&](int i) { return n.hasInput(i) && !n.constantInput(i); }) &&
      llvm::all_of(llvm::seq(0, 3), [&](int i) { return n.symbolicInts(n.input(i)).has_value(); }))
    return importRunRange(n);
  // The result's size depends on the values: all three must be known (each is reported).
  DenseElementsAttr operands[3];
  bool known = true;
  for (int i = 0; i < 3; ++i) {
    operands[i] = n.constantInput(i);
    if (!operands[i] || operands[i].getNumElements() != 1) {
      (void)n.failNotKnown(i, i == 0 ? "start" : i == 1 ? "limit" : "delta", "a scalar");
      known = false;
    }
  }
  if (!known)
    return failure();
  Type et = operands[0].getElementType();
  if (operands[1].getElementType() != et || operands[2].getElementType() != et)
    return n.fail("start, limit and delta must have the same type");
  auto type = [&](int64_t count) { return RankedTensorType::get({count}, et); };
  if (isa<FloatType>(et)) {
    double start = doublesOf(operands[0])[0], limit = doublesOf(operands[1])[0],
           delta = doublesOf(operands[2])[0];
    double count = std::max(std::ceil((limit - start) / delta), 0.0);
    if (delta == 0 || !(count <= double(kMaxHostElements)))
      return n.fail("delta is 0 or the range has more than " + Twine(kMaxHostElements) +
                    " elements");
    SmallVector<double> values;
    bool half = et.isF16() || et.isBF16();
    if (half && n.attrInt("stash_type", 1) == 1) {
      // In f32 (opset 27's default for f16 and bf16), as numpy's arange fills it: the first
      // two values rounded to f32, their difference the step, start + i * step in f32; then
      // each rounded to the result's type.
      float first = static_cast<float>(start), step = static_cast<float>(start + delta) - first;
      for (int64_t i = 0; i < static_cast<int64_t>(count); ++i)
        values.push_back(i == 0 ? first : first + static_cast<float>(i) * step);
    } else {
      for (int64_t i = 0; i < static_cast<int64_t>(count); ++i)
        values.push_back(start + i * delta);
    }
    return n.setResult(n.constant(denseOf(type(values.size()), values)));
  }
  int64_t start = (*intsOf(operands[0]))[0], limit = (*intsOf(operands[1]))[0],
          delta = (*intsOf(operands[2]))[0];
  if (delta == 0)
    return n.fail("delta is 0");
  __int128 span = static_cast<__int128>(limit) - start; // exact, whatever the operands
  __int128 count = span / delta + (span % delta != 0 && (span < 0) == (delta < 0));
  count = std::max<__int128>(count, 0);
  if (count > kMaxHostElements)
    return n.fail("range has more than " + Twine(kMaxHostElements) + " elements");
  SmallVector<int64_t> values; // each lies between start and limit; i * delta may not fit
  for (int64_t i = 0; i < static_cast<int64_t>(count); ++i)
    values.push_back(static_cast<int64_t>(start + static_cast<__int128>(i) * delta));
  return n.setResult(n.constant(denseOfInts(type(values.size()), values)));
}

void checkEyeLike(const OnnxNode &n) {
  if (n.hasAttr("dtype") && !kir::dtypeFromOnnx(static_cast<int32_t>(n.attrInt("dtype", 0))))
    n.problem("dtype " + onnxTypeName(static_cast<int32_t>(n.attrInt("dtype", 0))) +
              " is not supported");
}

// Ones on diagonal k of a 2-D tensor shaped like the input, in `dtype` (default: the input's).
LogicalResult importEyeLike(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  if (rankOf(x) != 2)
    return n.fail("input must be 2-D");
  Type et = elementTypeOf(x);
  if (n.hasAttr("dtype")) {
    auto dtype = kir::dtypeFromOnnx(static_cast<int32_t>(n.attrInt("dtype", 0)));
    if (!dtype)
      return failure();
    et = elementType(n.context(), *dtype);
  }
  Value k = n.i64Constant({n.attrInt("k", 0)}, {});
  Value mask = n.diagonalMask(shapeOf(x)[0], shapeOf(x)[1], BinaryFn::eq, k);
  return n.setResult(n.cast(mask, et));
}

// HannWindow, HammingWindow, BlackmanWindow: a constant vector of `size` (an input known at
// compile time) values, w[k] = a0 - a1 cos(2 pi k / N) + a2 cos(4 pi k / N) with N = size
// (periodic, the default) or size - 1 (symmetric), in output_datatype (default float).
LogicalResult importWindowFunction(NodeImporter &n) {
  auto size = n.intsInput(0, "size");
  if (!size)
    return failure();
  if (size->size() != 1 || (*size)[0] < 0 || (*size)[0] > kMaxHostElements)
    return n.fail("input 'size' must be one integer 0.." + Twine(kMaxHostElements));
  auto dtype = kir::dtypeFromOnnx(static_cast<int32_t>(n.attrInt("output_datatype", 1)));
  if (!dtype)
    return n.fail("attribute 'output_datatype' " + Twine(n.attrInt("output_datatype", 1)) +
                  " is not a supported type");
  double a0, a1, a2 = 0;
  if (n.opType() == "HannWindow")
    a0 = 0.5, a1 = 0.5;
  else if (n.opType() == "HammingWindow")
    a0 = 25.0 / 46.0, a1 = 21.0 / 46.0;
  else
    a0 = 0.42, a1 = 0.5, a2 = 0.08;
  int64_t count = (*size)[0];
  double period = n.attrInt("periodic", 1) != 0 ? count : count - 1;
  SmallVector<double> w;
  for (int64_t k = 0; k < count; ++k) {
    double t = 2 * M_PI * k / period;
    w.push_back(a0 - a1 * std::cos(t) + a2 * std::cos(2 * t));
  }
  auto type = RankedTensorType::get({count}, elementType(n.context(), *dtype));
  return n.setResult(n.constant(denseOf(type, w)));
}

} // namespace picoc::onnximport
