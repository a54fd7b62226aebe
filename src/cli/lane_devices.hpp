// The devices a `warp64 run --lanes` spreads its lanes over, from --devices.
#pragma once

#include "cli/run_request.hpp"
#include "engine/multi_device/device_list.hpp"

namespace warp64::cli {

// --devices for the engine `kind` that runs the lanes (kCpu or kGpu), as resolve_devices reads
// it, except that on the CPU engine one number N asks for N shares. Throws for a device that
// is not there and for zero shares.
DeviceList lane_devices(const RunRequest& request, EngineKind kind);

}  // namespace warp64::cli
