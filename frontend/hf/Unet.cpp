//===- Unet.cpp - diffusers' UNet2DConditionModel and AutoencoderKL's decoder --------===//
//
// UNet2DConditionModel (Stable Diffusion 1.x and 2.x), one denoising step at batch 2 (the
// unconditioned and the conditioned half of classifier-free guidance):
//
//   sample [2, in, S, S], timestep [1], encoder_hidden_states [2, context, cross_dim]
//     -> out_sample [2, out, S, S]
//
// The timestep's sinusoidal embedding (its frequencies computed here in fp32 as diffusers
// computes them), two linears with SiLU; conv_in; down blocks of ResnetBlock2D (+ the time
// embedding) and, in CrossAttn blocks, Transformer2DModel (GroupNorm, proj_in as a 1x1 conv
// or a linear, BasicTransformerBlocks of self-attention, cross-attention over the text and a
// GEGLU feed-forward, each after a LayerNorm and added back, proj_out, + the input), each
// layer's output kept for the skip connections, a stride-2 conv between blocks; the mid block
// (resnet, transformer, resnet); up blocks taking the skips back in reverse order
// (concatenated on channels before each resnet), nearest 2x upsampling and a conv between
// blocks; GroupNorm, SiLU, conv_out.
//
// AutoencoderKL's decode (what the pipeline calls on latents / scaling_factor):
//
//   latent_sample [1, latent_channels, S, S] -> sample [1, out, S * 2^(blocks-1), ...]
//
// post_quant_conv, conv_in, a mid block (resnet, single-head self-attention over the
// pixels, resnet), UpDecoderBlock2Ds (resnets, nearest 2x upsampling and a conv), GroupNorm,
// SiLU, conv_out. Checkpoints of diffusers before 0.14 name the attention's projections
// query/key/value/proj_attn: both names are read.
//
//===------------------------------------------------------------------------------===//

#include "ComponentGraph.h"
#include "HfFamilies.h"

#include <cmath>

namespace picoc::hf {

namespace {

// Config fields a builder does not build: each is a problem when set (not null, false, 0 or
// empty).
void refuseSet(Config &c, std::initializer_list<const char *> keys, const std::string &why) {
  for (const char *k : keys)
    if (c.isSet(k))
      c.problem(std::string("field '") + k + "' is set; " + why);
}

struct UnetShape {
  int64_t inChannels = 4, outChannels = 4, sampleSize = 64, layersPerBlock = 2, groups = 32;
  int64_t crossDim = 768, context = 77;
  float eps = 1e-5f;
  std::vector<int64_t> channels, heads, transformerLayers; // per block, down the UNet
  std::vector<bool> downCross, upCross;                    // the blocks' kinds
  bool linearProjection = false, flipSinToCos = true, centerInput = false;
  int64_t freqShift = 0;
};

UnetShape readUnetConfig(Config &c) {
  UnetShape s;
  std::vector<std::string> down = c.strings("down_block_types");
  std::vector<std::string> up = c.strings("up_block_types");
  size_t n = down.size();
  if (n == 0 || up.size() != n)
    c.problem("down_block_types and up_block_types must be two lists of the same length");
  for (const std::string &t : down) {
    if (t != "CrossAttnDownBlock2D" && t != "DownBlock2D")
      c.problem("down block '" + t + "' is not built (CrossAttnDownBlock2D, DownBlock2D are)");
    s.downCross.push_back(t == "CrossAttnDownBlock2D");
  }
  for (const std::string &t : up) {
    if (t != "CrossAttnUpBlock2D" && t != "UpBlock2D")
      c.problem("up block '" + t + "' is not built (CrossAttnUpBlock2D, UpBlock2D are)");
    s.upCross.push_back(t == "CrossAttnUpBlock2D");
  }
  s.channels = c.integers("block_out_channels", n);
  // num_attention_heads; attention_head_dim in configs that predate it (where it counts heads).
  s.heads = c.has("num_attention_heads") ? c.integers("num_attention_heads", n)
                                         : c.integers("attention_head_dim", n, 8);
  c.ignore({"num_attention_heads", "attention_head_dim"});
  s.transformerLayers = c.integers("transformer_layers_per_block", n, 1);
  s.inChannels = c.integer("in_channels", 4);
  s.outChannels = c.integer("out_channels", 4);
  s.sampleSize = c.integer("sample_size", 64);
  s.layersPerBlock = c.integer("layers_per_block", 2);
  s.groups = c.integer("norm_num_groups", 32);
  s.eps = static_cast<float>(c.number("norm_eps", 1e-5));
  s.crossDim = c.integer("cross_attention_dim", 1280);
  s.linearProjection = c.flag("use_linear_projection", false);
  s.flipSinToCos = c.flag("flip_sin_to_cos", true);
  s.freqShift = c.integer("freq_shift", 0);
  s.centerInput = c.flag("center_input_sample", false);
  auto expect = [&](const char *key, const std::string &value, const std::string &fallback) {
    std::string v = c.string(key, fallback);
    if (v != value)
      c.problem(std::string(key) + " '" + v + "' is not built (" + value + " is)");
  };
  expect("act_fn", "silu", "silu");
  expect("mid_block_type", "UNetMidBlock2DCrossAttn", "UNetMidBlock2DCrossAttn");
  expect("time_embedding_type", "positional", "positional");
  expect("resnet_time_scale_shift", "default", "default");
  expect("attention_type", "default", "default");
  for (auto [key, value] : {std::pair{"conv_in_kernel", 3}, {"conv_out_kernel", 3},
                            {"downsample_padding", 1}})
    if (c.integer(key, value) != value)
      c.problem(std::string(key) + " other than " + std::to_string(value) + " is not built");
  for (auto [key, value] : {std::pair{"mid_block_scale_factor", 1.0},
                            {"resnet_out_scale_factor", 1.0}})
    if (c.number(key, value) != value)
      c.problem(std::string(key) + " other than 1 is not built");
  refuseSet(c, {"class_embed_type", "addition_embed_type", "encoder_hid_dim",
                "encoder_hid_dim_type", "num_class_embeds", "time_cond_proj_dim",
                "projection_class_embeddings_input_dim", "addition_time_embed_dim",
                "timestep_post_act", "time_embedding_act_fn", "time_embedding_dim",
                "cross_attention_norm", "dual_cross_attention", "only_cross_attention",
                "mid_block_only_cross_attention", "class_embeddings_concat",
                "resnet_skip_time_act", "reverse_transformer_layers_per_block"},
            "picoc builds Stable Diffusion 1.x/2.x UNets, without class, text-time or image "
            "conditioning");
  // upcast_attention computes fp16 attention in fp32: picoc's is fp32.
  // addition_embed_type_num_heads only counts with an addition_embed_type.
  c.ignore({"_class_name", "_diffusers_version", "_name_or_path", "dropout", "upcast_attention",
            "addition_embed_type_num_heads"});
  for (int64_t ch : s.channels)
    if (ch <= 0 || s.groups <= 0 || ch % s.groups != 0)
      c.problem("block_out_channels " + std::to_string(ch) + " is not a multiple of "
                "norm_num_groups " + std::to_string(s.groups));
  for (size_t i = 0; i < s.heads.size() && i < s.channels.size(); ++i)
    if (s.heads[i] <= 0 || s.channels[i] % s.heads[i] != 0)
      c.problem("block " + std::to_string(i) + ": " + std::to_string(s.heads[i]) +
                " attention heads do not divide its " + std::to_string(s.channels[i]) +
                " channels");
  int64_t scale = int64_t(1) << (n > 0 ? n - 1 : 0);
  if (s.sampleSize <= 0 || s.sampleSize % scale != 0)
    c.problem("sample_size " + std::to_string(s.sampleSize) + " is not a multiple of " +
              std::to_string(scale) + " (the down blocks halve it " + std::to_string(n - 1) +
              " times)");
  for (auto [name, v] : {std::pair{"in_channels", s.inChannels}, {"out_channels", s.outChannels},
                         {"layers_per_block", s.layersPerBlock},
                         {"cross_attention_dim", s.crossDim}})
    if (v <= 0 || v > (int64_t(1) << 20))
      c.problem(std::string(name) + " " + std::to_string(v) + " is not a size picoc builds");
  c.reportUnread();
  return s;
}

class UnetGraph : public ComponentGraph {
public:
  UnetGraph(Checkpoint &c, const UnetShape &s) : ComponentGraph(c, "unet"), s_(s) {}
  std::shared_ptr<const onnx::ModelProto> build();

private:
  std::string timeEmbedding();
  std::string transformer(const std::string &x, const std::string &module, int64_t channels,
                          int64_t heads, int64_t layers, int64_t size);
  std::string basicBlock(const std::string &x, const std::string &module, int64_t channels,
                         int64_t heads);
  std::string resnet(const std::string &x, const std::string &module, int64_t in, int64_t out) {
    return ComponentGraph::resnet(x, module, in, out, s_.groups, s_.eps, temb_,
                                  4 * s_.channels[0]);
  }
  const UnetShape &s_;
  std::string temb_; // [1, 4 * channels[0]]
};

// diffusers' get_timestep_embedding: t * exp(-ln(10000) * i / (half - freq_shift)), sines
// then cosines (cosines first with flip_sin_to_cos), then linear_1, SiLU, linear_2.
std::string UnetGraph::timeEmbedding() {
  int64_t dim = s_.channels[0], half = dim / 2;
  std::vector<float> freqs(half);
  float logPeriod = static_cast<float>(-std::log(10000.0));
  for (int64_t i = 0; i < half; ++i)
    freqs[i] = std::exp(logPeriod * static_cast<float>(i) /
                        static_cast<float>(half - s_.freqShift));
  std::string m = "time_proj";
  std::string angles = g_.node("Mul", {g_.node("Unsqueeze", {"timestep", g_.ints("axis1", {1}, {1})},
                                               m + ".timesteps"),
                                       g_.floats(m + ".freqs", freqs, {half})},
                               m + ".angles");
  std::string sin = g_.node("Sin", {angles}, m + ".sin"), cos = g_.node("Cos", {angles}, m + ".cos");
  std::string emb = g_.node("Concat", {s_.flipSinToCos ? cos : sin, s_.flipSinToCos ? sin : cos},
                            m, {Attr::i("axis", -1)});
  std::string t = linear(emb, "time_embedding.linear_1", dim, 4 * dim);
  return linear(silu(t, "time_embedding.act"), "time_embedding.linear_2", 4 * dim, 4 * dim);
}

std::string UnetGraph::basicBlock(const std::string &x, const std::string &module,
                                  int64_t channels, int64_t heads) {
  int64_t c = channels, hd = channels / heads;
  auto attention = [&](const std::string &h, const std::string &context, int64_t contextDim,
                       const std::string &m) {
    std::string a = attend(linear(h, m + ".to_q", c, c, false),
                           linear(context, m + ".to_k", contextDim, c, false),
                           linear(context, m + ".to_v", contextDim, c, false), heads, hd, "", m);
    return linear(a, m + ".to_out.0", c, c);
  };
  std::string h = layerNorm(x, module + ".norm1", c, 1e-5f);
  std::string y = g_.node("Add", {x, attention(h, h, c, module + ".attn1")}, module + ".residual1");
  h = layerNorm(y, module + ".norm2", c, 1e-5f);
  y = g_.node("Add", {y, attention(h, "encoder_hidden_states", s_.crossDim, module + ".attn2")},
              module + ".residual2");
  // GEGLU: the projection's first half times GELU of its second half.
  std::string f = module + ".ff";
  std::string p = linear(layerNorm(y, module + ".norm3", c, 1e-5f), f + ".net.0.proj", c, 8 * c);
  std::string last = g_.ints(f + ".axis", {-1}, {1});
  std::string hidden = g_.node("Slice", {p, g_.ints(f + ".begin", {0}, {1}),
                                         g_.ints(f + ".mid", {4 * c}, {1}), last},
                               f + ".net.0.hidden");
  std::string gate = g_.node("Slice", {p, g_.ints(f + ".mid", {4 * c}, {1}),
                                       g_.ints(f + ".end", {8 * c}, {1}), last},
                             f + ".net.0.gate");
  std::string geglu = g_.node("Mul", {hidden, g_.node("Gelu", {gate}, f + ".net.0.gelu")},
                              f + ".net.0");
  return g_.node("Add", {y, linear(geglu, f + ".net.2", 4 * c, c)}, module + ".residual3");
}

std::string UnetGraph::transformer(const std::string &x, const std::string &module,
                                   int64_t channels, int64_t heads, int64_t layers, int64_t size) {
  int64_t c = channels;
  std::string h = groupNorm(x, module + ".norm", c, s_.groups, 1e-6f);
  auto tokens = [&](const std::string &v) { // [B, C, S, S] -> [B, S*S, C]
    std::string t = g_.node("Transpose", {v}, module + ".channels_last",
                            {Attr::ints("perm", {0, 2, 3, 1})});
    return g_.node("Reshape", {t, g_.ints(module + ".tokens", {0, size * size, c}, {3})},
                   module + ".to_tokens");
  };
  auto pixels = [&](const std::string &v) { // [B, S*S, C] -> [B, C, S, S]
    std::string t = g_.node("Reshape", {v, g_.ints(module + ".pixels", {0, size, size, c}, {4})},
                            module + ".to_pixels");
    return g_.node("Transpose", {t}, module + ".channels_first", {Attr::ints("perm", {0, 3, 1, 2})});
  };
  if (s_.linearProjection)
    h = linear(tokens(h), module + ".proj_in", c, c);
  else
    h = tokens(conv(h, module + ".proj_in", c, c, 1));
  for (int64_t k = 0; k < layers; ++k)
    h = basicBlock(h, module + ".transformer_blocks." + std::to_string(k), c, heads);
  h = s_.linearProjection ? pixels(linear(h, module + ".proj_out", c, c))
                          : conv(pixels(h), module + ".proj_out", c, c, 1);
  return g_.node("Add", {h, x}, module + ".residual");
}

std::shared_ptr<const onnx::ModelProto> UnetGraph::build() {
  const int64_t batch = 2, n = static_cast<int64_t>(s_.channels.size());
  int64_t size = s_.sampleSize;
  g_.input("sample", onnx::TensorProto::FLOAT, {batch, s_.inChannels, size, size});
  g_.input("timestep", onnx::TensorProto::FLOAT, {1});
  g_.input("encoder_hidden_states", onnx::TensorProto::FLOAT, {batch, s_.context, s_.crossDim});
  temb_ = timeEmbedding();
  std::string x = "sample";
  if (s_.centerInput)
    x = g_.node("Sub", {g_.node("Mul", {x, g_.scalar("two", 2.0f)}, "center.scale"),
                        g_.scalar("one", 1.0f)},
                "center");
  std::string h = conv(x, "conv_in", s_.inChannels, s_.channels[0], 3);
  std::vector<std::pair<std::string, int64_t>> skips = {{h, s_.channels[0]}}; // value, channels
  int64_t channels = s_.channels[0];
  for (int64_t i = 0; i < n; ++i) {
    std::string b = "down_blocks." + std::to_string(i);
    int64_t out = s_.channels[i];
    for (int64_t j = 0; j < s_.layersPerBlock; ++j) {
      std::string l = std::to_string(j);
      h = resnet(h, b + ".resnets." + l, channels, out);
      channels = out;
      if (s_.downCross[i])
        h = transformer(h, b + ".attentions." + l, out, s_.heads[i], s_.transformerLayers[i], size);
      skips.push_back({h, out});
    }
    if (i + 1 < n) {
      h = conv(h, b + ".downsamplers.0.conv", out, out, 3, 2);
      size /= 2;
      skips.push_back({h, out});
    }
  }
  h = resnet(h, "mid_block.resnets.0", channels, channels);
  h = transformer(h, "mid_block.attentions.0", channels, s_.heads.back(),
                  s_.transformerLayers.back(), size);
  h = resnet(h, "mid_block.resnets.1", channels, channels);
  for (int64_t i = 0; i < n; ++i) {
    std::string b = "up_blocks." + std::to_string(i);
    int64_t k = n - 1 - i; // the down block this one mirrors
    int64_t out = s_.channels[k];
    for (int64_t j = 0; j <= s_.layersPerBlock; ++j) {
      std::string l = std::to_string(j);
      auto [skip, skipChannels] = skips.back();
      skips.pop_back();
      h = g_.node("Concat", {h, skip}, b + ".skip" + l, {Attr::i("axis", 1)});
      h = resnet(h, b + ".resnets." + l, channels + skipChannels, out);
      channels = out;
      if (s_.upCross[i])
        h = transformer(h, b + ".attentions." + l, out, s_.heads[k], s_.transformerLayers[k], size);
    }
    if (i + 1 < n) {
      h = upsample(h, b + ".upsamplers.0", out);
      size *= 2;
    }
  }
  h = silu(groupNorm(h, "conv_norm_out", channels, s_.groups, s_.eps), "conv_act");
  g_.output("out_sample", conv(h, "conv_out", channels, s_.outChannels, 3),
            {batch, s_.outChannels, size, size});
  return g_.finish();
}

struct VaeShape {
  int64_t latentChannels = 4, outChannels = 3, layersPerBlock = 2, groups = 32, latentSize = 64;
  std::vector<int64_t> channels;
  bool postQuantConv = true, midAttention = true;
};

VaeShape readVaeConfig(Config &c, int64_t latentSize) {
  VaeShape s;
  s.latentSize = latentSize;
  std::vector<std::string> up = c.strings("up_block_types");
  for (const std::string &t : up)
    if (t != "UpDecoderBlock2D")
      c.problem("up block '" + t + "' is not built (UpDecoderBlock2D is)");
  s.channels = c.integers("block_out_channels", up.size());
  if (up.empty())
    c.problem("up_block_types is empty");
  s.latentChannels = c.integer("latent_channels", 4);
  s.outChannels = c.integer("out_channels", 3);
  s.layersPerBlock = c.integer("layers_per_block", 1);
  s.groups = c.integer("norm_num_groups", 32);
  s.postQuantConv = c.flag("use_post_quant_conv", true);
  s.midAttention = c.flag("mid_block_add_attention", true);
  std::string act = c.string("act_fn", "silu");
  if (act != "silu")
    c.problem("act_fn '" + act + "' is not built (silu is)");
  // The encoder's fields (picoc builds decode), the latents' scaling (the pipeline's step
  // before decode) and fp16 settings.
  c.ignore({"_class_name", "_diffusers_version", "_name_or_path", "in_channels",
            "down_block_types", "use_quant_conv", "sample_size", "scaling_factor",
            "shift_factor", "latents_mean", "latents_std", "force_upcast"});
  for (int64_t ch : s.channels)
    if (ch <= 0 || s.groups <= 0 || ch % s.groups != 0)
      c.problem("block_out_channels " + std::to_string(ch) + " is not a multiple of "
                "norm_num_groups " + std::to_string(s.groups));
  c.reportUnread();
  return s;
}

class VaeDecoderGraph : public ComponentGraph {
public:
  VaeDecoderGraph(Checkpoint &c, const VaeShape &s)
      : ComponentGraph(c, "vae_decode"), s_(s),
        legacy_(c.has("decoder.mid_block.attentions.0.query.weight")) {}
  std::shared_ptr<const onnx::ModelProto> build();

private:
  std::string attention(const std::string &x, const std::string &module, int64_t channels,
                        int64_t size);
  std::string resnet(const std::string &x, const std::string &module, int64_t in, int64_t out) {
    return ComponentGraph::resnet(x, module, in, out, s_.groups, 1e-6f);
  }
  const VaeShape &s_;
  bool legacy_; // query/key/value/proj_attn, not to_q/to_k/to_v/to_out.0
};

std::string VaeDecoderGraph::attention(const std::string &x, const std::string &module,
                                       int64_t channels, int64_t size) {
  int64_t c = channels;
  std::string h = groupNorm(x, module + ".group_norm", c, s_.groups, 1e-6f);
  h = g_.node("Transpose", {g_.node("Reshape", {h, g_.ints(module + ".flat", {0, c, size * size},
                                                           {3})},
                                    module + ".to_pixels")},
              module + ".tokens", {Attr::ints("perm", {0, 2, 1})});
  auto proj = [&](const char *now, const char *old) {
    return module + "." + (legacy_ ? old : now);
  };
  std::string a = attend(linear(h, proj("to_q", "query"), c, c), linear(h, proj("to_k", "key"), c, c),
                         linear(h, proj("to_v", "value"), c, c), 1, c, "", module);
  a = linear(a, proj("to_out.0", "proj_attn"), c, c);
  a = g_.node("Reshape", {g_.node("Transpose", {a}, module + ".channels_first",
                                  {Attr::ints("perm", {0, 2, 1})}),
                          g_.ints(module + ".image", {0, c, size, size}, {4})},
              module + ".to_image");
  return g_.node("Add", {a, x}, module + ".residual");
}

std::shared_ptr<const onnx::ModelProto> VaeDecoderGraph::build() {
  const int64_t n = static_cast<int64_t>(s_.channels.size());
  int64_t size = s_.latentSize, z = s_.latentChannels;
  g_.input("latent_sample", onnx::TensorProto::FLOAT, {1, z, size, size});
  std::string h = "latent_sample";
  if (s_.postQuantConv)
    h = conv(h, "post_quant_conv", z, z, 1);
  int64_t channels = s_.channels.back();
  h = conv(h, "decoder.conv_in", z, channels, 3);
  h = resnet(h, "decoder.mid_block.resnets.0", channels, channels);
  if (s_.midAttention)
    h = attention(h, "decoder.mid_block.attentions.0", channels, size);
  h = resnet(h, "decoder.mid_block.resnets.1", channels, channels);
  for (int64_t i = 0; i < n; ++i) {
    std::string b = "decoder.up_blocks." + std::to_string(i);
    int64_t out = s_.channels[n - 1 - i];
    for (int64_t j = 0; j <= s_.layersPerBlock; ++j) {
      h = resnet(h, b + ".resnets." + std::to_string(j), channels, out);
      channels = out;
    }
    if (i + 1 < n) {
      h = upsample(h, b + ".upsamplers.0", out);
      size *= 2;
    }
  }
  h = silu(groupNorm(h, "decoder.conv_norm_out", channels, s_.groups, 1e-6f), "decoder.conv_act");
  g_.output("sample", conv(h, "decoder.conv_out", channels, s_.outChannels, 3),
            {1, s_.outChannels, size, size});
  return g_.finish();
}

} // namespace

std::shared_ptr<const onnx::ModelProto> buildUnet(Checkpoint &c, int64_t context,
                                                  int64_t contextDim, int64_t &latentSize,
                                                  std::vector<ImportProblem> &problems) {
  size_t before = problems.size();
  UnetShape shape = readUnetConfig(c.config());
  shape.context = context;
  if (contextDim > 0 && shape.crossDim != contextDim)
    c.config().problem("cross_attention_dim " + std::to_string(shape.crossDim) +
                       " is not the text encoder's hidden_size " + std::to_string(contextDim));
  latentSize = shape.sampleSize;
  if (problems.size() > before)
    return nullptr;
  UnetGraph graph(c, shape);
  auto model = graph.build();
  return graph.ok() ? model : nullptr;
}

std::shared_ptr<const onnx::ModelProto> buildVaeDecoder(Checkpoint &c, int64_t latentSize,
                                                        std::vector<ImportProblem> &problems) {
  size_t before = problems.size();
  VaeShape shape = readVaeConfig(c.config(), latentSize);
  if (problems.size() > before)
    return nullptr;
  VaeDecoderGraph graph(c, shape);
  auto model = graph.build();
  return graph.ok() ? model : nullptr;
}

} // namespace picoc::hf
