#include "engine/translation/hot_code.hpp"

#include <algorithm>
#include <unordered_set>

namespace warp64::translation {
namespace {

bool in_code(std::span<const CodeRegion> code, uint64_t pc) {
  return pc % 4 == 0 && std::any_of(code.begin(), code.end(), [&](const CodeRegion& region) {
           return pc >= region.base && pc - region.base + 4 <= region.bytes.size();
         });
}

}  // namespace

HotCode select_hot_code(const core::DecodeTable& table, std::span<const CodeRegion> code,
                        std::span<const BlockEntryCount> profile, const HotCodeLimits& limits) {
  HotCode hot;
  std::vector<BlockEntryCount> ranked;
  for (const BlockEntryCount& entry : profile) {
    if (!in_code(code, entry.pc)) continue;
    hot.code_entries += entry.count;
    if (entry.count >= limits.min_entries) ranked.push_back(entry);
  }
  std::sort(ranked.begin(), ranked.end(), [](const BlockEntryCount& a, const BlockEntryCount& b) {
    return a.count != b.count ? a.count > b.count : a.pc < b.pc;
  });

  // Regions in order of heat, each discovered from its entry without the words chosen before;
  // an entry inside code already chosen is covered by it.
  std::unordered_set<uint64_t> chosen;
  const auto taken = [&](uint64_t pc) { return chosen.contains(pc); };
  uint64_t covered = 0;
  for (const BlockEntryCount& entry : ranked) {
    if (static_cast<double>(covered) >= limits.coverage * static_cast<double>(hot.code_entries)) break;
    if (chosen.contains(entry.pc)) {
      covered += entry.count;
      continue;
    }
    const uint64_t room = std::min(limits.region_words, limits.max_words - chosen.size());
    if (room == 0) break;
    const std::vector<BasicBlock> region = discover_blocks(table, code, std::span(&entry.pc, 1), room, taken);
    for (const BasicBlock& block : region) {
      for (size_t i = 0; i < block.words.size(); ++i) chosen.insert(block.start + 4 * i);
    }
    hot.entries.push_back(entry.pc);
    covered += entry.count;
  }
  if (hot.entries.empty()) return hot;

  // Once more over the union, so that a block starts wherever any region jumps into another.
  hot.blocks = discover_blocks(table, code, hot.entries, chosen.size(), [&](uint64_t pc) { return !taken(pc); });
  std::unordered_set<uint64_t> starts;
  for (const BasicBlock& block : hot.blocks) {
    hot.words += block.words.size();
    starts.insert(block.start);
  }
  for (const BlockEntryCount& entry : ranked) {
    if (starts.contains(entry.pc)) hot.covered_entries += entry.count;
  }
  return hot;
}

}  // namespace warp64::translation
