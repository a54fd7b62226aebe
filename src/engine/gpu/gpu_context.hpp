// What every launch on the device needs once per engine: the device selected, the decode
// table on it, the events that time a kernel, and the device's compute capability.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>

#include "engine/gpu/device_buffer.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64::gpu {

// Device memory a lane engine's page pool leaves free by default: for translated kernels,
// launches' buffers and the host's bulk copies.
inline constexpr uint64_t kReservedDeviceBytes = 1ull << 30;
// And for each lane: the buffers of the host's bulk copies grow with the lanes (every lane's
// initial stack going in, its output and parked calls' buffers coming out).
inline constexpr uint64_t kReservedDeviceBytesPerLane = 8 * 1024;

class GpuContext {
 public:
  // Selects `device` for the calling thread, where the engine then runs. Throws warp64::Error
  // naming the reason when it is not a usable GPU.
  explicit GpuContext(unsigned device = 0);
  ~GpuContext();
  GpuContext(const GpuContext&) = delete;
  GpuContext& operator=(const GpuContext&) = delete;

  const core::DecodeTable* table() const { return table_.get(); }
  cudaEvent_t start() const { return start_; }
  cudaEvent_t stop() const { return stop_; }
  // The compute capability as a number, e.g. 90 for sm_90.
  int architecture() const { return architecture_; }

 private:
  DeviceBuffer<core::DecodeTable> table_;
  cudaEvent_t start_{}, stop_{};
  int architecture_ = 0;
};

}  // namespace warp64::gpu
