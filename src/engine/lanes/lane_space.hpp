// The address space of every lane of a lane engine, as one plain view that host and device
// code share: shared regions (one read-only copy for all lanes) and private windows, whose
// pages are taken from the page pool on first touch through per-group page tables.
//
// A group is G consecutive lanes (G a power of two up to 32). For each window, a group has a
// directory (one word per leaf: the leaf's block + 1, or 0 while there is none) and leaves
// allocated from the pool, each an array of PageEntry. An entry holds the block of the page
// (block + 1, 0 while none, kBusy while a lane is allocating it) and five masks whose bit s is
// lane slot s's: mapped, read, write, execute, and cow. A lane's page is
//   - its slot of the block, when the block exists and its cow bit is clear;
//   - the window's initial data, while its cow bit is set (set by mapping the page with the
//     initial data as source; cleared, after a copy into the slot, by the lane's first write);
//   - zeros otherwise.
// Byte `o` of slot s lies at block + (o / 8) * G * 8 + s * 8 + o % 8: one guest address in
// neighbouring lanes is neighbouring memory. A slot is all zero unless its lane maps the page
// without the cow bit, so that a block no lane maps is all zero and goes back to the pool.
//
// Masks are stored XOR the window's default (its pages' state before any change), so that
// zeroed memory, an absent leaf included, reads as the window's initial state.
#pragma once

#include <cstdint>

#include "engine/decode_entry.hpp"
#include "engine/lanes/atomics.hpp"
#include "engine/lanes/page_pool.hpp"
#include "memory/permissions.hpp"
#include "warp64/core/config.hpp"

namespace warp64::lanes {

inline constexpr unsigned kPageShift = 12;
inline constexpr uint64_t kPageBytes = uint64_t{1} << kPageShift;
inline constexpr unsigned kMaxSharedRegions = 16;
inline constexpr unsigned kMaxWindows = 16;
inline constexpr uint32_t kMaxGroupSize = 32;
// A table word (an entry's block, a directory's leaf) while one lane fills it in.
inline constexpr uint32_t kBusy = 0xffffffffu;

// One copy for all lanes, never written by them.
struct SharedRegion {
  uint64_t base;
  uint64_t size;
  const uint8_t* bytes;
  const DecodeEntry* decode_cache;  // executable: every word's entry, predecoded
  uint32_t perms;
};

// A range of every lane's address space whose pages are the lane's own.
struct Window {
  uint64_t base;  // page-aligned
  uint64_t size;
  const uint8_t* initial;  // the pages a lane's page may start as (cow), a whole number of pages
  uint64_t initial_pages;
  // Executable from the start: one entry per word, shared by all lanes, used only for the word
  // it records (decode_entry.hpp); null otherwise (such code is decoded at every fetch).
  DecodeEntry* decode_cache;
  uint32_t directory_offset;  // this window's first word in a group's directory
  uint32_t perms;             // every page's, for every lane, until changed (0: not mapped)
};

struct PageEntry {
  uint32_t block;  // block + 1; 0 while none; kBusy while being allocated
  uint32_t mapped, read, write, execute, cow;
};

// One page of a window as one group sees it, every mask as it is (not XOR the default).
struct PageState {
  uint32_t block;
  uint32_t mapped, read, write, execute, cow;

  W64_HD bool has_block() const { return block != 0 && block != kBusy; }
  W64_HD uint32_t perms_of(uint32_t bit) const {
    return (read & bit ? kPermRead : 0) | (write & bit ? kPermWrite : 0) | (execute & bit ? kPermExecute : 0);
  }
};

// The bytes of one page as one lane reaches them.
struct PageBytes {
  uint8_t* base;   // byte 0
  uint32_t shift;  // log2 of the distance between its 8-byte granules (3: contiguous)

  W64_HD uint8_t* at(uint64_t offset) const { return base + ((offset >> 3) << shift) + (offset & 7); }
  // True when `size` bytes from `offset` are contiguous in memory.
  W64_HD bool contiguous(uint64_t offset, unsigned size) const { return shift == 3 || (offset & 7) + size <= 8; }
};

enum class Status : uint8_t { kOk, kUnmapped, kDenied, kExhausted };

// What one lane's access finds at one page.
struct LanePage {
  PageBytes bytes;
  uint32_t perms;
  bool own;    // the lane's own slot (writable); otherwise shared, initial or zero bytes
  bool whole;  // the page lies wholly inside its region or window (only such pages are cached)
};

struct LaneSpace {
  SharedRegion shared[kMaxSharedRegions];
  Window windows[kMaxWindows];
  PagePool pool;
  uint32_t* directories;  // group g's at directories + g * directory_words
  const uint8_t* zero_page;
  uint8_t* out_of_memory;  // per lane: its last fault was the pool's exhaustion
  uint64_t lanes;
  uint32_t shared_count;
  uint32_t window_count;
  uint32_t directory_words;
  uint32_t leaf_shift;   // log2 of the entries in a leaf
  uint32_t group_shift;  // log2 G

  W64_HD uint32_t slot_of(uint64_t lane) const { return static_cast<uint32_t>(lane) & ((1u << group_shift) - 1); }

  // The lanes of `lane`'s group that exist (the last group may be short).
  W64_HD uint32_t group_mask(uint64_t lane) const {
    const uint64_t first = lane >> group_shift << group_shift;
    const uint64_t members = lanes - first < (uint64_t{1} << group_shift) ? lanes - first : uint64_t{1} << group_shift;
    return members >= 32 ? ~0u : (1u << members) - 1;
  }

  W64_HD const SharedRegion* shared_at(uint64_t address) const {
    for (uint32_t i = 0; i < shared_count; ++i) {
      if (address - shared[i].base < shared[i].size) return &shared[i];
    }
    return nullptr;
  }

  W64_HD const Window* window_at(uint64_t address) const {
    for (uint32_t i = 0; i < window_count; ++i) {
      if (address - windows[i].base < windows[i].size) return &windows[i];
    }
    return nullptr;
  }

  // The window's pages as they start, for the group of `lane`.
  W64_HD PageState defaults(const Window& window, uint64_t page, uint64_t lane) const {
    const uint32_t all = window.perms != 0 ? group_mask(lane) : 0;
    return {0,
            all,
            window.perms & kPermRead ? all : 0,
            window.perms & kPermWrite ? all : 0,
            window.perms & kPermExecute ? all : 0,
            page < window.initial_pages ? all : 0};
  }

  W64_HD uint32_t* directory_word(const Window& window, uint64_t page, uint64_t lane) const {
    return directories + (lane >> group_shift) * directory_words + window.directory_offset + (page >> leaf_shift);
  }

  // The group's entry for `page`, or null while its leaf does not exist.
  W64_HD PageEntry* entry_of(const Window& window, uint64_t page, uint64_t lane) const {
    const uint32_t* word = directory_word(window, page, lane);
    uint32_t leaf = load_shared(word);
    while (leaf == kBusy) leaf = load_shared(word);  // another lane of the group creates it
    if (leaf == 0) return nullptr;
    return leaf_entries(leaf - 1) + (page & ((uint64_t{1} << leaf_shift) - 1));
  }

  // The entry, its leaf created (zero: the window's defaults) when missing.
  W64_HD Status entry_for_change(const Window& window, uint64_t page, uint64_t lane, PageEntry*& entry) const {
    uint32_t* word = directory_word(window, page, lane);
    uint32_t leaf;
    if (!claim(word, leaf)) return Status::kExhausted;
    entry = leaf_entries(leaf) + (page & ((uint64_t{1} << leaf_shift) - 1));
    return Status::kOk;
  }

  W64_HD PageState state_of(const PageEntry* entry, const PageState& initial) const {
    if (entry == nullptr) return initial;
    uint32_t block = load_shared(&entry->block);
    while (block == kBusy) block = load_shared(&entry->block);
    return {block,
            load_shared(&entry->mapped) ^ initial.mapped,
            load_shared(&entry->read) ^ initial.read,
            load_shared(&entry->write) ^ initial.write,
            load_shared(&entry->execute) ^ initial.execute,
            load_shared(&entry->cow) ^ initial.cow};
  }

  // Sets a lane's bit in a stored mask to `on` as it is meant, whatever the default.
  W64_HD static void set_bit(uint32_t* stored, uint32_t bit, bool on, uint32_t initial) {
    if (on != ((initial & bit) != 0)) {
      fetch_or(stored, bit);
    } else {
      fetch_and(stored, ~bit);
    }
  }

  W64_HD PageBytes slot_bytes(uint32_t block, uint32_t slot) const {
    return {pool.block(block) + (slot << 3), group_shift + 3};
  }

  W64_HD PageBytes initial_bytes(const Window& window, uint64_t page) const {
    return {const_cast<uint8_t*>(window.initial) + (page << kPageShift), 3};
  }

  // The bytes and permissions of `lane`'s page at `address`, when the lane maps it with every
  // permission in `required`. With `materialize`, the bytes are the lane's own slot: allocated
  // (and filled from the initial data) on first touch.
  W64_HD Status resolve(uint64_t lane, uint64_t address, uint32_t required, bool materialize, LanePage& out) const {
    const uint64_t page_address = address & ~(kPageBytes - 1);
    if (const Window* window = window_at(address)) {
      const uint64_t page = (address - window->base) >> kPageShift;
      const PageState initial = defaults(*window, page, lane);
      PageEntry* entry = entry_of(*window, page, lane);
      const PageState state = state_of(entry, initial);
      const uint32_t bit = 1u << slot_of(lane);
      if (!(state.mapped & bit)) return Status::kUnmapped;
      out.perms = state.perms_of(bit);
      if ((out.perms & required) != required) return Status::kDenied;
      out.whole = window->size - (page_address - window->base) >= kPageBytes;
      out.own = materialize || (state.has_block() && !(state.cow & bit));
      if (!out.own) {
        out.bytes = state.cow & bit ? initial_bytes(*window, page) : PageBytes{const_cast<uint8_t*>(zero_page), 3};
        return Status::kOk;
      }
      if (entry == nullptr && entry_for_change(*window, page, lane, entry) != Status::kOk) return Status::kExhausted;
      uint32_t block;
      if (!block_of(entry, block)) return Status::kExhausted;
      out.bytes = slot_bytes(block, slot_of(lane));
      if (state.cow & bit) {
        // The lane's first write: its slot takes a copy of the initial page, which it sees no more.
        copy_page(initial_bytes(*window, page), out.bytes);
        set_bit(&entry->cow, bit, false, initial.cow);
      }
      return Status::kOk;
    }
    const SharedRegion* region = shared_at(address);
    if (region == nullptr) return Status::kUnmapped;
    out.perms = region->perms;
    if ((out.perms & required) != required || materialize) return Status::kDenied;
    out.bytes = {const_cast<uint8_t*>(region->bytes) + (page_address - region->base), 3};
    out.whole = page_address >= region->base && region->size - (page_address - region->base) >= kPageBytes;
    out.own = false;
    return Status::kOk;
  }

  // The block behind `entry`, allocated (all zero) by the first lane of the group to need it;
  // the others wait for it. False when the pool is exhausted.
  W64_HD bool block_of(PageEntry* entry, uint32_t& block) const { return claim(&entry->block, block); }

  W64_HD static void copy_page(const PageBytes& from, const PageBytes& to) {
    for (uint64_t offset = 0; offset < kPageBytes; offset += 8) {
      *reinterpret_cast<uint64_t*>(to.at(offset)) = *reinterpret_cast<const uint64_t*>(from.at(offset));
    }
  }

  W64_HD static void zero_page_bytes(const PageBytes& bytes) {
    for (uint64_t offset = 0; offset < kPageBytes; offset += 8) *reinterpret_cast<uint64_t*>(bytes.at(offset)) = 0;
  }

  // Gives the entry's block back when no lane of the group maps the page any more.
  W64_HD void release_if_unused(PageEntry* entry, const PageState& initial) const {
    const uint32_t block = load_shared(&entry->block);
    if (block == 0 || block == kBusy) return;
    if (compare_exchange(&entry->block, block, kBusy) != block) return;
    // Holding the entry busy: a lane mapping the page meanwhile waits, then finds the block or none.
    if ((load_shared(&entry->mapped) ^ initial.mapped) == 0) {
      pool.release(block - 1);
      store_shared(&entry->block, 0);
    } else {
      store_shared(&entry->block, block);
    }
  }

 private:
  W64_HD PageEntry* leaf_entries(uint32_t leaf) const { return reinterpret_cast<PageEntry*>(pool.block(leaf)); }

  // The block a table word (block + 1) names, taken from the pool if it names none yet.
  W64_HD bool claim(uint32_t* word, uint32_t& block) const {
    for (;;) {
      const uint32_t seen = load_shared(word);
      if (seen != 0 && seen != kBusy) {
        block = seen - 1;
        return true;
      }
      if (seen == 0 && compare_exchange(word, 0u, kBusy) == 0) {
        if (!pool.allocate(block)) {
          store_shared(word, 0);
          return false;
        }
        store_shared(word, block + 1);
        return true;
      }
    }
  }
};

}  // namespace warp64::lanes
