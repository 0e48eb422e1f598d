//===- ScheduleTest.cpp - applyOpt and schedules as JSON ------------------------------===//

#include "picoc/Kernel/Schedule.h"

#include <catch2/catch.hpp>

using namespace picoc::kir;

namespace {

// out[m, n] = sum_k a[m, k] * b[k, n] over [8, 64] x [32], f32.
Kernel matmulKernel() {
  Kernel k;
  k.name = "mm";
  k.output = 2;
  k.inputs = {0, 1};
  k.shape = {8, 64};
  k.reduceShape = {32};
  ExprGraph &g = k.graph;
  g.setVarRange(0, 8);
  g.setVarRange(1, 64);
  g.setVarRange(2, 32);
  ExprId a = g.load(0, DType::F32, g.add(g.mulConst(g.var(0), 32), g.var(2)));
  ExprId b = g.load(1, DType::F32, g.add(g.mulConst(g.var(2), 64), g.var(1)));
  k.value = g.reduce(ReduceFn::Sum, g.binary(Op::Mul, a, b));
  return k;
}

ScheduleTarget cpu() { return ScheduleTarget(); }
ScheduleTarget gpu() {
  ScheduleTarget t;
  t.gpu = true;
  return t;
}

} // namespace

TEST_CASE("applyOpt: a CPU schedule, and what it refuses", "[schedule]") {
  Kernel k = matmulKernel();
  std::string why;
  REQUIRE(applyOpt(k, {OptKind::Upcast, 1, 16}, cpu(), why));
  REQUIRE(applyOpt(k, {OptKind::Unroll, 0, 4}, cpu(), why));
  REQUIRE(applyOpt(k, {OptKind::Tile, 2, 8}, cpu(), why));
  REQUIRE(applyOpt(k, {OptKind::Global, 0, 1}, cpu(), why));
  CHECK(k.opts.size() == 4);

  struct Refused {
    Opt opt;
    const char *reason;
  } refused[] = {
      {{OptKind::Upcast, 0, 8}, "already vectorized"},
      {{OptKind::Unroll, 1, 2}, "register tile is already set"},
      {{OptKind::Tile, 1, 65}, "covers the whole axis"},
      {{OptKind::Tile, 2, 4}, "already tiled"},
      {{OptKind::Global, 0, 2}, "launch is already set"},
      {{OptKind::Local, 0, 64}, "a CPU has no thread blocks"},
      {{OptKind::GroupReduce, 0, 32}, "a CPU has no thread blocks"},
      {{OptKind::Tile, 3, 2}, "outside the kernel's 3 axes"},
      {{OptKind::Upcast, 0, 1}, "changes nothing"},
      {{OptKind::Tile, 2, 1}, "changes nothing"}, // a reduction's blocks of one term
  };
  for (const Refused &r : refused) {
    INFO(optKindName(r.opt.kind) << " " << r.opt.axis << " " << r.opt.amount);
    CHECK_FALSE(applyOpt(k, r.opt, cpu(), why));
    CHECK(why.find(r.reason) != std::string::npos);
    CHECK(k.opts.size() == 4); // a refused opt leaves the kernel as it was
  }
}

TEST_CASE("applyOpt: a tile of 1 on an output axis moves its loop out (CPU only)", "[schedule]") {
  Kernel k = matmulKernel();
  std::string why;
  REQUIRE(applyOpt(k, {OptKind::Tile, 1, 1}, cpu(), why));
  CHECK(k.opts.size() == 1);
  Kernel g = matmulKernel(); // a GPU's tiles are thread blocks: at least 2
  CHECK_FALSE(applyOpt(g, {OptKind::Tile, 0, 1}, gpu(), why));
}

TEST_CASE("applyOpt: an output axis may be one tile (the launch takes it whole), a reduction "
          "not", "[schedule]") {
  Kernel k = matmulKernel();
  std::string why;
  CHECK(applyOpt(k, {OptKind::Tile, 0, 8}, cpu(), why));
  CHECK_FALSE(applyOpt(k, {OptKind::Tile, 2, 32}, cpu(), why));
  CHECK(why.find("covers the whole axis") != std::string::npos);
}

TEST_CASE("applyOpt: a whole-tensor sum vectorizes its innermost reduction axis", "[schedule]") {
  Kernel k;
  k.output = 1;
  k.inputs = {0};
  k.reduceShape = {4, 64}; // rank 0: one output
  ExprGraph &g = k.graph;
  g.setVarRange(0, 4);
  g.setVarRange(1, 64);
  k.value = g.reduce(ReduceFn::Sum, g.load(0, DType::F32, g.add(g.mulConst(g.var(0), 64),
                                                                   g.var(1))));
  std::string why;
  CHECK(applyOpt(k, {OptKind::Upcast, 1, 8}, cpu(), why));
  Kernel rows = matmulKernel(); // [8, 64] outputs: not one per row
  CHECK_FALSE(applyOpt(rows, {OptKind::Upcast, 2, 8}, cpu(), why));
  CHECK(why.find("one output per row") != std::string::npos);
}

TEST_CASE("applyOpt: a GPU schedule, and what the CUDA target does not render", "[schedule]") {
  Kernel k = matmulKernel();
  std::string why;
  REQUIRE(applySchedule(k,
                        {{OptKind::GroupReduce, 0, 32}, {OptKind::Local, 0, 8},
                         {OptKind::Global, 0, 2}},
                        gpu(), why));
  CHECK(gpuLaunchOf(k).blockThreads() == 256);
  CHECK(gpuLaunchOf(k).groupSize == 32);

  Kernel fresh = matmulKernel();
  CHECK_FALSE(applyOpt(fresh, {OptKind::Upcast, 1, 4}, gpu(), why));
  CHECK(why.find("upcasts only kernels without a reduction") != std::string::npos);
  // On a GPU a matmul's unroll is its threads' tile (Schedule.h): once per axis, at most 8.
  CHECK(applyOpt(fresh, {OptKind::Unroll, 0, 4}, gpu(), why));
  CHECK_FALSE(applyOpt(fresh, {OptKind::Unroll, 0, 4}, gpu(), why));
  CHECK(why.find("once each") != std::string::npos);
  CHECK_FALSE(applyOpt(fresh, {OptKind::Unroll, 1, 16}, gpu(), why));
  fresh.opts.clear();
  // A kernel that is not a contraction has no GPU tiling.
  Kernel sum = matmulKernel();
  ExprGraph &g = sum.graph;
  sum.value = g.reduce(ReduceFn::Sum, g.node(g.node(sum.value).src[0]).src[0]);
  CHECK_FALSE(applyOpt(sum, {OptKind::Tile, 2, 16}, gpu(), why));
  CHECK(why.find("tiles contractions only") != std::string::npos);
  CHECK_FALSE(applyOpt(fresh, {OptKind::Global, 0, 1}, gpu(), why));
  CHECK(why.find("every output dim") != std::string::npos);
  CHECK_FALSE(applyOpt(fresh, {OptKind::GroupReduce, 0, 24}, gpu(), why));
  CHECK(why.find("power of two") != std::string::npos);
  CHECK_FALSE(applyOpt(fresh, {OptKind::Local, 0, 2048}, gpu(), why));
  CHECK(why.find("exceeds 1024") != std::string::npos);
  // A schedule of 7 threads per block is refused whole; the old schedule stays.
  CHECK_FALSE(applySchedule(k, {{OptKind::Local, 0, 7}, {OptKind::Global, 0, 2}}, gpu(), why));
  CHECK(why.find("whole warps") != std::string::npos);
  CHECK(gpuLaunchOf(k).blockThreads() == 256);
}

TEST_CASE("Schedules print as JSON and parse back", "[schedule]") {
  std::vector<Opt> opts = {{OptKind::Upcast, 1, 16}, {OptKind::Unroll, 0, 6},
                           {OptKind::Tile, 2, 256}, {OptKind::Global, 0, 1},
                           {OptKind::Local, 0, 8},  {OptKind::GroupReduce, 0, 32}};
  std::string json = scheduleToJson(opts);
  CHECK(json.rfind("[{\"kind\": \"upcast\", \"axis\": 1, \"amount\": 16}, ", 0) == 0);
  std::vector<Opt> back;
  std::string error;
  REQUIRE(scheduleFromJson(json, back, error));
  CHECK(back == opts);
  REQUIRE(scheduleFromJson("[]", back, error));
  CHECK(back.empty());
  for (const char *bad : {"", "{}", "[1]", "[{\"kind\": \"spin\", \"axis\": 0, \"amount\": 1}]",
                          "[{\"kind\": \"tile\", \"axis\": 0}]",
                          "[{\"kind\": \"tile\", \"axis\": 0, \"amount\": 2, \"x\": 1}]",
                          "[{\"kind\": \"tile\", \"axis\": 1e99, \"amount\": 2}]"}) {
    INFO(bad);
    CHECK_FALSE(scheduleFromJson(bad, back, error));
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("applyOpt: a row kernel on a CPU takes an upcast of its row and a launch over rows",
          "[schedule]") {
  // Softmax-like rows: sum(x[i, k]) read back at every x[i, j].
  Kernel k = matmulKernel();
  ExprGraph &g = k.graph;
  ExprId row = g.load(0, DType::F32, g.add(g.mulConst(g.var(0), 32), g.var(2)));
  ExprId elem = g.load(0, DType::F32, g.add(g.mulConst(g.var(0), 32), g.var(1)));
  k.value = g.binary(Op::Div, elem, g.reduce(ReduceFn::Sum, row));
  REQUIRE(k.isRowKernel());
  REQUIRE(k.rowDims() == 1);
  std::string why;
  CHECK(applyOpt(k, {OptKind::Upcast, 1, 8}, cpu(), why));
  CHECK_FALSE(applyOpt(k, {OptKind::Unroll, 0, 4}, cpu(), why));
  CHECK(why.find("row kernel") != std::string::npos);
  CHECK_FALSE(applyOpt(k, {OptKind::Global, 0, 2}, cpu(), why));
  CHECK(applyOpt(k, {OptKind::Global, 0, 1}, cpu(), why));
}
