//===- ImportContext.h - what the ONNX op importers see -----------------------------===//
//
// OnnxNode: one node's attributes, inputs and outputs by position, and problem reporting;
// the attribute checks (no IR) work on it.
// GraphState: the IR being built for @main (builders, the value of every ONNX name, the
// weights), shared by all nodes.
// NodeImporter: an OnnxNode plus the builders an op importer uses. Every builder takes and
// returns null Values on failure (with the problem already reported), so an importer can
// chain builders and check once before setOutput.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_FRONTEND_ONNX_IMPORTCONTEXT_H
#define PICOC_FRONTEND_ONNX_IMPORTCONTEXT_H

#include "OpTable.h"
#include "TensorData.h"

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Dialect/RunShape.h"
#include "picoc/Frontend/OnnxImporter.h"
#include "picoc/Support/WeightStore.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <onnx/onnx_pb.h>

#include <optional>
#include <string>
#include <vector>

namespace picoc::onnximport {

// Every value the importer builds is a ranked tensor with a static shape.
inline mlir::RankedTensorType typeOf(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType());
}
inline llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) { return typeOf(v).getShape(); }
inline int64_t rankOf(mlir::Value v) { return typeOf(v).getRank(); }
inline mlir::Type elementTypeOf(mlir::Value v) { return typeOf(v).getElementType(); }
int64_t product(llvm::ArrayRef<int64_t> dims);
std::string shapeString(llvm::ArrayRef<int64_t> dims); // "[2, 3]"

// The largest dim of a graph input, and the largest size, stride or pad an attribute or a
// constant input may give.
constexpr int64_t kMaxDimSize = int64_t(1) << 31;
// The most elements of any value (int64 index arithmetic stays exact below it).
constexpr int64_t kMaxElements = int64_t(1) << 62;
// The most elements of a tensor the importer computes on the host (Range, Resize indices,
// the iotas of OneHot, Hardmax, ArgMax and the masks): 8 MiB of i64 each. A row of 2^24 made
// five Hardmax nodes take 1.3 GB to compile (and the fuzzer's 2 GB under ASan); the longest
// rows of real models (a vocabulary) are a few hundred thousand.
constexpr int64_t kMaxHostElements = int64_t(1) << 20;

// Attribute types by their OpTable code (i f s t is fs).
bool attributeHasType(const onnx::AttributeProto &a, llvm::StringRef code);
std::string attributeTypeName(llvm::StringRef code); // "an int", ...

class OnnxNode {
public:
  OnnxNode(const onnx::NodeProto &proto, std::string name, int64_t opset,
           std::vector<ImportProblem> &problems)
      : proto_(proto), name_(std::move(name)), opset_(opset), problems_(problems) {}

  const onnx::NodeProto &proto() const { return proto_; }
  const std::string &name() const { return name_; } // the ONNX name, or "<OpType>_<index>"
  const std::string &opType() const { return proto_.op_type(); }
  int64_t opset() const { return opset_; }

  // Attributes. A missing attribute gives the default; one of the wrong type is a problem.
  bool hasAttr(llvm::StringRef name) const { return attr(name) != nullptr; }
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  int64_t attrInt(llvm::StringRef name, int64_t dflt) const;
  double attrFloat(llvm::StringRef name, double dflt) const;
  std::string attrString(llvm::StringRef name, llvm::StringRef dflt) const;
  llvm::SmallVector<int64_t> attrInts(llvm::StringRef name) const;
  llvm::SmallVector<double> attrFloats(llvm::StringRef name) const;
  const onnx::TensorProto *attrTensor(llvm::StringRef name) const;
  const onnx::GraphProto *attrGraph(llvm::StringRef name) const; // a body: If, Loop, Scan

  int numInputs() const { return proto_.input_size(); }
  int numOutputs() const { return proto_.output_size(); }
  bool hasInput(int i) const { return i < proto_.input_size() && !proto_.input(i).empty(); }

  // Reports a problem about this node; fail() also returns failure() for importers.
  void problem(const llvm::Twine &message) const;
  std::vector<ImportProblem> &problems() const { return problems_; }
  mlir::LogicalResult fail(const llvm::Twine &message) const {
    problem(message);
    return mlir::failure();
  }

protected:
  // The attribute when it has type `code`; a problem (and null) when it has another.
  const onnx::AttributeProto *typedAttr(llvm::StringRef name, llvm::StringRef code) const;

  const onnx::NodeProto &proto_;
  std::string name_;
  int64_t opset_;
  std::vector<ImportProblem> &problems_;
};

// An initializer that the checks resolved (its bytes mapped or converted, not yet in the
// WeightStore).
// Division rounding toward negative infinity (b > 0 or b < 0, never 0).
inline int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// The value of a dim_param: its --dim value, or the value of the expression over named dims
// that it is ("past + 1", "2*height"; see DimExpr.cpp); nullopt when neither is known, with
// `why` (if given) saying what failed in an expression: a name without a value, a division by
// zero, an overflow, nesting too deep, or text that is no expression.
std::optional<int64_t> namedDimValue(llvm::StringRef param,
                                     const std::map<std::string, int64_t> &dims,
                                     std::string *why = nullptr);
// A dim_param over run-time dims (ImportOptions::runDims; symbol i: the i-th by name) as an
// affine expression, static dims taking their values: the name of a run-time dim, an
// expression ("past + 1"), or a name that --dim gives an expression (dimExprs). None, with
// `why`, when it is not one.
std::optional<mlir::AffineExpr> runDimExpr(mlir::MLIRContext *ctx, llvm::StringRef param,
                                           const ImportOptions &options,
                                           std::string *why = nullptr);

// Checks what needs no IR of one node (domain, op, opset when `checkOpset`, attributes, the
// op's own check), and so of the nodes of its bodies, named <name>/<body node>.
void checkOnnxNode(const onnx::NodeProto &node, const std::string &name, int64_t opset,
                   bool checkOpset, std::vector<ImportProblem> &problems);
// A body node's name: its own, or <op>_<index>.
std::string bodyNodeName(const onnx::NodeProto &node, int index);
// Adds to `reads` the names that the bodies of `node` (and theirs) read from outside them.
void subgraphReads(const onnx::NodeProto &node, llvm::StringSet<> &reads);

class NodeImporter;
// MatMul as numpy computes it (1-D operands promoted and the added dim removed), for MatMul
// and the quantized matmuls; null with a problem on bad operands.
mlir::Value numpyMatMul(NodeImporter &n, mlir::Value a, mlir::Value b);
// Conv of x by w with the node's geometry attributes (pads, auto_pad, strides, dilations,
// group), for Conv and the quantized convolutions; null with a problem on bad operands.
mlir::Value convolve(NodeImporter &n, mlir::Value x, mlir::Value w);
// y [N, M, spatial...] plus bias [M]; null with a problem when the bias does not fit.
mlir::Value addBias(NodeImporter &n, mlir::Value y, mlir::Value bias);
// A TensorProto's contents (a node's tensor attribute, a body's initializer) as a constant,
// or (when large) a weight named after `hint`; null with a problem when unreadable.
mlir::Value tensorValue(NodeImporter &n, const onnx::TensorProto &t, const std::string &hint);

struct Initializer {
  const onnx::TensorProto *proto = nullptr;
  kir::DType dtype = kir::DType::F32; // of `bytes`: a narrow format's wide type (widenNarrow)
  llvm::SmallVector<int64_t> dims;
  TensorBytes bytes;
  std::optional<kir::DType> format; // the narrow format the tensor is stored in, if any
};

class GraphState {
public:
  GraphState(mlir::Block &body, WeightStore &store, TensorLoader &loader, std::string file,
             const llvm::StringMap<Initializer> &initializers, const llvm::StringSet<> &used);

  // The value of an ONNX tensor name: a graph input, a node result or an initializer (whose
  // picoc.weight, or picoc.constant for small integer tensors, is made on first use). Null
  // for names that are unknown or whose producer failed.
  mlir::Value value(llvm::StringRef name);
  void setValue(llvm::StringRef name, mlir::Value v) {
    (scopes_.empty() ? values_ : scopes_.back())[name] = v;
  }
  // The name a value of the outer graph (a graph input) is bound to; "" if none.
  std::string nameOf(mlir::Value v) const {
    for (const auto &entry : values_)
      if (entry.second == v)
        return entry.getKey().str();
    return "";
  }
  // A body (If, Loop, Scan) binds its names in a scope of its own, over the outer ones.
  // Each import of a body takes one of kMaxBodyImports (loops nested in loops multiply):
  // false when they are spent.
  bool takeBodyImport() { return bodyImports_++ < kMaxBodyImports; }
  static constexpr int64_t kMaxBodyImports = 16384;
  // The run-time dims (ImportOptions::runDims), in symbol order.
  const std::vector<kir::RunDim> &runDims() const { return runDims_; }
  void setRunDims(std::vector<kir::RunDim> dims) { runDims_ = std::move(dims); }
  void pushScope() { scopes_.emplace_back(); }
  void popScope() { scopes_.pop_back(); }
  // An initializer's contents when it has at most kMaxFoldElements elements, else null.
  mlir::DenseElementsAttr initializerValue(llvm::StringRef name);
  // Registers bytes in the WeightStore under a name built from `hint` and returns their
  // picoc.weight (placed at the top of @main).
  // `mapped`: the bytes lie in a read-only file mapping (Weight::mapped).
  mlir::Value addWeight(const std::string &hint, mlir::RankedTensorType type, const char *data,
                        int64_t size, std::shared_ptr<const void> owner, mlir::Location loc, bool mapped = false);
  bool isUsed(llvm::StringRef name) const { return used_.contains(name); }
  mlir::Location location(llvm::StringRef name); // NameLoc(name, file:0:0)

  // Run-time checks: one i8 (shape [1, ..., 1]) that is nonzero when the run must fail with `message`
  // (an index out of range). @main returns each after the model's outputs, marked
  // `picoc.check`; the plan makes them run errors (kir::Program::checks).
  struct Check {
    mlir::Value fault;
    std::string message;
  };
  void addCheck(mlir::Value fault, std::string message) {
    checks_.push_back({fault, std::move(message)});
  }
  const std::vector<Check> &checks() const { return checks_; }
  void setCheckFault(size_t i, mlir::Value fault) { checks_[i].fault = fault; }
  // Forgets the checks added after the first `n` (an unrolling given up: its ops are dead).
  void dropChecksAfter(size_t n) { checks_.resize(std::min(n, checks_.size())); }
  // Loops the plan runs (picoc.loop) being imported around the current node: one may not
  // hold another.
  int runTimeLoopDepth = 0;
  // Inside the branches of Ifs whose conditions are known only at run time (both branches
  // run): the i1 scalar that is true where this branch is the one taken, else null. A loop of
  // the plan in a branch runs only where it is (an untaken branch's loop might never end).
  mlir::Value branchTaken;

  mlir::OpBuilder builder;     // appends to @main's body
  mlir::OpBuilder leafBuilder; // weights and initializer constants, at the top of the body
  TensorLoader &loader;        // for tensors held in node attributes

private:
  void positionLeafBuilder();

  WeightStore &store_;
  std::string file_;
  const llvm::StringMap<Initializer> &initializers_;
  const llvm::StringSet<> &used_;
  mlir::Block &body_;
  mlir::Operation *lastLeaf_ = nullptr;
  llvm::StringMap<mlir::Value> values_;
  std::vector<llvm::StringMap<mlir::Value>> scopes_; // innermost last
  int64_t bodyImports_ = 0;
  std::vector<Check> checks_;
  std::vector<kir::RunDim> runDims_;
};

class NodeImporter : public OnnxNode {
public:
  NodeImporter(const OnnxNode &node, const OpInfo &info, GraphState &graph, mlir::Location loc)
      : OnnxNode(node), info_(info), graph_(graph), loc_(loc),
        outputs_(node.numOutputs()) {}

  // Runs the op's importer from the table.
  mlir::LogicalResult import() {
    if (mlir::failed(refuseNarrowInputs()) || mlir::failed(refuseRunDims()))
      return mlir::failure();
    return info_.import(*this);
  }
  template <typename T> T tag() const { return static_cast<T>(info_.tag); }
  mlir::Location loc() const { return loc_; }
  mlir::MLIRContext *context() const { return loc_.getContext(); }
  GraphState &graph() { return graph_; }

  // Inputs by position: null when absent (empty name or past the end).
  mlir::Value input(int i);
  // As input(), but an absent input is a problem.
  mlir::Value requiredInput(int i);
  // The input's value when it is known at compile time (a folded constant or an initializer
  // of at most kMaxFoldElements elements), else null.
  mlir::DenseElementsAttr constantInput(int i);
  // The input as integers; a problem (naming it `what`) when it is not a constant.
  std::optional<llvm::SmallVector<int64_t>> intsInput(int i, llvm::StringRef what);
  // Reports that input i (called `what`, e.g. "a scalar") must be known at compile time and
  // returns failure(). When the input is a graph input the message names it, so that a user
  // (or picoc-run) knows which input to fix with --bind.
  mlir::LogicalResult failNotKnown(int i, llvm::StringRef what, llvm::StringRef kind = "");

  void setOutput(int i, mlir::Value v) { outputs_[i] = v; }
  // Sets output 0; success when `v` is not null (else the problem is already reported).
  mlir::LogicalResult setResult(mlir::Value v) {
    outputs_[0] = v;
    return mlir::success(v != nullptr);
  }
  mlir::Value output(int i) const { return outputs_[i]; }
  // True when some node or graph output reads output i.
  bool outputUsed(int i) const;

  // Builds OpTy at the end of @main, verifies and folds it. Ops with InferTypeOpInterface
  // infer their result type (the arguments omit it); the others take it as first argument.
  template <typename OpTy, typename... Args> mlir::Value create(Args &&...args);

  // picoc.constant (small or splat tensors) or a new weight (large ones).
  mlir::Value constant(mlir::DenseElementsAttr value);
  mlir::Value scalar(double value, mlir::Type elementType); // a rank-0 constant
  mlir::Value i64Constant(llvm::ArrayRef<int64_t> values, llvm::ArrayRef<int64_t> shape);
  // The i64 values 0..size-1 laid along dim `dim` of a rank-`rank` tensor (1s elsewhere); a
  // problem (and null) past kMaxHostElements, since the constant is built here.
  mlir::Value iota(int64_t size, int64_t dim, int64_t rank);
  // Registers a run-time check that fails the run with `message` (prefixed by the node) where
  // the i1 tensor `bad` holds a true element; a `bad` that folded to a constant true is a
  // compile-time problem instead.
  void addFaultCheck(mlir::Value bad, const llvm::Twine &message);
  // A recurrence's optional sequence_lens (input i): only the full length `steps` for every
  // batch entry is supported (a shorter one would stop that entry's recurrence early), known
  // at compile time.
  mlir::LogicalResult requireFullSequenceLens(int i, int64_t steps);

  mlir::Value unary(UnaryFn fn, mlir::Value x);
  mlir::Value binary(BinaryFn fn, mlir::Value a, mlir::Value b);
  mlir::Value binary(BinaryFn fn, mlir::Value a, double b); // b as a scalar of a's type
  mlir::Value subtractFrom(double a, mlir::Value b);         // a - b, a as a scalar of b's type
  mlir::Value clamp(mlir::Value x, double lo, double hi);    // min(max(x, lo), hi)
  mlir::Value select(mlir::Value cond, mlir::Value a, mlir::Value b);
  // `saturate` matters for float8 results only (see picoc.cast).
  mlir::Value cast(mlir::Value x, mlir::Type elementType, bool saturate = true);
  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape);
  mlir::Value broadcastTo(mlir::Value x, llvm::ArrayRef<int64_t> shape);
  // x broadcast to the dims of `like` (its run-time dims included).
  mlir::Value broadcastLike(mlir::Value x, mlir::Value like);
  mlir::Value transpose(mlir::Value x, llvm::ArrayRef<int64_t> perm);
  mlir::Value slice(mlir::Value x, llvm::ArrayRef<int64_t> starts, llvm::ArrayRef<int64_t> steps,
                    llvm::ArrayRef<int64_t> shape);
  mlir::Value sliceAxis(mlir::Value x, int64_t axis, int64_t start, int64_t size);
  mlir::Value reduce(ReduceFn fn, mlir::Value x, llvm::ArrayRef<int64_t> axes);
  // The i1 [rows, cols] matrix fn(col - row, k), k a scalar (eq: diagonal k; ge/le: the
  // triangles). Two iotas and a compare: they fold to a constant when small.
  mlir::Value diagonalMask(int64_t rows, int64_t cols, BinaryFn fn, mlir::Value k);

  // Shape arithmetic over run-time dims (SymbolicShape.cpp). What Shape gives for a tensor
  // with run-time dims is built of picoc.dim ops; the shape arguments computed from it
  // (Reshape's shape, Expand's, Range's limit, Slice's ends) are read back symbolically.
  //
  // The elements (row-major) of a small integer tensor as affine expressions of the run-time
  // dims (constants where known); none when some element is not one (a value read at run
  // time, a product of run-time dims, a comparison the bounds do not decide).
  std::optional<llvm::SmallVector<mlir::AffineExpr>> symbolicInts(mlir::Value v);
  // Input i's elements so, with a problem naming `what` (as intsInput's) when they are not.
  std::optional<llvm::SmallVector<mlir::AffineExpr>> symbolicIntsInput(int i,
                                                                      llvm::StringRef what);
  // [min, max] of `e` over the run-time dims' bounds.
  std::pair<int64_t, int64_t> exprRange(mlir::AffineExpr e);
  // The dims of sizes `exprs`, each bounded by its largest value; none (with a problem
  // naming `what`) when one may be negative.
  std::optional<RunShape> dimsOf(llvm::ArrayRef<mlir::AffineExpr> exprs, llvm::StringRef what);
  // A rank-0 i64 holding e's value (a constant, else picoc.dim); a 1-D i64 of several.
  mlir::Value dimValue(mlir::AffineExpr e);
  mlir::Value dimVector(llvm::ArrayRef<mlir::AffineExpr> exprs);

  // `axis` in [-rank, rank) made non-negative; a problem naming `what` when out of range.
  std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                       llvm::StringRef what = "axis") const;
  // Normalized, sorted axes without repeats; a problem when one is out of range or repeated.
  std::optional<llvm::SmallVector<int64_t>> normalizeAxes(llvm::ArrayRef<int64_t> axes,
                                                          int64_t rank) const;

private:
  using InferFn = llvm::LogicalResult (*)(mlir::MLIRContext *, std::optional<mlir::Location>,
                                          mlir::ValueRange, mlir::DictionaryAttr,
                                          mlir::OpaqueProperties, mlir::RegionRange,
                                          llvm::SmallVectorImpl<mlir::Type> &);
  mlir::Value finish(mlir::OperationState &state, InferFn infer);
  // As ONNX's type constraints say: a narrow format (float8, float4, int4, ...) is taken by
  // the conversions and the ops that move data only; any other op is refused.
  mlir::LogicalResult refuseNarrowInputs();
  // Fails when an input has run-time dims (--dim NAME=MIN..MAX) and the op is not one whose
  // import keeps them right (most imports still compute with static sizes).
  mlir::LogicalResult refuseRunDims();
  std::optional<mlir::Value> foldEmpty(mlir::OperationState &state);

  const OpInfo &info_;
  GraphState &graph_;
  mlir::Location loc_;
  llvm::SmallVector<mlir::Value> outputs_;
};

template <typename OpTy, typename... Args> mlir::Value NodeImporter::create(Args &&...args) {
  mlir::OperationState state(loc_, OpTy::getOperationName());
  if constexpr (OpTy::template hasTrait<mlir::InferTypeOpInterface::Trait>()) {
    // Build with a placeholder type, then infer it here: ODS's inferring builders abort on
    // a shape error, and a bad model must give a problem instead.
    OpTy::build(graph_.builder, state, mlir::Type(), std::forward<Args>(args)...);
    state.types.clear();
    return finish(state, &OpTy::inferReturnTypes);
  } else {
    OpTy::build(graph_.builder, state, std::forward<Args>(args)...);
    return finish(state, nullptr);
  }
}

// LpPool and GlobalLpPool (Convolution.cpp): |x|^p, and the p-th root of a sum of those.
mlir::Value lpPower(NodeImporter &n, mlir::Value x, int64_t p);
mlir::Value lpRoot(NodeImporter &n, mlir::Value sum, int64_t p);

} // namespace picoc::onnximport

#endif // PICOC_FRONTEND_ONNX_IMPORTCONTEXT_H
