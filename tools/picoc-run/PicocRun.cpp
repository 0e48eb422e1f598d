//===- PicocRun.cpp - picoc-run: compile, run and check ONNX backend-test cases --------===//
//
//   picoc-run [--target host] [--rtol 1e-3] [--atol 1e-7] [--normwise N] [--precision P]
//             [--attention auto|fused|primitives]
//             [--tuning-db FILE]
//             [--keep DIR] [--jobs N]
//             [--timeout S] [--list FILE] [--filter REGEX] [--runtime-dir DIR] DIR...
//   picoc-run --prepare=OUT [--target T] [--precision P] [--attention A] [--tuning-db FILE] [--rtol R] [--atol A] [--normwise N]
//             [--jobs N] [--timeout S]
//             [--filter REGEX] [--runtime-dir DIR] DIR...
//   picoc-run --run=OUT [--list FILE] [--jobs N] [--timeout S] [--filter REGEX]
//   picoc-run --write-raw OUT DIR...
//
// Each DIR is a case (model.onnx, or a checkpoint/ folder with config.json or model_index.json, +
// test_data_set_N/) or holds cases one level down (taken in
// name order), e.g. /usr/share/libonnx-testdata/data/node. Files a case may add (CaseRunner,
// ModelRunner): run_dims (--dim NAME=MIN..MAX or NAME=EXPRESSION, a line), state (compile
// with --state: the data sets are one sequence of calls), entries (NAME=PATH a line: entry
// points of one object; a set's entry.txt names its own), tolerance (Compare.h). Every case runs in a forked child
// (Isolation.h) that compiles it in-process, links it with libpicort, runs it and compares
// (CaseRunner.h); one line per case:
//   PASS <case> (max rel err 3.1e-07, compile 0.21 s, run 0.05 ms)
//   FAIL <case>: <reason>
// and last exactly "N passed, M failed". Exit status 1 if any case failed, or, with --list
// (a file of expected passes, one name per line, # comments), only if a listed case failed.
//
// The same work splits in two halves, for a machine that runs models (a GPU) but cannot
// compile them (PreparedCases.h):
//   --prepare=OUT compiles and links every case into OUT/<case>/model.so with its data sets as
//     raw files (a case that fails leaves OUT/<case>/FAILED with the reason), writes
//     OUT/options.txt and copies the runner, picoc-run-cases, to OUT. One line per case,
//     "PREPARED <case> (compile 0.21 s)" or "FAIL <case>: <reason>", then "N prepared, M
//     failed". Exit status 0 once OUT is written (failed cases are the runner's to report),
//     1 if a DIR held no case. Cases prepared in OUT before stay there.
//   --run=OUT (or OUT/picoc-run-cases OUT, anywhere) runs them and prints what picoc-run
//     prints: the tolerances are the ones given to --prepare.
//
// --write-raw OUT compiles nothing: it writes OUT/<case>/test_data_set_N/input_K.bin and
// output_K.bin (raw little-endian bytes) plus a tensors.txt manifest (DataSets.h), for C
// programs that do not parse protobuf.
//
//===------------------------------------------------------------------------------===//
#include "CaseRunner.h"
#include "Isolation.h"
#include "OnnxTensorFile.h"
#include "PreparedCases.h"
#include "Summary.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;
using namespace picoc::run;

#ifndef PICOC_RUNTIME_LIB_DIR
#define PICOC_RUNTIME_LIB_DIR "lib"
#endif
#ifndef PICOC_RUN_CASES_PATH
#define PICOC_RUN_CASES_PATH "picoc-run-cases"
#endif

// A command-line DIR that holds no case: reported as a failure of its own.
struct BadDir {
  std::string dir, reason;
};

// The cases under each DIR, in order: DIR itself if it is a case (isCaseDir), else its
// subdirectories that are, sorted by name.
static std::vector<TestCase> findCases(const std::vector<std::string> &dirs,
                                       std::vector<BadDir> &bad) {
  std::vector<TestCase> cases;
  for (const std::string &d : dirs) {
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(fs::absolute(d, ec), ec);
    if (!fs::is_directory(dir, ec)) {
      bad.push_back({d, "not a directory"});
      continue;
    }
    if (isCaseDir(dir.string())) {
      cases.push_back({dir.filename().string(), dir.string()});
      continue;
    }
    std::vector<fs::path> children;
    for (const auto &entry : fs::directory_iterator(dir, ec))
      if (entry.is_directory(ec) && isCaseDir(entry.path().string()))
        children.push_back(entry.path());
    std::sort(children.begin(), children.end());
    if (children.empty()) bad.push_back({d, "no case (model.onnx, checkpoint/config.json or checkpoint/model_index.json) in it or in its subdirectories"});
    for (const fs::path &c : children) cases.push_back({c.filename().string(), c.string()});
  }
  return cases;
}

// --write-raw: one case's data sets as raw files plus a manifest.
static CaseOutcome writeRaw(const TestCase &c, const std::string &outDir) {
  std::vector<DataSet> sets;
  std::string error, dir = (fs::path(outDir) / c.name).string();
  if (!readDataSets(c.dir, sets, error) || !writeRawDataSets(sets, dir, error))
    return {false, error};
  return {true, "(" + std::to_string(sets.size()) + " data set(s) written to " + dir + ")"};
}

// --prepare: OUT/options.txt and the runner, picoc-run-cases, found next to this executable
// (else where the build put it).
static bool startPreparedDir(const std::string &outDir, const RunOptions &run, int timeout,
                             std::string &error) {
  std::error_code ec;
  fs::create_directories(outDir, ec);
  if (!fs::is_directory(outDir)) {
    error = "cannot create " + outDir;
    return false;
  }
  PreparedOptions options{run.tolerance, timeout, run.target};
  if (!writePreparedOptions(outDir, options, error)) return false;
  fs::path runner = fs::read_symlink("/proc/self/exe", ec).parent_path() / PreparedRunnerFile;
  if (ec || !fs::exists(runner, ec)) runner = PICOC_RUN_CASES_PATH;
  fs::path copy = fs::path(outDir) / PreparedRunnerFile;
  fs::remove(copy, ec); // a copy that is running cannot be overwritten, but can be replaced
  if (!fs::copy_file(runner, copy, ec)) {
    error = "cannot copy " + runner.string() + " to " + copy.string() + ": " + ec.message();
    return false;
  }
  return true;
}

// --prepare: each case into OUT/<case>, in its own child; a failure is recorded in
// OUT/<case>/FAILED by the parent, so that a child that crashed or timed out has one too.
static void prepareCases(const std::vector<TestCase> &cases, const std::string &outDir,
                         const RunOptions &run, const IsolationOptions &iso,
                         const ReportFunction &report) {
  auto caseOut = [&](const TestCase &c) { return (fs::path(outDir) / c.name).string(); };
  runIsolated(cases, iso, [&](const TestCase &c, const std::string &work) {
    return prepareCase(c.dir, caseOut(c), work, run);
  }, [&](const TestCase &c, const CaseOutcome &o) {
    std::string error;
    if (!o.pass && !writePreparedFailure(caseOut(c), o.detail, error))
      return report(c, {false, o.detail + " (and " + error + ")"});
    report(c, o);
  });
}

int main(int argc, char **argv) {
  CLI::App app{"picoc-run: compiles ONNX backend-test cases with picoc, runs them and compares "
               "their outputs with the reference"};
  RunOptions run;
  IsolationOptions iso;
  std::string listFile, filter, writeRawDir, prepareDir, runDir;
  std::vector<std::string> dirs;
  run.runtimeDir = PICOC_RUNTIME_LIB_DIR;
  const char *cc = std::getenv("CC");
  if (cc && *cc) run.cc = cc;
  auto *target = app.add_option("--target", run.target, "picoc target (host, x86-64-v3, ...)")
                     ->capture_default_str();
  auto *rtol =
      app.add_option("--rtol", run.tolerance.rtol, "relative tolerance")->capture_default_str();
  auto *atol =
      app.add_option("--atol", run.tolerance.atol, "absolute tolerance")->capture_default_str();
  auto *normwise = app.add_option("--normwise", run.tolerance.normwise,
                                  "compare floats normwise instead: |got - ref| <= N * max |ref|");
  auto *precision = app.add_option("--precision", run.precision, "picoc --precision")
                        ->check(CLI::IsMember({"fp32", "tf32", "tf32x3"}))
                        ->capture_default_str();
  auto *attention = app.add_option("--attention", run.attention, "picoc --attention")
                        ->check(CLI::IsMember({"auto", "fused", "primitives"}))
                        ->capture_default_str();
  auto *tuningDb =
      app.add_option("--tuning-db", run.tuningDb,
                     "picoc --tuning-db: schedules picoc-tune recorded (default: none, the "
                     "heuristics' schedules)")
          ->check(CLI::ExistingFile);
  auto *keep = app.add_option("--keep", iso.keepDir,
                              "keep each case's object, header and library in DIR/<case>");
  app.add_option("--jobs,-j", iso.jobs, "cases run in parallel (each in its own process)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--timeout", iso.timeoutSeconds, "seconds a case may take, compile included")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  auto *list =
      app.add_option("--list", listFile,
                     "expected passes: only a listed case that fails fails the run")
          ->check(CLI::ExistingFile);
  app.add_option("--filter", filter, "run only the cases whose name matches REGEX");
  auto *runtimeDir =
      app.add_option("--runtime-dir", run.runtimeDir, "directory holding libpicort.a")
          ->capture_default_str();
  auto *writeRawOpt =
      app.add_option("--write-raw", writeRawDir,
                     "write inputs and reference outputs as raw .bin files under DIR; run nothing");
  auto *prepare =
      app.add_option("--prepare", prepareDir,
                     "compile and link the cases into DIR, with their data as raw files, for "
                     "picoc-run-cases; run nothing")
          ->excludes(writeRawOpt, list);
  auto *runOpt =
      app.add_option("--run", runDir, "run the cases that --prepare wrote to DIR, as "
                                      "picoc-run-cases DIR does")
          ->check(CLI::ExistingDirectory)
          ->excludes(prepare, writeRawOpt, target, rtol, atol, normwise, precision, attention, keep,
                     runtimeDir, tuningDb);
  auto *dirsOpt = app.add_option("dirs", dirs, "case directories, or directories of cases");
  runOpt->excludes(dirsOpt);
  CLI11_PARSE(app, argc, argv);

  if (!runDir.empty()) {
    RunPreparedOptions options{runDir, listFile, filter, iso.jobs, 0};
    if (app.count("--timeout")) options.timeoutSeconds = iso.timeoutSeconds;
    return runPreparedCases(options, "picoc-run");
  }
  if (dirs.empty()) {
    std::fprintf(stderr, "picoc-run: no case directory given (see --help)\n");
    return 2;
  }
  Summary summary(prepareDir.empty() ? "PASS" : "PREPARED",
                  prepareDir.empty() ? "passed" : "prepared");
  std::string error;
  if (!listFile.empty() && !summary.readList(listFile, error)) {
    std::fprintf(stderr, "picoc-run: %s\n", error.c_str());
    return 2;
  }
  std::vector<BadDir> bad;
  std::vector<TestCase> all = findCases(dirs, bad), cases;
  if (!filterCases(all, filter, cases, error) ||
      (!prepareDir.empty() && !startPreparedDir(prepareDir, run, iso.timeoutSeconds, error))) {
    std::fprintf(stderr, "picoc-run: %s\n", error.c_str());
    return 2;
  }
  for (const BadDir &b : bad) summary.badDir(b.dir, b.reason);
  ReportFunction report = [&](const TestCase &c, const CaseOutcome &o) { summary.report(c, o); };

  if (!writeRawDir.empty()) {
    for (const TestCase &c : cases) report(c, writeRaw(c, writeRawDir));
  } else if (!prepareDir.empty()) {
    prepareCases(cases, prepareDir, run, iso, report);
  } else {
    runIsolated(cases, iso, [&](const TestCase &c, const std::string &work) {
      return runCase(c.dir, work, run);
    }, report);
  }
  int status = summary.finish(all);
  if (!prepareDir.empty()) return summary.hadBadDirs() ? 1 : 0;
  return status;
}
