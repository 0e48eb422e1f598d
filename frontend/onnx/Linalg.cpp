//===- Linalg.cpp - ONNX MatMul, Gemm and Conv ----------------------------------------===//
//
// MatMul: 1-D operands are promoted as numpy does ([K] -> [1, K] on the left, [K, 1] on the
// right) and the added dim is removed from the result by a reshape.
// Gemm: Y = alpha * op(A) op(B) + beta * C, with op a transpose where transA/transB is set.
// Conv: explicit pads (auto_pad resolved here), then the bias as a broadcast add of
// B reshaped to [M, 1, ..., 1].
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

using namespace mlir;

namespace picoc::onnximport {

LogicalResult importMatMul(NodeImporter &n) {
  Value a = n.requiredInput(0), b = n.requiredInput(1);
  if (!a || !b)
    return failure();
  if (rankOf(a) == 0 || rankOf(b) == 0)
    return n.fail("operands must have rank >= 1");
  bool vectorA = rankOf(a) == 1, vectorB = rankOf(b) == 1;
  if (vectorA)
    a = n.reshape(a, {1, shapeOf(a)[0]});
  if (vectorB)
    b = n.reshape(b, {shapeOf(b)[0], 1});
  Value y = n.create<MatMulOp>(a, b);
  if (!y || (!vectorA && !vectorB))
    return n.setResult(y);
  SmallVector<int64_t> shape(shapeOf(y));
  if (vectorB)
    shape.erase(shape.end() - 1);
  if (vectorA)
    shape.erase(shape.end() - (vectorB ? 1 : 2));
  return n.setResult(n.reshape(y, shape));
}

LogicalResult importGemm(NodeImporter &n) {
  Value a = n.requiredInput(0), b = n.requiredInput(1);
  if (!a || !b)
    return failure();
  if (rankOf(a) != 2 || rankOf(b) != 2)
    return n.fail("A and B must be matrices");
  if (n.attrInt("transA", 0))
    a = n.transpose(a, {1, 0});
  if (n.attrInt("transB", 0))
    b = n.transpose(b, {1, 0});
  Value y = n.create<MatMulOp>(a, b);
  double alpha = n.attrFloat("alpha", 1.0), beta = n.attrFloat("beta", 1.0);
  if (alpha != 1.0)
    y = n.binary(BinaryFn::mul, y, alpha);
  if (n.hasInput(2) && beta != 0.0) {
    Value c = n.input(2);
    if (beta != 1.0)
      c = n.binary(BinaryFn::mul, c, beta);
    Value sum = n.binary(BinaryFn::add, y, c);
    if (sum && shapeOf(sum) != shapeOf(y))
      return n.fail("C of shape " + shapeString(shapeOf(c)) + " does not broadcast to " +
                    shapeString(shapeOf(y)));
    y = sum;
  }
  return n.setResult(y);
}

void checkConv(const OnnxNode &n) {
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER" &&
      autoPad != "VALID")
    n.problem("attribute 'auto_pad' value '" + autoPad + "' is not supported");
  if (n.attrInt("group", 1) < 1)
    n.problem("attribute 'group' must be positive");
}

LogicalResult importConv(NodeImporter &n) {
  Value x = n.requiredInput(0), w = n.requiredInput(1);
  if (!x || !w)
    return failure();
  int64_t spatial = rankOf(x) - 2;
  if (spatial < 1 || rankOf(w) != rankOf(x))
    return n.fail("input and filter must have the same rank, at least 3");
  ArrayRef<int64_t> inShape = shapeOf(x), kernel = shapeOf(w).drop_front(2);
  auto listAttr = [&](StringRef name, int64_t size, int64_t dflt) {
    SmallVector<int64_t> v = n.attrInts(name);
    if (v.empty())
      v.assign(size, dflt);
    else if (static_cast<int64_t>(v.size()) != size)
      n.problem("attribute '" + name + "' needs " + Twine(size) + " values, has " +
                Twine(v.size()));
    return v;
  };
  SmallVector<int64_t> strides = listAttr("strides", spatial, 1);
  SmallVector<int64_t> dilations = listAttr("dilations", spatial, 1);
  SmallVector<int64_t> kernelShape = listAttr("kernel_shape", spatial, 0);
  SmallVector<int64_t> pads = listAttr("pads", 2 * spatial, 0);
  if (n.hasAttr("kernel_shape") && ArrayRef<int64_t>(kernelShape) != kernel)
    return n.fail("attribute 'kernel_shape' " + shapeString(kernelShape) +
                  " differs from the filter's " + shapeString(kernel));
  if (strides.size() != static_cast<size_t>(spatial) ||
      dilations.size() != static_cast<size_t>(spatial) ||
      pads.size() != static_cast<size_t>(2 * spatial))
    return failure();
  auto inRange = [](int64_t v, int64_t lo) { return v >= lo && v <= kMaxDimSize; };
  if (!llvm::all_of(strides, [&](int64_t s) { return inRange(s, 1); }) ||
      !llvm::all_of(dilations, [&](int64_t d) { return inRange(d, 1); }) ||
      !llvm::all_of(pads, [&](int64_t p) { return inRange(p, 0); }))
    return n.fail("strides and dilations must be 1.." + Twine(kMaxDimSize) +
                  ", pads 0.." + Twine(kMaxDimSize));
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    pads.assign(2 * spatial, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    // Output size ceil(in / stride); the odd pad goes at the end (UPPER) or start (LOWER).
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t out = (inShape[2 + i] + strides[i] - 1) / strides[i];
      int64_t span = (kernel[i] - 1) * dilations[i] + 1;
      int64_t total = std::max<int64_t>(0, (out - 1) * strides[i] + span - inShape[2 + i]);
      int64_t small = total / 2, large = total - small;
      pads[i] = autoPad == "SAME_UPPER" ? small : large;
      pads[spatial + i] = autoPad == "SAME_UPPER" ? large : small;
    }
  }
  Value y = n.create<ConvOp>(x, w, ArrayRef<int64_t>(strides), ArrayRef<int64_t>(pads),
                             ArrayRef<int64_t>(dilations),
                             static_cast<uint64_t>(n.attrInt("group", 1)));
  if (n.hasInput(2) && y) {
    SmallVector<int64_t> biasShape(spatial + 1, 1);
    biasShape[0] = shapeOf(y)[1];
    Value bias = n.input(2);
    if (shapeOf(bias) != ArrayRef<int64_t>{biasShape[0]})
      return n.fail("bias of shape " + shapeString(shapeOf(bias)) + " does not match the " +
                    Twine(biasShape[0]) + " output channels");
    y = n.binary(BinaryFn::add, y, n.reshape(bias, biasShape));
  }
  return n.setResult(y);
}

} // namespace picoc::onnximport
