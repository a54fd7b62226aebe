#include "memory/address_space.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>

#include "memory/host_atomic.hpp"
#include "warp64/error.hpp"

namespace warp64 {
namespace {

constexpr uint64_t kPage = 4096;

uint64_t page_down(uint64_t v) { return v & ~(kPage - 1); }
// Saturates instead of wrapping at the top of the address space.
uint64_t page_up_or_top(uint64_t v) {
  return v > ~0ull - (kPage - 1) ? ~0ull - (kPage - 1) : (v + kPage - 1) & ~(kPage - 1);
}
uint64_t add_or_top(uint64_t a, uint64_t b) { return a > ~0ull - b ? ~0ull : a + b; }

}  // namespace

uint64_t AddressSpace::fresh_generation() {
  static std::atomic<uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

Region& AddressSpace::map(uint64_t base, uint64_t size, uint8_t perms, uint64_t growth) {
  std::unique_lock lock(lock_);
  return insert(base, size, perms, true, growth);
}

void AddressSpace::adopt(uint64_t base, uint64_t size, uint8_t perms) {
  if (store_ == nullptr) throw Error("only an address space backed by a store can adopt a mapping");
  std::unique_lock lock(lock_);
  insert(base, size, perms, false, 0);
}

bool AddressSpace::map_initial(uint64_t base, uint64_t size) {
  std::unique_lock lock(lock_);
  const Region* region = locate(base, size);
  if (store_ == nullptr || region == nullptr) return false;
  if (!store_->map_initial(base, size, region->perms)) return false;
  generation_.store(fresh_generation(), std::memory_order_release);
  return true;
}

void AddressSpace::unmap_all() {
  std::unique_lock lock(lock_);
  for (auto it = regions_.begin(); it != regions_.end();) it = erase(it);
  generation_.store(fresh_generation(), std::memory_order_release);
  collect();
}

AddressSpace::Regions::iterator AddressSpace::last_below(uint64_t end) {
  const auto it = regions_.lower_bound(end);
  return it == regions_.begin() ? regions_.end() : std::prev(it);
}

AddressSpace::Regions::const_iterator AddressSpace::last_below(uint64_t end) const {
  const auto it = regions_.lower_bound(end);
  return it == regions_.begin() ? regions_.end() : std::prev(it);
}

bool AddressSpace::joinable(const Region& low, const Region& high) const {
  return low.base + low.size == high.base && low.perms == high.perms &&
         (store_ != nullptr || low.reservation == high.reservation);
}

void AddressSpace::merge_with_next(Regions::iterator it) {
  if (it == regions_.end()) return;
  const auto next = std::next(it);
  if (next == regions_.end() || !joinable(*it->second, *next->second)) return;
  Region& low = *it->second;
  low.size += next->second->size;
  if (store_ == nullptr) low.bytes = {low.bytes.data(), low.size};  // one reservation: contiguous
  regions_.erase(next);
}

Region& AddressSpace::insert(uint64_t base, uint64_t size, uint8_t perms, bool zero_fill, uint64_t growth) {
  if (size == 0) throw Error("cannot map an empty region");
  if (base + size < base) throw Error("region wraps around the address space");
  if (!free_range(base, size)) throw Error("region overlaps an existing mapping");
  auto region = std::make_unique<Region>(Region{base, size, perms, {}, nullptr});
  if (store_ != nullptr) {
    if (zero_fill) store_->map(base, size, perms);
  } else {
    // A neighbour's reservation when it has room for the mapping, else a fresh one.
    const auto below = last_below(base);
    const auto above = regions_.find(base + size);
    if (below != regions_.end() && below->second->reservation->covers(base, size)) {
      region->reservation = below->second->reservation;
    } else if (above != regions_.end() && above->second->reservation->covers(base, size)) {
      region->reservation = above->second->reservation;
    } else {
      const uint64_t low = page_down(base), high = page_up_or_top(add_or_top(base + size, growth));
      region->reservation = std::make_shared<HostReservation>(low, high - low);
    }
    region->reservation->commit(base, size);
    region->bytes = {region->reservation->at(base), size};
  }
  const auto it = regions_.emplace(base, std::move(region)).first;
  merge_with_next(it);
  merge_with_next(last_below(base));
  return *locate(base, 1);
}

void AddressSpace::split_at(uint64_t address) {
  Region* region = locate(address, 1);
  if (region == nullptr || region->base == address) return;
  const uint64_t head = address - region->base;
  auto tail = std::make_unique<Region>(*region);
  tail->base = address;
  tail->size = region->size - head;
  region->size = head;
  if (store_ == nullptr) {
    tail->bytes = region->bytes.subspan(head);
    region->bytes = region->bytes.first(head);
  }
  regions_.emplace(address, std::move(tail));
}

void AddressSpace::unmap(uint64_t base, uint64_t size) {
  if (size == 0) return;
  std::unique_lock lock(lock_);
  const uint64_t end = add_or_top(base, size);
  split_at(base);
  split_at(end);
  for (auto it = regions_.lower_bound(base); it != regions_.end() && it->first < end;) {
    const Region& r = *it->second;
    // The pages stay mapped on the host, zeroed, for whoever still holds a view of them.
    if (r.reservation) r.reservation->release(r.base, r.size);
    if (store_ != nullptr) store_->unmap(r.base, r.size);
    it = erase(it);
  }
  generation_.store(fresh_generation(), std::memory_order_release);
  collect();
}

AddressSpace::Regions::iterator AddressSpace::erase(Regions::iterator it) {
  std::shared_ptr<HostReservation>& reservation = it->second->reservation;
  if (reservation && reservation.use_count() == 1) {
    Retired retired{std::move(reservation), {}};
    for (const RunCount& runner : runners_) {
      const uint64_t runs = runner->load();
      if (runs & 1) retired.inside.emplace_back(runner, runs);
    }
    if (!retired.inside.empty()) retired_.push_back(std::move(retired));
  }
  return regions_.erase(it);
}

void AddressSpace::collect() {
  std::erase_if(retired_, [](const Retired& retired) {
    return std::ranges::all_of(retired.inside, [](const auto& entry) { return entry.first->load() != entry.second; });
  });
}

AddressSpace::Runner::Runner(AddressSpace& space) : space_(space), runs_(std::make_shared<std::atomic<uint64_t>>(0)) {
  std::unique_lock lock(space_.lock_);
  space_.runners_.push_back(runs_);
}

AddressSpace::Runner::~Runner() {
  std::unique_lock lock(space_.lock_);
  std::erase(space_.runners_, runs_);
}

void AddressSpace::forked_child(const Runner* runner) {
  // The lock is still held by the fork's hold_for_fork, for a thread (glibc's rwlock records
  // its tid) that the child does not have: it is made anew.
  std::construct_at(&lock_);
  runners_.clear();
  if (runner != nullptr) runners_.push_back(runner->runs_);
  retired_.clear();
}

void AddressSpace::protect(uint64_t base, uint64_t size, uint8_t perms) {
  if (size == 0) return;
  std::unique_lock lock(lock_);
  generation_.store(fresh_generation(), std::memory_order_release);
  const uint64_t end = add_or_top(base, size);
  split_at(base);
  split_at(end);
  auto first = regions_.lower_bound(base);
  auto it = first;
  for (; it != regions_.end() && it->first < end; ++it) it->second->perms = perms;
  if (store_ != nullptr) store_->protect(base, end - base, perms);
  // The changed regions, and the one on each side, merge where they now can.
  auto cursor = first == regions_.begin() ? first : std::prev(first);
  while (cursor != regions_.end() && cursor != it) {
    const size_t before = regions_.size();
    merge_with_next(cursor);
    if (regions_.size() == before) ++cursor;
    it = regions_.lower_bound(end);
  }
}

bool AddressSpace::is_free(uint64_t base, uint64_t size) const {
  std::shared_lock lock(lock_);
  return free_range(base, size);
}

bool AddressSpace::free_range(uint64_t base, uint64_t size) const {
  if (size == 0) return true;
  if (base + size < base) return false;
  const auto it = last_below(base + size);
  return it == regions_.end() || it->second->base + it->second->size <= base;
}

uint64_t AddressSpace::find_free(uint64_t size, uint64_t floor, uint64_t ceiling, uint64_t align) const {
  if (size == 0 || ceiling < size || align == 0) return 0;
  std::shared_lock lock(lock_);
  uint64_t candidate = (ceiling - size) & ~(align - 1);
  // Walk down past the highest region that overlaps the candidate, until none does.
  for (;;) {
    if (candidate < floor) return 0;
    const auto it = last_below(candidate + size);
    if (it == regions_.end() || it->second->base + it->second->size <= candidate) return candidate;
    if (it->second->base < size) return 0;
    candidate = (it->second->base - size) & ~(align - 1);
  }
}

Region* AddressSpace::locate(uint64_t address, uint64_t length) const {
  const auto it = regions_.upper_bound(address);
  if (it == regions_.begin()) return nullptr;
  Region* region = std::prev(it)->second.get();
  return region->contains(address, length) ? region : nullptr;
}

Region* AddressSpace::find(uint64_t address, uint64_t length) { return locate(address, length); }
const Region* AddressSpace::find(uint64_t address, uint64_t length) const { return locate(address, length); }

uint64_t AddressSpace::copy_in(uint64_t address, uint8_t* out, uint64_t length) const {
  return for_each_piece(address, length, [&](const Region& region, uint64_t at, uint64_t done, uint64_t piece) {
    if (store_ != nullptr) {
      store_->read(at, out + done, piece);
    } else {
      std::memcpy(out + done, region.bytes.data() + (at - region.base), piece);
    }
  });
}

uint64_t AddressSpace::copy_out(uint64_t address, const uint8_t* data, uint64_t length) const {
  return for_each_piece(address, length, [&](const Region& region, uint64_t at, uint64_t done, uint64_t piece) {
    if (region.perms & kPermExecute) generation_.store(fresh_generation(), std::memory_order_release);
    if (store_ != nullptr) {
      store_->write(at, data + done, piece);
    } else {
      std::memcpy(region.bytes.data() + (at - region.base), data + done, piece);
    }
  });
}

void AddressSpace::write_bytes(uint64_t address, std::span<const uint8_t> data) {
  std::shared_lock lock(lock_);
  const uint64_t done = copy_out(address, data.data(), data.size());
  if (done != data.size()) throw Error("address " + hex(address + done) + " is not mapped");
}

std::vector<uint8_t> AddressSpace::read_bytes(uint64_t address, uint64_t length) const {
  std::vector<uint8_t> out(length);
  std::shared_lock lock(lock_);
  const uint64_t done = copy_in(address, out.data(), length);
  if (done != length) throw Error("address " + hex(address + done) + " is not mapped");
  return out;
}

bool AddressSpace::view(uint64_t address, uint64_t length, RegionView& out) const {
  std::shared_lock lock(lock_);
  const Region* region = locate(address, length);
  if (region == nullptr) return false;
  out = {region->base, region->size, region->perms, region->bytes.data()};
  return true;
}

bool AddressSpace::accessible(uint64_t address, uint64_t length, uint8_t perm) const {
  std::shared_lock lock(lock_);
  return allows(address, length, perm);
}

bool AddressSpace::allows(uint64_t address, uint64_t length, uint8_t perm) const {
  if (length == 0) return true;
  if (address + length < address) return false;
  for (uint64_t at = address; at < address + length;) {
    const Region* r = locate(at, 1);
    if (r == nullptr || (r->perms & perm) != perm) return false;
    at = r->base + r->size;
    if (at == 0) break;
  }
  return true;
}

bool AddressSpace::read_guest(uint64_t address, void* out, uint64_t length) const {
  std::shared_lock lock(lock_);
  return allows(address, length, kPermRead) && copy_in(address, static_cast<uint8_t*>(out), length) == length;
}

bool AddressSpace::write_guest(uint64_t address, const void* data, uint64_t length) {
  std::shared_lock lock(lock_);
  return allows(address, length, kPermWrite) && copy_out(address, static_cast<const uint8_t*>(data), length) == length;
}

core::AccessKind AddressSpace::atomic(uint64_t address, core::AtomicAccess& access) {
  std::shared_lock lock(lock_);
  const Region* region = locate(address, access.size);
  if (region == nullptr || region->bytes.empty()) return core::AccessKind::kRead;
  return host_atomic(region->bytes.data() + (address - region->base), region->perms, access);
}

}  // namespace warp64
