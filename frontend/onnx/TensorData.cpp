//===- TensorData.cpp - ONNX element types and tensor bytes --------------------------===//

#include "TensorData.h"

#include "picoc/Support/WeightStore.h"

#include "llvm/ADT/StringRef.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>

using namespace mlir;
using picoc::kir::DType;

namespace picoc::onnximport {

std::string onnxTypeName(int32_t code) {
  if (onnx::TensorProto::DataType_IsValid(code))
    return onnx::TensorProto::DataType_Name(static_cast<onnx::TensorProto::DataType>(code));
  // Types of newer ONNX releases than the schema picoc is built with (onnx 1.12 stops at 16).
  static const char *newer[] = {"FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ",
                                "UINT4",        "INT4",           "FLOAT4E2M1", "FLOAT8E8M0",
                                "UINT2",        "INT2"};
  if (code >= 17 && code < 17 + static_cast<int32_t>(std::size(newer)))
    return std::string(newer[code - 17]) + " (" + std::to_string(code) + ")";
  return "code " + std::to_string(code);
}

Type elementType(MLIRContext *context, DType dtype) {
  auto sign = [&](unsigned width) { return IntegerType::get(context, width); };
  auto unsign = [&](unsigned width) {
    return IntegerType::get(context, width, IntegerType::Unsigned);
  };
  switch (dtype) {
  case DType::F32: return Float32Type::get(context);
  case DType::F64: return Float64Type::get(context);
  case DType::F16: return Float16Type::get(context);
  case DType::BF16: return BFloat16Type::get(context);
  case DType::Bool: return sign(1);
  case DType::I8: return sign(8);
  case DType::I16: return sign(16);
  case DType::I32: return sign(32);
  case DType::I64: return sign(64);
  case DType::U8: return unsign(8);
  case DType::U16: return unsign(16);
  case DType::U32: return unsign(32);
  case DType::U64: return unsign(64);
  case DType::F8E4M3FN: return Float8E4M3FNType::get(context);
  case DType::F8E4M3FNUZ: return Float8E4M3FNUZType::get(context);
  case DType::F8E5M2: return Float8E5M2Type::get(context);
  case DType::F8E5M2FNUZ: return Float8E5M2FNUZType::get(context);
  case DType::I4: return sign(4);
  case DType::U4: return unsign(4);
  case DType::I2: return sign(2);
  case DType::U2: return unsign(2);
  case DType::F4E2M1: return Float4E2M1FNType::get(context);
  }
  return {};
}

TensorBytes widenNarrow(DType format, const TensorBytes &bytes, int64_t count) {
  auto wide = std::make_shared<std::vector<char>>();
  const auto *in = reinterpret_cast<const uint8_t *>(bytes.data);
  int64_t bits = kir::dtypeBits(format), per = kir::elementsPerByte(format);
  auto field = [&](int64_t i) -> uint8_t { // element i's bits (packed: low bits first)
    return (in[i / per] >> ((i % per) * bits)) & ((1u << bits) - 1);
  };
  if (std::optional<kir::FloatFormat> f = kir::floatFormat(format)) {
    wide->resize(static_cast<size_t>(count) * sizeof(float));
    for (int64_t i = 0; i < count; ++i) {
      float v = kir::decodeFloat(*f, field(i));
      std::memcpy(wide->data() + i * sizeof(float), &v, sizeof v);
    }
  } else {
    wide->resize(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
      uint8_t value = field(i);
      if (kir::isSigned(format) && value >> (bits - 1))
        value |= static_cast<uint8_t>(0xFFu << bits); // sign-extended
      (*wide)[i] = static_cast<char>(value);
    }
  }
  return {wide->data(), static_cast<int64_t>(wide->size()),
          std::shared_ptr<const void>(wide, wide->data())};
}

std::optional<int64_t> elementCount(ArrayRef<int64_t> dims) {
  constexpr int64_t kLimit = int64_t(1) << 48;
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0 || d > kLimit)
      return std::nullopt;
    if (d != 0 && n > kLimit / d)
      return std::nullopt;
    n *= d;
  }
  return n;
}

//===----------------------------------------------------------------------------------===//
// TensorProto bytes
//===----------------------------------------------------------------------------------===//

namespace {

// Converts a repeated typed field into `count` little-endian elements of type T.
template <typename T, typename Field>
bool packField(const Field &field, int64_t count, const char *fieldName, std::vector<char> &out,
               std::string &error) {
  if (field.size() != count) {
    error = std::string(fieldName) + " holds " + std::to_string(field.size()) +
            " values, the dims need " + std::to_string(count);
    return false;
  }
  out.resize(static_cast<size_t>(count) * sizeof(T));
  for (int64_t i = 0; i < count; ++i) {
    T v = static_cast<T>(field.Get(static_cast<int>(i)));
    std::memcpy(out.data() + i * sizeof(T), &v, sizeof(T));
  }
  return true;
}

bool packTypedFields(const onnx::TensorProto &t, DType dtype, int64_t count,
                     std::vector<char> &out, std::string &error) {
  switch (dtype) {
  case DType::F32: return packField<float>(t.float_data(), count, "float_data", out, error);
  case DType::F64: return packField<double>(t.double_data(), count, "double_data", out, error);
  case DType::I64: return packField<int64_t>(t.int64_data(), count, "int64_data", out, error);
  case DType::U32:
    return packField<uint32_t>(t.uint64_data(), count, "uint64_data", out, error);
  case DType::U64:
    return packField<uint64_t>(t.uint64_data(), count, "uint64_data", out, error);
  case DType::I32: return packField<int32_t>(t.int32_data(), count, "int32_data", out, error);
  case DType::I16: return packField<int16_t>(t.int32_data(), count, "int32_data", out, error);
  case DType::I8: return packField<int8_t>(t.int32_data(), count, "int32_data", out, error);
  case DType::U16:
  case DType::F16:
  case DType::BF16: // the 16 bits of the value, in int32_data
    return packField<uint16_t>(t.int32_data(), count, "int32_data", out, error);
  case DType::U8:
  case DType::F8E4M3FN:
  case DType::F8E4M3FNUZ:
  case DType::F8E5M2:
  case DType::F8E5M2FNUZ:
  case DType::U4:
  case DType::I4:
  case DType::U2:
  case DType::I2:
  case DType::F4E2M1: return packField<uint8_t>(t.int32_data(), count, "int32_data", out, error);
  case DType::Bool:
    if (!packField<uint8_t>(t.int32_data(), count, "int32_data", out, error))
      return false;
    for (char &c : out)
      c = c != 0;
    return true;
  }
  error = "unsupported data type";
  return false;
}

std::optional<int64_t> parseInt(const std::string &s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0)
    return std::nullopt;
  return v;
}

} // namespace

bool TensorLoader::load(const onnx::TensorProto &t, TensorBytes &out, std::string &error) {
  auto dtype = kir::dtypeFromOnnx(t.data_type());
  if (!dtype) {
    error = "data type " + onnxTypeName(t.data_type()) + " is not supported";
    return false;
  }
  SmallVector<int64_t> dims(t.dims().begin(), t.dims().end());
  auto count = elementCount(dims);
  if (!count) {
    error = "has invalid dims";
    return false;
  }
  int64_t expected = (*count * kir::dtypeBits(*dtype) + 7) / 8; // the packed types round up
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    return loadExternal(t, expected, out, error);
  if (t.has_raw_data()) {
    if (static_cast<int64_t>(t.raw_data().size()) != expected) {
      error = "raw_data holds " + std::to_string(t.raw_data().size()) + " bytes, the dims need " +
              std::to_string(expected);
      return false;
    }
    // Zero copy: the bytes stay in the parsed model, which the owner keeps alive.
    out = {t.raw_data().data(), expected, model_};
    return true;
  }
  auto bytes = std::make_shared<std::vector<char>>();
  // int32_data holds a narrow format's bytes, one per entry (the packed types packed).
  int64_t fieldCount = kir::isNarrow(*dtype) ? expected : *count;
  if (!packTypedFields(t, *dtype, fieldCount, *bytes, error))
    return false;
  out = {bytes->data(), expected, std::shared_ptr<const void>(bytes, bytes->data())};
  return true;
}

bool TensorLoader::loadExternal(const onnx::TensorProto &t, int64_t expected, TensorBytes &out,
                                std::string &error) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &entry : t.external_data()) {
    if (entry.key() == "location") {
      location = entry.value();
    } else if (entry.key() == "offset" || entry.key() == "length") {
      auto v = parseInt(entry.value());
      if (!v) {
        error = "external data " + entry.key() + " '" + entry.value() + "' is not a number";
        return false;
      }
      (entry.key() == "offset" ? offset : length) = *v;
    }
  }
  if (location.empty()) {
    error = "external data has no location";
    return false;
  }
  llvm::StringRef loc(location);
  if (loc.starts_with("/") || loc == ".." || loc.starts_with("../") || loc.contains("/../") ||
      loc.ends_with("/..")) {
    error = "external data location '" + location + "' leaves the model's directory";
    return false;
  }
  std::string path = modelDir_.empty() ? location : modelDir_ + "/" + location;
  auto it = files_->byPath.find(path);
  if (it == files_->byPath.end()) {
    // A symbolic link on the way may lead out of the model's directory (onnx refuses it too).
    std::string dir = modelDir_.empty() ? "." : modelDir_;
    char *realDir = ::realpath(dir.c_str(), nullptr), *realFile = ::realpath(path.c_str(), nullptr);
    bool inside = realDir && realFile &&
                  llvm::StringRef(realFile).starts_with(std::string(realDir) + "/");
    bool exists = realFile != nullptr;
    std::free(realDir);
    std::free(realFile);
    if (exists && !inside) {
      error = "external data location '" + location + "' leads out of the model's directory "
              "through a symbolic link";
      return false;
    }
    int64_t size = 0;
    std::string mapError;
    auto mapping = mapFile(path, size, mapError);
    if (!mapping) {
      error = "external data file '" + path + "': " + mapError;
      return false;
    }
    it = files_->byPath.emplace(path, std::make_pair(std::move(mapping), size)).first;
  }
  const auto &[mapping, fileSize] = it->second;
  if (length >= 0 && length != expected) {
    error = "external data length " + std::to_string(length) + " differs from the " +
            std::to_string(expected) + " bytes the dims need";
    return false;
  }
  if (offset > fileSize || fileSize - offset < expected) {
    error = "external data file '" + path + "' is too short: " + std::to_string(fileSize) +
            " bytes, the tensor needs " + std::to_string(expected) + " at offset " +
            std::to_string(offset);
    return false;
  }
  const char *base = static_cast<const char *>(mapping.get());
  out = {base + offset, expected, mapping, /*mapped=*/true};
  return true;
}

//===----------------------------------------------------------------------------------===//
// DenseElementsAttr helpers
//===----------------------------------------------------------------------------------===//

DenseElementsAttr denseFromBytes(RankedTensorType type, const char *data, int64_t size) {
  if (type.getNumElements() == 0)
    return DenseElementsAttr::get(type, ArrayRef<Attribute>());
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> values;
    for (int64_t i = 0; i < size; ++i)
      values.push_back(data[i] != 0);
    return DenseElementsAttr::get(type, values);
  }
  return DenseElementsAttr::getFromRawBuffer(type, ArrayRef<char>(data, size));
}

std::vector<char> bytesOf(DenseElementsAttr attr) {
  std::vector<char> out;
  int64_t n = attr.getNumElements();
  if (attr.getElementType().isInteger(1)) {
    for (bool b : attr.getValues<bool>())
      out.push_back(b ? 1 : 0);
    return out;
  }
  ArrayRef<char> raw = attr.getRawData();
  if (!attr.isSplat())
    return std::vector<char>(raw.begin(), raw.end());
  for (int64_t i = 0; i < n; ++i)
    out.insert(out.end(), raw.begin(), raw.end());
  return out;
}

DenseElementsAttr denseOf(RankedTensorType type, ArrayRef<double> values) {
  Type et = type.getElementType();
  if (auto ft = dyn_cast<FloatType>(et)) {
    SmallVector<APFloat> out;
    for (double v : values) {
      APFloat f(v);
      bool lost;
      f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      out.push_back(f);
    }
    return DenseElementsAttr::get(type, out);
  }
  SmallVector<int64_t> ints;
  for (double v : values)
    ints.push_back(et.isInteger(1) ? v != 0 : saturatingInt64(v));
  return denseOfInts(type, ints);
}

int64_t saturatingInt64(double v) {
  constexpr double kTwo63 = 9223372036854775808.0; // 2^63, exact in a double
  if (std::isnan(v))
    return 0;
  if (v >= kTwo63)
    return INT64_MAX;
  if (v < -kTwo63)
    return INT64_MIN;
  return static_cast<int64_t>(v);
}

DenseElementsAttr denseOfInts(RankedTensorType type, ArrayRef<int64_t> values) {
  Type et = type.getElementType();
  if (isa<FloatType>(et)) {
    SmallVector<double> d(values.begin(), values.end());
    return denseOf(type, d);
  }
  unsigned width = et.getIntOrFloatBitWidth();
  SmallVector<APInt> out;
  for (int64_t v : values)
    out.push_back(APInt(64, static_cast<uint64_t>(width == 1 ? v != 0 : v), true).trunc(width));
  return DenseElementsAttr::get(type, out);
}

std::optional<SmallVector<int64_t>> intsOf(DenseElementsAttr attr) {
  auto it = dyn_cast<IntegerType>(attr.getElementType());
  if (!it)
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &v : attr.getValues<APInt>())
    out.push_back(it.getWidth() == 1 || it.isUnsigned() ? static_cast<int64_t>(v.getZExtValue())
                                                        : v.getSExtValue());
  return out;
}

SmallVector<double> doublesOf(DenseElementsAttr attr) {
  SmallVector<double> out;
  if (isa<FloatType>(attr.getElementType())) {
    for (const APFloat &v : attr.getValues<APFloat>())
      out.push_back(v.convertToDouble());
    return out;
  }
  auto ints = intsOf(attr);
  if (ints)
    out.assign(ints->begin(), ints->end());
  return out;
}

} // namespace picoc::onnximport
