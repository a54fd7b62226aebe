#include "engine/multi_device/device_list.hpp"

#include <charconv>
#include <string>

#include "engine/multi_device/gpu_devices.hpp"
#include "warp64/error.hpp"

namespace warp64 {
namespace {

// Far above any host's GPUs; a bound so that a typo is an error, not a huge number.
constexpr unsigned kMaxOrdinal = 1023;

unsigned parse_ordinal(std::string_view entry, std::string_view text) {
  unsigned ordinal = 0;
  const auto [end, status] = std::from_chars(entry.data(), entry.data() + entry.size(), ordinal);
  if (entry.empty() || status != std::errc() || end != entry.data() + entry.size() || ordinal > kMaxOrdinal) {
    throw Error("invalid device list '" + std::string(text) +
                "' (expected all, or device numbers separated by commas, such as 0,2)");
  }
  return ordinal;
}

}  // namespace

DeviceList parse_device_list(std::string_view text) {
  if (text == "all") return {};
  DeviceList devices;
  for (std::string_view rest = text;;) {
    const size_t comma = rest.find(',');
    devices.push_back(parse_ordinal(rest.substr(0, comma), text));
    if (comma == std::string_view::npos) return devices;
    rest = rest.substr(comma + 1);
  }
}

DeviceList resolve_devices(const DeviceList& requested, EngineKind kind) {
  if (kind != EngineKind::kGpu) return requested.empty() ? DeviceList{0} : requested;
  if (!requested.empty()) {
    for (const unsigned device : requested) check_gpu_device(device);
    return requested;
  }
  DeviceList every;
  for (unsigned device = 0; device < gpu_device_count(); ++device) every.push_back(device);
  if (every.empty()) every.push_back(0);  // the engine then says why there is no GPU
  return every;
}

}  // namespace warp64
