//===- CaseRunner.cpp - compiling, linking, loading and checking one test case ---------===//
//
// The steps of runCase, each returning a failure reason on error:
//   1. read the data sets (before compiling, so that a broken case fails fast);
//   2. compile model.onnx in-process to <work>/model.o (+ model.h);
//   3. link: $CC -shared -o <work>/model.so model.o <runtime>/libpicort.a -lpthread -lm;
//   4. dlopen it and look up model_create / model_run / model_destroy / model_desc;
//   5. per data set: bind the files to the desc's inputs and outputs (by name when all the
//      names match, else by position), poison the outputs (0xFF: NaN / -1), run, check that
//      the inputs are untouched, compare every reference output; then once more; then time.
//
//===------------------------------------------------------------------------------===//
#include "CaseRunner.h"

#include "picoc/Frontend/OnnxImporter.h"
#include "picoc/Pipeline/Pipeline.h"
#include "picort.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <dlfcn.h>
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

// The entries of `dir` named <prefix><N><suffix>, sorted by N.
static std::vector<fs::path> numberedEntries(const fs::path &dir, const std::string &prefix,
                                             const std::string &suffix) {
  std::regex pattern(prefix + "([0-9]+)" + std::regex_replace(suffix, std::regex("\\."), "\\."));
  std::vector<std::pair<long, fs::path>> found;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec)) {
    std::smatch m;
    std::string name = entry.path().filename().string();
    if (std::regex_match(name, m, pattern)) found.emplace_back(std::stol(m[1]), entry.path());
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> paths;
  for (auto &f : found) paths.push_back(f.second);
  return paths;
}

bool readDataSets(const std::string &caseDir, std::vector<DataSet> &sets, std::string &error) {
  for (const fs::path &dir : numberedEntries(caseDir, "test_data_set_", "")) {
    DataSet set;
    set.name = dir.filename().string();
    for (const fs::path &p : numberedEntries(dir, "input_", ".pb"))
      if (!readTensorFile(p.string(), set.inputs.emplace_back(), error)) return false;
    for (const fs::path &p : numberedEntries(dir, "output_", ".pb"))
      if (!readTensorFile(p.string(), set.outputs.emplace_back(), error)) return false;
    sets.push_back(std::move(set));
  }
  if (sets.empty()) error = "no test_data_set_N directory in " + caseDir;
  return !sets.empty();
}

// The first non-empty line of `text`.
static std::string firstLine(const std::string &text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) return line;
  return "";
}

// The graph inputs that picoc's diagnostics ask to fix at compile time ("... (it is graph
// input 'X': fix its value with --bind)").
static std::set<std::string> inputsNamedNotKnown(const std::string &diagnostics) {
  static const std::regex named("\\(it is graph input '([^']+)': fix its value with --bind\\)");
  std::set<std::string> names;
  for (std::sregex_iterator it(diagnostics.begin(), diagnostics.end(), named), end; it != end;
       ++it)
    names.insert((*it)[1].str());
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

// A loaded model library and its entry points; unloads on destruction.
struct ModelLibrary {
  void *handle = nullptr;
  int32_t (*create)(const char *, picort_model **) = nullptr;
  int32_t (*run)(picort_model *, const picort_tensor *, int32_t, const picort_tensor *,
                 int32_t) = nullptr;
  void (*destroy)(picort_model *) = nullptr;
  const picort_model_desc *desc = nullptr;
  const char *(*lastError)(void) = nullptr;

  ~ModelLibrary() {
    if (handle) dlclose(handle);
  }
  bool load(const std::string &path, std::string &error) {
    handle = dlopen(path.c_str(), RTLD_LOCAL | RTLD_NOW);
    if (!handle) {
      error = std::string("dlopen: ") + dlerror();
      return false;
    }
    create = reinterpret_cast<decltype(create)>(dlsym(handle, "model_create"));
    run = reinterpret_cast<decltype(run)>(dlsym(handle, "model_run"));
    destroy = reinterpret_cast<decltype(destroy)>(dlsym(handle, "model_destroy"));
    desc = static_cast<const picort_model_desc *>(dlsym(handle, "model_desc"));
    lastError = reinterpret_cast<decltype(lastError)>(dlsym(handle, "picort_last_error"));
    if (!create || !run || !destroy || !desc) {
      error = "the compiled object lacks model_create, model_run, model_destroy or model_desc";
      return false;
    }
    return true;
  }
  // "<status>: <message>" for a failed create or run.
  std::string failure(int32_t status) const {
    static const char *names[] = {"OK",    "INVALID_ARGUMENT", "SHAPE",    "DTYPE",
                                  "IO",    "OUT_OF_MEMORY",    "ABI",      "INTERNAL"};
    std::string s = status >= 0 && status < 8 ? std::string("PICORT_ERROR_") + names[status]
                                              : "status " + std::to_string(status);
    if (lastError && *lastError()) s += ": " + std::string(lastError());
    return s;
  }
};

// For each of the desc's `n` tensors, the index of the file that goes with it (-1: none).
// By name when every file has a name and every name the desc lists is among them; else by
// position when the counts agree (the names are then only a label); else by name as far as
// it goes.
static std::vector<int> matchFiles(const std::vector<HostTensor> &files,
                                   const picort_tensor_desc *descs, int32_t n) {
  std::vector<int> byName(n, -1), byPosition(n, -1);
  bool allNamed = std::all_of(files.begin(), files.end(),
                              [](const HostTensor &t) { return !t.name.empty(); });
  bool allFound = allNamed;
  for (int32_t i = 0; i < n; i++) {
    for (size_t f = 0; f < files.size() && allNamed; f++)
      if (descs[i].name && files[f].name == descs[i].name) byName[i] = static_cast<int>(f);
    allFound = allFound && byName[i] >= 0;
    if (static_cast<size_t>(i) < files.size()) byPosition[i] = i;
  }
  if (allFound) return byName;
  return files.size() == static_cast<size_t>(n) ? byPosition : byName;
}

static std::string descName(const picort_tensor_desc &d) { return d.name ? d.name : "?"; }

// The dtype to read a file tensor as, for a model tensor of dtype `want`. ONNX's test data
// stores bfloat16 tensors as uint16 (numpy has no bfloat16): take those bits as bfloat16.
static int32_t fileDtype(const HostTensor &t, int32_t want) {
  return t.dtype == PICORT_DTYPE_UINT16 && want == PICORT_DTYPE_BFLOAT16 ? want : t.dtype;
}

// Runs one data set once and checks it; returns "" on success, else the reason. Folds the
// errors into `maxRel`. With `times`, then runs it again for timing (up to 20 runs or 0.2 s)
// and appends each run's duration.
static std::string runDataSet(const ModelLibrary &lib, picort_model *model, const DataSet &set,
                              const Tolerance &tol, double &maxRel, double &maxScaled,
                              std::vector<double> *times = nullptr) {
  const picort_model_desc &d = *lib.desc;
  std::vector<AlignedBuffer> inBufs, outBufs;
  std::vector<picort_tensor> ins, outs;
  std::vector<int> inFile = matchFiles(set.inputs, d.inputs, d.num_inputs);
  std::vector<int> outFile = matchFiles(set.outputs, d.outputs, d.num_outputs);
  for (int32_t i = 0; i < d.num_inputs; i++) {
    int f = inFile[i];
    if (f < 0)
      return "input " + std::to_string(i) + " '" + descName(d.inputs[i]) + "' has no input_K.pb (" +
             std::to_string(set.inputs.size()) + " for " + std::to_string(d.num_inputs) +
             " inputs)";
    const HostTensor &t = set.inputs[f];
    inBufs.emplace_back(t.data.size());
    std::memcpy(inBufs.back().data(), t.data.data(), t.data.size());
    ins.push_back({inBufs.back().data(), fileDtype(t, d.inputs[i].dtype),
                   static_cast<int32_t>(t.shape.size()), t.shape.data()});
  }
  for (int32_t o = 0; o < d.num_outputs; o++) {
    const picort_tensor_desc &od = d.outputs[o];
    size_t bytes = dtypeSize(od.dtype);
    for (int32_t k = 0; k < od.rank; k++) {
      if (od.shape[k] < 0)
        return "output " + std::to_string(o) + " '" + descName(od) + "' has shape " +
               formatShape(od.shape, od.rank) + " in the model's descriptor";
      bytes *= static_cast<size_t>(od.shape[k]);
    }
    outBufs.emplace_back(bytes);
    outBufs.back().fill(0xFF);
    outs.push_back({outBufs.back().data(), od.dtype, od.rank, od.shape});
  }
  int32_t st = lib.run(model, ins.data(), d.num_inputs, outs.data(), d.num_outputs);
  if (st != PICORT_OK) return "run failed: " + lib.failure(st);

  for (size_t i = 0; i < ins.size(); i++)
    if (std::memcmp(inBufs[i].data(), set.inputs[inFile[i]].data.data(), inBufs[i].size()) != 0)
      return "input " + std::to_string(i) + " '" + descName(d.inputs[i]) +
             "' was modified by the run";

  for (size_t k = 0; k < set.outputs.size(); k++) {
    const HostTensor &ref = set.outputs[k];
    int o = -1;
    for (int32_t j = 0; j < d.num_outputs && o < 0; j++)
      if (outFile[j] == static_cast<int>(k)) o = j;
    std::string label = "output " + std::to_string(k) + " '" +
                        (ref.name.empty() && o >= 0 ? descName(d.outputs[o]) : ref.name) + "'";
    if (o < 0) return label + ": the model has no such output";
    const picort_tensor_desc &od = d.outputs[o];
    if (od.dtype != fileDtype(ref, od.dtype))
      return label + ": the model produces " + dtypeName(od.dtype) + ", the reference is " +
             dtypeName(ref.dtype);
    if (std::vector<int64_t>(od.shape, od.shape + od.rank) != ref.shape)
      return label + ": the model produces shape " + formatShape(od.shape, od.rank) +
             ", the reference has " + formatShape(ref.shape);
    CompareResult r = compareTensor(outBufs[o].data(), ref, od.dtype, tol);
    if (r.mismatches > 0)
      return label + ": " + describeMismatch(r, outBufs[o].data(), ref, od.dtype);
    maxRel = std::max(maxRel, r.maxRelError);
    if (r.maxRefAbs > 0)
      maxScaled = std::max(maxScaled, r.maxAbsError / r.maxRefAbs);
  }
  for (auto begin = Clock::now(); times && times->size() < 20 && secondsSince(begin) < 0.2;) {
    auto start = Clock::now();
    st = lib.run(model, ins.data(), d.num_inputs, outs.data(), d.num_outputs);
    if (st != PICORT_OK) return "run failed on a timing run: " + lib.failure(st);
    times->push_back(secondsSince(start));
  }
  return "";
}

CaseOutcome runCase(const std::string &caseDir, const std::string &workDir,
                    const RunOptions &options) {
  // 1. The data sets.
  std::vector<DataSet> sets;
  std::string error;
  if (!readDataSets(caseDir, sets, error)) return {false, error};

  // 2. Compile.
  fs::path work = fs::absolute(workDir);
  CompileOptions co;
  co.inputPath = (fs::path(caseDir) / "model.onnx").string();
  co.outputPath = (work / "model.o").string();
  co.target.target = options.target;
  co.target.name = "model";
  co.target.weights = WeightsMode::Embed;
  // Dims the model names (dim_param) take their values from the first data set's inputs.
  if (auto inputs = onnxInputDims(co.inputPath)) {
    for (size_t i = 0; i < inputs->size(); ++i) {
      const OnnxInputDims &in = (*inputs)[i];
      const HostTensor *data = nullptr;
      for (const HostTensor &t : sets[0].inputs)
        if (t.name == in.input) data = &t;
      if (!data && i < sets[0].inputs.size() && sets[0].inputs[i].name.empty())
        data = &sets[0].inputs[i];
      if (!data || data->shape.size() != in.dimNames.size()) continue;
      for (size_t k = 0; k < in.dimNames.size(); ++k)
        if (!in.dimNames[k].empty()) co.dims.emplace(in.dimNames[k], data->shape[k]);
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
  double compileSeconds = secondsSince(compileStart);
  if (rc != 0) {
    std::string line = firstLine(diagnostics);
    if (line.empty()) line = "failed with status " + std::to_string(rc);
    return {false, "compile: " + line};
  }

  // 3. Link.
  std::string archive = (fs::path(options.runtimeDir) / "libpicort.a").string();
  if (!fs::exists(archive)) return {false, "link: no runtime library " + archive};
  std::vector<std::string> argv;
  std::istringstream ccWords(options.cc);
  for (std::string w; ccWords >> w;) argv.push_back(w);
  if (argv.empty()) argv.push_back("cc");
  std::string so = (work / "model.so").string(), log = (work / "link.log").string();
  for (const char *a : {"-shared", "-o"}) argv.push_back(a);
  argv.insert(argv.end(), {so, co.outputPath, archive, "-lpthread", "-lm"});
  rc = runCommand(argv, log, error);
  if (rc != 0) {
    if (rc > 0) {
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      std::string line = firstLine(text.str());
      error = "'" + argv[0] + "' exited with status " + std::to_string(rc) +
              (line.empty() ? "" : ": " + line);
    }
    return {false, "link: " + error};
  }

  // 4. Load and create.
  ModelLibrary lib;
  if (!lib.load(so, error)) return {false, error};
  picort_model *model = nullptr;
  int32_t st = lib.create(nullptr, &model);
  if (st != PICORT_OK || !model) return {false, "create failed: " + lib.failure(st)};

  // 5. Run every data set and check it, then run it again and check again; time the first.
  double maxRel = 0, maxScaled = 0;
  std::vector<double> times;
  for (const DataSet &set : sets) {
    std::string prefix = sets.size() > 1 ? set.name + ": " : "";
    error = runDataSet(lib, model, set, options.tolerance, maxRel, maxScaled);
    if (error.empty()) {
      error = runDataSet(lib, model, set, options.tolerance, maxRel, maxScaled,
                         &set == &sets.front() ? &times : nullptr);
      if (!error.empty()) error += " (on the second run only)";
    }
    if (!error.empty()) {
      lib.destroy(model);
      return {false, prefix + error};
    }
  }
  lib.destroy(model);
  // The median run time, three significant digits, no exponent: 12.345, 0.123, 0.00123 ms.
  std::sort(times.begin(), times.end());
  double ms = times.empty() ? 0 : times[times.size() / 2] * 1e3;
  int decimals = ms >= 1 || ms <= 0 ? 3 : 2 - static_cast<int>(std::floor(std::log10(ms)));
  decimals = std::min(decimals, 9);
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "(max rel err %.1e, max abs err / max |ref| %.1e, compile %.2f s, run %.*f ms)",
                maxRel, maxScaled, compileSeconds, decimals, ms);
  return {true, buf};
}

} // namespace picoc::run
