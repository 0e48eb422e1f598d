//===- Shape.cpp - ONNX views and data movement ---------------------------------------===//
//
// Reshape, Transpose, Flatten, Squeeze, Unsqueeze, Concat, Split, Slice, Gather, Expand,
// Tile, Pad and Trilu. Shape arguments (Reshape's shape, Slice's starts, ...) must be known
// at compile time: they are constants or fold to constants through the dialect's folders
// (or are affine in the run-time dims; or a Slice's window of static size at a start known
// only at run time: windowSlice).
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <numeric>

using namespace mlir;

namespace picoc::onnximport {

// Reshape where the input or the shape has run-time dims: 0 copies the input's dim, -1 is the
// input's size divided by the others' (cancelling the run-time dims they share); the result
// must keep the layout (ReshapeOp's verifier).
static LogicalResult importRunReshape(NodeImporter &n, Value x) {
  auto target = n.symbolicIntsInput(1, "shape");
  if (!target)
    return failure();
  RunShape in = runShape(x.getType());
  bool allowZero = n.attrInt("allowzero", 0);
  SmallVector<AffineExpr> shape;
  int inferred = -1;
  for (auto [i, e] : llvm::enumerate(*target)) {
    auto c = dyn_cast<AffineConstantExpr>(e);
    if (c && c.getValue() == 0 && !allowZero) {
      if (i >= in.size())
        return n.fail("shape copies dim " + Twine(i) + " of an input of rank " + Twine(in.size()));
      e = in[i].expr;
    } else if (c && c.getValue() == -1) {
      if (inferred >= 0)
        return n.fail("shape has more than one -1");
      inferred = static_cast<int>(i);
      e = getAffineConstantExpr(1, n.context());
    } else if (c && c.getValue() < 0) {
      return n.fail("shape has a negative dim");
    }
    shape.push_back(e);
  }
  // Sizes as (static product, run-time factors), each factor with the gcd of its terms
  // moved into the product (2*seq: 2 and seq): the -1 dim is what the input has beyond the
  // other dims.
  auto split = [&](ArrayRef<AffineExpr> dims, int64_t &product, SmallVector<AffineExpr> &run) {
    for (AffineExpr e : dims) {
      if (auto c = dyn_cast<AffineConstantExpr>(e)) {
        product *= c.getValue();
        continue;
      }
      std::optional<kir::DimExpr> d = toDimExpr(e);
      int64_t g = d ? std::abs(d->constant) : 1;
      for (int64_t k : d ? d->coeffs : std::vector<int64_t>())
        g = std::gcd(g, std::abs(k));
      if (g > 1) {
        e = e.floorDiv(g);
        product *= g;
      }
      run.push_back(canonicalExpr(e));
    }
  };
  SmallVector<AffineExpr> inDims, inRun, outRun;
  for (const ShapeDim &d : in)
    inDims.push_back(d.expr);
  int64_t inProduct = 1, outProduct = 1;
  split(inDims, inProduct, inRun);
  split(shape, outProduct, outRun);
  for (size_t i = 0; i < outRun.size();) { // a run-time dim on both sides cancels
    auto it = llvm::find(inRun, outRun[i]);
    if (it == inRun.end()) {
      ++i;
      continue;
    }
    inRun.erase(it);
    outRun.erase(outRun.begin() + i);
  }
  if (inferred >= 0) {
    if (!outRun.empty() || inRun.size() > 1 || outProduct == 0 || inProduct % outProduct != 0)
      return n.fail("cannot infer the -1 of the shape from input dims " + runShapeStr(in));
    shape[inferred] = (inRun.empty() ? getAffineConstantExpr(1, n.context()) : inRun.front()) *
                      (inProduct / outProduct);
  } else if (inProduct != outProduct || inRun != outRun) {
    return n.fail("cannot reshape " + runShapeStr(in) + " to a shape of a different size");
  }
  std::optional<RunShape> dims = n.dimsOf(shape, "the shape");
  if (!dims)
    return failure();
  return n.setResult(n.create<ReshapeOp>(runTensorType(*dims, elementTypeOf(x)), x));
}

LogicalResult importReshape(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (x && (hasRunDims(x.getType()) || (n.hasInput(1) && !n.constantInput(1))))
    if (n.symbolicInts(n.input(1)))
      return importRunReshape(n, x);
  auto target = n.intsInput(1, "shape");
  if (!x || !target)
    return failure();
  ArrayRef<int64_t> in = shapeOf(x);
  bool allowZero = n.attrInt("allowzero", 0);
  SmallVector<int64_t> shape;
  int inferred = -1;
  for (auto [i, given] : llvm::enumerate(*target)) {
    int64_t d = given; // *target stays the model's own values, for the messages below
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return n.fail("shape " + shapeString(*target) + " copies dim " + Twine(i) +
                      " of an input of rank " + Twine(in.size()));
      d = in[i];
    } else if (d == -1) {
      if (inferred >= 0)
        return n.fail("shape " + shapeString(*target) + " has more than one -1");
      inferred = static_cast<int>(i);
      d = 1;
    } else if (d < 0) {
      return n.fail("shape " + shapeString(*target) + " has a negative dim");
    }
    shape.push_back(d);
  }
  int64_t total = product(in);
  auto known = elementCount(shape);
  if (known && inferred >= 0 && *known != 0 && total % *known == 0) {
    shape[inferred] = total / *known;
    known = total;
  }
  if (!known || *known != total)
    return n.fail("cannot reshape " + shapeString(in) + " to " + shapeString(*target));
  return n.setResult(n.reshape(x, shape));
}

LogicalResult importTranspose(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  SmallVector<int64_t> perm = n.attrInts("perm");
  if (!n.hasAttr("perm"))
    perm = llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rankOf(x))));
  return n.setResult(n.transpose(x, perm));
}

LogicalResult importFlatten(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t rank = rankOf(x), axis = n.attrInt("axis", 1);
  if (axis < -rank || axis > rank)
    return n.fail("axis " + Twine(axis) + " is out of range for rank " + Twine(rank));
  if (axis < 0)
    axis += rank;
  ArrayRef<int64_t> shape = shapeOf(x);
  return n.setResult(
      n.reshape(x, {product(shape.take_front(axis)), product(shape.drop_front(axis))}));
}

namespace {
// Squeeze's and Unsqueeze's axes: an attribute before opset 13, input 1 from 13.
std::optional<SmallVector<int64_t>> axesOperand(NodeImporter &n) {
  if (n.opset() < 13)
    return n.attrInts("axes");
  if (!n.hasInput(1))
    return SmallVector<int64_t>();
  return n.intsInput(1, "axes");
}
} // namespace

LogicalResult importSqueeze(NodeImporter &n) {
  Value x = n.requiredInput(0);
  auto axes = axesOperand(n);
  if (!x || !axes)
    return failure();
  ArrayRef<int64_t> in = shapeOf(x);
  auto normalized = n.normalizeAxes(*axes, rankOf(x));
  if (!normalized)
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < rankOf(x); ++d) {
    bool listed = llvm::is_contained(*normalized, d);
    if (listed && in[d] != 1)
      return n.fail("cannot squeeze dim " + Twine(d) + " of size " + Twine(in[d]));
    if (!listed && !(axes->empty() && in[d] == 1))
      shape.push_back(in[d]);
  }
  return n.setResult(n.reshape(x, shape));
}

LogicalResult importUnsqueeze(NodeImporter &n) {
  Value x = n.requiredInput(0);
  auto axes = axesOperand(n);
  if (!x || !axes)
    return failure();
  int64_t outRank = rankOf(x) + static_cast<int64_t>(axes->size());
  auto normalized = n.normalizeAxes(*axes, outRank);
  if (!normalized)
    return failure();
  SmallVector<int64_t> shape;
  ArrayRef<int64_t> in = shapeOf(x);
  for (int64_t d = 0, next = 0; d < outRank; ++d)
    shape.push_back(llvm::is_contained(*normalized, d) ? 1 : in[next++]);
  return n.setResult(n.reshape(x, shape));
}

LogicalResult importConcat(NodeImporter &n) {
  SmallVector<Value> inputs;
  for (int i = 0; i < n.numInputs(); ++i)
    inputs.push_back(n.requiredInput(i));
  if (inputs.empty() || llvm::is_contained(inputs, Value()))
    return n.fail("needs at least one input");
  auto axis = n.normalizeAxis(n.attrInt("axis", 0), rankOf(inputs[0]));
  if (!axis)
    return failure();
  return n.setResult(n.create<ConcatOp>(ValueRange(inputs), static_cast<uint64_t>(*axis)));
}

LogicalResult importSplit(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  auto axis = n.normalizeAxis(n.attrInt("axis", 0), rankOf(x));
  if (!axis)
    return failure();
  int64_t dim = shapeOf(x)[*axis], outputs = n.numOutputs();
  SmallVector<int64_t> sizes;
  if (n.opset() >= 13 && n.hasInput(1)) {
    auto v = n.intsInput(1, "split");
    if (!v)
      return failure();
    sizes = *v;
  } else if (n.opset() < 13 && n.hasAttr("split")) {
    sizes = n.attrInts("split");
  } else {
    int64_t parts = n.opset() >= 18 && n.hasAttr("num_outputs") ? n.attrInt("num_outputs", 0)
                                                               : outputs;
    if (parts != outputs)
      return n.fail("num_outputs " + Twine(parts) + " differs from the node's " +
                    Twine(outputs) + " outputs");
    // From opset 18 an uneven split makes the last part smaller; before, it is an error.
    int64_t chunk = n.opset() >= 18 ? (dim + parts - 1) / parts : dim / parts;
    sizes.assign(parts, chunk);
    sizes.back() = dim - chunk * (parts - 1);
  }
  if (static_cast<int64_t>(sizes.size()) != outputs ||
      llvm::any_of(sizes, [&](int64_t s) { return s < 0 || s > dim; }) ||
      std::accumulate(sizes.begin(), sizes.end(), int64_t(0)) != dim)
    return n.fail("cannot split dim " + Twine(*axis) + " of size " + Twine(dim) + " into " +
                  shapeString(sizes) + " for " + Twine(outputs) + " outputs");
  bool ok = true;
  for (int64_t i = 0, offset = 0; i < outputs; offset += sizes[i], ++i) {
    n.setOutput(i, n.sliceAxis(x, *axis, offset, sizes[i]));
    ok &= n.output(i) != nullptr;
  }
  return success(ok);
}

// Slice where the input or the starts and ends have run-time dims (opset 10 and later): per
// axis a constant step of 1, a start and an end that the dims' bounds place inside the axis,
// as ONNX clamps them (x[:, :seq], cache[:, past:past + seq]); a start at a run-time position
// (x[:, -k:] over a run-time n) is a gather of the positions from it.
static LogicalResult importRunSlice(NodeImporter &n, Value x) {
  int64_t rank = rankOf(x);
  auto starts = n.symbolicIntsInput(1, "starts"), ends = n.symbolicIntsInput(2, "ends");
  auto axes = n.hasInput(3) ? n.intsInput(3, "axes") : SmallVector<int64_t>();
  auto steps = n.hasInput(4) ? n.intsInput(4, "steps") : SmallVector<int64_t>();
  if (!starts || !ends || !axes || !steps)
    return failure();
  if (axes->empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, starts->size()));
  if (steps->empty())
    steps->assign(starts->size(), 1);
  if (ends->size() != starts->size() || axes->size() != starts->size() ||
      steps->size() != starts->size())
    return n.fail("starts, ends, axes and steps differ in length");
  RunShape in = runShape(x.getType()), out = in;
  SmallVector<int64_t> outStarts(rank, 0), outSteps(rank, 1);
  struct Gathered {
    int64_t axis;
    AffineExpr first;
    ShapeDim size;
  };
  SmallVector<Gathered> gathers;
  MLIRContext *ctx = n.context();
  auto zero = getAffineConstantExpr(0, ctx);
  // min(max(e, lo), hi) where the bounds decide it.
  auto clamp = [&](AffineExpr e, AffineExpr lo, AffineExpr hi) -> std::optional<AffineExpr> {
    auto [a, b] = n.exprRange(e - lo);
    if (b <= 0)
      return lo;
    if (a < 0)
      return std::nullopt;
    auto [c, d] = n.exprRange(hi - e);
    if (d <= 0)
      return hi;
    if (c < 0)
      return std::nullopt;
    return e;
  };
  for (size_t j = 0; j < starts->size(); ++j) {
    auto axis = n.normalizeAxis((*axes)[j], rank);
    if (!axis)
      return failure();
    if ((*steps)[j] != 1)
      return n.fail("a slice over run-time dims needs steps of 1");
    AffineExpr dim = in[*axis].expr, start = (*starts)[j], end = (*ends)[j];
    // A position below 0 counts from the end; one whose sign the bounds leave open is not
    // known.
    auto normalize = [&](AffineExpr e) -> std::optional<AffineExpr> {
      auto c = dyn_cast<AffineConstantExpr>(e);
      if (c && c.getValue() >= kMaxDimSize)
        return dim; // INT64_MAX and the like: to the end
      if (c && c.getValue() <= -kMaxDimSize)
        return zero;
      auto [lo, hi] = n.exprRange(e);
      if (hi < 0)
        return e + dim;
      if (lo < 0)
        return std::nullopt;
      return e;
    };
    std::optional<AffineExpr> from = normalize(start), to = normalize(end);
    std::optional<AffineExpr> first = from ? clamp(*from, zero, dim) : std::nullopt;
    std::optional<AffineExpr> last = to ? clamp(*to, zero, dim) : std::nullopt;
    if (!first || !last)
      return n.fail("slices axis " + Twine(*axis) + " of " + runShapeStr(in) +
                    " from or to a position not known to lie inside it");
    std::optional<AffineExpr> size = clamp(*last - *first, zero, dim);
    std::optional<RunShape> d = size ? n.dimsOf({*size}, "the slice") : std::nullopt;
    if (!d)
      return n.fail("the size of the slice of axis " + Twine(*axis) + " is not known to lie "
                    "inside " + runShapeStr(in));
    if (!isa<AffineConstantExpr>(*first)) { // a run-time start: a gather, below
      gathers.push_back({*axis, *first, d->front()});
      continue;
    }
    outStarts[*axis] = cast<AffineConstantExpr>(*first).getValue();
    out[*axis] = d->front();
    if (out[*axis].bound == 0)
      outStarts[*axis] = 0;
  }
  Value y = n.create<SliceOp>(runTensorType(out, elementTypeOf(x)), x, outStarts, outSteps);
  // From a run-time start (x[:, -k:] over a run-time n: from n - k), the positions first + i
  // for i below the size, gathered (they lie inside the axis: the clamps above said so).
  for (const auto &[axis, first, size] : gathers) {
    Value iota = n.iota(size.bound, 0, 1);
    if (!iota || !y)
      return failure();
    Value steps = n.create<SliceOp>(runTensorType({size}, elementTypeOf(iota)), iota,
                                    ArrayRef<int64_t>{0}, ArrayRef<int64_t>{1});
    Value positions = n.binary(BinaryFn::add, steps, n.dimValue(first));
    y = n.create<GatherOp>(y, positions, static_cast<uint64_t>(axis));
  }
  return n.setResult(y);
}

// x[s : s + c] along one axis, s known only at run time (a loop's iteration number) and c a
// constant (ends computed as starts + c): a window of static size c, gathered from s (a
// negative s counts from the end). Where the window does not lie inside the dim (ONNX would
// clamp it to fewer elements), a run-time check fails the run. Null when the node is not of
// this form (or its axes or steps are not [axis] and [1]).
static Value windowSlice(NodeImporter &n, Value x) {
  auto oneInt = [](Value v) {
    return v && product(shapeOf(v)) == 1 && isa<IntegerType>(elementTypeOf(v));
  };
  Value startsIn = n.input(1), endsIn = n.input(2);
  if (!oneInt(startsIn) || !oneInt(endsIn) || n.constantInput(1))
    return {};
  int64_t axis = 0;
  if (n.hasInput(3)) {
    DenseElementsAttr a = n.constantInput(3);
    if (!a || a.getNumElements() != 1)
      return {};
    axis = (*intsOf(a))[0];
  }
  if (n.hasInput(4)) {
    DenseElementsAttr st = n.constantInput(4);
    if (!st || st.getNumElements() != 1 || (*intsOf(st))[0] != 1)
      return {};
  }
  auto scalar = [](Value v) { // through the reshapes of Unsqueeze and Reshape
    while (auto r = v.getDefiningOp<ReshapeOp>())
      v = r.getInput();
    return v;
  };
  Value start = scalar(startsIn);
  auto add = scalar(endsIn).getDefiningOp<BinaryOp>();
  if (!add || add.getFn() != BinaryFn::add)
    return {};
  std::optional<int64_t> size;
  for (auto [term, other] : {std::pair{add.getLhs(), add.getRhs()}, {add.getRhs(), add.getLhs()}}) {
    DenseElementsAttr c;
    if (scalar(term) == start && matchPattern(scalar(other), m_Constant(&c)) &&
        c.getNumElements() == 1)
      size = (*intsOf(c))[0];
  }
  std::optional<int64_t> normalized = size ? n.normalizeAxis(axis, rankOf(x)) : std::nullopt;
  if (!normalized)
    return {};
  int64_t dim = shapeOf(x)[*normalized];
  if (*size < 1 || *size > dim)
    return {};
  Type i64 = IntegerType::get(n.context(), 64);
  Value s = n.cast(n.reshape(startsIn, {}), i64);
  Value from = n.select(n.binary(BinaryFn::lt, s, 0.0), n.binary(BinaryFn::add, s, double(dim)), s);
  n.addFaultCheck(n.binary(BinaryFn::logical_or, n.binary(BinaryFn::lt, from, 0.0),
                           n.binary(BinaryFn::gt, from, double(dim - *size))),
                  "the window [start, start + " + Twine(*size) + ") of axis " +
                      Twine(*normalized) + " lies outside its " + Twine(dim) +
                      " elements (a start known only at run time)");
  Value indices = n.binary(BinaryFn::add, n.iota(*size, 0, 1), from);
  return n.create<GatherOp>(x, indices, static_cast<uint64_t>(*normalized));
}

LogicalResult importSlice(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  if (n.opset() >= 10 && (hasRunDims(x.getType()) || !n.constantInput(1) || !n.constantInput(2)) &&
      n.symbolicInts(n.input(1)) && n.symbolicInts(n.input(2)))
    return importRunSlice(n, x);
  if (n.opset() >= 10 && !hasRunDims(x.getType()))
    if (Value window = windowSlice(n, x))
      return n.setResult(window);
  int64_t rank = rankOf(x);
  SmallVector<int64_t> starts, ends, axes, steps;
  if (n.opset() < 10) {
    starts = n.attrInts("starts");
    ends = n.attrInts("ends");
    axes = n.attrInts("axes");
  } else {
    auto s = n.intsInput(1, "starts"), e = n.intsInput(2, "ends");
    auto a = n.hasInput(3) ? n.intsInput(3, "axes") : SmallVector<int64_t>();
    auto st = n.hasInput(4) ? n.intsInput(4, "steps") : SmallVector<int64_t>();
    if (!s || !e || !a || !st)
      return failure();
    starts = *s, ends = *e, axes = *a, steps = *st;
  }
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, starts.size()));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return n.fail("starts, ends, axes and steps differ in length");

  ArrayRef<int64_t> in = shapeOf(x);
  SmallVector<int64_t> outStarts(rank, 0), outSteps(rank, 1), shape(in);
  SmallVector<bool> seen(rank, false);
  for (size_t j = 0; j < starts.size(); ++j) {
    auto axis = n.normalizeAxis(axes[j], rank);
    if (!axis)
      return failure();
    if (seen[*axis])
      return n.fail("axis " + Twine(*axis) + " is sliced twice");
    seen[*axis] = true;
    int64_t dim = in[*axis], start = starts[j], end = ends[j];
    if (steps[j] == 0)
      return n.fail("step 0 on axis " + Twine(*axis));
    // A step past the dim takes one element, as the dim itself does (and cannot overflow).
    int64_t step = std::clamp<int64_t>(steps[j], -std::max<int64_t>(dim, 1),
                                       std::max<int64_t>(dim, 1));
    // ONNX: negative positions count from the end, then clamp; a negative step walks down.
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    int64_t size;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
      size = end > start ? (end - start + step - 1) / step : 0;
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
      size = start > end ? (start - end - step - 1) / -step : 0;
    }
    outStarts[*axis] = size ? start : 0;
    outSteps[*axis] = size ? step : 1;
    shape[*axis] = size;
  }
  return n.setResult(n.slice(x, outStarts, outSteps, shape));
}

LogicalResult importExpand(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (x && (hasRunDims(x.getType()) || (n.hasInput(1) && !n.constantInput(1)))) {
    auto exprs = n.symbolicIntsInput(1, "shape");
    std::optional<RunShape> dims = exprs ? n.dimsOf(*exprs, "the shape") : std::nullopt;
    if (!dims)
      return failure();
    auto shape = broadcastRunShapes(runShape(x.getType()), *dims);
    if (failed(shape))
      return n.fail("cannot expand " + runShapeStr(runShape(x.getType())) + " to " +
                    runShapeStr(*dims));
    RankedTensorType type = runTensorType(*shape, elementTypeOf(x));
    return n.setResult(type == x.getType() ? x : n.create<BroadcastOp>(type, x));
  }
  auto target = n.intsInput(1, "shape");
  if (!x || !target)
    return failure();
  auto shape = broadcastShapes(shapeOf(x), *target);
  if (llvm::any_of(*target, [](int64_t d) { return d < 0; }) || failed(shape) ||
      !elementCount(*shape))
    return n.fail("cannot expand " + shapeString(shapeOf(x)) + " to " + shapeString(*target));
  return n.setResult(n.broadcastTo(x, *shape));
}

// Tile: [d0, d1, ...] -> reshape [1, d0, 1, d1, ...] -> broadcast [r0, d0, r1, d1, ...] ->
// reshape [r0 * d0, r1 * d1, ...].
LogicalResult importTile(NodeImporter &n) {
  Value x = n.requiredInput(0);
  auto repeats = n.intsInput(1, "repeats");
  if (!x || !repeats)
    return failure();
  ArrayRef<int64_t> in = shapeOf(x);
  if (repeats->size() != in.size() ||
      llvm::any_of(*repeats, [](int64_t r) { return r < 0 || r > kMaxDimSize; }))
    return n.fail("repeats " + shapeString(*repeats) + " do not fit the input's " +
                  shapeString(in));
  SmallVector<int64_t> spread, tiled, out;
  for (size_t d = 0; d < in.size(); ++d) {
    spread.append({1, in[d]});
    tiled.append({(*repeats)[d], in[d]});
    out.push_back((*repeats)[d] * in[d]);
  }
  if (!elementCount(out))
    return n.fail("the tiled shape " + shapeString(out) + " is too large");
  return n.setResult(n.reshape(n.broadcastTo(n.reshape(x, spread), tiled), out));
}

void checkPad(const OnnxNode &n) {
  std::string mode = n.attrString("mode", "constant");
  if (mode != "constant" && mode != "edge" && mode != "reflect" && mode != "wrap")
    n.problem("mode '" + mode + "' is not supported (constant, edge, reflect and wrap are)");
}

// The source index of output position i of an axis of `in` elements padded by `lo` in the
// edge, reflect or wrap mode (ONNX's, which are numpy's 'edge', 'reflect' and 'wrap').
static int64_t padSource(const std::string &mode, int64_t i, int64_t lo, int64_t in) {
  int64_t j = i - lo;
  if (mode == "edge")
    return std::clamp<int64_t>(j, 0, in - 1);
  if (mode == "wrap" || in == 1)
    return ((j % in) + in) % in;
  int64_t period = 2 * (in - 1); // reflect: ... 2 1 | 0 1 2 .. n-1 | n-2 ...
  j = ((j % period) + period) % period;
  return j < in ? j : period - j;
}

// Pad-1 (`paddings`), Pad-2 (`pads`, `value`), Pad-11+ (inputs pads, constant_value and,
// from 18, axes). Constant padding is a picoc.pad (its value a select when only known at
// run time); edge, reflect and wrap are a gather per padded axis with constant indices.
LogicalResult importPad(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t rank = rankOf(x);
  std::string mode = n.attrString("mode", "constant");
  SmallVector<int64_t> pads, axes;
  double value = 0;
  Value runtimeValue; // constant_value known only at run time
  if (n.opset() < 11) {
    pads = n.attrInts(n.opset() < 2 ? "paddings" : "pads");
    value = n.attrFloat("value", 0);
  } else {
    auto p = n.intsInput(1, "pads");
    auto a = n.hasInput(3) ? n.intsInput(3, "axes") : SmallVector<int64_t>();
    if (!p || !a)
      return failure();
    pads = *p, axes = *a;
    if (n.hasInput(2) && mode == "constant") {
      if (DenseElementsAttr v = n.constantInput(2)) {
        if (v.getNumElements() != 1)
          return n.fail("constant_value must be a scalar");
        value = doublesOf(v)[0];
      } else {
        runtimeValue = n.input(2);
        if (product(shapeOf(runtimeValue)) != 1)
          return n.fail("constant_value must be a scalar");
        runtimeValue = n.reshape(runtimeValue, {});
      }
    }
  }
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  if (pads.size() != 2 * axes.size())
    return n.fail("pads " + shapeString(pads) + " needs 2 entries per padded axis");
  if (llvm::any_of(pads, [](int64_t p) { return p > kMaxDimSize || p < -kMaxDimSize; }))
    return n.fail("pads " + shapeString(pads) + " are too large");
  SmallVector<int64_t> full(2 * rank, 0);
  SmallVector<bool> seen(rank, false);
  for (size_t j = 0; j < axes.size(); ++j) {
    auto axis = n.normalizeAxis(axes[j], rank);
    if (!axis)
      return failure();
    if (seen[*axis])
      return n.fail("axis " + Twine(*axis) + " is padded twice");
    seen[*axis] = true;
    full[*axis] = pads[j];
    full[rank + *axis] = pads[axes.size() + j];
  }
  // Negative pads crop: slice them off first, then pad with the positive ones.
  SmallVector<int64_t> starts(rank, 0), steps(rank, 1), shape(shapeOf(x));
  for (int64_t d = 0; d < rank; ++d) {
    int64_t &begin = full[d], &end = full[rank + d];
    if (begin < 0)
      starts[d] = -begin, shape[d] += begin, begin = 0;
    if (end < 0)
      shape[d] += end, end = 0;
    if (shape[d] < 0)
      return n.fail("pads " + shapeString(pads) + " crop more than dim " + Twine(d) + " holds");
  }
  if (ArrayRef<int64_t>(shape) != shapeOf(x))
    x = n.slice(x, starts, steps, shape);
  if (llvm::all_of(full, [](int64_t p) { return p == 0; }))
    return n.setResult(x);

  if (mode != "constant") {
    for (int64_t d = 0; d < rank; ++d) {
      int64_t lo = full[d], hi = full[rank + d], in = shapeOf(x)[d];
      if (lo == 0 && hi == 0)
        continue;
      if (in == 0 || (mode == "reflect" && in > 1 && (lo >= in || hi >= in)))
        return n.fail(mode + " padding of dim " + Twine(d) + " by " + Twine(std::max(lo, hi)) +
                      " needs more than its " + Twine(in) + " elements");
      if (lo + in + hi > kMaxHostElements) // the gather's index table is built here
        return n.fail(mode + " padding makes dim " + Twine(d) + " " + Twine(lo + in + hi) +
                      " long; at most " + Twine(kMaxHostElements) + " is supported");
      SmallVector<int64_t> source;
      for (int64_t i = 0; i < lo + in + hi; ++i)
        source.push_back(padSource(mode, i, lo, in));
      x = n.create<GatherOp>(x, n.i64Constant(source, {lo + in + hi}), static_cast<uint64_t>(d));
      if (!x)
        return failure();
    }
    return n.setResult(x);
  }
  Value padded = n.create<PadOp>(x, ArrayRef<int64_t>(full), llvm::APFloat(value));
  if (!runtimeValue)
    return n.setResult(padded);
  // The interior is where a padded all-true mask stays true.
  auto maskType = RankedTensorType::get(shapeOf(x), IntegerType::get(n.context(), 1));
  Value inside = n.create<PadOp>(n.constant(DenseElementsAttr::get(maskType, true)),
                                 ArrayRef<int64_t>(full), llvm::APFloat(0.0));
  return n.setResult(n.select(inside, padded, n.cast(runtimeValue, elementTypeOf(x))));
}

// Trilu keeps x[..., i, j] where j - i >= k (upper) or j - i <= k (lower), else 0.
LogicalResult importTrilu(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  if (rankOf(x) < 2)
    return n.fail("input must have rank >= 2");
  Value k = n.hasInput(1) ? n.input(1) : n.i64Constant({0}, {});
  if (k && product(shapeOf(k)) != 1)
    return n.fail("k must be a scalar");
  k = n.reshape(n.cast(k, IntegerType::get(n.context(), 64)), {});
  int64_t rows = shapeOf(x)[rankOf(x) - 2], cols = shapeOf(x).back();
  Value mask = n.diagonalMask(rows, cols, n.attrInt("upper", 1) ? BinaryFn::ge : BinaryFn::le, k);
  return n.setResult(n.select(mask, x, n.scalar(0.0, elementTypeOf(x))));
}

// The order of the blocks in the channels: DepthToSpace's mode, and SpaceToDepth's (opset 28).
void checkBlockMode(const OnnxNode &n) {
  std::string mode = n.attrString("mode", "DCR");
  if (mode != "DCR" && mode != "CRD")
    n.problem("mode '" + mode + "' is not supported (DCR and CRD are)");
}

// DCR: [N, C, H, W] -> [N, b, b, C/b², H, W] -> perm (0, 3, 4, 1, 5, 2) -> [N, C/b², H b, W b]
// CRD: [N, C, H, W] -> [N, C/b², b, b, H, W] -> perm (0, 1, 4, 2, 5, 3) -> the same.
LogicalResult importDepthToSpace(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t b = n.attrInt("blocksize", 0);
  if (rankOf(x) != 4 || b < 1 || b > shapeOf(x)[1] || shapeOf(x)[1] % (b * b))
    return n.fail("needs a 4-D input whose channels divide by blocksize² (blocksize " +
                  Twine(b) + ")");
  auto [batch, c, h, w] = std::array<int64_t, 4>{shapeOf(x)[0], shapeOf(x)[1], shapeOf(x)[2],
                                                 shapeOf(x)[3]};
  bool dcr = n.attrString("mode", "DCR") == "DCR";
  SmallVector<int64_t> split = dcr ? SmallVector<int64_t>{batch, b, b, c / (b * b), h, w}
                                   : SmallVector<int64_t>{batch, c / (b * b), b, b, h, w};
  SmallVector<int64_t> perm = dcr ? SmallVector<int64_t>{0, 3, 4, 1, 5, 2}
                                  : SmallVector<int64_t>{0, 1, 4, 2, 5, 3};
  Value y = n.transpose(n.reshape(x, split), perm);
  return n.setResult(n.reshape(y, {batch, c / (b * b), h * b, w * b}));
}

// [N, C, H, W] -> [N, C, H/b, b, W/b, b] -> perm (0, 3, 5, 1, 2, 4) -> [N, C b², H/b, W/b]
// CenterCropPad (18): each of `axes` (default: all) cropped or zero-padded to the given size
// about its center (the odd element goes to the end, as onnx's reference places it).
LogicalResult importCenterCropPad(NodeImporter &n) {
  Value x = n.requiredInput(0);
  auto sizes = n.intsInput(1, "shape");
  if (!x || !sizes)
    return failure();
  int64_t rank = rankOf(x);
  SmallVector<int64_t> axes = n.attrInts("axes");
  if (!n.hasAttr("axes"))
    axes = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  auto normalized = n.normalizeAxes(axes, rank);
  if (!normalized)
    return failure();
  if (sizes->size() != axes.size())
    return n.fail("shape has " + Twine(sizes->size()) + " values for " + Twine(axes.size()) +
                  " axes");
  SmallVector<int64_t> pads(2 * rank, 0);
  // Sizes in the order `axes` gives them (normalizeAxes sorts).
  for (auto [axis, size] : llvm::zip(axes, *sizes)) {
    int64_t a = axis < 0 ? axis + rank : axis, dim = shapeOf(x)[a];
    if (size < 1 || size > kMaxDimSize)
      return n.fail("size " + Twine(size) + " for axis " + Twine(a) + " must be 1.." +
                    Twine(kMaxDimSize));
    if (size < dim)
      x = n.sliceAxis(x, a, (dim - size) / 2, size);
    else
      pads[a] = (size - dim) / 2, pads[rank + a] = size - dim - (size - dim) / 2;
  }
  if (x && llvm::any_of(pads, [](int64_t p) { return p != 0; }))
    x = n.create<PadOp>(x, ArrayRef<int64_t>(pads), APFloat(0.0));
  return n.setResult(x);
}

LogicalResult importSpaceToDepth(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t b = n.attrInt("blocksize", 0);
  if (rankOf(x) != 4 || b < 1 || b > kMaxDimSize || shapeOf(x)[2] % b || shapeOf(x)[3] % b)
    return n.fail("needs a 4-D input whose height and width divide by blocksize " + Twine(b));
  auto [batch, c, h, w] = std::array<int64_t, 4>{shapeOf(x)[0], shapeOf(x)[1], shapeOf(x)[2],
                                                 shapeOf(x)[3]};
  // Output channels in DCR order (block row, block column, channel; the only one before
  // opset 28) or CRD (channel, block row, block column).
  bool crd = n.attrString("mode", "DCR") == "CRD";
  Value y = n.transpose(n.reshape(x, {batch, c, h / b, b, w / b, b}),
                        crd ? ArrayRef<int64_t>{0, 1, 3, 5, 2, 4}
                            : ArrayRef<int64_t>{0, 3, 5, 1, 2, 4});
  return n.setResult(n.reshape(y, {batch, c * b * b, h / b, w / b}));
}

} // namespace picoc::onnximport
