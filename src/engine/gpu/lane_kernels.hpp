// The kernels of the lane engine, as the host sees them. Pointers are device pointers.
#pragma once

#include <cstdint>

#include "engine/lanes/memory_ops.hpp"

namespace warp64::gpu {

// The interpreter kernel, for cudaLaunchKernel with one LaunchParams (launch_params.cuh):
// one thread per lane runs the core's loop, recording each lane's last branches when
// `branch_ring` (LaunchParams::rings has entries).
const void* interpreter_kernel(bool branch_ring);

// Makes the driver allocate the interpreter kernel's local memory (its stack, for every thread
// the GPU can hold) now, as it otherwise does at the kernel's first launch: memory measured
// free afterwards is then free for the page pool.
void reserve_launch_memory();

// The device's global nanosecond timer now (the lanes' CNTVCT_EL0).
uint64_t timer_ns();

// Lets the blocks freed so far be taken (PagePool::begin_launch), before the next kernel.
void begin_pool_launch(const lanes::PagePool& pool);

// Applies `ops`, sorted by lane: run r (one lane's operations, in order) is
// [run_starts[r], run_starts[r + 1]). Each operation's status goes to statuses[i]. Returns when
// all are applied.
void apply_memory_ops(const lanes::LaneSpace& space, const lanes::MemoryOp* ops, const uint64_t* run_starts,
                      uint64_t runs, const uint8_t* data, lanes::Status* statuses);

// Peeks range i into out + offsets[i], its status into statuses[i]. Returns when all are read.
void gather_ranges(const lanes::LaneSpace& space, const lanes::ByteRange* ranges, const uint64_t* offsets,
                   uint64_t count, uint8_t* out, lanes::Status* statuses);

}  // namespace warp64::gpu
