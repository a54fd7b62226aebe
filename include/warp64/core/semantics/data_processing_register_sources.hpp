// Semantics of the Data-processing (1 source), (2 source) and (3 source) encodings.
// Register 31 is XZR/WZR for every operand of these groups.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {

// ---- helpers --------------------------------------------------------------------------
// Reverse(): reverses the order of the bytes inside each `container`-bit chunk of the low
// `width` bits (container 16 = REV16, 32 = REV32 or REV of a W register, 64 = REV).
W64_HD W64_INLINE uint64_t reverse_bytes_in_containers(uint64_t value, unsigned container, unsigned width) {
  const unsigned bytes_per_container = container / 8;
  uint64_t result = 0;
  for (unsigned byte = 0; byte < width / 8; ++byte) {
    const unsigned base = byte - byte % bytes_per_container;
    const unsigned mirrored = base + (bytes_per_container - 1 - byte % bytes_per_container);
    result |= ((value >> (8 * byte)) & 0xFFull) << (8 * mirrored);
  }
  return result;
}

// CountLeadingSignBits(): leading zeros of x<N-1:1> EOR x<N-2:0>, an (N-1)-bit value.
W64_HD W64_INLINE unsigned count_leading_sign_bits(uint64_t value, unsigned width) {
  const uint64_t differences = (value ^ (value >> 1)) & low_mask(width - 1);
  // Counting over `width` bits sees one extra leading zero above the (N-1)-bit field.
  return count_leading_zeros(differences, width) - 1;
}

// High 64 bits of the unsigned 128-bit product a*b, from 32-bit halves (no 128-bit type
// on the device).
W64_HD W64_INLINE uint64_t unsigned_multiply_high(uint64_t a, uint64_t b) {
  const uint64_t a_lo = a & 0xFFFFFFFFull, a_hi = a >> 32;
  const uint64_t b_lo = b & 0xFFFFFFFFull, b_hi = b >> 32;
  const uint64_t lo_lo = a_lo * b_lo;
  const uint64_t lo_hi = a_lo * b_hi;
  const uint64_t hi_lo = a_hi * b_lo;
  const uint64_t hi_hi = a_hi * b_hi;
  // Bits 32..95 of the product before the final carry; at most 3 * (2^32 - 1), no overflow.
  const uint64_t middle = (lo_lo >> 32) + (lo_hi & 0xFFFFFFFFull) + (hi_lo & 0xFFFFFFFFull);
  return hi_hi + (lo_hi >> 32) + (hi_lo >> 32) + (middle >> 32);
}

// High 64 bits of the signed 128-bit product: a negative operand x stands for x - 2^64 in
// the unsigned product, so subtract the other operand (times 2^64) for each one.
W64_HD W64_INLINE uint64_t signed_multiply_high(uint64_t a, uint64_t b) {
  uint64_t high = unsigned_multiply_high(a, b);
  if (a >> 63) high -= b;
  if (b >> 63) high -= a;
  return high;
}

// The CRC32 instructions' Poly32Mod2 over bit-reversed operands is the reflected CRC:
// feed `size` bits of `value` least significant first into `accumulator`, with the
// bit-reversed polynomial. No initial or final inversion.
W64_HD W64_INLINE uint32_t crc32_update(uint32_t accumulator, uint64_t value, unsigned size, uint32_t reflected) {
  uint32_t crc = accumulator;
  for (unsigned i = 0; i < size; ++i) {
    const uint32_t feedback = (crc ^ static_cast<uint32_t>(value >> i)) & 1u;
    crc = (crc >> 1) ^ (feedback ? reflected : 0u);
  }
  return crc;
}

inline constexpr uint32_t kCrc32Polynomial = 0x04C11DB7u;
inline constexpr uint32_t kCrc32cPolynomial = 0x1EDC6F41u;

// ---- Data-processing (1 source) -------------------------------------------------------
W64_SEMANTICS(RBIT) {
  const unsigned width = width_of(insn);
  set_reg_or_zero(s, rd(insn), reverse_bits(reg_or_zero(s, rn(insn), width), width), width);
  return Outcome::next();
}

template <unsigned kContainer, class State>
W64_HD W64_INLINE Outcome reverse_bytes(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  const uint64_t value = reg_or_zero(s, rn(insn), width);
  set_reg_or_zero(s, rd(insn), reverse_bytes_in_containers(value, kContainer, width), width);
  return Outcome::next();
}

W64_SEMANTICS(REV16) { return reverse_bytes<16>(insn, s); }
W64_SEMANTICS(REV_w) { return reverse_bytes<32>(insn, s); }
W64_SEMANTICS(REV32) { return reverse_bytes<32>(insn, s); }
W64_SEMANTICS(REV_x) { return reverse_bytes<64>(insn, s); }

W64_SEMANTICS(CLZ) {
  const unsigned width = width_of(insn);
  set_reg_or_zero(s, rd(insn), count_leading_zeros(reg_or_zero(s, rn(insn), width), width), width);
  return Outcome::next();
}

W64_SEMANTICS(CLS) {
  const unsigned width = width_of(insn);
  set_reg_or_zero(s, rd(insn), count_leading_sign_bits(reg_or_zero(s, rn(insn), width), width), width);
  return Outcome::next();
}

// ---- Data-processing (2 source) -------------------------------------------------------
// Division rounds toward zero; a zero divisor gives 0 (no trap).
W64_SEMANTICS(UDIV) {
  const unsigned width = width_of(insn);
  const uint64_t dividend = reg_or_zero(s, rn(insn), width);
  const uint64_t divisor = reg_or_zero(s, rm(insn), width);
  set_reg_or_zero(s, rd(insn), divisor == 0 ? 0 : dividend / divisor, width);
  return Outcome::next();
}

// The one overflowing quotient, INT_MIN / -1 = 2^(N-1), truncates back to INT_MIN.
W64_SEMANTICS(SDIV) {
  const unsigned width = width_of(insn);
  const int64_t dividend = sign_extend(reg_or_zero(s, rn(insn), width), width);
  const int64_t divisor = sign_extend(reg_or_zero(s, rm(insn), width), width);
  uint64_t quotient;
  if (divisor == 0) {
    quotient = 0;
  } else if (divisor == -1) {
    quotient = 0 - static_cast<uint64_t>(dividend);  // wraps for INT64_MIN, as truncation does
  } else {
    quotient = static_cast<uint64_t>(dividend / divisor);
  }
  set_reg_or_zero(s, rd(insn), quotient, width);
  return Outcome::next();
}

// ShiftReg(Rn, type, UInt(Rm) MOD datasize).
template <unsigned kType, class State>
W64_HD W64_INLINE Outcome shift_variable(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  const unsigned amount = static_cast<unsigned>(reg_or_zero(s, rm(insn), width) % width);
  set_reg_or_zero(s, rd(insn), shift_value(reg_or_zero(s, rn(insn), width), kType, amount, width), width);
  return Outcome::next();
}

W64_SEMANTICS(LSLV) { return shift_variable<kLsl>(insn, s); }
W64_SEMANTICS(LSRV) { return shift_variable<kLsr>(insn, s); }
W64_SEMANTICS(ASRV) { return shift_variable<kAsr>(insn, s); }
W64_SEMANTICS(RORV) { return shift_variable<kRor>(insn, s); }

// Wd = CRC of Wn updated with the low `kSize` bits of Rm.
template <unsigned kSize, uint32_t kPolynomial, class State>
W64_HD W64_INLINE Outcome crc32(uint32_t insn, State& s) {
  constexpr uint32_t kReflected = static_cast<uint32_t>(reverse_bits(kPolynomial, 32));
  const uint32_t accumulator = static_cast<uint32_t>(reg_or_zero(s, rn(insn), 32));
  const uint64_t value = reg_or_zero(s, rm(insn), kSize);
  set_reg_or_zero(s, rd(insn), crc32_update(accumulator, value, kSize, kReflected), 32);
  return Outcome::next();
}

W64_SEMANTICS(CRC32B) { return crc32<8, kCrc32Polynomial>(insn, s); }
W64_SEMANTICS(CRC32H) { return crc32<16, kCrc32Polynomial>(insn, s); }
W64_SEMANTICS(CRC32W) { return crc32<32, kCrc32Polynomial>(insn, s); }
W64_SEMANTICS(CRC32X) { return crc32<64, kCrc32Polynomial>(insn, s); }
W64_SEMANTICS(CRC32CB) { return crc32<8, kCrc32cPolynomial>(insn, s); }
W64_SEMANTICS(CRC32CH) { return crc32<16, kCrc32cPolynomial>(insn, s); }
W64_SEMANTICS(CRC32CW) { return crc32<32, kCrc32cPolynomial>(insn, s); }
W64_SEMANTICS(CRC32CX) { return crc32<64, kCrc32cPolynomial>(insn, s); }

// ---- Data-processing (3 source) -------------------------------------------------------
// Rd = Ra +/- Rn * Rm at the operation width; the product wraps like the sum.
template <bool kSubtract, class State>
W64_HD W64_INLINE Outcome multiply_add(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  const uint64_t product = reg_or_zero(s, rn(insn), width) * reg_or_zero(s, rm(insn), width);
  const uint64_t addend = reg_or_zero(s, ra(insn), width);
  set_reg_or_zero(s, rd(insn), kSubtract ? addend - product : addend + product, width);
  return Outcome::next();
}

W64_SEMANTICS(MADD) { return multiply_add<false>(insn, s); }
W64_SEMANTICS(MSUB) { return multiply_add<true>(insn, s); }

// Xd = Xa +/- Wn * Wm, the W operands sign- or zero-extended; the 64-bit product of two
// 32-bit values is exact.
template <bool kSigned, bool kSubtract, class State>
W64_HD W64_INLINE Outcome multiply_add_long(uint32_t insn, State& s) {
  uint64_t n = reg_or_zero(s, rn(insn), 32);
  uint64_t m = reg_or_zero(s, rm(insn), 32);
  if (kSigned) {
    n = static_cast<uint64_t>(sign_extend(n, 32));
    m = static_cast<uint64_t>(sign_extend(m, 32));
  }
  const uint64_t product = n * m;
  const uint64_t addend = x_or_zero(s, ra(insn));
  set_x_or_zero(s, rd(insn), kSubtract ? addend - product : addend + product);
  return Outcome::next();
}

W64_SEMANTICS(SMADDL) { return multiply_add_long<true, false>(insn, s); }
W64_SEMANTICS(SMSUBL) { return multiply_add_long<true, true>(insn, s); }
W64_SEMANTICS(UMADDL) { return multiply_add_long<false, false>(insn, s); }
W64_SEMANTICS(UMSUBL) { return multiply_add_long<false, true>(insn, s); }

// Ra is should-be-one in SMULH/UMULH. Other values are CONSTRAINED UNPREDICTABLE, and of the
// permitted behaviours this executes as if Ra were 11111: Ra is never read.
W64_SEMANTICS(SMULH) {
  set_x_or_zero(s, rd(insn), signed_multiply_high(x_or_zero(s, rn(insn)), x_or_zero(s, rm(insn))));
  return Outcome::next();
}

W64_SEMANTICS(UMULH) {
  set_x_or_zero(s, rd(insn), unsigned_multiply_high(x_or_zero(s, rn(insn)), x_or_zero(s, rm(insn))));
  return Outcome::next();
}

}  // namespace warp64::core::sem
