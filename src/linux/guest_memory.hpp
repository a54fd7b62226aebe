// The guest's memory as a system call sees it: every access honours the guest's page
// permissions, and one that would fault returns false (the call's -EFAULT).
#pragma once

#include <climits>
#include <cstddef>
#include <cstdint>
#include <string>

#include "memory/address_space.hpp"

namespace warp64::linux_abi {

class GuestMemory {
 public:
  explicit GuestMemory(AddressSpace& space) : space_(space) {}

  // True when every byte of [address, address+length) is mapped with `perm`.
  bool accessible(uint64_t address, uint64_t length, uint8_t perm) const;
  bool copy_in(uint64_t address, void* out, uint64_t length) const;
  bool copy_out(uint64_t address, const void* data, uint64_t length);
  template <class T>
  bool put(uint64_t address, const T& value) {
    return copy_out(address, &value, sizeof value);
  }
  // The NUL-terminated string at `address`; false when it faults or runs past `limit` bytes.
  bool read_string(uint64_t address, std::string& out, size_t limit = PATH_MAX) const;

 private:
  AddressSpace& space_;
};

}  // namespace warp64::linux_abi
