// How an instruction directs control flow, as far as its word and address tell: what block
// discovery needs. The immediate branches' targets come from the same functions that their
// semantics (branches_exceptions_system.hpp) use.
#pragma once

#include <cstdint>

#include "warp64/core/bits.hpp"
#include "warp64/core/config.hpp"
#include "warp64/core/encoding.hpp"

namespace warp64::core {

// pc plus the signed word offset in bits [hi:lo] of the instruction.
W64_HD W64_INLINE constexpr uint64_t word_offset_target(uint32_t insn, uint64_t pc, unsigned hi, unsigned lo) {
  return pc + (static_cast<uint64_t>(sign_extend(field(insn, hi, lo), hi - lo + 1)) << 2);
}

// The immediate branches' targets, by the width of their offset.
// imm26: B, BL.
W64_HD W64_INLINE constexpr uint64_t imm26_target(uint32_t insn, uint64_t pc) {
  return word_offset_target(insn, pc, 25, 0);
}
// imm19: B.cond, CBZ, CBNZ.
W64_HD W64_INLINE constexpr uint64_t imm19_target(uint32_t insn, uint64_t pc) {
  return word_offset_target(insn, pc, 23, 5);
}
// imm14: TBZ, TBNZ.
W64_HD W64_INLINE constexpr uint64_t imm14_target(uint32_t insn, uint64_t pc) {
  return word_offset_target(insn, pc, 18, 5);
}

struct BranchInfo {
  bool ends_block;     // execution may go elsewhere than the next word, or stop
  bool falls_through;  // execution may continue at the next word: not taken, returned to, resumed after
  bool has_target;     // the encoding fixes where it jumps: `target`
  uint64_t target;
};

// The control flow of `insn`, decoded as `op`, at `pc`.
W64_HD W64_INLINE constexpr BranchInfo branch_info(Op op, uint32_t insn, uint64_t pc) {
  switch (op) {
    case Op::B: return {true, false, true, imm26_target(insn, pc)};
    case Op::BL: return {true, true, true, imm26_target(insn, pc)};
    case Op::B_cond:
    case Op::CBZ:
    case Op::CBNZ: return {true, true, true, imm19_target(insn, pc)};
    case Op::TBZ:
    case Op::TBNZ: return {true, true, true, imm14_target(insn, pc)};
    case Op::BR:
    case Op::RET: return {true, false, false, 0};
    // A call, and a system call, come back to the next word: it starts a block of its own.
    case Op::BLR:
    case Op::SVC: return {true, true, false, 0};
    // Stops that do not resume at the next word.
    case Op::BRK:
    case Op::HLT:
    case Op::kUndefined: return {true, false, false, 0};
    default: return {false, true, false, 0};
  }
}

}  // namespace warp64::core
