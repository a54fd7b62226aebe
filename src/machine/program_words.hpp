// A program given as instruction words becomes the little-endian bytes that A64 fetches:
// Machine and Batch load words through this one conversion.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace warp64 {

inline std::vector<uint8_t> program_bytes(std::span<const uint32_t> words) {
  std::vector<uint8_t> bytes(words.size() * 4);
  for (size_t i = 0; i < words.size(); ++i) {
    for (unsigned b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<uint8_t>(words[i] >> (8 * b));
  }
  return bytes;
}

}  // namespace warp64
