//===- Resize.cpp - ONNX Resize and Upsample ------------------------------------------===//
//
// Every resized axis is resampled on its own (nearest and N-linear are separable). For each
// output position i the source coordinate is computed here, at compile time, with ONNX's
// formula for the coordinate_transformation_mode, e.g.
//   half_pixel:   x = (i + 0.5) / scale - 0.5
//   asymmetric:   x = i / scale
//   align_corners x = i * (in - 1) / (out - 1)
// nearest: one picoc.gather with the constant indices nearest(x), clamped to [0, in - 1].
// linear:  two gathers at floor(x) and floor(x) + 1 (clamped), weighted by 1 - f and f,
//          f = x - floor(x), as constants shaped [out, 1, ..., 1] to broadcast.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cmath>

using namespace mlir;

namespace picoc::onnximport {

namespace {

struct ResizeMode {
  std::string mode;         // nearest | linear
  std::string coordinates;  // coordinate_transformation_mode
  std::string nearestMode;  // round_prefer_floor | round_prefer_ceil | floor | ceil
  bool antialias = false;
};

bool oneOf(const std::string &v, std::initializer_list<const char *> allowed) {
  for (const char *a : allowed)
    if (v == a)
      return true;
  return false;
}

ResizeMode readMode(const OnnxNode &n) {
  if (n.opType() == "Upsample")
    return {n.attrString("mode", "nearest"), "asymmetric", "floor", false};
  return {n.attrString("mode", "nearest"),
          n.attrString("coordinate_transformation_mode", "half_pixel"),
          n.attrString("nearest_mode", "round_prefer_floor"), n.attrInt("antialias", 0) != 0};
}

double sourceCoordinate(const std::string &mode, int64_t i, double scale, int64_t in,
                        int64_t out) {
  if (mode == "asymmetric")
    return i / scale;
  if (mode == "align_corners")
    return out == 1 ? 0 : i * double(in - 1) / double(out - 1);
  if (mode == "pytorch_half_pixel")
    return out > 1 ? (i + 0.5) / scale - 0.5 : 0;
  if (mode == "tf_half_pixel_for_nn")
    return (i + 0.5) / scale;
  if (mode == "half_pixel_symmetric") {
    double adjustment = out / (scale * in), center = in / 2.0;
    return center * (1 - adjustment) + (i + 0.5) / scale - 0.5;
  }
  return (i + 0.5) / scale - 0.5; // half_pixel
}

// The source position nearest to x, as an integral double.
double nearest(const std::string &mode, double x) {
  double f = std::floor(x);
  bool tie = x - f == 0.5;
  if (mode == "floor")
    return f;
  if (mode == "ceil")
    return std::ceil(x);
  if (mode == "round_prefer_ceil")
    return tie ? f + 1 : std::round(x);
  return tie ? f : std::round(x); // round_prefer_floor
}

// Resamples `x` along `axis` to `out` elements.
Value resizeAxis(NodeImporter &n, Value x, int64_t axis, int64_t out, double scale,
                 const ResizeMode &m) {
  int64_t in = shapeOf(x)[axis];
  // Clamped in double, before the conversion, so that no coordinate can overflow it.
  auto clampIndex = [&](double i) {
    return static_cast<int64_t>(std::isnan(i) ? 0 : std::clamp(i, 0.0, double(in - 1)));
  };
  SmallVector<int64_t> first, second;
  SmallVector<double> frac;
  for (int64_t i = 0; i < out; ++i) {
    double source = sourceCoordinate(m.coordinates, i, scale, in, out);
    if (m.mode == "nearest") {
      first.push_back(clampIndex(nearest(m.nearestMode, source)));
      continue;
    }
    double f = std::floor(source);
    first.push_back(clampIndex(f));
    second.push_back(clampIndex(f + 1));
    frac.push_back(source - f);
  }
  auto gather = [&](ArrayRef<int64_t> indices) {
    return n.create<GatherOp>(x, n.i64Constant(indices, {out}), static_cast<uint64_t>(axis));
  };
  if (m.mode == "nearest")
    return gather(first);
  SmallVector<int64_t> weightShape(rankOf(x) - axis, 1);
  weightShape[0] = out;
  auto weightType = RankedTensorType::get(weightShape, elementTypeOf(x));
  SmallVector<double> complement;
  for (double f : frac)
    complement.push_back(1 - f);
  Value low = n.binary(BinaryFn::mul, gather(first), n.constant(denseOf(weightType, complement)));
  Value high = n.binary(BinaryFn::mul, gather(second), n.constant(denseOf(weightType, frac)));
  return n.binary(BinaryFn::add, low, high);
}

// Resizes every axis whose size or scale changes.
LogicalResult resize(NodeImporter &n, Value x, ArrayRef<int64_t> outShape,
                     ArrayRef<double> scales, const ResizeMode &m) {
  if (m.mode == "linear" && !isa<FloatType>(elementTypeOf(x)))
    return n.fail("linear resize needs a floating-point input");
  for (int64_t d = 0; d < rankOf(x); ++d) {
    bool resized = outShape[d] != shapeOf(x)[d] || scales[d] != 1.0;
    if (outShape[d] < 1 || (resized && outShape[d] > kMaxHostElements))
      return n.fail("output dim " + Twine(d) + " would be " + Twine(outShape[d]) +
                    "; resized dims must be 1.." + Twine(kMaxHostElements));
    if (m.antialias && m.mode == "linear" && scales[d] < 1)
      return n.fail("antialiased downscaling is not supported");
    if (resized)
      x = resizeAxis(n, x, d, outShape[d], scales[d], m);
    if (!x)
      return failure();
  }
  return n.setResult(x);
}

} // namespace

void checkResize(const OnnxNode &n) {
  ResizeMode m = readMode(n);
  if (!oneOf(m.mode, {"nearest", "linear"}))
    n.problem("mode '" + m.mode + "' is not supported (nearest and linear are)");
  if (!oneOf(m.coordinates, {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
                             "align_corners", "asymmetric", "tf_half_pixel_for_nn"}))
    n.problem("coordinate_transformation_mode '" + m.coordinates + "' is not supported");
  if (!oneOf(m.nearestMode, {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"}))
    n.problem("nearest_mode '" + m.nearestMode + "' is not supported");
  std::string policy = n.attrString("keep_aspect_ratio_policy", "stretch");
  if (!oneOf(policy, {"stretch", "not_larger", "not_smaller"}))
    n.problem("keep_aspect_ratio_policy '" + policy + "' is not supported");
}

// Resize-10: (X, scales). Resize-11+: (X, roi, scales, sizes); from 18 an `axes` attribute
// says which axes scales/sizes cover.
LogicalResult importResize(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t rank = rankOf(x);
  ArrayRef<int64_t> in = shapeOf(x);
  SmallVector<int64_t> axes = n.attrInts("axes");
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  for (int64_t &a : axes) {
    auto axis = n.normalizeAxis(a, rank);
    if (!axis)
      return failure();
    a = *axis;
  }
  int scalesInput = n.opset() < 11 ? 1 : 2, sizesInput = 3;
  DenseElementsAttr scalesAttr = n.constantInput(scalesInput);
  if (n.hasInput(scalesInput) && !scalesAttr)
    return n.fail("input 'scales' must be known at compile time");
  SmallVector<int64_t> outShape(in);
  SmallVector<double> scales(rank, 1.0);
  if (scalesAttr && scalesAttr.getNumElements() > 0) {
    SmallVector<double> given = doublesOf(scalesAttr);
    if (given.size() != axes.size())
      return n.fail("scales has " + Twine(given.size()) + " values for " + Twine(axes.size()) +
                    " axes");
    for (auto [j, d] : llvm::enumerate(axes)) {
      if (!(given[j] > 0))
        return n.fail("scale " + std::to_string(given[j]) + " must be positive");
      scales[d] = given[j];
      outShape[d] = static_cast<int64_t>(std::min(std::floor(in[d] * given[j]), 1e18));
    }
  } else if (n.hasInput(sizesInput)) {
    auto sizes = n.intsInput(sizesInput, "sizes");
    if (!sizes)
      return failure();
    if (sizes->size() != axes.size())
      return n.fail("sizes has " + Twine(sizes->size()) + " values for " + Twine(axes.size()) +
                    " axes");
    std::string policy = n.attrString("keep_aspect_ratio_policy", "stretch");
    double common = policy == "not_larger" ? INFINITY : 0;
    for (auto [j, d] : llvm::enumerate(axes)) {
      double s = double((*sizes)[j]) / in[d];
      common = policy == "not_larger" ? std::min(common, s) : std::max(common, s);
      scales[d] = s;
      outShape[d] = (*sizes)[j];
    }
    if (policy != "stretch")
      for (int64_t d : axes) {
        scales[d] = common;
        outShape[d] = static_cast<int64_t>(std::min(std::floor(common * in[d] + 0.5), 1e18));
      }
  } else {
    return n.fail("needs scales or sizes");
  }
  return resize(n, x, outShape, scales, readMode(n));
}

// Upsample-7 holds the scales in an attribute, Upsample-9 in input 1.
LogicalResult importUpsample(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  SmallVector<double> scales = n.attrFloats("scales");
  if (n.opset() >= 9) {
    DenseElementsAttr s = n.constantInput(1);
    if (!s)
      return n.fail("input 'scales' must be known at compile time");
    scales = doublesOf(s);
  }
  if (static_cast<int64_t>(scales.size()) != rankOf(x))
    return n.fail("scales needs one value per dim");
  SmallVector<int64_t> outShape;
  for (auto [d, s] : llvm::enumerate(scales)) {
    if (!(s > 0))
      return n.fail("scale " + std::to_string(s) + " must be positive");
    outShape.push_back(static_cast<int64_t>(std::min(std::floor(shapeOf(x)[d] * s), 1e18)));
  }
  return resize(n, x, outShape, scales, readMode(n));
}

} // namespace picoc::onnximport
