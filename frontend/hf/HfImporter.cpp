//===- HfImporter.cpp - a checkpoint folder's architecture, by its config -------------===//

#include "picoc/Frontend/HfImporter.h"

#include "HfFamilies.h"

#include "llvm/Support/FileSystem.h"

#include <map>


namespace picoc {

std::optional<HfModel>
buildHfCheckpoint(const std::string &dir,
                  const std::map<std::string, std::pair<int64_t, int64_t>> &runDims,
                  std::vector<ImportProblem> &problems) {
  if (!llvm::sys::fs::is_directory(dir)) {
    problems.push_back({"", "", "is not a folder"});
    return std::nullopt;
  }
  if (llvm::sys::fs::exists(dir + "/model_index.json"))
    return hf::buildDiffusers(dir, problems);
  if (!llvm::sys::fs::exists(dir + "/config.json")) {
    problems.push_back({"", "", "is not a Hugging Face checkpoint: it has no config.json (or model_index.json)"});
    return std::nullopt;
  }
  std::optional<hf::Checkpoint> c = hf::Checkpoint::open(dir, problems);
  if (!c)
    return std::nullopt;
  hf::Config &config = c->config();
  // The class the checkpoint was saved from names the family; a config without it, its
  // model_type.
  std::vector<std::string> classes = config.strings("architectures");
  std::string type = config.string("model_type", "");
  std::string family = classes.empty() ? type : classes[0];
  static const std::map<std::string, std::string> llamaShaped = {
      {"LlamaForCausalLM", "llama"}, {"MistralForCausalLM", "mistral"},
      {"Qwen2ForCausalLM", "qwen2"}};
  for (const auto &[cls, name] : llamaShaped)
    if (family == cls || (classes.empty() && type == name))
      return hf::buildLlama(*c, name, runDims, problems);
  if (family == "WhisperForConditionalGeneration" || (classes.empty() && type == "whisper"))
    return hf::buildWhisper(*c, runDims, problems);
  problems.push_back({"config.json", "",
                      (classes.empty() ? "model_type '" : "architecture '") + family +
                          "' is not one picoc builds (LlamaForCausalLM, MistralForCausalLM, "
                          "Qwen2ForCausalLM, "
                          "WhisperForConditionalGeneration)"});
  return std::nullopt;
}

} // namespace picoc
