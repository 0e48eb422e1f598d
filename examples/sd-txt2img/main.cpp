// sd-txt2img: a prompt in, a PNG out, with a Stable Diffusion pipeline folder compiled by
// picoc into sd.o (entry points sd_text_encode, sd_unet, sd_vae_decode).
//
//   sd-txt2img PIPELINE_DIR "prompt" -o image.png [--negative TEXT] [--steps N]
//              [--guidance G] [--seed S] [--latents FILE] [--latents-out FILE]
//              [--weights FILE] [--ids]
//
// PIPELINE_DIR is the folder the model was compiled from; read at run time: tokenizer/
// (CLIP's BPE, tokenizer.json), scheduler/scheduler_config.json (the noise schedule) and
// vae/config.json (scaling_factor). The prompt and the negative prompt (empty by default)
// become two CLIP embeddings; from Gaussian latents (--seed, or raw fp32 from --latents), N
// DDIM steps (eta 0) each run the UNet once at batch 2, [negative, prompt], and guide:
// noise = negative + G * (prompt - negative); the VAE decodes latents / scaling_factor into
// the image. This is diffusers' StableDiffusionPipeline with a DDIMScheduler; a pipeline
// saved with another scheduler gets DDIM over its noise schedule. --latents-out writes the
// latents before the VAE (raw fp32), --ids the prompt's token ids (stderr).
#include "Png.h"
#include "Tokenizer.h"
#include "sd.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

struct Options {
  std::string dir, prompt, negative, output, latentsIn, latentsOut, weights;
  int steps = 25;
  float guidance = 7.5f;
  unsigned seed = 0;
  bool ids = false;
};

int usage() {
  std::fprintf(stderr, "usage: sd-txt2img PIPELINE_DIR PROMPT -o IMAGE.png [--negative TEXT] "
                       "[--steps N] [--guidance G] [--seed S] [--latents FILE] "
                       "[--latents-out FILE] [--weights FILE] [--ids]\n");
  return 2;
}

nlohmann::json readJson(const std::string &path) {
  std::ifstream in(path);
  nlohmann::json j = in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json::object();
  return j.is_object() ? j : nlohmann::json::object();
}

// DDIM (eta 0) over the schedule of scheduler_config.json, in fp32 as diffusers computes it.
class Ddim {
public:
  Ddim(const nlohmann::json &c, int steps, std::string &error) {
    int n = c.value("num_train_timesteps", 1000);
    double b0 = c.value("beta_start", 0.0001), b1 = c.value("beta_end", 0.02);
    std::string schedule = c.value("beta_schedule", "linear");
    prediction_ = c.value("prediction_type", "epsilon");
    std::string spacing = c.value("timestep_spacing", "leading");
    int offset = c.value("steps_offset", 0);
    if ((schedule != "linear" && schedule != "scaled_linear") ||
        (prediction_ != "epsilon" && prediction_ != "v_prediction") ||
        (spacing != "leading" && spacing != "trailing") || steps < 1 || steps > n) {
      error = "scheduler: beta_schedule '" + schedule + "', prediction_type '" + prediction_ +
              "', timestep_spacing '" + spacing + "' or " + std::to_string(steps) +
              " steps of " + std::to_string(n) + " is not supported";
      return;
    }
    float product = 1.0f;
    for (int i = 0; i < n; ++i) {
      double t = n > 1 ? static_cast<double>(i) / (n - 1) : 0.0;
      double beta = schedule == "linear" ? b0 + (b1 - b0) * t
                                         : std::pow(std::sqrt(b0) + (std::sqrt(b1) - std::sqrt(b0)) * t, 2);
      product *= 1.0f - static_cast<float>(beta);
      alphasCumprod_.push_back(product);
    }
    final_ = c.value("set_alpha_to_one", true) ? 1.0f : alphasCumprod_[0];
    ratio_ = n / steps;
    for (int k = 0; k < steps; ++k)
      timesteps_.push_back(spacing == "leading"
                               ? (steps - 1 - k) * ratio_ + offset
                               : static_cast<int>(std::lround(n - k * (double(n) / steps))) - 1);
    clip_ = c.value("clip_sample", false) ? c.value("clip_sample_range", 1.0f) : 0.0f;
  }
  const std::vector<int> &timesteps() const { return timesteps_; }
  // x <- the latents at the step before t, from the model's output at t.
  void step(std::vector<float> &x, const std::vector<float> &out, int t) const {
    int prev = t - ratio_;
    float a = alphasCumprod_[t], aPrev = prev >= 0 ? alphasCumprod_[prev] : final_;
    float sa = std::sqrt(a), sb = std::sqrt(1 - a);
    for (size_t i = 0; i < x.size(); ++i) {
      float x0, eps;
      if (prediction_ == "epsilon") {
        x0 = (x[i] - sb * out[i]) / sa;
        eps = out[i];
      } else { // v_prediction
        x0 = sa * x[i] - sb * out[i];
        eps = sa * out[i] + sb * x[i];
      }
      if (clip_ > 0) {
        x0 = std::clamp(x0, -clip_, clip_);
        eps = (x[i] - sa * x0) / sb;
      }
      x[i] = std::sqrt(aPrev) * x0 + std::sqrt(1 - aPrev) * eps;
    }
  }

private:
  std::vector<float> alphasCumprod_;
  std::vector<int> timesteps_;
  float final_ = 1, clip_ = 0;
  int ratio_ = 1;
  std::string prediction_;
};

// The pipeline's tokens: <|startoftext|>, the text's (at most 75), <|endoftext|>, padding.
std::vector<int64_t> promptIds(const Tokenizer &t, const std::string &text, int64_t length,
                               int64_t pad) {
  std::vector<int64_t> body = t.encode(text);
  body.resize(std::min<size_t>(body.size(), length - 2));
  std::vector<int64_t> ids = {t.id("<|startoftext|>")};
  ids.insert(ids.end(), body.begin(), body.end());
  ids.push_back(t.id("<|endoftext|>"));
  ids.resize(length, pad);
  return ids;
}

int fail(const char *what) {
  std::fprintf(stderr, "sd-txt2img: %s: %s\n", what, picort_last_error());
  return 1;
}

bool readFloats(const std::string &path, std::vector<float> &out) {
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char *>(out.data()), static_cast<std::streamsize>(out.size() * 4));
  return in.gcount() == static_cast<std::streamsize>(out.size() * 4);
}

} // namespace

int main(int argc, char **argv) {
  Options o;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char * { return i + 1 < argc ? argv[++i] : nullptr; };
    const char *v = nullptr;
    if (a == "--ids") o.ids = true;
    else if (a == "-o" && (v = value())) o.output = v;
    else if (a == "--negative" && (v = value())) o.negative = v;
    else if (a == "--steps" && (v = value())) o.steps = std::atoi(v);
    else if (a == "--guidance" && (v = value())) o.guidance = std::atof(v);
    else if (a == "--seed" && (v = value())) o.seed = static_cast<unsigned>(std::atol(v));
    else if (a == "--latents" && (v = value())) o.latentsIn = v;
    else if (a == "--latents-out" && (v = value())) o.latentsOut = v;
    else if (a == "--weights" && (v = value())) o.weights = v;
    else if (a.rfind("-", 0) == 0) return usage();
    else positional.push_back(a);
  }
  if (positional.size() != 2 || o.output.empty())
    return usage();
  o.dir = positional[0], o.prompt = positional[1];

  Tokenizer tokenizer;
  std::string error;
  if (!tokenizer.load(o.dir + "/tokenizer/tokenizer.json", error)) {
    std::fprintf(stderr, "sd-txt2img: %s\n", error.c_str());
    return 1;
  }
  nlohmann::json tokConfig = readJson(o.dir + "/tokenizer/tokenizer_config.json");
  nlohmann::json padToken = tokConfig.value("pad_token", nlohmann::json("<|endoftext|>"));
  int64_t pad = tokenizer.id(padToken.is_object() ? padToken.value("content", "")
                                                  : padToken.get<std::string>());
  nlohmann::json schedulerConfig = readJson(o.dir + "/scheduler/scheduler_config.json");
  Ddim ddim(schedulerConfig, o.steps, error);
  if (!error.empty()) {
    std::fprintf(stderr, "sd-txt2img: %s\n", error.c_str());
    return 1;
  }
  if (schedulerConfig.value("_class_name", "DDIMScheduler") != "DDIMScheduler")
    std::fprintf(stderr, "sd-txt2img: note: the pipeline's scheduler is %s; DDIM runs over its "
                         "noise schedule\n",
                 schedulerConfig.value("_class_name", "").c_str());
  float scaling = readJson(o.dir + "/vae/config.json").value("scaling_factor", 0.18215f);

  const int64_t textLength = sd_text_encode_input_0_shape[1];
  const int64_t width = sd_text_encode_output_0_shape[2];
  std::vector<int64_t> negativeIds = promptIds(tokenizer, o.negative, textLength, pad);
  std::vector<int64_t> ids = promptIds(tokenizer, o.prompt, textLength, pad);
  if (o.ids) {
    std::fprintf(stderr, "prompt ids:");
    for (int64_t id : ids)
      std::fprintf(stderr, " %lld", static_cast<long long>(id));
    std::fprintf(stderr, "\n");
  }

  picort_model *model = nullptr;
  if (sd_create(o.weights.empty() ? nullptr : o.weights.c_str(), &model) != PICORT_OK)
    return fail("create");
  auto start = std::chrono::steady_clock::now();
  // The text states of [negative, prompt]: the UNet's batch of two.
  std::vector<float> context(2 * textLength * width);
  for (int b = 0; b < 2; ++b) {
    std::vector<int64_t> &tokens = b == 0 ? negativeIds : ids;
    picort_tensor in = {tokens.data(), PICORT_DTYPE_INT64, 2, sd_text_encode_input_0_shape,
                        PICORT_MEMORY_HOST};
    picort_tensor out = {context.data() + b * textLength * width, PICORT_DTYPE_FLOAT32, 3,
                         sd_text_encode_output_0_shape, PICORT_MEMORY_HOST};
    if (sd_text_encode(model, &in, 1, &out, 1) != PICORT_OK)
      return fail("text_encode");
  }

  const int64_t latentCount = sd_vae_decode_INPUT_0_NUMEL; // [1, channels, h, w]
  std::vector<float> latents(latentCount);
  if (!o.latentsIn.empty()) {
    if (!readFloats(o.latentsIn, latents)) {
      std::fprintf(stderr, "sd-txt2img: %s does not hold %lld floats\n", o.latentsIn.c_str(),
                   static_cast<long long>(latentCount));
      return 1;
    }
  } else {
    std::mt19937 rng(o.seed);
    std::normal_distribution<float> normal;
    for (float &v : latents)
      v = normal(rng);
  }
  std::vector<float> batch(2 * latentCount), noise(2 * latentCount), guided(latentCount);
  for (int t : ddim.timesteps()) {
    std::copy(latents.begin(), latents.end(), batch.begin());
    std::copy(latents.begin(), latents.end(), batch.begin() + latentCount);
    float timestep = static_cast<float>(t);
    picort_tensor in[3] = {
        {batch.data(), PICORT_DTYPE_FLOAT32, 4, sd_unet_input_0_shape, PICORT_MEMORY_HOST},
        {&timestep, PICORT_DTYPE_FLOAT32, 1, sd_unet_input_1_shape, PICORT_MEMORY_HOST},
        {context.data(), PICORT_DTYPE_FLOAT32, 3, sd_unet_input_2_shape, PICORT_MEMORY_HOST}};
    picort_tensor out = {noise.data(), PICORT_DTYPE_FLOAT32, 4, sd_unet_output_0_shape,
                         PICORT_MEMORY_HOST};
    if (sd_unet(model, in, 3, &out, 1) != PICORT_OK)
      return fail("unet");
    for (int64_t i = 0; i < latentCount; ++i)
      guided[i] = noise[i] + o.guidance * (noise[latentCount + i] - noise[i]);
    ddim.step(latents, guided, t);
  }
  if (!o.latentsOut.empty()) {
    std::ofstream out(o.latentsOut, std::ios::binary);
    out.write(reinterpret_cast<const char *>(latents.data()),
              static_cast<std::streamsize>(latents.size() * 4));
  }

  std::vector<float> scaled(latentCount), image(sd_vae_decode_OUTPUT_0_NUMEL);
  for (int64_t i = 0; i < latentCount; ++i)
    scaled[i] = latents[i] / scaling;
  picort_tensor in = {scaled.data(), PICORT_DTYPE_FLOAT32, 4, sd_vae_decode_input_0_shape,
                      PICORT_MEMORY_HOST};
  picort_tensor out = {image.data(), PICORT_DTYPE_FLOAT32, 4, sd_vae_decode_output_0_shape,
                       PICORT_MEMORY_HOST};
  if (sd_vae_decode(model, &in, 1, &out, 1) != PICORT_OK)
    return fail("vae_decode");
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // [1, 3, h, w] in [-1, 1] -> rows of RGB bytes.
  const int h = static_cast<int>(sd_vae_decode_output_0_shape[2]);
  const int w = static_cast<int>(sd_vae_decode_output_0_shape[3]);
  std::vector<uint8_t> rgb(static_cast<size_t>(h) * w * 3);
  for (int c = 0; c < 3; ++c)
    for (int p = 0; p < h * w; ++p) {
      float v = std::clamp(image[static_cast<size_t>(c) * h * w + p] / 2 + 0.5f, 0.0f, 1.0f);
      rgb[static_cast<size_t>(p) * 3 + c] = static_cast<uint8_t>(std::lround(v * 255));
    }
  if (!writePng(o.output, w, h, rgb)) {
    std::fprintf(stderr, "sd-txt2img: cannot write %s\n", o.output.c_str());
    return 1;
  }
  std::fprintf(stderr, "%dx%d image, %d steps in %.3f s (%.3f s a step)\n", w, h, o.steps,
               seconds, seconds / o.steps);
  sd_destroy(model);
  return 0;
}
