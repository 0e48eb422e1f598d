//===- GraphBuilder.cpp - ONNX graphs built in memory --------------------------------===//

#include "GraphBuilder.h"

#include <cstring>

namespace picoc::hf {

Attr Attr::i(std::string name, int64_t v) {
  Attr a;
  a.proto.set_name(std::move(name));
  a.proto.set_type(onnx::AttributeProto::INT);
  a.proto.set_i(v);
  return a;
}

Attr Attr::f(std::string name, float v) {
  Attr a;
  a.proto.set_name(std::move(name));
  a.proto.set_type(onnx::AttributeProto::FLOAT);
  a.proto.set_f(v);
  return a;
}

Attr Attr::s(std::string name, std::string v) {
  Attr a;
  a.proto.set_name(std::move(name));
  a.proto.set_type(onnx::AttributeProto::STRING);
  a.proto.set_s(std::move(v));
  return a;
}

Attr Attr::ints(std::string name, std::vector<int64_t> v) {
  Attr a;
  a.proto.set_name(std::move(name));
  a.proto.set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v)
    a.proto.add_ints(x);
  return a;
}

GraphBuilder::GraphBuilder(std::string graphName, int64_t opset)
    : model_(std::make_shared<onnx::ModelProto>()) {
  model_->set_ir_version(8);
  model_->set_producer_name("picoc frontend/hf");
  auto *import = model_->add_opset_import();
  import->set_domain("");
  import->set_version(opset);
  graph_ = model_->mutable_graph();
  graph_->set_name(std::move(graphName));
}

std::string GraphBuilder::uniqueName(const std::string &base) {
  int &n = used_[base];
  std::string name = n == 0 ? base : base + "_" + std::to_string(n);
  ++n;
  while (n > 1 && used_.count(name)) // "x_1" taken as a base of its own
    name = base + "_" + std::to_string(n++);
  used_[name];
  return name;
}

std::string GraphBuilder::node(const std::string &op, const std::vector<std::string> &inputs,
                               const std::string &location, const std::vector<Attr> &attrs,
                               const std::string &output) {
  onnx::NodeProto *n = graph_->add_node();
  std::string name = uniqueName(location);
  n->set_op_type(op);
  n->set_name(name);
  for (const std::string &in : inputs)
    n->add_input(in);
  std::string out = output.empty() ? name : output;
  if (!output.empty())
    used_[output];
  n->add_output(out);
  for (const Attr &a : attrs)
    *n->add_attribute() = a.proto;
  return out;
}

onnx::TensorProto *GraphBuilder::initializer(const std::string &name,
                                             onnx::TensorProto::DataType type,
                                             const std::vector<int64_t> &dims) {
  onnx::TensorProto *t = graph_->add_initializer();
  t->set_name(uniqueName(name));
  t->set_data_type(type);
  for (int64_t d : dims)
    t->add_dims(d);
  return t;
}

std::string GraphBuilder::ints(const std::string &name, const std::vector<int64_t> &values,
                               const std::vector<int64_t> &dims) {
  onnx::TensorProto *t = initializer(name, onnx::TensorProto::INT64, dims);
  for (int64_t v : values)
    t->add_int64_data(v);
  return t->name();
}

std::string GraphBuilder::floats(const std::string &name, const std::vector<float> &values,
                                 const std::vector<int64_t> &dims) {
  onnx::TensorProto *t = initializer(name, onnx::TensorProto::FLOAT, dims);
  t->set_raw_data(std::string(reinterpret_cast<const char *>(values.data()),
                              values.size() * sizeof(float)));
  return t->name();
}

std::string GraphBuilder::weight(const std::string &name, const SafeTensor &st) {
  auto it = weights_.find(name);
  if (it != weights_.end())
    return it->second;
  onnx::TensorProto *t = initializer(name,
                                     st.dtype == SafeDType::F32   ? onnx::TensorProto::FLOAT
                                     : st.dtype == SafeDType::F16 ? onnx::TensorProto::FLOAT16
                                                                  : onnx::TensorProto::BFLOAT16,
                                     st.shape);
  t->set_data_location(onnx::TensorProto::EXTERNAL);
  auto entry = [&](const char *key, const std::string &value) {
    auto *e = t->add_external_data();
    e->set_key(key);
    e->set_value(value);
  };
  entry("location", st.file);
  entry("offset", std::to_string(st.offset));
  entry("length", std::to_string(st.bytes));
  std::string value = t->name();
  if (st.dtype != SafeDType::F32)
    value = node("Cast", {value}, name, {Attr::i("to", onnx::TensorProto::FLOAT)});
  weights_[name] = value;
  return value;
}

std::string GraphBuilder::linear(const std::string &x, const std::string &module,
                                 const SafeTensor &w, const SafeTensor *bias) {
  std::string wt = node("Transpose", {weight(module + ".weight", w)}, module + ".weight.T",
                        {Attr::ints("perm", {1, 0})});
  std::string y = node("MatMul", {x, wt}, module);
  return bias ? node("Add", {y, weight(module + ".bias", *bias)}, module + ".bias") : y;
}

// A graph input's or output's name, element type and dims.
static void describe(onnx::ValueInfoProto *v, const std::string &name,
                     onnx::TensorProto::DataType type, const std::vector<GraphDim> &dims) {
  v->set_name(name);
  auto *tensor = v->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(type);
  for (const GraphDim &d : dims) {
    auto *dim = tensor->mutable_shape()->add_dim();
    if (d.name.empty())
      dim->set_dim_value(d.size);
    else
      dim->set_dim_param(d.name);
  }
}

void GraphBuilder::input(const std::string &name, onnx::TensorProto::DataType type,
                         const std::vector<GraphDim> &dims) {
  used_[name];
  describe(graph_->add_input(), name, type, dims);
}

void GraphBuilder::output(const std::string &name, const std::string &value,
                          const std::vector<GraphDim> &dims) {
  if (value != name)
    node("Identity", {value}, name, {}, name);
  describe(graph_->add_output(), name, onnx::TensorProto::FLOAT, dims);
}

std::shared_ptr<const onnx::ModelProto> GraphBuilder::finish() { return model_; }

} // namespace picoc::hf
