//===- OpTable.cpp - the rows of PICOC_ONNX_OPS ---------------------------------------===//

#include "OpTable.h"

#include "llvm/ADT/StringMap.h"

#include <iterator>

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

llvm::StringRef attributeType(const char *attributes, llvm::StringRef name) {
  llvm::SmallVector<llvm::StringRef> entries;
  llvm::StringRef(attributes).split(entries, ' ', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef entry : entries) {
    auto [entryName, type] = entry.split(':');
    if (entryName == name)
      return type;
  }
  return "";
}

} // namespace picoc::onnximport
