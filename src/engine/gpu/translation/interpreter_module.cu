// The interpreter as a device function of a relocatable module of its own, linked into every
// translated kernel: translated code hands it the words it has no translation for. The build
// compiles it for sm_90 (nvcc); other devices compile it at run time (NVRTC), once.

#include "engine/gpu/lane_state.cuh"
#include "engine/lanes/lane_memory.hpp"
#include "warp64/core/run.hpp"

namespace warp64::gpu {

extern "C" __device__ core::Step w64_interpret(TranslatedLaneState* translated, lanes::LaneMemory* memory,
                                               const core::DecodeTable* table, bool until_jump, uint64_t* cycles,
                                               uint64_t max_cycles, core::RunResult* stop) {
  // The general-purpose registers stay in the caller's copy; the rest move into registers here.
  LaneState s;
  s.x = translated->x.r;
  s.v = translated->v;
  LaneState::copy_scalars(*translated, s);
  // The translated code's own memory policy, so that both see the pages either makes the lane's own.
  lanes::LaneFetcher fetcher(*memory, *table);
  uint64_t retired = *cycles;
  core::Step step;
  do {
    if (retired >= max_cycles) {
      *stop = core::max_cycles_reached(retired);
      step = core::Step::kStopped;
      break;
    }
    step = core::step(s, *memory, fetcher, retired, *stop);
  } while (until_jump && step == core::Step::kNext);
  LaneState::copy_scalars(s, *translated);
  *cycles = retired;
  return step;
}

}  // namespace warp64::gpu
