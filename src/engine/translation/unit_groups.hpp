// How both back ends cut translated code into units of bounded size: the compilers' time grows
// faster than the length of one function, so the code is compiled as many short functions, in
// parallel, and a jump between two of them costs a return to a dispatcher. The cuts go where
// the fewest jumps cross, so that a loop or a function rarely straddles two units.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/translation/block_map.hpp"

namespace warp64::translation {

// The blocks with every one longer than `unit_words` words cut into consecutive pieces of at
// most that many, each falling through to the next, so that no unit (and no compile) grows with
// the length of one straight run of code.
std::vector<BasicBlock> bounded_blocks(std::vector<BasicBlock> blocks, uint64_t unit_words);

// For each boundary between the blocks (sorted by address; boundary k lies before block k), the
// number of direct jumps and fall-throughs between blocks on either side of it.
std::vector<uint32_t> jumps_across(std::span<const BasicBlock> blocks);

// The blocks (sorted by address) in consecutive groups of at most `unit_words` words (a longer
// block is a group alone), each full group cut where the fewest jumps cross.
std::vector<std::span<const BasicBlock>> unit_groups(std::span<const BasicBlock> blocks, uint64_t unit_words);

}  // namespace warp64::translation
