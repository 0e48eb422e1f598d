//===- PicocRun.cpp - picoc-run: compile, run and check ONNX backend-test cases --------===//
//
//   picoc-run [--target host] [--rtol 1e-3] [--atol 1e-7] [--keep DIR] [--jobs N]
//             [--timeout S] [--list FILE] [--filter REGEX] [--runtime-dir DIR] DIR...
//   picoc-run --write-raw OUT DIR...
//
// Each DIR is a case (model.onnx + test_data_set_N/) or holds cases one level down (taken in
// name order), e.g. /usr/share/libonnx-testdata/data/node. Every case runs in a forked child
// (Isolation.h) that compiles it in-process, links it with libpicort, runs it and compares
// (CaseRunner.h); one line per case:
//   PASS <case> (max rel err 3.1e-07, compile 0.21 s, run 0.05 ms)
//   FAIL <case>: <reason>
// and last exactly "N passed, M failed". Exit status 1 if any case failed, or, with --list
// (a file of expected passes, one name per line, # comments), only if a listed case failed.
//
// --write-raw OUT compiles nothing: it writes OUT/<case>/test_data_set_N/input_K.bin and
// output_K.bin (raw little-endian bytes) plus a tensors.txt manifest, for C programs that do
// not parse protobuf.
//
//===------------------------------------------------------------------------------===//
#include "CaseRunner.h"
#include "Isolation.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using namespace picoc::run;

#ifndef PICOC_RUNTIME_LIB_DIR
#define PICOC_RUNTIME_LIB_DIR "lib"
#endif

// A command-line DIR that holds no case: reported as a failure of its own.
struct BadDir {
  std::string dir, reason;
};

// The cases under each DIR, in order: DIR itself if it has model.onnx, else its
// subdirectories that do, sorted by name.
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
    if (fs::exists(dir / "model.onnx", ec)) {
      cases.push_back({dir.filename().string(), dir.string()});
      continue;
    }
    std::vector<fs::path> children;
    for (const auto &entry : fs::directory_iterator(dir, ec))
      if (entry.is_directory(ec) && fs::exists(entry.path() / "model.onnx", ec))
        children.push_back(entry.path());
    std::sort(children.begin(), children.end());
    if (children.empty()) bad.push_back({d, "no model.onnx in it or in its subdirectories"});
    for (const fs::path &c : children) cases.push_back({c.filename().string(), c.string()});
  }
  return cases;
}

// The names in an expected-pass list: one per line, '#' starts a comment.
static bool readList(const std::string &path, std::set<std::string> &names) {
  std::ifstream in(path);
  if (!in) return false;
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    size_t b = line.find_first_not_of(" \t\r"), e = line.find_last_not_of(" \t\r");
    if (b != std::string::npos) names.insert(line.substr(b, e - b + 1));
  }
  return true;
}

// --write-raw: one case's data sets as raw files plus a manifest.
static CaseOutcome writeRaw(const TestCase &c, const std::string &outDir) {
  std::vector<DataSet> sets;
  std::string error;
  if (!readDataSets(c.dir, sets, error)) return {false, error};
  for (const DataSet &set : sets) {
    fs::path dir = fs::path(outDir) / c.name / set.name;
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::ofstream manifest(dir / "tensors.txt", std::ios::trunc);
    manifest << "# file name dtype shape (raw little-endian, row-major)\n";
    for (int pass = 0; pass < 2; pass++) {
      const auto &tensors = pass == 0 ? set.inputs : set.outputs;
      for (size_t k = 0; k < tensors.size(); k++) {
        std::string file = (pass == 0 ? "input_" : "output_") + std::to_string(k) + ".bin";
        if (!writeRawFile((dir / file).string(), tensors[k], error)) return {false, error};
        manifest << file << " " << (tensors[k].name.empty() ? "-" : tensors[k].name) << " "
                 << dtypeName(tensors[k].dtype) << " " << formatShape(tensors[k].shape) << "\n";
      }
    }
    if (!manifest) return {false, "cannot write " + (dir / "tensors.txt").string()};
  }
  return {true, "(" + std::to_string(sets.size()) + " data set(s) written to " +
                    (fs::path(outDir) / c.name).string() + ")"};
}

int main(int argc, char **argv) {
  CLI::App app{"picoc-run: compiles ONNX backend-test cases with picoc, runs them and compares "
               "their outputs with the reference"};
  RunOptions run;
  IsolationOptions iso;
  std::string listFile, filter, writeRawDir;
  std::vector<std::string> dirs;
  run.runtimeDir = PICOC_RUNTIME_LIB_DIR;
  const char *cc = std::getenv("CC");
  if (cc && *cc) run.cc = cc;
  app.add_option("--target", run.target, "picoc target (host, x86-64-v3, ...)")
      ->capture_default_str();
  app.add_option("--rtol", run.tolerance.rtol, "relative tolerance")->capture_default_str();
  app.add_option("--atol", run.tolerance.atol, "absolute tolerance")->capture_default_str();
  app.add_option("--keep", iso.keepDir,
                 "keep each case's object, header and library in DIR/<case>");
  app.add_option("--jobs,-j", iso.jobs, "cases run in parallel (each in its own process)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--timeout", iso.timeoutSeconds, "seconds a case may take, compile included")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--list", listFile, "expected passes: only a listed case that fails fails the run")
      ->check(CLI::ExistingFile);
  app.add_option("--filter", filter, "run only the cases whose name matches REGEX");
  app.add_option("--runtime-dir", run.runtimeDir, "directory holding libpicort.a")
      ->capture_default_str();
  app.add_option("--write-raw", writeRawDir,
                 "write inputs and reference outputs as raw .bin files under DIR; run nothing");
  app.add_option("dirs", dirs, "case directories, or directories of cases")->required();
  CLI11_PARSE(app, argc, argv);

  std::set<std::string> expected;
  if (!listFile.empty() && !readList(listFile, expected)) {
    std::fprintf(stderr, "picoc-run: cannot read %s\n", listFile.c_str());
    return 2;
  }
  std::regex pattern;
  try {
    pattern = std::regex(filter);
  } catch (const std::regex_error &e) {
    std::fprintf(stderr, "picoc-run: bad --filter '%s': %s\n", filter.c_str(), e.what());
    return 2;
  }

  std::vector<BadDir> bad;
  std::vector<TestCase> all = findCases(dirs, bad), cases;
  std::set<std::string> found;
  for (const TestCase &c : all) {
    found.insert(c.name);
    if (filter.empty() || std::regex_search(c.name, pattern)) cases.push_back(c);
  }

  int passed = 0, failed = 0;
  std::vector<std::string> regressions, unlisted;
  for (const BadDir &b : bad) {
    std::printf("FAIL %s: %s\n", b.dir.c_str(), b.reason.c_str());
    failed++;
  }
  ReportFunction report = [&](const TestCase &c, const CaseOutcome &o) {
    if (o.pass) {
      std::printf("PASS %s %s\n", c.name.c_str(), o.detail.c_str());
      passed++;
      if (!listFile.empty() && !expected.count(c.name)) unlisted.push_back(c.name);
    } else {
      std::printf("FAIL %s: %s\n", c.name.c_str(), o.detail.c_str());
      failed++;
      if (expected.count(c.name)) regressions.push_back(c.name);
    }
    std::fflush(stdout);
  };

  if (!writeRawDir.empty()) {
    for (const TestCase &c : cases) report(c, writeRaw(c, writeRawDir));
  } else {
    runIsolated(cases, iso, [&](const TestCase &c, const std::string &work) {
      return runCase(c.dir, work, run);
    }, report);
  }

  if (!listFile.empty()) {
    std::vector<std::string> missing;
    for (const std::string &name : expected)
      if (!found.count(name)) missing.push_back(name);
    auto printNames = [](const char *title, const std::vector<std::string> &names) {
      if (names.empty()) return;
      std::printf("%s (%zu):\n", title, names.size());
      for (const std::string &n : names) std::printf("  %s\n", n.c_str());
    };
    printNames("listed but not found", missing);
    printNames("passed but not on the list", unlisted);
    printNames("REGRESSIONS: listed as passing but failed", regressions);
    if (regressions.empty()) std::printf("no regressions against %s\n", listFile.c_str());
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  if (!listFile.empty()) return regressions.empty() && bad.empty() ? 0 : 1;
  return failed > 0 ? 1 : 0;
}
