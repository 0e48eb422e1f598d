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

// A diffusers Stable Diffusion pipeline folder (Diffusers.cpp): text_encode, unet and
// vae_decode entry points, from its components' builders: CLIPTextModel (Clip.cpp; gives the
// text's length and width), UNet2DConditionModel (Unet.cpp; gives the latents' size) and
// AutoencoderKL's decoder (Unet.cpp). Each returns null with its problems listed.
std::optional<HfModel> buildDiffusers(const std::string &dir, std::vector<ImportProblem> &problems);
std::shared_ptr<const onnx::ModelProto> buildClipText(Checkpoint &c, int64_t &context,
                                                      int64_t &hidden,
                                                      std::vector<ImportProblem> &problems);
std::shared_ptr<const onnx::ModelProto> buildUnet(Checkpoint &c, int64_t context,
                                                  int64_t contextDim, int64_t &latentSize,
                                                  std::vector<ImportProblem> &problems);
std::shared_ptr<const onnx::ModelProto> buildVaeDecoder(Checkpoint &c, int64_t latentSize,
                                                        std::vector<ImportProblem> &problems);

} // namespace picoc::hf

#endif // PICOC_FRONTEND_HF_HFFAMILIES_H
