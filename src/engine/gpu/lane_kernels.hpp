// The kernels of the lane engine, as the host sees them.
#pragma once

#include <cstdint>

namespace warp64::gpu {

// The interpreter kernel, for cudaLaunchKernel with one LaunchParams (launch_params.cuh):
// one thread per lane runs the core's loop.
const void* interpreter_kernel();

// Copies lane 0's slice of a private region to every other lane's; `lane_bytes` must be a
// multiple of 8. Returns when the copy is done.
void replicate_first_lane(uint8_t* data, uint64_t lane_bytes, uint64_t lanes);

}  // namespace warp64::gpu
