// The host's CUDA devices, for lanes spread over several: defined with the GPU engine, and
// without CUDA as a host that has none.
#pragma once

#include <cstdint>

namespace warp64 {

// The CUDA devices visible to this process (CUDA_VISIBLE_DEVICES applies): 0 without any.
unsigned gpu_device_count();
// Throws warp64::Error unless `device` is a visible CUDA device the GPU engine can use.
void check_gpu_device(unsigned device);
// Makes `device` the calling thread's CUDA device: the one its CUDA calls address.
void select_gpu_device(unsigned device);
// The default page pool of each of `engines` GPU lane engines sharing `device`: its free
// memory, less what each keeps for its other buffers, in equal parts.
uint64_t shared_gpu_pool_bytes(unsigned device, unsigned engines);

}  // namespace warp64
