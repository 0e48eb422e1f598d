// Tokenizer.cpp - byte-level BPE, as Hugging Face's tokenizers library runs it.
#include "Tokenizer.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace {

std::string utf8(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | cp >> 6);
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | cp >> 12);
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

// The UTF-8 characters of `s`, one string each.
std::vector<std::string> characters(const std::string &s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// Classes of GPT-2's split pattern; bytes of non-ASCII characters count as letters.
bool isLetter(unsigned char c) { return std::isalpha(c) || c >= 0x80; }
bool isDigit(unsigned char c) { return std::isdigit(c); }
bool isSpace(unsigned char c) { return std::isspace(c); }

} // namespace

bool Tokenizer::load(const std::string &path, std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.contains("model") || j["model"].value("type", "") != "BPE") {
    error = path + ": not a BPE tokenizer";
    return false;
  }
  const nlohmann::json &pre = j["pre_tokenizer"], &model = j["model"];
  std::string preText = pre.dump(), normalizer = j["normalizer"].dump();
  bool byteLevel = preText.find("\"ByteLevel\"") != std::string::npos;
  bool metaspace = preText.find("\"Metaspace\"") != std::string::npos ||
                   normalizer.find("\u2581") != std::string::npos ||
                   normalizer.find("\xe2\x96\x81") != std::string::npos;
  const nlohmann::json &suffix = model["end_of_word_suffix"];
  endOfWord_ = suffix.is_string() ? suffix.get<std::string>() : "";
  if (byteLevel) {
    kind_ = endOfWord_.empty() ? Kind::ByteLevel : Kind::Clip;
  } else if (metaspace || model.value("byte_fallback", false)) {
    kind_ = Kind::SentencePiece;
    // Prepended "▁": Llama 2's normalizer (Prepend), or a Metaspace pre-tokenizer that adds
    // it (prepend_scheme first or always, add_prefix_space in older files).
    prepend_ = normalizer.find("\"Prepend\"") != std::string::npos ||
               preText.find("\"prepend_scheme\":\"first\"") != std::string::npos ||
               preText.find("\"prepend_scheme\":\"always\"") != std::string::npos ||
               preText.find("\"add_prefix_space\":true") != std::string::npos;
    std::string decoder = j["decoder"].dump();
    strip_ = decoder.find("\"Strip\"") != std::string::npos ||
             (decoder.find("\"Metaspace\"") != std::string::npos && prepend_);
  } else {
    error = path + ": neither a byte-level nor a SentencePiece BPE tokenizer (its pre_tokenizer "
            "is " + preText + ")";
    return false;
  }
  // The post-processor's special tokens before and after the text (TemplateProcessing's
  // "single", alone or in a Sequence).
  std::vector<const nlohmann::json *> processors = {&j["post_processor"]};
  if (j["post_processor"].is_object() && j["post_processor"].contains("processors"))
    for (const nlohmann::json &p : j["post_processor"]["processors"])
      processors.push_back(&p);
  for (const nlohmann::json *p : processors) {
    if (!p->is_object() || p->value("type", "") != "TemplateProcessing" || !p->contains("single"))
      continue;
    bool afterText = false;
    for (const nlohmann::json &piece : (*p)["single"]) {
      if (piece.contains("Sequence")) {
        afterText = true;
      } else if (piece.contains("SpecialToken")) {
        std::string name = piece["SpecialToken"].value("id", "");
        const nlohmann::json &special = (*p)["special_tokens"][name]["ids"];
        for (const nlohmann::json &id : special)
          (afterText ? suffix_ : prefix_).push_back(id.get<int64_t>());
      }
    }
  }
  // GPT-2's bytes_to_unicode: printable bytes stand for themselves, the others for 256 + n.
  int next = 0;
  for (int b = 0; b < 256; ++b) {
    bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    byteToChar_[b] = utf8(printable ? b : 256 + next++);
    charToByte_[byteToChar_[b]] = static_cast<uint8_t>(b);
  }
  for (const auto &[token, id] : j["model"]["vocab"].items()) {
    vocab_[token] = id;
    if (static_cast<size_t>(id.get<int64_t>()) >= idToToken_.size())
      idToToken_.resize(id.get<int64_t>() + 1);
    idToToken_[id.get<int64_t>()] = token;
  }
  if (j.contains("added_tokens") && j["added_tokens"].is_array())
    for (const nlohmann::json &t : j["added_tokens"]) {
      int64_t id = t.value("id", int64_t(-1));
      std::string content = t.value("content", "");
      if (id < 0 || content.empty())
        continue;
      if (static_cast<size_t>(id) >= idToToken_.size())
        idToToken_.resize(id + 1);
      idToToken_[id] = content;
      vocab_[content] = id;
      added_[id] = t.value("special", false);
    }
  if (model["unk_token"].is_string())
    unk_ = id(model["unk_token"].get<std::string>());
  int rank = 0;
  for (const nlohmann::json &m : j["model"]["merges"]) {
    std::string a, b;
    if (m.is_string()) { // "a b"
      std::string s = m;
      size_t space = s.find(' ');
      a = s.substr(0, space), b = s.substr(space + 1);
    } else {
      a = m[0], b = m[1];
    }
    mergeRank_[{a, b}] = rank++;
  }
  return true;
}

// 's 't 're 've 'm 'll 'd | ?letters | ?digits | ?others | spaces (not before a non-space) |
// spaces: GPT-2's pattern, letters and digits as ASCII classes (non-ASCII bytes are letters).
std::vector<std::string> Tokenizer::words(const std::string &s) const {
  std::vector<std::string> out;
  size_t i = 0, n = s.size();
  auto run = [&](size_t from, auto pred) {
    size_t k = from;
    while (k < n && pred(static_cast<unsigned char>(s[k])))
      ++k;
    return k;
  };
  while (i < n) {
    if (s[i] == '\'') {
      bool found = false;
      for (const char *c : {"s", "t", "re", "ve", "m", "ll", "d"})
        if (s.compare(i + 1, std::strlen(c), c) == 0) {
          out.push_back(s.substr(i, 1 + std::strlen(c)));
          i += 1 + std::strlen(c);
          found = true;
          break;
        }
      if (found)
        continue;
    }
    size_t start = i, k = i + (s[i] == ' ' && i + 1 < n ? 1 : 0);
    unsigned char c = static_cast<unsigned char>(s[k]);
    size_t end;
    if (isLetter(c))
      end = run(k, isLetter);
    else if (isDigit(c))
      end = run(k, isDigit);
    else if (!isSpace(c))
      end = run(k, [](unsigned char x) { return !isSpace(x) && !isLetter(x) && !isDigit(x); });
    else { // spaces: all but the last when a non-space follows
      end = run(start, isSpace);
      if (end < n && end - start > 1)
        --end;
    }
    out.push_back(s.substr(start, end - start));
    i = end;
  }
  return out;
}

// CLIP's normalizer and split: whitespace runs dropped, ASCII lowercased (non-ASCII letters
// are kept as they are), then 's 't 're 've 'm 'll 'd | letters | one digit | a run of
// others.
std::vector<std::string> Tokenizer::clipWords(const std::string &text) const {
  std::string s = text;
  for (char &c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::string> out;
  size_t i = 0, n = s.size();
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < n) {
    if (isSpace(at(i))) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    bool contraction = false;
    if (s[i] == '\'')
      for (const char *c : {"s", "t", "re", "ve", "m", "ll", "d"})
        if (!contraction && s.compare(i + 1, std::strlen(c), c) == 0) {
          end = i + 1 + std::strlen(c);
          contraction = true;
        }
    if (!contraction && isLetter(at(i)))
      while (end < n && isLetter(at(end)))
        ++end;
    else if (!contraction && !isDigit(at(i)))
      while (end < n && !isSpace(at(end)) && !isLetter(at(end)) && !isDigit(at(end)))
        ++end;
    out.push_back(s.substr(i, end - i));
    i = end;
  }
  return out;
}

std::vector<std::string> Tokenizer::bpe(std::vector<std::string> parts) const {
  while (parts.size() > 1) {
    int best = INT_MAX;
    size_t at = 0;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      auto it = mergeRank_.find({parts[i], parts[i + 1]});
      if (it != mergeRank_.end() && it->second < best)
        best = it->second, at = i;
    }
    if (best == INT_MAX)
      break;
    parts[at] += parts[at + 1];
    parts.erase(parts.begin() + at + 1);
  }
  return parts;
}

std::vector<int64_t> Tokenizer::encode(const std::string &text, bool addSpecial) const {
  std::vector<int64_t> ids;
  if (addSpecial)
    ids = prefix_;
  if (kind_ == Kind::SentencePiece) {
    std::string s = prepend_ ? "\u2581" : "";
    for (char c : text)
      s += c == ' ' ? std::string("\u2581") : std::string(1, c);
    for (const std::string &piece : bpe(characters(s))) {
      auto it = vocab_.find(piece);
      if (it != vocab_.end()) {
        ids.push_back(it->second);
        continue;
      }
      for (unsigned char b : piece) { // byte fallback: <0xNN> for each of its bytes
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        int64_t byte = id(name);
        ids.push_back(byte >= 0 ? byte : unk_);
      }
    }
  } else {
    for (const std::string &w : kind_ == Kind::Clip ? clipWords(text) : words(text)) {
      std::vector<std::string> parts;
      for (unsigned char b : w)
        parts.push_back(byteToChar_[b]);
      if (!parts.empty())
        parts.back() += endOfWord_;
      for (const std::string &piece : bpe(parts)) {
        auto it = vocab_.find(piece);
        if (it != vocab_.end())
          ids.push_back(it->second);
      }
    }
  }
  if (addSpecial)
    ids.insert(ids.end(), suffix_.begin(), suffix_.end());
  return ids;
}

std::string Tokenizer::decode(const std::vector<int64_t> &ids) const {
  std::string out;
  for (int64_t id : ids) {
    if (id < 0 || id >= size())
      continue;
    if (auto added = added_.find(id); added != added_.end()) {
      if (!added->second)
        out += idToToken_[id]; // an added token that is text, as it is written
      continue;
    }
    const std::string &token = idToToken_[id];
    if (kind_ == Kind::SentencePiece) {
      unsigned byte = 0;
      if (token.size() == 6 && std::sscanf(token.c_str(), "<0x%2X>", &byte) == 1)
        out += static_cast<char>(byte);
      else
        for (const std::string &ch : characters(token))
          out += ch == "\u2581" ? " " : ch;
      continue;
    }
    for (const std::string &ch : characters(token)) {
      auto it = charToByte_.find(ch);
      out += it != charToByte_.end() ? std::string(1, static_cast<char>(it->second)) : ch;
    }
  }
  if (strip_ && !out.empty() && out[0] == ' ')
    out.erase(0, 1);
  return out;
}

int64_t Tokenizer::id(const std::string &token) const {
  auto it = vocab_.find(token);
  return it == vocab_.end() ? -1 : it->second;
}
