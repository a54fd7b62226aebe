// Bit manipulation helpers shared by the decoder and the instruction semantics.
#pragma once

#include <cstdint>

#include "warp64/core/config.hpp"

namespace warp64::core {

// Bits [hi:lo] of value, right-aligned.
W64_HD W64_INLINE constexpr uint32_t field(uint32_t value, unsigned hi, unsigned lo) {
  return (value >> lo) & ((hi - lo == 31) ? 0xFFFFFFFFu : ((1u << (hi - lo + 1)) - 1));
}

W64_HD W64_INLINE constexpr bool bit(uint32_t value, unsigned position) { return (value >> position) & 1u; }

// Number of set bits (a loop: the compilers' builtins differ).
W64_HD W64_INLINE constexpr unsigned population_count(uint32_t value) {
  unsigned count = 0;
  for (; value != 0; value &= value - 1) ++count;
  return count;
}

// Sign-extends the low `width` bits of value to 64 bits.
W64_HD W64_INLINE constexpr int64_t sign_extend(uint64_t value, unsigned width) {
  const unsigned shift = 64 - width;
  return static_cast<int64_t>(value << shift) >> shift;
}

// All-ones mask of `width` low bits; width may be 64.
W64_HD W64_INLINE constexpr uint64_t low_mask(unsigned width) { return width >= 64 ? ~0ull : ((1ull << width) - 1); }

W64_HD W64_INLINE constexpr uint64_t rotate_right(uint64_t value, unsigned amount, unsigned width) {
  amount %= width;
  if (amount == 0) return value & low_mask(width);
  return ((value >> amount) | (value << (width - amount))) & low_mask(width);
}

// Leading zeros of the low `width` bits of value (width 32 or 64).
W64_HD W64_INLINE unsigned count_leading_zeros(uint64_t value, unsigned width) {
  value &= low_mask(width);
  if (value == 0) return width;
#if defined(__CUDA_ARCH__)
  return static_cast<unsigned>(__clzll(static_cast<long long>(value))) - (64 - width);
#else
  return static_cast<unsigned>(__builtin_clzll(value)) - (64 - width);
#endif
}

// Index of the most significant set bit; value must be non-zero.
W64_HD W64_INLINE unsigned highest_set_bit(uint32_t value) { return 63 - count_leading_zeros(value, 64); }

W64_HD W64_INLINE constexpr uint64_t reverse_bits(uint64_t value, unsigned width) {
  uint64_t result = 0;
  for (unsigned i = 0; i < width; ++i) result |= ((value >> i) & 1ull) << (width - 1 - i);
  return result;
}

}  // namespace warp64::core
