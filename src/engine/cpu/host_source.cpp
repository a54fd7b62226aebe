#include "engine/cpu/host_source.hpp"

#include "engine/translation/block_source.hpp"
#include "engine/translation/unit_groups.hpp"

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

UnitSources unit_sources(std::span<const translation::BasicBlock> blocks, uint64_t function_words) {
  UnitSources sources;
  for (const std::span<const translation::BasicBlock> group : translation::unit_groups(blocks, function_words)) {
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
