//===- Diffusers.cpp - a Stable Diffusion pipeline folder (model_index.json) ----------===//
//
// A diffusers pipeline folder names its components in model_index.json, each a subfolder
// with its own config.json and weights. picoc builds the three that compute, as entry
// points of one object sharing its instance:
//
//   text_encode  text_encoder/ (CLIPTextModel)          input_ids [1, 77] -> last_hidden_state
//   unet         unet/ (UNet2DConditionModel)           one denoising step at batch 2
//   vae_decode   vae/ (AutoencoderKL)                   latents -> image in [-1, 1]
//
// The tokenizer and the scheduler are the application's (examples/sd-txt2img); a safety
// checker or feature extractor is not built. Problems name the component's subfolder.
//
//===------------------------------------------------------------------------------===//

#include "Checkpoint.h"
#include "HfFamilies.h"

#include <nlohmann/json.hpp>

#include "llvm/Support/FileSystem.h"

#include <fstream>

namespace picoc::hf {

namespace {

// The component `name` of model_index.json: its [library, class], checked against `cls`.
bool component(const nlohmann::json &index, const std::string &name, const std::string &cls,
               std::vector<ImportProblem> &problems) {
  const nlohmann::json *entry = index.contains(name) ? &index[name] : nullptr;
  if (!entry || !entry->is_array() || entry->size() != 2 || !(*entry)[1].is_string()) {
    problems.push_back({"model_index.json", "", "has no component '" + name + "' (" + cls + ")"});
    return false;
  }
  if ((*entry)[1].get<std::string>() != cls) {
    problems.push_back({"model_index.json", "",
                        "component '" + name + "' is a " + (*entry)[1].get<std::string>() +
                            "; picoc builds a " + cls + " there"});
    return false;
  }
  return true;
}

// Makes the problems from `from` on name the component's subfolder.
void nameComponent(std::vector<ImportProblem> &problems, size_t from, const std::string &sub) {
  for (size_t i = from; i < problems.size(); ++i) {
    std::string &where = problems[i].node;
    where = where.empty() ? sub : where.rfind("tensor ", 0) == 0 ? sub + ": " + where
                                                                 : sub + "/" + where;
  }
}

} // namespace

std::optional<HfModel> buildDiffusers(const std::string &dir, std::vector<ImportProblem> &problems) {
  size_t before = problems.size();
  std::ifstream in(dir + "/model_index.json");
  nlohmann::json index = nlohmann::json::parse(in, nullptr, false);
  if (index.is_discarded() || !index.is_object()) {
    problems.push_back({"model_index.json", "", "is not a JSON object"});
    return std::nullopt;
  }
  if (index.contains("text_encoder_2") && !index["text_encoder_2"].is_null() &&
      index["text_encoder_2"] != nlohmann::json::array({nullptr, nullptr}))
    problems.push_back({"model_index.json", "", "has a second text encoder (Stable Diffusion XL), "
                                                "which picoc does not build"});
  bool found = component(index, "text_encoder", "CLIPTextModel", problems);
  found = component(index, "unet", "UNet2DConditionModel", problems) && found;
  found = component(index, "vae", "AutoencoderKL", problems) && found;
  if (!found || problems.size() > before)
    return std::nullopt;

  HfModel model;
  auto open = [&](const std::string &sub) -> std::optional<Checkpoint> {
    size_t from = problems.size();
    std::optional<Checkpoint> c = Checkpoint::open(dir + "/" + sub, problems);
    nameComponent(problems, from, sub);
    return c;
  };
  auto add = [&](const char *entry, const std::string &sub,
                 std::shared_ptr<const onnx::ModelProto> graph) {
    if (graph)
      model.entries.push_back({entry, OnnxSource(dir + " (" + entry + ")", graph, dir + "/" + sub)});
  };
  int64_t context = 77, contextDim = 0, latentSize = 0;
  if (std::optional<Checkpoint> text = open("text_encoder")) {
    size_t from = problems.size();
    add("text_encode", "text_encoder", buildClipText(*text, context, contextDim, problems));
    nameComponent(problems, from, "text_encoder");
  }
  if (std::optional<Checkpoint> unet = open("unet")) {
    size_t from = problems.size();
    add("unet", "unet", buildUnet(*unet, context, contextDim, latentSize, problems));
    nameComponent(problems, from, "unet");
  }
  if (std::optional<Checkpoint> vae = open("vae"); vae && latentSize > 0) {
    size_t from = problems.size();
    add("vae_decode", "vae", buildVaeDecoder(*vae, latentSize, problems));
    nameComponent(problems, from, "vae");
  }
  if (problems.size() > before || model.entries.size() != 3)
    return std::nullopt;
  return model;
}

} // namespace picoc::hf
