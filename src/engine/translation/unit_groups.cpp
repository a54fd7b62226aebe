#include "engine/translation/unit_groups.hpp"

#include <algorithm>
#include <optional>

#include "warp64/core/semantics/branch_info.hpp"

namespace warp64::translation {

std::vector<BasicBlock> bounded_blocks(std::vector<BasicBlock> blocks, uint64_t unit_words) {
  std::vector<BasicBlock> bounded;
  for (BasicBlock& block : blocks) {
    if (block.words.size() <= unit_words) {
      bounded.push_back(std::move(block));
      continue;
    }
    for (size_t first = 0; first + unit_words < block.words.size(); first += unit_words) {
      BasicBlock& piece = bounded.emplace_back();
      piece.start = block.start + 4 * first;
      piece.words.assign(block.words.begin() + first, block.words.begin() + first + unit_words);
      piece.ops.assign(block.ops.begin() + first, block.ops.begin() + first + unit_words);
      piece.fall_through = piece.start + 4 * unit_words;
    }
    // The last piece keeps the block's own end.
    const size_t last = (block.words.size() - 1) / unit_words * unit_words;
    block.start += 4 * last;
    block.words.erase(block.words.begin(), block.words.begin() + last);
    block.ops.erase(block.ops.begin(), block.ops.begin() + last);
    bounded.push_back(std::move(block));
  }
  return bounded;
}

std::vector<uint32_t> jumps_across(std::span<const BasicBlock> blocks) {
  // Each edge adds one to every boundary it crosses: +1 at its lower end, -1 past its upper.
  std::vector<int64_t> change(blocks.size() + 1, 0);
  const auto index_of = [&](uint64_t address) -> std::optional<size_t> {
    const auto it = std::lower_bound(blocks.begin(), blocks.end(), address,
                                     [](const BasicBlock& block, uint64_t at) { return block.start < at; });
    if (it == blocks.end() || it->start != address) return std::nullopt;
    return it - blocks.begin();
  };
  for (size_t from = 0; from < blocks.size(); ++from) {
    const BasicBlock& block = blocks[from];
    const uint64_t last = block.start + 4 * (block.words.size() - 1);
    const core::BranchInfo branch = core::branch_info(block.ops.back(), block.words.back(), last);
    for (const std::optional<uint64_t> target :
         {branch.has_target ? std::optional(branch.target) : std::nullopt, block.fall_through}) {
      const std::optional<size_t> to = target ? index_of(*target) : std::nullopt;
      if (!to || *to == from) continue;
      ++change[std::min(from, *to) + 1];
      --change[std::max(from, *to) + 1];
    }
  }
  std::vector<uint32_t> across(blocks.size() + 1, 0);
  int64_t crossing = 0;
  for (size_t boundary = 0; boundary <= blocks.size(); ++boundary) {
    crossing += change[boundary];
    across[boundary] = static_cast<uint32_t>(crossing);
  }
  return across;
}

std::vector<std::span<const BasicBlock>> unit_groups(std::span<const BasicBlock> blocks, uint64_t unit_words) {
  const std::vector<uint32_t> across = jumps_across(blocks);
  std::vector<std::span<const BasicBlock>> groups;
  for (size_t first = 0; first < blocks.size();) {
    size_t end = first;
    uint64_t words = 0;
    while (end < blocks.size() && (end == first || words + blocks[end].words.size() <= unit_words)) {
      words += blocks[end].words.size();
      ++end;
    }
    // A full group ends where the fewest jumps cross (the latest such place), so that a loop
    // or a function rarely straddles two units and pays a jump between them at every turn.
    size_t cut = end;
    if (end < blocks.size()) {
      for (size_t boundary = end - 1; boundary > first; --boundary) {
        if (across[boundary] < across[cut]) cut = boundary;
      }
    }
    groups.push_back(blocks.subspan(first, cut - first));
    first = cut;
  }
  return groups;
}

}  // namespace warp64::translation
