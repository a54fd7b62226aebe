// An access that straddles two regions or pages, for every engine's memory policy: allowed when
// every byte is mapped with the permission, which is checked for all bytes before any is
// written. The policy gives `byte_at(address, perm)`: a pointer to the byte at `address` when it
// may be accessed with `perm`, else null (for a write, the byte's page is ready to be written:
// a paged policy takes it from its pool here).
#pragma once

#include <cstdint>

#include "memory/permissions.hpp"
#include "warp64/core/config.hpp"

namespace warp64 {

template <class Memory>
W64_HD inline bool read_across(Memory& memory, uint64_t address, unsigned size, uint64_t& value) {
  value = 0;
  for (unsigned i = 0; i < size; ++i) {
    const uint8_t* byte = memory.byte_at(address + i, kPermRead);
    if (byte == nullptr) return false;
    value |= static_cast<uint64_t>(*byte) << (8 * i);
  }
  return true;
}

template <class Memory>
W64_HD inline bool write_across(Memory& memory, uint64_t address, unsigned size, uint64_t value) {
  for (unsigned i = 0; i < size; ++i) {
    if (memory.byte_at(address + i, kPermWrite) == nullptr) return false;
  }
  for (unsigned i = 0; i < size; ++i) *memory.byte_at(address + i, kPermWrite) = static_cast<uint8_t>(value >> (8 * i));
  return true;
}

}  // namespace warp64
