// Block-entry counts taken while lanes run interpreted, for choosing the code to translate
// (engine/translation/hot_code.hpp). A few sampled lanes count, each at random block entries
// (on average one in period_mask / 2 + 1), into one open-addressing table that the host reads
// back; the other lanes pay a compare per instruction. Host and device alike.
#pragma once

#include <cstdint>

#include "engine/lanes/atomics.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64::lanes {

struct BlockProfile {
  uint64_t* keys = nullptr;    // pc + 1 per slot; 0: free
  uint64_t* counts = nullptr;  // entries sampled at the slot's pc
  uint32_t slots = 0;          // a power of two; 0: no profile is taken
  uint32_t lane_stride = 1;    // lanes whose number is a multiple of it count
  uint32_t period_mask = 0;    // a sampled lane counts one entry, then skips up to this many

  W64_HD bool samples(uint64_t lane) const { return slots != 0 && lane % lane_stride == 0; }

  // Counts an entry at `pc`; a pc whose probe finds no slot within a few is left out.
  W64_HD void record(uint64_t pc) const {
    constexpr unsigned kProbes = 16;
    const uint64_t key = pc + 1;
    uint64_t slot = (pc >> 2) * 0x9E3779B97F4A7C15ull >> 40;
    for (unsigned probe = 0; probe < kProbes; ++probe, ++slot) {
      uint64_t* place = keys + (slot & (slots - 1));
      const uint64_t held = compare_exchange(place, 0, key);
      if (held == 0 || held == key) {
        fetch_add(counts + (place - keys), 1);
        return;
      }
    }
  }
};

// A lane's fetcher that reports block entries (every fetch that does not follow the previous
// word) to `profile`, or to nothing when the lane is not sampled.
template <class Fetcher>
class ProfilingFetcher {
 public:
  W64_HD ProfilingFetcher(Fetcher& inner, const BlockProfile& profile, uint64_t lane)
      : inner_(inner), profile_(profile.samples(lane) ? &profile : nullptr), random_(lane * 2 + 1) {}

  W64_HD bool fetch(uint64_t pc, uint32_t& insn, core::Op& op) {
    if (pc != next_) entered(pc);
    next_ = pc + 4;
    return inner_.fetch(pc, insn, op);
  }

 private:
  W64_HD void entered(uint64_t pc) {
    if (profile_ == nullptr || --countdown_ != 0) return;
    profile_->record(pc);
    // A random gap (a linear congruential step), so that no loop's period hides a block.
    random_ = random_ * 6364136223846793005ull + 1442695040888963407ull;
    countdown_ = 1 + static_cast<uint32_t>((random_ >> 33) & profile_->period_mask);
  }

  Fetcher& inner_;
  const BlockProfile* profile_;
  uint64_t next_ = ~0ull;
  uint64_t random_;
  uint32_t countdown_ = 1;
};

}  // namespace warp64::lanes
