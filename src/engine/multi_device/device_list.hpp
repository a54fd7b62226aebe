// Which devices a run of lanes spreads over: `--devices` and BatchConfig::devices.
#pragma once

#include <string_view>
#include <vector>

#include "warp64/engine_kind.hpp"

namespace warp64 {

// CUDA ordinals, one share of the lanes each; an ordinal listed twice runs two shares on that
// device. Empty: every visible GPU. On the CPU lane engine the entries only count shares, each
// over its part of the host's threads (empty: one share).
using DeviceList = std::vector<unsigned>;

// "all" (an empty list) or comma-separated ordinals. Throws warp64::Error for anything else.
DeviceList parse_device_list(std::string_view text);

// The devices of a run on `kind` (kCpu or kGpu): every visible GPU for an empty list. Throws
// warp64::Error naming an ordinal that is not a usable visible GPU.
DeviceList resolve_devices(const DeviceList& requested, EngineKind kind);

}  // namespace warp64
