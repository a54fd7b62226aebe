// Semantics of the "Data processing -- immediate" encodings.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {

// ---- PC-rel. addressing ---------------------------------------------------------------
// The 21-bit offset is immhi:immlo; Rd = 31 is XZR.
W64_HD W64_INLINE int64_t pc_relative_offset(uint32_t insn) {
  return sign_extend((static_cast<uint64_t>(field(insn, 23, 5)) << 2) | field(insn, 30, 29), 21);
}

W64_SEMANTICS(ADR) {
  set_x_or_zero(s, rd(insn), s.pc + static_cast<uint64_t>(pc_relative_offset(insn)));
  return Outcome::next();
}

// ADRP addresses 4 KiB pages: the offset counts pages from the instruction's page.
W64_SEMANTICS(ADRP) {
  const uint64_t page = s.pc & ~0xFFFull;
  set_x_or_zero(s, rd(insn), page + (static_cast<uint64_t>(pc_relative_offset(insn)) << 12));
  return Outcome::next();
}

// ---- Add/subtract (immediate) ---------------------------------------------------------
// Rn may be SP; Rd is SP for the non-flag-setting forms and XZR for ADDS/SUBS.
// Writes an add/subtract result: the flag-setting forms set NZCV and read Rd = 31 as XZR;
// the others, in the immediate and extended-register classes, as SP.
template <bool kSetFlags, class State>
W64_HD W64_INLINE void write_add_sub_result(State& s, unsigned rd, const AddResult& r, unsigned width) {
  if (kSetFlags) {
    s.nzcv = r.nzcv;
    set_reg_or_zero(s, rd, r.value, width);
  } else {
    set_reg_or_sp(s, rd, r.value, width);
  }
}

template <bool kSubtract, bool kSetFlags, class State>
W64_HD W64_INLINE Outcome add_sub_immediate(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  const uint64_t imm = static_cast<uint64_t>(field(insn, 21, 10)) << (bit(insn, 22) ? 12 : 0);
  const uint64_t operand1 = reg_or_sp(s, rn(insn), width);
  const AddResult r = kSubtract ? add_with_carry(operand1, ~imm, 1, width) : add_with_carry(operand1, imm, 0, width);
  write_add_sub_result<kSetFlags>(s, rd(insn), r, width);
  return Outcome::next();
}

W64_SEMANTICS(ADD_imm) { return add_sub_immediate<false, false>(insn, s); }
W64_SEMANTICS(ADDS_imm) { return add_sub_immediate<false, true>(insn, s); }
W64_SEMANTICS(SUB_imm) { return add_sub_immediate<true, false>(insn, s); }
W64_SEMANTICS(SUBS_imm) { return add_sub_immediate<true, true>(insn, s); }

// ---- Logical (immediate) --------------------------------------------------------------
enum class LogicalOp : unsigned { kAnd, kOrr, kEor, kAnds };

// Shared by the immediate and shifted-register logical forms; ANDS/BICS set N and Z from
// the result and clear C and V.
template <LogicalOp kOp, class State>
W64_HD W64_INLINE uint64_t logical_result(uint64_t operand1, uint64_t operand2, unsigned width, State& s) {
  uint64_t result;
  switch (kOp) {
    case LogicalOp::kOrr: result = operand1 | operand2; break;
    case LogicalOp::kEor: result = operand1 ^ operand2; break;
    default: result = operand1 & operand2; break;
  }
  result &= low_mask(width);
  if (kOp == LogicalOp::kAnds) s.nzcv = nz_flags(result, width);
  return result;
}

// The immediate is a bitmask pattern (DecodeBitMasks); N = 1 needs the 64-bit form, and
// the reserved patterns (an all-ones element) are unallocated. Rn reads XZR; Rd is SP
// except for ANDS, whose Rd = 31 is XZR (the TST alias).
template <LogicalOp kOp, class State>
W64_HD W64_INLINE Outcome logical_immediate(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  if (width == 32 && bit(insn, 22)) return Outcome::undefined();
  uint64_t imm, tmask;
  if (!decode_bit_masks(bit(insn, 22), field(insn, 15, 10), field(insn, 21, 16), width, imm, tmask, true)) {
    return Outcome::undefined();
  }
  const uint64_t result = logical_result<kOp>(reg_or_zero(s, rn(insn), width), imm, width, s);
  if (kOp == LogicalOp::kAnds) {
    set_reg_or_zero(s, rd(insn), result, width);
  } else {
    set_reg_or_sp(s, rd(insn), result, width);
  }
  return Outcome::next();
}

W64_SEMANTICS(AND_imm) { return logical_immediate<LogicalOp::kAnd>(insn, s); }
W64_SEMANTICS(ORR_imm) { return logical_immediate<LogicalOp::kOrr>(insn, s); }
W64_SEMANTICS(EOR_imm) { return logical_immediate<LogicalOp::kEor>(insn, s); }
W64_SEMANTICS(ANDS_imm) { return logical_immediate<LogicalOp::kAnds>(insn, s); }

// ---- Move wide (immediate) ------------------------------------------------------------
// hw selects the 16-bit slot; hw >= 2 is unallocated for the 32-bit forms.
W64_HD W64_INLINE bool move_wide_slot(uint32_t insn, unsigned& shift) {
  shift = field(insn, 22, 21) * 16;
  return bit(insn, 31) || shift < 32;
}

W64_SEMANTICS(MOVN) {
  unsigned shift;
  if (!move_wide_slot(insn, shift)) return Outcome::undefined();
  set_reg_or_zero(s, rd(insn), ~(static_cast<uint64_t>(field(insn, 20, 5)) << shift), width_of(insn));
  return Outcome::next();
}

W64_SEMANTICS(MOVZ) {
  unsigned shift;
  if (!move_wide_slot(insn, shift)) return Outcome::undefined();
  set_reg_or_zero(s, rd(insn), static_cast<uint64_t>(field(insn, 20, 5)) << shift, width_of(insn));
  return Outcome::next();
}

W64_SEMANTICS(MOVK) {
  unsigned shift;
  if (!move_wide_slot(insn, shift)) return Outcome::undefined();
  const uint64_t kept = x_or_zero(s, rd(insn)) & ~(0xFFFFull << shift);
  set_reg_or_zero(s, rd(insn), kept | (static_cast<uint64_t>(field(insn, 20, 5)) << shift), width_of(insn));
  return Outcome::next();
}

// ---- Bitfield -------------------------------------------------------------------------
enum class BitfieldOp : unsigned { kSbfm, kBfm, kUbfm };

// SBFM/BFM/UBFM (and their aliases ASR/LSL/LSR, [SU]XT[BHW], [SU]BFIZ, [SU]BFX, BFI, BFXIL):
// rotate the source right by immr, keep the wmask bits, and fill the bits outside tmask
// with the source's bit imms (SBFM), zero (UBFM) or the destination's bits (BFM).
// N must equal sf, and the 32-bit forms need immr and imms below 32.
template <BitfieldOp kOp, class State>
W64_HD W64_INLINE Outcome bitfield_move(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  const unsigned n = bit(insn, 22);
  const unsigned immr = field(insn, 21, 16);
  const unsigned imms = field(insn, 15, 10);
  if (n != (width == 64 ? 1u : 0u)) return Outcome::undefined();
  if (width == 32 && (immr >= 32 || imms >= 32)) return Outcome::undefined();
  uint64_t wmask, tmask;
  if (!decode_bit_masks(n, imms, immr, width, wmask, tmask, false)) return Outcome::undefined();
  const uint64_t src = reg_or_zero(s, rn(insn), width);
  const uint64_t rotated = rotate_right(src, immr, width);
  uint64_t result;
  if (kOp == BitfieldOp::kBfm) {
    const uint64_t dst = reg_or_zero(s, rd(insn), width);
    const uint64_t bot = (dst & ~wmask) | (rotated & wmask);
    result = (dst & ~tmask) | (bot & tmask);
  } else {
    const uint64_t bot = rotated & wmask;
    const uint64_t top = (kOp == BitfieldOp::kSbfm && ((src >> imms) & 1)) ? low_mask(width) : 0;
    result = (top & ~tmask) | (bot & tmask);
  }
  set_reg_or_zero(s, rd(insn), result, width);
  return Outcome::next();
}

W64_SEMANTICS(SBFM) { return bitfield_move<BitfieldOp::kSbfm>(insn, s); }
W64_SEMANTICS(BFM) { return bitfield_move<BitfieldOp::kBfm>(insn, s); }
W64_SEMANTICS(UBFM) { return bitfield_move<BitfieldOp::kUbfm>(insn, s); }

// ---- Extract --------------------------------------------------------------------------
// EXTR: the width-bit field starting at bit lsb of Rn:Rm. N must equal sf; the 32-bit
// form needs lsb below 32.
W64_SEMANTICS(EXTR) {
  const unsigned width = width_of(insn);
  const unsigned lsb = field(insn, 15, 10);
  if (bit(insn, 22) != (width == 64)) return Outcome::undefined();
  if (lsb >= width) return Outcome::undefined();
  const uint64_t high = reg_or_zero(s, rn(insn), width);
  const uint64_t low = reg_or_zero(s, rm(insn), width);
  const uint64_t result = lsb == 0 ? low : (low >> lsb) | (high << (width - lsb));
  set_reg_or_zero(s, rd(insn), result, width);
  return Outcome::next();
}

}  // namespace warp64::core::sem
