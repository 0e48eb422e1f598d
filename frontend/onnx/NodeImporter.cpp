//===- NodeImporter.cpp - node attributes, graph values and IR builders -------------===//

#include "ImportContext.h"

#include "mlir/IR/Matchers.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;

namespace picoc::onnximport {

int64_t product(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

std::string shapeString(ArrayRef<int64_t> dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

//===----------------------------------------------------------------------------------===//
// OnnxNode
//===----------------------------------------------------------------------------------===//

const onnx::AttributeProto *OnnxNode::attr(StringRef name) const {
  for (const auto &a : proto_.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

void OnnxNode::problem(const Twine &message) const {
  problems_.push_back({name_, opType(), message.str()});
}

namespace {
struct AttributeKind {
  const char *code, *name;
  onnx::AttributeProto::AttributeType type;
};
constexpr AttributeKind kAttributeKinds[] = {
    {"i", "an int", onnx::AttributeProto::INT},
    {"f", "a float", onnx::AttributeProto::FLOAT},
    {"s", "a string", onnx::AttributeProto::STRING},
    {"t", "a tensor", onnx::AttributeProto::TENSOR},
    {"is", "a list of ints", onnx::AttributeProto::INTS},
    {"fs", "a list of floats", onnx::AttributeProto::FLOATS},
    {"ss", "a list of strings", onnx::AttributeProto::STRINGS},
    {"g", "a graph", onnx::AttributeProto::GRAPH},
};
const AttributeKind *kindOf(StringRef code) {
  for (const AttributeKind &k : kAttributeKinds)
    if (code == k.code)
      return &k;
  return nullptr;
}
} // namespace

bool attributeHasType(const onnx::AttributeProto &a, StringRef code) {
  const AttributeKind *kind = kindOf(code);
  if (!kind)
    return false;
  if (a.type() != onnx::AttributeProto::UNDEFINED)
    return a.type() == kind->type;
  switch (kind->type) { // old models may leave `type` unset: look at the field that is set
  case onnx::AttributeProto::INT: return a.has_i();
  case onnx::AttributeProto::FLOAT: return a.has_f();
  case onnx::AttributeProto::STRING: return a.has_s();
  case onnx::AttributeProto::TENSOR: return a.has_t();
  case onnx::AttributeProto::INTS: return a.ints_size() > 0;
  case onnx::AttributeProto::FLOATS: return a.floats_size() > 0;
  case onnx::AttributeProto::STRINGS: return a.strings_size() > 0;
  case onnx::AttributeProto::GRAPH: return a.has_g();
  default: return false;
  }
}

std::string attributeTypeName(StringRef code) {
  const AttributeKind *kind = kindOf(code);
  return kind ? kind->name : "of type '" + code.str() + "'";
}

const onnx::AttributeProto *OnnxNode::typedAttr(StringRef name, StringRef code) const {
  const auto *a = attr(name);
  if (a && !attributeHasType(*a, code)) {
    problem("attribute '" + name + "' must be " + attributeTypeName(code));
    return nullptr;
  }
  return a;
}

int64_t OnnxNode::attrInt(StringRef name, int64_t dflt) const {
  const auto *a = typedAttr(name, "i");
  return a ? a->i() : dflt;
}

double OnnxNode::attrFloat(StringRef name, double dflt) const {
  const auto *a = typedAttr(name, "f");
  return a ? a->f() : dflt;
}

std::string OnnxNode::attrString(StringRef name, StringRef dflt) const {
  const auto *a = typedAttr(name, "s");
  return a ? a->s() : dflt.str();
}

SmallVector<int64_t> OnnxNode::attrInts(StringRef name) const {
  const auto *a = typedAttr(name, "is");
  return a ? SmallVector<int64_t>(a->ints().begin(), a->ints().end()) : SmallVector<int64_t>();
}

SmallVector<double> OnnxNode::attrFloats(StringRef name) const {
  const auto *a = typedAttr(name, "fs");
  return a ? SmallVector<double>(a->floats().begin(), a->floats().end()) : SmallVector<double>();
}

const onnx::TensorProto *OnnxNode::attrTensor(StringRef name) const {
  const auto *a = typedAttr(name, "t");
  return a ? &a->t() : nullptr;
}

const onnx::GraphProto *OnnxNode::attrGraph(StringRef name) const {
  const auto *a = typedAttr(name, "g");
  return a ? &a->g() : nullptr;
}

void checkOnnxNode(const onnx::NodeProto &node, const std::string &name, int64_t opset,
                   bool checkOpset, std::vector<ImportProblem> &problems) {
  auto problem = [&](const std::string &where, const std::string &op, const std::string &message) {
    problems.push_back({where, op, message});
  };
  const std::string &op = node.op_type();
  if (!node.domain().empty() && node.domain() != "ai.onnx") {
    problem(name, op, "ops of domain '" + node.domain() + "' are not supported");
    return;
  }
  if (node.output_size() == 0) {
    problem(name, op, "has no outputs");
    return;
  }
  const OpInfo *info = findOp(op);
  if (!info) {
    problem(name, op, "op '" + op + "' is not supported");
    return;
  }
  if (!checkOpset)
    return; // already reported once for the model
  if (opset < info->minOpset || opset > info->maxOpset) {
    problem(name, op,
            "is supported at opsets " + std::to_string(info->minOpset) + ".." +
                std::to_string(info->maxOpset) + ", not " + std::to_string(opset));
    return;
  }
  for (const auto &a : node.attribute()) {
    StringRef type = attributeType(info->attributes, a.name(), static_cast<int>(opset));
    auto opsets = attributeOpsets(info->attributes, a.name());
    if (type.empty() && opsets)
      problem(name, op,
              "attribute '" + a.name() + "' belongs to " + op + " at opsets " +
                  std::to_string(opsets->first) +
                  (opsets->second == std::numeric_limits<int>::max()
                       ? std::string(" and later")
                       : ".." + std::to_string(opsets->second)) +
                  ", not at opset " + std::to_string(opset) +
                  (opset > opsets->second ? " (from then on it is an input)" : ""));
    else if (type.empty())
      problem(name, op, "attribute '" + a.name() + "' is not supported");
    else if (!attributeHasType(a, type))
      problem(name, op, "attribute '" + a.name() + "' must be " + attributeTypeName(type));
    else if (a.has_t() && !kir::dtypeFromOnnx(a.t().data_type()))
      problem(name, op, "attribute '" + a.name() + "' has data type " +
                            onnxTypeName(a.t().data_type()) + ", which is not supported");
  }
  info->check(OnnxNode(node, name, opset, problems));
  // The nodes of its bodies (If, Loop, Scan), named <node>/<body node>.
  for (const auto &a : node.attribute())
    if (a.has_g())
      for (int i = 0; i < a.g().node_size(); ++i)
        checkOnnxNode(a.g().node(i), name + "/" + bodyNodeName(a.g().node(i), i), opset,
                      checkOpset, problems);
}

std::string bodyNodeName(const onnx::NodeProto &node, int index) {
  return node.name().empty() ? node.op_type() + "_" + std::to_string(index) : node.name();
}

void subgraphReads(const onnx::NodeProto &node, llvm::StringSet<> &reads) {
  for (const auto &a : node.attribute()) {
    if (!a.has_g())
      continue;
    llvm::StringSet<> defined, inner;
    for (const auto &vi : a.g().input())
      defined.insert(vi.name());
    for (const auto &t : a.g().initializer())
      defined.insert(t.name());
    for (const auto &n : a.g().node()) {
      for (const std::string &in : n.input())
        if (!in.empty())
          inner.insert(in);
      subgraphReads(n, inner);
      for (const std::string &out : n.output())
        defined.insert(out);
    }
    for (const auto &out : a.g().output())
      inner.insert(out.name());
    for (const auto &name : inner)
      if (!defined.contains(name.getKey()))
        reads.insert(name.getKey());
  }
}

//===----------------------------------------------------------------------------------===//
// GraphState
//===----------------------------------------------------------------------------------===//

GraphState::GraphState(Block &body, WeightStore &store, TensorLoader &loader, std::string file,
                       const llvm::StringMap<Initializer> &initializers,
                       const llvm::StringSet<> &used)
    : builder(OpBuilder::atBlockEnd(&body)), leafBuilder(body.getParentOp()->getContext()),
      loader(loader), store_(store), file_(std::move(file)), initializers_(initializers),
      used_(used), body_(body) {}

Location GraphState::location(StringRef name) {
  MLIRContext *ctx = builder.getContext();
  return NameLoc::get(StringAttr::get(ctx, name), FileLineColLoc::get(ctx, file_, 0, 0));
}

void GraphState::positionLeafBuilder() {
  // Recomputed before every insertion: an iterator kept from the last leaf would go stale
  // (it is the block's end while the leaf is the last op, and ops are appended after it).
  if (lastLeaf_)
    leafBuilder.setInsertionPointAfter(lastLeaf_);
  else
    leafBuilder.setInsertionPointToStart(&body_);
}

Value GraphState::value(StringRef name) {
  for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope)
    if (auto it = scope->find(name); it != scope->end())
      return it->second;
  auto it = values_.find(name);
  if (it != values_.end())
    return it->second;
  auto init = initializers_.find(name);
  if (init == initializers_.end())
    return {};
  const Initializer &w = init->second;
  auto type = RankedTensorType::get(w.dims, elementType(builder.getContext(), w.dtype));
  Value v;
  if ((isa<IntegerType>(type.getElementType()) && type.getNumElements() <= kMaxFoldElements) ||
      type.getNumElements() == 1) {
    // Small integer tensors are shape arguments and scalars may be (a Range's operands, a
    // Loop's trip count computed from them): constants, so that folding sees them.
    positionLeafBuilder();
    auto c = leafBuilder.create<ConstantOp>(
        location(name), type, cast<ElementsAttr>(denseFromBytes(type, w.bytes.data, w.bytes.size)));
    lastLeaf_ = c;
    v = c;
  } else {
    v = addWeight(name.str(), type, w.bytes.data, w.bytes.size, w.bytes.owner, location(name),
                  w.bytes.mapped);
  }
  if (w.format) { // the wide values, cast (exactly) to the narrow format they are stored in
    // Among the leaves: the value is the outer graph's even when a loop's body reads it first.
    positionLeafBuilder();
    auto cast = leafBuilder.create<CastOp>(
        location(name), RankedTensorType::get(w.dims, elementType(builder.getContext(), *w.format)),
        v, BoolAttr());
    lastLeaf_ = cast;
    v = cast;
  }
  values_[name] = v;
  return v;
}

DenseElementsAttr GraphState::initializerValue(StringRef name) {
  auto init = initializers_.find(name);
  if (init == initializers_.end())
    return {};
  const Initializer &w = init->second;
  auto type = RankedTensorType::get(w.dims, elementType(builder.getContext(), w.dtype));
  if (type.getNumElements() > kMaxFoldElements)
    return {};
  return denseFromBytes(type, w.bytes.data, w.bytes.size);
}

Value GraphState::addWeight(const std::string &hint, RankedTensorType type, const char *data,
                            int64_t size, std::shared_ptr<const void> owner, Location loc,
                            bool mapped) {
  std::string name = store_.uniqueName(hint);
  Weight w{name, *dtypeOf(type.getElementType()),
           std::vector<int64_t>(type.getShape().begin(), type.getShape().end()), data, size,
           mapped};
  store_.add(std::move(w), std::move(owner));
  positionLeafBuilder();
  auto op = leafBuilder.create<WeightOp>(loc, type, name);
  lastLeaf_ = op;
  return op;
}

//===----------------------------------------------------------------------------------===//
// NodeImporter: inputs and outputs
//===----------------------------------------------------------------------------------===//

Value NodeImporter::input(int i) {
  return hasInput(i) ? graph_.value(proto_.input(i)) : Value();
}

Value NodeImporter::requiredInput(int i) {
  if (!hasInput(i)) {
    problem("input " + Twine(i) + " is required");
    return {};
  }
  return input(i);
}

DenseElementsAttr NodeImporter::constantInput(int i) {
  Value v = input(i);
  if (!v)
    return {};
  Attribute attr;
  if (matchPattern(v, m_Constant(&attr)))
    return dyn_cast<DenseElementsAttr>(attr);
  return graph_.initializerValue(proto_.input(i));
}

std::optional<SmallVector<int64_t>> NodeImporter::intsInput(int i, StringRef what) {
  if (!hasInput(i)) {
    problem("input '" + what + "' is required");
    return std::nullopt;
  }
  DenseElementsAttr attr = constantInput(i);
  if (!attr) {
    (void)failNotKnown(i, what);
    return std::nullopt;
  }
  auto ints = intsOf(attr);
  if (!ints)
    problem("input '" + what + "' must hold integers");
  return ints;
}

LogicalResult NodeImporter::refuseNarrowInputs() {
  static const llvm::StringSet<> takesNarrow = {
      "Cast",     "CastLike", "QuantizeLinear", "DequantizeLinear", "BitCast", "Identity",
      "Reshape",  "Flatten",  "Squeeze",        "Unsqueeze",        "Transpose", "Concat",
      "Slice",    "Gather",   "Shape",          "Size",             "Expand",  "Where",
      "If",       "Loop",     "Scan"};
  if (takesNarrow.contains(opType()))
    return success();
  for (int i = 0; i < numInputs(); ++i) {
    Value v = input(i);
    std::optional<kir::DType> t = v ? dtypeOf(elementTypeOf(v)) : std::nullopt;
    if (t && kir::isNarrow(*t))
      return fail("input " + Twine(i) + " is " + kir::dtypeName(*t) + ", which " + opType() +
                  " does not take (the narrow formats are for conversions and data movement)");
  }
  return success();
}

LogicalResult NodeImporter::refuseRunDims() {
  // Imports that build only ops whose types carry run-time dims (see RunShape.h), with every
  // size they compute either static or taken from those types.
  static const llvm::StringSet<> takesRunDims = {
      "Identity", "Cast",    "CastLike", "Dropout", "Abs",     "Neg",      "Exp",
      "Log",      "Sqrt",    "Reciprocal", "Tanh",  "Sigmoid", "Relu",     "Erf",
      "Sin",      "Cos",     "Floor",   "Ceil",     "Gelu",    "Softplus", "LeakyRelu",
      "Elu",      "HardSigmoid", "HardSwish", "Clip", "Not",   "Add",      "Sub",
      "Mul",      "Div",     "Pow",     "Max",      "Min",     "Equal",    "Less",
      "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor",      "Where",
      "MatMul",   "Softmax", "LogSoftmax", "ReduceSum", "ReduceMax", "ReduceMin",
      "Transpose", "Reshape", "Squeeze", "Unsqueeze", "Gather",  "Concat",
      "LayerNormalization", "RMSNormalization", "ReduceMean", "Shape", "Size", "Slice",
      "Expand", "Flatten", "IsNaN", "IsInf", "Sign", "Round", "Mod"};
  if (takesRunDims.contains(opType()))
    return success();
  for (int i = 0; i < numInputs(); ++i) {
    Value v = input(i);
    if (v && hasRunDims(v.getType()))
      return fail("input " + Twine(i) + " has run-time dims " +
                  runShapeStr(runShape(v.getType())) + ", which " + opType() +
                  " does not take yet (give each --dim one value)");
  }
  return success();
}

LogicalResult NodeImporter::failNotKnown(int i, StringRef what, StringRef kind) {
  std::string message = "input '" + what.str() + "' must be " + (kind.empty() ? "" : kind.str() + " ") +
                        "known at compile time";
  Value v = input(i);
  if (v && isa<BlockArgument>(v) && !graph_.nameOf(v).empty())
    return fail(message + " (it is graph input '" + proto_.input(i) +
                "': fix its value with --bind)");
  // A value computed from graph inputs (a loop's trip count from Range's operands): name
  // them, so that a user (or picoc-run) knows which to fix.
  llvm::SetVector<Value> inputs;
  llvm::SmallPtrSet<Operation *, 32> seen;
  SmallVector<Value> work = {v};
  while (v && !work.empty() && seen.size() < 256) {
    Value x = work.pop_back_val();
    if (auto arg = dyn_cast<BlockArgument>(x)) {
      inputs.insert(arg);
    } else if (Operation *def = x.getDefiningOp(); def && seen.insert(def).second) {
      work.append(def->operand_begin(), def->operand_end());
    }
  }
  if (!inputs.empty() && inputs.size() <= 8) {
    std::string names;
    for (Value in : inputs) {
      std::string name = graph_.nameOf(in);
      if (name.empty())
        return fail(message);
      names += (names.empty() ? "'" : ", '") + name + "'";
    }
    message += " (it is computed from graph input" + std::string(inputs.size() > 1 ? "s " : " ") +
               names + ": fix " + (inputs.size() > 1 ? "their values" : "its value") +
               " with --bind)";
  }
  return fail(message);
}

bool NodeImporter::outputUsed(int i) const {
  return i < numOutputs() && !proto_.output(i).empty() && graph_.isUsed(proto_.output(i));
}

//===----------------------------------------------------------------------------------===//
// NodeImporter: builders
//===----------------------------------------------------------------------------------===//

Value NodeImporter::finish(OperationState &state, InferFn infer) {
  if (llvm::is_contained(state.operands, Value()))
    return {}; // an earlier step failed and reported why
  MLIRContext *ctx = state.getContext();
  size_t before = problems_.size();
  auto reportOnce = [&](const char *what) {
    if (problems_.size() == before)
      problem(Twine(what) + " " + state.name.getStringRef());
  };
  if (infer) {
    SmallVector<Type, 1> types;
    if (failed(infer(ctx, state.location, state.operands, state.attributes.getDictionary(ctx),
                     state.getRawProperties(), state.regions, types))) {
      reportOnce("cannot infer the result type of");
      return {};
    }
    state.addTypes(types);
  }
  // No value may have more elements than int64 indices address (the kernels' index
  // arithmetic, the memory planner's sizes): a ConvTranspose by a stride of 2^31 makes one.
  for (Type t : state.types) {
    auto shaped = dyn_cast<RankedTensorType>(t);
    int64_t count = 1;
    bool overflow = false;
    for (int64_t d : shaped ? shaped.getShape() : ArrayRef<int64_t>())
      overflow |= d > 0 && __builtin_mul_overflow(count, d, &count);
    if (overflow || count > kMaxElements) {
      problem("a result of shape " + shapeString(shaped.getShape()) + " of " +
              state.name.getStringRef() + " has more than 2^62 elements");
      return {};
    }
  }
  if (std::optional<Value> folded = foldEmpty(state))
    return *folded; // null when it failed (and said why)
  Operation *op = graph_.builder.create(state);
  if (failed(verify(op, /*verifyRecursively=*/false))) {
    op->erase();
    reportOnce("invalid");
    return {};
  }
  SmallVector<Value, 1> folded;
  if (succeeded(graph_.builder.tryFold(op, folded)) && !folded.empty()) {
    op->erase();
    return folded.front();
  }
  return op->getResult(0);
}

// Empty tensors. A value of no elements is an empty constant (its value is known: nothing), so
// no kernel reads or writes one. An op that reads one and still has elements computes without
// it: a reduction over nothing is its identity, a product over K = 0 is zeros, a padded empty
// tensor is all padding, a concatenation drops it; a gather from an empty tensor into a
// non-empty result is a problem (no index can be in range). Returns nothing for any other op.
std::optional<Value> NodeImporter::foldEmpty(OperationState &state) {
  auto isEmpty = [](Value v) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    return t && t.getNumElements() == 0;
  };
  if (state.types.size() != 1 || state.name.getStringRef() == ConstantOp::getOperationName())
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(state.types.front());
  if (!type)
    return std::nullopt;
  if (type.getNumElements() == 0)
    return create<ConstantOp>(llvm::cast<ElementsAttr>(denseOf(type, {})));
  if (!llvm::any_of(state.operands, isEmpty))
    return std::nullopt;
  auto splat = [&](double value) { return constant(denseOf(type, {value})); };
  StringRef name = state.name.getStringRef();
  if (name == MatMulOp::getOperationName() || name == ConvOp::getOperationName())
    return splat(0);
  if (name == PadOp::getOperationName())
    return splat(state.getOrAddProperties<PadOp::Properties>().value.getValueAsDouble());
  if (name == ReduceOp::getOperationName()) {
    ReduceFn fn = state.getOrAddProperties<ReduceOp::Properties>().fn.getValue();
    if (fn == ReduceFn::sum)
      return splat(0);
    if (fn == ReduceFn::prod)
      return splat(1);
    bool max = fn == ReduceFn::max; // the identity: the lowest value for max, highest for min
    Type et = type.getElementType();
    if (isa<FloatType>(et))
      return splat(max ? -INFINITY : INFINITY);
    unsigned width = et.getIntOrFloatBitWidth();
    bool isUnsigned = et.isUnsignedInteger() || width == 1;
    APInt extreme = isUnsigned ? (max ? APInt::getMinValue(width) : APInt::getMaxValue(width))
                               : (max ? APInt::getSignedMinValue(width)
                                      : APInt::getSignedMaxValue(width));
    return constant(DenseElementsAttr::get(type, extreme));
  }
  if ((name == GatherOp::getOperationName() || name == GatherElementsOp::getOperationName()) &&
      isEmpty(state.operands.front())) {
    problem("gathers " + shapeString(type.getShape()) + " elements from an empty tensor");
    return Value(); // failed: reported
  }
  if (name == ConcatOp::getOperationName()) {
    SmallVector<Value> rest;
    for (Value v : state.operands)
      if (!isEmpty(v))
        rest.push_back(v);
    if (rest.size() == 1)
      return rest.front();
    return create<ConcatOp>(ValueRange(rest),
                            state.getOrAddProperties<ConcatOp::Properties>().axis.getInt());
  }
  return std::nullopt;
}

Value NodeImporter::constant(DenseElementsAttr value) {
  auto type = llvm::cast<RankedTensorType>(value.getType());
  if (value.isSplat() || type.getNumElements() <= kMaxFoldElements)
    return create<ConstantOp>(llvm::cast<ElementsAttr>(value));
  auto bytes = std::make_shared<std::vector<char>>(bytesOf(value));
  return graph_.addWeight(name_ + ".const", type, bytes->data(),
                          static_cast<int64_t>(bytes->size()),
                          std::shared_ptr<const void>(bytes, bytes->data()), loc_);
}

Value NodeImporter::scalar(double value, Type elementType) {
  return constant(denseOf(RankedTensorType::get({}, elementType), {value}));
}

Value NodeImporter::i64Constant(ArrayRef<int64_t> values, ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, IntegerType::get(context(), 64));
  return constant(denseOfInts(type, values));
}

Value NodeImporter::unary(UnaryFn fn, Value x) { return create<UnaryOp>(fn, x); }

Value NodeImporter::binary(BinaryFn fn, Value a, Value b) { return create<BinaryOp>(fn, a, b); }

Value NodeImporter::binary(BinaryFn fn, Value a, double b) {
  if (!a)
    return {};
  return binary(fn, a, scalar(b, elementTypeOf(a)));
}

Value NodeImporter::subtractFrom(double a, Value b) {
  if (!b)
    return {};
  return binary(BinaryFn::sub, scalar(a, elementTypeOf(b)), b);
}

Value NodeImporter::clamp(Value x, double lo, double hi) {
  return binary(BinaryFn::min, binary(BinaryFn::max, x, lo), hi);
}

Value NodeImporter::select(Value cond, Value a, Value b) {
  return create<SelectOp>(cond, a, b);
}

Value NodeImporter::cast(Value x, Type elementType, bool saturate) {
  if (!x || elementTypeOf(x) == elementType)
    return x;
  return create<CastOp>(withElementType(typeOf(x), elementType), x,
                        saturate ? BoolAttr() : BoolAttr::get(context(), false));
}

// The type of x's values viewed with dims `shape` (bounds): run-time dims follow the view
// (reshapeRunShape, broadcast, whole slices); where they cannot, a static type that the op's
// verifier refuses with the reason.
static RankedTensorType viewType(Value x, ArrayRef<int64_t> shape,
                                 std::optional<RunShape> run) {
  Type et = elementTypeOf(x);
  return run ? runTensorType(*run, et) : RankedTensorType::get(shape, et);
}

Value NodeImporter::reshape(Value x, ArrayRef<int64_t> shape) {
  if (!x || (shapeOf(x) == shape && !hasRunDims(x.getType())))
    return x;
  if (!hasRunDims(x.getType()))
    return create<ReshapeOp>(RankedTensorType::get(shape, elementTypeOf(x)), x);
  RankedTensorType type = viewType(x, shape, reshapeRunShape(runShape(x.getType()), shape));
  return type == x.getType() ? x : create<ReshapeOp>(type, x);
}

Value NodeImporter::broadcastTo(Value x, ArrayRef<int64_t> shape) {
  if (!x || (shapeOf(x) == shape && !hasRunDims(x.getType())))
    return x;
  RunShape in = runShape(x.getType()), out;
  for (int64_t d : shape)
    out.push_back(staticDim(context(), d));
  // A run-time dim of x stays one where the result's dim has its bound.
  size_t lead = shape.size() >= in.size() ? shape.size() - in.size() : 0;
  for (size_t i = 0; i < in.size() && lead + i < out.size(); ++i)
    if (!in[i].isStatic() && in[i].bound == out[lead + i].bound)
      out[lead + i] = in[i];
  RankedTensorType type = viewType(x, shape, out);
  return type == x.getType() ? x : create<BroadcastOp>(type, x);
}

Value NodeImporter::broadcastLike(Value x, Value like) {
  if (!x || !like)
    return {};
  RankedTensorType type = runTensorType(runShape(like.getType()), elementTypeOf(x));
  return type == x.getType() ? x : create<BroadcastOp>(type, x);
}

Value NodeImporter::transpose(Value x, ArrayRef<int64_t> perm) {
  return create<TransposeOp>(x, perm);
}

Value NodeImporter::slice(Value x, ArrayRef<int64_t> starts, ArrayRef<int64_t> steps,
                          ArrayRef<int64_t> shape) {
  if (!x)
    return {};
  RunShape in = runShape(x.getType()), out;
  for (size_t d = 0; d < shape.size(); ++d) // a run-time dim taken whole stays one
    out.push_back(d < in.size() && !in[d].isStatic() && starts[d] == 0 && steps[d] == 1 &&
                          shape[d] == in[d].bound
                      ? in[d]
                      : staticDim(context(), shape[d]));
  return create<SliceOp>(viewType(x, shape, out), x, starts, steps);
}

Value NodeImporter::sliceAxis(Value x, int64_t axis, int64_t start, int64_t size) {
  if (!x)
    return {};
  SmallVector<int64_t> starts(rankOf(x), 0), steps(rankOf(x), 1), shape(shapeOf(x));
  starts[axis] = start;
  shape[axis] = size;
  return slice(x, starts, steps, shape);
}

Value NodeImporter::reduce(ReduceFn fn, Value x, ArrayRef<int64_t> axes) {
  if (axes.empty())
    return x;
  return create<ReduceOp>(fn, x, axes);
}

void NodeImporter::addFaultCheck(Value bad, const Twine &message) {
  if (!bad)
    return;
  // One i8 of shape [1, ..., 1] (no reshape to a scalar: that would be a kernel of its own).
  Value fault = cast(bad, IntegerType::get(context(), 8));
  SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, rankOf(fault)));
  if (!all.empty())
    fault = reduce(ReduceFn::max, fault, all);
  if (!fault)
    return;
  if (auto known = fault.getDefiningOp<ConstantOp>()) { // folded: nothing is left to check
    auto value = dyn_cast<DenseElementsAttr>(known.getValue());
    if (value && !value.getSplatValue<APInt>().isZero())
      problem(message);
    return;
  }
  graph_.addCheck(fault, opType() + " node '" + name() + "': " + message.str());
}

LogicalResult NodeImporter::requireFullSequenceLens(int i, int64_t steps) {
  if (!hasInput(i))
    return success();
  auto lens = intsInput(i, "sequence_lens");
  if (!lens)
    return failure();
  if (!llvm::all_of(*lens, [&](int64_t l) { return l == steps; }))
    return fail("sequence_lens other than the sequence length (" + Twine(steps) +
                ") are not supported");
  return success();
}

Value NodeImporter::iota(int64_t size, int64_t dim, int64_t rank) {
  if (size > kMaxHostElements) {
    problem("a dim of " + Twine(size) + " elements is longer than the " +
            Twine(kMaxHostElements) + " supported here");
    return {};
  }
  SmallVector<int64_t> shape(rank, 1);
  shape[dim] = size;
  return i64Constant(llvm::to_vector(llvm::seq<int64_t>(0, size)), shape);
}

Value NodeImporter::diagonalMask(int64_t rows, int64_t cols, BinaryFn fn, Value k) {
  return binary(fn, binary(BinaryFn::sub, iota(cols, 0, 1), iota(rows, 0, 2)), k);
}

std::optional<int64_t> NodeImporter::normalizeAxis(int64_t axis, int64_t rank,
                                                   StringRef what) const {
  if (axis < -rank || axis >= rank) {
    problem(what + " " + Twine(axis) + " is out of range for rank " + Twine(rank));
    return std::nullopt;
  }
  return axis < 0 ? axis + rank : axis;
}

std::optional<SmallVector<int64_t>> NodeImporter::normalizeAxes(ArrayRef<int64_t> axes,
                                                                int64_t rank) const {
  SmallVector<int64_t> out;
  for (int64_t a : axes) {
    auto n = normalizeAxis(a, rank);
    if (!n)
      return std::nullopt;
    out.push_back(*n);
  }
  llvm::sort(out);
  if (std::adjacent_find(out.begin(), out.end()) != out.end()) {
    problem("axes " + shapeString(axes) + " repeat an axis");
    return std::nullopt;
  }
  return out;
}

} // namespace picoc::onnximport
