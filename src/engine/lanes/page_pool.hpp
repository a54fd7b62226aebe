// The page pool: one allocation of equal blocks (a group's G x 4 KiB page, or a leaf page
// table), taken by bumping a cursor or from a free list, given back to the free list. Lock-free:
// the lanes of a whole GPU, or the CPU lane engine's threads, allocate at once.
//
// Every block in the pool that no one holds is all zero bytes (the pool starts zeroed, and
// whoever frees a block has zeroed what it wrote), so a block is ready the moment it is taken.
//
// A block freed during one launch is taken again only from a later launch on: frees go to their
// own list, which begin_launch (between launches, on one thread) puts in front of the list
// blocks are taken from. A GPU thread on another SM could otherwise take a block whose old
// bytes its SM's L1 cache still holds.
#pragma once

#include <cstdint>

#include "engine/lanes/atomics.hpp"
#include "warp64/core/config.hpp"

namespace warp64::lanes {

inline constexpr uint32_t kNoBlock = 0xffffffffu;

// The pool's shared counters, in memory every user reaches.
struct PoolHeads {
  uint64_t take;        // (ABA tag << 32) | first block, kNoBlock when empty: blocks to take
  uint64_t freed;       // the same for the blocks freed during this launch
  uint32_t bump;        // blocks [0, bump) have been taken at least once
  uint32_t freed_last;  // the last block of `freed` (the first freed into it)
};

struct PagePool {
  uint8_t* base;  // block b at base + (b << block_shift)
  PoolHeads* heads;
  uint32_t* next;  // next[b]: the block after b on its free list
  uint32_t blocks;
  uint32_t block_shift;

  W64_HD uint8_t* block(uint32_t b) const { return base + (static_cast<uint64_t>(b) << block_shift); }

  // False when the pool is exhausted.
  W64_HD bool allocate(uint32_t& taken) const {
    uint64_t* head = &heads->take;
    for (uint64_t seen = load_shared(head);;) {
      const uint32_t first = static_cast<uint32_t>(seen);
      if (first == kNoBlock) break;
      // The tag makes a head that was popped and pushed back in between fail the exchange.
      const uint64_t popped = (((seen >> 32) + 1) << 32) | load_shared(&next[first]);
      const uint64_t found = compare_exchange(head, seen, popped);
      if (found == seen) {
        taken = first;
        return true;
      }
      seen = found;
    }
    const uint32_t fresh = fetch_add(&heads->bump, 1);
    if (fresh >= blocks) return false;
    taken = fresh;
    return true;
  }

  // `b` must be all zero again.
  W64_HD void release(uint32_t b) const {
    uint64_t* head = &heads->freed;
    for (uint64_t seen = load_shared(head);;) {
      store_shared(&next[b], static_cast<uint32_t>(seen));
      const uint64_t pushed = (((seen >> 32) + 1) << 32) | b;
      const uint64_t found = compare_exchange(head, seen, pushed);
      if (found == seen) {
        // Only one push finds the list empty: its block stays last.
        if (static_cast<uint32_t>(seen) == kNoBlock) store_shared(&heads->freed_last, b);
        return;
      }
      seen = found;
    }
  }

  // Between launches, on one thread: the blocks freed so far may be taken from now on.
  W64_HD void begin_launch() const {
    const uint32_t first = static_cast<uint32_t>(heads->freed);
    if (first == kNoBlock) return;
    next[heads->freed_last] = static_cast<uint32_t>(heads->take);
    heads->take = (((heads->take >> 32) + 1) << 32) | first;
    heads->freed = kNoBlock;
  }
};

// Both free lists empty and no block taken.
inline PoolHeads empty_pool_heads() { return {kNoBlock, kNoBlock, 0, kNoBlock}; }

}  // namespace warp64::lanes
