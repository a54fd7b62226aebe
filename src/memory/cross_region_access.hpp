// An access that straddles two regions, for every engine's memory policy: allowed when every
// byte is mapped with the permission, which is checked for all bytes before any is written.
// The policy gives `region_at(address)`, the region holding the byte at `address` (with its
// `perms`) or null, and `byte_in(region, address)`, a pointer to that byte.
#pragma once

#include <cstdint>

#include "memory/permissions.hpp"
#include "warp64/core/config.hpp"

namespace warp64 {

template <class Memory>
W64_HD inline bool read_across(Memory& memory, uint64_t address, unsigned size, uint64_t& value) {
  value = 0;
  for (unsigned i = 0; i < size; ++i) {
    auto* region = memory.region_at(address + i);
    if (region == nullptr || !(region->perms & kPermRead)) return false;
    value |= static_cast<uint64_t>(*memory.byte_in(*region, address + i)) << (8 * i);
  }
  return true;
}

template <class Memory>
W64_HD inline bool write_across(Memory& memory, uint64_t address, unsigned size, uint64_t value) {
  for (unsigned i = 0; i < size; ++i) {
    auto* region = memory.region_at(address + i);
    if (region == nullptr || !(region->perms & kPermWrite)) return false;
  }
  for (unsigned i = 0; i < size; ++i) {
    *memory.byte_in(*memory.region_at(address + i), address + i) = static_cast<uint8_t>(value >> (8 * i));
  }
  return true;
}

}  // namespace warp64
