#include "cli/lane_devices.hpp"

#include <numeric>

#include "cli/arguments.hpp"

namespace warp64::cli {

DeviceList lane_devices(const RunRequest& request, EngineKind kind) {
  DeviceList devices = request.devices;
  if (kind == EngineKind::kCpu && devices.size() == 1) {
    if (devices[0] == 0) throw UsageError("--devices 0: the CPU engine's lanes need at least one share");
    devices.resize(devices[0]);
    std::iota(devices.begin(), devices.end(), 0u);
  }
  return resolve_devices(devices, kind);
}

}  // namespace warp64::cli
