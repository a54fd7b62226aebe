// Semantics of the "Branches, exception generating and system instructions" encodings.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {

// ---- Unconditional branch (immediate) -------------------------------------------------
W64_HD W64_INLINE uint64_t branch_target(const CpuState& s, uint32_t insn, unsigned hi, unsigned lo) {
  return s.pc + (static_cast<uint64_t>(sign_extend(field(insn, hi, lo), hi - lo + 1)) << 2);
}

W64_SEMANTICS(B) {
  s.pc = branch_target(s, insn, 25, 0);
  return Outcome::jump();
}

W64_SEMANTICS(BL) {
  s.x[30] = s.pc + 4;
  s.pc = branch_target(s, insn, 25, 0);
  return Outcome::jump();
}

// ---- Compare and branch / conditional branch ------------------------------------------
template <bool kBranchIfZero>
W64_HD W64_INLINE Outcome compare_and_branch(uint32_t insn, CpuState& s) {
  const bool zero = reg_or_zero(s, rt(insn), width_of(insn)) == 0;
  if (zero != kBranchIfZero) return Outcome::next();
  s.pc = branch_target(s, insn, 23, 5);
  return Outcome::jump();
}

W64_SEMANTICS(CBZ) { return compare_and_branch<true>(insn, s); }
W64_SEMANTICS(CBNZ) { return compare_and_branch<false>(insn, s); }

W64_SEMANTICS(B_cond) {
  if (!condition_holds(field(insn, 3, 0), s.nzcv)) return Outcome::next();
  s.pc = branch_target(s, insn, 23, 5);
  return Outcome::jump();
}

// ---- Exception generation -------------------------------------------------------------
// The immediate of SVC/BRK/HLT stays in the instruction word, which the engine reports.
W64_SEMANTICS(SVC) { return Outcome::stop(StopReason::kSyscall); }
W64_SEMANTICS(BRK) { return Outcome::stop(StopReason::kBreakpoint); }
W64_SEMANTICS(HLT) { return Outcome::stop(StopReason::kHalt); }

// ---- Hints ----------------------------------------------------------------------------
W64_SEMANTICS(NOP) { return Outcome::next(); }

}  // namespace warp64::core::sem
