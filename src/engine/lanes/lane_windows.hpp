// The private windows of a Linux lane process: the same for every lane, the bounds within which
// the lane's system calls place memory (brk in the data window, mmap in the mmap window) and its
// stack lies. Their pages cost nothing until touched.
#pragma once

#include <cstdint>

#include "warp64/core/config.hpp"

namespace warp64::lanes {

struct AddressRange {
  uint64_t base;
  uint64_t size;

  W64_HD uint64_t end() const { return base + size; }
  W64_HD bool contains(uint64_t address, uint64_t length) const {
    return address >= base && address - base <= size && length <= size - (address - base);
  }
};

struct LaneWindows {
  AddressRange data;   // the executable's writable segments, then the brk heap up to its end
  AddressRange mmap;   // mappings placed by the kernel (directly below the stack)
  AddressRange stack;  // the initial stack at its top; mapped read-write whole from the start
  uint64_t brk_start;  // the end of the executable's data: the brk heap's first byte
};

}  // namespace warp64::lanes
