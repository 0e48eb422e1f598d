//===- OnnxTensorFile.cpp - reading ONNX backend-test data (TensorProto files) -------===//
//
// TensorProto keeps its elements either in raw_data (little-endian bytes, the layout we
// want) or in a typed repeated field whose element type is wider than the tensor's:
//   float_data   float32                int64_data   int64
//   double_data  float64                uint64_data  uint32, uint64
//   int32_data   int32, int16, int8, uint16, uint8, bool, and the bits of float16/bfloat16
// readTensorFile narrows the typed fields into the raw layout.
//
//===------------------------------------------------------------------------------===//
#include "OnnxTensorFile.h"

#include "picort.h"

#include <onnx/onnx_pb.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace picoc::run {

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
  size_t bytes = 0;
  if (!checkedByteSize(out, path, bytes, error)) return false;
  // The packed types (below 8 bits) hold their bytes: raw_data, or int32_data one byte each.
  bool packed = dtypeSize(out.dtype) == 0;
  size_t elem = packed ? 1 : dtypeSize(out.dtype);
  int64_t count = packed ? static_cast<int64_t>(bytes) : out.numElements();
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

// What the model declares its graph inputs (initializers left out, as the backend tests feed
// them) and outputs to be: "" for a tensor, else "a sequence", "an optional", "a map". A
// data file of such a value is an onnx.SequenceProto (...), which would parse as a TensorProto
// of nonsense dims; nothing is known without a readable model.onnx.
static void declaredKinds(const std::string &caseDir, std::vector<std::string> &inputs,
                          std::vector<std::string> &outputs) {
  std::ifstream in(fs::path(caseDir) / "model.onnx", std::ios::binary);
  onnx::ModelProto model;
  if (!in || !model.ParseFromIstream(&in)) return;
  auto kind = [](const onnx::TypeProto &t) -> std::string {
    if (t.has_sequence_type()) return "a sequence";
    if (t.has_optional_type()) return "an optional";
    if (t.has_map_type()) return "a map";
    return "";
  };
  std::set<std::string> weights;
  for (const auto &t : model.graph().initializer()) weights.insert(t.name());
  for (const auto &vi : model.graph().input())
    if (!weights.count(vi.name())) inputs.push_back(kind(vi.type()));
  for (const auto &vi : model.graph().output()) outputs.push_back(kind(vi.type()));
}

bool readDataSets(const std::string &caseDir, std::vector<DataSet> &sets, std::string &error) {
  std::vector<std::string> inputKinds, outputKinds;
  declaredKinds(caseDir, inputKinds, outputKinds);
  auto refuse = [&](const fs::path &p, const std::vector<std::string> &kinds, size_t i) {
    if (i >= kinds.size() || kinds[i].empty()) return false;
    error = p.string() + ": the model declares " + kinds[i] +
            " here; picoc-run reads tensors only";
    return true;
  };
  for (const fs::path &dir : numberedEntries(caseDir, "test_data_set_", "")) {
    DataSet set;
    set.name = dir.filename().string();
    for (const fs::path &p : numberedEntries(dir, "input_", ".pb"))
      if (refuse(p, inputKinds, set.inputs.size()) ||
          !readTensorFile(p.string(), set.inputs.emplace_back(), error))
        return false;
    for (const fs::path &p : numberedEntries(dir, "output_", ".pb"))
      if (refuse(p, outputKinds, set.outputs.size()) ||
          !readTensorFile(p.string(), set.outputs.emplace_back(), error))
        return false;
    readSetNotes(dir, set);
    sets.push_back(std::move(set));
  }
  if (sets.empty()) error = "no test_data_set_N directory in " + caseDir;
  return !sets.empty();
}

} // namespace picoc::run
