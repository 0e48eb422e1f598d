//===- picoc-opt.cpp - runs picoc's graph passes on textual IR (for lit tests) --------===//

#include "picoc/Dialect/PicocDialect.h"
#include "picoc/Passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<picoc::PicocDialect, mlir::func::FuncDialect>();
  picoc::registerPicocPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "picoc graph-pass driver\n", registry));
}
