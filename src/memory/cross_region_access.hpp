// An access that straddles two regions, for every engine's memory policy: allowed when every
// byte is mapped with the permission, which is checked for all bytes before any is written.
// `memory.permitted_byte(address, permission)` gives a pointer to the byte at `address`, or
// null when it is unmapped or lacks the permission.
#pragma once

#include <cstdint>

#include "memory/permissions.hpp"
#include "warp64/core/config.hpp"

namespace warp64 {

template <class Memory>
W64_HD inline bool read_across(Memory& memory, uint64_t address, unsigned size, uint64_t& value) {
  value = 0;
  for (unsigned i = 0; i < size; ++i) {
    const uint8_t* byte = memory.permitted_byte(address + i, kPermRead);
    if (byte == nullptr) return false;
    value |= static_cast<uint64_t>(*byte) << (8 * i);
  }
  return true;
}

template <class Memory>
W64_HD inline bool write_across(Memory& memory, uint64_t address, unsigned size, uint64_t value) {
  for (unsigned i = 0; i < size; ++i) {
    if (memory.permitted_byte(address + i, kPermWrite) == nullptr) return false;
  }
  for (unsigned i = 0; i < size; ++i)
    *memory.permitted_byte(address + i, kPermWrite) = static_cast<uint8_t>(value >> (8 * i));
  return true;
}

}  // namespace warp64
