// Advanced SIMD two-register classes: miscellaneous (vector and scalar), across lanes,
// scalar pairwise and shift by immediate (vector and scalar).
#pragma once

// Included from simd_data_processing.hpp after the vector access helpers (Vec, read_vec,
// write_vec, get_elem, set_elem, write_narrow).
#include "warp64/core/semantics/simd/element_ops.hpp"

namespace warp64::core::sem {

// The end of every narrowing form: a scalar form's one element goes to Vd with the rest
// cleared, a vector form's half as write_narrow places it; QC records a saturated element.
template <class State>
W64_HD W64_INLINE Outcome write_narrowed(State& s, unsigned d, const Vec& result, bool scalar, bool q, bool saturated) {
  if (scalar)
    write_vec(s, d, result, false);
  else
    write_narrow(s, d, result.w[0], q);
  if (saturated) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

// ---- two-register miscellaneous -------------------------------------------------------
// One element of the integer per-element forms (U:opcode < 0x0C); `acc` is the destination
// element (SUQADD/USQADD). Returns false where unallocated.
W64_HD W64_INLINE bool int_misc_element(unsigned u, unsigned opcode, unsigned size, uint64_t x, uint64_t acc,
                                        uint64_t& result, bool& sat) {
  const unsigned esize = 8u << size;
  const int64_t sx = sign_extend(x, esize);
  const uint64_t ones = low_mask(esize);
  switch ((u << 5) | opcode) {
    case 0x03: result = sat_add_signed_unsigned(sign_extend(acc, esize), x, esize, sat) & ones; return true;  // SUQADD
    case 0x23: result = sat_add_unsigned_signed(acc, sx, esize, sat) & ones; return true;                     // USQADD
    case 0x07:                                                                                                // SQABS
    case 0x27: {                                                                                              // SQNEG
      if (x == signed_min(esize)) {
        sat = true;
        result = signed_max(esize);
      } else {
        result = (opcode == 0x07 && u == 0 && sx >= 0 ? x : 0 - x) & ones;
      }
      return true;
    }
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
    case 0x25:  // NOT (size 00) and RBIT (size 01), on bytes
      if (size > 1) return false;
      result = size == 0 ? ~x & 0xFF : reverse_bits(x, 8);
      return true;
    case 0x08: result = sx > 0 ? ones : 0; return true;            // CMGT #0
    case 0x28: result = sx >= 0 ? ones : 0; return true;           // CMGE #0
    case 0x09: result = sx == 0 ? ones : 0; return true;           // CMEQ #0
    case 0x29: result = sx <= 0 ? ones : 0; return true;           // CMLE #0
    case 0x0A: result = sx < 0 ? ones : 0; return true;            // CMLT #0
    case 0x0B: result = (sx < 0 ? 0 - x : x) & ones; return true;  // ABS (wraps at the minimum)
    case 0x2B: result = (0 - x) & ones; return true;               // NEG
    default: return false;
  }
}

// Integer narrowing forms (XTN, SQXTN, UQXTN, SQXTUN): one 2*esize-bit element of Vn to an
// esize-bit result. Returns false where unallocated.
W64_HD W64_INLINE bool narrow_element(unsigned u, unsigned opcode, unsigned size, uint64_t wide, uint64_t& result,
                                      bool& sat) {
  const unsigned esize = 8u << size;
  if (size == 3) return false;
  const int64_t swide = sign_extend(wide, 2 * esize);
  if (opcode == 0x12) {
    result = u ? unsigned_saturate_signed(swide, esize, sat) : wide & low_mask(esize);  // SQXTUN, XTN
  } else {
    result = u ? unsigned_saturate(wide, esize, sat) : signed_saturate(swide, esize, sat);  // UQXTN, SQXTN
  }
  return true;
}

template <class State>
W64_HD W64_INLINE Outcome simd_misc(uint32_t insn, State& s, bool scalar) {
  const bool q = scalar ? false : bit(insn, 30);
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 16, 12);
  const unsigned esize = 8u << size;
  const unsigned d = rd(insn);
  const Vec a = read_vec(s, rn(insn)), old = read_vec(s, d);
  Vec result = zero_vec();
  bool sat = false;
  uint32_t fpsr = s.fpsr;

  // Narrowing: XTN and FCVTN exist only as vectors.
  if (opcode == 0x14 || (opcode == 0x12 && (u || !scalar))) {
    const unsigned elements = scalar ? 1 : 64 / esize;
    for (unsigned e = 0; e < elements; ++e) {
      uint64_t value = 0;
      if (!narrow_element(u, opcode, size, get_elem(a, e, 2 * esize), value, sat)) return Outcome::undefined();
      set_elem(result, e, esize, value);
    }
    return write_narrowed(s, d, result, scalar, q, sat);
  }
  if (opcode == 0x16 && (u || !scalar)) {  // FCVTN (U 0): S->H or D->S; FCVTXN (U 1): D->S to odd
    if (size > 1 || (u && size != 1)) return Outcome::undefined();
    const unsigned to = size == 0 ? 16 : 32;
    const unsigned rounding = u ? fp::kOdd : fp::fpcr_rounding(s.fpcr);
    const unsigned elements = scalar ? 1 : 64 / to;
    for (unsigned e = 0; e < elements; ++e) {
      set_elem(result, e, to, fp::convert_rounding(to, 2 * to, get_elem(a, e, 2 * to), s.fpcr, rounding, fpsr));
    }
    s.fpsr = fpsr;
    return write_narrowed(s, d, result, scalar, q, false);
  }

  if (!scalar) {
    if (opcode <= 1 && !(u == 1 && opcode == 1)) {  // REV64 (U0 0), REV16 (U0 1), REV32 (U1 0)
      const unsigned rev_op = u ? 1 : opcode * 2;   // 0 REV64, 1 REV32, 2 REV16
      if (size + rev_op >= 3) return Outcome::undefined();
      const unsigned per = (64u >> rev_op) / esize;
      for (unsigned e = 0; e < 128 / esize; ++e) {
        const unsigned base = e - e % per;
        set_elem(result, e, esize, get_elem(a, base + (per - 1 - e % per), esize));
      }
      write_vec(s, d, result, q);
      return Outcome::next();
    }
    if (opcode == 0x02 || opcode == 0x06) {  // SADDLP/UADDLP, SADALP/UADALP
      if (size == 3) return Outcome::undefined();
      const unsigned wide = 2 * esize;
      for (unsigned e = 0; e < (q ? 128 : 64) / wide; ++e) {
        uint64_t sum =
            extend_elem(get_elem(a, 2 * e, esize), esize, !u) + extend_elem(get_elem(a, 2 * e + 1, esize), esize, !u);
        if (opcode == 0x06) sum += get_elem(old, e, wide);
        set_elem(result, e, wide, sum);
      }
      write_vec(s, d, result, q);
      return Outcome::next();
    }
    if (opcode == 0x13 && u == 1) {  // SHLL/SHLL2: widen the selected half, shift by esize
      if (size == 3) return Outcome::undefined();
      const unsigned half = q ? 64 / esize : 0;
      for (unsigned e = 0; e < 64 / esize; ++e) set_elem(result, e, 2 * esize, get_elem(a, half + e, esize) << esize);
      write_vec(s, d, result, true);
      return Outcome::next();
    }
    if (opcode == 0x17 && u == 0) {  // FCVTL/FCVTL2: H->S or S->D from the selected half
      if (size > 1) return Outcome::undefined();
      const unsigned to = size & 1 ? 64 : 32, from = to / 2;
      const unsigned elements = 64 / from;
      for (unsigned e = 0; e < elements; ++e) {
        set_elem(result, e, to, fp::convert(to, from, get_elem(a, (q ? elements : 0) + e, from), s.fpcr, fpsr));
      }
      s.fpsr = fpsr;
      write_vec(s, d, result, true);
      return Outcome::next();
    }
    if (opcode == 0x1C && (size & 2)) {  // URECPE (U 0), URSQRTE (U 1): 32-bit elements
      if (size & 1) return Outcome::undefined();
      for (unsigned e = 0; e < (q ? 4u : 2u); ++e) {
        const uint64_t x = get_elem(a, e, 32);
        set_elem(result, e, 32, u ? unsigned_rsqrt_estimate(x) : unsigned_recip_estimate(x));
      }
      write_vec(s, d, result, q);
      return Outcome::next();
    }
  }

  if (opcode >= 0x0C) {  // floating point, single or double
    const unsigned n = bit(insn, 22) ? 64 : 32;
    if (!scalar && n == 64 && !q) return Outcome::undefined();
    const unsigned elements = scalar ? 1 : (q ? 128 : 64) / n;
    for (unsigned e = 0; e < elements; ++e) {
      uint64_t value = 0;
      if (!fp_misc_element(u, size >> 1, opcode, n, scalar, get_elem(a, e, n), s.fpcr, fpsr, value)) {
        return Outcome::undefined();
      }
      set_elem(result, e, n, value);
    }
    s.fpsr = fpsr;
    write_vec(s, d, result, q);
    return Outcome::next();
  }

  // Integer per-element forms. As vectors, 1D (size 11, Q 0) is reserved; as scalars the
  // compares, ABS and NEG exist for D only, the saturating forms at every size.
  if (scalar) {
    const bool saturating = opcode == 0x03 || opcode == 0x07;
    if (!saturating && (size != 3 || opcode < 0x08)) return Outcome::undefined();
  } else if (size == 3 && !q) {
    return Outcome::undefined();
  }
  const bool bytewise = u == 1 && opcode == 0x05;  // NOT and RBIT: size selects the operation
  const unsigned lane = bytewise ? 8 : esize;
  const unsigned elements = scalar ? 1 : (q ? 128 : 64) / lane;
  for (unsigned e = 0; e < elements; ++e) {
    uint64_t value = 0;
    if (!int_misc_element(u, opcode, size, get_elem(a, e, lane), get_elem(old, e, lane), value, sat)) {
      return Outcome::undefined();
    }
    set_elem(result, e, lane, value);
  }
  write_vec(s, d, result, q);
  if (sat) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

W64_SEMANTICS(SIMD_MISC) { return simd_misc(insn, s, false); }
W64_SEMANTICS(SIMD_SCALAR_MISC) { return simd_misc(insn, s, true); }

// ---- across lanes -----------------------------------------------------------------------
// FMAXNMV, FMINNMV, FMAXV, FMINV: only the 4S arrangement exists in the base architecture;
// the reduction pairs (0,1) and (2,3) first, as Reduce() does.
template <class State>
W64_HD W64_INLINE Outcome simd_fp_across(uint32_t insn, State& s) {
  const unsigned opcode = field(insn, 16, 12);
  if (!bit(insn, 29) || !bit(insn, 30) || bit(insn, 22) || (opcode != 0x0C && opcode != 0x0F)) {
    return Outcome::undefined();
  }
  const unsigned sel = (bit(insn, 23) << 3) | (opcode == 0x0C ? 0u : 6u);  // FMAXNM/FMINNM, FMAX/FMIN
  const Vec a = read_vec(s, rn(insn));
  uint32_t fpsr = s.fpsr;
  const uint64_t lo = fp_pair_op(sel, 32, get_elem(a, 0, 32), get_elem(a, 1, 32), s.fpcr, fpsr);
  const uint64_t hi = fp_pair_op(sel, 32, get_elem(a, 2, 32), get_elem(a, 3, 32), s.fpcr, fpsr);
  const uint64_t value = fp_pair_op(sel, 32, lo, hi, s.fpcr, fpsr);
  s.fpsr = fpsr;
  write_vec(s, rd(insn), Vec{{value, 0}}, false);
  return Outcome::next();
}

W64_SEMANTICS(SIMD_ACROSS) {
  const bool q = bit(insn, 30);
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 16, 12);
  if (opcode == 0x0C || opcode == 0x0F) return simd_fp_across(insn, s);
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
      case 0x0A:
        if (!less && x != acc) acc = x;
        break;  // SMAXV/UMAXV
      case 0x1A:
        if (less) acc = x;
        break;                   // SMINV/UMINV
      default: acc += x; break;  // ADDV, SADDLV/UADDLV
    }
  }
  const unsigned out_size = opcode == 0x03 ? 2 * esize : esize;
  write_vec(s, rd(insn), Vec{{acc & low_mask(out_size), 0}}, false);
  return Outcome::next();
}

// ---- scalar pairwise --------------------------------------------------------------------
// ADDP (D) and, with U = 1, FMAXNMP, FADDP, FMAXP, FMINNMP, FMINP on the two S or D
// elements of Vn.
W64_SEMANTICS(SIMD_SCALAR_PAIRWISE) {
  const unsigned u = bit(insn, 29);
  const unsigned size = field(insn, 23, 22);
  const unsigned opcode = field(insn, 16, 12);
  const unsigned n = rn(insn);
  if (u == 0) {
    if (size != 3 || opcode != 0x1B) return Outcome::undefined();
    write_vec(s, rd(insn), Vec{{s.v[n][0] + s.v[n][1], 0}}, false);
    return Outcome::next();
  }
  unsigned sel;
  switch (opcode) {
    case 0x0C: sel = size & 2 ? kFMinNm : kFMaxNm; break;
    case 0x0D:
      if (size & 2) return Outcome::undefined();
      sel = kFAdd;
      break;
    case 0x0F: sel = size & 2 ? kFMin : kFMax; break;
    default: return Outcome::undefined();
  }
  const unsigned width = size & 1 ? 64 : 32;
  const Vec a = read_vec(s, n);
  uint32_t fpsr = s.fpsr;
  const uint64_t value = fp_pair_op(sel, width, get_elem(a, 0, width), get_elem(a, 1, width), s.fpcr, fpsr);
  s.fpsr = fpsr;
  write_vec(s, rd(insn), Vec{{value, 0}}, false);
  return Outcome::next();
}

// ---- shift by immediate ---------------------------------------------------------------
// immh (bits 22..19) gives the element size from its highest set bit; immh = 0 is the
// modified-immediate class for vectors and reserved for scalars.
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
  bool sat = false;

  if (opcode >= 0x10 && opcode <= 0x13) {  // narrowing right shifts of 2*esize-bit elements
    if (size == 3) return Outcome::undefined();
    const bool rounding = opcode & 1, saturating = opcode & 2;
    if (!saturating && (u || scalar)) {
      // U 1 is SQSHRUN/SQRSHRUN; SHRN and RSHRN have no scalar form.
      if (!u) return Outcome::undefined();
    }
    const unsigned elements = scalar ? 1 : 64 / esize;
    for (unsigned e = 0; e < elements; ++e) {
      const uint64_t wide = get_elem(a, e, 2 * esize);
      // SQSHRN(U0, sat) SQSHRUN(U1, !sat) take signed input; UQSHRN(U1, sat) unsigned.
      const bool signed_in = !(u && saturating);
      const uint64_t x = extend_elem(wide, 2 * esize, signed_in);
      const uint64_t shifted = rounding ? rounding_shift_right(x, right, signed_in) : shift_right(x, right, signed_in);
      uint64_t value;
      if (!saturating && !u)
        value = shifted & low_mask(esize);  // SHRN, RSHRN
      else if (!saturating)
        value = unsigned_saturate_signed(static_cast<int64_t>(shifted), esize, sat);  // SQSHRUN
      else if (u)
        value = unsigned_saturate(shifted, esize, sat);  // UQSHRN
      else
        value = signed_saturate(static_cast<int64_t>(shifted), esize, sat);  // SQSHRN
      set_elem(result, e, esize, value);
    }
    return write_narrowed(s, d, result, scalar, q, sat);
  }
  if (opcode == 0x14) {  // SSHLL/USHLL (+2; SXTL/UXTL with shift 0)
    if (scalar || size == 3) return Outcome::undefined();
    const unsigned elements = 64 / esize;
    for (unsigned e = 0; e < elements; ++e) {
      const uint64_t x = extend_elem(get_elem(a, (q ? elements : 0) + e, esize), esize, sgn);
      set_elem(result, e, 2 * esize, x << left);
    }
    write_vec(s, d, result, true);
    return Outcome::next();
  }
  if (opcode == 0x1C || opcode == 0x1F) {  // SCVTF/UCVTF, FCVTZS/FCVTZU (fixed point)
    if (size < 2 || (!scalar && size == 3 && !q)) return Outcome::undefined();  // half precision needs FEAT_FP16
    const unsigned elements = scalar ? 1 : (q ? 128 : 64) / esize;
    uint32_t fpsr = s.fpsr;
    for (unsigned e = 0; e < elements; ++e) {
      const uint64_t x = get_elem(a, e, esize);
      set_elem(result, e, esize,
               opcode == 0x1C ? fp::from_fixed(esize, x, right, u == 1, esize, fp::fpcr_rounding(s.fpcr), s.fpcr, fpsr)
                              : fp::to_fixed(esize, x, right, u == 1, esize, fp::kZero, s.fpcr, fpsr));
    }
    s.fpsr = fpsr;
    write_vec(s, d, result, q);
    return Outcome::next();
  }
  // Same-width forms: scalars are D only except the saturating left shifts.
  const bool saturating_left = opcode == 0x0C || opcode == 0x0E;
  if (scalar ? (size != 3 && !saturating_left) : (size == 3 && !q)) return Outcome::undefined();
  const unsigned elements = scalar ? 1 : (q ? 128 : 64) / esize;
  for (unsigned e = 0; e < elements; ++e) {
    const uint64_t x = get_elem(a, e, esize), acc = get_elem(old, e, esize);
    const uint64_t ex = extend_elem(x, esize, sgn);
    uint64_t value = 0;
    switch (opcode) {
      case 0x00: value = shift_right(ex, right, sgn); break;                 // SSHR/USHR
      case 0x02: value = acc + shift_right(ex, right, sgn); break;           // SSRA/USRA
      case 0x04: value = rounding_shift_right(ex, right, sgn); break;        // SRSHR/URSHR
      case 0x06: value = acc + rounding_shift_right(ex, right, sgn); break;  // SRSRA/URSRA
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
      case 0x0C:  // SQSHLU
        if (sgn) return Outcome::undefined();
        value = sat_shl_signed_to_unsigned(sign_extend(x, esize), left, esize, sat);
        break;
      case 0x0E:  // SQSHL/UQSHL (immediate)
        value =
            sgn ? sat_shl_signed(static_cast<int64_t>(ex), left, esize, sat) : sat_shl_unsigned(x, left, esize, sat);
        break;
      default: return Outcome::undefined();
    }
    set_elem(result, e, esize, value & low_mask(esize));
  }
  write_vec(s, d, result, q);
  if (sat) s.fpsr |= kFpsrQc;
  return Outcome::next();
}

W64_SEMANTICS(SIMD_SHIFT_IMM) { return simd_shift_imm(insn, s, false); }
W64_SEMANTICS(SIMD_SCALAR_SHIFT_IMM) { return simd_shift_imm(insn, s, true); }

}  // namespace warp64::core::sem
