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
    return v && pos_ == text_.size() ? v : std::nullopt;
  }

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
  static std::optional<int64_t> bounded(__int128 v) {
    if (v > (int64_t(1) << 62) || v < -(int64_t(1) << 62))
      return std::nullopt;
    return static_cast<int64_t>(v);
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
        auto r = unary();
        v = r && *r != 0 ? std::optional<int64_t>(floorDiv(*v, *r)) : std::nullopt;
      } else if (eat("%")) {
        auto r = unary();
        v = r && *r != 0 ? std::optional<int64_t>(*v - floorDiv(*v, *r) * *r) : std::nullopt;
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
      return std::nullopt;
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
      return v && eat(")") ? v : std::nullopt;
    }
    skipSpace();
    size_t start = pos_;
    if (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      int64_t v = 0;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        v = v * 10 + (text_[pos_++] - '0');
        if (v > (int64_t(1) << 62))
          return std::nullopt;
      }
      return v;
    }
    while (pos_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    auto it = dims_.find(text_.slice(start, pos_).str());
    if (pos_ == start || it == dims_.end())
      return std::nullopt;
    return it->second;
  }

  llvm::StringRef text_;
  const std::map<std::string, int64_t> &dims_;
  size_t pos_ = 0;
  int depth_ = 0;
};

} // namespace

std::optional<int64_t> namedDimValue(llvm::StringRef param,
                                     const std::map<std::string, int64_t> &dims) {
  auto given = dims.find(param.str());
  if (given != dims.end())
    return given->second;
  return DimParser(param, dims).parse();
}

} // namespace picoc::onnximport
