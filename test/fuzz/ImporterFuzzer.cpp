//===- ImporterFuzzer.cpp - libFuzzer target: any bytes as an ONNX model file ----------===//
//
// Each input is written as model.onnx into a fresh directory (under /dev/shm when it exists,
// else $TMPDIR or /tmp; removed after the input, kept when it crashes) and given to the
// importer's public entry points:
//   checkOnnxModel    the checks without IR (what `picoc --check` runs);
//   onnxInputDims     the graph inputs' named dims (what picoc-run asks);
//   compileModel      --emit=kernels: import, every graph pass, lowering to kernels, the
//                     kernel passes (opts, memory plan, weight layout) and the target's
//                     supportsKernel; LLVM code generation is left out (50-300 ms a model);
//                     then again with `seq` a run-time dim (1..16), to sm_90's CUDA C.
// A bad model must give a problem naming the file (and node) and status 1: a crash, an
// abort, a hang, a leak, a sanitizer report, or a failure with no message is a bug.
//
// Mutations: three in four are structural (ModelMutator.h: attribute values, dims, op types,
// wiring), the rest libFuzzer's byte mutations (with test/fuzz/onnx.dict).
//
// Built with -DPICOC_FUZZ=ON (clang; scripts/fuzz.sh). Crashers that mattered are kept in
// test/fuzz/regressions/ (fixed: ctest runs them through picoc) or test/fuzz/open/ (not yet).
//
//===------------------------------------------------------------------------------===//

#include "ModelMutator.h"

#include "picoc/Frontend/OnnxImporter.h"
#include "picoc/Pipeline/Pipeline.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace {

std::string tempBase; // where the directory of each input goes

bool writeFile(const std::string &path, const uint8_t *data, size_t size) {
  FILE *f = fopen(path.c_str(), "wb");
  if (!f)
    return false;
  bool ok = fwrite(data, 1, size, f) == size;
  return fclose(f) == 0 && ok;
}

} // namespace

// LLVM's headers poison the unused part of each BumpPtrAllocator slab when the including code
// is built with ASan, but Debian's libMLIR is not: an attribute or type that libMLIR allocates
// from a slab that our code opened is then reported as use-after-poison. ASAN_OPTIONS given
// at run time still win over this default.
extern "C" const char *__asan_default_options() { return "allow_user_poisoning=0"; }

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *tmp = getenv("TMPDIR");
  tempBase = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : tmp && *tmp ? tmp : "/tmp";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string workDir = tempBase + "/picoc-fuzz.XXXXXX";
  if (!mkdtemp(workDir.data())) {
    perror("ImporterFuzzer: mkdtemp");
    abort();
  }
  std::string modelPath = workDir + "/model.onnx";
  if (!writeFile(modelPath, data, size)) {
    perror("ImporterFuzzer: writing the model");
    abort();
  }
  // Values for the named dims that the test models use, so that inputs with a dim_param get
  // past the checks too.
  picoc::ImportOptions importOptions;
  importOptions.dims = {{"batch", 2}, {"seq", 7}, {"N", 3}};
  (void)picoc::checkOnnxModel(modelPath, importOptions);
  (void)picoc::onnxInputDims(modelPath);

  picoc::CompileOptions options;
  options.inputPaths = {modelPath};
  options.outputPath = workDir + "/model.kir";
  options.emit = picoc::EmitKind::Kernels;
  options.target.target = "x86-64-v3"; // fixed, so that a crasher replays on any machine
  options.dims = importOptions.dims;
  std::string messages;
  llvm::raw_string_ostream errs(messages);
  int status = picoc::compileModel(options, errs);
  errs.flush();
  if (status != 0 && messages.empty()) {
    fprintf(stderr, "ImporterFuzzer: compileModel failed (status %d) without a message\n",
            status);
    abort();
  }
  unlink(options.outputPath.c_str());

  // Again with seq a run-time dim, to the CUDA C: the symbolic shape arithmetic, the run-time
  // views and extents, and the renderer's run-time forms (rendering needs no NVRTC).
  options.dims.erase("seq");
  options.runDims = {{"seq", {1, 16}}};
  options.target.target = "sm_90";
  options.emit = picoc::EmitKind::Source; // CUDA C for an sm_ target
  options.outputPath = workDir + "/model.cu";
  messages.clear();
  status = picoc::compileModel(options, errs);
  errs.flush();
  if (status != 0 && messages.empty()) {
    fprintf(stderr, "ImporterFuzzer: compileModel (run-time seq) failed (status %d) without a "
                    "message\n", status);
    abort();
  }
  unlink(options.outputPath.c_str());
  unlink(modelPath.c_str());
  rmdir(workDir.c_str());
  return 0;
}

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxSize,
                                          unsigned seed) {
  if (seed % 4 != 0)
    if (size_t mutated = picoc::fuzz::mutateModel(data, size, maxSize, seed))
      return mutated;
  return LLVMFuzzerMutate(data, size, maxSize);
}
