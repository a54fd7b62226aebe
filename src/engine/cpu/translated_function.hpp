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

struct TranslatedContext;

// A translated function's entry: runs translated blocks from state->pc; true at a stop
// (context.stop), false when pc has left its blocks or the next block needs more cycles
// than remain.
using TranslatedEntry = bool (*)(TranslatedContext& context);

// The translated entries found last, by the low bits of their address (most jumps land where
// one landed before): the engine fills them, and empties them whenever it installs or drops
// translated code.
struct RecentEntry {
  uint64_t pc = ~uint64_t{0};  // no word address
  TranslatedEntry code = nullptr;
};
inline constexpr uint64_t kRecentEntries = 1024;

struct TranslatedContext {
  core::CpuState* state;
  MemoryTlb* memory;
  uint64_t cycles;      // retired in this run so far
  uint64_t max_cycles;  // the run's budget
  core::RunResult stop;
  // Interprets from state->pc, with cycles and stop here: one instruction, or (until_jump)
  // up to and including the first taken jump.
  core::Step (*interpret)(TranslatedContext& context, bool until_jump);
  // kRecentEntries entries, and how many more times translated code may go from one unit to
  // the next without returning to the engine.
  const RecentEntry* recent;
  uint32_t hops;
};

// The engine's interpreter, called on the context's CpuState for the words translated code
// leaves to it.
struct Interpreter {
  TranslatedContext& context;

  // `s` is the context's state itself. The generated code holds it as a restrict reference,
  // so the interpreter reaches it through a pointer taken from `s` (the same address), which
  // tells the compiler that the call may read and change every register.
  core::Step operator()(core::CpuState& s, bool until_jump, uint64_t& cycles, uint64_t max_cycles,
                        core::RunResult& stop) const {
    context.state = &s;
    context.cycles = cycles;
    context.max_cycles = max_cycles;
    const core::Step step = context.interpret(context, until_jump);
    cycles = context.cycles;
    if (step == core::Step::kStopped) stop = context.stop;
    return step;
  }
};

// Runs the generated function `Blocks` on the context's state in place. Its registers are not
// copied into locals: each unit of translated code is entered often (every jump between units
// goes through the engine), and copying the whole state in and out at every entry cost more
// than the compiler's loads and stores of the registers a unit uses (the bytecode interpreter
// of the corpus ran 1.8x faster). The restrict reference lets the compiler keep registers in
// host registers across the guest's own memory accesses, which go to other host memory.
template <auto Blocks>
inline bool run_translated(TranslatedContext& context) {
  TlbMemory memory(*context.memory);
  const Interpreter interpret{context};
  uint64_t cycles = context.cycles;
  core::RunResult stop;
  const bool stopped = Blocks(*context.state, memory, interpret, cycles, context.max_cycles, stop);
  context.cycles = cycles;
  if (stopped) context.stop = stop;
  return stopped;
}

// After a unit has left its blocks: goes on in the unit that holds pc, when the recent entries
// know it, as a tail call, so that a jump between units costs a look-up and a jump instead of
// a return to the engine's loop and a call from there (the corpus's bytecode interpreter
// leaves a unit at nearly every bytecode). `hops` bounds the chain, so that the engine still
// installs what was compiled meanwhile, and no stack could grow without end were the compiler
// to make a call of it.
inline bool run_next_unit(TranslatedContext& context, uint64_t cycles_before) {
  if (context.cycles == cycles_before || context.hops == 0) return false;
  const uint64_t pc = context.state->pc;
  const RecentEntry& next = context.recent[(pc >> 2) % kRecentEntries];
  if (next.pc != pc) return false;
  --context.hops;
  return next.code(context);
}

}  // namespace warp64::cpu

// The generated function's signature: the names its statements use (block_macros.hpp).
#define W64_FUNCTION(name)                                                                                          \
  static inline __attribute__((always_inline)) bool name(                                                           \
      warp64::core::CpuState& __restrict s, warp64::cpu::TlbMemory& mem, const warp64::cpu::Interpreter& interpret, \
      uint64_t& cycles, uint64_t max_cycles, warp64::core::RunResult& stop)

// Exports the generated function `name` as the TranslatedEntry `symbol`.
#define W64_EXPORT(name, symbol)                                                                           \
  extern "C" __attribute__((visibility("default"))) bool symbol(warp64::cpu::TranslatedContext& context) { \
    const uint64_t cycles_before = context.cycles;                                                         \
    if (warp64::cpu::run_translated<name>(context)) return true;                                           \
    return warp64::cpu::run_next_unit(context, cycles_before);                                             \
  }
