//===- TuningTest.cpp - tuning keys, the tuning database, applying it ----------------===//

#include "picoc/Kernel/Tuning.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

using namespace picoc::kir;

namespace {

// out[m, n] = sum_k a[m, k] * b[k, n] over [m, n] x [k], f32, reading buffers `a`, `b` into `out`.
Kernel matmul(int a, int b, int out, int64_t m, int64_t n, int64_t k, const std::string &name) {
  Kernel kernel;
  kernel.name = name;
  kernel.location = "node_" + name;
  kernel.output = out;
  kernel.inputs = {a, b};
  kernel.shape = {m, n};
  kernel.reduceShape = {k};
  ExprGraph &g = kernel.graph;
  g.setVarRange(0, m);
  g.setVarRange(1, n);
  g.setVarRange(2, k);
  ExprId x = g.load(a, DType::F32, g.add(g.mulConst(g.var(0), k), g.var(2)));
  ExprId y = g.load(b, DType::F32, g.add(g.mulConst(g.var(2), n), g.var(1)));
  kernel.value = g.reduce(ReduceFn::Sum, g.binary(Op::Mul, x, y));
  return kernel;
}

Buffer buffer(const std::string &name, std::vector<int64_t> shape, BufferKind kind) {
  Buffer b;
  b.name = name;
  b.dtype = DType::F32;
  b.shape = std::move(shape);
  b.kind = kind;
  return b;
}

// Two matmuls of one shape, on different buffers and names, and one of another shape.
Program program() {
  Program p;
  p.buffers = {buffer("a", {8, 32}, BufferKind::Input), buffer("w1", {32, 64}, BufferKind::Weight),
               buffer("t", {8, 64}, BufferKind::Temp), buffer("w2", {32, 64}, BufferKind::Weight),
               buffer("a2", {8, 32}, BufferKind::Temp), buffer("w3", {32, 128}, BufferKind::Weight),
               buffer("y", {8, 128}, BufferKind::Output)};
  p.buffers[4].kind = BufferKind::Input;
  p.kernels = {matmul(0, 1, 2, 8, 64, 32, "first"), matmul(4, 3, 2, 8, 64, 32, "second"),
               matmul(0, 5, 6, 8, 128, 32, "wide")};
  return p;
}

std::string temp(const std::string &name) {
  return std::string(P_tmpdir) + "/picoc-tuning-test-" + name;
}

} // namespace

TEST_CASE("tuningKey: the same structure gives the same key, whatever names, ids and schedule",
          "[tuning]") {
  Program p = program();
  std::string first = tuningKey(p.kernels[0], p.buffers);
  CHECK(first.size() == 16);
  CHECK(tuningKey(p.kernels[1], p.buffers) == first);
  CHECK(tuningKey(p.kernels[2], p.buffers) != first);
  // Stable: a kernel built again, and one with a schedule, keep the key.
  Program again = program();
  std::string why;
  REQUIRE(applyOpt(again.kernels[0], {OptKind::Upcast, 1, 16}, ScheduleTarget(), why));
  CHECK(tuningKey(again.kernels[0], again.buffers) == first);
  // A shape change is another kernel.
  Program other = program();
  other.kernels[0] = matmul(0, 1, 2, 8, 64, 16, "first");
  CHECK(tuningKey(other.kernels[0], other.buffers) != first);
}

TEST_CASE("TuningDb: saves, loads, merges keeping the faster entry", "[tuning]") {
  TuningDb db;
  TuningEntry e{"0123456789abcdef", "znver3", "fp32", {{OptKind::Upcast, 1, 16}}, 10.0, 12.0,
                "k1 (MatMul_0)", "2026-12-01", "test"};
  db.add(e);
  TuningEntry slower = e;
  slower.timeUs = 11.0;
  slower.schedule = {{OptKind::Upcast, 1, 8}};
  db.add(slower);
  REQUIRE(db.size() == 1);
  CHECK(db.find(e.key, "znver3", "fp32")->schedule == e.schedule);
  CHECK(db.find(e.key, "znver4", "fp32") == nullptr);
  CHECK(db.find(e.key, "znver3", "tf32") == nullptr);
  db.addMeasurement({e.key, "znver3", "fp32", e.schedule, {1, 2.5}, 10.0});

  std::string path = temp("db.json"), error;
  REQUIRE(db.save(path, error));
  TuningDb entriesOnly, loaded;
  REQUIRE(entriesOnly.load(path, error)); // a compile's load: the entries alone
  CHECK(entriesOnly.size() == 1);
  CHECK(entriesOnly.measurements().empty());
  REQUIRE(loaded.load(path, error, /*measurements=*/true));
  REQUIRE(loaded.size() == 1);
  CHECK(loaded.find(e.key, "znver3", "fp32")->timeUs == 10.0);
  CHECK(loaded.find(e.key, "znver3", "fp32")->heuristicUs == 12.0);
  REQUIRE(loaded.measurements().size() == 1);
  CHECK(loaded.measurements()[0].features == std::vector<double>{1, 2.5});
  CHECK(TuningDb::measurementsPath("a/tuning.json") == "a/tuning.measurements.json");

  TuningDb faster;
  TuningEntry best = e;
  best.timeUs = 8.0;
  best.schedule = {{OptKind::Upcast, 1, 32}};
  faster.add(best);
  faster.add({"fedcba9876543210", "znver3", "fp32", {}, 3.0, 3.0, "", "", ""});
  loaded.merge(faster);
  CHECK(loaded.size() == 2);
  CHECK(loaded.find(e.key, "znver3", "fp32")->schedule == best.schedule);
  std::remove(path.c_str());
  std::remove(TuningDb::measurementsPath(path).c_str());
}

TEST_CASE("TuningDb: a corrupt or foreign file is a clear error", "[tuning]") {
  struct Bad {
    const char *text, *reason;
  } bad[] = {
      {"{\"version\": 1, \"entries\": [", "not valid JSON"},
      {"[1, 2, 3]", "expected {\"version\": 1"},
      {"{\"version\": 2, \"entries\": []}", "expected {\"version\": 1"},
      {"{\"version\": 1, \"entries\": [{\"key\": \"k\"}]}", "a record needs"},
      {"{\"version\": 1, \"entries\": [{\"key\": \"k\", \"target\": \"t\", \"precision\": "
       "\"fp16\", \"schedule\": [], \"time_us\": 1}]}",
       "unknown precision"},
      {"{\"version\": 1, \"entries\": [{\"key\": \"k\", \"target\": \"t\", \"precision\": "
       "\"fp32\", \"schedule\": [{\"kind\": \"spin\", \"axis\": 0, \"amount\": 2}], "
       "\"time_us\": 1}]}",
       "unknown kind"},
  };
  std::string path = temp("bad.json");
  for (const Bad &b : bad) {
    std::ofstream(path) << b.text;
    TuningDb db;
    std::string error;
    CHECK_FALSE(db.load(path, error));
    CHECK_THAT(error, Catch::Contains(path) && Catch::Contains(b.reason));
  }
  std::remove(path.c_str());
  TuningDb db;
  std::string error;
  CHECK_FALSE(db.load(temp("missing.json"), error));
  CHECK_THAT(error, Catch::Contains("cannot read"));
}

TEST_CASE("applyTuning: recorded schedules apply; one that no longer fits warns", "[tuning]") {
  Program p = program();
  std::string why;
  for (Kernel &k : p.kernels)
    REQUIRE(applyOpt(k, {OptKind::Upcast, 1, 8}, ScheduleTarget(), why));
  TuningDb db;
  std::string small = tuningKey(p.kernels[0], p.buffers), wide = tuningKey(p.kernels[2], p.buffers);
  db.add({small, "znver3", "fp32", {{OptKind::Upcast, 1, 16}, {OptKind::Global, 0, 1}}, 1, 2, "", "", ""});
  // Tiling an axis of 8 by 9 runs past it: applyOpt refuses it.
  db.add({wide, "znver3", "fp32", {{OptKind::Tile, 0, 9}}, 1, 2, "", "", ""});
  std::vector<std::string> warnings;
  auto supports = [](const Kernel &, std::string &) { return true; };
  int applied = applyTuning(p, db, "znver3", Precision::FP32, ScheduleTarget(), supports,
                            [&](const std::string &w) { warnings.push_back(w); });
  CHECK(applied == 2); // both kernels of the first structure
  CHECK(p.kernels[0].opts == std::vector<Opt>{{OptKind::Upcast, 1, 16}, {OptKind::Global, 0, 1}});
  CHECK(p.kernels[1].opts == p.kernels[0].opts);
  CHECK(p.kernels[2].opts == std::vector<Opt>{{OptKind::Upcast, 1, 8}});
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], Catch::Contains("kernel wide") && Catch::Contains("no longer applies") &&
                              Catch::Contains("covers the whole axis"));
  // Another target or precision takes nothing.
  Program untouched = program();
  CHECK(applyTuning(untouched, db, "znver4", Precision::FP32, ScheduleTarget(), supports,
                    [](const std::string &) {}) == 0);
}

TEST_CASE("applyTuning: an entry that kept the heuristic schedule leaves today's", "[tuning]") {
  Program p = program();
  std::string why;
  for (Kernel &k : p.kernels)
    REQUIRE(applyOpt(k, {OptKind::Upcast, 1, 8}, ScheduleTarget(), why));
  const std::vector<Opt> today = p.kernels[0].opts;
  TuningDb db; // the search's best was the heuristic of its day (time = heuristic time)
  db.add({tuningKey(p.kernels[0], p.buffers), "znver3", "fp32", {{OptKind::Upcast, 1, 16}}, 2,
          2, "", "", ""});
  auto supports = [](const Kernel &, std::string &) { return true; };
  CHECK(applyTuning(p, db, "znver3", Precision::FP32, ScheduleTarget(), supports,
                    [](const std::string &) {}) == 0);
  CHECK(p.kernels[0].opts == today);
}

TEST_CASE("applyTuning: a kernel reading a weight takes the entry tuned with an input there",
          "[tuning]") {
  // The same matmul with its B a graph input (tuned) and a weight (not in the database).
  Program p;
  p.buffers = {buffer("a", {8, 32}, BufferKind::Input), buffer("b", {32, 64}, BufferKind::Input),
               buffer("w", {32, 64}, BufferKind::Weight), buffer("y", {8, 64}, BufferKind::Output)};
  p.kernels = {matmul(0, 1, 3, 8, 64, 32, "input"), matmul(0, 2, 3, 8, 64, 32, "weight")};
  std::string why;
  for (Kernel &k : p.kernels)
    REQUIRE(applyOpt(k, {OptKind::Upcast, 1, 8}, ScheduleTarget(), why));
  REQUIRE(tuningKey(p.kernels[0], p.buffers) != tuningKey(p.kernels[1], p.buffers));
  TuningDb db;
  const std::vector<Opt> tuned = {{OptKind::Upcast, 1, 16}, {OptKind::Global, 0, 1}};
  db.add({tuningKey(p.kernels[0], p.buffers), "znver3", "fp32", tuned, 1, 2, "", "", ""});
  auto supports = [](const Kernel &, std::string &) { return true; };
  CHECK(applyTuning(p, db, "znver3", Precision::FP32, ScheduleTarget(), supports,
                    [](const std::string &) {}) == 2);
  CHECK(p.kernels[1].opts == tuned);
  // Its own entry, where it has one, comes first.
  Program q = p;
  for (Kernel &k : q.kernels)
    k.opts = {{OptKind::Upcast, 1, 8}};
  const std::vector<Opt> own = {{OptKind::Upcast, 1, 32}};
  db.add({tuningKey(q.kernels[1], q.buffers), "znver3", "fp32", own, 1, 2, "", "", ""});
  applyTuning(q, db, "znver3", Precision::FP32, ScheduleTarget(), supports,
              [](const std::string &) {});
  CHECK(q.kernels[1].opts == own);
}
