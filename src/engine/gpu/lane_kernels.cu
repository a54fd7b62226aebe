// The lane engine's kernels: the A64 core's run loop, one thread per lane, and the copy of
// one lane's initial bytes to all others. Kept apart from the host code, whose changes then
// do not cost the kernel's long compilation.
#include "engine/gpu/cuda_check.hpp"
#include "engine/gpu/lane_kernels.hpp"
#include "engine/gpu/lane_memory.cuh"
#include "engine/gpu/lane_state.cuh"
#include "engine/gpu/launch_params.cuh"
#include "warp64/core/run.hpp"

namespace warp64::gpu {
namespace {

// Five blocks per SM (up to 102 registers a thread): the hot path fits, and the outlined cold cases
// spill inside their own function.
__global__ void __launch_bounds__(kThreadsPerBlock, 5) run_lanes_kernel(const __grid_constant__ LaunchParams p) {
  uint64_t lane;
  if (!lane_to_run(p, lane)) return;
  uint64_t registers[31];
  uint64_t vector_registers[32][2];
  LaneState state{registers, vector_registers};
  state.load(p.states[lane]);
  LaneMemory memory(p.layout, lane);
  LaneFetcher fetcher(memory, *p.table);
  p.results[lane] = core::run(state, memory, fetcher, p.max_cycles);
  state.store(p.states[lane]);
}

__global__ void replicate_kernel(uint8_t* data, uint64_t lane_bytes, uint64_t lanes) {
  const uint64_t words = lane_bytes / 8;
  const uint64_t* source = reinterpret_cast<const uint64_t*>(data);
  for (uint64_t i = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < words * (lanes - 1);
       i += static_cast<uint64_t>(gridDim.x) * blockDim.x) {
    reinterpret_cast<uint64_t*>(data + lane_bytes)[i] = source[i % words];
  }
}

}  // namespace

const void* interpreter_kernel() { return reinterpret_cast<const void*>(&run_lanes_kernel); }

void replicate_first_lane(uint8_t* data, uint64_t lane_bytes, uint64_t lanes) {
  replicate_kernel<<<1024, 256>>>(data, lane_bytes, lanes);
  W64_CUDA_CHECK(cudaGetLastError());
  W64_CUDA_CHECK(cudaDeviceSynchronize());
}

}  // namespace warp64::gpu
