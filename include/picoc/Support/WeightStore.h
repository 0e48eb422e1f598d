//===- WeightStore.h - model weights, by name, never copied into the IR -------------===//
//
// Frontends register every initializer here; the graph IR refers to it by name
// (picoc.weight "name"). The bytes stay where the frontend found them (an mmapped external
// data file, or the parsed model that the store keeps alive) until a target writes the blob.
// Weights that passes make (a transposed or padded copy, a constant turned into a buffer) get
// fresh names that no weight holds yet, and a derived weight is found again by its source and
// transform, never by a name built from them: a model's own "W.T10" or "B.padded" is never
// taken for picoc's copy of W or B.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_SUPPORT_WEIGHTSTORE_H
#define PICOC_SUPPORT_WEIGHTSTORE_H

#include "picoc/Kernel/KernelIR.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace picoc {

struct Weight {
  std::string name;
  kir::DType dtype;
  std::vector<int64_t> shape;
  const char *data = nullptr; // row-major bytes, numElements * dtypeSize
  int64_t bytes = 0;
  // The bytes lie in a read-only mapping of a file (an ONNX model's external data, a
  // checkpoint): pages read from it can be dropped from memory and read again (WeightBlob).
  bool mapped = false;
  // A weight derived lazily (addDerivedLazy): `data` is null and `fill` writes its `bytes`
  // bytes when the blob is written, one weight at a time.
  std::function<void(char *out)> fill;
  // Weights of equal non-empty identities hold equal bytes, known without reading them: a
  // mapped weight's is its address, a derived one's its source's and the transform's.
  std::string identity;
};

class WeightStore {
public:
  // Registers a tensor whose bytes are kept alive by `owner` (may be null for static data).
  // Returns false if the name is taken.
  bool add(Weight w, std::shared_ptr<const void> owner);
  // Registers a tensor whose bytes the store copies and owns, under `name`, or under a fresh
  // name made from it (uniqueName) where `name` is taken: the returned weight's name.
  const Weight &addCopy(const std::string &name, kir::DType dtype, std::vector<int64_t> shape,
                        const void *data, int64_t bytes);
  const Weight *find(const std::string &name) const;
  // A name not used yet, built from `hint`.
  std::string uniqueName(const std::string &hint) const;
  size_t size() const { return weights_.size(); }

  // The weight a pass derived from weight `source` by `transform` ("T10": transposed by
  // perm (1, 0); "padded"), or null if none was made yet.
  const Weight *findDerived(const std::string &source, const std::string &transform) const;
  // The source and transform a derived weight was made by (findDerived's inverse), or null.
  const std::pair<std::string, std::string> *derivation(const std::string &name) const;
  // Registers it (a copy, under a fresh name made from "source.transform").
  const Weight &addDerived(const std::string &source, const std::string &transform,
                           kir::DType dtype, std::vector<int64_t> shape, const void *data,
                           int64_t bytes);
  // Registers it without computing it: `fill(out, sourceBytes)` writes its `bytes` bytes
  // from the source's, when the weight is written (WeightBlob). The source stays registered.
  const Weight &addDerivedLazy(const std::string &source, const std::string &transform,
                               kir::DType dtype, std::vector<int64_t> shape, int64_t bytes,
                               std::function<void(char *out, const char *source)> fill);
  // Weight `source` with its dims permuted by `perm` (result dim i is source dim perm[i]):
  // the derived weight "T<perm>", made (lazily) on first use.
  const Weight &permuted(const Weight &source, const std::vector<int64_t> &perm);
  // The bytes of `w`: its data, or (a lazy weight) `fill`'s output in `scratch`.
  static const char *bytesOf(const Weight &w, std::vector<char> &scratch);

private:
  std::map<std::string, Weight> weights_;
  std::map<std::pair<std::string, std::string>, std::string> derived_; // (source, transform)
  std::map<std::string, std::pair<std::string, std::string>> origin_;  // name -> (source, transform)
  std::vector<std::shared_ptr<const void>> owners_;
};

// Drops the whole pages of [data, data + bytes), which lie in a read-only file mapping, from the
// process (touched again, they are read from the page cache): a weight read once need not stay.
void dropMappedPages(const char *data, int64_t bytes);

// Maps a whole file read-only; null with `error` set on failure.
std::shared_ptr<const void> mapFile(const std::string &path, int64_t &size, std::string &error);

} // namespace picoc

#endif // PICOC_SUPPORT_WEIGHTSTORE_H
