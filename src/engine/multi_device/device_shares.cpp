#include "engine/multi_device/device_shares.hpp"

#include <algorithm>

#include "engine/multi_device/gpu_devices.hpp"

namespace warp64 {

std::vector<DeviceShare> device_shares(const LaneShare& whole, const DeviceList& devices, EngineKind kind,
                                       uint64_t pool_bytes, unsigned cpu_threads) {
  const unsigned host_threads = cpu_threads != 0 ? cpu_threads : std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads_each = std::max<unsigned>(1, host_threads / devices.size());
  std::vector<DeviceShare> shares;
  for (size_t part = 0; part < devices.size(); ++part) {
    const LaneShare lanes = lane_share(whole.count, devices.size(), part);
    if (lanes.count == 0) continue;
    const unsigned device = devices[part];
    const auto sharers = static_cast<unsigned>(std::count(devices.begin(), devices.end(), device));
    const bool split_device = kind == EngineKind::kGpu && sharers > 1 && pool_bytes == 0;
    shares.push_back({{whole.first + lanes.first, lanes.count},
                      device,
                      split_device ? shared_gpu_pool_bytes(device, sharers) : pool_bytes,
                      devices.size() == 1 ? cpu_threads : threads_each});
  }
  return shares;
}

}  // namespace warp64
