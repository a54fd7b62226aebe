// Semantics of the "Data processing -- immediate" encodings.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {

// ---- Add/subtract (immediate) ---------------------------------------------------------
// Rn may be SP; Rd is SP for the non-flag-setting forms and XZR for ADDS/SUBS.
template <bool kSubtract, bool kSetFlags>
W64_HD W64_INLINE Outcome add_sub_immediate(uint32_t insn, CpuState& s) {
  const unsigned width = width_of(insn);
  const uint64_t imm = static_cast<uint64_t>(field(insn, 21, 10)) << (bit(insn, 22) ? 12 : 0);
  const uint64_t operand1 = reg_or_sp(s, rn(insn), width);
  const AddResult r = kSubtract ? add_with_carry(operand1, ~imm, 1, width)
                                : add_with_carry(operand1, imm, 0, width);
  if (kSetFlags) {
    s.nzcv = r.nzcv;
    set_reg_or_zero(s, rd(insn), r.value, width);
  } else {
    set_reg_or_sp(s, rd(insn), r.value, width);
  }
  return Outcome::next();
}

W64_SEMANTICS(ADD_imm) { return add_sub_immediate<false, false>(insn, s); }
W64_SEMANTICS(ADDS_imm) { return add_sub_immediate<false, true>(insn, s); }
W64_SEMANTICS(SUB_imm) { return add_sub_immediate<true, false>(insn, s); }
W64_SEMANTICS(SUBS_imm) { return add_sub_immediate<true, true>(insn, s); }

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
  set_reg_or_zero(s, rd(insn), kept | (static_cast<uint64_t>(field(insn, 20, 5)) << shift),
                  width_of(insn));
  return Outcome::next();
}

}  // namespace warp64::core::sem
