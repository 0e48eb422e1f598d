// Tokenizer.h - a BPE tokenizer read from a Hugging Face tokenizer.json: byte-level BPE (GPT-2,
// Llama 3, Qwen2, Whisper), CLIP's, and SentencePiece's BPE with byte fallback (Llama 2,
// TinyLlama, Mistral): text -> token ids -> text. Shared by the examples. Special tokens in
// the text are not recognized: callers add them by id, or through the post-processor's
// (encode's addSpecial).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

class Tokenizer {
public:
  // Reads tokenizer.json; false with `error` set when it is not a BPE tokenizer of a kind
  // above.
  bool load(const std::string &path, std::string &error);
  // addSpecial: with the post-processor's tokens around the text (Llama's <s>), as
  // transformers' tokenizer(text) adds them.
  std::vector<int64_t> encode(const std::string &text, bool addSpecial = false) const;
  // The text of `ids`; special tokens (added_tokens marked special: "<|endoftext|>") are
  // left out.
  std::string decode(const std::vector<int64_t> &ids) const;
  int64_t size() const { return static_cast<int64_t>(idToToken_.size()); }
  // The id of a token of the vocabulary or of added_tokens ("<|en|>"), or -1.
  int64_t id(const std::string &token) const;

private:
  std::vector<std::string> words(const std::string &text) const; // GPT-2's pre-tokenizer split
  std::vector<std::string> clipWords(const std::string &text) const; // CLIP's, lowercased
  std::vector<std::string> bpe(std::vector<std::string> parts) const; // merged by rank

  std::unordered_map<std::string, int64_t> vocab_;
  std::vector<std::string> idToToken_;
  std::map<std::pair<std::string, std::string>, int> mergeRank_;
  std::string byteToChar_[256];                   // GPT-2's bytes_to_unicode, UTF-8 encoded
  std::unordered_map<std::string, uint8_t> charToByte_;
  std::unordered_map<int64_t, bool> added_;         // added_tokens: id -> special
  enum class Kind { ByteLevel, Clip, SentencePiece } kind_ = Kind::ByteLevel;
  // CLIP's BPE: each word's last symbol ends in this ("</w>"); the text is lowercased and
  // split as CLIP splits it.
  std::string endOfWord_;
  // SentencePiece's: spaces are "▁", the text starts with one (prepend_), pieces are UTF-8
  // characters merged by rank, and a piece not in the vocabulary is its bytes' <0xNN>
  // tokens; the decoded text loses its first space (strip_).
  bool prepend_ = false, strip_ = false;
  int64_t unk_ = -1;
  std::vector<int64_t> prefix_, suffix_; // the post-processor's special tokens
};
