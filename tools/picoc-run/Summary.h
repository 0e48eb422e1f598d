//===- Summary.h - the per-case lines and the closing summary of a run ---------------===//
//
// What picoc-run and picoc-run-cases print, one line per case in case order:
//   PASS <case> (max rel err 3.1e-07, ..., compile 0.21 s, run 0.05 ms)
//   FAIL <case>: <reason>
// then, with an expected-pass list (one name per line, '#' comments), the listed cases not
// found, the passes not on the list and the REGRESSIONS (listed cases that failed), and last
// exactly "N passed, M failed". The exit status is 1 if any case failed, or, with a list, only
// if a listed case failed or a command-line directory held no case.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_SUMMARY_H
#define PICOC_TOOLS_PICOC_RUN_SUMMARY_H

#include "Isolation.h"

#include <set>
#include <string>
#include <vector>

namespace picoc::run {

// The cases of `all` whose name matches the regex `filter` ("" matches all); false with `error`
// set for a bad regex.
bool filterCases(const std::vector<TestCase> &all, const std::string &filter,
                 std::vector<TestCase> &selected, std::string &error);

class Summary {
public:
  // `passWord` starts a success's line and `passedWord` counts them in the last line
  // ("PASS"/"passed"; picoc-run --prepare prints "PREPARED"/"prepared").
  explicit Summary(std::string passWord = "PASS", std::string passedWord = "passed")
      : passWord_(std::move(passWord)), passedWord_(std::move(passedWord)) {}

  // Reads the expected-pass list; false with `error` set if it cannot be read.
  bool readList(const std::string &path, std::string &error);
  // A command-line directory that held no case: a failure of its own.
  void badDir(const std::string &dir, const std::string &reason);
  // One case's line.
  void report(const TestCase &c, const CaseOutcome &outcome);
  // Prints the list comparison (`found`: every case name found, filtered out or not) and the
  // last line; returns the exit status.
  int finish(const std::vector<TestCase> &found);
  // Whether badDir was called.
  bool hadBadDirs() const { return badDirs_; }

private:
  std::string passWord_, passedWord_;
  std::string listFile_;
  std::set<std::string> expected_;
  int passed_ = 0, failed_ = 0;
  bool badDirs_ = false;
  std::vector<std::string> regressions_, unlisted_;
};

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_SUMMARY_H
