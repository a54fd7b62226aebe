// The host C++ back end of translation: a region's blocks as translation units of bounded
// size, so that compilation time grows linearly with the code and the units compile in
// parallel, linked into one shared object.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/translation/block_map.hpp"

namespace warp64::cpu {

struct TranslationUnit {
  std::string source;
  std::string symbol;            // the TranslatedEntry it exports
  std::vector<uint64_t> starts;  // the blocks it runs, each an entry point
};

struct UnitSources {
  std::vector<TranslationUnit> functions;
  // A unit exporting kCodeSymbol: the code the functions were made from, by which a shared
  // object proves that it is the translation of that code.
  std::string manifest;
};

// The manifest's symbol: an array of uint64_t, the number of blocks, then for each block its
// address, its number of words and the words.
inline constexpr const char* kCodeSymbol = "w64_translated_code";

// The blocks as translation units, one per group of unit_groups.
UnitSources unit_sources(std::span<const translation::BasicBlock> blocks, uint64_t function_words);

// The manifest's contents for `blocks`, as unit_sources() writes it.
std::vector<uint64_t> code_manifest(std::span<const translation::BasicBlock> blocks);

}  // namespace warp64::cpu
