//===- Importer.cpp - ONNX ModelProto to func.func @main in the picoc dialect -------===//
//
// Two phases over one parsed model:
//   check  reads the file, the IR version and opsets, the initializers (resolving their
//          bytes, external files included), the graph inputs (every dim static or given in
//          ImportOptions::dims), the node order (cycles, inputs nobody produces) and every
//          node against the op table (op type, opset, attributes, the op's own check).
//          It builds no IR and reports every problem it finds, not only the first.
//   build  walks the nodes in topological order and calls each op's importer (OpTable.h).
//          A node whose importer fails poisons its outputs; nodes that read them are
//          skipped, so each independent problem is reported once. The module is verified
//          before it is returned.
//
// Weights: an initializer enters the WeightStore when a node first reads it, as a
// picoc.weight at the top of @main. raw_data stays in the parsed model (the store keeps it
// alive), typed fields are converted once, external data is mapped from its file. Integer
// initializers of at most kMaxFoldElements elements become picoc.constant instead, so that
// the shape arithmetic reading them folds.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <limits>
#include <google/protobuf/io/coded_stream.h>

#include <cctype>
#include <climits>
#include <queue>

using namespace mlir;

namespace picoc {

std::string ImportProblem::str(const std::string &file) const {
  std::string s = file + ": ";
  if (!opType.empty())
    s += "node '" + node + "' (" + opType + "): ";
  else if (!node.empty())
    s += node + ": ";
  return s + message;
}

namespace onnximport {
namespace {

constexpr int64_t kMinOpset = 1, kMaxOpset = 28; // onnx 1.23's newest; each op row narrows this
constexpr int64_t kMinIrVersion = 3;

struct GraphInput {
  std::string name;
  kir::DType dtype;
  SmallVector<int64_t> shape; // a run-time dim at its bound
  // Per dim: the dim_param that makes it a run-time dim (a run-time dim's name, an expression
  // of them), or "" for a static dim.
  SmallVector<std::string> runDims;
};

class ModelImporter {
public:
  ModelImporter(const OnnxSource &source, const ImportOptions &options,
                std::vector<ImportProblem> &problems)
      : path_(source.path), source_(source), options_(options), problems_(problems), start_(problems.size()) {
    for (const auto &[name, range] : options_.runDims)
      runDims_.push_back({name, range.first, range.second});
  }

  // Reads the model and checks everything that needs no IR; false if a problem was found.
  bool check();
  // Reads the model and names the dims of its graph inputs.
  std::optional<std::vector<OnnxInputDims>> inputDims();
  OwningOpRef<ModuleOp> build(MLIRContext &context, WeightStore &store);

private:
  bool read();
  void checkHeader();
  void checkInitializers();
  void checkInputs();
  void bindInputs();
  std::string boundValueMismatch(const onnx::ValueInfoProto &input,
                                 const onnx::TensorProto &value) const;
  void checkNodes();
  void checkNode(const onnx::NodeProto &node, const std::string &name);
  void checkOutputs();
  void checkDeclaredOutput(const onnx::ValueInfoProto &info, Value v);
  bool hasProblems() const { return problems_.size() > start_; }
  void problem(std::string node, std::string opType, std::string message) {
    problems_.push_back({std::move(node), std::move(opType), std::move(message)});
  }
  const onnx::GraphProto &graph() const { return model_->graph(); }

  std::string path_;
  OnnxSource source_;
  const ImportOptions &options_;
  std::vector<kir::RunDim> runDims_; // options_.runDims, in symbol order
  // A dim_param over the run-time dims (runDimExpr) in the kernel IR's affine form: none
  // without run-time dims, or when it is not such an expression.
  std::optional<kir::DimExpr> runDimOf(const std::string &param) const {
    if (runDims_.empty() && options_.dimExprs.empty())
      return std::nullopt;
    MLIRContext scratch;
    std::optional<AffineExpr> e = runDimExpr(&scratch, param, options_);
    return e ? toDimExpr(*e) : std::nullopt;
  }
  std::vector<ImportProblem> &problems_;
  size_t start_;
  std::shared_ptr<onnx::ModelProto> model_;
  std::unique_ptr<TensorLoader> loader_;
  int64_t opset_ = 0;
  bool opsetSupported_ = false;
  std::vector<GraphInput> inputs_;
  llvm::StringSet<> initializerNames_;          // all of them, loadable or not
  llvm::StringMap<Initializer> initializers_; // those whose bytes were resolved
  std::vector<std::string> nodeNames_; // by node index: the ONNX name or "<OpType>_<index>"
  std::vector<int> order_;             // node indices in topological order
  llvm::StringSet<> used_;             // names read by a node or a graph output
};

bool ModelImporter::check() {
  if (!read())
    return false;
  checkHeader();
  bindInputs();
  checkInitializers();
  checkInputs();
  checkNodes();
  checkOutputs();
  return !hasProblems();
}

std::optional<std::vector<OnnxInputDims>> ModelImporter::inputDims() {
  if (!read())
    return std::nullopt;
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &t : graph().initializer())
    initializers.insert(t.name());
  std::vector<OnnxInputDims> result;
  for (const onnx::ValueInfoProto &vi : graph().input()) {
    if (initializers.contains(vi.name()))
      continue;
    OnnxInputDims in{vi.name(), {}};
    if (vi.type().has_tensor_type() && vi.type().tensor_type().has_shape())
      for (const auto &d : vi.type().tensor_type().shape().dim())
        in.dimNames.push_back(d.has_dim_param() ? d.dim_param() : "");
    result.push_back(std::move(in));
  }
  return result;
}

bool ModelImporter::read() {
  if (source_.model) {
    // bindInputs adds initializers to the model: to a copy, as the source may be shared.
    model_ = options_.bindInputs.empty()
                 ? std::const_pointer_cast<onnx::ModelProto>(source_.model)
                 : std::make_shared<onnx::ModelProto>(*source_.model);
    loader_ = std::make_unique<TensorLoader>(model_, source_.dir, options_.mappedFiles);
    return true;
  }
  int64_t size = 0;
  std::string error;
  auto bytes = mapFile(path_, size, error);
  if (!bytes) {
    problem("", "", "cannot read the model: " + error);
    return false;
  }
  if (size == 0) {
    problem("", "", "'" + path_ + "' is empty, not an ONNX model");
    return false;
  }
  if (size > INT_MAX) {
    problem("", "",
            "'" + path_ + "' is larger than 2 GiB, the most one protobuf message can hold; "
            "save the model with its weights as external data");
    return false;
  }
  model_ = std::make_shared<onnx::ModelProto>();
  google::protobuf::io::CodedInputStream in(static_cast<const uint8_t *>(bytes.get()),
                                            static_cast<int>(size));
  in.SetTotalBytesLimit(INT_MAX);
  if (!model_->ParseFromCodedStream(&in) || !in.ConsumedEntireMessage()) {
    problem("", "", "'" + path_ + "' is not an ONNX model: it does not parse as a ModelProto "
                    "(truncated or corrupt file?)");
    return false;
  }
  if (!model_->has_graph() || model_->ir_version() <= 0) {
    problem("", "", "'" + path_ + "' is not an ONNX model: it has no graph or no IR version");
    return false;
  }
  size_t slash = path_.find_last_of('/');
  loader_ = std::make_unique<TensorLoader>(
      model_, slash == std::string::npos ? std::string(".") : path_.substr(0, slash),
      options_.mappedFiles);
  return true;
}

void ModelImporter::checkHeader() {
  int64_t ir = model_->ir_version();
  // Newer IR versions only add fields picoc does not read; what an op means is fixed by its
  // opset, checked below and per node.
  if (ir < kMinIrVersion)
    problem("", "",
            "IR version " + std::to_string(ir) + " is too old (picoc reads " +
                std::to_string(kMinIrVersion) + " and newer)");
  bool defaultDomain = false;
  std::vector<std::string> others;
  for (const auto &op : model_->opset_import()) {
    if (op.domain().empty() || op.domain() == "ai.onnx") {
      opset_ = op.version();
      defaultDomain = true;
    } else {
      others.push_back("'" + op.domain() + "' " + std::to_string(op.version()));
    }
  }
  opsetSupported_ = opset_ >= kMinOpset && opset_ <= kMaxOpset;
  if (!defaultDomain) {
    std::string list;
    for (const std::string &o : others)
      list += (list.empty() ? "" : ", ") + o;
    problem("", "",
            "the model imports no opset of the default ONNX domain" +
                (list.empty() ? std::string(" (no opset_import at all)")
                              : " (only " + list + ")") +
                "; picoc compiles default-domain ops, opsets " + std::to_string(kMinOpset) +
                ".." + std::to_string(kMaxOpset));
  } else if (!opsetSupported_) {
    problem("", "",
            "opset " + std::to_string(opset_) + " of the default domain is not supported (" +
                std::to_string(kMinOpset) + ".." + std::to_string(kMaxOpset) + ")");
  }
}

// Why a bound value does not fit the input it binds ("" if it does): its element type and rank
// must be the declared ones, and each dim the declared value (a named dim: its --dim value, if
// given).
std::string ModelImporter::boundValueMismatch(const onnx::ValueInfoProto &input,
                                              const onnx::TensorProto &value) const {
  if (!input.type().has_tensor_type())
    return "";
  const auto &tt = input.type().tensor_type();
  if (tt.elem_type() != value.data_type())
    return "the value is " + onnxTypeName(value.data_type()) + ", the input is declared " +
           onnxTypeName(tt.elem_type());
  if (!tt.has_shape())
    return "";
  auto shapeText = [](const std::vector<std::string> &dims) {
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i)
      s += (i ? ", " : "") + dims[i];
    return s + "]";
  };
  std::vector<std::string> declared, given;
  bool fits = tt.shape().dim_size() == value.dims_size();
  for (int k = 0; k < tt.shape().dim_size(); ++k) {
    const auto &d = tt.shape().dim(k);
    std::optional<int64_t> want;
    if (d.has_dim_value())
      want = d.dim_value();
    else if (d.has_dim_param() && !d.dim_param().empty())
      want = namedDimValue(d.dim_param(), options_.dims);
    declared.push_back(d.has_dim_param() && !d.dim_param().empty() ? d.dim_param()
                                                                   : std::to_string(d.dim_value()));
    if (fits && want && *want != value.dims(k))
      fits = false;
  }
  for (int64_t d : value.dims())
    given.push_back(std::to_string(d));
  if (fits)
    return "";
  return "the value has shape " + shapeText(given) + ", the input is declared " +
         shapeText(declared);
}

// Each bound input gets an initializer of its name, read from the binding's TensorProto file;
// checkInitializers and checkInputs then treat it as any initializer that shadows an input.
void ModelImporter::bindInputs() {
  for (const auto &[name, file] : options_.bindInputs) {
    std::string where = "graph input '" + name + "'";
    const onnx::ValueInfoProto *declared = nullptr;
    for (const onnx::ValueInfoProto &vi : graph().input())
      if (vi.name() == name)
        declared = &vi;
    if (!declared) {
      problem(where, "", "is bound with --bind but the graph has no such input");
      continue;
    }
    int64_t size = 0;
    std::string error;
    auto bytes = mapFile(file, size, error);
    onnx::TensorProto value;
    if (!bytes || !value.ParseFromArray(bytes.get(), static_cast<int>(size))) {
      problem(where, "", "--bind " + name + "=" + file + ": the file is not a TensorProto" +
                             (error.empty() ? "" : " (" + error + ")"));
      continue;
    }
    if (std::string why = boundValueMismatch(*declared, value); !why.empty()) {
      problem(where, "", "--bind " + name + "=" + file + ": " + why);
      continue;
    }
    value.set_name(name);
    *model_->mutable_graph()->add_initializer() = std::move(value);
  }
}

void ModelImporter::checkInitializers() {
  for (const onnx::TensorProto &t : graph().initializer()) {
    std::string where = "initializer '" + t.name() + "'";
    if (t.name().empty()) {
      problem("initializer #" + std::to_string(initializers_.size()), "", "has no name");
      continue;
    }
    if (!initializerNames_.insert(t.name()).second) {
      problem(where, "", "is defined twice");
      continue;
    }
    Initializer w;
    w.proto = &t;
    w.dims.assign(t.dims().begin(), t.dims().end());
    auto dtype = kir::dtypeFromOnnx(t.data_type());
    std::string error;
    if (!dtype) {
      problem(where, "", "data type " + onnxTypeName(t.data_type()) + " is not supported");
      continue;
    }
    w.dtype = *dtype;
    if (!loader_->load(t, w.bytes, error)) {
      problem(where, "", error);
      continue;
    }
    if (kir::isNarrow(*dtype)) {
      w.format = *dtype;
      w.dtype = kir::wideType(*dtype);
      w.bytes = widenNarrow(*dtype, w.bytes, *elementCount(w.dims));
    }
    initializers_[t.name()] = std::move(w);
  }
  if (graph().sparse_initializer_size() > 0)
    problem("", "", "sparse initializers are not supported");
}

void ModelImporter::checkInputs() {
  llvm::StringSet<> seen;
  for (const onnx::ValueInfoProto &vi : graph().input()) {
    if (initializerNames_.contains(vi.name()))
      continue; // an initializer listed as input (IR < 4 style) is a weight, not an input
    std::string where = "graph input '" + vi.name() + "'";
    if (!seen.insert(vi.name()).second) {
      problem(where, "", "is listed twice");
      continue;
    }
    if (!vi.type().has_tensor_type()) {
      problem(where, "", "is not a tensor (sequences, maps and optionals are not supported)");
      continue;
    }
    const auto &tt = vi.type().tensor_type();
    GraphInput in{vi.name(), kir::DType::F32, {}};
    if (auto dtype = kir::dtypeFromOnnx(tt.elem_type()))
      in.dtype = *dtype;
    else
      problem(where, "", "data type " + onnxTypeName(tt.elem_type()) + " is not supported");
    if (!tt.has_shape()) {
      problem(where, "", "has no shape; picoc needs the rank and every dim of its inputs");
      continue;
    }
    for (int k = 0; k < tt.shape().dim_size(); ++k) {
      const auto &d = tt.shape().dim(k);
      std::string dim = "dim " + std::to_string(k);
      int64_t value = 0;
      std::string run;
      std::optional<kir::DimExpr> overRun =
          d.has_dim_value() || !d.has_dim_param() ? std::nullopt : runDimOf(d.dim_param());
      if (d.has_dim_value()) {
        value = d.dim_value();
      } else if (overRun && !overRun->isConstant()) { // a run-time dim at its bound
        run = d.dim_param();
        value = overRun->max(runDims_);
        bool huge = std::abs(overRun->constant) > kMaxDimSize;
        for (int64_t c : overRun->coeffs)
          huge |= std::abs(c) > kMaxDimSize;
        if (huge || overRun->min(runDims_) < 0) {
          problem(where, "", dim + " ('" + run + "') " +
                                 (huge ? "has a coefficient past 2^31"
                                       : "may be negative within the --dim bounds"));
          continue;
        }
      } else if (overRun) {
        value = overRun->constant;
      } else if (d.has_dim_param() && !d.dim_param().empty()) {
        dim += " ('" + d.dim_param() + "')";
        std::string why;
        auto given = namedDimValue(d.dim_param(), options_.dims, &why);
        if (!given) {
          bool name = llvm::all_of(d.dim_param(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
          });
          bool overRunDims = llvm::any_of(options_.runDims, [&](const auto &r) {
            return d.dim_param().find(r.first) != std::string::npos;
          });
          problem(where, "", dim + " is dynamic and has no value; " +
                                 (name ? "give it one (--dim " + d.dim_param() + "=N)"
                                  : overRunDims
                                      ? "an expression over run-time dims must be affine in "
                                        "them (no products of two, divisions by constants)"
                                      : "its expression " + why));
          continue;
        }
        value = *given;
      } else {
        problem(where, "", dim + " is dynamic and unnamed; picoc needs a static size");
        continue;
      }
      if (value < 0 || value > kMaxDimSize) {
        // A dim of 0 is an empty input (its consumers fold: see NodeImporter::foldEmpty).
        problem(where, "", dim + " is " + std::to_string(value) + "; dims must be 0.." +
                               std::to_string(kMaxDimSize));
        continue;
      }
      in.shape.push_back(value);
      in.runDims.push_back(run);
    }
    if (!elementCount(in.shape))
      problem(where, "", "has too many elements: " + shapeString(in.shape));
    inputs_.push_back(std::move(in));
  }
}

// Every name that the bodies of `node` (and theirs) read or return.
static void bodyUses(const onnx::NodeProto &node, llvm::StringSet<> &used) {
  for (const auto &a : node.attribute()) {
    if (!a.has_g())
      continue;
    for (const auto &n : a.g().node()) {
      for (const std::string &in : n.input())
        if (!in.empty())
          used.insert(in);
      bodyUses(n, used);
    }
    for (const auto &out : a.g().output())
      used.insert(out.name());
  }
}

void ModelImporter::checkNodes() {
  const auto &nodes = graph().node();
  int n = nodes.size();
  llvm::StringSet<> defined = initializerNames_; // and the graph inputs
  for (const auto &vi : graph().input())
    defined.insert(vi.name());

  llvm::StringMap<int> producer;
  for (int i = 0; i < n; ++i) {
    const auto &node = nodes[i];
    nodeNames_.push_back(node.name().empty() ? node.op_type() + "_" + std::to_string(i)
                                             : node.name());
    for (const std::string &out : node.output()) {
      if (out.empty())
        continue;
      if (defined.contains(out) || producer.count(out))
        problem(nodeNames_[i], node.op_type(), "output '" + out + "' is already defined");
      else
        producer[out] = i;
    }
  }
  for (const auto &out : graph().output())
    used_.insert(out.name());

  // Kahn's algorithm, taking the lowest ready index first so a sorted graph keeps its order.
  std::vector<int> pending(n, 0);
  std::vector<std::vector<int>> users(n);
  for (int i = 0; i < n; ++i) {
    for (const std::string &in : nodes[i].input()) {
      if (in.empty())
        continue;
      used_.insert(in);
      auto p = producer.find(in);
      if (p != producer.end()) {
        users[p->second].push_back(i);
        ++pending[i];
      } else if (!defined.contains(in)) {
        problem(nodeNames_[i], nodes[i].op_type(),
                "input '" + in + "' is not produced by any node, graph input or initializer");
      }
    }
    // A body (If, Loop, Scan) may read the outer graph's values: the node comes after their
    // producers. (A name it reads that nothing defines is reported when the body is imported.)
    llvm::StringSet<> reads;
    subgraphReads(nodes[i], reads);
    bodyUses(nodes[i], used_);
    for (const auto &r : reads) {
      used_.insert(r.getKey());
      auto p = producer.find(r.getKey());
      if (p != producer.end() && p->second != i) {
        users[p->second].push_back(i);
        ++pending[i];
      }
    }
  }
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < n; ++i)
    if (pending[i] == 0)
      ready.push(i);
  while (!ready.empty()) {
    int i = ready.top();
    ready.pop();
    order_.push_back(i);
    for (int u : users[i])
      if (--pending[u] == 0)
        ready.push(u);
  }
  for (int i = 0; i < n; ++i)
    if (pending[i] > 0)
      problem(nodeNames_[i], nodes[i].op_type(),
              "is in a cycle, or reads the output of a node in one");

  for (int i = 0; i < n; ++i)
    checkNode(nodes[i], nodeNames_[i]);
}

void ModelImporter::checkNode(const onnx::NodeProto &node, const std::string &name) {
  checkOnnxNode(node, name, opset_, opsetSupported_, problems_);
}

void ModelImporter::checkOutputs() {
  if (graph().output_size() == 0)
    problem("", "", "the graph has no outputs");
  llvm::StringSet<> known = initializerNames_;
  for (const auto &vi : graph().input())
    known.insert(vi.name());
  for (const auto &node : graph().node())
    for (const std::string &out : node.output())
      known.insert(out);
  for (const auto &out : graph().output())
    if (out.name().empty() || !known.contains(out.name()))
      problem("graph output '" + out.name() + "'", "", "is not produced by any node");
}

// The declared type of a graph output, where given, must match what the import computed.
void ModelImporter::checkDeclaredOutput(const onnx::ValueInfoProto &info, Value v) {
  if (!info.type().has_tensor_type())
    return;
  std::string where = "graph output '" + info.name() + "'";
  const auto &tt = info.type().tensor_type();
  auto dtype = kir::dtypeFromOnnx(tt.elem_type());
  if (tt.elem_type() != 0 && dtype && dtypeOf(elementTypeOf(v)) != dtype)
    problem(where, "", "is computed with another element type than the model declares (" +
                           onnxTypeName(tt.elem_type()) + ")");
  if (!tt.has_shape())
    return;
  ArrayRef<int64_t> shape = shapeOf(v);
  bool differs = tt.shape().dim_size() != static_cast<int>(shape.size());
  for (int k = 0; !differs && k < tt.shape().dim_size(); ++k) {
    const auto &d = tt.shape().dim(k);
    int64_t declared = d.has_dim_value() ? d.dim_value() : -1;
    if (d.has_dim_param())
      declared = namedDimValue(d.dim_param(), options_.dims).value_or(-1);
    if (!runShape(v.getType())[k].isStatic())
      declared = -1; // a run-time dim: its bound is no size the model declares
    differs = declared > 0 && declared != shape[k];
  }
  if (differs)
    problem(where, "", "is computed with shape " + shapeString(shape) +
                           ", which differs from the shape the model declares");
}

OwningOpRef<ModuleOp> ModelImporter::build(MLIRContext &context, WeightStore &store) {
  context.loadDialect<PicocDialect, func::FuncDialect>();
  const auto &nodes = graph().node();

  // Errors from type inference and verification become problems of the node being built
  // (or, for the final verification, of the node named by the op's location).
  const OnnxNode *current = nullptr;
  llvm::StringMap<std::string> opTypes;
  for (size_t i = 0; i < nodeNames_.size(); ++i)
    opTypes[nodeNames_[i]] = nodes[i].op_type();
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    if (diag.getSeverity() != DiagnosticSeverity::Error)
      return success();
    if (current) {
      current->problem(diag.str());
    } else if (auto name = dyn_cast<NameLoc>(diag.getLocation())) {
      std::string node = name.getName().str();
      problem(node, opTypes.lookup(node), diag.str());
    } else {
      problem("", "", diag.str());
    }
    return success();
  });

  Location fileLoc = FileLineColLoc::get(&context, path_, 0, 0);
  auto nameLoc = [&](const std::string &name) {
    return NameLoc::get(StringAttr::get(&context, name), fileLoc);
  };
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  setModuleRunDims(*module, runDims_);
  SmallVector<Type> argTypes;
  SmallVector<Location> argLocs;
  for (const GraphInput &in : inputs_) {
    RunShape shape;
    for (auto [bound, run] : llvm::zip(in.shape, in.runDims))
      shape.push_back(run.empty() ? staticDim(&context, bound)
                                  : ShapeDim{*runDimExpr(&context, run, options_), bound});
    argTypes.push_back(runTensorType(shape, elementType(&context, in.dtype)));
    argLocs.push_back(nameLoc(in.name));
  }
  auto func = func::FuncOp::create(fileLoc, "main", FunctionType::get(&context, argTypes, {}));
  module->push_back(func);
  Block *body = new Block();
  func.getBody().push_back(body);
  body->addArguments(argTypes, argLocs);

  GraphState state(*body, store, *loader_, path_, initializers_, used_);
  state.setRunDims(runDims_);
  for (auto [i, in] : llvm::enumerate(inputs_)) {
    state.setValue(in.name, body->getArgument(i));
    func.setArgAttr(i, "picoc.name", StringAttr::get(&context, in.name));
  }

  llvm::StringSet<> poisoned; // outputs of nodes that failed, or that read such outputs
  for (int index : order_) {
    const onnx::NodeProto &proto = nodes[index];
    bool skip = llvm::any_of(proto.input(), [&](const std::string &in) {
      return !in.empty() && poisoned.contains(in);
    });
    bool ok = false;
    if (!skip) {
      OnnxNode node(proto, nodeNames_[index], opset_, problems_);
      NodeImporter importer(node, *findOp(proto.op_type()), state, nameLoc(nodeNames_[index]));
      size_t before = problems_.size();
      current = &importer;
      ok = succeeded(importer.import()) && problems_.size() == before;
      for (int k = 0; ok && k < proto.output_size(); ++k) {
        if (proto.output(k).empty())
          continue;
        if (importer.output(k))
          state.setValue(proto.output(k), importer.output(k));
        else if (used_.contains(proto.output(k)))
          ok = succeeded(importer.fail("output " + Twine(k) + " is not supported"));
      }
      if (!ok && problems_.size() == before)
        importer.problem("import failed");
      current = nullptr;
    }
    if (!ok)
      for (const std::string &out : proto.output())
        poisoned.insert(out);
  }
  if (hasProblems())
    return nullptr;

  SmallVector<Value> results;
  for (const auto &out : graph().output()) {
    Value v = state.value(out.name());
    checkDeclaredOutput(out, v);
    results.push_back(v);
  }
  for (const GraphState::Check &check : state.checks())
    results.push_back(check.fault);
  OpBuilder::atBlockEnd(body).create<func::ReturnOp>(fileLoc, results);
  // Folding leaves the constants of shape subgraphs behind; drop what nothing reads.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (isOpTriviallyDead(&op))
      op.erase();
  func.setFunctionType(FunctionType::get(&context, argTypes, ValueRange(results).getTypes()));
  for (auto [i, out] : llvm::enumerate(graph().output()))
    func.setResultAttr(i, "picoc.name", StringAttr::get(&context, out.name()));
  for (auto [i, check] : llvm::enumerate(state.checks()))
    func.setResultAttr(graph().output_size() + i, kCheckAttr,
                       StringAttr::get(&context, check.message));

  size_t before = problems_.size();
  if (failed(verify(*module)) && problems_.size() == before)
    problem("", "", "the imported module does not verify");
  if (hasProblems())
    return nullptr;
  return module;
}

} // namespace
} // namespace onnximport

std::vector<ImportProblem> checkOnnxModel(const OnnxSource &source,
                                         const ImportOptions &options) {
  std::vector<ImportProblem> problems;
  onnximport::ModelImporter(source, options, problems).check();
  return problems;
}

std::optional<std::vector<OnnxInputDims>> onnxInputDims(const OnnxSource &source) {
  std::vector<ImportProblem> problems;
  ImportOptions options; // outlives the importer, which keeps a reference
  onnximport::ModelImporter importer(source, options, problems);
  return importer.inputDims();
}

OwningOpRef<ModuleOp> importOnnxModel(MLIRContext &context, const OnnxSource &source,
                                      const ImportOptions &options, WeightStore &store,
                                      std::vector<ImportProblem> &problems) {
  onnximport::ModelImporter importer(source, options, problems);
  if (!importer.check())
    return nullptr;
  return importer.build(context, store);
}

} // namespace picoc
