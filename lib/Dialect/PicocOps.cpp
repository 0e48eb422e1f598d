//===- PicocOps.cpp - type inference and verifiers of the picoc ops ----------------===//
//
// Shape rules follow ONNX: numpy broadcasting for elementwise ops, batch broadcasting for
// matmul, floor((in + pads - dilation*(k-1) - 1) / stride) + 1 for convolution.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;

namespace picoc {

static RankedTensorType rankedType(Value v) { return cast<RankedTensorType>(v.getType()); }

static LogicalResult inferBroadcast(std::optional<Location> loc, ArrayRef<Value> operands,
                                    Type elementType, SmallVectorImpl<Type> &results) {
  SmallVector<int64_t> shape;
  for (Value v : operands) {
    auto b = broadcastShapes(shape, rankedType(v).getShape());
    if (failed(b))
      return emitOptionalError(loc, "operand shapes do not broadcast: ", shape, " and ",
                               rankedType(v).getShape());
    shape = *b;
  }
  results.push_back(RankedTensorType::get(shape, elementType));
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
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t axis : adaptor.getAxes()) {
    if (axis < 0 || axis >= type.getRank())
      return emitOptionalError(loc, "reduction axis ", axis, " out of range for rank ",
                               type.getRank());
    shape[axis] = 1;
  }
  results.push_back(RankedTensorType::get(shape, type.getElementType()));
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
  int64_t m = a.getShape()[a.getRank() - 2], k = a.getShape().back();
  int64_t k2 = b.getShape()[b.getRank() - 2], n = b.getShape().back();
  if (k != k2)
    return emitOptionalError(loc, "matmul contraction dims differ: ", k, " and ", k2);
  auto batch = broadcastShapes(a.getShape().drop_back(2), b.getShape().drop_back(2));
  if (failed(batch))
    return emitOptionalError(loc, "matmul batch dims do not broadcast");
  SmallVector<int64_t> shape = *batch;
  shape.push_back(m);
  shape.push_back(n);
  results.push_back(RankedTensorType::get(shape, a.getElementType()));
  return success();
}

LogicalResult MatMulOp::verify() {
  if (getLhs().getType().getElementType() != getRhs().getType().getElementType())
    return emitOpError("operands have different element types");
  return success();
}

LogicalResult ConvOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                       ValueRange operands, DictionaryAttr attributes,
                                       OpaqueProperties properties, RegionRange regions,
                                       SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
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
  return success();
}

LogicalResult ReshapeOp::verify() {
  if (getInput().getType().getNumElements() != getResult().getType().getNumElements())
    return emitOpError("element count changes from ") << getInput().getType().getNumElements()
                                                      << " to "
                                                      << getResult().getType().getNumElements();
  if (getInput().getType().getElementType() != getResult().getType().getElementType())
    return emitOpError("element type changes");
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
  SmallVector<int64_t> shape;
  SmallVector<bool> seen(perm.size(), false);
  for (int64_t p : perm) {
    if (p < 0 || p >= type.getRank() || seen[p])
      return emitOptionalError(loc, "invalid permutation");
    seen[p] = true;
    shape.push_back(type.getShape()[p]);
  }
  results.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult TransposeOp::verify() { return success(); }

LogicalResult BroadcastOp::verify() {
  auto in = getInput().getType().getShape(), out = getResult().getType().getShape();
  auto b = broadcastShapes(in, out);
  if (in.size() > out.size() || failed(b) || ArrayRef<int64_t>(*b) != out)
    return emitOpError("cannot broadcast ") << getInput().getType() << " to "
                                            << getResult().getType();
  return success();
}

LogicalResult SliceOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (getStarts().size() != static_cast<size_t>(in.getRank()) ||
      getSteps().size() != static_cast<size_t>(in.getRank()) || out.getRank() != in.getRank())
    return emitOpError("starts/steps must have one entry per dim");
  for (int64_t i = 0; i < in.getRank(); ++i) {
    int64_t start = getStarts()[i], step = getSteps()[i], n = out.getShape()[i];
    if (step == 0)
      return emitOpError("zero step");
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
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (Value v : operands) {
    auto t = rankedType(v);
    if (t.getRank() != first.getRank() || t.getElementType() != first.getElementType())
      return emitOptionalError(loc, "concat inputs differ in rank or element type");
    for (int64_t i = 0; i < t.getRank(); ++i)
      if (i != axis && t.getShape()[i] != first.getShape()[i])
        return emitOptionalError(loc, "concat inputs differ in dim ", i);
    shape[axis] += t.getShape()[axis];
  }
  results.push_back(RankedTensorType::get(shape, first.getElementType()));
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
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (pads[i] < 0 || pads[type.getRank() + i] < 0)
      return emitOptionalError(loc, "negative pads are slices, not pads");
    shape.push_back(type.getShape()[i] + pads[i] + pads[type.getRank() + i]);
  }
  results.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

LogicalResult WindowOp::inferReturnTypes(MLIRContext *context, std::optional<Location> loc,
                                         ValueRange operands, DictionaryAttr attributes,
                                         OpaqueProperties properties, RegionRange regions,
                                         SmallVectorImpl<Type> &results) {
  Adaptor adaptor(operands, attributes, properties, regions);
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
  SmallVector<int64_t> shape(data.getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(axis + 1));
  results.push_back(RankedTensorType::get(shape, data.getElementType()));
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

} // namespace picoc

#define GET_OP_CLASSES
#include "picoc/Dialect/PicocOps.cpp.inc"
