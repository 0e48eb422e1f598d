// llama-generate: text in, text out, with a llama checkpoint compiled by picoc into llm.o.
//
//   llama-generate CHECKPOINT_DIR "prompt" [--tokens N] [--temperature T] [--top-p P]
//                  [--seed S] [--weights FILE] [--ids]
//
// CHECKPOINT_DIR is the folder the model was compiled from: its tokenizer.json (byte-level
// BPE as Llama 3's and Qwen2's, or SentencePiece's as Llama 2's and TinyLlama's) and
// config.json (eos_token_id) are read at run time. The prompt, with the tokenizer's special
// tokens (<s>), goes through
// llm_prefill; each new token through llm_decode, the KV cache kept in the model instance.
// Greedy at --temperature 0 (the default), else sampled from the top-p nucleus. Prints the
// text as it comes, then tokens per second (on stderr); --ids prints the token ids instead
// (and the prompt's on stderr).
#include "Tokenizer.h"
#include "llm.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

struct Options {
  std::string dir, prompt, weights;
  int tokens = 32;
  float temperature = 0, topP = 0.9f;
  unsigned seed = 0;
  bool ids = false;
};

int usage() {
  std::fprintf(stderr, "usage: llama-generate CHECKPOINT_DIR PROMPT [--tokens N] "
                       "[--temperature T] [--top-p P] [--seed S] [--weights FILE] [--ids]\n");
  return 2;
}

// The next token from the last row of logits: the argmax, or a sample of the nucleus.
int64_t pick(const float *logits, int64_t vocab, const Options &o, std::mt19937 &rng) {
  if (o.temperature <= 0)
    return std::max_element(logits, logits + vocab) - logits;
  std::vector<double> p(vocab);
  float top = *std::max_element(logits, logits + vocab);
  for (int64_t i = 0; i < vocab; ++i)
    p[i] = std::exp((logits[i] - top) / o.temperature);
  double sum = std::accumulate(p.begin(), p.end(), 0.0);
  std::vector<int64_t> order(vocab);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return p[a] > p[b]; });
  double kept = 0;
  size_t n = 0;
  while (n < order.size() && (n == 0 || kept < o.topP * sum))
    kept += p[order[n++]];
  double r = std::uniform_real_distribution<double>(0, kept)(rng);
  for (size_t i = 0; i < n; ++i)
    if ((r -= p[order[i]]) <= 0)
      return order[i];
  return order[n - 1];
}

int fail(const char *what) {
  std::fprintf(stderr, "llama-generate: %s: %s\n", what, picort_last_error());
  return 1;
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
    else if (a == "--tokens" && (v = value())) o.tokens = std::atoi(v);
    else if (a == "--temperature" && (v = value())) o.temperature = std::atof(v);
    else if (a == "--top-p" && (v = value())) o.topP = std::atof(v);
    else if (a == "--seed" && (v = value())) o.seed = static_cast<unsigned>(std::atol(v));
    else if (a == "--weights" && (v = value())) o.weights = v;
    else if (a.rfind("--", 0) == 0) return usage();
    else positional.push_back(a);
  }
  if (positional.size() != 2)
    return usage();
  o.dir = positional[0], o.prompt = positional[1];

  Tokenizer tokenizer;
  std::string error;
  if (!tokenizer.load(o.dir + "/tokenizer.json", error)) {
    std::fprintf(stderr, "llama-generate: %s\n", error.c_str());
    return 1;
  }
  int64_t eos = -1;
  std::ifstream configFile(o.dir + "/config.json");
  nlohmann::json config = nlohmann::json::parse(configFile, nullptr, false);
  if (!config.is_discarded() && config.contains("eos_token_id") &&
      config["eos_token_id"].is_number_integer())
    eos = config["eos_token_id"];

  const int64_t vocab = llm_decode_output_0_shape[2], maxPrompt = llm_prefill_input_0_shape[1];
  std::vector<int64_t> ids = tokenizer.encode(o.prompt, /*addSpecial=*/true);
  if (ids.empty() || static_cast<int64_t>(ids.size()) > maxPrompt) {
    std::fprintf(stderr, "llama-generate: the prompt is %zu tokens; this model takes 1 to %lld\n",
                 ids.size(), static_cast<long long>(maxPrompt));
    return 1;
  }
  if (o.ids) {
    std::fprintf(stderr, "prompt ids:");
    for (int64_t id : ids)
      std::fprintf(stderr, " %lld", static_cast<long long>(id));
    std::fprintf(stderr, "\n");
  }
  picort_model *model = nullptr;
  if (llm_create(o.weights.empty() ? nullptr : o.weights.c_str(), &model) != PICORT_OK)
    return fail("create");

  std::vector<float> logits(ids.size() * vocab);
  int64_t promptShape[2] = {1, static_cast<int64_t>(ids.size())};
  int64_t logitShape[3] = {1, static_cast<int64_t>(ids.size()), vocab};
  picort_tensor in = {ids.data(), PICORT_DTYPE_INT64, 2, promptShape, PICORT_MEMORY_HOST};
  picort_tensor out = {logits.data(), PICORT_DTYPE_FLOAT32, 3, logitShape, PICORT_MEMORY_HOST};
  auto start = std::chrono::steady_clock::now();
  if (llm_prefill(model, &in, 1, &out, 1) != PICORT_OK)
    return fail("prefill");
  std::mt19937 rng(o.seed);
  std::vector<int64_t> generated;
  int64_t token = pick(logits.data() + (ids.size() - 1) * vocab, vocab, o, rng);
  int64_t oneShape[2] = {1, 1}, oneLogits[3] = {1, 1, vocab};
  std::string shown;
  for (int n = 0; n < o.tokens; ++n) {
    generated.push_back(token);
    if (o.ids) {
      std::printf("%s%lld", n ? " " : "", static_cast<long long>(token));
    } else { // the text that the new token completes
      std::string text = tokenizer.decode(generated);
      std::fputs(text.substr(shown.size()).c_str(), stdout);
      shown = text;
    }
    std::fflush(stdout);
    if (token == eos || n + 1 == o.tokens)
      break;
    picort_tensor step = {&token, PICORT_DTYPE_INT64, 2, oneShape, PICORT_MEMORY_HOST};
    picort_tensor next = {logits.data(), PICORT_DTYPE_FLOAT32, 3, oneLogits, PICORT_MEMORY_HOST};
    if (llm_decode(model, &step, 1, &next, 1) != PICORT_OK) {
      std::printf("\n");
      return fail("decode");
    }
    token = pick(logits.data(), vocab, o, rng);
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("\n");
  std::fprintf(stderr, "%zu prompt tokens, %zu generated in %.3f s: %.1f tokens/s\n", ids.size(),
               generated.size(), seconds, generated.size() / seconds);
  llm_destroy(model);
  return 0;
}
