//===- Safetensors.cpp - the headers of safetensors files ----------------------------===//

#include "Safetensors.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace picoc::hf {

const char *safeDTypeName(SafeDType t) {
  switch (t) {
  case SafeDType::F32: return "F32";
  case SafeDType::F16: return "F16";
  case SafeDType::BF16: return "BF16";
  }
  return "?";
}

namespace {

// The largest header picoc reads: a checkpoint of ten thousand tensors has ~1 MiB of it.
constexpr uint64_t kMaxHeaderBytes = 100u << 20;

int64_t elementBytes(SafeDType t) { return t == SafeDType::F32 ? 4 : 2; }

} // namespace

bool readSafetensorsHeader(const std::string &path, const std::string &file,
                           std::map<std::string, SafeTensor> &out, std::set<std::string> &bad,
                           std::vector<std::string> &errors) {
  size_t before = errors.size();
  auto fail = [&](const std::string &message) {
    errors.push_back(message);
    return false;
  };
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    return fail("cannot be read");
  int64_t fileSize = static_cast<int64_t>(in.tellg());
  in.seekg(0);
  unsigned char lengthBytes[8];
  if (fileSize < 8 || !in.read(reinterpret_cast<char *>(lengthBytes), 8))
    return fail("is not a safetensors file: " + std::to_string(fileSize) +
                " bytes, shorter than the 8-byte header length");
  uint64_t headerBytes = 0;
  for (int i = 7; i >= 0; --i)
    headerBytes = headerBytes << 8 | lengthBytes[i];
  if (headerBytes > kMaxHeaderBytes || headerBytes > static_cast<uint64_t>(fileSize - 8))
    return fail("is not a safetensors file: its header length " + std::to_string(headerBytes) +
                " runs past the file's " + std::to_string(fileSize) + " bytes");
  std::string text(headerBytes, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(headerBytes)))
    return fail("cannot be read");
  nlohmann::json header = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object())
    return fail("is not a safetensors file: its header is not a JSON object");
  int64_t dataStart = 8 + static_cast<int64_t>(headerBytes), dataSize = fileSize - dataStart;
  for (const auto &[name, entry] : header.items()) {
    if (name == "__metadata__")
      continue;
    auto refuse = [&](const std::string &why) {
      errors.push_back("tensor '" + name + "': " + why);
      bad.insert(name);
    };
    if (!entry.is_object() || !entry.contains("dtype") || !entry["dtype"].is_string() ||
        !entry.contains("shape") || !entry["shape"].is_array() ||
        !entry.contains("data_offsets") || !entry["data_offsets"].is_array() ||
        entry["data_offsets"].size() != 2) {
      refuse("its header entry needs a dtype, a shape and two data_offsets");
      continue;
    }
    SafeTensor t;
    t.file = file;
    std::string dtype = entry["dtype"];
    if (dtype == "F32") t.dtype = SafeDType::F32;
    else if (dtype == "F16") t.dtype = SafeDType::F16;
    else if (dtype == "BF16") t.dtype = SafeDType::BF16;
    else {
      refuse("dtype " + dtype + " is not read by picoc (F32, F16 and BF16 are)");
      continue;
    }
    // Counted in 128 bits, a shape of absurd dims is refused rather than wrapped.
    __int128 count = 1;
    bool shapeOk = true;
    for (const nlohmann::json &d : entry["shape"]) {
      if (!d.is_number_unsigned() || d.get<uint64_t>() > (uint64_t(1) << 40)) {
        shapeOk = false;
        break;
      }
      t.shape.push_back(d.get<int64_t>());
      count *= t.shape.back();
      if (count > (__int128(1) << 48))
        shapeOk = false;
    }
    if (!shapeOk) {
      refuse("its shape " + entry["shape"].dump() + " is not a list of sizes");
      continue;
    }
    const nlohmann::json &offsets = entry["data_offsets"];
    if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned()) {
      refuse("its data_offsets " + offsets.dump() + " are not byte offsets");
      continue;
    }
    uint64_t begin = offsets[0], end = offsets[1];
    if (begin > end || end > static_cast<uint64_t>(dataSize)) {
      refuse("its bytes [" + std::to_string(begin) + ", " + std::to_string(end) +
          ") lie outside the file's " + std::to_string(dataSize) + " bytes of data");
      continue;
    }
    int64_t expected = static_cast<int64_t>(count) * elementBytes(t.dtype);
    if (static_cast<int64_t>(end - begin) != expected) {
      refuse("its " + std::to_string(end - begin) + " bytes do not hold its shape " +
          entry["shape"].dump() + " of " + dtype + " (" + std::to_string(expected) + " bytes)");
      continue;
    }
    t.offset = dataStart + static_cast<int64_t>(begin);
    t.bytes = expected;
    out[name] = std::move(t);
  }
  return errors.size() == before;
}

} // namespace picoc::hf
