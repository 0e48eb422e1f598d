// LogMel.cpp - the log-mel spectrogram and a WAV reader for whisper-transcribe.
#include "LogMel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

namespace {

// Slaney's mel scale: linear below 1 kHz, logarithmic above.
double hzToMel(double hz) {
  const double minLogHz = 1000.0, minLogMel = 15.0, logStep = 27.0 / std::log(6.4);
  return hz < minLogHz ? 3.0 * hz / 200.0 : minLogMel + std::log(hz / minLogHz) * logStep;
}
double melToHz(double mel) {
  const double minLogHz = 1000.0, minLogMel = 15.0, logStep = std::log(6.4) / 27.0;
  return mel < minLogMel ? 200.0 * mel / 3.0 : minLogHz * std::exp(logStep * (mel - minLogMel));
}

// [mels, bins]: triangles between mels + 2 points equally spaced in mel from 0 to 8 kHz,
// each scaled by 2 / its width in Hz (equal area).
std::vector<double> melFilters(int mels, int bins, int sampleRate) {
  double lo = hzToMel(0.0), hi = hzToMel(8000.0);
  std::vector<double> edges(mels + 2);
  for (int i = 0; i < mels + 2; ++i)
    edges[i] = melToHz(lo + (hi - lo) * i / (mels + 1));
  std::vector<double> filters(static_cast<size_t>(mels) * bins);
  for (int m = 0; m < mels; ++m)
    for (int b = 0; b < bins; ++b) {
      double hz = (sampleRate / 2.0) * b / (bins - 1);
      double down = (hz - edges[m]) / (edges[m + 1] - edges[m]);
      double up = (edges[m + 2] - hz) / (edges[m + 2] - edges[m + 1]);
      filters[static_cast<size_t>(m) * bins + b] =
          std::max(0.0, std::min(down, up)) * 2.0 / (edges[m + 2] - edges[m]);
    }
  return filters;
}

uint32_t le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24; }
uint16_t le16(const unsigned char *p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }

} // namespace

std::vector<float> logMel(const std::vector<float> &samples, const LogMelOptions &o) {
  const int n = o.fftSize, bins = n / 2 + 1, half = n / 2;
  const int64_t length = o.frames * o.hop;
  std::vector<double> audio(length, 0.0);
  std::copy_n(samples.begin(), std::min<int64_t>(length, samples.size()), audio.begin());
  auto at = [&](int64_t i) { // reflected at both ends, as numpy's "reflect" pads
    if (i < 0) i = -i;
    if (i >= length) i = 2 * (length - 1) - i;
    return audio[i];
  };
  std::vector<double> window(n), cosT(n), sinT(n);
  for (int k = 0; k < n; ++k) {
    window[k] = 0.5 - 0.5 * std::cos(2 * M_PI * k / n); // periodic Hann
    cosT[k] = std::cos(2 * M_PI * k / n);
    sinT[k] = std::sin(2 * M_PI * k / n);
  }
  std::vector<double> filters = melFilters(o.mels, bins, o.sampleRate);
  std::vector<double> logSpec(static_cast<size_t>(o.mels) * o.frames);
  std::vector<double> frame(n), power(bins);
  for (int64_t t = 0; t < o.frames; ++t) {
    bool silent = true;
    for (int k = 0; k < n; ++k) {
      frame[k] = at(t * o.hop - half + k) * window[k];
      silent = silent && frame[k] == 0.0;
    }
    for (int b = 0; b < bins; ++b) { // the DFT at bin b; a silent frame's is 0
      double re = 0, im = 0;
      for (int k = 0; k < n && !silent; ++k) {
        int phase = static_cast<int>((static_cast<int64_t>(b) * k) % n);
        re += frame[k] * cosT[phase];
        im -= frame[k] * sinT[phase];
      }
      power[b] = re * re + im * im;
    }
    for (int m = 0; m < o.mels; ++m) {
      double mel = 0;
      for (int b = 0; b < bins; ++b)
        mel += filters[static_cast<size_t>(m) * bins + b] * power[b];
      logSpec[static_cast<size_t>(m) * o.frames + t] = std::log10(std::max(mel, 1e-10));
    }
  }
  double top = *std::max_element(logSpec.begin(), logSpec.end());
  std::vector<float> out(logSpec.size());
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<float>((std::max(logSpec[i], top - 8.0) + 4.0) / 4.0);
  return out;
}

bool readWav(const std::string &path, int sampleRate, std::vector<float> &samples,
             std::string &error) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  if (!in && bytes.empty()) {
    error = "cannot read " + path;
    return false;
  }
  if (bytes.size() < 12 || std::memcmp(bytes.data(), "RIFF", 4) != 0 ||
      std::memcmp(bytes.data() + 8, "WAVE", 4) != 0) {
    error = path + ": not a WAV file";
    return false;
  }
  int format = 0, channels = 0, bits = 0;
  uint32_t rate = 0;
  const unsigned char *data = nullptr;
  size_t dataBytes = 0;
  for (size_t at = 12; at + 8 <= bytes.size();) {
    uint32_t size = le32(&bytes[at + 4]);
    const unsigned char *body = &bytes[at + 8];
    size_t available = std::min<size_t>(size, bytes.size() - at - 8);
    if (std::memcmp(&bytes[at], "fmt ", 4) == 0 && available >= 16) {
      format = le16(body);
      channels = le16(body + 2);
      rate = le32(body + 4);
      bits = le16(body + 14);
      if (format == 0xFFFE && available >= 26) // WAVE_FORMAT_EXTENSIBLE: the subformat's
        format = le16(body + 24);
    } else if (std::memcmp(&bytes[at], "data", 4) == 0) {
      data = body;
      dataBytes = available;
    }
    at += 8 + size + (size & 1);
  }
  bool pcm16 = format == 1 && bits == 16, float32 = format == 3 && bits == 32;
  if (!data || channels <= 0 || !(pcm16 || float32)) {
    error = path + ": only 16-bit PCM and 32-bit float WAV files are read";
    return false;
  }
  if (rate != static_cast<uint32_t>(sampleRate)) {
    error = path + ": sampled at " + std::to_string(rate) + " Hz; the model takes " +
            std::to_string(sampleRate) + " Hz (resample it, e.g. ffmpeg -i IN -ar " +
            std::to_string(sampleRate) + " -ac 1 OUT.wav)";
    return false;
  }
  size_t width = bits / 8, count = dataBytes / (width * channels);
  samples.assign(count, 0.0f);
  for (size_t i = 0; i < count; ++i) {
    float sum = 0;
    for (int c = 0; c < channels; ++c) {
      const unsigned char *p = data + (i * channels + c) * width;
      if (pcm16) {
        sum += static_cast<int16_t>(le16(p)) / 32768.0f;
      } else {
        uint32_t u = le32(p);
        float f;
        std::memcpy(&f, &u, sizeof f);
        sum += f;
      }
    }
    samples[i] = sum / channels;
  }
  return true;
}
