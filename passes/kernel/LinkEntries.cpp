//===- LinkEntries.cpp - picoc-kernel-link-entries -----------------------------------===//
//
// Joins programs into one, an entry point per program. Each part's buffers are appended to the
// joined program's (ids shifted: kernels, Load nodes, entry points and checks are renumbered),
// its kernels are appended in order and run as its entry point's range. Temp offsets stay as
// each part planned them (entry points never run at once, so their temporaries may share
// bytes); the arena is the largest part's, then the states (after it, one place per name).
// Weights are copied into one blob, each distinct content once (FNV-1a hash, then a byte
// comparison).
// Needs: picoc-kernel-plan-memory and picoc-kernel-layout-weights on every part; entry names
// that are distinct C identifiers (the driver checks them).
//
//===------------------------------------------------------------------------------===//

#include "picoc/Passes/Passes.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>

namespace picoc {
using namespace kir;

namespace {
constexpr int64_t kAlign = 64;
int64_t alignUp(int64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

uint64_t fnv1a(const char *data, int64_t n) {
  uint64_t h = 1469598103934665603ull;
  for (int64_t i = 0; i < n; ++i)
    h = (h ^ static_cast<unsigned char>(data[i])) * 1099511628211ull;
  return h;
}

// The joined blob: each distinct run of bytes once, 64-byte aligned.
class WeightBlob {
public:
  explicit WeightBlob(std::vector<char> &bytes) : bytes_(bytes) {}

  int64_t add(const char *data, int64_t n) {
    uint64_t h = fnv1a(data, n) ^ static_cast<uint64_t>(n);
    for (int64_t offset : seen_[h])
      if (std::memcmp(bytes_.data() + offset, data, n) == 0)
        return offset;
    int64_t offset = alignUp(static_cast<int64_t>(bytes_.size()));
    bytes_.resize(offset);
    bytes_.insert(bytes_.end(), data, data + n);
    seen_[h].push_back(offset);
    return offset;
  }

private:
  std::vector<char> &bytes_;
  std::unordered_map<uint64_t, std::vector<int64_t>> seen_;
};
} // namespace

mlir::FailureOr<Program> linkEntries(std::vector<LinkPart> parts, const std::string &name,
                                     std::vector<char> &blob, std::string &error) {
  Program joined;
  joined.name = name;
  // Every model is imported with the same --dim list, so their run-time dims are the same.
  if (!parts.empty())
    joined.dims = parts.front().program.dims;
  blob.clear();
  WeightBlob weights(blob);
  for (LinkPart &part : parts) {
    Program &p = part.program;
    int base = static_cast<int>(joined.buffers.size());
    auto shifted = [base](int id) { return id + base; };
    for (Buffer b : p.buffers) {
      if (b.kind == BufferKind::Weight && b.bytes() > 0)
        b.offset = weights.add(part.blob.data() + b.offset, b.bytes());
      joined.buffers.push_back(std::move(b));
    }
    int firstKernel = static_cast<int>(joined.kernels.size());
    for (Kernel &k : p.kernels) {
      if (parts.size() > 1)
        k.name = part.entry + "_" + k.name;
      k.output = shifted(k.output);
      std::transform(k.inputs.begin(), k.inputs.end(), k.inputs.begin(), shifted);
      k.graph.renumberBuffers([base](int64_t id) { return id + base; });
      joined.kernels.push_back(std::move(k));
    }
    for (Entry e : p.entries) { // one per part
      e.name = part.entry;
      std::transform(e.inputs.begin(), e.inputs.end(), e.inputs.begin(), shifted);
      std::transform(e.outputs.begin(), e.outputs.end(), e.outputs.begin(), shifted);
      for (Check &c : e.checks)
        c.buffer = shifted(c.buffer);
      for (StateUse &s : e.states)
        s.buffer = shifted(s.buffer);
      for (auto *stages : {&e.stageIn, &e.stageOut})
        for (auto &[from, to] : *stages)
          from = shifted(from), to = shifted(to);
      e.firstKernel += firstKernel;
      joined.entries.push_back(std::move(e));
    }
    joined.arenaBytes = std::max(joined.arenaBytes, p.arenaBytes);
    part.blob = {}; // the part's bytes are in the joined blob now
  }
  joined.weightBytes = static_cast<int64_t>(blob.size());
  // States live between calls: after every entry's temporaries, one place per name.
  std::map<std::string, const Buffer *> stateOf;
  for (Buffer &b : joined.buffers) {
    if (b.kind != BufferKind::State)
      continue;
    auto [it, fresh] = stateOf.try_emplace(b.name, &b);
    if (fresh) {
      b.offset = alignUp(joined.arenaBytes);
      joined.arenaBytes = b.offset + alignUp(b.bytes());
      continue;
    }
    if (it->second->dtype != b.dtype || it->second->shape != b.shape) {
      error = "the entry points' states named '" + b.name + "' differ in type (" +
              dtypeName(it->second->dtype) + " vs " + dtypeName(b.dtype) + ", or their bounds)";
      return mlir::failure();
    }
    b.offset = it->second->offset;
  }
  return joined;
}

} // namespace picoc
