// Semantics of the encodings in encodings/fp_data_processing.def: scalar single and double
// precision arithmetic, compares, selects, immediates and conversions (half precision only
// as a conversion source or destination). The arithmetic is in softfloat.hpp.
#pragma once

#include "warp64/core/semantics/common.hpp"
#include "warp64/core/softfloat.hpp"

namespace warp64::core::sem {

// ftype<0> of the single/double encodings: 32 or 64.
W64_HD W64_INLINE unsigned fp_width(uint32_t insn) { return bit(insn, 22) ? 64 : 32; }

// Scalar views of a V register.
template <class State>
W64_HD W64_INLINE uint64_t read_fp(const State& s, unsigned r, unsigned width) {
  return s.v[r][0] & low_mask(width);
}
// A scalar write zeroes the rest of the 128-bit register.
template <class State>
W64_HD W64_INLINE void write_fp(State& s, unsigned r, uint64_t value, unsigned width) {
  s.v[r][0] = value & low_mask(width);
  s.v[r][1] = 0;
}

// ---- data-processing (2 source) ---------------------------------------------------------
enum class FpOp2 : unsigned { kMul, kDiv, kAdd, kSub, kMax, kMin, kMaxNum, kMinNum, kNMul };

template <FpOp2 kOp, class State>
W64_HD W64_INLINE Outcome fp_two_source(uint32_t insn, State& s) {
  const unsigned n = fp_width(insn);
  const uint64_t a = read_fp(s, rn(insn), n), b = read_fp(s, rm(insn), n);
  const uint32_t fpcr = s.fpcr;
  uint32_t fpsr = s.fpsr;
  uint64_t result;
  switch (kOp) {
    case FpOp2::kMul: result = fp::mul(n, a, b, fpcr, fpsr); break;
    case FpOp2::kNMul: result = fp::fp_neg(n, fp::mul(n, a, b, fpcr, fpsr)); break;
    case FpOp2::kDiv: result = fp::div(n, a, b, fpcr, fpsr); break;
    case FpOp2::kAdd: result = fp::add(n, a, b, false, fpcr, fpsr); break;
    case FpOp2::kSub: result = fp::add(n, a, b, true, fpcr, fpsr); break;
    case FpOp2::kMax: result = fp::max_min(n, a, b, true, fpcr, fpsr); break;
    case FpOp2::kMin: result = fp::max_min(n, a, b, false, fpcr, fpsr); break;
    case FpOp2::kMaxNum: result = fp::max_min_num(n, a, b, true, fpcr, fpsr); break;
    default: result = fp::max_min_num(n, a, b, false, fpcr, fpsr); break;
  }
  s.fpsr = fpsr;
  write_fp(s, rd(insn), result, n);
  return Outcome::next();
}

W64_SEMANTICS(FMUL_s) { return fp_two_source<FpOp2::kMul>(insn, s); }
W64_SEMANTICS(FDIV_s) { return fp_two_source<FpOp2::kDiv>(insn, s); }
W64_SEMANTICS(FADD_s) { return fp_two_source<FpOp2::kAdd>(insn, s); }
W64_SEMANTICS(FSUB_s) { return fp_two_source<FpOp2::kSub>(insn, s); }
W64_SEMANTICS(FMAX_s) { return fp_two_source<FpOp2::kMax>(insn, s); }
W64_SEMANTICS(FMIN_s) { return fp_two_source<FpOp2::kMin>(insn, s); }
W64_SEMANTICS(FMAXNM_s) { return fp_two_source<FpOp2::kMaxNum>(insn, s); }
W64_SEMANTICS(FMINNM_s) { return fp_two_source<FpOp2::kMinNum>(insn, s); }
W64_SEMANTICS(FNMUL_s) { return fp_two_source<FpOp2::kNMul>(insn, s); }

// ---- data-processing (3 source) ---------------------------------------------------------
// The negations are applied to the operands (NaNs included) before the fused FPMulAdd.
template <bool kNegateAddend, bool kNegateOp1, class State>
W64_HD W64_INLINE Outcome fp_three_source(uint32_t insn, State& s) {
  const unsigned n = fp_width(insn);
  uint64_t addend = read_fp(s, ra(insn), n), op1 = read_fp(s, rn(insn), n);
  const uint64_t op2 = read_fp(s, rm(insn), n);
  if (kNegateAddend) addend = fp::fp_neg(n, addend);
  if (kNegateOp1) op1 = fp::fp_neg(n, op1);
  uint32_t fpsr = s.fpsr;
  const uint64_t result = fp::mul_add(n, addend, op1, op2, s.fpcr, fpsr);
  s.fpsr = fpsr;
  write_fp(s, rd(insn), result, n);
  return Outcome::next();
}

W64_SEMANTICS(FMADD_s) { return fp_three_source<false, false>(insn, s); }
W64_SEMANTICS(FMSUB_s) { return fp_three_source<false, true>(insn, s); }
W64_SEMANTICS(FNMADD_s) { return fp_three_source<true, true>(insn, s); }
W64_SEMANTICS(FNMSUB_s) { return fp_three_source<true, false>(insn, s); }

// ---- data-processing (1 source) ---------------------------------------------------------
// FMOV, FABS and FNEG move bits: no flags, no flushing.
W64_SEMANTICS(FMOV_reg_s) {
  const unsigned n = fp_width(insn);
  write_fp(s, rd(insn), read_fp(s, rn(insn), n), n);
  return Outcome::next();
}
W64_SEMANTICS(FABS_s) {
  const unsigned n = fp_width(insn);
  write_fp(s, rd(insn), fp::fp_abs(n, read_fp(s, rn(insn), n)), n);
  return Outcome::next();
}
W64_SEMANTICS(FNEG_s) {
  const unsigned n = fp_width(insn);
  write_fp(s, rd(insn), fp::fp_neg(n, read_fp(s, rn(insn), n)), n);
  return Outcome::next();
}
W64_SEMANTICS(FSQRT_s) {
  const unsigned n = fp_width(insn);
  uint32_t fpsr = s.fpsr;
  const uint64_t result = fp::sqrt(n, read_fp(s, rn(insn), n), s.fpcr, fpsr);
  s.fpsr = fpsr;
  write_fp(s, rd(insn), result, n);
  return Outcome::next();
}

// FCVT: ftype is the source and opc the destination precision (00 single, 01 double,
// 11 half); equal types and type 10 are unallocated (opc 10 from double is BFCVT, FEAT_BF16).
W64_SEMANTICS(FCVT_s) {
  const unsigned ftype = field(insn, 23, 22), opc = field(insn, 16, 15);
  if (ftype == opc || ftype == 2 || opc == 2) return Outcome::undefined();
  auto width_of_type = [](unsigned t) -> unsigned { return t == 0 ? 32u : t == 1 ? 64u : 16u; };
  const unsigned from = width_of_type(ftype), to = width_of_type(opc);
  uint32_t fpsr = s.fpsr;
  const uint64_t result = fp::convert(to, from, read_fp(s, rn(insn), from), s.fpcr, fpsr);
  s.fpsr = fpsr;
  write_fp(s, rd(insn), result, to);
  return Outcome::next();
}

// FRINTN/P/M/Z (rmode 000..011), FRINTA (100), FRINTX (110, FPCR rounding, exact),
// FRINTI (111, FPCR rounding); 101 is unallocated.
W64_SEMANTICS(FRINT_s) {
  const unsigned mode = field(insn, 17, 15);
  if (mode == 5) return Outcome::undefined();
  const unsigned n = fp_width(insn);
  unsigned rounding;
  switch (mode) {
    case 0: rounding = fp::kTieEven; break;
    case 1: rounding = fp::kPosInf; break;
    case 2: rounding = fp::kNegInf; break;
    case 3: rounding = fp::kZero; break;
    case 4: rounding = fp::kTieAway; break;
    default: rounding = fp::fpcr_rounding(s.fpcr); break;
  }
  uint32_t fpsr = s.fpsr;
  const uint64_t result = fp::round_int(n, read_fp(s, rn(insn), n), rounding, mode == 6, s.fpcr, fpsr);
  s.fpsr = fpsr;
  write_fp(s, rd(insn), result, n);
  return Outcome::next();
}

// ---- compare, conditional compare, conditional select --------------------------------
// FCMP/FCMPE; the zero forms compare with +0.0 (Rm is ignored).
W64_SEMANTICS(FCMP_s) {
  const unsigned n = fp_width(insn);
  const uint64_t op2 = bit(insn, 3) ? 0 : read_fp(s, rm(insn), n);
  uint32_t fpsr = s.fpsr;
  s.nzcv = fp::compare(n, read_fp(s, rn(insn), n), op2, bit(insn, 4), s.fpcr, fpsr);
  s.fpsr = fpsr;
  return Outcome::next();
}

W64_SEMANTICS(FCCMP_s) {
  const unsigned n = fp_width(insn);
  if (condition_holds(field(insn, 15, 12), s.nzcv)) {
    uint32_t fpsr = s.fpsr;
    s.nzcv = fp::compare(n, read_fp(s, rn(insn), n), read_fp(s, rm(insn), n), bit(insn, 4), s.fpcr, fpsr);
    s.fpsr = fpsr;
  } else {
    s.nzcv = field(insn, 3, 0) << 28;
  }
  return Outcome::next();
}

W64_SEMANTICS(FCSEL_s) {
  const unsigned n = fp_width(insn);
  const unsigned src = condition_holds(field(insn, 15, 12), s.nzcv) ? rn(insn) : rm(insn);
  write_fp(s, rd(insn), read_fp(s, src, n), n);
  return Outcome::next();
}

// VFPExpandImm: sign, NOT(b):Replicate(b, E-3):cd, efgh:Zeros(F-4) from imm8 = a:b:cd:efgh.
W64_SEMANTICS(FMOV_imm_s) {
  const unsigned n = fp_width(insn);
  const uint32_t imm8 = field(insn, 20, 13);
  const unsigned e = fp::exp_bits(n), f = fp::frac_bits(n);
  const uint64_t b = (imm8 >> 6) & 1u;
  const uint64_t exp = ((b ^ 1u) << (e - 1)) | ((b ? low_mask(e - 3) : 0) << 2) | ((imm8 >> 4) & 3u);
  const uint64_t value =
      (static_cast<uint64_t>(imm8 >> 7) << (n - 1)) | (exp << f) | (static_cast<uint64_t>(imm8 & 15u) << (f - 4));
  write_fp(s, rd(insn), value, n);
  return Outcome::next();
}

// ---- conversions between floating-point and fixed-point / integer ----------------------
template <class State>
W64_HD W64_INLINE Outcome fp_to_int(uint32_t insn, State& s, unsigned rounding, bool is_unsigned, unsigned fbits) {
  const unsigned n = fp_width(insn), m = width_of(insn);
  uint32_t fpsr = s.fpsr;
  const uint64_t result = fp::to_fixed(n, read_fp(s, rn(insn), n), fbits, is_unsigned, m, rounding, s.fpcr, fpsr);
  s.fpsr = fpsr;
  set_reg_or_zero(s, rd(insn), result, m);
  return Outcome::next();
}

template <class State>
W64_HD W64_INLINE Outcome int_to_fp(uint32_t insn, State& s, bool is_unsigned, unsigned fbits) {
  const unsigned n = fp_width(insn), m = width_of(insn);
  uint32_t fpsr = s.fpsr;
  const uint64_t result =
      fp::from_fixed(n, reg_or_zero(s, rn(insn), m), fbits, is_unsigned, m, fp::fpcr_rounding(s.fpcr), s.fpcr, fpsr);
  s.fpsr = fpsr;
  write_fp(s, rd(insn), result, n);
  return Outcome::next();
}

// The fixed-point forms take fbits = 64 - scale; a 32-bit integer needs scale >= 32.
W64_HD W64_INLINE bool fixed_scale_valid(uint32_t insn) { return bit(insn, 31) || bit(insn, 15); }
W64_HD W64_INLINE unsigned fixed_fbits(uint32_t insn) { return 64 - field(insn, 15, 10); }

W64_SEMANTICS(FCVTZS_fix) {
  if (!fixed_scale_valid(insn)) return Outcome::undefined();
  return fp_to_int(insn, s, fp::kZero, false, fixed_fbits(insn));
}
W64_SEMANTICS(FCVTZU_fix) {
  if (!fixed_scale_valid(insn)) return Outcome::undefined();
  return fp_to_int(insn, s, fp::kZero, true, fixed_fbits(insn));
}
W64_SEMANTICS(SCVTF_fix) {
  if (!fixed_scale_valid(insn)) return Outcome::undefined();
  return int_to_fp(insn, s, false, fixed_fbits(insn));
}
W64_SEMANTICS(UCVTF_fix) {
  if (!fixed_scale_valid(insn)) return Outcome::undefined();
  return int_to_fp(insn, s, true, fixed_fbits(insn));
}

// FCVTN*/FCVTP*/FCVTM*/FCVTZ*: rmode 00..11 is the FPRounding with the same encoding.
W64_SEMANTICS(FCVT_int) { return fp_to_int(insn, s, field(insn, 20, 19), bit(insn, 16), 0); }
W64_SEMANTICS(FCVTA_int) { return fp_to_int(insn, s, fp::kTieAway, bit(insn, 16), 0); }
W64_SEMANTICS(CVTF_int) { return int_to_fp(insn, s, bit(insn, 16), 0); }

// FMOV between general and FP registers copies bits; the general register reads as XZR.
W64_SEMANTICS(FMOV_w_s) {
  set_reg_or_zero(s, rd(insn), read_fp(s, rn(insn), 32), 32);
  return Outcome::next();
}
W64_SEMANTICS(FMOV_s_w) {
  write_fp(s, rd(insn), x_or_zero(s, rn(insn)), 32);
  return Outcome::next();
}
W64_SEMANTICS(FMOV_x_d) {
  set_x_or_zero(s, rd(insn), s.v[rn(insn)][0]);
  return Outcome::next();
}
W64_SEMANTICS(FMOV_d_x) {
  write_fp(s, rd(insn), x_or_zero(s, rn(insn)), 64);
  return Outcome::next();
}
// The top-half forms access element D[1] and leave the low half unchanged.
W64_SEMANTICS(FMOV_x_d1) {
  set_x_or_zero(s, rd(insn), s.v[rn(insn)][1]);
  return Outcome::next();
}
W64_SEMANTICS(FMOV_d1_x) {
  s.v[rd(insn)][1] = x_or_zero(s, rn(insn));
  return Outcome::next();
}

}  // namespace warp64::core::sem
