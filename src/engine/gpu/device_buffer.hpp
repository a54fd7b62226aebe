// A device allocation owned by one host object: released with it, never copied.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <string>

#include "warp64/error.hpp"

namespace warp64::gpu {

template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t count) { allocate(count); }
  ~DeviceBuffer() { release(); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  void allocate(size_t count) {
    release();
    if (count == 0) return;
    const cudaError_t status = cudaMalloc(&data_, count * sizeof(T));
    if (status != cudaSuccess) {
      data_ = nullptr;
      throw Error("cannot allocate " + std::to_string(count * sizeof(T)) +
                  " bytes of GPU memory: " + cudaGetErrorString(status));
    }
    count_ = count;
  }
  void release() {
    if (data_ != nullptr) cudaFree(data_);
    data_ = nullptr;
    count_ = 0;
  }
  T* get() const { return data_; }
  size_t count() const { return count_; }

 private:
  T* data_ = nullptr;
  size_t count_ = 0;
};

}  // namespace warp64::gpu
