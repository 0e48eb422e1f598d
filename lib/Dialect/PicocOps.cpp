//===- PicocOps.cpp - type inference and verifiers of the picoc ops ----------------===//
//
// Shape rules follow ONNX: numpy broadcasting for elementwise ops, batch broadcasting for
// matmul, floor((in + pads - dilation*(k-1) - 1) / stride) + 1 for convolution.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Dialect/RunShape.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;

namespace picoc {

static RankedTensorType rankedType(Value v) { return cast<RankedTensorType>(v.getType()); }

static LogicalResult inferBroadcast(std::optional<Location> loc, ArrayRef<Value> operands,
                                    Type elementType, SmallVectorImpl<Type> &results) {
  RunShape shape;
  for (Value v : operands) {
    auto b = broadcastRunShapes(shape, runShape(v.getType()));
    if (failed(b))
      return emitOptionalError(loc, "operand shapes do not broadcast: ", runShapeStr(shape),
                               " and ", runShapeStr(runShape(v.getType())));
    shape = *b;
  }
  results.push_back(runTensorType(shape, elementType));
  return success();
}

// Ops that do not take run-time dims yet.
static LogicalResult refuseRunDims(std::optional<Location> loc, ValueRange operands,
                                   StringRef op) {
  for (Value v : operands)
    if (hasRunDims(v.getType()))
      return emitOptionalError(loc, op, " does not take run-time dims yet: ",
                               runShapeStr(runShape(v.getType())));
  return success();
}

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                           ValueRange operands, DictionaryAttr attributes,
                                           OpaqueProperties properties, RegionRange regions,
                                           SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  results.push_back(adaptor.getValue().getType());
  return success();
}

LogicalResult DimOp::verify() {
  if (getValue().getNumDims() != 0 || getValue().getNumResults() != 1)
    return emitOpError("needs a map of symbols to one result, not ") << getValueAttr();
  return success();
}

//===----------------------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------------------===//

LogicalResult BinaryOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attributes,
                                         OpaqueProperties properties, RegionRange regions,
                                         SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  Type element = isPredicate(adaptor.getFn()) ? IntegerType::get(context, 1)
                                              : rankedType(operands[0]).getElementType();
  return inferBroadcast(loc, {operands[0], operands[1]}, element, results);
}

LogicalResult BinaryOp::verify() {
  if (getLhs().getType().getElementType() != getRhs().getType().getElementType())
    return emitOpError("operands have different element types: ")
           << getLhs().getType().getElementType() << " and "
           << getRhs().getType().getElementType();
  return success();
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attributes,
                                         OpaqueProperties properties, RegionRange regions,
                                         SmallVectorImpl<Type> &results) {
  if (!rankedType(operands[0]).getElementType().isInteger(1))
    return emitOptionalError(loc, "condition must be an i1 tensor");
  if (rankedType(operands[1]).getElementType() != rankedType(operands[2]).getElementType())
    return emitOptionalError(loc, "branches have different element types");
  return inferBroadcast(loc, {operands[0], operands[1], operands[2]},
                        rankedType(operands[1]).getElementType(), results);
}

//===----------------------------------------------------------------------------------===//
// Reductions and contractions
//===----------------------------------------------------------------------------------===//

LogicalResult ReduceOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attributes,
                                         OpaqueProperties properties, RegionRange regions,
                                         SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  auto type = rankedType(operands[0]);
  RunShape shape = runShape(type);
  for (int64_t axis : adaptor.getAxes()) {
    if (axis < 0 || axis >= type.getRank())
      return emitOptionalError(loc, "reduction axis ", axis, " out of range for rank ",
                               type.getRank());
    shape[axis] = staticDim(context, 1);
  }
  results.push_back(runTensorType(shape, type.getElementType()));
  return success();
}

LogicalResult ReduceOp::verify() {
  SmallVector<int64_t> axes(getAxes());
  llvm::sort(axes);
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end())
    return emitOpError("repeated reduction axis");
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attributes,
                                         OpaqueProperties properties, RegionRange regions,
                                         SmallVectorImpl<Type> &results) {
  auto a = rankedType(operands[0]), b = rankedType(operands[1]);
  if (a.getRank() < 2 || b.getRank() < 2)
    return emitOptionalError(loc, "matmul operands need rank >= 2");
  RunShape as = runShape(a), bs = runShape(b);
  ShapeDim m = as[as.size() - 2], k = as.back(), k2 = bs[bs.size() - 2], n = bs.back();
  if (k != k2)
    return emitOptionalError(loc, "matmul contraction dims differ: ", runDimStr(k), " and ",
                             runDimStr(k2));
  auto batch = broadcastRunShapes(RunShape(ArrayRef<ShapeDim>(as).drop_back(2)),
                                  RunShape(ArrayRef<ShapeDim>(bs).drop_back(2)));
  if (failed(batch))
    return emitOptionalError(loc, "matmul batch dims do not broadcast");
  RunShape shape = *batch;
  shape.push_back(m);
  shape.push_back(n);
  results.push_back(runTensorType(shape, a.getElementType()));
  return success();
}

LogicalResult MatMulOp::verify() {
  if (getLhs().getType().getElementType() != getRhs().getType().getElementType())
    return emitOpError("operands have different element types");
  return success();
}

LogicalResult AttentionOp::verify() {
  auto q = cast<RankedTensorType>(getQ().getType()), k = cast<RankedTensorType>(getK().getType()),
       v = cast<RankedTensorType>(getV().getType()),
       out = cast<RankedTensorType>(getResult().getType());
  if (q.getRank() < 2 || k.getRank() < 2 || v.getRank() < 2 || out.getRank() < 2)
    return emitOpError("q, k, v and the result need rank >= 2");
  if (!q.getElementType().isF32() || k.getElementType() != q.getElementType() ||
      v.getElementType() != q.getElementType() || out.getElementType() != q.getElementType())
    return emitOpError("q, k, v and the result must all be f32");
  RunShape qs = runShape(q), ks = runShape(k), vs = runShape(v), os = runShape(out);
  if (qs.back() != ks.back())
    return emitOpError("q and k differ in their last dim (the head dim)");
  if (ks[ks.size() - 2] != vs[vs.size() - 2])
    return emitOpError("k and v differ in their number of keys");
  if (os[os.size() - 2] != qs[qs.size() - 2] || os.back() != vs.back())
    return emitOpError("the result is not [..., M, D] for q [..., M, E] and v [..., N, D]");
  auto batch = [](const RunShape &s) { return RunShape(ArrayRef<ShapeDim>(s).drop_back(2)); };
  FailureOr<RunShape> b = broadcastRunShapes(batch(qs), batch(ks));
  if (succeeded(b))
    b = broadcastRunShapes(*b, batch(vs));
  if (failed(b) || *b != batch(os))
    return emitOpError("the batch dims of q, k and v do not broadcast to the result's");
  if (Value bias = getBias()) {
    RunShape scores = batch(os);
    scores.push_back(qs[qs.size() - 2]);
    scores.push_back(ks[ks.size() - 2]);
    FailureOr<RunShape> bs = broadcastRunShapes(scores, runShape(bias.getType()));
    if (failed(bs) || *bs != scores ||
        cast<RankedTensorType>(bias.getType()).getElementType() != q.getElementType())
      return emitOpError("the bias is not an f32 tensor that broadcasts to the scores");
  }
  return success();
}

LogicalResult ConvOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                       ValueRange operands, DictionaryAttr attributes,
                                       OpaqueProperties properties, RegionRange regions,
                                       SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  if (failed(refuseRunDims(loc, operands, "conv")))
    return failure();
  auto x = rankedType(operands[0]), w = rankedType(operands[1]);
  int64_t spatial = x.getRank() - 2;
  if (spatial < 1 || w.getRank() != x.getRank())
    return emitOptionalError(loc, "conv needs input and filter of equal rank >= 3");
  if (static_cast<int64_t>(adaptor.getStrides().size()) != spatial ||
      static_cast<int64_t>(adaptor.getDilations().size()) != spatial ||
      static_cast<int64_t>(adaptor.getPads().size()) != 2 * spatial)
    return emitOptionalError(loc, "conv strides/dilations/pads do not match ", spatial,
                             " spatial dims");
  int64_t group = adaptor.getGroup();
  int64_t channels = x.getShape()[1];
  if (group < 1 || group > channels || channels % group != 0 ||
      channels / group != w.getShape()[1] || w.getShape()[0] % group)
    return emitOptionalError(loc, "conv channels do not match: input ", x.getShape()[1],
                             ", filter ", w.getShape()[1], " x group ", group);
  SmallVector<int64_t> shape = {x.getShape()[0], w.getShape()[0]};
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t stride = adaptor.getStrides()[i], dilation = adaptor.getDilations()[i];
    if (stride < 1 || dilation < 1)
      return emitOptionalError(loc, "conv strides and dilations must be positive");
    int64_t span = dilation * (w.getShape()[2 + i] - 1) + 1;
    int64_t in = x.getShape()[2 + i] + adaptor.getPads()[i] + adaptor.getPads()[spatial + i];
    if (in < span)
      return emitOptionalError(loc, "conv window larger than the padded input");
    shape.push_back((in - span) / stride + 1);
  }
  results.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

LogicalResult ConvOp::verify() {
  for (int64_t p : getPads())
    if (p < 0)
      return emitOpError("negative pad");
  return success();
}

//===----------------------------------------------------------------------------------===//
// Views
//===----------------------------------------------------------------------------------===//

LogicalResult BitcastOp::verify() {
  auto from = dtypeOf(getInput().getType().getElementType());
  auto to = dtypeOf(getType().getElementType());
  if (!from || !to || kir::dtypeBits(*from) != kir::dtypeBits(*to))
    return emitOpError("needs element types of one width, not ")
           << getInput().getType().getElementType() << " and " << getType().getElementType();
  if (runShape(getInput().getType()) != runShape(getType()))
    return emitOpError("changes the dims: ") << getInput().getType() << " to " << getType();
  return success();
}

LogicalResult CastOp::verify() {
  if (runShape(getInput().getType()) != runShape(getType()))
    return emitOpError("changes the dims: ") << getInput().getType() << " to " << getType();
  return success();
}

LogicalResult ReshapeOp::verify() {
  if (getInput().getType().getNumElements() != getResult().getType().getNumElements())
    return emitOpError("element count changes from ") << getInput().getType().getNumElements()
                                                      << " to "
                                                      << getResult().getType().getNumElements();
  if (getInput().getType().getElementType() != getResult().getType().getElementType())
    return emitOpError("element type changes");
  if (hasRunDims(getInput().getType()) || hasRunDims(getType())) {
    std::string why = checkRunReshape(runShape(getInput().getType()), runShape(getType()));
    if (!why.empty())
      return emitOpError("cannot reshape ") << runShapeStr(runShape(getInput().getType()))
                                            << " to " << runShapeStr(runShape(getType()))
                                            << ": " << why;
  }
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                            ValueRange operands, DictionaryAttr attributes,
                                            OpaqueProperties properties, RegionRange regions,
                                            SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  auto type = rankedType(operands[0]);
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (static_cast<int64_t>(perm.size()) != type.getRank())
    return emitOptionalError(loc, "permutation size differs from rank");
  RunShape in = runShape(type), shape;
  SmallVector<bool> seen(perm.size(), false);
  for (int64_t p : perm) {
    if (p < 0 || p >= type.getRank() || seen[p])
      return emitOptionalError(loc, "invalid permutation");
    seen[p] = true;
    shape.push_back(in[p]);
  }
  results.push_back(runTensorType(shape, type.getElementType()));
  return success();
}

LogicalResult TransposeOp::verify() { return success(); }

LogicalResult BroadcastOp::verify() {
  RunShape in = runShape(getInput().getType()), out = runShape(getType());
  auto b = broadcastRunShapes(in, out);
  if (in.size() > out.size() || failed(b) || *b != out)
    return emitOpError("cannot broadcast ") << getInput().getType() << " to "
                                            << getResult().getType();
  return success();
}

LogicalResult SliceOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (getStarts().size() != static_cast<size_t>(in.getRank()) ||
      getSteps().size() != static_cast<size_t>(in.getRank()) || out.getRank() != in.getRank())
    return emitOpError("starts/steps must have one entry per dim");
  RunShape inDims = runShape(in), outDims = runShape(out);
  for (int64_t i = 0; i < in.getRank(); ++i) {
    int64_t start = getStarts()[i], step = getSteps()[i], n = out.getShape()[i];
    if (step == 0)
      return emitOpError("zero step");
    // A run-time size is read with step 1 (elements start.. of the bounds' layout).
    if (!outDims[i].isStatic() && step != 1)
      return emitOpError("slices run-time dim ") << i << " of " << runShapeStr(inDims)
                                                 << " with step " << step;
    if (n == 0)
      continue;
    int64_t last = start + (n - 1) * step;
    if (start < 0 || start >= in.getShape()[i] || last < 0 || last >= in.getShape()[i])
      return emitOpError("slice reads outside dim ") << i;
  }
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attributes,
                                         OpaqueProperties properties, RegionRange regions,
                                         SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  if (operands.empty())
    return emitOptionalError(loc, "concat needs an input");
  auto first = rankedType(operands[0]);
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= first.getRank())
    return emitOptionalError(loc, "concat axis out of range");
  RunShape shape = runShape(first);
  shape[axis] = staticDim(context, 0);
  for (Value v : operands) {
    auto t = rankedType(v);
    if (t.getRank() != first.getRank() || t.getElementType() != first.getElementType())
      return emitOptionalError(loc, "concat inputs differ in rank or element type");
    RunShape dims = runShape(t);
    for (int64_t i = 0; i < t.getRank(); ++i)
      if (i != axis && dims[i] != shape[i])
        return emitOptionalError(loc, "concat inputs differ in dim ", i);
    shape[axis] = {shape[axis].expr + dims[axis].expr, shape[axis].bound + dims[axis].bound};
  }
  results.push_back(runTensorType(shape, first.getElementType()));
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                      ValueRange operands, DictionaryAttr attributes,
                                      OpaqueProperties properties, RegionRange regions,
                                      SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  auto type = rankedType(operands[0]);
  ArrayRef<int64_t> pads = adaptor.getPads();
  if (static_cast<int64_t>(pads.size()) != 2 * type.getRank())
    return emitOptionalError(loc, "pads must have 2 * rank entries");
  RunShape in = runShape(type), shape;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    int64_t lo = pads[i], hi = pads[type.getRank() + i];
    if (lo < 0 || hi < 0)
      return emitOptionalError(loc, "negative pads are slices, not pads");
    shape.push_back({in[i].expr + (lo + hi), in[i].bound + lo + hi});
  }
  results.push_back(runTensorType(shape, type.getElementType()));
  return success();
}

LogicalResult WindowOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attributes,
                                         OpaqueProperties properties, RegionRange regions,
                                         SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  if (failed(refuseRunDims(loc, operands, "window")))
    return failure();
  auto type = rankedType(operands[0]);
  ArrayRef<int64_t> kernel = adaptor.getKernel(), strides = adaptor.getStrides(),
                    dilations = adaptor.getDilations();
  int64_t k = kernel.size(), lead = type.getRank() - k;
  if (k == 0 || lead < 0 || strides.size() != kernel.size() || dilations.size() != kernel.size())
    return emitOptionalError(loc, "window needs one kernel size, stride and dilation per "
                                  "trailing dim, at most the input's rank");
  SmallVector<int64_t> shape(type.getShape().take_front(lead));
  for (int64_t i = 0; i < k; ++i) {
    int64_t span = (kernel[i] - 1) * dilations[i] + 1, in = type.getShape()[lead + i];
    if (kernel[i] < 1 || strides[i] < 1 || dilations[i] < 1 || span > in)
      return emitOptionalError(loc, "window ", kernel[i], " (dilation ", dilations[i],
                               ") does not fit dim ", lead + i, " of size ", in);
    shape.push_back((in - span) / strides[i] + 1);
  }
  llvm::append_range(shape, kernel);
  results.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attributes,
                                         OpaqueProperties properties, RegionRange regions,
                                         SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  auto data = rankedType(operands[0]), indices = rankedType(operands[1]);
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= data.getRank())
    return emitOptionalError(loc, "gather axis out of range");
  if (!indices.getElementType().isInteger(64) && !indices.getElementType().isInteger(32))
    return emitOptionalError(loc, "gather indices must be i32 or i64");
  RunShape dataDims = runShape(data);
  RunShape shape(ArrayRef<ShapeDim>(dataDims).take_front(axis));
  llvm::append_range(shape, runShape(indices));
  llvm::append_range(shape, ArrayRef<ShapeDim>(dataDims).drop_front(axis + 1));
  results.push_back(runTensorType(shape, data.getElementType()));
  return success();
}

LogicalResult GatherElementsOp::inferReturnTypes(MLIRContext *context,
                                                 std::optional<Location> loc,
                                                 ValueRange operands, DictionaryAttr attributes,
                                                 OpaqueProperties properties, RegionRange regions,
                                                 SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
  auto data = rankedType(operands[0]), indices = rankedType(operands[1]);
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= data.getRank())
    return emitOptionalError(loc, "gather_elements axis out of range");
  if (indices.getRank() != data.getRank())
    return emitOptionalError(loc, "gather_elements indices must have the input's rank");
  if (!indices.getElementType().isInteger(64) && !indices.getElementType().isInteger(32))
    return emitOptionalError(loc, "gather_elements indices must be i32 or i64");
  if (failed(refuseRunDims(loc, operands, "gather_elements")))
    return failure();
  for (int64_t d = 0; d < data.getRank(); ++d)
    if (d != axis && indices.getShape()[d] > data.getShape()[d])
      return emitOptionalError(loc, "gather_elements indices dim ", d, " exceeds the input's");
  results.push_back(RankedTensorType::get(indices.getShape(), data.getElementType()));
  return success();
}

//===----------------------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------------------===//

LogicalResult KernelOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("body has ") << body.getNumArguments() << " arguments for "
                                    << getInputs().size() << " inputs";
  for (auto [arg, input] : llvm::zip(body.getArguments(), getInputs()))
    if (arg.getType() != input.getType())
      return emitOpError("body argument type differs from its input");
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield || yield.getValue().getType() != getResult().getType())
    return emitOpError("body must end in a picoc.yield of the result type");
  // One reduction loop: a matmul or conv alone, or reduces that share their input shape and
  // axes (a row kernel folds them one after the other over the same axes).
  int contractions = 0;
  ReduceOp first;
  for (Operation &op : body) {
    contractions += isa<MatMulOp, ConvOp>(op);
    auto reduce = dyn_cast<ReduceOp>(op);
    if (!reduce)
      continue;
    if (!first)
      first = reduce;
    else if (cast<RankedTensorType>(reduce.getInput().getType()).getShape() !=
                 cast<RankedTensorType>(first.getInput().getType()).getShape() ||
             reduce.getAxes() != first.getAxes())
      return emitOpError("the reduces of a kernel must share their input shape and axes");
  }
  if (contractions + (first ? 1 : 0) > 1)
    return emitOpError("a kernel holds one matmul or conv, or reduces, not both");
  return success();
}

//===----------------------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------------------===//

LogicalResult LoopOp::verify() {
  auto scalar = [](Value v, unsigned width) {
    auto t = cast<RankedTensorType>(v.getType());
    return t.getNumElements() == 1 && t.getElementType().isInteger(width);
  };
  if (getTripCount() && !scalar(getTripCount(), 64))
    return emitOpError("trip_count must be one i64");
  if (getCond() && !scalar(getCond(), 1))
    return emitOpError("cond must be one i1");
  if (numScans() < 0)
    return emitOpError("has fewer results than carried values");
  Block &body = getBody().front();
  if (body.getNumArguments() != 1 + getInits().size())
    return emitOpError("body must take the iteration number and the carried values");
  auto iteration = cast<RankedTensorType>(body.getArgument(0).getType());
  if (iteration.getRank() != 0 || !iteration.getElementType().isInteger(64))
    return emitOpError("body's first argument must be tensor<i64>");
  for (auto [i, init] : llvm::enumerate(getInits()))
    if (body.getArgument(1 + i).getType() != init.getType() ||
        getResult(i).getType() != init.getType())
      return emitOpError("carried value ") << i << " changes type";
  auto yield = dyn_cast<LoopYieldOp>(body.getTerminator());
  if (!yield || !scalar(yield.getCond(), 1) ||
      yield.getValues().size() != getResults().size())
    return emitOpError("body must end in a picoc.loop_yield of a condition and one value per "
                       "result");
  for (int64_t i = 0; i < numCarried(); ++i)
    if (yield.getValues()[i].getType() != getInits()[i].getType())
      return emitOpError("body yields carried value ") << i << " of another type";
  // Scan outputs: as many rows as iterations, which the trip count fixes (the importer also
  // proves that the condition stays true).
  DenseElementsAttr trips;
  if (numScans() > 0 &&
      (!getTripCount() || !matchPattern(getTripCount(), m_Constant(&trips))))
    return emitOpError("scan outputs need a trip count known at compile time");
  for (int64_t k = 0; k < numScans(); ++k) {
    auto part = cast<RankedTensorType>(yield.getValues()[numCarried() + k].getType());
    auto stacked = cast<RankedTensorType>(getResult(numCarried() + k).getType());
    if (stacked.getRank() != part.getRank() + 1 ||
        stacked.getShape().drop_front() != part.getShape() ||
        stacked.getElementType() != part.getElementType() ||
        stacked.getShape()[0] != (*trips.getValues<APInt>().begin()).getSExtValue())
      return emitOpError("scan output ") << k << " is not its values stacked along dim 0, a "
                                            "row per iteration";
  }
  return success();
}

} // namespace picoc

#define GET_OP_CLASSES
#include "picoc/Dialect/PicocOps.cpp.inc"
