// Operand access and the Arm ARM's shared pseudocode functions (AddWithCarry, ShiftReg,
// ExtendReg, DecodeBitMasks, ConditionHolds) used by the instruction semantics.
//
// Every semantics function has the signature
//   template <class State, class Memory> Outcome exec_NAME(uint32_t insn, State& s, Memory& mem)
// where State has CpuState's members (an engine may keep them where it likes: `x` need only
// be indexable, e.g. a pointer into the engine's register file) and Memory, the memory policy,
// provides
//   bool read(uint64_t address, unsigned size, uint64_t& value);   // size 1, 2, 4 or 8
//   bool write(uint64_t address, unsigned size, uint64_t value);
//   AccessKind atomic(uint64_t address, AtomicAccess& access);     // see atomic_access.hpp
//   void barrier();               // DMB, DSB: earlier accesses complete before later ones
//   uint64_t virtual_counter();   // CNTVCT_EL0, ticking at 1 GHz (CNTFRQ_EL0)
// read and write return false when the access is outside mapped memory or against its
// permissions. atomic performs an aligned access indivisibly with respect to every other
// thread that shares the memory, ordered with all of them (sequentially consistent), and
// returns the access that failed (kRead or kWrite) or kNone. Plain reads and writes need be
// neither atomic nor ordered beyond what the host gives aligned accesses.
#pragma once

#include <cstdint>

#include "warp64/core/atomic_access.hpp"
#include "warp64/core/bits.hpp"
#include "warp64/core/config.hpp"
#include "warp64/core/state.hpp"
#include "warp64/core/stop.hpp"

#define W64_SEMANTICS(name)                                                                              \
  template <class State, class Memory>                                                                   \
  W64_HD W64_INLINE Outcome exec_##name([[maybe_unused]] const uint32_t insn, [[maybe_unused]] State& s, \
                                        [[maybe_unused]] Memory& mem)

namespace warp64::core::sem {

// ---- instruction fields ---------------------------------------------------------------
W64_HD W64_INLINE unsigned rd(uint32_t insn) { return insn & 31u; }
W64_HD W64_INLINE unsigned rt(uint32_t insn) { return insn & 31u; }
W64_HD W64_INLINE unsigned rn(uint32_t insn) { return (insn >> 5) & 31u; }
W64_HD W64_INLINE unsigned rt2(uint32_t insn) { return (insn >> 10) & 31u; }
W64_HD W64_INLINE unsigned ra(uint32_t insn) { return (insn >> 10) & 31u; }
W64_HD W64_INLINE unsigned rm(uint32_t insn) { return (insn >> 16) & 31u; }
W64_HD W64_INLINE unsigned rs(uint32_t insn) { return (insn >> 16) & 31u; }
// Operation width selected by the sf bit (bit 31): 64 or 32.
W64_HD W64_INLINE unsigned width_of(uint32_t insn) { return bit(insn, 31) ? 64 : 32; }

// ---- general-purpose registers --------------------------------------------------------
// Register 31 reads as zero (XZR/WZR) ...
template <class State>
W64_HD W64_INLINE uint64_t x_or_zero(const State& s, unsigned r) {
  return r == 31 ? 0 : s.x[r];
}
// ... or as the stack pointer, depending on the encoding.
template <class State>
W64_HD W64_INLINE uint64_t x_or_sp(const State& s, unsigned r) {
  return r == 31 ? s.sp : s.x[r];
}

template <class State>
W64_HD W64_INLINE void set_x_or_zero(State& s, unsigned r, uint64_t v) {
  if (r != 31) s.x[r] = v;
}
template <class State>
W64_HD W64_INLINE void set_x_or_sp(State& s, unsigned r, uint64_t v) {
  if (r == 31)
    s.sp = v;
  else
    s.x[r] = v;
}

// Reads of a `width`-bit register view: W registers are the low 32 bits.
template <class State>
W64_HD W64_INLINE uint64_t reg_or_zero(const State& s, unsigned r, unsigned width) {
  return x_or_zero(s, r) & low_mask(width);
}
template <class State>
W64_HD W64_INLINE uint64_t reg_or_sp(const State& s, unsigned r, unsigned width) {
  return x_or_sp(s, r) & low_mask(width);
}
// Writes of a `width`-bit result: a W write zero-extends into the X register.
template <class State>
W64_HD W64_INLINE void set_reg_or_zero(State& s, unsigned r, uint64_t v, unsigned width) {
  set_x_or_zero(s, r, v & low_mask(width));
}
template <class State>
W64_HD W64_INLINE void set_reg_or_sp(State& s, unsigned r, uint64_t v, unsigned width) {
  set_x_or_sp(s, r, v & low_mask(width));
}

// ---- flags and conditions -------------------------------------------------------------
struct AddResult {
  uint64_t value;
  uint32_t nzcv;
};

// AddWithCarry(x, y, carry_in) at `width` bits, with the NZCV it produces. Written without
// branches on the flags: it is on the hot path of every engine.
W64_HD W64_INLINE AddResult add_with_carry(uint64_t x, uint64_t y, unsigned carry_in, unsigned width) {
  if (width == 32) {
    const uint32_t a = static_cast<uint32_t>(x), b = static_cast<uint32_t>(y);
    const uint64_t wide = static_cast<uint64_t>(a) + b + carry_in;
    const uint32_t result = static_cast<uint32_t>(wide);
    const uint32_t nzcv = (result & kFlagN) | (result == 0 ? kFlagZ : 0u) | (static_cast<uint32_t>(wide >> 32) << 29) |
                          ((((a ^ result) & (b ^ result)) >> 31) << 28);
    return {result, nzcv};
  }
  const uint64_t partial = x + y;
  const uint64_t result = partial + carry_in;
  // Unsigned carry out of either addition; signed overflow when both operands have the same
  // sign and the result the other.
  const uint32_t carry = (partial < x) | (result < partial);
  const uint32_t nzcv = (static_cast<uint32_t>(result >> 63) << 31) | (result == 0 ? kFlagZ : 0u) | (carry << 29) |
                        (static_cast<uint32_t>(((x ^ result) & (y ^ result)) >> 63) << 28);
  return {result, nzcv};
}

W64_HD W64_INLINE uint32_t nz_flags(uint64_t result, unsigned width) {
  uint32_t nzcv = 0;
  if ((result >> (width - 1)) & 1) nzcv |= kFlagN;
  if ((result & low_mask(width)) == 0) nzcv |= kFlagZ;
  return nzcv;
}

template <class State>
W64_HD W64_INLINE unsigned carry_flag(const State& s) {
  return (s.nzcv >> 29) & 1u;
}

// ConditionHolds(cond) for the 4-bit condition field: bit k of `holds` is the base
// condition cond<3:1> == k (EQ, CS, MI, VS, HI, GE, GT, AL); cond<0> inverts it, except for
// 1111, which means always like 1110.
W64_HD W64_INLINE bool condition_holds(unsigned cond, uint32_t nzcv) {
  const uint32_t n = (nzcv >> 31) & 1u, z = (nzcv >> 30) & 1u, c = (nzcv >> 29) & 1u, v = (nzcv >> 28) & 1u;
  const uint32_t ge = (n ^ v) ^ 1u;
  const uint32_t holds =
      z | (c << 1) | (n << 2) | (v << 3) | ((c & (z ^ 1u)) << 4) | (ge << 5) | ((ge & (z ^ 1u)) << 6) | (1u << 7);
  const uint32_t invert = (cond & 1u) & (cond != 15u ? 1u : 0u);
  return (((holds >> (cond >> 1)) & 1u) ^ invert) != 0;
}

// ---- operand shaping ------------------------------------------------------------------
enum ShiftType : unsigned { kLsl = 0, kLsr = 1, kAsr = 2, kRor = 3 };

// ShiftReg: amount is already reduced below `width` by the caller's encoding rules.
W64_HD W64_INLINE uint64_t shift_value(uint64_t value, unsigned type, unsigned amount, unsigned width) {
  value &= low_mask(width);
  if (amount == 0) return value;
  switch (type) {
    case kLsl: return (value << amount) & low_mask(width);
    case kLsr: return value >> amount;
    case kAsr: return static_cast<uint64_t>(sign_extend(value, width) >> amount) & low_mask(width);
    default: return rotate_right(value, amount, width);
  }
}

// ExtendReg: option selects UXTB/UXTH/UXTW/UXTX/SXTB/SXTH/SXTW/SXTX, then a left shift.
W64_HD W64_INLINE uint64_t extend_value(uint64_t value, unsigned option, unsigned shift, unsigned width) {
  const unsigned size = 8u << (option & 3);  // 8, 16, 32, 64 bits
  uint64_t extended = value & low_mask(size);
  if (option & 4) extended = static_cast<uint64_t>(sign_extend(extended, size));
  return (extended << shift) & low_mask(width);
}

// DecodeBitMasks(N, imms, immr, immediate=true) for the logical-immediate encodings.
// Returns false for the reserved encodings.
W64_HD W64_INLINE bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, unsigned width, uint64_t& wmask,
                                        uint64_t& tmask, bool immediate = true) {
  const unsigned combined = (n << 6) | (~imms & 0x3Fu);
  if (combined == 0) return false;
  const unsigned len = highest_set_bit(combined);  // at most 6
  if (len < 1 || (1u << len) > width) return false;
  const unsigned levels = (1u << len) - 1;
  if (immediate && (imms & levels) == levels) return false;
  const unsigned s_bits = imms & levels;
  const unsigned r_bits = immr & levels;
  const unsigned diff = (s_bits - r_bits) & levels;
  const unsigned esize = 1u << len;
  const uint64_t welem = low_mask(s_bits + 1);
  const uint64_t telem = low_mask(diff + 1);
  const uint64_t wrotated = rotate_right(welem, r_bits, esize);
  uint64_t w = 0, t = 0;
  for (unsigned i = 0; i < width; i += esize) {
    w |= wrotated << i;
    t |= telem << i;
  }
  wmask = w & low_mask(width);
  tmask = t & low_mask(width);
  return true;
}

}  // namespace warp64::core::sem
