//===- LayoutWeights.cpp - picoc-kernel-layout-weights -------------------------------===//
//
// Gives every Weight buffer a 64-byte aligned offset in the weights blob (a weight read by
// several kernels is stored once) and returns the blob: the bytes the object embeds or the
// side file holds. Needs: weights registered in the WeightStore under the buffers' names.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Passes/Passes.h"

#include <map>

namespace picoc {
using namespace kir;

namespace {
constexpr int64_t kAlign = 64;
int64_t alignUp(int64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }
} // namespace

std::vector<char> layoutWeights(Program &program, const WeightStore &store) {
  std::vector<char> blob;
  std::map<std::string, int64_t> offsetOf;
  for (Buffer &b : program.buffers) {
    if (b.kind != BufferKind::Weight)
      continue;
    auto it = offsetOf.find(b.name);
    if (it == offsetOf.end()) {
      const Weight *w = store.find(b.name);
      int64_t offset = alignUp(static_cast<int64_t>(blob.size()));
      blob.resize(offset);
      if (w)
        blob.insert(blob.end(), w->data, w->data + w->bytes);
      it = offsetOf.emplace(b.name, offset).first;
    }
    b.offset = it->second;
  }
  program.weightBytes = static_cast<int64_t>(blob.size());
  return blob;
}

} // namespace picoc
