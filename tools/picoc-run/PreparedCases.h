//===- PreparedCases.h - cases compiled on one machine, run on another ----------------===//
//
// `picoc-run --prepare=DIR CASEDIRS` compiles and links every case (CaseRunner.h) and writes
//   DIR/options.txt                 "rtol R", "atol A", "timeout S", "target T", one a line
//   DIR/picoc-run-cases             the runner, which needs no compiler, LLVM or protobuf
//   DIR/<case>/model.so             the case's model linked with libpicort
//   DIR/<case>/compile_seconds.txt  its compile time, for the PASS line
//   DIR/<case>/test_data_set_N/     its data sets in raw form (DataSets.h)
//   DIR/<case>/FAILED               instead, for a case that did not compile or link: the reason
// `picoc-run-cases DIR` (or `picoc-run --run=DIR`) runs every prepared case in a forked child
// (Isolation.h) with ModelRunner.h, and prints what `picoc-run CASEDIRS` prints (Summary.h).
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_PREPAREDCASES_H
#define PICOC_TOOLS_PICOC_RUN_PREPAREDCASES_H

#include "Compare.h"

#include <string>

namespace picoc::run {

inline const char *const PreparedModelFile = "model.so";
inline const char *const PreparedFailureFile = "FAILED";
inline const char *const PreparedRunnerFile = "picoc-run-cases";

// DIR/options.txt: how the cases were prepared and how to check them.
struct PreparedOptions {
  Tolerance tolerance;
  int timeoutSeconds = 60;
  std::string target = "host";
};

bool writePreparedOptions(const std::string &dir, const PreparedOptions &options,
                          std::string &error);
// Keys it does not know are skipped; a bad value is an error.
bool readPreparedOptions(const std::string &dir, PreparedOptions &options, std::string &error);

// DIR/<case>/compile_seconds.txt.
bool writeCompileSeconds(const std::string &caseDir, double seconds, std::string &error);
// DIR/<case>/FAILED, holding `reason` (made one line); creates the case directory if needed.
bool writePreparedFailure(const std::string &caseDir, const std::string &reason,
                          std::string &error);

// How to run a prepared directory.
struct RunPreparedOptions {
  std::string dir;
  std::string listFile; // expected passes, "" for none
  std::string filter;   // run only the cases whose name matches this regex
  int jobs = 1;
  int timeoutSeconds = 0; // 0: options.txt's
};

// Runs every prepared case of `options.dir` in name order, printing one line each and the
// summary; returns the exit status (Summary.h), 2 when `dir` or its options cannot be read.
// `tool` prefixes the messages of those errors.
int runPreparedCases(const RunPreparedOptions &options, const char *tool);

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_PREPAREDCASES_H
