// The fixed part of the CPU engine's translated code, compiled at run time by the host's C++
// compiler together with the generated functions (block_source.hpp), which it turns into
// functions the engine calls through a shared object. Built into the library as text.
//
// TranslatedContext is plain data whose layout is the contract between the engine and code
// compiled apart from it.
#pragma once

#include <cstdint>

#include "engine/cpu/memory_tlb.hpp"
#include "engine/translation/block_macros.hpp"
#include "warp64/core/run.hpp"

namespace warp64::cpu {

struct TranslatedContext {
  core::CpuState* state;
  MemoryTlb* memory;
  uint64_t cycles;      // retired in this run so far
  uint64_t max_cycles;  // the run's budget
  core::RunResult stop;
  // Interprets from state->pc, with cycles and stop here: one instruction, or (until_jump)
  // up to and including the first taken jump.
  core::Step (*interpret)(TranslatedContext& context, bool until_jump);
};

// A translated function's entry: runs translated blocks from state->pc; true at a stop
// (context.stop), false when pc has left its blocks or the next block needs more cycles
// than remain.
using TranslatedEntry = bool (*)(TranslatedContext& context);

// The general-purpose registers as members named by constants only, so that the compiler
// keeps them in host registers.
struct RegisterArray {
  uint64_t r[31];
  uint64_t& operator[](unsigned n) { return r[n]; }
  const uint64_t& operator[](unsigned n) const { return r[n]; }
};

// CpuState's members as translated code keeps them: every member but the SIMD&FP registers
// in a local the compiler can hold in a host register.
struct TranslatedState {
  RegisterArray x;
  uint64_t (*v)[2];
  uint64_t sp;
  uint64_t pc;
  uint32_t nzcv;
  uint32_t fpcr;
  uint32_t fpsr;
  uint64_t tpidr_el0;
  uint64_t exclusive_address;
  uint32_t exclusive_size;
  uint32_t exclusive_open;
  uint64_t exclusive_value[2];

  explicit TranslatedState(core::CpuState& from) : v(from.v) { load(from); }

  void load(const core::CpuState& from) {
    for (unsigned i = 0; i < 31; ++i) x[i] = from.x[i];
    sp = from.sp;
    pc = from.pc;
    nzcv = from.nzcv;
    fpcr = from.fpcr;
    fpsr = from.fpsr;
    tpidr_el0 = from.tpidr_el0;
    exclusive_address = from.exclusive_address;
    exclusive_size = from.exclusive_size;
    exclusive_open = from.exclusive_open;
    exclusive_value[0] = from.exclusive_value[0];
    exclusive_value[1] = from.exclusive_value[1];
  }

  void store(core::CpuState& to) const {
    for (unsigned i = 0; i < 31; ++i) to.x[i] = x[i];
    to.sp = sp;
    to.pc = pc;
    to.nzcv = nzcv;
    to.fpcr = fpcr;
    to.fpsr = fpsr;
    to.tpidr_el0 = tpidr_el0;
    to.exclusive_address = exclusive_address;
    to.exclusive_size = exclusive_size;
    to.exclusive_open = exclusive_open;
    to.exclusive_value[0] = exclusive_value[0];
    to.exclusive_value[1] = exclusive_value[1];
  }
};

// The engine's interpreter, called on the context's CpuState for the words translated code
// leaves to it.
struct Interpreter {
  TranslatedContext& context;

  core::Step operator()(TranslatedState& s, bool until_jump, uint64_t& cycles, uint64_t max_cycles,
                        core::RunResult& stop) const {
    s.store(*context.state);
    context.cycles = cycles;
    context.max_cycles = max_cycles;
    const core::Step step = context.interpret(context, until_jump);
    s.load(*context.state);
    cycles = context.cycles;
    if (step == core::Step::kStopped) stop = context.stop;
    return step;
  }
};

// Runs the generated function `Blocks` on a copy of the context's state.
template <auto Blocks>
inline bool run_translated(TranslatedContext& context) {
  TranslatedState s(*context.state);
  TlbMemory memory(*context.memory);
  const Interpreter interpret{context};
  uint64_t cycles = context.cycles;
  core::RunResult stop;
  const bool stopped = Blocks(s, memory, interpret, cycles, context.max_cycles, stop);
  s.store(*context.state);
  context.cycles = cycles;
  if (stopped) context.stop = stop;
  return stopped;
}

}  // namespace warp64::cpu

// The generated function's signature: the names its statements use (block_macros.hpp).
#define W64_FUNCTION(name)                                                                                             \
  static inline __attribute__((always_inline)) bool name(warp64::cpu::TranslatedState& s, warp64::cpu::TlbMemory& mem, \
                                                         const warp64::cpu::Interpreter& interpret, uint64_t& cycles,  \
                                                         uint64_t max_cycles, warp64::core::RunResult& stop)

// Exports the generated function `name` as the TranslatedEntry `symbol`.
#define W64_EXPORT(name, symbol)                                                                           \
  extern "C" __attribute__((visibility("default"))) bool symbol(warp64::cpu::TranslatedContext& context) { \
    return warp64::cpu::run_translated<name>(context);                                                     \
  }
