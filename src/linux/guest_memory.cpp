#include "linux/guest_memory.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace warp64::linux_abi {

bool GuestMemory::accessible(uint64_t address, uint64_t length, uint8_t perm) const {
  if (length == 0) return true;
  if (address + length < address) return false;
  for (uint64_t at = address; at < address + length;) {
    const Region* r = space_.find(at);
    if (r == nullptr || (r->perms & perm) != perm) return false;
    at = r->base + r->size;
    if (at == 0) break;
  }
  return true;
}

bool GuestMemory::copy_in(uint64_t address, void* out, uint64_t length) const {
  if (!accessible(address, length, kPermRead)) return false;
  if (length) {
    const auto bytes = space_.read_bytes(address, length);
    std::memcpy(out, bytes.data(), length);
  }
  return true;
}

bool GuestMemory::copy_out(uint64_t address, const void* data, uint64_t length) {
  if (!accessible(address, length, kPermWrite)) return false;
  if (length) space_.write_bytes(address, {static_cast<const uint8_t*>(data), length});
  return true;
}

bool GuestMemory::read_string(uint64_t address, std::string& out, size_t limit) const {
  out.clear();
  while (out.size() < limit) {
    const uint64_t at = address + out.size();
    const Region* r = space_.find(at);
    if (r == nullptr || !(r->perms & kPermRead)) return false;
    // In pieces, so that a store-backed space is asked for little more than the string.
    const uint64_t piece = std::min<uint64_t>({r->size - (at - r->base), limit - out.size(), uint64_t{256}});
    const std::vector<uint8_t> bytes = space_.read_bytes(at, piece);
    const auto end = std::find(bytes.begin(), bytes.end(), uint8_t{0});
    out.append(bytes.begin(), end);
    if (end != bytes.end()) return true;
  }
  return false;
}

}  // namespace warp64::linux_abi
