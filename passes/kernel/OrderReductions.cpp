//===- OrderReductions.cpp - picoc-kernel-order-reductions ---------------------------===//
//
// A GPU contraction over several reduction variables (a convolution's taps and input
// channels) takes them in the order of its factors' memory: the largest stride first, so that
// the innermost variable is the one each factor stores contiguously and a tile's terms are runs
// of adjacent elements (16-byte asynchronous copies) where the strides nest. Applied only where
// both factors agree on the order. Lowering writes a convolution's window first and its input
// channel last, which the CPU's loops want (the padding guards out of the innermost loop); on
// a GPU that left a 3x3 filter [oc][c][kh][kw] read 9 floats apart along its tiles' terms.
//
//===---------------------------------------------------------------------------------===//
#include "picoc/Kernel/Schedule.h"
#include "picoc/Passes/Passes.h"

#include <algorithm>
#include <numeric>

namespace picoc {

using namespace kir;

namespace {

// The reduction variables of `k` in decreasing stride in the index of Load `load` (ties and
// zeros broken by position), or nothing where a stride is not a constant.
std::optional<std::vector<int>> orderIn(const Kernel &k, ExprId load) {
  const Node &n = k.graph.node(load);
  if (n.op != Op::Load)
    return std::nullopt;
  std::vector<int64_t> strides;
  for (int v = k.rank(); v < k.numVars(); ++v) {
    std::optional<int64_t> s = indexStride(k, n.src[0], v);
    if (!s)
      return std::nullopt;
    strides.push_back(std::abs(*s));
  }
  std::vector<int> order(strides.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return strides[a] > strides[b]; });
  return order;
}

// Reorders the reduction variables of `k`: new variable i is old variable order[i].
void reorder(Kernel &k, const std::vector<int> &order) {
  const int rank = k.rank();
  std::vector<int> newIndex(order.size());
  for (size_t i = 0; i < order.size(); ++i)
    newIndex[order[i]] = static_cast<int>(i);
  ExprGraph g;
  std::vector<int64_t> reduceShape;
  for (int old : order)
    reduceShape.push_back(k.reduceShape[old]);
  for (int v = 0; v < rank; ++v)
    g.setVarRange(v, k.shape[v]);
  for (size_t i = 0; i < order.size(); ++i)
    g.setVarRange(rank + static_cast<int64_t>(i), reduceShape[i]);
  k.value = g.rebuild(k.graph, k.value, [&](ExprId e) -> ExprId {
    const Node &n = k.graph.node(e);
    if (n.op != Op::Var || n.arg < rank)
      return kNoExpr;
    return g.var(rank + newIndex[n.arg - rank]);
  });
  k.graph = std::move(g);
  k.reduceShape = std::move(reduceShape);
}

} // namespace

void orderReductions(Program &program) {
  for (Kernel &k : program.kernels) {
    if (k.reduceShape.size() < 2 || k.attention || k.readsRunDims() || !k.opts.empty())
      continue;
    std::optional<Contraction> c = contractionOf(k);
    if (!c)
      continue;
    std::optional<std::vector<int>> a = orderIn(k, c->lhs), b = orderIn(k, c->rhs);
    std::vector<int> identity(k.reduceShape.size());
    std::iota(identity.begin(), identity.end(), 0);
    if (a && b && *a == *b && *a != identity)
      reorder(k, *a);
  }
}

} // namespace picoc
