// Semantics of the "Data processing -- register" encodings: logical and add/subtract on
// registers, add/subtract with carry, conditional compare and conditional select.
#pragma once

#include "warp64/core/semantics/common.hpp"
#include "warp64/core/semantics/data_processing_immediate.hpp"  // logical_result

namespace warp64::core::sem {

// Shifted-register operands: the 32-bit forms allow shift amounts below 32 only.
W64_HD W64_INLINE bool shift_amount_allocated(uint32_t insn, unsigned width) { return field(insn, 15, 10) < width; }

// ---- Logical (shifted register) -------------------------------------------------------
// Every register is XZR for 31. kInvert selects BIC/ORN/EON/BICS (operand2 inverted);
// all four shift types, ROR included, are allowed.
template <LogicalOp kOp, bool kInvert, class State>
W64_HD W64_INLINE Outcome logical_shifted(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  if (!shift_amount_allocated(insn, width)) return Outcome::undefined();
  uint64_t operand2 = shift_value(reg_or_zero(s, rm(insn), width), field(insn, 23, 22), field(insn, 15, 10), width);
  if (kInvert) operand2 = ~operand2 & low_mask(width);
  const uint64_t result = logical_result<kOp>(reg_or_zero(s, rn(insn), width), operand2, width, s);
  set_reg_or_zero(s, rd(insn), result, width);
  return Outcome::next();
}

W64_SEMANTICS(AND_shift) { return logical_shifted<LogicalOp::kAnd, false>(insn, s); }
W64_SEMANTICS(BIC_shift) { return logical_shifted<LogicalOp::kAnd, true>(insn, s); }
W64_SEMANTICS(ORR_shift) { return logical_shifted<LogicalOp::kOrr, false>(insn, s); }
W64_SEMANTICS(ORN_shift) { return logical_shifted<LogicalOp::kOrr, true>(insn, s); }
W64_SEMANTICS(EOR_shift) { return logical_shifted<LogicalOp::kEor, false>(insn, s); }
W64_SEMANTICS(EON_shift) { return logical_shifted<LogicalOp::kEor, true>(insn, s); }
W64_SEMANTICS(ANDS_shift) { return logical_shifted<LogicalOp::kAnds, false>(insn, s); }
W64_SEMANTICS(BICS_shift) { return logical_shifted<LogicalOp::kAnds, true>(insn, s); }

// ---- Add/subtract (shifted register) --------------------------------------------------
// Every register is XZR for 31; ROR is unallocated here.
template <bool kSubtract, bool kSetFlags, class State>
W64_HD W64_INLINE Outcome add_sub_shifted(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  const unsigned type = field(insn, 23, 22);
  if (type == kRor || !shift_amount_allocated(insn, width)) return Outcome::undefined();
  const uint64_t operand1 = reg_or_zero(s, rn(insn), width);
  uint64_t operand2 = shift_value(reg_or_zero(s, rm(insn), width), type, field(insn, 15, 10), width);
  if (kSubtract) operand2 = ~operand2;
  const AddResult r = add_with_carry(operand1, operand2, kSubtract ? 1 : 0, width);
  if (kSetFlags) s.nzcv = r.nzcv;
  set_reg_or_zero(s, rd(insn), r.value, width);
  return Outcome::next();
}

W64_SEMANTICS(ADD_shift) { return add_sub_shifted<false, false>(insn, s); }
W64_SEMANTICS(ADDS_shift) { return add_sub_shifted<false, true>(insn, s); }
W64_SEMANTICS(SUB_shift) { return add_sub_shifted<true, false>(insn, s); }
W64_SEMANTICS(SUBS_shift) { return add_sub_shifted<true, true>(insn, s); }

// ---- Add/subtract (extended register) -------------------------------------------------
// Rn may be SP, Rm is XZR for 31, Rd is SP for ADD/SUB and XZR for ADDS/SUBS (CMN/CMP).
// The extension reads only the low 8/16/32 bits of Rm except for UXTX/SXTX; a left shift
// above 4 is unallocated.
template <bool kSubtract, bool kSetFlags, class State>
W64_HD W64_INLINE Outcome add_sub_extended(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  const unsigned shift = field(insn, 12, 10);
  if (shift > 4) return Outcome::undefined();
  const uint64_t operand1 = reg_or_sp(s, rn(insn), width);
  uint64_t operand2 = extend_value(x_or_zero(s, rm(insn)), field(insn, 15, 13), shift, width);
  if (kSubtract) operand2 = ~operand2;
  write_add_sub_result<kSetFlags>(s, rd(insn), add_with_carry(operand1, operand2, kSubtract ? 1 : 0, width), width);
  return Outcome::next();
}

W64_SEMANTICS(ADD_ext) { return add_sub_extended<false, false>(insn, s); }
W64_SEMANTICS(ADDS_ext) { return add_sub_extended<false, true>(insn, s); }
W64_SEMANTICS(SUB_ext) { return add_sub_extended<true, false>(insn, s); }
W64_SEMANTICS(SUBS_ext) { return add_sub_extended<true, true>(insn, s); }

// ---- Add/subtract (with carry) --------------------------------------------------------
// SBC adds NOT(Rm) with the carry flag, so C = 1 means "no borrow".
template <bool kSubtract, bool kSetFlags, class State>
W64_HD W64_INLINE Outcome add_sub_carry(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  uint64_t operand2 = reg_or_zero(s, rm(insn), width);
  if (kSubtract) operand2 = ~operand2;
  const AddResult r = add_with_carry(reg_or_zero(s, rn(insn), width), operand2, carry_flag(s), width);
  if (kSetFlags) s.nzcv = r.nzcv;
  set_reg_or_zero(s, rd(insn), r.value, width);
  return Outcome::next();
}

W64_SEMANTICS(ADC) { return add_sub_carry<false, false>(insn, s); }
W64_SEMANTICS(ADCS) { return add_sub_carry<false, true>(insn, s); }
W64_SEMANTICS(SBC) { return add_sub_carry<true, false>(insn, s); }
W64_SEMANTICS(SBCS) { return add_sub_carry<true, true>(insn, s); }

// ---- Conditional compare --------------------------------------------------------------
// When the condition holds, the flags come from comparing Rn with operand2 (CMP or CMN);
// otherwise they are set to the instruction's nzcv field.
template <bool kSubtract, class State>
W64_HD W64_INLINE Outcome conditional_compare(uint32_t insn, State& s, uint64_t operand2) {
  const unsigned width = width_of(insn);
  if (condition_holds(field(insn, 15, 12), s.nzcv)) {
    if (kSubtract) operand2 = ~operand2;
    s.nzcv = add_with_carry(reg_or_zero(s, rn(insn), width), operand2, kSubtract ? 1 : 0, width).nzcv;
  } else {
    s.nzcv = field(insn, 3, 0) << 28;
  }
  return Outcome::next();
}

W64_SEMANTICS(CCMN_reg) { return conditional_compare<false>(insn, s, reg_or_zero(s, rm(insn), width_of(insn))); }
W64_SEMANTICS(CCMP_reg) { return conditional_compare<true>(insn, s, reg_or_zero(s, rm(insn), width_of(insn))); }
W64_SEMANTICS(CCMN_imm) { return conditional_compare<false>(insn, s, field(insn, 20, 16)); }
W64_SEMANTICS(CCMP_imm) { return conditional_compare<true>(insn, s, field(insn, 20, 16)); }

// ---- Conditional select ---------------------------------------------------------------
// Rd = cond ? Rn : f(Rm), with f the identity (CSEL), +1 (CSINC), NOT (CSINV) or
// negation (CSNEG). Every register is XZR for 31.
template <bool kInvert, bool kIncrement, class State>
W64_HD W64_INLINE Outcome conditional_select(uint32_t insn, State& s) {
  const unsigned width = width_of(insn);
  uint64_t result;
  if (condition_holds(field(insn, 15, 12), s.nzcv)) {
    result = reg_or_zero(s, rn(insn), width);
  } else {
    result = reg_or_zero(s, rm(insn), width);
    if (kInvert) result = ~result;
    if (kIncrement) result = result + 1;
  }
  set_reg_or_zero(s, rd(insn), result, width);
  return Outcome::next();
}

W64_SEMANTICS(CSEL) { return conditional_select<false, false>(insn, s); }
W64_SEMANTICS(CSINC) { return conditional_select<false, true>(insn, s); }
W64_SEMANTICS(CSINV) { return conditional_select<true, false>(insn, s); }
W64_SEMANTICS(CSNEG) { return conditional_select<true, true>(insn, s); }

}  // namespace warp64::core::sem
