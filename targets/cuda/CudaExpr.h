//===- CudaExpr.h - kir expression nodes as CUDA C expressions ------------------------===//
//
// The pieces CudaRenderer builds kernels from: C types and literals for kir dtypes, and the
// CUDA C expression that computes each node from its operands' SSA names.
//
//===---------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_CUDA_CUDAEXPR_H
#define PICOC_TARGETS_CUDA_CUDAEXPR_H

#include "picoc/Kernel/KernelIR.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>

namespace picoc::cuda {

using ParamMap = std::unordered_map<int64_t, std::string>; // buffer id -> parameter name

// The C type that holds a value of `t` in registers (float for F16 and BF16, whose values are
// computed in f32 and rounded to their type).
const char *cType(kir::DType t);
// The C type of `t` in memory (the bits, unsigned short, for F16 and BF16).
const char *storageType(kir::DType t);
// `value` (a register value of type `t`) as stored in memory.
std::string storeExpr(kir::DType t, const std::string &value);

// A literal of type `t` (parenthesized when negative, so `-` and casts can go in front).
std::string intLiteral(int64_t v, kir::DType t);

// How node `id` is referred to: variables (vN) and constants inline, others by SSA name (tN).
std::string ref(const kir::ExprGraph &g, kir::ExprId id);

// Node `id` as an operand of type `t` (with a conversion where the graph mixes types).
std::string operand(const kir::ExprGraph &g, kir::ExprId id, kir::DType t);

// The right-hand side that computes node `id` from its operands, or nullopt where the op is
// not defined (here) for its dtype. Var, Const and Reduce nodes have none of their own.
std::optional<std::string> nodeExpr(const kir::ExprGraph &g, kir::ExprId id,
                                    const ParamMap &params);

// An affine expression of the run-time dims as a long long expression over d<i> (the
// kernels' locals, loaded from their `dims` parameter).
std::string dimValue(const kir::DimExpr &e);

// The start value of a reduction (-inf for a float max, the type's lowest for an integer one),
// and one step of it; nullopt where the function is not defined for `t` (sum of Bool).
std::optional<std::string> reduceIdentity(kir::ReduceFn fn, kir::DType t);
std::string reduceCombine(kir::ReduceFn fn, const std::string &a, const std::string &b);

// Indented source text, a line at a time: the base of the renderers' kernel writers.
class SourceWriter {
public:
  explicit SourceWriter(std::ostream &os) : os_(os) {}

protected:
  void line(const std::string &s) { os_ << std::string(indent_, ' ') << s << "\n"; }
  void open(const std::string &s) { // s + " {", then one level deeper
    line(s + " {");
    indent_ += 2;
  }
  void openBlock() { // a bare "{": a scope of its own
    line("{");
    indent_ += 2;
  }
  void close() {
    indent_ -= 2;
    line("}");
  }

  std::ostream &os_;
  int indent_ = 2;
};

} // namespace picoc::cuda

#endif // PICOC_TARGETS_CUDA_CUDAEXPR_H
