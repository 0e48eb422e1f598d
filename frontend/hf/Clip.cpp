//===- Clip.cpp - CLIPTextModel, Stable Diffusion's text encoder -----------------------===//
//
// transformers' CLIPTextModel, batch 1, over the whole context (prompts are padded to
// max_position_embeddings tokens, 77, as the pipelines pad them):
//
//   input_ids [1, 77] -> last_hidden_state [1, 77, hidden]
//
// Token and position embeddings, pre-LayerNorm layers of causal self-attention (biases on
// q, k, v and out; scores scaled after the product, as transformers does) and an MLP
// (quick_gelu: x * sigmoid(1.702 x), or gelu), a final LayerNorm. Checkpoints saved by
// transformers 4 name the modules under text_model., those of 5 without it: both are read.
//
//===------------------------------------------------------------------------------===//

#include "ComponentGraph.h"
#include "HfFamilies.h"

#include <limits>

namespace picoc::hf {

namespace {

struct ClipShape {
  int64_t vocab = 0, hidden = 0, inter = 0, layers = 0, heads = 0, positions = 0;
  float eps = 1e-5f;
  bool quickGelu = true;
};

ClipShape readClipConfig(Config &c) {
  ClipShape s;
  s.vocab = c.integer("vocab_size");
  s.hidden = c.integer("hidden_size");
  s.inter = c.integer("intermediate_size");
  s.layers = c.integer("num_hidden_layers");
  s.heads = c.integer("num_attention_heads");
  s.positions = c.integer("max_position_embeddings", 77);
  s.eps = static_cast<float>(c.number("layer_norm_eps", 1e-5));
  std::string act = c.string("hidden_act", "quick_gelu");
  s.quickGelu = act == "quick_gelu";
  if (act != "quick_gelu" && act != "gelu")
    c.problem("hidden_act '" + act + "' is not supported (CLIP's are quick_gelu and gelu)");
  // The projection head, token ids and training settings: not in last_hidden_state.
  c.ignore({"architectures", "model_type", "transformers_version", "torch_dtype", "dtype",
            "projection_dim", "bos_token_id", "eos_token_id", "pad_token_id",
            "initializer_range", "initializer_factor", "attention_dropout", "dropout",
            "_name_or_path", "output_attentions", "output_hidden_states", "return_dict"});
  for (auto [name, v] : {std::pair{"vocab_size", s.vocab}, {"hidden_size", s.hidden},
                         {"intermediate_size", s.inter}, {"num_hidden_layers", s.layers},
                         {"num_attention_heads", s.heads}, {"max_position_embeddings", s.positions}})
    if (v <= 0 || v > (int64_t(1) << 24))
      c.problem(std::string(name) + " " + std::to_string(v) + " is not a size picoc builds");
  if (s.heads > 0 && s.hidden % s.heads != 0)
    c.problem("num_attention_heads " + std::to_string(s.heads) + " does not divide hidden_size " +
              std::to_string(s.hidden));
  c.reportUnread();
  return s;
}

class ClipTextGraph : public ComponentGraph {
public:
  ClipTextGraph(Checkpoint &c, const ClipShape &s)
      : ComponentGraph(c, "clip_text_encode"), s_(s),
        prefix_(c.has("text_model.embeddings.token_embedding.weight") ? "text_model." : "") {}

  std::shared_ptr<const onnx::ModelProto> build();

private:
  std::string layer(const std::string &x, int64_t l, const std::string &mask);
  const ClipShape &s_;
  std::string prefix_;
};

std::string ClipTextGraph::layer(const std::string &x, int64_t l, const std::string &mask) {
  std::string p = prefix_ + "encoder.layers." + std::to_string(l), a = p + ".self_attn";
  int64_t d = s_.hidden;
  std::string h = layerNorm(x, p + ".layer_norm1", d, s_.eps);
  std::string attn = attend(linear(h, a + ".q_proj", d, d), linear(h, a + ".k_proj", d, d),
                            linear(h, a + ".v_proj", d, d), s_.heads, d / s_.heads, mask, a);
  std::string y = g_.node("Add", {x, linear(attn, a + ".out_proj", d, d)}, p + ".residual1");
  h = linear(layerNorm(y, p + ".layer_norm2", d, s_.eps), p + ".mlp.fc1", d, s_.inter);
  if (s_.quickGelu)
    h = g_.node("Mul", {h, g_.node("Sigmoid", {g_.node("Mul", {h, g_.scalar("quick_gelu.alpha",
                                                                             1.702f)},
                                                       p + ".mlp.activation_fn.scaled")},
                                   p + ".mlp.activation_fn.sigmoid")},
                p + ".mlp.activation_fn");
  else
    h = g_.node("Gelu", {h}, p + ".mlp.activation_fn");
  return g_.node("Add", {y, linear(h, p + ".mlp.fc2", s_.inter, d)}, p + ".residual2");
}

std::shared_ptr<const onnx::ModelProto> ClipTextGraph::build() {
  int64_t n = s_.positions, d = s_.hidden;
  g_.input("input_ids", onnx::TensorProto::INT64, {1, n});
  std::string e = prefix_ + "embeddings";
  std::string x = g_.node("Add", {g_.node("Gather", {param(e + ".token_embedding.weight",
                                                           {s_.vocab, d}),
                                                     "input_ids"},
                                          e + ".token_embedding"),
                                  param(e + ".position_embedding.weight", {n, d})},
                          e);
  // Token i sees tokens 0..i.
  std::vector<float> causal(n * n, 0.0f);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = i + 1; j < n; ++j)
      causal[i * n + j] = std::numeric_limits<float>::lowest();
  std::string mask = g_.floats("causal_mask", causal, {n, n});
  for (int64_t l = 0; l < s_.layers; ++l)
    x = layer(x, l, mask);
  g_.output("last_hidden_state", layerNorm(x, prefix_ + "final_layer_norm", d, s_.eps),
            {1, n, d});
  return g_.finish();
}

} // namespace

std::shared_ptr<const onnx::ModelProto> buildClipText(Checkpoint &c, int64_t &context,
                                                      int64_t &hidden,
                                                      std::vector<ImportProblem> &problems) {
  size_t before = problems.size();
  ClipShape shape = readClipConfig(c.config());
  context = shape.positions;
  hidden = shape.hidden;
  if (problems.size() > before)
    return nullptr;
  ClipTextGraph graph(c, shape);
  auto model = graph.build();
  return graph.ok() ? model : nullptr;
}

} // namespace picoc::hf
