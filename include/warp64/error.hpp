// The one exception type the library throws for errors in use.
#pragma once

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace warp64 {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline std::string hex(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace warp64
