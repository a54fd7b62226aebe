// The A64 encoding table: one line per encoding (name + 32-character bit pattern) in the
// group files under encodings/. Everything else about decoding is derived from it.
//
// Pattern characters: '0' and '1' are fixed bits (bit 31 first); any other character names
// an operand field and matches either value.
#pragma once

#include <cstdint>

#include "warp64/core/config.hpp"

namespace warp64::core {

enum class Op : uint16_t {
  kUndefined = 0,
#define W64_ENCODING(name, pattern) name,
#include "warp64/core/encodings/all.def"
#undef W64_ENCODING
  kCount,
};

inline constexpr unsigned kOpCount = static_cast<unsigned>(Op::kCount);

namespace detail {

constexpr unsigned pattern_length(const char* pattern) {
  unsigned length = 0;
  while (pattern[length] != '\0') ++length;
  return length;
}

// Not constexpr: calling it stops constant evaluation, so a malformed pattern is a compile error.
void pattern_must_have_32_characters();

// A malformed pattern makes the table's constant initialisation fail at compile time.
constexpr uint32_t pattern_bits(const char* pattern, bool want_mask) {
  if (pattern_length(pattern) != 32) pattern_must_have_32_characters();
  uint32_t bits = 0;
  for (unsigned i = 0; i < 32; ++i) {
    const char c = pattern[i];
    const bool fixed = c == '0' || c == '1';
    const bool set = want_mask ? fixed : c == '1';
    bits |= static_cast<uint32_t>(set) << (31 - i);
  }
  return bits;
}

}  // namespace detail

struct EncodingInfo {
  const char* name;
  uint32_t mask;   // bits that the pattern fixes
  uint32_t value;  // their required values
};

// Indexed by Op; entry 0 is the "no encoding matched" slot.
inline constexpr EncodingInfo kEncodings[kOpCount] = {
    {"UNDEFINED", 0xFFFFFFFFu, 0xFFFFFFFFu},
#define W64_ENCODING(name, pattern) {#name, detail::pattern_bits(pattern, true), detail::pattern_bits(pattern, false)},
#include "warp64/core/encodings/all.def"
#undef W64_ENCODING
};

inline const char* op_name(Op op) { return kEncodings[static_cast<unsigned>(op)].name; }

}  // namespace warp64::core
