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

namespace {
// GridSample's mode, with opset 16's names folded into 20's.
std::string gridMode(const OnnxNode &n) {
  std::string mode = n.attrString("mode", n.opset() < 20 ? "bilinear" : "linear");
  return mode == "bilinear" ? "linear" : mode == "bicubic" ? "cubic" : mode;
}
} // namespace

void checkGridSample(const OnnxNode &n) {
  std::string mode = gridMode(n), padding = n.attrString("padding_mode", "zeros");
  if (mode != "linear" && mode != "nearest" && mode != "cubic")
    n.problem("attribute 'mode' must be linear (bilinear), nearest or cubic (bicubic), not '" +
              n.attrString("mode", "") + "'");
  if (padding != "zeros" && padding != "border" && padding != "reflection")
    n.problem("attribute 'padding_mode' must be zeros, border or reflection, not '" + padding +
              "'");
}

// GridSample: Y[n, c, o...] samples X[n, c] at the point grid[n, o...] gives (normalized to
// [-1, 1], its last dim listing the spatial coordinates innermost first), as onnx's reference
// and PyTorch do. Per spatial dim the coordinate is denormalized (align_corners: -1 and 1 are
// the centers of the first and last element, else their outer edges), rounded half to even for
// nearest, and brought back inside when it leaves the border (border: clamped; reflection:
// reflected off the edges). Each output is then a weighted sum of 1 (nearest), 2 (linear) or 4
// (cubic, Keys' a = -0.75) taps per dim: a run-time gather of X per combination of taps, whose
// weight is the product of the dims' weights; a tap outside X reads 0 (zeros), the clamped
// edge (border) or its reflection (reflection).
LogicalResult importGridSample(NodeImporter &n) {
  Value x = n.requiredInput(0), grid = n.requiredInput(1);
  if (!x || !grid)
    return failure();
  Type et = elementTypeOf(x);
  if (!isa<FloatType>(et) || !isa<FloatType>(elementTypeOf(grid)))
    return n.fail("X and grid must be floating-point tensors");
  int64_t rank = rankOf(x), spatial = rank - 2;
  if (spatial < 1 || rankOf(grid) != rank || shapeOf(grid)[0] != shapeOf(x)[0] ||
      shapeOf(grid).back() != spatial)
    return n.fail("grid " + shapeString(shapeOf(grid)) + " does not fit X " +
                  shapeString(shapeOf(x)) + ": expected [N, out..., " + Twine(spatial) + "]");
  std::string mode = gridMode(n), padding = n.attrString("padding_mode", "zeros");
  bool align = n.attrInt("align_corners", 0) != 0;
  if (llvm::is_contained(shapeOf(x).drop_front(2), 0))
    return n.fail("X " + shapeString(shapeOf(x)) + " has an empty spatial dim: nothing to sample");
  int64_t batch = shapeOf(x)[0], channels = shapeOf(x)[1];
  ArrayRef<int64_t> dims = shapeOf(x).drop_front(2);
  SmallVector<int64_t> outSpatial(shapeOf(grid).drop_front().drop_back());
  int64_t points = product(outSpatial), pixels = product(dims);
  grid = n.cast(grid, et);
  Type i64 = IntegerType::get(n.context(), 64);

  // Keys' cubic weights of the taps at -1, 0, 1, 2 from the floor, for t in [0, 1).
  auto cubic = [&](Value t, int k) {
    const double a = -0.75;
    auto poly = [&](Value s, double c3, double c2, double c1, double c0) { // ((c3 s + c2) s + c1) s + c0
      Value v = n.binary(BinaryFn::add, n.binary(BinaryFn::mul, s, c3), c2);
      v = n.binary(BinaryFn::add, n.binary(BinaryFn::mul, v, s), c1);
      return n.binary(BinaryFn::add, n.binary(BinaryFn::mul, v, s), c0);
    };
    switch (k) {
    case 0: return poly(n.binary(BinaryFn::add, t, 1.0), a, -5 * a, 8 * a, -4 * a);
    case 1: return poly(t, a + 2, -(a + 3), 0, 1);
    case 2: return poly(n.subtractFrom(1.0, t), a + 2, -(a + 3), 0, 1);
    default: return poly(n.subtractFrom(2.0, t), a, -5 * a, 8 * a, -4 * a);
    }
  };

  // Per spatial dim: its taps, each an i64 index into the dim (in range), a weight and
  // (zeros padding) whether it lies inside X.
  struct Tap {
    Value index, weight, inside;
  };
  std::vector<std::vector<Tap>> taps(spatial);
  for (int64_t i = 0; i < spatial; ++i) {
    double d = static_cast<double>(dims[i]);
    double lo = align ? 0.0 : -0.5, hi = align ? d - 1 : d - 0.5;
    // The coordinate: grid[..., spatial - 1 - i] denormalized.
    Value g = n.reshape(n.sliceAxis(grid, rank - 1, spatial - 1 - i, 1), {batch, points});
    Value c = align ? n.binary(BinaryFn::mul, n.binary(BinaryFn::add, g, 1.0), (d - 1) / 2)
                    : n.binary(BinaryFn::mul,
                               n.binary(BinaryFn::sub, n.binary(BinaryFn::mul,
                                                                n.binary(BinaryFn::add, g, 1.0), d),
                                        1.0),
                               0.5);
    if (mode == "nearest")
      c = n.unary(UnaryFn::round, c);
    // reflect(v) into [lo, hi]: the distance past an edge, folded by the span (odd folds come
    // back from the other edge).
    auto reflect = [&](Value v) -> Value {
      double span = hi - lo;
      if (span <= 0) // one element, aligned: every point is it
        return n.clamp(v, lo, lo);
      auto fold = [&](Value past, bool fromLow) {
        Value folds = n.unary(UnaryFn::floor, n.binary(BinaryFn::div, past, span));
        Value r = n.binary(BinaryFn::sub, past, n.binary(BinaryFn::mul, folds, span));
        Value even = n.binary(BinaryFn::eq, n.binary(BinaryFn::mod, folds, 2.0), 0.0);
        Value nearEdge = fromLow ? n.binary(BinaryFn::add, r, lo) : n.subtractFrom(hi, r);
        Value farEdge = fromLow ? n.subtractFrom(hi, r) : n.binary(BinaryFn::add, r, lo);
        return n.select(even, nearEdge, farEdge);
      };
      Value below = n.binary(BinaryFn::lt, v, lo), above = n.binary(BinaryFn::gt, v, hi);
      Value fromLow = fold(n.subtractFrom(lo, v), true);
      Value fromHigh = fold(n.binary(BinaryFn::sub, v, hi), false);
      return n.select(below, fromLow, n.select(above, fromHigh, v));
    };
    if (padding == "border")
      c = n.select(n.binary(BinaryFn::logical_or, n.binary(BinaryFn::lt, c, lo),
                            n.binary(BinaryFn::gt, c, hi)),
                   n.clamp(c, 0, d - 1), c);
    else if (padding == "reflection")
      c = reflect(c);

    // The taps around c, with their weights.
    Value base = mode == "nearest" ? c : n.unary(UnaryFn::floor, c);
    Value t = n.binary(BinaryFn::sub, c, base);
    int first = mode == "cubic" ? -1 : 0, count = mode == "cubic" ? 4 : mode == "linear" ? 2 : 1;
    for (int k = 0; k < count; ++k) {
      Value at = n.binary(BinaryFn::add, base, static_cast<double>(first + k));
      Value weight = mode == "cubic"  ? cubic(t, k)
                     : mode == "nearest" ? Value()
                     : k == 0        ? n.subtractFrom(1.0, t)
                                     : t;
      Value inside;
      if (padding == "zeros")
        inside = n.binary(BinaryFn::logical_and, n.binary(BinaryFn::ge, at, 0.0),
                          n.binary(BinaryFn::le, at, d - 1));
      else if (padding == "border")
        at = n.clamp(at, 0, d - 1);
      else
        at = reflect(at);
      // Truncated towards zero (a reflected tap may sit at -0.5), then clamped: in range.
      Value index = n.clamp(n.cast(at, i64), 0, dims[i] - 1);
      taps[i].push_back({index, weight, inside});
    }
  }

  // Every combination of taps: one gather of X [N, C, P] at the flat index, weighted.
  Value flatX = n.reshape(x, {batch, channels, pixels});
  SmallVector<int64_t> strides(spatial, 1);
  for (int64_t i = spatial - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * dims[i + 1];
  Value sum;
  std::vector<size_t> pick(spatial, 0);
  while (true) {
    Value flat, weight, inside;
    for (int64_t i = 0; i < spatial; ++i) {
      const Tap &tap = taps[i][pick[i]];
      Value term = n.binary(BinaryFn::mul, tap.index, n.i64Constant({strides[i]}, {}));
      flat = flat ? n.binary(BinaryFn::add, flat, term) : term;
      if (tap.weight)
        weight = weight ? n.binary(BinaryFn::mul, weight, tap.weight) : tap.weight;
      if (tap.inside)
        inside = inside ? n.binary(BinaryFn::logical_and, inside, tap.inside) : tap.inside;
    }
    Value indices = n.broadcastTo(n.reshape(flat, {batch, 1, points}), {batch, channels, points});
    Value value = n.create<GatherElementsOp>(flatX, indices, static_cast<uint64_t>(2));
    if (weight)
      value = n.binary(BinaryFn::mul, value, n.reshape(weight, {batch, 1, points}));
    if (inside)
      value = n.select(n.reshape(inside, {batch, 1, points}), value, n.scalar(0.0, et));
    if (!value)
      return failure();
    sum = sum ? n.binary(BinaryFn::add, sum, value) : value;
    int64_t i = spatial - 1;
    while (i >= 0 && ++pick[i] == taps[i].size())
      pick[i--] = 0;
    if (i < 0)
      break;
  }
  SmallVector<int64_t> outShape = {batch, channels};
  llvm::append_range(outShape, outSpatial);
  return n.setResult(n.reshape(sum, outShape));
}

// AffineGrid: the sampling grid [N, spatial..., D] that GridSample reads, theta [N, D, D + 1]
// applied to every output position's normalized coordinates (x innermost, then y, z), each
// spanning [-1, 1] between the corner centers (align_corners) or the corner edges.
LogicalResult importAffineGrid(NodeImporter &n) {
  Value theta = n.requiredInput(0);
  auto size = n.intsInput(1, "size");
  if (!theta || !size)
    return failure();
  int64_t spatial = static_cast<int64_t>(size->size()) - 2;
  if ((spatial != 2 && spatial != 3) || !isa<FloatType>(elementTypeOf(theta)))
    return n.fail("size must be [N, C, H, W] or [N, C, D, H, W] and theta floating-point");
  int64_t batch = (*size)[0];
  SmallVector<int64_t> dims(size->begin() + 2, size->end());
  if (shapeOf(theta) != ArrayRef<int64_t>{batch, spatial, spatial + 1})
    return n.fail("theta " + shapeString(shapeOf(theta)) + " must be [" + Twine(batch) + ", " +
                  Twine(spatial) + ", " + Twine(spatial + 1) + "]");
  if (!llvm::all_of(dims, [](int64_t d) { return d >= 1; }) || product(dims) > kMaxHostElements)
    return n.fail("size " + shapeString(*size) + " is invalid or too large");
  bool align = n.attrInt("align_corners", 0) != 0;
  auto coordinate = [&](int64_t i, int64_t d) {
    if (d == 1)
      return 0.0;
    return align ? -1.0 + 2.0 * i / (d - 1) : (2.0 * i + 1) / d - 1;
  };
  // The homogeneous positions [P, D + 1]: (x, y[, z], 1) per output position, row-major.
  int64_t points = product(dims);
  SmallVector<double> base;
  SmallVector<int64_t> index(spatial, 0);
  for (int64_t p = 0; p < points; ++p) {
    for (int64_t k = spatial - 1; k >= 0; --k) // x is the last dim
      base.push_back(coordinate(index[k], dims[k]));
    base.push_back(1.0);
    for (int64_t k = spatial - 1; k >= 0 && ++index[k] == dims[k]; --k)
      index[k] = 0;
  }
  Type et = elementTypeOf(theta);
  Value positions = n.constant(denseOf(RankedTensorType::get({points, spatial + 1}, et), base));
  // [P, D + 1] x theta^T [N, D + 1, D] -> [N, P, D]
  Value grid = n.create<MatMulOp>(positions, n.transpose(theta, {0, 2, 1}));
  SmallVector<int64_t> shape = {batch};
  llvm::append_range(shape, dims);
  shape.push_back(spatial);
  return n.setResult(n.reshape(grid, shape));
}

} // namespace picoc::onnximport
