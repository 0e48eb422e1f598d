//===- Isolation.h - running each case in its own forked process ----------------------===//
//
// Generated code may crash or hang; picoc-run must survive both. runIsolated forks one child
// per case, at most `jobs` at a time, with its stdout and stderr in <work>/log.txt and its
// outcome in <work>/result.txt. A child that dies on a signal, exits without a result, or
// outlives the timeout (it is then killed) becomes a failure whose reason names the signal or
// the timeout and quotes the last line the child printed. Children stay in picoc-run's process
// group (so Ctrl-C and ctest's timeout reach them) and die with it (PR_SET_PDEATHSIG).
// Outcomes are reported in case order, as soon as all earlier cases have finished.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_ISOLATION_H
#define PICOC_TOOLS_PICOC_RUN_ISOLATION_H

#include <functional>
#include <string>
#include <vector>

namespace picoc::run {

// What a case ended with: `detail` is "(max rel err ..., compile ... s, run ... ms)" for a pass
// and the reason for a failure.
struct CaseOutcome {
  bool pass = false;
  std::string detail;
};

struct TestCase {
  std::string name; // the directory's name, e.g. test_abs
  std::string dir;
};

struct IsolationOptions {
  int jobs = 1;
  int timeoutSeconds = 60;
  // Where each case's work directory goes: <keepDir>/<name>, kept; "" for a temporary
  // directory that is removed after the case.
  std::string keepDir;
};

// The work of one case, run in the child: gets the case and an empty work directory.
using CaseFunction = std::function<CaseOutcome(const TestCase &, const std::string &workDir)>;
// Called in the parent, in case order, once per case.
using ReportFunction = std::function<void(const TestCase &, const CaseOutcome &)>;

void runIsolated(const std::vector<TestCase> &cases, const IsolationOptions &options,
                 const CaseFunction &work, const ReportFunction &report);

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_ISOLATION_H
