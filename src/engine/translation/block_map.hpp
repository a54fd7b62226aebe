// Which code the engines translate: the basic blocks reachable from a set of entry points
// through fall-through and direct branches (core::branch_info), inside read-only executable
// memory.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "warp64/core/decoder.hpp"

namespace warp64::translation {

// Read-only executable bytes at a guest address.
struct CodeRegion {
  uint64_t base;
  std::span<const uint8_t> bytes;
};

struct BasicBlock {
  uint64_t start;
  std::vector<uint32_t> words;
  std::vector<core::Op> ops;
  // Where execution goes when the last word neither jumps nor stops (nothing after a B, RET,
  // BRK ...): its address, which is itself a block or leaves translated code.
  std::optional<uint64_t> fall_through;
};

// Addresses that discovery leaves alone (code translated before): a walk that reaches one
// ends its block there, and leaves translated code.
using ExcludedAddress = std::function<bool(uint64_t)>;

// The branch targets discovery follows (every one when empty): a branch to a target it does not
// follow leaves translated code when taken, unless the target is reached another way.
using FollowedTarget = std::function<bool(uint64_t)>;

// Where a jump through a register (BR, BLR) at an address has been seen to land: discovery goes
// on from there as from a direct branch's target (a bytecode interpreter's dispatch to its
// handlers, a switch's jump table). None when empty.
using RegisterJumpTargets = std::function<std::span<const uint64_t>(uint64_t branch)>;

// The blocks reachable from `entries`, sorted by start address, at most `max_instructions`
// words in all (a block that would pass the limit is cut short and leaves translated code).
std::vector<BasicBlock> discover_blocks(const core::DecodeTable& table, std::span<const CodeRegion> code,
                                        std::span<const uint64_t> entries, uint64_t max_instructions,
                                        const ExcludedAddress& excluded = {}, const FollowedTarget& followed = {},
                                        const RegisterJumpTargets& register_jumps = {});

}  // namespace warp64::translation
