//===- MathApprox.h - vectorizable f32 exp, tanh, erf and sigmoid --------------------===//
//
// LLVM has no tanh/erf intrinsics that vectorize, and llvm.exp on a vector becomes one libm
// call per lane. These build the functions from IR arithmetic instead, so that they work on
// scalars and on vectors of any width alike. Accuracy (checked by X86TargetTest against libm):
//
//   exp      Cody-Waite reduction x = n ln2 + r, |r| <= ln2/2, Cephes degree-7 polynomial,
//            scaled by 2^n in two steps; ~1 ulp. Results that would be subnormal (x below
//            ln(FLT_MIN), kExpFlushBelow) are 0: subnormal arithmetic is slow on x86.
//   tanh     |x| < 0.625: x * P(x^2) (fitted, relative error < 2e-7);
//            else copysign(1 - 2 / (exp(2|x|) + 1), x).
//   erf      |x| < 1: x * P(x^2) (fitted); else copysign(1 - erfc(|x|), x) with
//            erfc(a) = t exp(-a^2 + Q(t)), t = 1 / (1 + a/2) (Numerical Recipes' erfcc,
//            fractional error < 1.2e-7).
//   sigmoid  e = exp(-|x|), r = 1 / (1 + e); x >= 0 ? r : e * r (no overflow, no cancellation).
//
// NaN propagates through all of them; exp(-inf) = 0, exp(+inf) = +inf.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TARGETS_X86_MATHAPPROX_H
#define PICOC_TARGETS_X86_MATHAPPROX_H

#include "llvm/IR/IRBuilder.h"

namespace picoc::x86 {

// ln(FLT_MIN) rounded up to a float: exp below it is flushed to 0.
constexpr float kExpFlushBelow = -87.336544f;

// Each takes and returns a float or a <N x float>. `nonPositive`: x is known to be <= 0 or
// NaN (a softmax's x - max), which saves the upper clamp and one of the two scalings.
llvm::Value *emitExpF32(llvm::IRBuilderBase &b, llvm::Value *x, bool nonPositive = false);
llvm::Value *emitTanhF32(llvm::IRBuilderBase &b, llvm::Value *x);
llvm::Value *emitErfF32(llvm::IRBuilderBase &b, llvm::Value *x);
llvm::Value *emitSigmoidF32(llvm::IRBuilderBase &b, llvm::Value *x);

} // namespace picoc::x86

#endif // PICOC_TARGETS_X86_MATHAPPROX_H
