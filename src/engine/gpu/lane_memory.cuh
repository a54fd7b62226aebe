// Device-side view of one lane's address space: up to kMaxRegions regions, each either shared
// by all lanes (read-only) or private (a per-lane slice of one device buffer). Implements the
// A64 core's memory policy and instruction fetch with a shared decode cache.
#pragma once

#include <cstdint>

#include "engine/decode_entry.hpp"
#include "memory/cross_region_access.hpp"
#include "memory/permissions.hpp"
#include "warp64/core/atomic_access.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64::gpu {

inline constexpr unsigned kMaxRegions = 16;

struct DeviceRegion {
  uint64_t base;
  uint64_t size;
  uint8_t* data;         // lane 0's bytes
  uint64_t lane_stride;  // 0 for a shared region
  uint32_t perms;
  // For executable regions: one entry per word (decode_entry.hpp), all filled from the
  // region's initial bytes. Shared by all lanes: a lane whose private code differs simply
  // misses and decodes itself, so no invalidation is ever needed.
  DecodeEntry* decode_cache;
};

struct DeviceLayout {
  DeviceRegion regions[kMaxRegions];
  uint32_t count;
};

class LaneMemory {
 public:
  __device__ LaneMemory(const DeviceLayout& layout, uint64_t lane) : layout_(layout), lane_(lane) {}

  __device__ bool read(uint64_t address, unsigned size, uint64_t& value) {
    const DeviceRegion* region = find(address, size);
    if (region == nullptr) return read_across(*this, address, size, value);
    if (!(region->perms & kPermRead)) return false;
    value = load(bytes_of(*region, address), size);
    return true;
  }

  __device__ bool write(uint64_t address, unsigned size, uint64_t value) {
    const DeviceRegion* region = find(address, size);
    if (region == nullptr) return write_across(*this, address, size, value);
    if (!(region->perms & kPermWrite)) return false;
    store(bytes_of(*region, address), size, value);
    return true;
  }

  // A lane is a process of its own: nothing else sees its memory, and its atomic accesses and
  // barriers need only its own program order.
  __device__ core::AccessKind atomic(uint64_t address, core::AtomicAccess& access) {
    return core::atomic_by_parts(*this, address, access);
  }
  __device__ void barrier() {}

  // CNTVCT_EL0 at 1 GHz: the GPU's nanosecond global timer.
  __device__ uint64_t virtual_counter() {
    uint64_t ns;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(ns));
    return ns;
  }

  __device__ const DeviceRegion* find(uint64_t address, uint64_t size) const {
    for (uint32_t i = 0; i < layout_.count; ++i) {
      const DeviceRegion& region = layout_.regions[i];
      const uint64_t offset = address - region.base;
      if (address >= region.base && offset < region.size && region.size - offset >= size) return &region;
    }
    return nullptr;
  }

  __device__ uint8_t* bytes_of(const DeviceRegion& region, uint64_t address) const {
    return region.data + lane_ * region.lane_stride + (address - region.base);
  }

  // For accesses straddling two regions, which go byte by byte (cross_region_access.hpp).
  __device__ const DeviceRegion* region_at(uint64_t address) const { return find(address, 1); }
  __device__ uint8_t* byte_in(const DeviceRegion& region, uint64_t address) const { return bytes_of(region, address); }

 private:
  __device__ static uint64_t load(const uint8_t* p, unsigned size) {
    const uintptr_t misalignment = reinterpret_cast<uintptr_t>(p) & (size - 1);
    if (misalignment == 0) {
      switch (size) {
        case 1: return *p;
        case 2: return *reinterpret_cast<const uint16_t*>(p);
        case 4: return *reinterpret_cast<const uint32_t*>(p);
        default: return *reinterpret_cast<const uint64_t*>(p);
      }
    }
    uint64_t value = 0;
    for (unsigned i = 0; i < size; ++i) value |= static_cast<uint64_t>(p[i]) << (8 * i);
    return value;
  }

  __device__ static void store(uint8_t* p, unsigned size, uint64_t value) {
    const uintptr_t misalignment = reinterpret_cast<uintptr_t>(p) & (size - 1);
    if (misalignment == 0) {
      switch (size) {
        case 1: *p = static_cast<uint8_t>(value); return;
        case 2: *reinterpret_cast<uint16_t*>(p) = static_cast<uint16_t>(value); return;
        case 4: *reinterpret_cast<uint32_t*>(p) = static_cast<uint32_t>(value); return;
        default: *reinterpret_cast<uint64_t*>(p) = value; return;
      }
    }
    for (unsigned i = 0; i < size; ++i) p[i] = static_cast<uint8_t>(value >> (8 * i));
  }

  const DeviceLayout& layout_;
  uint64_t lane_;
};

// Instruction fetch with the code region's bounds and pointers held in registers.
class LaneFetcher {
 public:
  __device__ LaneFetcher(LaneMemory& memory, const core::DecodeTable& table) : memory_(memory), table_(table) {}

  __device__ bool fetch(uint64_t pc, uint32_t& insn, core::Op& op) {
    uint64_t offset = pc - code_base_;
    // One test covers leaving the region and a misaligned pc (the region base is aligned).
    if ((offset >= code_limit_) | ((offset & 3) != 0)) {
      if (!enter_region(pc)) return false;
      offset = pc - code_base_;
    }
    const uint64_t index = offset >> 2;
    if (code_bytes_ == nullptr) {
      // A shared image never changes and the host decoded all of it, word included.
      const DecodeEntry entry = __ldg(code_cache_ + index);
      insn = static_cast<uint32_t>(entry);
      op = static_cast<core::Op>(entry >> 32);
      return true;
    }
    insn = reinterpret_cast<const uint32_t*>(code_bytes_)[index];
    op = decode_through(code_cache_[index], insn, table_);
    return true;
  }

 private:
  __device__ bool enter_region(uint64_t pc) {
    if ((pc & 3) != 0) return false;
    const DeviceRegion* region = memory_.find(pc, 4);
    if (region == nullptr || !(region->perms & kPermExecute)) return false;
    code_base_ = region->base;
    code_limit_ = region->size & ~3ull;  // pc - base must stay below this
    code_bytes_ = region->lane_stride == 0 ? nullptr : memory_.bytes_of(*region, region->base);
    code_cache_ = region->decode_cache;
    return true;
  }

  LaneMemory& memory_;
  const core::DecodeTable& table_;
  uint64_t code_base_ = 0;
  uint64_t code_limit_ = 0;              // empty until the first fetch enters a region
  const uint8_t* code_bytes_ = nullptr;  // null for a shared region: its cache says all
  DecodeEntry* code_cache_ = nullptr;
};

}  // namespace warp64::gpu
