// LogMel.h - Whisper's input features: the log-mel spectrogram of 16 kHz audio, as
// transformers' WhisperFeatureExtractor computes it (and OpenAI's whisper before it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct LogMelOptions {
  int mels = 80;          // num_mel_bins of the model (80; 128 for large-v3)
  int64_t frames = 3000;  // the encoder's input length: 2 * max_source_positions
  int fftSize = 400;      // n_fft: 25 ms windows
  int hop = 160;          // hop_length: 10 ms
  int sampleRate = 16000;
};

// [mels, frames] row-major. The audio (mono, in [-1, 1]) is cut or padded with silence to
// frames * hop samples; each frame is a periodic Hann window of fftSize samples centred on
// its hop (the ends reflected), its power spectrum goes through Slaney-style mel filters up
// to 8 kHz, then log10 (floored at 1e-10), clamped to 8 below the maximum, and (x + 4) / 4.
std::vector<float> logMel(const std::vector<float> &samples, const LogMelOptions &o);

// Reads a WAV file: 16-bit PCM or 32-bit float, any channel count (averaged to mono).
// False with `error` set when it cannot, or when its rate is not `sampleRate`.
bool readWav(const std::string &path, int sampleRate, std::vector<float> &samples,
             std::string &error);
