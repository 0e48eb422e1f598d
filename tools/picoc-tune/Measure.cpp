//===- Measure.cpp - timing the candidates of one kernel, compiled as entry points ----===//

#include "Measure.h"

#include "picort.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <random>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <type_traits>
#include <unistd.h>

namespace picoc::tune {

namespace {

// The library's entry points into its own libpicort.
struct Library {
  void *handle = nullptr;
  const picort_model_desc *desc = nullptr;
  decltype(&picort_model_create) create = nullptr;
  decltype(&picort_model_run_entry) run = nullptr;
  decltype(&picort_model_run_entry_async) runAsync = nullptr;
  decltype(&picort_model_destroy) destroy = nullptr;
  decltype(&picort_tensor_bytes) tensorBytes = nullptr;
  decltype(&picort_last_error) lastError = nullptr;

  bool open(const std::string &path, std::string &error) {
    handle = dlopen(path.c_str(), RTLD_LOCAL | RTLD_NOW);
    if (!handle) {
      error = std::string("dlopen: ") + dlerror();
      return false;
    }
    desc = static_cast<const picort_model_desc *>(dlsym(handle, "tune_desc"));
    create = reinterpret_cast<decltype(create)>(dlsym(handle, "picort_model_create"));
    run = reinterpret_cast<decltype(run)>(dlsym(handle, "picort_model_run_entry"));
    runAsync = reinterpret_cast<decltype(runAsync)>(dlsym(handle, "picort_model_run_entry_async"));
    destroy = reinterpret_cast<decltype(destroy)>(dlsym(handle, "picort_model_destroy"));
    tensorBytes = reinterpret_cast<decltype(tensorBytes)>(dlsym(handle, "picort_tensor_bytes"));
    lastError = reinterpret_cast<decltype(lastError)>(dlsym(handle, "picort_last_error"));
    if (!desc || !create || !run || !runAsync || !destroy || !tensorBytes || !lastError) {
      error = path + ": not a picoc-tune round (tune_desc or libpicort's functions missing)";
      return false;
    }
    return true;
  }
  ~Library() {
    if (handle)
      dlclose(handle);
  }
};

// The CUDA driver calls a GPU round needs for its tensors (libcuda.so.1, loaded here: nothing
// links CUDA; the model's libpicort loads it too and retains the same primary context).
struct Driver {
  using Result = int;
  using Pointer = unsigned long long;
  void *handle = nullptr;
  Result (*init)(unsigned) = nullptr;
  Result (*deviceGet)(int *, int) = nullptr;
  Result (*deviceGetName)(char *, int, int) = nullptr;
  Result (*primaryCtxRetain)(void **, int) = nullptr;
  Result (*ctxSetCurrent)(void *) = nullptr;
  Result (*memAlloc)(Pointer *, size_t) = nullptr;
  Result (*memFree)(Pointer) = nullptr;
  Result (*memcpyHtoD)(Pointer, const void *, size_t) = nullptr;
  Result (*memcpyDtoH)(void *, Pointer, size_t) = nullptr;
  Result (*synchronize)() = nullptr;
  std::string device;

  bool open(std::string &error) {
    handle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      error = "a GPU round needs the CUDA driver (libcuda.so.1)";
      return false;
    }
    auto sym = [&](auto &fn, const char *name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(handle, name));
      return fn != nullptr;
    };
    void *context = nullptr;
    int dev = 0;
    char name[256] = {0};
    if (!sym(init, "cuInit") || !sym(deviceGet, "cuDeviceGet") ||
        !sym(deviceGetName, "cuDeviceGetName") ||
        !sym(primaryCtxRetain, "cuDevicePrimaryCtxRetain") ||
        !sym(ctxSetCurrent, "cuCtxSetCurrent") || !sym(memAlloc, "cuMemAlloc_v2") ||
        !sym(memFree, "cuMemFree_v2") || !sym(memcpyHtoD, "cuMemcpyHtoD_v2") ||
        !sym(memcpyDtoH, "cuMemcpyDtoH_v2") || !sym(synchronize, "cuCtxSynchronize") ||
        init(0) != 0 || deviceGet(&dev, 0) != 0 || primaryCtxRetain(&context, dev) != 0 ||
        ctxSetCurrent(context) != 0) {
      error = "the CUDA driver has no usable device 0";
      return false;
    }
    deviceGetName(name, sizeof name - 1, dev);
    device = name;
    return true;
  }
};

uint64_t elementsOf(const picort_tensor_desc &t) {
  uint64_t n = 1;
  for (int32_t d = 0; d < t.rank; ++d)
    n *= static_cast<uint64_t>(t.shape[d]);
  return n;
}

// f32 -> the top 16 bits (bf16) or IEEE half, round to nearest even; inputs are within [-1, 1].
uint16_t toBf16(float f) {
  uint32_t b;
  memcpy(&b, &f, 4);
  return static_cast<uint16_t>((b + 0x7fff + ((b >> 16) & 1)) >> 16);
}
uint16_t toHalf(float f) {
  uint32_t b;
  memcpy(&b, &f, 4);
  uint32_t sign = (b >> 16) & 0x8000, exp = (b >> 23) & 0xff, man = b & 0x7fffff;
  if (exp < 103)
    return static_cast<uint16_t>(sign);
  if (exp < 113) // subnormal half
    return static_cast<uint16_t>(sign | ((man | 0x800000) >> (126 - exp)));
  return static_cast<uint16_t>(sign | ((exp - 112) << 10) | (man >> 13));
}
float fromBf16(uint16_t h) {
  uint32_t b = uint32_t(h) << 16;
  float f;
  memcpy(&f, &b, 4);
  return f;
}
float fromHalf(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
  float f = exp == 0    ? std::ldexp(static_cast<float>(man), -24)
            : exp == 31 ? (man ? NAN : INFINITY)
                        : std::ldexp(static_cast<float>(man | 0x400), static_cast<int>(exp) - 25);
  uint32_t b;
  memcpy(&b, &f, 4);
  b |= sign;
  memcpy(&f, &b, 4);
  return f;
}

// Random non-zero data of the tensor's dtype: floats of magnitude in [0.1, 1] with either sign;
// integers in [1, 3] (valid indices of any dim of 4 or more, non-zero divisors); booleans 0/1;
// narrow formats random bytes.
void fill(std::vector<char> &bytes, const picort_tensor_desc &t, std::mt19937 &rng) {
  std::uniform_real_distribution<float> magnitude(0.1f, 1.0f);
  std::uniform_int_distribution<int> small(1, 3), bit(0, 1), byte(0, 255);
  uint64_t n = elementsOf(t);
  auto real = [&] { return bit(rng) ? magnitude(rng) : -magnitude(rng); };
  auto put = [&](auto v, uint64_t i) { memcpy(bytes.data() + i * sizeof v, &v, sizeof v); };
  for (uint64_t i = 0; i < n; ++i) {
    switch (t.dtype) {
    case PICORT_DTYPE_FLOAT32: put(real(), i); break;
    case PICORT_DTYPE_FLOAT64: put(static_cast<double>(real()), i); break;
    case PICORT_DTYPE_FLOAT16: put(toHalf(real()), i); break;
    case PICORT_DTYPE_BFLOAT16: put(toBf16(real()), i); break;
    case PICORT_DTYPE_INT8: case PICORT_DTYPE_UINT8: put(static_cast<int8_t>(small(rng)), i); break;
    case PICORT_DTYPE_INT16: case PICORT_DTYPE_UINT16: put(static_cast<int16_t>(small(rng)), i); break;
    case PICORT_DTYPE_INT32: case PICORT_DTYPE_UINT32: put(static_cast<int32_t>(small(rng)), i); break;
    case PICORT_DTYPE_INT64: case PICORT_DTYPE_UINT64: put(static_cast<int64_t>(small(rng)), i); break;
    case PICORT_DTYPE_BOOL: put(static_cast<uint8_t>(bit(rng)), i); break;
    default: i = n; break; // narrow formats: below
    }
  }
  if (t.dtype >= PICORT_DTYPE_FLOAT8E4M3FN)
    for (char &c : bytes)
      c = static_cast<char>(byte(rng));
}

// Normwise relative error of `out` against `ref` (floats; NaNs must agree in place), or 0/1
// for other dtypes (bytes equal or not).
double difference(const std::vector<char> &out, const std::vector<char> &ref, int32_t dtype,
                  uint64_t n) {
  auto value = [&](const std::vector<char> &v, uint64_t i) -> double {
    switch (dtype) {
    case PICORT_DTYPE_FLOAT32: { float f; memcpy(&f, v.data() + 4 * i, 4); return f; }
    case PICORT_DTYPE_FLOAT64: { double d; memcpy(&d, v.data() + 8 * i, 8); return d; }
    case PICORT_DTYPE_FLOAT16: { uint16_t h; memcpy(&h, v.data() + 2 * i, 2); return fromHalf(h); }
    default: { uint16_t h; memcpy(&h, v.data() + 2 * i, 2); return fromBf16(h); }
    }
  };
  bool real = dtype == PICORT_DTYPE_FLOAT32 || dtype == PICORT_DTYPE_FLOAT64 ||
              dtype == PICORT_DTYPE_FLOAT16 || dtype == PICORT_DTYPE_BFLOAT16;
  if (!real)
    return out == ref ? 0 : 1;
  double diff = 0, norm = 0;
  for (uint64_t i = 0; i < n; ++i) {
    double a = value(out, i), b = value(ref, i);
    if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) {
      if (!(std::isnan(a) && std::isnan(b)) && a != b)
        return INFINITY;
      continue;
    }
    diff += (a - b) * (a - b);
    norm += b * b;
  }
  return norm == 0 ? (diff == 0 ? 0 : INFINITY) : std::sqrt(diff / norm);
}

} // namespace

std::vector<CandidateResult> measureCandidates(const std::string &soPath,
                                               const MeasureOptions &options, std::string &error,
                                               std::string *device) {
  Library lib;
  if (!lib.open(soPath, error))
    return {};
  picort_model *model = nullptr;
  if (lib.create(lib.desc, nullptr, &model) != PICORT_OK) {
    error = std::string("create: ") + lib.lastError();
    return {};
  }
  const bool gpu = lib.desc->device == PICORT_DEVICE_CUDA;
  Driver cuda;
  if (gpu && !cuda.open(error)) {
    lib.destroy(model);
    return {};
  }
  if (device)
    *device = gpu ? cuda.device : "";
  // Every entry reads the same inputs and writes the same output: entry 0's tensors, in host
  // memory on a CPU and in device memory on a GPU (a run then times the kernel alone).
  const picort_entry_desc &first = lib.desc->entries[0];
  std::mt19937 rng(20261201);
  std::vector<std::vector<char>> inputs(first.num_inputs), outputs(first.num_outputs);
  std::vector<picort_tensor> in(first.num_inputs), out(first.num_outputs);
  std::vector<Driver::Pointer> allocated;
  auto tensor = [&](const picort_tensor_desc &d, std::vector<char> &data) {
    data.assign(lib.tensorBytes(d.dtype, elementsOf(d)) + 1, 0); // +1: never empty
    picort_tensor t{data.data(), d.dtype, d.rank, d.shape, PICORT_MEMORY_HOST};
    if (gpu) {
      Driver::Pointer p = 0;
      cuda.memAlloc(&p, data.size());
      allocated.push_back(p);
      t.data = reinterpret_cast<void *>(static_cast<uintptr_t>(p));
      t.memory = PICORT_MEMORY_DEVICE;
    }
    return t;
  };
  auto toDevice = [&](const picort_tensor &t, const std::vector<char> &data) {
    if (gpu)
      cuda.memcpyHtoD(reinterpret_cast<uintptr_t>(t.data), data.data(), data.size());
  };
  for (int32_t i = 0; i < first.num_inputs; ++i) {
    in[i] = tensor(first.inputs[i], inputs[i]);
    fill(inputs[i], first.inputs[i], rng);
    toDevice(in[i], inputs[i]);
  }
  for (int32_t i = 0; i < first.num_outputs; ++i)
    out[i] = tensor(first.outputs[i], outputs[i]);
  // One run of entry e; on a GPU `count` of them queued, then waited for.
  auto run = [&](int32_t e, int count) {
    if (!gpu)
      return lib.run(model, e, in.data(), first.num_inputs, out.data(), first.num_outputs);
    for (int i = 0; i < count; ++i)
      if (picort_status st = lib.runAsync(model, e, in.data(), first.num_inputs, out.data(),
                                          first.num_outputs, nullptr);
          st != PICORT_OK)
        return st;
    return cuda.synchronize() == 0 ? PICORT_OK : PICORT_ERROR_DEVICE;
  };

  std::vector<std::vector<char>> reference;
  std::vector<CandidateResult> results(lib.desc->num_entries);
  using Clock = std::chrono::steady_clock;
  for (int32_t e = 0; e < lib.desc->num_entries; ++e) {
    CandidateResult &r = results[e];
    for (int32_t i = 0; i < first.num_outputs; ++i) { // a candidate must write its whole output
      std::fill(outputs[i].begin(), outputs[i].end(), static_cast<char>(0x7f));
      toDevice(out[i], outputs[i]);
    }
    if (run(e, 1) != PICORT_OK) {
      r.message = std::string("run: ") + lib.lastError();
      continue;
    }
    if (gpu)
      for (int32_t i = 0; i < first.num_outputs; ++i)
        cuda.memcpyDtoH(outputs[i].data(), reinterpret_cast<uintptr_t>(out[i].data),
                        outputs[i].size());
    if (e == 0)
      reference = outputs;
    for (int32_t i = 0; i < first.num_outputs; ++i)
      r.error = std::max(r.error, difference(outputs[i], reference[i], first.outputs[i].dtype,
                                             elementsOf(first.outputs[i])));
    // Halves round each output once: an ulp of bf16 (2^-8) is the least they can differ by.
    int32_t dtype = first.outputs[0].dtype;
    double tolerance = dtype == PICORT_DTYPE_FLOAT16 || dtype == PICORT_DTYPE_BFLOAT16
                           ? std::max(options.tolerance, 4e-3)
                           : options.tolerance;
    if (!(r.error <= tolerance)) {
      std::ostringstream why;
      why << "output differs from the reference schedule's (normwise relative error "
          << r.error << ")";
      r.message = why.str();
      r.error = std::isfinite(r.error) ? r.error : 1e300; // written as text
      continue;
    }
    // A GPU's runs are timed in batches (one wait for several launches: the kernel's time,
    // not the launch's round trip).
    const int batch = gpu ? 10 : 1;
    std::vector<double> times;
    double total = 0;
    while (static_cast<int>(times.size()) < options.maxRuns &&
           (static_cast<int>(times.size()) < options.minRuns || total < options.minSeconds)) {
      auto start = Clock::now();
      run(e, batch);
      double s = std::chrono::duration<double>(Clock::now() - start).count();
      times.push_back(s / batch);
      total += s;
    }
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    r.timeUs = times[times.size() / 2] * 1e6;
    r.ok = true;
  }
  lib.destroy(model);
  for (Driver::Pointer p : allocated)
    cuda.memFree(p);
  return results;
}

bool writeResults(const std::string &path, const std::vector<CandidateResult> &results,
                  const std::string &device, const std::string &error) {
  std::ofstream out(path);
  if (results.empty())
    out << "error " << error << "\n";
  if (!device.empty())
    out << "device " << device << "\n";
  for (const CandidateResult &r : results)
    out << (r.ok ? 1 : 0) << " " << r.timeUs << " " << r.error << " " << r.message << "\n";
  out.close();
  return static_cast<bool>(out);
}

std::vector<CandidateResult> readResults(const std::string &path, std::string &error,
                                         std::string *device) {
  std::ifstream in(path);
  if (!in) {
    error = path + ": no results";
    return {};
  }
  std::vector<CandidateResult> results;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("error ", 0) == 0) {
      error = line.substr(6);
      return {};
    }
    if (line.rfind("device ", 0) == 0) {
      if (device)
        *device = line.substr(7);
      continue;
    }
    std::istringstream fields(line);
    CandidateResult r;
    int ok = 0;
    fields >> ok >> r.timeUs >> r.error;
    std::getline(fields >> std::ws, r.message);
    r.ok = ok == 1;
    results.push_back(r);
  }
  if (results.empty())
    error = path + ": no results in it";
  return results;
}

std::vector<CandidateResult> measureIsolated(const std::string &soPath,
                                             const MeasureOptions &options,
                                             const std::string &workDir, int timeoutSeconds,
                                             std::string &error, std::string *device) {
  std::string resultPath = workDir + "/results.txt";
  unlink(resultPath.c_str());
  pid_t child = fork();
  if (child < 0) {
    error = "fork failed";
    return {};
  }
  if (child == 0) {
    std::string why, name;
    std::vector<CandidateResult> results = measureCandidates(soPath, options, why, &name);
    _exit(writeResults(resultPath, results, name, why) ? 0 : 1);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  int status = 0;
  while (waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      error = "the candidates ran over " + std::to_string(timeoutSeconds) + " s";
      return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFSIGNALED(status)) {
    error = std::string("the candidates' process died: ") + strsignal(WTERMSIG(status));
    return {};
  }
  return readResults(resultPath, error, device);
}

MeasureOptions wholeModelOptions() {
  MeasureOptions o;
  o.minSeconds = 0.1; // per entry (a small model's many runs)
  o.minRuns = 3;
  o.maxRuns = 1 << 20;
  return o;
}

ModelVerdict judgeModel(const std::vector<CandidateResult> &results) {
  ModelVerdict v;
  std::vector<double> heuristic, tuned, ratios;
  for (size_t i = 0; i + 1 < results.size(); i += 2) {
    const CandidateResult &h = results[i], &t = results[i + 1];
    if (!h.ok || !t.ok) {
      v.wrong = !t.ok ? t.message : h.message;
      continue;
    }
    heuristic.push_back(h.timeUs);
    tuned.push_back(t.timeUs);
    ratios.push_back(h.timeUs / t.timeUs);
  }
  if (ratios.empty()) {
    if (v.wrong.empty())
      v.wrong = "no pair ran";
    return v;
  }
  auto median = [](std::vector<double> x) {
    std::sort(x.begin(), x.end());
    return x[x.size() / 2];
  };
  v.heuristicUs = median(heuristic);
  v.tunedUs = median(tuned);
  v.speedup = median(ratios);
  v.low = *std::min_element(ratios.begin(), ratios.end());
  v.high = *std::max_element(ratios.begin(), ratios.end());
  v.pairs = static_cast<int>(ratios.size());
  return v;
}

std::string ModelVerdict::describe() const {
  char line[200];
  snprintf(line, sizeof line,
           "whole model %.3f ms with the heuristics' schedules, %.3f ms tuned (%.2fx, median of "
           "%d pairs from %.2fx to %.2fx)",
           heuristicUs / 1e3, tunedUs / 1e3, speedup, pairs, low, high);
  return line;
}

} // namespace picoc::tune
