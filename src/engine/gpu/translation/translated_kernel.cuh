// The fixed part of a translated kernel, compiled at run time (NVRTC) together with the
// generated run_blocks(): each lane runs its translated blocks, and hands every word without a
// translation to the interpreter, which is linked in from a module of its own.
#pragma once

#include "engine/gpu/lane_state.cuh"
#include "engine/gpu/launch_params.cuh"
#include "engine/lanes/lane_memory.hpp"

// Translated blocks give the lane's ring each jump they take (block_macros.hpp).
#define W64_RECORD_JUMP branches(s.pc)
#include "engine/translation/block_macros.hpp"
#include "warp64/core/run.hpp"

namespace warp64::gpu {

// Defined in interpreter_module.cu: runs the lane from state->pc by interpretation, one
// instruction, or (until_jump) up to and including the first taken jump.
extern "C" __device__ core::Step w64_interpret(TranslatedLaneState* state, lanes::LaneMemory* memory,
                                               const core::DecodeTable* table, bool until_jump, uint64_t* cycles,
                                               uint64_t max_cycles, core::RunResult* stop);

// Calls the interpreter on copies, so that the translated code's own state, whose registers
// each live in a hardware register, never has its address taken.
struct Interpreter {
  lanes::LaneMemory* memory;
  const core::DecodeTable* table;

  __device__ core::Step operator()(TranslatedLaneState& s, bool until_jump, uint64_t& cycles, uint64_t max_cycles,
                                   core::RunResult& stop) const {
    TranslatedLaneState state = s;
    uint64_t retired = cycles;
    core::RunResult result;
    const core::Step step = w64_interpret(&state, memory, table, until_jump, &retired, max_cycles, &result);
    s = state;
    cycles = retired;
    if (step == core::Step::kStopped) stop = result;
    return step;
  }
};

// The lane's memory policy, called rather than inlined into every load and store of
// translated code: inlined, it multiplies the time run-time compilation takes.
class CalledMemory {
 public:
  __device__ CalledMemory(const lanes::LaneSpace& space, uint64_t lane) : memory_(space, lane) {}
  __device__ __noinline__ bool read(uint64_t address, unsigned size, uint64_t& value) {
    return memory_.read(address, size, value);
  }
  __device__ __noinline__ bool write(uint64_t address, unsigned size, uint64_t value) {
    return memory_.write(address, size, value);
  }
  __device__ __noinline__ core::AccessKind atomic(uint64_t address, core::AtomicAccess& access) {
    return memory_.atomic(address, access);
  }
  __device__ void barrier() { memory_.barrier(); }
  __device__ uint64_t virtual_counter() { return memory_.virtual_counter(); }
  __device__ lanes::LaneMemory* lane_memory() { return &memory_; }

 private:
  lanes::LaneMemory memory_;
};

// The generated function's signature: the names its statements use (block_macros.hpp).
#define W64_FUNCTION(name)                                                                                      \
  __device__ __forceinline__ bool name(TranslatedLaneState& s, CalledMemory& mem, const Interpreter& interpret, \
                                       uint64_t& cycles, uint64_t max_cycles, core::RunResult& stop,            \
                                       lanes::BranchRecorder& branches)

// Generated: runs translated blocks from s.pc. Returns true at a stop (described in `stop`),
// false when s.pc has no translation or the next block needs more cycles than remain.
W64_FUNCTION(run_blocks);

// One thread per lane, launched as the interpreter kernel is.
extern "C" __global__ void __launch_bounds__(kThreadsPerBlock, 4)
    w64_translated_lanes(const __grid_constant__ LaunchParams p) {
  uint64_t lane;
  if (!lane_to_run(p, lane)) return;
  uint64_t vector_registers[32][2];
  TranslatedLaneState s;
  s.v = vector_registers;
  s.load(p.states[lane]);
  CalledMemory memory(p.space, lane);
  const Interpreter interpret{memory.lane_memory(), p.table};
  lanes::BranchRecorder branches(p.rings, lane);
  uint64_t cycles = 0;
  core::RunResult stop;
  while (!run_blocks(s, memory, interpret, cycles, p.max_cycles, stop, branches)) {
    // The interpreter runs up to and including the next jump taken.
    if (interpret(s, true, cycles, p.max_cycles, stop) == core::Step::kStopped) break;
    branches(s.pc);
  }
  branches.save(p.rings, lane);
  lanes::report_exhaustion(p.space, lane, stop);
  p.results[lane] = stop;
  s.store(p.states[lane]);
}

}  // namespace warp64::gpu
