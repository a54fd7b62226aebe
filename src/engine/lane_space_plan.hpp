// How a lane engine lays out its lanes' memory (src/engine/lanes/lane_space.hpp): the checks
// on the regions, the geometry of groups, leaves and directories, and the size of the pool.
// The CPU and GPU lane engines allocate what the plan asks for, each in its own memory.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/decode_entry.hpp"
#include "engine/lane_engine.hpp"
#include "engine/lanes/lane_space.hpp"

namespace warp64 {

struct LaneSpacePlan {
  // Everything but the pointers, which the engine sets to its allocations.
  lanes::LaneSpace space{};
  std::vector<LaneRegionSpec> shared;   // in space.shared's order, initial data padded to the size
  std::vector<LaneRegionSpec> windows;  // in space.windows' order, initial data padded to whole pages
  uint64_t groups = 0;
  uint64_t block_bytes = 0;

  uint64_t directory_words() const { return groups * space.directory_words; }
  uint64_t pool_bytes() const { return static_cast<uint64_t>(space.pool.blocks) * block_bytes; }
  // Per lane: its state and result, its share of the page directories, its out-of-memory flag.
  uint64_t fixed_bytes_per_lane() const;
  // The fixed bytes plus the lane's share of `taken_blocks` blocks of the pool.
  uint64_t bytes_per_lane(uint64_t taken_blocks) const;
  // Sizes the pool: `bytes` rounded down to whole blocks, never more than every page of every
  // window could need. Throws warp64::Error when it holds no block.
  void size_pool(uint64_t bytes);

  uint64_t most_blocks_needed = 0;
};

// Throws warp64::Error for a layout lane memory cannot hold: too many regions or windows, an
// unaligned base, overlaps, a writable shared region, a group size that is not a power of two
// from 1 to 32. Groups have `group_size` lanes, or fewer when the run has fewer (a power of two
// at least as large as the run). The pool is left for size_pool.
LaneSpacePlan plan_lane_space(uint64_t lanes, std::vector<LaneRegionSpec> regions, uint32_t group_size);

// How many lanes of this layout fit in `memory_bytes`: each takes its fixed bytes, `kept_per_lane`
// bytes the engine keeps out of the pool for it, and at least one page of the pool (its first
// stack page), which comes out of the same memory; a pool of 0 bytes takes what the fixed and
// kept bytes leave. Throws warp64::Error as plan_lane_space does.
uint64_t lane_capacity(const std::vector<LaneRegionSpec>& regions, const LaneMemoryOptions& memory,
                       uint64_t memory_bytes, uint64_t kept_per_lane);

// The decode cache a shared region or window starts with: every word's entry of an executable
// one or one that holds code; empty for the others, and for windows too large to cache (their code decodes at each
// fetch).
std::vector<DecodeEntry> initial_decode_cache(const LaneRegionSpec& spec);

// The one-line error for an operation that failed with `status`.
std::string memory_op_error(lanes::Status status, const lanes::MemoryOp& op);
std::string unmapped_range_error(const lanes::ByteRange& range);

}  // namespace warp64
