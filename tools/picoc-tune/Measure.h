//===- Measure.h - timing the candidates of one kernel, compiled as entry points ------===//
//
// picoc-tune compiles each round of candidate schedules of a kernel into one shared library
// (`tune_desc`, libpicort inside): entry point i runs the kernel with candidate i's schedule,
// every entry reading the same inputs and writing the same output; entry 0 is the reference
// schedule (the heuristics'). measureCandidates fills the inputs with random non-zero data of
// each dtype (a fixed seed), runs entry 0 for the reference output, then runs every entry,
// compares its output with the reference and times it: the median of repeated runs after a
// warm-up run. It needs no compiler: a GPU machine's copy runs what another machine compiled.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_TUNE_MEASURE_H
#define PICOC_TOOLS_PICOC_TUNE_MEASURE_H

#include <string>
#include <vector>

namespace picoc::tune {

struct CandidateResult {
  bool ok = false;      // ran and matched the reference
  double timeUs = 0;    // median time of a run
  double error = 0;     // normwise relative error against entry 0's output
  std::string message;  // why not ok
};

struct MeasureOptions {
  double minSeconds = 0.03; // per candidate: repeat until this long ...
  int minRuns = 5, maxRuns = 200; // ... within these counts
  // A candidate whose float output differs from the reference by more than this (normwise
  // relative error) is wrong: picoc-tune.cpp says why this bound.
  double tolerance = 1e-4;
};

// Runs and times every entry point of the library at `soPath`; one result per entry, or an
// empty vector with `error` set when the library cannot be loaded or the model created. A GPU
// round's tensors live in device memory (the CUDA driver allocates them); `device`, when
// given, gets the GPU's name ("" on a CPU).
std::vector<CandidateResult> measureCandidates(const std::string &soPath,
                                               const MeasureOptions &options, std::string &error,
                                               std::string *device = nullptr);

// The results of a library's candidates as text: "error WHY" alone, or "device NAME" (a GPU)
// and a line per candidate, "ok time_us error message". picoc-tune-measure writes them, picoc-tune
// --record reads them. readResults gives an empty vector with `error` set for an error or an
// unreadable or empty file.
bool writeResults(const std::string &path, const std::vector<CandidateResult> &results,
                  const std::string &device, const std::string &error);
std::vector<CandidateResult> readResults(const std::string &path, std::string &error,
                                         std::string *device = nullptr);

// measureCandidates in a forked child (generated code may crash or hang): the results come
// back through a file in `workDir`; a child that dies or outlives `timeoutSeconds` is an error.
std::vector<CandidateResult> measureIsolated(const std::string &soPath,
                                             const MeasureOptions &options,
                                             const std::string &workDir, int timeoutSeconds,
                                             std::string &error, std::string *device = nullptr);

// The whole-model check (picoc-tune's checkModel; picoc-tune-measure for a library named
// model-*.so): the model's entry points alternate between the heuristics' schedules (even
// entries) and the database's (odd), kModelCheckPairs pairs. Many short pairs rather than a few
// long ones: a 2-core VM's speed moves by 20% from one second to the next, and only the two
// halves of a pair see the same moment.
constexpr int kModelCheckPairs = 16;
MeasureOptions wholeModelOptions();

struct ModelVerdict {
  double heuristicUs = 0, tunedUs = 0; // median times
  double speedup = 0;                  // the median of the pairs' ratios (heuristic / tuned)
  double low = 0, high = 0;            // the pairs' range
  int pairs = 0;
  std::string wrong; // why a tuned run failed or its output differed, if one did
  bool faster() const { return wrong.empty() && speedup > 1; }
  // "whole model 1.234 ms with the heuristics' schedules, 1.000 ms tuned (1.23x, median of 16
  // pairs from 1.10x to 1.40x)"
  std::string describe() const;
};
// The verdict on a whole-model check's results (entries as above).
ModelVerdict judgeModel(const std::vector<CandidateResult> &results);

} // namespace picoc::tune

#endif // PICOC_TOOLS_PICOC_TUNE_MEASURE_H
