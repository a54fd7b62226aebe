// IEEE 754 binary16/32/64 arithmetic on bit patterns, following the Arm ARM's FP pseudocode
// (FPUnpack, FPRound, FPProcessNaNs, FPAdd, FPMul, FPDiv, FPSqrt, FPMulAdd, FPMax/FPMin and
// their Num forms, FPCompare, FPRoundInt, FPToFixed, FixedToFP, FPConvert). Pure integer
// code, so the CPU and GPU engines give identical results: FPCR supplies the rounding mode,
// FZ, DN and AHP controls, and the cumulative exception flags are ORed into an FPSR value.
//
// Widths are passed as n = 16, 32 or 64. Half precision is only used by the conversions.
#pragma once

#include <cstdint>

#include "warp64/core/bits.hpp"
#include "warp64/core/config.hpp"
#if !defined(__CUDA_ARCH__)
#include "warp64/core/host_float.hpp"
#endif

namespace warp64::core::fp {

// FPCR controls.
inline constexpr uint32_t kFpcrAhp = 1u << 26;
inline constexpr uint32_t kFpcrDn = 1u << 25;
inline constexpr uint32_t kFpcrFz = 1u << 24;
inline constexpr unsigned kFpcrRModeShift = 22;
// FPSR cumulative exception flags.
inline constexpr uint32_t kIoc = 1u << 0;
inline constexpr uint32_t kDzc = 1u << 1;
inline constexpr uint32_t kOfc = 1u << 2;
inline constexpr uint32_t kUfc = 1u << 3;
inline constexpr uint32_t kIxc = 1u << 4;
inline constexpr uint32_t kIdc = 1u << 7;

// FPRounding: the first four match FPCR.RMode's encoding.
// kOdd (round to odd) is FCVTXN's mode: truncate, then set the lowest bit if inexact.
enum Rounding : unsigned { kTieEven = 0, kPosInf = 1, kNegInf = 2, kZero = 3, kTieAway = 4, kOdd = 5 };

W64_HD W64_INLINE unsigned fpcr_rounding(uint32_t fpcr) { return (fpcr >> kFpcrRModeShift) & 3u; }

enum class Type : unsigned { kZero, kNonzero, kInfinity, kQNaN, kSNaN };

// Format parameters: exponent bits E and fraction bits F.
W64_HD W64_INLINE unsigned exp_bits(unsigned n) { return n == 16 ? 5 : n == 32 ? 8 : 11; }
W64_HD W64_INLINE unsigned frac_bits(unsigned n) { return n == 16 ? 10 : n == 32 ? 23 : 52; }
W64_HD W64_INLINE int exp_bias(unsigned n) { return (1 << (exp_bits(n) - 1)) - 1; }

W64_HD W64_INLINE uint64_t sign_bit(unsigned n) { return 1ull << (n - 1); }
W64_HD W64_INLINE uint64_t fp_zero(unsigned n, bool sign) { return sign ? sign_bit(n) : 0; }
W64_HD W64_INLINE uint64_t fp_infinity(unsigned n, bool sign) {
  return fp_zero(n, sign) | (low_mask(exp_bits(n)) << frac_bits(n));
}
W64_HD W64_INLINE uint64_t fp_max_normal(unsigned n, bool sign) {
  return fp_zero(n, sign) | (low_mask(exp_bits(n) - 1) << (frac_bits(n) + 1)) | low_mask(frac_bits(n));
}
W64_HD W64_INLINE uint64_t fp_default_nan(unsigned n) { return fp_infinity(n, false) | (1ull << (frac_bits(n) - 1)); }
W64_HD W64_INLINE uint64_t fp_neg(unsigned n, uint64_t x) { return x ^ sign_bit(n); }
W64_HD W64_INLINE uint64_t fp_abs(unsigned n, uint64_t x) { return x & ~sign_bit(n); }

// The value of a non-zero finite operand is sig * 2^scale.
struct Unpacked {
  Type type;
  bool sign;
  uint64_t sig;
  int scale;
};

// FPUnpack. `flush` says whether FPCR.FZ applies to this operand (it never does to half
// precision here: FZ16 belongs to FEAT_FP16, and the conversions clear it).
W64_HD W64_INLINE Unpacked unpack(unsigned n, uint64_t x, uint32_t fpcr, uint32_t& fpsr) {
  const unsigned e_bits = exp_bits(n), f_bits = frac_bits(n);
  Unpacked u;
  u.sign = (x >> (n - 1)) & 1u;
  const uint64_t exp = (x >> f_bits) & low_mask(e_bits);
  const uint64_t frac = x & low_mask(f_bits);
  u.sig = 0;
  u.scale = 0;
  if (exp == 0) {
    if (frac == 0) {
      u.type = Type::kZero;
    } else if (n != 16 && (fpcr & kFpcrFz)) {
      u.type = Type::kZero;
      fpsr |= kIdc;
    } else {
      u.type = Type::kNonzero;
      u.sig = frac;
      u.scale = 1 - exp_bias(n) - static_cast<int>(f_bits);
    }
  } else if (exp == low_mask(e_bits) && !(n == 16 && (fpcr & kFpcrAhp))) {
    if (frac == 0)
      u.type = Type::kInfinity;
    else
      u.type = ((frac >> (f_bits - 1)) & 1u) ? Type::kQNaN : Type::kSNaN;
  } else {
    u.type = Type::kNonzero;
    u.sig = frac | (1ull << f_bits);
    u.scale = static_cast<int>(exp) - exp_bias(n) - static_cast<int>(f_bits);
  }
  return u;
}

W64_HD W64_INLINE bool is_nan(Type t) { return t == Type::kQNaN || t == Type::kSNaN; }

// FPProcessNaN: quietens a signalling NaN (raising Invalid Operation); DN substitutes the
// default NaN.
W64_HD W64_INLINE uint64_t process_nan(unsigned n, Type type, uint64_t op, uint32_t fpcr, uint32_t& fpsr) {
  uint64_t result = op;
  if (type == Type::kSNaN) {
    result |= 1ull << (frac_bits(n) - 1);
    fpsr |= kIoc;
  }
  if (fpcr & kFpcrDn) result = fp_default_nan(n);
  return result;
}

// FPProcessNaNs / FPProcessNaNs3: signalling NaNs first, then quiet ones, in operand order.
W64_HD W64_INLINE bool process_nans(unsigned n, const Unpacked* u, const uint64_t* ops, unsigned count, uint32_t fpcr,
                                    uint32_t& fpsr, uint64_t& result) {
  for (unsigned i = 0; i < count; ++i) {
    if (u[i].type == Type::kSNaN) {
      result = process_nan(n, u[i].type, ops[i], fpcr, fpsr);
      return true;
    }
  }
  for (unsigned i = 0; i < count; ++i) {
    if (u[i].type == Type::kQNaN) {
      result = process_nan(n, u[i].type, ops[i], fpcr, fpsr);
      return true;
    }
  }
  return false;
}

// ---- wide integer helpers ---------------------------------------------------------------
struct U128 {
  uint64_t hi, lo;
};

W64_HD W64_INLINE U128 mul_64x64(uint64_t a, uint64_t b) {
  const uint64_t a0 = a & 0xFFFFFFFFull, a1 = a >> 32, b0 = b & 0xFFFFFFFFull, b1 = b >> 32;
  const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFull) + (p10 & 0xFFFFFFFFull);
  return {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (p00 & 0xFFFFFFFFull)};
}

W64_HD W64_INLINE unsigned clz128(U128 x) {
  return x.hi != 0 ? count_leading_zeros(x.hi, 64) : 64 + count_leading_zeros(x.lo, 64);
}

W64_HD W64_INLINE U128 shl128(U128 x, unsigned k) {
  if (k == 0) return x;
  if (k >= 128) return {0, 0};
  if (k >= 64) return {x.lo << (k - 64), 0};
  return {(x.hi << k) | (x.lo >> (64 - k)), x.lo << k};
}

// Right shift that ORs every bit shifted out into bit 0 (keeps inexactness visible).
W64_HD W64_INLINE U128 shr128_jam(U128 x, unsigned k) {
  if (k == 0) return x;
  if (k >= 128) return {0, (x.hi | x.lo) != 0 ? 1ull : 0ull};
  U128 r;
  uint64_t lost;
  if (k >= 64) {
    r = {0, k == 64 ? x.hi : x.hi >> (k - 64)};
    lost = x.lo | (k == 64 ? 0 : (x.hi << (128 - k)));
  } else {
    r = {x.hi >> k, (x.lo >> k) | (x.hi << (64 - k))};
    lost = x.lo << (64 - k);
  }
  if (lost != 0) r.lo |= 1;
  return r;
}

W64_HD W64_INLINE U128 add128(U128 a, U128 b) {
  const uint64_t lo = a.lo + b.lo;
  return {a.hi + b.hi + (lo < a.lo ? 1u : 0u), lo};
}
W64_HD W64_INLINE U128 sub128(U128 a, U128 b) { return {a.hi - b.hi - (a.lo < b.lo ? 1u : 0u), a.lo - b.lo}; }
W64_HD W64_INLINE bool less128(U128 a, U128 b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }

// Top 64 bits of a non-zero value with the rest folded into bit 0; adjusts the scale.
W64_HD W64_INLINE uint64_t narrow128(U128 x, int& scale) {
  if (x.hi == 0) return x.lo;
  const unsigned k = 64 - count_leading_zeros(x.hi, 64);
  scale += static_cast<int>(k);
  return shr128_jam(x, k).lo;
}

W64_HD W64_INLINE uint64_t shr_jam(uint64_t x, unsigned k) {
  if (k == 0) return x;
  if (k >= 64) return x != 0 ? 1 : 0;
  return (x >> k) | ((x & low_mask(k)) != 0 ? 1u : 0u);
}

// ---- FPRound ------------------------------------------------------------------------------
// Rounds the non-zero value (-1)^sign * sig * 2^scale to an n-bit format. Bits of sig below
// the format's precision may carry a sticky 1 for discarded lower bits.
W64_HD W64_OUTLINE uint64_t round(unsigned n, bool sign, uint64_t sig, int scale, uint32_t fpcr, unsigned rounding,
                                  uint32_t& fpsr) {
  const unsigned e_bits = exp_bits(n), f_bits = frac_bits(n);
  const int minimum_exp = 1 - exp_bias(n);
  // Normalise: the leading one goes to bit 63 and `exponent` is its weight.
  const unsigned lz = count_leading_zeros(sig, 64);
  sig <<= lz;
  const int exponent = scale + 63 - static_cast<int>(lz);

  if (n != 16 && (fpcr & kFpcrFz) && exponent < minimum_exp) {
    fpsr |= kUfc;
    return fp_zero(n, sign);
  }
  int biased_exp = exponent - minimum_exp + 1;
  unsigned shift = 63 - f_bits;  // bits below the result's last fraction bit
  if (biased_exp <= 0) {
    shift += static_cast<unsigned>(1 - biased_exp);
    biased_exp = 0;
  }
  uint64_t int_mant;
  bool half, sticky;
  if (shift >= 64) {
    int_mant = 0;
    half = shift == 64 ? (sig >> 63) != 0 : false;
    sticky = shift == 64 ? (sig << 1) != 0 : true;
  } else {
    int_mant = sig >> shift;
    half = (sig >> (shift - 1)) & 1u;
    sticky = (sig & low_mask(shift - 1)) != 0;
  }
  const bool inexact = half || sticky;
  if (biased_exp == 0 && inexact) fpsr |= kUfc;

  bool round_up, overflow_to_inf;
  switch (rounding) {
    case kTieEven:
      round_up = half && (sticky || (int_mant & 1u));
      overflow_to_inf = true;
      break;
    case kPosInf:
      round_up = inexact && !sign;
      overflow_to_inf = !sign;
      break;
    case kNegInf:
      round_up = inexact && sign;
      overflow_to_inf = sign;
      break;
    case kTieAway:
      round_up = half;
      overflow_to_inf = true;
      break;
    default:
      round_up = false;
      overflow_to_inf = false;
      break;
  }
  if (round_up) {
    ++int_mant;
    if (int_mant == (1ull << f_bits)) biased_exp = 1;  // a denormal rounded up to a normal
    if (int_mant == (1ull << (f_bits + 1))) {
      ++biased_exp;
      int_mant >>= 1;
    }
  }
  if (rounding == kOdd && inexact) int_mant |= 1;
  uint64_t result;
  bool raise_inexact = inexact;
  if (n != 16 || !(fpcr & kFpcrAhp)) {
    if (biased_exp >= static_cast<int>(low_mask(e_bits))) {
      result = overflow_to_inf ? fp_infinity(n, sign) : fp_max_normal(n, sign);
      fpsr |= kOfc;
      raise_inexact = true;
    } else {
      result = fp_zero(n, sign) | (static_cast<uint64_t>(biased_exp) << f_bits) | (int_mant & low_mask(f_bits));
    }
  } else {
    // Alternative half precision has no infinities: out of range saturates and is invalid.
    if (biased_exp >= static_cast<int>(1u << e_bits)) {
      result = fp_zero(n, sign) | low_mask(n - 1);
      fpsr |= kIoc;
      raise_inexact = false;
    } else {
      result = fp_zero(n, sign) | (static_cast<uint64_t>(biased_exp) << f_bits) | (int_mant & low_mask(f_bits));
    }
  }
  if (raise_inexact) fpsr |= kIxc;
  return result;
}

// A zero result of an exact sum of non-zero values: +0 except when rounding toward -inf.
W64_HD W64_INLINE uint64_t exact_zero(unsigned n, unsigned rounding) { return fp_zero(n, rounding == kNegInf); }

// ---- arithmetic -------------------------------------------------------------------------
// FPAdd (and FPSub through `negate2`, which leaves a NaN operand unchanged).
W64_HD W64_OUTLINE uint64_t soft_add(unsigned n, uint64_t op1, uint64_t op2, bool negate2, uint32_t fpcr,
                                     uint32_t& fpsr) {
  const unsigned rounding = fpcr_rounding(fpcr);
  const Unpacked u[2] = {unpack(n, op1, fpcr, fpsr), unpack(n, op2, fpcr, fpsr)};
  const uint64_t ops[2] = {op1, op2};
  uint64_t result;
  if (process_nans(n, u, ops, 2, fpcr, fpsr, result)) return result;
  const bool sign1 = u[0].sign, sign2 = u[1].sign != negate2;
  const bool inf1 = u[0].type == Type::kInfinity, inf2 = u[1].type == Type::kInfinity;
  const bool zero1 = u[0].type == Type::kZero, zero2 = u[1].type == Type::kZero;
  if (inf1 && inf2 && sign1 != sign2) {
    fpsr |= kIoc;
    return fp_default_nan(n);
  }
  if ((inf1 && !sign1) || (inf2 && !sign2)) return fp_infinity(n, false);
  if ((inf1 && sign1) || (inf2 && sign2)) return fp_infinity(n, true);
  if (zero1 && zero2 && sign1 == sign2) return fp_zero(n, sign1);
  if (zero1 && zero2) return exact_zero(n, rounding);
  if (zero2) return round(n, sign1, u[0].sig, u[0].scale, fpcr, rounding, fpsr);
  if (zero1) return round(n, sign2, u[1].sig, u[1].scale, fpcr, rounding, fpsr);
  // Both significands get their leading one at bit 61, leaving room for a carry; the
  // smaller operand is shifted right with a sticky bit (enough guard bits remain for a
  // correctly rounded result).
  uint64_t a = u[0].sig, b = u[1].sig;
  int sa = u[0].scale, sb = u[1].scale;
  bool signa = sign1, signb = sign2;
  const unsigned la = count_leading_zeros(a, 64), lb = count_leading_zeros(b, 64);
  a <<= la - 2;
  sa -= static_cast<int>(la) - 2;
  b <<= lb - 2;
  sb -= static_cast<int>(lb) - 2;
  if (sb > sa || (sb == sa && b > a)) {
    uint64_t t = a;
    a = b;
    b = t;
    int ts = sa;
    sa = sb;
    sb = ts;
    bool tg = signa;
    signa = signb;
    signb = tg;
  }
  b = shr_jam(b, static_cast<unsigned>(sa - sb > 64 ? 64 : sa - sb));
  const uint64_t sum = signa == signb ? a + b : a - b;
  if (sum == 0) return exact_zero(n, rounding);
  return round(n, signa, sum, sa, fpcr, rounding, fpsr);
}

// FPMul; FNMUL negates the result afterwards.
W64_HD W64_OUTLINE uint64_t soft_mul(unsigned n, uint64_t op1, uint64_t op2, uint32_t fpcr, uint32_t& fpsr) {
  const Unpacked u[2] = {unpack(n, op1, fpcr, fpsr), unpack(n, op2, fpcr, fpsr)};
  const uint64_t ops[2] = {op1, op2};
  uint64_t result;
  if (process_nans(n, u, ops, 2, fpcr, fpsr, result)) return result;
  const bool inf1 = u[0].type == Type::kInfinity, inf2 = u[1].type == Type::kInfinity;
  const bool zero1 = u[0].type == Type::kZero, zero2 = u[1].type == Type::kZero;
  const bool sign = u[0].sign != u[1].sign;
  if ((inf1 && zero2) || (zero1 && inf2)) {
    fpsr |= kIoc;
    return fp_default_nan(n);
  }
  if (inf1 || inf2) return fp_infinity(n, sign);
  if (zero1 || zero2) return fp_zero(n, sign);
  int scale = u[0].scale + u[1].scale;
  const uint64_t sig = narrow128(mul_64x64(u[0].sig, u[1].sig), scale);
  return round(n, sign, sig, scale, fpcr, fpcr_rounding(fpcr), fpsr);
}

// FPDiv: the quotient is produced bit by bit with the remainder as the sticky bit.
W64_HD W64_OUTLINE uint64_t soft_div(unsigned n, uint64_t op1, uint64_t op2, uint32_t fpcr, uint32_t& fpsr) {
  const Unpacked u[2] = {unpack(n, op1, fpcr, fpsr), unpack(n, op2, fpcr, fpsr)};
  const uint64_t ops[2] = {op1, op2};
  uint64_t result;
  if (process_nans(n, u, ops, 2, fpcr, fpsr, result)) return result;
  const bool inf1 = u[0].type == Type::kInfinity, inf2 = u[1].type == Type::kInfinity;
  const bool zero1 = u[0].type == Type::kZero, zero2 = u[1].type == Type::kZero;
  const bool sign = u[0].sign != u[1].sign;
  if ((inf1 && inf2) || (zero1 && zero2)) {
    fpsr |= kIoc;
    return fp_default_nan(n);
  }
  if (inf1 || zero2) {
    if (!inf1) fpsr |= kDzc;
    return fp_infinity(n, sign);
  }
  if (zero1 || inf2) return fp_zero(n, sign);
  const unsigned la = count_leading_zeros(u[0].sig, 64), lb = count_leading_zeros(u[1].sig, 64);
  uint64_t r = u[0].sig << (la - 2);
  const uint64_t d = u[1].sig << (lb - 2);
  const int scale = (u[0].scale - (static_cast<int>(la) - 2)) - (u[1].scale - (static_cast<int>(lb) - 2)) - 63;
  uint64_t q = 0;
  for (unsigned i = 0; i < 64; ++i) {
    q <<= 1;
    if (r >= d) {
      r -= d;
      q |= 1;
    }
    r <<= 1;
  }
  if (r != 0) q |= 1;
  return round(n, sign, q, scale, fpcr, fpcr_rounding(fpcr), fpsr);
}

// FPSqrt: digit-by-digit integer square root of a 122-bit radicand.
W64_HD W64_OUTLINE uint64_t soft_sqrt(unsigned n, uint64_t op, uint32_t fpcr, uint32_t& fpsr) {
  const Unpacked u = unpack(n, op, fpcr, fpsr);
  if (is_nan(u.type)) return process_nan(n, u.type, op, fpcr, fpsr);
  if (u.type == Type::kZero) return fp_zero(n, u.sign);
  if (u.type == Type::kInfinity && !u.sign) return fp_infinity(n, false);
  if (u.sign) {
    fpsr |= kIoc;
    return fp_default_nan(n);
  }
  const int msb = 63 - static_cast<int>(count_leading_zeros(u.sig, 64));
  int sh = 120 - msb;
  if (((u.scale - sh) & 1) != 0) ++sh;
  const U128 radicand = shl128({0, u.sig}, static_cast<unsigned>(sh));
  uint64_t root = 0, rem = 0;
  for (int i = 60; i >= 0; --i) {
    const unsigned pos = static_cast<unsigned>(2 * i);
    const uint64_t two = pos >= 64 ? (radicand.hi >> (pos - 64)) & 3u : (radicand.lo >> pos) & 3u;
    rem = (rem << 2) | two;
    const uint64_t trial = (root << 2) | 1;
    if (rem >= trial) {
      rem -= trial;
      root = (root << 1) | 1;
    } else {
      root <<= 1;
    }
  }
  if (rem != 0) root |= 1;  // root has 61 bits: the low one is far below the rounding point
  return round(n, false, root, (u.scale - sh) / 2, fpcr, fpcr_rounding(fpcr), fpsr);
}

// FPMulAdd: addend + op1 * op2 with a single rounding.
// `halve` divides the exact result by two before its rounding (FRSQRTS's (3 + a*b) / 2).
W64_HD W64_OUTLINE uint64_t soft_mul_add(unsigned n, uint64_t addend, uint64_t op1, uint64_t op2, uint32_t fpcr,
                                         uint32_t& fpsr, bool halve = false) {
  const int adjust = halve ? -1 : 0;
  const unsigned rounding = fpcr_rounding(fpcr);
  const Unpacked u[3] = {unpack(n, addend, fpcr, fpsr), unpack(n, op1, fpcr, fpsr), unpack(n, op2, fpcr, fpsr)};
  const uint64_t ops[3] = {addend, op1, op2};
  uint64_t result;
  const bool done = process_nans(n, u, ops, 3, fpcr, fpsr, result);
  const bool inf1 = u[1].type == Type::kInfinity, inf2 = u[2].type == Type::kInfinity;
  const bool zero1 = u[1].type == Type::kZero, zero2 = u[2].type == Type::kZero;
  if (u[0].type == Type::kQNaN && ((inf1 && zero2) || (zero1 && inf2))) {
    fpsr |= kIoc;
    return fp_default_nan(n);
  }
  if (done) return result;
  const bool infa = u[0].type == Type::kInfinity, zeroa = u[0].type == Type::kZero;
  const bool signa = u[0].sign, signp = u[1].sign != u[2].sign;
  const bool infp = inf1 || inf2, zerop = zero1 || zero2;
  if ((inf1 && zero2) || (zero1 && inf2) || (infa && infp && signa != signp)) {
    fpsr |= kIoc;
    return fp_default_nan(n);
  }
  if ((infa && !signa) || (infp && !signp)) return fp_infinity(n, false);
  if ((infa && signa) || (infp && signp)) return fp_infinity(n, true);
  if (zeroa && zerop && signa == signp) return fp_zero(n, signa);
  if (zeroa && zerop) return exact_zero(n, rounding);
  if (zerop) return round(n, signa, u[0].sig, u[0].scale + adjust, fpcr, rounding, fpsr);
  U128 p = mul_64x64(u[1].sig, u[2].sig);
  int sp = u[1].scale + u[2].scale;
  {
    const unsigned lz = clz128(p);
    p = shl128(p, lz - 2);
    sp -= static_cast<int>(lz) - 2;
  }
  if (zeroa) {
    const uint64_t sig = narrow128(p, sp);
    return round(n, signp, sig, sp + adjust, fpcr, rounding, fpsr);
  }
  U128 a = {0, u[0].sig};
  int sa = u[0].scale;
  {
    const unsigned lz = clz128(a);
    a = shl128(a, lz - 2);
    sa -= static_cast<int>(lz) - 2;
  }
  // Both have their leading one at bit 125: align the smaller one to the larger.
  U128 big = p, small = a;
  int sbig = sp, ssmall = sa;
  bool sign_big = signp, sign_small = signa;
  if (sa > sp || (sa == sp && less128(p, a))) {
    big = a;
    small = p;
    sbig = sa;
    ssmall = sp;
    sign_big = signa;
    sign_small = signp;
  }
  const int diff = sbig - ssmall;
  small = shr128_jam(small, static_cast<unsigned>(diff > 128 ? 128 : diff));
  const U128 sum = sign_big == sign_small ? add128(big, small) : sub128(big, small);
  if (sum.hi == 0 && sum.lo == 0) return exact_zero(n, rounding);
  int scale = sbig;
  const uint64_t sig = narrow128(sum, scale);
  return round(n, sign_big, sig, scale + adjust, fpcr, rounding, fpsr);
}

// Compares two finite non-zero-or-zero operands by value: -1, 0 or 1.
W64_HD W64_INLINE int compare_values(const Unpacked& a, const Unpacked& b) {
  auto magnitude_cmp = [](const Unpacked& x, const Unpacked& y) -> int {
    if (x.type == Type::kZero) return y.type == Type::kZero ? 0 : -1;
    if (y.type == Type::kZero) return 1;
    if (x.type == Type::kInfinity) return y.type == Type::kInfinity ? 0 : 1;
    if (y.type == Type::kInfinity) return -1;
    const int ex = x.scale + 63 - static_cast<int>(count_leading_zeros(x.sig, 64));
    const int ey = y.scale + 63 - static_cast<int>(count_leading_zeros(y.sig, 64));
    if (ex != ey) return ex < ey ? -1 : 1;
    const uint64_t mx = x.sig << count_leading_zeros(x.sig, 64), my = y.sig << count_leading_zeros(y.sig, 64);
    return mx == my ? 0 : mx < my ? -1 : 1;
  };
  const bool za = a.type == Type::kZero, zb = b.type == Type::kZero;
  if (za && zb) return 0;
  const bool na = !za && a.sign, nb = !zb && b.sign;
  if (na != nb) return na ? -1 : 1;
  const int m = magnitude_cmp(a, b);
  return na ? -m : m;
}

// FPMax / FPMin.
W64_HD W64_OUTLINE uint64_t max_min(unsigned n, uint64_t op1, uint64_t op2, bool is_max, uint32_t fpcr,
                                    uint32_t& fpsr) {
  const Unpacked u[2] = {unpack(n, op1, fpcr, fpsr), unpack(n, op2, fpcr, fpsr)};
  const uint64_t ops[2] = {op1, op2};
  uint64_t result;
  if (process_nans(n, u, ops, 2, fpcr, fpsr, result)) return result;
  const int c = compare_values(u[0], u[1]);
  const bool pick1 = is_max ? c > 0 : c < 0;
  const Unpacked& w = pick1 ? u[0] : u[1];
  if (w.type == Type::kInfinity) return fp_infinity(n, w.sign);
  if (w.type == Type::kZero) {
    const bool sign = is_max ? (u[0].sign && u[1].sign) : (u[0].sign || u[1].sign);
    // Only a flushed or true zero can tie with another zero here.
    if (u[0].type == Type::kZero && u[1].type == Type::kZero) return fp_zero(n, sign);
    return fp_zero(n, w.sign);
  }
  return round(n, w.sign, w.sig, w.scale, fpcr, kTieEven, fpsr);
}

// FPMaxNum / FPMinNum: a single quiet NaN loses to any number.
W64_HD W64_OUTLINE uint64_t max_min_num(unsigned n, uint64_t op1, uint64_t op2, bool is_max, uint32_t fpcr,
                                        uint32_t& fpsr) {
  const Type t1 = unpack(n, op1, fpcr, fpsr).type, t2 = unpack(n, op2, fpcr, fpsr).type;
  if (t1 == Type::kQNaN && t2 != Type::kQNaN)
    op1 = fp_infinity(n, is_max);
  else if (t1 != Type::kQNaN && t2 == Type::kQNaN)
    op2 = fp_infinity(n, is_max);
  return max_min(n, op1, op2, is_max, fpcr, fpsr);
}

// FPCompare: the NZCV result in bits 31..28.
W64_HD W64_OUTLINE uint32_t soft_compare(unsigned n, uint64_t op1, uint64_t op2, bool signal_nans, uint32_t fpcr,
                                         uint32_t& fpsr) {
  const Unpacked a = unpack(n, op1, fpcr, fpsr), b = unpack(n, op2, fpcr, fpsr);
  if (is_nan(a.type) || is_nan(b.type)) {
    if (a.type == Type::kSNaN || b.type == Type::kSNaN || signal_nans) fpsr |= kIoc;
    return 0x3u << 28;
  }
  const int c = compare_values(a, b);
  return c == 0 ? 0x6u << 28 : c < 0 ? 0x8u << 28 : 0x2u << 28;
}

// ---- the arithmetic, through the host's where it gives the same bits and flags --------
#if !defined(__CUDA_ARCH__)
// The conditions under which host_float.hpp's cases apply (it says why).
W64_INLINE bool host_arithmetic_applies(uint32_t fpcr, uint32_t fpsr) {
  return fpcr_rounding(fpcr) == kTieEven && (fpsr & kIxc) != 0;
}
#endif

W64_HD W64_INLINE uint64_t add(unsigned n, uint64_t op1, uint64_t op2, bool negate2, uint32_t fpcr, uint32_t& fpsr) {
#if !defined(__CUDA_ARCH__)
  uint64_t result;
  if (host_arithmetic_applies(fpcr, fpsr) &&
      host::in_format(n, [&](auto format) { return host::add(format, op1, op2, negate2, result); }))
    return result;
#endif
  return soft_add(n, op1, op2, negate2, fpcr, fpsr);
}

W64_HD W64_INLINE uint64_t mul(unsigned n, uint64_t op1, uint64_t op2, uint32_t fpcr, uint32_t& fpsr) {
#if !defined(__CUDA_ARCH__)
  uint64_t result;
  if (host_arithmetic_applies(fpcr, fpsr) &&
      host::in_format(n, [&](auto format) { return host::mul(format, op1, op2, result); }))
    return result;
#endif
  return soft_mul(n, op1, op2, fpcr, fpsr);
}

W64_HD W64_INLINE uint64_t div(unsigned n, uint64_t op1, uint64_t op2, uint32_t fpcr, uint32_t& fpsr) {
#if !defined(__CUDA_ARCH__)
  uint64_t result;
  if (host_arithmetic_applies(fpcr, fpsr) &&
      host::in_format(n, [&](auto format) { return host::div(format, op1, op2, result); }))
    return result;
#endif
  return soft_div(n, op1, op2, fpcr, fpsr);
}

W64_HD W64_INLINE uint64_t sqrt(unsigned n, uint64_t op, uint32_t fpcr, uint32_t& fpsr) {
#if !defined(__CUDA_ARCH__)
  uint64_t result;
  if (host_arithmetic_applies(fpcr, fpsr) &&
      host::in_format(n, [&](auto format) { return host::sqrt(format, op, result); }))
    return result;
#endif
  return soft_sqrt(n, op, fpcr, fpsr);
}

W64_HD W64_INLINE uint64_t mul_add(unsigned n, uint64_t addend, uint64_t op1, uint64_t op2, uint32_t fpcr,
                                   uint32_t& fpsr, bool halve = false) {
#if !defined(__CUDA_ARCH__)
  uint64_t result;
  if (!halve && host_arithmetic_applies(fpcr, fpsr) &&
      host::in_format(n, [&](auto format) { return host::mul_add(format, addend, op1, op2, result); }))
    return result;
#endif
  return soft_mul_add(n, addend, op1, op2, fpcr, fpsr, halve);
}

// Comparisons of zero or normal operands depend on neither FPCR nor FPSR.
W64_HD W64_INLINE uint32_t compare(unsigned n, uint64_t op1, uint64_t op2, bool signal_nans, uint32_t fpcr,
                                   uint32_t& fpsr) {
#if !defined(__CUDA_ARCH__)
  uint32_t nzcv;
  if (host::in_format(n, [&](auto format) { return host::compare(format, op1, op2, nzcv); })) return nzcv;
#endif
  return soft_compare(n, op1, op2, signal_nans, fpcr, fpsr);
}

// Splits |value| = sig * 2^scale into an integer part and the round/sticky bits of the
// fraction, then applies `rounding` for the given sign. Returns false when the integer part
// does not fit in 64 bits.
W64_HD W64_INLINE bool round_to_integer(uint64_t sig, int scale, bool sign, unsigned rounding, uint64_t& magnitude,
                                        bool& inexact) {
  if (scale >= 0) {
    const unsigned msb = 63 - count_leading_zeros(sig, 64);
    if (static_cast<int>(msb) + scale > 63) return false;
    magnitude = sig << scale;
    inexact = false;
    return true;
  }
  const unsigned k = static_cast<unsigned>(-scale);
  uint64_t integer;
  bool half, sticky;
  if (k >= 64) {
    integer = 0;
    half = k == 64 ? (sig >> 63) != 0 : false;
    sticky = k == 64 ? (sig << 1) != 0 : sig != 0;
  } else {
    integer = sig >> k;
    half = (sig >> (k - 1)) & 1u;
    sticky = (sig & low_mask(k - 1)) != 0;
  }
  inexact = half || sticky;
  bool round_up;
  switch (rounding) {
    case kTieEven: round_up = half && (sticky || (integer & 1u)); break;
    case kPosInf: round_up = inexact && !sign; break;
    case kNegInf: round_up = inexact && sign; break;
    case kTieAway: round_up = half; break;
    default: round_up = false; break;
  }
  magnitude = integer + (round_up ? 1u : 0u);
  return true;
}

// FPRoundInt; `exact` (FRINTX) raises Inexact when the value changes.
W64_HD W64_OUTLINE uint64_t round_int(unsigned n, uint64_t op, unsigned rounding, bool exact, uint32_t fpcr,
                                      uint32_t& fpsr) {
  const Unpacked u = unpack(n, op, fpcr, fpsr);
  if (is_nan(u.type)) return process_nan(n, u.type, op, fpcr, fpsr);
  if (u.type == Type::kInfinity) return fp_infinity(n, u.sign);
  if (u.type == Type::kZero) return fp_zero(n, u.sign);
  if (u.scale >= 0) return op;  // already an integer
  uint64_t magnitude;
  bool inexact;
  round_to_integer(u.sig, u.scale, u.sign, rounding, magnitude, inexact);
  uint64_t result;
  if (magnitude == 0) {
    result = fp_zero(n, u.sign);
  } else {
    uint32_t ignored = 0;
    result = round(n, u.sign, magnitude, 0, fpcr, kTieEven, ignored);
  }
  if (inexact && exact) fpsr |= kIxc;
  return result;
}

// FPToFixed: op * 2^fbits rounded to an `m`-bit signed or unsigned integer, saturating.
W64_HD W64_OUTLINE uint64_t to_fixed(unsigned n, uint64_t op, unsigned fbits, bool is_unsigned, unsigned m,
                                     unsigned rounding, uint32_t fpcr, uint32_t& fpsr) {
  const Unpacked u = unpack(n, op, fpcr, fpsr);
  if (is_nan(u.type)) {
    fpsr |= kIoc;
    return 0;
  }
  uint64_t magnitude = 0;
  bool inexact = false, fits = true;
  if (u.type == Type::kInfinity)
    fits = false;
  else if (u.type == Type::kNonzero)
    fits = round_to_integer(u.sig, u.scale + static_cast<int>(fbits), u.sign, rounding, magnitude, inexact);
  const uint64_t limit = is_unsigned ? low_mask(m) : (1ull << (m - 1)) - 1;  // largest positive
  uint64_t result;
  bool overflow;
  if (u.sign && (magnitude != 0 || !fits)) {
    const uint64_t neg_limit = is_unsigned ? 0 : (1ull << (m - 1));
    overflow = !fits || magnitude > neg_limit;
    result = overflow ? (is_unsigned ? 0 : (0 - neg_limit)) : 0 - magnitude;
  } else {
    overflow = !fits || magnitude > limit;
    result = overflow ? limit : magnitude;
  }
  if (overflow)
    fpsr |= kIoc;
  else if (inexact)
    fpsr |= kIxc;
  return result & low_mask(m);
}

// FixedToFP: the `m`-bit integer op scaled by 2^-fbits, rounded to n bits.
W64_HD W64_OUTLINE uint64_t from_fixed(unsigned n, uint64_t op, unsigned fbits, bool is_unsigned, unsigned m,
                                       unsigned rounding, uint32_t fpcr, uint32_t& fpsr) {
  op &= low_mask(m);
  bool sign = false;
  uint64_t magnitude = op;
  if (!is_unsigned && ((op >> (m - 1)) & 1u)) {
    sign = true;
    magnitude = (0 - op) & low_mask(m);
    if (magnitude == 0) magnitude = 1ull << (m - 1);
  }
  if (magnitude == 0) return fp_zero(n, false);
  return round(n, sign, magnitude, -static_cast<int>(fbits), fpcr, rounding, fpsr);
}

// FPConvert between formats (from_n -> to_n). FZ applies to single and double operands and
// results only; AHP selects the alternative half-precision format.
// `rounding` overrides FPCR's mode (FCVTXN rounds to odd).
W64_HD W64_OUTLINE uint64_t convert_rounding(unsigned to_n, unsigned from_n, uint64_t op, uint32_t fpcr,
                                             unsigned rounding, uint32_t& fpsr) {
  const Unpacked u = unpack(from_n, op, fpcr, fpsr);
  const bool alt_hp = to_n == 16 && (fpcr & kFpcrAhp);
  if (is_nan(u.type)) {
    uint64_t result;
    if (alt_hp) {
      result = fp_zero(to_n, u.sign);
    } else if (fpcr & kFpcrDn) {
      result = fp_default_nan(to_n);
    } else {
      // FPConvertNaN: keep the sign and the top payload bits; the result is quiet.
      const unsigned ff = frac_bits(from_n), tf = frac_bits(to_n);
      const uint64_t payload = op & low_mask(ff - 1);  // fraction without the quiet bit
      const uint64_t moved = ff > tf ? payload >> (ff - tf) : payload << (tf - ff);
      result = fp_infinity(to_n, u.sign) | (1ull << (tf - 1)) | moved;
    }
    if (u.type == Type::kSNaN || alt_hp) fpsr |= kIoc;
    return result;
  }
  if (u.type == Type::kInfinity) {
    if (alt_hp) {
      fpsr |= kIoc;
      return fp_zero(to_n, u.sign) | low_mask(to_n - 1);
    }
    return fp_infinity(to_n, u.sign);
  }
  if (u.type == Type::kZero) return fp_zero(to_n, u.sign);
  return round(to_n, u.sign, u.sig, u.scale, fpcr, rounding, fpsr);
}

W64_HD W64_INLINE uint64_t convert(unsigned to_n, unsigned from_n, uint64_t op, uint32_t fpcr, uint32_t& fpsr) {
  return convert_rounding(to_n, from_n, op, fpcr, fpcr_rounding(fpcr), fpsr);
}

// ---- Advanced SIMD helpers: FMULX, the Newton-Raphson steps and the estimates -----------
// 2.0, 1.5 and 3.0 in an n-bit format.
W64_HD W64_INLINE uint64_t fp_two(unsigned n, bool sign) { return fp_zero(n, sign) | (1ull << (n - 2)); }
W64_HD W64_INLINE uint64_t fp_three(unsigned n) { return fp_two(n, false) | (1ull << (frac_bits(n) - 1)); }
W64_HD W64_INLINE uint64_t fp_one_point_five(unsigned n) {
  return (low_mask(exp_bits(n) - 1) << frac_bits(n)) | (1ull << (frac_bits(n) - 1));
}

// True when neither operand is a NaN and one is infinite while the other is zero: the case
// that FMULX, FRECPS and FRSQRTS answer with a constant instead of Invalid Operation.
W64_HD W64_INLINE bool inf_times_zero(unsigned n, uint64_t op1, uint64_t op2, uint32_t fpcr, uint32_t& fpsr) {
  const Unpacked a = unpack(n, op1, fpcr, fpsr), b = unpack(n, op2, fpcr, fpsr);
  if (is_nan(a.type) || is_nan(b.type)) return false;
  return (a.type == Type::kInfinity && b.type == Type::kZero) || (a.type == Type::kZero && b.type == Type::kInfinity);
}

// FPMulX: FPMul, except that infinity times zero is 2.0 with the product's sign.
W64_HD W64_INLINE uint64_t mulx(unsigned n, uint64_t op1, uint64_t op2, uint32_t fpcr, uint32_t& fpsr) {
  if (inf_times_zero(n, op1, op2, fpcr, fpsr)) return fp_two(n, ((op1 ^ op2) >> (n - 1)) & 1u);
  return mul(n, op1, op2, fpcr, fpsr);
}

// FPRecipStepFused: 2.0 - op1 * op2 with one rounding.
W64_HD W64_INLINE uint64_t recip_step(unsigned n, uint64_t op1, uint64_t op2, uint32_t fpcr, uint32_t& fpsr) {
  const uint64_t neg1 = fp_neg(n, op1);
  if (inf_times_zero(n, neg1, op2, fpcr, fpsr)) return fp_two(n, false);
  return mul_add(n, fp_two(n, false), neg1, op2, fpcr, fpsr);
}

// FPRSqrtStepFused: (3.0 - op1 * op2) / 2 with one rounding.
W64_HD W64_INLINE uint64_t rsqrt_step(unsigned n, uint64_t op1, uint64_t op2, uint32_t fpcr, uint32_t& fpsr) {
  const uint64_t neg1 = fp_neg(n, op1);
  if (inf_times_zero(n, neg1, op2, fpcr, fpsr)) return fp_one_point_five(n);
  return mul_add(n, fp_three(n), neg1, op2, fpcr, fpsr, true);
}

// RecipEstimate: a is 9 bits in [256, 511]; the 9-bit result is in [256, 511].
W64_HD W64_INLINE unsigned recip_estimate_int(unsigned a) {
  a = a * 2 + 1;
  const unsigned b = (1u << 19) / a;
  return (b + 1) / 2;
}

// RecipSqrtEstimate: a in [128, 511]; the result is in [256, 511]. The pseudocode's search
// for the smallest b >= 512 with a * (b + 1)^2 >= 2^28 is done by bisection.
W64_HD W64_INLINE unsigned rsqrt_estimate_int(unsigned a) {
  if (a < 256) {
    a = a * 2 + 1;
  } else {
    a = (a >> 1) << 1;
    a = (a + 1) * 2;
  }
  uint64_t lo = 512, hi = 1024;  // a * (hi + 1)^2 >= 2^28 for every a >= 257
  while (lo < hi) {
    const uint64_t mid = (lo + hi) / 2;
    if (static_cast<uint64_t>(a) * (mid + 1) * (mid + 1) < (1ull << 28))
      lo = mid + 1;
    else
      hi = mid;
  }
  return static_cast<unsigned>((lo + 1) / 2);
}

// FPRecipEstimate (FRECPE), single and double precision.
W64_HD W64_OUTLINE uint64_t recip_estimate(unsigned n, uint64_t op, uint32_t fpcr, uint32_t& fpsr) {
  const Unpacked u = unpack(n, op, fpcr, fpsr);
  if (is_nan(u.type)) return process_nan(n, u.type, op, fpcr, fpsr);
  if (u.type == Type::kInfinity) return fp_zero(n, u.sign);
  if (u.type == Type::kZero) {
    fpsr |= kDzc;
    return fp_infinity(n, u.sign);
  }
  const unsigned f_bits = frac_bits(n);
  const uint64_t frac_field = op & low_mask(f_bits);
  int exp = static_cast<int>((op >> f_bits) & low_mask(exp_bits(n)));
  // |value| < 2^-128 (single) or 2^-1024 (double): the reciprocal overflows.
  if (exp == 0 && (frac_field >> (f_bits - 2)) == 0) {
    bool to_inf;
    switch (fpcr_rounding(fpcr)) {
      case kTieEven: to_inf = true; break;
      case kPosInf: to_inf = !u.sign; break;
      case kNegInf: to_inf = u.sign; break;
      default: to_inf = false; break;
    }
    fpsr |= kOfc | kIxc;
    return to_inf ? fp_infinity(n, u.sign) : fp_max_normal(n, u.sign);
  }
  // |value| >= 2^126 (2^1022): the reciprocal is denormal and flushed under FZ.
  if ((fpcr & kFpcrFz) && exp >= 2 * exp_bias(n) - 1) {
    fpsr |= kUfc;
    return fp_zero(n, u.sign);
  }
  // A 52-bit fraction, as in the double-precision pseudocode.
  uint64_t fraction = n == 32 ? frac_field << 29 : frac_field;
  if (exp == 0) {
    if (((fraction >> 51) & 1u) == 0) {
      exp = -1;
      fraction = (fraction << 2) & low_mask(52);
    } else {
      fraction = (fraction << 1) & low_mask(52);
    }
  }
  const unsigned scaled = 256u | static_cast<unsigned>(fraction >> 44);
  int result_exp = (n == 32 ? 253 : 2045) - exp;
  const uint64_t estimate = recip_estimate_int(scaled);
  fraction = (estimate & 0xFFu) << 44;
  if (result_exp == 0) {
    fraction = (1ull << 51) | (fraction >> 1);
  } else if (result_exp == -1) {
    fraction = (1ull << 50) | (fraction >> 2);
    result_exp = 0;
  }
  const uint64_t sign = u.sign ? sign_bit(n) : 0;
  if (n == 32) return sign | (static_cast<uint64_t>(result_exp & 0xFF) << 23) | (fraction >> 29);
  return sign | (static_cast<uint64_t>(result_exp & 0x7FF) << 52) | fraction;
}

// FPRSqrtEstimate (FRSQRTE), single and double precision.
W64_HD W64_OUTLINE uint64_t rsqrt_estimate(unsigned n, uint64_t op, uint32_t fpcr, uint32_t& fpsr) {
  const Unpacked u = unpack(n, op, fpcr, fpsr);
  if (is_nan(u.type)) return process_nan(n, u.type, op, fpcr, fpsr);
  if (u.type == Type::kZero) {
    fpsr |= kDzc;
    return fp_infinity(n, u.sign);
  }
  if (u.sign) {
    fpsr |= kIoc;
    return fp_default_nan(n);
  }
  if (u.type == Type::kInfinity) return fp_zero(n, false);
  const unsigned f_bits = frac_bits(n);
  uint64_t fraction = n == 32 ? (op & low_mask(f_bits)) << 29 : op & low_mask(f_bits);
  int exp = static_cast<int>((op >> f_bits) & low_mask(exp_bits(n)));
  if (exp == 0) {
    while (((fraction >> 51) & 1u) == 0) {
      fraction = (fraction << 1) & low_mask(52);
      --exp;
    }
    fraction = (fraction << 1) & low_mask(52);
  }
  // Even exponents scale to [0.5, 1.0), odd ones to [0.25, 0.5).
  const unsigned scaled =
      (exp & 1) == 0 ? (256u | static_cast<unsigned>(fraction >> 44)) : (128u | static_cast<unsigned>(fraction >> 45));
  const int result_exp = ((n == 32 ? 380 : 3068) - exp) / 2;  // the dividend is positive
  const uint64_t estimate = rsqrt_estimate_int(scaled) & 0xFFu;
  if (n == 32) return (static_cast<uint64_t>(result_exp & 0xFF) << 23) | (estimate << 15);
  return (static_cast<uint64_t>(result_exp & 0x7FF) << 52) | (estimate << 44);
}

// FPRecpX (FRECPX): the exponent inverted, the fraction cleared.
W64_HD W64_INLINE uint64_t recpx(unsigned n, uint64_t op, uint32_t fpcr, uint32_t& fpsr) {
  const Unpacked u = unpack(n, op, fpcr, fpsr);
  if (is_nan(u.type)) return process_nan(n, u.type, op, fpcr, fpsr);
  const unsigned f_bits = frac_bits(n), e_bits = exp_bits(n);
  const uint64_t exp = (op >> f_bits) & low_mask(e_bits);
  const uint64_t sign = op & sign_bit(n);
  if (exp == 0) return sign | ((low_mask(e_bits) - 1) << f_bits);
  return sign | ((~exp & low_mask(e_bits)) << f_bits);
}

}  // namespace warp64::core::fp
