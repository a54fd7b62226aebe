// The CPU engine's data accesses: a software TLB (guest page to host bytes) in front of the
// engine's region lookup. Both the interpreter and translated code use it, translated code
// from a shared object compiled apart from the engine, so MemoryTlb is plain data whose
// layout is the contract between them (this header is built into the library as text).
#pragma once

#include <cstdint>
#include <cstring>

#include "warp64/core/atomic_access.hpp"

namespace warp64::cpu {

struct TlbEntry {
  uint64_t page;  // guest address >> MemoryTlb::kPageBits; kNoPage when the entry is empty
  uint8_t* host;  // the host bytes of the page's first byte
};

struct MemoryTlb {
  static constexpr unsigned kPageBits = 12;
  static constexpr uint64_t kPageSize = uint64_t{1} << kPageBits;
  static constexpr unsigned kEntries = 256;
  static constexpr uint64_t kNoPage = ~uint64_t{0};

  // Pages that may be read, and pages that may be written, each mapped whole to host bytes.
  TlbEntry readable[kEntries];
  TlbEntry writable[kEntries];
  // A miss: the engine finds the region, checks its permissions, may fill an entry, and
  // makes the access (false: it faults).
  bool (*read_miss)(MemoryTlb& tlb, uint64_t address, unsigned size, uint64_t& value);
  bool (*write_miss)(MemoryTlb& tlb, uint64_t address, unsigned size, uint64_t value);
  // Atomic accesses and barriers as host threads sharing the memory need them.
  core::AccessKind (*atomic)(MemoryTlb& tlb, uint64_t address, core::AtomicAccess& access);
  void (*barrier)();
  uint64_t (*virtual_counter)();

  static unsigned index(uint64_t address) { return (address >> kPageBits) % kEntries; }
  // True when `entry` maps the page of [address, address+size), which lies inside one page.
  static bool hit(const TlbEntry& entry, uint64_t address, unsigned size) {
    return entry.page == address >> kPageBits && (address & (kPageSize - 1)) <= kPageSize - size;
  }
};

// The core's memory policy over a MemoryTlb.
class TlbMemory {
 public:
  explicit TlbMemory(MemoryTlb& tlb) : tlb_(tlb) {}

  // The miss handler fills a variable of its own: were it given `value`, whose address would
  // then escape, the compiler would keep every loaded value in memory, and each load on the
  // hit path would go through the stack (a store and a reload on the guest's dependency chain).
  bool read(uint64_t address, unsigned size, uint64_t& value) {
    const TlbEntry& entry = tlb_.readable[MemoryTlb::index(address)];
    if (MemoryTlb::hit(entry, address, size)) [[likely]] {
      value = load_bytes(entry.host + (address & (MemoryTlb::kPageSize - 1)), size);
      return true;
    }
    uint64_t missed = 0;
    const bool done = tlb_.read_miss(tlb_, address, size, missed);
    value = missed;
    return done;
  }

  bool write(uint64_t address, unsigned size, uint64_t value) {
    const TlbEntry& entry = tlb_.writable[MemoryTlb::index(address)];
    if (MemoryTlb::hit(entry, address, size)) [[likely]] {
      std::memcpy(entry.host + (address & (MemoryTlb::kPageSize - 1)), &value, size);
      return true;
    }
    return tlb_.write_miss(tlb_, address, size, value);
  }

  core::AccessKind atomic(uint64_t address, core::AtomicAccess& access) { return tlb_.atomic(tlb_, address, access); }
  void barrier() { tlb_.barrier(); }
  uint64_t virtual_counter() { return tlb_.virtual_counter(); }

 private:
  // `size` bytes (1 to 8) at `bytes`, little-endian as the host is, zero-extended: the sizes
  // of the core's accesses each a load of their own width, so that a constant size is one
  // host load.
  static uint64_t load_bytes(const uint8_t* bytes, unsigned size) {
    switch (size) {
      case 1: return *bytes;
      case 2: return load_as<uint16_t>(bytes);
      case 4: return load_as<uint32_t>(bytes);
      case 8: return load_as<uint64_t>(bytes);
      default: {
        uint64_t value = 0;
        std::memcpy(&value, bytes, size);
        return value;
      }
    }
  }
  template <class T>
  static uint64_t load_as(const uint8_t* bytes) {
    T value;
    std::memcpy(&value, bytes, sizeof value);
    return value;
  }

  MemoryTlb& tlb_;
};

}  // namespace warp64::cpu
