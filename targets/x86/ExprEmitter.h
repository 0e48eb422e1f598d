//===- ExprEmitter.h - one kernel's expression DAG as LLVM IR at a loop point ---------===//
//
// The kernel emitter builds the loops; at each point where values are needed (the innermost
// reduction body, the epilogue) it describes the loop context (the current value of every loop
// variable, how many unrolled copies, how many vector lanes) and asks for expression values:
//
//   - values are memoized per (node, unrolled copy); a node that does not depend on the
//     unrolled variable is computed once and shared by all copies;
//   - a node that does not depend on the vector variable is a scalar, splatted only where it
//     meets a vector (matmul: broadcast(A[m,k]) * B[k, n:n+W]);
//   - a load asks whether its index is contiguous in the vector variable (index(v+1) - index(v)
//     folded to a constant, by the ExprGraph or by an affine walk): 1 -> one vector load,
//     0 -> a scalar load and a splat, else a gather. A guarded load reads no element but the
//     buffer's first where its guard is false: masked loads and gathers, or a scalar load of
//     element 0 then a select (libpicort gives an input empty in a call a block to read);
//   - a vector select on a condition that is the same in every lane, with a load on a side,
//     is a branch: a concat's row computes and reads only the operand it takes.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_EXPREMITTER_H
#define PICOC_TARGETS_X86_EXPREMITTER_H

#include "picoc/Kernel/KernelIR.h"

#include "llvm/IR/IRBuilder.h"

#include <map>
#include <optional>
#include <tuple>
#include <vector>

namespace picoc::x86 {

// Where the loops are: what each variable holds for copy 0, lane 0.
struct LoopContext {
  std::vector<llvm::Value *> base; // per var, i64
  int unrollVar = -1;              // copy u sees unrollVar + u * copyStride()
  int copies = 1;
  int vectorVar = -1; // lane l sees vectorVar + l
  int64_t lanes = 1;
  int64_t copyStride() const { return unrollVar == vectorVar ? lanes : 1; }
};

class ExprEmitter {
public:
  // `graph` is the kernel's graph (a copy: load analysis adds nodes to it); variables below
  // `rank` are output dims; `buffers` maps a Load's buffer id to its base pointer.
  ExprEmitter(llvm::IRBuilderBase &b, kir::ExprGraph &graph, int rank,
              std::map<int64_t, llvm::Value *> buffers);

  // Starts a new region (values from an earlier region may not dominate this one).
  void beginScope(const LoopContext &ctx);
  // The value of the Reduce node for each copy, for the epilogue.
  void setReduceValues(std::vector<llvm::Value *> values) { reduceValues_ = std::move(values); }
  // A row kernel's: the value of Reduce node `reduce` (one copy), once its loop has run.
  void setReduceValue(kir::ExprId reduce, llvm::Value *value) { rowValues_[reduce] = value; }
  // A row kernel's row cache: `e` is loaded from `row` (floats) at variable `var`'s value
  // instead of computed (kNoExpr: none). `var` must be the vector variable where `e` is one.
  void setRowCache(kir::ExprId e, llvm::Value *row, int var) {
    cached_ = e, cacheRow_ = row, cacheVar_ = var;
  }
  // The operand of a sum's step: a float product there carries `contract`, so that the step
  // becomes an FMA; no other node does (kNoExpr: none).
  void setContracted(kir::ExprId e) { contracted_ = e; }
  // Contiguous vector loads prefetch the element one step of variable `var` further (a row
  // kernel's next row, while its first pass reads this one from memory); -1: none. `toL1`:
  // into every level of cache, else into L2 and outward (data needed only after more than
  // L1 holds has been read, such as the next weight panel).
  void setPrefetchAlong(int var, bool toL1 = true) {
    prefetchVar_ = var;
    prefetchToL1_ = toL1;
  }
  // Reduce node `reduce` folds over variable `var` alone (an attention's dot product, over the
  // head dim: it still varies with the key), not every reduction variable. Before any emit.
  void setFoldVar(kir::ExprId reduce, int var) { foldVars_[reduce] = var; }
  // The values of the run-time dims (Dim nodes), loaded once at the kernel's entry.
  void setDims(std::vector<llvm::Value *> dims) { dims_ = std::move(dims); }

  // The value of `e` for unrolled copy `copy`: a vector of lanes if isVector(e).
  llvm::Value *emit(kir::ExprId e, int copy);
  // True if `e` is a vector in the current context.
  bool isVector(kir::ExprId e);
  bool dependsOn(kir::ExprId e, int var);
  // Splats a scalar to the current lane count (vectors pass through).
  llvm::Value *widen(llvm::Value *v);

private:
  uint64_t varMask(kir::ExprId e);
  llvm::Value *get(kir::ExprId e, int copy, bool lane0);
  llvm::Value *compute(kir::ExprId e, int copy, bool vec);
  llvm::Value *emitVar(int64_t var, int copy, bool vec);
  bool readsMemory(kir::ExprId e);
  llvm::Value *branchSelect(const kir::Node &n, int copy);
  llvm::Value *emitLoad(const kir::Node &n, int copy, bool vec);
  llvm::Value *scalarLoad(const kir::Node &n, llvm::Value *index, llvm::Value *guard);
  // index(v + 1) - index(v) when it is a constant.
  std::optional<int64_t> laneStride(kir::ExprId index);
  std::optional<int64_t> affineCoefficient(kir::ExprId e, int var);

  llvm::IRBuilderBase &b_;
  kir::ExprGraph &graph_;
  int rank_;
  std::map<int64_t, llvm::Value *> buffers_;
  std::vector<llvm::Value *> dims_;
  LoopContext ctx_;
  std::vector<uint64_t> masks_; // per node: the variables it depends on
  std::vector<bool> loads_;     // per node: whether a Load is among its sources (varMask)
  std::map<std::tuple<kir::ExprId, int, bool>, llvm::Value *> memo_;
  kir::ExprId contracted_ = kir::kNoExpr;
  std::map<kir::ExprId, std::optional<int64_t>> strides_;
  std::vector<llvm::Value *> reduceValues_;
  std::map<kir::ExprId, llvm::Value *> rowValues_;
  std::map<kir::ExprId, int> foldVars_;
  kir::ExprId cached_ = kir::kNoExpr;
  llvm::Value *cacheRow_ = nullptr;
  int cacheVar_ = -1;
  int prefetchVar_ = -1;
  bool prefetchToL1_ = true;
};

} // namespace picoc::x86

#endif // PICOC_TARGETS_X86_EXPREMITTER_H
