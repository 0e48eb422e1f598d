//===- Measure.cpp - timing the candidates of one kernel, compiled as entry points ----===//

#include "Measure.h"

#include "picort.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <random>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace picoc::tune {

namespace {

// The library's entry points into its own libpicort.
struct Library {
  void *handle = nullptr;
  const picort_model_desc *desc = nullptr;
  decltype(&picort_model_create) create = nullptr;
  decltype(&picort_model_run_entry) run = nullptr;
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
    destroy = reinterpret_cast<decltype(destroy)>(dlsym(handle, "picort_model_destroy"));
    tensorBytes = reinterpret_cast<decltype(tensorBytes)>(dlsym(handle, "picort_tensor_bytes"));
    lastError = reinterpret_cast<decltype(lastError)>(dlsym(handle, "picort_last_error"));
    if (!desc || !create || !run || !destroy || !tensorBytes || !lastError) {
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
                                               const MeasureOptions &options, std::string &error) {
  Library lib;
  if (!lib.open(soPath, error))
    return {};
  picort_model *model = nullptr;
  if (lib.create(lib.desc, nullptr, &model) != PICORT_OK) {
    error = std::string("create: ") + lib.lastError();
    return {};
  }
  // Every entry reads the same inputs and writes the same output: entry 0's tensors.
  const picort_entry_desc &first = lib.desc->entries[0];
  std::mt19937 rng(20261201);
  std::vector<std::vector<char>> inputs(first.num_inputs), outputs(first.num_outputs);
  std::vector<picort_tensor> in(first.num_inputs), out(first.num_outputs);
  auto tensor = [&](const picort_tensor_desc &d, std::vector<char> &data) {
    data.assign(lib.tensorBytes(d.dtype, elementsOf(d)) + 1, 0); // +1: never empty
    return picort_tensor{data.data(), d.dtype, d.rank, d.shape, PICORT_MEMORY_HOST};
  };
  for (int32_t i = 0; i < first.num_inputs; ++i) {
    in[i] = tensor(first.inputs[i], inputs[i]);
    fill(inputs[i], first.inputs[i], rng);
  }
  for (int32_t i = 0; i < first.num_outputs; ++i)
    out[i] = tensor(first.outputs[i], outputs[i]);

  std::vector<std::vector<char>> reference;
  std::vector<CandidateResult> results(lib.desc->num_entries);
  using Clock = std::chrono::steady_clock;
  for (int32_t e = 0; e < lib.desc->num_entries; ++e) {
    CandidateResult &r = results[e];
    for (std::vector<char> &o : outputs) // a candidate must write its whole output
      std::fill(o.begin(), o.end(), static_cast<char>(0x7f));
    if (lib.run(model, e, in.data(), first.num_inputs, out.data(), first.num_outputs) !=
        PICORT_OK) {
      r.message = std::string("run: ") + lib.lastError();
      continue;
    }
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
      continue;
    }
    std::vector<double> times;
    double total = 0;
    while (static_cast<int>(times.size()) < options.maxRuns &&
           (static_cast<int>(times.size()) < options.minRuns || total < options.minSeconds)) {
      auto start = Clock::now();
      lib.run(model, e, in.data(), first.num_inputs, out.data(), first.num_outputs);
      double s = std::chrono::duration<double>(Clock::now() - start).count();
      times.push_back(s);
      total += s;
    }
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    r.timeUs = times[times.size() / 2] * 1e6;
    r.ok = true;
  }
  lib.destroy(model);
  return results;
}

std::vector<CandidateResult> measureIsolated(const std::string &soPath,
                                             const MeasureOptions &options,
                                             const std::string &workDir, int timeoutSeconds,
                                             std::string &error) {
  std::string resultPath = workDir + "/results.txt";
  unlink(resultPath.c_str());
  pid_t child = fork();
  if (child < 0) {
    error = "fork failed";
    return {};
  }
  if (child == 0) {
    std::string why;
    std::vector<CandidateResult> results = measureCandidates(soPath, options, why);
    std::ofstream out(resultPath);
    if (results.empty())
      out << "error " << why << "\n";
    for (const CandidateResult &r : results)
      out << (r.ok ? 1 : 0) << " " << r.timeUs << " " << r.error << " " << r.message << "\n";
    out.close();
    _exit(out ? 0 : 1);
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
  std::ifstream in(resultPath);
  std::vector<CandidateResult> results;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("error ", 0) == 0) {
      error = line.substr(6);
      return {};
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
    error = "the candidates' process wrote no results";
  return results;
}

} // namespace picoc::tune
