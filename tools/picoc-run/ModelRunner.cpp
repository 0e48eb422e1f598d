//===- ModelRunner.cpp - loading a linked model, running and checking its data sets ---===//
//
// The steps of runModel, each returning a failure reason on error:
//   1. dlopen the library and look up model_create / model_run / model_destroy / model_desc;
//   2. create the model (embedded weights);
//   3. per data set: bind the files to the desc's inputs and outputs (by name when all the
//      names match, else by position), poison the outputs (0xFF: NaN / -1), run, check that
//      the inputs are untouched, compare every reference output (a set with an expected
//      error must instead fail with it); then once more; then time.
//
//===------------------------------------------------------------------------------===//
#include "ModelRunner.h"

#include "picort.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <dlfcn.h>

namespace picoc::run {

using Clock = std::chrono::steady_clock;

static double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
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
  int32_t (*outputShape)(const picort_model_desc *, int32_t, const picort_tensor *, int32_t,
                         int32_t, int64_t *) = nullptr;
  int32_t (*reset)(picort_model *) = nullptr; // model_reset: a model with states has it
  int32_t (*runEntry)(picort_model *, int32_t, const picort_tensor *, int32_t,
                      const picort_tensor *, int32_t) = nullptr;
  int32_t (*findEntry)(const picort_model_desc *, const char *) = nullptr;

  // Runs entry point `entry` (model_run for a model of one).
  int32_t call(picort_model *model, int32_t entry, const picort_tensor *in, int32_t numIn,
               const picort_tensor *out, int32_t numOut) const {
    return run ? run(model, in, numIn, out, numOut)
               : runEntry(model, entry, in, numIn, out, numOut);
  }

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
    outputShape =
        reinterpret_cast<decltype(outputShape)>(dlsym(handle, "picort_model_output_shape"));
    reset = reinterpret_cast<decltype(reset)>(dlsym(handle, "model_reset"));
    runEntry = reinterpret_cast<decltype(runEntry)>(dlsym(handle, "picort_model_run_entry"));
    findEntry = reinterpret_cast<decltype(findEntry)>(dlsym(handle, "picort_model_find_entry"));
    if (!create || !destroy || !desc || (desc->num_entries == 1 && !run) ||
        (desc->num_entries > 1 && (!runEntry || !findEntry)) ||
        (desc->num_states > 0 && !reset)) {
      error = "the compiled object lacks model_create, model_destroy, model_desc, model_run "
              "(one entry point), picort_model_run_entry (several) or model_reset (states)";
      return false;
    }
    return true;
  }
  // "<status>: <message>" for a failed create or run.
  std::string failure(int32_t status) const {
    static const char *names[] = {"OK",  "INVALID_ARGUMENT", "SHAPE",  "DTYPE", "IO",
                                  "OUT_OF_MEMORY", "ABI", "INTERNAL", "DEVICE", "INDEX"};
    const int count = sizeof names / sizeof *names;
    std::string s = status >= 0 && status < count
                        ? std::string("PICORT_ERROR_") + names[status]
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

// A picort_tensor over host memory (the fields it does not name stay zero).
static picort_tensor hostTensor(void *data, int32_t dtype, int32_t rank, const int64_t *shape) {
  picort_tensor t{};
  t.data = data;
  t.dtype = dtype;
  t.rank = rank;
  t.shape = shape;
  return t;
}

// Runs one data set once and checks it; returns "" on success, else the reason. Folds the
// errors into `maxRel`. With `times`, then runs it again for timing (up to 20 runs or 0.2 s)
// and appends each run's duration.
static std::string runDataSet(const ModelLibrary &lib, picort_model *model, const DataSet &set,
                              const Tolerance &tol, double &maxRel, double &maxScaled,
                              std::vector<double> *times = nullptr) {
  // The set's entry point: the first ("run" for one model) unless it names another.
  int32_t entry = set.entry.empty() ? 0 : lib.findEntry(lib.desc, set.entry.c_str());
  if (entry < 0) return "the model has no entry point '" + set.entry + "'";
  const picort_entry_desc &d = lib.desc->entries[entry];
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
    // An input of no elements goes as NULL, as libpicort allows: no kernel may touch it.
    ins.push_back(hostTensor(t.data.size() == 0 ? nullptr : inBufs.back().data(),
                             fileDtype(t, d.inputs[i].dtype),
                             static_cast<int32_t>(t.shape.size()), t.shape.data()));
  }
  // Each output's shape in this call: the declared one, or (run-time dims) libpicort's
  // answer for these inputs; where it refuses them, the declared bounds (the run will refuse
  // them the same way).
  std::vector<std::vector<int64_t>> outShapes;
  for (int32_t o = 0; o < d.num_outputs; o++) {
    const picort_tensor_desc &od = d.outputs[o];
    outShapes.emplace_back(od.shape, od.shape + od.rank);
    if (od.dims && lib.outputShape)
      lib.outputShape(lib.desc, entry, ins.data(), d.num_inputs, o, outShapes.back().data());
  }
  for (int32_t o = 0; o < d.num_outputs; o++) {
    const picort_tensor_desc &od = d.outputs[o];
    int64_t count = 1;
    for (int32_t k = 0; k < od.rank; k++) {
      if (outShapes[o][k] < 0)
        return "output " + std::to_string(o) + " '" + descName(od) + "' has shape " +
               formatShape(od.shape, od.rank) + " in the model's descriptor";
      count *= outShapes[o][k];
    }
    size_t bytes = tensorBytes(od.dtype, count);
    outBufs.emplace_back(bytes);
    outBufs.back().fill(0xFF);
    outs.push_back(hostTensor(outBufs.back().data(), od.dtype, od.rank, outShapes[o].data()));
  }
  int32_t st = lib.call(model, entry, ins.data(), d.num_inputs, outs.data(), d.num_outputs);
  if (!set.expectedError.empty()) { // a set the model must refuse at run time
    if (st == PICORT_OK)
      return "the run succeeded; expected it to fail with '" + set.expectedError + "'";
    std::string failure = lib.failure(st);
    if (failure.find(set.expectedError) == std::string::npos)
      return "run failed with '" + failure + "'; expected '" + set.expectedError + "'";
    return "";
  }
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
    if (outShapes[o] != ref.shape)
      return label + ": the model produces shape " + formatShape(outShapes[o]) +
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
    st = lib.call(model, entry, ins.data(), d.num_inputs, outs.data(), d.num_outputs);
    if (st != PICORT_OK) return "run failed on a timing run: " + lib.failure(st);
    times->push_back(secondsSince(start));
  }
  return "";
}

// A pass's detail: the errors, the compile time and the median of `times`, three significant
// digits and no exponent (12.345, 0.123, 0.00123 ms).
static std::string passDetail(double maxRel, double maxScaled, double compileSeconds,
                              std::vector<double> times) {
  std::sort(times.begin(), times.end());
  double ms = times.empty() ? 0 : times[times.size() / 2] * 1e3;
  int decimals = ms >= 1 || ms <= 0 ? 3 : 2 - static_cast<int>(std::floor(std::log10(ms)));
  decimals = std::min(decimals, 9);
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "(max rel err %.1e, max abs err / max |ref| %.1e, compile %.2f s, run %.*f ms)",
                maxRel, maxScaled, compileSeconds, decimals, ms);
  return buf;
}

CaseOutcome runModel(const std::string &soPath, const std::vector<DataSet> &sets,
                     const Tolerance &tolerance, double compileSeconds) {
  // 1. Load.
  ModelLibrary lib;
  std::string error;
  if (!lib.load(soPath, error)) return {false, error};

  // 2. Create.
  picort_model *model = nullptr;
  int32_t st = lib.create(nullptr, &model);
  if (st != PICORT_OK || !model) return {false, "create failed: " + lib.failure(st)};

  double maxRel = 0, maxScaled = 0;
  std::vector<double> times;
  if (lib.desc->num_states > 0) {
    // 3'. A model with states (picoc --state): the data sets are one sequence of calls from
    // an empty state, each appending to it. Run the sequence, reset, and run it again (a
    // reset that left rows behind, or a call that leaked into the next, shows there); the
    // time is the median over the second pass's calls.
    for (int pass = 0; pass < 2; pass++) {
      st = lib.reset(model);
      for (size_t i = 0; i < sets.size() && st == PICORT_OK && error.empty(); i++) {
        auto start = Clock::now();
        error = runDataSet(lib, model, sets[i], tolerance, maxRel, maxScaled);
        if (pass == 1) times.push_back(secondsSince(start));
        if (!error.empty())
          error = sets[i].name + ": " + error + (pass == 1 ? " (after a reset only)" : "");
      }
      if (st != PICORT_OK) error = "reset failed: " + lib.failure(st);
    }
    lib.destroy(model);
    if (!error.empty()) return {false, error};
    return {true, passDetail(maxRel, maxScaled, compileSeconds, times)};
  }

  // 3. Run every data set and check it, then run it again and check again; time the first.
  for (const DataSet &set : sets) {
    std::string prefix = sets.size() > 1 ? set.name + ": " : "";
    error = runDataSet(lib, model, set, tolerance, maxRel, maxScaled);
    if (error.empty()) {
      error = runDataSet(lib, model, set, tolerance, maxRel, maxScaled,
                         &set == &sets.front() ? &times : nullptr);
      if (!error.empty()) error += " (on the second run only)";
    }
    if (!error.empty()) {
      lib.destroy(model);
      return {false, prefix + error};
    }
  }
  lib.destroy(model);
  return {true, passDetail(maxRel, maxScaled, compileSeconds, times)};
}

} // namespace picoc::run