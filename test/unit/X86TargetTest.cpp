//===- X86TargetTest.cpp - the x86 target, end to end ---------------------------------===//
//
// Builds small kir Programs by hand, compiles each with the x86 target to an object, links it
// with libpicort.a into a shared library, dlopens it, runs it through the generated
// <name>_create/_run/_destroy and compares against plain C++ references. Opts are varied so
// that every loop tier runs: extents not divisible by the unroll or the vector width, vector
// reduction axes, K-blocking, masked loads, gathers.
//
//===------------------------------------------------------------------------------===//
#include "picoc/Target/Target.h"

#include <catch2/catch.hpp>

#include "llvm/Support/raw_ostream.h"

#include <picort.h>

#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <sstream>

#ifndef PICOC_C_COMPILER
#define PICOC_C_COMPILER "cc"
#endif

using namespace picoc;
using namespace picoc::kir;

namespace {

// ---- Building programs ----

Buffer buffer(const std::string &name, DType t, std::vector<int64_t> shape, BufferKind kind,
              int64_t positionOrOffset = 0) {
  Buffer b{name, t, std::move(shape), kind};
  (kind == BufferKind::Input || kind == BufferKind::Output ? b.position : b.offset) =
      positionOrOffset;
  return b;
}

Kernel kernel(const std::string &name, int output, std::vector<int> inputs,
              std::vector<int64_t> shape, std::vector<int64_t> reduceShape = {}) {
  Kernel k;
  k.name = name;
  k.output = output;
  k.inputs = std::move(inputs);
  k.shape = std::move(shape);
  k.reduceShape = std::move(reduceShape);
  for (int v = 0; v < k.numVars(); ++v)
    k.graph.setVarRange(v, v < k.rank() ? k.shape[v] : k.reduceShape[v - k.rank()]);
  return k;
}

Opt opt(OptKind kind, int axis, int64_t amount) { return Opt{kind, axis, amount}; }

std::vector<float> randomFloats(size_t n, float lo, float hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

std::vector<char> bytesOf(const std::vector<float> &v) {
  std::vector<char> b(v.size() * sizeof(float));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

// ---- Compiling, linking, loading ----

// `s` with every character that is not a C identifier character replaced by '_'.
std::string modelSymbolName(std::string s) {
  for (char &c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return s;
}

// A scratch directory for this test run, removed when the program exits.
class TempDir {
public:
  TempDir() {
    char tmpl[] = "/tmp/picoc-x86-test-XXXXXX";
    if (mkdtemp(tmpl))
      path_ = tmpl;
  }
  ~TempDir() {
    if (!path_.empty())
      std::filesystem::remove_all(path_);
  }
  const std::string &path() const { return path_; }

private:
  std::string path_;
};

std::string tempDir() {
  static TempDir dir;
  REQUIRE(!dir.path().empty());
  return dir.path();
}

// Writes the object for `program` as <dir>/<name>.o; returns its path.
// The one entry point of a test program; compileObject runs every kernel in it.
Entry runEntry(std::vector<int> inputs, std::vector<int> outputs) {
  Entry e;
  e.name = "run";
  e.inputs = std::move(inputs);
  e.outputs = std::move(outputs);
  return e;
}

std::string compileObject(Program program, const std::string &name,
                          const std::vector<char> &weights, WeightsMode mode = WeightsMode::Embed,
                          const std::string &weightsFile = "", const std::string &target = "host") {
  if (program.entries.size() == 1)
    program.entries[0].numKernels = static_cast<int>(program.kernels.size());
  TargetOptions options;
  options.target = target;
  options.name = name;
  options.weights = mode;
  options.weightsFile = weightsFile;
  std::string error;
  std::unique_ptr<Target> t = createTarget(options, error);
  INFO(error);
  REQUIRE(t);
  std::string path = tempDir() + "/" + name + ".o";
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec);
  REQUIRE(!ec);
  bool ok = t->emitObject(program, weights, out, error);
  INFO(error);
  REQUIRE(ok);
  return path;
}

// A shared library built from objects and libpicort.a, loaded with dlopen.
class Library {
public:
  explicit Library(const std::vector<std::string> &objects, const std::string &name) {
    std::string so = tempDir() + "/" + name + ".so";
    std::string cmd = std::string(PICOC_C_COMPILER) + " -shared -o " + so;
    for (const std::string &o : objects)
      cmd += " " + o;
    cmd += " -Wl,--whole-archive " PICOC_RUNTIME_LIB_DIR
           "/libpicort.a -Wl,--no-whole-archive -lm -lpthread";
    INFO(cmd);
    REQUIRE(std::system(cmd.c_str()) == 0);
    handle_ = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    INFO(dlerror());
    REQUIRE(handle_);
  }
  ~Library() { dlclose(handle_); }
  template <typename T> T symbol(const std::string &name) {
    void *p = dlsym(handle_, name.c_str());
    INFO(name);
    REQUIRE(p);
    return reinterpret_cast<T>(p);
  }

private:
  void *handle_ = nullptr;
};

// The generated entry points of model `name`.
struct Model {
  Model(Library &lib, const std::string &name, const char *weightsPath = nullptr) {
    create = lib.symbol<int32_t (*)(const char *, picort_model **)>(name + "_create");
    run = lib.symbol<int32_t (*)(picort_model *, const picort_tensor *, int32_t,
                                 const picort_tensor *, int32_t)>(name + "_run");
    destroy = lib.symbol<void (*)(picort_model *)>(name + "_destroy");
    model_desc = lib.symbol<const picort_model_desc *>(name + "_desc");
    desc = &model_desc->entries[0];
    int32_t status = create(weightsPath, &model);
    INFO(picort_last_error_or(lib));
    REQUIRE(status == PICORT_OK);
  }
  ~Model() { destroy(model); }
  static std::string picort_last_error_or(Library &lib) {
    return lib.symbol<const char *(*)()>("picort_last_error")();
  }
  // Runs with tensors of the desc's dtypes and shapes.
  void operator()(const std::vector<void *> &ins, const std::vector<void *> &outs) {
    std::vector<picort_tensor> in, out;
    for (size_t i = 0; i < ins.size(); ++i)
      in.push_back({ins[i], desc->inputs[i].dtype, desc->inputs[i].rank, desc->inputs[i].shape});
    for (size_t i = 0; i < outs.size(); ++i)
      out.push_back(
          {outs[i], desc->outputs[i].dtype, desc->outputs[i].rank, desc->outputs[i].shape});
    REQUIRE(run(model, in.data(), static_cast<int32_t>(in.size()), out.data(),
                static_cast<int32_t>(out.size())) == PICORT_OK);
  }

  int32_t (*create)(const char *, picort_model **);
  int32_t (*run)(picort_model *, const picort_tensor *, int32_t, const picort_tensor *, int32_t);
  void (*destroy)(picort_model *);
  const picort_model_desc *model_desc;
  const picort_entry_desc *desc; // the "run" entry point
  picort_model *model = nullptr;
};

// |got - want| <= tol * max(1, |want|), NaN matching NaN and infinities matching exactly.
void checkClose(const std::vector<float> &got, const std::vector<double> &want, double tol) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    double g = got[i], w = want[i];
    bool ok = std::isnan(w)   ? std::isnan(g)
              : std::isinf(w) ? g == w
                              : std::abs(g - w) <= tol * std::max(1.0, std::abs(w));
    if (!ok) {
      INFO("element " << i << ": got " << g << ", want " << w);
      REQUIRE(ok);
    }
  }
}

// ---- Programs ----

// out[i, j] = relu(a[i, j] + b[j]) through an arena temp: t = a + b; out = max(t, 0).
Program broadcastAdd(int64_t rows, int64_t cols, const std::vector<Opt> &opts) {
  Program p;
  p.name = "bcast";
  p.buffers = {buffer("a", DType::F32, {rows, cols}, BufferKind::Input, 0),
               buffer("b", DType::F32, {cols}, BufferKind::Weight, 0),
               buffer("t", DType::F32, {rows, cols}, BufferKind::Temp, 128),
               buffer("out", DType::F32, {rows, cols}, BufferKind::Output, 0)};
  p.entries = {runEntry({0}, {3})};
  p.weightBytes = cols * 4;
  p.arenaBytes = 128 + rows * cols * 4;
  Kernel add = kernel("add", 2, {0, 1}, {rows, cols});
  ExprGraph &g = add.graph;
  ExprId i = g.var(0), j = g.var(1);
  add.value = g.binary(Op::Add, g.load(0, DType::F32, g.add(g.mulConst(i, cols), j)),
                       g.load(1, DType::F32, j));
  add.opts = opts;
  Kernel relu = kernel("relu", 3, {2}, {rows, cols});
  ExprGraph &h = relu.graph;
  relu.value =
      h.unary(Op::Relu, h.load(2, DType::F32, h.add(h.mulConst(h.var(0), cols), h.var(1))));
  relu.opts = opts;
  p.kernels = {add, relu};
  return p;
}

// out[m, n] = relu(sum_k a[m, k] * b[k, n] + bias[n]).
Program matmul(int64_t M, int64_t N, int64_t K, const std::vector<Opt> &opts) {
  Program p;
  p.name = "matmul";
  p.buffers = {buffer("a", DType::F32, {M, K}, BufferKind::Input, 0),
               buffer("b", DType::F32, {K, N}, BufferKind::Weight, 0),
               buffer("bias", DType::F32, {N}, BufferKind::Weight, K * N * 4),
               buffer("out", DType::F32, {M, N}, BufferKind::Output, 0)};
  p.entries = {runEntry({0}, {3})};
  p.weightBytes = (K * N + N) * 4;
  Kernel k = kernel("matmul", 3, {0, 1, 2}, {M, N}, {K});
  ExprGraph &g = k.graph;
  ExprId m = g.var(0), n = g.var(1), kk = g.var(2);
  ExprId a = g.load(0, DType::F32, g.add(g.mulConst(m, K), kk));
  ExprId b = g.load(1, DType::F32, g.add(g.mulConst(kk, N), n));
  ExprId sum = g.reduce(ReduceFn::Sum, g.binary(Op::Mul, a, b));
  k.value = g.unary(Op::Relu, g.binary(Op::Add, sum, g.load(2, DType::F32, n)));
  k.opts = opts;
  p.kernels = {k};
  return p;
}

std::vector<double> matmulReference(const std::vector<float> &a, const std::vector<float> &w,
                                    int64_t M, int64_t N, int64_t K) {
  std::vector<double> out(M * N);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double s = 0;
      for (int64_t k = 0; k < K; ++k)
        s += double(a[m * K + k]) * double(w[k * N + n]);
      out[m * N + n] = std::max(0.0, s + w[K * N + n]);
    }
  return out;
}

// out[i] = fn_j x[i, j] (Sum or Max) over a reduction axis.
Program rowReduce(int64_t rows, int64_t cols, ReduceFn fn, const std::vector<Opt> &opts) {
  Program p;
  p.name = "rowreduce";
  p.buffers = {buffer("x", DType::F32, {rows, cols}, BufferKind::Input, 0),
               buffer("out", DType::F32, {rows}, BufferKind::Output, 0)};
  p.entries = {runEntry({0}, {1})};
  Kernel k = kernel("reduce", 1, {0}, {rows}, {cols});
  ExprGraph &g = k.graph;
  k.value = g.reduce(fn, g.load(0, DType::F32, g.add(g.mulConst(g.var(0), cols), g.var(1))));
  k.opts = opts;
  p.kernels = {k};
  return p;
}

// One elementwise op applied to the input: out[i] = op(x[i]).
Program unaryProgram(Op op, int64_t n, const std::vector<Opt> &opts) {
  Program p;
  p.name = "unary";
  p.buffers = {buffer("x", DType::F32, {n}, BufferKind::Input, 0),
               buffer("out", DType::F32, {n}, BufferKind::Output, 0)};
  p.entries = {runEntry({0}, {1})};
  Kernel k = kernel("op", 1, {0}, {n});
  k.value = k.graph.unary(op, k.graph.load(0, DType::F32, k.graph.var(0)));
  k.opts = opts;
  p.kernels = {k};
  return p;
}

const std::vector<Opt> kNoOpts;

// The targets this machine can run: generic SSE2, AVX2 + FMA, AVX-512 where present.
std::vector<std::string> runnableTargets() {
  std::vector<std::string> targets = {"host", "x86-64"};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    targets.push_back("x86-64-v3");
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
    targets.push_back("x86-64-v4");
  return targets;
}

// A copy of `values` placed right after (or right before, atEnd) a PROT_NONE page.
class GuardedFloats {
public:
  GuardedFloats(const std::vector<float> &values, bool atEnd) {
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_t bytes = values.size() * sizeof(float);
    size_t dataPages = (bytes + page - 1) / page;
    size_ = (dataPages + 2) * page;
    base_ = static_cast<char *>(
        mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    REQUIRE(base_ != MAP_FAILED);
    REQUIRE(mprotect(base_, page, PROT_NONE) == 0);
    REQUIRE(mprotect(base_ + (dataPages + 1) * page, page, PROT_NONE) == 0);
    data_ = base_ + page + (atEnd ? dataPages * page - bytes : 0);
    std::memcpy(data_, values.data(), bytes);
  }
  ~GuardedFloats() { munmap(base_, size_); }
  void *data() { return data_; }

private:
  char *base_;
  char *data_;
  size_t size_;
};

} // namespace

TEST_CASE("x86: elementwise add with broadcast through an arena temp", "[x86]") {
  const int64_t rows = 37, cols = 45;
  std::vector<float> a = randomFloats(rows * cols, -1, 1, 1), b = randomFloats(cols, -1, 1, 2);
  std::vector<double> want(rows * cols);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      want[i * cols + j] = std::max(0.0, double(a[i * cols + j] + b[j]));
  std::vector<std::vector<Opt>> variants = {
      kNoOpts,
      {opt(OptKind::Global, 0, 1), opt(OptKind::Upcast, 1, 8), opt(OptKind::Unroll, 0, 3)},
      {opt(OptKind::Global, 0, 2), opt(OptKind::Upcast, 1, 16)},
      {opt(OptKind::Upcast, 0, 4), opt(OptKind::Tile, 1, 10)}, // vector axis with stride: scatter
      {opt(OptKind::Global, 0, 2), opt(OptKind::Tile, 1, 16), opt(OptKind::Upcast, 1, 8),
       opt(OptKind::Unroll, 1, 2)},
  };
  for (size_t v = 0; v < variants.size(); ++v) {
    INFO("variant " << v);
    std::string name = "bcast" + std::to_string(v);
    Library lib({compileObject(broadcastAdd(rows, cols, variants[v]), name, bytesOf(b))}, name);
    Model model(lib, name);
    std::vector<float> out(rows * cols, -7.f);
    model({a.data()}, {out.data()});
    checkClose(out, want, 1e-6);
  }
}

TEST_CASE("x86: the desc matches picort.h", "[x86]") {
  const int64_t rows = 5, cols = 9;
  std::vector<Opt> opts = {opt(OptKind::Global, 0, 1), opt(OptKind::Unroll, 0, 2)};
  std::vector<float> b(cols, 1.f);
  Library lib({compileObject(broadcastAdd(rows, cols, opts), "descmodel", bytesOf(b))},
              "descmodel");
  const auto *d = lib.symbol<const picort_model_desc *>("descmodel_desc");
  CHECK(d->abi_version == PICORT_ABI_VERSION);
  CHECK(std::string(d->name) == "bcast");
  REQUIRE(d->num_entries == 1);
  CHECK(std::string(d->entries[0].name) == "run");
  const picort_entry_desc *e = &d->entries[0];
  REQUIRE(e->num_inputs == 1);
  CHECK(std::string(e->inputs[0].name) == "a");
  CHECK(e->inputs[0].dtype == PICORT_DTYPE_FLOAT32);
  REQUIRE(e->inputs[0].rank == 2);
  CHECK((e->inputs[0].shape[0] == rows && e->inputs[0].shape[1] == cols));
  REQUIRE(e->num_outputs == 1);
  CHECK(std::string(e->outputs[0].name) == "out");
  CHECK(d->arena_bytes == uint64_t(128 + rows * cols * 4));
  CHECK(d->weights != nullptr);
  CHECK(reinterpret_cast<uintptr_t>(d->weights) % 64 == 0);
  CHECK(d->weights_bytes == uint64_t(cols * 4));
  CHECK(d->weights_file == nullptr);
  REQUIRE(e->num_launches == 2);
  const picort_launch &add = e->launches[0];
  CHECK(std::string(add.name) == "add");
  CHECK(add.extent == 3); // ceil(5 / 2) rows of 2
  CHECK(add.grain >= 1);
  REQUIRE(add.num_args == 3);
  CHECK((add.args[0].kind == PICORT_ARG_ARENA && add.args[0].index == 128));
  CHECK((add.args[1].kind == PICORT_ARG_INPUT && add.args[1].index == 0));
  CHECK((add.args[2].kind == PICORT_ARG_WEIGHT && add.args[2].index == 0));
  CHECK((e->launches[1].args[0].kind == PICORT_ARG_OUTPUT && e->launches[1].args[0].index == 0));
}

TEST_CASE("x86: matmul 67x45x33 with bias and relu", "[x86]") {
  const int64_t M = 67, N = 33, K = 45;
  std::vector<float> a = randomFloats(M * K, 0, 1, 3);
  std::vector<float> w = randomFloats(K * N + N, 0, 1, 4);
  for (int64_t n = 0; n < N; ++n) // a bias that makes relu bite
    w[K * N + n] = n % 3 == 0 ? -100.f : w[K * N + n] - 0.5f;
  std::vector<double> want = matmulReference(a, w, M, N, K);
  std::vector<std::vector<Opt>> variants = {
      kNoOpts,
      {opt(OptKind::Global, 0, 1), opt(OptKind::Unroll, 0, 4), opt(OptKind::Upcast, 1, 16),
       opt(OptKind::Tile, 2, 16)},
      {opt(OptKind::Global, 0, 1), opt(OptKind::Unroll, 0, 5), opt(OptKind::Upcast, 1, 8),
       opt(OptKind::Tile, 2, 7), opt(OptKind::Tile, 1, 24)},
      {opt(OptKind::Global, 0, 2), opt(OptKind::Upcast, 2, 8), opt(OptKind::Unroll, 1, 3)},
      {opt(OptKind::Upcast, 0, 8), opt(OptKind::Unroll, 1, 2), opt(OptKind::Unroll, 2, 4)},
  };
  for (const std::string &target : runnableTargets())
    for (size_t v = 0; v < variants.size(); ++v) {
      INFO("target " << target << " variant " << v);
      std::string name = "mm" + std::to_string(v) + "_" + modelSymbolName(target);
      Library lib({compileObject(matmul(M, N, K, variants[v]), name, bytesOf(w), WeightsMode::Embed,
                                 "", target)},
                  name);
      Model model(lib, name);
      std::vector<float> out(M * N, -7.f);
      model({a.data()}, {out.data()});
      checkClose(out, want, 1e-5);
    }
}

TEST_CASE("x86: row reductions, vectorized along the reduction axis", "[x86]") {
  const int64_t rows = 13, cols = 70;
  std::vector<float> x = randomFloats(rows * cols, -2, 2, 5);
  x[3 * cols + 5] = -INFINITY; // a masked attention score
  for (int64_t j = 0; j < cols; ++j)
    x[7 * cols + j] = -INFINITY; // a fully masked row
  for (ReduceFn fn : {ReduceFn::Sum, ReduceFn::Max, ReduceFn::Min, ReduceFn::Prod}) {
    std::vector<double> want(rows);
    for (int64_t i = 0; i < rows; ++i) {
      double acc = fn == ReduceFn::Sum    ? 0.0
                   : fn == ReduceFn::Prod ? 1.0
                   : fn == ReduceFn::Max  ? -INFINITY
                                          : INFINITY;
      for (int64_t j = 0; j < cols; ++j) {
        double v = x[i * cols + j];
        acc = fn == ReduceFn::Sum    ? acc + v
              : fn == ReduceFn::Prod ? acc * v
              : fn == ReduceFn::Max  ? std::max(acc, v)
                                     : std::min(acc, v);
      }
      want[i] = acc;
    }
    std::vector<std::vector<Opt>> variants = {
        kNoOpts,
        {opt(OptKind::Global, 0, 1), opt(OptKind::Upcast, 1, 8), opt(OptKind::Unroll, 0, 4)},
        {opt(OptKind::Upcast, 1, 16), opt(OptKind::Tile, 1, 24)},
        {opt(OptKind::Upcast, 0, 4), opt(OptKind::Tile, 1, 32)},
    };
    for (size_t v = 0; v < variants.size(); ++v) {
      INFO("fn " << int(fn) << " variant " << v);
      std::string name = "red" + std::to_string(int(fn)) + "_" + std::to_string(v);
      Library lib({compileObject(rowReduce(rows, cols, fn, variants[v]), name, {})}, name);
      Model model(lib, name);
      std::vector<float> out(rows, 1234.f);
      model({x.data()}, {out.data()});
      checkClose(out, want, 1e-5);
    }
  }
}

TEST_CASE("x86: a full reduction to a scalar", "[x86]") {
  // out[] = sum_i x[i]: rank 0, so the reduction variable is var 0.
  const int64_t n = 1001;
  Program p;
  p.name = "total";
  p.buffers = {buffer("x", DType::F32, {n}, BufferKind::Input, 0),
               buffer("out", DType::F32, {}, BufferKind::Output, 0)};
  p.entries = {runEntry({0}, {1})};
  Kernel k = kernel("total", 1, {0}, {}, {n});
  k.value = k.graph.reduce(ReduceFn::Sum, k.graph.load(0, DType::F32, k.graph.var(0)));
  std::vector<float> x = randomFloats(n, 0, 1, 9);
  double want = 0;
  for (float v : x)
    want += v;
  std::vector<std::vector<Opt>> variants = {
      kNoOpts,
      {opt(OptKind::Upcast, 0, 8)},
      {opt(OptKind::Upcast, 0, 16), opt(OptKind::Tile, 0, 96)}};
  for (size_t v = 0; v < variants.size(); ++v) {
    INFO("variant " << v);
    k.opts = variants[v];
    p.kernels = {k};
    std::string name = "total" + std::to_string(v);
    Library lib({compileObject(p, name, {})}, name);
    Model model(lib, name);
    CHECK(model.desc->launches[0].extent == 1);
    std::vector<float> out(1, -7.f);
    model({x.data()}, {out.data()});
    checkClose(out, {want}, 1e-6);
  }
}

TEST_CASE("x86: guarded (padded) loads, gathers and transposes", "[x86]") {
  // out[r, c] = c - 2 in [0, cols) ? x[r, c - 2] : 0 (padding 2 each side), and
  // out2[c, r] = x[r, c] (a transpose: stride rows along the vector axis -> gather).
  const int64_t rows = 6, cols = 203, padded = cols + 4;
  Program p;
  p.name = "pad";
  p.buffers = {buffer("x", DType::F32, {rows, cols}, BufferKind::Input, 0),
               buffer("out", DType::F32, {rows, padded}, BufferKind::Output, 0),
               buffer("out2", DType::F32, {cols, rows}, BufferKind::Output, 1)};
  p.entries = {runEntry({0}, {1, 2})};
  Kernel k = kernel("pad", 1, {0}, {rows, padded});
  ExprGraph &g = k.graph;
  ExprId c = g.addConst(g.var(1), -2);
  ExprId inside = g.binary(Op::And, g.binary(Op::CmpGe, c, g.constInt(0)),
                           g.binary(Op::CmpLt, c, g.constInt(cols)));
  ExprId ld = g.load(0, DType::F32, g.add(g.mulConst(g.var(0), cols), c), inside);
  k.value = g.select(inside, ld, g.constFloat(0.0));
  Kernel t = kernel("transpose", 2, {0}, {cols, rows});
  t.value = t.graph.load(0, DType::F32,
                         t.graph.add(t.graph.mulConst(t.graph.var(1), cols), t.graph.var(0)));
  std::vector<double> want(rows * padded), want2(cols * rows);
  std::vector<float> x = randomFloats(rows * cols, -1, 1, 6);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t cc = 0; cc < padded; ++cc)
      want[r * padded + cc] = cc >= 2 && cc - 2 < cols ? x[r * cols + cc - 2] : 0.0;
  for (int64_t cc = 0; cc < cols; ++cc)
    for (int64_t r = 0; r < rows; ++r)
      want2[cc * rows + r] = x[r * cols + cc];
  std::vector<std::vector<Opt>> variants = {
      kNoOpts,
      {opt(OptKind::Upcast, 1, 8)},
      {opt(OptKind::Upcast, 0, 4)},
      {opt(OptKind::Global, 0, 1), opt(OptKind::Upcast, 1, 16), opt(OptKind::Unroll, 0, 4)}};
  for (size_t v = 0; v < variants.size(); ++v) {
    INFO("variant " << v);
    k.opts = t.opts = variants[v];
    p.kernels = {k, t};
    std::string name = "pad" + std::to_string(v);
    Library lib({compileObject(p, name, {})}, name);
    Model model(lib, name);
    // x right after, then right before, an inaccessible page: a read the guard should have
    // stopped (x[-2], x[rows * cols + 1]) faults.
    for (bool atEnd : {false, true}) {
      GuardedFloats gx(x, atEnd);
      std::vector<float> out(rows * padded, -7.f), out2(cols * rows, -7.f);
      model({gx.data()}, {out.data(), out2.data()});
      checkClose(out, want, 0);
      checkClose(out2, want2, 0);
    }
  }
}

TEST_CASE("x86: a select whose condition is the same in every lane (a KV cache's concat)", "[x86]") {
  // out[r, c] = r < past ? cache[r, c] : 2 * x[r - past, c] + x[r - past, (c + 1) % cols]: a
  // concat along the rows with some arithmetic on the new rows (a rotary embedding's). The
  // condition does not depend on the vector's variable: each side is its own branch, which
  // reads only what it takes; with the rows unrolled each copy takes its own.
  const int64_t past = 13, fresh = 3, rows = past + fresh, cols = 40;
  Program p;
  p.name = "cat";
  p.buffers = {buffer("cache", DType::F32, {past, cols}, BufferKind::Input, 0),
               buffer("x", DType::F32, {fresh, cols}, BufferKind::Input, 1),
               buffer("out", DType::F32, {rows, cols}, BufferKind::Output, 0)};
  p.entries = {runEntry({0, 1}, {2})};
  Kernel k = kernel("cat", 2, {0, 1}, {rows, cols});
  ExprGraph &g = k.graph;
  ExprId r = g.var(0), c = g.var(1);
  ExprId old = g.binary(Op::CmpLt, r, g.constInt(past));
  ExprId added = g.binary(Op::CmpGe, r, g.constInt(past));
  ExprId row = g.mulConst(g.addConst(r, -past), cols);
  ExprId next = g.binary(Op::Mod, g.addConst(c, 1), g.constInt(cols));
  ExprId fromCache = g.load(0, DType::F32, g.add(g.mulConst(r, cols), c), old);
  ExprId x0 = g.load(1, DType::F32, g.add(row, c), added);
  ExprId x1 = g.load(1, DType::F32, g.add(row, next), added);
  ExprId computed = g.binary(Op::Add, g.binary(Op::Mul, g.constFloat(2.0), x0), x1);
  k.value = g.select(old, fromCache, computed);
  std::vector<float> cache = randomFloats(past * cols, -1, 1, 11);
  std::vector<float> x = randomFloats(fresh * cols, -1, 1, 12);
  std::vector<double> want(rows * cols);
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      want[i * cols + j] = i < past ? cache[i * cols + j]
                                    : 2.0 * x[(i - past) * cols + j] +
                                          x[(i - past) * cols + (j + 1) % cols];
  std::vector<std::vector<Opt>> variants = {
      kNoOpts,
      {opt(OptKind::Upcast, 1, 8)},
      {opt(OptKind::Upcast, 1, 16), opt(OptKind::Unroll, 0, 4)},
      {opt(OptKind::Global, 0, 1), opt(OptKind::Upcast, 1, 8), opt(OptKind::Unroll, 0, 3)}};
  for (size_t v = 0; v < variants.size(); ++v) {
    INFO("variant " << v);
    k.opts = variants[v];
    p.kernels = {k};
    std::string name = "cat" + std::to_string(v);
    Library lib({compileObject(p, name, {})}, name);
    Model model(lib, name);
    for (bool atEnd : {false, true}) {
      GuardedFloats gc(cache, atEnd), gx(x, atEnd);
      std::vector<float> out(rows * cols, -7.f);
      model({gc.data(), gx.data()}, {out.data()});
      checkClose(out, want, 1e-6);
    }
  }
}

TEST_CASE("x86: math functions match libm", "[x86]") {
  struct Case {
    Op op;
    float lo, hi;
    double tol;
    std::function<double(double)> ref;
  };
  std::vector<Case> cases = {
      {Op::Exp, -110, 95, 4e-7, [](double x) { return std::exp(x); }},
      {Op::Tanh, -12, 12, 1e-6, [](double x) { return std::tanh(x); }},
      {Op::Tanh, -0.7f, 0.7f, 1e-6, [](double x) { return std::tanh(x); }},
      {Op::Erf, -5, 5, 1e-6, [](double x) { return std::erf(x); }},
      {Op::Erf, -1.2f, 1.2f, 1e-6, [](double x) { return std::erf(x); }},
      {Op::Sigmoid, -100, 100, 1e-6, [](double x) { return 1 / (1 + std::exp(-x)); }},
      {Op::Log, 1e-3f, 1e3f, 1e-6, [](double x) { return std::log(x); }},
      {Op::Sqrt, 0, 1e4f, 1e-6, [](double x) { return std::sqrt(x); }},
      {Op::Rsqrt, 1e-3f, 1e4f, 1e-6, [](double x) { return 1 / std::sqrt(x); }},
      {Op::Sin, -10, 10, 1e-6, [](double x) { return std::sin(x); }},
      {Op::Round, -10, 10, 0, [](double x) { return std::nearbyint(x); }},
      {Op::Floor, -10, 10, 0, [](double x) { return std::floor(x); }},
      {Op::Sign, -2, 2, 0, [](double x) { return x > 0   ? 1.0
                                                 : x < 0 ? -1.0
                                                         : x; }},
  };
  // exp's results below FLT_MIN are 0 (MathApprox.h), and so sigmoid's far left tail.
  auto flushes = [](Op op) { return op == Op::Exp || op == Op::Sigmoid; };
  const int64_t n = 4099;
  int index = 0;
  for (const std::string &target : runnableTargets())
    for (const Case &c : cases) {
      INFO("target " << target << ", op " << opName(c.op) << " on [" << c.lo << ", " << c.hi
                     << "]");
      std::vector<float> x(n);
      for (int64_t i = 0; i < n; ++i)
        x[i] = c.lo + (c.hi - c.lo) * float(i) / float(n - 1);
      x[7] = NAN;
      if (c.op == Op::Round)
        x[8] = 2.5f, x[9] = -0.5f, x[10] = 3.5f;
      std::vector<double> want(n);
      for (int64_t i = 0; i < n; ++i) // the float nearest the true value (inf past FLT_MAX)
        want[i] = double(float(c.ref(double(x[i]))));
      std::string name = "math" + std::to_string(index++);
      Library lib({compileObject(unaryProgram(c.op, n, {opt(OptKind::Upcast, 0, 8)}), name, {},
                                 WeightsMode::Embed, "", target)},
                  name);
      Model model(lib, name);
      std::vector<float> out(n);
      model({x.data()}, {out.data()});
      for (int64_t i = 0; i < n; ++i) {
        double g = out[i], w = want[i];
        bool ok = std::isnan(w)   ? std::isnan(g)
                  : std::isinf(w) ? g == w
                                  : std::abs(g - w) <= c.tol * std::abs(w) + 1e-44 ||
                                        (flushes(c.op) && std::abs(w) < FLT_MIN && g == 0);
        // below ln(FLT_MIN) = -87.3365, exp is exactly 0 (no subnormal result)
        if (c.op == Op::Exp && x[i] < -87.34f)
          ok = ok && g == 0;
        if (!ok) {
          INFO("x = " << x[i] << ": got " << g << ", want " << w);
          REQUIRE(ok);
        }
      }
    }
}

TEST_CASE("x86: integer division and modulo never trap", "[x86]") {
  // out[op][i] for i32 a / b, floor a mod b, fmod, with zeros and INT_MIN / -1 in b.
  const int64_t n = 40;
  Program p;
  p.name = "intdiv";
  p.buffers = {buffer("a", DType::I32, {n}, BufferKind::Input, 0),
               buffer("b", DType::I32, {n}, BufferKind::Input, 1),
               buffer("out", DType::I32, {3, n}, BufferKind::Output, 0)};
  p.entries = {runEntry({0, 1}, {2})};
  Kernel k = kernel("div", 2, {0, 1}, {3, n});
  ExprGraph &g = k.graph;
  ExprId a = g.load(0, DType::I32, g.var(1)), b = g.load(1, DType::I32, g.var(1));
  ExprId op = g.var(0);
  auto is = [&](int64_t v) { return g.binary(Op::CmpEq, op, g.constInt(v)); };
  k.value = g.select(is(0), g.binary(Op::Div, a, b),
                     g.select(is(1), g.binary(Op::Mod, a, b), g.binary(Op::FMod, a, b)));
  k.opts = {opt(OptKind::Upcast, 1, 8)};
  p.kernels = {k};
  std::vector<int32_t> av(n), bv(n), out(3 * n);
  std::vector<int32_t> want(3 * n);
  for (int64_t i = 0; i < n; ++i) {
    av[i] = int32_t(i * 7 - 140);
    bv[i] = int32_t(i % 9) - 4; // -4..4, zeros included
  }
  av[5] = INT32_MIN, bv[5] = -1;
  for (int64_t i = 0; i < n; ++i) {
    int64_t x = av[i], y = bv[i];
    int64_t q = y == 0 ? 0 : x / y, r = y == 0 ? 0 : x % y;
    int64_t m = r != 0 && ((r < 0) != (y < 0)) ? r + y : r;
    want[i] = int32_t(q), want[n + i] = int32_t(m), want[2 * n + i] = int32_t(r);
  }
  Library lib({compileObject(p, "intdiv", {})}, "intdiv");
  Model model(lib, "intdiv");
  int64_t shapeN[] = {n}, shapeOut[] = {3, n};
  picort_tensor ins[] = {{av.data(), PICORT_DTYPE_INT32, 1, shapeN},
                         {bv.data(), PICORT_DTYPE_INT32, 1, shapeN}};
  picort_tensor outs[] = {{out.data(), PICORT_DTYPE_INT32, 2, shapeOut}};
  REQUIRE(model.run(model.model, ins, 2, outs, 1) == PICORT_OK);
  for (int64_t i = 0; i < 3 * n; ++i) {
    INFO("element " << i);
    CHECK(out[i] == want[i]);
  }
}

// Exactly representable normal floats as IEEE half bits.
uint16_t halfBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  if ((u & 0x7fffffff) == 0)
    return static_cast<uint16_t>(u >> 16);
  uint32_t exp = ((u >> 23) & 0xff) - 127 + 15;
  return static_cast<uint16_t>((u >> 16 & 0x8000) | exp << 10 | (u >> 13 & 0x3ff));
}

TEST_CASE("x86: dtypes other than f32", "[x86]") {
  // From f32 inputs x, y: Bool x < y; I64 cast(x * 10) (saturating); F64 pow(x, 2) + y;
  // f32 max/min (NaN propagates), floor mod, fmod; F16 h + h and f32 cast(h) * 2.
  const int64_t n = 29;
  Program p;
  p.name = "dtypes";
  p.buffers = {buffer("x", DType::F32, {n}, BufferKind::Input, 0),
               buffer("y", DType::F32, {n}, BufferKind::Input, 1),
               buffer("h", DType::F16, {n}, BufferKind::Input, 2),
               buffer("lt", DType::Bool, {n}, BufferKind::Output, 0),
               buffer("i", DType::I64, {n}, BufferKind::Output, 1),
               buffer("d", DType::F64, {n}, BufferKind::Output, 2),
               buffer("f", DType::F32, {4, n}, BufferKind::Output, 3),
               buffer("hh", DType::F16, {n}, BufferKind::Output, 4),
               buffer("hf", DType::F32, {n}, BufferKind::Output, 5)};
  p.entries = {runEntry({0, 1, 2}, {3, 4, 5, 6, 7, 8})};
  auto elementwise = [&](const std::string &name, int out, std::vector<int64_t> shape,
                         const std::function<ExprId(ExprGraph &, ExprId, ExprId, ExprId)> &f) {
    Kernel k = kernel(name, out, {0, 1, 2}, shape);
    ExprGraph &g = k.graph;
    ExprId i = g.var(static_cast<int64_t>(shape.size()) - 1);
    k.value = f(g, g.load(0, DType::F32, i), g.load(1, DType::F32, i), g.load(2, DType::F16, i));
    k.opts = {opt(OptKind::Upcast, static_cast<int>(shape.size()) - 1, 8)};
    p.kernels.push_back(k);
  };
  elementwise("lt", 3, {n},
              [](ExprGraph &g, ExprId x, ExprId y, ExprId) { return g.binary(Op::CmpLt, x, y); });
  elementwise("i", 4, {n}, [](ExprGraph &g, ExprId x, ExprId, ExprId) {
    return g.cast(g.binary(Op::Mul, x, g.constFloat(10.0)), DType::I64);
  });
  elementwise("d", 5, {n}, [](ExprGraph &g, ExprId x, ExprId y, ExprId) {
    ExprId xd = g.cast(x, DType::F64);
    return g.binary(Op::Add, g.binary(Op::Pow, xd, g.constFloat(2.0, DType::F64)),
                    g.cast(y, DType::F64));
  });
  elementwise("f", 6, {4, n}, [](ExprGraph &g, ExprId x, ExprId y, ExprId) {
    ExprId which = g.var(0);
    auto is = [&](int64_t v) { return g.binary(Op::CmpEq, which, g.constInt(v)); };
    return g.select(is(0), g.binary(Op::Max, x, y),
                    g.select(is(1), g.binary(Op::Min, x, y),
                             g.select(is(2), g.binary(Op::Mod, x, y), g.binary(Op::FMod, x, y))));
  });
  elementwise("hh", 7, {n},
              [](ExprGraph &g, ExprId, ExprId, ExprId h) { return g.binary(Op::Add, h, h); });
  elementwise("hf", 8, {n}, [](ExprGraph &g, ExprId, ExprId, ExprId h) {
    return g.binary(Op::Mul, g.cast(h, DType::F32), g.constFloat(2.0));
  });

  std::vector<float> x(n), y(n);
  std::vector<uint16_t> h(n);
  for (int64_t i = 0; i < n; ++i) {
    x[i] = float(i - 14) * 0.75f;
    y[i] = float((i * 5) % 7 - 3) * 1.25f; // zeros included
    h[i] = halfBits(float(i - 10) / 8);
  }
  x[3] = NAN;
  x[4] = 1e30f; // saturates the I64 cast
  std::vector<uint8_t> lt(n);
  std::vector<int64_t> iv(n);
  std::vector<double> dv(n);
  std::vector<float> fv(4 * n), hf(n);
  std::vector<uint16_t> hh(n);
  for (const std::string &target : runnableTargets()) {
    INFO(target);
    std::string name = "dtypes_" + modelSymbolName(target);
    Library lib({compileObject(p, name, {}, WeightsMode::Embed, "", target)}, name);
    Model model(lib, name);
    model({x.data(), y.data(), h.data()},
          {lt.data(), iv.data(), dv.data(), fv.data(), hh.data(), hf.data()});
    for (int64_t i = 0; i < n; ++i) {
      INFO("element " << i << ": x = " << x[i] << ", y = " << y[i]);
      CHECK(lt[i] == (x[i] < y[i] ? 1 : 0));
      if (i == 3)
        CHECK(iv[i] == 0);
      else if (i == 4)
        CHECK(iv[i] == INT64_MAX);
      else
        CHECK(iv[i] == int64_t(x[i] * 10.0f));
      double want = std::pow(double(x[i]), 2.0) + y[i];
      CHECK((std::isnan(want) ? std::isnan(dv[i]) : dv[i] == want));
      float mx = std::isnan(x[i]) ? NAN : std::max(x[i], y[i]);
      float mn = std::isnan(x[i]) ? NAN : std::min(x[i], y[i]);
      float fm = std::fmod(x[i], y[i]);
      float md = fm != 0 && ((fm < 0) != (y[i] < 0)) ? fm + y[i] : fm;
      checkClose({fv[i], fv[n + i], fv[2 * n + i], fv[3 * n + i]}, {mx, mn, md, fm}, 0);
      CHECK(hh[i] == halfBits(float(i - 10) / 4));
      CHECK(hf[i] == float(i - 10) / 4);
    }
  }
}

TEST_CASE("x86: external weights and two models in one library", "[x86]") {
  const int64_t M = 9, N = 20, K = 11;
  std::vector<float> a = randomFloats(M * K, 0, 1, 7), w = randomFloats(K * N + N, 0, 1, 8);
  std::string weightsPath = tempDir() + "/ext.weights";
  {
    std::ofstream f(weightsPath, std::ios::binary);
    std::vector<char> bytes = bytesOf(w);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::vector<Opt> opts = {opt(OptKind::Global, 0, 1), opt(OptKind::Upcast, 1, 8)};
  std::string o1 =
      compileObject(matmul(M, N, K, opts), "ext", {}, WeightsMode::External, weightsPath);
  std::string o2 = compileObject(matmul(M, N, K, kNoOpts), "emb", bytesOf(w));
  Library lib({o1, o2}, "two");
  std::vector<double> want = matmulReference(a, w, M, N, K);
  for (const char *name : {"ext", "emb"}) {
    INFO(name);
    Model model(lib, name);
    std::vector<float> out(M * N);
    model({a.data()}, {out.data()});
    checkClose(out, want, 1e-5);
  }
  const auto *d = lib.symbol<const picort_model_desc *>("ext_desc");
  CHECK(d->weights == nullptr);
  CHECK(std::string(d->weights_file) == weightsPath);
}

TEST_CASE("x86: the model header compiles as C", "[x86]") {
  Program p = broadcastAdd(3, 4, kNoOpts);
  TargetOptions options;
  options.name = "my-model";
  std::string header;
  llvm::raw_string_ostream os(header);
  writeModelHeader(p, options, os);
  CHECK(header.find("#define my_model_NUM_INPUTS 1") != std::string::npos);
  CHECK(header.find("#define my_model_INPUT_0_NAME \"a\"") != std::string::npos);
  CHECK(header.find("#define my_model_INPUT_0_NUMEL 12") != std::string::npos);
  CHECK(header.find("int32_t my_model_create(const char *weights_path, picort_model **out);") !=
        std::string::npos);
  std::string dir = tempDir();
  std::ofstream(dir + "/my_model.h") << header;
  std::ofstream(dir + "/use.c") << "#include \"my_model.h\"\n"
                                   "int f(void) { return my_model_INPUT_0_RANK + "
                                   "(int)my_model_input_0_shape[1]; }\n";
  std::string cmd = std::string(PICOC_C_COMPILER) + " -std=c11 -Wall -Werror -fsyntax-only -I" +
                    PICOC_RUNTIME_INCLUDE_DIR + " " + dir + "/use.c";
  INFO(cmd);
  CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("x86: every named target compiles", "[x86]") {
  for (const char *target : {"x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4", "znver4"}) {
    INFO(target);
    std::vector<Opt> opts = {opt(OptKind::Global, 0, 1), opt(OptKind::Unroll, 0, 4),
                             opt(OptKind::Upcast, 1, 16), opt(OptKind::Tile, 2, 16)};
    std::string path =
        compileObject(matmul(20, 40, 30, opts), "t_" + modelSymbolName(target),
                      std::vector<char>(30 * 40 * 4 + 40 * 4), WeightsMode::Embed, "", target);
    std::ifstream f(path, std::ios::binary);
    char magic[4] = {};
    f.read(magic, 4);
    CHECK(std::string(magic, 4) == "\x7f"
                                   "ELF");
  }
}

TEST_CASE("x86: supportsKernel rejects what it cannot compile", "[x86]") {
  TargetOptions options;
  options.target = "x86-64-v3";
  std::string error;
  std::unique_ptr<Target> t = createTarget(options, error);
  REQUIRE(t);
  CHECK(t->scheduleTarget().lanes == 8);
  Program p = rowReduce(4, 4, ReduceFn::Sum, kNoOpts);
  Kernel &k = p.kernels[0];
  std::string why;
  CHECK(t->supportsKernel(k, why));
  ExprGraph &g = k.graph;
  // Two reductions over the same axis: a row kernel, which the x86 target renders.
  ExprId sum = k.value;
  k.value = g.binary(Op::Add, sum, g.reduce(ReduceFn::Max, g.load(0, DType::F32, g.var(1))));
  CHECK(k.isRowKernel());
  CHECK(t->supportsKernel(k, why));
  // A reduction variable outside its Reduce is not a kernel.
  k.value = g.binary(Op::Add, sum, g.load(0, DType::F32, g.var(1)));
  CHECK_FALSE(t->supportsKernel(k, why));
  CHECK(why.find("reduction variable") != std::string::npos);
  CHECK_FALSE(createTarget(TargetOptions{"pdp-11"}, error));
}
