// The CPU engine's record of block entries: for each address a taken jump has landed on, how
// often, and the translated code that runs from there once one is loaded. The interpreter
// consults it at every taken jump, so it is an open-addressing table probed from a
// multiplicative hash of the address, grown at half full.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/cpu/translated_function.hpp"

namespace warp64::cpu {

class BlockTable {
 public:
  struct Entry {
    uint64_t pc;
    TranslatedEntry code;  // null until a translation is loaded
    uint32_t entries;      // jumps that landed here, saturating
  };

  BlockTable() { rehash(kInitialBits); }

  // The entry of `pc`, inserted when new. `pc` is a word address.
  Entry& at(uint64_t pc) {
    for (uint64_t slot = home(pc);; slot = (slot + 1) & mask_) {
      Entry& entry = slots_[slot];
      if (entry.pc == pc) [[likely]]
        return entry;
      if (entry.pc == kEmpty) {
        if (2 * (used_ + 1) > slots_.size()) {
          rehash(bits_ + 1);
          return at(pc);
        }
        ++used_;
        entry = {pc, nullptr, 0};
        return entry;
      }
    }
  }

  // The entry of `pc`, or null.
  Entry* find(uint64_t pc) {
    for (uint64_t slot = home(pc);; slot = (slot + 1) & mask_) {
      if (slots_[slot].pc == pc) return &slots_[slot];
      if (slots_[slot].pc == kEmpty) return nullptr;
    }
  }

  // Calls f(entry) for every entry.
  template <class F>
  void for_each(F&& f) {
    for (Entry& entry : slots_) {
      if (entry.pc != kEmpty) f(entry);
    }
  }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};  // no word address
  static constexpr unsigned kInitialBits = 12;

  uint64_t home(uint64_t pc) const { return ((pc >> 2) * 0x9E3779B97F4A7C15ull) >> (64 - bits_); }

  void rehash(unsigned bits) {
    std::vector<Entry> old = std::move(slots_);
    bits_ = bits;
    mask_ = (uint64_t{1} << bits) - 1;
    slots_.assign(uint64_t{1} << bits, Entry{kEmpty, nullptr, 0});
    for (const Entry& entry : old) {
      if (entry.pc == kEmpty) continue;
      uint64_t slot = home(entry.pc);
      while (slots_[slot].pc != kEmpty) slot = (slot + 1) & mask_;
      slots_[slot] = entry;
    }
  }

  std::vector<Entry> slots_;
  unsigned bits_ = 0;
  uint64_t mask_ = 0;
  uint64_t used_ = 0;
};

}  // namespace warp64::cpu
