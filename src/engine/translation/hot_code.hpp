// Which code a profile says to translate: the blocks entered most often, each with the code it
// reaches through direct branches and fall-through (its loop, its function, their callees),
// wherever they are in read-only executable memory, until the chosen code accounts for a share
// of all counted block entries or a word budget is spent.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/translation/block_map.hpp"

namespace warp64::translation {

// How often execution entered the block at `pc`: the target of a taken jump (a call or return
// through a register included) or the first word a run resumed at.
struct BlockEntryCount {
  uint64_t pc;
  uint64_t count;
};

struct HotCodeLimits {
  // Share of the counted entries that lie in translatable code which the chosen code should
  // take: the budget follows the profile, so a program whose time is in one loop gets that loop
  // and no more, and one whose time spreads over many functions gets them all.
  double coverage = 0.99;
  // Entries below which a block is no reason to translate (code run a few times, as start-up).
  uint64_t min_entries = 1;
  // Words discovered from one hot entry at most: a hot loop in a long function brings its
  // neighbourhood, not the whole function.
  uint64_t region_words = 256;
  // Words in all at most: what a build may cost.
  uint64_t max_words = 4096;
};

struct HotCode {
  std::vector<BasicBlock> blocks;  // sorted by start
  std::vector<uint64_t> entries;   // the hot entries that started a region, hottest first
  uint64_t words = 0;
  uint64_t covered_entries = 0;  // counted entries at the start of a chosen block
  uint64_t code_entries = 0;     // counted entries inside `code`
};

HotCode select_hot_code(const core::DecodeTable& table, std::span<const CodeRegion> code,
                        std::span<const BlockEntryCount> profile, const HotCodeLimits& limits);

}  // namespace warp64::translation
