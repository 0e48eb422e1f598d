//===- WeightBlob.h - the weights as an object or side file lays them out -----------===//
//
// A program's weights are one blob: each weight at a 64-byte aligned offset. The blob never
// holds the bytes itself: a segment points at them where they already are (a mapped
// checkpoint or ONNX file, a WeightStore copy), kept alive by its owner, until the blob is
// written out (a side file) or flattened (an object that embeds it). Compiling a model thus
// needs memory for the compiler, not for a copy of the model.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_SUPPORT_WEIGHTBLOB_H
#define PICOC_SUPPORT_WEIGHTBLOB_H

#include "picoc/Support/WeightStore.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace llvm {
class raw_ostream;
}

namespace picoc {

class WeightBlob {
public:
  static constexpr int64_t kAlign = 64;
  struct Segment {
    int64_t offset;
    const char *data;   // null for a lazy weight
    int64_t bytes;
    bool mapped = false; // in a read-only file mapping (Weight::mapped)
    std::function<void(char *)> fill; // a lazy weight (Weight::fill)
    std::string identity;             // Weight::identity
  };

  // Appends weight `w`'s bytes at the next aligned offset and returns it; `owner` keeps them
  // alive. Mapped bytes (Weight::mapped) have their pages dropped from the process once read
  // (hashed, written), so that reading a model's weights does not keep them resident; lazy
  // ones (Weight::fill) are computed when written.
  int64_t append(const Weight &w, std::shared_ptr<const void> owner);
  // As append, but a segment equal to an earlier one (the same identity or pointer, or the
  // same content: an xxh3 hash, then a byte comparison) is stored once: its offset is returned.
  int64_t appendUnique(const Segment &s, std::shared_ptr<const void> owner);

  // The segment at `offset` (null where none starts there).
  const Segment *at(int64_t offset) const;
  // Keeps what `other`'s segments point at alive as long as this blob.
  void keepAlive(const WeightBlob &other);

  int64_t size() const { return size_; }
  const std::vector<Segment> &segments() const { return segments_; }
  // The whole blob, zeros between segments.
  void write(llvm::raw_ostream &os) const;
  std::vector<char> flatten() const;

private:
  std::vector<Segment> segments_;
  std::vector<std::shared_ptr<const void>> owners_;
  int64_t size_ = 0;
  std::unordered_map<const char *, std::vector<size_t>> byPointer_; // -> segments
  std::unordered_map<uint64_t, std::vector<size_t>> byHash_;        // -> segments
  std::unordered_map<std::string, size_t> byIdentity_;              // -> segment
  int64_t push(Segment s, std::shared_ptr<const void> owner);
};

} // namespace picoc

#endif // PICOC_SUPPORT_WEIGHTBLOB_H
