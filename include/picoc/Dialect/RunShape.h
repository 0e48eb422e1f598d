//===- RunShape.h - run-time dims in the graph IR ----------------------------------===//
//
// A run-time dim (`--dim seq=1..512`) takes its value when the model is called. In the graph
// IR a tensor type keeps static dims: a run-time dim appears at its upper bound, and the type's
// encoding, an AffineMapAttr `()[s0, s1, ...] -> (e0, ..., e_{r-1})`, gives every dim as an
// affine expression of the run-time dims (symbol i: the module's run-time dim i, see
// moduleRunDims), a constant for a static dim:
//
//   tensor<1x512x64xf32, affine_map<()[s0] -> (1, s0, 64)>>     seq rows of 64, seq <= 512
//
// A type with no run-time dim has no encoding. Types with the same bounds but different
// expressions are different types, so ops whose types must agree (SameOperandsAndResultType,
// the inferred result types) keep the expressions consistent; the op verifiers refuse a view
// that would lose or invent one.
//
// Values are stored at their bounds (a tensor of 7 rows out of 512 fills the first 7 rows of
// its buffer); views are index maps over the values' logical (call-size) order, so a reshape
// may merge or split a run-time dim with others as long as each group of dims it forms holds
// one run-time dim at most on each side (its size stays affine).
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_DIALECT_RUNSHAPE_H
#define PICOC_DIALECT_RUNSHAPE_H

#include "picoc/Kernel/KernelIR.h"

#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace picoc {

// One dim: its size in a call (an affine expression; a constant when static) and the largest
// size it can take (the type's static dim).
struct ShapeDim {
  mlir::AffineExpr expr;
  int64_t bound = 0;
  bool isStatic() const { return mlir::isa<mlir::AffineConstantExpr>(expr); }
  bool isOne() const { return bound == 1; } // a run-time dim's bound is never below its values
  bool operator==(const ShapeDim &o) const { return expr == o.expr && bound == o.bound; }
  bool operator!=(const ShapeDim &o) const { return !(*this == o); }
};
using RunShape = llvm::SmallVector<ShapeDim, 4>;

// The dims of a ranked tensor type.
RunShape runShape(mlir::Type type);
// True when some dim of the ranked tensor type is a run-time dim.
bool hasRunDims(mlir::Type type);
// The ranked tensor type of `shape` (bounds as its dims, the encoding when some dim is a
// run-time dim) and `elementType`.
mlir::RankedTensorType runTensorType(const RunShape &shape, mlir::Type elementType);
// `type` with element type `elementType`, its dims (and encoding) kept.
mlir::RankedTensorType withElementType(mlir::RankedTensorType type, mlir::Type elementType);
// A static dim.
ShapeDim staticDim(mlir::MLIRContext *ctx, int64_t size);

// Numpy broadcast of two shapes: a dim of 1 takes the other's; otherwise the two must be the
// same dim (the same expression). Fails otherwise.
mlir::FailureOr<RunShape> broadcastRunShapes(const RunShape &a, const RunShape &b);

// A reshape's dims split into the smallest groups whose bound products agree on both sides (a
// dim kept, a merge, a split, or both), as lowering reads them: `group` is called with each
// group's input dims [i0, i) and output dims [j0, j), in order, and stops the walk by returning
// false. Returns where each side's walk ended (size-1 dims may be left on either side).
std::pair<size_t, size_t> forEachReshapeGroup(
    llvm::ArrayRef<int64_t> in, llvm::ArrayRef<int64_t> out,
    llvm::function_ref<bool(size_t i0, size_t i, size_t j0, size_t j)> group);

// Whether a reshape from `in` to `out` is valid for every call: the dims split into the
// smallest groups of equal bound products (as lowering reads them); a group holding a run-time
// dim holds one on each side at most, and the two sides' sizes agree in every call. Empty when
// valid, else why not.
std::string checkRunReshape(const RunShape &in, const RunShape &out);

// The dims of a reshape of `in` to `bounds`, its run-time dims following the reshape: each
// group of dims (as checkRunReshape forms them) that holds a run-time dim passes it to the
// outermost dim of its other side whose size, the group's divided by the others', is exact.
// None when a group cannot carry its run-time dim so (checkRunReshape then says why).
std::optional<RunShape> reshapeRunShape(const RunShape &in, llvm::ArrayRef<int64_t> bounds);

// "64", or "s0 (<= 512)" for a run-time dim (symbols as the IR prints them).
std::string runDimStr(const ShapeDim &dim);
// "[1, s0 (<= 512), 64]".
std::string runShapeStr(const RunShape &shape);

// The module's run-time dims, in symbol order (attribute picoc.run_dims: [[name, min, max]]).
constexpr const char *kRunDimsAttr = "picoc.run_dims";
std::vector<kir::RunDim> moduleRunDims(mlir::ModuleOp module);
void setModuleRunDims(mlir::ModuleOp module, const std::vector<kir::RunDim> &dims);

// An expression as the kernel IR's affine form; none for a non-affine one (a product of run-time
// dims, a division).
std::optional<kir::DimExpr> toDimExpr(mlir::AffineExpr expr);
// The one spelling of an affine expression: its linear form, c0*s0 + c1*s1 + ... + constant
// (MLIR leaves s1 - (s1 - s0) as written, not as s0). Types hold their dims so, so that equal
// sizes are equal expressions; a non-affine expression is returned as it is.
mlir::AffineExpr canonicalExpr(mlir::AffineExpr expr);

} // namespace picoc

#endif // PICOC_DIALECT_RUNSHAPE_H
