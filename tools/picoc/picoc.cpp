//===- picoc.cpp - the compiler's command line -----------------------------------------===//
//
//   picoc model.onnx --target=host -o model.o     writes model.o and model.h
//   picoc prefill.onnx decode.onnx -o llm.o       one object: llm_prefill, llm_decode
//   picoc gen=a/model.onnx step=b/model.onnx -o llm.o           llm_gen, llm_step
//
//===------------------------------------------------------------------------------===//

#include "../common/ModelFlags.h"
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

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"picoc: compiles an ONNX model into a linkable object and a C header"};
  picoc::CompileOptions options;
  std::string emit = "obj", weights = "auto", name;
  picoc::tools::ModelFlags flags;
  picoc::tools::addModelFlags(app, options, flags);
  app.add_option("-o,--output", options.outputPath, "output file (the header goes next to it)");
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
  if (!picoc::tools::finishModelFlags(options, flags))
    return 1;
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
  } else if (!picoc::tools::isIdentifier(name)) {
    llvm::errs() << "picoc: --name '" << name
                 << "' is not a C identifier (letters, digits and '_', not starting with a "
                    "digit): it prefixes every symbol of the object and names the weights file\n";
    return 1;
  }
  options.target.name = name;
  options.target.weights =
      weights == "external" ? picoc::WeightsMode::External
      : weights == "embed"  ? picoc::WeightsMode::Embed
                            : picoc::WeightsMode::Auto;
  options.target.weightsFile = options.target.name + ".weights";
  return picoc::compileModel(options, llvm::errs());
}
