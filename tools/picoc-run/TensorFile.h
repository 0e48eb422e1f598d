//===- TensorFile.h - host tensors, their dtypes, and raw tensor files ----------------===//
//
// A HostTensor holds a test input or reference output as dense, row-major, little-endian
// bytes in the layout a picort_tensor points at. picoc-run reads them from ONNX TensorProto
// files (OnnxTensorFile.h) and writes them as raw files; picoc-run-cases reads the raw files
// back. Nothing declared here needs protobuf.
//
// The dtype codes are ONNX's TensorProto.DataType values, which picort_dtype mirrors.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_TOOLS_PICOC_RUN_TENSORFILE_H
#define PICOC_TOOLS_PICOC_RUN_TENSORFILE_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace picoc::run {

// Bytes owned with 64-byte alignment (kernels may use aligned vector loads), never a null
// pointer even when empty, so that a zero-element tensor still has valid `data`.
class AlignedBuffer {
public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(size_t bytes);
  void *data() const { return ptr_.get(); }
  size_t size() const { return size_; }
  // Sets every byte to `byte` (used to poison outputs before a run).
  void fill(unsigned char byte);

private:
  struct Free {
    void operator()(void *p) const;
  };
  std::unique_ptr<void, Free> ptr_;
  size_t size_ = 0;
};

struct HostTensor {
  std::string name; // the TensorProto's name, "" when absent
  int32_t dtype = 0;
  std::vector<int64_t> shape;
  AlignedBuffer data;

  int64_t numElements() const;
};

// Size in bytes (bits) of one element; 0 for a dtype picoc-run does not handle (string,
// complex, ...), and dtypeSize's 0 too for the packed types of fewer than 8 bits.
size_t dtypeSize(int32_t dtype);
size_t dtypeBits(int32_t dtype);
// Bytes of `count` elements (packed types round up to whole bytes).
size_t tensorBytes(int32_t dtype, int64_t count);
// "float32", "int64", ... or "dtype N" for an unknown code.
std::string dtypeName(int32_t dtype);
// The code of a dtypeName ("float32" -> 1); 0 for a name picoc-run does not handle.
int32_t dtypeFromName(const std::string &name);
// True for float16, bfloat16, float32, float64 and the float8 types.
bool dtypeIsFloat(int32_t dtype);
// Element `index` of `data` (of `dtype`) as a double; integers beyond 2^53 lose precision,
// so exact comparisons use elementBits below.
double elementAsDouble(const void *data, int32_t dtype, int64_t index);
// The element's bits zero-extended to 64 bits, for exact comparison of integers and bools
// (a packed element's own bits).
uint64_t elementBits(const void *data, int32_t dtype, int64_t index);

// "[2, 3, 4]"
std::string formatShape(const std::vector<int64_t> &shape);
std::string formatShape(const int64_t *shape, int32_t rank);
// The multi-index of flat row-major `index` in `shape`, formatted as "[i, j, k]".
std::string formatIndex(const std::vector<int64_t> &shape, int64_t index);

// The byte size of `t`'s dtype and shape; false with `error` set (naming `path`) for a negative
// dim, an unsupported dtype or more than 2^40 elements.
bool checkedByteSize(const HostTensor &t, const std::string &path, size_t &bytes,
                     std::string &error);

// Writes the tensor's bytes, raw little-endian, nothing else.
bool writeRawFile(const std::string &path, const HostTensor &tensor, std::string &error);
// Reads such a file into `tensor`, whose name, dtype and shape are already set; false with
// `error` set when it cannot be read or its size does not match.
bool readRawFile(const std::string &path, HostTensor &tensor, std::string &error);

} // namespace picoc::run

#endif // PICOC_TOOLS_PICOC_RUN_TENSORFILE_H
