// Every CUDA runtime call goes through W64_CUDA_CHECK: a failure becomes a warp64::Error
// naming the call, never a silent wrong result.
#pragma once

#include <cuda_runtime.h>

#include <string>

#include "warp64/error.hpp"

#define W64_CUDA_CHECK(call)                                                                                \
  do {                                                                                                      \
    const cudaError_t w64_status = (call);                                                                  \
    if (w64_status != cudaSuccess) {                                                                        \
      throw ::warp64::Error(std::string("CUDA error in ") + #call + ": " + cudaGetErrorString(w64_status)); \
    }                                                                                                       \
  } while (0)
