// One executed instruction as a line of an execution trace: its address, its word, capstone's
// disassembly and, given the state before and after it, the registers it changed.
#pragma once

#include <cstdint>
#include <string>

#include "debug/disassembler.hpp"
#include "warp64/core/state.hpp"

namespace warp64::debug {

class TraceFormatter {
 public:
  // "0x0000000000400120: d2800540  mov x0, #0x2a"; ".inst 0x..." for a word capstone rejects.
  std::string instruction(uint64_t pc, uint32_t word) const;
  // The instruction line followed by what it changed: "...  // x0=0x000000000000002a".
  std::string instruction(uint64_t pc, uint32_t word, const core::CpuState& before, const core::CpuState& after) const;

 private:
  Disassembler disassembler_;
};

// The registers whose value differs between the two states, in the order x0-x30, sp, nzcv,
// fpsr, fpcr, tpidr_el0, v0-v31, as "name=value" separated by spaces: 64-bit registers in 16
// hex digits, 32-bit ones in 8, vectors in 32 (bits 127..0), nzcv as its four flags ("-ZC-").
// pc, which every instruction changes, is left out. Empty when nothing changed.
std::string register_changes(const core::CpuState& before, const core::CpuState& after);

}  // namespace warp64::debug
