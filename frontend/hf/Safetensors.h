//===- Safetensors.h - the headers of safetensors files ------------------------------===//
//
// A safetensors file is an 8-byte little-endian header length N, N bytes of JSON naming each
// tensor's dtype, shape and [begin, end) byte range in the data that follows, and the data.
// picoc reads only the header here; the bytes are mapped later, where the ONNX importer
// resolves external data (a tensor's bytes are at 8 + N + begin in the file).
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_FRONTEND_HF_SAFETENSORS_H
#define PICOC_FRONTEND_HF_SAFETENSORS_H

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace picoc::hf {

// The element types picoc reads from checkpoints: fp32 as is, fp16 and bf16 converted.
enum class SafeDType { F32, F16, BF16 };
const char *safeDTypeName(SafeDType t);

struct SafeTensor {
  std::string file;           // the file's name, relative to the checkpoint's folder
  SafeDType dtype = SafeDType::F32;
  std::vector<int64_t> shape;
  int64_t offset = 0;         // of its first byte in the file
  int64_t bytes = 0;
};

// Reads the header of `path` (named `file` in messages and in SafeTensor::file) into `out`;
// the tensors whose entries are bad go into `bad` instead.
// Returns false with one message per problem in `errors`: a short file, a header length past
// the end, JSON that does not parse, an entry without dtype/shape/data_offsets, a dtype picoc
// does not read, a byte range outside the data or of the wrong size for its shape.
bool readSafetensorsHeader(const std::string &path, const std::string &file,
                           std::map<std::string, SafeTensor> &out, std::set<std::string> &bad,
                           std::vector<std::string> &errors);

} // namespace picoc::hf

#endif // PICOC_FRONTEND_HF_SAFETENSORS_H
