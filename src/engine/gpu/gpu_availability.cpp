// Whether this machine can run the GPU engine: a CUDA 13 driver and a device of compute
// capability 9.0 or newer.
#include <cuda_runtime.h>

#include "warp64/engine_kind.hpp"

namespace warp64 {

bool gpu_engine_available(std::string* why) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    if (why != nullptr) {
      if (status == cudaErrorInsufficientDriver) {
        *why = "no NVIDIA driver for CUDA 13 is installed";
      } else if (status == cudaErrorNoDevice || count == 0) {
        *why = "no CUDA device found";
      } else {
        *why = cudaGetErrorString(status);
      }
    }
    cudaGetLastError();  // clear the sticky error of a failed probe
    return false;
  }
  cudaDeviceProp properties{};
  if (cudaGetDeviceProperties(&properties, 0) != cudaSuccess || properties.major < 9) {
    if (why != nullptr) *why = "the GPU needs compute capability 9.0 or newer";
    return false;
  }
  return true;
}

}  // namespace warp64
