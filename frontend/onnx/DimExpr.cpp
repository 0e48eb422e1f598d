//===- DimExpr.cpp - the value of a named dim, or of an expression over named dims -----===//
//
// Exporters name a dynamic dim by a symbol ("seq") or, when it is derived from others, by an
// expression over symbols: torch.export writes "past + 1", "2*height" or
// "2*(((height - 1)//2)) + 2". A dim_param is looked up as given first; otherwise it is read
// as integers and names combined by + - * // % and parentheses (Python's precedence, floor
// division and modulo), each name taking its --dim value.
//
//===------------------------------------------------------------------------------===//

#include "ImportContext.h"

#include <cctype>

namespace picoc::onnximport {

namespace {

class DimParser {
public:
  DimParser(llvm::StringRef text, const std::map<std::string, int64_t> &dims)
      : text_(text), dims_(dims) {}

  std::optional<int64_t> parse() {
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
  // Keeps values far from overflow: dims are at most 2^31, an expression never needs more.
  std::optional<int64_t> bounded(__int128 v) {
    if (v > (int64_t(1) << 62) || v < -(int64_t(1) << 62))
      return fail("overflows");
    return static_cast<int64_t>(v);
  }
  // The first failure is the one reported.
  std::optional<int64_t> fail(const std::string &why) {
    if (why_.empty())
      why_ = why;
    return std::nullopt;
  }
  std::optional<int64_t> quotient(int64_t a, std::optional<int64_t> b, bool remainder) {
    if (!b)
      return std::nullopt;
    if (*b == 0)
      return fail("divides by zero");
    return remainder ? a - floorDiv(a, *b) * *b : floorDiv(a, *b);
  }

  std::optional<int64_t> sum() {
    auto v = product();
    while (v) {
      if (eat("+")) {
        auto r = product();
        v = r ? bounded(static_cast<__int128>(*v) + *r) : std::nullopt;
      } else if (eat("-")) {
        auto r = product();
        v = r ? bounded(static_cast<__int128>(*v) - *r) : std::nullopt;
      } else {
        break;
      }
    }
    return v;
  }
  std::optional<int64_t> product() {
    auto v = unary();
    while (v) {
      if (eat("*")) {
        auto r = unary();
        v = r ? bounded(static_cast<__int128>(*v) * *r) : std::nullopt;
      } else if (eat("//")) {
        v = quotient(*v, unary(), false);
      } else if (eat("%")) {
        v = quotient(*v, unary(), true);
      } else {
        break;
      }
    }
    return v;
  }
  // Nesting (parentheses, signs) deeper than an exporter ever writes is refused, so the
  // recursion's depth never follows the input's.
  static constexpr int kMaxDepth = 64;

  std::optional<int64_t> unary() {
    if (depth_ >= kMaxDepth)
      return fail("nests deeper than " + std::to_string(kMaxDepth) + " levels");
    if (eat("-")) {
      ++depth_;
      auto v = unary();
      --depth_;
      return v ? std::optional<int64_t>(-*v) : std::nullopt;
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
      return v;
    }
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    std::string name = text_.slice(start, pos_).str();
    if (pos_ == start)
      return fail("is not an expression over named dims (+ - * // % and parentheses)");
    auto it = dims_.find(name);
    if (it == dims_.end())
      return fail("names '" + name + "', which has no value (--dim " + name + "=N)");
    return it->second;
  }

  llvm::StringRef text_;
  const std::map<std::string, int64_t> &dims_;
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
  DimParser parser(param, dims);
  std::optional<int64_t> v = parser.parse();
  if (!v && why)
    *why = parser.why();
  return v;
}

} // namespace picoc::onnximport
