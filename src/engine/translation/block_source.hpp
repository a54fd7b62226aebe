// Writes translated blocks as C++ for either back end (CUDA for the GPU, the host's compiler
// for the CPU): one labelled run of statements per basic block, each statement a call of the
// core's own semantics for one word, with the word a constant so that the compiler folds its
// operand fields. The statements are macros (block_macros.hpp); each back end supplies the
// function's signature (W64_FUNCTION) and the state, memory and interpreter it names.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/translation/block_map.hpp"

namespace warp64::translation {

// The words a back end hands to its interpreter instead of translating them.
using InterpretedOp = bool (*)(core::Op);

// An address as the generated code writes it: a C++ literal, 0x...ull.
std::string address_literal(uint64_t address);

// The addresses at which blocks_function_source()'s function can start: each block's start, and
// each word after a word left to the interpreter.
std::vector<uint64_t> function_entries(std::span<const BasicBlock> blocks, InterpretedOp interpreted);

// `W64_FUNCTION(name) { ... }`: runs translated blocks from s.pc; true at a stop, false when
// s.pc has no block here or the next block needs more cycles than remain.
std::string blocks_function_source(std::span<const BasicBlock> blocks, std::string_view name,
                                   InterpretedOp interpreted);

}  // namespace warp64::translation
