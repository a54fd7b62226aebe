// Semantics of the encodings in encodings/simd_data_processing.def: the Advanced SIMD
// classes (vector and scalar forms). This file has the vector access helpers and the move
// and permute classes; the arithmetic classes are in simd/.
#pragma once

#include "warp64/core/semantics/common.hpp"
#include "warp64/core/softfloat.hpp"

namespace warp64::core::sem {

// ---- vector element access ------------------------------------------------------------
// A 128-bit vector value: w[0] = bits 63..0, w[1] = bits 127..64. Instructions read every
// operand into a Vec before writing the destination, so Vd may alias any source.
struct Vec {
  uint64_t w[2];
};

template <class State>
W64_HD W64_INLINE Vec read_vec(const State& s, unsigned r) {
  return Vec{{s.v[r][0], s.v[r][1]}};
}

// Writes a 64-bit (Q = 0) or 128-bit result; a 64-bit result clears bits 127..64.
template <class State>
W64_HD W64_INLINE void write_vec(State& s, unsigned r, const Vec& value, bool q) {
  s.v[r][0] = value.w[0];
  s.v[r][1] = q ? value.w[1] : 0;
}

// Element `index` of size `esize` (8, 16, 32 or 64 bits), zero-extended.
W64_HD W64_INLINE uint64_t get_elem(const Vec& v, unsigned index, unsigned esize) {
  const unsigned position = index * esize;
  return (v.w[(position >> 6) & 1] >> (position & 63)) & low_mask(esize);
}

W64_HD W64_INLINE int64_t get_selem(const Vec& v, unsigned index, unsigned esize) {
  return sign_extend(get_elem(v, index, esize), esize);
}

W64_HD W64_INLINE void set_elem(Vec& v, unsigned index, unsigned esize, uint64_t value) {
  const unsigned position = index * esize;
  const uint64_t mask = low_mask(esize) << (position & 63);
  uint64_t& word = v.w[(position >> 6) & 1];
  word = (word & ~mask) | ((value << (position & 63)) & mask);
}

W64_HD W64_INLINE Vec zero_vec() { return Vec{{0, 0}}; }

// FPSR.QC, the cumulative saturation bit.
constexpr uint32_t kFpsrQc = 1u << 27;

// Saturation of an exact signed value to an esize-bit signed or unsigned element.
W64_HD W64_INLINE uint64_t signed_saturate(int64_t value, unsigned esize, bool& saturated) {
  const int64_t max = static_cast<int64_t>(low_mask(esize - 1));
  const int64_t min = -max - 1;
  if (value > max) {
    saturated = true;
    return static_cast<uint64_t>(max) & low_mask(esize);
  }
  if (value < min) {
    saturated = true;
    return static_cast<uint64_t>(min) & low_mask(esize);
  }
  return static_cast<uint64_t>(value) & low_mask(esize);
}

W64_HD W64_INLINE uint64_t unsigned_saturate_signed(int64_t value, unsigned esize, bool& saturated) {
  if (value < 0) {
    saturated = true;
    return 0;
  }
  if (esize < 64 && static_cast<uint64_t>(value) > low_mask(esize)) {
    saturated = true;
    return low_mask(esize);
  }
  return static_cast<uint64_t>(value);
}

// Shift left by a count that may reach or pass the element size (the result is then 0).
W64_HD W64_INLINE uint64_t shift_left(uint64_t value, unsigned amount, unsigned esize) {
  return amount >= 64 ? 0 : (value << amount) & low_mask(esize);
}

// Floor of value / 2^amount for a zero- or sign-extended element, any amount.
W64_HD W64_INLINE uint64_t shift_right(uint64_t value, unsigned amount, bool is_signed) {
  if (is_signed) {
    const int64_t v = static_cast<int64_t>(value);
    return static_cast<uint64_t>(amount >= 64 ? (v < 0 ? -1 : 0) : (v >> amount));
  }
  return amount >= 64 ? 0 : value >> amount;
}

// Rounding right shift, (value + 2^(amount-1)) >> amount in unbounded precision; amount >= 1.
W64_HD W64_INLINE uint64_t rounding_shift_right(uint64_t value, unsigned amount, bool is_signed) {
  const uint64_t round_bit = amount > 64 ? (is_signed ? value >> 63 : 0) : (value >> (amount - 1)) & 1;
  return shift_right(value, amount, is_signed) + round_bit;
}

W64_HD W64_INLINE uint64_t extend_elem(uint64_t value, unsigned esize, bool is_signed) {
  return is_signed ? static_cast<uint64_t>(sign_extend(value, esize)) : value & low_mask(esize);
}

W64_HD W64_INLINE unsigned lowest_set_bit5(uint32_t imm5) {
  for (unsigned i = 0; i < 5; ++i) {
    if ((imm5 >> i) & 1u) return i;
  }
  return 5;
}

W64_HD W64_INLINE unsigned popcount8(uint64_t value) {
  unsigned count = 0;
  for (unsigned i = 0; i < 8; ++i) count += (value >> i) & 1u;
  return count;
}

// ---- Advanced SIMD modified immediate -------------------------------------------------
// AdvSIMDExpandImm: the 64-bit pattern (replicated to both halves) for op, cmode, imm8.
W64_HD W64_INLINE uint64_t replicate(uint64_t value, unsigned esize) {
  uint64_t result = 0;
  for (unsigned i = 0; i < 64; i += esize) result |= value << i;
  return result;
}

W64_HD W64_INLINE uint64_t advsimd_expand_imm(unsigned op, unsigned cmode, uint64_t imm8) {
  switch (cmode >> 1) {
    case 0: return replicate(imm8, 32);
    case 1: return replicate(imm8 << 8, 32);
    case 2: return replicate(imm8 << 16, 32);
    case 3: return replicate(imm8 << 24, 32);
    case 4: return replicate(imm8, 16);
    case 5: return replicate(imm8 << 8, 16);
    case 6: return (cmode & 1) ? replicate((imm8 << 16) | 0xFFFF, 32) : replicate((imm8 << 8) | 0xFF, 32);
    default: break;
  }
  const uint64_t b7 = (imm8 >> 7) & 1, b6 = (imm8 >> 6) & 1;
  if ((cmode & 1) == 0) {
    if (op == 0) return replicate(imm8, 8);
    uint64_t result = 0;
    for (unsigned i = 0; i < 8; ++i) {
      if ((imm8 >> i) & 1) result |= 0xFFull << (8 * i);
    }
    return result;
  }
  if (op == 0) {  // single-precision FMOV
    const uint64_t single = (b7 << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1Full : 0) << 25) | ((imm8 & 0x3F) << 19);
    return replicate(single, 32);
  }
  // double-precision FMOV
  return (b7 << 63) | ((b6 ^ 1) << 62) | ((b6 ? 0xFFull : 0) << 54) | ((imm8 & 0x3F) << 48);
}

W64_SEMANTICS(SIMD_MODIFIED_IMM) {
  const bool q = bit(insn, 30);
  const unsigned op = bit(insn, 29);
  const unsigned cmode = field(insn, 15, 12);
  const uint64_t imm8 = (field(insn, 18, 16) << 5) | field(insn, 9, 5);
  const unsigned d = rd(insn);
  uint64_t imm;
  if (bit(insn, 11)) {  // o2: only the half-precision FMOV is allocated
    if (cmode != 0xF || op != 0) return Outcome::undefined();
    const uint64_t b6 = (imm8 >> 6) & 1;
    const uint64_t half = (((imm8 >> 7) & 1) << 15) | ((b6 ^ 1) << 14) | ((b6 ? 3ull : 0) << 12) | ((imm8 & 0x3F) << 6);
    imm = replicate(half, 16);
    write_vec(s, d, Vec{{imm, imm}}, q);
    return Outcome::next();
  }
  if (cmode == 0xF && op == 1 && !q) return Outcome::undefined();
  imm = advsimd_expand_imm(op, cmode, imm8);
  // ORR and BIC exist for the shifted 32-bit (0xx1) and 16-bit (10x1) forms only.
  const bool logical = (cmode & 1) && cmode < 12;
  Vec result;
  if (logical) {
    result = read_vec(s, d);
    for (unsigned i = 0; i < 2; ++i) result.w[i] = op ? (result.w[i] & ~imm) : (result.w[i] | imm);
  } else {
    // MVNI is op = 1 in the shifted and shifting-ones forms; op = 1 with cmode 111x is
    // the 64-bit MOVI and the double FMOV.
    const bool invert = op && cmode < 14;
    const uint64_t value = invert ? ~imm : imm;
    result = Vec{{value, value}};
  }
  write_vec(s, d, result, q);
  return Outcome::next();
}

// ---- Advanced SIMD copy ---------------------------------------------------------------
template <class State>
W64_HD W64_INLINE Outcome simd_copy(uint32_t insn, State& s) {
  const bool q = bit(insn, 30);
  const unsigned op = bit(insn, 29);
  const uint32_t imm5 = field(insn, 20, 16);
  const uint32_t imm4 = field(insn, 14, 11);
  const unsigned size = lowest_set_bit5(imm5);
  if (size > 3) return Outcome::undefined();
  const unsigned esize = 8u << size;
  const unsigned index = imm5 >> (size + 1);
  const unsigned n = rn(insn), d = rd(insn);
  if (op == 1) {  // INS (element)
    if (!q) return Outcome::undefined();
    const unsigned src_index = imm4 >> size;
    const uint64_t element = get_elem(read_vec(s, n), src_index, esize);
    Vec result = read_vec(s, d);
    set_elem(result, index, esize, element);
    write_vec(s, d, result, true);
    return Outcome::next();
  }
  switch (imm4) {
    case 0x0:    // DUP (element)
    case 0x1: {  // DUP (general)
      if (size == 3 && !q) return Outcome::undefined();
      const uint64_t element = imm4 == 0 ? get_elem(read_vec(s, n), index, esize) : x_or_zero(s, n) & low_mask(esize);
      Vec result = zero_vec();
      for (unsigned e = 0; e < 128 / esize; ++e) set_elem(result, e, esize, element);
      write_vec(s, d, result, q);
      return Outcome::next();
    }
    case 0x3: {  // INS (general)
      if (!q) return Outcome::undefined();
      Vec result = read_vec(s, d);
      set_elem(result, index, esize, x_or_zero(s, n));
      write_vec(s, d, result, true);
      return Outcome::next();
    }
    case 0x5: {  // SMOV
      if (size == 3 || (size == 2 && !q)) return Outcome::undefined();
      const uint64_t value = static_cast<uint64_t>(get_selem(read_vec(s, n), index, esize));
      set_x_or_zero(s, d, q ? value : value & 0xFFFFFFFFull);
      return Outcome::next();
    }
    case 0x7: {  // UMOV
      if (q ? size != 3 : size == 3) return Outcome::undefined();
      set_x_or_zero(s, d, get_elem(read_vec(s, n), index, esize));
      return Outcome::next();
    }
    default: return Outcome::undefined();
  }
}

W64_SEMANTICS(SIMD_COPY) { return simd_copy(insn, s); }

// DUP (element, scalar), alias MOV: copies one element into a scalar register.
W64_SEMANTICS(SIMD_SCALAR_DUP) {
  const uint32_t imm5 = field(insn, 20, 16);
  const unsigned size = lowest_set_bit5(imm5);
  if (size > 3) return Outcome::undefined();
  const unsigned esize = 8u << size;
  const uint64_t element = get_elem(read_vec(s, rn(insn)), imm5 >> (size + 1), esize);
  write_vec(s, rd(insn), Vec{{element, 0}}, false);
  return Outcome::next();
}

// ---- EXT, TBL/TBX, permutes -----------------------------------------------------------
W64_SEMANTICS(SIMD_EXT) {
  const bool q = bit(insn, 30);
  const unsigned position = field(insn, 14, 11);
  if (!q && position >= 8) return Outcome::undefined();
  const Vec lo = read_vec(s, rn(insn)), hi = read_vec(s, rm(insn));
  const unsigned bytes = q ? 16 : 8;
  Vec result = zero_vec();
  for (unsigned i = 0; i < bytes; ++i) {
    const unsigned from = position + i;
    set_elem(result, i, 8, from < bytes ? get_elem(lo, from, 8) : get_elem(hi, from - bytes, 8));
  }
  write_vec(s, rd(insn), result, q);
  return Outcome::next();
}

W64_SEMANTICS(SIMD_TBL) {
  const bool q = bit(insn, 30);
  const bool is_tbx = bit(insn, 12);
  const unsigned regs = field(insn, 14, 13) + 1;
  const unsigned n = rn(insn);
  Vec table[4];
  for (unsigned i = 0; i < regs; ++i) table[i] = read_vec(s, (n + i) % 32);
  const Vec indices = read_vec(s, rm(insn));
  Vec result = is_tbx ? read_vec(s, rd(insn)) : zero_vec();
  for (unsigned i = 0; i < (q ? 16u : 8u); ++i) {
    const unsigned index = static_cast<unsigned>(get_elem(indices, i, 8));
    if (index < 16 * regs) set_elem(result, i, 8, get_elem(table[index / 16], index % 16, 8));
  }
  write_vec(s, rd(insn), result, q);
  return Outcome::next();
}

// UZP1/UZP2/TRN1/TRN2/ZIP1/ZIP2 (opcode bits 14..12; 000 and 100 are unallocated).
W64_SEMANTICS(SIMD_PERMUTE) {
  const bool q = bit(insn, 30);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 14, 12);
  if ((opcode & 3) == 0 || (size == 3 && !q)) return Outcome::undefined();
  const unsigned esize = 8u << size;
  const unsigned elements = (q ? 128 : 64) / esize;
  const unsigned pairs = elements / 2;
  const unsigned part = opcode >> 2;
  const Vec a = read_vec(s, rn(insn)), b = read_vec(s, rm(insn));
  Vec result = zero_vec();
  for (unsigned e = 0; e < elements; ++e) {
    uint64_t value = 0;
    switch (opcode & 3) {
      case 1: {  // UZP: even (part 0) or odd elements of b:a
        const unsigned from = 2 * e + part;
        value = from < elements ? get_elem(a, from, esize) : get_elem(b, from - elements, esize);
        break;
      }
      case 2: {  // TRN
        const unsigned from = (e & ~1u) + part;
        value = (e & 1) ? get_elem(b, from, esize) : get_elem(a, from, esize);
        break;
      }
      default: {  // ZIP
        const unsigned from = part * pairs + e / 2;
        value = (e & 1) ? get_elem(b, from, esize) : get_elem(a, from, esize);
        break;
      }
    }
    set_elem(result, e, esize, value);
  }
  write_vec(s, rd(insn), result, q);
  return Outcome::next();
}

// ---- two-register miscellaneous -------------------------------------------------------
// Narrowing forms write the lower half (Q = 0, upper cleared) or the upper half (Q = 1,
// lower kept) of Vd.
template <class State>
W64_HD W64_INLINE void write_narrow(State& s, unsigned d, uint64_t narrow, bool upper) {
  if (upper) {
    s.v[d][1] = narrow;
  } else {
    s.v[d][0] = narrow;
    s.v[d][1] = 0;
  }
}

}  // namespace warp64::core::sem

// The arithmetic classes, which build on the vector access helpers above.
#include "warp64/core/semantics/simd/three_reg.hpp"
#include "warp64/core/semantics/simd/two_reg.hpp"
