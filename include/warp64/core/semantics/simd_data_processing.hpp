// Semantics of the encodings in encodings/simd_data_processing.def: the Advanced SIMD
// integer, permute and move classes (vector and scalar forms).
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
  if (value > max) { saturated = true; return static_cast<uint64_t>(max) & low_mask(esize); }
  if (value < min) { saturated = true; return static_cast<uint64_t>(min) & low_mask(esize); }
  return static_cast<uint64_t>(value) & low_mask(esize);
}

W64_HD W64_INLINE uint64_t unsigned_saturate_signed(int64_t value, unsigned esize, bool& saturated) {
  if (value < 0) { saturated = true; return 0; }
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
    case 6:
      return (cmode & 1) ? replicate((imm8 << 16) | 0xFFFF, 32) : replicate((imm8 << 8) | 0xFF, 32);
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
    const uint64_t single = (b7 << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1Full : 0) << 25) |
                            ((imm8 & 0x3F) << 19);
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
    const uint64_t half = (((imm8 >> 7) & 1) << 15) | ((b6 ^ 1) << 14) | ((b6 ? 3ull : 0) << 12) |
                          ((imm8 & 0x3F) << 6);
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
      const uint64_t element =
          imm4 == 0 ? get_elem(read_vec(s, n), index, esize) : x_or_zero(s, n) & low_mask(esize);
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

// One element of the per-element two-register operations; returns false if unallocated.
W64_HD W64_INLINE bool misc_element(unsigned u, unsigned opcode, unsigned size, uint64_t x,
                                    uint64_t& result) {
  const unsigned esize = 8u << size;
  const int64_t sx = sign_extend(x, esize);
  const uint64_t ones = low_mask(esize);
  switch ((u << 5) | opcode) {
    case 0x04:  // CLS
      if (size == 3) return false;
      result = count_leading_zeros((x ^ (x >> 1)) & low_mask(esize - 1), esize - 1);
      return true;
    case 0x24:  // CLZ
      if (size == 3) return false;
      result = count_leading_zeros(x, esize);
      return true;
    case 0x05:  // CNT
      if (size != 0) return false;
      result = popcount8(x);
      return true;
    case 0x25:  // NOT (size 00) and RBIT (size 01)
      if (size > 1) return false;
      result = size == 0 ? ~x & 0xFF : reverse_bits(x, 8);
      return true;
    case 0x08: result = sx > 0 ? ones : 0; return true;    // CMGT #0
    case 0x28: result = sx >= 0 ? ones : 0; return true;   // CMGE #0
    case 0x09: result = sx == 0 ? ones : 0; return true;   // CMEQ #0
    case 0x29: result = sx <= 0 ? ones : 0; return true;   // CMLE #0
    case 0x0A: result = sx < 0 ? ones : 0; return true;    // CMLT #0
    case 0x0B: result = (sx < 0 ? 0 - x : x) & ones; return true;  // ABS (wraps at the minimum)
    case 0x2B: result = (0 - x) & ones; return true;       // NEG
    default: return false;
  }
}

// Floating-point two-register forms (single and double): compares against zero, FABS,
// FNEG, FSQRT, FCVTZS/FCVTZU (toward zero) and SCVTF/UCVTF (FPCR rounding).
template <class State>
W64_HD W64_INLINE Outcome simd_fp_misc(uint32_t insn, State& s) {
  const bool q = bit(insn, 30);
  const unsigned n = bit(insn, 22) ? 64 : 32;
  if (n == 64 && !q) return Outcome::undefined();
  const unsigned sel = (bit(insn, 29) << 6) | (bit(insn, 23) << 5) | field(insn, 16, 12);
  const Vec a = read_vec(s, rn(insn));
  const uint64_t ones = low_mask(n);
  uint32_t fpsr = s.fpsr;
  Vec result = zero_vec();
  for (unsigned e = 0; e < (q ? 128 : 64) / n; ++e) {
    const uint64_t x = get_elem(a, e, n);
    uint64_t value;
    switch (sel) {
      case 0x2C: value = (fp::compare(n, x, 0, true, s.fpcr, fpsr) >> 28) == 0x2 ? ones : 0; break;   // FCMGT #0
      case 0x6C: {  // FCMGE #0
        const uint32_t c = fp::compare(n, x, 0, true, s.fpcr, fpsr) >> 28;
        value = c == 0x2 || c == 0x6 ? ones : 0;
        break;
      }
      case 0x2D: value = (fp::compare(n, x, 0, false, s.fpcr, fpsr) >> 28) == 0x6 ? ones : 0; break;  // FCMEQ #0
      case 0x6D: {  // FCMLE #0: 0 >= x
        const uint32_t c = fp::compare(n, 0, x, true, s.fpcr, fpsr) >> 28;
        value = c == 0x2 || c == 0x6 ? ones : 0;
        break;
      }
      case 0x2E: value = (fp::compare(n, 0, x, true, s.fpcr, fpsr) >> 28) == 0x2 ? ones : 0; break;  // FCMLT #0
      case 0x2F: value = fp::fp_abs(n, x); break;                                             // FABS
      case 0x6F: value = fp::fp_neg(n, x); break;                                             // FNEG
      case 0x7F: value = fp::sqrt(n, x, s.fpcr, fpsr); break;                                 // FSQRT
      case 0x3B: value = fp::to_fixed(n, x, 0, false, n, fp::kZero, s.fpcr, fpsr); break;     // FCVTZS
      case 0x7B: value = fp::to_fixed(n, x, 0, true, n, fp::kZero, s.fpcr, fpsr); break;      // FCVTZU
      case 0x1D:    // SCVTF
      case 0x5D:    // UCVTF
        value = fp::from_fixed(n, x, 0, sel == 0x5D, n, fp::fpcr_rounding(s.fpcr), s.fpcr, fpsr);
        break;
      default: return Outcome::undefined();
    }
    set_elem(result, e, n, value);
  }
  s.fpsr = fpsr;
  write_vec(s, rd(insn), result, q);
  return Outcome::next();
}

template <class State>
W64_HD W64_INLINE Outcome simd_misc(uint32_t insn, State& s) {
  const bool q = bit(insn, 30);
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 16, 12);
  const unsigned esize = 8u << size;
  const unsigned d = rd(insn);
  const Vec a = read_vec(s, rn(insn));
  Vec result = zero_vec();
  if (opcode <= 1 && !(u == 1 && opcode == 1)) {  // REV64 (U0 0), REV16 (U0 1), REV32 (U1 0)
    const unsigned rev_op = u ? 1 : opcode * 2;     // 0 REV64, 1 REV32, 2 REV16
    if (size + rev_op >= 3) return Outcome::undefined();
    const unsigned container = 64u >> rev_op;
    const unsigned per = container / esize;
    for (unsigned e = 0; e < 128 / esize; ++e) {
      const unsigned base = e - e % per;
      set_elem(result, e, esize, get_elem(a, base + (per - 1 - e % per), esize));
    }
    write_vec(s, d, result, q);
    return Outcome::next();
  }
  if (opcode == 0x02 || opcode == 0x06) {  // SADDLP/UADDLP, SADALP/UADALP
    if (size == 3) return Outcome::undefined();
    const bool accumulate = opcode == 0x06;
    const Vec old = read_vec(s, d);
    const unsigned wide = 2 * esize;
    for (unsigned e = 0; e < (q ? 128 : 64) / wide; ++e) {
      uint64_t sum = extend_elem(get_elem(a, 2 * e, esize), esize, !u) +
                     extend_elem(get_elem(a, 2 * e + 1, esize), esize, !u);
      if (accumulate) sum += get_elem(old, e, wide);
      set_elem(result, e, wide, sum);
    }
    write_vec(s, d, result, q);
    return Outcome::next();
  }
  if (opcode == 0x12 || opcode == 0x14 || (u == 1 && opcode == 0x13)) {
    if (size == 3) return Outcome::undefined();
    const unsigned half = q ? 1 : 0;
    if (opcode == 0x13) {  // SHLL/SHLL2: widen the selected half and shift by esize
      for (unsigned e = 0; e < 64 / esize; ++e) {
        set_elem(result, e, 2 * esize, get_elem(a, half * (64 / esize) + e, esize) << esize);
      }
      write_vec(s, d, result, true);
      return Outcome::next();
    }
    // XTN, SQXTN, UQXTN, SQXTUN (+2): narrow each 2*esize element of Vn.
    bool saturated = false;
    Vec narrow = zero_vec();
    for (unsigned e = 0; e < 64 / esize; ++e) {
      const uint64_t wide = get_elem(a, e, 2 * esize);
      uint64_t value = 0;
      if (opcode == 0x12 && u == 0) {
        value = wide & low_mask(esize);  // XTN
      } else if (opcode == 0x12) {       // SQXTUN
        value = unsigned_saturate_signed(sign_extend(wide, 2 * esize), esize, saturated);
      } else if (u == 0) {               // SQXTN
        value = signed_saturate(sign_extend(wide, 2 * esize), esize, saturated);
      } else {                           // UQXTN
        value = wide > low_mask(esize) ? (saturated = true, low_mask(esize)) : wide;
      }
      set_elem(narrow, e, esize, value);
    }
    write_narrow(s, d, narrow.w[0], q);
    if (saturated) s.fpsr |= kFpsrQc;
    return Outcome::next();
  }
  if (opcode >= 0x0C && opcode != 0x12 && opcode != 0x13 && opcode != 0x14) {
    return simd_fp_misc(insn, s);
  }
  // Per-element forms: 1D (size 11, Q 0) is reserved wherever size 11 is allowed. NOT and
  // RBIT work on bytes; their size field selects the operation.
  if (size == 3 && !q) return Outcome::undefined();
  const unsigned lane = (u == 1 && opcode == 0x05) ? 8 : esize;
  for (unsigned e = 0; e < (q ? 128 : 64) / lane; ++e) {
    uint64_t value = 0;
    if (!misc_element(u, opcode, size, get_elem(a, e, lane), value)) return Outcome::undefined();
    set_elem(result, e, lane, value);
  }
  write_vec(s, d, result, q);
  return Outcome::next();
}

W64_SEMANTICS(SIMD_MISC) { return simd_misc(insn, s); }

// Scalar two-register miscellaneous: the D-register compares against zero, ABS and NEG.
W64_SEMANTICS(SIMD_SCALAR_MISC) {
  const unsigned u = bit(insn, 29);
  const unsigned opcode = field(insn, 16, 12);
  if (field(insn, 23, 22) != 3 || opcode < 0x08 || opcode > 0x0B) return Outcome::undefined();
  uint64_t value = 0;
  if (!misc_element(u, opcode, 3, s.v[rn(insn)][0], value)) return Outcome::undefined();
  write_vec(s, rd(insn), Vec{{value, 0}}, false);
  return Outcome::next();
}

// ---- three registers of the same type -------------------------------------------------
// One element of the non-pairwise three-same operations (opcode bits 15..11); `acc` is the
// destination element for the accumulating forms. Returns false if unallocated.
W64_HD W64_INLINE bool three_same_element(unsigned u, unsigned opcode, unsigned size, uint64_t x,
                                          uint64_t y, uint64_t acc, uint64_t& result,
                                          bool& saturated) {
  const unsigned esize = 8u << size;
  const uint64_t ones = low_mask(esize);
  const bool sgn = u == 0;
  const uint64_t ex = extend_elem(x, esize, sgn), ey = extend_elem(y, esize, sgn);
  const int64_t sx = static_cast<int64_t>(ex), sy = static_cast<int64_t>(ey);
  const bool less = sgn ? sx < sy : ex < ey;  // x < y in the form's signedness
  switch (opcode) {
    case 0x00:    // SHADD/UHADD
    case 0x02:    // SRHADD/URHADD
    case 0x04: {  // SHSUB/UHSUB
      if (size == 3) return false;
      // Operands are at most 32 bits, so the 64-bit sum or difference is exact.
      const uint64_t total = opcode == 0x04 ? ex - ey : ex + ey + (opcode == 0x02 ? 1 : 0);
      result = shift_right(total, 1, sgn) & ones;
      return true;
    }
    case 0x01:    // SQADD/UQADD
    case 0x05: {  // SQSUB/UQSUB
      const bool sub = opcode == 0x05;
      if (sgn) {
        const uint64_t raw = sub ? ex - ey : ex + ey;
        if (esize < 64) {
          // Sign-extended operands of at most 32 bits: the 64-bit result is exact.
          result = signed_saturate(static_cast<int64_t>(raw), esize, saturated);
        } else {
          const int64_t value = static_cast<int64_t>(raw);
          const bool overflow = sub ? ((sx ^ sy) & (sx ^ value)) < 0 : (~(sx ^ sy) & (sx ^ value)) < 0;
          if (overflow) saturated = true;
          // On overflow the exact result has x's sign.
          result = overflow ? (sx < 0 ? 0x8000000000000000ull : 0x7FFFFFFFFFFFFFFFull) : raw;
        }
      } else if (sub) {
        result = ex < ey ? (saturated = true, 0) : ex - ey;
      } else {
        const uint64_t sum = (ex + ey) & ones;
        result = sum < ex ? (saturated = true, ones) : sum;
      }
      return true;
    }
    case 0x03: {  // logical group: size selects the operation
      if (!sgn) {
        switch (size) {
          case 0: result = x ^ y; break;                      // EOR
          case 1: result = (acc & x) | (~acc & y); break;     // BSL
          case 2: result = (acc & ~y) | (x & y); break;       // BIT
          default: result = (acc & y) | (x & ~y); break;      // BIF
        }
      } else {
        switch (size) {
          case 0: result = x & y; break;   // AND
          case 1: result = x & ~y; break;  // BIC
          case 2: result = x | y; break;   // ORR
          default: result = x | ~y; break; // ORN
        }
      }
      return true;
    }
    case 0x06: result = !less && ex != ey ? ones : 0; return true;  // CMGT/CMHI
    case 0x07: result = !less ? ones : 0; return true;              // CMGE/CMHS
    case 0x08:    // SSHL/USHL
    case 0x0A: {  // SRSHL/URSHL
      const int shift = static_cast<int8_t>(y & 0xFF);
      if (shift >= 0) {
        result = shift_left(x, static_cast<unsigned>(shift), esize);
      } else {
        const unsigned amount = static_cast<unsigned>(-shift);
        result = (opcode == 0x0A ? rounding_shift_right(ex, amount, sgn) : shift_right(ex, amount, sgn)) & ones;
      }
      return true;
    }
    case 0x0C:  // SMAX/UMAX
    case 0x0D:  // SMIN/UMIN
      if (size == 3) return false;
      result = (opcode == 0x0C) == less ? y : x;
      return true;
    case 0x0E:    // SABD/UABD
    case 0x0F: {  // SABA/UABA
      if (size == 3) return false;
      const uint64_t diff = less ? ey - ex : ex - ey;
      result = (diff + (opcode == 0x0F ? acc : 0)) & ones;
      return true;
    }
    case 0x10: result = (sgn ? x + y : x - y) & ones; return true;  // ADD/SUB
    case 0x11: result = (sgn ? (x & y) != 0 : x == y) ? ones : 0; return true;  // CMTST/CMEQ
    case 0x12:  // MLA/MLS
      if (size == 3) return false;
      result = (sgn ? acc + x * y : acc - x * y) & ones;
      return true;
    case 0x13:  // MUL (U 0) and PMUL (U 1, bytes only)
      if (size == 3 || (!sgn && size != 0)) return false;
      if (sgn) {
        result = (x * y) & ones;
      } else {
        uint64_t product = 0;
        for (unsigned i = 0; i < 8; ++i) {
          if ((y >> i) & 1) product ^= x << i;
        }
        result = product & ones;
      }
      return true;
    default: return false;
  }
}

// ---- three same, floating point (single and double) -----------------------------------
// One element of the non-pairwise FP forms, selected by U:a:opcode<2:0> (opcode 11xxx).
// Returns false for unallocated or unimplemented combinations.
W64_HD W64_INLINE bool fp_three_same_element(unsigned sel, unsigned n, uint64_t x, uint64_t y, uint64_t acc,
                                             uint32_t fpcr, uint32_t& fpsr, uint64_t& result) {
  const uint64_t ones = low_mask(n);
  switch (sel) {
    case 0x0: result = fp::max_min_num(n, x, y, true, fpcr, fpsr); return true;    // FMAXNM
    case 0x1: result = fp::mul_add(n, acc, x, y, fpcr, fpsr); return true;         // FMLA
    case 0x2: result = fp::add(n, x, y, false, fpcr, fpsr); return true;           // FADD
    case 0x4: result = (fp::compare(n, x, y, false, fpcr, fpsr) >> 28) == 0x6 ? ones : 0; return true;  // FCMEQ
    case 0x6: result = fp::max_min(n, x, y, true, fpcr, fpsr); return true;        // FMAX
    case 0x8: result = fp::max_min_num(n, x, y, false, fpcr, fpsr); return true;   // FMINNM
    case 0x9: result = fp::mul_add(n, acc, fp::fp_neg(n, x), y, fpcr, fpsr); return true;  // FMLS
    case 0xA: result = fp::add(n, x, y, true, fpcr, fpsr); return true;            // FSUB
    case 0xE: result = fp::max_min(n, x, y, false, fpcr, fpsr); return true;       // FMIN
    case 0x13: result = fp::mul(n, x, y, fpcr, fpsr); return true;                 // FMUL
    case 0x14:    // FCMGE
    case 0x15:    // FACGE
    case 0x1C:    // FCMGT
    case 0x1D: {  // FACGT
      const bool absolute = sel & 1;
      const uint32_t nzcv = fp::compare(n, absolute ? fp::fp_abs(n, x) : x, absolute ? fp::fp_abs(n, y) : y,
                                        true, fpcr, fpsr) >> 28;
      const bool holds = sel >= 0x1C ? nzcv == 0x2 : (nzcv == 0x2 || nzcv == 0x6);
      result = holds ? ones : 0;
      return true;
    }
    case 0x17: result = fp::div(n, x, y, fpcr, fpsr); return true;                 // FDIV
    case 0x1A: result = fp::fp_abs(n, fp::add(n, x, y, true, fpcr, fpsr)); return true;  // FABD
    default: return false;
  }
}

template <class State>
W64_HD W64_INLINE Outcome simd_fp_three_same(uint32_t insn, State& s) {
  const bool q = bit(insn, 30);
  const unsigned n = bit(insn, 22) ? 64 : 32;
  if (n == 64 && !q) return Outcome::undefined();
  const unsigned sel = (bit(insn, 29) << 4) | (bit(insn, 23) << 3) | field(insn, 13, 11);
  const unsigned elements = (q ? 128 : 64) / n;
  const Vec a = read_vec(s, rn(insn)), b = read_vec(s, rm(insn)), old = read_vec(s, rd(insn));
  uint32_t fpsr = s.fpsr;
  Vec result = zero_vec();
  // Pairwise forms (U = 1): FMAXNMP, FADDP, FMAXP and their a = 1 MIN variants.
  const bool pairwise = sel == 0x10 || sel == 0x12 || sel == 0x16 || sel == 0x18 || sel == 0x1E;
  for (unsigned e = 0; e < elements; ++e) {
    uint64_t value = 0;
    if (pairwise) {
      const Vec& src = e < elements / 2 ? a : b;
      const unsigned i = 2 * (e % (elements / 2));
      const uint64_t x = get_elem(src, i, n), y = get_elem(src, i + 1, n);
      // Same operation as the non-pairwise form with U = 0.
      fp_three_same_element(sel & 0xF, n, x, y, 0, s.fpcr, fpsr, value);
    } else if (!fp_three_same_element(sel, n, get_elem(a, e, n), get_elem(b, e, n), get_elem(old, e, n),
                                      s.fpcr, fpsr, value)) {
      return Outcome::undefined();
    }
    set_elem(result, e, n, value);
  }
  s.fpsr = fpsr;
  write_vec(s, rd(insn), result, q);
  return Outcome::next();
}

template <class State>
W64_HD W64_INLINE Outcome simd_three_same(uint32_t insn, State& s) {
  if (field(insn, 15, 14) == 3) return simd_fp_three_same(insn, s);
  const bool q = bit(insn, 30);
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 15, 11);
  const unsigned esize = 8u << size;
  const unsigned elements = (q ? 128 : 64) / esize;
  // The logical group operates on the whole vector, so its size field is an opcode.
  if (size == 3 && !q && opcode != 0x03) return Outcome::undefined();
  const Vec a = read_vec(s, rn(insn)), b = read_vec(s, rm(insn)), old = read_vec(s, rd(insn));
  Vec result = zero_vec();
  if (opcode >= 0x14 && opcode <= 0x17) {  // pairwise: SMAXP/UMAXP, SMINP/UMINP, ADDP
    const bool is_addp = opcode == 0x17;
    if (opcode == 0x16 || (is_addp ? u != 0 : size == 3)) return Outcome::undefined();
    for (unsigned e = 0; e < elements; ++e) {
      // Pairs come from the concatenation b:a, a supplying the low half of the result.
      const Vec& src = e < elements / 2 ? a : b;
      const unsigned i = 2 * (e % (elements / 2));
      const uint64_t x = get_elem(src, i, esize), y = get_elem(src, i + 1, esize);
      uint64_t value = 0;
      if (is_addp) {
        value = x + y;
      } else {
        const bool less = u ? x < y : sign_extend(x, esize) < sign_extend(y, esize);
        value = (opcode == 0x14) == less ? y : x;
      }
      set_elem(result, e, esize, value);
    }
    write_vec(s, rd(insn), result, q);
    return Outcome::next();
  }
  bool saturated = false;
  if (opcode == 0x03) {  // bitwise over whole 64-bit words
    for (unsigned i = 0; i < 2; ++i) {
      uint64_t value = 0;
      three_same_element(u, opcode, size, a.w[i], b.w[i], old.w[i], value, saturated);
      result.w[i] = value;
    }
    write_vec(s, rd(insn), result, q);
    return Outcome::next();
  }
  for (unsigned e = 0; e < elements; ++e) {
    uint64_t value = 0;
    if (!three_same_element(u, opcode, size, get_elem(a, e, esize), get_elem(b, e, esize),
                            get_elem(old, e, esize), value, saturated)) {
      return Outcome::undefined();
    }
    set_elem(result, e, esize, value);
  }
  write_vec(s, rd(insn), result, q);
  if (saturated) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

W64_SEMANTICS(SIMD_THREE_SAME) { return simd_three_same(insn, s); }

// Scalar three-same: the D forms of SQADD/UQADD/SQSUB/UQSUB, compares, shifts, ADD/SUB.
W64_SEMANTICS(SIMD_SCALAR_THREE_SAME) {
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 15, 11);
  const bool allowed = opcode == 0x01 || opcode == 0x05 || opcode == 0x06 || opcode == 0x07 ||
                       opcode == 0x08 || opcode == 0x0A || opcode == 0x10 || opcode == 0x11;
  // Only the saturating forms have B, H and S scalar variants; this core implements D.
  if (!allowed || size != 3) return Outcome::undefined();
  bool saturated = false;
  uint64_t value = 0;
  three_same_element(u, opcode, 3, s.v[rn(insn)][0], s.v[rm(insn)][0], 0, value, saturated);
  write_vec(s, rd(insn), Vec{{value, 0}}, false);
  if (saturated) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

// ADDP (scalar): the two D elements of Vn summed.
W64_SEMANTICS(SIMD_SCALAR_PAIRWISE) {
  if (bit(insn, 29) || field(insn, 23, 22) != 3 || field(insn, 16, 12) != 0x1B) {
    return Outcome::undefined();
  }
  const unsigned n = rn(insn);
  write_vec(s, rd(insn), Vec{{s.v[n][0] + s.v[n][1], 0}}, false);
  return Outcome::next();
}

// ---- across lanes ---------------------------------------------------------------------
W64_SEMANTICS(SIMD_ACROSS) {
  const bool q = bit(insn, 30);
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 16, 12);
  if (size == 3 || (size == 2 && !q)) return Outcome::undefined();
  if (opcode != 0x03 && opcode != 0x0A && opcode != 0x1A && !(opcode == 0x1B && u == 0)) {
    return Outcome::undefined();
  }
  const unsigned esize = 8u << size;
  const unsigned elements = (q ? 128 : 64) / esize;
  const Vec a = read_vec(s, rn(insn));
  uint64_t acc = extend_elem(get_elem(a, 0, esize), esize, !u);
  for (unsigned e = 1; e < elements; ++e) {
    const uint64_t x = extend_elem(get_elem(a, e, esize), esize, !u);
    const bool less = u ? x < acc : static_cast<int64_t>(x) < static_cast<int64_t>(acc);
    switch (opcode) {
      case 0x0A: if (!less && x != acc) acc = x; break;  // MAXV
      case 0x1A: if (less) acc = x; break;               // MINV
      default: acc += x; break;                          // ADDV, ADDLV
    }
  }
  const unsigned out_size = opcode == 0x03 ? 2 * esize : esize;
  write_vec(s, rd(insn), Vec{{acc & low_mask(out_size), 0}}, false);
  return Outcome::next();
}

// ---- three registers of different types -----------------------------------------------
template <class State>
W64_HD W64_INLINE Outcome simd_three_different(uint32_t insn, State& s) {
  const bool q = bit(insn, 30);
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 15, 12);
  if (size == 3) return Outcome::undefined();
  const unsigned esize = 8u << size, wide = 2 * esize;
  const unsigned elements = 64 / esize;
  const unsigned part = q ? elements : 0;  // first element of the selected half
  const bool sgn = u == 0;
  const Vec a = read_vec(s, rn(insn)), b = read_vec(s, rm(insn)), old = read_vec(s, rd(insn));
  Vec result = zero_vec();
  if (opcode == 0x4 || opcode == 0x6) {  // ADDHN/RADDHN, SUBHN/RSUBHN: high halves of wide sums
    for (unsigned e = 0; e < elements; ++e) {
      const uint64_t x = get_elem(a, e, wide), y = get_elem(b, e, wide);
      uint64_t total = opcode == 0x4 ? x + y : x - y;
      if (u) total += 1ull << (esize - 1);
      set_elem(result, e, esize, (total & low_mask(wide)) >> esize);
    }
    write_narrow(s, rd(insn), result.w[0], q);
    return Outcome::next();
  }
  if (opcode == 0x9 || opcode == 0xB || opcode == 0xD || opcode >= 0xE) return Outcome::undefined();
  for (unsigned e = 0; e < elements; ++e) {
    const bool wide_first = opcode == 0x1 || opcode == 0x3;  // the W forms
    const uint64_t x = wide_first ? get_elem(a, e, wide) : extend_elem(get_elem(a, part + e, esize), esize, sgn);
    const uint64_t y = extend_elem(get_elem(b, part + e, esize), esize, sgn);
    const uint64_t acc = get_elem(old, e, wide);
    const bool less = sgn ? static_cast<int64_t>(x) < static_cast<int64_t>(y) : x < y;
    uint64_t value = 0;
    switch (opcode) {
      case 0x0: case 0x1: value = x + y; break;                    // ADDL, ADDW
      case 0x2: case 0x3: value = x - y; break;                    // SUBL, SUBW
      case 0x5: value = acc + (less ? y - x : x - y); break;        // ABAL
      case 0x7: value = less ? y - x : x - y; break;                // ABDL
      case 0x8: value = acc + x * y; break;                         // MLAL
      case 0xA: value = acc - x * y; break;                         // MLSL
      default: value = x * y; break;                                // MULL
    }
    set_elem(result, e, wide, value);
  }
  write_vec(s, rd(insn), result, true);
  return Outcome::next();
}

W64_SEMANTICS(SIMD_THREE_DIFFERENT) { return simd_three_different(insn, s); }

// ---- shift by immediate ---------------------------------------------------------------
// immh (bits 22..19) gives the element size from its highest set bit; immh = 0 is the
// modified-immediate class, decoded separately.
template <class State>
W64_HD W64_INLINE Outcome simd_shift_imm(uint32_t insn, State& s, bool scalar) {
  const bool q = scalar ? false : bit(insn, 30);
  const unsigned u = bit(insn, 29);
  const unsigned immh = field(insn, 22, 19);
  const unsigned immhb = field(insn, 22, 16);
  const unsigned opcode = field(insn, 15, 11);
  if (immh == 0) return Outcome::undefined();
  const unsigned size = highest_set_bit(immh);
  const unsigned esize = 8u << size;
  const unsigned right = 2 * esize - immhb, left = immhb - esize;
  const bool sgn = u == 0;
  const unsigned d = rd(insn);
  const Vec a = read_vec(s, rn(insn)), old = read_vec(s, d);
  Vec result = zero_vec();
  if (!scalar && (opcode == 0x10 || opcode == 0x11 || opcode == 0x14)) {
    if (size == 3) return Outcome::undefined();
    const unsigned elements = 64 / esize;
    if (opcode == 0x14) {  // SSHLL/USHLL (+2; SXTL/UXTL with shift 0)
      for (unsigned e = 0; e < elements; ++e) {
        const uint64_t x = extend_elem(get_elem(a, (q ? elements : 0) + e, esize), esize, sgn);
        set_elem(result, e, 2 * esize, x << left);
      }
      write_vec(s, d, result, true);
      return Outcome::next();
    }
    if (u) return Outcome::undefined();  // SQSHRUN/SQRSHRUN are not implemented
    for (unsigned e = 0; e < elements; ++e) {  // SHRN, RSHRN (+2)
      const uint64_t x = get_elem(a, e, 2 * esize);
      set_elem(result, e, esize, opcode == 0x11 ? rounding_shift_right(x, right, false) : x >> right);
    }
    write_narrow(s, d, result.w[0], q);
    return Outcome::next();
  }
  if (scalar ? size != 3 : (size == 3 && !q)) return Outcome::undefined();
  const unsigned elements = scalar ? 1 : (q ? 128 : 64) / esize;
  for (unsigned e = 0; e < elements; ++e) {
    const uint64_t x = get_elem(a, e, esize), acc = get_elem(old, e, esize);
    const uint64_t ex = extend_elem(x, esize, sgn);
    uint64_t value = 0;
    switch (opcode) {
      case 0x00: value = shift_right(ex, right, sgn); break;                  // SSHR/USHR
      case 0x02: value = acc + shift_right(ex, right, sgn); break;            // SSRA/USRA
      case 0x04: value = rounding_shift_right(ex, right, sgn); break;         // SRSHR/URSHR
      case 0x06: value = acc + rounding_shift_right(ex, right, sgn); break;   // SRSRA/URSRA
      case 0x08: {  // SRI: shifted bits replace, the top `right` bits of Vd stay
        if (sgn) return Outcome::undefined();
        const uint64_t mask = shift_right(low_mask(esize), right, false);
        value = (acc & ~mask) | (shift_right(x, right, false) & mask);
        break;
      }
      case 0x0A: {  // SHL (U 0), SLI (U 1)
        const uint64_t shifted = shift_left(x, left, esize);
        value = sgn ? shifted : (acc & ~shift_left(low_mask(esize), left, esize)) | shifted;
        break;
      }
      default: return Outcome::undefined();
    }
    set_elem(result, e, esize, value);
  }
  write_vec(s, d, result, q);
  return Outcome::next();
}

W64_SEMANTICS(SIMD_SHIFT_IMM) { return simd_shift_imm(insn, s, false); }
W64_SEMANTICS(SIMD_SCALAR_SHIFT_IMM) { return simd_shift_imm(insn, s, true); }

}  // namespace warp64::core::sem
