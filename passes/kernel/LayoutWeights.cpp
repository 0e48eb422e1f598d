//===- LayoutWeights.cpp - picoc-kernel-layout-weights -------------------------------===//
//
// Gives every Weight buffer a 64-byte aligned offset in the weights blob (a weight read by
// several kernels is stored once) and returns the blob: the bytes the object embeds or the
// side file holds, as segments pointing into the store. Needs: weights registered in the
// WeightStore under the buffers' names.
//
//===------------------------------------------------------------------------------===//

#include "picoc/Passes/Passes.h"

#include <map>

namespace picoc {
using namespace kir;

WeightBlob layoutWeights(Program &program, std::shared_ptr<const WeightStore> store) {
  WeightBlob blob;
  std::map<std::string, int64_t> offsetOf;
  for (Buffer &b : program.buffers) {
    if (b.kind != BufferKind::Weight)
      continue;
    auto it = offsetOf.find(b.name);
    if (it == offsetOf.end()) {
      const Weight *w = store->find(b.name);
      int64_t offset = w ? blob.append(*w, store) : blob.size();
      it = offsetOf.emplace(b.name, offset).first;
    }
    b.offset = it->second;
  }
  program.weightBytes = blob.size();
  return blob;
}

} // namespace picoc
