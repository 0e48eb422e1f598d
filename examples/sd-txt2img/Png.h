// Png.h - writes an 8-bit RGB PNG (stored, uncompressed deflate blocks: no zlib needed).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

// `rgb` is height rows of width * 3 bytes. False when the file cannot be written.
bool writePng(const std::string &path, int width, int height, const std::vector<uint8_t> &rgb);
