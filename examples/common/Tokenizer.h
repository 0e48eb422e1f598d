// Tokenizer.h - a byte-level BPE tokenizer read from a Hugging Face tokenizer.json (GPT-2,
// Llama 3, Whisper, CLIP and most byte-level BPE models): text -> token ids -> text. Shared by
// the examples. Special tokens in the text are not recognized: callers add them by id.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

class Tokenizer {
public:
  // Reads tokenizer.json; false with `error` set when it is not a byte-level BPE tokenizer.
  bool load(const std::string &path, std::string &error);
  std::vector<int64_t> encode(const std::string &text) const;
  // The text of `ids`; special tokens (added_tokens marked special: "<|endoftext|>") are
  // left out.
  std::string decode(const std::vector<int64_t> &ids) const;
  int64_t size() const { return static_cast<int64_t>(idToToken_.size()); }
  // The id of a token of the vocabulary or of added_tokens ("<|en|>"), or -1.
  int64_t id(const std::string &token) const;

private:
  std::vector<std::string> words(const std::string &text) const; // GPT-2's pre-tokenizer split
  std::vector<std::string> clipWords(const std::string &text) const; // CLIP's, lowercased
  std::vector<std::string> bpe(const std::string &word) const;   // the word's merged pieces

  std::unordered_map<std::string, int64_t> vocab_;
  std::vector<std::string> idToToken_;
  std::map<std::pair<std::string, std::string>, int> mergeRank_;
  std::string byteToChar_[256];                   // GPT-2's bytes_to_unicode, UTF-8 encoded
  std::unordered_map<std::string, uint8_t> charToByte_;
  std::unordered_map<int64_t, bool> added_;         // added_tokens: id -> special
  // CLIP's BPE: each word's last symbol ends in this ("</w>"); the text is lowercased and
  // split as CLIP splits it. Empty for GPT-2's byte-level BPE.
  std::string endOfWord_;
};
