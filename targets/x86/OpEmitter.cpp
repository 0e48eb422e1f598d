//===- OpEmitter.cpp - kir elementwise ops and reductions as LLVM IR ------------------===//
//
// ONNX semantics per dtype. Integer division and remainder never trap: a zero divisor gives 0,
// and INT_MIN / -1 wraps. Float comparisons are ordered (NaN compares false); Max/Min
// propagate NaN (llvm.maximum/minimum). Float ops carry the builder's flags: `contract`
// outside row kernels (KernelBuilder::build), and on a product that feeds a sum's step
// (ExprEmitter::setContracted); reduction steps add `reassoc` and `contract`. Nothing assumes
// no NaNs or infs.
//
//===------------------------------------------------------------------------------===//
#include "x86/OpEmitter.h"

#include "x86/MathApprox.h"

#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <cmath>

namespace picoc::x86 {

using namespace llvm;
using kir::DType;
using kir::Op;
using kir::ReduceFn;

Type *registerType(LLVMContext &ctx, DType t) {
  switch (t) {
  case DType::F32: return Type::getFloatTy(ctx);
  case DType::F64: return Type::getDoubleTy(ctx);
  case DType::F16: return Type::getHalfTy(ctx);
  case DType::BF16: return Type::getBFloatTy(ctx);
  case DType::Bool: return Type::getInt1Ty(ctx);
  default: return Type::getIntNTy(ctx, static_cast<unsigned>(kir::dtypeSize(t) * 8));
  }
}

Type *memoryType(LLVMContext &ctx, DType t) {
  return t == DType::Bool   ? Type::getInt8Ty(ctx)
         : t == DType::BF16 ? Type::getInt16Ty(ctx)
                            : registerType(ctx, t);
}

Type *withLanes(Type *scalar, int64_t lanes) {
  return lanes > 1 ? FixedVectorType::get(scalar, static_cast<unsigned>(lanes)) : scalar;
}

namespace {

bool isHalf(DType t) { return t == DType::F16 || t == DType::BF16; }

// `ty`'s scalar replaced by `scalar`, keeping the lanes.
Type *sameShape(Type *ty, Type *scalar) {
  if (auto *vt = dyn_cast<VectorType>(ty))
    return VectorType::get(scalar, vt->getElementCount());
  return scalar;
}

Constant *zeroOf(Type *ty) { return Constant::getNullValue(ty); }

// Calls the libm function `name` (double -> double) once per lane.
// A call of libm's `name` (its float version, `name` + "f", on f32), element by element.
Value *callLibm(IRBuilderBase &b, const char *name, Value *x) {
  Module *m = b.GetInsertBlock()->getModule();
  Type *d = x->getType()->getScalarType();
  std::string symbol = std::string(name) + (d->isFloatTy() ? "f" : "");
  FunctionCallee fn = m->getOrInsertFunction(symbol, FunctionType::get(d, {d}, false));
  auto *vt = dyn_cast<FixedVectorType>(x->getType());
  if (!vt)
    return b.CreateCall(fn, {x});
  Value *r = PoisonValue::get(vt);
  for (unsigned i = 0; i < vt->getNumElements(); ++i)
    r = b.CreateInsertElement(r, b.CreateCall(fn, {b.CreateExtractElement(x, i)}), i);
  return r;
}

// Signed or unsigned a / b (rem: a % b, truncated) with b == 0 -> 0 and INT_MIN / -1 wrapping.
Value *safeIntDiv(IRBuilderBase &b, Value *x, Value *y, bool isSigned, bool rem) {
  Type *ty = x->getType();
  Value *zero = zeroOf(ty), *one = ConstantInt::get(ty, 1);
  Value *isZero = b.CreateICmpEQ(y, zero);
  Value *bad = isZero;
  Value *negOne = nullptr;
  if (isSigned) {
    negOne = b.CreateICmpEQ(y, Constant::getAllOnesValue(ty));
    bad = b.CreateOr(isZero, negOne);
  }
  Value *d = b.CreateSelect(bad, one, y);
  Value *r = isSigned ? (rem ? b.CreateSRem(x, d) : b.CreateSDiv(x, d))
                      : (rem ? b.CreateURem(x, d) : b.CreateUDiv(x, d));
  if (isSigned)
    r = b.CreateSelect(negOne, rem ? zero : b.CreateNeg(x), r);
  return b.CreateSelect(isZero, zero, r);
}

// Fixes a truncated remainder r of x by y into a floor modulo (the divisor's sign).
Value *floorModFixup(IRBuilderBase &b, Value *r, Value *y, bool isFloat) {
  Value *zero = zeroOf(r->getType());
  Value *nonzero, *signsDiffer;
  if (isFloat) {
    nonzero = b.CreateFCmpUNE(r, zero);
    signsDiffer = b.CreateXor(b.CreateFCmpOLT(r, zero), b.CreateFCmpOLT(y, zero));
  } else {
    nonzero = b.CreateICmpNE(r, zero);
    signsDiffer = b.CreateICmpSLT(b.CreateXor(r, y), zero);
  }
  Value *fix = b.CreateAnd(nonzero, signsDiffer);
  return b.CreateSelect(fix, isFloat ? b.CreateFAdd(r, y) : b.CreateAdd(r, y), r);
}

Value *emitFloatUnary(IRBuilderBase &b, Op op, DType t, Value *x) {
  Type *ty = x->getType();
  bool f32 = t == DType::F32;
  auto intr = [&](Intrinsic::ID id) { return b.CreateUnaryIntrinsic(id, x); };
  Value *zero = ConstantFP::get(ty, 0.0), *one = ConstantFP::get(ty, 1.0);
  switch (op) {
  case Op::Neg: return b.CreateFNeg(x);
  case Op::Abs: return intr(Intrinsic::fabs);
  case Op::Exp: return f32 ? emitExpF32(b, x) : intr(Intrinsic::exp);
  case Op::Log: return intr(Intrinsic::log);
  case Op::Sqrt: return intr(Intrinsic::sqrt);
  case Op::Rsqrt: return b.CreateFDiv(one, intr(Intrinsic::sqrt));
  case Op::Recip: return b.CreateFDiv(one, x);
  case Op::Tanh: return f32 ? emitTanhF32(b, x) : callLibm(b, "tanh", x);
  case Op::Erf: return f32 ? emitErfF32(b, x) : callLibm(b, "erf", x);
  case Op::Sigmoid:
    if (f32)
      return emitSigmoidF32(b, x);
    return b.CreateFDiv(one,
                        b.CreateFAdd(one, b.CreateUnaryIntrinsic(Intrinsic::exp, b.CreateFNeg(x))));
  case Op::Relu: return b.CreateSelect(b.CreateFCmpOLT(x, zero), zero, x);
  case Op::Sin: return intr(Intrinsic::sin);
  case Op::Cos: return intr(Intrinsic::cos);
  case Op::Asin: return callLibm(b, "asin", x);
  case Op::Acos: return callLibm(b, "acos", x);
  case Op::Atan: return callLibm(b, "atan", x);
  case Op::Asinh: return callLibm(b, "asinh", x);
  case Op::Acosh: return callLibm(b, "acosh", x);
  case Op::Atanh: return callLibm(b, "atanh", x);
  case Op::Floor: return intr(Intrinsic::floor);
  case Op::Ceil: return intr(Intrinsic::ceil);
  case Op::Round: return intr(Intrinsic::roundeven);
  case Op::Sign: {
    // 1, -1, or x itself for +-0 and NaN.
    Value *neg = b.CreateSelect(b.CreateFCmpOLT(x, zero), ConstantFP::get(ty, -1.0), x);
    return b.CreateSelect(b.CreateFCmpOGT(x, zero), one, neg);
  }
  default: return nullptr;
  }
}

Value *emitIntUnary(IRBuilderBase &b, Op op, DType t, Value *x) {
  Type *ty = x->getType();
  bool s = kir::isSigned(t);
  Value *zero = zeroOf(ty);
  switch (op) {
  case Op::Neg: return b.CreateNeg(x);
  case Op::Abs: return s ? b.CreateBinaryIntrinsic(Intrinsic::abs, x, b.getFalse()) : x;
  case Op::Relu: return s ? b.CreateBinaryIntrinsic(Intrinsic::smax, x, zero) : x;
  case Op::Floor:
  case Op::Ceil:
  case Op::Round: return x;
  case Op::Sign:
    if (!s)
      return b.CreateZExt(b.CreateICmpNE(x, zero), ty);
    return b.CreateSub(b.CreateZExt(b.CreateICmpSGT(x, zero), ty),
                       b.CreateZExt(b.CreateICmpSLT(x, zero), ty));
  case Op::Not: return b.CreateNot(x);
  default: return nullptr;
  }
}

Value *emitFloatBinary(IRBuilderBase &b, Op op, Value *x, Value *y) {
  switch (op) {
  case Op::Add: return b.CreateFAdd(x, y);
  case Op::Sub: return b.CreateFSub(x, y);
  case Op::Mul: return b.CreateFMul(x, y);
  case Op::Div: return b.CreateFDiv(x, y);
  case Op::Pow: return b.CreateBinaryIntrinsic(Intrinsic::pow, x, y);
  case Op::Max: return b.CreateMaximum(x, y);
  case Op::Min: return b.CreateMinimum(x, y);
  case Op::Mod: return floorModFixup(b, b.CreateFRem(x, y), y, true);
  case Op::FMod: return b.CreateFRem(x, y);
  case Op::CmpEq: return b.CreateFCmpOEQ(x, y);
  case Op::CmpLt: return b.CreateFCmpOLT(x, y);
  case Op::CmpLe: return b.CreateFCmpOLE(x, y);
  case Op::CmpGt: return b.CreateFCmpOGT(x, y);
  case Op::CmpGe: return b.CreateFCmpOGE(x, y);
  default: return nullptr;
  }
}

Value *emitIntBinary(IRBuilderBase &b, Op op, DType t, Value *x, Value *y) {
  bool s = kir::isSigned(t);
  switch (op) {
  case Op::Add: return b.CreateAdd(x, y);
  case Op::Sub: return b.CreateSub(x, y);
  case Op::Mul: return b.CreateMul(x, y);
  case Op::Div: return safeIntDiv(b, x, y, s, false);
  case Op::FMod: return safeIntDiv(b, x, y, s, true);
  case Op::Mod:
    return s ? floorModFixup(b, safeIntDiv(b, x, y, true, true), y, false)
             : safeIntDiv(b, x, y, false, true);
  case Op::Pow: {
    Type *d = sameShape(x->getType(), b.getDoubleTy());
    Value *xd = s ? b.CreateSIToFP(x, d) : b.CreateUIToFP(x, d);
    Value *yd = s ? b.CreateSIToFP(y, d) : b.CreateUIToFP(y, d);
    Value *p = b.CreateBinaryIntrinsic(Intrinsic::pow, xd, yd);
    return b.CreateIntrinsic(s ? Intrinsic::fptosi_sat : Intrinsic::fptoui_sat, {x->getType(), d},
                             {p});
  }
  case Op::Max: return b.CreateBinaryIntrinsic(s ? Intrinsic::smax : Intrinsic::umax, x, y);
  case Op::Min: return b.CreateBinaryIntrinsic(s ? Intrinsic::smin : Intrinsic::umin, x, y);
  case Op::CmpEq: return b.CreateICmpEQ(x, y);
  case Op::CmpLt: return s ? b.CreateICmpSLT(x, y) : b.CreateICmpULT(x, y);
  case Op::CmpLe: return s ? b.CreateICmpSLE(x, y) : b.CreateICmpULE(x, y);
  case Op::CmpGt: return s ? b.CreateICmpSGT(x, y) : b.CreateICmpUGT(x, y);
  case Op::CmpGe: return s ? b.CreateICmpSGE(x, y) : b.CreateICmpUGE(x, y);
  case Op::And: return b.CreateAnd(x, y);
  case Op::Or: return b.CreateOr(x, y);
  case Op::Xor: return b.CreateXor(x, y);
  case Op::Shl:
  case Op::Shr: {
    // LLVM's shifts are poison for an amount outside [0, width): select the shifted-out value
    // there (0, or -1 for an arithmetic shift of a negative value) and shift by 0 instead.
    Type *ty = x->getType();
    unsigned width = ty->getScalarSizeInBits();
    Value *zero = Constant::getNullValue(ty);
    Value *inRange = b.CreateICmpULT(y, ConstantInt::get(ty, width));
    Value *amount = b.CreateSelect(inRange, y, zero);
    Value *shifted = op == Op::Shl ? b.CreateShl(x, amount)
                     : s           ? b.CreateAShr(x, amount)
                                   : b.CreateLShr(x, amount);
    Value *out = op == Op::Shr && s ? b.CreateAShr(x, ConstantInt::get(ty, width - 1)) : zero;
    return b.CreateSelect(inRange, shifted, out);
  }
  default: return nullptr;
  }
}

// A float (or vector of them) narrowed to `to`. f32 -> bf16 is rounded to nearest even on the
// integer bits (a NaN stays a quiet NaN of the same sign): LLVM lowers that fptrunc to a call
// of __truncsfbf2 on x86 without AVX512-BF16, which Debian 12's libgcc lacks (the model would
// not load); f64 goes through f32 first.
Value *narrowFloat(IRBuilderBase &b, Value *x, Type *to) {
  if (!to->getScalarType()->isBFloatTy())
    return b.CreateFPTrunc(x, to);
  if (!x->getType()->getScalarType()->isFloatTy())
    x = b.CreateFPTrunc(x, sameShape(x->getType(), b.getFloatTy()));
  Type *i32 = sameShape(x->getType(), b.getInt32Ty());
  auto c = [&](uint32_t v) { return ConstantInt::get(i32, v); };
  Value *bits = b.CreateBitCast(x, i32);
  Value *high = b.CreateLShr(bits, c(16));
  Value *rounded = b.CreateLShr(b.CreateAdd(bits, b.CreateAdd(b.CreateAnd(high, c(1)), c(0x7FFF))),
                                c(16));
  Value *r = b.CreateSelect(b.CreateFCmpUNO(x, x), b.CreateOr(high, c(0x40)), rounded);
  return b.CreateBitCast(b.CreateTrunc(r, sameShape(x->getType(), b.getInt16Ty())), to);
}

// Half types are computed in f32: widen, compute, narrow float results back.
Value *widenHalf(IRBuilderBase &b, Value *x) {
  return b.CreateFPExt(x, sameShape(x->getType(), b.getFloatTy()));
}
Value *narrowHalf(IRBuilderBase &b, Value *r, Type *halfTy) {
  return r->getType()->isFPOrFPVectorTy() ? narrowFloat(b, r, halfTy) : r;
}

bool isMathOp(Op op) {
  switch (op) {
  case Op::Exp:
  case Op::Log:
  case Op::Sqrt:
  case Op::Rsqrt:
  case Op::Recip:
  case Op::Tanh:
  case Op::Erf:
  case Op::Sigmoid:
  case Op::Sin:
  case Op::Cos:
  case Op::Asin:
  case Op::Acos:
  case Op::Atan:
  case Op::Asinh:
  case Op::Acosh:
  case Op::Atanh:
  case Op::Pow: return true;
  default: return false;
  }
}

} // namespace

void defineBFloatConversion(Module &module) {
  LLVMContext &c = module.getContext();
  auto *type = FunctionType::get(Type::getBFloatTy(c), {Type::getFloatTy(c)}, false);
  Function *fn = Function::Create(type, GlobalValue::LinkOnceODRLinkage, "__truncsfbf2", module);
  fn->setVisibility(GlobalValue::HiddenVisibility);
  fn->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> b(BasicBlock::Create(c, "entry", fn));
  b.CreateRet(narrowFloat(b, fn->getArg(0), Type::getBFloatTy(c)));
  appendToCompilerUsed(module, {fn}); // kept until codegen, which is what calls it
}

bool opSupported(Op op, DType t, std::string &why) {
  bool isBool = t == DType::Bool, fp = kir::isFloat(t);
  bool ok = true;
  if (isMathOp(op) && op != Op::Pow)
    ok = fp;
  else if (op == Op::Not || op == Op::And || op == Op::Or || op == Op::Xor)
    ok = !fp;
  else if (op == Op::Shl || op == Op::Shr)
    ok = !fp && !isBool;
  else if (isBool)
    ok = op == Op::Max || op == Op::Min || (op >= Op::CmpEq && op <= Op::CmpGe) || op == Op::Var ||
         op == Op::Const || op == Op::Load || op == Op::Select || op == Op::Cast;
  if (!ok)
    why = std::string(kir::opName(op)) + " on " + kir::dtypeName(t) + " is not supported";
  return ok;
}

Value *emitUnaryOp(IRBuilderBase &b, Op op, DType t, Value *x) {
  if (isHalf(t))
    return narrowHalf(b, emitUnaryOp(b, op, DType::F32, widenHalf(b, x)), x->getType());
  if (t == DType::Bool && op == Op::Not)
    return b.CreateNot(x);
  return kir::isFloat(t) ? emitFloatUnary(b, op, t, x) : emitIntUnary(b, op, t, x);
}

Value *emitBinaryOp(IRBuilderBase &b, Op op, DType t, Value *x, Value *y) {
  if (isHalf(t))
    return narrowHalf(b, emitBinaryOp(b, op, DType::F32, widenHalf(b, x), widenHalf(b, y)),
                      x->getType());
  return kir::isFloat(t) ? emitFloatBinary(b, op, x, y) : emitIntBinary(b, op, t, x, y);
}

Value *emitCast(IRBuilderBase &b, Value *x, DType from, DType to) {
  if (from == to)
    return x;
  Type *dst = sameShape(x->getType(), registerType(b.getContext(), to));
  if (isHalf(from))
    return emitCast(b, widenHalf(b, x), DType::F32, to);
  if (isHalf(to) && !kir::isFloat(from))
    return narrowFloat(b, emitCast(b, x, from, DType::F32), dst);
  if (to == DType::Bool)
    return kir::isFloat(from) ? b.CreateFCmpUNE(x, zeroOf(x->getType()))
                              : b.CreateICmpNE(x, zeroOf(x->getType()));
  if (kir::isFloat(from) && kir::isFloat(to))
    return isHalf(to) ? narrowFloat(b, x, dst) : b.CreateFPCast(x, dst);
  if (kir::isFloat(from))
    return b.CreateIntrinsic(kir::isSigned(to) ? Intrinsic::fptosi_sat : Intrinsic::fptoui_sat,
                             {dst, x->getType()}, {x});
  if (kir::isFloat(to))
    return kir::isSigned(from) ? b.CreateSIToFP(x, dst) : b.CreateUIToFP(x, dst);
  return b.CreateIntCast(x, dst, kir::isSigned(from));
}

Value *emitBitcast(IRBuilderBase &b, Value *x, DType from, DType to) {
  if (from == DType::Bool)
    x = b.CreateZExt(x, sameShape(x->getType(), b.getInt8Ty()));
  if (to == DType::Bool)
    return b.CreateICmpNE(x, zeroOf(x->getType()));
  return b.CreateBitCast(x, sameShape(x->getType(), registerType(b.getContext(), to)));
}

Value *emitEncode(IRBuilderBase &b, Value *x, DType from, DType format, bool saturate) {
  Type *i8 = sameShape(x->getType(), b.getInt8Ty());
  std::optional<kir::FloatFormat> f = kir::floatFormat(format);
  if (!f) // an integer format: its low bits
    return b.CreateAnd(b.CreateIntCast(x, i8, kir::isSigned(from)),
                       ConstantInt::get(i8, (1u << kir::dtypeBits(format)) - 1));
  Type *i32 = sameShape(x->getType(), b.getInt32Ty());
  auto k = [&](uint32_t v) { return ConstantInt::get(i32, v); };
  Value *bits = b.CreateBitCast(x, i32);
  Value *sign = b.CreateLShr(bits, k(31));
  Value *a = b.CreateAnd(bits, k(0x7FFFFFFFu));
  // Below the smallest normal: the subnormal steps, rounded to nearest even.
  Value *scaled = b.CreateFMul(b.CreateUnaryIntrinsic(Intrinsic::fabs, x),
                               ConstantFP::get(x->getType(), std::ldexp(1.0, f->bias - 1 + f->mantissaBits)));
  Value *sub = b.CreateIntrinsic(Intrinsic::fptoui_sat, {i32, x->getType()},
                                {b.CreateUnaryIntrinsic(Intrinsic::roundeven, scaled)});
  // Normal: a's mantissa rounded to the format's (ties to even, carrying into the exponent),
  // the exponent rebiased. (Wraps for a below the normal range, where `sub` is taken.)
  int shift = 23 - f->mantissaBits;
  Value *r = b.CreateLShr(
      b.CreateAdd(b.CreateAdd(a, k((1u << (shift - 1)) - 1)), b.CreateAnd(b.CreateLShr(a, k(shift)), k(1))),
      k(shift));
  Value *normal = b.CreateSub(r, k(static_cast<uint32_t>(127 - f->bias) << f->mantissaBits));
  Value *mag = b.CreateSelect(b.CreateICmpULT(a, k(static_cast<uint32_t>(128 - f->bias) << 23)), sub,
                              normal);
  Value *over = b.CreateICmpUGT(mag, k(f->maxFinite()));
  Value *nan = b.CreateICmpUGT(a, k(0x7F800000u));
  Value *signBit = b.CreateShl(sign, k(f->signShift()));
  Value *code;
  if (f->kind == kir::FloatFormat::Fnuz) {
    Value *m = b.CreateSelect(over, k(f->maxFinite()), mag);
    code = b.CreateSelect(b.CreateICmpEQ(m, k(0)), k(0), b.CreateOr(m, signBit));
    Value *toNan = saturate ? nan : b.CreateOr(nan, over);
    code = b.CreateSelect(toNan, k(f->nanCode()), code);
  } else {
    bool finite = f->kind == kir::FloatFormat::Finite; // saturates always; NaN is 0
    uint32_t overflow = saturate || finite ? f->maxFinite()
                        : f->kind == kir::FloatFormat::Ieee ? f->maxFinite() + 1
                                                             : f->nanCode();
    Value *m = b.CreateSelect(over, k(overflow), mag);
    code = b.CreateOr(m, signBit);
    Value *nanCode = finite ? k(0) : b.CreateOr(k(f->nanCode()), signBit);
    code = b.CreateSelect(nan, nanCode, code);
  }
  return b.CreateTrunc(code, i8);
}

Value *emitDecode(IRBuilderBase &b, Value *bits, DType format) {
  std::optional<kir::FloatFormat> f = kir::floatFormat(format);
  if (!f) {
    unsigned width = static_cast<unsigned>(kir::dtypeBits(format));
    Value *up = b.CreateShl(bits, ConstantInt::get(bits->getType(), 8 - width));
    Value *down = ConstantInt::get(bits->getType(), 8 - width);
    return kir::isSigned(format) ? b.CreateAShr(up, down) : b.CreateLShr(up, down);
  }
  Type *i32 = sameShape(bits->getType(), b.getInt32Ty());
  Type *f32 = sameShape(bits->getType(), b.getFloatTy());
  auto k = [&](uint32_t v) { return ConstantInt::get(i32, v); };
  Value *code = b.CreateZExt(bits, i32);
  Value *sign = b.CreateAnd(b.CreateLShr(code, k(f->signShift())), k(1));
  Value *mag = b.CreateAnd(code, k((1u << f->signShift()) - 1));
  Value *exponent = b.CreateLShr(mag, k(f->mantissaBits));
  Value *mantissa = b.CreateAnd(mag, k((1u << f->mantissaBits) - 1));
  Value *normal = b.CreateBitCast(
      b.CreateOr(b.CreateShl(b.CreateAdd(exponent, k(127 - f->bias)), k(23)),
                 b.CreateShl(mantissa, k(23 - f->mantissaBits))),
      f32);
  Value *sub = b.CreateFMul(b.CreateUIToFP(mantissa, f32),
                            ConstantFP::get(f32, std::ldexp(1.0, 1 - f->bias - f->mantissaBits)));
  Value *v = b.CreateSelect(b.CreateICmpEQ(exponent, k(0)), sub, normal);
  uint32_t top = (1u << f->exponentBits) - 1;
  Value *nan = nullptr; // Finite has none
  if (f->kind == kir::FloatFormat::Fnuz) {
    nan = b.CreateICmpEQ(code, k(f->nanCode()));
  } else if (f->kind == kir::FloatFormat::Fn) {
    nan = b.CreateICmpEQ(mag, k(f->nanCode()));
  } else if (f->kind == kir::FloatFormat::Ieee) {
    Value *topExponent = b.CreateICmpEQ(exponent, k(top));
    nan = b.CreateAnd(topExponent, b.CreateICmpNE(mantissa, k(0)));
    v = b.CreateSelect(topExponent, ConstantFP::getInfinity(f32), v);
  }
  v = b.CreateSelect(b.CreateICmpNE(sign, k(0)), b.CreateFNeg(v), v);
  return nan ? b.CreateSelect(nan, ConstantFP::getNaN(f32), v) : v;
}

Value *fromMemory(IRBuilderBase &b, Value *x, DType t) {
  if (t == DType::BF16)
    return b.CreateBitCast(x, sameShape(x->getType(), b.getBFloatTy()));
  return t == DType::Bool ? b.CreateICmpNE(x, zeroOf(x->getType())) : x;
}

Value *toMemory(IRBuilderBase &b, Value *x, DType t) {
  if (t == DType::BF16)
    return b.CreateBitCast(x, sameShape(x->getType(), b.getInt16Ty()));
  return t == DType::Bool ? b.CreateZExt(x, sameShape(x->getType(), b.getInt8Ty())) : x;
}

Value *reduceIdentity(Type *ty, ReduceFn fn, DType t) {
  Type *s = ty->getScalarType();
  if (kir::isFloat(t)) {
    const fltSemantics &sem = s->getFltSemantics();
    switch (fn) {
    case ReduceFn::Sum: return ConstantFP::get(ty, 0.0);
    case ReduceFn::Prod: return ConstantFP::get(ty, 1.0);
    case ReduceFn::Max: return ConstantFP::get(ty, APFloat::getInf(sem, true));
    case ReduceFn::Min: return ConstantFP::get(ty, APFloat::getInf(sem, false));
    }
  }
  unsigned bits = s->getIntegerBitWidth();
  bool sgn = kir::isSigned(t);
  switch (fn) {
  case ReduceFn::Sum: return ConstantInt::get(ty, 0);
  case ReduceFn::Prod: return ConstantInt::get(ty, 1);
  case ReduceFn::Max:
    return ConstantInt::get(ty, sgn ? APInt::getSignedMinValue(bits) : APInt::getMinValue(bits));
  case ReduceFn::Min:
    return ConstantInt::get(ty, sgn ? APInt::getSignedMaxValue(bits) : APInt::getMaxValue(bits));
  }
  return nullptr;
}

Value *emitReduceStep(IRBuilderBase &b, ReduceFn fn, DType t, Value *acc, Value *x) {
  IRBuilderBase::FastMathFlagGuard guard(b);
  FastMathFlags fmf = b.getFastMathFlags();
  fmf.setAllowReassoc();
  fmf.setAllowContract(); // acc + a * b may become an FMA where the product is contracted too
  b.setFastMathFlags(fmf);
  Op op = fn == ReduceFn::Sum    ? Op::Add
          : fn == ReduceFn::Prod ? Op::Mul
          : fn == ReduceFn::Max  ? Op::Max
                                 : Op::Min;
  return emitBinaryOp(b, op, t, acc, x);
}

Value *emitReduceLanes(IRBuilderBase &b, ReduceFn fn, DType t, Value *acc, Value *lanes) {
  IRBuilderBase::FastMathFlagGuard guard(b);
  FastMathFlags fmf = b.getFastMathFlags();
  fmf.setAllowReassoc();
  b.setFastMathFlags(fmf);
  bool fp = kir::isFloat(t), s = kir::isSigned(t);
  if (fp && fn == ReduceFn::Sum)
    return b.CreateFAddReduce(acc, lanes);
  if (fp && fn == ReduceFn::Prod)
    return b.CreateFMulReduce(acc, lanes);
  Value *folded = nullptr;
  switch (fn) {
  case ReduceFn::Sum: folded = b.CreateAddReduce(lanes); break;
  case ReduceFn::Prod: folded = b.CreateMulReduce(lanes); break;
  case ReduceFn::Max:
    folded = fp ? b.CreateFPMaximumReduce(lanes) : b.CreateIntMaxReduce(lanes, s);
    break;
  case ReduceFn::Min:
    folded = fp ? b.CreateFPMinimumReduce(lanes) : b.CreateIntMinReduce(lanes, s);
    break;
  }
  return emitReduceStep(b, fn, t, acc, folded);
}

} // namespace picoc::x86
