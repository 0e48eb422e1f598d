//===- KernelEmitter.h - a kir::Kernel as an x86 LLVM function ------------------------===//
//
// Each kernel becomes `void <symbol>(void *const *args, int64_t begin, int64_t end)`, a
// picort_kernel_fn: args[0] is the output buffer, args[1 + i] the buffer kernel.inputs[i];
// [begin, end) is a range of the launch index (the flattened parallel dims, see LoopPlan.h).
// The function loads the pointers and calls an internal body whose pointer parameters are
// `noalias` wherever the buffers' memory cannot overlap the output.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_KERNELEMITTER_H
#define PICOC_TARGETS_X86_KERNELEMITTER_H

#include "picoc/Kernel/KernelIR.h"

#include <string>

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace picoc::x86 {

// The function attributes every emitted function carries.
struct CodegenAttrs {
  std::string cpu;
  std::string features;
  int lanes = 8;      // f32 lanes of the machine's vector registers
  int registers = 16; // vector registers
};
void setCodegenAttrs(llvm::Function &fn, const CodegenAttrs &attrs);

// True if emitKernel can compile `kernel`; otherwise `why` says what it lacks.
bool checkKernel(const kir::Kernel &kernel, std::string &why);

// Emits `kernel` (one of `program`'s) as function `symbol` with internal linkage. Returns null
// with `error` set when checkKernel fails.
llvm::Function *emitKernel(llvm::Module &module, const kir::Program &program,
                           const kir::Kernel &kernel, const std::string &symbol,
                           const CodegenAttrs &attrs, std::string &error);

// What emitKernel's function depends on: the kernel's structural key (kir::structuralKey) and
// which of its slots may overlap its output (the noalias attributes). Kernels of equal keys
// share one function.
std::string emittedKernelKey(const kir::Program &program, const kir::Kernel &kernel);

} // namespace picoc::x86

#endif // PICOC_TARGETS_X86_KERNELEMITTER_H
