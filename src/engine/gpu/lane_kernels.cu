// The lane engine's kernels: the A64 core's run loop, one thread per lane, and the copy of
// one lane's initial bytes to all others. Kept apart from the host code, whose changes then
// do not cost the kernel's long compilation.
#include "engine/gpu/cuda_check.hpp"
#include "engine/gpu/lane_kernels.hpp"
#include "engine/gpu/lane_memory.cuh"
#include "engine/gpu/lane_state.cuh"
#include "warp64/core/run.hpp"

namespace warp64::gpu {
namespace {

// Five blocks per SM (up to 102 registers a thread): the hot path fits, and the outlined cold cases
// spill inside their own function.
__global__ void __launch_bounds__(kThreadsPerBlock, 5)
    run_lanes_kernel(core::CpuState* states, core::RunResult* results, const __grid_constant__ DeviceLayout layout,
                     const core::DecodeTable* table, const uint8_t* active, uint64_t lanes, uint64_t max_cycles) {
  const uint64_t lane = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (lane >= lanes || (active != nullptr && !active[lane])) return;
  uint64_t registers[31];
  uint64_t vector_registers[32][2];
  LaneState state{registers, vector_registers};
  state.load(states[lane]);
  LaneMemory memory(layout, lane);
  LaneFetcher fetcher(memory, *table);
  results[lane] = core::run(state, memory, fetcher, max_cycles);
  state.store(states[lane]);
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
