//===- Indexing.cpp - ONNX Gather*, Scatter* and TopK ---------------------------------===//
//
// Gathers are views (picoc.gather / gather_elements: an index load in the kernel). GatherND
// linearizes the indexed dims and gathers along them.
//
// Scatters are written in gather form, so that every output element is computed by one
// kernel lane and no two lanes write the same element: for the output [D...] the importer
// builds `match` [D..., K] (does update k land on this element?) and `values` [D..., K]
// (update k's value), then
//   none:    the last matching update, else data  (a max over k, then a gather)
//   add/mul: data + sum / data * prod of the matching updates
//   max/min: max / min of data and the matching updates
// ScatterElements: K is indices' size along `axis` (the other dims match one to one).
// ScatterND: K is the number of index tuples; each output element compares its leading
// coordinates with every tuple, so the work is |output| * K.
//
// TopK ranks every element of a row against every other one (ties: the lower index first,
// as ONNX orders them), then output r takes the element of rank r: O(N^2 + N * k) per row,
// no sort, all in kernels that the graph passes fuse.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace picoc::onnximport {

namespace {

// Indices known at compile time must lie in [-dim, dim) (kernels clamp unknown ones).
LogicalResult checkKnownIndices(NodeImporter &n, int input, int64_t axis, int64_t dim) {
  if (DenseElementsAttr known = n.constantInput(input))
    if (auto values = intsOf(known))
      for (int64_t i : *values)
        if (i < -dim || i >= dim)
          return n.fail("index " + Twine(i) + " is out of range for dim " + Twine(axis) +
                        " of size " + Twine(dim));
  return success();
}

// Index tuples known at compile time (input 1, [..., q]) must lie within `dims` (q of them).
LogicalResult checkKnownTuples(NodeImporter &n, ArrayRef<int64_t> dims) {
  DenseElementsAttr known = n.constantInput(1);
  auto values = known ? intsOf(known) : std::nullopt;
  if (!values)
    return success();
  int64_t q = dims.size();
  for (auto [k, i] : llvm::enumerate(*values)) {
    int64_t dim = dims[k % q];
    if (i < -dim || i >= dim)
      return n.fail("index " + Twine(i) + " of tuple " + Twine(k / q) +
                    " is out of range for a dim of size " + Twine(dim));
  }
  return success();
}

// Run-time indices must lie in [-dim, dim) too: for each (indices, dim) pair, registers a
// check that fails the run when one does not (ONNX leaves nothing defined for them and
// onnxruntime fails; the kernels clamp them, so no load leaves its buffer meanwhile).
// Indices known at compile time are checkKnownIndices' business.
void checkRunTimeIndices(NodeImporter &n, ArrayRef<std::pair<Value, int64_t>> indices,
                         const Twine &what) {
  Value bad;
  for (auto [index, dim] : indices) {
    Value i = n.cast(index, IntegerType::get(n.context(), 64));
    Value out = n.binary(BinaryFn::logical_or, n.binary(BinaryFn::lt, i, -double(dim)),
                         n.binary(BinaryFn::ge, i, double(dim)));
    bad = bad ? n.binary(BinaryFn::logical_or, bad, out) : out;
  }
  n.addFaultCheck(bad, "an index is out of range (" + what + ")");
}

// Indices along a run-time dim of a size `dim` (a picoc.dim value), known or not, are checked
// when the model runs: a known one may fit some calls and not others.
void checkIndicesAlongRunDim(NodeImporter &n, Value index, Value dim, const Twine &what) {
  Value i = n.cast(index, IntegerType::get(n.context(), 64));
  Value bad = n.binary(BinaryFn::logical_or, n.binary(BinaryFn::lt, i, n.unary(UnaryFn::neg, dim)),
                       n.binary(BinaryFn::ge, i, dim));
  n.addFaultCheck(bad, "an index is out of range (" + what + ")");
}

// The Gather-style check: indices along `axis` of data with `shape`.
void checkRunTimeIndicesAlong(NodeImporter &n, int input, int64_t axis, ArrayRef<int64_t> shape) {
  if (n.constantInput(input))
    return;
  checkRunTimeIndices(n, {{n.input(input), shape[axis]}},
                      "indices along axis " + Twine(axis) + " of data of shape " +
                          shapeString(shape) + " must lie in [" + Twine(-shape[axis]) + ", " +
                          Twine(shape[axis]) + ")");
}

// Indices as i64 with the negative ones counted from the end of a dim of `size`.
Value normalizeIndex(NodeImporter &n, Value index, int64_t size) {
  index = n.cast(index, IntegerType::get(n.context(), 64));
  Value negative = n.binary(BinaryFn::lt, index, 0.0);
  return n.select(negative, n.binary(BinaryFn::add, index, static_cast<double>(size)), index);
}

// The identity of a scatter reduction for element type `et`.
double reductionIdentity(StringRef reduction, Type et) {
  if (reduction == "mul")
    return 1;
  if (reduction != "max" && reduction != "min")
    return 0;
  double big = std::numeric_limits<double>::infinity();
  if (auto it = dyn_cast<IntegerType>(et)) {
    unsigned width = it.getWidth();
    bool isUnsigned = it.isUnsigned() || width == 1;
    double hi = std::ldexp(1.0, static_cast<int>(width) - (isUnsigned ? 0 : 1)) - 1;
    double lo = isUnsigned ? 0 : -hi - 1;
    return reduction == "max" ? lo : hi;
  }
  return reduction == "max" ? -big : big;
}

// data combined with the updates that land on each element (see the file comment). match
// and values broadcast to [D..., K].
Value combineScatter(NodeImporter &n, Value data, Value match, Value values,
                     StringRef reduction) {
  int64_t rank = rankOf(data);
  ArrayRef<int64_t> shape = shapeOf(data);
  if (!match || !values)
    return {};
  int64_t k = std::max(shapeOf(match).back(), shapeOf(values).back());
  SmallVector<int64_t> full(shape);
  full.push_back(k);
  match = n.broadcastTo(match, full);
  if (reduction == "none") {
    Value last = n.reduce(ReduceFn::max,
                          n.select(match, n.iota(k, rank, rank + 1), n.i64Constant({-1}, {})),
                          {rank}); // [D..., 1]
    Value clamped = n.binary(BinaryFn::max, last, n.i64Constant({0}, {}));
    Value picked = n.create<GatherElementsOp>(n.broadcastTo(values, full), clamped,
                                              static_cast<uint64_t>(rank));
    Value any = n.binary(BinaryFn::ge, last, n.i64Constant({0}, {}));
    return n.select(n.reshape(any, shape), n.reshape(picked, shape), data);
  }
  Type et = elementTypeOf(data);
  Value identity = n.scalar(reductionIdentity(reduction, et), et);
  ReduceFn fn = reduction == "add"   ? ReduceFn::sum
                : reduction == "mul" ? ReduceFn::prod
                : reduction == "max" ? ReduceFn::max
                                     : ReduceFn::min;
  BinaryFn combine = reduction == "add"   ? BinaryFn::add
                     : reduction == "mul" ? BinaryFn::mul
                     : reduction == "max" ? BinaryFn::max
                                          : BinaryFn::min;
  Value folded = n.reduce(fn, n.select(match, values, identity), {rank});
  return n.binary(combine, data, n.reshape(folded, shape));
}

} // namespace

// Gather and GatherElements: (data, indices) and an axis; the dialect op does the rest.
template <typename GatherOpT> static LogicalResult importGatherAlong(NodeImporter &n) {
  Value x = n.requiredInput(0), indices = n.requiredInput(1);
  if (!x || !indices)
    return failure();
  auto axis = n.normalizeAxis(n.attrInt("axis", 0), rankOf(x));
  if (!axis)
    return failure();
  if (ShapeDim d = runShape(x.getType())[*axis]; !d.isStatic()) {
    if (!std::is_same_v<GatherOpT, GatherOp>)
      return n.fail("gathers elements along run-time dim " + Twine(*axis) + " of data " +
                    runShapeStr(runShape(x.getType())) + ", which is not supported yet");
    checkIndicesAlongRunDim(n, indices, n.dimValue(d.expr),
                            "indices along run-time axis " + Twine(*axis) + " of size " +
                                runDimStr(d) + " must lie in [-size, size)");
    return n.setResult(n.create<GatherOpT>(x, indices, static_cast<uint64_t>(*axis)));
  }
  if (failed(checkKnownIndices(n, 1, *axis, shapeOf(x)[*axis])))
    return failure();
  checkRunTimeIndicesAlong(n, 1, *axis, shapeOf(x));
  return n.setResult(n.create<GatherOpT>(x, indices, static_cast<uint64_t>(*axis)));
}

LogicalResult importGather(NodeImporter &n) { return importGatherAlong<GatherOp>(n); }

LogicalResult importGatherElements(NodeImporter &n) {
  return importGatherAlong<GatherElementsOp>(n);
}

// GatherND(data, indices [B..., q], batch_dims b): the q indexed dims of data are flattened
// into one (with the b batch dims folded in front), the index tuples linearized, then one
// picoc.gather along that dim.
LogicalResult importGatherND(NodeImporter &n) {
  Value x = n.requiredInput(0), indices = n.requiredInput(1);
  if (!x || !indices)
    return failure();
  ArrayRef<int64_t> shape = shapeOf(x), ishape = shapeOf(indices);
  int64_t b = n.attrInt("batch_dims", 0), r = shape.size(), m = ishape.size();
  int64_t q = m > 0 ? ishape.back() : 0;
  if (m < 1 || b < 0 || b >= m || q < 1 || b + q > r ||
      ishape.take_front(b) != shape.take_front(b))
    return n.fail("indices of shape " + shapeString(ishape) + " do not fit data of shape " +
                  shapeString(shape) + " with batch_dims " + Twine(b));
  int64_t batch = product(shape.take_front(b)), indexed = product(shape.slice(b, q));
  if (indexed == 0)
    return n.fail("indexes an empty dim of data of shape " + shapeString(shape));
  SmallVector<int64_t> tuples(ishape.drop_back()); // [B..., then the rest of the batch]
  SmallVector<Value> columns;
  SmallVector<std::pair<Value, int64_t>> bounds;
  for (int64_t j = 0; j < q; ++j) {
    columns.push_back(n.reshape(n.sliceAxis(indices, m - 1, j, 1), tuples));
    bounds.push_back({columns.back(), shape[b + j]});
  }
  if (failed(checkKnownTuples(n, shape.slice(b, q))))
    return failure();
  if (!n.constantInput(1))
    checkRunTimeIndices(n, bounds, "index tuples into dims " + shapeString(shape.slice(b, q)) +
                                       " of data of shape " + shapeString(shape));
  Value linear;
  int64_t stride = indexed;
  for (int64_t j = 0; j < q; ++j) {
    stride /= shape[b + j];
    Value column = columns[j];
    Value term = n.binary(BinaryFn::mul, normalizeIndex(n, column, shape[b + j]),
                          static_cast<double>(stride));
    linear = linear ? n.binary(BinaryFn::add, linear, term) : term;
  }
  if (b > 0) { // tuple t of batch element c reads row c * indexed + linear
    SmallVector<int64_t> batchShape(shape.take_front(b));
    batchShape.append(m - 1 - b, 1);
    Value rowOffset = n.binary(BinaryFn::mul, n.reshape(n.iota(batch, 0, 1), batchShape),
                               static_cast<double>(indexed));
    linear = n.binary(BinaryFn::add, linear, rowOffset);
  }
  SmallVector<int64_t> flat = {batch * indexed};
  llvm::append_range(flat, shape.drop_front(b + q));
  SmallVector<int64_t> outShape(tuples);
  llvm::append_range(outShape, shape.drop_front(b + q));
  Value gathered = n.create<GatherOp>(n.reshape(x, flat), linear, static_cast<uint64_t>(0));
  return n.setResult(gathered ? n.reshape(gathered, outShape) : Value());
}

void checkScatter(const OnnxNode &n) {
  std::string reduction = n.attrString("reduction", "none");
  if (reduction != "none" && reduction != "add" && reduction != "mul" && reduction != "max" &&
      reduction != "min")
    n.problem("reduction '" + reduction + "' is not supported");
}

// ScatterElements (and Scatter, its name before opset 11).
LogicalResult importScatterElements(NodeImporter &n) {
  Value data = n.requiredInput(0), indices = n.requiredInput(1), updates = n.requiredInput(2);
  if (!data || !indices || !updates)
    return failure();
  int64_t rank = rankOf(data);
  auto axis = n.normalizeAxis(n.attrInt("axis", 0), rank);
  if (!axis)
    return failure();
  ArrayRef<int64_t> shape = shapeOf(data), ishape = shapeOf(indices);
  bool fits = rankOf(indices) == rank && shapeOf(updates) == ishape;
  for (int64_t d = 0; fits && d < rank; ++d)
    fits = d == *axis || ishape[d] <= shape[d];
  if (!fits)
    return n.fail("indices " + shapeString(ishape) + " and updates " +
                  shapeString(shapeOf(updates)) + " do not fit data " + shapeString(shape));
  if (failed(checkKnownIndices(n, 1, *axis, shape[*axis])))
    return failure();
  checkRunTimeIndicesAlong(n, 1, *axis, shape);
  // indices and updates padded to data's dims (but along axis); their axis moved last and a
  // 1 left in its place: [D..1 at axis..., K]. Padded indices never match.
  SmallVector<int64_t> pads(2 * rank, 0), perm, lifted;
  for (int64_t d = 0; d < rank; ++d) {
    if (d != *axis)
      pads[rank + d] = shape[d] - ishape[d], perm.push_back(d);
    lifted.push_back(d == *axis ? 1 : shape[d]);
  }
  perm.push_back(*axis);
  lifted.push_back(ishape[*axis]);
  auto arrange = [&](Value v, double padValue) {
    if (llvm::any_of(pads, [](int64_t p) { return p != 0; }))
      v = n.create<PadOp>(v, ArrayRef<int64_t>(pads), APFloat(padValue));
    return n.reshape(n.transpose(v, perm), lifted);
  };
  Value target = arrange(normalizeIndex(n, indices, shape[*axis]), -1.0);
  Value match = n.binary(BinaryFn::eq, target, n.iota(shape[*axis], *axis, rank + 1));
  return n.setResult(combineScatter(n, data, match, arrange(updates, 0.0),
                                    n.attrString("reduction", "none")));
}

// ScatterND(data [D...], indices [B..., q], updates [B..., D_q...]).
LogicalResult importScatterND(NodeImporter &n) {
  Value data = n.requiredInput(0), indices = n.requiredInput(1), updates = n.requiredInput(2);
  if (!data || !indices || !updates)
    return failure();
  ArrayRef<int64_t> shape = shapeOf(data), ishape = shapeOf(indices);
  int64_t r = shape.size(), m = ishape.size(), q = m > 0 ? ishape.back() : 0;
  if (m < 1)
    return n.fail("indices must have rank >= 1 (index tuples along the last dim)");
  SmallVector<int64_t> expected(ishape.drop_back());
  llvm::append_range(expected, shape.drop_front(std::min(q, r)));
  if (m < 1 || q < 1 || q > r || shapeOf(updates) != ArrayRef<int64_t>(expected))
    return n.fail("indices " + shapeString(ishape) + " and updates " +
                  shapeString(shapeOf(updates)) + " do not fit data " + shapeString(shape));
  int64_t k = product(ishape.drop_back());
  if (failed(checkKnownTuples(n, shape.take_front(q))))
    return failure();
  // match[d..., t] = every coordinate j < q of tuple t equals d_j.
  SmallVector<int64_t> tupleShape(r, 1);
  tupleShape.push_back(k);
  Value tuples = n.reshape(indices, {k, q}), match;
  SmallVector<Value> columns;
  SmallVector<std::pair<Value, int64_t>> bounds;
  for (int64_t j = 0; j < q; ++j) {
    columns.push_back(n.sliceAxis(tuples, 1, j, 1));
    bounds.push_back({columns.back(), shape[j]});
  }
  if (!n.constantInput(1))
    checkRunTimeIndices(n, bounds, "index tuples into dims " + shapeString(shape.take_front(q)) +
                                       " of data of shape " + shapeString(shape));
  for (int64_t j = 0; j < q; ++j) {
    Value column = n.reshape(normalizeIndex(n, columns[j], shape[j]), tupleShape);
    Value equal = n.binary(BinaryFn::eq, column, n.iota(shape[j], j, r + 1));
    match = match ? n.binary(BinaryFn::logical_and, match, equal) : equal;
  }
  // values[1 (q times), D_q..., t] = updates[t, D_q...].
  SmallVector<int64_t> rows = {k}, perm, lifted(q, 1);
  llvm::append_range(rows, shape.drop_front(q));
  for (int64_t d = 1; d <= r - q; ++d)
    perm.push_back(d);
  perm.push_back(0);
  llvm::append_range(lifted, shape.drop_front(q));
  lifted.push_back(k);
  Value values = n.reshape(n.transpose(n.reshape(updates, rows), perm), lifted);
  return n.setResult(combineScatter(n, data, match, values, n.attrString("reduction", "none")));
}

// TopK(X, K): values and int64 indices of the k largest (or smallest) along `axis`.
LogicalResult importTopK(NodeImporter &n) {
  Value x = n.requiredInput(0);
  if (!x)
    return failure();
  int64_t rank = rankOf(x);
  auto axis = n.normalizeAxis(n.attrInt("axis", -1), std::max<int64_t>(rank, 1));
  if (!axis)
    return failure();
  int64_t k = 0;
  if (n.opset() < 10) {
    k = n.attrInt("k", -1);
  } else {
    auto kv = n.intsInput(1, "K");
    if (!kv)
      return failure();
    if (kv->size() != 1)
      return n.fail("K must hold one value");
    k = (*kv)[0];
  }
  if (rank == 0)
    return n.fail("input must have rank >= 1");
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t size = shape[*axis];
  if (k < 0 || k > size)
    return n.fail("K = " + Twine(k) + " is out of range for dim " + Twine(*axis) +
                  " of size " + Twine(size));
  if (k == 0)
    return n.fail("K = 0 gives empty outputs, which are not supported");
  bool largest = n.attrInt("largest", 1) != 0;

  // x viewed as [A, N, 1, B] (element i) and [A, 1, N, B] (element j); j comes before i when
  // it is larger (smaller) or equal with a lower index. rank_i = how many come before i.
  SmallVector<int64_t> asI(shape.take_front(*axis + 1)), asJ(shape.take_front(*axis));
  asI.push_back(1);
  asJ.append({1, size});
  llvm::append_range(asI, shape.drop_front(*axis + 1));
  llvm::append_range(asJ, shape.drop_front(*axis + 1));
  Value xi = n.reshape(x, asI), xj = n.reshape(x, asJ);
  Value iotaI = n.iota(size, *axis, rank + 1), iotaJ = n.iota(size, *axis + 1, rank + 1);
  Value beats = n.binary(largest ? BinaryFn::gt : BinaryFn::lt, xj, xi);
  Value equal = n.binary(BinaryFn::eq, xj, xi);
  if (isa<FloatType>(elementTypeOf(x))) {
    // NaN orders above every number and equal to itself, as in onnxruntime: the largest k
    // start with the NaNs, the smallest k take them last.
    auto isNan = [&](Value v) {
      return n.unary(UnaryFn::logical_not, n.binary(BinaryFn::eq, v, v));
    };
    Value nanI = isNan(xi), nanJ = isNan(xj);
    Value above = largest ? n.binary(BinaryFn::logical_and, nanJ, n.unary(UnaryFn::logical_not, nanI))
                          : n.binary(BinaryFn::logical_and, nanI, n.unary(UnaryFn::logical_not, nanJ));
    beats = n.binary(BinaryFn::logical_or, beats, above);
    equal = n.binary(BinaryFn::logical_or, equal, n.binary(BinaryFn::logical_and, nanI, nanJ));
  }
  Value tie = n.binary(BinaryFn::logical_and, equal, n.binary(BinaryFn::lt, iotaJ, iotaI));
  Value before = n.cast(n.binary(BinaryFn::logical_or, beats, tie), IntegerType::get(n.context(), 64));
  Value ranks = n.reduce(ReduceFn::sum, before, {*axis + 1}); // [A, N, 1, B]

  // Output r takes the one element whose rank is r: a sum over i of the matches.
  Value slot = n.iota(k, *axis + 1, rank + 1); // [1, 1, k, 1]
  Value isSlot = n.binary(BinaryFn::eq, ranks, slot);  // [A, N, k, B]
  SmallVector<int64_t> outShape(shape);
  outShape[*axis] = k;
  Type et = elementTypeOf(x);
  Value values = n.reduce(ReduceFn::sum, n.select(isSlot, xi, n.scalar(0, et)), {*axis});
  Value indices = n.reduce(ReduceFn::sum, n.select(isSlot, iotaI, n.i64Constant({0}, {})), {*axis});
  if (!values || !indices)
    return failure();
  n.setOutput(1, n.reshape(indices, outShape));
  return n.setResult(n.reshape(values, outShape));
}

void checkTensorScatter(const OnnxNode &n) {
  std::string mode = n.attrString("mode", "linear");
  if (mode != "linear" && mode != "circular")
    n.problem("attribute 'mode' must be linear or circular, not '" + mode + "'");
}

// TensorScatter (a KV cache update): present = past with `update` written along `axis` from
// each batch entry's write index on (0 without write_indices; circular: modulo the cache's
// length). In gather form: position s of the cache takes update[s - w[b]] where that lies in
// [0, sequence_length), else past[s]. A linear write past the cache's end fails the run
// (PICORT_ERROR_INDEX), as onnxruntime refuses it.
LogicalResult importTensorScatter(NodeImporter &n) {
  Value past = n.requiredInput(0), update = n.requiredInput(1);
  if (!past || !update)
    return failure();
  int64_t rank = rankOf(past);
  auto axis = n.normalizeAxis(n.attrInt("axis", -2), rank);
  if (!axis)
    return failure();
  if (*axis == 0 || rankOf(update) != rank || elementTypeOf(update) != elementTypeOf(past))
    return n.fail("update must have past_cache's rank and type, and axis must not be the batch");
  ArrayRef<int64_t> shape = shapeOf(past);
  for (int64_t d = 0; d < rank; ++d)
    if (d != *axis ? shapeOf(update)[d] != shape[d] : shapeOf(update)[d] > shape[d])
      return n.fail("update " + shapeString(shapeOf(update)) + " does not fit past_cache " +
                    shapeString(shape) + " along axis " + Twine(*axis));
  int64_t length = shape[*axis], updates = shapeOf(update)[*axis], batch = shape[0];
  if (updates == 0)
    return n.setResult(past); // nothing written
  Type i64 = IntegerType::get(n.context(), 64);
  // w [B, 1, ...]: each batch entry's write index.
  SmallVector<int64_t> perBatch(rank, 1);
  perBatch[0] = batch;
  Value write = n.i64Constant({0}, {});
  if (n.hasInput(2)) {
    Value w = n.requiredInput(2);
    if (!w)
      return failure();
    if (shapeOf(w) != ArrayRef<int64_t>{batch} || !isa<IntegerType>(elementTypeOf(w)))
      return n.fail("write_indices must be [" + Twine(batch) + "] integers");
    write = n.reshape(n.cast(w, i64), perBatch);
    // Linear writes must fit the cache: a decode step past its end fails the run.
    if (n.attrString("mode", "linear") == "linear")
      n.addFaultCheck(
                    n.binary(BinaryFn::logical_or, n.binary(BinaryFn::lt, write, 0.0),
                             n.binary(BinaryFn::gt, write, double(length - updates))),
                    "a write index is out of range (write_indices must lie in [0, " +
                        Twine(length - updates) + "] so that " + Twine(updates) +
                        " updates fit the cache's " + Twine(length) + " positions)");
  }
  Value offset = n.binary(BinaryFn::sub, n.iota(length, *axis, rank), write);
  if (n.attrString("mode", "linear") == "circular")
    offset = n.binary(BinaryFn::mod, offset, double(length));
  Value inside = n.binary(BinaryFn::logical_and,
                          n.binary(BinaryFn::ge, offset, 0.0),
                          n.binary(BinaryFn::lt, offset, double(updates)));
  Value clamped = n.clamp(offset, 0, updates - 1);
  Value written = n.create<GatherElementsOp>(update, n.broadcastTo(clamped, shape),
                                             static_cast<uint64_t>(*axis));
  return n.setResult(n.select(n.broadcastTo(inside, shape), written, past));
}

// Compress (9-28): the slices (or, without an axis, the elements of the flattened input)
// where the condition holds; the condition must be known at compile time (it decides the
// result's shape). Slices past the condition's end are dropped.
LogicalResult importCompress(NodeImporter &n) {
  Value x = n.requiredInput(0);
  DenseElementsAttr condition = n.constantInput(1);
  if (!x)
    return failure();
  if (!condition)
    return n.failNotKnown(1, "condition", "a bool tensor");
  if (condition.getType().getRank() != 1)
    return n.fail("the condition must be 1-D");
  int64_t axis = 0;
  if (n.hasAttr("axis")) {
    auto normalized = n.normalizeAxis(n.attrInt("axis", 0), rankOf(x));
    if (!normalized)
      return failure();
    axis = *normalized;
  } else {
    x = n.reshape(x, {product(shapeOf(x))});
  }
  SmallVector<double> flags = doublesOf(condition);
  if (static_cast<int64_t>(flags.size()) > shapeOf(x)[axis])
    return n.fail("the condition is longer than the input along the axis");
  SmallVector<int64_t> kept;
  for (auto [i, flag] : llvm::enumerate(flags))
    if (flag != 0)
      kept.push_back(static_cast<int64_t>(i));
  Value indices = n.i64Constant(kept, {static_cast<int64_t>(kept.size())});
  return n.setResult(n.create<GatherOp>(x, indices, static_cast<uint64_t>(axis)));
}

// ReverseSequence (10): along the time axis, batch entry b's first sequence_lens[b] elements
// reversed, the rest as they are: a gather along the time axis of index
// t < len[b] ? len[b] - 1 - t : t.
LogicalResult importReverseSequence(NodeImporter &n) {
  Value x = n.requiredInput(0), lens = n.requiredInput(1);
  if (!x || !lens)
    return failure();
  int64_t rank = rankOf(x);
  auto batchAxis = n.normalizeAxis(n.attrInt("batch_axis", 1), rank, "batch_axis");
  auto timeAxis = n.normalizeAxis(n.attrInt("time_axis", 0), rank, "time_axis");
  if (!batchAxis || !timeAxis)
    return failure();
  if (rank < 2 || *batchAxis == *timeAxis || *batchAxis > 1 || *timeAxis > 1)
    return n.fail("batch_axis and time_axis must be 0 and 1 in some order, of an input of rank >= 2");
  int64_t batch = shapeOf(x)[*batchAxis];
  if (rankOf(lens) != 1 || shapeOf(lens)[0] != batch)
    return n.fail("sequence_lens must hold one length per batch entry (" + Twine(batch) + ")");
  SmallVector<int64_t> lensShape(rank, 1);
  lensShape[*batchAxis] = batch;
  Value len = n.reshape(n.cast(lens, IntegerType::get(n.context(), 64)), lensShape);
  Value t = n.iota(shapeOf(x)[*timeAxis], *timeAxis, rank);
  Value reversed = n.binary(BinaryFn::sub, n.binary(BinaryFn::sub, len, 1.0), t);
  Value index = n.select(n.binary(BinaryFn::lt, t, len), reversed, t);
  return n.setResult(n.create<GatherElementsOp>(x, n.broadcastTo(index, shapeOf(x)),
                                                static_cast<uint64_t>(*timeAxis)));
}

// Unique (11): its outputs' shapes depend on X's values, so X must be known at compile time
// (a constant, or a graph input fixed with --bind); everything is then computed here. The
// elements (no axis: of the flattened X) or the slices along `axis` are compared as numpy
// does: sorted ascending (lexicographically for slices), NaNs equal to each other and last;
// or in the order of their first occurrence.
LogicalResult importUnique(NodeImporter &n) {
  Value input = n.requiredInput(0);
  DenseElementsAttr x = n.constantInput(0);
  if (!input)
    return failure();
  if (!x)
    return n.failNotKnown(0, "X", "a tensor");
  SmallVector<int64_t> shape(shapeOf(input));
  int64_t axis = 0;
  bool hasAxis = n.hasAttr("axis");
  if (hasAxis) {
    auto normalized = n.normalizeAxis(n.attrInt("axis", 0), static_cast<int64_t>(shape.size()));
    if (!normalized)
      return failure();
    axis = *normalized;
  } else {
    input = n.reshape(input, {product(shape)});
    shape = {product(shape)};
  }
  // Slice s along the axis: the elements at index s of that dim, in row-major order.
  bool isFloat = isa<FloatType>(x.getElementType());
  SmallVector<double> values = doublesOf(x);
  SmallVector<int64_t> ints;
  if (!isFloat)
    ints = *intsOf(x);
  int64_t count = shape[axis], inner = 1, outer = 1;
  for (int64_t d = axis + 1; d < static_cast<int64_t>(shape.size()); ++d)
    inner *= shape[d];
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  auto element = [&](int64_t s, int64_t k) { // k-th element of slice s
    return (k / inner) * count * inner + s * inner + k % inner;
  };
  int64_t sliceSize = outer * inner;
  // -1, 0, 1 as slice a is below, equal to, above slice b (NaN: equal to NaN, above numbers).
  auto compare = [&](int64_t a, int64_t b) {
    for (int64_t k = 0; k < sliceSize; ++k) {
      int64_t i = element(a, k), j = element(b, k);
      if (!isFloat) {
        if (ints[i] != ints[j])
          return ints[i] < ints[j] ? -1 : 1;
        continue;
      }
      double p = values[i], q = values[j];
      bool pn = std::isnan(p), qn = std::isnan(q);
      if (pn || qn) {
        if (pn != qn)
          return pn ? 1 : -1;
        continue;
      }
      if (p != q)
        return p < q ? -1 : 1;
    }
    return 0;
  };
  SmallVector<int64_t> firsts, inverse(count), counts;
  for (int64_t s = 0; s < count; ++s) {
    auto found = llvm::find_if(firsts, [&](int64_t f) { return compare(f, s) == 0; });
    if (found == firsts.end()) {
      inverse[s] = static_cast<int64_t>(firsts.size());
      firsts.push_back(s);
      counts.push_back(1);
    } else {
      inverse[s] = found - firsts.begin();
      ++counts[inverse[s]];
    }
  }
  if (n.attrInt("sorted", 1) != 0) {
    SmallVector<int64_t> order(firsts.size()), rank(firsts.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = static_cast<int64_t>(i);
    llvm::stable_sort(order, [&](int64_t a, int64_t b) {
      return compare(firsts[a], firsts[b]) < 0;
    });
    SmallVector<int64_t> sortedFirsts, sortedCounts;
    for (size_t i = 0; i < order.size(); ++i) {
      rank[order[i]] = static_cast<int64_t>(i);
      sortedFirsts.push_back(firsts[order[i]]);
      sortedCounts.push_back(counts[order[i]]);
    }
    for (int64_t &v : inverse)
      v = rank[v];
    firsts = sortedFirsts, counts = sortedCounts;
  }
  int64_t unique = static_cast<int64_t>(firsts.size());
  Value indices = n.i64Constant(firsts, {unique});
  n.setOutput(1, indices);
  n.setOutput(2, n.i64Constant(inverse, {count}));
  n.setOutput(3, n.i64Constant(counts, {unique}));
  return n.setResult(n.create<GatherOp>(input, indices, static_cast<uint64_t>(axis)));
}

// NonZero (9): the indices [rank, count] of X's nonzero elements in row-major order; the
// count depends on X's values, so X must be known at compile time (as for Unique).
LogicalResult importNonZero(NodeImporter &n) {
  Value input = n.requiredInput(0);
  DenseElementsAttr x = n.constantInput(0);
  if (!input)
    return failure();
  if (!x)
    return n.failNotKnown(0, "X", "a tensor");
  SmallVector<int64_t> shape(shapeOf(input));
  if (shape.empty())
    shape = {1}; // a scalar counts as one element of a 1-D tensor
  SmallVector<double> values = doublesOf(x);
  SmallVector<SmallVector<int64_t>> coords(shape.size());
  for (int64_t i = 0; i < static_cast<int64_t>(values.size()); ++i) {
    if (values[i] == 0)
      continue;
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1, rest = i; d >= 0; --d) {
      coords[d].push_back(rest % shape[d]);
      rest /= shape[d];
    }
  }
  int64_t found = coords[0].size();
  SmallVector<int64_t> flat;
  for (auto &c : coords) // the dims were filled last to first; each list is in element order
    flat.append(c.begin(), c.end());
  return n.setResult(n.i64Constant(flat, {static_cast<int64_t>(shape.size()), found}));
}

} // namespace picoc::onnximport
