//===- InferShapes.cpp - picoc-graph-infer-shapes -----------------------------------===//
//
// Rewrites: the result type of every op with InferTypeOpInterface, then the function's
//           result types from its returned values.
// Why:      rewrites that replace an operand (folding, decomposition) may leave a result type
//           stale; kernels are generated from these types, so they must be exact.
// Needs:    ranked operand types.
// Ensures:  every result type equals the inferred one, or the pass fails at the op.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Passes/Passes.h"

namespace picoc {
#define GEN_PASS_DEF_INFERSHAPES
#include "picoc/Passes/Passes.h.inc"

namespace {
struct InferShapesPass : impl::InferShapesBase<InferShapesPass> {
  void runOnOperation() override {
    mlir::func::FuncOp func = getOperation();
    auto result = func.walk([&](mlir::InferTypeOpInterface op) {
      llvm::SmallVector<mlir::Type> types;
      if (mlir::failed(op.inferReturnTypes(
              op->getContext(), op->getLoc(), op->getOperands(), op->getAttrDictionary(),
              op->getPropertiesStorage(), op->getRegions(), types)))
        return mlir::WalkResult::interrupt();
      for (auto [value, type] : llvm::zip(op->getResults(), types))
        if (value.getType() != type)
          value.setType(type);
      return mlir::WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    if (func.getBody().empty())
      return;
    auto ret = llvm::cast<mlir::func::ReturnOp>(func.getBody().back().getTerminator());
    func.setType(mlir::FunctionType::get(&getContext(), func.getArgumentTypes(),
                                         ret.getOperandTypes()));
  }
};
} // namespace
} // namespace picoc
