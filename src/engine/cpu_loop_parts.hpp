// The CPU engine's loop parts: the memory policy over host memory, the fetcher with its decode
// cache, and the timing of a run. Shared by the plain engine (cpu_engine.cpp) and the observed
// one (observed_cpu_engine.cpp), which live in separate files so that the compiler's inlining
// of the plain loop does not change with the observed loop beside it. The plain engine's data
// accesses go through its TLB (cpu/memory_tlb.hpp), which translated code shares; the observed
// loop, which never runs translated code, offers each access to its observer over HostMemory.
#pragma once

#include <chrono>
#include <cstring>
#include <vector>

#include "engine/decode_entry.hpp"
#include "engine/engine.hpp"
#include "memory/cross_region_access.hpp"
#include "memory/host_atomic.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64::cpu_loop {

// CNTVCT_EL0: nanoseconds of the host's steady clock (CNTFRQ_EL0 reads 1 GHz).
inline uint64_t host_virtual_counter() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}

// Data accesses for the core. Remembers the region of the last access, since consecutive
// accesses almost always land in the same one, as a copy (RegionView): other threads of the
// guest may unmap or protect it meanwhile, and the copy's host bytes stay valid until this
// run ends (AddressSpace::Runner). An access the copy refuses looks again if the mappings
// have changed since, so that another thread's mmap or mprotect is seen at once.
class HostMemory {
 public:
  explicit HostMemory(AddressSpace& space) : space_(space) {}

  bool read(uint64_t address, unsigned size, uint64_t& value) {
    if (!allows(address, size, kPermRead))
      return !last_.contains(address, size) && read_across(*this, address, size, value);
    value = 0;
    std::memcpy(&value, last_.bytes + (address - last_.base), size);
    return true;
  }

  bool write(uint64_t address, unsigned size, uint64_t value) {
    if (!allows(address, size, kPermWrite))
      return !last_.contains(address, size) && write_across(*this, address, size, value);
    std::memcpy(last_.bytes + (address - last_.base), &value, size);
    return true;
  }

  // The access is aligned, so it lies in one region wherever regions start on page boundaries
  // (every Linux mapping); the API's byte-granular regions may split it, and it then goes in
  // parts, as a single thread needs.
  core::AccessKind atomic(uint64_t address, core::AtomicAccess& access) {
    if (!covers(address, access.size)) return core::atomic_by_parts(*this, address, access);
    core::AccessKind failed = host_atomic(last_.bytes + (address - last_.base), last_.perms, access);
    if (failed != core::AccessKind::kNone && changed() && covers(address, access.size)) {
      failed = host_atomic(last_.bytes + (address - last_.base), last_.perms, access);
    }
    return failed;
  }

  void barrier() { host_barrier(); }

  uint64_t virtual_counter() const { return host_virtual_counter(); }

  // For accesses straddling two regions, which go byte by byte (cross_region_access.hpp).
  uint8_t* byte_at(uint64_t address, uint8_t perm) {
    if (!space_.view(address, 1, across_) || !(across_.perms & perm)) return nullptr;
    return across_.bytes + (address - across_.base);
  }

 private:
  // The remembered region holds all of [address, address+size), looked up if need be.
  bool covers(uint64_t address, unsigned size) {
    if (last_.contains(address, size)) return true;
    generation_ = space_.generation();
    return space_.view(address, size, last_);
  }

  // The remembered region holds the access and grants `perm`, as the mappings are now.
  bool allows(uint64_t address, unsigned size, uint8_t perm) {
    if (!covers(address, size)) return false;
    return (last_.perms & perm) || (changed() && covers(address, size) && (last_.perms & perm));
  }

  // True, and the remembered region forgotten, when the mappings have changed since it was
  // looked up.
  bool changed() {
    if (space_.generation() == generation_) return false;
    last_ = {};
    return true;
  }

  AddressSpace& space_;
  RegionView last_;
  uint64_t generation_ = 0;
  RegionView across_;
};

// The engine's decode cache: one entry per word address modulo kDecodeCacheEntries, for
// every address space the engine runs. An entry serves only the word it records, so no
// store to code, by the guest or by the host, has to reach it.
constexpr uint64_t kDecodeCacheEntries = uint64_t{1} << 16;

class CachedFetcher {
 public:
  CachedFetcher(AddressSpace& space, DecodeEntry* cache)
      : space_(space), table_(core::host_decode_table()), cache_(cache) {}

  bool fetch(uint64_t pc, uint32_t& insn, core::Op& op) {
    const uint64_t offset = pc - code_base_;
    if (offset >= code_size_ || (pc & 3) != 0) {
      if (!enter_region(pc)) return false;
      return fetch(pc, insn, op);
    }
    std::memcpy(&insn, code_bytes_ + offset, 4);
    op = decode_through(cache_[(pc >> 2) & (kDecodeCacheEntries - 1)], insn, table_);
    return true;
  }

 private:
  bool enter_region(uint64_t pc) {
    RegionView region;
    if ((pc & 3) != 0 || !space_.view(pc, 4, region) || !(region.perms & kPermExecute)) return false;
    code_base_ = region.base;
    code_size_ = region.size & ~3ull;
    code_bytes_ = region.bytes;
    return true;
  }

  AddressSpace& space_;
  const core::DecodeTable& table_;
  DecodeEntry* cache_;
  uint64_t code_base_ = 0;
  uint64_t code_size_ = 0;
  const uint8_t* code_bytes_ = nullptr;
};

// The engine's decode cache, allocated at the first run; every entry starts as the one for
// word 0, a valid entry.
class DecodeCache {
 public:
  DecodeEntry* entries() {
    if (entries_.empty()) {
      entries_.assign(kDecodeCacheEntries, decode_entry(core::decode(core::host_decode_table(), 0), 0));
    }
    return entries_.data();
  }

 private:
  std::vector<DecodeEntry> entries_;
};

// A run's result with the host time it took.
template <class Run>
EngineRun timed(Run run) {
  const auto start = std::chrono::steady_clock::now();
  const core::RunResult result = run();
  const auto stop = std::chrono::steady_clock::now();
  return {result, std::chrono::duration<double>(stop - start).count()};
}

}  // namespace warp64::cpu_loop
