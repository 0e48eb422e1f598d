//===- SplitK.cpp - picoc-kernel-split-k ---------------------------------------------===//
//
// A GPU contraction on warpgroup MMA tiles (128 by up to 256: picoc-kernel-choose-opts) that
// would leave the last wave of blocks across the multiprocessors mostly empty splits its
// reduction into S equal parts: one kernel computes the S partial sums as S batches of the
// same contraction into a Temp buffer [S, shape...], a second adds them in split order and
// applies the epilogue (so the result does not depend on timing). Where a model of the waves'
// time and the partial sums' traffic says it is faster: a 512 x 5632 x 2048 GEMM has 32 tiles
// of 128 x 256 for 132 multiprocessors; split in four, 128.
//
//===---------------------------------------------------------------------------------===//
#include "picoc/Kernel/Schedule.h"
#include "picoc/Passes/Passes.h"

#include <algorithm>

namespace picoc {

using namespace kir;

namespace {

constexpr int64_t kTileRows = 128;      // a wgmma tile's rows of one factor
constexpr int64_t kMinSplitTerms = 256; // a part's reduction terms, at least
constexpr int64_t kStageTerms = 32;     // and a multiple of the stages' terms
// Rates that weigh a split's waves against its partial sums' traffic (H200, 2026-12-01: a tf32
// GEMM of whole waves, 266 TFLOP/s over 132 multiprocessors; copies at 3.5 TB/s).
constexpr double kFlopsPerSm = 2.0e12, kBytesPerSecond = 3.5e12;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Seconds `c` takes as wgmma tiles: in waves over the multiprocessors (a block each) at
// their rate, the widths picoc-kernel-choose-opts would pick.
double contractionSeconds(const Contraction &c, const ScheduleTarget &target) {
  double best = 0;
  for (int side : {0, 1})
    for (int64_t n : wgmmaWidths(side == 0 ? c.m : c.n)) {
      const double units = wgmmaTileCost(c, side, n, target.multiprocessors);
      if (best == 0 || units < best)
        best = units;
    }
  return best * 2.0 * kTileRows * static_cast<double>(c.k) / kFlopsPerSm;
}

// The parts to split `k`'s reduction into (1: none): the fewest seconds, partial sums' writes
// and reads counted.
int64_t splitsOf(const Kernel &k, const ScheduleTarget &target) {
  std::optional<Contraction> c = contractionOf(k);
  if (!c || k.attention || k.reduceShape.size() != 1 || k.hasRunExtents() || k.readsRunDims() ||
      !k.outputStart.empty() || c->m < kTileRows || c->n < kTileRows)
    return 1;
  const ExprGraph &g = k.graph; // the f32 contractions that wgmma takes
  if (g.node(c->lhs).dtype != DType::F32 || g.node(c->rhs).dtype != DType::F32 ||
      g.node(c->reduce).dtype != DType::F32)
    return 1;
  int64_t best = 1;
  double bestSeconds = contractionSeconds(*c, target);
  for (int64_t s : {2, 3, 4}) {
    Contraction part = *c;
    part.k = c->k / s;
    part.batch = c->batch * s;
    if (c->k % s != 0 || part.k % kStageTerms != 0 || part.k < kMinSplitTerms)
      continue;
    const double traffic = 2.0 * 4.0 * static_cast<double>(s * c->m * c->n * c->batch);
    const double seconds = contractionSeconds(part, target) + traffic / kBytesPerSecond;
    if (seconds < bestSeconds)
      best = s, bestSeconds = seconds;
  }
  return best;
}

// The buffers that the loads of `root` read.
std::vector<int> loadedBuffers(const ExprGraph &g, ExprId root) {
  std::vector<int> out;
  std::vector<bool> seen(g.size(), false);
  std::vector<ExprId> work = {root};
  while (!work.empty()) {
    ExprId id = work.back();
    work.pop_back();
    if (id == kNoExpr || seen[id])
      continue;
    seen[id] = true;
    const Node &n = g.node(id);
    if (n.op == Op::Load && std::find(out.begin(), out.end(), n.arg) == out.end())
      out.push_back(static_cast<int>(n.arg));
    work.insert(work.end(), n.src.begin(), n.src.end());
  }
  return out;
}

// `k` as its partial sums over `splits` parts of its reduction, into buffer `partials`
// [splits, shape...]: variable 0 is the part, the output dims follow, and the reduction
// variable runs over the part's terms (term = part * terms + t).
Kernel partialSums(const Kernel &k, const Contraction &c, int64_t splits, int partials) {
  const int rank = k.rank();
  const int64_t terms = c.k / splits;
  Kernel p;
  p.name = k.name + "_split";
  p.location = k.location;
  p.output = partials;
  p.shape = {splits};
  p.shape.insert(p.shape.end(), k.shape.begin(), k.shape.end());
  p.reduceShape = {terms};
  ExprGraph &g = p.graph;
  for (int v = 0; v <= rank + 1; ++v)
    g.setVarRange(v, v == 0 ? splits : v <= rank ? k.shape[v - 1] : terms);
  auto vars = [&](ExprId id) -> ExprId {
    const Node &n = k.graph.node(id);
    if (n.op != Op::Var)
      return kNoExpr;
    if (n.arg < rank)
      return g.var(n.arg + 1);
    return g.add(g.mulConst(g.var(0), terms), g.var(rank + 1));
  };
  ExprId lhs = g.rebuild(k.graph, c.lhs, vars), rhs = g.rebuild(k.graph, c.rhs, vars);
  p.value = g.reduce(ReduceFn::Sum, g.binary(Op::Mul, lhs, rhs));
  p.inputs = loadedBuffers(g, p.value);
  return p;
}

// The kernel that adds `k`'s partial sums (partialSums) in order and applies its epilogue.
Kernel sumOfParts(const Kernel &k, const Contraction &c, int64_t splits, int partials) {
  const int rank = k.rank();
  Kernel m;
  m.name = k.name;
  m.location = k.location;
  m.output = k.output;
  m.shape = k.shape;
  m.reduceShape = {splits};
  ExprGraph &g = m.graph;
  for (int v = 0; v < rank; ++v)
    g.setVarRange(v, k.shape[v]);
  g.setVarRange(rank, splits);
  ExprId at = g.var(rank);
  for (int v = 0; v < rank; ++v)
    at = g.add(g.mulConst(at, k.shape[v]), g.var(v));
  ExprId sum = g.reduce(ReduceFn::Sum, g.load(partials, DType::F32, at));
  m.value = g.rebuild(k.graph, k.value, [&](ExprId id) { return id == c.reduce ? sum : kNoExpr; });
  m.inputs = loadedBuffers(g, m.value);
  return m;
}

} // namespace

void splitReductions(Program &program, const ScheduleTarget &target) {
  // Warpgroup MMA only: the mma.sync tiles' time is not their waves' (H200, 2026-12-01: split
  // in two, 512 x 5632 x 2048 and 512 x 2048 x 5632 at tf32 went from 67 and 58 TFLOP/s to 62
  // and 55).
  if (!target.gpu || !target.wgmma || target.precision != Precision::TF32)
    return; // (wgmma takes tf32 contractions only)
  std::vector<Kernel> kernels;
  std::vector<int> start; // where each kernel's replacements begin, then the end
  for (Kernel &k : program.kernels) {
    start.push_back(static_cast<int>(kernels.size()));
    const int64_t splits = splitsOf(k, target);
    if (splits == 1) {
      kernels.push_back(std::move(k));
      continue;
    }
    const Contraction c = *contractionOf(k);
    std::vector<int64_t> shape = {splits};
    shape.insert(shape.end(), k.shape.begin(), k.shape.end());
    program.buffers.push_back(
        Buffer{k.name + "_partials", DType::F32, shape, BufferKind::Temp});
    const int partials = static_cast<int>(program.buffers.size()) - 1;
    kernels.push_back(partialSums(k, c, splits, partials));
    kernels.push_back(sumOfParts(k, c, splits, partials));
  }
  start.push_back(static_cast<int>(kernels.size()));
  for (Entry &e : program.entries) {
    const int first = start[e.firstKernel];
    e.numKernels = start[e.firstKernel + e.numKernels] - first;
    e.firstKernel = first;
    for (Loop &l : e.loops) {
      const int body = start[l.firstKernel];
      l.numKernels = start[l.firstKernel + l.numKernels] - body;
      l.firstKernel = body;
    }
  }
  program.kernels = std::move(kernels);
}

} // namespace picoc
