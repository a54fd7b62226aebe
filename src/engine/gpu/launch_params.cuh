// The one parameter of every lane kernel, the interpreter's and each translated one alike:
// passed by value as a __grid_constant__, so that the kernels' signatures cannot drift apart.
#pragma once

#include <cstdint>

#include "engine/lanes/block_profile.hpp"
#include "engine/lanes/branch_ring.hpp"
#include "engine/lanes/lane_calls.hpp"
#include "engine/lanes/lane_space.hpp"
#include "warp64/core/run.hpp"

namespace warp64::gpu {

// Threads per block of every lane kernel launch, and of its launch bounds.
inline constexpr unsigned kThreadsPerBlock = 128;

struct LaunchParams {
  lanes::LaneSpace space;  // first, at the parameter's own address, as the memory policy's loops see it
  core::CpuState* states;
  core::RunResult* results;
  const core::DecodeTable* table;
  const uint8_t* active;  // one byte per lane, non-zero to run it; null runs every lane
  lanes::BranchRings rings;
  uint64_t lanes;
  uint64_t max_cycles;
  lanes::BlockProfile profile;  // the interpreter's block-entry samples; none by default
  // The calls lanes answer themselves (lanes/lane_calls.hpp), in every kernel.
  lanes::LaneCalls calls;
};

// This thread's lane, when it is one to run.
__device__ __forceinline__ bool lane_to_run(const LaunchParams& p, uint64_t& lane) {
  lane = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  return lane < p.lanes && (p.active == nullptr || p.active[lane]);
}

}  // namespace warp64::gpu
