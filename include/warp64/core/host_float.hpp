// The host's IEEE 754 arithmetic standing in for softfloat.hpp's, on host code only, in the
// cases where it gives the same bits and the same FPSR. Each function returns false, having
// changed nothing, when its case is not one of them; the soft path then runs.
//
// softfloat.hpp asks for it only when FPCR rounds to nearest (the host's mode: nothing in this
// process changes MXCSR's) and FPSR.IXC is already set, so that no Inexact needs detecting.
// The cases admitted here then raise no other flag:
// - operands are zero or normal: no NaN to process, no infinity, no denormal for FPCR.FZ to
//   flush (nor for the host's DAZ, if it were set), hence no Invalid Operation, nor Divide
//   by Zero once a divisor of zero is refused;
// - the result is normal and larger in magnitude than the smallest normal: not infinite, so
//   no Overflow, and, since rounding to nearest is monotonic and the smallest normal is
//   representable, the exact result was no smaller than it, so not tiny before rounding (the
//   Arm ARM's test) and no Underflow nor FZ flushing (nor the host's FTZ);
// - or the result is a zero that is exact (a zero operand of a product, an exact sum), whose
//   sign IEEE 754 and the Arm ARM define alike.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "warp64/core/config.hpp"

namespace warp64::core::fp::host {

template <class Float>
struct Format;
template <>
struct Format<float> {
  using Bits = uint32_t;
  static constexpr Bits kMagnitude = 0x7FFFFFFFu;
  static constexpr Bits kSmallestNormal = 0x00800000u;
  static constexpr Bits kInfinity = 0x7F800000u;
};
template <>
struct Format<double> {
  using Bits = uint64_t;
  static constexpr Bits kMagnitude = 0x7FFFFFFFFFFFFFFFull;
  static constexpr Bits kSmallestNormal = 0x0010000000000000ull;
  static constexpr Bits kInfinity = 0x7FF0000000000000ull;
};

// An operand of `Float`'s format, with what the rules above ask of it.
template <class Float>
struct Operand {
  using F = Format<Float>;
  typename F::Bits bits;

  explicit Operand(uint64_t word) : bits(static_cast<typename F::Bits>(word)) {}
  typename F::Bits magnitude() const { return bits & F::kMagnitude; }
  bool zero() const { return magnitude() == 0; }
  bool zero_or_normal() const { return zero() || (magnitude() >= F::kSmallestNormal && magnitude() < F::kInfinity); }
  bool negative() const { return bits != magnitude(); }
  Float value() const {
    Float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
};

// The host's result, when it is normal and above the smallest normal, or an exact zero.
template <class Float>
W64_INLINE bool accept(Float value, bool zero_is_exact, uint64_t& result) {
  using F = Format<Float>;
  typename F::Bits bits;
  std::memcpy(&bits, &value, sizeof bits);
  const typename F::Bits magnitude = bits & F::kMagnitude;
  if (magnitude == 0 ? !zero_is_exact : magnitude <= F::kSmallestNormal || magnitude >= F::kInfinity) return false;
  result = bits;
  return true;
}

// Calls `apply` with a value of the host type of n-bit operands (32 or 64); false for other
// widths, which the host's arithmetic never serves.
template <class Apply>
W64_INLINE bool in_format(unsigned n, Apply apply) {
  if (n == 64) return apply(double{});
  if (n == 32) return apply(float{});
  return false;
}

// Each takes the operands' format as its first argument (a value of its host type).
template <class Float>
W64_INLINE bool add(Float, uint64_t op1, uint64_t op2, bool negate2, uint64_t& result) {
  const Operand<Float> a(op1), b(op2);
  if (!a.zero_or_normal() || !b.zero_or_normal()) return false;
  // A sum that is zero is exact: the operands cancel, or both are zeros.
  return accept<Float>(negate2 ? a.value() - b.value() : a.value() + b.value(), true, result);
}

template <class Float>
W64_INLINE bool mul(Float, uint64_t op1, uint64_t op2, uint64_t& result) {
  const Operand<Float> a(op1), b(op2);
  if (!a.zero_or_normal() || !b.zero_or_normal()) return false;
  // A zero product of non-zero operands underflowed.
  return accept<Float>(a.value() * b.value(), a.zero() || b.zero(), result);
}

template <class Float>
W64_INLINE bool div(Float, uint64_t op1, uint64_t op2, uint64_t& result) {
  const Operand<Float> a(op1), b(op2);
  if (!a.zero_or_normal() || !b.zero_or_normal() || b.zero()) return false;
  return accept<Float>(a.value() / b.value(), a.zero(), result);
}

template <class Float>
W64_INLINE bool sqrt(Float, uint64_t op, uint64_t& result) {
  const Operand<Float> a(op);
  if (!a.zero_or_normal() || (a.negative() && !a.zero())) return false;
  return accept<Float>(std::sqrt(a.value()), a.zero(), result);
}

// addend + op1 * op2 with one rounding.
template <class Float>
W64_INLINE bool mul_add(Float, uint64_t addend, uint64_t op1, uint64_t op2, uint64_t& result) {
  const Operand<Float> c(addend), a(op1), b(op2);
  if (!a.zero_or_normal() || !b.zero_or_normal() || !c.zero_or_normal()) return false;
  // A zero product leaves the exact sum of the addend and a zero; a non-zero one may cancel
  // the addend exactly or not, which the result alone does not tell.
  return accept<Float>(std::fma(a.value(), b.value(), c.value()), a.zero() || b.zero(), result);
}

// FPCompare's NZCV for zero or normal operands (which raise no flag); false otherwise.
template <class Float>
W64_INLINE bool compare(Float, uint64_t op1, uint64_t op2, uint32_t& nzcv) {
  const Operand<Float> a(op1), b(op2);
  if (!a.zero_or_normal() || !b.zero_or_normal()) return false;
  const Float x = a.value(), y = b.value();
  nzcv = x == y ? 0x6u << 28 : x < y ? 0x8u << 28 : 0x2u << 28;
  return true;
}

}  // namespace warp64::core::fp::host
