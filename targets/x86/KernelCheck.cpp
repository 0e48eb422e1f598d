//===- KernelCheck.cpp - what the x86 kernel emitter accepts --------------------------===//
//
// checkKernel runs before any IR is built (and backs X86Target::supportsKernel): the opts must
// form a LoopPlan, every node reachable from the value must be an op the dtype supports, loads
// must read the kernel's own buffers, there is at most one Reduce, and nothing above the Reduce
// depends on a reduction variable.
//
//===------------------------------------------------------------------------------===//
#include "x86/KernelEmitter.h"

#include "x86/LoopPlan.h"
#include "x86/OpEmitter.h"

#include <algorithm>

namespace picoc::x86 {

using kir::DType;
using kir::ExprId;
using kir::kNoExpr;
using kir::Node;
using kir::Op;

namespace {

// Checks one node whose sources are already checked; `masks` holds their variable sets.
bool checkNode(const kir::Kernel &k, const Node &n, std::string &why) {
  const kir::ExprGraph &g = k.graph;
  auto dtypeOf = [&](int i) { return g.node(n.src[i]).dtype; };
  switch (n.op) {
  case Op::Var:
    if (n.arg < 0 || n.arg >= k.numVars()) {
      why = "variable " + std::to_string(n.arg) + " is out of range";
      return false;
    }
    return true;
  case Op::Const: return true;
  case Op::Dim:
    if (n.arg < 0 || n.dtype != DType::I64) {
      why = "run-time dim " + std::to_string(n.arg) + " is out of range";
      return false;
    }
    return true;
  case Op::Load:
    if (n.arg != k.output && std::find(k.inputs.begin(), k.inputs.end(), n.arg) == k.inputs.end()) {
      why = "load of buffer " + std::to_string(n.arg) + ", which is not one of the kernel's";
      return false;
    }
    if (n.src[0] == kNoExpr || kir::isFloat(dtypeOf(0)) || dtypeOf(0) == DType::Bool ||
        (n.src[1] != kNoExpr && dtypeOf(1) != DType::Bool)) {
      why = "load with a non-integer index or a non-Bool guard";
      return false;
    }
    return true;
  case Op::Select:
    if (dtypeOf(0) != DType::Bool || dtypeOf(1) != dtypeOf(2)) {
      why = "select with a non-Bool condition or mismatched arms";
      return false;
    }
    return true;
  case Op::Cast: return true;
  case Op::Bitcast:
    if (kir::dtypeBits(dtypeOf(0)) != kir::dtypeBits(n.dtype) || kir::isNarrow(n.dtype)) {
      why = std::string("bitcast of ") + kir::dtypeName(dtypeOf(0)) + " as " + kir::dtypeName(n.dtype);
      return false;
    }
    return true;
  case Op::Encode:
  case Op::Decode: {
    auto format = static_cast<DType>(n.arg);
    DType from = dtypeOf(0);
    bool ok = kir::isNarrow(format) &&
              (n.op == Op::Decode ? from == DType::U8
               : kir::isFloat(format) ? from == DType::F32
                                      : !kir::isFloat(from) && from != DType::Bool);
    if (!ok)
      why = std::string(kir::opName(n.op)) + " of " + kir::dtypeName(from) + " as " +
            kir::dtypeName(format);
    return ok;
  }
  case Op::Reduce: {
    auto fn = static_cast<kir::ReduceFn>(n.arg);
    if (n.arg < 0 || n.arg > static_cast<int64_t>(kir::ReduceFn::Prod) ||
        (n.dtype == DType::Bool && (fn == kir::ReduceFn::Sum || fn == kir::ReduceFn::Prod))) {
      why = "unsupported reduction on " + std::string(kir::dtypeName(n.dtype));
      return false;
    }
    return true;
  }
  default:
    if (n.src[0] == kNoExpr) {
      why = std::string(kir::opName(n.op)) + " without an operand";
      return false;
    }
    return opSupported(n.op, dtypeOf(0), why);
  }
}

} // namespace

bool checkKernel(const kir::Kernel &k, std::string &why) {
  LoopPlan plan;
  if (!buildLoopPlan(k, plan, why))
    return false;
  const kir::ExprGraph &g = k.graph;
  if (k.value == kNoExpr || k.value >= static_cast<ExprId>(g.size()) || k.output < 0) {
    why = "kernel has no value or no output";
    return false;
  }
  // Reachable nodes, in id order (sources come before their users).
  std::vector<char> live(g.size(), 0);
  live[k.value] = 1;
  for (ExprId i = k.value; i >= 0; --i) {
    if (!live[i])
      continue;
    for (ExprId s : g.node(i).src) {
      if (s == kNoExpr)
        continue;
      if (s < 0 || s >= i) {
        why = "expression graph is not topologically ordered";
        return false;
      }
      live[s] = 1;
    }
  }
  uint64_t outputVars = plan.rank >= 64 ? ~uint64_t(0) : (uint64_t(1) << plan.rank) - 1;
  std::vector<uint64_t> masks(g.size(), 0);
  int reduces = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    if (!live[i])
      continue;
    const Node &n = g.node(static_cast<ExprId>(i));
    if (!checkNode(k, n, why))
      return false;
    uint64_t m = n.op == Op::Var ? uint64_t(1) << n.arg : 0;
    for (ExprId s : n.src)
      if (s != kNoExpr)
        m |= masks[s];
    if (n.op == Op::Reduce) {
      m &= outputVars;
      ++reduces;
    }
    masks[i] = m;
  }
  if (k.attention) {
    const kir::Attention &a = *k.attention;
    auto f32 = [&](ExprId e) {
      return e >= 0 && e < static_cast<ExprId>(g.size()) && live[e] &&
             g.node(e).dtype == DType::F32;
    };
    if (!f32(a.dot) || !f32(a.score) || !f32(a.value) || g.node(a.dot).op != Op::Reduce ||
        k.rank() < 2 || k.reduceShape.size() != 2) {
      why = "an attention kernel whose dot, score or value is not an f32 node of its value";
      return false;
    }
    return true;
  }
  if (reduces > 1 && !k.isRowKernel()) {
    why = "more than one Reduce";
    return false;
  }
  if (masks[k.value] & ~outputVars) {
    why = "the value depends on a reduction variable outside its Reduce";
    return false;
  }
  return true;
}

} // namespace picoc::x86
