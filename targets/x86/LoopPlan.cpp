//===- LoopPlan.cpp - a kernel's Opts read into the x86 loop nest ---------------------===//
//
// buildLoopPlan checks each Opt against the kernel (axis in range, amount positive, one of a
// kind) and records it; see LoopPlan.h for the loop nest the plan describes.
//
//===------------------------------------------------------------------------------===//
#include "x86/LoopPlan.h"

#include <algorithm>

namespace picoc::x86 {

using namespace kir;

int64_t LoopPlan::step(int d) const {
  return (d == unrollAxis ? unroll : 1) * (d == vectorAxis ? lanes : 1);
}

int64_t LoopPlan::chunk(int d) const { return tile[d] > 0 ? tile[d] : step(d); }

int64_t LoopPlan::chunks(int d) const {
  int64_t c = chunk(d);
  return (extents[d] + c - 1) / c;
}

int64_t LoopPlan::launchExtent() const {
  int64_t n = 1;
  for (int d = 0; d < parallelDims; ++d)
    n *= chunks(d);
  return n;
}

bool buildLoopPlan(const Kernel &kernel, LoopPlan &plan, std::string &why) {
  plan = LoopPlan();
  plan.rank = kernel.rank();
  plan.numVars = kernel.numVars();
  if (plan.numVars > 64) {
    why = "more than 64 loop variables";
    return false;
  }
  plan.extents = kernel.shape;
  plan.extents.insert(plan.extents.end(), kernel.reduceShape.begin(), kernel.reduceShape.end());
  for (int64_t e : plan.extents)
    if (e < 0) {
      why = "negative extent";
      return false;
    }
  plan.tile.assign(plan.numVars, 0);
  plan.unrollHint.assign(plan.numVars, 0);

  bool seenGlobal = false;
  for (const Opt &o : kernel.opts) {
    std::string name = optKindName(o.kind);
    if (o.kind == OptKind::Global) {
      if (seenGlobal || o.amount < 0 || o.amount > plan.rank) {
        why = "global " + std::to_string(o.amount) + " does not fit rank " +
              std::to_string(plan.rank);
        return false;
      }
      seenGlobal = true;
      plan.parallelDims = static_cast<int>(o.amount);
      continue;
    }
    if (o.kind == OptKind::Local || o.kind == OptKind::GroupReduce) {
      why = name + " is a GPU opt";
      return false;
    }
    if (o.axis < 0 || o.axis >= plan.numVars || o.amount < 1) {
      why = name + " axis " + std::to_string(o.axis) + " amount " + std::to_string(o.amount) +
            " is out of range";
      return false;
    }
    switch (o.kind) {
    case OptKind::Unroll:
      if (plan.isReduction(o.axis)) {
        plan.unrollHint[o.axis] = o.amount;
      } else {
        if (plan.unrollAxis >= 0) {
          why = "more than one Unroll of an output axis";
          return false;
        }
        plan.unrollAxis = o.axis;
        plan.unroll = o.amount;
      }
      break;
    case OptKind::Upcast:
      if (plan.vectorAxis >= 0) {
        why = "more than one Upcast";
        return false;
      }
      plan.vectorAxis = o.axis;
      plan.lanes = o.amount;
      break;
    case OptKind::Tile:
      if (plan.tile[o.axis] != 0) {
        why = "axis " + std::to_string(o.axis) + " is tiled twice";
        return false;
      }
      plan.tile[o.axis] = o.amount;
      break;
    default: break;
    }
  }
  if ((plan.vectorAxis >= 0 && plan.lanes == 1) || (plan.unrollAxis >= 0 && plan.unroll == 1)) {
    why = "an upcast or unroll by 1";
    return false;
  }

  // A tiled reduction keeps its partial results in the output buffer (applyOpt checked that
  // it can); a tile past its axis, or covering a reduction axis, is refused there too.
  for (int v = 0; v < plan.numVars; ++v) {
    if (plan.tile[v] != 0 && (plan.tile[v] > plan.extents[v] ||
                              (plan.isReduction(v) && plan.tile[v] == plan.extents[v]))) {
      why = "a tile of " + std::to_string(plan.tile[v]) + " covers axis " + std::to_string(v);
      return false;
    }
    if (plan.isReduction(v) && plan.tile[v] != 0)
      plan.splitReduction = true;
  }
  return true;
}

template <typename T>
std::vector<T> workTermsOf(const Kernel &kernel, const std::vector<T> &extents, T headDims) {
  if (!kernel.attention)
    return extents;
  // An attention row's work: each key's dot product and V row, not their product.
  std::vector<T> terms(extents.begin(), extents.begin() + kernel.rank() - 1);
  terms.push_back(extents[kernel.attention->keyVar(kernel.rank())]);
  terms.push_back(headDims);
  return terms;
}

std::vector<int64_t> attentionWorkTerms(const Kernel &kernel, const std::vector<int64_t> &extents) {
  int64_t head = kernel.attention ? kernel.reduceShape[1] + kernel.shape.back() : 0;
  return workTermsOf(kernel, extents, head);
}

std::vector<DimExpr> workTerms(const Kernel &kernel) {
  std::vector<DimExpr> extents;
  for (int v = 0; v < kernel.numVars(); ++v)
    extents.push_back(kernel.runExtent(v));
  int64_t head = kernel.attention ? kernel.reduceShape[1] + kernel.shape.back() : 0;
  return workTermsOf(kernel, extents, DimExpr::of(head));
}

int64_t launchGrain(const Kernel &kernel, const LoopPlan &plan) {
  int64_t extent = plan.launchExtent();
  if (extent <= 1)
    return 1;
  double work = 1;
  for (int64_t e : attentionWorkTerms(kernel, plan.extents))
    work *= static_cast<double>(std::max<int64_t>(e, 1));
  double perIndex = std::max(1.0, work / static_cast<double>(extent));
  double grain = static_cast<double>(kChunkWork) / perIndex;
  return std::clamp<int64_t>(static_cast<int64_t>(grain + 0.999), 1, extent);
}

} // namespace picoc::x86
