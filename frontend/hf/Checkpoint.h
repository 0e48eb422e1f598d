//===- Checkpoint.h - a Hugging Face checkpoint folder: config and tensors -----------===//
//
// A checkpoint folder holds config.json and its weights: model.safetensors, or shards listed
// by model.safetensors.index.json (its weight_map: tensor -> file). Checkpoint reads the
// config and every shard's header, never the weights; the builders (Llama.cpp, ...) take
// the config's fields through Config, which remembers what was read, and ask for tensors by
// name and expected shape. Every problem is collected, not only the first, so that
// `picoc --check` lists them all.
//
//===------------------------------------------------------------------------------===//
#ifndef PICOC_FRONTEND_HF_CHECKPOINT_H
#define PICOC_FRONTEND_HF_CHECKPOINT_H

#include "Safetensors.h"

#include "picoc/Frontend/OnnxImporter.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <set>

namespace picoc::hf {

// The fields of a config.json object. Each getter records the field as read and reports a
// problem when the field has the wrong type (the fallback is returned then); reportUnread
// names every field that no getter read and no ignore() listed: a field picoc does not know
// may change what the model computes.
class Config {
public:
  Config(nlohmann::json json, std::string where, std::vector<ImportProblem> &problems)
      : json_(std::move(json)), where_(std::move(where)), problems_(problems) {}

  bool has(const std::string &key) const;
  // Whether the field is present and not null, false, 0 or empty (it is read then).
  bool isSet(const std::string &key);
  int64_t integer(const std::string &key, std::optional<int64_t> fallback = std::nullopt);
  double number(const std::string &key, std::optional<double> fallback = std::nullopt);
  bool flag(const std::string &key, bool fallback);
  std::string string(const std::string &key, std::optional<std::string> fallback = std::nullopt);
  std::vector<std::string> strings(const std::string &key); // a list of strings, or none
  // One integer per block: a list of `count`, or one integer for all (diffusers' per-block
  // fields: attention_head_dim, transformer_layers_per_block).
  std::vector<int64_t> integers(const std::string &key, size_t count,
                                std::optional<int64_t> fallback = std::nullopt);
  // A nested object (rope_parameters): its own Config, whose problems name `key`.
  std::optional<Config> object(const std::string &key);
  // Fields that do not change what inference computes (token ids, training settings).
  void ignore(std::initializer_list<const char *> keys);
  void problem(const std::string &message);
  void reportUnread();

private:
  const nlohmann::json *field(const std::string &key, bool required);
  nlohmann::json json_;
  std::string where_; // "config.json", "config.json: rope_parameters"
  std::vector<ImportProblem> &problems_;
  std::set<std::string> read_;
};

class Checkpoint {
public:
  // Reads `dir`'s config.json and the headers of its safetensors files; nothing on a problem
  // that leaves nothing to build (no config, unreadable shards), each one in `problems`.
  static std::optional<Checkpoint> open(const std::string &dir,
                                        std::vector<ImportProblem> &problems);

  const std::string &dir() const { return dir_; }
  Config &config() { return *config_; }
  bool has(const std::string &tensor) const { return tensors_.count(tensor) > 0; }
  // The tensor, or null with a problem when it is missing or its shape is not `shape`.
  const SafeTensor *tensor(const std::string &name, const std::vector<int64_t> &shape);

private:
  Checkpoint(std::string dir, std::vector<ImportProblem> &problems)
      : dir_(std::move(dir)), problems_(&problems) {}
  std::string dir_;
  std::vector<ImportProblem> *problems_;
  std::optional<Config> config_;
  std::map<std::string, SafeTensor> tensors_;
  // Tensors already reported (a bad header entry, a missing shard): not reported again.
  std::set<std::string> unreadable_;
};

// The checkpoint tensors a graph reads, each checked against the shape its config gives it:
// `ok` is false when one is missing or misshapen (each a problem of the checkpoint's).
struct TensorSet {
  void need(Checkpoint &c, const std::string &name, const std::vector<int64_t> &shape) {
    const SafeTensor *t = c.tensor(name, shape);
    ok = ok && t;
    byName[name] = t;
  }
  const SafeTensor &operator[](const std::string &name) const { return *byName.at(name); }
  std::map<std::string, const SafeTensor *> byName;
  bool ok = true;
};

} // namespace picoc::hf

#endif // PICOC_FRONTEND_HF_CHECKPOINT_H
