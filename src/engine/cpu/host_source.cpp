#include "engine/cpu/host_source.hpp"

#include <algorithm>
#include <optional>

#include "engine/translation/block_source.hpp"
#include "warp64/core/semantics/branch_info.hpp"

namespace warp64::cpu {
namespace {

// Words without a translation: those that decode to no encoding (the interpreter reports them).
bool interpreted(core::Op op) { return op == core::Op::kUndefined; }

std::string function_source(std::span<const translation::BasicBlock> blocks, const std::string& symbol) {
  return "#include \"engine/cpu/translated_function.hpp\"\n\n" +
         translation::blocks_function_source(blocks, "blocks", interpreted) + "\nW64_EXPORT(blocks, " + symbol + ")\n";
}

}  // namespace

std::vector<uint64_t> code_manifest(std::span<const translation::BasicBlock> blocks) {
  std::vector<uint64_t> manifest{blocks.size()};
  for (const translation::BasicBlock& block : blocks) {
    manifest.push_back(block.start);
    manifest.push_back(block.words.size());
    manifest.insert(manifest.end(), block.words.begin(), block.words.end());
  }
  return manifest;
}

std::vector<translation::BasicBlock> bounded_blocks(std::vector<translation::BasicBlock> blocks,
                                                    uint64_t function_words) {
  std::vector<translation::BasicBlock> bounded;
  for (translation::BasicBlock& block : blocks) {
    if (block.words.size() <= function_words) {
      bounded.push_back(std::move(block));
      continue;
    }
    for (size_t first = 0; first + function_words < block.words.size(); first += function_words) {
      translation::BasicBlock& piece = bounded.emplace_back();
      piece.start = block.start + 4 * first;
      piece.words.assign(block.words.begin() + first, block.words.begin() + first + function_words);
      piece.ops.assign(block.ops.begin() + first, block.ops.begin() + first + function_words);
      piece.fall_through = piece.start + 4 * function_words;
    }
    // The last piece keeps the block's own end.
    const size_t last = (block.words.size() - 1) / function_words * function_words;
    block.start += 4 * last;
    block.words.erase(block.words.begin(), block.words.begin() + last);
    block.ops.erase(block.ops.begin(), block.ops.begin() + last);
    bounded.push_back(std::move(block));
  }
  return bounded;
}

std::vector<uint32_t> jumps_across(std::span<const translation::BasicBlock> blocks) {
  // Each edge adds one to every boundary it crosses: +1 at its lower end, -1 past its upper.
  std::vector<int64_t> change(blocks.size() + 1, 0);
  const auto index_of = [&](uint64_t address) -> std::optional<size_t> {
    const auto it =
        std::lower_bound(blocks.begin(), blocks.end(), address,
                         [](const translation::BasicBlock& block, uint64_t at) { return block.start < at; });
    if (it == blocks.end() || it->start != address) return std::nullopt;
    return it - blocks.begin();
  };
  for (size_t from = 0; from < blocks.size(); ++from) {
    const translation::BasicBlock& block = blocks[from];
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

std::vector<std::span<const translation::BasicBlock>> unit_groups(std::span<const translation::BasicBlock> blocks,
                                                                  uint64_t function_words) {
  const std::vector<uint32_t> across = jumps_across(blocks);
  std::vector<std::span<const translation::BasicBlock>> groups;
  for (size_t first = 0; first < blocks.size();) {
    size_t end = first;
    uint64_t words = 0;
    while (end < blocks.size() && (end == first || words + blocks[end].words.size() <= function_words)) {
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

UnitSources unit_sources(std::span<const translation::BasicBlock> blocks, uint64_t function_words) {
  UnitSources sources;
  for (const std::span<const translation::BasicBlock> group : unit_groups(blocks, function_words)) {
    TranslationUnit& unit = sources.functions.emplace_back();
    unit.symbol = "w64_translated_" + std::to_string(sources.functions.size() - 1);
    unit.source = function_source(group, unit.symbol);
    for (const translation::BasicBlock& block : group) unit.starts.push_back(block.start);
  }
  std::string values;
  for (const uint64_t value : code_manifest(blocks)) values += std::to_string(value) + "u,\n";
  sources.manifest = "extern \"C\" __attribute__((visibility(\"default\"))) const unsigned long long " +
                     std::string(kCodeSymbol) + "[] = {\n" + values + "};\n";
  return sources;
}

}  // namespace warp64::cpu
