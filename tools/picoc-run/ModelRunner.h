//===- ModelRunner.h - loading a linked model, running and checking its data sets -----===//
//
// The half of a case that needs no compiler: runModel dlopens a model linked as a shared
// library (entry points model_create / model_run / model_destroy / model_desc), runs every
// data set twice (running twice catches state leaking across runs), compares each output with
// its reference, then times the first data set (median of up to 20 runs or 0.2 s). picoc-run
// calls it right after compiling and linking a case (CaseRunner.h); picoc-run-cases calls it
// on a case that `picoc-run --prepare` compiled elsewhere (PreparedCases.h). Either way it runs
// inside a forked child (Isolation.h), so a crash in generated code takes only the child down.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_MODELRUNNER_H
#define PICOC_TOOLS_PICOC_RUN_MODELRUNNER_H

#include "Compare.h"
#include "DataSets.h"
#include "Isolation.h"

#include <string>
#include <vector>

namespace picoc::run {

// Runs and checks the model in `soPath` on `sets`. A pass's detail reads
//   (max rel err 3.1e-07, max abs err / max |ref| 2.0e-08, compile 0.21 s, run 0.05 ms)
// with `compileSeconds` as the compile time; a failure's is the reason, prefixed with the data
// set's name when there are several.
CaseOutcome runModel(const std::string &soPath, const std::vector<DataSet> &sets,
                     const Tolerance &tolerance, double compileSeconds);

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_MODELRUNNER_H
