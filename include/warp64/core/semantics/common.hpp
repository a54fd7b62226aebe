// Operand access and the Arm ARM's shared pseudocode functions (AddWithCarry, ShiftReg,
// ExtendReg, DecodeBitMasks, ConditionHolds) used by the instruction semantics.
//
// Every semantics function has the signature
//   template <class Memory> Outcome exec_NAME(uint32_t insn, CpuState& s, Memory& mem)
// where Memory provides
//   bool read(uint64_t address, unsigned size, uint64_t& value);   // size 1, 2, 4 or 8
//   bool write(uint64_t address, unsigned size, uint64_t value);
//   uint64_t virtual_counter();   // CNTVCT_EL0, ticking at 1 GHz (CNTFRQ_EL0)
// read and write return false when the access is outside mapped memory or against its permissions.
#pragma once

#include <cstdint>

#include "warp64/core/bits.hpp"
#include "warp64/core/config.hpp"
#include "warp64/core/state.hpp"
#include "warp64/core/stop.hpp"

#define W64_SEMANTICS(name)                                                        \
  template <class Memory>                                                          \
  W64_HD W64_INLINE Outcome exec_##name([[maybe_unused]] const uint32_t insn,      \
                                        [[maybe_unused]] CpuState& s,              \
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
W64_HD W64_INLINE uint64_t x_or_zero(const CpuState& s, unsigned r) { return r == 31 ? 0 : s.x[r]; }
// ... or as the stack pointer, depending on the encoding.
W64_HD W64_INLINE uint64_t x_or_sp(const CpuState& s, unsigned r) { return r == 31 ? s.sp : s.x[r]; }

W64_HD W64_INLINE void set_x_or_zero(CpuState& s, unsigned r, uint64_t v) {
  if (r != 31) s.x[r] = v;
}
W64_HD W64_INLINE void set_x_or_sp(CpuState& s, unsigned r, uint64_t v) {
  if (r == 31) s.sp = v; else s.x[r] = v;
}

// Reads of a `width`-bit register view: W registers are the low 32 bits.
W64_HD W64_INLINE uint64_t reg_or_zero(const CpuState& s, unsigned r, unsigned width) {
  return x_or_zero(s, r) & low_mask(width);
}
W64_HD W64_INLINE uint64_t reg_or_sp(const CpuState& s, unsigned r, unsigned width) {
  return x_or_sp(s, r) & low_mask(width);
}
// Writes of a `width`-bit result: a W write zero-extends into the X register.
W64_HD W64_INLINE void set_reg_or_zero(CpuState& s, unsigned r, uint64_t v, unsigned width) {
  set_x_or_zero(s, r, v & low_mask(width));
}
W64_HD W64_INLINE void set_reg_or_sp(CpuState& s, unsigned r, uint64_t v, unsigned width) {
  set_x_or_sp(s, r, v & low_mask(width));
}

// ---- flags and conditions -------------------------------------------------------------
struct AddResult {
  uint64_t value;
  uint32_t nzcv;
};

// AddWithCarry(x, y, carry_in) at `width` bits, with the NZCV it produces.
W64_HD W64_INLINE AddResult add_with_carry(uint64_t x, uint64_t y, unsigned carry_in, unsigned width) {
  const uint64_t mask = low_mask(width);
  x &= mask;
  y &= mask;
  const uint64_t result = (x + y + carry_in) & mask;
  const uint64_t sign = 1ull << (width - 1);
  uint32_t nzcv = 0;
  if (result & sign) nzcv |= kFlagN;
  if (result == 0) nzcv |= kFlagZ;
  // Unsigned carry: the true sum exceeds the width.
  const bool carry = width == 64 ? (result < x || (carry_in && result == x)) : ((x + y + carry_in) >> 32) != 0;
  if (carry) nzcv |= kFlagC;
  // Signed overflow: operands of equal sign, result of the other sign.
  if (((x ^ result) & (y ^ result)) & sign) nzcv |= kFlagV;
  return {result, nzcv};
}

W64_HD W64_INLINE uint32_t nz_flags(uint64_t result, unsigned width) {
  uint32_t nzcv = 0;
  if ((result >> (width - 1)) & 1) nzcv |= kFlagN;
  if ((result & low_mask(width)) == 0) nzcv |= kFlagZ;
  return nzcv;
}

W64_HD W64_INLINE unsigned carry_flag(const CpuState& s) { return (s.nzcv >> 29) & 1u; }

// ConditionHolds(cond) for the 4-bit condition field.
W64_HD W64_INLINE bool condition_holds(unsigned cond, uint32_t nzcv) {
  const bool n = nzcv & kFlagN, z = nzcv & kFlagZ, c = nzcv & kFlagC, v = nzcv & kFlagV;
  bool result = false;
  switch (cond >> 1) {
    case 0: result = z; break;             // EQ / NE
    case 1: result = c; break;             // CS / CC
    case 2: result = n; break;             // MI / PL
    case 3: result = v; break;             // VS / VC
    case 4: result = c && !z; break;       // HI / LS
    case 5: result = n == v; break;        // GE / LT
    case 6: result = n == v && !z; break;  // GT / LE
    default: result = true; break;         // AL (and NV, which also means always)
  }
  if ((cond & 1) && cond != 15) result = !result;
  return result;
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
W64_HD W64_INLINE bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, unsigned width,
                                        uint64_t& wmask, uint64_t& tmask, bool immediate = true) {
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
