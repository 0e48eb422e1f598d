//===- Checkpoint.cpp - a Hugging Face checkpoint folder: config and tensors ---------===//

#include "Checkpoint.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace picoc::hf {

//===----------------------------------------------------------------------------------===//
// Config
//===----------------------------------------------------------------------------------===//

bool Config::has(const std::string &key) const {
  return json_.contains(key) && !json_[key].is_null();
}

bool Config::isSet(const std::string &key) {
  read_.insert(key);
  if (!has(key))
    return false;
  const nlohmann::json &j = json_[key];
  return !(j == false || j == 0 || (j.is_string() && j.get<std::string>().empty()) ||
           ((j.is_array() || j.is_object()) && j.empty()));
}

void Config::problem(const std::string &message) { problems_.push_back({where_, "", message}); }

const nlohmann::json *Config::field(const std::string &key, bool required) {
  read_.insert(key);
  if (has(key))
    return &json_[key];
  if (required)
    problem("field '" + key + "' is missing");
  return nullptr;
}

int64_t Config::integer(const std::string &key, std::optional<int64_t> fallback) {
  const nlohmann::json *j = field(key, !fallback);
  if (j && j->is_number_integer())
    return j->get<int64_t>();
  if (j)
    problem("field '" + key + "' is " + j->dump() + ", not an integer");
  return fallback.value_or(0);
}

double Config::number(const std::string &key, std::optional<double> fallback) {
  const nlohmann::json *j = field(key, !fallback);
  if (j && j->is_number())
    return j->get<double>();
  if (j)
    problem("field '" + key + "' is " + j->dump() + ", not a number");
  return fallback.value_or(0);
}

bool Config::flag(const std::string &key, bool fallback) {
  const nlohmann::json *j = field(key, false);
  if (j && j->is_boolean())
    return j->get<bool>();
  if (j)
    problem("field '" + key + "' is " + j->dump() + ", not true or false");
  return fallback;
}

std::string Config::string(const std::string &key, std::optional<std::string> fallback) {
  const nlohmann::json *j = field(key, !fallback);
  if (j && j->is_string())
    return j->get<std::string>();
  if (j)
    problem("field '" + key + "' is " + j->dump() + ", not a string");
  return fallback.value_or("");
}

std::vector<std::string> Config::strings(const std::string &key) {
  const nlohmann::json *j = field(key, false);
  std::vector<std::string> out;
  if (!j)
    return out;
  if (j->is_array() && std::all_of(j->begin(), j->end(), [](auto &e) { return e.is_string(); })) {
    for (const nlohmann::json &e : *j)
      out.push_back(e);
    return out;
  }
  problem("field '" + key + "' is " + j->dump() + ", not a list of strings");
  return out;
}

std::vector<int64_t> Config::integers(const std::string &key, size_t count,
                                      std::optional<int64_t> fallback) {
  const nlohmann::json *j = field(key, !fallback);
  if (!j)
    return std::vector<int64_t>(count, fallback.value_or(0));
  if (j->is_number_integer())
    return std::vector<int64_t>(count, j->get<int64_t>());
  if (j->is_array() && j->size() == count &&
      std::all_of(j->begin(), j->end(), [](auto &e) { return e.is_number_integer(); }))
    return j->get<std::vector<int64_t>>();
  problem("field '" + key + "' is " + j->dump() + ", not an integer or a list of " +
          std::to_string(count));
  return std::vector<int64_t>(count, fallback.value_or(0));
}

std::optional<Config> Config::object(const std::string &key) {
  const nlohmann::json *j = field(key, false);
  if (!j)
    return std::nullopt;
  if (!j->is_object()) {
    problem("field '" + key + "' is " + j->dump() + ", not an object");
    return std::nullopt;
  }
  return Config(*j, where_ + ": " + key, problems_);
}

void Config::ignore(std::initializer_list<const char *> keys) {
  for (const char *k : keys)
    read_.insert(k);
}

void Config::reportUnread() {
  for (const auto &[key, value] : json_.items())
    if (!read_.count(key) && !value.is_null())
      problem("field '" + key + "' (" + value.dump() +
              ") is not supported: picoc does not know what it changes");
}

//===----------------------------------------------------------------------------------===//
// Checkpoint
//===----------------------------------------------------------------------------------===//

namespace {

std::optional<nlohmann::json> readJson(const std::string &path, const std::string &file,
                                       std::vector<ImportProblem> &problems) {
  std::ifstream in(path);
  if (!in) {
    problems.push_back({file, "", "cannot be read"});
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    problems.push_back({file, "", "is not a JSON object"});
    return std::nullopt;
  }
  return j;
}

// A shard's name as the index gives it: a plain file name in the folder.
bool isPlainFileName(const std::string &name) {
  return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
}

} // namespace

std::optional<Checkpoint> Checkpoint::open(const std::string &dir,
                                           std::vector<ImportProblem> &problems) {
  size_t before = problems.size();
  Checkpoint c(dir, problems);
  auto config = readJson(dir + "/config.json", "config.json", problems);
  if (!config)
    return std::nullopt;
  c.config_.emplace(std::move(*config), "config.json", problems);

  // The shards: the index's files, else every *.safetensors in the folder.
  std::vector<std::string> files;
  std::map<std::string, std::string> indexed; // tensor -> file, from the index
  // transformers names the index model.safetensors.index.json; diffusers,
  // diffusion_pytorch_model.safetensors.index.json.
  std::string index = "model.safetensors.index.json";
  if (!llvm::sys::fs::exists(dir + "/" + index) &&
      llvm::sys::fs::exists(dir + "/diffusion_pytorch_model.safetensors.index.json"))
    index = "diffusion_pytorch_model.safetensors.index.json";
  if (llvm::sys::fs::exists(dir + "/" + index)) {
    auto j = readJson(dir + "/" + index, index, problems);
    if (!j)
      return std::nullopt;
    if (!j->contains("weight_map") || !(*j)["weight_map"].is_object()) {
      problems.push_back({index, "", "has no weight_map object"});
      return std::nullopt;
    }
    for (const auto &[tensor, file] : (*j)["weight_map"].items()) {
      if (!file.is_string() || !isPlainFileName(file.get<std::string>())) {
        problems.push_back({index, "", "tensor '" + tensor + "' is mapped to " + file.dump() +
                                           ", not a file in the checkpoint's folder"});
        continue;
      }
      indexed[tensor] = file;
      if (std::find(files.begin(), files.end(), file.get<std::string>()) == files.end())
        files.push_back(file);
    }
  } else {
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
      if (llvm::StringRef(it->path()).ends_with(".safetensors"))
        files.push_back(llvm::sys::path::filename(it->path()).str());
    std::sort(files.begin(), files.end());
    // A variant of the weights beside them (diffusers' diffusion_pytorch_model.fp16.safetensors
    // next to diffusion_pytorch_model.safetensors) holds the same tensors: the plain file is
    // read.
    auto isVariantOfAnother = [&](const std::string &f) {
      llvm::StringRef stem = llvm::StringRef(f).drop_back(strlen(".safetensors"));
      size_t dot = stem.rfind('.');
      return dot != llvm::StringRef::npos &&
             std::find(files.begin(), files.end(), (stem.take_front(dot) + ".safetensors").str()) !=
                 files.end();
    };
    files.erase(std::remove_if(files.begin(), files.end(), isVariantOfAnother), files.end());
    if (files.empty())
      problems.push_back({"", "", "no *.safetensors file and no *.safetensors.index.json: the "
                                  "checkpoint has no weights"});
  }
  for (const std::string &file : files) {
    std::string path = dir + "/" + file;
    if (!llvm::sys::fs::exists(path)) {
      problems.push_back({file, "", "is missing (the shard " + index + " lists)"});
      for (const auto &[tensor, in] : indexed)
        if (in == file)
          c.unreadable_.insert(tensor);
      continue;
    }
    std::vector<std::string> errors;
    std::map<std::string, SafeTensor> tensors;
    size_t reported = problems.size();
    readSafetensorsHeader(path, file, tensors, c.unreadable_, errors);
    for (const std::string &e : errors)
      problems.push_back({file, "", e});
    if (tensors.empty() && problems.size() > reported) // the file is unreadable as a whole
      for (const auto &[tensor, in] : indexed)
        if (in == file)
          c.unreadable_.insert(tensor);
    for (auto &[name, t] : tensors) {
      auto it = indexed.find(name);
      if (it != indexed.end() && it->second != file)
        continue; // the index says another shard holds it
      if (c.tensors_.count(name)) {
        problems.push_back({file, "", "tensor '" + name + "' is also in " +
                                          c.tensors_[name].file});
        continue;
      }
      c.tensors_[name] = std::move(t);
    }
  }
  for (const auto &[tensor, file] : indexed)
    if (!c.tensors_.count(tensor) && llvm::sys::fs::exists(dir + "/" + file))
      problems.push_back({index, "", "tensor '" + tensor + "' is not in " + file +
                                         ", where the index says it is"});
  if (problems.size() > before && c.tensors_.empty())
    return std::nullopt;
  return c;
}

const SafeTensor *Checkpoint::tensor(const std::string &name, const std::vector<int64_t> &shape) {
  auto shapeText = [](const std::vector<int64_t> &s) {
    std::string t = "[";
    for (size_t i = 0; i < s.size(); ++i)
      t += (i ? ", " : "") + std::to_string(s[i]);
    return t + "]";
  };
  auto it = tensors_.find(name);
  if (it == tensors_.end() && unreadable_.count(name))
    return nullptr; // said already
  if (it == tensors_.end()) {
    problems_->push_back({"tensor '" + name + "'", "",
                          "is missing; the config needs it with shape " + shapeText(shape)});
    return nullptr;
  }
  if (it->second.shape != shape) {
    problems_->push_back({"tensor '" + name + "'", "",
                          "in " + it->second.file + " has shape " + shapeText(it->second.shape) +
                              "; the config needs " + shapeText(shape)});
    return nullptr;
  }
  return &it->second;
}

} // namespace picoc::hf
