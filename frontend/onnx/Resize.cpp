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
// cubic:   four gathers around x, weighted by Keys' cubic kernel (cubic_coeff_a).
// tf_crop_and_resize maps i into the region of interest; positions outside the input take
// extrapolation_value.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cmath>

using namespace mlir;

namespace picoc::onnximport {

namespace {

struct ResizeMode {
  std::string mode;         // nearest | linear | cubic
  std::string coordinates;  // coordinate_transformation_mode
  std::string nearestMode;  // round_prefer_floor | round_prefer_ceil | floor | ceil
  bool antialias = false;
  double cubicA = -0.75;       // cubic_coeff_a
  bool excludeOutside = false; // exclude_outside
  double extrapolation = 0;    // extrapolation_value (tf_crop_and_resize)
};

bool oneOf(const std::string &v, std::initializer_list<const char *> allowed) {
  for (const char *a : allowed)
    if (v == a)
      return true;
  return false;
}

ResizeMode readMode(const OnnxNode &n) {
  if (n.opType() == "Upsample")
    return {n.attrString("mode", "nearest"), "asymmetric", "floor"};
  return {n.attrString("mode", "nearest"),
          n.attrString("coordinate_transformation_mode", "half_pixel"),
          n.attrString("nearest_mode", "round_prefer_floor"),
          n.attrInt("antialias", 0) != 0,
          n.attrFloat("cubic_coeff_a", -0.75),
          n.attrInt("exclude_outside", 0) != 0,
          n.attrFloat("extrapolation_value", 0)};
}

double sourceCoordinate(const std::string &mode, int64_t i, double scale, int64_t in,
                        int64_t out) {
  if (mode == "asymmetric")
    return i / scale;
  // ONNX's reference divides by the unrounded output size scale * in.
  double width = scale * in;
  if (mode == "align_corners")
    return width == 1 ? 0 : i * double(in - 1) / (width - 1);
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

// The source elements and weights of one output position: sum_t weight[t] * x[index[t]].
struct Taps {
  SmallVector<int64_t, 4> index;
  SmallVector<double, 4> weight;
  bool outside = false; // tf_crop_and_resize outside the input: the extrapolation value
};

// Linear and cubic interpolation as ONNX's reference computes it: the taps are the nearest
// input positions around x, the input is edge-padded (indices clamp), and an integral x takes
// the left neighbourhood with ratio 1 (the weight lands on x itself). exclude_outside drops
// the taps past the input and renormalizes the rest.
Taps interpolationTaps(const ResizeMode &m, double x, int64_t in) {
  double f = std::floor(x), ratio = x - f;
  if (ratio == 0)
    f -= 1, ratio = 1;
  Taps t;
  if (m.mode == "linear") {
    t.index = {int64_t(f), int64_t(f) + 1};
    t.weight = {1 - ratio, ratio};
  } else { // cubic, Keys' kernel with coefficient a
    double a = m.cubicA, s = ratio;
    auto outer = [a](double d) { return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a; }; // 1 < d < 2
    auto inner = [a](double d) { return ((a + 2) * d - (a + 3)) * d * d + 1; };       // d <= 1
    t.index = {int64_t(f) - 1, int64_t(f), int64_t(f) + 1, int64_t(f) + 2};
    t.weight = {outer(s + 1), inner(s), inner(1 - s), outer(2 - s)};
  }
  if (m.excludeOutside) {
    double total = 0;
    for (size_t k = 0; k < t.index.size(); ++k) {
      if (t.index[k] < 0 || t.index[k] >= in)
        t.weight[k] = 0;
      total += t.weight[k];
    }
    for (double &w : t.weight)
      w = total != 0 ? w / total : 0;
  }
  for (int64_t &i : t.index)
    i = std::clamp<int64_t>(i, 0, in - 1);
  return t;
}

// Resamples `x` along `axis` to `out` elements; roi is the axis' [start, end] for
// tf_crop_and_resize.
Value resizeAxis(NodeImporter &n, Value x, int64_t axis, int64_t out, double scale,
                 std::pair<double, double> roi, const ResizeMode &m) {
  int64_t in = shapeOf(x)[axis];
  std::vector<Taps> taps;
  bool anyOutside = false;
  for (int64_t i = 0; i < out; ++i) {
    double source;
    if (m.coordinates == "tf_crop_and_resize") {
      double span = (roi.second - roi.first) * (in - 1), width = scale * in;
      source = roi.first * (in - 1) + (width == 1 ? span / 2 : i * span / (width - 1));
    } else {
      source = sourceCoordinate(m.coordinates, i, scale, in, out);
    }
    Taps t;
    if (m.coordinates == "tf_crop_and_resize" && !(source >= 0 && source <= in - 1)) {
      t.outside = anyOutside = true;
    } else if (m.mode == "nearest") {
      double near = nearest(m.nearestMode, source);
      t.index = {static_cast<int64_t>(std::isnan(near) ? 0 : std::clamp(near, 0.0, double(in - 1)))};
      t.weight = {1};
    } else {
      // Clamped in double first, so that no coordinate can overflow the conversion.
      t = interpolationTaps(m, std::clamp(source, -4.0, double(in + 4)), in);
    }
    taps.push_back(std::move(t));
  }
  size_t numTaps = m.mode == "nearest" ? 1 : m.mode == "linear" ? 2 : 4;
  SmallVector<int64_t> weightShape(rankOf(x) - axis, 1);
  weightShape[0] = out;
  auto weightType = RankedTensorType::get(weightShape, elementTypeOf(x));
  Value sum;
  for (size_t k = 0; k < numTaps; ++k) {
    SmallVector<int64_t> index;
    SmallVector<double> weight;
    for (const Taps &t : taps) {
      index.push_back(t.outside ? 0 : t.index[k]);
      weight.push_back(t.outside ? 0 : t.weight[k]);
    }
    Value term = n.create<GatherOp>(x, n.i64Constant(index, {out}), static_cast<uint64_t>(axis));
    if (m.mode != "nearest")
      term = n.binary(BinaryFn::mul, term, n.constant(denseOf(weightType, weight)));
    sum = sum ? n.binary(BinaryFn::add, sum, term) : term;
  }
  if (!anyOutside)
    return sum;
  SmallVector<bool> outside;
  for (const Taps &t : taps)
    outside.push_back(t.outside);
  auto maskType = RankedTensorType::get(weightShape, IntegerType::get(n.context(), 1));
  return n.select(n.constant(DenseElementsAttr::get(maskType, ArrayRef<bool>(outside))),
                  n.scalar(m.extrapolation, elementTypeOf(x)), sum);
}

// Resizes every axis whose size, scale or region of interest changes. `roi` holds each
// dim's [start, end] (tf_crop_and_resize only; [0, 1] elsewhere).
LogicalResult resize(NodeImporter &n, Value x, ArrayRef<int64_t> outShape,
                     ArrayRef<double> scales, ArrayRef<std::pair<double, double>> roi,
                     const ResizeMode &m) {
  if (m.mode != "nearest" && !isa<FloatType>(elementTypeOf(x)))
    return n.fail(m.mode + " resize needs a floating-point input");
  for (int64_t d = 0; d < rankOf(x); ++d) {
    bool resized = outShape[d] != shapeOf(x)[d] || scales[d] != 1.0 ||
                   roi[d] != std::make_pair(0.0, 1.0);
    if (outShape[d] < 1 || (resized && outShape[d] > kMaxHostElements))
      return n.fail("output dim " + Twine(d) + " would be " + Twine(outShape[d]) +
                    "; resized dims must be 1.." + Twine(kMaxHostElements));
    if (m.antialias && m.mode != "nearest" && scales[d] < 1)
      return n.fail("antialiased downscaling is not supported");
    if (resized)
      x = resizeAxis(n, x, d, outShape[d], scales[d], roi[d], m);
    if (!x)
      return failure();
  }
  return n.setResult(x);
}

} // namespace

void checkResize(const OnnxNode &n) {
  ResizeMode m = readMode(n);
  if (!oneOf(m.mode, {"nearest", "linear", "cubic"}))
    n.problem("mode '" + m.mode + "' is not supported (nearest, linear and cubic are)");
  if (!oneOf(m.coordinates, {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
                             "align_corners", "asymmetric", "tf_half_pixel_for_nn",
                             "tf_crop_and_resize"}))
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
  // roi (tf_crop_and_resize) and scales are read before failing, so both are reported.
  ResizeMode m = readMode(n);
  SmallVector<std::pair<double, double>> roi(rank, {0.0, 1.0});
  DenseElementsAttr roiAttr;
  if (m.coordinates == "tf_crop_and_resize") {
    roiAttr = n.opset() >= 11 ? n.constantInput(1) : DenseElementsAttr();
    if (!roiAttr)
      (void)(n.hasInput(1) ? n.failNotKnown(1, "roi") : n.fail("tf_crop_and_resize needs roi"));
  }
  int scalesInput = n.opset() < 11 ? 1 : 2, sizesInput = 3;
  DenseElementsAttr scalesAttr = n.constantInput(scalesInput);
  if (n.hasInput(scalesInput) && !scalesAttr)
    return n.failNotKnown(scalesInput, "scales");
  if (m.coordinates == "tf_crop_and_resize") {
    if (!roiAttr)
      return failure();
    SmallVector<double> given = doublesOf(roiAttr);
    if (given.size() != 2 * axes.size())
      return n.fail("roi has " + Twine(given.size()) + " values for " + Twine(axes.size()) +
                    " axes");
    for (auto [j, d] : llvm::enumerate(axes))
      roi[d] = {given[j], given[axes.size() + j]};
  }
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
  return resize(n, x, outShape, scales, roi, m);
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
      return n.failNotKnown(1, "scales");
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
  SmallVector<std::pair<double, double>> roi(rankOf(x), {0.0, 1.0});
  return resize(n, x, outShape, scales, roi, readMode(n));
}

} // namespace picoc::onnximport
