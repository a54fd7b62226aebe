#include "memory/address_space.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>

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

uint64_t Generation::next() noexcept {
  static std::atomic<uint64_t> last{0};
  return ++last;
}

Region& AddressSpace::map(uint64_t base, uint64_t size, uint8_t perms, uint64_t growth) {
  return insert(base, size, perms, true, growth);
}

void AddressSpace::adopt(uint64_t base, uint64_t size, uint8_t perms) {
  if (store_ == nullptr) throw Error("only an address space backed by a store can adopt a mapping");
  insert(base, size, perms, false, 0);
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
  if (!is_free(base, size)) throw Error("region overlaps an existing mapping");
  auto region = std::make_unique<Region>(Region{base, size, perms, {}, nullptr});
  if (store_ != nullptr) {
    if (zero_fill) store_->zero(base, size);
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
  return *find(base);
}

void AddressSpace::split_at(uint64_t address) {
  Region* region = find(address);
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
  generation_.advance();
  const uint64_t end = add_or_top(base, size);
  split_at(base);
  split_at(end);
  for (auto it = regions_.lower_bound(base); it != regions_.end() && it->first < end;) {
    const Region& r = *it->second;
    if (r.reservation) r.reservation->release(r.base, r.size);
    it = regions_.erase(it);
  }
}

void AddressSpace::protect(uint64_t base, uint64_t size, uint8_t perms) {
  if (size == 0) return;
  generation_.advance();
  const uint64_t end = add_or_top(base, size);
  split_at(base);
  split_at(end);
  auto first = regions_.lower_bound(base);
  auto it = first;
  for (; it != regions_.end() && it->first < end; ++it) it->second->perms = perms;
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
  if (size == 0) return true;
  if (base + size < base) return false;
  const auto it = last_below(base + size);
  return it == regions_.end() || it->second->base + it->second->size <= base;
}

uint64_t AddressSpace::find_free(uint64_t size, uint64_t floor, uint64_t ceiling, uint64_t align) const {
  if (size == 0 || ceiling < size || align == 0) return 0;
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

Region* AddressSpace::find(uint64_t address, uint64_t length) {
  const auto it = regions_.upper_bound(address);
  if (it == regions_.begin()) return nullptr;
  Region* region = std::prev(it)->second.get();
  return region->contains(address, length) ? region : nullptr;
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
    if (region->perms & kPermExecute) generation_.advance();
    if (store_ != nullptr) {
      store_->write(address + done, data.data() + done, chunk);
    } else {
      std::memcpy(region->bytes.data() + offset, data.data() + done, chunk);
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
