//===- TensorFile.cpp - reading ONNX TensorProto files into host tensors --------------===//
//
// TensorProto keeps its elements either in raw_data (little-endian bytes, the layout we
// want) or in a typed repeated field whose element type is wider than the tensor's:
//   float_data   float32                int64_data   int64
//   double_data  float64                uint64_data  uint32, uint64
//   int32_data   int32, int16, int8, uint16, uint8, bool, and the bits of float16/bfloat16
// readTensorFile narrows the typed fields into the raw layout.
//
//===------------------------------------------------------------------------------===//
#include "TensorFile.h"

#include "picort.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

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

size_t dtypeSize(int32_t dtype) {
  switch (dtype) {
  case PICORT_DTYPE_UINT8:
  case PICORT_DTYPE_INT8:
  case PICORT_DTYPE_BOOL: return 1;
  case PICORT_DTYPE_UINT16:
  case PICORT_DTYPE_INT16:
  case PICORT_DTYPE_FLOAT16:
  case PICORT_DTYPE_BFLOAT16: return 2;
  case PICORT_DTYPE_FLOAT32:
  case PICORT_DTYPE_INT32:
  case PICORT_DTYPE_UINT32: return 4;
  case PICORT_DTYPE_INT64:
  case PICORT_DTYPE_FLOAT64:
  case PICORT_DTYPE_UINT64: return 8;
  default: return 0;
  }
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
  case 8: return "string";
  case 14: return "complex64";
  case 15: return "complex128";
  default: return "dtype " + std::to_string(dtype);
  }
}

bool dtypeIsFloat(int32_t dtype) {
  return dtype == PICORT_DTYPE_FLOAT32 || dtype == PICORT_DTYPE_FLOAT64 ||
         dtype == PICORT_DTYPE_FLOAT16 || dtype == PICORT_DTYPE_BFLOAT16;
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

double elementAsDouble(const void *data, int32_t dtype, int64_t index) {
  switch (dtype) {
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

// ---- reading ----

// Narrows each element of a typed field to `elemSize` bytes (little-endian host).
template <typename Field>
static void narrowInto(const Field &field, size_t elemSize, void *dst) {
  char *out = static_cast<char *>(dst);
  for (int i = 0; i < field.size(); i++) {
    auto v = field.Get(i);
    std::memcpy(out + i * elemSize, &v, elemSize); // low bytes first on little-endian
  }
}

bool readTensorFile(const std::string &path, HostTensor &out, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open " + path;
    return false;
  }
  onnx::TensorProto proto;
  if (!proto.ParseFromIstream(&in)) {
    error = path + " is not a serialized onnx.TensorProto";
    return false;
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL || proto.external_data_size() > 0) {
    error = path + ": tensors with external data are not supported";
    return false;
  }
  out.name = proto.name();
  out.dtype = proto.data_type();
  out.shape.assign(proto.dims().begin(), proto.dims().end());
  for (int64_t d : out.shape)
    if (d < 0) {
      error = path + ": negative dimension in shape " + formatShape(out.shape);
      return false;
    }
  size_t elem = dtypeSize(out.dtype);
  if (elem == 0) {
    error = path + ": unsupported dtype " + dtypeName(out.dtype);
    return false;
  }
  int64_t count = 1;
  for (int64_t d : out.shape)
    if (d != 0 && count > (int64_t(1) << 40) / d) {
      error = path + ": shape " + formatShape(out.shape) + " is too large";
      return false;
    } else {
      count *= d;
    }
  size_t bytes = static_cast<size_t>(count) * elem;
  out.data = AlignedBuffer(bytes);

  // Which field holds the elements, and how many it holds.
  int64_t have;
  if (proto.has_raw_data()) {
    have = static_cast<int64_t>(proto.raw_data().size() / elem);
    if (proto.raw_data().size() != bytes) have = -1;
  } else {
    switch (out.dtype) {
    case PICORT_DTYPE_FLOAT32: have = proto.float_data_size(); break;
    case PICORT_DTYPE_FLOAT64: have = proto.double_data_size(); break;
    case PICORT_DTYPE_INT64: have = proto.int64_data_size(); break;
    case PICORT_DTYPE_UINT32:
    case PICORT_DTYPE_UINT64: have = proto.uint64_data_size(); break;
    default: have = proto.int32_data_size(); break;
    }
  }
  if (have != count) {
    std::ostringstream os;
    os << path << ": shape " << formatShape(out.shape) << " needs " << count << " "
       << dtypeName(out.dtype) << " elements, the file holds "
       << (proto.has_raw_data() ? std::to_string(proto.raw_data().size()) + " raw bytes"
                                : std::to_string(have));
    error = os.str();
    return false;
  }
  if (proto.has_raw_data()) {
    std::memcpy(out.data.data(), proto.raw_data().data(), bytes);
    return true;
  }
  switch (out.dtype) {
  case PICORT_DTYPE_FLOAT32: narrowInto(proto.float_data(), elem, out.data.data()); break;
  case PICORT_DTYPE_FLOAT64: narrowInto(proto.double_data(), elem, out.data.data()); break;
  case PICORT_DTYPE_INT64: narrowInto(proto.int64_data(), elem, out.data.data()); break;
  case PICORT_DTYPE_UINT32:
  case PICORT_DTYPE_UINT64: narrowInto(proto.uint64_data(), elem, out.data.data()); break;
  default: narrowInto(proto.int32_data(), elem, out.data.data()); break;
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
