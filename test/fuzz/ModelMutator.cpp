//===- ModelMutator.cpp - structure-aware mutations of an ONNX ModelProto -----------===//

#include "ModelMutator.h"

#include "OpTable.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace picoc::fuzz {
namespace {

using Rng = std::mt19937_64;

constexpr int64_t kInterestingInts[] = {
    0, 1, -1, 2, -2, 3, 4, 5, 7, 8, 16, 63, 64, 255, 256, 4096, 4097, 65536,
    INT32_MAX, int64_t(INT32_MAX) + 1, INT32_MIN, int64_t(1) << 32, int64_t(1) << 48,
    INT64_MAX, INT64_MIN, INT64_MIN + 1};
constexpr double kInterestingFloats[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, 1e-30, 1e30,
                                         3.4e38, -3.4e38, 1e-45};
const char *const kStrings[] = {
    "", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "constant", "reflect", "edge", "wrap",
    "nearest", "linear", "cubic", "half_pixel", "pytorch_half_pixel", "align_corners",
    "asymmetric", "tf_crop_and_resize", "tf_half_pixel_for_nn", "half_pixel_symmetric",
    "round_prefer_floor", "round_prefer_ceil", "floor", "ceil", "stretch", "not_larger",
    "not_smaller", "DCR", "CRD", "none", "tanh", "x"};

size_t pick(Rng &rng, size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
bool chance(Rng &rng, int oneIn) { return pick(rng, oneIn) == 0; }

int64_t anInt(Rng &rng) {
  switch (pick(rng, 4)) {
  case 0: return static_cast<int64_t>(pick(rng, 9)) - 4;
  case 1: return static_cast<int64_t>(rng());
  default: return kInterestingInts[pick(rng, std::size(kInterestingInts))];
  }
}

float aFloat(Rng &rng) {
  switch (pick(rng, 5)) {
  case 0: return std::numeric_limits<float>::quiet_NaN();
  case 1: return (chance(rng, 2) ? 1 : -1) * std::numeric_limits<float>::infinity();
  case 2: return std::uniform_real_distribution<float>(-10, 10)(rng);
  default: return static_cast<float>(kInterestingFloats[pick(rng, std::size(kInterestingFloats))]);
  }
}

// A dim: mostly small, sometimes at or past the limits.
int64_t aDim(Rng &rng) {
  return chance(rng, 4) ? anInt(rng) : static_cast<int64_t>(pick(rng, 6)) + 1;
}

int32_t aDataType(Rng &rng) {
  // The types picoc supports most of the time, any code (0..23, and past) otherwise.
  static constexpr int32_t common[] = {onnx::TensorProto::FLOAT, onnx::TensorProto::INT64,
                                       onnx::TensorProto::INT32, onnx::TensorProto::BOOL,
                                       onnx::TensorProto::FLOAT16, onnx::TensorProto::UINT8};
  return chance(rng, 3) ? static_cast<int32_t>(pick(rng, 26)) : common[pick(rng, std::size(common))];
}

// Every value name of the graph: inputs, initializers, node outputs.
std::vector<std::string> valueNames(const onnx::GraphProto &g) {
  std::vector<std::string> names;
  for (const auto &vi : g.input())
    names.push_back(vi.name());
  for (const auto &t : g.initializer())
    names.push_back(t.name());
  for (const auto &n : g.node())
    for (const auto &o : n.output())
      names.push_back(o);
  return names;
}

void mutateInts(Rng &rng, google::protobuf::RepeatedField<int64_t> &v, bool dims) {
  auto value = [&] { return dims ? aDim(rng) : anInt(rng); };
  switch (v.empty() ? 0 : pick(rng, 4)) {
  case 0: v.Add(value()); break;
  case 1: v.RemoveLast(); break;
  default: v.Set(static_cast<int>(pick(rng, v.size())), value()); break;
  }
}

void mutateTensor(Rng &rng, onnx::TensorProto &t) {
  switch (pick(rng, 7)) {
  case 0: mutateInts(rng, *t.mutable_dims(), true); break;
  case 1: t.set_data_type(aDataType(rng)); break;
  case 2: // typed values, through the field that the type reads
    if (t.int64_data_size() > 0)
      t.set_int64_data(static_cast<int>(pick(rng, t.int64_data_size())), anInt(rng));
    else if (t.float_data_size() > 0)
      t.set_float_data(static_cast<int>(pick(rng, t.float_data_size())), aFloat(rng));
    else if (t.int32_data_size() > 0)
      t.set_int32_data(static_cast<int>(pick(rng, t.int32_data_size())),
                       static_cast<int32_t>(anInt(rng)));
    else
      t.add_int64_data(anInt(rng));
    break;
  case 3: // raw bytes: one element overwritten, or the length changed
    if (t.has_raw_data() && !t.raw_data().empty() && chance(rng, 2)) {
      std::string &raw = *t.mutable_raw_data();
      int64_t v = anInt(rng);
      size_t at = pick(rng, raw.size());
      std::memcpy(&raw[at], &v, std::min(sizeof v, raw.size() - at));
    } else {
      t.mutable_raw_data()->resize(pick(rng, 64));
    }
    break;
  case 4: // to external data, a file next to the model (there is none but the model itself)
    t.set_data_location(onnx::TensorProto::EXTERNAL);
    t.clear_external_data();
    for (const char *key : {"location", "offset", "length"}) {
      if (chance(rng, 3))
        continue;
      auto *entry = t.add_external_data();
      entry->set_key(key);
      entry->set_value(key[0] == 'l' && key[1] == 'o'
                           ? (chance(rng, 2) ? "model.onnx" : "../model.onnx")
                           : std::to_string(anInt(rng)));
    }
    break;
  case 5: t.clear_raw_data(); t.clear_int64_data(); t.clear_float_data(); break;
  default: t.clear_dims(); break;
  }
}

void mutateAttribute(Rng &rng, onnx::AttributeProto &a) {
  switch (a.type()) {
  case onnx::AttributeProto::INT: a.set_i(anInt(rng)); break;
  case onnx::AttributeProto::FLOAT: a.set_f(aFloat(rng)); break;
  case onnx::AttributeProto::STRING: a.set_s(kStrings[pick(rng, std::size(kStrings))]); break;
  case onnx::AttributeProto::TENSOR: mutateTensor(rng, *a.mutable_t()); break;
  case onnx::AttributeProto::INTS: mutateInts(rng, *a.mutable_ints(), false); break;
  case onnx::AttributeProto::FLOATS:
    if (a.floats_size() > 0 && chance(rng, 2))
      a.set_floats(static_cast<int>(pick(rng, a.floats_size())), aFloat(rng));
    else
      a.add_floats(aFloat(rng));
    break;
  default: a.set_type(onnx::AttributeProto::INT); a.set_i(anInt(rng)); break;
  }
}

// An attribute from the op's row of the table (name:type), with a value of that type.
void addAttribute(Rng &rng, onnx::NodeProto &node) {
  const onnximport::OpInfo *info = onnximport::findOp(node.op_type());
  if (!info || !*info->attributes)
    return;
  std::vector<std::string> entries;
  std::string list = info->attributes;
  for (size_t b = 0, e; b < list.size(); b = e + 1) {
    e = list.find(' ', b);
    if (e == std::string::npos)
      e = list.size();
    if (e > b)
      entries.push_back(list.substr(b, e - b));
  }
  const std::string &entry = entries[pick(rng, entries.size())];
  std::string name = entry.substr(0, entry.find(':')), type = entry.substr(entry.find(':') + 1);
  onnx::AttributeProto *a = nullptr;
  for (auto &existing : *node.mutable_attribute())
    if (existing.name() == name)
      a = &existing;
  if (!a) {
    a = node.add_attribute();
    a->set_name(name);
  }
  static const std::pair<const char *, onnx::AttributeProto::AttributeType> types[] = {
      {"i", onnx::AttributeProto::INT},     {"f", onnx::AttributeProto::FLOAT},
      {"s", onnx::AttributeProto::STRING},  {"t", onnx::AttributeProto::TENSOR},
      {"is", onnx::AttributeProto::INTS},   {"fs", onnx::AttributeProto::FLOATS}};
  for (const auto &[code, attrType] : types)
    if (type == code)
      a->set_type(attrType);
  if (a->type() == onnx::AttributeProto::TENSOR && !a->has_t()) {
    a->mutable_t()->set_data_type(onnx::TensorProto::INT64);
    a->mutable_t()->add_int64_data(anInt(rng));
  }
  mutateAttribute(rng, *a);
}

void mutateNode(Rng &rng, onnx::GraphProto &g, onnx::NodeProto &node) {
  switch (pick(rng, 8)) {
  case 0:
  case 1:
    if (node.attribute_size() > 0)
      mutateAttribute(rng, *node.mutable_attribute(static_cast<int>(pick(rng, node.attribute_size()))));
    else
      addAttribute(rng, node);
    break;
  case 2: addAttribute(rng, node); break;
  case 3:
    if (node.attribute_size() > 0) {
      node.mutable_attribute()->SwapElements(static_cast<int>(pick(rng, node.attribute_size())),
                                             node.attribute_size() - 1);
      node.mutable_attribute()->RemoveLast();
    }
    break;
  case 4: {
    auto ops = onnximport::allOps();
    node.set_op_type(ops[pick(rng, ops.size())].opType);
    break;
  }
  case 5: { // rewire one input to another value (or to nothing)
    std::vector<std::string> names = valueNames(g);
    std::string name = chance(rng, 6) || names.empty() ? "" : names[pick(rng, names.size())];
    if (node.input_size() > 0 && chance(rng, 2))
      node.set_input(static_cast<int>(pick(rng, node.input_size())), name);
    else
      node.add_input(name);
    break;
  }
  case 6:
    if (node.input_size() > 0)
      node.mutable_input()->RemoveLast();
    break;
  default: // a second output, used or not
    node.add_output(node.output_size() > 0 ? node.output(0) + "_" + std::to_string(pick(rng, 4))
                                           : "out");
    break;
  }
}

void mutateValueInfo(Rng &rng, onnx::ValueInfoProto &vi) {
  auto *tt = vi.mutable_type()->mutable_tensor_type();
  switch (pick(rng, 5)) {
  case 0: tt->set_elem_type(aDataType(rng)); break;
  case 1: tt->mutable_shape()->add_dim()->set_dim_value(aDim(rng)); break;
  case 2:
    if (tt->shape().dim_size() > 0)
      tt->mutable_shape()->mutable_dim()->RemoveLast();
    break;
  case 3:
    if (tt->shape().dim_size() > 0) {
      auto *d = tt->mutable_shape()->mutable_dim(static_cast<int>(pick(rng, tt->shape().dim_size())));
      if (chance(rng, 3))
        d->set_dim_param(chance(rng, 2) ? "batch" : "unknown");
      else
        d->set_dim_value(aDim(rng));
    }
    break;
  default: tt->clear_shape(); break;
  }
}

void mutate(Rng &rng, onnx::ModelProto &m) {
  onnx::GraphProto &g = *m.mutable_graph();
  switch (pick(rng, 12)) {
  case 0: case 1: case 2: case 3:
    if (g.node_size() > 0)
      mutateNode(rng, g, *g.mutable_node(static_cast<int>(pick(rng, g.node_size()))));
    break;
  case 4:
    if (g.input_size() > 0)
      mutateValueInfo(rng, *g.mutable_input(static_cast<int>(pick(rng, g.input_size()))));
    break;
  case 5:
    if (g.initializer_size() > 0)
      mutateTensor(rng, *g.mutable_initializer(static_cast<int>(pick(rng, g.initializer_size()))));
    break;
  case 6: {
    auto *opset = m.opset_import_size() > 0 ? m.mutable_opset_import(0) : m.add_opset_import();
    opset->set_version(chance(rng, 4) ? anInt(rng) : static_cast<int64_t>(pick(rng, 22)) + 1);
    break;
  }
  case 7: // a copy of a node, its outputs renamed, appended (readers may be rewired to it)
    if (g.node_size() > 0 && g.node_size() < 64) {
      onnx::NodeProto copy = g.node(static_cast<int>(pick(rng, g.node_size())));
      for (auto &out : *copy.mutable_output())
        out += "_copy";
      copy.set_name(copy.name() + "_copy");
      *g.add_node() = copy;
    }
    break;
  case 8:
    if (g.node_size() > 0) {
      g.mutable_node()->SwapElements(static_cast<int>(pick(rng, g.node_size())), g.node_size() - 1);
      g.mutable_node()->RemoveLast();
    }
    break;
  case 9: { // a graph output names another value
    std::vector<std::string> names = valueNames(g);
    if (!names.empty()) {
      auto *out = g.output_size() > 0 && chance(rng, 2)
                      ? g.mutable_output(static_cast<int>(pick(rng, g.output_size())))
                      : g.add_output();
      out->set_name(names[pick(rng, names.size())]);
    }
    break;
  }
  case 10:
    if (g.output_size() > 0)
      mutateValueInfo(rng, *g.mutable_output(static_cast<int>(pick(rng, g.output_size()))));
    break;
  default: // a Constant node's tensor
    for (auto &node : *g.mutable_node())
      for (auto &a : *node.mutable_attribute())
        if (a.has_t() && chance(rng, 2)) {
          mutateTensor(rng, *a.mutable_t());
          return;
        }
    break;
  }
}

} // namespace

size_t mutateModel(uint8_t *data, size_t size, size_t maxSize, unsigned seed) {
  onnx::ModelProto m;
  if (size == 0 || !m.ParseFromArray(data, static_cast<int>(size)) || !m.has_graph())
    return 0;
  Rng rng(seed);
  for (size_t n = 1 + pick(rng, 3); n > 0; --n)
    mutate(rng, m);
  std::string out;
  if (!m.SerializeToString(&out) || out.size() > maxSize)
    return 0;
  std::memcpy(data, out.data(), out.size());
  return out.size();
}

} // namespace picoc::fuzz
