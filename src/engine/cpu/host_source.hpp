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

// The blocks with every one longer than `function_words` words cut into consecutive pieces of
// at most that many, each falling through to the next, so that no unit (and no compile) grows
// with the length of one straight run of code.
std::vector<translation::BasicBlock> bounded_blocks(std::vector<translation::BasicBlock> blocks,
                                                    uint64_t function_words);

// For each boundary between the blocks (sorted by address; boundary k lies before block k), the
// number of direct jumps and fall-throughs between blocks on either side of it.
std::vector<uint32_t> jumps_across(std::span<const translation::BasicBlock> blocks);

// The blocks (sorted by address) in consecutive groups of at most `function_words` words (a
// longer block is a group alone), each full group cut where the fewest jumps cross.
std::vector<std::span<const translation::BasicBlock>> unit_groups(std::span<const translation::BasicBlock> blocks,
                                                                  uint64_t function_words);

// The blocks as translation units, one per group of unit_groups.
UnitSources unit_sources(std::span<const translation::BasicBlock> blocks, uint64_t function_words);

// The manifest's contents for `blocks`, as unit_sources() writes it.
std::vector<uint64_t> code_manifest(std::span<const translation::BasicBlock> blocks);

}  // namespace warp64::cpu
