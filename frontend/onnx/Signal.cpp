//===- Signal.cpp - DFT and STFT ------------------------------------------------------===//
//
// DFT as matrix products: the transform along one axis of a real ([..., 1]) or complex
// ([..., 2], real and imaginary parts) signal is a product with constant cosine and sine
// matrices, built here for the static lengths. numpy's conventions, as onnx's reference:
// the signal is cut or zero-padded to dft_length N; onesided keeps the N/2 + 1 first
// frequencies; the inverse divides by N, and with onesided it is the inverse of a real
// signal's transform (numpy's irfft: the half spectrum's bins other than 0 and N/2 count
// twice, their mirror images being conjugates, and the result is real).
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cmath>

using namespace mlir;

namespace picoc::onnximport {

namespace {

// The DFT of x (real [..., 1] or complex [..., 2]) along `axis` at `size` points (see the file
// comment); null with a problem when its matrices would be too large.
Value dftAlong(NodeImporter &n, Value x, int64_t axis, int64_t size, bool inverse,
               bool onesided) {
  int64_t rank = rankOf(x), length = shapeOf(x)[axis];
  bool complex = shapeOf(x).back() == 2;
  // Rows: the input bins used (the rest are cut, or padding zeros that add nothing); columns:
  // the outputs.
  int64_t rows = std::min(length, inverse && onesided ? size / 2 + 1 : size);
  int64_t cols = !inverse && onesided ? size / 2 + 1 : size;
  if (rows * cols > kMaxHostElements * 16)
  {
    n.problem("a DFT of " + Twine(rows) + " by " + Twine(cols) + " points is too large to " +
              "build as a matrix");
    return {};
  }
  // Forward: Y = sum x e^{-i theta}; inverse: y = 1/N sum X e^{+i theta}, theta = 2 pi k n / N.
  double sign = inverse ? 1.0 : -1.0, scale = inverse ? 1.0 / size : 1.0;
  SmallVector<double> cosines, sines;
  for (int64_t r = 0; r < rows; ++r) {
    // irfft: the bins between 0 and N/2 stand for themselves and their conjugate mirrors.
    double weight = inverse && onesided && r != 0 && 2 * r != size ? 2.0 : 1.0;
    for (int64_t c = 0; c < cols; ++c) {
      double theta = 2 * M_PI * static_cast<double>((r * c) % size) / size;
      cosines.push_back(scale * weight * std::cos(theta));
      sines.push_back(scale * weight * sign * std::sin(theta));
    }
  }
  Type et = elementTypeOf(x);
  auto matrixType = RankedTensorType::get({rows, cols}, et);
  Value cosM = n.constant(denseOf(matrixType, cosines));
  Value sinM = n.constant(denseOf(matrixType, sines));

  // The signal with the axis last: [rest..., rows] per part.
  SmallVector<int64_t> perm;
  for (int64_t d = 0; d < rank - 1; ++d)
    if (d != axis)
      perm.push_back(d);
  perm.push_back(axis);
  perm.push_back(rank - 1);
  Value moved = n.transpose(x, perm);
  SmallVector<int64_t> rest(shapeOf(moved).drop_back(2));
  auto part = [&](int64_t k) {
    SmallVector<int64_t> shape(rest);
    shape.push_back(rows);
    Value p = n.sliceAxis(n.sliceAxis(moved, rank - 2, 0, rows), rank - 1, k, 1);
    return n.reshape(p, shape);
  };
  Value a = part(0), b = complex ? part(1) : Value();
  // (a + ib)(cos + i sin') with sin' = sign * sin: re = a cos - b sin', im = a sin' + b cos.
  Value re = n.create<MatMulOp>(a, cosM), im = n.create<MatMulOp>(a, sinM);
  if (b) {
    re = n.binary(BinaryFn::sub, re, n.create<MatMulOp>(b, sinM));
    im = n.binary(BinaryFn::add, im, n.create<MatMulOp>(b, cosM));
  }
  SmallVector<int64_t> withPart(rest);
  withPart.push_back(cols);
  withPart.push_back(1);
  Value y = n.reshape(re, withPart);
  if (!(inverse && onesided)) // irfft's result is real
    y = n.create<ConcatOp>(ValueRange{y, n.reshape(im, withPart)}, uint64_t(rank - 1));
  // Back to the input's order of dims.
  SmallVector<int64_t> back(rank);
  for (int64_t i = 0; i < rank; ++i)
    back[perm[i]] = i;
  return n.transpose(y, back);
}


} // namespace

LogicalResult importDft(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  if (!isa<FloatType>(elementTypeOf(x)))
    return n.fail("input must be floating-point");
  int64_t rank = rankOf(x);
  if (rank < 2 || (shapeOf(x).back() != 1 && shapeOf(x).back() != 2))
    return n.fail("input must end in a dim of 1 (real) or 2 (complex), not " +
                  shapeString(shapeOf(x)));
  bool inverse = n.attrInt("inverse", 0) != 0, onesided = n.attrInt("onesided", 0) != 0;
  int64_t axis = n.attrInt("axis", 1);
  if (n.opset() >= 20) {
    axis = -2;
    if (n.hasInput(2)) {
      auto given = n.intsInput(2, "axis");
      if (!given || given->size() != 1)
        return given ? n.fail("input 'axis' must be one integer") : failure();
      axis = (*given)[0];
    }
  }
  auto normalized = n.normalizeAxis(axis, rank);
  if (!normalized)
    return failure();
  axis = *normalized;
  if (axis == rank - 1)
    return n.fail("axis must not be the last dim (the real and imaginary parts)");
  int64_t length = shapeOf(x)[axis];
  int64_t size = inverse && onesided ? 2 * (length - 1) : length;
  if (n.hasInput(1)) {
    auto given = n.intsInput(1, "dft_length");
    if (!given || given->size() != 1)
      return given ? n.fail("input 'dft_length' must be one integer") : failure();
    size = (*given)[0];
  }
  if (size < 1)
    return n.fail("dft_length must be positive, not " + Twine(size));
  return n.setResult(dftAlong(n, x, axis, size, inverse, onesided));
}

// STFT (17): frames of frame_length samples every frame_step ([batch, frames, length, 1 or
// 2], a window view of the signal), times the window, and the DFT of each frame.
LogicalResult importStft(NodeImporter &n) {
  Value signal = n.requiredInput(0), window = n.input(2);
  auto step = n.intsInput(1, "frame_step");
  if (!signal || !step)
    return failure();
  if (step->size() != 1 || (*step)[0] < 1)
    return n.fail("frame_step must be one positive integer");
  if (rankOf(signal) != 3 || (shapeOf(signal)[2] != 1 && shapeOf(signal)[2] != 2))
    return n.fail("signal must be [batch, length, 1 or 2], not " + shapeString(shapeOf(signal)));
  int64_t length = shapeOf(signal)[1], parts = shapeOf(signal)[2];
  if (window && rankOf(window) != 1)
    return n.fail("the window must be 1-D");
  int64_t frameLength = window ? shapeOf(window)[0] : length;
  if (n.hasInput(3)) {
    auto given = n.intsInput(3, "frame_length");
    if (!given || given->size() != 1)
      return given ? n.fail("frame_length must be one integer") : failure();
    frameLength = (*given)[0];
  }
  if (window && (rankOf(window) != 1 || shapeOf(window)[0] != frameLength))
    return n.fail("the window must be 1-D of frame_length (" + Twine(frameLength) + ") values");
  if (frameLength < 1 || frameLength > length)
    return n.fail("frame_length " + Twine(frameLength) + " does not fit a signal of " +
                  Twine(length));
  bool onesided = n.attrInt("onesided", 1) != 0;
  if (onesided && parts == 2)
    return n.fail("onesided is for real signals");
  // [batch, parts, length] -> windows [batch, parts, frames, frameLength] -> [b, f, n, parts]
  Value moved = n.transpose(signal, {0, 2, 1});
  Value framed = n.create<WindowOp>(moved, ArrayRef<int64_t>{frameLength},
                                    ArrayRef<int64_t>{(*step)[0]}, ArrayRef<int64_t>{1});
  framed = n.transpose(framed, {0, 2, 3, 1});
  if (window)
    framed = n.binary(BinaryFn::mul, framed,
                      n.reshape(n.cast(window, elementTypeOf(signal)), {frameLength, 1}));
  if (!framed)
    return failure();
  return n.setResult(dftAlong(n, framed, 2, frameLength, /*inverse=*/false, onesided));
}

} // namespace picoc::onnximport
