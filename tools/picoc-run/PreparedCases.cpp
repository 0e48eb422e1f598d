//===- PreparedCases.cpp - cases compiled on one machine, run on another --------------===//
//
// Links into picoc-run-cases, so nothing here (or in what it includes) may need the compiler,
// LLVM or protobuf.
//
//===------------------------------------------------------------------------------===//
#include "PreparedCases.h"

#include "DataSets.h"
#include "Isolation.h"
#include "ModelRunner.h"
#include "Summary.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace picoc::run {

static const char *const OptionsFile = "options.txt";
static const char *const CompileSecondsFile = "compile_seconds.txt";

// `value` printed so that reading it back gives the same double (1e-07, not
// 9.9999999999999995e-08, where that is enough).
static std::string exactDouble(double value) {
  char buf[40];
  for (int digits : {15, 17}) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  return buf;
}

// Parses all of `text` as a double.
static bool parseDouble(const std::string &text, double &value) {
  char *end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && end && *end == '\0';
}

// Writes `text` to `path`, replacing it.
static bool writeText(const fs::path &path, const std::string &text, std::string &error) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) error = "cannot write " + path.string();
  return static_cast<bool>(out);
}

bool writePreparedOptions(const std::string &dir, const PreparedOptions &options,
                          std::string &error) {
  return writeText(fs::path(dir) / OptionsFile,
                   "# written by picoc-run --prepare, read by picoc-run-cases\n"
                   "rtol " + exactDouble(options.tolerance.rtol) +
                       "\natol " + exactDouble(options.tolerance.atol) +
                       "\nnormwise " + exactDouble(options.tolerance.normwise) +
                       "\ntimeout " + std::to_string(options.timeoutSeconds) +
                       "\ntarget " + options.target + "\n",
                   error);
}

bool readPreparedOptions(const std::string &dir, PreparedOptions &options, std::string &error) {
  fs::path path = fs::path(dir) / OptionsFile;
  std::ifstream in(path);
  if (!in) {
    error = "cannot open " + path.string() + " (is " + dir + " a picoc-run --prepare directory?)";
    return false;
  }
  int lineNo = 0;
  for (std::string line; std::getline(in, line);) {
    lineNo++;
    std::istringstream words(line);
    std::string key, value;
    if (!(words >> key) || key[0] == '#') continue;
    words >> value;
    double number = 0;
    bool ok = true;
    if (key == "rtol" || key == "atol" || key == "normwise" || key == "timeout") {
      ok = parseDouble(value, number) && (key == "timeout" ? number >= 1 : number >= 0);
      if (key == "rtol") options.tolerance.rtol = number;
      if (key == "atol") options.tolerance.atol = number;
      if (key == "normwise") options.tolerance.normwise = number;
      if (key == "timeout") options.timeoutSeconds = static_cast<int>(number);
    } else if (key == "target") {
      options.target = value;
    }
    if (!ok) {
      error = path.string() + ":" + std::to_string(lineNo) + ": bad value '" + value + "' for " +
              key;
      return false;
    }
  }
  return true;
}

bool writeCompileSeconds(const std::string &caseDir, double seconds, std::string &error) {
  return writeText(fs::path(caseDir) / CompileSecondsFile, exactDouble(seconds) + "\n", error);
}

bool writePreparedFailure(const std::string &caseDir, const std::string &reason,
                          std::string &error) {
  std::error_code ec;
  fs::create_directories(caseDir, ec);
  std::string line = reason;
  std::replace(line.begin(), line.end(), '\n', ' ');
  return writeText(fs::path(caseDir) / PreparedFailureFile, line + "\n", error);
}

// The prepared cases of `dir`: its subdirectories holding model.so or FAILED, by name.
static std::vector<TestCase> findPreparedCases(const std::string &dir) {
  std::vector<TestCase> cases;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec)) {
    const fs::path &p = entry.path();
    if (entry.is_directory(ec) &&
        (fs::exists(p / PreparedModelFile, ec) || fs::exists(p / PreparedFailureFile, ec)))
      cases.push_back({p.filename().string(), p.string()});
  }
  std::sort(cases.begin(), cases.end(),
            [](const TestCase &a, const TestCase &b) { return a.name < b.name; });
  return cases;
}

// One prepared case, in the child: its recorded failure, or load, run and check.
static CaseOutcome runPreparedCase(const std::string &caseDir, const Tolerance &tolerance) {
  fs::path dir(caseDir);
  if (std::ifstream failed{dir / PreparedFailureFile}) {
    std::string reason;
    std::getline(failed, reason);
    return {false, reason.empty() ? "failed to prepare" : reason};
  }
  double compileSeconds = 0;
  std::ifstream seconds(dir / CompileSecondsFile);
  std::string text;
  if (!seconds || !std::getline(seconds, text) || !parseDouble(text, compileSeconds))
    return {false, "cannot read " + (dir / CompileSecondsFile).string()};
  std::vector<DataSet> sets;
  std::string error;
  if (!readRawDataSets(caseDir, sets, error)) return {false, error};
  Tolerance caseTolerance = tolerance;
  if (!readCaseTolerance(caseDir, caseTolerance, error)) return {false, error};
  return runModel((dir / PreparedModelFile).string(), sets, caseTolerance, compileSeconds);
}

int runPreparedCases(const RunPreparedOptions &options, const char *tool) {
  Summary summary;
  PreparedOptions prepared;
  std::string error;
  auto usageError = [&] {
    std::fprintf(stderr, "%s: %s\n", tool, error.c_str());
    return 2;
  };
  if (!options.listFile.empty() && !summary.readList(options.listFile, error))
    return usageError();
  if (!readPreparedOptions(options.dir, prepared, error)) return usageError();
  std::vector<TestCase> all = findPreparedCases(options.dir), cases;
  if (!filterCases(all, options.filter, cases, error)) return usageError();
  if (all.empty()) summary.badDir(options.dir, "no prepared case in it");

  IsolationOptions iso;
  iso.jobs = options.jobs;
  iso.timeoutSeconds = options.timeoutSeconds > 0 ? options.timeoutSeconds
                                                  : prepared.timeoutSeconds;
  runIsolated(
      cases, iso,
      [&](const TestCase &c, const std::string &) {
        return runPreparedCase(c.dir, prepared.tolerance);
      },
      [&](const TestCase &c, const CaseOutcome &o) { summary.report(c, o); });
  return summary.finish(all);
}

} // namespace picoc::run
