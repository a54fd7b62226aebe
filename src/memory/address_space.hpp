// The guest address space on the host: mapped regions with permissions, each backed by
// host memory that no guest address can reach beyond. Regions are kept by base address, so
// that finding one, mapping and unmapping cost a logarithm of their number; adjacent regions
// of equal permissions (and, for host-backed ones, bytes contiguous on the host) merge.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <ranges>
#include <span>
#include <vector>

#include "memory/host_reservation.hpp"
#include "memory/permissions.hpp"

namespace warp64 {

struct Region {
  uint64_t base;
  uint64_t size;
  uint8_t perms;
  std::span<uint8_t> bytes;                      // the contents (empty for a store-backed space)
  std::shared_ptr<HostReservation> reservation;  // where `bytes` live

  bool contains(uint64_t address, uint64_t length) const {
    return address >= base && address - base < size && size - (address - base) >= length;
  }
};

// Where the bytes of an address space live when the host does not hold them: one lane of a
// lane engine, for instance. The address space keeps the mappings and permissions; the store
// keeps the contents.
class ByteStore {
 public:
  virtual ~ByteStore() = default;
  virtual void read(uint64_t address, uint8_t* out, uint64_t length) const = 0;
  virtual void write(uint64_t address, const uint8_t* data, uint64_t length) = 0;
  virtual void zero(uint64_t address, uint64_t length) = 0;
};

// A number no other address space, and no earlier state of this one, has had. Engines keep
// what they derive from an address space (host pointers to pages, translated code) while its
// generation stays the same.
class Generation {
 public:
  Generation() : value_(next()) {}
  Generation(const Generation&) noexcept : value_(next()) {}
  Generation& operator=(const Generation&) noexcept {
    value_ = next();
    return *this;
  }
  void advance() { value_ = next(); }
  uint64_t value() const { return value_; }

 private:
  static uint64_t next() noexcept;
  uint64_t value_;
};

class AddressSpace {
 public:
  // With a store, regions hold no host bytes (Region::bytes stays empty) and every byte
  // access goes to the store; new mappings are zeroed there.
  explicit AddressSpace(ByteStore* store = nullptr) : store_(store) {}
  bool host_backed() const { return store_ == nullptr; }

  // Maps [base, base+size) zero-filled; the region that holds it may be a neighbour grown to
  // take it in. `growth` is room above the mapping the host keeps for it, so that later
  // mappings right above it (a growing heap) join it without moving a byte. Throws
  // warp64::Error on overlap, size 0 or wrap.
  Region& map(uint64_t base, uint64_t size, uint8_t perms, uint64_t growth = 0);
  // Records a mapping whose contents the store already holds (they are not zeroed).
  void adopt(uint64_t base, uint64_t size, uint8_t perms);
  void unmap_all() {
    regions_.clear();
    generation_.advance();
  }

  // Page-range operations for an OS layer: regions that straddle an edge of the range are
  // split there first. unmap removes every mapped byte in [base, base+size); protect sets
  // the permissions of every mapped byte in it. Both ignore unmapped holes.
  void unmap(uint64_t base, uint64_t size);
  void protect(uint64_t base, uint64_t size, uint8_t perms);
  // True when no byte of [base, base+size) is mapped.
  bool is_free(uint64_t base, uint64_t size) const;
  // The highest base >= floor, aligned to `align`, with [base, base+size) free and
  // base+size <= ceiling; 0 when there is none.
  uint64_t find_free(uint64_t size, uint64_t floor, uint64_t ceiling, uint64_t align) const;

  // The region holding all of [address, address+length), or nullptr.
  Region* find(uint64_t address, uint64_t length = 1);
  const Region* find(uint64_t address, uint64_t length = 1) const;
  // Changes when a mapping goes or changes permissions, or the host writes to executable
  // memory; not when a mapping is added, which moves no byte.
  uint64_t generation() const { return generation_.value(); }

  // Every region by ascending base, each as a std::unique_ptr<Region>.
  auto regions() const { return std::views::values(regions_); }
  size_t region_count() const { return regions_.size(); }

  // Host-side access (loaders, debuggers, the API): ignores permissions but requires every
  // byte to be mapped. Throws warp64::Error otherwise.
  void write_bytes(uint64_t address, std::span<const uint8_t> data);
  std::vector<uint8_t> read_bytes(uint64_t address, uint64_t length) const;

 private:
  using Regions = std::map<uint64_t, std::unique_ptr<Region>>;

  Region& insert(uint64_t base, uint64_t size, uint8_t perms, bool zero_fill, uint64_t growth);
  // The region with the highest base below `end`, or regions_.end().
  Regions::iterator last_below(uint64_t end);
  Regions::const_iterator last_below(uint64_t end) const;
  // Splits the region containing `address` so that one starts there (no-op at an edge or hole).
  void split_at(uint64_t address);
  // Joins the region at `it` with the one that starts where it ends, when they can be one.
  void merge_with_next(Regions::iterator it);
  bool joinable(const Region& low, const Region& high) const;

  Regions regions_;
  ByteStore* store_;
  Generation generation_;
};

}  // namespace warp64
