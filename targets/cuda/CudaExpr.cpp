//===- CudaExpr.cpp - kir expression nodes as CUDA C expressions ----------------------===//
//
// One table from (op, dtype) to CUDA C: nodeExpr. Floats use the CUDA math library (expf, erff,
// rintf for round-half-even, ...); the few semantics C lacks (NaN-propagating max/min, floor
// modulo, integer division by zero) are helpers in cudaPrelude(), written out once per program.
//
//===---------------------------------------------------------------------------------===//

#include "CudaExpr.h"

#include "CudaRenderer.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace picoc::cuda {

using namespace kir;

// The C type that holds a value of `t`; null where the renderer has none.
const char *cType(DType t) {
  switch (t) {
  case DType::F32: return "float";
  case DType::F64: return "double";
  case DType::I8: return "signed char";
  case DType::U8: return "unsigned char";
  case DType::I16: return "short";
  case DType::U16: return "unsigned short";
  case DType::I32: return "int";
  case DType::U32: return "unsigned int";
  case DType::I64: return "long long";
  case DType::U64: return "unsigned long long";
  case DType::Bool: return "bool";
  case DType::F16:
  case DType::BF16: return "float"; // computed in f32, rounded to the half type (halfRound)
  case DType::F8E4M3FN:
  case DType::F8E4M3FNUZ:
  case DType::F8E5M2:
  case DType::F8E5M2FNUZ:
  case DType::U4:
  case DType::I4:
  case DType::U2:
  case DType::I2:
  case DType::F4E2M1: return nullptr; // storage only: no value has these types (storageType)
  }
  return nullptr;
}

const char *storageType(DType t) {
  if (isNarrow(t))
    return "unsigned char"; // bits, read as U8 loads and written Encoded
  return t == DType::F16 || t == DType::BF16 ? "unsigned short" : cType(t);
}

std::string storeExpr(DType t, const std::string &value) {
  if (t == DType::F16)
    return "picoc_f32_to_f16(" + value + ")";
  if (t == DType::BF16)
    return "picoc_f32_to_bf16(" + value + ")";
  return value;
}

namespace {

// Inclusive value range of an integer type (U64's top is -1 as int64, printed unsigned).
std::pair<int64_t, int64_t> intRange(DType t) {
  switch (t) {
  case DType::I8: return {INT8_MIN, INT8_MAX};
  case DType::U8: return {0, UINT8_MAX};
  case DType::I16: return {INT16_MIN, INT16_MAX};
  case DType::U16: return {0, UINT16_MAX};
  case DType::I32: return {INT32_MIN, INT32_MAX};
  case DType::U32: return {0, UINT32_MAX};
  case DType::U64: return {0, -1};
  case DType::Bool: return {0, 1};
  default: return {INT64_MIN, INT64_MAX};
  }
}

// Literals are parenthesized when negative, so `-` and casts can be put in front of them.
std::string parenIfNegative(std::string s) { return s[0] == '-' ? "(" + s + ")" : s; }

} // namespace

std::string intLiteral(int64_t v, DType t) {
  switch (t) {
  case DType::Bool: return v ? "true" : "false";
  case DType::I64:
    return v == INT64_MIN ? "(-9223372036854775807LL - 1)"
                          : parenIfNegative(std::to_string(v) + "LL");
  case DType::U64: return std::to_string(static_cast<uint64_t>(v)) + "ull";
  case DType::U32: return std::to_string(static_cast<uint32_t>(v)) + "u";
  case DType::I32:
    return v == INT32_MIN ? "(-2147483647 - 1)" : parenIfNegative(std::to_string(v));
  default: return "((" + std::string(cType(t)) + ")" + parenIfNegative(std::to_string(v)) + ")";
  }
}

namespace {

bool isHalf(DType t) { return t == DType::F16 || t == DType::BF16; }

// NVRTC has no <math.h> macros; the prelude spells the infinities and NaNs as bit patterns.
// Half values live in f32 registers, so their literals are f32 ones.
std::string floatLiteral(double v, DType t) {
  bool f32 = t != DType::F64;
  if (std::isnan(v))
    return f32 ? "PICOC_NAN_F32" : "PICOC_NAN_F64";
  if (std::isinf(v))
    return std::string(v < 0 ? "(-" : "") + (f32 ? "PICOC_INF_F32" : "PICOC_INF_F64") +
           (v < 0 ? ")" : "");
  char buf[40];
  std::snprintf(buf, sizeof buf, f32 ? "%.9g" : "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos)
    s += ".0";
  return parenIfNegative(f32 ? s + "f" : s);
}

std::string literal(double fv, int64_t iv, DType t) {
  return isFloat(t) ? floatLiteral(fv, t) : intLiteral(iv, t);
}
std::string zero(DType t) { return literal(0, 0, t); }
std::string one(DType t) { return literal(1, 1, t); }

} // namespace

// How a node is referred to: variables and constants inline, everything else by SSA name.
std::string dimValue(const DimExpr &e) {
  std::string s = intLiteral(e.constant, DType::I64);
  for (size_t i = 0; i < e.coeffs.size(); ++i)
    if (e.coeffs[i] != 0)
      s += " + " + intLiteral(e.coeffs[i], DType::I64) + " * d" + std::to_string(i);
  return s;
}

std::string ref(const ExprGraph &g, ExprId id) {
  const Node &n = g.node(id);
  if (n.op == Op::Var)
    return "v" + std::to_string(n.arg);
  if (n.op == Op::Dim) // loaded once at the kernel's start
    return "d" + std::to_string(n.arg);
  if (n.op == Op::Const)
    return literal(n.fval, n.ival, n.dtype);
  return "t" + std::to_string(id);
}

// Node `id` as an operand of type `t` (converted if the graph mixes types).
std::string operand(const ExprGraph &g, ExprId id, DType t) {
  std::string s = ref(g, id);
  return g.node(id).dtype == t ? s : "(" + std::string(cType(t)) + ")" + s;
}

namespace {

// The bits of `x` (a value of `t` in registers) as an unsigned integer of t's width.
std::string bitsOf(DType t, const std::string &x) {
  switch (t) {
  case DType::F32: return "__float_as_uint(" + x + ")";
  case DType::F64: return "(unsigned long long)__double_as_longlong(" + x + ")";
  case DType::F16: return "picoc_f32_to_f16(" + x + ")"; // exact: x is a half's value
  case DType::BF16: return "picoc_f32_to_bf16(" + x + ")";
  case DType::Bool: return "(unsigned char)(" + x + " ? 1 : 0)";
  default: return x; // an integer: a C conversion keeps the bits
  }
}

// Bits (an unsigned integer of t's width) as a value of `t` in registers.
std::string bitsAs(DType t, const std::string &bits) {
  switch (t) {
  case DType::F32: return "__uint_as_float((unsigned)" + bits + ")";
  case DType::F64: return "__longlong_as_double((long long)" + bits + ")";
  case DType::F16: return "picoc_f16_to_f32((unsigned short)" + bits + ")";
  case DType::BF16: return "picoc_bf16_to_f32((unsigned short)" + bits + ")";
  case DType::Bool: return "(" + bits + " != 0)";
  default: return "(" + std::string(cType(t)) + ")" + bits;
  }
}

// The constant arguments of picoc_encode_float / picoc_decode_float for format `f`.
std::string formatArgs(const FloatFormat &f) {
  return std::to_string(f.exponentBits) + ", " + std::to_string(f.mantissaBits) + ", " +
         std::to_string(f.bias) + ", " + std::to_string(static_cast<int>(f.kind)) + ", " +
         std::to_string(f.maxFinite()) + "u, " + std::to_string(f.nanCode()) + "u";
}

// nodeExpr before a half result is rounded.
std::optional<std::string> exprOf(const ExprGraph &g, ExprId id, const ParamMap &params) {
  const Node &n = g.node(id);
  const DType t = n.dtype;
  const char *ct = cType(t);
  if (!ct)
    return std::nullopt;
  const bool fp = isFloat(t), f32 = t != DType::F64, boolean = t == DType::Bool;
  const bool sint = isSigned(t), uint = !fp && !boolean && !sint;
  auto arg = [&](int i) { return operand(g, n.src[i], t); };
  // A CUDA math function: `expf` for f32, `exp` for f64.
  auto math = [&](const char *f, int arity = 1) -> std::optional<std::string> {
    if (!fp)
      return std::nullopt;
    std::string s = std::string(f) + (f32 ? "f(" : "(") + arg(0);
    return s + (arity == 2 ? ", " + arg(1) : "") + ")";
  };
  auto infix = [&](const char *op) { return arg(0) + " " + op + " " + arg(1); };
  std::optional<int64_t> constRhs; // an integer constant right operand (divisor, addend)
  if (n.src[1] != kNoExpr && !fp && !boolean && g.node(n.src[1]).dtype == t)
    constRhs = g.constValue(n.src[1]);

  switch (n.op) {
  case Op::Var:
  case Op::Const:
  case Op::Reduce:
  case Op::Dim: // inline (ref)
    return std::nullopt;
  case Op::Load: {
    auto it = params.find(n.arg);
    if (it == params.end() || !cType(g.node(n.src[0]).dtype))
      return std::nullopt;
    std::string load = it->second + "[" + ref(g, n.src[0]) + "]";
    if (t == DType::F16)
      load = "picoc_f16_to_f32(" + load + ")";
    if (t == DType::BF16)
      load = "picoc_bf16_to_f32(" + load + ")";
    if (n.src[1] == kNoExpr)
      return load;
    return operand(g, n.src[1], DType::Bool) + " ? " + load + " : " + zero(t);
  }
  case Op::Exp: return math("exp");
  case Op::Log: return math("log");
  case Op::Sqrt: return math("sqrt");
  case Op::Rsqrt: return math("rsqrt");
  case Op::Tanh: return math("tanh");
  case Op::Erf: return math("erf");
  case Op::Sin: return math("sin");
  case Op::Cos: return math("cos");
  case Op::Asin: return math("asin");
  case Op::Acos: return math("acos");
  case Op::Atan: return math("atan");
  case Op::Asinh: return math("asinh");
  case Op::Acosh: return math("acosh");
  case Op::Atanh: return math("atanh");
  case Op::Pow: { // integers: in f64, saturated to the type's range (NaN: 0)
    if (fp)
      return math("pow", 2);
    if (boolean)
      return std::nullopt;
    auto [lo, hi] = intRange(t);
    return "picoc_ipow(" + arg(0) + ", " + arg(1) + ", " + intLiteral(lo, t) + ", " +
           intLiteral(hi, t) + ")";
  }
  case Op::Recip:
    if (!fp)
      return std::nullopt;
    return one(t) + " / " + arg(0);
  case Op::Sigmoid:
    if (!fp)
      return std::nullopt;
    return one(t) + " / (" + one(t) + " + " + (f32 ? "expf(-" : "exp(-") + arg(0) + "))";
  case Op::Floor:
  case Op::Ceil:
  case Op::Round: // rint rounds half to even in the default rounding mode, as ONNX Round does
    if (boolean)
      return std::nullopt;
    if (!fp)
      return arg(0);
    return math(n.op == Op::Floor ? "floor" : n.op == Op::Ceil ? "ceil" : "rint");
  case Op::Neg:
    if (boolean || uint)
      return std::nullopt;
    return "-" + arg(0);
  case Op::Abs:
    if (boolean)
      return std::nullopt;
    if (fp)
      return math("fabs");
    return uint ? arg(0) : arg(0) + " < 0 ? -" + arg(0) + " : " + arg(0);
  case Op::Relu: // NaN < 0 is false: NaN passes through, as in ONNX
    if (boolean)
      return std::nullopt;
    return uint ? arg(0) : arg(0) + " < " + zero(t) + " ? " + zero(t) + " : " + arg(0);
  case Op::Sign:
    if (boolean)
      return std::nullopt;
    if (fp) // 0, -0 and NaN map to themselves
      return arg(0) + " > " + zero(t) + " ? " + one(t) + " : (" + arg(0) + " < " + zero(t) +
             " ? " + literal(-1, -1, t) + " : " + arg(0) + ")";
    if (uint)
      return "(" + std::string(ct) + ")(" + arg(0) + " != 0)";
    return "(" + std::string(ct) + ")((" + arg(0) + " > 0) - (" + arg(0) + " < 0))";
  case Op::Not:
    if (fp)
      return std::nullopt;
    return boolean ? "!" + arg(0) : "(" + std::string(ct) + ")~" + arg(0);
  case Op::Add:
    if (boolean)
      return std::nullopt;
    if (constRhs && *constRhs < 0 && *constRhs != intRange(t).first && sint) // x + -1 as x - 1
      return arg(0) + " - " + intLiteral(-*constRhs, t);
    return infix("+");
  case Op::Sub:
  case Op::Mul:
    if (boolean)
      return std::nullopt;
    return infix(n.op == Op::Sub ? "-" : "*");
  case Op::Div: // integers: truncating, x / 0 == 0
    if (boolean)
      return std::nullopt;
    if (fp || (constRhs && *constRhs != 0))
      return infix("/");
    return "picoc_idiv(" + arg(0) + ", " + arg(1) + ")";
  case Op::Mod: // floor modulo; plain % where both sides are known non-negative
    if (boolean)
      return std::nullopt;
    if (constRhs && *constRhs > 0 && (uint || g.bounds(n.src[0]).first >= 0))
      return infix("%");
    return "picoc_mod(" + arg(0) + ", " + arg(1) + ")";
  case Op::FMod: // truncated modulo, x % 0 == 0 for integers
    if (boolean)
      return std::nullopt;
    if (fp)
      return math("fmod", 2);
    if (constRhs && *constRhs != 0)
      return infix("%");
    return "picoc_irem(" + arg(0) + ", " + arg(1) + ")";
  case Op::Max:
  case Op::Min: // NaN-propagating for floats, || and && for Bool (see the prelude)
    return std::string(n.op == Op::Max ? "picoc_max(" : "picoc_min(") + arg(0) + ", " + arg(1) +
           ")";
  case Op::CmpEq:
  case Op::CmpLt:
  case Op::CmpLe:
  case Op::CmpGt:
  case Op::CmpGe: {
    DType at = g.node(n.src[0]).dtype;
    if (!cType(at))
      return std::nullopt;
    const char *op = n.op == Op::CmpEq   ? " == "
                     : n.op == Op::CmpLt ? " < "
                     : n.op == Op::CmpLe ? " <= "
                     : n.op == Op::CmpGt ? " > "
                                         : " >= ";
    return ref(g, n.src[0]) + op + operand(g, n.src[1], at);
  }
  case Op::And:
  case Op::Or:
  case Op::Xor:
    if (fp)
      return std::nullopt;
    if (boolean)
      return infix(n.op == Op::And ? "&&" : n.op == Op::Or ? "||" : "!=");
    return infix(n.op == Op::And ? "&" : n.op == Op::Or ? "|" : "^");
  case Op::Shl:
  case Op::Shr: {
    // C leaves a shift by an amount outside [0, width) undefined (and a left shift of a
    // negative value): compare the amount as unsigned, shift the unsigned form left.
    if (fp || boolean)
      return std::nullopt;
    std::string width = std::to_string(dtypeSize(t) * 8);
    std::string inRange = "(unsigned long long)" + arg(1) + " < " + width + "ull";
    std::string shifted, out = zero(t);
    if (n.op == Op::Shl) {
      shifted = "(" + std::string(ct) + ")((unsigned long long)" + arg(0) + " << " + arg(1) + ")";
    } else {
      shifted = "(" + std::string(ct) + ")(" + arg(0) + " >> " + arg(1) + ")";
      if (sint)
        out = "(" + std::string(ct) + ")(" + arg(0) + " < 0 ? -1 : 0)";
    }
    return "(" + inRange + " ? " + shifted + " : " + out + ")";
  }
  case Op::Select:
    return operand(g, n.src[0], DType::Bool) + " ? " + arg(1) + " : " + arg(2);
  case Op::Bitcast: {
    DType from = g.node(n.src[0]).dtype;
    if (!cType(from) || dtypeBits(from) != dtypeBits(t))
      return std::nullopt;
    return bitsAs(t, bitsOf(from, ref(g, n.src[0])));
  }
  case Op::Encode: {
    auto format = static_cast<DType>(n.arg);
    std::optional<FloatFormat> f = floatFormat(format);
    if (!f)
      return "(unsigned char)(" + ref(g, n.src[0]) + " & " +
             std::to_string((1 << dtypeBits(format)) - 1) + ")";
    return "picoc_encode_float(" + ref(g, n.src[0]) + ", " + formatArgs(*f) + ", " +
           (n.ival ? "true" : "false") + ")";
  }
  case Op::Decode: {
    auto format = static_cast<DType>(n.arg);
    std::optional<FloatFormat> f = floatFormat(format);
    if (!f) {
      std::string up = std::to_string(8 - dtypeBits(format));
      return "(" + std::string(ct) + ")((" + std::string(ct) + ")(" + ref(g, n.src[0]) +
             " << " + up + ") >> " + up + ")";
    }
    return "picoc_decode_float(" + ref(g, n.src[0]) + ", " + formatArgs(*f) + ")";
  }
  case Op::Cast: {
    DType from = g.node(n.src[0]).dtype;
    if (!cType(from))
      return std::nullopt;
    if (boolean && from != DType::Bool)
      return ref(g, n.src[0]) + " != " + zero(from);
    if (t == DType::F16 && from == DType::F64) // one rounding, not f64 -> f32 -> f16
      return "picoc_f16_to_f32(picoc_f64_to_f16(" + ref(g, n.src[0]) + "))";
    return "(" + std::string(ct) + ")" + ref(g, n.src[0]);
  }
  }
  return std::nullopt;
}

} // namespace

// The right-hand side that computes node `id`, or nullopt if the op is not defined (here) for
// its dtype. Var, Const and Reduce nodes are not computed by an expression of their own. A half
// result (computed in f32) is rounded to its type, as if the op were done in that type.
std::optional<std::string> nodeExpr(const ExprGraph &g, ExprId id, const ParamMap &params) {
  std::optional<std::string> e = exprOf(g, id, params);
  const Node &n = g.node(id);
  if (!e || !isHalf(n.dtype) || n.op == Op::Load)
    return e;
  return std::string(n.dtype == DType::F16 ? "picoc_round_f16(" : "picoc_round_bf16(") + *e +
         ")";
}

std::optional<std::string> reduceIdentity(ReduceFn fn, DType t) {
  bool boolean = t == DType::Bool;
  switch (fn) {
  case ReduceFn::Sum:
    return boolean ? std::nullopt : std::optional(zero(t));
  case ReduceFn::Prod:
    return boolean ? std::nullopt : std::optional(one(t));
  case ReduceFn::Max:
    return isFloat(t) ? floatLiteral(-INFINITY, t) : intLiteral(intRange(t).first, t);
  case ReduceFn::Min:
    return isFloat(t) ? floatLiteral(INFINITY, t) : intLiteral(intRange(t).second, t);
  }
  return std::nullopt;
}

std::string reduceCombine(ReduceFn fn, const std::string &a, const std::string &b) {
  switch (fn) {
  case ReduceFn::Sum: return a + " + " + b;
  case ReduceFn::Prod: return a + " * " + b;
  case ReduceFn::Max: return "picoc_max(" + a + ", " + b + ")";
  case ReduceFn::Min: return "picoc_min(" + a + ", " + b + ")";
  }
  return a;
}

namespace {
const char *basePrelude(); // the helpers every target architecture has, below

// d += a * b by a warpgroup: wgmma m64nNk8 tf32 for N = 64, 96, ..., 256 (the sizes a wgmma
// opt's N tile may have, CudaRenderer's checkTiling), b (8 x N) by a matrix descriptor
// (picoc_wgmma_desc) of a tile in shared memory stored along k, a (64 x 8) by one too, or in
// registers: this thread's fragment of its warp's 16 rows (warp w of the warpgroup: rows 16w
// on) in picoc_mma_tf32's `a` layout. d: N / 2 accumulators; with g = lane / 4 and q = lane %
// 4, d[4j + e] is row g (+ 8 for e >= 2) of the warp's 16, column 8j + 2q (+ 1 for odd e).
std::string wgmmaHelpers() {
  std::string out;
  for (int n = 64; n <= 256; n += 32) { // the widths CudaRenderer's checkTiling allows
    for (bool registers : {false, true}) {
      const int count = n / 2;
      std::string regs, operands;
      for (int i = 0; i < count; ++i) {
        regs += (i ? ", %" : "%") + std::to_string(i);
        operands += std::string(i ? ", " : "") + "\"+f\"(d[" + std::to_string(i) + "])";
      }
      auto at = [&](int i) { return "%" + std::to_string(count + i); };
      const int b = registers ? 4 : 1; // the operand after a's
      out += "__device__ __forceinline__ void picoc_wgmma_tf32_n" + std::to_string(n) +
             "(float (&d)[" + std::to_string(count) + "], " +
             (registers ? "const unsigned (&a)[4]" : "unsigned long long a") +
             ", unsigned long long b) {\n"
             "  asm volatile(\"{\\n.reg .pred p;\\nsetp.ne.b32 p, " + at(b + 1) +
             ", 0;\\nwgmma.mma_async.sync.aligned.m64n" + std::to_string(n) +
             "k8.f32.tf32.tf32 {" + regs + "}, " +
             (registers ? "{" + at(0) + ", " + at(1) + ", " + at(2) + ", " + at(3) + "}"
                        : at(0)) +
             ", " + at(b) + ", p, 1, 1;\\n}\"\n"
             "               : " + operands + "\n"
             "               : " +
             (registers ? "\"r\"(a[0]), \"r\"(a[1]), \"r\"(a[2]), \"r\"(a[3])"
                        : "\"l\"(a)") +
             ", \"l\"(b), \"r\"(1));\n}\n";
    }
  }
  return out;
}
} // namespace

const char *cudaPrelude() {
  static const std::string prelude = std::string(basePrelude()) + R"(
// Warpgroup MMA (sm_90a: a wgmma opt's images; the others render its mma.sync form).
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
// Shared memory written by the threads (cp.async, stores) before the tensor cores read it.
__device__ __forceinline__ void picoc_fence_proxy_async() {
  asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
}
// Orders the registers the next wgmmas read and write after the instructions before it.
__device__ __forceinline__ void picoc_wgmma_fence() {
  asm volatile("wgmma.fence.sync.aligned;" ::: "memory");
}
__device__ __forceinline__ void picoc_wgmma_commit() {
  asm volatile("wgmma.commit_group.sync.aligned;" ::: "memory");
}
// Returns when at most the N latest committed groups of wgmmas are in flight.
template <int N> __device__ __forceinline__ void picoc_wgmma_wait() {
  asm volatile("wgmma.wait_group.sync.aligned %0;" :: "n"(N) : "memory");
}
// The matrix descriptor of a tile stored [rows][32 f32] with the 128-byte swizzle (16-byte
// chunk c of row r at chunk c ^ (r % 8)), 1024-byte aligned: start address, leading byte
// offset 16 (unused by this layout), stride byte offset 1024 (8 rows to the next 8), swizzle
// mode 1 (128 bytes). Each k8 step's descriptor adds 32 bytes (2 in the address's units).
__device__ __forceinline__ unsigned long long picoc_wgmma_desc(const void *tile) {
  const unsigned long long at = __cvta_generic_to_shared(tile);
  return ((at & 0x3FFFF) >> 4) | (1ull << 16) | ((1024ull >> 4) << 32) | (1ull << 62);
}
)" + wgmmaHelpers() + "#endif\n";
  return prelude.c_str();
}

namespace {
const char *basePrelude() {
  return R"(// Helpers shared by the kernels below.
#define PICOC_INF_F32 __int_as_float(0x7f800000)
#define PICOC_NAN_F32 __int_as_float(0x7fc00000)
#define PICOC_INF_F64 __longlong_as_double(0x7ff0000000000000ll)
#define PICOC_NAN_F64 __longlong_as_double(0x7ff8000000000000ll)

// ONNX Max/Min propagate NaN (fmaxf/fminf return the other operand); on Bool they are or/and.
__device__ __forceinline__ float picoc_max(float a, float b) {
  return a != a || b != b ? a + b : fmaxf(a, b);
}
__device__ __forceinline__ float picoc_min(float a, float b) {
  return a != a || b != b ? a + b : fminf(a, b);
}
__device__ __forceinline__ double picoc_max(double a, double b) {
  return a != a || b != b ? a + b : fmax(a, b);
}
__device__ __forceinline__ double picoc_min(double a, double b) {
  return a != a || b != b ? a + b : fmin(a, b);
}
template <typename T> __device__ __forceinline__ T picoc_max(T a, T b) { return a < b ? b : a; }
template <typename T> __device__ __forceinline__ T picoc_min(T a, T b) { return b < a ? b : a; }

// Floor modulo (ONNX Mod with fmod=0): the result has the divisor's sign.
__device__ __forceinline__ float picoc_mod(float a, float b) {
  float r = fmodf(a, b);
  return r != 0.0f && (r < 0.0f) != (b < 0.0f) ? r + b : r;
}
__device__ __forceinline__ double picoc_mod(double a, double b) {
  double r = fmod(a, b);
  return r != 0.0 && (r < 0.0) != (b < 0.0) ? r + b : r;
}
// Integer division and remainders by zero give 0 (C leaves them undefined).
template <typename T> __device__ __forceinline__ T picoc_mod(T a, T b) {
  if (b == 0)
    return 0;
  T r = a % b;
  if constexpr (T(-1) < T(0))
    if (r != 0 && (r < 0) != (b < 0))
      r += b;
  return r;
}
template <typename T> __device__ __forceinline__ T picoc_idiv(T a, T b) {
  return b == 0 ? T(0) : T(a / b);
}
template <typename T> __device__ __forceinline__ T picoc_irem(T a, T b) {
  return b == 0 ? T(0) : T(a % b);
}
// Integer Pow: computed in f64, saturated to [lo, hi], NaN to 0.
template <typename T> __device__ __forceinline__ T picoc_ipow(T a, T b, T lo, T hi) {
  double p = pow((double)a, (double)b);
  return p != p ? T(0) : p <= (double)lo ? lo : p >= (double)hi ? hi : T(p);
}

// float16 and bfloat16 are stored as their bits and computed in f32 (PTX conversions, rounding
// to nearest even).
__device__ __forceinline__ float picoc_f16_to_f32(unsigned short h) {
  float f;
  asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
  return f;
}
__device__ __forceinline__ unsigned short picoc_f32_to_f16(float f) {
  unsigned short h;
  asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
  return h;
}
__device__ __forceinline__ unsigned short picoc_f64_to_f16(double d) {
  unsigned short h;
  asm("cvt.rn.f16.f64 %0, %1;" : "=h"(h) : "d"(d));
  return h;
}
__device__ __forceinline__ float picoc_bf16_to_f32(unsigned short h) {
  return __uint_as_float((unsigned int)h << 16);
}
__device__ __forceinline__ unsigned short picoc_f32_to_bf16(float f) {
  unsigned short h;
  asm("cvt.rn.bf16.f32 %0, %1;" : "=h"(h) : "f"(f));
  return h;
}
__device__ __forceinline__ float picoc_round_f16(float f) {
  return picoc_f16_to_f32(picoc_f32_to_f16(f));
}
__device__ __forceinline__ float picoc_round_bf16(float f) {
  return picoc_bf16_to_f32(picoc_f32_to_bf16(f));
}

// The narrow float formats (float8, float4): bits <-> f32 as kir::encodeFloat / decodeFloat
// compute them. kind: 0 IEEE-like (inf and NaNs at the top exponent), 1 FN (one NaN
// magnitude, all ones), 2 FNUZ (NaN is 0x80, no negative zero), 3 finite (no inf or NaN:
// saturates, NaN becomes 0). The format arguments are literals, so each call folds to its
// format's code.
__device__ __forceinline__ unsigned char picoc_encode_float(float x, int e, int m, int bias,
                                                            int kind, unsigned max_finite,
                                                            unsigned nan_code, bool saturate) {
  unsigned bits = __float_as_uint(x), sign = bits >> 31, a = bits & 0x7FFFFFFFu;
  if (a > 0x7F800000u)
    return (unsigned char)(kind >= 2 ? nan_code : nan_code | sign << (e + m));
  unsigned mag;
  if (a < (unsigned)(128 - bias) << 23) {
    mag = (unsigned)rintf(fabsf(x) * ldexpf(1.0f, bias - 1 + m));
  } else {
    int shift = 23 - m;
    unsigned r = (a + ((1u << (shift - 1)) - 1) + ((a >> shift) & 1)) >> shift;
    mag = r - ((unsigned)(127 - bias) << m);
  }
  if (mag > max_finite) {
    if (saturate || kind == 3)
      mag = max_finite;
    else if (kind == 2)
      return (unsigned char)nan_code;
    else
      mag = kind == 0 ? max_finite + 1 : nan_code;
  }
  if (kind == 2 && mag == 0)
    return 0;
  return (unsigned char)(mag | sign << (e + m));
}
__device__ __forceinline__ float picoc_decode_float(unsigned char code, int e, int m, int bias,
                                                    int kind, unsigned max_finite,
                                                    unsigned nan_code) {
  unsigned sign = (code >> (e + m)) & 1, mag = code & ((1u << (e + m)) - 1);
  unsigned exponent = mag >> m, mantissa = mag & ((1u << m) - 1), top = (1u << e) - 1;
  bool nan = kind == 2   ? code == nan_code
             : kind == 1 ? mag == nan_code
             : kind == 0 ? exponent == top && mantissa != 0
                         : false;
  if (nan)
    return __uint_as_float(0x7FC00000u);
  float v;
  if (kind == 0 && exponent == top)
    v = __uint_as_float(0x7F800000u);
  else if (exponent == 0)
    v = (float)mantissa * ldexpf(1.0f, 1 - bias - m);
  else
    v = __uint_as_float((exponent + 127 - bias) << 23 | mantissa << (23 - m));
  return sign ? -v : v;
}

// Asynchronous copies into shared memory (sm_80 and later), for a tiled contraction's stages:
// 4 bytes from global `src` to shared `dst`, or 4 zero bytes where `inside` is false (then
// nothing is read). Copies are committed as groups; picoc_cp_async_wait<N> returns when at
// most the N latest groups are in flight, the thread's copies before them in shared memory.
__device__ __forceinline__ void picoc_cp_async4(void *dst, const void *src, bool inside) {
  const unsigned to = static_cast<unsigned>(__cvta_generic_to_shared(dst));
  asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;"
               :: "r"(to), "l"(src), "r"(inside ? 4 : 0) : "memory");
}
// The same for 16 bytes (both addresses 16-byte aligned), not kept in L1.
__device__ __forceinline__ void picoc_cp_async16(void *dst, const void *src, bool inside) {
  const unsigned to = static_cast<unsigned>(__cvta_generic_to_shared(dst));
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;"
               :: "r"(to), "l"(src), "r"(inside ? 16 : 0) : "memory");
}
__device__ __forceinline__ void picoc_cp_async_commit() {
  asm volatile("cp.async.commit_group;" ::: "memory");
}
template <int N> __device__ __forceinline__ void picoc_cp_async_wait() {
  asm volatile("cp.async.wait_group %0;" :: "n"(N) : "memory");
}

// Tensor cores (a tiled contraction's mma opt). tf32: f32 rounded to 10 mantissa bits, to
// nearest, ties away (cvt.rna). A tf32x3 operand is its tf32 part and the tf32 of the rest.
__device__ __forceinline__ unsigned picoc_tf32(float f) {
  unsigned t;
  asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(t) : "f"(f));
  return t;
}
__device__ __forceinline__ unsigned picoc_tf32_rest(float f, unsigned big) {
  return picoc_tf32(f - __uint_as_float(big));
}
// d += a * b for a warp's 16 x 8 tile of d, a 16 x 8 (row) and b 8 x 8 (column) in the
// m16n8k8 fragment layout: with g = lane / 4 and q = lane % 4, a = {A[g][q], A[g + 8][q],
// A[g][q + 4], A[g + 8][q + 4]}, b = {B[q][g], B[q + 4][g]}, d = {D[g][2q], D[g][2q + 1],
// D[g + 8][2q], D[g + 8][2q + 1]}.
__device__ __forceinline__ void picoc_mma_tf32(float (&d)[4], const unsigned (&a)[4],
                                               const unsigned (&b)[2]) {
  asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, "
               "{%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
               : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
)";
}
} // namespace

} // namespace picoc::cuda
