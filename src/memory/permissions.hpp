// Access permissions of guest memory: one definition for host code, device code and code
// compiled at run time.
#pragma once

#include <cstdint>

namespace warp64 {

enum Permission : uint8_t { kPermRead = 1, kPermWrite = 2, kPermExecute = 4 };
inline constexpr uint8_t kPermAll = kPermRead | kPermWrite | kPermExecute;

}  // namespace warp64
