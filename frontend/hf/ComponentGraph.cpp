//===- ComponentGraph.cpp - the layers the diffusers pipeline's models share ---------===//

#include "ComponentGraph.h"

#include <cmath>

namespace picoc::hf {

std::string ComponentGraph::param(const std::string &name, const std::vector<int64_t> &shape) {
  const SafeTensor *t = c_.tensor(name, shape);
  if (!t) {
    ok_ = false;
    return name; // the graph is not used
  }
  return g_.weight(name, *t);
}

std::string ComponentGraph::linear(const std::string &x, const std::string &module, int64_t in,
                                   int64_t out, bool bias) {
  std::string wt = g_.node("Transpose", {param(module + ".weight", {out, in})},
                           module + ".weight.T", {Attr::ints("perm", {1, 0})});
  std::string y = g_.node("MatMul", {x, wt}, module);
  return bias ? g_.node("Add", {y, param(module + ".bias", {out})}, module + ".bias") : y;
}

std::string ComponentGraph::conv(const std::string &x, const std::string &module, int64_t in,
                                 int64_t out, int64_t kernel, int64_t stride) {
  int64_t pad = kernel / 2;
  return g_.node("Conv",
                 {x, param(module + ".weight", {out, in, kernel, kernel}),
                  param(module + ".bias", {out})},
                 module,
                 {Attr::ints("kernel_shape", {kernel, kernel}),
                  Attr::ints("pads", {pad, pad, pad, pad}), Attr::ints("strides", {stride, stride})});
}

std::string ComponentGraph::groupNorm(const std::string &x, const std::string &module,
                                      int64_t channels, int64_t groups, float eps) {
  return g_.node("GroupNormalization",
                 {x, param(module + ".weight", {channels}), param(module + ".bias", {channels})},
                 module, {Attr::i("num_groups", groups), Attr::f("epsilon", eps)});
}

std::string ComponentGraph::layerNorm(const std::string &x, const std::string &module,
                                      int64_t dim, float eps) {
  return g_.node("LayerNormalization",
                 {x, param(module + ".weight", {dim}), param(module + ".bias", {dim})}, module,
                 {Attr::i("axis", -1), Attr::f("epsilon", eps)});
}

std::string ComponentGraph::resnet(const std::string &x, const std::string &module, int64_t in,
                                   int64_t out, int64_t groups, float eps,
                                   const std::string &temb, int64_t tembChannels) {
  std::string h = silu(groupNorm(x, module + ".norm1", in, groups, eps), module + ".act1");
  h = conv(h, module + ".conv1", in, out, 3);
  if (!temb.empty()) {
    std::string t = linear(silu(temb, module + ".time_act"), module + ".time_emb_proj",
                           tembChannels, out);
    t = g_.node("Unsqueeze", {t, g_.ints(module + ".hw_axes", {2, 3}, {2})},
                module + ".time_emb");
    h = g_.node("Add", {h, t}, module + ".add_time");
  }
  h = silu(groupNorm(h, module + ".norm2", out, groups, eps), module + ".act2");
  h = conv(h, module + ".conv2", out, out, 3);
  std::string shortcut = in == out ? x : conv(x, module + ".conv_shortcut", in, out, 1);
  return g_.node("Add", {shortcut, h}, module);
}

std::string ComponentGraph::upsample(const std::string &x, const std::string &module,
                                     int64_t channels) {
  std::string up = g_.node("Resize", {x, "", g_.floats(module + ".scales", {1, 1, 2, 2}, {4})},
                           module + ".interpolate",
                           {Attr::s("mode", "nearest"),
                            Attr::s("coordinate_transformation_mode", "asymmetric"),
                            Attr::s("nearest_mode", "floor")});
  return conv(up, module + ".conv", channels, channels, 3);
}

std::string ComponentGraph::attend(const std::string &q, const std::string &k,
                                   const std::string &v, int64_t heads, int64_t headDim,
                                   const std::string &mask, const std::string &module) {
  std::string split = g_.ints(module + ".split", {0, -1, heads, headDim}, {4});
  auto headsFirst = [&](const std::string &x, const char *what) {
    return g_.node("Transpose",
                   {g_.node("Reshape", {x, split}, module + "." + what + ".heads")},
                   module + "." + what + ".heads_first", {Attr::ints("perm", {0, 2, 1, 3})});
  };
  std::string kT = g_.node("Transpose", {headsFirst(k, "key")}, module + ".key_t",
                           {Attr::ints("perm", {0, 1, 3, 2})});
  std::string scores = g_.node("MatMul", {headsFirst(q, "query"), kT}, module + ".scores");
  scores = g_.node("Mul", {scores, g_.scalar(module + ".scale",
                                             1.0f / std::sqrt(static_cast<float>(headDim)))},
                   module + ".scaled");
  if (!mask.empty())
    scores = g_.node("Add", {scores, mask}, module + ".mask");
  std::string probs = g_.node("Softmax", {scores}, module + ".softmax", {Attr::i("axis", -1)});
  std::string out = g_.node("MatMul", {probs, headsFirst(v, "value")}, module + ".weighted_values");
  out = g_.node("Transpose", {out}, module + ".seq_first", {Attr::ints("perm", {0, 2, 1, 3})});
  return g_.node("Reshape", {out, g_.ints(module + ".merge", {0, -1, heads * headDim}, {3})},
                 module + ".merge_heads");
}

} // namespace picoc::hf
