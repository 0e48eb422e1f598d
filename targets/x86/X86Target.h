//===- X86Target.h - the x86-64 code generator ----------------------------------------===//
//
// Target names: x86-64 (SSE2), x86-64-v2, x86-64-v3 (AVX2 + FMA), x86-64-v4 (AVX-512),
// znver4, and host (the CPU and features of the machine running picoc).
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_X86TARGET_H
#define PICOC_TARGETS_X86_X86TARGET_H

#include "picoc/Target/Target.h"

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace picoc {

// True if `name` is one of the names above.
bool isX86TargetName(const std::string &name);

// Returns null with `error` set if LLVM cannot create a machine for the target.
std::unique_ptr<Target> createX86Target(const TargetOptions &options, std::string &error);

namespace x86 {
// An x86-64 machine for `cpu` ("x86-64", "znver4", ...) with `features` (PIC, aggressive code
// generation): it writes the host side of every object, the GPU target's too.
std::unique_ptr<llvm::TargetMachine> createMachine(const std::string &cpu,
                                                   const std::string &features,
                                                   std::string &error);
// The O3 pipeline for `tm`.
void optimize(llvm::TargetMachine &tm, llvm::Module &module);
// Writes `module` as an object file.
bool writeObject(llvm::TargetMachine &tm, llvm::Module &module, llvm::raw_pwrite_stream &out,
                 std::string &error);
} // namespace x86

} // namespace picoc

#endif // PICOC_TARGETS_X86_X86TARGET_H
