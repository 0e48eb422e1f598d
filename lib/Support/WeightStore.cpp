//===- WeightStore.cpp - named weights that stay where the frontend found them -------===//

#include "picoc/Support/WeightStore.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace picoc {

bool WeightStore::add(Weight w, std::shared_ptr<const void> owner) {
  std::string name = w.name;
  if (w.mapped && w.identity.empty()) {
    char id[64];
    std::snprintf(id, sizeof id, "map:%p:%lld", static_cast<const void *>(w.data),
                  static_cast<long long>(w.bytes));
    w.identity = id;
  }
  if (!weights_.emplace(name, std::move(w)).second)
    return false;
  if (owner)
    owners_.push_back(std::move(owner));
  return true;
}

const Weight &WeightStore::addCopy(const std::string &name, kir::DType dtype,
                                   std::vector<int64_t> shape, const void *data, int64_t bytes) {
  auto copy = std::make_shared<std::vector<char>>(static_cast<const char *>(data),
                                                  static_cast<const char *>(data) + bytes);
  std::string key = uniqueName(name);
  Weight w{key, dtype, std::move(shape), copy->data(), bytes};
  owners_.push_back(copy);
  return weights_.emplace(key, std::move(w)).first->second;
}

const Weight *WeightStore::findDerived(const std::string &source,
                                       const std::string &transform) const {
  auto it = derived_.find({source, transform});
  return it == derived_.end() ? nullptr : find(it->second);
}

const Weight &WeightStore::addDerived(const std::string &source, const std::string &transform,
                                      kir::DType dtype, std::vector<int64_t> shape,
                                      const void *data, int64_t bytes) {
  const Weight &w = addCopy(source + "." + transform, dtype, std::move(shape), data, bytes);
  derived_[{source, transform}] = w.name;
  origin_[w.name] = {source, transform};
  return w;
}

const std::pair<std::string, std::string> *WeightStore::derivation(const std::string &name) const {
  auto it = origin_.find(name);
  return it == origin_.end() ? nullptr : &it->second;
}

const Weight &WeightStore::addDerivedLazy(
    const std::string &source, const std::string &transform, kir::DType dtype,
    std::vector<int64_t> shape, int64_t bytes,
    std::function<void(char *out, const char *source)> fill) {
  const Weight *src = find(source);
  std::string key = uniqueName(source + "." + transform);
  Weight w{key, dtype, std::move(shape), nullptr, bytes};
  w.fill = [src, fill](char *out) {
    // The source's bytes when it is lazy too (a padded copy of a transposed, widened weight:
    // each link computes its source into a buffer of its own).
    std::vector<char> scratch;
    fill(out, bytesOf(*src, scratch));
    if (src->mapped)
      dropMappedPages(src->data, src->bytes);
  };
  if (!src->identity.empty())
    w.identity = src->identity + "|" + transform;
  derived_[{source, transform}] = key;
  origin_[key] = {source, transform};
  return weights_.emplace(key, std::move(w)).first->second;
}

// `source` (a weight of `shape`, `elem` bytes an element) permuted by `perm` into `out`
// (result dim i is input dim perm[i]).
static void permute(const char *source, const std::vector<int64_t> &shape, int64_t elem,
             const std::vector<int64_t> &perm, char *out) {
  size_t rank = shape.size();
  if (rank == 2 && perm[0] == 1 && elem == 4) { // a Linear's weight: in 32 x 32 blocks
    int64_t rows = shape[0], cols = shape[1];
    constexpr int64_t kBlock = 32;
    for (int64_t r0 = 0; r0 < rows; r0 += kBlock)
      for (int64_t c0 = 0; c0 < cols; c0 += kBlock)
        for (int64_t c = c0; c < std::min(cols, c0 + kBlock); ++c)
          for (int64_t r = r0; r < std::min(rows, r0 + kBlock); ++r)
            std::memcpy(out + (c * rows + r) * 4, source + (r * cols + c) * 4, 4);
    return;
  }
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  std::vector<int64_t> inStrides(rank, 1), outShape(rank);
  for (int64_t d = static_cast<int64_t>(rank) - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * shape[d + 1];
  for (size_t i = 0; i < rank; ++i)
    outShape[i] = shape[perm[i]];
  std::vector<int64_t> idx(rank, 0); // output index, row-major
  for (int64_t k = 0; k < count; ++k) {
    int64_t src = 0;
    for (size_t i = 0; i < rank; ++i)
      src += idx[i] * inStrides[perm[i]];
    std::memcpy(out + k * elem, source + src * elem, static_cast<size_t>(elem));
    for (int64_t d = static_cast<int64_t>(rank) - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
}

const Weight &WeightStore::permuted(const Weight &source, const std::vector<int64_t> &perm) {
  std::string transform = "T";
  for (int64_t p : perm)
    transform += std::to_string(p);
  if (const Weight *copy = findDerived(source.name, transform))
    return *copy;
  std::vector<int64_t> shape = source.shape, permutedShape;
  for (int64_t p : perm)
    permutedShape.push_back(shape[p]);
  int64_t elem = kir::dtypeSize(source.dtype);
  return addDerivedLazy(source.name, transform, source.dtype, permutedShape, source.bytes,
                        [perm, shape, elem](char *out, const char *from) {
                          permute(from, shape, elem, perm, out);
                        });
}

const char *WeightStore::bytesOf(const Weight &w, std::vector<char> &scratch) {
  if (w.data || !w.fill)
    return w.data;
  scratch.resize(static_cast<size_t>(w.bytes));
  w.fill(scratch.data());
  return scratch.data();
}

const Weight *WeightStore::find(const std::string &name) const {
  auto it = weights_.find(name);
  return it == weights_.end() ? nullptr : &it->second;
}

std::string WeightStore::uniqueName(const std::string &hint) const {
  if (!weights_.count(hint))
    return hint;
  for (int i = 1;; ++i) {
    std::string name = hint + "." + std::to_string(i);
    if (!weights_.count(name))
      return name;
  }
}

void dropMappedPages(const char *data, int64_t bytes) {
  static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) / page * page;
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) / page * page;
  if (end > begin)
    madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED);
}

namespace {
struct Mapping {
  void *addr = nullptr;
  size_t size = 0;
  ~Mapping() {
    if (addr && size)
      munmap(addr, size);
  }
};
} // namespace

std::shared_ptr<const void> mapFile(const std::string &path, int64_t &size, std::string &error) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return nullptr;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = "'" + path + "' is not a regular file";
    close(fd);
    return nullptr;
  }
  auto m = std::make_shared<Mapping>();
  size = st.st_size;
  if (size > 0) {
    m->addr = mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (m->addr == MAP_FAILED) {
      m->addr = nullptr;
      error = "cannot map '" + path + "': " + std::strerror(errno);
      close(fd);
      return nullptr;
    }
    m->size = static_cast<size_t>(size);
  }
  close(fd);
  // The returned pointer is the mapped bytes; the control block keeps the mapping alive.
  static const char empty = 0;
  const void *base = m->addr ? m->addr : &empty;
  return std::shared_ptr<const void>(m, base);
}

} // namespace picoc
