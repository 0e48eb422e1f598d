//===- Pipeline.cpp - the compiler, top to bottom -------------------------------------===//
//
// The whole pipeline, written out once. Every step can be printed (--print-ir-after-all,
// --print-ir-after=FLAG) and dumped (--dump-dir: one numbered file per step).
//
//   0. expand checkpoints               a Hugging Face folder -> ONNX graphs, an entry each
//   1. import                           ONNX -> picoc dialect (or parse textual .mlir)
//   2. picoc-graph-infer-shapes         exact result types everywhere
//   3. canonicalize                     fold small constants, drop identity views
//   4. picoc-graph-fold-weight-views    transposed weights -> permuted weights
//   5. picoc-graph-form-attention       matmul, scale, mask, softmax, matmul -> attention
//      picoc-graph-decompose            softmax / norm -> primitives
//   6. canonicalize, cse                fold again, share common subexpressions
//   7. picoc-graph-lower-convs          convs -> im2col matmuls, or direct on a padded copy
//   8. picoc-graph-pad-operands         CPU: matmul B rows padded off the cache's set stride
//   9. picoc-graph-fuse                 primitives -> picoc.kernel regions
//  10. picoc-kernel-lower-to-kernels    regions -> kir::Program (views become index maps)
//      picoc-kernel-order-reductions    GPU: a contraction's reduction in its factors' order
//      picoc-kernel-split-k             GPU tensor cores: too few tiles -> partial sums + sum
//  11. picoc-kernel-choose-opts         vector width, register tile, cache tile, parallel dims
//      picoc-kernel-apply-tuning        --tuning-db: measured schedules replace the heuristics'
//  12. picoc-kernel-plan-memory         temporaries -> offsets in one arena
//  13. picoc-kernel-layout-weights      weights -> offsets in one blob
//      (steps 1-13 run once per model: several models make one object, an entry point each)
//  14. picoc-kernel-link-entries        the models' programs -> one program, equal weights once
//  15. codegen                          target -> object + header (+ weights side file)
//
//===------------------------------------------------------------------------------===//

#include "picoc/Pipeline/Pipeline.h"
#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Frontend/HfImporter.h"
#include "picoc/Frontend/OnnxImporter.h"
#include "picoc/Kernel/Tuning.h"
#include "picoc/Passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <unistd.h>
#include <optional>
#include <set>
#include <thread>

using namespace mlir;

namespace picoc {
namespace {

// --weights auto: the largest blob embedded in the object; a larger one goes to a side file.
constexpr int64_t kMaxAutoEmbedBytes = int64_t(2) << 30;

class Driver {
public:
  // sources[i]: what options.inputPaths[i] names, read or built.
  Driver(const CompileOptions &options, std::vector<OnnxSource> sources, llvm::raw_ostream &errs)
      : options_(options), sources_(std::move(sources)), errs_(errs) {}

  int run();

private:
  int compile();
  // Steps 1-13 for one model: import .. layout-weights, into `part`. Returns 0, or 1 on an
  // error; with --emit=mlir it writes the graph IR and `done` is set.
  int compileModel(const OnnxSource &source, MLIRContext &context, Target &target,
                   LinkPart &part, bool &done);
  bool runGraphPass(OwningOpRef<ModuleOp> &module, const std::string &flag,
                    std::unique_ptr<Pass> pass);
  // Prints (--print-ir-after*) and writes (--dump-dir) one step's result; `printText`, where
  // given, is what the terminal gets instead of `print`'s bytes.
  void dump(const std::string &flag, const std::string &extension,
            const std::function<void(llvm::raw_ostream &)> &print,
            const std::function<void(llvm::raw_ostream &)> &printText = nullptr);
  bool writeFile(const std::string &path, const std::function<bool(llvm::raw_pwrite_stream &)> &fill);
  bool checkPaths();
  bool chooseEntryNames();
  bool checkBinds();
  ImportOptions importOptions(const std::string &path) const;
  void warnUnusedDims();
  void error(const std::string &message) {
    out() << current_ << ": " << message << "\n";
  }
  // The diagnostics stream, the progress line cleared first.
  llvm::raw_ostream &out() {
    progress("");
    return errs_;
  }
  // On a terminal (and without --quiet), one line that each step of a compile rewrites:
  // "picoc: prefill: graph passes (3.1 s)"; "" clears it.
  void progress(const std::string &step);

  const CompileOptions &options_;
  std::vector<OnnxSource> sources_; // per input path
  std::optional<kir::TuningDb> tuning_; // --tuning-db
  std::shared_ptr<MappedFiles> mappedFiles_ = std::make_shared<MappedFiles>(); // all models
  llvm::raw_ostream &errs_;
  std::string current_;              // the model being compiled, for messages
  std::vector<std::string> entries_; // per model: its entry point's name
  std::string label_;                // several models: the current one's entry, for dumps
  std::map<std::string, std::set<std::string>> inputNames_; // per model, when binds are given
  int step_ = 0;
  std::vector<std::string> written_; // outputs to remove if a later step fails
  std::vector<std::string> steps_;   // the steps dumped so far, for --print-ir-after
  bool dumpFailed_ = false;
  bool showProgress_ = false; // stderr is a terminal, and no --quiet
  bool progressShown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

void Driver::progress(const std::string &step) {
  if (!showProgress_ || (step.empty() && !progressShown_))
    return;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, " (%.1f s)", seconds);
  errs_ << "\r\033[K" << (step.empty() ? "" : "picoc: " + step + elapsed); // NOLINT: the line
  errs_.flush();
  progressShown_ = !step.empty();
}

// The file `path` names, for comparing paths that may be spelled differently.
std::string canonical(const std::string &path) {
  llvm::SmallString<256> abs(path);
  llvm::sys::fs::make_absolute(abs);
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(abs, real))
    return real.str().str();
  llvm::sys::path::remove_dots(abs, /*remove_dot_dot=*/true);
  return abs.str().str();
}

// Checks the input and every output before anything is compiled: the input is a regular file
// (a FIFO would block the reader), no output overwrites the input or another output, the object
// is not written to a pipe, and --dump-dir is a directory.
bool Driver::checkPaths() {
  for (const OnnxSource &source : sources_) {
    const std::string &path = source.path;
    llvm::sys::fs::file_status st;
    if (!source.model && !llvm::sys::fs::status(path, st) &&
        st.type() != llvm::sys::fs::file_type::regular_file) {
      out() << path << ": the model is not a regular file\n";
      return false;
    }
  }
  bool object = options_.emit == EmitKind::Obj && !options_.checkOnly;
  if (options_.outputPath == "-") {
    if (object) {
      error("-o -: an object (with its header) is written to files, not standard output; "
            "name a file, or use --emit=mlir|kernels|llvm|asm|cuda|ptx");
      return false;
    }
    return true;
  }
  std::vector<std::pair<std::string, std::string>> files;
  for (const OnnxSource &source : sources_)
    files.push_back({"the model", source.model ? source.dir : source.path});
  files.push_back({"the output", options_.outputPath});
  if (object) {
    llvm::SmallString<256> header(options_.outputPath);
    llvm::sys::path::replace_extension(header, ".h");
    files.push_back({"the header", header.str().str()});
    if (options_.target.weights != WeightsMode::Embed) {
      std::string dir = llvm::sys::path::parent_path(options_.outputPath).str();
      files.push_back({"the weights file", dir.empty() ? options_.target.weightsFile
                                                       : dir + "/" + options_.target.weightsFile});
    }
  }
  size_t models = options_.inputPaths.size(); // files[0, models): read, never written
  for (size_t i = 0; i < files.size(); ++i)
    for (size_t j = std::max(i + 1, models); j < files.size(); ++j)
      if (canonical(files[i].second) == canonical(files[j].second)) {
        error(files[j].first + " '" + files[j].second + "' would overwrite " + files[i].first +
              " '" + files[i].second + "'; choose another -o");
        return false;
      }
  if (!options_.dumpDir.empty()) {
    std::error_code ec = llvm::sys::fs::create_directories(options_.dumpDir);
    if (ec || !llvm::sys::fs::is_directory(options_.dumpDir)) {
      error("--dump-dir '" + options_.dumpDir +
            "': " + (ec ? ec.message() : std::string("not a directory")));
      return false;
    }
  }
  return true;
}

void Driver::dump(const std::string &flag, const std::string &extension,
                  const std::function<void(llvm::raw_ostream &)> &print,
                  const std::function<void(llvm::raw_ostream &)> &printText) {
  ++step_;
  steps_.push_back(flag);
  if (options_.printIrAfterAll || options_.printIrAfter == flag) {
    out() << "// -----// IR after " << flag << (label_.empty() ? "" : " (" + label_ + ")")
          << " //----- //\n";
    (printText ? printText : print)(out());
    out() << "\n";
  }
  if (!options_.dumpDir.empty()) {
    char prefix[8];
    snprintf(prefix, sizeof prefix, "%02d-", step_);
    std::string path = options_.dumpDir + "/" + (label_.empty() ? "" : label_ + "-") + prefix +
                       flag + extension;
    std::error_code ec;
    llvm::raw_fd_ostream file(path, ec);
    if (!ec)
      print(file);
    else if (!dumpFailed_) { // said once; the compile goes on
      out() << current_ << ": warning: cannot write '" << path << "': " << ec.message() << "\n";
      dumpFailed_ = true;
    }
  }
}

bool Driver::runGraphPass(OwningOpRef<ModuleOp> &module, const std::string &flag,
                          std::unique_ptr<Pass> pass) {
  PassManager pm(module->getContext());
  pm.addNestedPass<func::FuncOp>(std::move(pass));
  if (failed(pm.run(*module)))
    return false;
  dump(flag, ".mlir", [&](llvm::raw_ostream &os) { module->print(os); });
  return true;
}

// Writes through a temporary file renamed into place, so a failure leaves nothing behind.
bool Driver::writeFile(const std::string &path,
                       const std::function<bool(llvm::raw_pwrite_stream &)> &fill) {
  if (path == "-") {
    llvm::raw_fd_ostream out(1, /*shouldClose=*/false);
    return fill(out);
  }
  std::string tmp = path + ".tmp";
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(tmp, ec);
    if (ec) {
      error("cannot write '" + path + "': " + ec.message());
      return false;
    }
    if (!fill(out)) {
      out.close();
      llvm::sys::fs::remove(tmp);
      return false;
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    error("cannot write '" + path + "': " +
          (llvm::sys::fs::is_directory(path) ? std::string("it is a directory") : ec.message()));
    return false;
  }
  written_.push_back(path);
  return true;
}

// Each model is an entry point named as given (NAME=PATH) or by its file's stem (prefill.onnx
// -> prefill): a C identifier, distinct from the others' and from the object's other functions. One model's entry
// point is "run" (<name>_run).
bool Driver::chooseEntryNames() {
  const std::vector<std::string> &paths = options_.inputPaths;
  if (paths.size() == 1) {
    entries_ = {"run"};
    return true;
  }
  for (size_t m = 0; m < paths.size(); ++m) {
    const std::string &path = paths[m];
    bool given = m < options_.entryNames.size() && !options_.entryNames[m].empty();
    std::string stem = given ? options_.entryNames[m] : llvm::sys::path::stem(path).str(), name;
    for (char c : stem)
      name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
      name = "_" + name;
    if (given && name != stem) {
      out() << path << ": the entry point name '" << stem << "' is not a C identifier\n";
      return false;
    }
    const char *what = given ? "" : " (the file's stem)";
    static const std::set<std::string> reserved = {"create", "destroy", "desc", "weights"};
    if (reserved.count(name) || llvm::StringRef(name).ends_with("_async")) {
      out() << path << ": the entry point '" << name << "'" << what << " would clash with "
            << "the object's own " << options_.target.name << "_" << name
            << "; name it with NAME=" << path << "\n";
      return false;
    }
    for (size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i] == name) {
        out() << path << ": its entry point '" << name << "'" << what << " is also "
              << paths[i] << "'s; name each model's entry point with NAME=PATH\n";
        return false;
      }
    entries_.push_back(name);
  }
  return true;
}

// The graph inputs of a model (names), or nothing when the file cannot be read (the import
// reports that).
std::set<std::string> inputNames(const OnnxSource &source) {
  std::set<std::string> names;
  if (auto inputs = onnxInputDims(source))
    for (const OnnxInputDims &in : *inputs)
      names.insert(in.input);
  return names;
}

// With several models, a --bind fixes the input of that name in each model that has one; a
// --bind that no model has is an error (one model reports it as its import does). Reads each
// model's input names once, for importOptions.
bool Driver::checkBinds() {
  if (options_.inputPaths.size() == 1 || options_.bindInputs.empty())
    return true;
  for (const OnnxSource &source : sources_)
    inputNames_[source.path] = inputNames(source);
  for (const auto &[name, file] : options_.bindInputs) {
    bool found = false;
    for (const std::string &path : options_.inputPaths)
      found = found || inputNames_[path].count(name);
    if (!found) {
      out() << "picoc: --bind " << name << "=" << file << ": no model has an input named '"
            << name << "'\n";
      return false;
    }
  }
  return true;
}

// The dims and binds one model is imported with: with several models, each takes the binds of
// its own inputs.
ImportOptions Driver::importOptions(const std::string &path) const {
  ImportOptions options{options_.dims, options_.runDims, options_.dimExprs, options_.bindInputs,
                        mappedFiles_};
  if (options_.inputPaths.size() > 1 && !options.bindInputs.empty()) {
    const std::set<std::string> &names = inputNames_.at(path); // read by checkBinds
    for (auto it = options.bindInputs.begin(); it != options.bindInputs.end();)
      it = names.count(it->first) ? std::next(it) : options.bindInputs.erase(it);
  }
  return options;
}

// A --dim whose name no input dim of any model uses (alone or in an expression) is most likely
// a typo: say so, and go on.
void Driver::warnUnusedDims() {
  if (options_.dims.empty() && options_.runDims.empty())
    return;
  std::set<std::string> used;
  for (const OnnxSource &source : sources_)
    if (auto inputs = onnxInputDims(source))
      for (const OnnxInputDims &in : *inputs)
        for (const std::string &expr : in.dimNames)
          for (size_t i = 0; i < expr.size();) {
            auto word = [&](size_t k) {
              return k < expr.size() &&
                     (std::isalnum(static_cast<unsigned char>(expr[k])) || expr[k] == '_');
            };
            size_t end = i;
            while (word(end))
              ++end;
            if (end > i)
              used.insert(expr.substr(i, end - i));
            i = std::max(end, i + 1);
          }
  auto warn = [&](const std::string &name, const std::string &value) {
    if (!used.count(name))
      out() << current_ << ": warning: --dim " << name << "=" << value << ": no input dim of the "
            << (options_.inputPaths.size() > 1 ? "models" : "model") << " is named '" << name
            << "'\n";
  };
  for (const auto &[name, value] : options_.dims)
    warn(name, std::to_string(value));
  for (const auto &[name, range] : options_.runDims)
    warn(name, std::to_string(range.first) + ".." + std::to_string(range.second));
}

// compile(), then a --print-ir-after that named no step of this compile is an error (the
// outputs it wrote are removed).
int Driver::run() {
  int rc = compile();
  const std::string &want = options_.printIrAfter;
  if (rc != 0 || want.empty() || std::find(steps_.begin(), steps_.end(), want) != steps_.end())
    return rc;
  std::string steps;
  for (const std::string &s : steps_)
    if (steps.find(" " + s + ",") == std::string::npos)
      steps += " " + s + ",";
  steps.pop_back();
  error("--print-ir-after=" + want + ": no step of this compile has that name; its steps:" +
        steps);
  for (const std::string &path : written_)
    llvm::sys::fs::remove(path);
  return 1;
}

int Driver::compile() {
  DialectRegistry registry;
  registry.insert<PicocDialect, func::FuncDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  context.disableMultithreading(); // 2-core build machines; the passes are cheap

  // Diagnostics name the file and the model's node (the op's NameLoc).
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    std::string node;
    if (auto name = dyn_cast<NameLoc>(diag.getLocation()))
      node = "node '" + name.getName().str() + "': ";
    out() << current_ << ": " << node << diag.str() << "\n";
    return success();
  });

  const std::vector<std::string> &paths = options_.inputPaths;
  if (paths.empty()) {
    out() << "picoc: no model to compile\n";
    return 1;
  }
  current_ = paths[0];
  showProgress_ = !options_.quiet && !options_.checkOnly && ::isatty(2);
  if (!checkPaths() || !chooseEntryNames() || !checkBinds())
    return 1;
  bool several = paths.size() > 1;
  if (options_.checkOnly) {
    int rc = 0;
    for (const OnnxSource &source : sources_) {
      const std::string &path = source.path;
      current_ = path;
      if (llvm::StringRef(path).ends_with(".mlir")) {
        error("--check takes an ONNX model or a checkpoint folder");
        rc = 1;
        continue;
      }
      auto problems = checkOnnxModel(source, importOptions(path));
      for (const ImportProblem &p : problems)
        out() << p.str(path) << "\n";
      if (problems.empty())
        out() << path << ": every op, attribute and dtype is supported\n";
      else
        rc = 1;
    }
    return rc;
  }
  if (several && options_.emit == EmitKind::Mlir) {
    error("--emit=mlir writes the graph IR of one model; give one, or use --dump-dir for all");
    return 1;
  }

  std::string error;
  auto target = createTarget(options_.target, error);
  if (!target) {
    this->error(error);
    return 1;
  }
  if (!options_.tuningDb.empty()) {
    tuning_.emplace();
    if (!tuning_->load(options_.tuningDb, error)) {
      out() << "picoc: " << error << "\n";
      return 1;
    }
  }

  // 1-13 per model.
  std::vector<LinkPart> parts;
  for (size_t i = 0; i < paths.size(); ++i) {
    current_ = paths[i];
    label_ = several ? entries_[i] : "";
    step_ = 0;
    LinkPart part;
    part.entry = entries_[i];
    progress((several ? entries_[i] + ": " : "") + "import, graph and kernel passes");
    bool done = false;
    if (int rc = compileModel(sources_[i], context, *target, part, done); rc != 0 || done)
      return rc;
    parts.push_back(std::move(part));
  }
  warnUnusedDims();

  // 14. link: one program, an entry point per model, equal weights stored once.
  progress("link");
  WeightBlob blob;
  FailureOr<kir::Program> linked = linkEntries(std::move(parts), options_.target.name,
                                                target->scheduleTarget(), blob, error);
  if (failed(linked)) {
    this->error(error);
    return 1;
  }
  kir::Program &program = *linked;
  if (options_.state && several &&
      std::none_of(program.entries.begin(), program.entries.end(),
                   [](const kir::Entry &e) { return !e.states.empty(); })) {
    this->error("--state: no graph output of any model is a graph input concatenated with new "
                "values along a run-time dim (a past/present KV cache whose past length is a "
                "run-time dim: --dim past=0..N)");
    return 1;
  }
  if (several) {
    label_.clear();
    current_ = options_.outputPath;
    dump("picoc-kernel-link-entries", ".kir",
         [&](llvm::raw_ostream &os) { os << program.str(); });
  }
  if (options_.programOut) {
    *options_.programOut = std::move(program);
    if (options_.weightsOut)
      *options_.weightsOut = blob.flatten();
    progress("");
    return 0;
  }
  if (options_.stats) {
    out() << "stats: " << program.kernels.size() << " kernels, arena peak " << program.arenaBytes
          << " bytes, weights " << program.weightBytes << " bytes\n";
  }
  if (options_.emit == EmitKind::Kernels) {
    return writeFile(options_.outputPath, [&](llvm::raw_pwrite_stream &os) {
             os << program.str();
             return true;
           }) ? 0 : 1;
  }

  // 15. codegen: the target's source (LLVM IR, CUDA C) and assembly (x86-64, PTX).
  bool gpu = options_.target.target.rfind("sm_", 0) == 0;
  if (!options_.dumpDir.empty() || options_.printIrAfterAll ||
      llvm::StringRef(options_.printIrAfter).starts_with("codegen")) {
    for (Target::TextForm form : {Target::TextForm::Source, Target::TextForm::Assembly}) {
      std::string text;
      llvm::raw_string_ostream os(text);
      bool source = form == Target::TextForm::Source;
      if (target->emitText(program, form, os, error))
        dump(source ? "codegen" : "codegen-asm",
             source ? (gpu ? ".cu" : ".ll") : (gpu ? ".ptx" : ".s"),
             [&](llvm::raw_ostream &out) { out << text; });
    }
  }
  if (options_.emit == EmitKind::Source || options_.emit == EmitKind::Assembly) {
    bool ok = writeFile(options_.outputPath, [&](llvm::raw_pwrite_stream &os) {
      Target::TextForm form = options_.emit == EmitKind::Source ? Target::TextForm::Source
                                                                 : Target::TextForm::Assembly;
      if (target->emitText(program, form, os, error))
        return true;
      this->error(error);
      return false;
    });
    return ok ? 0 : 1;
  }
  auto cleanup = [&] {
    for (const std::string &path : written_)
      llvm::sys::fs::remove(path);
    return 1;
  };
  // The weights: --weights auto embeds up to 2 GiB in the object, more goes to the side file.
  TargetOptions emit = options_.target;
  if (emit.weights == WeightsMode::Auto) {
    emit.weights = blob.size() > kMaxAutoEmbedBytes ? WeightsMode::External : WeightsMode::Embed;
    target = createTarget(emit, error);
    if (!target) {
      this->error(error);
      return 1;
    }
    if (emit.weights == WeightsMode::External)
      out() << current_ << ": note: the weights (" << blob.size() / (1 << 20)
            << " MiB, over 2 GiB) go to '" << emit.weightsFile
            << "', which the program opens at run time; --weights embed keeps them in the "
               "object\n";
  }
  if (emit.weights == WeightsMode::External) {
    progress("weights: " + std::to_string(blob.size() >> 20) + " MiB to " + emit.weightsFile);
    std::string dir = llvm::sys::path::parent_path(options_.outputPath).str();
    std::string path = dir.empty() ? emit.weightsFile : dir + "/" + emit.weightsFile;
    if (!writeFile(path, [&](llvm::raw_pwrite_stream &os) {
          blob.write(os);
          return true;
        }))
      return cleanup();
  }
  progress("codegen: " + std::to_string(program.kernels.size()) + " kernels for " +
           target->name());
  if (!writeFile(options_.outputPath, [&](llvm::raw_pwrite_stream &os) {
        std::vector<char> embedded;
        if (emit.weights == WeightsMode::Embed)
          embedded = blob.flatten();
        if (target->emitObject(program, embedded, os, error))
          return true;
        this->error(error);
        return false;
      }))
    return cleanup();
  llvm::SmallString<256> header(options_.outputPath);
  llvm::sys::path::replace_extension(header, ".h");
  if (!writeFile(header.str().str(), [&](llvm::raw_pwrite_stream &os) {
        writeModelHeader(program, emit, os);
        return true;
      }))
    return cleanup();
  progress("");
  return 0;
}

int Driver::compileModel(const OnnxSource &source, MLIRContext &context, Target &target,
                         LinkPart &part, bool &done) {
  const std::string &path = source.path;
  // 1. import
  auto shared = std::make_shared<WeightStore>(); // the blob's segments point into it
  WeightStore &store = *shared;
  OwningOpRef<ModuleOp> module;
  if (llvm::StringRef(path).ends_with(".mlir")) {
    llvm::SourceMgr sources;
    module = parseSourceFile<ModuleOp>(path, sources, &context);
    if (!module)
      return 1;
    auto main = module->lookupSymbol<func::FuncOp>("main");
    if (!main || main.isDeclaration()) {
      error(main ? "@main is a declaration: it has no body to compile"
                 : "no func.func @main to compile");
      return 1;
    }
    // Weights of textual IR have no bytes: give them deterministic values for testing.
    module->walk([&](WeightOp w) {
      if (store.find(w.getName().str()))
        return;
      auto type = w.getType();
      std::vector<float> values(type.getNumElements());
      for (size_t i = 0; i < values.size(); ++i)
        values[i] = static_cast<float>((i * 7919) % 17) / 17.0f - 0.5f;
      if (type.getElementType().isF32())
        store.addCopy(w.getName().str(), kir::DType::F32,
                      std::vector<int64_t>(type.getShape()), values.data(),
                      static_cast<int64_t>(values.size() * sizeof(float)));
    });
  } else {
    std::vector<ImportProblem> problems;
    if (source.model) // 0. the graph a checkpoint's family built
      dump(
          "build-graph", ".onnx",
          [&](llvm::raw_ostream &os) { os << source.model->SerializeAsString(); },
          [&](llvm::raw_ostream &os) {
            os << "(an ONNX graph of " << source.model->graph().node_size()
               << " nodes; --dump-dir writes it as a .onnx file)\n";
          });
    module = importOnnxModel(context, source, importOptions(path), store, problems);
    for (const ImportProblem &p : problems)
      out() << p.str(path) << "\n";
    if (!module)
      return 1;
  }
  dump("import", ".mlir", [&](llvm::raw_ostream &os) { module->print(os); });

  // 2-9. graph passes (padding B rows off a CPU cache's set stride would only cost a GPU a copy)
  bool cpu = options_.target.target.rfind("sm_", 0) != 0;
  bool tensorCores = !cpu && options_.target.precision != kir::Precision::FP32;
  if (!runGraphPass(module, "picoc-graph-infer-shapes", createInferShapes()) ||
      !runGraphPass(module, "canonicalize", createCanonicalizerPass()) ||
      !runGraphPass(module, "picoc-graph-fold-weight-views", createFoldWeightViewsPass(&store)) ||
      (options_.attention != CompileOptions::Attention::Primitives &&
       !runGraphPass(module, "picoc-graph-form-attention",
                     createFormAttention(FormAttentionOptions{
                         target.scheduleTarget().maxAttentionHeadDim,
                         target.scheduleTarget().minAttentionHeadDim,
                         options_.attention == CompileOptions::Attention::Fused
                             ? 0
                             : target.scheduleTarget().minAttentionScoreBytes}))) ||
      !runGraphPass(module, "picoc-graph-decompose", createDecompose()) ||
      !runGraphPass(module, "canonicalize", createCanonicalizerPass()) ||
      !runGraphPass(module, "cse", createCSEPass()) ||
      !runGraphPass(module, "picoc-graph-lower-convs",
                    createLowerConvsPass(&store, /*rows=*/cpu,
                                         LowerConvsOptions{/*channelsLast=*/tensorCores})) ||
      (cpu && !runGraphPass(module, "picoc-graph-pack-weights",
                            createPackWeightsPass(&store, 2 * target.scheduleTarget().lanes))) ||
      (cpu && !runGraphPass(module, "picoc-graph-pad-operands", createPadOperandsPass(&store))) ||
      !runGraphPass(module, "picoc-graph-fuse", createFuseKernels(FuseKernelsOptions{true})))
    return 1;
  if (options_.emit == EmitKind::Mlir) {
    done = true;
    return writeFile(options_.outputPath, [&](llvm::raw_pwrite_stream &os) {
             module->print(os);
             return true;
           }) ? 0 : 1;
  }

  // 10-13. kernel passes
  FailureOr<kir::Program> lowered = lowerToKernels(*module, store, options_.target.name, options_.state,
                     options_.inputPaths.size() > 1);
  if (failed(lowered))
    return 1;
  kir::Program &program = *lowered;
  auto dumpKernels = [&](const std::string &flag) {
    dump(flag, ".kir", [&](llvm::raw_ostream &os) { os << program.str(); });
  };
  dumpKernels("picoc-kernel-lower-to-kernels");
  if (target.scheduleTarget().gpu) {
    orderReductions(program);
    dumpKernels("picoc-kernel-order-reductions");
  }
  splitReductions(program, target.scheduleTarget());
  dumpKernels("picoc-kernel-split-k");
  chooseOpts(program, target.scheduleTarget());
  dumpKernels("picoc-kernel-choose-opts");
  if (tuning_) {
    kir::applyTuning(
        program, *tuning_, kir::tuningTarget(target.name(), target.scheduleTarget()),
        options_.target.precision, target.scheduleTarget(),
        [&](const kir::Kernel &k, std::string &why) { return target.supportsKernel(k, why); },
        [&](const std::string &line) { out() << path << ": warning: " << line << "\n"; });
    dumpKernels("picoc-kernel-apply-tuning");
  }
  planMemory(program);
  dumpKernels("picoc-kernel-plan-memory");
  part.blob = layoutWeights(program, shared);
  dumpKernels("picoc-kernel-layout-weights");
  for (const kir::Kernel &k : program.kernels) {
    std::string why;
    if (!target.supportsKernel(k, why)) {
      error("node '" + k.location + "': " + target.name() + " cannot compile kernel " + k.name +
            ": " + why);
      return 1;
    }
  }
  part.program = std::move(program);
  return 0;
}

} // namespace

// 0. A checkpoint folder among the inputs becomes its family's entry points (ONNX graphs built
// in memory), compiled with their run-time dims and state; other inputs are read as given.
std::optional<CompileOptions::Attention> attentionFromName(const std::string &name) {
  if (name == "auto")
    return CompileOptions::Attention::Auto;
  if (name == "fused")
    return CompileOptions::Attention::Fused;
  if (name == "primitives")
    return CompileOptions::Attention::Primitives;
  return std::nullopt;
}

int compileModel(const CompileOptions &options, llvm::raw_ostream &errs) {
  CompileOptions expanded = options;
  expanded.inputPaths.clear();
  expanded.entryNames.clear();
  std::vector<OnnxSource> sources;
  for (size_t i = 0; i < options.inputPaths.size(); ++i) {
    const std::string &path = options.inputPaths[i];
    if (!llvm::sys::fs::is_directory(path)) {
      expanded.inputPaths.push_back(path);
      expanded.entryNames.push_back(i < options.entryNames.size() ? options.entryNames[i] : "");
      sources.emplace_back(path);
      continue;
    }
    std::vector<ImportProblem> problems;
    std::optional<HfModel> model = buildHfCheckpoint(path, options.runDims, problems);
    for (const ImportProblem &p : problems)
      errs << p.str(path) << "\n";
    if (!model)
      return 1;
    std::string prefix = i < options.entryNames.size() && !options.entryNames[i].empty()
                             ? options.entryNames[i] + "_"
                             : "";
    for (HfEntry &entry : model->entries) {
      expanded.inputPaths.push_back(entry.source.path);
      expanded.entryNames.push_back(prefix + entry.name);
      sources.push_back(std::move(entry.source));
    }
    for (const auto &[name, bounds] : model->runDims)
      expanded.runDims.emplace(name, bounds); // the user's --dim, where given, stays
    expanded.state = expanded.state || model->state;
  }
  return Driver(expanded, std::move(sources), errs).run();
}

} // namespace picoc
