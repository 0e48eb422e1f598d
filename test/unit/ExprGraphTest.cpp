// ExprGraph: hash-consing and the index simplifications that make views compose.
#include "picoc/Kernel/KernelIR.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace picoc::kir;

TEST_CASE("equal nodes share one id", "[kernel]") {
  ExprGraph g;
  ExprId a = g.add(g.var(0), g.constInt(3));
  ExprId b = g.add(g.var(0), g.constInt(3));
  REQUIRE(a == b);
  REQUIRE(g.add(g.var(0), g.constInt(0)) == g.var(0));
  REQUIRE(g.mulConst(g.var(1), 1) == g.var(1));
}

TEST_CASE("reshape of a reshape folds back to the linear index", "[kernel]") {
  // [12] viewed as [3, 4] and back: (i / 4) * 4 + i % 4 == i
  ExprGraph g;
  g.setVarRange(0, 12);
  ExprId i = g.var(0);
  ExprId row = g.modConst(g.divConst(i, 4), 3), col = g.modConst(i, 4);
  REQUIRE(g.add(g.mulConst(row, 4), col) == i);
}

TEST_CASE("a dim split in three recombines into the linear index", "[kernel]") {
  // [576] viewed as [64, 3, 3] and read back row-major (the filter of an im2col matmul):
  // (x / 9) * 9 + ((x / 3) % 3) * 3 + x % 3 == x, through the split-dim fold
  // 3*((x / 3) % 3) + x % 3 -> x % 9 and then 9*(x / 9) + x % 9 -> x.
  ExprGraph g;
  g.setVarRange(0, 576);
  ExprId x = g.var(0);
  ExprId c = g.modConst(g.divConst(x, 9), 64), kh = g.modConst(g.divConst(x, 3), 3);
  ExprId kw = g.modConst(x, 3);
  ExprId index = g.add(g.add(g.mulConst(c, 9), g.mulConst(kh, 3)), kw);
  REQUIRE(index == x);
  // The fold keeps its scale: 120 times the same sum is 120 * x.
  ExprId scaled = g.add(g.add(g.mulConst(c, 1080), g.mulConst(kh, 360)), g.mulConst(kw, 120));
  REQUIRE(scaled == g.mulConst(x, 120));
}

TEST_CASE("split heads then transpose: each index is read back exactly", "[kernel]") {
  // [B=2, S=16, H*D=64] -> [B, S, H=4, D=16] -> transpose to [B, H, S, D]; output vars b,h,s,d.
  ExprGraph g;
  int64_t S = 16, H = 4, D = 16;
  g.setVarRange(0, 2);
  g.setVarRange(1, H);
  g.setVarRange(2, S);
  g.setVarRange(3, D);
  ExprId b = g.var(0), h = g.var(1), s = g.var(2), d = g.var(3);
  // linear index in the [B, S, H, D] reshape result, then delinearized into [B, S, H*D]
  ExprId lin = g.add(g.add(g.mulConst(b, S * H * D), g.mulConst(s, H * D)),
                     g.add(g.mulConst(h, D), d));
  ExprId b2 = g.modConst(g.divConst(lin, S * H * D), 2);
  ExprId s2 = g.modConst(g.divConst(lin, H * D), S);
  ExprId hd = g.modConst(lin, H * D);
  REQUIRE(b2 == b);
  REQUIRE(s2 == s);
  REQUIRE(hd == g.add(g.mulConst(h, D), d));
}

TEST_CASE("contiguity along a variable is a constant difference", "[kernel]") {
  ExprGraph g;
  g.setVarRange(0, 8);
  g.setVarRange(1, 32);
  ExprId idx = g.add(g.mulConst(g.var(0), 32), g.var(1));
  ExprId next = g.substitute(idx, 1, g.addConst(g.var(1), 1));
  REQUIRE(g.constValue(g.binary(Op::Sub, next, idx)) == 1);
  ExprId nextRow = g.substitute(idx, 0, g.addConst(g.var(0), 1));
  REQUIRE(g.constValue(g.binary(Op::Sub, nextRow, idx)) == 32);
}

TEST_CASE("range analysis decides padding guards", "[kernel]") {
  ExprGraph g;
  g.setVarRange(0, 10);
  ExprId i = g.var(0);
  REQUIRE(g.constValue(g.binary(Op::CmpGe, i, g.constInt(0))) == 1);
  REQUIRE(g.constValue(g.binary(Op::CmpLt, i, g.constInt(10))) == 1);
  REQUIRE_FALSE(g.constValue(g.binary(Op::CmpLt, i, g.constInt(9))).has_value());
  // a guard that is always true disappears from the load
  ExprId load = g.load(0, DType::F32, i, g.binary(Op::CmpGe, i, g.constInt(0)));
  REQUIRE(g.node(load).src[1] == kNoExpr);
}

TEST_CASE("constants fold with ONNX semantics", "[kernel]") {
  ExprGraph g;
  REQUIRE(g.constValue(g.binary(Op::Mod, g.constInt(-7), g.constInt(3))) == 2);
  REQUIRE(g.constValue(g.binary(Op::FMod, g.constInt(-7), g.constInt(3))) == -1);
  REQUIRE(g.constValue(g.binary(Op::Div, g.constInt(-7), g.constInt(2))) == -3);
  ExprId f = g.binary(Op::Mul, g.constFloat(1.5), g.constFloat(2.0));
  REQUIRE(g.node(f).fval == 3.0);
}

// And/Or/Xor/Not are logical on Bool and bitwise on integers; shifts by an amount outside
// [0, width) (as unsigned) shift every bit out, and a signed right shift is arithmetic.
TEST_CASE("bitwise ops and shifts fold per type", "[kernel]") {
  ExprGraph g;
  auto c = [&](int64_t v, DType t) { return g.constInt(v, t); };
  CHECK(g.constValue(g.binary(Op::And, c(12, DType::I32), c(10, DType::I32))) == 8);
  CHECK(g.constValue(g.binary(Op::Or, c(12, DType::I32), c(10, DType::I32))) == 14);
  CHECK(g.constValue(g.binary(Op::Xor, c(12, DType::U8), c(10, DType::U8))) == 6);
  CHECK(g.constValue(g.unary(Op::Not, c(5, DType::U8))) == 250);
  CHECK(g.constValue(g.unary(Op::Not, c(5, DType::I8))) == -6);
  CHECK(g.constValue(g.binary(Op::And, g.constBool(true), g.constBool(true))) == 1);
  CHECK(g.constValue(g.unary(Op::Not, g.constBool(true))) == 0);
  CHECK(g.constValue(g.binary(Op::Shl, c(64, DType::I8), c(1, DType::I8))) == -128);
  CHECK(g.constValue(g.binary(Op::Shl, c(-8, DType::I8), c(8, DType::I8))) == 0);
  CHECK(g.constValue(g.binary(Op::Shl, c(4, DType::I8), c(-1, DType::I8))) == 0);
  CHECK(g.constValue(g.binary(Op::Shr, c(-8, DType::I8), c(1, DType::I8))) == -4);
  CHECK(g.constValue(g.binary(Op::Shr, c(-8, DType::I8), c(9, DType::I8))) == -1);
  CHECK(g.constValue(g.binary(Op::Shr, c(4, DType::I8), c(-16, DType::I8))) == 0);
  CHECK(g.constValue(g.binary(Op::Shr, c(200, DType::U8), c(3, DType::U8))) == 25);
  CHECK(g.constValue(g.binary(Op::Shr, c(-1, DType::I64), c(63, DType::I64))) == -1);
}

// Index constants from a model can be absurd: folding and the linear form wrap as the generated
// i64 code does, and never divide INT64_MIN by -1 (a SIGFPE on x86) or overflow themselves.
TEST_CASE("integer folding wraps and survives INT64_MIN / -1", "[kernel]") {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  ExprGraph g;
  CHECK(g.constValue(g.binary(Op::Div, g.constInt(kMin), g.constInt(-1))) == kMin);
  CHECK(g.constValue(g.binary(Op::Mod, g.constInt(kMin), g.constInt(-1))) == 0);
  CHECK(g.constValue(g.binary(Op::FMod, g.constInt(kMin), g.constInt(-1))) == 0);
  CHECK(g.constValue(g.add(g.constInt(kMax), g.constInt(1))) == kMin);
  CHECK(g.constValue(g.mul(g.constInt(kMin), g.constInt(-1))) == kMin);
  // A linear form with a huge coefficient and constant: built, not overflowed.
  g.setVarRange(0, 8);
  ExprId e = g.add(g.mulConst(g.addConst(g.var(0), kMin), -1), g.constInt(kMax));
  CHECK(e != kNoExpr);
}

TEST_CASE("float8 and float4 codes decode and encode back, rounding and overflow per format",
          "[kernel]") {
  for (DType t : {DType::F8E4M3FN, DType::F8E4M3FNUZ, DType::F8E5M2, DType::F8E5M2FNUZ,
                  DType::F4E2M1}) {
    FloatFormat f = *floatFormat(t);
    for (int code = 0; code < 2 << f.signShift(); ++code) {
      float v = decodeFloat(f, static_cast<uint8_t>(code));
      if (v != v) { // NaN: every NaN encodes to the format's NaN
        REQUIRE(std::isnan(decodeFloat(f, encodeFloat(f, v, false))));
        continue;
      }
      bool negativeZero = f.kind == FloatFormat::Fnuz && code == 0x80;
      REQUIRE(!negativeZero);
      // exact values keep their code, infinities included when not saturating
      REQUIRE(encodeFloat(f, v, false) == code);
    }
  }
  FloatFormat e4m3 = *floatFormat(DType::F8E4M3FN), e5m2 = *floatFormat(DType::F8E5M2);
  REQUIRE(decodeFloat(e4m3, 0x7E) == 448.0f);
  REQUIRE(decodeFloat(e4m3, 0x01) == std::ldexp(1.0f, -9)); // the smallest subnormal
  REQUIRE(encodeFloat(e4m3, 464.0f, false) == 0x7E);          // a tie: to the even 448
  REQUIRE(std::isnan(decodeFloat(e4m3, encodeFloat(e4m3, 480.0f, false))));
  REQUIRE(encodeFloat(e4m3, 1e9f, true) == 0x7E);
  REQUIRE(encodeFloat(e4m3, -INFINITY, true) == 0xFE);
  REQUIRE(encodeFloat(e4m3, std::ldexp(1.5f, -10), false) == 0x01); // ties to even, subnormal
  REQUIRE(encodeFloat(e5m2, 61440.0f, false) == 0x7C);               // rounds up to inf
  REQUIRE(encodeFloat(e5m2, 61440.0f, true) == 0x7B);
  FloatFormat fnuz = *floatFormat(DType::F8E4M3FNUZ);
  REQUIRE(encodeFloat(fnuz, -0.0f, false) == 0x00); // no negative zero
  REQUIRE(encodeFloat(fnuz, INFINITY, false) == 0x80);
  REQUIRE(encodeFloat(fnuz, INFINITY, true) == 0x7F); // 240
  FloatFormat e2m1 = *floatFormat(DType::F4E2M1); // 0, 0.5, 1, 1.5, 2, 3, 4, 6
  REQUIRE(decodeFloat(e2m1, 0x7) == 6.0f);
  REQUIRE(decodeFloat(e2m1, 0x1) == 0.5f);
  REQUIRE(encodeFloat(e2m1, 5.0f, false) == 0x6);   // a tie: to the even 4
  REQUIRE(encodeFloat(e2m1, 0.75f, false) == 0x2);  // a tie: to the even 1
  REQUIRE(encodeFloat(e2m1, 1e9f, false) == 0x7);   // no infinity: saturates always
  REQUIRE(encodeFloat(e2m1, -INFINITY, false) == 0xF);
  REQUIRE(encodeFloat(e2m1, NAN, false) == 0x0);    // no NaN: 0
}

TEST_CASE("a decoded value encodes back to its own bits", "[kernel]") {
  ExprGraph g;
  ExprId bits = g.load(0, DType::U8, g.var(0));
  ExprId v = g.decode(bits, DType::F8E5M2);
  REQUIRE(g.node(v).dtype == DType::F32);
  REQUIRE(g.encode(v, DType::F8E5M2, false) == bits);
  REQUIRE(g.encode(v, DType::F8E5M2, true) != bits); // an infinity would saturate
  REQUIRE(g.encode(v, DType::F8E4M3FN, false) != bits);
}
