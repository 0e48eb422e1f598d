//===- DimExpr.cpp - the value of a named dim, or of an expression over named dims -----===//
//
// Exporters name a dynamic dim by a symbol ("seq") or, when it is derived from others, by an
// expression over symbols: torch.export writes "past + 1", "2*height" or
// "2*(((height - 1)//2)) + 2". A dim_param is looked up as given first; otherwise it is read
// as integers and names combined by + - * // % and parentheses (Python's precedence, floor
// division and modulo), each name taking its --dim value. One parser reads them two ways:
// as a number (every name has a value), or as an affine expression of the run-time dims
// (--dim seq=1..512; `--dim total=past+1` names an expression for a dim_param).
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cctype>

using namespace mlir;

namespace picoc::onnximport {

namespace {

// Integer arithmetic, every name a --dim value. Values stay far from overflow: dims are at
// most 2^31, an expression never needs more.
struct IntArith {
  using T = int64_t;
  const std::map<std::string, int64_t> &dims;

  std::optional<T> bounded(__int128 v, std::string &why) const {
    if (v > (int64_t(1) << 62) || v < -(int64_t(1) << 62)) {
      why = "overflows";
      return std::nullopt;
    }
    return static_cast<int64_t>(v);
  }
  std::optional<T> number(int64_t v, std::string &) const { return v; }
  std::optional<T> name(const std::string &n, std::string &why) const {
    auto it = dims.find(n);
    if (it == dims.end()) {
      why = "names '" + n + "', which has no value (--dim " + n + "=N)";
      return std::nullopt;
    }
    return it->second;
  }
  std::optional<T> add(T a, T b, std::string &why) const {
    return bounded(static_cast<__int128>(a) + b, why);
  }
  std::optional<T> mul(T a, T b, std::string &why) const {
    return bounded(static_cast<__int128>(a) * b, why);
  }
  std::optional<T> neg(T a, std::string &) const { return -a; }
  std::optional<T> quotient(T a, T b, bool remainder, std::string &why) const {
    if (b == 0) {
      why = "divides by zero";
      return std::nullopt;
    }
    return remainder ? a - floorDiv(a, b) * b : floorDiv(a, b);
  }
};

// Affine expressions of the run-time dims: a run-time dim is its symbol, a static one its
// value; products need a constant side, divisions a positive constant divisor.
struct AffineArith {
  using T = AffineExpr;
  MLIRContext *ctx;
  const std::map<std::string, int64_t> &dims;
  const std::map<std::string, std::pair<int64_t, int64_t>> &runDims;

  static std::optional<int64_t> constant(T e) {
    if (auto c = dyn_cast<AffineConstantExpr>(e))
      return c.getValue();
    return std::nullopt;
  }
  std::optional<T> number(int64_t v, std::string &) const {
    return getAffineConstantExpr(v, ctx);
  }
  std::optional<T> name(const std::string &n, std::string &why) const {
    if (auto it = runDims.find(n); it != runDims.end())
      return getAffineSymbolExpr(static_cast<unsigned>(std::distance(runDims.begin(), it)),
                                 ctx);
    if (auto it = dims.find(n); it != dims.end())
      return getAffineConstantExpr(it->second, ctx);
    why = "names '" + n + "', which has no value (--dim " + n + "=N or =MIN..MAX)";
    return std::nullopt;
  }
  std::optional<T> add(T a, T b, std::string &) const { return a + b; }
  std::optional<T> mul(T a, T b, std::string &why) const {
    if (!constant(a) && !constant(b)) {
      why = "multiplies two run-time dims";
      return std::nullopt;
    }
    return a * b;
  }
  std::optional<T> neg(T a, std::string &) const { return -a; }
  std::optional<T> quotient(T a, T b, bool remainder, std::string &why) const {
    std::optional<int64_t> c = constant(b);
    if (!c || *c <= 0) {
      why = "divides by something other than a positive constant";
      return std::nullopt;
    }
    return remainder ? a % *c : a.floorDiv(*c);
  }
};

template <typename Arith> class DimParser {
  using T = typename Arith::T;

public:
  DimParser(llvm::StringRef text, Arith arith) : text_(text), arith_(std::move(arith)) {}

  std::optional<T> parse() {
    auto v = sum();
    skipSpace();
    if (v && pos_ != text_.size())
      return fail("is not an expression over named dims (+ - * // % and parentheses)");
    return v;
  }

  const std::string &why() const { return why_; }

private:
  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
  }
  bool eat(llvm::StringRef token) {
    skipSpace();
    if (!text_.substr(pos_).starts_with(token))
      return false;
    pos_ += token.size();
    return true;
  }
  // The first failure is the one reported.
  std::optional<T> fail(const std::string &why) {
    if (why_.empty())
      why_ = why;
    return std::nullopt;
  }
  // An arithmetic step: its result, or the first failure.
  std::optional<T> step(std::optional<T> v, const std::string &why) {
    return v ? v : fail(why);
  }

  std::optional<T> sum() {
    auto v = product();
    while (v) {
      std::string why;
      if (eat("+")) {
        auto r = product();
        v = r ? step(arith_.add(*v, *r, why), why) : std::nullopt;
      } else if (eat("-")) {
        auto r = product();
        std::optional<T> negated = r ? arith_.neg(*r, why) : std::nullopt;
        v = negated ? step(arith_.add(*v, *negated, why), why) : std::nullopt;
      } else {
        break;
      }
    }
    return v;
  }
  std::optional<T> product() {
    auto v = unary();
    while (v) {
      std::string why;
      bool remainder = false;
      if (eat("*")) {
        auto r = unary();
        v = r ? step(arith_.mul(*v, *r, why), why) : std::nullopt;
      } else if (eat("//") || (remainder = eat("%"))) {
        auto r = unary();
        v = r ? step(arith_.quotient(*v, *r, remainder, why), why) : std::nullopt;
      } else {
        break;
      }
    }
    return v;
  }
  // Nesting (parentheses, signs) deeper than an exporter ever writes is refused, so the
  // recursion's depth never follows the input's.
  static constexpr int kMaxDepth = 64;

  std::optional<T> unary() {
    if (depth_ >= kMaxDepth)
      return fail("nests deeper than " + std::to_string(kMaxDepth) + " levels");
    std::string why;
    if (eat("-")) {
      ++depth_;
      auto v = unary();
      --depth_;
      return v ? step(arith_.neg(*v, why), why) : std::nullopt;
    }
    if (eat("(")) {
      ++depth_;
      auto v = sum();
      --depth_;
      if (v && !eat(")"))
        return fail("has an unclosed parenthesis");
      return v;
    }
    skipSpace();
    size_t start = pos_;
    if (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      int64_t v = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        v = v * 10 + (text_[pos_++] - '0');
        if (v > (int64_t(1) << 62))
          return fail("overflows");
      }
      return step(arith_.number(v, why), why);
    }
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    std::string name = text_.slice(start, pos_).str();
    if (pos_ == start)
      return fail("is not an expression over named dims (+ - * // % and parentheses)");
    return step(arith_.name(name, why), why);
  }

  llvm::StringRef text_;
  Arith arith_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string why_;
};

} // namespace

std::optional<int64_t> namedDimValue(llvm::StringRef param,
                                     const std::map<std::string, int64_t> &dims,
                                     std::string *why) {
  auto given = dims.find(param.str());
  if (given != dims.end())
    return given->second;
  DimParser<IntArith> parser(param, IntArith{dims});
  std::optional<int64_t> v = parser.parse();
  if (!v && why)
    *why = parser.why();
  return v;
}

std::optional<AffineExpr> runDimExpr(MLIRContext *ctx, llvm::StringRef param,
                                     const ImportOptions &options, std::string *why) {
  std::string text = param.str();
  if (auto named = options.dimExprs.find(text); named != options.dimExprs.end())
    text = named->second; // --dim total=past+1
  DimParser<AffineArith> parser(text, AffineArith{ctx, options.dims, options.runDims});
  std::optional<AffineExpr> e = parser.parse();
  if (!e && why)
    *why = parser.why();
  return e;
}

} // namespace picoc::onnximport
