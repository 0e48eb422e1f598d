//===- Convolution.cpp - ONNX Conv, ConvTranspose, MaxPool and AveragePool ------------===//
//
// The four ops share one window geometry (kernel, strides, dilations, pads; auto_pad and
// ceil_mode resolved here, at compile time).
// Conv:          picoc.conv with explicit pads, then the bias as a broadcast add of B
//                reshaped to [M, 1, ..., 1].
// ConvTranspose: the convolution of the input with zeros inserted between its elements
//                (stride - 1 per gap: a reshape, a pad and a reshape, all views) by the
//                filter with in/out channels swapped and its window flipped:
//                  y = conv(zero_insert(x), flip(W^T)), pads (k - 1) * dilation - pad.
// MaxPool:       picoc.window over the input padded with the lowest value, a max over the
//                window dims; Indices is a min over the window of the flat input index where
//                the element equals that max.
// AveragePool:   picoc.window over the zero-padded input, a sum over the window dims,
//                divided by the count of the window's elements that lie in the input (or
//                in the padded input with count_include_pad); a constant of the output's
//                spatial shape when the counts differ, else a scalar.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace picoc::onnximport {

namespace {

struct Geometry {
  SmallVector<int64_t> kernel, strides, dilations;
  SmallVector<int64_t> pads; // every spatial dim's leading pad, then the trailing ones
  int64_t span(int64_t i) const { return (kernel[i] - 1) * dilations[i] + 1; }
};

// An int-list attribute of `size` values (`dflt` each when absent); a problem when the model
// gives another count.
SmallVector<int64_t> listAttr(NodeImporter &n, StringRef name, int64_t size, int64_t dflt) {
  SmallVector<int64_t> v = n.attrInts(name);
  if (v.empty())
    v.assign(size, dflt);
  else if (static_cast<int64_t>(v.size()) != size)
    n.problem("attribute '" + name + "' needs " + Twine(size) + " values, has " +
              Twine(v.size()));
  return v;
}

// Reads strides, dilations and explicit pads for a window of `kernel` over the spatial dims
// `in`; auto_pad VALID zeroes the pads. With `forwardSame`, auto_pad SAME_* is resolved by the
// forward rule (output ceil(in / stride)); ConvTranspose, whose rule differs, resolves it.
FailureOr<Geometry> readGeometry(NodeImporter &n, ArrayRef<int64_t> in,
                                 ArrayRef<int64_t> kernel, bool forwardSame = true) {
  int64_t spatial = in.size();
  Geometry g;
  g.kernel.assign(kernel.begin(), kernel.end());
  g.strides = listAttr(n, "strides", spatial, 1);
  g.dilations = listAttr(n, "dilations", spatial, 1);
  g.pads = listAttr(n, "pads", 2 * spatial, 0);
  if (g.strides.size() != static_cast<size_t>(spatial) ||
      g.dilations.size() != static_cast<size_t>(spatial) ||
      g.pads.size() != static_cast<size_t>(2 * spatial))
    return failure();
  auto inRange = [](int64_t v, int64_t lo) { return v >= lo && v <= kMaxDimSize; };
  if (!llvm::all_of(g.strides, [&](int64_t s) { return inRange(s, 1); }) ||
      !llvm::all_of(g.dilations, [&](int64_t d) { return inRange(d, 1); }) ||
      !llvm::all_of(g.pads, [&](int64_t p) { return inRange(p, 0); }) ||
      !llvm::all_of(g.kernel, [&](int64_t k) { return inRange(k, 1); }))
    return n.fail("kernel, strides and dilations must be 1.." + Twine(kMaxDimSize) +
                  ", pads 0.." + Twine(kMaxDimSize));
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    g.pads.assign(2 * spatial, 0);
  } else if (forwardSame && (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")) {
    // Output size ceil(in / stride); the odd pad goes at the end (UPPER) or start (LOWER).
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t out = (in[i] + g.strides[i] - 1) / g.strides[i];
      int64_t total = std::max<int64_t>(0, (out - 1) * g.strides[i] + g.span(i) - in[i]);
      int64_t small = total / 2, large = total - small;
      g.pads[i] = autoPad == "SAME_UPPER" ? small : large;
      g.pads[spatial + i] = autoPad == "SAME_UPPER" ? large : small;
    }
  }
  return g;
}

// The kernel_shape attribute, where given, must be the filter's window.
LogicalResult checkKernelShape(NodeImporter &n, ArrayRef<int64_t> kernel) {
  SmallVector<int64_t> kernelShape = listAttr(n, "kernel_shape", kernel.size(), 0);
  if (n.hasAttr("kernel_shape") && ArrayRef<int64_t>(kernelShape) != kernel)
    return n.fail("attribute 'kernel_shape' " + shapeString(kernelShape) +
                  " differs from the filter's " + shapeString(kernel));
  return success();
}

void checkAutoPad(const OnnxNode &n) {
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER" &&
      autoPad != "VALID")
    n.problem("attribute 'auto_pad' value '" + autoPad + "' is not supported");
}


// x with `stride - 1` zeros inserted after every element of each spatial dim (the trailing
// zeros after the last element included): [N, C, D...] -> [N, C, D * stride...].
Value insertZeros(NodeImporter &n, Value x, ArrayRef<int64_t> strides) {
  if (!x || llvm::all_of(strides, [](int64_t s) { return s == 1; }))
    return x;
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t spatial = strides.size();
  SmallVector<int64_t> split(shape.take_front(2)), merged(shape.take_front(2));
  for (int64_t i = 0; i < spatial; ++i) {
    split.append({shape[2 + i], 1});
    int64_t spread;
    if (__builtin_mul_overflow(shape[2 + i], strides[i], &spread)) {
      n.problem("spreading a dim of " + Twine(shape[2 + i]) + " by a stride of " +
                Twine(strides[i]) + " overflows int64");
      return {};
    }
    merged.push_back(spread);
  }
  SmallVector<int64_t> pads(2 * split.size(), 0);
  for (int64_t i = 0; i < spatial; ++i)
    pads[split.size() + 3 + 2 * i] = strides[i] - 1; // after the size-1 dim of spatial i
  Value spread = n.create<PadOp>(n.reshape(x, split), ArrayRef<int64_t>(pads), APFloat(0.0));
  return n.reshape(spread, merged);
}

// Pads (positive entries) and crops (negative ones) the spatial dims of [N, C, D...].
Value padOrCrop(NodeImporter &n, Value x, ArrayRef<int64_t> begin, ArrayRef<int64_t> end,
                double value) {
  if (!x)
    return {}; // an earlier step failed and reported why
  int64_t rank = rankOf(x), spatial = begin.size();
  SmallVector<int64_t> starts(rank, 0), steps(rank, 1), shape(shapeOf(x));
  SmallVector<int64_t> pads(2 * rank, 0);
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t d = 2 + i;
    if (begin[i] < 0)
      starts[d] = -begin[i], shape[d] += begin[i];
    if (end[i] < 0)
      shape[d] += end[i];
    pads[d] = std::max<int64_t>(begin[i], 0);
    pads[rank + d] = std::max<int64_t>(end[i], 0);
  }
  if (llvm::any_of(shape, [](int64_t s) { return s < 1; })) {
    (void)n.fail("the pads crop away a whole spatial dim");
    return {};
  }
  if (ArrayRef<int64_t>(shape) != shapeOf(x))
    x = n.slice(x, starts, steps, shape);
  if (llvm::any_of(pads, [](int64_t p) { return p != 0; }))
    x = n.create<PadOp>(x, ArrayRef<int64_t>(pads), APFloat(value));
  return x;
}

// The windows of the flat index of every element of a tensor of `shape` (padded as the data
// is): a sum of per-dim iotas times the dim's stride, all views and elementwise ops.
Value windowedFlatIndex(NodeImporter &n, ArrayRef<int64_t> shape, bool columnMajorSpatial,
                        ArrayRef<int64_t> begin, ArrayRef<int64_t> end, const Geometry &g) {
  int64_t rank = shape.size();
  SmallVector<int64_t> strides(rank);
  int64_t stride = 1;
  bool overflow = false;
  auto next = [&](int64_t d) {
    strides[d] = stride;
    overflow |= __builtin_mul_overflow(stride, shape[d], &stride);
  };
  if (columnMajorSpatial)
    for (int64_t d = 2; d < rank; ++d)
      next(d);
  else
    for (int64_t d = rank - 1; d >= 2; --d)
      next(d);
  for (int64_t d = 1; d >= 0; --d)
    next(d);
  if (overflow) {
    n.problem("the indices of a tensor of shape " + shapeString(shape) + " overflow int64");
    return {};
  }
  // Each term an iota of one dim (checked against kMaxHostElements) times its stride.
  Value flat;
  for (int64_t d = 0; d < rank; ++d) {
    Value term = n.binary(BinaryFn::mul, n.iota(shape[d], 0, rank - d),
                          n.i64Constant({strides[d]}, {}));
    if (!term)
      return {};
    flat = flat ? n.binary(BinaryFn::add, flat, term) : term;
  }
  flat = n.broadcastTo(flat, shape);
  Value padded = padOrCrop(n, flat, begin, end, 0.0);
  return n.create<WindowOp>(padded, ArrayRef<int64_t>(g.kernel), ArrayRef<int64_t>(g.strides),
                            ArrayRef<int64_t>(g.dilations));
}

} // namespace

Value addBias(NodeImporter &n, Value y, Value bias) {
  if (!y)
    return {};
  int64_t channels = shapeOf(y)[1];
  if (shapeOf(bias) != ArrayRef<int64_t>{channels}) {
    (void)n.fail("bias of shape " + shapeString(shapeOf(bias)) + " does not match the " +
                 Twine(channels) + " output channels");
    return {};
  }
  SmallVector<int64_t> biasShape(rankOf(y) - 1, 1);
  biasShape[0] = channels;
  return n.binary(BinaryFn::add, y, n.reshape(bias, biasShape));
}

void checkConv(const OnnxNode &n) {
  checkAutoPad(n);
  int64_t group = n.attrInt("group", 1);
  if (group < 1 || group > kMaxDimSize)
    n.problem("attribute 'group' must be 1.." + Twine(kMaxDimSize));
}

Value convolve(NodeImporter &n, Value x, Value w) {
  if (!x || !w)
    return {};
  int64_t spatial = rankOf(x) - 2;
  if (spatial < 1 || rankOf(w) != rankOf(x)) {
    n.problem("input and filter must have the same rank, at least 3");
    return {};
  }
  ArrayRef<int64_t> kernel = shapeOf(w).drop_front(2);
  if (failed(checkKernelShape(n, kernel)))
    return {};
  auto g = readGeometry(n, shapeOf(x).drop_front(2), kernel);
  if (failed(g))
    return {};
  return n.create<ConvOp>(x, w, ArrayRef<int64_t>(g->strides), ArrayRef<int64_t>(g->pads),
                          ArrayRef<int64_t>(g->dilations),
                          static_cast<uint64_t>(n.attrInt("group", 1)));
}

LogicalResult importConv(NodeImporter &n) {
  Value y = convolve(n, n.requiredInput(0), n.requiredInput(1));
  if (y && n.hasInput(2))
    y = addBias(n, y, n.input(2));
  return n.setResult(y);
}

void checkConvTranspose(const OnnxNode &n) { checkConv(n); }

LogicalResult importConvTranspose(NodeImporter &n) {
  Value x = n.requiredInput(0), w = n.requiredInput(1);
  if (!x || !w)
    return failure();
  int64_t spatial = rankOf(x) - 2, group = n.attrInt("group", 1);
  if (spatial < 1 || rankOf(w) != rankOf(x))
    return n.fail("input and filter must have the same rank, at least 3");
  ArrayRef<int64_t> in = shapeOf(x).drop_front(2), kernel = shapeOf(w).drop_front(2);
  int64_t channels = shapeOf(x)[1];
  if (shapeOf(w)[0] != channels || channels % group != 0)
    return n.fail("filter of shape " + shapeString(shapeOf(w)) + " does not match the " +
                  Twine(channels) + " input channels in " + Twine(group) + " groups");
  if (failed(checkKernelShape(n, kernel)))
    return failure();
  auto geometry = readGeometry(n, in, kernel, /*forwardSame=*/false);
  if (failed(geometry))
    return failure();
  Geometry &g = *geometry;
  SmallVector<int64_t> outputPadding = listAttr(n, "output_padding", spatial, 0);
  SmallVector<int64_t> outputShape = n.attrInts("output_shape");
  if (outputPadding.size() != static_cast<size_t>(spatial))
    return failure();
  auto inRange = [](int64_t v, int64_t lo) { return v >= lo && v <= kMaxDimSize; };
  if (!llvm::all_of(outputPadding, [&](int64_t p) { return inRange(p, 0); }))
    return n.fail("output_padding must be 0.." + Twine(kMaxDimSize));

  // The full output of each spatial dim is stride * (in - 1) + output_padding + span; pads
  // cut it down. output_shape, or auto_pad SAME_* (output in * stride), fixes the pads
  // instead: the odd one goes at the end for SAME_UPPER, else at the start.
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER" || !outputShape.empty()) {
    if (!outputShape.empty() && static_cast<int64_t>(outputShape.size()) != spatial)
      return n.fail("attribute 'output_shape' needs " + Twine(spatial) + " values");
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t target = outputShape.empty() ? in[i] * g.strides[i] : outputShape[i];
      if (!inRange(target, 1))
        return n.fail("output_shape " + shapeString(outputShape) + " is out of range");
      int64_t total = g.strides[i] * (in[i] - 1) + outputPadding[i] + g.span(i) - target;
      int64_t half = floorDiv(total, 2);
      bool upper = autoPad == "SAME_UPPER";
      g.pads[i] = upper ? half : total - half;
      g.pads[spatial + i] = upper ? total - half : half;
    }
  }

  // The equivalent convolution's pads: span - 1 - pad at each end (crops where negative),
  // less the stride - 1 zeros insertZeros leaves after the last element.
  SmallVector<int64_t> begin, end;
  for (int64_t i = 0; i < spatial; ++i) {
    begin.push_back(g.span(i) - 1 - g.pads[i]);
    end.push_back(g.span(i) - 1 - g.pads[spatial + i] + outputPadding[i] - (g.strides[i] - 1));
  }
  Value spread = padOrCrop(n, insertZeros(n, x, g.strides), begin, end, 0.0);
  if (!spread)
    return failure();

  // W [C, M/g, K...] -> [M, C/g, K...]: swap the channel dims within each group, then flip
  // every spatial dim of the window.
  int64_t outPerGroup = shapeOf(w)[1], inPerGroup = channels / group;
  SmallVector<int64_t> grouped = {group, inPerGroup, outPerGroup};
  llvm::append_range(grouped, kernel);
  SmallVector<int64_t> perm = {0, 2, 1};
  for (int64_t i = 0; i < spatial; ++i)
    perm.push_back(3 + i);
  SmallVector<int64_t> swapped = {group * outPerGroup, inPerGroup};
  llvm::append_range(swapped, kernel);
  Value filter = n.reshape(n.transpose(n.reshape(w, grouped), perm), swapped);
  SmallVector<int64_t> starts(rankOf(x), 0), steps(rankOf(x), 1);
  for (int64_t i = 0; i < spatial; ++i)
    starts[2 + i] = kernel[i] - 1, steps[2 + i] = -1;
  filter = n.slice(filter, starts, steps, swapped);

  SmallVector<int64_t> ones(spatial, 1), zeros(2 * spatial, 0);
  Value y = n.create<ConvOp>(spread, filter, ArrayRef<int64_t>(ones), ArrayRef<int64_t>(zeros),
                             ArrayRef<int64_t>(g.dilations), static_cast<uint64_t>(group));
  if (n.hasInput(2))
    y = addBias(n, y, n.input(2));
  return n.setResult(y);
}

void checkPool(const OnnxNode &n) {
  checkAutoPad(n);
  if (!n.hasAttr("kernel_shape"))
    n.problem("attribute 'kernel_shape' is required");
}

// LpPool's |x|^p, and the p-th root of its sums.
Value lpPower(NodeImporter &n, Value x, int64_t p) {
  Value a = n.unary(UnaryFn::abs, x);
  return p == 1 ? a : p == 2 ? n.binary(BinaryFn::mul, x, x) : n.binary(BinaryFn::pow, a, double(p));
}
Value lpRoot(NodeImporter &n, Value sum, int64_t p) {
  return p == 1 ? sum : p == 2 ? n.unary(UnaryFn::sqrt, sum) : n.binary(BinaryFn::pow, sum, 1.0 / p);
}

// MaxPool, AveragePool and LpPool over the spatial dims of [N, C, D...]. LpPool is the p-th root
// of a sum pool of |x|^p (pads add 0).
LogicalResult importPool(NodeImporter &n) {
  bool isMax = n.opType() == "MaxPool", isLp = n.opType() == "LpPool";
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t p = n.attrInt("p", 2);
  if (isLp && (p < 1 || p > 64))
    return n.fail("attribute 'p' must be 1..64, not " + Twine(p));
  int64_t rank = rankOf(x), spatial = rank - 2;
  if (spatial < 1)
    return n.fail("input must have rank >= 3 (N, C, spatial...)");
  ArrayRef<int64_t> in = shapeOf(x).drop_front(2);
  SmallVector<int64_t> kernel = listAttr(n, "kernel_shape", spatial, 1);
  if (kernel.size() != static_cast<size_t>(spatial))
    return failure();
  auto g = readGeometry(n, in, kernel);
  if (failed(g))
    return failure();
  bool ceilMode = n.attrInt("ceil_mode", 0) != 0;

  // Output size per dim; with ceil_mode a last, partial window is kept when it starts inside
  // the input or its leading pad. Windows past the trailing pad read `extra` more elements.
  SmallVector<int64_t> out, extra, trailing;
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t room = in[i] + g->pads[i] + g->pads[spatial + i] - g->span(i);
    if (room < 0)
      return n.fail("the window " + shapeString(kernel) + " does not fit the padded input " +
                    shapeString(in));
    int64_t o = (ceilMode ? (room + g->strides[i] - 1) / g->strides[i] : room / g->strides[i]) + 1;
    if (ceilMode && (o - 1) * g->strides[i] >= in[i] + g->pads[i])
      --o;
    out.push_back(o);
    extra.push_back(std::max<int64_t>(0, (o - 1) * g->strides[i] + g->span(i) - in[i] -
                                             g->pads[i] - g->pads[spatial + i]));
    trailing.push_back(g->pads[spatial + i] + extra.back());
  }

  Type et = elementTypeOf(x);
  double lowest = -std::numeric_limits<double>::infinity();
  if (auto it = dyn_cast<IntegerType>(et))
    lowest = it.isUnsigned() || it.getWidth() == 1
                 ? 0.0
                 : -std::ldexp(1.0, static_cast<int>(it.getWidth()) - 1);
  else if (!isa<FloatType>(et))
    return n.fail("unsupported element type");
  if (!isMax && !isa<FloatType>(et))
    return n.fail(n.opType() + " needs a floating-point input");
  if (isLp)
    x = lpPower(n, x, p);
  Value padded = padOrCrop(n, x, ArrayRef<int64_t>(g->pads).take_front(spatial), trailing,
                           isMax ? lowest : 0.0);
  Value windows = n.create<WindowOp>(padded, ArrayRef<int64_t>(kernel),
                                     ArrayRef<int64_t>(g->strides),
                                     ArrayRef<int64_t>(g->dilations));
  SmallVector<int64_t> windowAxes, outShape(shapeOf(x).take_front(2));
  for (int64_t i = 0; i < spatial; ++i)
    windowAxes.push_back(rank + i);
  llvm::append_range(outShape, out);
  Value pooled = n.reduce(isMax ? ReduceFn::max : ReduceFn::sum, windows, windowAxes);
  if (!pooled)
    return failure();
  pooled = n.reshape(pooled, outShape);
  if (isMax && n.outputUsed(1)) {
    // Indices: the first window position holding the max, as a flat index into x (row-major,
    // or with the spatial dims column-major for storage_order 1).
    SmallVector<int64_t> kept(shapeOf(windows).drop_back(spatial));
    kept.append(spatial, 1);
    Value where = n.binary(BinaryFn::eq, windows, n.reshape(pooled, kept));
    Value flat = windowedFlatIndex(n, shapeOf(x), n.attrInt("storage_order", 0) != 0,
                                   ArrayRef<int64_t>(g->pads).take_front(spatial), trailing,
                                   *g);
    Value big = n.i64Constant({std::numeric_limits<int64_t>::max()}, {});
    Value first = n.reduce(ReduceFn::min, n.select(where, flat, big), windowAxes);
    if (!first)
      return failure();
    n.setOutput(1, n.reshape(first, outShape));
  }
  if (isMax)
    return n.setResult(pooled);
  if (isLp)
    return n.setResult(lpRoot(n, pooled, p));

  // The divisor of each output position: a product over the dims of how many window
  // offsets land in the input (or in the input and its explicit pads).
  // Offset j lands at o * stride + j * dilation - pad; those in [lo, hi) count.
  bool includePad = n.attrInt("count_include_pad", 0) != 0;
  if (product(out) > kMaxHostElements)
    return n.fail("the output's " + Twine(product(out)) + " positions are more than the " +
                  Twine(kMaxHostElements) + " whose divisors can be tabled");
  SmallVector<SmallVector<double>> counts(spatial);
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t lo = includePad ? -g->pads[i] : 0;
    int64_t hi = includePad ? in[i] + g->pads[spatial + i] : in[i];
    for (int64_t o = 0; o < out[i]; ++o) {
      int64_t base = o * g->strides[i] - g->pads[i], d = g->dilations[i];
      int64_t first = std::max<int64_t>(0, -floorDiv(base - lo, d)); // ceil((lo - base) / d)
      int64_t last = std::min<int64_t>(kernel[i] - 1, floorDiv(hi - 1 - base, d));
      counts[i].push_back(static_cast<double>(std::max<int64_t>(last - first + 1, 1)));
    }
  }
  SmallVector<double> divisor = {1.0};
  for (int64_t i = 0; i < spatial; ++i) {
    SmallVector<double> next;
    for (double a : divisor)
      for (double c : counts[i])
        next.push_back(a * c);
    divisor = std::move(next);
  }
  if (llvm::all_equal(divisor))
    return n.setResult(n.binary(BinaryFn::div, pooled, divisor[0]));
  auto divisorType = RankedTensorType::get(out, et);
  return n.setResult(n.binary(BinaryFn::div, pooled, n.constant(denseOf(divisorType, divisor))));
}

void checkLrn(const OnnxNode &n) {
  if (n.attrInt("size", 0) < 1)
    n.problem("attribute 'size' is required and must be positive");
}

// LRN: y = x / (bias + alpha / size * s)^beta, s the sum of x^2 over the `size` channels around
// each one (floor((size - 1) / 2) before, ceil after, clipped to [0, C)): the squares with C
// moved last, zero-padded there, summed over a window of `size`.
LogicalResult importLrn(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t rank = rankOf(x), size = n.attrInt("size", 0);
  if (rank < 3)
    return n.fail("input must have rank >= 3 (N, C, spatial...)");
  if (!isa<FloatType>(elementTypeOf(x)))
    return n.fail("LRN needs a floating-point input");
  SmallVector<int64_t> toLast = {0}, toChannels = {0, rank - 1};
  for (int64_t d = 2; d < rank; ++d) {
    toLast.push_back(d);
    toChannels.push_back(d - 1);
  }
  toLast.push_back(1);
  Value squares = n.transpose(n.binary(BinaryFn::mul, x, x), toLast);
  // The window reaches (size - 1) / 2 channels back and the rest forward, clipped to the C
  // channels there are (a size beyond 2C sums the same channels).
  int64_t channels = shapeOf(x)[1];
  SmallVector<int64_t> before(rank - 2, 0), after(rank - 2, 0); // padOrCrop: dims 2.. only
  before.back() = std::min((size - 1) / 2, channels - 1);
  after.back() = std::min(size - 1 - (size - 1) / 2, channels - 1);
  int64_t window = before.back() + after.back() + 1;
  Value padded = padOrCrop(n, squares, before, after, 0.0);
  if (!padded)
    return failure();
  SmallVector<int64_t> one = {1};
  Value windows = n.create<WindowOp>(padded, ArrayRef<int64_t>{window}, ArrayRef<int64_t>(one),
                                     ArrayRef<int64_t>(one));
  Value sums = n.reduce(ReduceFn::sum, windows, {rank});
  if (!sums)
    return failure();
  sums = n.transpose(n.reshape(sums, shapeOf(squares)), toChannels);
  double alpha = n.attrFloat("alpha", 1e-4), beta = n.attrFloat("beta", 0.75);
  double bias = n.attrFloat("bias", 1.0);
  Value base = n.binary(BinaryFn::add, n.binary(BinaryFn::mul, sums, alpha / size), bias);
  return n.setResult(n.binary(BinaryFn::div, x, n.binary(BinaryFn::pow, base, beta)));
}

void checkCausalConvWithState(const OnnxNode &n) {
  std::string activation = n.attrString("activation", "none");
  if (activation != "none" && activation != "silu" && activation != "swish")
    n.problem("activation must be none, silu or swish, not '" + activation + "'");
}

// CausalConvWithState (27): the past state (k - 1 positions, zeros without one) concatenated
// before the input, a depthwise convolution without padding over it, the bias, SiLU; the
// present state is the last k - 1 positions of the concatenation. f16 and bf16 are computed
// in f32 (as onnx's reference does), the results rounded back.
LogicalResult importCausalConvWithState(NodeImporter &n) {
  Value x = n.requiredInput(0), w = n.requiredInput(1);
  if (!x || !w)
    return failure();
  Type io = elementTypeOf(x), f32 = Float32Type::get(n.context());
  bool half = io.isF16() || io.isBF16();
  auto wide = [&](Value v) { return half && v ? n.cast(v, f32) : v; };
  if (rankOf(x) != 3 || rankOf(w) != 3 || shapeOf(w)[1] != 1 || shapeOf(w)[0] != shapeOf(x)[1])
    return n.fail("input must be [B, C, L] and weight [C, 1, k]");
  int64_t batch = shapeOf(x)[0], channels = shapeOf(x)[1], length = shapeOf(x)[2];
  int64_t k = shapeOf(w)[2];
  if (k < 1)
    return n.fail("the kernel must have at least one tap");
  SmallVector<int64_t> stateShape = {batch, channels, k - 1};
  Value past = wide(n.input(3));
  if (past && shapeOf(past) != ArrayRef<int64_t>(stateShape))
    return n.fail("past_state must be " + shapeString(stateShape));
  x = wide(x), w = wide(w);
  if (!past)
    past = n.broadcastTo(n.scalar(0.0, elementTypeOf(x)), stateShape);
  Value full = k > 1 ? n.create<ConcatOp>(ValueRange{past, x}, uint64_t(2)) : x;
  Value y = n.create<ConvOp>(full, w, ArrayRef<int64_t>{1}, ArrayRef<int64_t>{0, 0},
                             ArrayRef<int64_t>{1}, static_cast<uint64_t>(channels));
  if (n.hasInput(2))
    y = addBias(n, y, wide(n.input(2)));
  if (n.attrString("activation", "none") != "none")
    y = n.binary(BinaryFn::mul, y, n.unary(UnaryFn::sigmoid, y));
  auto narrow = [&](Value v) { return half ? n.cast(v, io) : v; };
  n.setOutput(1, narrow(n.sliceAxis(full, 2, length, k - 1)));
  return n.setResult(narrow(y));
}

// Col2Im (18): the columns [N, C * prod(block), L] summed back into an image [N, C, image...].
// Column offset k (a position in the block) holds the image's padded positions k * dilation
// + l * stride: each offset's plane is spread by the strides (zeros between), moved to its
// offset by a pad, and the planes are added; the pads are cropped at the end. All views and
// adds: one kernel.
LogicalResult importCol2Im(NodeImporter &n) {
  constexpr int64_t kMaxBlock = 4096;
  Value x = n.requiredInput(0);
  auto image = n.intsInput(1, "image_shape");
  auto block = n.intsInput(2, "block_shape");
  if (!x || !image || !block)
    return failure();
  int64_t spatial = image->size();
  if (spatial < 1 || static_cast<int64_t>(block->size()) != spatial || rankOf(x) != 3)
    return n.fail("needs input [N, C * prod(block), L] and image and block shapes of one length");
  auto attr = [&](const char *name, int64_t size, int64_t dflt) {
    SmallVector<int64_t> v = n.attrInts(name);
    return v.empty() ? SmallVector<int64_t>(size, dflt) : v;
  };
  SmallVector<int64_t> strides = attr("strides", spatial, 1);
  SmallVector<int64_t> dilations = attr("dilations", spatial, 1);
  SmallVector<int64_t> pads = attr("pads", 2 * spatial, 0);
  if (static_cast<int64_t>(strides.size()) != spatial ||
      static_cast<int64_t>(dilations.size()) != spatial ||
      static_cast<int64_t>(pads.size()) != 2 * spatial)
    return n.fail("strides, dilations and pads must fit the image's " + Twine(spatial) + " dims");
  int64_t blockSize = 1, columns = 1;
  SmallVector<int64_t> lengths, padded;
  for (int64_t s = 0; s < spatial; ++s) {
    int64_t k = (*block)[s], size = (*image)[s];
    if (k < 1 || size < 1 || strides[s] < 1 || dilations[s] < 1 || pads[s] < 0 ||
        pads[spatial + s] < 0 || size > kMaxDimSize || pads[s] > kMaxDimSize ||
        pads[spatial + s] > kMaxDimSize || strides[s] > kMaxDimSize ||
        dilations[s] > kMaxDimSize)
      return n.fail("image, block, strides, dilations and pads must be positive (pads >= 0)");
    if (blockSize > kMaxBlock / k) // one plane of the sum per block position
      return n.fail("a block of more than " + Twine(kMaxBlock) + " positions");
    int64_t full = size + pads[s] + pads[spatial + s];
    int64_t reach = dilations[s] * (k - 1) + 1;
    if (full < reach)
      return n.fail("the block does not fit the padded image");
    lengths.push_back((full - reach) / strides[s] + 1);
    padded.push_back(full);
    blockSize *= k;
    columns *= lengths.back();
  }
  ArrayRef<int64_t> in = shapeOf(x);
  if (in[1] % blockSize != 0 || in[2] != columns)
    return n.fail("input of shape " + shapeString(in) + " does not hold " + Twine(blockSize) +
                  "-element blocks at " + Twine(columns) + " positions");
  int64_t batch = in[0], channels = in[1] / blockSize;
  SmallVector<int64_t> split = {batch, channels, blockSize};
  split.append(lengths);
  Value cols = n.reshape(x, split);
  SmallVector<int64_t> planeShape = {batch, channels};
  planeShape.append(lengths);
  Value sum;
  for (int64_t k = 0; k < blockSize; ++k) {
    Value plane = n.reshape(n.sliceAxis(cols, 2, k, 1), planeShape);
    Value spread = insertZeros(n, plane, strides);
    SmallVector<int64_t> begin(spatial), end(spatial);
    for (int64_t s = spatial - 1, rest = k; s >= 0; --s) {
      int64_t offset = rest % (*block)[s];
      rest /= (*block)[s];
      begin[s] = offset * dilations[s];
      end[s] = padded[s] - begin[s] - lengths[s] * strides[s];
    }
    Value placed = padOrCrop(n, spread, begin, end, 0.0);
    sum = sum ? n.binary(BinaryFn::add, sum, placed) : placed;
    if (!sum)
      return failure();
  }
  SmallVector<int64_t> cropBegin, cropEnd;
  for (int64_t s = 0; s < spatial; ++s)
    cropBegin.push_back(-pads[s]), cropEnd.push_back(-pads[spatial + s]);
  return n.setResult(padOrCrop(n, sum, cropBegin, cropEnd, 0.0));
}

} // namespace picoc::onnximport
