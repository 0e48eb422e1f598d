//===- OpEmitter.h - kir elementwise ops and reductions as LLVM IR --------------------===//
//
// The semantics of every kir::Op for every dtype, in one place: each function works on
// scalars and on vectors of any width alike, so the kernel emitter can call it for one value
// or for W lanes. Types: Bool is i1 in registers and i8 in memory; F16/BF16 are computed in f32.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_OPEMITTER_H
#define PICOC_TARGETS_X86_OPEMITTER_H

#include "picoc/Kernel/KernelIR.h"

#include "llvm/IR/IRBuilder.h"

#include <string>

namespace picoc::x86 {

llvm::Type *registerType(llvm::LLVMContext &ctx, kir::DType t);
llvm::Type *memoryType(llvm::LLVMContext &ctx, kir::DType t);
// `scalar`, or a vector of `lanes` of it when lanes > 1.
llvm::Type *withLanes(llvm::Type *scalar, int64_t lanes);

// True if `op` on operands of dtype `t` can be emitted; otherwise `why` says what is missing.
bool opSupported(kir::Op op, kir::DType t, std::string &why);

// `t` is the operands' dtype (for comparisons too: the result is then Bool).
llvm::Value *emitUnaryOp(llvm::IRBuilderBase &b, kir::Op op, kir::DType t, llvm::Value *x);
llvm::Value *emitBinaryOp(llvm::IRBuilderBase &b, kir::Op op, kir::DType t, llvm::Value *x,
                          llvm::Value *y);
llvm::Value *emitCast(llvm::IRBuilderBase &b, llvm::Value *x, kir::DType from, kir::DType to);

// `x`'s bits as `to`, a type of the same width (Bool: a byte, nonzero is true).
llvm::Value *emitBitcast(llvm::IRBuilderBase &b, llvm::Value *x, kir::DType from, kir::DType to);

// Narrow formats (kir Encode / Decode): `x` (F32 for the float formats, any integer for the
// integer ones) as the format's bits in an i8, and bits back to wideType(format); as
// kir::encodeFloat / decodeFloat compute them.
llvm::Value *emitEncode(llvm::IRBuilderBase &b, llvm::Value *x, kir::DType from, kir::DType format,
                        bool saturate);
llvm::Value *emitDecode(llvm::IRBuilderBase &b, llvm::Value *bits, kir::DType format);

// Defines __truncsfbf2 (f32 -> bf16, rounded to nearest even) in `module`, hidden and merged
// across objects: LLVM's code generator calls it for a bfloat operation it widens to f32 on an
// x86 without AVX512-BF16, and Debian 12's libgcc (GCC 12) does not have it.
void defineBFloatConversion(llvm::Module &module);

// Register value <-> memory value: Bool is a byte in memory, BF16 its 16 bits (LLVM lowers
// bfloat loads and gathers through f32 conversions, which call __truncsfbf2 on x86 without
// AVX512-BF16; an i16 moves the bits as they are).
llvm::Value *fromMemory(llvm::IRBuilderBase &b, llvm::Value *x, kir::DType t);
llvm::Value *toMemory(llvm::IRBuilderBase &b, llvm::Value *x, kir::DType t);

// Reductions: the identity (of type `ty`, scalar or vector), one step acc (+) x, and the
// horizontal fold of vector `lanes` into scalar `acc`. Float steps may be reassociated.
llvm::Value *reduceIdentity(llvm::Type *ty, kir::ReduceFn fn, kir::DType t);
llvm::Value *emitReduceStep(llvm::IRBuilderBase &b, kir::ReduceFn fn, kir::DType t,
                            llvm::Value *acc, llvm::Value *x);
llvm::Value *emitReduceLanes(llvm::IRBuilderBase &b, kir::ReduceFn fn, kir::DType t,
                             llvm::Value *acc, llvm::Value *lanes);

} // namespace picoc::x86

#endif // PICOC_TARGETS_X86_OPEMITTER_H
