// whisper-transcribe: a 16 kHz WAV in, text out, with a Whisper checkpoint compiled by picoc
// into asr.o.
//
//   whisper-transcribe CHECKPOINT_DIR AUDIO.wav [--language en] [--tokens N]
//                      [--weights FILE] [--ids]
//
// CHECKPOINT_DIR is the folder the model was compiled from; read at run time: tokenizer.json,
// generation_config.json (the start, language, task and no-timestamps tokens, the tokens to
// suppress), preprocessor_config.json (the STFT's sizes) and config.json. The first 30 s of
// the audio become log-mel features (LogMel.cpp), asr_encode runs once (and writes the
// cross-attention keys and values into the model instance), then asr_decode takes the start
// sequence <|startoftranscript|> <|en|> <|transcribe|> <|notimestamps|> and one token per
// step, the self-attention cache kept in the instance, greedily until <|endoftext|>: what
// transformers' generate does with do_sample=False and return_timestamps=False. Prints the
// text (--ids: the new token ids), then the times on stderr.
#include "LogMel.h"
#include "Tokenizer.h"
#include "asr.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

namespace {

struct Options {
  std::string dir, audio, language = "en", weights;
  int tokens = 224;
  bool ids = false;
};

int usage() {
  std::fprintf(stderr, "usage: whisper-transcribe CHECKPOINT_DIR AUDIO.wav [--language en] "
                       "[--tokens N] [--weights FILE] [--ids]\n");
  return 2;
}

nlohmann::json readJson(const std::string &path) {
  std::ifstream in(path);
  nlohmann::json j = in ? nlohmann::json::parse(in, nullptr, false) : nlohmann::json::object();
  return j.is_object() ? j : nlohmann::json::object();
}

// What generation_config.json (or config.json, for older checkpoints) says about decoding.
struct Generation {
  int64_t start = -1, eos = -1, noTimestamps = -1;
  std::vector<int64_t> suppress, beginSuppress; // always; at the first new token
  nlohmann::json languages, tasks;               // "<|en|>" -> id, "transcribe" -> id
  int64_t maxPositions = 448;
};

Generation readGeneration(const std::string &dir) {
  nlohmann::json config = readJson(dir + "/config.json");
  nlohmann::json gen = readJson(dir + "/generation_config.json");
  auto get = [&](const char *key) {
    return gen.contains(key) ? gen[key] : config.contains(key) ? config[key] : nlohmann::json();
  };
  Generation g;
  auto id = [](const nlohmann::json &v) { return v.is_number_integer() ? v.get<int64_t>() : -1; };
  auto ids = [](const nlohmann::json &v) {
    return v.is_array() ? v.get<std::vector<int64_t>>() : std::vector<int64_t>();
  };
  g.start = id(get("decoder_start_token_id"));
  nlohmann::json eos = get("eos_token_id");
  g.eos = eos.is_array() && !eos.empty() ? id(eos[0]) : id(eos);
  g.noTimestamps = id(get("no_timestamps_token_id"));
  g.suppress = ids(get("suppress_tokens"));
  g.beginSuppress = ids(get("begin_suppress_tokens"));
  g.languages = get("lang_to_id");
  g.tasks = get("task_to_id");
  if (config.contains("max_target_positions") && config["max_target_positions"].is_number_integer())
    g.maxPositions = config["max_target_positions"];
  return g;
}

int64_t argmax(std::vector<float> row, const std::vector<int64_t> &suppressed) {
  for (int64_t t : suppressed)
    if (t >= 0 && t < static_cast<int64_t>(row.size()))
      row[t] = -std::numeric_limits<float>::infinity();
  return std::max_element(row.begin(), row.end()) - row.begin();
}

int fail(const char *what) {
  std::fprintf(stderr, "whisper-transcribe: %s: %s\n", what, picort_last_error());
  return 1;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
    else if (a == "--language" && (v = value())) o.language = v;
    else if (a == "--tokens" && (v = value())) o.tokens = std::atoi(v);
    else if (a == "--weights" && (v = value())) o.weights = v;
    else if (a.rfind("--", 0) == 0) return usage();
    else positional.push_back(a);
  }
  if (positional.size() != 2)
    return usage();
  o.dir = positional[0], o.audio = positional[1];

  Tokenizer tokenizer;
  std::string error;
  if (!tokenizer.load(o.dir + "/tokenizer.json", error)) {
    std::fprintf(stderr, "whisper-transcribe: %s\n", error.c_str());
    return 1;
  }
  Generation g = readGeneration(o.dir);
  // The start sequence: <|startoftranscript|>, the language (multilingual models), the task,
  // no timestamps.
  std::vector<int64_t> start = {g.start};
  if (g.languages.is_object() && !g.languages.empty()) {
    std::string key = "<|" + o.language + "|>";
    if (!g.languages.contains(key)) {
      std::fprintf(stderr, "whisper-transcribe: language '%s' is not one of the model's\n",
                   o.language.c_str());
      return 1;
    }
    start.push_back(g.languages[key]);
  }
  if (g.tasks.is_object() && g.tasks.contains("transcribe"))
    start.push_back(g.tasks["transcribe"]);
  if (g.noTimestamps >= 0)
    start.push_back(g.noTimestamps);
  if (g.start < 0) {
    std::fprintf(stderr, "whisper-transcribe: %s has no decoder_start_token_id\n", o.dir.c_str());
    return 1;
  }

  // Features of the model's geometry: [1, mels, frames] as asr_encode takes them.
  nlohmann::json pre = readJson(o.dir + "/preprocessor_config.json");
  LogMelOptions mel;
  mel.mels = static_cast<int>(asr_encode_input_0_shape[1]);
  mel.frames = asr_encode_input_0_shape[2];
  mel.fftSize = pre.value("n_fft", 400);
  mel.hop = pre.value("hop_length", 160);
  mel.sampleRate = pre.value("sampling_rate", 16000);
  std::vector<float> samples;
  if (!readWav(o.audio, mel.sampleRate, samples, error)) {
    std::fprintf(stderr, "whisper-transcribe: %s\n", error.c_str());
    return 1;
  }
  auto begin = std::chrono::steady_clock::now();
  std::vector<float> features = logMel(samples, mel);
  double featureSeconds = secondsSince(begin);

  picort_model *model = nullptr;
  if (asr_create(o.weights.empty() ? nullptr : o.weights.c_str(), &model) != PICORT_OK)
    return fail("create");
  std::vector<float> states(asr_encode_OUTPUT_0_NUMEL);
  picort_tensor in = {features.data(), PICORT_DTYPE_FLOAT32, 3, asr_encode_input_0_shape,
                      PICORT_MEMORY_HOST};
  picort_tensor out = {states.data(), PICORT_DTYPE_FLOAT32, 3, asr_encode_output_0_shape,
                       PICORT_MEMORY_HOST};
  begin = std::chrono::steady_clock::now();
  if (asr_encode(model, &in, 1, &out, 1) != PICORT_OK) // also starts a new transcript
    return fail("encode");
  double encodeSeconds = secondsSince(begin);

  const int64_t vocab = asr_decode_output_0_shape[2];
  std::vector<int64_t> tokens = start, generated;
  std::vector<float> logits;
  begin = std::chrono::steady_clock::now();
  int64_t position = 0;
  // Each call's tokens sit at positions position .. tokens.size() - 1, within the decoder's.
  while (static_cast<int>(generated.size()) < o.tokens &&
         static_cast<int64_t>(tokens.size()) <= g.maxPositions) {
    // The tokens not yet in the cache: the start sequence, then the last one picked.
    std::vector<int64_t> fresh(tokens.begin() + position, tokens.end());
    int64_t idShape[2] = {1, static_cast<int64_t>(fresh.size())};
    int64_t logitShape[3] = {1, idShape[1], vocab};
    logits.resize(fresh.size() * vocab);
    picort_tensor ids = {fresh.data(), PICORT_DTYPE_INT64, 2, idShape, PICORT_MEMORY_HOST};
    picort_tensor next = {logits.data(), PICORT_DTYPE_FLOAT32, 3, logitShape, PICORT_MEMORY_HOST};
    if (asr_decode(model, &ids, 1, &next, 1) != PICORT_OK)
      return fail("decode");
    position = static_cast<int64_t>(tokens.size());
    std::vector<int64_t> suppressed = g.suppress;
    if (generated.empty())
      suppressed.insert(suppressed.end(), g.beginSuppress.begin(), g.beginSuppress.end());
    int64_t token = argmax(std::vector<float>(logits.end() - vocab, logits.end()), suppressed);
    if (token == g.eos)
      break;
    generated.push_back(token);
    tokens.push_back(token);
  }
  double decodeSeconds = secondsSince(begin);
  if (o.ids) {
    for (size_t i = 0; i < generated.size(); ++i)
      std::printf("%s%lld", i ? " " : "", static_cast<long long>(generated[i]));
    std::printf("\n");
  } else {
    std::printf("%s\n", tokenizer.decode(generated).c_str());
  }
  std::fprintf(stderr,
               "%.1f s of audio: features %.3f s, encode %.3f s, %zu tokens in %.3f s (%.1f "
               "tokens/s)\n",
               samples.size() / static_cast<double>(mel.sampleRate), featureSeconds,
               encodeSeconds, generated.size(), decodeSeconds,
               generated.size() / std::max(decodeSeconds, 1e-9));
  asr_destroy(model);
  return 0;
}
