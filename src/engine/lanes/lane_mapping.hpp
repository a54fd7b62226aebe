// The mapping API of lane memory, for system calls serviced on the device or the host, the
// loader and debuggers: one lane's mappings changed or read, and its bytes copied honouring its
// page permissions (copy_in, copy_out) or ignoring them (peek, poke).
//
// Mappings change only inside private windows; shared regions are the same for every lane.
// A lane's memory policy (lane_memory.hpp) caches translations: on the device, change a lane's
// mappings through its LaneMemory (which forgets them) rather than these functions directly.
#pragma once

#include <cstdint>

#include "engine/lanes/lane_space.hpp"
#include "warp64/core/config.hpp"

namespace warp64::lanes {

// What a newly mapped page holds: zeros, or the window's initial data at the same place
// (private and copy-on-write: a lane's writes are its own).
enum class MapSource : uint8_t { kZero, kInitial };

namespace detail {

// Calls change(window, page) for every page of [base, base + size) inside a private window,
// skipping, leaf by leaf, the pages whose leaf does not exist when `skip_absent` says the
// change leaves a window's default state as it is. False as soon as a change fails.
template <class Change, class SkipAbsent>
W64_HD Status for_window_pages(const LaneSpace& space, uint64_t lane, uint64_t base, uint64_t size,
                               SkipAbsent skip_absent, Change change) {
  const uint64_t end = base + size;
  for (uint32_t i = 0; i < space.window_count; ++i) {
    const Window& window = space.windows[i];
    const uint64_t low = base > window.base ? base : window.base;
    const uint64_t high = end < window.base + window.size ? end : window.base + window.size;
    if (low >= high) continue;
    const uint64_t last = (high - 1 - window.base) >> kPageShift;
    for (uint64_t page = (low - window.base) >> kPageShift; page <= last;) {
      const uint64_t leaf_end = ((page >> space.leaf_shift) + 1) << space.leaf_shift;
      if (load_shared(space.directory_word(window, page, lane)) == 0 && skip_absent(window)) {
        page = leaf_end;
        continue;
      }
      for (; page <= last && page < leaf_end; ++page) {
        const Status status = change(window, page);
        if (status != Status::kOk) return status;
      }
    }
  }
  return Status::kOk;
}

// True when every page of [base, base + size) lies in a private window.
W64_HD inline bool inside_windows(const LaneSpace& space, uint64_t base, uint64_t size) {
  for (uint64_t at = base; at - base < size;) {
    const Window* window = space.window_at(at);
    if (window == nullptr) return false;
    at = window->base + window->size;
  }
  return true;
}

// Byte by byte through resolved pages: [address, address + length) of `lane` with `required`
// permissions, each byte handed to visit(pointer, index). False (kUnmapped, kDenied,
// kExhausted) at the first page that refuses; the bytes before it were visited.
template <class Visit>
W64_HD Status for_each_byte(const LaneSpace& space, uint64_t lane, uint64_t address, uint64_t length, uint32_t required,
                            bool materialize, Visit visit) {
  for (uint64_t done = 0; done < length;) {
    const uint64_t at = address + done;
    LanePage page;
    const Status status = space.resolve(lane, at, required, materialize, page);
    if (status != Status::kOk) return status;
    const uint64_t offset = at & (kPageBytes - 1);
    const uint64_t chunk = length - done < kPageBytes - offset ? length - done : kPageBytes - offset;
    for (uint64_t i = 0; i < chunk; ++i) visit(page.bytes.at(offset + i), done + i);
    done += chunk;
  }
  return Status::kOk;
}

}  // namespace detail

// Maps [base, base + size) (page-aligned) for `lane` with `perms`, replacing what it mapped
// there. Fails with kUnmapped, changing nothing, when a page lies outside the private windows,
// and with kExhausted when the pool has no block for a page table (the pages before stay
// mapped).
W64_HD inline Status map(const LaneSpace& space, uint64_t lane, uint64_t base, uint64_t size, uint32_t perms,
                         MapSource source) {
  if (!detail::inside_windows(space, base, size)) return Status::kUnmapped;
  const uint32_t bit = 1u << space.slot_of(lane);
  return detail::for_window_pages(
      space, lane, base, size, [](const Window&) { return false; },
      [&](const Window& window, uint64_t page) {
        PageEntry* entry;
        if (space.entry_for_change(window, page, lane, entry) != Status::kOk) return Status::kExhausted;
        const PageState initial = space.defaults(window, page, lane);
        const PageState state = space.state_of(entry, initial);
        // The lane's slot holds bytes only when it mapped the page and wrote it.
        if ((state.mapped & bit) && !(state.cow & bit) && state.has_block()) {
          LaneSpace::zero_page_bytes(space.slot_bytes(state.block - 1, space.slot_of(lane)));
        }
        LaneSpace::set_bit(&entry->read, bit, perms & kPermRead, initial.read);
        LaneSpace::set_bit(&entry->write, bit, perms & kPermWrite, initial.write);
        LaneSpace::set_bit(&entry->execute, bit, perms & kPermExecute, initial.execute);
        LaneSpace::set_bit(&entry->cow, bit, source == MapSource::kInitial && page < window.initial_pages, initial.cow);
        LaneSpace::set_bit(&entry->mapped, bit, true, initial.mapped);
        return Status::kOk;
      });
}

// Unmaps every page `lane` maps in [base, base + size): its slot is zeroed, and a block no lane
// of the group maps any more goes back to the pool.
W64_HD inline Status unmap(const LaneSpace& space, uint64_t lane, uint64_t base, uint64_t size) {
  const uint32_t bit = 1u << space.slot_of(lane);
  return detail::for_window_pages(
      space, lane, base, size, [](const Window& window) { return window.perms == 0; },
      [&](const Window& window, uint64_t page) {
        const PageState initial = space.defaults(window, page, lane);
        if (!(space.state_of(space.entry_of(window, page, lane), initial).mapped & bit)) return Status::kOk;
        PageEntry* entry;
        if (space.entry_for_change(window, page, lane, entry) != Status::kOk) return Status::kExhausted;
        const PageState state = space.state_of(entry, initial);
        if (!(state.cow & bit) && state.has_block()) {
          LaneSpace::zero_page_bytes(space.slot_bytes(state.block - 1, space.slot_of(lane)));
        }
        LaneSpace::set_bit(&entry->mapped, bit, false, initial.mapped);
        LaneSpace::set_bit(&entry->read, bit, false, initial.read);
        LaneSpace::set_bit(&entry->write, bit, false, initial.write);
        LaneSpace::set_bit(&entry->execute, bit, false, initial.execute);
        LaneSpace::set_bit(&entry->cow, bit, false, initial.cow);
        space.release_if_unused(entry, initial);
        return Status::kOk;
      });
}

// Sets the permissions of every page `lane` maps in [base, base + size).
W64_HD inline Status protect(const LaneSpace& space, uint64_t lane, uint64_t base, uint64_t size, uint32_t perms) {
  const uint32_t bit = 1u << space.slot_of(lane);
  return detail::for_window_pages(
      space, lane, base, size, [&](const Window& window) { return window.perms == 0 || window.perms == perms; },
      [&](const Window& window, uint64_t page) {
        const PageState initial = space.defaults(window, page, lane);
        const PageState state = space.state_of(space.entry_of(window, page, lane), initial);
        if (!(state.mapped & bit) || state.perms_of(bit) == perms) return Status::kOk;
        PageEntry* entry;
        if (space.entry_for_change(window, page, lane, entry) != Status::kOk) return Status::kExhausted;
        LaneSpace::set_bit(&entry->read, bit, perms & kPermRead, initial.read);
        LaneSpace::set_bit(&entry->write, bit, perms & kPermWrite, initial.write);
        LaneSpace::set_bit(&entry->execute, bit, perms & kPermExecute, initial.execute);
        return Status::kOk;
      });
}

// The permissions of `lane`'s page at `address`; false when the lane does not map it.
W64_HD inline bool perms_at(const LaneSpace& space, uint64_t lane, uint64_t address, uint32_t& perms) {
  LanePage page;
  if (space.resolve(lane, address, 0, false, page) != Status::kOk) return false;
  perms = page.perms;
  return true;
}

W64_HD inline bool is_mapped(const LaneSpace& space, uint64_t lane, uint64_t address) {
  uint32_t perms;
  return perms_at(space, lane, address, perms);
}

// [address, address + length) of `lane` into `out`, when every byte is readable (kOk), else
// kUnmapped or kDenied at the first page that is not.
W64_HD inline Status copy_in(const LaneSpace& space, uint64_t lane, uint64_t address, void* out, uint64_t length) {
  uint8_t* bytes = static_cast<uint8_t*>(out);
  return detail::for_each_byte(space, lane, address, length, kPermRead, false,
                               [&](const uint8_t* byte, uint64_t i) { bytes[i] = *byte; });
}

// `data` into [address, address + length) of `lane`, when every byte is writable: nothing is
// written unless all of them are (kUnmapped, kDenied); kExhausted when the pool has no block for
// a page (the pages before it are written).
W64_HD inline Status copy_out(const LaneSpace& space, uint64_t lane, uint64_t address, const void* data,
                              uint64_t length) {
  const Status allowed =
      detail::for_each_byte(space, lane, address, length, kPermWrite, false, [](const uint8_t*, uint64_t) {});
  if (allowed != Status::kOk) return allowed;
  const uint8_t* bytes = static_cast<const uint8_t*>(data);
  return detail::for_each_byte(space, lane, address, length, kPermWrite, true,
                               [&](uint8_t* byte, uint64_t i) { *byte = bytes[i]; });
}

// As copy_in, whatever the permissions (shared regions included).
W64_HD inline Status peek(const LaneSpace& space, uint64_t lane, uint64_t address, void* out, uint64_t length) {
  uint8_t* bytes = static_cast<uint8_t*>(out);
  return detail::for_each_byte(space, lane, address, length, 0, false,
                               [&](const uint8_t* byte, uint64_t i) { bytes[i] = *byte; });
}

// As copy_out, whatever the permissions; private windows only. Zeros written to a page that
// has no bytes of its own yet and reads as zeros take no block.
W64_HD inline Status poke(const LaneSpace& space, uint64_t lane, uint64_t address, const void* data, uint64_t length) {
  const uint8_t* bytes = static_cast<const uint8_t*>(data);
  for (uint64_t done = 0; done < length;) {
    const uint64_t at = address + done;
    const uint64_t offset = at & (kPageBytes - 1);
    const uint64_t chunk = length - done < kPageBytes - offset ? length - done : kPageBytes - offset;
    LanePage page;
    Status status = space.resolve(lane, at, 0, false, page);
    if (status != Status::kOk) return status;
    bool zeros = page.bytes.base == space.zero_page;
    for (uint64_t i = 0; zeros && i < chunk; ++i) zeros = bytes[done + i] == 0;
    if (!zeros) {
      status = space.resolve(lane, at, 0, true, page);
      if (status != Status::kOk) return status;
      for (uint64_t i = 0; i < chunk; ++i) *page.bytes.at(offset + i) = bytes[done + i];
    }
    done += chunk;
  }
  return Status::kOk;
}

}  // namespace warp64::lanes
