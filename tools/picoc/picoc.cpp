//===- picoc.cpp - the compiler's command line -----------------------------------------===//
//
//   picoc model.onnx --target=host -o model.o     writes model.o and model.h
//   picoc prefill.onnx decode.onnx -o llm.o       one object: llm_prefill, llm_decode
//   picoc gen=a/model.onnx step=b/model.onnx -o llm.o           llm_gen, llm_step
//
//===------------------------------------------------------------------------------===//

#include "picoc/Pipeline/Pipeline.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <optional>

namespace {

// A C identifier from a file's stem: "my-model.o" -> "my_model".
std::string symbolName(const std::string &path) {
  std::string stem = llvm::sys::path::stem(path).str(), out;
  for (char c : stem)
    out += isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || isdigit(static_cast<unsigned char>(out[0])))
    out = "model_" + out;
  return out;
}

bool isIdentifier(const std::string &s) {
  if (s.empty() || isdigit(static_cast<unsigned char>(s[0])))
    return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

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

int main(int argc, char **argv) {
  CLI::App app{"picoc: compiles an ONNX model into a linkable object and a C header"};
  picoc::CompileOptions options;
  std::string emit = "obj", weights = "auto", name;
  std::vector<std::string> dims;
  app.add_option("model", options.inputPaths,
                 "ONNX model (.onnx), Hugging Face checkpoint folder (config.json and "
                 "safetensors: LlamaForCausalLM makes <name>_prefill and <name>_decode over "
                 "one KV cache, run-time dims seq and past), or graph IR (.mlir); several "
                 "models make one object with an entry point per model, sharing equal "
                 "weights: NAME=PATH names it <name>_NAME, else the file's stem does")
      ->required();
  app.add_option("-o,--output", options.outputPath, "output file (the header goes next to it)");
  app.add_option("--target", options.target.target,
                 "host, x86-64, x86-64-v3, x86-64-v4, znver4; or NVIDIA GPUs: sm_80 and newer, "
                 "several as a list (sm_80,sm_90)")
      ->capture_default_str();
  std::string precision = "fp32";
  app.add_option("--precision", precision,
                 "arithmetic of contractions (MatMul, Gemm, Conv) on a GPU: fp32; tf32 (tensor "
                 "cores, operands rounded to tf32); tf32x3 (tensor cores, three tf32 products: "
                 "near fp32). CPU targets compute fp32 whatever is given")
      ->check(CLI::IsMember({"fp32", "tf32", "tf32x3"}))
      ->capture_default_str();
  app.add_option("--name", name,
                 "prefix of every exported symbol, a C identifier (default: the output's stem)");
  app.add_option("--weights", weights,
                 "embed the weights in the object, or write a side file (<name>.weights, next "
                 "to the object; its path is given to <name>_create, or found by the default "
                 "name); auto embeds up to 2 GiB")
      ->check(CLI::IsMember({"embed", "external", "auto"}))
      ->capture_default_str();
  app.add_option("--emit", emit, "what to write")
      ->check(CLI::IsMember({"obj", "mlir", "kernels", "llvm", "asm", "cuda", "ptx"}))
      ->capture_default_str();
  app.add_option("--dim", dims,
                 "value of a named dim of the model: --dim seq=16; or its bounds, the value "
                 "each call takes from its inputs' shapes: --dim seq=1..512; or an expression "
                 "of others: --dim total=past+1");
  std::vector<std::string> binds;
  app.add_option("--bind", binds,
                 "fix a graph input at compile time to a TensorProto file: --bind shape=shape.pb");
  app.add_flag("--state", options.state,
               "keep each KV cache in the model instance: a graph input concatenated with new "
               "values along a run-time dim into a graph output (past -> present) becomes state "
               "that each call appends to in place; the pair leaves the signature, and "
               "<name>_reset empties it. With several models, an output named like another "
               "model's state (a prefill's present) writes it from its first row");
  app.add_flag("--check", options.checkOnly,
               "list every unsupported op, attribute or dtype and exit");
  app.add_flag("--print-ir-after-all", options.printIrAfterAll, "print the IR after every step");
  app.add_option("--print-ir-after", options.printIrAfter, "print the IR after the step FLAG");
  app.add_option("--dump-dir", options.dumpDir, "write one numbered file per step into DIR");
  app.add_flag("--stats", options.stats, "print kernel count, arena peak and weights size");
  app.add_flag("--quiet", options.quiet,
               "no progress line while compiling (shown only when stderr is a terminal)");
  CLI11_PARSE(app, argc, argv);

  // llvm and asm are a CPU target's source and assembly; cuda and ptx a GPU target's.
  static const std::map<std::string, picoc::EmitKind> emitKinds = {
      {"obj", picoc::EmitKind::Obj},         {"mlir", picoc::EmitKind::Mlir},
      {"kernels", picoc::EmitKind::Kernels}, {"llvm", picoc::EmitKind::Source},
      {"asm", picoc::EmitKind::Assembly},    {"cuda", picoc::EmitKind::Source},
      {"ptx", picoc::EmitKind::Assembly}};
  options.emit = emitKinds.at(emit);
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
  bool gpu = options.target.target.rfind("sm_", 0) == 0;
  if ((emit == "cuda" || emit == "ptx") != gpu && options.emit >= picoc::EmitKind::Source) {
    llvm::errs() << "picoc: --emit=" << emit << " is for "
                 << (gpu ? "CPU targets; use --emit=cuda or --emit=ptx for "
                         : "GPU targets (sm_XY); use --emit=llvm or --emit=asm for ")
                 << "--target=" << options.target.target << "\n";
    return 1;
  }
  if (options.outputPath.empty()) {
    static const std::map<std::string, std::string> extensions = {
        {"obj", ".o"},   {"mlir", ".mlir"}, {"kernels", ".kir"}, {"llvm", ".ll"},
        {"asm", ".s"},   {"cuda", ".cu"},   {"ptx", ".ptx"}};
    std::string first = options.inputPaths[0];
    while (first.size() > 1 && first.back() == '/') // a checkpoint folder: its name
      first.pop_back();
    llvm::SmallString<256> out(llvm::sys::path::filename(first));
    llvm::sys::path::replace_extension(out, extensions.at(emit));
    options.outputPath = out.str().str();
  }
  if (name.empty()) {
    name = options.outputPath == "-" ? "model" : symbolName(options.outputPath);
  } else if (!isIdentifier(name)) {
    llvm::errs() << "picoc: --name '" << name
                 << "' is not a C identifier (letters, digits and '_', not starting with a "
                    "digit): it prefixes every symbol of the object and names the weights file\n";
    return 1;
  }
  options.target.name = name;
  options.target.precision = *picoc::kir::precisionFromName(precision);
  options.target.weights =
      weights == "external" ? picoc::WeightsMode::External
      : weights == "embed"  ? picoc::WeightsMode::Embed
                            : picoc::WeightsMode::Auto;
  options.target.weightsFile = options.target.name + ".weights";
  for (const std::string &d : dims) {
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
      return 1;
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
  for (const std::string &b : binds) {
    size_t eq = b.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == b.size()) {
      llvm::errs() << "picoc: --bind expects INPUT=FILE.pb, got '" << b << "'\n";
      return 1;
    }
    options.bindInputs[b.substr(0, eq)] = b.substr(eq + 1);
  }
  return picoc::compileModel(options, llvm::errs());
}
