//===- PlanEmitter.h - the picort_model_desc and entry points of a model --------------===//
//
// Adds to a module that already holds the kernel functions (program order) everything else
// the object exports, with layouts matching runtime-lib/include/picort.h exactly:
//
//   <prefix>_desc      picort_model_desc (external), its tensor descs, launches and args
//   <prefix>_weights   the embedded blob: 64-byte aligned, in .lrodata.picoc_weights (large)
//   <prefix>_create    (weights_path, out) -> picort_model_create(&desc, {0, weights_path}, out)
//   <prefix>_run       -> picort_model_run
//   <prefix>_destroy   -> picort_model_destroy
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_PLANEMITTER_H
#define PICOC_TARGETS_X86_PLANEMITTER_H

#include "picoc/Target/Target.h"

#include "x86/KernelEmitter.h"

#include <string>
#include <vector>

namespace picoc::x86 {

// `weightsBlob` is embedded when options.weights is Embed and the blob is not null; with a
// null blob (textual dumps) the desc records no weights pointer. `kernels[i]` is the function
// of program.kernels[i].
bool emitPlan(llvm::Module &module, const kir::Program &program, const TargetOptions &options,
              const std::vector<char> *weightsBlob, const std::vector<llvm::Function *> &kernels,
              const CodegenAttrs &attrs, std::string &error);

} // namespace picoc::x86

#endif // PICOC_TARGETS_X86_PLANEMITTER_H
