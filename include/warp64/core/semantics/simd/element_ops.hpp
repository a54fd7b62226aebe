// Element arithmetic shared by the Advanced SIMD classes: saturating add, subtract and
// shift, the doubling multiplies, and the FP operations selected by the three-same and
// two-register opcodes. Every helper works on one element held in a uint64_t (zero-extended
// unless it says otherwise) and ORs saturation into `sat` (FPSR.QC).
#pragma once

#include "warp64/core/semantics/common.hpp"
#include "warp64/core/softfloat.hpp"

namespace warp64::core::sem {

W64_HD W64_INLINE uint64_t signed_max(unsigned esize) { return low_mask(esize - 1); }
W64_HD W64_INLINE uint64_t signed_min(unsigned esize) { return (1ull << (esize - 1)) & low_mask(esize); }

// SignedSatQ of the exact sum or difference of two sign-extended esize-bit values.
W64_HD W64_INLINE uint64_t sat_add_signed(int64_t x, int64_t y, bool sub, unsigned esize, bool& sat) {
  if (esize < 64) return signed_saturate(sub ? x - y : x + y, esize, sat);
  const uint64_t raw =
      sub ? static_cast<uint64_t>(x) - static_cast<uint64_t>(y) : static_cast<uint64_t>(x) + static_cast<uint64_t>(y);
  const int64_t r = static_cast<int64_t>(raw);
  const bool overflow = sub ? ((x ^ y) & (x ^ r)) < 0 : (~(x ^ y) & (x ^ r)) < 0;
  if (!overflow) return raw;
  sat = true;  // the exact result has x's sign
  return x < 0 ? signed_min(64) : signed_max(64);
}

// UnsignedSatQ of the exact sum or difference of two zero-extended esize-bit values.
W64_HD W64_INLINE uint64_t sat_add_unsigned(uint64_t x, uint64_t y, bool sub, unsigned esize, bool& sat) {
  if (sub) {
    if (x < y) {
      sat = true;
      return 0;
    }
    return x - y;
  }
  const uint64_t sum = x + y;
  if (sum < x || sum > low_mask(esize)) {
    sat = true;
    return low_mask(esize);
  }
  return sum;
}

// SUQADD: signed accumulator d plus unsigned n, signed saturation.
W64_HD W64_INLINE uint64_t sat_add_signed_unsigned(int64_t d, uint64_t n, unsigned esize, bool& sat) {
  if (esize < 64) return signed_saturate(d + static_cast<int64_t>(n), esize, sat);
  if (d < 0) {
    const uint64_t magnitude = 0 - static_cast<uint64_t>(d);
    if (n < magnitude) return static_cast<uint64_t>(d) + n;  // still negative
    const uint64_t r = n - magnitude;
    if (r > signed_max(64)) {
      sat = true;
      return signed_max(64);
    }
    return r;
  }
  const uint64_t r = static_cast<uint64_t>(d) + n;
  if (r < n || r > signed_max(64)) {
    sat = true;
    return signed_max(64);
  }
  return r;
}

// USQADD: unsigned accumulator d plus signed n, unsigned saturation.
W64_HD W64_INLINE uint64_t sat_add_unsigned_signed(uint64_t d, int64_t n, unsigned esize, bool& sat) {
  if (n < 0) {
    const uint64_t magnitude = 0 - static_cast<uint64_t>(n);
    if (magnitude > d) {
      sat = true;
      return 0;
    }
    return d - magnitude;
  }
  return sat_add_unsigned(d, static_cast<uint64_t>(n), false, esize, sat);
}

// Saturating left shifts of a sign- or zero-extended esize-bit value.
W64_HD W64_INLINE uint64_t sat_shl_signed(int64_t x, unsigned shift, unsigned esize, bool& sat) {
  if (x == 0) return 0;
  if (shift < esize) {
    const int64_t shifted = static_cast<int64_t>(static_cast<uint64_t>(x) << shift);
    if ((shifted >> shift) == x) return signed_saturate(shifted, esize, sat);
  }
  sat = true;
  return x < 0 ? signed_min(esize) : signed_max(esize);
}

W64_HD W64_INLINE uint64_t sat_shl_unsigned(uint64_t x, unsigned shift, unsigned esize, bool& sat) {
  if (x == 0) return 0;
  if (shift < esize) {
    const uint64_t shifted = x << shift;
    if ((shifted >> shift) == x && shifted <= low_mask(esize)) return shifted;
  }
  sat = true;
  return low_mask(esize);
}

// SQSHLU: signed input, unsigned saturation.
W64_HD W64_INLINE uint64_t sat_shl_signed_to_unsigned(int64_t x, unsigned shift, unsigned esize, bool& sat) {
  if (x < 0) {
    sat = true;
    return 0;
  }
  return sat_shl_unsigned(static_cast<uint64_t>(x), shift, esize, sat);
}

W64_HD W64_INLINE uint64_t unsigned_saturate(uint64_t value, unsigned esize, bool& sat) {
  if (value > low_mask(esize)) {
    sat = true;
    return low_mask(esize);
  }
  return value;
}

// The register-controlled shifts (SSHL ... UQRSHL): the shift is the signed low byte of
// the second operand; negative shifts go right, rounding if asked.
W64_HD W64_INLINE uint64_t shift_by_register(uint64_t x, uint64_t y, unsigned esize, bool sgn, bool rounding,
                                             bool saturating, bool& sat) {
  const int shift = static_cast<int8_t>(y & 0xFF);
  const uint64_t ex = extend_elem(x, esize, sgn);
  if (shift >= 0) {
    if (!saturating) return shift_left(x, static_cast<unsigned>(shift), esize);
    return sgn ? sat_shl_signed(static_cast<int64_t>(ex), static_cast<unsigned>(shift), esize, sat)
               : sat_shl_unsigned(ex, static_cast<unsigned>(shift), esize, sat);
  }
  const unsigned amount = static_cast<unsigned>(-shift);
  // A right shift of an in-range value stays in range, so saturation never applies.
  const uint64_t r = rounding ? rounding_shift_right(ex, amount, sgn) : shift_right(ex, amount, sgn);
  return r & low_mask(esize);
}

// SQDMULH / SQRDMULH on 16- or 32-bit elements: high half of 2*a*b (+ rounding).
W64_HD W64_INLINE uint64_t sat_doubling_mul_high(uint64_t x, uint64_t y, unsigned esize, bool rounding, bool& sat) {
  const int64_t p = sign_extend(x, esize) * sign_extend(y, esize);  // |p| <= 2^62
  const int64_t r = (p + (rounding ? (1ll << (esize - 2)) : 0)) >> (esize - 1);
  return signed_saturate(r, esize, sat);
}

// SQDMULL on 16- or 32-bit elements: 2*a*b saturated to 2*esize bits.
W64_HD W64_INLINE uint64_t sat_doubling_mul_long(uint64_t x, uint64_t y, unsigned esize, bool& sat) {
  const int64_t p = sign_extend(x, esize) * sign_extend(y, esize);
  if (esize == 32) {
    if (p == (1ll << 62)) {
      sat = true;
      return signed_max(64);
    }  // only min * min
    return static_cast<uint64_t>(p * 2);
  }
  return signed_saturate(p * 2, 2 * esize, sat);
}

// SQDMLAL / SQDMLSL: each of the product and the accumulation saturates.
W64_HD W64_INLINE uint64_t sat_doubling_mul_acc(uint64_t acc, uint64_t x, uint64_t y, unsigned esize, bool sub,
                                                bool& sat) {
  const unsigned wide = 2 * esize;
  const uint64_t product = sat_doubling_mul_long(x, y, esize, sat);
  return sat_add_signed(sign_extend(acc, wide), sign_extend(product, wide), sub, wide, sat);
}

// Polynomial (carry-less) multiply of two bytes; the result has 16 bits.
W64_HD W64_INLINE uint64_t poly_mul8(uint64_t x, uint64_t y) {
  uint64_t product = 0;
  for (unsigned i = 0; i < 8; ++i) {
    if ((y >> i) & 1) product ^= (x & 0xFF) << i;
  }
  return product;
}

// ---- floating point ---------------------------------------------------------------------
// The FP three-same operations, selected by U:a:opcode<2:0> (opcode 11xxx, a = size<1>).
enum FpThreeSame : unsigned {
  kFMaxNm = 0x00,
  kFMla = 0x01,
  kFAdd = 0x02,
  kFMulX = 0x03,
  kFCmEq = 0x04,
  kFMax = 0x06,
  kFRecpS = 0x07,
  kFMinNm = 0x08,
  kFMls = 0x09,
  kFSub = 0x0A,
  kFMin = 0x0E,
  kFRSqrtS = 0x0F,
  kFMaxNmP = 0x10,
  kFAddP = 0x12,
  kFMul = 0x13,
  kFCmGe = 0x14,
  kFAcGe = 0x15,
  kFMaxP = 0x16,
  kFDiv = 0x17,
  kFMinNmP = 0x18,
  kFAbd = 0x1A,
  kFCmGt = 0x1C,
  kFAcGt = 0x1D,
  kFMinP = 0x1E,
};

// One element of a non-pairwise FP three-same operation; `acc` is the destination element
// (FMLA/FMLS). Returns false for an unallocated selector.
W64_HD W64_INLINE bool fp_three_same_element(unsigned sel, unsigned n, uint64_t x, uint64_t y, uint64_t acc,
                                             uint32_t fpcr, uint32_t& fpsr, uint64_t& result) {
  const uint64_t ones = low_mask(n);
  switch (sel) {
    case kFMaxNm: result = fp::max_min_num(n, x, y, true, fpcr, fpsr); return true;
    case kFMla: result = fp::mul_add(n, acc, x, y, fpcr, fpsr); return true;
    case kFAdd: result = fp::add(n, x, y, false, fpcr, fpsr); return true;
    case kFMulX: result = fp::mulx(n, x, y, fpcr, fpsr); return true;
    case kFCmEq: result = (fp::compare(n, x, y, false, fpcr, fpsr) >> 28) == 0x6 ? ones : 0; return true;
    case kFMax: result = fp::max_min(n, x, y, true, fpcr, fpsr); return true;
    case kFRecpS: result = fp::recip_step(n, x, y, fpcr, fpsr); return true;
    case kFMinNm: result = fp::max_min_num(n, x, y, false, fpcr, fpsr); return true;
    case kFMls: result = fp::mul_add(n, acc, fp::fp_neg(n, x), y, fpcr, fpsr); return true;
    case kFSub: result = fp::add(n, x, y, true, fpcr, fpsr); return true;
    case kFMin: result = fp::max_min(n, x, y, false, fpcr, fpsr); return true;
    case kFRSqrtS: result = fp::rsqrt_step(n, x, y, fpcr, fpsr); return true;
    case kFMul: result = fp::mul(n, x, y, fpcr, fpsr); return true;
    case kFCmGe:
    case kFAcGe:
    case kFCmGt:
    case kFAcGt: {
      const bool absolute = sel & 1;
      const uint32_t nzcv =
          fp::compare(n, absolute ? fp::fp_abs(n, x) : x, absolute ? fp::fp_abs(n, y) : y, true, fpcr, fpsr) >> 28;
      const bool holds = sel >= kFCmGt ? nzcv == 0x2 : (nzcv == 0x2 || nzcv == 0x6);
      result = holds ? ones : 0;
      return true;
    }
    case kFDiv: result = fp::div(n, x, y, fpcr, fpsr); return true;
    case kFAbd: result = fp::fp_abs(n, fp::add(n, x, y, true, fpcr, fpsr)); return true;
    default: return false;
  }
}

W64_HD W64_INLINE bool fp_three_same_pairwise(unsigned sel) {
  return sel == kFMaxNmP || sel == kFAddP || sel == kFMaxP || sel == kFMinNmP || sel == kFMinP;
}

// The element operation a pairwise or reducing selector applies to each pair (its U = 0
// counterpart).
W64_HD W64_INLINE uint64_t fp_pair_op(unsigned sel, unsigned n, uint64_t x, uint64_t y, uint32_t fpcr, uint32_t& fpsr) {
  uint64_t result = 0;
  fp_three_same_element(sel & 0xF, n, x, y, 0, fpcr, fpsr, result);
  return result;
}

// Comparisons against zero (two-register misc opcodes 0x0C..0x0E with U): GT, EQ, LT, GE, LE.
W64_HD W64_INLINE uint64_t fp_compare_zero(unsigned u, unsigned opcode, unsigned n, uint64_t x, uint32_t fpcr,
                                           uint32_t& fpsr) {
  const uint64_t ones = low_mask(n);
  switch ((u << 4) | (opcode & 0xF)) {
    case 0x0C: return (fp::compare(n, x, 0, true, fpcr, fpsr) >> 28) == 0x2 ? ones : 0;   // FCMGT
    case 0x0D: return (fp::compare(n, x, 0, false, fpcr, fpsr) >> 28) == 0x6 ? ones : 0;  // FCMEQ
    case 0x0E: return (fp::compare(n, 0, x, true, fpcr, fpsr) >> 28) == 0x2 ? ones : 0;   // FCMLT: 0 > x
    case 0x1C: {                                                                          // FCMGE
      const uint32_t c = fp::compare(n, x, 0, true, fpcr, fpsr) >> 28;
      return c == 0x2 || c == 0x6 ? ones : 0;
    }
    default: {  // FCMLE: 0 >= x
      const uint32_t c = fp::compare(n, 0, x, true, fpcr, fpsr) >> 28;
      return c == 0x2 || c == 0x6 ? ones : 0;
    }
  }
}

// The FP two-register operations shared by the vector and scalar classes, selected by
// U:size<1>:opcode (opcode 0x0C..0x1F). Returns false where unallocated; `scalar` admits
// FRECPX and leaves out the forms that exist only as vectors (FRINT*, FABS, FNEG, FSQRT).
W64_HD W64_INLINE bool fp_misc_element(unsigned u, unsigned hi, unsigned opcode, unsigned n, bool scalar, uint64_t x,
                                       uint32_t fpcr, uint32_t& fpsr, uint64_t& result) {
  const unsigned sel = (u << 6) | (hi << 5) | opcode;
  switch (sel) {
    case 0x2C:
    case 0x2D:
    case 0x2E:
    case 0x6C:
    case 0x6D: result = fp_compare_zero(u, opcode, n, x, fpcr, fpsr); return true;
    case 0x1A:
    case 0x3A:
    case 0x1B:
    case 0x3B:
    case 0x1C:  // FCVTNS FCVTPS FCVTMS FCVTZS FCVTAS
    case 0x5A:
    case 0x7A:
    case 0x5B:
    case 0x7B:
    case 0x5C: {  // and the unsigned forms
      unsigned rounding;
      if (opcode == 0x1C)
        rounding = fp::kTieAway;
      else if (hi)
        rounding = opcode == 0x1A ? fp::kPosInf : fp::kZero;
      else
        rounding = opcode == 0x1A ? fp::kTieEven : fp::kNegInf;
      result = fp::to_fixed(n, x, 0, u == 1, n, rounding, fpcr, fpsr);
      return true;
    }
    case 0x1D:
    case 0x5D:  // SCVTF, UCVTF
      result = fp::from_fixed(n, x, 0, u == 1, n, fp::fpcr_rounding(fpcr), fpcr, fpsr);
      return true;
    case 0x3D: result = fp::recip_estimate(n, x, fpcr, fpsr); return true;  // FRECPE
    case 0x7D: result = fp::rsqrt_estimate(n, x, fpcr, fpsr); return true;  // FRSQRTE
    case 0x3F:                                                              // FRECPX
      if (!scalar) return false;
      result = fp::recpx(n, x, fpcr, fpsr);
      return true;
    default: break;
  }
  if (scalar) return false;
  switch (sel) {
    case 0x2F: result = fp::fp_abs(n, x); return true;                                                 // FABS
    case 0x6F: result = fp::fp_neg(n, x); return true;                                                 // FNEG
    case 0x7F: result = fp::sqrt(n, x, fpcr, fpsr); return true;                                       // FSQRT
    case 0x18: result = fp::round_int(n, x, fp::kTieEven, false, fpcr, fpsr); return true;             // FRINTN
    case 0x38: result = fp::round_int(n, x, fp::kPosInf, false, fpcr, fpsr); return true;              // FRINTP
    case 0x19: result = fp::round_int(n, x, fp::kNegInf, false, fpcr, fpsr); return true;              // FRINTM
    case 0x39: result = fp::round_int(n, x, fp::kZero, false, fpcr, fpsr); return true;                // FRINTZ
    case 0x58: result = fp::round_int(n, x, fp::kTieAway, false, fpcr, fpsr); return true;             // FRINTA
    case 0x79: result = fp::round_int(n, x, fp::fpcr_rounding(fpcr), false, fpcr, fpsr); return true;  // FRINTI
    case 0x59: result = fp::round_int(n, x, fp::fpcr_rounding(fpcr), true, fpcr, fpsr); return true;   // FRINTX
    default: return false;
  }
}

// URECPE / URSQRTE on a 32-bit element.
W64_HD W64_INLINE uint64_t unsigned_recip_estimate(uint64_t x) {
  if (((x >> 31) & 1) == 0) return 0xFFFFFFFFull;
  return static_cast<uint64_t>(fp::recip_estimate_int(static_cast<unsigned>((x >> 23) & 0x1FF)) & 0x1FF) << 23;
}
W64_HD W64_INLINE uint64_t unsigned_rsqrt_estimate(uint64_t x) {
  if (((x >> 30) & 3) == 0) return 0xFFFFFFFFull;
  return static_cast<uint64_t>(fp::rsqrt_estimate_int(static_cast<unsigned>((x >> 23) & 0x1FF)) & 0x1FF) << 23;
}

}  // namespace warp64::core::sem
