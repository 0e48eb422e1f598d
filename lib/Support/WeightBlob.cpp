//===- WeightBlob.cpp - the weights as an object or side file lays them out ---------===//

#include "picoc/Support/WeightBlob.h"

#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <cstring>
#include <future>


namespace picoc {

namespace {

// A segment's bytes: where they are, or computed into `scratch`.
const char *bytesOf(const WeightBlob::Segment &s, std::vector<char> &scratch) {
  if (s.data || !s.fill)
    return s.data;
  scratch.resize(static_cast<size_t>(s.bytes));
  s.fill(scratch.data());
  return scratch.data();
}

} // namespace

int64_t WeightBlob::push(Segment s, std::shared_ptr<const void> owner) {
  int64_t offset = (size_ + kAlign - 1) / kAlign * kAlign;
  if (s.bytes == 0)
    return offset;
  s.offset = offset;
  size_ = offset + s.bytes;
  segments_.push_back(std::move(s));
  if (owner && (owners_.empty() || owners_.back() != owner))
    owners_.push_back(std::move(owner));
  return offset;
}

int64_t WeightBlob::append(const Weight &w, std::shared_ptr<const void> owner) {
  return push({0, w.data, w.bytes, w.mapped, w.fill, w.identity}, std::move(owner));
}

int64_t WeightBlob::appendUnique(const Segment &s, std::shared_ptr<const void> owner) {
  if (!s.identity.empty()) {
    auto it = byIdentity_.find(s.identity);
    if (it != byIdentity_.end())
      return segments_[it->second].offset;
  }
  if (s.data)
    for (size_t k : byPointer_[s.data])
      if (segments_[k].bytes == s.bytes)
        return segments_[k].offset;
  std::vector<char> scratch;
  const char *data = bytesOf(s, scratch);
  uint64_t hash = llvm::xxh3_64bits(llvm::ArrayRef<uint8_t>(
                      reinterpret_cast<const uint8_t *>(data), static_cast<size_t>(s.bytes))) ^
                  static_cast<uint64_t>(s.bytes);
  if (s.mapped)
    dropMappedPages(data, s.bytes);
  for (size_t k : byHash_[hash]) {
    if (segments_[k].bytes != s.bytes)
      continue;
    std::vector<char> otherScratch;
    const char *other = bytesOf(segments_[k], otherScratch);
    bool equal = std::memcmp(other, data, static_cast<size_t>(s.bytes)) == 0;
    if (segments_[k].mapped)
      dropMappedPages(other, s.bytes);
    if (equal) {
      if (s.data)
        byPointer_[s.data].push_back(k);
      return segments_[k].offset;
    }
  }
  int64_t offset = push(s, std::move(owner));
  size_t k = segments_.size() - 1;
  if (s.data)
    byPointer_[s.data].push_back(k);
  byHash_[hash].push_back(k);
  if (!s.identity.empty())
    byIdentity_[s.identity] = k;
  return offset;
}

const WeightBlob::Segment *WeightBlob::at(int64_t offset) const {
  auto it = std::lower_bound(segments_.begin(), segments_.end(), offset,
                             [](const Segment &s, int64_t o) { return s.offset < o; });
  return it != segments_.end() && it->offset == offset ? &*it : nullptr;
}

void WeightBlob::keepAlive(const WeightBlob &other) {
  owners_.insert(owners_.end(), other.owners_.begin(), other.owners_.end());
}

void WeightBlob::write(llvm::raw_ostream &os) const {
  static const char zeros[kAlign] = {};
  int64_t at = 0;
  // Lazy segments are computed one ahead, on another thread, while the last one is written.
  std::vector<char> buffers[2];
  std::future<const char *> next;
  auto compute = [&](size_t i) {
    return std::async(std::launch::async,
                      [this, i, &buffers] { return bytesOf(segments_[i], buffers[i % 2]); });
  };
  if (!segments_.empty())
    next = compute(0);
  for (size_t i = 0; i < segments_.size(); ++i) {
    const Segment &s = segments_[i];
    const char *data = next.get();
    if (i + 1 < segments_.size())
      next = compute(i + 1);
    os.write(zeros, static_cast<size_t>(s.offset - at));
    os.write(data, static_cast<size_t>(s.bytes));
    if (s.mapped)
      dropMappedPages(s.data, s.bytes);
    at = s.offset + s.bytes;
  }
}

std::vector<char> WeightBlob::flatten() const {
  std::vector<char> bytes(static_cast<size_t>(size_), 0);
  for (const Segment &s : segments_) {
    if (s.data)
      std::memcpy(bytes.data() + s.offset, s.data, static_cast<size_t>(s.bytes));
    else if (s.fill)
      s.fill(bytes.data() + s.offset);
  }
  return bytes;
}

} // namespace picoc
