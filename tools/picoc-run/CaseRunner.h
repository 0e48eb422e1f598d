//===- CaseRunner.h - compiling and linking one test case, then running it -----------===//
//
// A case is a directory in ONNX backend-test layout:
//   <case>/model.onnx, or <case>/checkpoint/ (a Hugging Face folder: config.json, safetensors)
//   <case>/test_data_set_N/input_K.pb, output_K.pb   (serialized onnx.TensorProto)
// This is the half of picoc-run that needs the compiler. Both functions compile model.onnx
// with picoc::compileModel (symbols prefixed "model_", weights embedded, named dims read off
// the first data set's inputs, integer inputs bound with --bind when the compile needs them)
// and link the object with libpicort.a into a shared library; then
//   - runCase loads and checks it at once (ModelRunner.h), for `picoc-run CASEDIRS`;
//   - prepareCase leaves it, with the data sets in raw form, in a prepared directory that
//     picoc-run-cases runs later, on another machine if need be (PreparedCases.h).
// Both run inside a forked child (see Isolation.h), so a crash in the compiler or in generated
// code cannot take picoc-run down.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_CASERUNNER_H
#define PICOC_TOOLS_PICOC_RUN_CASERUNNER_H

#include "Compare.h"
#include "Isolation.h"

#include <string>

namespace picoc::run {

// True when `dir` holds a case's model: model.onnx or checkpoint/config.json.
bool isCaseDir(const std::string &dir);

struct RunOptions {
  std::string target = "host"; // picoc --target
  std::string precision = "fp32"; // picoc --precision
  std::string attention = "auto"; // picoc --attention
  std::string tuningDb;           // picoc --tuning-db ("": the heuristics' schedules)
  Tolerance tolerance;
  std::string runtimeDir; // holds libpicort.a
  std::string cc = "cc";  // the C compiler driver used to link, may carry arguments ("ccache cc")
};

// Compiles, links and runs the case, using `workDir` (an existing, empty directory) for the
// object, header and shared library.
CaseOutcome runCase(const std::string &caseDir, const std::string &workDir,
                    const RunOptions &options);

// Compiles and links the case into `outDir` (emptied first) as a prepared case: model.so, the
// compile time and the data sets in raw form; `workDir` (existing, empty) takes the object.
// A pass's detail is "(compile 0.21 s)". On failure `outDir` may hold part of the case: the
// caller records the reason (writePreparedFailure).
CaseOutcome prepareCase(const std::string &caseDir, const std::string &outDir,
                        const std::string &workDir, const RunOptions &options);

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_CASERUNNER_H
