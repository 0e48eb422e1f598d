//===- ControlFlow.cpp - If, Loop and Scan ------------------------------------------===//
//
// picoc compiles static graphs: a body (an If branch, a Loop or Scan body) is imported into
// @main like any nodes, once per time it runs. If takes its branch when the condition is known
// at compile time, else it computes both and selects (their outputs must agree in shape and
// type). Loop and Scan are unrolled: every iteration's count must be known at compile time (a
// Loop's trip count and condition, and the condition each iteration computes; a Scan's
// sequence length is a dim), and at most kMaxUnrolled iterations. A loop whose iterations
// depend on run-time values is refused with a problem naming what must be known.
//
//===------------------------------------------------------------------------------===//
#include "ImportContext.h"
#include "OpTable.h"

#include "mlir/IR/Matchers.h"

#include "llvm/ADT/ScopeExit.h"

using namespace mlir;

namespace picoc::onnximport {

namespace {

constexpr int64_t kMaxUnrolled = 4096;

// Imports body `g` of node `n` once, its inputs bound to `inputs`; its nodes become ops of
// @main named <node>/<tag>/<body node>. The values of its outputs, or failure (problems
// reported). The body's own names live in a scope over the outer graph's.
FailureOr<SmallVector<Value>> importBody(NodeImporter &n, const onnx::GraphProto &g,
                                         ArrayRef<Value> inputs, const std::string &tag) {
  if (g.input_size() != static_cast<int>(inputs.size()))
    return n.fail("body '" + g.name() + "' has " + Twine(g.input_size()) + " inputs, " +
                  Twine(inputs.size()) + " expected");
  GraphState &state = n.graph();
  if (!state.takeBodyImport())
    return n.fail("the model's loops and branches unroll into more than " +
                  Twine(GraphState::kMaxBodyImports) + " bodies");
  state.pushScope();
  auto pop = llvm::make_scope_exit([&] { state.popScope(); });
  for (auto [vi, v] : llvm::zip(g.input(), inputs))
    state.setValue(vi.name(), v);
  for (const onnx::TensorProto &t : g.initializer()) {
    Value v = tensorValue(n, t, t.name());
    if (!v)
      return failure();
    state.setValue(t.name(), v);
  }
  std::string prefix = n.name() + "/" + tag + "/";
  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto &proto = g.node(i);
    std::string name = prefix + bodyNodeName(proto, i);
    for (const std::string &in : proto.input())
      if (!in.empty() && !state.value(in))
        return n.fail("body node '" + name + "' reads '" + in +
                      "', which nothing defines before it");
    const OpInfo *info = findOp(proto.op_type());
    if (!info)
      return failure(); // the model's checks reported it
    OnnxNode node(proto, name, n.opset(), n.problems());
    NodeImporter importer(node, *info, state, state.location(name));
    size_t before = n.problems().size();
    if (failed(importer.import()) || n.problems().size() != before) {
      if (n.problems().size() == before)
        importer.problem("import failed");
      return failure();
    }
    for (int k = 0; k < proto.output_size(); ++k) {
      if (proto.output(k).empty())
        continue;
      if (importer.output(k))
        state.setValue(proto.output(k), importer.output(k));
      else if (state.isUsed(proto.output(k)))
        return importer.fail("output " + Twine(k) + " is not supported");
    }
  }
  SmallVector<Value> outputs;
  for (const onnx::ValueInfoProto &out : g.output()) {
    Value v = state.value(out.name());
    if (!v)
      return n.fail("body output '" + out.name() + "' is not produced");
    outputs.push_back(v);
  }
  return outputs;
}

// The value of a scalar bool (or number) known at compile time: input i, or a body's output.
std::optional<bool> knownTruth(Value v) {
  DenseElementsAttr c;
  if (!v || !matchPattern(v, m_Constant(&c)) || c.getNumElements() != 1)
    return std::nullopt;
  return doublesOf(c)[0] != 0;
}

// `parts` (each of one shape) stacked along a new dim `axis`.
Value stack(NodeImporter &n, ArrayRef<Value> parts, int64_t axis) {
  SmallVector<Value> spread;
  for (Value p : parts) {
    SmallVector<int64_t> shape(shapeOf(p));
    shape.insert(shape.begin() + axis, 1);
    spread.push_back(n.reshape(p, shape));
  }
  if (spread.size() == 1)
    return spread[0];
  return n.create<ConcatOp>(ValueRange(spread), static_cast<uint64_t>(axis));
}

// Scan output k of a Loop or Scan, node output `position` where it is used: the iterations'
// values (of one shape and type) stacked along a new dim `axis`, in reverse when `reverse`.
LogicalResult setStacked(NodeImporter &n, int position, int k, SmallVector<Value> parts,
                         int64_t axis, bool reverse) {
  if (!n.outputUsed(position))
    return success();
  if (parts.empty())
    return n.fail("runs no iteration: its scan output " + Twine(k) + " has no shape");
  for (Value p : parts)
    if (p.getType() != parts[0].getType())
      return n.fail("scan output " + Twine(k) + " changes its shape or type between iterations");
  auto normalized = n.normalizeAxis(axis, rankOf(parts[0]) + 1, "scan_output_axes");
  if (!normalized)
    return failure();
  if (reverse)
    std::reverse(parts.begin(), parts.end());
  n.setOutput(position, stack(n, parts, *normalized));
  return success();
}

} // namespace

void checkIf(const OnnxNode &n) {
  for (const char *branch : {"then_branch", "else_branch"})
    if (!n.hasAttr(branch))
      n.problem("attribute '" + Twine(branch) + "' is required");
}

LogicalResult importIf(NodeImporter &n) {
  Value cond = n.requiredInput(0);
  const onnx::GraphProto *thenBody = n.attrGraph("then_branch");
  const onnx::GraphProto *elseBody = n.attrGraph("else_branch");
  if (!cond || !thenBody || !elseBody)
    return failure();
  if (product(shapeOf(cond)) != 1)
    return n.fail("the condition must have one element");
  auto setOutputs = [&](ArrayRef<Value> values) -> LogicalResult {
    if (static_cast<int>(values.size()) != n.numOutputs())
      return n.fail("the branch has " + Twine(values.size()) + " outputs, the node " +
                    Twine(n.numOutputs()));
    for (auto [k, v] : llvm::enumerate(values))
      n.setOutput(static_cast<int>(k), v);
    return success();
  };
  if (std::optional<bool> taken = knownTruth(cond)) {
    auto outs = importBody(n, *taken ? *thenBody : *elseBody, {}, *taken ? "then" : "else");
    return failed(outs) ? failure() : setOutputs(*outs);
  }
  // A run-time condition: both branches, then a select per output. A run-time check that a
  // branch adds (an index out of range) fails the run only when that branch is taken.
  GraphState &state = n.graph();
  Value scalar = n.reshape(cond, {});
  auto onlyWhen = [&](size_t from, Value taken) {
    Value gate = n.cast(taken, IntegerType::get(n.context(), 8));
    for (size_t i = from; i < state.checks().size(); ++i)
      state.setCheckFault(i, n.binary(BinaryFn::mul, state.checks()[i].fault, gate));
  };
  size_t before = state.checks().size();
  auto thenOuts = importBody(n, *thenBody, {}, "then");
  if (failed(thenOuts))
    return failure();
  onlyWhen(before, scalar);
  before = state.checks().size();
  auto elseOuts = importBody(n, *elseBody, {}, "else");
  if (failed(elseOuts))
    return failure();
  onlyWhen(before, n.unary(UnaryFn::logical_not, scalar));
  if (thenOuts->size() != elseOuts->size())
    return n.fail("the branches have different numbers of outputs");
  SmallVector<Value> selected;
  for (auto [k, pair] : llvm::enumerate(llvm::zip(*thenOuts, *elseOuts))) {
    auto [a, b] = pair;
    if (a.getType() != b.getType()) {
      n.problem("the branches' output " + Twine(k) + " differs in shape or type (" +
                Twine(shapeString(shapeOf(a))) + " and " + Twine(shapeString(shapeOf(b))) +
                "): only one branch can be taken");
      return n.failNotKnown(0, "cond", "a bool");
    }
    selected.push_back(n.select(scalar, a, b));
  }
  return setOutputs(selected);
}

void checkLoop(const OnnxNode &n) {
  if (!n.hasAttr("body"))
    n.problem("attribute 'body' is required");
}

// Loop(M, cond, v...): while (i < M && cond) { cond, v..., scans... = body(i, cond, v...) },
// unrolled.
LogicalResult importLoop(NodeImporter &n) {
  const onnx::GraphProto *body = n.attrGraph("body");
  if (!body)
    return failure();
  // Both unknowns are reported at once (each may be a graph input to --bind).
  std::optional<int64_t> tripCount;
  bool known = true;
  if (n.hasInput(0)) {
    DenseElementsAttr m = n.constantInput(0);
    if (m && m.getNumElements() == 1)
      tripCount = (*intsOf(m))[0];
    else
      known = false, (void)n.failNotKnown(0, "M", "a scalar");
  }
  std::optional<bool> cond = true;
  if (n.hasInput(1)) {
    cond = knownTruth(n.input(1));
    if (!cond)
      known = false, (void)n.failNotKnown(1, "cond", "a bool");
  }
  if (!known)
    return failure();
  if (!tripCount && !n.hasInput(1))
    return n.fail("has neither a trip count nor a condition: it never ends");
  SmallVector<Value> carried;
  for (int i = 2; i < n.numInputs(); ++i) {
    Value v = n.requiredInput(i);
    if (!v)
      return failure();
    carried.push_back(v);
  }
  int numCarried = static_cast<int>(carried.size());
  int numScans = body->output_size() - 1 - numCarried;
  if (numScans < 0 || body->input_size() != 2 + numCarried)
    return n.fail("the body's inputs and outputs do not match the loop's " + Twine(numCarried) +
                  " carried values");
  Type i1 = IntegerType::get(n.context(), 1);
  std::vector<SmallVector<Value>> scans(numScans);
  int64_t i = 0;
  for (; *cond && (!tripCount || i < *tripCount); ++i) {
    if (i == kMaxUnrolled)
      return n.fail("runs more than " + Twine(kMaxUnrolled) + " iterations (picoc unrolls loops)");
    SmallVector<Value> inputs = {n.i64Constant({i}, {}),
                                 n.constant(DenseElementsAttr::get(RankedTensorType::get({}, i1), true))};
    inputs.append(carried);
    auto outs = importBody(n, *body, inputs, "iter" + std::to_string(i));
    if (failed(outs))
      return failure();
    cond = knownTruth((*outs)[0]);
    if (!cond)
      return n.fail("iteration " + Twine(i) + " computes its condition at run time: picoc "
                    "unrolls loops whose iterations are known at compile time");
    carried.assign(outs->begin() + 1, outs->begin() + 1 + numCarried);
    for (int k = 0; k < numScans; ++k)
      scans[k].push_back((*outs)[1 + numCarried + k]);
  }
  for (int k = 0; k < numCarried; ++k)
    n.setOutput(k, carried[k]);
  for (int k = 0; k < numScans; ++k)
    if (failed(setStacked(n, numCarried + k, k, scans[k], 0, /*reverse=*/false)))
      return failure();
  return success();
}

void checkScan(const OnnxNode &n) {
  if (!n.hasAttr("body"))
    n.problem("attribute 'body' is required");
  if (n.attrInt("num_scan_inputs", 0) < 1)
    n.problem("attribute 'num_scan_inputs' must be at least 1");
}

// Scan (9 and later): states and scan inputs in, the body run once per position along each
// scan input's axis (forwards, or backwards where its direction is 1); the states carried,
// the scan outputs stacked along their axes.
LogicalResult importScan(NodeImporter &n) {
  const onnx::GraphProto *body = n.attrGraph("body");
  int64_t numScanInputs = n.attrInt("num_scan_inputs", 0);
  int numStates = n.numInputs() - static_cast<int>(numScanInputs);
  if (!body || numScanInputs < 1)
    return failure();
  if (numStates < 0)
    return n.fail("has fewer inputs than num_scan_inputs");
  SmallVector<Value> states, scanInputs;
  for (int i = 0; i < n.numInputs(); ++i) {
    Value v = n.requiredInput(i);
    if (!v)
      return failure();
    (i < numStates ? states : scanInputs).push_back(v);
  }
  int numScanOutputs = body->output_size() - numStates;
  if (numScanOutputs < 0 || body->input_size() != numStates + numScanInputs)
    return n.fail("the body's inputs and outputs do not match the node's");
  auto listAttr = [&](const char *name, int64_t size) -> std::optional<SmallVector<int64_t>> {
    SmallVector<int64_t> values = n.attrInts(name);
    if (values.empty())
      values.assign(size, 0);
    if (static_cast<int64_t>(values.size()) != size) {
      n.problem("attribute '" + Twine(name) + "' needs " + Twine(size) + " entries");
      return std::nullopt;
    }
    return values;
  };
  auto inAxes = listAttr("scan_input_axes", numScanInputs);
  auto inDirs = listAttr("scan_input_directions", numScanInputs);
  auto outAxes = listAttr("scan_output_axes", numScanOutputs);
  auto outDirs = listAttr("scan_output_directions", numScanOutputs);
  if (!inAxes || !inDirs || !outAxes || !outDirs)
    return failure();
  int64_t length = -1;
  for (auto [j, x] : llvm::enumerate(scanInputs)) {
    auto axis = n.normalizeAxis((*inAxes)[j], rankOf(x), "scan_input_axes");
    if (!axis)
      return failure();
    (*inAxes)[j] = *axis;
    int64_t len = shapeOf(x)[*axis];
    if (length >= 0 && len != length)
      return n.fail("the scan inputs have different lengths (" + Twine(length) + " and " +
                    Twine(len) + ")");
    length = len;
  }
  if (length > kMaxUnrolled)
    return n.fail("scans " + Twine(length) + " positions, more than the " + Twine(kMaxUnrolled) +
                  " picoc unrolls");
  std::vector<SmallVector<Value>> scans(numScanOutputs);
  for (int64_t t = 0; t < length; ++t) {
    SmallVector<Value> inputs(states);
    for (auto [j, x] : llvm::enumerate(scanInputs)) {
      int64_t axis = (*inAxes)[j], at = (*inDirs)[j] ? length - 1 - t : t;
      SmallVector<int64_t> shape(shapeOf(x));
      shape.erase(shape.begin() + axis);
      inputs.push_back(n.reshape(n.sliceAxis(x, axis, at, 1), shape));
    }
    auto outs = importBody(n, *body, inputs, "step" + std::to_string(t));
    if (failed(outs))
      return failure();
    states.assign(outs->begin(), outs->begin() + numStates);
    for (int k = 0; k < numScanOutputs; ++k)
      scans[k].push_back((*outs)[numStates + k]);
  }
  for (int k = 0; k < numStates; ++k)
    n.setOutput(k, states[k]);
  for (int k = 0; k < numScanOutputs; ++k)
    if (failed(setStacked(n, numStates + k, k, scans[k], (*outAxes)[k], (*outDirs)[k] != 0)))
      return failure();
  return success();
}

} // namespace picoc::onnximport
