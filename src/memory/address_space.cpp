#include "memory/address_space.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "warp64/error.hpp"

namespace warp64 {

Region& AddressSpace::map(uint64_t base, uint64_t size, uint8_t perms) {
  if (size == 0) throw Error("cannot map an empty region");
  if (base + size < base) throw Error("region wraps around the address space");
  for (const auto& region : regions_) {
    if (base < region->base + region->size && region->base < base + size) {
      throw Error("region overlaps an existing mapping");
    }
  }
  auto region = std::make_unique<Region>();
  region->base = base;
  region->size = size;
  region->perms = perms;
  try {
    region->bytes.assign(size, 0);
    if (perms & kPermExecute) region->decoded.assign((size + 3) / 4, kNotDecoded);
  } catch (const std::bad_alloc&) {
    throw Error("not enough host memory for a region of " + std::to_string(size) + " bytes");
  }
  regions_.push_back(std::move(region));
  std::sort(regions_.begin(), regions_.end(),
            [](const auto& a, const auto& b) { return a->base < b->base; });
  return *find(base);
}

Region* AddressSpace::find(uint64_t address, uint64_t length) {
  for (auto& region : regions_) {
    if (region->contains(address, length)) return region.get();
  }
  return nullptr;
}

const Region* AddressSpace::find(uint64_t address, uint64_t length) const {
  return const_cast<AddressSpace*>(this)->find(address, length);
}

void AddressSpace::write_bytes(uint64_t address, std::span<const uint8_t> data) {
  for (uint64_t done = 0; done < data.size();) {
    Region* region = find(address + done);
    if (region == nullptr) throw Error("address " + hex(address + done) + " is not mapped");
    const uint64_t offset = address + done - region->base;
    const uint64_t chunk = std::min<uint64_t>(data.size() - done, region->size - offset);
    std::memcpy(region->bytes.data() + offset, data.data() + done, chunk);
    if (!region->decoded.empty()) {
      std::fill(region->decoded.begin() + offset / 4, region->decoded.begin() + (offset + chunk + 3) / 4,
                kNotDecoded);
    }
    done += chunk;
  }
}

std::vector<uint8_t> AddressSpace::read_bytes(uint64_t address, uint64_t length) const {
  std::vector<uint8_t> out(length);
  for (uint64_t done = 0; done < length;) {
    const Region* region = find(address + done);
    if (region == nullptr) throw Error("address " + hex(address + done) + " is not mapped");
    const uint64_t offset = address + done - region->base;
    const uint64_t chunk = std::min<uint64_t>(length - done, region->size - offset);
    std::memcpy(out.data() + done, region->bytes.data() + offset, chunk);
    done += chunk;
  }
  return out;
}

}  // namespace warp64
