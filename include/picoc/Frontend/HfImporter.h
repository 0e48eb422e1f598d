//===- HfImporter.h - Hugging Face checkpoint folders as ONNX graphs ----------------===//
//
// frontend/hf reads a checkpoint folder (config.json, safetensors weights, never read whole)
// and builds the architecture its config names as ONNX graphs in memory, one per entry point,
// whose weights are external data in the checkpoint's files. The ONNX importer then takes
// them like any exported model (see docs/ARCHITECTURE.md, "Checkpoints").
//
//   LlamaForCausalLM (and llama-shaped configs)   prefill: input_ids [1, seq] -> logits,
//                                                 decode: input_ids [1, 1] -> logits,
//                                                 the KV cache as state (past/present pairs)
//   WhisperForConditionalGeneration               encode: input_features -> encoder states,
//                                                 writes the cross-attention keys and values;
//                                                 decode: input_ids [1, seq] -> logits, the
//                                                 self-attention cache as state
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_FRONTEND_HFIMPORTER_H
#define PICOC_FRONTEND_HFIMPORTER_H

#include "picoc/Frontend/OnnxImporter.h"

namespace picoc {

struct HfEntry {
  std::string name;   // the entry point: "prefill", "decode", ...
  OnnxSource source;  // its graph, built in memory over the checkpoint's folder
};

struct HfModel {
  std::vector<HfEntry> entries;
  // The run-time dims the graphs name, with their bounds (the user's --dim where given).
  std::map<std::string, std::pair<int64_t, int64_t>> runDims;
  bool state = false; // the graphs' past/present pairs are meant as state (picoc --state)
};

// Builds the checkpoint's entry points. `runDims` are the user's bounds for the dims the
// family names (seq, the tokens of a call, and past, the cache's length). Every problem (an
// unsupported config field, a missing or misshapen tensor, a bad file) is appended to
// `problems`, and nothing is built then.
std::optional<HfModel>
buildHfCheckpoint(const std::string &dir,
                  const std::map<std::string, std::pair<int64_t, int64_t>> &runDims,
                  std::vector<ImportProblem> &problems);

} // namespace picoc

#endif // PICOC_FRONTEND_HFIMPORTER_H
