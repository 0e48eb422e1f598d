//===- WeightBlob.cpp - the weights as an object or side file lays them out ---------===//

#include "picoc/Support/WeightBlob.h"

#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <cstring>

#include <sys/mman.h>
#include <unistd.h>

namespace picoc {

namespace {

// Drops the whole pages of [data, data + bytes), which lie in a read-only file mapping, from
// the process (they are read from the page cache again if touched).
void dropPages(const char *data, int64_t bytes) {
  static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) / page * page;
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) / page * page;
  if (end > begin)
    madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED);
}

} // namespace

int64_t WeightBlob::append(const char *data, int64_t bytes, std::shared_ptr<const void> owner,
                           bool mapped) {
  int64_t offset = (size_ + kAlign - 1) / kAlign * kAlign;
  if (bytes == 0)
    return offset;
  segments_.push_back({offset, data, bytes, mapped});
  if (owner && (owners_.empty() || owners_.back() != owner))
    owners_.push_back(std::move(owner));
  size_ = offset + bytes;
  return offset;
}

int64_t WeightBlob::appendUnique(const char *data, int64_t bytes,
                                 std::shared_ptr<const void> owner, bool mapped) {
  for (size_t s : byPointer_[data])
    if (segments_[s].bytes == bytes)
      return segments_[s].offset;
  uint64_t hash = llvm::xxh3_64bits(llvm::ArrayRef<uint8_t>(
                      reinterpret_cast<const uint8_t *>(data), static_cast<size_t>(bytes))) ^
                  static_cast<uint64_t>(bytes);
  for (size_t s : byHash_[hash])
    if (segments_[s].bytes == bytes && std::memcmp(segments_[s].data, data, bytes) == 0) {
      byPointer_[data].push_back(s);
      if (mapped)
        dropPages(data, bytes);
      if (segments_[s].mapped)
        dropPages(segments_[s].data, bytes);
      return segments_[s].offset;
    }
  if (mapped)
    dropPages(data, bytes);
  int64_t offset = append(data, bytes, std::move(owner), mapped);
  byPointer_[data].push_back(segments_.size() - 1);
  byHash_[hash].push_back(segments_.size() - 1);
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
  for (const Segment &s : segments_) {
    os.write(zeros, static_cast<size_t>(s.offset - at));
    os.write(s.data, static_cast<size_t>(s.bytes));
    if (s.mapped)
      dropPages(s.data, s.bytes);
    at = s.offset + s.bytes;
  }
}

std::vector<char> WeightBlob::flatten() const {
  std::vector<char> bytes(static_cast<size_t>(size_), 0);
  for (const Segment &s : segments_)
    std::memcpy(bytes.data() + s.offset, s.data, static_cast<size_t>(s.bytes));
  return bytes;
}

} // namespace picoc
