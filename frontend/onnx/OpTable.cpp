//===- OpTable.cpp - the rows of PICOC_ONNX_OPS ---------------------------------------===//

#include "OpTable.h"

#include "llvm/ADT/StringMap.h"

#include <iterator>
#include <limits>

namespace picoc::onnximport {
namespace {

const OpInfo kOps[] = {
#define PICOC_OP_ROW(op, minOpset, maxOpset, importFn, tag, checkFn, attrs)                      \
  {#op, minOpset, maxOpset, importFn, static_cast<int64_t>(tag), checkFn, attrs},
    PICOC_ONNX_OPS(PICOC_OP_ROW)
#undef PICOC_OP_ROW
};
static_assert(std::size(kOps) == kNumOnnxOps, "every PICOC_ONNX_OPS row is in kOps");

} // namespace

void noCheck(const OnnxNode &) {}

const OpInfo *findOp(llvm::StringRef opType) {
  static const llvm::StringMap<const OpInfo *> byName = [] {
    llvm::StringMap<const OpInfo *> m;
    for (const OpInfo &info : kOps)
      m[info.opType] = &info;
    return m;
  }();
  auto it = byName.find(opType);
  return it == byName.end() ? nullptr : it->second;
}

llvm::ArrayRef<OpInfo> allOps() { return kOps; }

namespace {
// The entry of `name` in an attribute list ("axes:is@1-12"), split into its type and opset
// range (every opset when the entry has none).
struct AttributeEntry {
  llvm::StringRef type;
  int minOpset = 1, maxOpset = std::numeric_limits<int>::max();
};
std::optional<AttributeEntry> findAttribute(const char *attributes, llvm::StringRef name) {
  llvm::SmallVector<llvm::StringRef> entries;
  llvm::StringRef(attributes).split(entries, ' ', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef entry : entries) {
    auto [entryName, rest] = entry.split(':');
    if (entryName != name)
      continue;
    auto [type, range] = rest.split('@');
    AttributeEntry e{type};
    if (!range.empty()) {
      auto [lo, hi] = range.split('-');
      lo.getAsInteger(10, e.minOpset);
      hi.getAsInteger(10, e.maxOpset);
    }
    return e;
  }
  return std::nullopt;
}
} // namespace

llvm::StringRef attributeType(const char *attributes, llvm::StringRef name, int opset) {
  std::optional<AttributeEntry> e = findAttribute(attributes, name);
  return e && opset >= e->minOpset && opset <= e->maxOpset ? e->type : llvm::StringRef();
}

std::optional<std::pair<int, int>> attributeOpsets(const char *attributes, llvm::StringRef name) {
  std::optional<AttributeEntry> e = findAttribute(attributes, name);
  if (!e)
    return std::nullopt;
  return std::make_pair(e->minOpset, e->maxOpset);
}

} // namespace picoc::onnximport
