//===- HfFamilies.h - the model families frontend/hf builds ---------------------------===//
#ifndef PICOC_FRONTEND_HF_HFFAMILIES_H
#define PICOC_FRONTEND_HF_HFFAMILIES_H

#include "Checkpoint.h"

#include "picoc/Frontend/HfImporter.h"

namespace picoc::hf {

// LlamaForCausalLM and the llama-shaped families (Llama.cpp): `family` is llama, mistral
// (a sliding window) or qwen2 (q/k/v biases).
std::optional<HfModel> buildLlama(Checkpoint &c, const std::string &family,
                                  const std::map<std::string, std::pair<int64_t, int64_t>> &dims,
                                  std::vector<ImportProblem> &problems);

// WhisperForConditionalGeneration (Whisper.cpp): encode and decode entry points.
std::optional<HfModel> buildWhisper(Checkpoint &c,
                                    const std::map<std::string, std::pair<int64_t, int64_t>> &dims,
                                    std::vector<ImportProblem> &problems);

} // namespace picoc::hf

#endif // PICOC_FRONTEND_HF_HFFAMILIES_H
