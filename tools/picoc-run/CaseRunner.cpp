//===- CaseRunner.cpp - compiling and linking one test case, then running it ----------===//
//
// The steps of runCase, each returning a failure reason on error:
//   1. read the data sets (before compiling, so that a broken case fails fast);
//   2. compile model.onnx in-process to <work>/model.o (+ model.h);
//   3. link: $CC -shared -o <work>/model.so model.o <runtime>/libpicort.a -lpthread -lm -ldl;
//   4. load, run and check it (ModelRunner.h).
// prepareCase does 1-3, linking into the prepared directory, and writes the data sets there
// in raw form instead of running them (PreparedCases.h).
//
//===------------------------------------------------------------------------------===//
#include "CaseRunner.h"
#include "ModelRunner.h"
#include "OnnxTensorFile.h"
#include "PreparedCases.h"

#include "picoc/Frontend/OnnxImporter.h"
#include "picoc/Pipeline/Pipeline.h"
#include "picort.h"

#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

namespace fs = std::filesystem;

namespace picoc::run {

using Clock = std::chrono::steady_clock;

static double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The first non-empty line of `text`.
static std::string firstLine(const std::string &text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) return line;
  return "";
}

// The graph inputs that picoc's diagnostics ask to fix at compile time ("... (it is graph
// input 'X': fix its value with --bind)", "(it is computed from graph inputs 'X', 'Y': fix
// their values with --bind)").
static std::set<std::string> inputsNamedNotKnown(const std::string &diagnostics) {
  static const std::regex named("\\(it is (?:graph input|computed from graph inputs?) "
                                "((?:'[^']+'(?:, )?)+): fix (?:its|their) values? with --bind\\)");
  static const std::regex quoted("'([^']+)'");
  std::set<std::string> names;
  for (std::sregex_iterator it(diagnostics.begin(), diagnostics.end(), named), end; it != end;
       ++it) {
    std::string list = (*it)[1].str();
    for (std::sregex_iterator q(list.begin(), list.end(), quoted); q != end; ++q)
      names.insert((*q)[1].str());
  }
  return names;
}

// Runs argv (searched in PATH) with its output in `logPath`; returns its exit status, or -1
// with `error` set when it could not run or died.
static int runCommand(const std::vector<std::string> &argv, const std::string &logPath,
                      std::string &error) {
  std::vector<char *> args;
  for (const std::string &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    error = "cannot run '" + argv[0] + "': " + std::strerror(rc);
    return -1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  error = "'" + argv[0] + "' died with signal " + std::to_string(WTERMSIG(status));
  return -1;
}

bool isCaseDir(const std::string &dir) {
  std::error_code ec;
  return fs::exists(fs::path(dir) / "model.onnx", ec) ||
         fs::exists(fs::path(dir) / "checkpoint" / "config.json", ec) ||
         fs::exists(fs::path(dir) / "checkpoint" / "model_index.json", ec);
}

// Step 2: compiles `caseDir`'s model.onnx (or checkpoint/ folder: a model's or a diffusers
// pipeline's, whose family names its entry points, dims and state) into `objPath` (+ its
// header), with the dims and --bind values taken from the first data set. Returns "" on success, else the reason.
static std::string compile(const std::string &caseDir, const std::vector<DataSet> &sets,
                           const std::string &objPath, const RunOptions &options,
                           double &compileSeconds) {
  CompileOptions co;
  co.inputPaths = {(fs::path(caseDir) / "model.onnx").string()};
  if (fs::exists(fs::path(caseDir) / "checkpoint" / "config.json") ||
      fs::exists(fs::path(caseDir) / "checkpoint" / "model_index.json"))
    co.inputPaths = {(fs::path(caseDir) / "checkpoint").string()};
  // Several entry points: an `entries` file lists them, NAME=PATH a line (PATH relative to
  // the case; model.onnx, the first's, is what finds the case), compiled into one object.
  std::ifstream entries(fs::path(caseDir) / "entries");
  for (std::string line; std::getline(entries, line);) {
    size_t eq = line.find('=');
    if (line.empty() || line[0] == '#') continue;
    if (eq == std::string::npos || eq == 0)
      return "entries: '" + line + "' is not NAME=PATH";
    if (co.entryNames.empty()) co.inputPaths.clear();
    co.entryNames.push_back(line.substr(0, eq));
    co.inputPaths.push_back((fs::path(caseDir) / line.substr(eq + 1)).string());
  }
  co.outputPath = objPath;
  co.target.target = options.target;
  co.target.precision = kir::precisionFromName(options.precision).value_or(kir::Precision::FP32);
  co.attention = attentionFromName(options.attention).value_or(CompileOptions::Attention::Auto);
  co.target.name = "model";
  co.target.weights = WeightsMode::Embed;
  co.tuningDb = options.tuningDb;
  // Run-time dims: a `run_dims` file in the case lists them, one NAME=MIN..MAX (or
  // NAME=EXPRESSION of them, as --dim takes it) a line; the model is compiled once for its
  // data sets of different sizes.
  std::ifstream runDims(fs::path(caseDir) / "run_dims");
  for (std::string line; std::getline(runDims, line);) {
    long long lo = 0, hi = 0;
    size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0)
      return "run_dims: '" + line + "' is not NAME=MIN..MAX or NAME=EXPRESSION";
    if (std::sscanf(line.c_str() + eq + 1, "%lld..%lld", &lo, &hi) == 2)
      co.runDims[line.substr(0, eq)] = {lo, hi};
    else
      co.dimExprs[line.substr(0, eq)] = line.substr(eq + 1);
  }
  // A `state` file: compile with --state (the data sets are then one sequence of calls).
  co.state = fs::exists(fs::path(caseDir) / "state");
  // Dims the model names (dim_param) take their values from the first data set's inputs.
  if (auto inputs = onnxInputDims(co.inputPaths[0])) {
    for (size_t i = 0; i < inputs->size(); ++i) {
      const OnnxInputDims &in = (*inputs)[i];
      const HostTensor *data = nullptr;
      for (const HostTensor &t : sets[0].inputs)
        if (t.name == in.input) data = &t;
      if (!data && i < sets[0].inputs.size() && sets[0].inputs[i].name.empty())
        data = &sets[0].inputs[i];
      if (!data || data->shape.size() != in.dimNames.size()) continue;
      for (size_t k = 0; k < in.dimNames.size(); ++k)
        if (!in.dimNames[k].empty() && !co.runDims.count(in.dimNames[k]) &&
            !co.dimExprs.count(in.dimNames[k]))
          co.dims.emplace(in.dimNames[k], data->shape[k]);
    }
  }
  std::string diagnostics;
  llvm::raw_string_ostream errs(diagnostics);
  auto compileStart = Clock::now();
  int rc = compileModel(co, errs);
  errs.flush();
  // picoc compiles static shapes: a shape argument fed as a graph input (the backend tests
  // do this for Reshape, Slice, Expand, Resize's scales...) must be known at compile time.
  // Then, with a single data set, the inputs that picoc names as needed, and the integer
  // inputs (which may reach such an argument through other ops), are bound to their values
  // (--bind) and the model is compiled again; the other inputs stay inputs.
  std::set<std::string> named = inputsNamedNotKnown(diagnostics);
  if (rc != 0 && sets.size() == 1 &&
      (!named.empty() || diagnostics.find("known at compile time") != std::string::npos)) {
    for (size_t f = 0; f < sets[0].inputs.size(); ++f) {
      const HostTensor &t = sets[0].inputs[f];
      bool integer = t.dtype == PICORT_DTYPE_INT64 || t.dtype == PICORT_DTYPE_INT32;
      if (!t.name.empty() && (integer || named.count(t.name)))
        co.bindInputs[t.name] = (fs::path(caseDir) / sets[0].name /
                                 ("input_" + std::to_string(f) + ".pb")).string();
    }
    if (!co.bindInputs.empty()) {
      diagnostics.clear();
      rc = compileModel(co, errs);
      errs.flush();
    }
  }
  compileSeconds = secondsSince(compileStart);
  if (rc != 0) {
    std::string line = firstLine(diagnostics);
    if (line.empty()) line = "failed with status " + std::to_string(rc);
    return "compile: " + line;
  }
  return "";
}

// Step 3: links `objPath` with libpicort.a into `soPath`, the linker's output going to
// <workDir>/link.log. Returns "" on success, else the reason.
static std::string link(const std::string &objPath, const std::string &soPath,
                        const std::string &workDir, const RunOptions &options) {
  std::string archive = (fs::path(options.runtimeDir) / "libpicort.a").string();
  if (!fs::exists(archive)) return "link: no runtime library " + archive;
  std::vector<std::string> argv;
  std::istringstream ccWords(options.cc);
  for (std::string w; ccWords >> w;) argv.push_back(w);
  if (argv.empty()) argv.push_back("cc");
  std::string error, log = (fs::path(workDir) / "link.log").string();
  for (const char *a : {"-shared", "-o"}) argv.push_back(a);
  argv.insert(argv.end(), {soPath, objPath, archive, "-lpthread", "-lm", "-ldl"});
  int rc = runCommand(argv, log, error);
  if (rc != 0) {
    if (rc > 0) {
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      std::string line = firstLine(text.str());
      error = "'" + argv[0] + "' exited with status " + std::to_string(rc) +
              (line.empty() ? "" : ": " + line);
    }
    return "link: " + error;
  }
  return "";
}

// Steps 2 and 3, the object in `workDir`.
static std::string compileAndLink(const std::string &caseDir, const std::vector<DataSet> &sets,
                                  const std::string &workDir, const std::string &soPath,
                                  const RunOptions &options, double &compileSeconds) {
  std::string obj = (fs::absolute(workDir) / "model.o").string();
  std::string error = compile(caseDir, sets, obj, options, compileSeconds);
  return error.empty() ? link(obj, soPath, workDir, options) : error;
}

CaseOutcome runCase(const std::string &caseDir, const std::string &workDir,
                    const RunOptions &options) {
  // 1. The data sets.
  std::vector<DataSet> sets;
  std::string error;
  if (!readDataSets(caseDir, sets, error)) return {false, error};

  // 2, 3. Compile and link.
  std::string so = (fs::absolute(workDir) / "model.so").string();
  double compileSeconds = 0;
  error = compileAndLink(caseDir, sets, workDir, so, options, compileSeconds);
  if (!error.empty()) return {false, error};

  // 4. Load, run and check (at the case's own tolerance, if it has one).
  Tolerance tolerance = options.tolerance;
  if (!readCaseTolerance(caseDir, tolerance, error)) return {false, error};
  return runModel(so, sets, tolerance, compileSeconds);
}

CaseOutcome prepareCase(const std::string &caseDir, const std::string &outDir,
                        const std::string &workDir, const RunOptions &options) {
  std::error_code ec;
  fs::path out = fs::absolute(outDir, ec);
  fs::remove_all(out, ec);
  fs::create_directories(out, ec);
  if (!fs::is_directory(out)) return {false, "cannot create " + out.string()};

  std::vector<DataSet> sets;
  std::string error;
  if (!readDataSets(caseDir, sets, error)) return {false, error};
  double compileSeconds = 0;
  error = compileAndLink(caseDir, sets, workDir, (out / PreparedModelFile).string(), options,
                         compileSeconds);
  if (!error.empty()) return {false, error};
  if (!writeRawDataSets(sets, out.string(), error) ||
      !writeCompileSeconds(out.string(), compileSeconds, error))
    return {false, error};
  if (fs::exists(fs::path(caseDir) / CaseToleranceFile, ec) &&
      !fs::copy_file(fs::path(caseDir) / CaseToleranceFile, out / CaseToleranceFile, ec))
    return {false, "cannot copy the case's " + std::string(CaseToleranceFile) + " file"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "(compile %.2f s)", compileSeconds);
  return {true, buf};
}

} // namespace picoc::run
