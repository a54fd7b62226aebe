// What every unit of a translated kernel is compiled with (NVRTC, at run time): the names the
// generated blocks use (block_macros.hpp) and the unit's entry point. Each unit is a separate
// compilation, so that the build's time grows with the code, not faster (unit_groups.hpp); the
// kernel (translated_kernel.cuh) calls the unit that holds a lane's pc.
#pragma once

#include "engine/gpu/lane_state.cuh"
#include "engine/lanes/branch_ring.hpp"
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

// The generated blocks' function: the names its statements use (block_macros.hpp). Each unit
// defines one, in an unnamed namespace (the units are linked together).
#define W64_FUNCTION(name)                                                                                      \
  __device__ __forceinline__ bool name(TranslatedLaneState& s, CalledMemory& mem, const Interpreter& interpret, \
                                       uint64_t& cycles, uint64_t max_cycles, core::RunResult& stop,            \
                                       lanes::BranchRecorder& branches)

// A unit's entry point, by which the kernel calls it across compilations.
#define W64_UNIT_PARAMETERS                                                                         \
  TranslatedLaneState *state, CalledMemory *memory, const Interpreter *interpret, uint64_t *cycles, \
      uint64_t max_cycles, core::RunResult *stop, lanes::BranchRecorder *branches

// Defines the entry point `symbol` of the unit whose blocks are `function`. The unit runs on
// copies of the lane's registers and ring cursor, held in hardware registers while its blocks
// run, and hands them back when it returns (at a stop, when pc leaves its blocks, or when the
// cycles run out).
#define W64_UNIT(function, symbol)                                                               \
  extern "C" __device__ bool symbol(W64_UNIT_PARAMETERS) {                                       \
    TranslatedLaneState s = *state;                                                              \
    uint64_t retired = *cycles;                                                                  \
    lanes::BranchRecorder recorder = *branches;                                                  \
    const bool stopped = function(s, *memory, *interpret, retired, max_cycles, *stop, recorder); \
    *state = s;                                                                                  \
    *cycles = retired;                                                                           \
    *branches = recorder;                                                                        \
    return stopped;                                                                              \
  }

}  // namespace warp64::gpu
