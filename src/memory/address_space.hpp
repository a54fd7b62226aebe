// The guest address space on the host: mapped regions with permissions, each backed by
// host memory that no guest address can reach beyond. Regions are kept by base address, so
// that finding one, mapping and unmapping cost a logarithm of their number; adjacent regions
// of equal permissions (and, for host-backed ones, bytes contiguous on the host) merge.
//
// Threads: the guest's threads run at once over one address space, so every member that looks
// regions up takes a shared lock and every member that changes them an exclusive one. A
// Region reference (find, regions, map's result) is for code that no other thread can
// interleave with (loaders, the API, tests); code that can (an engine, a system call) copies
// what it needs under the lock (view, read_guest, write_guest, atomic).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <ranges>
#include <shared_mutex>
#include <span>
#include <utility>
#include <vector>

#include "memory/host_reservation.hpp"
#include "memory/permissions.hpp"
#include "warp64/core/atomic_access.hpp"

namespace warp64 {

// [address, address+length) lies inside [base, base+size), without overflow.
inline bool range_contains(uint64_t base, uint64_t size, uint64_t address, uint64_t length) {
  return address >= base && address - base < size && size - (address - base) >= length;
}

struct Region {
  uint64_t base;
  uint64_t size;
  uint8_t perms;
  std::span<uint8_t> bytes;                      // the contents (empty for a store-backed space)
  std::shared_ptr<HostReservation> reservation;  // where `bytes` live

  bool contains(uint64_t address, uint64_t length) const { return range_contains(base, size, address, length); }
};

// A region as code that runs beside other threads keeps it: copied under the lock, so that it
// never dangles. Its host bytes stay valid after another thread unmaps the region, until every
// Runner has left the run it was in (AddressSpace::Runner); its bounds and permissions may then
// be out of date, which AddressSpace::generation() tells.
struct RegionView {
  uint64_t base = 0;
  uint64_t size = 0;
  uint8_t perms = 0;
  uint8_t* bytes = nullptr;  // the byte at `base`; null for a store-backed space

  bool contains(uint64_t address, uint64_t length) const { return range_contains(base, size, address, length); }
};

// Where the bytes of an address space live when the host does not hold them: one lane of a
// lane engine, for instance. The address space keeps the mappings and permissions and tells
// the store of every change (a lane's memory checks permissions itself); the store keeps the
// contents.
class ByteStore {
 public:
  virtual ~ByteStore() = default;
  virtual void read(uint64_t address, uint8_t* out, uint64_t length) const = 0;
  virtual void write(uint64_t address, const uint8_t* data, uint64_t length) = 0;
  // A new mapping, zero-filled.
  virtual void map(uint64_t address, uint64_t length, uint8_t perms) = 0;
  virtual void unmap(uint64_t address, uint64_t length) = 0;
  // New permissions for every mapped byte of the range.
  virtual void protect(uint64_t address, uint64_t length, uint8_t perms) = 0;
  // The mapped range's bytes become the store's initial data there, shared with whoever else
  // reads them until written (a lane's windows keep such data), with `perms`. False, nothing
  // changed, for a store that keeps none.
  virtual bool map_initial(uint64_t address, uint64_t length, uint8_t perms) {
    (void)address, (void)length, (void)perms;
    return false;
  }
};

class AddressSpace {
 public:
  class Runner;

  // With a store, regions hold no host bytes (Region::bytes stays empty), every byte access
  // goes to the store, and every mapping change is passed on to it.
  explicit AddressSpace(ByteStore* store = nullptr) : store_(store) {}
  bool host_backed() const { return store_ == nullptr; }

  // Maps [base, base+size) zero-filled; the region that holds it may be a neighbour grown to
  // take it in. `growth` is room above the mapping the host keeps for it, so that later
  // mappings right above it (a growing heap) join it without moving a byte. Throws
  // warp64::Error on overlap, size 0 or wrap.
  Region& map(uint64_t base, uint64_t size, uint8_t perms, uint64_t growth = 0);
  // Records a mapping the store already holds, contents and permissions (it is not told).
  void adopt(uint64_t base, uint64_t size, uint8_t perms);
  // The bytes of the mapped range [base, base+size) become the store's initial data there
  // (ByteStore::map_initial). False, nothing changed, without a store that keeps such data.
  bool map_initial(uint64_t base, uint64_t size);
  void unmap_all();

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
  // Every region by ascending base, each as a std::unique_ptr<Region>.
  auto regions() const { return std::views::values(regions_); }
  size_t region_count() const { return regions_.size(); }

  // Host-side access (loaders, debuggers, the API): ignores permissions but requires every
  // byte to be mapped. Throws warp64::Error otherwise.
  void write_bytes(uint64_t address, std::span<const uint8_t> data);
  std::vector<uint8_t> read_bytes(uint64_t address, uint64_t length) const;

  // ---- for threads that run beside each other -------------------------------------------
  // The region holding all of [address, address+length), copied into `out`; false if none.
  bool view(uint64_t address, uint64_t length, RegionView& out) const;
  // Changes with every change that can make a view wrong (unmapping, new permissions) and
  // every host write to executable memory (which translated code must see); never to a value
  // that another address space has had, so that an engine can tell spaces apart by it.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // True when every byte of [address, address+length) is mapped with every permission in `perm`.
  bool accessible(uint64_t address, uint64_t length, uint8_t perm) const;
  // The guest's access as a system call makes it: every byte readable (writable), else false
  // and nothing copied.
  bool read_guest(uint64_t address, void* out, uint64_t length) const;
  bool write_guest(uint64_t address, const void* data, uint64_t length);
  // An atomic access to host-backed memory as an engine makes it (host_atomic.hpp): kNone, or
  // the permission missing (kRead also when unmapped).
  core::AccessKind atomic(uint64_t address, core::AtomicAccess& access);

  // A thread that runs an engine over the space: an engine keeps views, and so host pointers,
  // between two of its stops. Host memory that is freed outright (a reservation no region uses
  // any more) is kept until every runner inside a run when it was unmapped has left that run.
  class Runner {
   public:
    explicit Runner(AddressSpace& space);
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;
    ~Runner();
    // Around each run of the engine.
    void enter() { runs_->fetch_add(1); }
    void leave() { runs_->fetch_add(1); }

   private:
    friend class AddressSpace;
    AddressSpace& space_;
    std::shared_ptr<std::atomic<uint64_t>> runs_;  // odd while inside a run
  };
  // Held across a host fork, so that no other thread holds the lock in the child, where that
  // thread does not exist; the parent releases it after the fork, the child (whose only
  // thread is the caller) calls forked_child instead, which also forgets every other runner.
  std::unique_lock<std::shared_mutex> hold_for_fork() { return std::unique_lock(lock_); }
  void forked_child(const Runner* runner);

 private:
  using Regions = std::map<uint64_t, std::unique_ptr<Region>>;
  using RunCount = std::shared_ptr<std::atomic<uint64_t>>;
  // A reservation no region uses, kept while runners that were inside a run may point into it.
  struct Retired {
    std::shared_ptr<HostReservation> reservation;
    std::vector<std::pair<RunCount, uint64_t>> inside;  // each such runner and its count then
  };

  // The unlocked forms of find, is_free and accessible, for members that hold the lock.
  Region* locate(uint64_t address, uint64_t length) const;
  bool free_range(uint64_t base, uint64_t size) const;
  bool allows(uint64_t address, uint64_t length, uint8_t perm) const;
  // Calls piece(region, address, done, length) for each part of [address, address+length)
  // that one region holds, in order, up to the first byte not mapped; returns the bytes done.
  template <class Piece>
  uint64_t for_each_piece(uint64_t address, uint64_t length, const Piece& piece) const {
    uint64_t done = 0;
    while (done < length) {
      const Region* region = locate(address + done, 1);
      if (region == nullptr) break;
      const uint64_t chunk = std::min(length - done, region->size - (address + done - region->base));
      piece(*region, address + done, done, chunk);
      done += chunk;
    }
    return done;
  }
  // The guest's bytes to and from the host, called with the lock held: the bytes copied
  // before the first byte not mapped.
  uint64_t copy_in(uint64_t address, uint8_t* out, uint64_t length) const;
  uint64_t copy_out(uint64_t address, const uint8_t* data, uint64_t length) const;
  // Removes the region at `it`, retiring its reservation when it was the last user.
  Regions::iterator erase(Regions::iterator it);
  // A generation no address space has had.
  static uint64_t fresh_generation();
  // Frees what no runner can reach any more.
  void collect();

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
  mutable std::shared_mutex lock_;
  mutable std::atomic<uint64_t> generation_{fresh_generation()};  // copy_out changes it
  std::vector<RunCount> runners_;
  std::vector<Retired> retired_;
};

}  // namespace warp64
