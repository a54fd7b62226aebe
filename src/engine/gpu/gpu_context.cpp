#include "engine/gpu/gpu_context.hpp"

#include <string>

#include "engine/gpu/cuda_check.hpp"
#include "engine/gpu/lane_kernels.hpp"
#include "engine/multi_device/gpu_devices.hpp"
#include "warp64/engine_kind.hpp"

namespace warp64 {

unsigned gpu_device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error of a failed probe
    return 0;
  }
  return static_cast<unsigned>(count);
}

void check_gpu_device(unsigned device) {
  std::string why;
  if (!gpu_engine_available(&why)) throw Error("the GPU engine is unavailable: " + why);
  const unsigned count = gpu_device_count();
  if (device >= count) {
    throw Error("no CUDA device " + std::to_string(device) + " (this host shows " + std::to_string(count) +
                (count == 1 ? " device, 0)" : " devices, 0 to " + std::to_string(count - 1) + ")"));
  }
  cudaDeviceProp properties{};
  W64_CUDA_CHECK(cudaGetDeviceProperties(&properties, static_cast<int>(device)));
  if (properties.major < 9) {
    throw Error("CUDA device " + std::to_string(device) + " has compute capability " +
                std::to_string(properties.major) + "." + std::to_string(properties.minor) +
                "; the GPU engine needs 9.0 or newer");
  }
}

void select_gpu_device(unsigned device) {
  if (cudaSetDevice(static_cast<int>(device)) == cudaSuccess) return;
  cudaGetLastError();
  check_gpu_device(device);  // says why there is no such GPU (no driver, no device, too old)
  W64_CUDA_CHECK(cudaSetDevice(static_cast<int>(device)));
}

uint64_t shared_gpu_pool_bytes(unsigned device, unsigned engines) {
  select_gpu_device(device);
  gpu::reserve_launch_memory();
  size_t free = 0, total = 0;
  W64_CUDA_CHECK(cudaMemGetInfo(&free, &total));
  const uint64_t reserved = gpu::kReservedDeviceBytes * engines;
  return free > reserved ? (free - reserved) / engines : 0;
}

}  // namespace warp64

namespace warp64::gpu {

GpuContext::GpuContext(unsigned device) {
  check_gpu_device(device);
  select_gpu_device(device);
  table_.allocate(1);
  W64_CUDA_CHECK(
      cudaMemcpy(table_.get(), &core::host_decode_table(), sizeof(core::DecodeTable), cudaMemcpyHostToDevice));
  reserve_launch_memory();
  W64_CUDA_CHECK(cudaEventCreate(&start_));
  W64_CUDA_CHECK(cudaEventCreate(&stop_));
  cudaDeviceProp properties{};
  W64_CUDA_CHECK(cudaGetDeviceProperties(&properties, static_cast<int>(device)));
  architecture_ = properties.major * 10 + properties.minor;
}

GpuContext::~GpuContext() {
  cudaEventDestroy(start_);
  cudaEventDestroy(stop_);
}

}  // namespace warp64::gpu
