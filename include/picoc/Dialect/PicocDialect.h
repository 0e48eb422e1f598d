//===- PicocDialect.h - the picoc graph dialect --------------------------------------===//
#ifndef PICOC_DIALECT_PICOCDIALECT_H
#define PICOC_DIALECT_PICOCDIALECT_H

#include "picoc/Kernel/KernelIR.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "picoc/Dialect/PicocDialect.h.inc"
#include "picoc/Dialect/PicocEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "picoc/Dialect/PicocAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "picoc/Dialect/PicocTypes.h.inc"

#define GET_OP_CLASSES
#include "picoc/Dialect/PicocOps.h.inc"

namespace picoc {

// Numpy broadcast of two shapes; fails if a pair of dims differs and neither is 1.
mlir::FailureOr<llvm::SmallVector<int64_t>> broadcastShapes(llvm::ArrayRef<int64_t> a,
                                                            llvm::ArrayRef<int64_t> b);

// The kernel IR's element type of a tensor element type: f16/bf16/f32/f64, i1 (Bool), signless
// iN (signed) and uiN (unsigned); none for anything else.
std::optional<kir::DType> dtypeOf(mlir::Type elementType);

// True for comparisons and logical functions, whose result is i1.
bool isPredicate(BinaryFn fn);

// A unit attribute on an op whose result must be written to memory by its own kernel (a
// layout copy), never inlined into its consumers by fusion.
constexpr const char *kMaterializeAttr = "picoc.materialize";

// A string attribute on a result of @main: the result is no model output but a run-time
// check, one i8 (any shape of one element) whose nonzero value fails the run with the attribute's message (an
// index out of range). Checks come after the model's outputs.
constexpr const char *kCheckAttr = "picoc.check";

// Constants up to this many elements are folded at compile time; larger ones stay weights.
constexpr int64_t kMaxFoldElements = 4096;

} // namespace picoc

#endif // PICOC_DIALECT_PICOCDIALECT_H
