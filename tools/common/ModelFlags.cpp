//===- ModelFlags.cpp - the command-line flags that say what model to compile ---------===//

#include "ModelFlags.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <optional>

namespace picoc::tools {

namespace {

// A --dim value: N (N >= 1), or MIN..MAX (0 <= MIN <= MAX, MAX >= 1), as [MIN, MAX] (N: [N, N]).
std::optional<std::pair<int64_t, int64_t>> parseDimValue(const std::string &text) {
  auto integer = [](const std::string &t) -> std::optional<int64_t> {
    if (t.empty() || !std::all_of(t.begin(), t.end(), [](char c) { return isdigit(c); }) ||
        t.size() > 12)
      return std::nullopt;
    return std::stoll(t);
  };
  size_t dots = text.find("..");
  if (dots == std::string::npos) {
    std::optional<int64_t> v = integer(text);
    if (!v || *v < 1)
      return std::nullopt;
    return std::make_pair(*v, *v);
  }
  std::optional<int64_t> lo = integer(text.substr(0, dots)), hi = integer(text.substr(dots + 2));
  if (!lo || !hi || *lo > *hi || *hi < 1)
    return std::nullopt;
  return std::make_pair(*lo, *hi);
}

} // namespace

bool isIdentifier(const std::string &s) {
  if (s.empty() || isdigit(static_cast<unsigned char>(s[0])))
    return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

void addModelFlags(CLI::App &app, CompileOptions &options, ModelFlags &flags) {
  app.add_option("model", options.inputPaths,
                 "ONNX model (.onnx), Hugging Face checkpoint folder (config.json and "
                 "safetensors: LlamaForCausalLM makes <name>_prefill and <name>_decode over "
                 "one KV cache, run-time dims seq and past), or graph IR (.mlir); several "
                 "models make one object with an entry point per model, sharing equal "
                 "weights: NAME=PATH names it <name>_NAME, else the file's stem does");
  app.add_option("--target", options.target.target,
                 "host, x86-64, x86-64-v3, x86-64-v4, znver4; or NVIDIA GPUs: sm_80 and newer, "
                 "several as a list (sm_80,sm_90)")
      ->capture_default_str();
  app.add_option("--precision", flags.precision,
                 "arithmetic of contractions (MatMul, Gemm, Conv) on a GPU: fp32; tf32 (tensor "
                 "cores, operands rounded to tf32); tf32x3 (tensor cores, three tf32 products: "
                 "near fp32). CPU targets compute fp32 whatever is given")
      ->check(CLI::IsMember({"fp32", "tf32", "tf32x3"}))
      ->capture_default_str();
  app.add_option("--attention", flags.attention,
                 "attention (softmax(Q K^T) V, as exporters write it) as one online-softmax "
                 "kernel: auto (the target's choice: today every attention whose head dims the "
                 "target's kernel takes), fused (wherever the kernel takes the head dims), "
                 "primitives (never: two products and a softmax)")
      ->check(CLI::IsMember({"auto", "fused", "primitives"}))
      ->capture_default_str();
  app.add_option("--dim", flags.dims,
                 "value of a named dim of the model: --dim seq=16; or its bounds, the value "
                 "each call takes from its inputs' shapes: --dim seq=1..512; or an expression "
                 "of others: --dim total=past+1");
  app.add_option("--bind", flags.binds,
                 "fix a graph input at compile time to a TensorProto file: --bind shape=shape.pb");
  app.add_flag("--state", options.state,
               "keep each KV cache in the model instance: a graph input concatenated with new "
               "values along a run-time dim into a graph output (past -> present) becomes state "
               "that each call appends to in place; the pair leaves the signature, and "
               "<name>_reset empties it. With several models, an output named like another "
               "model's state (a prefill's present) writes it from its first row");
  app.add_option("--tuning-db", flags.tuningDb,
                 "schedules measured by picoc-tune (JSON): kernels it holds for this target and "
                 "precision take them, the others the heuristics'; 'none' for heuristics only "
                 "(default: the database committed with picoc, " PICOC_DEFAULT_TUNING_DB ")");
}

bool finishModelFlags(CompileOptions &options, const ModelFlags &flags) {
  // NAME=PATH names a model's entry point (a path that exists as given is taken as a path).
  for (std::string &model : options.inputPaths) {
    size_t eq = model.find('=');
    std::string entry;
    if (eq != std::string::npos && !llvm::sys::fs::exists(model) &&
        isIdentifier(model.substr(0, eq))) {
      entry = model.substr(0, eq);
      model = model.substr(eq + 1);
    }
    options.entryNames.push_back(entry);
  }
  options.target.precision = *kir::precisionFromName(flags.precision);
  options.attention = *attentionFromName(flags.attention);
  for (const std::string &d : flags.dims) {
    size_t eq = d.find('=');
    std::string name = eq == std::string::npos ? "" : d.substr(0, eq);
    std::optional<std::pair<int64_t, int64_t>> range =
        name.empty() ? std::nullopt : parseDimValue(d.substr(eq + 1));
    std::string value = name.empty() ? "" : d.substr(eq + 1);
    bool expression = !range && std::any_of(value.begin(), value.end(), [](char c) {
      return isalpha(static_cast<unsigned char>(c)) || c == '_';
    });
    if (!range && !expression) {
      llvm::errs() << "picoc: --dim expects NAME=POSITIVE_INTEGER, NAME=MIN..MAX (0 <= MIN "
                      "<= MAX, MAX >= 1) or NAME=EXPRESSION of other dims, got '" << d << "'\n";
      return false;
    }
    if (options.dims.count(name) || options.runDims.count(name) || options.dimExprs.count(name))
      llvm::errs() << "picoc: warning: --dim " << name
                   << " is given more than once; the last one is used\n";
    options.dims.erase(name);
    options.runDims.erase(name);
    options.dimExprs.erase(name);
    if (expression)
      options.dimExprs[name] = value;
    else if (range->first == range->second && range->first >= 1)
      options.dims[name] = range->first;
    else
      options.runDims[name] = *range;
  }
  for (const std::string &b : flags.binds) {
    size_t eq = b.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == b.size()) {
      llvm::errs() << "picoc: --bind expects INPUT=FILE.pb, got '" << b << "'\n";
      return false;
    }
    options.bindInputs[b.substr(0, eq)] = b.substr(eq + 1);
  }
  // The default database is used where it exists (a build tree); a given one must.
  if (flags.tuningDb.empty())
    options.tuningDb = llvm::sys::fs::exists(PICOC_DEFAULT_TUNING_DB) ? PICOC_DEFAULT_TUNING_DB : "";
  else
    options.tuningDb = flags.tuningDb == "none" ? "" : flags.tuningDb;
  return true;
}

} // namespace picoc::tools
