//===- ControlFlow.cpp - If, Loop and Scan ------------------------------------------===//
//
// A body (an If branch, a Loop or Scan body) is imported into @main like any nodes, once per
// time it runs. If takes its branch when the condition is known at compile time, else it
// computes both and selects (their outputs must agree in shape and type). A Scan, and a Loop
// whose iterations are known at compile time (its trip count and condition, and the condition
// each iteration computes), are unrolled up to kMaxUnrolled iterations. Any other Loop or
// Scan becomes a picoc.loop that the plan runs: its body imported once into the loop's region.
//
//===------------------------------------------------------------------------------===//
#include "ImportContext.h"
#include "OpTable.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/Verifier.h"

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

// The scalar bool true (a body's cond input in every iteration that runs).
Value trueScalar(NodeImporter &n) {
  return n.constant(
      DenseElementsAttr::get(RankedTensorType::get({}, IntegerType::get(n.context(), 1)), true));
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
  Value outer = state.branchTaken, notScalar = n.unary(UnaryFn::logical_not, scalar);
  auto restore = llvm::make_scope_exit([&] { state.branchTaken = outer; });
  auto taken = [&](Value branch) {
    return outer ? n.binary(BinaryFn::logical_and, outer, branch) : branch;
  };
  size_t before = state.checks().size();
  state.branchTaken = taken(scalar);
  auto thenOuts = importBody(n, *thenBody, {}, "then");
  if (failed(thenOuts))
    return failure();
  onlyWhen(before, scalar);
  before = state.checks().size();
  state.branchTaken = taken(notScalar);
  auto elseOuts = importBody(n, *elseBody, {}, "else");
  if (failed(elseOuts))
    return failure();
  onlyWhen(before, notScalar);
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

// Loop(M, cond, v...): while (i < M && cond) { cond, v..., scans... = body(i, cond, v...) }.
// The body's cond input is true in every iteration that runs (the loop stops before one where
// it is false), so it is imported as the constant true.

namespace {

// Unrolls the loop when each iteration's condition folds: true when done, false when an
// iteration computes its condition at run time or, without a trip count, the loop runs past
// kMaxUnrolled iterations (the ops imported so far are then dead).
FailureOr<bool> unrollLoop(NodeImporter &n, const onnx::GraphProto &body,
                           std::optional<int64_t> tripCount, SmallVector<Value> carried,
                           int numScans) {
  int numCarried = static_cast<int>(carried.size());
  std::vector<SmallVector<Value>> scans(numScans);
  std::optional<bool> cond = true;
  for (int64_t i = 0; *cond && (!tripCount || i < *tripCount); ++i) {
    if (i == kMaxUnrolled)
      return false;
    SmallVector<Value> inputs = {n.i64Constant({i}, {}), trueScalar(n)};
    inputs.append(carried);
    auto outs = importBody(n, body, inputs, "iter" + std::to_string(i));
    if (failed(outs))
      return failure();
    cond = knownTruth((*outs)[0]);
    if (!cond)
      return false;
    carried.assign(outs->begin() + 1, outs->begin() + 1 + numCarried);
    for (int k = 0; k < numScans; ++k)
      scans[k].push_back((*outs)[1 + numCarried + k]);
  }
  for (int k = 0; k < numCarried; ++k)
    n.setOutput(k, carried[k]);
  for (int k = 0; k < numScans; ++k)
    if (failed(setStacked(n, numCarried + k, k, scans[k], 0, /*reverse=*/false)))
      return failure();
  return true;
}

// A loop of the plan (picoc.loop) to build: the body's ONNX outputs are [cond] (a Loop's;
// `bodyHasCond`), the carried values, then the scan values.
struct PlanLoop {
  Value tripCount, cond;              // the op's operands, scalars (null: none)
  std::optional<int64_t> knownTrips;  // the trip count, when known at compile time
  bool startsTrue = true;             // cond is absent or known to be true
  bool bodyHasCond = true;
  SmallVector<Value> carried;         // initial values
  // The body's ONNX inputs, made inside the body from the iteration number and the carried
  // values' block arguments.
  std::function<SmallVector<Value>(Value iteration, ArrayRef<Value> carried)> bodyInputs;
  SmallVector<bool> scanUsed;         // per scan output: a node output reads it
};

// Builds the loop: the body imported once into the region (its nodes named
// <node>/loop/<body node>), reading the iteration number and the carried values as block
// arguments. A run-time check the body adds (an index out of range) becomes a carried fault,
// the largest over the iterations, that the loop returns. Scan values are stacked along a new
// dim 0 only when their length is known (a known trip count, a condition that stays true).
// Returns the carried values after the loop, then the used scan outputs.
FailureOr<SmallVector<Value>> buildPlanLoop(NodeImporter &n, const onnx::GraphProto &body,
                                            const PlanLoop &plan) {
  GraphState &state = n.graph();
  if (state.runTimeLoopDepth > 0)
    return n.fail("runs at run time inside a loop that runs at run time: picoc does not nest "
                  "them (a loop whose iterations are known at compile time is unrolled)");
  Type i1 = IntegerType::get(n.context(), 1), i64 = IntegerType::get(n.context(), 64);
  // In a branch of an If decided at run time: no iteration where the branch is not taken.
  Value cond = plan.cond;
  if (state.branchTaken)
    cond = cond ? n.binary(BinaryFn::logical_and, cond, state.branchTaken) : state.branchTaken;
  auto block = std::make_unique<Block>();
  Value iteration = block->addArgument(RankedTensorType::get({}, i64), n.loc());
  SmallVector<Value> carriedArgs;
  for (Value v : plan.carried)
    carriedArgs.push_back(block->addArgument(v.getType(), n.loc()));
  int numCarried = static_cast<int>(plan.carried.size()), first = plan.bodyHasCond ? 1 : 0;
  size_t checksBefore = state.checks().size();
  SmallVector<Value> yielded, scanParts;
  {
    OpBuilder::InsertionGuard guard(state.builder);
    state.builder.setInsertionPointToEnd(block.get());
    ++state.runTimeLoopDepth;
    auto outs = importBody(n, body, plan.bodyInputs(iteration, carriedArgs), "loop");
    --state.runTimeLoopDepth;
    if (failed(outs))
      return failure();
    Value condOut = plan.bodyHasCond ? (*outs)[0] : trueScalar(n);
    if (elementTypeOf(condOut) != i1 || product(shapeOf(condOut)) != 1)
      return n.fail("the body's condition output must be one bool");
    std::optional<bool> stays = knownTruth(condOut);
    if (!plan.tripCount && stays && *stays)
      return n.fail("never ends: it has no trip count and its body's condition is always true");
    for (Value v : *outs)
      if (hasRunDims(v.getType()))
        return n.fail("the body computes a value of run-time dims " +
                      runShapeStr(runShape(v.getType())) +
                      ", which a loop that runs at run time does not carry or stack yet");
    for (int k = 0; k < numCarried; ++k) {
      Value v = (*outs)[first + k];
      if (v.getType() != plan.carried[k].getType())
        return n.fail("the body changes carried value " + Twine(k) + " from " +
                      shapeString(shapeOf(plan.carried[k])) + " to " + shapeString(shapeOf(v)) +
                      " (or its type): a loop that runs at run time keeps its carried values' "
                      "shapes and types");
      yielded.push_back(v);
    }
    for (size_t c = checksBefore; c < state.checks().size(); ++c) {
      Value fault = state.checks()[c].fault;
      Value worst = block->addArgument(fault.getType(), n.loc());
      yielded.push_back(n.binary(BinaryFn::max, worst, fault));
    }
    for (auto [k, used] : llvm::enumerate(plan.scanUsed))
      if (used)
        scanParts.push_back((*outs)[first + numCarried + k]);
    if (!scanParts.empty()) {
      if (!plan.knownTrips || !plan.startsTrue || !stays || !*stays) {
        // importLoop names the unknown inputs (a graph input may be fixed with --bind).
        n.problem("its scan outputs are as long as the iterations that run, and picoc stacks "
                  "them only when that number is known at compile time: a trip count known "
                  "at compile time and a condition that stays true");
        if (!stays || !*stays)
          n.problem("the body computes its condition");
        return failure();
      }
    }
    yielded.append(scanParts);
    Value condScalar = n.reshape(condOut, {});
    if (!condScalar || llvm::is_contained(yielded, Value()))
      return failure();
    state.builder.create<LoopYieldOp>(n.loc(), condScalar, yielded);
  }
  SmallVector<Value> inits(plan.carried);
  for (size_t c = checksBefore; c < state.checks().size(); ++c)
    inits.push_back(n.constant(DenseElementsAttr::get(typeOf(state.checks()[c].fault),
                                                      ArrayRef<APInt>{APInt(8, 0)})));
  SmallVector<Type> types;
  for (Value v : inits)
    types.push_back(v.getType());
  for (Value part : scanParts) {
    SmallVector<int64_t> shape = {*plan.knownTrips};
    llvm::append_range(shape, shapeOf(part));
    types.push_back(RankedTensorType::get(shape, elementTypeOf(part)));
  }
  auto loop = state.builder.create<LoopOp>(n.loc(), types, plan.tripCount, cond, inits);
  loop.getBody().push_back(block.release());
  if (failed(verify(loop)))
    return n.fail("invalid picoc.loop");
  for (size_t c = checksBefore; c < state.checks().size(); ++c)
    state.setCheckFault(c, loop.getResult(numCarried + (c - checksBefore)));
  SmallVector<Value> results(loop.getResults().take_front(numCarried));
  llvm::append_range(results, loop.getResults().take_back(scanParts.size()));
  return results;
}

// A Loop as a loop of the plan; the body's cond input is the constant true.
LogicalResult importPlanLoop(NodeImporter &n, const onnx::GraphProto &body,
                             ArrayRef<Value> carried, int numScans) {
  Type i1 = IntegerType::get(n.context(), 1), i64 = IntegerType::get(n.context(), 64);
  auto scalar = [&](int i, Type type, const char *what) -> FailureOr<Value> {
    if (!n.hasInput(i))
      return Value();
    Value v = n.input(i);
    if (!v || elementTypeOf(v) != type || product(shapeOf(v)) != 1)
      return n.fail("input '" + Twine(what) + "' must be one " + (type == i1 ? "bool" : "int64"));
    return n.reshape(v, {});
  };
  FailureOr<Value> trip = scalar(0, i64, "M"), cond = scalar(1, i1, "cond");
  if (failed(trip) || failed(cond))
    return failure();
  PlanLoop plan;
  plan.tripCount = *trip;
  plan.cond = *cond;
  if (DenseElementsAttr m = n.constantInput(0); m && m.getNumElements() == 1)
    plan.knownTrips = (*intsOf(m))[0];
  std::optional<bool> starts = n.hasInput(1) ? knownTruth(n.input(1)) : true;
  plan.startsTrue = starts && *starts;
  plan.carried.assign(carried.begin(), carried.end());
  Value alwaysTrue = trueScalar(n);
  plan.bodyInputs = [&](Value iteration, ArrayRef<Value> args) {
    SmallVector<Value> inputs = {iteration, alwaysTrue};
    llvm::append_range(inputs, args);
    return inputs;
  };
  int numCarried = static_cast<int>(carried.size());
  for (int k = 0; k < numScans; ++k)
    plan.scanUsed.push_back(n.outputUsed(numCarried + k));
  FailureOr<SmallVector<Value>> results = buildPlanLoop(n, body, plan);
  if (failed(results))
    return failure();
  int next = 0;
  for (int k = 0; k < numCarried + numScans; ++k)
    if (k < numCarried || plan.scanUsed[k - numCarried])
      n.setOutput(k, (*results)[next++]);
  return success();
}

} // namespace

// Unrolled when the trip count and the condition are known at compile time and each
// iteration's condition folds (at most kMaxUnrolled iterations); else a loop of the plan.
LogicalResult importLoop(NodeImporter &n) {
  const onnx::GraphProto *body = n.attrGraph("body");
  if (!body)
    return failure();
  if (!n.hasInput(0) && !n.hasInput(1))
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
  std::optional<int64_t> tripCount;
  bool known = true;
  if (std::optional<bool> cond = n.hasInput(1) ? knownTruth(n.input(1)) : std::nullopt;
      cond && !*cond) // no iteration runs, whatever the trip count
    return success(succeeded(unrollLoop(n, *body, 0, carried, numScans)));
  if (n.hasInput(0)) {
    DenseElementsAttr m = n.constantInput(0);
    known = m && m.getNumElements() == 1;
    if (known)
      tripCount = (*intsOf(m))[0];
  }
  std::optional<bool> cond = n.hasInput(1) ? knownTruth(n.input(1)) : true;
  if (known && cond && (!tripCount || *tripCount <= kMaxUnrolled)) {
    GraphState &state = n.graph();
    size_t checks = state.checks().size();
    FailureOr<bool> unrolled = unrollLoop(n, *body, tripCount, carried, numScans);
    if (failed(unrolled))
      return failure();
    if (*unrolled)
      return success();
    state.dropChecksAfter(checks); // the unrolled iterations' ops are dead
  }
  size_t problems = n.problems().size();
  if (succeeded(importPlanLoop(n, *body, carried, numScans)))
    return success();
  // A body that needs its iteration's values at compile time (a Slice at the iteration
  // number) unrolls when the trip count and condition are known: say which inputs they are.
  if (n.problems().size() > problems && (!known || !cond)) {
    n.problem("the loop runs at run time since its iterations are not known at compile time");
    if (!known)
      (void)n.failNotKnown(0, "M", "a scalar");
    if (!cond)
      (void)n.failNotKnown(1, "cond", "a bool");
  }
  return failure();
}

namespace {

// A Scan of more than kMaxUnrolled positions as a loop of the plan: in iteration t each scan
// input gives its slice at t (or length - 1 - t, backwards) by a gather at a run-time index,
// and each scan output, stacked along dim 0, is reversed and moved to its axis after.
LogicalResult importPlanScan(NodeImporter &n, const onnx::GraphProto &body,
                             ArrayRef<Value> states, ArrayRef<Value> scanInputs, int64_t length,
                             ArrayRef<int64_t> inAxes, ArrayRef<int64_t> inDirs,
                             ArrayRef<int64_t> outAxes, ArrayRef<int64_t> outDirs) {
  int numStates = static_cast<int>(states.size());
  PlanLoop plan;
  plan.tripCount = n.i64Constant({length}, {});
  plan.knownTrips = length;
  plan.bodyHasCond = false;
  plan.carried.assign(states.begin(), states.end());
  Value last = n.i64Constant({length - 1}, {});
  plan.bodyInputs = [&](Value t, ArrayRef<Value> args) {
    SmallVector<Value> inputs(args.begin(), args.end());
    for (auto [j, x] : llvm::enumerate(scanInputs)) {
      Value at = inDirs[j] ? n.binary(BinaryFn::sub, last, t) : t;
      inputs.push_back(n.create<GatherOp>(x, at, static_cast<uint64_t>(inAxes[j])));
    }
    return inputs;
  };
  for (size_t k = 0; k < outAxes.size(); ++k)
    plan.scanUsed.push_back(n.outputUsed(numStates + static_cast<int>(k)));
  FailureOr<SmallVector<Value>> results = buildPlanLoop(n, body, plan);
  if (failed(results))
    return failure();
  for (int k = 0; k < numStates; ++k)
    n.setOutput(k, (*results)[k]);
  int next = numStates;
  for (auto [k, used] : llvm::enumerate(plan.scanUsed)) {
    if (!used)
      continue;
    Value stacked = (*results)[next++];
    SmallVector<int64_t> shape(shapeOf(stacked));
    int64_t rank = static_cast<int64_t>(shape.size());
    if (outDirs[k]) { // the last iteration's value first
      SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
      starts[0] = length - 1, steps[0] = -1;
      stacked = n.slice(stacked, starts, steps, shape);
    }
    auto axis = n.normalizeAxis(outAxes[k], rank, "scan_output_axes");
    if (!axis)
      return failure();
    if (*axis != 0) { // dim 0 moved to `axis`, the others keep their order
      SmallVector<int64_t> perm;
      for (int64_t d = 1; d <= *axis; ++d)
        perm.push_back(d);
      perm.push_back(0);
      for (int64_t d = *axis + 1; d < rank; ++d)
        perm.push_back(d);
      stacked = n.transpose(stacked, perm);
    }
    n.setOutput(numStates + static_cast<int>(k), stacked);
  }
  return success();
}

} // namespace

namespace {

// Runs a Scan's body over `length` positions, unrolled: each scan input gives its slice along
// its axis (backwards where its direction is 1), `states` are carried (the final values
// left in them); returns each scan output's values, one per position. Bodies are tagged
// <tag><t>.
FailureOr<std::vector<SmallVector<Value>>>
unrollScan(NodeImporter &n, const onnx::GraphProto &body, SmallVector<Value> &states,
           ArrayRef<Value> scanInputs, int64_t length, ArrayRef<int64_t> inAxes,
           ArrayRef<int64_t> inDirs, int numScanOutputs, const std::string &tag) {
  int numStates = static_cast<int>(states.size());
  std::vector<SmallVector<Value>> scans(numScanOutputs);
  for (int64_t t = 0; t < length; ++t) {
    SmallVector<Value> inputs(states);
    for (auto [j, x] : llvm::enumerate(scanInputs)) {
      int64_t axis = inAxes[j], at = inDirs[j] ? length - 1 - t : t;
      SmallVector<int64_t> shape(shapeOf(x));
      shape.erase(shape.begin() + axis);
      inputs.push_back(n.reshape(n.sliceAxis(x, axis, at, 1), shape));
    }
    auto outs = importBody(n, body, inputs, tag + std::to_string(t));
    if (failed(outs))
      return failure();
    states.assign(outs->begin(), outs->begin() + numStates);
    for (int k = 0; k < numScanOutputs; ++k)
      scans[k].push_back((*outs)[numStates + k]);
  }
  return scans;
}

// Scan-8: every input has a batch axis 0 and each scan input its sequence along axis 1; the
// body runs over each batch entry's sequence on its own (unrolled), and the final states and
// scan outputs ([batch, sequence, ...]) stack the entries. sequence_lens, when given, must be
// known and the full length for every entry.
LogicalResult importBatchedScan(NodeImporter &n, const onnx::GraphProto &body,
                                ArrayRef<Value> states, ArrayRef<Value> scanInputs,
                                ArrayRef<int64_t> directions, int numScanOutputs) {
  int64_t batch = -1, length = -1;
  SmallVector<std::pair<Value, bool>> inputs; // (value, a scan input)
  for (Value v : states)
    inputs.push_back({v, false});
  for (Value v : scanInputs)
    inputs.push_back({v, true});
  for (auto [v, scanned] : inputs) {
    if (rankOf(v) < (scanned ? 2 : 1))
      return n.fail("Scan-8's inputs need a batch axis 0 (and scan inputs a sequence axis 1)");
    if (batch >= 0 && shapeOf(v)[0] != batch)
      return n.fail("the inputs' batch sizes differ (" + Twine(batch) + " and " +
                    Twine(shapeOf(v)[0]) + ")");
    batch = shapeOf(v)[0];
    if (scanned && length >= 0 && shapeOf(v)[1] != length)
      return n.fail("the scan inputs have different lengths (" + Twine(length) + " and " +
                    Twine(shapeOf(v)[1]) + ")");
    if (scanned)
      length = shapeOf(v)[1];
  }
  if (failed(n.requireFullSequenceLens(0, length)))
    return failure();
  if (batch < 1)
    return n.fail("has an empty batch");
  if (length * batch > kMaxUnrolled)
    return n.fail("scans " + Twine(batch) + " x " + Twine(length) + " positions, more than the " +
                  Twine(kMaxUnrolled) + " picoc unrolls for Scan-8");
  int numStates = static_cast<int>(states.size());
  std::vector<SmallVector<Value>> finalStates(numStates), stacked(numScanOutputs);
  SmallVector<int64_t> axes(scanInputs.size(), 0);
  for (int64_t b = 0; b < batch; ++b) {
    auto entry = [&](Value v) {
      SmallVector<int64_t> shape(shapeOf(v).drop_front());
      return n.reshape(n.sliceAxis(v, 0, b, 1), shape);
    };
    SmallVector<Value> entryStates, entryInputs;
    for (Value s : states)
      entryStates.push_back(entry(s));
    for (Value x : scanInputs)
      entryInputs.push_back(entry(x));
    auto scans = unrollScan(n, body, entryStates, entryInputs, length, axes, directions,
                            numScanOutputs, "batch" + std::to_string(b) + ".step");
    if (failed(scans))
      return failure();
    for (int k = 0; k < numStates; ++k)
      finalStates[k].push_back(entryStates[k]);
    for (int k = 0; k < numScanOutputs; ++k) {
      if ((*scans)[k].empty())
        return n.fail("runs no iteration: its scan output " + Twine(k) + " has no shape");
      stacked[k].push_back(stack(n, (*scans)[k], 0));
    }
  }
  for (int k = 0; k < numStates; ++k)
    n.setOutput(k, stack(n, finalStates[k], 0));
  for (int k = 0; k < numScanOutputs; ++k)
    if (failed(setStacked(n, numStates + k, k, stacked[k], 0, /*reverse=*/false)))
      return failure();
  return success();
}

} // namespace

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
  // Scan-8: a batch axis 0 on every input, the scan axis 1, and sequence_lens first.
  const bool batched = n.opset() < 9;
  const int first = batched ? 1 : 0;
  int numStates = n.numInputs() - first - static_cast<int>(numScanInputs);
  if (!body || numScanInputs < 1)
    return failure();
  if (numStates < 0)
    return n.fail("has fewer inputs than num_scan_inputs");
  SmallVector<Value> states, scanInputs;
  for (int i = first; i < n.numInputs(); ++i) {
    Value v = n.requiredInput(i);
    if (!v)
      return failure();
    (i - first < numStates ? states : scanInputs).push_back(v);
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
  if (batched) {
    auto directions = listAttr("directions", numScanInputs);
    if (!directions)
      return failure();
    return importBatchedScan(n, *body, states, scanInputs, *directions, numScanOutputs);
  }
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
    return importPlanScan(n, *body, states, scanInputs, length, *inAxes, *inDirs, *outAxes,
                          *outDirs);
  auto scans = unrollScan(n, *body, states, scanInputs, length, *inAxes, *inDirs,
                          numScanOutputs, "step");
  if (failed(scans))
    return failure();
  for (int k = 0; k < numStates; ++k)
    n.setOutput(k, states[k]);
  for (int k = 0; k < numScanOutputs; ++k)
    if (failed(setStacked(n, numStates + k, k, (*scans)[k], (*outAxes)[k], (*outDirs)[k] != 0)))
      return failure();
  return success();
}

} // namespace picoc::onnximport
