// Advanced SIMD three-register classes: three same, three different and vector x indexed
// element, each in its vector and scalar form.
#pragma once

// Included from simd_data_processing.hpp after the vector access helpers (Vec, read_vec,
// write_vec, get_elem, set_elem, write_narrow).
#include "warp64/core/semantics/simd/element_ops.hpp"

namespace warp64::core::sem {

// ---- three same ------------------------------------------------------------------------
// One element of the integer three-same operations (opcode bits 15..11, U, size); `acc` is
// the destination element for the accumulating forms. Returns false where the opcode or
// size is unallocated.
W64_HD W64_INLINE bool int_three_same_element(unsigned u, unsigned opcode, unsigned size, uint64_t x, uint64_t y,
                                              uint64_t acc, uint64_t& result, bool& sat) {
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
      // Operands have at most 32 bits, so the 64-bit sum or difference is exact.
      const uint64_t total = opcode == 0x04 ? ex - ey : ex + ey + (opcode == 0x02 ? 1 : 0);
      result = shift_right(total, 1, sgn) & ones;
      return true;
    }
    case 0x01:  // SQADD/UQADD
    case 0x05:  // SQSUB/UQSUB
      result = sgn ? sat_add_signed(sx, sy, opcode == 0x05, esize, sat)
                   : sat_add_unsigned(ex, ey, opcode == 0x05, esize, sat);
      result &= ones;
      return true;
    case 0x03:  // logical group: size selects the operation
      if (!sgn) {
        switch (size) {
          case 0: result = x ^ y; break;                   // EOR
          case 1: result = (acc & x) | (~acc & y); break;  // BSL
          case 2: result = (acc & ~y) | (x & y); break;    // BIT
          default: result = (acc & y) | (x & ~y); break;   // BIF
        }
      } else {
        switch (size) {
          case 0: result = x & y; break;    // AND
          case 1: result = x & ~y; break;   // BIC
          case 2: result = x | y; break;    // ORR
          default: result = x | ~y; break;  // ORN
        }
      }
      return true;
    case 0x06: result = !less && ex != ey ? ones : 0; return true;  // CMGT/CMHI
    case 0x07: result = !less ? ones : 0; return true;              // CMGE/CMHS
    case 0x08:                                                      // SSHL/USHL
    case 0x09:                                                      // SQSHL/UQSHL
    case 0x0A:                                                      // SRSHL/URSHL
    case 0x0B:                                                      // SQRSHL/UQRSHL
      result = shift_by_register(x, y, esize, sgn, (opcode & 2) != 0, (opcode & 1) != 0, sat) & ones;
      return true;
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
    case 0x10: result = (sgn ? x + y : x - y) & ones; return true;              // ADD/SUB
    case 0x11: result = (sgn ? (x & y) != 0 : x == y) ? ones : 0; return true;  // CMTST/CMEQ
    case 0x12:                                                                  // MLA/MLS
      if (size == 3) return false;
      result = (sgn ? acc + x * y : acc - x * y) & ones;
      return true;
    case 0x13:  // MUL (U 0) and PMUL (U 1, bytes only)
      if (size == 3 || (!sgn && size != 0)) return false;
      result = (sgn ? x * y : poly_mul8(x, y)) & ones;
      return true;
    case 0x16:  // SQDMULH/SQRDMULH
      if (size != 1 && size != 2) return false;
      result = sat_doubling_mul_high(x, y, esize, !sgn, sat);
      return true;
    default: return false;
  }
}

template <class State>
W64_HD W64_INLINE Outcome simd_fp_three_same(uint32_t insn, State& s, bool scalar) {
  const bool q = scalar ? false : bit(insn, 30);
  const unsigned n = bit(insn, 22) ? 64 : 32;
  const unsigned sel = (bit(insn, 29) << 4) | (bit(insn, 23) << 3) | field(insn, 13, 11);
  if (scalar) {
    const bool allowed = sel == kFMulX || sel == kFCmEq || sel == kFRecpS || sel == kFRSqrtS || sel == kFCmGe ||
                         sel == kFAcGe || sel == kFAbd || sel == kFCmGt || sel == kFAcGt;
    if (!allowed) return Outcome::undefined();
  } else if (n == 64 && !q) {
    return Outcome::undefined();
  }
  const unsigned elements = scalar ? 1 : (q ? 128 : 64) / n;
  const Vec a = read_vec(s, rn(insn)), b = read_vec(s, rm(insn)), old = read_vec(s, rd(insn));
  uint32_t fpsr = s.fpsr;
  Vec result = zero_vec();
  const bool pairwise = fp_three_same_pairwise(sel);
  for (unsigned e = 0; e < elements; ++e) {
    uint64_t value = 0;
    if (pairwise) {  // pairs of b:a, a supplying the low half of the result
      const Vec& src = e < elements / 2 ? a : b;
      const unsigned i = 2 * (e % (elements / 2));
      value = fp_pair_op(sel, n, get_elem(src, i, n), get_elem(src, i + 1, n), s.fpcr, fpsr);
    } else if (!fp_three_same_element(sel, n, get_elem(a, e, n), get_elem(b, e, n), get_elem(old, e, n), s.fpcr, fpsr,
                                      value)) {
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
  if (field(insn, 15, 14) == 3) return simd_fp_three_same(insn, s, false);
  const bool q = bit(insn, 30);
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 15, 11);
  const unsigned esize = 8u << size;
  const unsigned elements = (q ? 128 : 64) / esize;
  // The logical group works on whole words, so its size field is part of the opcode.
  if (size == 3 && !q && opcode != 0x03) return Outcome::undefined();
  const Vec a = read_vec(s, rn(insn)), b = read_vec(s, rm(insn)), old = read_vec(s, rd(insn));
  Vec result = zero_vec();
  if (opcode == 0x14 || opcode == 0x15 || opcode == 0x17) {  // SMAXP/UMAXP, SMINP/UMINP, ADDP
    const bool is_addp = opcode == 0x17;
    if (is_addp ? u != 0 : size == 3) return Outcome::undefined();
    for (unsigned e = 0; e < elements; ++e) {
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
  bool sat = false;
  if (opcode == 0x03) {
    for (unsigned i = 0; i < 2; ++i)
      int_three_same_element(u, opcode, size, a.w[i], b.w[i], old.w[i], result.w[i], sat);
    write_vec(s, rd(insn), result, q);
    return Outcome::next();
  }
  for (unsigned e = 0; e < elements; ++e) {
    uint64_t value = 0;
    if (!int_three_same_element(u, opcode, size, get_elem(a, e, esize), get_elem(b, e, esize), get_elem(old, e, esize),
                                value, sat)) {
      return Outcome::undefined();
    }
    set_elem(result, e, esize, value);
  }
  write_vec(s, rd(insn), result, q);
  if (sat) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

W64_SEMANTICS(SIMD_THREE_SAME) { return simd_three_same(insn, s); }

// Scalar three same: the saturating forms at every size, the rest on D registers only.
W64_SEMANTICS(SIMD_SCALAR_THREE_SAME) {
  if (field(insn, 15, 14) == 3) return simd_fp_three_same(insn, s, true);
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 15, 11);
  bool allowed;
  switch (opcode) {
    case 0x01:
    case 0x05:
    case 0x09:
    case 0x0B: allowed = true; break;
    case 0x06:
    case 0x07:
    case 0x08:
    case 0x0A:
    case 0x10:
    case 0x11: allowed = size == 3; break;
    case 0x16: allowed = true; break;  // the element operation checks the size
    default: allowed = false; break;
  }
  if (!allowed) return Outcome::undefined();
  const unsigned esize = 8u << size;
  bool sat = false;
  uint64_t value = 0;
  if (!int_three_same_element(u, opcode, size, s.v[rn(insn)][0] & low_mask(esize), s.v[rm(insn)][0] & low_mask(esize),
                              0, value, sat)) {
    return Outcome::undefined();
  }
  write_vec(s, rd(insn), Vec{{value & low_mask(esize), 0}}, false);
  if (sat) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

// ---- three different --------------------------------------------------------------------
// One long-result element (opcode bits 15..12): x, y are the narrow source elements, except
// that the W forms pass the wide first operand in x. Returns false where unallocated.
W64_HD W64_INLINE bool three_different_element(unsigned u, unsigned opcode, unsigned size, uint64_t x, uint64_t y,
                                               uint64_t acc, uint64_t& result, bool& sat) {
  const unsigned esize = 8u << size, wide = 2 * esize;
  const bool sgn = u == 0;
  const bool wide_first = opcode == 0x1 || opcode == 0x3;
  const uint64_t ex = wide_first ? x : extend_elem(x, esize, sgn);
  const uint64_t ey = extend_elem(y, esize, sgn);
  const bool less = sgn ? static_cast<int64_t>(ex) < static_cast<int64_t>(ey) : ex < ey;
  switch (opcode) {
    case 0x0:
    case 0x1: result = ex + ey; break;  // ADDL, ADDW
    case 0x2:
    case 0x3: result = ex - ey; break;                           // SUBL, SUBW
    case 0x5: result = acc + (less ? ey - ex : ex - ey); break;  // ABAL
    case 0x7: result = less ? ey - ex : ex - ey; break;          // ABDL
    case 0x8: result = acc + ex * ey; break;                     // MLAL
    case 0xA: result = acc - ex * ey; break;                     // MLSL
    case 0xC: result = ex * ey; break;                           // MULL
    case 0x9:                                                    // SQDMLAL
    case 0xB:                                                    // SQDMLSL
    case 0xD:                                                    // SQDMULL
      if (!sgn || size == 0) return false;
      result = opcode == 0xD ? sat_doubling_mul_long(x, y, esize, sat)
                             : sat_doubling_mul_acc(acc, x, y, esize, opcode == 0xB, sat);
      break;
    case 0xE:  // PMULL (bytes; the 64-bit form belongs to the Cryptographic Extension)
      if (!sgn || size != 0) return false;
      result = poly_mul8(x, y);
      break;
    default: return false;
  }
  result &= low_mask(wide);
  return true;
}

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
  const bool wide_first = opcode == 0x1 || opcode == 0x3;
  bool sat = false;
  for (unsigned e = 0; e < elements; ++e) {
    const uint64_t x = wide_first ? get_elem(a, e, wide) : get_elem(a, part + e, esize);
    uint64_t value = 0;
    if (!three_different_element(u, opcode, size, x, get_elem(b, part + e, esize), get_elem(old, e, wide), value,
                                 sat)) {
      return Outcome::undefined();
    }
    set_elem(result, e, wide, value);
  }
  write_vec(s, rd(insn), result, true);
  if (sat) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

W64_SEMANTICS(SIMD_THREE_DIFFERENT) { return simd_three_different(insn, s); }

// Scalar three different: SQDMLAL, SQDMLSL and SQDMULL on H or S sources.
W64_SEMANTICS(SIMD_SCALAR_THREE_DIFFERENT) {
  const unsigned opcode = field(insn, 15, 12);
  const unsigned size = field(insn, 23, 22);
  if (opcode != 0x9 && opcode != 0xB && opcode != 0xD) return Outcome::undefined();
  const unsigned esize = 8u << size;
  bool sat = false;
  uint64_t value = 0;
  if (size == 3 || !three_different_element(bit(insn, 29), opcode, size, s.v[rn(insn)][0] & low_mask(esize),
                                            s.v[rm(insn)][0] & low_mask(esize), s.v[rd(insn)][0] & low_mask(2 * esize),
                                            value, sat)) {
    return Outcome::undefined();
  }
  write_vec(s, rd(insn), Vec{{value, 0}}, false);
  if (sat) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

// ---- vector x indexed element -------------------------------------------------------------
// The element selected by size, H, L, M and Rm; false for the reserved size encodings.
struct IndexedOperand {
  unsigned reg, index;
};

W64_HD W64_INLINE bool indexed_integer_operand(uint32_t insn, unsigned size, IndexedOperand& op) {
  const unsigned h = bit(insn, 11), l = bit(insn, 21), m = bit(insn, 20);
  if (size == 1) {
    op = {field(insn, 19, 16), (h << 2) | (l << 1) | m};
    return true;
  }
  if (size == 2) {
    op = {field(insn, 20, 16), (h << 1) | l};
    return true;
  }
  return false;
}

template <class State>
W64_HD W64_INLINE Outcome simd_indexed(uint32_t insn, State& s, bool scalar) {
  const bool q = scalar ? false : bit(insn, 30);
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 15, 12);
  const unsigned d = rd(insn);
  const Vec a = read_vec(s, rn(insn)), old = read_vec(s, d);
  Vec result = zero_vec();
  // FMLA, FMLS, FMUL, FMULX: single (size 10) and double (size 11) precision.
  const bool is_fp = u == 0 ? (opcode == 0x1 || opcode == 0x5 || opcode == 0x9) : opcode == 0x9;
  if (is_fp) {
    if (size < 2) return Outcome::undefined();  // half precision needs FEAT_FP16
    const unsigned n = size == 3 ? 64 : 32;
    const unsigned l = bit(insn, 21), h = bit(insn, 11);
    if (n == 64 && (l || (!scalar && !q))) return Outcome::undefined();
    const unsigned index = n == 64 ? h : (h << 1) | l;
    const uint64_t y = get_elem(read_vec(s, field(insn, 20, 16)), index, n);
    const unsigned sel = opcode == 0x1 ? kFMla : opcode == 0x5 ? kFMls : u ? kFMulX : kFMul;
    const unsigned elements = scalar ? 1 : (q ? 128 : 64) / n;
    uint32_t fpsr = s.fpsr;
    for (unsigned e = 0; e < elements; ++e) {
      uint64_t value = 0;
      fp_three_same_element(sel, n, get_elem(a, e, n), y, get_elem(old, e, n), s.fpcr, fpsr, value);
      set_elem(result, e, n, value);
    }
    s.fpsr = fpsr;
    write_vec(s, d, result, q);
    return Outcome::next();
  }
  IndexedOperand op;
  if (!indexed_integer_operand(insn, size, op)) return Outcome::undefined();
  const unsigned esize = 8u << size, wide = 2 * esize;
  const uint64_t y = get_elem(read_vec(s, op.reg), op.index, esize);
  bool sat = false;
  // Same-width forms: MUL, MLA, MLS, SQDMULH, SQRDMULH.
  if ((u == 0 && (opcode == 0x8 || opcode == 0xC || opcode == 0xD)) || (u == 1 && (opcode == 0x0 || opcode == 0x4))) {
    if (scalar && opcode != 0xC && opcode != 0xD) return Outcome::undefined();
    const unsigned elements = scalar ? 1 : (q ? 128 : 64) / esize;
    for (unsigned e = 0; e < elements; ++e) {
      const uint64_t x = get_elem(a, e, esize), acc = get_elem(old, e, esize);
      uint64_t value;
      switch (opcode) {
        case 0x8: value = x * y; break;
        case 0x0: value = acc + x * y; break;
        case 0x4: value = acc - x * y; break;
        default: value = sat_doubling_mul_high(x, y, esize, opcode == 0xD, sat); break;
      }
      set_elem(result, e, esize, value);
    }
    write_vec(s, d, result, q);
    if (sat) s.fpsr |= kFpsrQc;
    return Outcome::next();
  }
  // Long forms, as the three-different opcodes: SMLAL/UMLAL 2, SQDMLAL 3, SMLSL/UMLSL 6,
  // SQDMLSL 7, SMULL/UMULL A, SQDMULL B.
  unsigned long_opcode;
  switch (opcode) {
    case 0x2: long_opcode = 0x8; break;
    case 0x3: long_opcode = 0x9; break;
    case 0x6: long_opcode = 0xA; break;
    case 0x7: long_opcode = 0xB; break;
    case 0xA: long_opcode = 0xC; break;
    case 0xB: long_opcode = 0xD; break;
    default: return Outcome::undefined();
  }
  const bool saturating = long_opcode & 1;
  if (scalar && !saturating) return Outcome::undefined();
  if (saturating && u) return Outcome::undefined();
  const unsigned elements = scalar ? 1 : 64 / esize;
  const unsigned part = q ? elements : 0;
  for (unsigned e = 0; e < elements; ++e) {
    uint64_t value = 0;
    three_different_element(u, long_opcode, size, get_elem(a, part + e, esize), y, get_elem(old, e, wide), value, sat);
    set_elem(result, e, wide, value);
  }
  if (scalar)
    write_vec(s, d, result, false);
  else
    write_vec(s, d, result, true);
  if (sat) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

W64_SEMANTICS(SIMD_INDEXED) { return simd_indexed(insn, s, false); }
W64_SEMANTICS(SIMD_SCALAR_INDEXED) { return simd_indexed(insn, s, true); }

}  // namespace warp64::core::sem
