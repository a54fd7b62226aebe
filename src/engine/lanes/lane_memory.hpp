// One lane's memory as the A64 core uses it (the memory policy: read, write, virtual_counter)
// and its instruction fetch, over a LaneSpace, for the GPU's kernels and the CPU lane engine
// alike. Every access is checked against the lane's own page permissions.
//
// The policy keeps the last two pages it translated (a small TLB: typically one data page and
// one stack page), each with the permissions the lane has there, so that most accesses cost a
// compare and a load. Changing the lane's mappings through map/unmap/protect here forgets them.
#pragma once

#include <cstdint>

#include "engine/decode_entry.hpp"
#include "engine/lanes/lane_mapping.hpp"
#include "engine/lanes/lane_space.hpp"
#include "memory/cross_region_access.hpp"
#include "warp64/core/atomic_access.hpp"
#include "warp64/core/config.hpp"
#include "warp64/core/decoder.hpp"
#include "warp64/core/run.hpp"

namespace warp64::lanes {

// CNTVCT_EL0 on the host: nanoseconds of its steady clock (defined by the CPU lane engine).
uint64_t host_counter_ns();

class LaneMemory {
 public:
  W64_HD LaneMemory(const LaneSpace& space, uint64_t lane) : space_(&space), lane_(lane) {}

  W64_HD bool read(uint64_t address, unsigned size, uint64_t& value) {
    const uint64_t offset = address & (kPageBytes - 1);
    if (offset + size > kPageBytes) {
      return on_copy([&](LaneMemory& memory) { return read_across(memory, address, size, value); });
    }
    PageBytes bytes;
    if (!cached(address, kPermRead, bytes) &&
        !on_copy([&](LaneMemory& memory) { return memory.translate(address, kPermRead, bytes); })) {
      return false;
    }
    const uint8_t* p = bytes.at(offset);
    // Aligned to its size, an access lies in one 8-byte granule, whose bytes are contiguous.
    if ((reinterpret_cast<uintptr_t>(p) & (size - 1)) == 0) {
      switch (size) {
        case 1: value = *p; return true;
        case 2: value = *reinterpret_cast<const uint16_t*>(p); return true;
        case 4: value = *reinterpret_cast<const uint32_t*>(p); return true;
        default: value = *reinterpret_cast<const uint64_t*>(p); return true;
      }
    }
    value = 0;
    for (unsigned i = 0; i < size; ++i) value |= static_cast<uint64_t>(*bytes.at(offset + i)) << (8 * i);
    return true;
  }

  W64_HD bool write(uint64_t address, unsigned size, uint64_t value) {
    const uint64_t offset = address & (kPageBytes - 1);
    if (offset + size > kPageBytes) {
      return on_copy([&](LaneMemory& memory) { return write_across(memory, address, size, value); });
    }
    PageBytes bytes;
    if (!cached(address, kPermWrite, bytes) &&
        !on_copy([&](LaneMemory& memory) { return memory.translate(address, kPermWrite, bytes); })) {
      return false;
    }
    uint8_t* p = bytes.at(offset);
    if ((reinterpret_cast<uintptr_t>(p) & (size - 1)) == 0) {
      switch (size) {
        case 1: *p = static_cast<uint8_t>(value); return true;
        case 2: *reinterpret_cast<uint16_t*>(p) = static_cast<uint16_t>(value); return true;
        case 4: *reinterpret_cast<uint32_t*>(p) = static_cast<uint32_t>(value); return true;
        default: *reinterpret_cast<uint64_t*>(p) = value; return true;
      }
    }
    for (unsigned i = 0; i < size; ++i) *bytes.at(offset + i) = static_cast<uint8_t>(value >> (8 * i));
    return true;
  }

  // A lane is a process of one thread: nothing else sees its memory (not even the other lanes
  // of its group, whose slots are their own), so its atomic accesses and barriers need only
  // its own program order.
  W64_HD core::AccessKind atomic(uint64_t address, core::AtomicAccess& access) {
    return core::atomic_by_parts(*this, address, access);
  }
  W64_HD void barrier() {}

  // CNTVCT_EL0 at 1 GHz: the GPU's nanosecond global timer, or the host's steady clock.
  W64_HD uint64_t virtual_counter() {
#if defined(__CUDA_ARCH__)
    uint64_t ns;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(ns));
    return ns;
#else
    return host_counter_ns();
#endif
  }

  // For accesses straddling two pages (cross_region_access.hpp): the byte at `address` when the
  // lane may access it with `perm` (a write's page taken from the pool on first touch). Called,
  // not inlined, on the GPU, as are the other slow paths below: inlined into every memory access
  // of every instruction, they multiply the kernel's code (and ptxas's time) for rare work.
  W64_HD W64_OUTLINE uint8_t* byte_at(uint64_t address, uint32_t perm) {
    LanePage page;
    if (!resolve(address, perm, perm == kPermWrite, page)) return nullptr;
    return page.bytes.at(address & (kPageBytes - 1));
  }

  // resolve() for callers outside this class (the fetcher, the lanes' own calls), on a copy as
  // the slow paths here are.
  W64_HD bool page_at(uint64_t address, uint32_t required, bool materialize, LanePage& page) {
    return on_copy([&](LaneMemory& memory) { return memory.resolve(address, required, materialize, page); });
  }

  // The lane's page at `address` with `required` permissions; records the pool's exhaustion.
  W64_HD W64_OUTLINE bool resolve(uint64_t address, uint32_t required, bool materialize, LanePage& page) {
    const Status status = space_->resolve(lane_, address, required, materialize, page);
    if (status == Status::kExhausted) space_->out_of_memory[lane_] = 1;
    if (materialize) ++generation_;  // a page may have become the lane's own: fetches look again
    return status == Status::kOk;
  }

  // The mapping API for this lane (lane_mapping.hpp), forgetting cached translations.
  W64_HD Status map(uint64_t base, uint64_t size, uint32_t perms, MapSource source) {
    flush();
    return lanes::map(*space_, lane_, base, size, perms, source);
  }
  W64_HD Status unmap(uint64_t base, uint64_t size) {
    flush();
    return lanes::unmap(*space_, lane_, base, size);
  }
  W64_HD Status protect(uint64_t base, uint64_t size, uint32_t perms) {
    flush();
    return lanes::protect(*space_, lane_, base, size, perms);
  }

  W64_HD void flush() {
    first_ = {};
    second_ = {};
    ++generation_;
  }

  W64_HD const LaneSpace& space() const { return *space_; }
  W64_HD uint64_t lane() const { return lane_; }
  // Changes whenever a page the lane fetches from may have changed underneath a fetcher.
  W64_HD uint32_t generation() const { return generation_; }

 private:
  // A cached page: tag = page address | granule shift << 4 | kPermRead/kPermWrite allowed.
  struct Cached {
    uint64_t tag = 0;
    uint8_t* base = nullptr;
  };
  static constexpr uint64_t kPageMask = ~(kPageBytes - 1);

  // Runs `slow`, which calls the outlined slow paths, on a copy of this policy and keeps the
  // copy. On the GPU, an outlined call given this object's own address would keep the object
  // in local memory for the whole kernel, and every cached translation the hot path looks at
  // would be a load; on a copy, the object itself can stay in registers (as execute.hpp does
  // for the cold cases).
  template <class Slow>
  W64_HD W64_INLINE bool on_copy(const Slow& slow) {
#if defined(__CUDA_ARCH__)
    LaneMemory copy = *this;
    const bool done = slow(copy);
    *this = copy;
    return done;
#else
    return slow(*this);
#endif
  }

  W64_HD bool cached(uint64_t address, uint32_t perm, PageBytes& bytes) {
    const uint64_t key = (address & kPageMask) | perm;
    const uint64_t mask = kPageMask | perm;
    if ((first_.tag & mask) == key) {
      bytes = {first_.base, static_cast<uint32_t>(first_.tag >> 4) & 15};
      second_is_older_ = true;
      return true;
    }
    if ((second_.tag & mask) == key) {
      bytes = {second_.base, static_cast<uint32_t>(second_.tag >> 4) & 15};
      second_is_older_ = false;
      return true;
    }
    return false;
  }

  // The slow path: the page tables, then the older cached page replaced by this one.
  W64_HD W64_OUTLINE bool translate(uint64_t address, uint32_t perm, PageBytes& bytes) {
    LanePage page;
    if (!resolve(address, perm, perm == kPermWrite, page)) return false;
    bytes = page.bytes;
    if (page.whole) {
      // Writes go through the cache only to the lane's own slot; shared, initial and zero
      // bytes are read-only views whose first write takes the slow path.
      const uint64_t allowed = (page.perms & kPermRead) | (page.own ? page.perms & kPermWrite : 0);
      // A page cached already (read-only, before its first write) is replaced, never doubled.
      const bool first_is_victim = ((first_.tag ^ address) & kPageMask) == 0 ||
                                   (((second_.tag ^ address) & kPageMask) != 0 && !second_is_older_);
      Cached& victim = first_is_victim ? first_ : second_;
      victim = {(address & kPageMask) | (static_cast<uint64_t>(page.bytes.shift) << 4) | allowed, page.bytes.base};
      second_is_older_ = first_is_victim;
    }
    return true;
  }

  const LaneSpace* space_;
  uint64_t lane_;
  Cached first_, second_;
  bool second_is_older_ = true;
  uint32_t generation_ = 0;
};

// Instruction fetch: from a shared region through its predecoded words (the region's bounds
// and pointers held in registers), or from one of the lane's pages with execute permission.
class LaneFetcher {
 public:
  W64_HD LaneFetcher(LaneMemory& memory, const core::DecodeTable& table) : memory_(memory), table_(table) {}

  W64_HD bool fetch(uint64_t pc, uint32_t& insn, core::Op& op) {
    uint64_t offset = pc - code_base_;
    // One test covers leaving the region and a misaligned pc (the region base is aligned).
    if ((offset >= code_limit_) | ((offset & 3) != 0)) {
      if (!enter(pc)) return false;
      offset = pc - code_base_;
    }
    const uint64_t index = offset >> 2;
    if (code_bytes_.base == nullptr) {
      // A shared image never changes and the host decoded all of it, word included.
#if defined(__CUDA_ARCH__)
      const DecodeEntry entry = __ldg(code_cache_ + index);
#else
      const DecodeEntry entry = code_cache_[index];
#endif
      insn = static_cast<uint32_t>(entry);
      op = static_cast<core::Op>(entry >> 32);
      return true;
    }
    if (generation_ != memory_.generation()) {
      if (!enter(pc)) return false;
      offset = pc - code_base_;
    }
    insn = *reinterpret_cast<const uint32_t*>(code_bytes_.at(offset));
    op = code_cache_ != nullptr ? decode_through(code_cache_[index], insn, table_) : core::decode(table_, insn);
    return true;
  }

 private:
  W64_HD bool enter(uint64_t pc) {
    if ((pc & 3) != 0) return false;
    const LaneSpace& space = memory_.space();
    if (const SharedRegion* region = space.shared_at(pc)) {
      if (!(region->perms & kPermExecute)) return false;
      code_base_ = region->base;
      code_limit_ = region->size & ~3ull;  // pc - base must stay below this
      code_bytes_ = {};
      code_cache_ = const_cast<DecodeEntry*>(region->decode_cache);
      return true;
    }
    // A private page: fetched word by word, since the lane may write it.
    LanePage page;
    if (!memory_.page_at(pc, kPermExecute, false, page)) return false;
    const Window& window = *space.window_at(pc);
    code_base_ = pc & ~(kPageBytes - 1);
    const uint64_t left = window.base + window.size - code_base_;
    code_limit_ = (left < kPageBytes ? left : kPageBytes) & ~3ull;
    code_bytes_ = page.bytes;
    code_cache_ = window.decode_cache != nullptr ? window.decode_cache + ((code_base_ - window.base) >> 2) : nullptr;
    generation_ = memory_.generation();
    return true;
  }

  LaneMemory& memory_;
  const core::DecodeTable& table_;
  uint64_t code_base_ = 0;
  uint64_t code_limit_ = 0;  // empty until the first fetch enters a region
  PageBytes code_bytes_{};   // null base for a shared region: its cache says all
  DecodeEntry* code_cache_ = nullptr;
  uint32_t generation_ = 0;
};

// After a lane's run: a fault that was the pool's exhaustion is reported as OUT_OF_MEMORY.
W64_HD inline void report_exhaustion(const LaneSpace& space, uint64_t lane, core::RunResult& result) {
  if (result.reason == core::StopReason::kFault && space.out_of_memory[lane]) {
    result.reason = core::StopReason::kOutOfMemory;
    space.out_of_memory[lane] = 0;
  }
}

}  // namespace warp64::lanes
