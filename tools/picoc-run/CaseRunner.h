//===- CaseRunner.h - compiling, linking, loading and checking one test case -----------===//
//
// A case is a directory in ONNX backend-test layout:
//   <case>/model.onnx
//   <case>/test_data_set_N/input_K.pb, output_K.pb   (serialized onnx.TensorProto)
// runCase compiles model.onnx with picoc::compileModel (symbols prefixed "model_", weights
// embedded), links the object with libpicort.a into a shared library, dlopens it, runs every
// data set twice (running twice catches state leaking across runs) and compares each output
// with its reference; then times the first data set (median of up to 20 runs or 0.2 s). It runs inside a forked child (see
// Isolation.h), so a crash in generated code cannot take picoc-run down.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_CASERUNNER_H
#define PICOC_TOOLS_PICOC_RUN_CASERUNNER_H

#include "Compare.h"
#include "TensorFile.h"

#include <string>
#include <vector>

namespace picoc::run {

struct RunOptions {
  std::string target = "host"; // picoc --target
  Tolerance tolerance;
  std::string runtimeDir; // holds libpicort.a
  std::string cc = "cc";  // the C compiler driver used to link, may carry arguments ("ccache cc")
};

// What a case ended with: `detail` is "(max rel err ..., compile ... s, run ... ms)" for a pass
// and the reason for a failure.
struct CaseOutcome {
  bool pass = false;
  std::string detail;
};

// One test_data_set_N directory, read.
struct DataSet {
  std::string name; // "test_data_set_0"
  std::vector<HostTensor> inputs;
  std::vector<HostTensor> outputs;
};

// Reads every test_data_set_N of `caseDir`, sorted by N, each one's files sorted by K.
// Returns false with `error` set if there is none or a file cannot be read.
bool readDataSets(const std::string &caseDir, std::vector<DataSet> &sets, std::string &error);

// Compiles, links and runs the case, using `workDir` (an existing, empty directory) for the
// object, header and shared library.
CaseOutcome runCase(const std::string &caseDir, const std::string &workDir,
                    const RunOptions &options);

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_CASERUNNER_H
