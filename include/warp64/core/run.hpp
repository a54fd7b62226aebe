// The fetch-decode-execute loop shared by every engine, and the one definition of what a
// stop does to PC and the cycle count.
#pragma once

#include <cstdint>

#include "warp64/core/execute.hpp"

namespace warp64::core {

struct RunResult {
  StopReason reason;
  AccessKind fault_access;
  uint64_t fault_address;
  uint64_t cycles;  // instructions retired by this run
  uint32_t insn;    // word of the stopping instruction (valid unless a fetch fault or MAX_CYCLES)
  bool has_insn;
};

// Fetcher provides  bool fetch(uint64_t pc, uint32_t& insn, Op& op)  which reads and decodes
// the instruction at pc, failing when pc is misaligned or not executable.
//
// After the run: SYSCALL leaves pc after the SVC (it retired); MAX_CYCLES leaves pc at the
// next instruction; every other stop leaves pc at the instruction that did not execute.
template <class State, class Memory, class Fetcher>
W64_HD W64_INLINE RunResult run(State& s, Memory& mem, Fetcher& fetcher, uint64_t max_cycles) {
  uint64_t cycles = 0;
  for (;;) {
    if (cycles >= max_cycles) return {StopReason::kMaxCycles, AccessKind::kNone, 0, cycles, 0, false};
    uint32_t insn;
    Op op;
    if (!fetcher.fetch(s.pc, insn, op)) {
      return {StopReason::kFault, AccessKind::kFetch, s.pc, cycles, 0, false};
    }
    const Outcome outcome = execute(op, insn, s, mem);
    if (outcome.flow == Flow::kNext) {
      s.pc += 4;
      ++cycles;
      continue;
    }
    if (outcome.flow == Flow::kJump) {
      ++cycles;
      continue;
    }
    if (outcome.reason == StopReason::kSyscall) {
      s.pc += 4;
      ++cycles;
    }
    return {outcome.reason, outcome.access, outcome.fault_address, cycles, insn, true};
  }
}

}  // namespace warp64::core
