// Base64 (RFC 4648, with padding), for bytes that JSON strings cannot carry as they are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace warp64::cli {

inline constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const size_t n = bytes.size() - i < 3 ? bytes.size() - i : 3;
    uint32_t group = 0;
    for (size_t j = 0; j < 3; ++j) group = group << 8 | (j < n ? static_cast<uint8_t>(bytes[i + j]) : 0);
    for (size_t j = 0; j < 4; ++j) out += j <= n ? kBase64Alphabet[group >> (18 - 6 * j) & 63] : '=';
  }
  return out;
}

// The bytes, or nothing for text that is not padded base64.
inline std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t group = 0;
    size_t padding = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      const std::string_view alphabet(kBase64Alphabet, 64);
      const size_t value = alphabet.find(c);
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++padding;
      } else if (value == std::string_view::npos || padding != 0) {
        return std::nullopt;
      }
      group = group << 6 | (value == std::string_view::npos ? 0 : static_cast<uint32_t>(value));
    }
    for (size_t j = 0; j < 3 - padding; ++j) out += static_cast<char>(group >> (16 - 8 * j) & 0xff);
  }
  return out;
}

}  // namespace warp64::cli
