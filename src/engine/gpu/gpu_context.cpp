#include "engine/gpu/gpu_context.hpp"

#include <string>

#include "engine/gpu/cuda_check.hpp"
#include "warp64/engine_kind.hpp"

namespace warp64::gpu {

GpuContext::GpuContext() {
  std::string why;
  if (!gpu_engine_available(&why)) throw Error("the GPU engine is unavailable: " + why);
  W64_CUDA_CHECK(cudaSetDevice(0));
  table_.allocate(1);
  W64_CUDA_CHECK(
      cudaMemcpy(table_.get(), &core::host_decode_table(), sizeof(core::DecodeTable), cudaMemcpyHostToDevice));
  W64_CUDA_CHECK(cudaEventCreate(&start_));
  W64_CUDA_CHECK(cudaEventCreate(&stop_));
  cudaDeviceProp properties{};
  W64_CUDA_CHECK(cudaGetDeviceProperties(&properties, 0));
  architecture_ = properties.major * 10 + properties.minor;
}

GpuContext::~GpuContext() {
  cudaEventDestroy(start_);
  cudaEventDestroy(stop_);
}

}  // namespace warp64::gpu
