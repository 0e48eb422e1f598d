//===- Llama.cpp - LlamaForCausalLM and llama-shaped checkpoints as ONNX graphs ------===//
//
// The decoder as transformers' LlamaForCausalLM computes it, batch 1, in two entry points
// over one KV cache per layer:
//
//   prefill  input_ids [1, seq] at positions 0..seq-1 -> logits [1, seq, vocab];
//            writes present.L.key/value [1, kv_heads, seq, head_dim] (the cache from row 0)
//   decode   input_ids [1, 1] at position past -> logits [1, 1, vocab]; reads
//            past_key_values.L.key/value [1, kv_heads, past, head_dim] and appends its row
//            (present.L.* = Concat(past, new)), the pair picoc --state keeps in the instance
//
// Per layer: RMSNorm, q/k/v projections (optional biases), RoPE on q and k (cos/sin rows
// gathered from tables computed here as transformers computes them: fp32 inverse
// frequencies, fp32 angles), grouped-query attention (query heads [kv_heads, group] against
// their key/value head, broadcast, never copied), the causal mask in prefill, softmax, the
// output projection, a residual; RMSNorm, the SwiGLU MLP, a residual. A final RMSNorm and
// lm_head, or the embedding transposed when the embeddings are tied.
//
// RoPE types: default, linear, dynamic (identical to default up to max_position_embeddings,
// so the context is bounded by it) and llama3.
//
//===------------------------------------------------------------------------------===//

#include "Checkpoint.h"
#include "GraphBuilder.h"
#include "HfFamilies.h"

#include <algorithm>
#include <cmath>

namespace picoc::hf {

namespace {

struct LlamaShape {
  int64_t vocab = 0, hidden = 0, inter = 0, layers = 0, heads = 0, kvHeads = 0, headDim = 0;
  int64_t maxPositions = 0;
  float eps = 1e-6f;
  bool tied = false, qkvBias = false, outBias = false, mlpBias = false;
  int64_t window = 0;         // sliding-window attention: keys within the last `window`; 0: all
  std::vector<bool> windowed; // per layer: attends over the window (else over every key)
  std::vector<float> invFreq; // head_dim / 2 inverse frequencies, fp32 as transformers has them
  float ropeScaling = 1.0f;   // transformers' attention_scaling of cos and sin
  bool dynamicRope = false;   // the context may not pass max_position_embeddings
};

// transformers' default inverse frequencies, in its fp32 arithmetic:
// 1 / theta ^ (arange(0, dim, 2) / dim).
std::vector<float> defaultInvFreq(double theta, int64_t dim) {
  std::vector<float> inv;
  for (int64_t i = 0; i < dim; i += 2)
    inv.push_back(1.0f / std::pow(static_cast<float>(theta),
                                  static_cast<float>(i) / static_cast<float>(dim)));
  return inv;
}

// The RoPE parameters: transformers 5's rope_parameters, or 4's rope_theta and rope_scaling.
void readRope(Config &c, LlamaShape &s) {
  std::optional<Config> params = c.object("rope_parameters");
  std::optional<Config> scaling = c.object("rope_scaling");
  double theta = c.number("rope_theta", 10000.0);
  std::string type = "default";
  Config *p = params ? &*params : scaling ? &*scaling : nullptr;
  if (p) {
    if (p->has("rope_theta"))
      theta = p->number("rope_theta");
    type = p->has("rope_type") ? p->string("rope_type") : p->string("type", "default");
    if (p->has("rope_type"))
      p->ignore({"type"});
    if (p->has("partial_rotary_factor") && p->number("partial_rotary_factor") != 1.0)
      p->problem("partial_rotary_factor other than 1 is not a llama's");
  }
  if (theta <= 0)
    c.problem("rope_theta " + std::to_string(theta) + " is not positive");
  s.invFreq = defaultInvFreq(theta, s.headDim);
  if (type == "default") {
  } else if (type == "linear" || type == "dynamic") {
    float factor = static_cast<float>(p->number("factor"));
    if (factor < 1.0f)
      p->problem("factor " + std::to_string(factor) + " is below 1");
    if (type == "linear")
      for (float &f : s.invFreq)
        f /= factor;
    else
      s.dynamicRope = true; // the frequencies change past max_position_embeddings only
  } else if (type == "llama3") {
    float factor = static_cast<float>(p->number("factor"));
    float low = static_cast<float>(p->number("low_freq_factor"));
    float high = static_cast<float>(p->number("high_freq_factor"));
    float old = static_cast<float>(p->number("original_max_position_embeddings"));
    if (!(high > low) || factor <= 0 || old <= 0) {
      p->problem("llama3 needs high_freq_factor > low_freq_factor and positive factor and "
                 "original_max_position_embeddings");
      return;
    }
    float lowWavelen = old / low, highWavelen = old / high;
    for (float &f : s.invFreq) {
      float wavelen = static_cast<float>(2 * M_PI) / f;
      float scaled = wavelen > lowWavelen ? f / factor : f;
      if (!(wavelen < highWavelen) && !(wavelen > lowWavelen)) {
        float smooth = (old / wavelen - low) / (high - low);
        scaled = (1 - smooth) * scaled / factor + smooth * scaled;
      }
      f = scaled;
    }
  } else {
    (p ? *p : c).problem("rope type '" + type + "' is not supported (default, linear, dynamic "
                         "and llama3 are)");
  }
}

// The family's own fields (`family`: llama, mistral, qwen2): biases and sliding windows.
void readFamily(Config &c, const std::string &family, LlamaShape &s) {
  // (A layer count out of range is reported by the caller.)
  int64_t layers = std::clamp<int64_t>(s.layers, 0, int64_t(1) << 24);
  std::vector<std::string> types;
  if (family == "llama") {
    s.qkvBias = s.outBias = c.flag("attention_bias", false);
    s.mlpBias = c.flag("mlp_bias", false);
  } else if (family == "mistral") {
    s.window = c.has("sliding_window") ? c.integer("sliding_window") : 0;
    s.windowed.assign(layers, s.window > 0); // every layer
  } else if (family == "qwen2") {
    s.qkvBias = true; // q, k and v projections have biases, the output projection none
    // As Qwen2Config: the window applies only with use_sliding_window, to the layers that
    // layer_types names sliding_attention, by default those from max_window_layers on.
    bool sliding = c.flag("use_sliding_window", false);
    s.window = sliding && c.has("sliding_window") ? c.integer("sliding_window") : 0;
    int64_t fullLayers = c.integer("max_window_layers", 28);
    if (!sliding)
      c.ignore({"sliding_window"});
    types = c.strings("layer_types");
    if (types.empty())
      for (int64_t l = 0; l < layers; ++l)
        s.windowed.push_back(s.window > 0 && l >= fullLayers);
  }
  if (!types.empty()) {
    if (static_cast<int64_t>(types.size()) != s.layers)
      c.problem("layer_types has " + std::to_string(types.size()) + " entries for " +
                std::to_string(s.layers) + " layers");
    for (const std::string &t : types) {
      if (t != "full_attention" && t != "sliding_attention")
        c.problem("layer_types has '" + t + "'; picoc builds full_attention and "
                  "sliding_attention layers");
      s.windowed.push_back(t == "sliding_attention" && s.window > 0);
    }
  }
  if (s.window < 0)
    c.problem("sliding_window " + std::to_string(s.window) + " is negative");
  s.windowed.resize(layers, false);
}

// The config's shape; its problems go to the config's list.
LlamaShape readLlamaConfig(Config &c, const std::string &family) {
  LlamaShape s;
  s.vocab = c.integer("vocab_size");
  s.hidden = c.integer("hidden_size");
  s.inter = c.integer("intermediate_size");
  s.layers = c.integer("num_hidden_layers");
  s.heads = c.integer("num_attention_heads");
  s.kvHeads = c.integer("num_key_value_heads", s.heads);
  s.headDim = c.integer("head_dim", s.heads > 0 ? s.hidden / s.heads : 0);
  s.maxPositions = c.integer("max_position_embeddings", 2048);
  s.eps = static_cast<float>(c.number("rms_norm_eps", 1e-6));
  s.tied = c.flag("tie_word_embeddings", false);
  readFamily(c, family, s);
  std::string act = c.string("hidden_act", "silu");
  if (act != "silu")
    c.problem("hidden_act '" + act + "' is not supported (llama's is silu)");
  if (c.integer("pretraining_tp", 1) != 1)
    c.problem("pretraining_tp other than 1 splits the projections; transformers computes the "
              "same product, so set it to 1");
  // Training-only fields and token ids: nothing a forward pass computes depends on them.
  c.ignore({"architectures", "model_type", "transformers_version", "torch_dtype", "dtype",
            "bos_token_id", "eos_token_id", "pad_token_id", "initializer_range", "use_cache",
            "attention_dropout", "_name_or_path", "tokenizer_class", "output_attentions",
            "output_hidden_states", "return_dict", "_attn_implementation_autoset"});
  for (auto [name, v] : {std::pair{"vocab_size", s.vocab}, {"hidden_size", s.hidden},
                         {"intermediate_size", s.inter}, {"num_hidden_layers", s.layers},
                         {"num_attention_heads", s.heads}, {"num_key_value_heads", s.kvHeads},
                         {"head_dim", s.headDim}, {"max_position_embeddings", s.maxPositions}})
    if (v <= 0 || v > (int64_t(1) << 24))
      c.problem(std::string(name) + " " + std::to_string(v) + " is not a size picoc builds");
  if (s.heads > 0 && s.kvHeads > 0 && s.heads % s.kvHeads != 0)
    c.problem("num_attention_heads " + std::to_string(s.heads) + " is not a multiple of "
              "num_key_value_heads " + std::to_string(s.kvHeads));
  if (s.headDim % 2 != 0)
    c.problem("head_dim " + std::to_string(s.headDim) + " is odd: RoPE rotates halves");
  if (s.headDim > 0 && s.headDim % 2 == 0)
    readRope(c, s);
  c.reportUnread();
  return s;
}

// The checkpoint's tensors that the graphs read, checked against the config's shapes.
TensorSet gatherWeights(Checkpoint &c, const LlamaShape &s) {
  TensorSet w;
  w.need(c, "model.embed_tokens.weight", {s.vocab, s.hidden});
  int64_t q = s.heads * s.headDim, kv = s.kvHeads * s.headDim;
  for (int64_t l = 0; l < s.layers; ++l) {
    std::string p = "model.layers." + std::to_string(l) + ".";
    w.need(c, p + "input_layernorm.weight", {s.hidden});
    w.need(c, p + "post_attention_layernorm.weight", {s.hidden});
    for (auto [proj, rows] : {std::pair{"q_proj", q}, {"k_proj", kv}, {"v_proj", kv}}) {
      w.need(c, p + "self_attn." + proj + ".weight", {rows, s.hidden});
      if (s.qkvBias)
        w.need(c, p + "self_attn." + proj + ".bias", {rows});
    }
    w.need(c, p + "self_attn.o_proj.weight", {s.hidden, q});
    if (s.outBias)
      w.need(c, p + "self_attn.o_proj.bias", {s.hidden});
    for (auto [proj, rows, cols] : {std::tuple{"gate_proj", s.inter, s.hidden},
                                    {"up_proj", s.inter, s.hidden},
                                    {"down_proj", s.hidden, s.inter}}) {
      w.need(c, p + "mlp." + proj + ".weight", {rows, cols});
      if (s.mlpBias)
        w.need(c, p + "mlp." + proj + ".bias", {rows});
    }
  }
  w.need(c, "model.norm.weight", {s.hidden});
  if (!s.tied)
    w.need(c, "lm_head.weight", {s.vocab, s.hidden});
  return w;
}

enum class Step { Prefill, Decode };

class LlamaGraph {
public:
  LlamaGraph(const LlamaShape &s, const TensorSet &w, Step step, int64_t context)
      : s_(s), w_(w), step_(step), context_(context),
        g_(step == Step::Prefill ? "llama_prefill" : "llama_decode") {}

  std::shared_ptr<const onnx::ModelProto> build();

private:
  std::string weight(const std::string &name) { return g_.weight(name, w_[name]); }
  std::string linear(const std::string &x, const std::string &module, bool bias) {
    return g_.linear(x, module, w_[module + ".weight"], bias ? &w_[module + ".bias"] : nullptr);
  }
  std::string rmsNorm(const std::string &x, const std::string &module);
  std::string rope(const std::string &x, const std::string &module);
  std::string attention(const std::string &x, int64_t layer);
  std::string mlp(const std::string &x, int64_t layer);
  void ropeTables(const std::string &positions);
  // 0 where `visible`, else the lowest float.
  std::string maskFrom(const std::string &visible, const std::string &module);

  const LlamaShape &s_;
  const TensorSet &w_;
  Step step_;
  int64_t context_; // rows of the RoPE tables: positions 0 .. context - 1
  GraphBuilder g_;
  std::string cos_, sin_; // [positions, head_dim], the call's rows
  // Added to the scores: 0 where a key is visible, else the lowest float. Prefill: [seq, seq]
  // (causal); decode: none. windowMask_, for the layers that attend over the window: also
  // within it; decode: [past + 1]. Empty where no layer uses it.
  std::string mask_, windowMask_;
  std::string axisLast_, halves_[3];
};

std::string LlamaGraph::rmsNorm(const std::string &x, const std::string &module) {
  std::string sq = g_.node("Mul", {x, x}, module + ".pow");
  std::string ms = g_.node("ReduceMean", {sq}, module + ".mean",
                           {Attr::ints("axes", {-1}), Attr::i("keepdims", 1)});
  std::string r = g_.node("Sqrt", {g_.node("Add", {ms, g_.scalar(module + ".eps", s_.eps)},
                                           module + ".add_eps")},
                          module + ".sqrt");
  return g_.node("Mul", {g_.node("Div", {x, r}, module + ".normalize"), weight(module + ".weight")},
                 module);
}

// cos and sin for the call's positions: rows of [context, head_dim] tables, each row
// cat(freqs, freqs) with freqs = position * inv_freq in fp32, as transformers computes them.
void LlamaGraph::ropeTables(const std::string &positions) {
  int64_t half = s_.headDim / 2;
  std::vector<float> cosT(context_ * s_.headDim), sinT(context_ * s_.headDim);
  for (int64_t p = 0; p < context_; ++p)
    for (int64_t i = 0; i < half; ++i) {
      float angle = static_cast<float>(p) * s_.invFreq[i];
      float c = static_cast<float>(std::cos(static_cast<double>(angle))) * s_.ropeScaling;
      float sn = static_cast<float>(std::sin(static_cast<double>(angle))) * s_.ropeScaling;
      cosT[p * s_.headDim + i] = cosT[p * s_.headDim + half + i] = c;
      sinT[p * s_.headDim + i] = sinT[p * s_.headDim + half + i] = sn;
    }
  std::string module = "model.rotary_emb";
  cos_ = g_.node("Gather", {g_.floats(module + ".cos_table", cosT, {context_, s_.headDim}),
                            positions},
                 module + ".cos");
  sin_ = g_.node("Gather", {g_.floats(module + ".sin_table", sinT, {context_, s_.headDim}),
                            positions},
                 module + ".sin");
  axisLast_ = g_.ints("axis_last", {-1}, {1});
  halves_[0] = g_.ints("rope.half_begin", {0}, {1});
  halves_[1] = g_.ints("rope.half", {half}, {1});
  halves_[2] = g_.ints("rope.half_end", {s_.headDim}, {1});
}

// x * cos + rotate_half(x) * sin over x's last axis, rotate_half(x) = cat(-x2, x1).
std::string LlamaGraph::rope(const std::string &x, const std::string &module) {
  std::string x1 = g_.node("Slice", {x, halves_[0], halves_[1], axisLast_}, module + ".x1");
  std::string x2 = g_.node("Slice", {x, halves_[1], halves_[2], axisLast_}, module + ".x2");
  std::string rot = g_.node("Concat", {g_.node("Neg", {x2}, module + ".neg"), x1},
                            module + ".rotate_half", {Attr::i("axis", -1)});
  return g_.node("Add", {g_.node("Mul", {x, cos_}, module + ".cos"),
                         g_.node("Mul", {rot, sin_}, module + ".sin")},
                 module);
}

std::string LlamaGraph::attention(const std::string &x, int64_t layer) {
  std::string l = std::to_string(layer), m = "model.layers." + l + ".self_attn";
  int64_t group = s_.heads / s_.kvHeads, hd = s_.headDim;
  // [1, seq, heads * hd] -> [1, heads, seq, hd]
  auto heads = [&](const std::string &proj, int64_t n) {
    std::string y = linear(x, m + "." + proj, s_.qkvBias);
    std::string split = g_.node("Reshape", {y, g_.ints(m + ".split", {1, -1, n, hd}, {4})},
                                m + "." + proj + ".heads");
    return g_.node("Transpose", {split}, m + "." + proj + ".heads_first",
                   {Attr::ints("perm", {0, 2, 1, 3})});
  };
  std::string q = rope(heads("q_proj", s_.heads), m + ".rotary_q");
  std::string k = rope(heads("k_proj", s_.kvHeads), m + ".rotary_k");
  std::string v = heads("v_proj", s_.kvHeads);
  std::string keyName = "present." + l + ".key", valueName = "present." + l + ".value";
  std::string keys, values;
  if (step_ == Step::Decode) {
    keys = g_.node("Concat", {"past_key_values." + l + ".key", k}, m + ".key_cache",
                   {Attr::i("axis", 2)}, keyName);
    values = g_.node("Concat", {"past_key_values." + l + ".value", v}, m + ".value_cache",
                     {Attr::i("axis", 2)}, valueName);
  } else {
    keys = g_.node("Identity", {k}, m + ".key_cache", {}, keyName);
    values = g_.node("Identity", {v}, m + ".value_cache", {}, valueName);
  }
  std::vector<GraphDim> cacheDims = {1, s_.kvHeads, step_ == Step::Decode ? "past + 1" : "seq",
                                     hd};
  g_.output(keyName, keys, cacheDims);
  g_.output(valueName, values, cacheDims);
  // Grouped-query attention: query head h = kv * group + j reads key/value head kv.
  std::string q5 = g_.node("Reshape", {q, g_.ints(m + ".groups", {1, s_.kvHeads, group, -1, hd},
                                                  {5})},
                           m + ".query_groups");
  std::string axis2 = g_.ints(m + ".axis2", {2}, {1});
  std::string k5 = g_.node("Unsqueeze", {keys, axis2}, m + ".key_groups");
  std::string v5 = g_.node("Unsqueeze", {values, axis2}, m + ".value_groups");
  std::string kT = g_.node("Transpose", {k5}, m + ".key_t", {Attr::ints("perm", {0, 1, 2, 4, 3})});
  std::string scores = g_.node("MatMul", {q5, kT}, m + ".scores");
  scores = g_.node("Mul", {scores, g_.scalar(m + ".scaling", 1.0f / std::sqrt(static_cast<float>(hd)))},
                   m + ".scaled");
  const std::string &mask = s_.windowed[layer] ? windowMask_ : mask_;
  if (!mask.empty())
    scores = g_.node("Add", {scores, mask}, m + ".causal_mask");
  std::string probs = g_.node("Softmax", {scores}, m + ".softmax", {Attr::i("axis", -1)});
  std::string out = g_.node("MatMul", {probs, v5}, m + ".weighted_values");
  out = g_.node("Reshape", {out, g_.ints(m + ".merge_groups", {1, s_.heads, -1, hd}, {4})},
                m + ".merge_groups");
  out = g_.node("Transpose", {out}, m + ".seq_first", {Attr::ints("perm", {0, 2, 1, 3})});
  out = g_.node("Reshape", {out, g_.ints(m + ".merge_heads", {1, -1, s_.heads * hd}, {3})},
                m + ".merge_heads");
  return linear(out, m + ".o_proj", s_.outBias);
}

std::string LlamaGraph::mlp(const std::string &x, int64_t layer) {
  std::string m = "model.layers." + std::to_string(layer) + ".mlp";
  std::string gate = linear(x, m + ".gate_proj", s_.mlpBias);
  std::string act = g_.node("Mul", {gate, g_.node("Sigmoid", {gate}, m + ".act_fn.sigmoid")},
                            m + ".act_fn");
  std::string up = linear(x, m + ".up_proj", s_.mlpBias);
  return linear(g_.node("Mul", {act, up}, m + ".gated"), m + ".down_proj", s_.mlpBias);
}

std::string LlamaGraph::maskFrom(const std::string &visible, const std::string &module) {
  return g_.node("Where", {visible, g_.scalar("mask_zero", 0.0f),
                           g_.scalar("mask_min", std::numeric_limits<float>::lowest())},
                 module);
}

std::shared_ptr<const onnx::ModelProto> LlamaGraph::build() {
  bool decode = step_ == Step::Decode;
  // A window no shorter than the context hides nothing.
  bool windows = s_.window > 0 && s_.window < context_ &&
                 std::find(s_.windowed.begin(), s_.windowed.end(), true) != s_.windowed.end();
  g_.input("input_ids", onnx::TensorProto::INT64, {1, decode ? GraphDim(1) : GraphDim("seq")});
  for (int64_t l = 0; l < s_.layers && decode; ++l)
    for (const char *kv : {"key", "value"})
      g_.input("past_key_values." + std::to_string(l) + "." + kv, onnx::TensorProto::FLOAT,
               {1, s_.kvHeads, "past", s_.headDim});
  std::string x = g_.node("Gather", {weight("model.embed_tokens.weight"), "input_ids"},
                          "model.embed_tokens");
  std::string zero = g_.scalarInt("zero", 0), one = g_.scalarInt("one", 1);
  if (decode) {
    // The position is the cache's length.
    std::string shape = g_.node("Shape", {"past_key_values.0.key"}, "model.past_length.shape");
    std::string past = g_.node("Gather", {shape, g_.ints("past_axis", {2}, {1})},
                               "model.past_length");
    ropeTables(past);
    if (windows) {
      // Keys 0..past, visible when within the last `window`: j > past - window.
      std::string length = g_.node("Gather", {shape, g_.scalarInt("two", 2)}, "model.past_scalar");
      std::string keys = g_.node("Range", {zero, g_.node("Add", {length, one}, "model.keys"), one},
                                 "model.key_positions");
      std::string first = g_.node("Sub", {length, g_.scalarInt("window", s_.window)},
                                  "model.window_start");
      windowMask_ = maskFrom(g_.node("Greater", {keys, first}, "model.window_mask.visible"),
                             "model.window_mask");
    }
  } else {
    std::string shape = g_.node("Shape", {"input_ids"}, "model.seq_length.shape");
    std::string seq = g_.node("Gather", {shape, one}, "model.seq_length");
    std::string positions = g_.node("Range", {zero, seq, one}, "model.positions");
    ropeTables(positions);
    // Key j is visible to query i when j <= i.
    std::string rows = g_.node("Unsqueeze", {positions, g_.ints("axis1", {1}, {1})},
                               "model.causal_mask.rows");
    std::string visible = g_.node("LessOrEqual", {positions, rows}, "model.causal_mask.visible");
    mask_ = maskFrom(visible, "model.causal_mask");
    if (windows) // and j > i - window
      windowMask_ = maskFrom(
          g_.node("And",
                  {visible,
                   g_.node("Greater",
                           {positions, g_.node("Sub", {rows, g_.scalarInt("window", s_.window)},
                                               "model.window_start")},
                           "model.window_mask.visible")},
                  "model.causal_window_mask.visible"),
          "model.causal_window_mask");
  }
  for (int64_t l = 0; l < s_.layers; ++l) {
    std::string p = "model.layers." + std::to_string(l);
    x = g_.node("Add", {x, attention(rmsNorm(x, p + ".input_layernorm"), l)}, p + ".residual1");
    x = g_.node("Add", {x, mlp(rmsNorm(x, p + ".post_attention_layernorm"), l)},
                p + ".residual2");
  }
  x = rmsNorm(x, "model.norm");
  std::string logits = s_.tied ? g_.node("MatMul", {x, g_.node("Transpose",
                                                               {weight("model.embed_tokens.weight")},
                                                               "lm_head.tied",
                                                               {Attr::ints("perm", {1, 0})})},
                                         "lm_head")
                               : linear(x, "lm_head", false);
  g_.output("logits", logits, {1, decode ? GraphDim(1) : GraphDim("seq"), s_.vocab});
  return g_.finish();
}

} // namespace

std::optional<HfModel> buildLlama(Checkpoint &c, const std::string &family,
                                  const std::map<std::string, std::pair<int64_t, int64_t>> &dims,
                                  std::vector<ImportProblem> &problems) {
  size_t before = problems.size();
  LlamaShape shape = readLlamaConfig(c.config(), family);
  if (problems.size() > before)
    return std::nullopt;
  TensorSet weights = gatherWeights(c, shape);
  if (!weights.ok)
    return std::nullopt;
  // The cache holds up to `context` positions: past in 0..context-1 for a decode step; a
  // prompt is at most `promptMax` tokens (its scores are [heads, seq, seq]).
  int64_t context = std::min<int64_t>(shape.maxPositions, 4096);
  auto past = dims.find("past");
  if (past != dims.end())
    context = past->second.second + 1;
  int64_t promptMax = std::min<int64_t>(context, 512);
  auto seq = dims.find("seq");
  if (seq != dims.end())
    promptMax = seq->second.second;
  if (promptMax > context)
    problems.push_back({"--dim seq", "", "a prompt of " + std::to_string(promptMax) +
                                             " tokens does not fit a cache of " +
                                             std::to_string(context) + " positions (--dim past)"});
  if (shape.dynamicRope && context > shape.maxPositions)
    problems.push_back({"--dim past", "", "dynamic RoPE changes its frequencies past "
                                          "max_position_embeddings (" +
                                              std::to_string(shape.maxPositions) +
                                              "); picoc bounds the context by it"});
  if (problems.size() > before)
    return std::nullopt;
  HfModel model;
  model.state = true;
  model.runDims["seq"] = {1, promptMax};
  model.runDims["past"] = {0, context - 1};
  for (Step step : {Step::Prefill, Step::Decode}) {
    std::string name = step == Step::Prefill ? "prefill" : "decode";
    model.entries.push_back(
        {name, OnnxSource(c.dir() + " (" + name + ")",
                          LlamaGraph(shape, weights, step, context).build(), c.dir())});
  }
  return model;
}

} // namespace picoc::hf
