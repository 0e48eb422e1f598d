//===- Whisper.cpp - WhisperForConditionalGeneration checkpoints as ONNX graphs -------===//
//
// Whisper as transformers' WhisperForConditionalGeneration computes it, batch 1, in two entry
// points over the instance's caches:
//
//   encode  input_features [1, num_mel_bins, 2 * max_source_positions] (the log-mel of 30 s)
//           -> encoder_hidden_states [1, max_source_positions, d_model]; writes each decoder
//           layer's cross-attention keys and values, present.L.encoder.key/value
//           [1, heads, max_source_positions, head_dim], once per audio
//   decode  input_ids [1, seq] at positions past .. past + seq - 1 -> logits [1, seq, vocab];
//           reads past_key_values.L.decoder.key/value [1, heads, past, head_dim] and appends
//           its rows (present.L.decoder.*: the self-attention cache, picoc --state), and reads
//           the cross-attention keys and values encode wrote (past_key_values.L.encoder.*,
//           named by the same past -> present renaming)
//
// Encoder: two 1-D convolutions (kernel 3; the second of stride 2), each followed by GELU,
// the learned positions added, pre-LayerNorm layers of self-attention and a GELU MLP, a final
// LayerNorm. Decoder: token and position embeddings, pre-LayerNorm layers of causal
// self-attention, cross-attention over the encoder states and a GELU MLP, a final LayerNorm,
// and the logits through the token embedding (tied) or proj_out. Attention scales the query
// projection before the product, as transformers does (its order, for its rounding); k_proj
// has no bias.
//
//===------------------------------------------------------------------------------===//

#include "Checkpoint.h"
#include "GraphBuilder.h"
#include "HfFamilies.h"

#include <cmath>
#include <limits>

namespace picoc::hf {

namespace {

struct WhisperShape {
  int64_t vocab = 0, dModel = 0, mels = 0, sourcePositions = 0, targetPositions = 0;
  int64_t encoderLayers = 0, encoderHeads = 0, encoderFfn = 0;
  int64_t decoderLayers = 0, decoderHeads = 0, decoderFfn = 0;
  bool tied = true;
};

WhisperShape readWhisperConfig(Config &c) {
  WhisperShape s;
  s.vocab = c.integer("vocab_size");
  s.dModel = c.integer("d_model");
  s.mels = c.integer("num_mel_bins", 80);
  s.sourcePositions = c.integer("max_source_positions", 1500);
  s.targetPositions = c.integer("max_target_positions", 448);
  s.encoderLayers = c.integer("encoder_layers");
  s.encoderHeads = c.integer("encoder_attention_heads");
  s.encoderFfn = c.integer("encoder_ffn_dim");
  s.decoderLayers = c.integer("decoder_layers");
  s.decoderHeads = c.integer("decoder_attention_heads");
  s.decoderFfn = c.integer("decoder_ffn_dim");
  s.tied = c.flag("tie_word_embeddings", true);
  std::string act = c.string("activation_function", "gelu");
  if (act != "gelu")
    c.problem("activation_function '" + act + "' is not supported (Whisper's is gelu)");
  if (c.flag("use_weighted_layer_sum", false))
    c.problem("use_weighted_layer_sum is for audio classification heads, not built");
  // transformers computes embed_scale from scale_embedding but multiplies nothing by it.
  c.ignore({"scale_embedding"});
  // Token ids, generation settings, and training-only fields (dropout, layer drop,
  // SpecAugment masking, the classifier head): nothing a forward pass computes depends on them.
  c.ignore({"architectures", "model_type", "transformers_version", "torch_dtype", "dtype",
            "bos_token_id", "eos_token_id", "pad_token_id", "decoder_start_token_id",
            "suppress_tokens", "begin_suppress_tokens", "forced_decoder_ids", "use_cache",
            "is_encoder_decoder", "max_length", "median_filter_width", "_name_or_path",
            "init_std", "dropout", "attention_dropout", "activation_dropout",
            "encoder_layerdrop", "decoder_layerdrop", "apply_spec_augment", "mask_time_prob",
            "mask_time_length", "mask_time_min_masks", "mask_feature_prob",
            "mask_feature_length", "mask_feature_min_masks", "classifier_proj_size",
            "num_hidden_layers", "output_attentions", "output_hidden_states", "return_dict",
            "_attn_implementation_autoset"});
  for (auto [name, v] : {std::pair{"vocab_size", s.vocab}, {"d_model", s.dModel},
                         {"num_mel_bins", s.mels}, {"max_source_positions", s.sourcePositions},
                         {"max_target_positions", s.targetPositions},
                         {"encoder_layers", s.encoderLayers},
                         {"encoder_attention_heads", s.encoderHeads},
                         {"encoder_ffn_dim", s.encoderFfn}, {"decoder_layers", s.decoderLayers},
                         {"decoder_attention_heads", s.decoderHeads},
                         {"decoder_ffn_dim", s.decoderFfn}})
    if (v <= 0 || v > (int64_t(1) << 24))
      c.problem(std::string(name) + " " + std::to_string(v) + " is not a size picoc builds");
  for (auto [name, heads] : {std::pair{"encoder_attention_heads", s.encoderHeads},
                             {"decoder_attention_heads", s.decoderHeads}})
    if (heads > 0 && s.dModel % heads != 0)
      c.problem(std::string(name) + " " + std::to_string(heads) + " does not divide d_model " +
                std::to_string(s.dModel));
  c.reportUnread();
  return s;
}

// The checkpoint's tensors that the graphs read, checked against the config's shapes.
TensorSet gatherWeights(Checkpoint &c, const WhisperShape &s) {
  TensorSet w;
  int64_t d = s.dModel;
  auto norm = [&](const std::string &m) {
    w.need(c, m + ".weight", {d});
    w.need(c, m + ".bias", {d});
  };
  auto attention = [&](const std::string &m) {
    for (const char *proj : {"q_proj", "k_proj", "v_proj", "out_proj"})
      w.need(c, m + "." + proj + ".weight", {d, d});
    for (const char *proj : {"q_proj", "v_proj", "out_proj"})
      w.need(c, m + "." + proj + ".bias", {d});
  };
  auto mlp = [&](const std::string &m, int64_t ffn) {
    w.need(c, m + ".fc1.weight", {ffn, d});
    w.need(c, m + ".fc1.bias", {ffn});
    w.need(c, m + ".fc2.weight", {d, ffn});
    w.need(c, m + ".fc2.bias", {d});
  };
  w.need(c, "model.encoder.conv1.weight", {d, s.mels, 3});
  w.need(c, "model.encoder.conv1.bias", {d});
  w.need(c, "model.encoder.conv2.weight", {d, d, 3});
  w.need(c, "model.encoder.conv2.bias", {d});
  w.need(c, "model.encoder.embed_positions.weight", {s.sourcePositions, d});
  for (int64_t l = 0; l < s.encoderLayers; ++l) {
    std::string p = "model.encoder.layers." + std::to_string(l);
    norm(p + ".self_attn_layer_norm");
    attention(p + ".self_attn");
    norm(p + ".final_layer_norm");
    mlp(p, s.encoderFfn);
  }
  norm("model.encoder.layer_norm");
  w.need(c, "model.decoder.embed_tokens.weight", {s.vocab, d});
  w.need(c, "model.decoder.embed_positions.weight", {s.targetPositions, d});
  for (int64_t l = 0; l < s.decoderLayers; ++l) {
    std::string p = "model.decoder.layers." + std::to_string(l);
    norm(p + ".self_attn_layer_norm");
    attention(p + ".self_attn");
    norm(p + ".encoder_attn_layer_norm");
    attention(p + ".encoder_attn");
    norm(p + ".final_layer_norm");
    mlp(p, s.decoderFfn);
  }
  norm("model.decoder.layer_norm");
  if (!s.tied)
    w.need(c, "proj_out.weight", {s.vocab, d});
  return w;
}

enum class Step { Encode, Decode };

class WhisperGraph {
public:
  WhisperGraph(const WhisperShape &s, const TensorSet &w, Step step)
      : s_(s), w_(w), step_(step), g_(step == Step::Encode ? "whisper_encode" : "whisper_decode") {}

  std::shared_ptr<const onnx::ModelProto> build() {
    step_ == Step::Encode ? encode() : decode();
    return g_.finish();
  }

private:
  std::string weight(const std::string &name) { return g_.weight(name, w_[name]); }
  std::string linear(const std::string &x, const std::string &module, bool bias = true) {
    return g_.linear(x, module, w_[module + ".weight"], bias ? &w_[module + ".bias"] : nullptr);
  }
  std::string layerNorm(const std::string &x, const std::string &module) {
    return g_.node("LayerNormalization",
                   {x, weight(module + ".weight"), weight(module + ".bias")}, module,
                   {Attr::i("axis", -1), Attr::f("epsilon", 1e-5f)});
  }
  // GELU as torch computes it: x * 0.5 * (1 + erf(x / sqrt(2))).
  std::string gelu(const std::string &x, const std::string &module);
  // [1, n, d] -> [1, heads, n, head_dim]
  std::string splitHeads(const std::string &x, int64_t heads, const std::string &module);
  // softmax(q k^T (+ mask)) v over [1, heads, n, head_dim] heads, merged back to [1, n, d]
  // and through out_proj. `q` is scaled already.
  std::string attend(const std::string &q, const std::string &k, const std::string &v,
                     const std::string &mask, const std::string &module);
  std::string query(const std::string &x, int64_t heads, const std::string &module) {
    float scaling = 1.0f / std::sqrt(static_cast<float>(s_.dModel / heads));
    std::string q = g_.node("Mul", {linear(x, module + ".q_proj"),
                                    g_.scalar(module + ".scaling", scaling)},
                            module + ".q_scaled");
    return splitHeads(q, heads, module + ".q_proj");
  }
  std::string mlp(const std::string &x, const std::string &layer) {
    return linear(gelu(linear(x, layer + ".fc1"), layer + ".activation_fn"), layer + ".fc2");
  }
  void encode();
  void decode();

  const WhisperShape &s_;
  const TensorSet &w_;
  Step step_;
  GraphBuilder g_;
};

std::string WhisperGraph::gelu(const std::string &x, const std::string &module) {
  std::string e = g_.node("Erf", {g_.node("Mul", {x, g_.scalar("gelu.sqrt_half",
                                                                static_cast<float>(M_SQRT1_2))},
                                          module + ".scaled")},
                          module + ".erf");
  std::string half = g_.node("Mul", {x, g_.scalar("gelu.half", 0.5f)}, module + ".half");
  return g_.node("Mul", {half, g_.node("Add", {e, g_.scalar("gelu.one", 1.0f)}, module + ".one")},
                 module);
}

std::string WhisperGraph::splitHeads(const std::string &x, int64_t heads,
                                     const std::string &module) {
  int64_t hd = s_.dModel / heads;
  std::string split = g_.node("Reshape", {x, g_.ints(module + ".split", {1, -1, heads, hd}, {4})},
                              module + ".heads");
  return g_.node("Transpose", {split}, module + ".heads_first", {Attr::ints("perm", {0, 2, 1, 3})});
}

std::string WhisperGraph::attend(const std::string &q, const std::string &k, const std::string &v,
                                 const std::string &mask, const std::string &module) {
  std::string kT = g_.node("Transpose", {k}, module + ".key_t", {Attr::ints("perm", {0, 1, 3, 2})});
  std::string scores = g_.node("MatMul", {q, kT}, module + ".scores");
  if (!mask.empty())
    scores = g_.node("Add", {scores, mask}, module + ".causal_mask");
  std::string probs = g_.node("Softmax", {scores}, module + ".softmax", {Attr::i("axis", -1)});
  std::string out = g_.node("MatMul", {probs, v}, module + ".weighted_values");
  out = g_.node("Transpose", {out}, module + ".seq_first", {Attr::ints("perm", {0, 2, 1, 3})});
  out = g_.node("Reshape", {out, g_.ints(module + ".merge", {1, -1, s_.dModel}, {3})},
                module + ".merge_heads");
  return linear(out, module + ".out_proj");
}

void WhisperGraph::encode() {
  const std::string m = "model.encoder";
  g_.input("input_features", onnx::TensorProto::FLOAT, {1, s_.mels, 2 * s_.sourcePositions});
  auto conv = [&](const std::string &x, const char *name, int64_t stride) {
    std::string module = m + "." + name;
    return gelu(g_.node("Conv", {x, weight(module + ".weight"), weight(module + ".bias")}, module,
                        {Attr::ints("kernel_shape", {3}), Attr::ints("pads", {1, 1}),
                         Attr::ints("strides", {stride})}),
                module + ".gelu");
  };
  std::string x = conv(conv("input_features", "conv1", 1), "conv2", 2);
  x = g_.node("Transpose", {x}, m + ".frames_first", {Attr::ints("perm", {0, 2, 1})});
  x = g_.node("Add", {x, weight(m + ".embed_positions.weight")}, m + ".embed_positions");
  for (int64_t l = 0; l < s_.encoderLayers; ++l) {
    std::string p = m + ".layers." + std::to_string(l), a = p + ".self_attn";
    std::string h = layerNorm(x, p + ".self_attn_layer_norm");
    std::string k = splitHeads(linear(h, a + ".k_proj", false), s_.encoderHeads, a + ".k_proj");
    std::string v = splitHeads(linear(h, a + ".v_proj"), s_.encoderHeads, a + ".v_proj");
    x = g_.node("Add", {x, attend(query(h, s_.encoderHeads, a), k, v, "", a)}, p + ".residual1");
    x = g_.node("Add", {x, mlp(layerNorm(x, p + ".final_layer_norm"), p)}, p + ".residual2");
  }
  std::string states = layerNorm(x, m + ".layer_norm");
  g_.output("encoder_hidden_states", states, {1, s_.sourcePositions, s_.dModel});
  // Each decoder layer's cross-attention keys and values, for every decode step.
  int64_t hd = s_.dModel / s_.decoderHeads;
  for (int64_t l = 0; l < s_.decoderLayers; ++l) {
    std::string a = "model.decoder.layers." + std::to_string(l) + ".encoder_attn";
    std::string present = "present." + std::to_string(l) + ".encoder.";
    std::string k = splitHeads(linear(states, a + ".k_proj", false), s_.decoderHeads,
                               a + ".k_proj");
    std::string v = splitHeads(linear(states, a + ".v_proj"), s_.decoderHeads, a + ".v_proj");
    g_.output(present + "key", k, {1, s_.decoderHeads, s_.sourcePositions, hd});
    g_.output(present + "value", v, {1, s_.decoderHeads, s_.sourcePositions, hd});
  }
}

void WhisperGraph::decode() {
  const std::string m = "model.decoder";
  int64_t heads = s_.decoderHeads, hd = s_.dModel / heads;
  g_.input("input_ids", onnx::TensorProto::INT64, {1, "seq"});
  for (int64_t l = 0; l < s_.decoderLayers; ++l)
    for (const char *kv : {"key", "value"}) {
      std::string past = "past_key_values." + std::to_string(l);
      g_.input(past + ".decoder." + kv, onnx::TensorProto::FLOAT, {1, heads, "past", hd});
      g_.input(past + ".encoder." + kv, onnx::TensorProto::FLOAT,
               {1, heads, s_.sourcePositions, hd});
    }
  // The tokens' positions continue the cache: past .. past + seq - 1.
  std::string zero = g_.scalarInt("zero", 0), one = g_.scalarInt("one", 1);
  std::string past = g_.node("Gather", {g_.node("Shape", {"past_key_values.0.decoder.key"},
                                                "model.past_length.shape"),
                                        g_.scalarInt("two", 2)},
                             "model.past_length");
  std::string seq = g_.node("Gather", {g_.node("Shape", {"input_ids"}, "model.seq_length.shape"),
                                       one},
                            "model.seq_length");
  std::string total = g_.node("Add", {past, seq}, "model.total_length");
  std::string positions = g_.node("Range", {past, total, one}, "model.positions");
  std::string x = g_.node("Add", {g_.node("Gather", {weight(m + ".embed_tokens.weight"), "input_ids"},
                                          m + ".embed_tokens"),
                                  g_.node("Gather", {weight(m + ".embed_positions.weight"), positions},
                                          m + ".embed_positions")},
                          m + ".embeddings");
  // Key j is visible to the token at position p when j <= p.
  std::string rows = g_.node("Unsqueeze", {positions, g_.ints("axis1", {1}, {1})},
                             "model.causal_mask.rows");
  std::string keys = g_.node("Range", {zero, total, one}, "model.key_positions");
  std::string mask = g_.node("Where", {g_.node("LessOrEqual", {keys, rows},
                                               "model.causal_mask.visible"),
                                       g_.scalar("mask_zero", 0.0f),
                                       g_.scalar("mask_min", std::numeric_limits<float>::lowest())},
                             "model.causal_mask");
  for (int64_t l = 0; l < s_.decoderLayers; ++l) {
    std::string p = m + ".layers." + std::to_string(l), cache = std::to_string(l) + ".decoder.";
    // Self-attention over the cache and the new rows.
    std::string a = p + ".self_attn";
    std::string h = layerNorm(x, p + ".self_attn_layer_norm");
    std::string k = splitHeads(linear(h, a + ".k_proj", false), heads, a + ".k_proj");
    std::string v = splitHeads(linear(h, a + ".v_proj"), heads, a + ".v_proj");
    std::vector<GraphDim> cacheDims = {1, heads, "past + seq", hd};
    std::string keysAll = g_.node("Concat", {"past_key_values." + cache + "key", k},
                                  a + ".key_cache", {Attr::i("axis", 2)}, "present." + cache + "key");
    std::string valuesAll = g_.node("Concat", {"past_key_values." + cache + "value", v},
                                    a + ".value_cache", {Attr::i("axis", 2)},
                                    "present." + cache + "value");
    g_.output("present." + cache + "key", keysAll, cacheDims);
    g_.output("present." + cache + "value", valuesAll, cacheDims);
    x = g_.node("Add", {x, attend(query(h, heads, a), keysAll, valuesAll, mask, a)},
                p + ".residual1");
    // Cross-attention over the encoder's keys and values.
    a = p + ".encoder_attn";
    std::string cross = "past_key_values." + std::to_string(l) + ".encoder.";
    h = layerNorm(x, p + ".encoder_attn_layer_norm");
    x = g_.node("Add", {x, attend(query(h, heads, a), cross + "key", cross + "value", "", a)},
                p + ".residual2");
    x = g_.node("Add", {x, mlp(layerNorm(x, p + ".final_layer_norm"), p)}, p + ".residual3");
  }
  x = layerNorm(x, m + ".layer_norm");
  std::string logits =
      s_.tied ? g_.node("MatMul", {x, g_.node("Transpose", {weight(m + ".embed_tokens.weight")},
                                              "proj_out.tied", {Attr::ints("perm", {1, 0})})},
                        "proj_out")
              : linear(x, "proj_out", false);
  g_.output("logits", logits, {1, "seq", s_.vocab});
}

} // namespace

std::optional<HfModel> buildWhisper(Checkpoint &c,
                                    const std::map<std::string, std::pair<int64_t, int64_t>> &dims,
                                    std::vector<ImportProblem> &problems) {
  size_t before = problems.size();
  WhisperShape shape = readWhisperConfig(c.config());
  if (problems.size() > before)
    return std::nullopt;
  TensorSet weights = gatherWeights(c, shape);
  if (!weights.ok)
    return std::nullopt;
  // A decode call's tokens sit at positions past .. past + seq - 1, within the learned
  // positions: the cache holds up to max_target_positions rows. A call of several tokens
  // (the start-of-transcript sequence, a prompt) is at most half of them, as Whisper's
  // prompts are.
  int64_t positions = shape.targetPositions;
  HfModel model;
  model.state = true;
  model.runDims["past"] = {0, positions - 1};
  model.runDims["seq"] = {1, std::max<int64_t>(1, positions / 2)};
  for (const char *name : {"past", "seq"}) {
    auto user = dims.find(name);
    if (user != dims.end())
      model.runDims[name] = user->second;
  }
  if (model.runDims["past"].second >= positions)
    problems.push_back({"--dim past", "", "the cache of a decoder with " +
                                              std::to_string(positions) +
                                              " positions (max_target_positions) holds at most " +
                                              std::to_string(positions - 1) + " past rows"});
  if (problems.size() > before)
    return std::nullopt;
  for (Step step : {Step::Encode, Step::Decode}) {
    std::string name = step == Step::Encode ? "encode" : "decode";
    model.entries.push_back({name, OnnxSource(c.dir() + " (" + name + ")",
                                              WhisperGraph(shape, weights, step).build(), c.dir())});
  }
  return model;
}

} // namespace picoc::hf
