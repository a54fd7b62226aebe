#include "memory/address_space.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "warp64/error.hpp"

namespace warp64 {

Region& AddressSpace::map(uint64_t base, uint64_t size, uint8_t perms) { return insert(base, size, perms, true); }

void AddressSpace::adopt(uint64_t base, uint64_t size, uint8_t perms) {
  if (store_ == nullptr) throw Error("only an address space backed by a store can adopt a mapping");
  insert(base, size, perms, false);
}

Region& AddressSpace::insert(uint64_t base, uint64_t size, uint8_t perms, bool zero_fill) {
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
  if (store_ != nullptr) {
    if (zero_fill) store_->zero(base, size);
  } else {
    try {
      region->bytes.assign(size, 0);
    } catch (const std::bad_alloc&) {
      throw Error("not enough host memory for a region of " + std::to_string(size) + " bytes");
    }
  }
  regions_.push_back(std::move(region));
  std::sort(regions_.begin(), regions_.end(), [](const auto& a, const auto& b) { return a->base < b->base; });
  return *find(base);
}

void AddressSpace::sort_regions() {
  std::sort(regions_.begin(), regions_.end(), [](const auto& a, const auto& b) { return a->base < b->base; });
}

void AddressSpace::split_at(uint64_t address) {
  Region* region = find(address);
  if (region == nullptr || region->base == address) return;
  const uint64_t head = address - region->base;
  auto tail = std::make_unique<Region>();
  tail->base = address;
  tail->size = region->size - head;
  tail->perms = region->perms;
  if (!region->bytes.empty()) {
    tail->bytes.assign(region->bytes.begin() + static_cast<std::ptrdiff_t>(head), region->bytes.end());
    region->bytes.resize(head);
    region->bytes.shrink_to_fit();
  }
  region->size = head;
  regions_.push_back(std::move(tail));
  sort_regions();
}

void AddressSpace::unmap(uint64_t base, uint64_t size) {
  if (size == 0) return;
  const uint64_t end = base + size < base ? ~0ull : base + size;
  split_at(base);
  split_at(end);
  std::erase_if(regions_, [&](const auto& r) { return r->base >= base && r->base + r->size <= end; });
}

void AddressSpace::protect(uint64_t base, uint64_t size, uint8_t perms) {
  if (size == 0) return;
  const uint64_t end = base + size < base ? ~0ull : base + size;
  split_at(base);
  split_at(end);
  for (auto& r : regions_) {
    if (r->base >= base && r->base + r->size <= end) r->perms = perms;
  }
}

bool AddressSpace::is_free(uint64_t base, uint64_t size) const {
  if (size == 0) return true;
  if (base + size < base) return false;
  for (const auto& r : regions_) {
    if (base < r->base + r->size && r->base < base + size) return false;
  }
  return true;
}

uint64_t AddressSpace::find_free(uint64_t size, uint64_t floor, uint64_t ceiling, uint64_t align) const {
  if (size == 0 || ceiling < size || align == 0) return 0;
  uint64_t candidate = (ceiling - size) & ~(align - 1);
  // Walk down past each region that overlaps the candidate, highest first.
  for (;;) {
    if (candidate < floor) return 0;
    const Region* blocker = nullptr;
    for (const auto& r : regions_) {
      if (candidate < r->base + r->size && r->base < candidate + size) {
        if (blocker == nullptr || r->base < blocker->base) blocker = r.get();
      }
    }
    if (blocker == nullptr) return candidate;
    if (blocker->base < size) return 0;
    candidate = (blocker->base - size) & ~(align - 1);
  }
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
    if (store_ != nullptr) {
      store_->write(address + done, data.data() + done, chunk);
      done += chunk;
      continue;
    }
    std::memcpy(region->bytes.data() + offset, data.data() + done, chunk);
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
    if (store_ != nullptr) {
      store_->read(address + done, out.data() + done, chunk);
    } else {
      std::memcpy(out.data() + done, region->bytes.data() + offset, chunk);
    }
    done += chunk;
  }
  return out;
}

}  // namespace warp64
