//===- ComponentGraph.h - the layers the diffusers pipeline's models share -----------===//
//
// The Stable Diffusion components (Clip.cpp, Unet.cpp, Vae.cpp) are built layer by layer as
// their modules are: each layer asks for its checkpoint tensors by module path and shape as
// it is built (param), so the graph and the check of the weights are one walk; a missing or
// misshapen tensor is a problem of the checkpoint's and the graph is then not used (ok()).
// Graphs declare opset 21 (GroupNormalization with per-channel scale and bias, Gelu).
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_FRONTEND_HF_COMPONENTGRAPH_H
#define PICOC_FRONTEND_HF_COMPONENTGRAPH_H

#include "Checkpoint.h"
#include "GraphBuilder.h"

namespace picoc::hf {

class ComponentGraph {
public:
  bool ok() const { return ok_; }

protected:
  ComponentGraph(Checkpoint &c, std::string graphName) : c_(c), g_(std::move(graphName), 21) {}

  // The checkpoint's tensor `name` of `shape` as a graph value (fp32).
  std::string param(const std::string &name, const std::vector<int64_t> &shape);
  // torch.nn.Linear over the last axis: [.., in] -> [.., out].
  std::string linear(const std::string &x, const std::string &module, int64_t in, int64_t out,
                     bool bias = true);
  // torch.nn.Conv2d, square kernel, padding kernel / 2.
  std::string conv(const std::string &x, const std::string &module, int64_t in, int64_t out,
                   int64_t kernel, int64_t stride = 1);
  std::string groupNorm(const std::string &x, const std::string &module, int64_t channels,
                        int64_t groups, float eps);
  std::string layerNorm(const std::string &x, const std::string &module, int64_t dim, float eps);
  std::string silu(const std::string &x, const std::string &module) {
    return g_.node("Mul", {x, g_.node("Sigmoid", {x}, module + ".sigmoid")}, module);
  }
  // diffusers' ResnetBlock2D (time_embedding_norm "default", output scale 1): GroupNorm, SiLU,
  // 3x3 conv, + the time embedding's projection (when `temb` is given), GroupNorm, SiLU, 3x3
  // conv, + the input (through a 1x1 conv_shortcut when the channels change).
  std::string resnet(const std::string &x, const std::string &module, int64_t in, int64_t out,
                     int64_t groups, float eps, const std::string &temb = "",
                     int64_t tembChannels = 0);
  // diffusers' Upsample2D: nearest-neighbour 2x (torch's floor of out * in / out), 3x3 conv.
  std::string upsample(const std::string &x, const std::string &module, int64_t channels);
  // Multi-head attention over [B, n, heads * headDim] queries and [B, m, heads * headDim]
  // keys and values: softmax(q k^T / sqrt(headDim) (+ mask)) v, heads merged back.
  std::string attend(const std::string &q, const std::string &k, const std::string &v,
                     int64_t heads, int64_t headDim, const std::string &mask,
                     const std::string &module);

  Checkpoint &c_;
  GraphBuilder g_;
  bool ok_ = true;
};

} // namespace picoc::hf

#endif // PICOC_FRONTEND_HF_COMPONENTGRAPH_H
