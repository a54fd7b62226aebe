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

// What one instruction did to the flow of a run.
enum class Step : uint8_t {
  kNext,     // retired; pc is the next word
  kJumped,   // retired; pc is wherever the instruction sent it
  kStopped,  // the run ends with the RunResult filled in
};

// Applies one instruction's outcome to pc and the cycle count. After a stop: SYSCALL leaves
// pc after the SVC (it retired); every other stop leaves pc at the instruction that did not
// execute.
template <class State>
W64_HD W64_INLINE Step retire(const Outcome& outcome, uint32_t insn, State& s, uint64_t& cycles, RunResult& stop) {
  if (outcome.flow == Flow::kNext) {
    s.pc += 4;
    ++cycles;
    return Step::kNext;
  }
  if (outcome.flow == Flow::kJump) {
    ++cycles;
    return Step::kJumped;
  }
  if (outcome.reason == StopReason::kSyscall) {
    s.pc += 4;
    ++cycles;
  }
  stop = {outcome.reason, outcome.access, outcome.fault_address, cycles, insn, true};
  return Step::kStopped;
}

// Fetcher provides  bool fetch(uint64_t pc, uint32_t& insn, Op& op)  which reads and decodes
// the instruction at pc, failing when pc is misaligned or not executable.
template <class State, class Memory, class Fetcher>
W64_HD W64_INLINE Step step(State& s, Memory& mem, Fetcher& fetcher, uint64_t& cycles, RunResult& stop) {
  uint32_t insn;
  Op op;
  if (!fetcher.fetch(s.pc, insn, op)) {
    stop = {StopReason::kFault, AccessKind::kFetch, s.pc, cycles, 0, false};
    return Step::kStopped;
  }
  return retire(execute(op, insn, s, mem), insn, s, cycles, stop);
}

// The result of running out of cycles: pc is left at the next instruction.
W64_HD W64_INLINE RunResult max_cycles_reached(uint64_t cycles) {
  return {StopReason::kMaxCycles, AccessKind::kNone, 0, cycles, 0, false};
}

// Runs until a stop or until max_cycles instructions have retired, calling on_jump(pc) with
// the destination of each jump taken (the lane engines' rings of last branches).
template <class State, class Memory, class Fetcher, class OnJump>
W64_HD W64_INLINE RunResult run(State& s, Memory& mem, Fetcher& fetcher, uint64_t max_cycles, OnJump& on_jump) {
  uint64_t cycles = 0;
  RunResult stop;
  for (;;) {
    if (cycles >= max_cycles) return max_cycles_reached(cycles);
    const Step taken = step(s, mem, fetcher, cycles, stop);
    if (taken == Step::kStopped) return stop;
    if (taken == Step::kJumped) on_jump(s.pc);
  }
}

struct IgnoreJumps {
  W64_HD W64_INLINE void operator()(uint64_t) const {}
};

// Runs until a stop or until max_cycles instructions have retired.
template <class State, class Memory, class Fetcher>
W64_HD W64_INLINE RunResult run(State& s, Memory& mem, Fetcher& fetcher, uint64_t max_cycles) {
  IgnoreJumps ignore;
  return run(s, mem, fetcher, max_cycles, ignore);
}

}  // namespace warp64::core
