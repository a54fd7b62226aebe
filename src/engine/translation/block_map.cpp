#include "engine/translation/block_map.hpp"

#include <cstring>
#include <set>

#include "warp64/core/semantics/branch_info.hpp"

namespace warp64::translation {
namespace {

std::optional<uint32_t> word_at(std::span<const CodeRegion> code, uint64_t pc) {
  if (pc % 4 != 0) return std::nullopt;
  for (const CodeRegion& region : code) {
    if (pc >= region.base && pc - region.base + 4 <= region.bytes.size()) {
      uint32_t word;
      std::memcpy(&word, region.bytes.data() + (pc - region.base), 4);
      return word;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<BasicBlock> discover_blocks(const core::DecodeTable& table, std::span<const CodeRegion> code,
                                        std::span<const uint64_t> entries, uint64_t max_instructions,
                                        const ExcludedAddress& excluded, const FollowedTarget& followed,
                                        const RegisterJumpTargets& register_jumps) {
  // Pass 1: every reachable word, and the leaders (first words of blocks).
  std::set<uint64_t> reached, leaders;
  std::vector<uint64_t> pending(entries.begin(), entries.end());
  for (const uint64_t entry : entries) leaders.insert(entry);
  while (!pending.empty() && reached.size() < max_instructions) {
    uint64_t pc = pending.back();
    pending.pop_back();
    while (reached.size() < max_instructions) {
      // A walk that runs into words already reached joins the block starting there.
      if (reached.contains(pc)) {
        leaders.insert(pc);
        break;
      }
      const std::optional<uint32_t> word = excluded && excluded(pc) ? std::nullopt : word_at(code, pc);
      if (!word) break;
      reached.insert(pc);
      const core::Op op = core::decode(table, *word);
      const core::BranchInfo end = core::branch_info(op, *word, pc);
      const auto lead_to = [&](uint64_t target) {
        leaders.insert(target);
        if (!followed || followed(target)) pending.push_back(target);
      };
      if (end.has_target) lead_to(end.target);
      if (register_jumps && (op == core::Op::BR || op == core::Op::BLR)) {
        for (const uint64_t target : register_jumps(pc)) lead_to(target);
      }
      if (end.ends_block) {
        if (end.falls_through) {
          leaders.insert(pc + 4);
          pending.push_back(pc + 4);
        }
        break;
      }
      pc += 4;
    }
  }

  // Pass 2: each reached leader's block runs to a block end, the next leader or the last
  // reached word.
  std::vector<BasicBlock> blocks;
  for (const uint64_t leader : leaders) {
    if (!reached.contains(leader)) continue;
    BasicBlock& block = blocks.emplace_back();
    block.start = leader;
    for (uint64_t pc = leader;; pc += 4) {
      const uint32_t word = *word_at(code, pc);
      const core::Op op = core::decode(table, word);
      block.words.push_back(word);
      block.ops.push_back(op);
      const core::BranchInfo end = core::branch_info(op, word, pc);
      if (end.ends_block) {
        if (end.falls_through) block.fall_through = pc + 4;
        break;
      }
      if (leaders.contains(pc + 4) || !reached.contains(pc + 4)) {
        block.fall_through = pc + 4;
        break;
      }
    }
  }
  return blocks;
}

}  // namespace warp64::translation
