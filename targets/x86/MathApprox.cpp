//===- MathApprox.cpp - vectorizable f32 exp, tanh, erf and sigmoid ------------------===//
//
// See MathApprox.h for the formulas and their accuracy. Polynomials are evaluated by Horner's
// rule, each step `contract`ed so that the backend may fuse it into an FMA (in a row kernel
// the other float ops are not: see KernelBuilder::build).
//
//===------------------------------------------------------------------------------===//
#include "x86/MathApprox.h"

#include "llvm/IR/Intrinsics.h"

#include <initializer_list>

namespace picoc::x86 {

using namespace llvm;

namespace {

Constant *fconst(Type *ty, double v) { return ConstantFP::get(ty, v); }

// c[0] + t * (c[1] + t * (c[2] + ...)).
Value *horner(IRBuilderBase &b, Value *t, std::initializer_list<double> coeffs) {
  IRBuilderBase::FastMathFlagGuard guard(b);
  FastMathFlags fmf = b.getFastMathFlags();
  fmf.setAllowContract();
  b.setFastMathFlags(fmf);
  Type *ty = t->getType();
  const double *c = coeffs.begin();
  size_t n = coeffs.size();
  Value *p = fconst(ty, c[n - 1]);
  for (size_t i = n - 1; i-- > 0;)
    p = b.CreateFAdd(b.CreateFMul(p, t), fconst(ty, c[i]));
  return p;
}

// An integer type with the lanes of float type `ty`.
Type *intLike(Type *ty, unsigned bits) {
  Type *i = Type::getIntNTy(ty->getContext(), bits);
  if (auto *vt = dyn_cast<VectorType>(ty))
    return VectorType::get(i, vt->getElementCount());
  return i;
}

// 2^k as a float for integer k in [-126, 127] (k has intLike(ty, 32) type).
Value *pow2(IRBuilderBase &b, Value *k, Type *ty) {
  Value *bits = b.CreateShl(b.CreateAdd(k, ConstantInt::get(k->getType(), 127)), 23);
  return b.CreateBitCast(bits, ty);
}

} // namespace

Value *emitExpF32(IRBuilderBase &b, Value *x, bool nonPositive) {
  Type *ty = x->getType();
  Type *i32 = intLike(ty, 32);
  // Below ln(FLT_MIN) the result would be subnormal: it is 0 instead (an absolute error
  // under 1.2e-38). Arithmetic that makes or reads subnormals takes a microcode assist on x86
  // cores, and a softmax over long rows of spread scores makes them by the million (twice
  // its time on znver3), so x is clamped there first and the result selected last.
  Value *flush = b.CreateFCmpOLT(x, fconst(ty, kExpFlushBelow));
  // Clamp so that 2^n stays in [-126, 128]; NaN passes both selects unchanged (and then
  // propagates through r, whatever the integer bits of n are).
  if (!nonPositive)
    x = b.CreateSelect(b.CreateFCmpOGT(x, fconst(ty, 89.0)), fconst(ty, 89.0), x);
  x = b.CreateSelect(flush, fconst(ty, kExpFlushBelow), x);
  // n = round(x / ln2) by the 1.5 * 2^23 trick: the sum's low mantissa bits hold n, so the
  // integer needs no conversion (and SSE2 no roundps). Exact for |x / ln2| < 2^22.
  Constant *magic = fconst(ty, 12582912.0);
  Value *t = b.CreateFAdd(b.CreateFMul(x, fconst(ty, 1.44269504088896341)), magic);
  Value *n = b.CreateFSub(t, magic);
  Value *ni = b.CreateSub(b.CreateBitCast(t, i32), ConstantInt::get(i32, 0x4B400000));
  // ln2 = C1 + C2 with C1 exact in 9 bits, so n * C1 is exact.
  Value *r = b.CreateFSub(x, b.CreateFMul(n, fconst(ty, 0.693359375)));
  r = b.CreateFSub(r, b.CreateFMul(n, fconst(ty, -2.12194440e-4)));
  Value *p = horner(b, r,
                    {5.0000001201e-1, 1.6666665459e-1, 4.1665795894e-2, 8.3334519073e-3,
                     1.3981999507e-3, 1.9875691500e-4});
  p = b.CreateFAdd(b.CreateFAdd(b.CreateFMul(p, b.CreateFMul(r, r)), r), fconst(ty, 1.0));
  // Scale by 2^n: for x <= 0, n is in [-126, 0] and 2^n a normal float; else as 2^n1 * 2^n2
  // so that each factor is one.
  if (nonPositive)
    return b.CreateSelect(flush, fconst(ty, 0.0), b.CreateFMul(p, pow2(b, ni, ty)));
  Value *n1 = b.CreateAShr(ni, 1);
  Value *n2 = b.CreateSub(ni, n1);
  Value *e = b.CreateFMul(b.CreateFMul(p, pow2(b, n1, ty)), pow2(b, n2, ty));
  return b.CreateSelect(flush, fconst(ty, 0.0), e);
}

Value *emitTanhF32(IRBuilderBase &b, Value *x) {
  Type *ty = x->getType();
  Value *a = b.CreateUnaryIntrinsic(Intrinsic::fabs, x);
  Value *small = b.CreateFMul(x, horner(b, b.CreateFMul(x, x),
                                        {1.0, -3.333332837e-01, 1.333318353e-01, -5.394469947e-02,
                                         2.169183083e-02, -8.159131743e-03, 2.128522145e-03}));
  Value *e = emitExpF32(b, b.CreateFAdd(a, a));
  Value *large = b.CreateFSub(fconst(ty, 1.0),
                              b.CreateFDiv(fconst(ty, 2.0), b.CreateFAdd(e, fconst(ty, 1.0))));
  large = b.CreateBinaryIntrinsic(Intrinsic::copysign, large, x);
  return b.CreateSelect(b.CreateFCmpOLT(a, fconst(ty, 0.625)), small, large);
}

Value *emitErfF32(IRBuilderBase &b, Value *x) {
  Type *ty = x->getType();
  Value *a = b.CreateUnaryIntrinsic(Intrinsic::fabs, x);
  Value *small = b.CreateFMul(
      x, horner(b, b.CreateFMul(x, x),
                {1.128379226e+00, -3.761263788e-01, 1.128378212e-01, -2.686540037e-02,
                 5.220945459e-03, -8.482831181e-04, 1.125696435e-04, -9.641560609e-06}));
  Value *t = b.CreateFDiv(fconst(ty, 1.0),
                          b.CreateFAdd(fconst(ty, 1.0), b.CreateFMul(a, fconst(ty, 0.5))));
  Value *q = horner(b, t,
                    {-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
                     -1.13520398, 1.48851587, -0.82215223, 0.17087277});
  Value *erfc = b.CreateFMul(t, emitExpF32(b, b.CreateFSub(q, b.CreateFMul(a, a))));
  Value *large =
      b.CreateBinaryIntrinsic(Intrinsic::copysign, b.CreateFSub(fconst(ty, 1.0), erfc), x);
  return b.CreateSelect(b.CreateFCmpOLT(a, fconst(ty, 1.0)), small, large);
}

Value *emitSigmoidF32(IRBuilderBase &b, Value *x) {
  Type *ty = x->getType();
  Value *e = emitExpF32(b, b.CreateFNeg(b.CreateUnaryIntrinsic(Intrinsic::fabs, x)));
  Value *r = b.CreateFDiv(fconst(ty, 1.0), b.CreateFAdd(fconst(ty, 1.0), e));
  return b.CreateSelect(b.CreateFCmpOGE(x, fconst(ty, 0.0)), r, b.CreateFMul(e, r));
}

} // namespace picoc::x86
