//===- GraphBuilder.h - ONNX graphs built in memory, for the checkpoint builders -----===//
//
// The model-family builders (Llama.cpp, ...) write their architecture as an ONNX graph, which
// the ONNX importer then takes like any exported model: one set of op semantics, run-time
// dims and state recognition for both frontends, and a graph that can be saved and run by
// onnxruntime (`picoc --emit-onnx`). Each node is named by the checkpoint's module path
// ("model.layers.3.self_attn.q_proj"), which becomes its ops' location; a value is named by
// the node that makes it. Weights are external data: the safetensors bytes, mapped at import.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_FRONTEND_HF_GRAPHBUILDER_H
#define PICOC_FRONTEND_HF_GRAPHBUILDER_H

#include "Safetensors.h"

#include <onnx/onnx_pb.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace picoc::hf {

// A node attribute: an int, a float, a string or a list of ints.
struct Attr {
  static Attr i(std::string name, int64_t v);
  static Attr f(std::string name, float v);
  static Attr s(std::string name, std::string v);
  static Attr ints(std::string name, std::vector<int64_t> v);
  onnx::AttributeProto proto;
};

// A dim of a graph input or output: a size, or a named dim ("seq"; an expression "past + 1").
struct GraphDim {
  GraphDim(int64_t size) : size(size) {} // NOLINT
  GraphDim(const char *name) : name(name) {} // NOLINT
  GraphDim(std::string name) : name(std::move(name)) {} // NOLINT
  int64_t size = 0;
  std::string name;
};

class GraphBuilder {
public:
  // `opset`: the default domain's version the graph declares (17: every op the llama and
  // Whisper builders use; 21: GroupNormalization with per-channel scale and bias).
  explicit GraphBuilder(std::string graphName, int64_t opset = 17);

  // Adds a node named `location` (made unique with a suffix when taken) and returns its one
  // output's name: `output` when given (a graph output's), else the node's.
  std::string node(const std::string &op, const std::vector<std::string> &inputs,
                   const std::string &location, const std::vector<Attr> &attrs = {},
                   const std::string &output = "");
  // A constant initializer.
  std::string ints(const std::string &name, const std::vector<int64_t> &values,
                   const std::vector<int64_t> &dims);
  std::string floats(const std::string &name, const std::vector<float> &values,
                     const std::vector<int64_t> &dims);
  std::string scalar(const std::string &name, float value) { return floats(name, {value}, {}); }
  std::string scalarInt(const std::string &name, int64_t value) { return ints(name, {value}, {}); }
  // A checkpoint tensor (external data in its file), as fp32: fp16 and bf16 tensors are cast.
  std::string weight(const std::string &name, const SafeTensor &t);
  // torch.nn.Linear: x W^T (+ b), W [out, in], the node named `module`.
  std::string linear(const std::string &x, const std::string &module, const SafeTensor &w,
                     const SafeTensor *bias);
  void input(const std::string &name, onnx::TensorProto::DataType type,
             const std::vector<GraphDim> &dims);
  // Names `value` as graph output `name` (an Identity when the names differ).
  void output(const std::string &name, const std::string &value,
              const std::vector<GraphDim> &dims);
  std::shared_ptr<const onnx::ModelProto> finish();

private:
  std::string uniqueName(const std::string &base);
  // A new initializer of a unique name made from `name`.
  onnx::TensorProto *initializer(const std::string &name, onnx::TensorProto::DataType type,
                                 const std::vector<int64_t> &dims);
  std::shared_ptr<onnx::ModelProto> model_;
  onnx::GraphProto *graph_;
  std::map<std::string, int> used_; // names taken, for uniqueName
  std::map<std::string, std::string> weights_; // tensor -> its fp32 value
};

} // namespace picoc::hf

#endif // PICOC_FRONTEND_HF_GRAPHBUILDER_H
