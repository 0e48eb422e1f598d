//===- CudaRenderTest.cpp - the CUDA renderer's kernels compile with NVRTC ------------===//
//
// Builds small kir::Programs by hand (elementwise with a broadcast, a gelu chain, a row
// softmax, a layernorm, a padded load, a matmul with an epilogue, a gather, every op on every
// dtype), renders them as CUDA C and compiles them with NVRTC for sm_80 and sm_90. No GPU is
// needed: NVRTC stops at PTX. Compiled only where the CUDA target is built (PicocCudaTarget
// defines PICOC_HAVE_CUDA_TARGET for what links it).
//
//===---------------------------------------------------------------------------------===//

#ifdef PICOC_HAVE_CUDA_TARGET

#include "CudaRenderer.h"
#include "CudaTarget.h"
#include "Nvrtc.h"
#include "picoc/Kernel/Schedule.h"
#include "picoc/Passes/Passes.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

#include <catch2/catch.hpp>

using namespace picoc;
using namespace picoc::kir;

namespace {

int addBuffer(Program &p, DType t, std::vector<int64_t> shape) {
  Buffer b;
  b.name = "b" + std::to_string(p.buffers.size());
  b.dtype = t;
  b.shape = std::move(shape);
  b.kind = BufferKind::Temp;
  p.buffers.push_back(b);
  return static_cast<int>(p.buffers.size()) - 1;
}

// A kernel whose variables have their ranges set: v0.. over `shape`, then over `reduceShape`.
Kernel &addKernel(Program &p, const std::string &name, int output, std::vector<int> inputs,
                  std::vector<int64_t> shape, std::vector<int64_t> reduceShape = {}) {
  Kernel &k = p.kernels.emplace_back();
  k.name = name;
  k.location = "test/" + name;
  k.output = output;
  k.inputs = std::move(inputs);
  k.shape = std::move(shape);
  k.reduceShape = std::move(reduceShape);
  for (int v = 0; v < k.numVars(); ++v)
    k.graph.setVarRange(v, v < k.rank() ? k.shape[v] : k.reduceShape[v - k.rank()]);
  return k;
}

// The row-major linear index of `index` (one expression per dim) into `dims`.
ExprId linear(ExprGraph &g, const std::vector<ExprId> &index, const std::vector<int64_t> &dims) {
  ExprId sum = g.constInt(0);
  for (size_t i = 0; i < dims.size(); ++i)
    sum = g.add(g.mulConst(sum, dims[i]), index[i]);
  return sum;
}

ExprId f32(ExprGraph &g, double v) { return g.constFloat(v, DType::F32); }

// `k` with the GPU schedule heuristics applied (kernels built here have no schedule).
Kernel scheduled(const Kernel &k) {
  Kernel copy = k;
  ScheduleTarget gpu;
  gpu.gpu = true;
  chooseKernelOpts(copy, gpu);
  return copy;
}

std::string render(const Program &p) {
  Program copy = p;
  for (Kernel &k : copy.kernels)
    k = scheduled(k);
  std::string source, error;
  INFO(error);
  REQUIRE(cuda::renderProgram(copy, source, error));
  return source;
}

// Renders `p` and compiles it for sm_80 and sm_90: no errors, no warnings, every kernel in the PTX.
void requireCompiles(const Program &p) {
  std::string source = render(p);
  for (const char *arch : {"sm_80", "sm_90"}) {
    std::string ptx, log;
    bool ok = cuda::compileWithNvrtc(source, arch, ptx, log);
    INFO(arch << ": " << log << "\n" << source);
    REQUIRE(ok);
    REQUIRE(log.find("error") == std::string::npos);
    CHECK(log.find("warning") == std::string::npos);
    for (const Kernel &k : p.kernels)
      CHECK(ptx.find(".entry " + k.name + "(") != std::string::npos);
  }
}

} // namespace

TEST_CASE("CUDA: elementwise add with a broadcast", "[cuda]") {
  Program p;
  int a = addBuffer(p, DType::F32, {4, 8}), b = addBuffer(p, DType::F32, {8});
  int out = addBuffer(p, DType::F32, {4, 8});
  Kernel &k = addKernel(p, "add_bcast", out, {a, b}, {4, 8});
  ExprGraph &g = k.graph;
  ExprId x = g.load(a, DType::F32, linear(g, {g.var(0), g.var(1)}, {4, 8}));
  ExprId y = g.load(b, DType::F32, g.var(1));
  k.value = g.binary(Op::Add, x, y);

  std::string source = render(p);
  CHECK(source.find("extern \"C\" __global__ void __launch_bounds__(256) add_bcast("
                    "float *__restrict__ out, const float *__restrict__ in0, "
                    "const float *__restrict__ in1)") != std::string::npos);
  CHECK(source.find("// location: test/add_bcast") != std::string::npos);
  cuda::LaunchConfig launch = cuda::launchConfig(scheduled(k));
  CHECK(launch.groupSize == 1);
  CHECK(launch.blockX == 256);
  CHECK(launch.gridX == 1);
  requireCompiles(p);
}

TEST_CASE("CUDA: gelu with erf and tanh", "[cuda]") {
  Program p;
  int x = addBuffer(p, DType::F32, {2, 3, 64}), out = addBuffer(p, DType::F32, {2, 3, 64});
  Kernel &k = addKernel(p, "gelu", out, {x}, {2, 3, 64});
  ExprGraph &g = k.graph;
  ExprId v = g.load(x, DType::F32, linear(g, {g.var(0), g.var(1), g.var(2)}, {2, 3, 64}));
  // 0.5 x (1 + erf(x / sqrt 2)) averaged with 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
  ExprId erfPart = g.binary(Op::Add, f32(g, 1),
                            g.unary(Op::Erf, g.binary(Op::Mul, v, f32(g, 0.70710678))));
  ExprId cube = g.binary(Op::Mul, g.binary(Op::Mul, v, v), v);
  ExprId inner = g.binary(Op::Mul, f32(g, 0.7978845608),
                          g.binary(Op::Add, v, g.binary(Op::Mul, f32(g, 0.044715), cube)));
  ExprId tanhPart = g.binary(Op::Add, f32(g, 1), g.unary(Op::Tanh, inner));
  ExprId halfX = g.binary(Op::Mul, f32(g, 0.5), v);
  k.value = g.binary(Op::Mul, f32(g, 0.5),
                     g.binary(Op::Add, g.binary(Op::Mul, halfX, erfPart),
                              g.binary(Op::Mul, halfX, tanhPart)));
  std::string source = render(p);
  CHECK(source.find("erff(") != std::string::npos);
  CHECK(source.find("tanhf(") != std::string::npos);
  requireCompiles(p);
}

// max_r x[v0, r]; sum_r exp(x[v0, r] - max[v0]); exp(x - max) / sum.
static void addSoftmax(Program &p, int64_t rows, int64_t cols) {
  int x = addBuffer(p, DType::F32, {rows, cols}), out = addBuffer(p, DType::F32, {rows, cols});
  int max = addBuffer(p, DType::F32, {rows}), sum = addBuffer(p, DType::F32, {rows});
  std::string suffix = "_" + std::to_string(cols);
  {
    Kernel &k = addKernel(p, "softmax_max" + suffix, max, {x}, {rows}, {cols});
    ExprGraph &g = k.graph;
    ExprId v = g.load(x, DType::F32, linear(g, {g.var(0), g.var(1)}, {rows, cols}));
    k.value = g.reduce(ReduceFn::Max, v);
  }
  {
    Kernel &k = addKernel(p, "softmax_sum" + suffix, sum, {x, max}, {rows}, {cols});
    ExprGraph &g = k.graph;
    ExprId v = g.load(x, DType::F32, linear(g, {g.var(0), g.var(1)}, {rows, cols}));
    ExprId m = g.load(max, DType::F32, g.var(0));
    k.value = g.reduce(ReduceFn::Sum, g.unary(Op::Exp, g.binary(Op::Sub, v, m)));
  }
  {
    Kernel &k = addKernel(p, "softmax_div" + suffix, out, {x, max, sum}, {rows, cols});
    ExprGraph &g = k.graph;
    ExprId v = g.load(x, DType::F32, linear(g, {g.var(0), g.var(1)}, {rows, cols}));
    ExprId e = g.unary(Op::Exp, g.binary(Op::Sub, v, g.load(max, DType::F32, g.var(0))));
    k.value = g.binary(Op::Div, e, g.load(sum, DType::F32, g.var(0)));
  }
}

TEST_CASE("CUDA: row softmax as three kernels", "[cuda]") {
  Program p;
  addSoftmax(p, 64, 1000); // 128 threads per row: warp shuffles, then shared memory
  addSoftmax(p, 4096, 40); // 8 threads per row: warp shuffles only
  addSoftmax(p, 1 << 16, 4); // one thread per row
  CHECK(cuda::launchConfig(scheduled(p.kernels[0])).groupSize == 128);
  CHECK(cuda::launchConfig(scheduled(p.kernels[3])).groupSize == 8);
  CHECK(cuda::launchConfig(scheduled(p.kernels[6])).groupSize == 1);
  std::string source = render(p);
  CHECK(source.find("__shfl_xor_sync") != std::string::npos);
  CHECK(source.find("__syncthreads()") != std::string::npos);
  CHECK(source.find("picoc_max(") != std::string::npos);
  requireCompiles(p);
}

TEST_CASE("CUDA: layernorm with reductions and epilogues", "[cuda]") {
  const int64_t rows = 32, cols = 768;
  Program p;
  int x = addBuffer(p, DType::F32, {rows, cols}), gamma = addBuffer(p, DType::F32, {cols});
  int beta = addBuffer(p, DType::F32, {cols}), out = addBuffer(p, DType::F32, {rows, cols});
  int mean = addBuffer(p, DType::F32, {rows}), rstd = addBuffer(p, DType::F32, {rows});
  {
    Kernel &k = addKernel(p, "ln_mean", mean, {x}, {rows}, {cols});
    ExprGraph &g = k.graph;
    ExprId v = g.load(x, DType::F32, linear(g, {g.var(0), g.var(1)}, {rows, cols}));
    k.value = g.binary(Op::Mul, g.reduce(ReduceFn::Sum, v), f32(g, 1.0 / cols));
  }
  {
    Kernel &k = addKernel(p, "ln_rstd", rstd, {x, mean}, {rows}, {cols});
    ExprGraph &g = k.graph;
    ExprId v = g.load(x, DType::F32, linear(g, {g.var(0), g.var(1)}, {rows, cols}));
    ExprId d = g.binary(Op::Sub, v, g.load(mean, DType::F32, g.var(0)));
    ExprId var = g.binary(Op::Mul, g.reduce(ReduceFn::Sum, g.binary(Op::Mul, d, d)),
                          f32(g, 1.0 / cols));
    k.value = g.unary(Op::Rsqrt, g.binary(Op::Add, var, f32(g, 1e-5)));
  }
  {
    Kernel &k = addKernel(p, "ln_norm", out, {x, mean, rstd, gamma, beta}, {rows, cols});
    ExprGraph &g = k.graph;
    ExprId v = g.load(x, DType::F32, linear(g, {g.var(0), g.var(1)}, {rows, cols}));
    ExprId n = g.binary(Op::Mul, g.binary(Op::Sub, v, g.load(mean, DType::F32, g.var(0))),
                        g.load(rstd, DType::F32, g.var(0)));
    k.value = g.binary(Op::Add, g.binary(Op::Mul, n, g.load(gamma, DType::F32, g.var(1))),
                       g.load(beta, DType::F32, g.var(1)));
  }
  std::string source = render(p);
  CHECK(source.find("rsqrtf(") != std::string::npos);
  requireCompiles(p);
}

TEST_CASE("CUDA: padded load with a guard", "[cuda]") {
  Program p;
  int x = addBuffer(p, DType::F32, {4, 6}), out = addBuffer(p, DType::F32, {6, 8});
  Kernel &k = addKernel(p, "pad", out, {x}, {6, 8});
  ExprGraph &g = k.graph;
  ExprId i = g.addConst(g.var(0), -1), j = g.addConst(g.var(1), -1);
  ExprId inside = g.constBool(true);
  for (auto [e, extent] : {std::pair{i, int64_t(4)}, std::pair{j, int64_t(6)}}) {
    inside = g.andBool(inside, g.binary(Op::CmpGe, e, g.constInt(0)));
    inside = g.andBool(inside, g.binary(Op::CmpLt, e, g.constInt(extent)));
  }
  k.value = g.load(x, DType::F32, linear(g, {i, j}, {4, 6}), inside);
  std::string source = render(p);
  CHECK(source.find(" ? in0[") != std::string::npos);
  requireCompiles(p);
}

TEST_CASE("CUDA: matmul as a Reduce with a bias and relu epilogue", "[cuda]") {
  for (auto [m, n, kk] : {std::tuple<int64_t, int64_t, int64_t>{64, 64, 64}, {512, 512, 8},
                          {2, 3, 4096}}) {
    Program p;
    int a = addBuffer(p, DType::F32, {m, kk}), b = addBuffer(p, DType::F32, {kk, n});
    int bias = addBuffer(p, DType::F32, {n}), out = addBuffer(p, DType::F32, {m, n});
    Kernel &k = addKernel(p, "matmul", out, {a, b, bias}, {m, n}, {kk});
    ExprGraph &g = k.graph;
    ExprId x = g.load(a, DType::F32, linear(g, {g.var(0), g.var(2)}, {m, kk}));
    ExprId y = g.load(b, DType::F32, linear(g, {g.var(2), g.var(1)}, {kk, n}));
    ExprId dot = g.reduce(ReduceFn::Sum, g.binary(Op::Mul, x, y));
    k.value = g.unary(Op::Relu, g.binary(Op::Add, dot, g.load(bias, DType::F32, g.var(1))));
    INFO(m << "x" << n << "x" << kk << ": " << cuda::launchConfig(scheduled(k)).groupSize
           << " threads per output");
    requireCompiles(p);
  }
}

TEST_CASE("CUDA: gather with integer index arithmetic", "[cuda]") {
  // out[i, j] = table[idx[i] (negative: from the end), j], with out-of-range rows reading 0.
  const int64_t rows = 100, cols = 16, n = 10;
  Program p;
  int table = addBuffer(p, DType::F32, {rows, cols}), idx = addBuffer(p, DType::I64, {n});
  int out = addBuffer(p, DType::F32, {n, cols});
  Kernel &k = addKernel(p, "gather", out, {table, idx}, {n, cols});
  ExprGraph &g = k.graph;
  ExprId raw = g.load(idx, DType::I64, g.var(0));
  ExprId row = g.select(g.binary(Op::CmpLt, raw, g.constInt(0)), g.addConst(raw, rows), raw);
  ExprId ok = g.andBool(g.binary(Op::CmpGe, row, g.constInt(0)),
                        g.binary(Op::CmpLt, row, g.constInt(rows)));
  k.value = g.load(table, DType::F32, linear(g, {row, g.var(1)}, {rows, cols}), ok);
  requireCompiles(p);
}

TEST_CASE("CUDA: every op renders for every dtype where it is defined", "[cuda]") {
  const Op unaryOps[] = {Op::Neg, Op::Abs, Op::Exp, Op::Log, Op::Sqrt, Op::Rsqrt,
                         Op::Recip, Op::Tanh, Op::Erf, Op::Sigmoid, Op::Relu, Op::Sin,
                         Op::Cos, Op::Floor, Op::Ceil, Op::Round, Op::Sign, Op::Not};
  const Op binaryOps[] = {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Pow, Op::Max,
                          Op::Min, Op::Mod, Op::FMod, Op::CmpEq, Op::CmpLt, Op::CmpLe,
                          Op::CmpGt, Op::CmpGe, Op::And, Op::Or, Op::Xor, Op::Shl, Op::Shr};
  const DType types[] = {DType::F32, DType::F64, DType::F16, DType::BF16, DType::I8, DType::U8,
                         DType::I16, DType::U16, DType::I32, DType::U32, DType::I64, DType::U64,
                         DType::Bool};
  for (DType t : types) {
    Program p;
    int a = addBuffer(p, t, {256}), b = addBuffer(p, t, {256});
    int cond = addBuffer(p, DType::Bool, {256}), f = addBuffer(p, DType::F32, {256});
    std::vector<std::string> rendered, rejected;
    auto add = [&](const std::string &name, DType outType, auto build) {
      int out = addBuffer(p, outType, {256});
      Kernel &k = addKernel(p, name + "_" + dtypeName(t), out, {a, b, cond, f}, {256});
      ExprGraph &g = k.graph;
      k.value = build(g, g.load(a, t, g.var(0)), g.load(b, t, g.var(0)));
      std::string why;
      if (cuda::canRenderKernel(scheduled(k), why)) {
        rendered.push_back(name);
      } else {
        rejected.push_back(name);
        p.kernels.pop_back();
      }
    };
    for (Op op : unaryOps)
      add(opName(op), t, [&](ExprGraph &g, ExprId x, ExprId) { return g.unary(op, x); });
    for (Op op : binaryOps) {
      bool compare = op >= Op::CmpEq && op <= Op::CmpGe;
      add(opName(op), compare ? DType::Bool : t,
          [&](ExprGraph &g, ExprId x, ExprId y) { return g.binary(op, x, y); });
    }
    add("Select", t, [&](ExprGraph &g, ExprId x, ExprId y) {
      return g.select(g.load(cond, DType::Bool, g.var(0)), x, y);
    });
    add("CastTo", t, [&](ExprGraph &g, ExprId, ExprId) {
      return g.cast(g.load(f, DType::F32, g.var(0)), t);
    });
    add("CastFrom", DType::F32,
        [&](ExprGraph &g, ExprId x, ExprId) { return g.cast(x, DType::F32); });
    add("CastBool", DType::Bool,
        [&](ExprGraph &g, ExprId x, ExprId) { return g.cast(x, DType::Bool); });

    INFO(dtypeName(t) << ": rejected " << ::Catch::Detail::stringify(rejected));
    if (isFloat(t)) {
      CHECK(rejected == std::vector<std::string>{"Not", "And", "Or", "Xor", "Shl", "Shr"});
    } else if (t == DType::I32 || t == DType::I64) {
      CHECK(rejected == std::vector<std::string>{"Exp", "Log", "Sqrt", "Rsqrt", "Recip", "Tanh",
                                                 "Erf", "Sigmoid", "Sin", "Cos"});
    } else if (t == DType::Bool) {
      CHECK(std::find(rendered.begin(), rendered.end(), "Not") != rendered.end());
      CHECK(std::find(rendered.begin(), rendered.end(), "And") != rendered.end());
      CHECK(std::find(rendered.begin(), rendered.end(), "Add") == rendered.end());
      CHECK(std::find(rendered.begin(), rendered.end(), "Shl") == rendered.end());
    }
    requireCompiles(p);
  }
}

TEST_CASE("CUDA: every reduction function on every dtype where it is defined", "[cuda]") {
  Program p;
  for (DType t : {DType::F32, DType::F64, DType::I32, DType::I64, DType::U8, DType::Bool}) {
    int x = addBuffer(p, t, {16, 300});
    for (ReduceFn fn : {ReduceFn::Sum, ReduceFn::Prod, ReduceFn::Max, ReduceFn::Min}) {
      int out = addBuffer(p, t, {16});
      Kernel &k = addKernel(p, std::string("reduce_") + reduceFnName(fn) + "_" + dtypeName(t),
                            out, {x}, {16}, {300});
      ExprGraph &g = k.graph;
      k.value = g.reduce(fn, g.load(x, t, linear(g, {g.var(0), g.var(1)}, {16, 300})));
      std::string why;
      bool expected = t != DType::Bool || fn == ReduceFn::Max || fn == ReduceFn::Min;
      CHECK(cuda::canRenderKernel(scheduled(k), why) == expected);
      if (!expected)
        p.kernels.pop_back();
    }
  }
  // A whole-tensor sum into a scalar: one block of 1024 threads.
  int x = addBuffer(p, DType::F32, {1024, 1024}), out = addBuffer(p, DType::F32, {});
  Kernel &k = addKernel(p, "sum_all", out, {x}, {}, {1024, 1024});
  ExprGraph &g = k.graph;
  k.value = g.reduce(ReduceFn::Sum, g.load(x, DType::F32, linear(g, {g.var(0), g.var(1)},
                                                                    {1024, 1024})));
  cuda::LaunchConfig launch = cuda::launchConfig(scheduled(k));
  CHECK(launch.groupSize == 1024);
  CHECK(launch.blockX == 1024);
  CHECK(launch.gridX == 1);
  requireCompiles(p);
}

// Softmax rows as one row kernel: max(x), then sum(exp(x - max)) reading the max, then the
// division along the row. Rows of 4096 are held in registers (upcast), 16 elements per thread;
// rows of 100 000 are too long for that and read again for each pass. Both compile.
TEST_CASE("CUDA: row kernels with two reduces", "[cuda]") {
  for (int64_t n : {int64_t(4096), int64_t(100000)}) {
    Program p;
    int x = addBuffer(p, DType::F32, {4, n});
    int out = addBuffer(p, DType::F32, {4, n});
    Kernel &k = addKernel(p, "softmax_rows", out, {x}, {4, n}, {n});
    ExprGraph &g = k.graph;
    ExprId xr = g.load(x, DType::F32, linear(g, {g.var(0), g.var(2)}, {4, n}));
    ExprId xe = g.load(x, DType::F32, linear(g, {g.var(0), g.var(1)}, {4, n}));
    ExprId max = g.reduce(ReduceFn::Max, xr);
    ExprId sum = g.reduce(ReduceFn::Sum, g.unary(Op::Exp, g.binary(Op::Sub, xr, max)));
    k.value = g.binary(Op::Div, g.unary(Op::Exp, g.binary(Op::Sub, xe, max)), sum);
    REQUIRE(k.isRowKernel());
    CHECK(k.rowDims() == 1);
    k = scheduled(k);
    INFO(k.str());
    cuda::LaunchConfig launch = cuda::launchConfig(k);
    CHECK(launch.groupSize == (n == 4096 ? 256 : 1024));
    CHECK(launch.perThread == (n == 4096 ? 16 : 1));
    CHECK(launch.gridX == 4); // one row per block
    std::string source = render(p);
    CHECK((source.find("cache0[s] = ") != std::string::npos) == (n == 4096));
    requireCompiles(p);
  }
}

// A batched matmul with a bias, [3, 100, 72] x [72, 2800]: a contraction tiled through shared
// memory (220 tiles of 64 x 64 outputs, one per block of 128 threads, 16 terms per stage), its
// batch dim on the A side; the tiles' edges are off every tile size. Renders and compiles without warnings.
TEST_CASE("CUDA: tiled contractions", "[cuda]") {
  Program p;
  int a = addBuffer(p, DType::F32, {3, 100, 72});
  int b = addBuffer(p, DType::F32, {72, 2800});
  int bias = addBuffer(p, DType::F32, {2800});
  int out = addBuffer(p, DType::F32, {3, 100, 2800});
  Kernel &k = addKernel(p, "matmul_bias", out, {a, b, bias}, {3, 100, 2800}, {72});
  ExprGraph &g = k.graph;
  ExprId av = g.load(a, DType::F32, linear(g, {g.var(0), g.var(1), g.var(3)}, {3, 100, 72}));
  ExprId bv = g.load(b, DType::F32, linear(g, {g.var(3), g.var(2)}, {72, 2800}));
  ExprId sum = g.reduce(ReduceFn::Sum, g.binary(Op::Mul, av, bv));
  k.value = g.binary(Op::Add, sum, g.load(bias, DType::F32, g.var(2)));
  std::optional<Contraction> c = contractionOf(k);
  REQUIRE(c);
  CHECK(c->aDims == std::vector<int>{0, 1});
  CHECK(c->bDims == std::vector<int>{2});
  CHECK((c->m == 300 && c->n == 2800 && c->k == 72));
  k = scheduled(k);
  INFO(k.str());
  cuda::LaunchConfig launch = cuda::launchConfig(k);
  CHECK(launch.tiled);
  CHECK(launch.blockX == 128); // 8 x 4 outputs a thread
  CHECK(launch.gridX == 5 * 44); // ceil(300 / 64) x ceil(2800 / 64) tiles
  // Three slots of A stored [row][k] (contiguous along the reduction; pitch 16 + 4) and of B
  // stored [k][row] (pitch 64 + 4): 3 x (64 x 20 + 16 x 68) floats.
  CHECK(launch.sharedBytes == 3 * (64 * 20 + 16 * 68) * 4);
  std::string source = render(p);
  CHECK(source.find("float *const As = reinterpret_cast<float *>(picoc_shared); // "
                    "[kStages][kBM][20]") != std::string::npos);
  // B, one load with an affine index, is copied asynchronously: 16 bytes a copy where its
  // pointer is aligned, else 4. So is A, whose rows span two dims of one affine run (row
  // stride 72, the batch's 7200 = 100 x 72).
  CHECK(source.find("const bool BsAligned = reinterpret_cast<unsigned long long>(in1) % 16 == "
                    "0;") != std::string::npos);
  CHECK(source.find("picoc_cp_async16(&Bs[slot * 1088 + (kk) * 68 + row], in1 + ((BsBase + "
                    "at * 1LL + r * 2800LL) & -(long long)inside), inside);") != std::string::npos);
  CHECK(source.find("picoc_cp_async4(&Bs[slot * 1088 + (kk) * 68 + row], in1 + ((BsBase + "
                    "at * 1LL + r * 2800LL) & -(long long)inside), inside);") != std::string::npos);
  CHECK(source.find("picoc_cp_async16(&As[slot * 1280 + (row) * 20 + kk], in0 + ((AsBase + "
                    "at * 72LL + r * 1LL) & -(long long)inside), inside);") != std::string::npos);
  requireCompiles(p);

  // An opt that does not fit a GPU tiling is refused with a reason.
  std::string why;
  ScheduleTarget gpu;
  gpu.gpu = true;
  Kernel copy = k;
  copy.opts.clear();
  CHECK_FALSE(applyOpt(copy, {OptKind::Tile, 3, 64}, gpu, why));
  CHECK(why.find("tile(0, BM)") != std::string::npos);
  CHECK_FALSE(applyOpt(copy, {OptKind::Unroll, 0, 16}, gpu, why));

  // Another block size: the launch takes the schedule's threads (picoc-tune found 128- and
  // 512-thread tilings launched with 256 threads, which left outputs unwritten).
  Kernel half = k;
  REQUIRE(applySchedule(half,
                        {{OptKind::Tile, 0, 32}, {OptKind::Tile, 1, 64}, {OptKind::Tile, 2, 16},
                         {OptKind::Unroll, 0, 4}, {OptKind::Unroll, 1, 4},
                         {OptKind::Local, 0, 128}, {OptKind::Global, 0, 3}},
                        gpu, why));
  CHECK(cuda::launchConfig(half).blockX == 128);
  CHECK(cuda::launchConfig(half).gridX == 10 * 44);
}

TEST_CASE("CUDA: kernels the renderer rejects say why", "[cuda]") {
  Program p;
  int x = addBuffer(p, DType::F32, {8, 8});
  int out = addBuffer(p, DType::F32, {8});
  std::string why;
  {
    Kernel &k = addKernel(p, "loose_rvar", out, {x}, {8}, {8});
    ExprGraph &g = k.graph;
    ExprId v = g.load(x, DType::F32, linear(g, {g.var(0), g.var(1)}, {8, 8}));
    k.value = g.binary(Op::Add, g.reduce(ReduceFn::Sum, v), v);
    CHECK_FALSE(cuda::canRenderKernel(scheduled(k), why));
    CHECK(why.find("outside the Reduce") != std::string::npos);
  }
  {
    // Nor along a row kernel's row.
    int wide = addBuffer(p, DType::F32, {8, 8});
    Kernel &k = addKernel(p, "rvar_along_row", wide, {x}, {8, 8}, {8});
    ExprGraph &g = k.graph;
    ExprId row = g.load(x, DType::F32, linear(g, {g.var(0), g.var(2)}, {8, 8}));
    ExprId mixed = g.load(x, DType::F32, linear(g, {g.var(1), g.var(2)}, {8, 8}));
    k.value = g.binary(Op::Add, g.reduce(ReduceFn::Sum, row), mixed);
    CHECK_FALSE(cuda::canRenderKernel(scheduled(k), why));
    CHECK(why.find("outside the Reduce") != std::string::npos);
  }
  {
    Kernel &k = addKernel(p, "not_an_input", out, {}, {8});
    k.value = k.graph.load(x, DType::F32, k.graph.var(0));
    CHECK_FALSE(cuda::canRenderKernel(scheduled(k), why));
    CHECK(why.find("not a kernel input") != std::string::npos);
  }
}

TEST_CASE("CUDA: target names, --emit=cuda and --emit=ptx text, and the object", "[cuda]") {
  std::string error;
  for (const char *name : {"sm_80", "sm_86", "sm_89", "sm_90", "sm_90a", "sm_80,sm_90"}) {
    TargetOptions options;
    options.target = name;
    std::unique_ptr<Target> target = createCudaTarget(options, error);
    INFO(name << ": " << error);
    REQUIRE(target);
    CHECK(target->name() == name);
    CHECK(target->scheduleTarget().gpu);
    // Warpgroup MMA where every cubin is Hopper's: sm_90's cubin is compiled as sm_90a's.
    const std::string list = name;
    CHECK(target->scheduleTarget().wgmma == (list == "sm_90" || list == "sm_90a"));
  }
  for (const char *name : {"sm_75", "sm_", "sm_8x", "compute_80", "x86-64", "sm_99", "sm_80,",
                           "sm_80,sm_80", "sm_80,sm_75", "sm_80;sm_90"}) {
    TargetOptions options;
    options.target = name;
    CHECK_FALSE(createCudaTarget(options, error));
    CHECK_FALSE(error.empty());
  }

  TargetOptions options;
  options.target = "sm_80";
  std::unique_ptr<Target> target = createCudaTarget(options, error);
  REQUIRE(target);
  Program p;
  int x = addBuffer(p, DType::F32, {16}), out = addBuffer(p, DType::F32, {16});
  Kernel &k = addKernel(p, "relu", out, {x}, {16});
  k.value = k.graph.unary(Op::Relu, k.graph.load(x, DType::F32, k.graph.var(0)));
  CHECK_FALSE(target->supportsKernel(k, error)); // no schedule yet
  CHECK(target->supportsKernel(k = scheduled(k), error));

  std::string text;
  llvm::raw_string_ostream os(text);
  REQUIRE(target->emitText(p, Target::TextForm::Source, os, error));
  os.flush();
  CHECK(text.find("compute_XY") != std::string::npos);
  CHECK(text.find("void __launch_bounds__(256) relu(") != std::string::npos);

  std::string ptx;
  llvm::raw_string_ostream ptxStream(ptx);
  REQUIRE(target->emitText(p, Target::TextForm::Assembly, ptxStream, error));
  ptxStream.flush();
  CHECK(ptx.find(".target sm_80") != std::string::npos);
  CHECK(ptx.find(".entry relu(") != std::string::npos);

  // The object: an x86-64 ELF file holding the cubin (an ELF image itself) and the plan.
  llvm::SmallString<0> object;
  llvm::raw_svector_ostream objectStream(object);
  REQUIRE(target->emitObject(p, {}, objectStream, error));
  std::string bytes(object.begin(), object.end());
  CHECK(bytes.rfind("\x7f" "ELF", 0) == 0);
  CHECK(bytes.find("\x7f" "ELF", 4) != std::string::npos); // the embedded cubin
  CHECK(bytes.find(".target sm_80") != std::string::npos);   // the PTX for later GPUs
}

TEST_CASE("CUDA: a GEMV over W [k, n] runs its lanes along the outputs", "[cuda]") {
  Program p;
  int x = addBuffer(p, DType::F32, {1, 256}), w = addBuffer(p, DType::F32, {256, 512});
  int out = addBuffer(p, DType::F32, {1, 512});
  Kernel &k = addKernel(p, "gemv", out, {x, w}, {1, 512}, {256});
  ExprGraph &g = k.graph;
  ExprId a = g.load(x, DType::F32, g.var(2));
  ExprId b = g.load(w, DType::F32, linear(g, {g.var(2), g.var(1)}, {256, 512}));
  k.value = g.reduce(ReduceFn::Sum, g.binary(Op::Mul, a, b));
  cuda::LaunchConfig launch = cuda::launchConfig(scheduled(k));
  CHECK(launch.strided);
  CHECK(launch.groupSize == 32);
  CHECK(launch.blockX == 1024);
  std::string source = render(p);
  CHECK(source.find("const int group = threadIdx.x % kGroups;") != std::string::npos);
  requireCompiles(p);
}

TEST_CASE("CUDA: a large elementwise kernel computes several elements per thread", "[cuda]") {
  Program p;
  const int64_t n = int64_t(1) << 22;
  int x = addBuffer(p, DType::F32, {n}), out = addBuffer(p, DType::F32, {n});
  Kernel &k = addKernel(p, "big_tanh", out, {x}, {n});
  k.value = k.graph.unary(Op::Tanh, k.graph.load(x, DType::F32, k.graph.var(0)));
  cuda::LaunchConfig launch = cuda::launchConfig(scheduled(k));
  CHECK(launch.perThread == 4);
  CHECK(launch.gridX == n / (256 * 4));
  std::string source = render(p);
  CHECK(source.find("const long long o = first + (long long)u * 256;") != std::string::npos);
  CHECK(source.find("o < n; o +=") == std::string::npos); // whole tiles only: no tail loop
  requireCompiles(p);

  // A size that leaves a partial tile gets a tail loop after the whole tiles.
  Program q;
  const int64_t m = n + 100;
  int y = addBuffer(q, DType::F32, {m}), out2 = addBuffer(q, DType::F32, {m});
  Kernel &t = addKernel(q, "big_tanh_tail", out2, {y}, {m});
  t.value = t.graph.unary(Op::Tanh, t.graph.load(y, DType::F32, t.graph.var(0)));
  std::string tail = render(q);
  CHECK(tail.find("first < " + std::to_string(n) + "LL;") != std::string::npos);
  CHECK(tail.find("for (long long o = " + std::to_string(n) + "LL + ") != std::string::npos);
  requireCompiles(q);
}

TEST_CASE("CUDA: tensor cores take a tiled contraction at tf32 and tf32x3", "[cuda]") {
  Program p;
  int a = addBuffer(p, DType::F32, {3, 100, 72});
  int b = addBuffer(p, DType::F32, {72, 2800});
  int out = addBuffer(p, DType::F32, {3, 100, 2800});
  Kernel &k = addKernel(p, "matmul", out, {a, b}, {3, 100, 2800}, {72});
  ExprGraph &g = k.graph;
  ExprId av = g.load(a, DType::F32, linear(g, {g.var(0), g.var(1), g.var(3)}, {3, 100, 72}));
  ExprId bv = g.load(b, DType::F32, linear(g, {g.var(3), g.var(2)}, {72, 2800}));
  k.value = g.reduce(ReduceFn::Sum, g.binary(Op::Mul, av, bv));
  for (Precision precision : {Precision::TF32, Precision::TF32x3}) {
    ScheduleTarget gpu;
    gpu.gpu = true;
    gpu.precision = precision;
    Program q = p;
    chooseKernelOpts(q.kernels[0], gpu);
    INFO(q.kernels[0].str());
    GpuLaunch l = gpuLaunchOf(q.kernels[0]);
    CHECK(l.mmaProducts == (precision == Precision::TF32 ? 1 : 3));
    std::string source, error;
    REQUIRE(cuda::renderProgram(q, source, error));
    CHECK(source.find("picoc_mma_tf32(acc[i][j], a[i], b[j]);") != std::string::npos);
    CHECK((source.find("picoc_mma_tf32(acc[i][j], ar[i], b[j]);") != std::string::npos) ==
          (precision == Precision::TF32x3));
    for (const char *arch : {"sm_80", "sm_90"}) {
      std::string ptx, log;
      INFO(arch << ": " << log);
      REQUIRE(cuda::compileWithNvrtc(source, arch, ptx, log));
      CHECK(log.find("warning") == std::string::npos);
      CHECK(ptx.find("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32") != std::string::npos);
      CHECK(ptx.find("cp.async.cg.shared.global") != std::string::npos); // B's stages
    }
  }

  // Tensor cores only where the precision allows them, on f32 contractions.
  std::string why;
  ScheduleTarget fp32;
  fp32.gpu = true;
  Kernel copy = k;
  CHECK_FALSE(applyOpt(copy, {OptKind::Mma, 0, 1}, fp32, why));
  CHECK(why.find("--precision=tf32") != std::string::npos);
  ScheduleTarget x3 = fp32;
  x3.precision = Precision::TF32x3;
  CHECK_FALSE(applyOpt(copy, {OptKind::Mma, 0, 1}, x3, why)); // would lose tf32x3's accuracy
  CHECK(applyOpt(copy, {OptKind::Mma, 0, 3}, x3, why));
  ScheduleTarget cpu;
  cpu.precision = Precision::TF32;
  Kernel onCpu = k;
  CHECK_FALSE(applyOpt(onCpu, {OptKind::Mma, 0, 1}, cpu, why));
}

TEST_CASE("CUDA: warpgroup MMA on sm_90a, mma.sync in the same kernel's other images",
          "[cuda]") {
  // [2000, 300] x W: W stored [n][k] (a Gemm's transB) or [k][n] (a MatMul's). A, stored
  // along k, is the wgmma's N (by descriptor); so is W where it is stored along k, else W's
  // fragments go through registers.
  for (bool bAlongK : {true, false}) {
    Program p;
    int a = addBuffer(p, DType::F32, {2000, 300});
    int b = addBuffer(p, DType::F32, bAlongK ? std::vector<int64_t>{1100, 300}
                                             : std::vector<int64_t>{300, 1100});
    int out = addBuffer(p, DType::F32, {2000, 1100});
    Kernel &k = addKernel(p, "matmul", out, {a, b}, {2000, 1100}, {300});
    ExprGraph &g = k.graph;
    ExprId av = g.load(a, DType::F32, linear(g, {g.var(0), g.var(2)}, {2000, 300}));
    ExprId bv = g.load(b, DType::F32,
                       bAlongK ? linear(g, {g.var(1), g.var(2)}, {1100, 300})
                               : linear(g, {g.var(2), g.var(1)}, {300, 1100}));
    k.value = g.reduce(ReduceFn::Sum, g.binary(Op::Mul, av, bv));
    ScheduleTarget sm90a;
    sm90a.gpu = true;
    sm90a.wgmma = true;
    sm90a.precision = Precision::TF32;
    Program q = p;
    chooseKernelOpts(q.kernels[0], sm90a);
    INFO(q.kernels[0].str());
    GpuLaunch l = gpuLaunchOf(q.kernels[0]);
    // Where only A is read by descriptor it is the wgmma's N, 256 of its rows (72 tiles: one
    // wave of 132 multiprocessors, where 128 of them would take two). Where both are, W's
    // 1100 rows as 7 tiles of 160 (112 tiles by A's 128-row ones, one wave) take less time
    // at 160's rate than A's 256 (wgmmaTileCost).
    const int side = bAlongK ? 1 : 0;
    const int64_t width = bAlongK ? 160 : 256;
    const std::string n = "n" + std::to_string(width);
    CHECK(l.wgmmaShared == side);
    CHECK(l.tile[side] == width);
    CHECK(cuda::launchConfig(q.kernels[0]).blockX == 256);
    std::string source, error;
    REQUIRE(cuda::renderProgram(q, source, error));
    const std::string rows = bAlongK ? "rows + kk / 8 * 2" : "frag[kk / 8]";
    CHECK(source.find("picoc_wgmma_tf32_" + n + "(acc, " + rows + ", columns + kk / 8 * 2);") !=
          std::string::npos);
    CHECK(source.find("picoc_cp_async16(&Bs") != std::string::npos);
    CHECK(source.find("picoc_cp_async16(&As") != std::string::npos);
    // sm_90a's image issues wgmma; compute_90's (the PTX for newer GPUs) mma.sync.
    for (const char *arch : {"sm_90a", "sm_90"}) {
      std::string ptx, log;
      INFO(arch << ": " << log);
      REQUIRE(cuda::compileWithNvrtc(source, arch, ptx, log));
      const bool wgmma = std::string(arch) == "sm_90a";
      CHECK((ptx.find("wgmma.mma_async.sync.aligned.m64" + n + "k8.f32.tf32.tf32") !=
             std::string::npos) == wgmma);
      CHECK((ptx.find("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32") !=
             std::string::npos) == !wgmma);
    }
  }

  // Only where every cubin is sm_90a's (ScheduleTarget::wgmma), after mma(0, 1).
  Program p;
  int a = addBuffer(p, DType::F32, {256, 64}), b = addBuffer(p, DType::F32, {64, 256});
  int out = addBuffer(p, DType::F32, {256, 256});
  Kernel &k = addKernel(p, "matmul", out, {a, b}, {256, 256}, {64});
  ExprGraph &g = k.graph;
  k.value = g.reduce(
      ReduceFn::Sum,
      g.binary(Op::Mul, g.load(a, DType::F32, linear(g, {g.var(0), g.var(2)}, {256, 64})),
               g.load(b, DType::F32, linear(g, {g.var(2), g.var(1)}, {64, 256}))));
  std::string why;
  ScheduleTarget sm80;
  sm80.gpu = true;
  sm80.precision = Precision::TF32;
  Kernel copy = k;
  REQUIRE(applyOpt(copy, {OptKind::Mma, 0, 1}, sm80, why));
  CHECK_FALSE(applyOpt(copy, {OptKind::Wgmma, 1, 1}, sm80, why));
  CHECK(why.find("sm_90a") != std::string::npos);
  ScheduleTarget sm90a = sm80;
  sm90a.wgmma = true;
  Kernel bare = k;
  CHECK_FALSE(applyOpt(bare, {OptKind::Wgmma, 1, 1}, sm90a, why));
  CHECK(applyOpt(copy, {OptKind::Wgmma, 1, 1}, sm90a, why));
}

TEST_CASE("CUDA: a transpose goes through shared memory in 32 x 32 tiles", "[cuda]") {
  // out[b, j, i] = x[b, i, j] + 1 over [3, 45, 70] (partial tiles on both tiled dims): x is
  // contiguous along output dim 1, the output along dim 2.
  Program p;
  int x = addBuffer(p, DType::F32, {3, 70, 45}), out = addBuffer(p, DType::F32, {3, 45, 70});
  Kernel &k = addKernel(p, "transpose", out, {x}, {3, 45, 70});
  ExprGraph &g = k.graph;
  ExprId v = g.load(x, DType::F32, linear(g, {g.var(0), g.var(2), g.var(1)}, {3, 70, 45}));
  k.value = g.binary(Op::Add, v, f32(g, 1.0));
  Kernel s = scheduled(k);
  INFO(s.str());
  cuda::LaunchConfig launch = cuda::launchConfig(s);
  CHECK(launch.transposeAxis == 1);
  CHECK(launch.blockX == 256);
  CHECK(launch.gridX == 3 * 2 * 3); // 3 x ceil(45 / 32) x ceil(70 / 32) tiles
  std::string source = render(p);
  CHECK(source.find("__shared__ float tile[kT][kT + 1];") != std::string::npos);
  requireCompiles(p);

  // The tile must be of a dim other than the last, once, 32 wide, with no upcast.
  std::string why;
  ScheduleTarget gpu;
  gpu.gpu = true;
  Kernel copy = k;
  CHECK_FALSE(applyOpt(copy, {OptKind::Tile, 2, 32}, gpu, why));
  CHECK(why.find("a < rank - 1") != std::string::npos);
  CHECK_FALSE(applyOpt(copy, {OptKind::Tile, 1, 16}, gpu, why));
  REQUIRE(applyOpt(copy, {OptKind::Tile, 1, 32}, gpu, why));
  CHECK_FALSE(applyOpt(copy, {OptKind::Upcast, 2, 4}, gpu, why));

  // An operand contiguous along the output's last dim needs no transpose.
  Kernel &plain = addKernel(p, "plain", out, {x}, {3, 45, 70});
  plain.value = plain.graph.load(
      x, DType::F32, linear(plain.graph, {plain.graph.var(0), plain.graph.var(1),
                                          plain.graph.var(2)}, {3, 45, 70}));
  CHECK(cuda::launchConfig(scheduled(plain)).transposeAxis == -1);
}

#endif // PICOC_HAVE_CUDA_TARGET
