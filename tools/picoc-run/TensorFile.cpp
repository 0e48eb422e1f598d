//===- TensorFile.cpp - host tensors, their dtypes, and raw tensor files --------------===//
//
// Nothing here needs protobuf: picoc-run-cases links this file (OnnxTensorFile.cpp reads the
// ONNX TensorProto files).
//
//===------------------------------------------------------------------------------===//
#include "TensorFile.h"

#include "picort.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace picoc::run {

// ---- AlignedBuffer ----

void AlignedBuffer::Free::operator()(void *p) const { std::free(p); }

AlignedBuffer::AlignedBuffer(size_t bytes) : size_(bytes) {
  size_t rounded = (bytes + 63) / 64 * 64;
  ptr_.reset(std::aligned_alloc(64, rounded == 0 ? 64 : rounded));
  if (!ptr_) throw std::bad_alloc();
}

void AlignedBuffer::fill(unsigned char byte) {
  if (ptr_) std::memset(ptr_.get(), byte, size_);
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

// ---- dtypes ----

size_t dtypeBits(int32_t dtype) {
  switch (dtype) {
  case PICORT_DTYPE_UINT2:
  case PICORT_DTYPE_INT2: return 2;
  case PICORT_DTYPE_UINT4:
  case PICORT_DTYPE_INT4:
  case PICORT_DTYPE_FLOAT4E2M1: return 4;
  case PICORT_DTYPE_UINT8:
  case PICORT_DTYPE_INT8:
  case PICORT_DTYPE_BOOL:
  case PICORT_DTYPE_FLOAT8E4M3FN:
  case PICORT_DTYPE_FLOAT8E4M3FNUZ:
  case PICORT_DTYPE_FLOAT8E5M2:
  case PICORT_DTYPE_FLOAT8E5M2FNUZ: return 8;
  case PICORT_DTYPE_UINT16:
  case PICORT_DTYPE_INT16:
  case PICORT_DTYPE_FLOAT16:
  case PICORT_DTYPE_BFLOAT16: return 16;
  case PICORT_DTYPE_FLOAT32:
  case PICORT_DTYPE_INT32:
  case PICORT_DTYPE_UINT32: return 32;
  case PICORT_DTYPE_INT64:
  case PICORT_DTYPE_FLOAT64:
  case PICORT_DTYPE_UINT64: return 64;
  default: return 0;
  }
}

size_t dtypeSize(int32_t dtype) { return dtypeBits(dtype) % 8 == 0 ? dtypeBits(dtype) / 8 : 0; }

size_t tensorBytes(int32_t dtype, int64_t count) {
  return (static_cast<size_t>(count) * dtypeBits(dtype) + 7) / 8;
}

std::string dtypeName(int32_t dtype) {
  switch (dtype) {
  case PICORT_DTYPE_FLOAT32: return "float32";
  case PICORT_DTYPE_UINT8: return "uint8";
  case PICORT_DTYPE_INT8: return "int8";
  case PICORT_DTYPE_UINT16: return "uint16";
  case PICORT_DTYPE_INT16: return "int16";
  case PICORT_DTYPE_INT32: return "int32";
  case PICORT_DTYPE_INT64: return "int64";
  case PICORT_DTYPE_BOOL: return "bool";
  case PICORT_DTYPE_FLOAT16: return "float16";
  case PICORT_DTYPE_FLOAT64: return "float64";
  case PICORT_DTYPE_UINT32: return "uint32";
  case PICORT_DTYPE_UINT64: return "uint64";
  case PICORT_DTYPE_BFLOAT16: return "bfloat16";
  case PICORT_DTYPE_FLOAT8E4M3FN: return "float8e4m3fn";
  case PICORT_DTYPE_FLOAT8E4M3FNUZ: return "float8e4m3fnuz";
  case PICORT_DTYPE_FLOAT8E5M2: return "float8e5m2";
  case PICORT_DTYPE_FLOAT8E5M2FNUZ: return "float8e5m2fnuz";
  case PICORT_DTYPE_UINT4: return "uint4";
  case PICORT_DTYPE_INT4: return "int4";
  case PICORT_DTYPE_FLOAT4E2M1: return "float4e2m1";
  case PICORT_DTYPE_UINT2: return "uint2";
  case PICORT_DTYPE_INT2: return "int2";
  case 8: return "string";
  case 14: return "complex64";
  case 15: return "complex128";
  default: return "dtype " + std::to_string(dtype);
  }
}

int32_t dtypeFromName(const std::string &name) {
  for (int32_t dtype = 1; dtype <= PICORT_DTYPE_INT2; dtype++)
    if (dtypeBits(dtype) != 0 && dtypeName(dtype) == name) return dtype;
  return 0;
}

bool dtypeIsFloat(int32_t dtype) {
  return dtype == PICORT_DTYPE_FLOAT32 || dtype == PICORT_DTYPE_FLOAT64 ||
         dtype == PICORT_DTYPE_FLOAT16 || dtype == PICORT_DTYPE_BFLOAT16 ||
         (dtype >= PICORT_DTYPE_FLOAT8E4M3FN && dtype <= PICORT_DTYPE_FLOAT8E5M2FNUZ) ||
         dtype == PICORT_DTYPE_FLOAT4E2M1;
}

template <typename T> static T load(const void *data, int64_t index) {
  T v;
  std::memcpy(&v, static_cast<const char *>(data) + index * sizeof(T), sizeof(T));
  return v;
}

// IEEE binary16 to float, subnormals, infinities and NaNs included.
static float halfToFloat(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
  float v;
  if (exp == 0) v = std::ldexp(static_cast<float>(man), -24);
  else if (exp == 31) v = man ? NAN : INFINITY;
  else v = std::ldexp(static_cast<float>(man | 0x400), exp - 25);
  return sign ? -v : v;
}

static float bfloat16ToFloat(uint16_t b) {
  uint32_t bits = static_cast<uint32_t>(b) << 16;
  float v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// A float8 value from its fields: (-1)^s * 1.m * 2^(e - bias), 0.m * 2^(1 - bias) where e is
// 0; the top codes are NaN (and infinity for E5M2), per the OCP float8 and ONNX tables.
static double float8Value(uint8_t code, int32_t dtype) {
  int expBits = dtype == PICORT_DTYPE_FLOAT8E5M2 || dtype == PICORT_DTYPE_FLOAT8E5M2FNUZ ? 5 : 4;
  int manBits = 7 - expBits;
  int bias = dtype == PICORT_DTYPE_FLOAT8E4M3FN ? 7
             : dtype == PICORT_DTYPE_FLOAT8E4M3FNUZ ? 8
             : dtype == PICORT_DTYPE_FLOAT8E5M2 ? 15
                                                : 16;
  bool fnuz = dtype == PICORT_DTYPE_FLOAT8E4M3FNUZ || dtype == PICORT_DTYPE_FLOAT8E5M2FNUZ;
  int e = (code >> manBits) & ((1 << expBits) - 1), m = code & ((1 << manBits) - 1);
  if (fnuz && code == 0x80) return NAN;
  if (dtype == PICORT_DTYPE_FLOAT8E4M3FN && (code & 0x7F) == 0x7F) return NAN;
  if (dtype == PICORT_DTYPE_FLOAT8E5M2 && e == 31) return m ? NAN : (code & 0x80 ? -INFINITY : INFINITY);
  double v = e == 0 ? std::ldexp(m, 1 - bias - manBits)
                    : std::ldexp((1 << manBits) + m, e - bias - manBits);
  return code & 0x80 ? -v : v;
}

double elementAsDouble(const void *data, int32_t dtype, int64_t index) {
  switch (dtype) {
  case PICORT_DTYPE_FLOAT8E4M3FN:
  case PICORT_DTYPE_FLOAT8E4M3FNUZ:
  case PICORT_DTYPE_FLOAT8E5M2:
  case PICORT_DTYPE_FLOAT8E5M2FNUZ: return float8Value(load<uint8_t>(data, index), dtype);
  case PICORT_DTYPE_FLOAT4E2M1: { // sign, 2 exponent bits (bias 1), 1 mantissa bit
    uint64_t code = elementBits(data, dtype, index);
    int e = (code >> 1) & 3, m = code & 1;
    double v = e == 0 ? 0.5 * m : std::ldexp(1.0 + 0.5 * m, e - 1);
    return code & 8 ? -v : v;
  }
  case PICORT_DTYPE_INT4:
  case PICORT_DTYPE_INT2: {
    int bits = static_cast<int>(dtypeBits(dtype));
    return static_cast<double>(static_cast<int64_t>(elementBits(data, dtype, index) << (64 - bits)) >> (64 - bits));
  }
  case PICORT_DTYPE_UINT4:
  case PICORT_DTYPE_UINT2: return static_cast<double>(elementBits(data, dtype, index));
  case PICORT_DTYPE_FLOAT32: return load<float>(data, index);
  case PICORT_DTYPE_FLOAT64: return load<double>(data, index);
  case PICORT_DTYPE_FLOAT16: return halfToFloat(load<uint16_t>(data, index));
  case PICORT_DTYPE_BFLOAT16: return bfloat16ToFloat(load<uint16_t>(data, index));
  case PICORT_DTYPE_INT8: return load<int8_t>(data, index);
  case PICORT_DTYPE_INT16: return load<int16_t>(data, index);
  case PICORT_DTYPE_INT32: return load<int32_t>(data, index);
  case PICORT_DTYPE_INT64: return static_cast<double>(load<int64_t>(data, index));
  case PICORT_DTYPE_UINT8:
  case PICORT_DTYPE_BOOL: return load<uint8_t>(data, index);
  case PICORT_DTYPE_UINT16: return load<uint16_t>(data, index);
  case PICORT_DTYPE_UINT32: return load<uint32_t>(data, index);
  case PICORT_DTYPE_UINT64: return static_cast<double>(load<uint64_t>(data, index));
  default: return NAN;
  }
}

uint64_t elementBits(const void *data, int32_t dtype, int64_t index) {
  if (size_t bits = dtypeBits(dtype); bits > 0 && bits < 8) { // packed, low bits first
    int64_t per = 8 / static_cast<int64_t>(bits);
    uint8_t byte = load<uint8_t>(data, index / per);
    return (byte >> ((index % per) * bits)) & ((1u << bits) - 1);
  }
  switch (dtypeSize(dtype)) {
  case 1: return load<uint8_t>(data, index);
  case 2: return load<uint16_t>(data, index);
  case 4: return load<uint32_t>(data, index);
  case 8: return load<uint64_t>(data, index);
  default: return 0;
  }
}

// ---- formatting ----

std::string formatShape(const int64_t *shape, int32_t rank) {
  std::string s = "[";
  for (int32_t i = 0; i < rank; i++) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string formatShape(const std::vector<int64_t> &shape) {
  return formatShape(shape.data(), static_cast<int32_t>(shape.size()));
}

std::string formatIndex(const std::vector<int64_t> &shape, int64_t index) {
  std::vector<int64_t> ix(shape.size());
  for (size_t i = shape.size(); i-- > 0;) {
    int64_t d = shape[i] > 0 ? shape[i] : 1;
    ix[i] = index % d;
    index /= d;
  }
  return formatShape(ix);
}

// ---- sizes ----

bool checkedByteSize(const HostTensor &t, const std::string &path, size_t &bytes,
                     std::string &error) {
  for (int64_t d : t.shape)
    if (d < 0) {
      error = path + ": negative dimension in shape " + formatShape(t.shape);
      return false;
    }
  if (dtypeBits(t.dtype) == 0) {
    error = path + ": unsupported dtype " + dtypeName(t.dtype);
    return false;
  }
  int64_t count = 1;
  for (int64_t d : t.shape) {
    if (d != 0 && count > (int64_t(1) << 40) / d) {
      error = path + ": shape " + formatShape(t.shape) + " is too large";
      return false;
    }
    count *= d;
  }
  bytes = tensorBytes(t.dtype, count);
  return true;
}

// ---- raw files ----

bool readRawFile(const std::string &path, HostTensor &tensor, std::string &error) {
  size_t bytes = 0;
  if (!checkedByteSize(tensor, path, bytes, error)) return false;
  std::error_code ec;
  std::uintmax_t have = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) {
    error = "cannot open " + path;
    return false;
  }
  if (have != bytes) {
    error = path + ": shape " + formatShape(tensor.shape) + " of " + dtypeName(tensor.dtype) +
            " needs " + std::to_string(bytes) + " bytes, the file holds " + std::to_string(have);
    return false;
  }
  tensor.data = AlignedBuffer(bytes);
  if (!in.read(static_cast<char *>(tensor.data.data()), static_cast<std::streamsize>(bytes))) {
    error = "cannot read " + path;
    return false;
  }
  return true;
}

bool writeRawFile(const std::string &path, const HostTensor &tensor, std::string &error) {
  std::ofstream os(path, std::ios::binary | std::ios::trunc);
  os.write(static_cast<const char *>(tensor.data.data()),
           static_cast<std::streamsize>(tensor.data.size()));
  if (!os) {
    error = "cannot write " + path;
    return false;
  }
  return true;
}

} // namespace picoc::run
