#include "linux/guest_memory.hpp"

#include <algorithm>
#include <vector>

namespace warp64::linux_abi {

bool GuestMemory::accessible(uint64_t address, uint64_t length, uint8_t perm) const {
  return space_.accessible(address, length, perm);
}

bool GuestMemory::copy_in(uint64_t address, void* out, uint64_t length) const {
  return space_.read_guest(address, out, length);
}

bool GuestMemory::copy_out(uint64_t address, const void* data, uint64_t length) {
  return space_.write_guest(address, data, length);
}

bool GuestMemory::read_string(uint64_t address, std::string& out, size_t limit) const {
  out.clear();
  while (out.size() < limit) {
    const uint64_t at = address + out.size();
    RegionView region;
    if (!space_.view(at, 1, region) || !(region.perms & kPermRead)) return false;
    // In pieces, so that a store-backed space is asked for little more than the string.
    std::vector<uint8_t> bytes(
        std::min<uint64_t>({region.size - (at - region.base), limit - out.size(), uint64_t{256}}));
    if (!space_.read_guest(at, bytes.data(), bytes.size())) return false;
    const auto end = std::find(bytes.begin(), bytes.end(), uint8_t{0});
    out.append(bytes.begin(), end);
    if (end != bytes.end()) return true;
  }
  return false;
}

}  // namespace warp64::linux_abi
