// The lane engine's kernels: the A64 core's run loop, one thread per lane, and the host's bulk
// access to lane memory (changes applied, ranges gathered), one launch for many lanes. Kept
// apart from the host code, whose changes then do not cost the kernel's long compilation.
#include "engine/gpu/cuda_check.hpp"
#include "engine/gpu/lane_kernels.hpp"
#include "engine/gpu/lane_state.cuh"
#include "engine/gpu/launch_params.cuh"
#include "engine/lanes/block_profile.hpp"
#include "engine/lanes/lane_memory.hpp"
#include "engine/lanes/memory_ops.hpp"
#include "warp64/core/run.hpp"

namespace warp64::gpu {
namespace {

// What a lane run without a ring of last branches does at each jump: nothing.
struct NoBranchRing {
  __device__ void operator()(uint64_t) {}
};

// Five blocks per SM (up to 102 registers a thread): the hot path fits, and the outlined cold cases
// spill inside their own function. Compiled with and without the ring of last branches: a
// recorder in the kernel, even one of size 0, costs registers the hot path then spills, and
// halves the interpreter's throughput (docs/gpu-notes.md §13).
template <bool kBranchRing>
__global__ void __launch_bounds__(kThreadsPerBlock, 5) run_lanes_kernel(const __grid_constant__ LaunchParams p) {
  uint64_t lane;
  if (!lane_to_run(p, lane)) return;
  uint64_t registers[31];
  uint64_t vector_registers[32][2];
  LaneState state{registers, vector_registers};
  state.load(p.states[lane]);
  lanes::LaneMemory memory(p.space, lane);
  lanes::LaneFetcher lane_fetcher(memory, *p.table);
  lanes::ProfilingFetcher fetcher(lane_fetcher, p.profile, lane);
  core::RunResult result;
  if constexpr (kBranchRing) {
    lanes::BranchRecorder branches(p.rings, lane);
    result = lanes::run_lane(state, memory, fetcher, p.max_cycles, p.calls, branches);
    branches.save(p.rings, lane);
  } else {
    NoBranchRing branches;
    result = lanes::run_lane(state, memory, fetcher, p.max_cycles, p.calls, branches);
  }
  lanes::report_exhaustion(p.space, lane, result);
  p.results[lane] = result;
  state.store(p.states[lane]);
}

__device__ uint64_t timer_reading;

__global__ void read_timer_kernel() {
  uint64_t ns;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(ns));
  timer_reading = ns;
}

__global__ void begin_pool_launch_kernel(const lanes::PagePool pool) { pool.begin_launch(); }

__device__ uint64_t thread_index() { return static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; }

// One thread per run of operations on one lane, applied in order.
__global__ void apply_kernel(const __grid_constant__ lanes::LaneSpace space, const lanes::MemoryOp* ops,
                             const uint64_t* run_starts, uint64_t runs, const uint8_t* data, lanes::Status* statuses) {
  const uint64_t run = thread_index();
  if (run >= runs) return;
  for (uint64_t i = run_starts[run]; i < run_starts[run + 1]; ++i) statuses[i] = lanes::apply(space, ops[i], data);
}

__global__ void gather_kernel(const __grid_constant__ lanes::LaneSpace space, const lanes::ByteRange* ranges,
                              const uint64_t* offsets, uint64_t count, uint8_t* out, lanes::Status* statuses) {
  const uint64_t i = thread_index();
  if (i >= count) return;
  statuses[i] = lanes::peek(space, ranges[i].lane, ranges[i].address, out + offsets[i], ranges[i].length);
}

unsigned blocks_for(uint64_t threads) {
  return static_cast<unsigned>((threads + kThreadsPerBlock - 1) / kThreadsPerBlock);
}

}  // namespace

const void* interpreter_kernel(bool branch_ring) {
  return branch_ring ? reinterpret_cast<const void*>(&run_lanes_kernel<true>)
                     : reinterpret_cast<const void*>(&run_lanes_kernel<false>);
}

void reserve_launch_memory() {
  // No lanes: every thread returns. Both, as either may be launched later.
  run_lanes_kernel<true><<<1, kThreadsPerBlock>>>(LaunchParams{});
  run_lanes_kernel<false><<<1, kThreadsPerBlock>>>(LaunchParams{});
  W64_CUDA_CHECK(cudaGetLastError());
  W64_CUDA_CHECK(cudaDeviceSynchronize());
}

uint64_t timer_ns() {
  read_timer_kernel<<<1, 1>>>();
  W64_CUDA_CHECK(cudaGetLastError());
  uint64_t ns = 0;
  W64_CUDA_CHECK(cudaMemcpyFromSymbol(&ns, timer_reading, sizeof ns));
  return ns;
}

void begin_pool_launch(const lanes::PagePool& pool) {
  begin_pool_launch_kernel<<<1, 1>>>(pool);
  W64_CUDA_CHECK(cudaGetLastError());
}

void apply_memory_ops(const lanes::LaneSpace& space, const lanes::MemoryOp* ops, const uint64_t* run_starts,
                      uint64_t runs, const uint8_t* data, lanes::Status* statuses) {
  if (runs == 0) return;
  apply_kernel<<<blocks_for(runs), kThreadsPerBlock>>>(space, ops, run_starts, runs, data, statuses);
  W64_CUDA_CHECK(cudaGetLastError());
  W64_CUDA_CHECK(cudaDeviceSynchronize());
}

void gather_ranges(const lanes::LaneSpace& space, const lanes::ByteRange* ranges, const uint64_t* offsets,
                   uint64_t count, uint8_t* out, lanes::Status* statuses) {
  if (count == 0) return;
  gather_kernel<<<blocks_for(count), kThreadsPerBlock>>>(space, ranges, offsets, count, out, statuses);
  W64_CUDA_CHECK(cudaGetLastError());
  W64_CUDA_CHECK(cudaDeviceSynchronize());
}

}  // namespace warp64::gpu
