// Listing helpers of the fuzz reports around capstone's disassembler.
#pragma once

#include <cstdint>
#include <string>

#include "debug/disassembler.hpp"

namespace warp64::fuzz {

using debug::Disassembler;

// "0x1234abcd: add x0, x1, x2" style listing text, falling back to ".inst 0x..." when
// capstone does not know the word.
std::string listing(const Disassembler& disassembler, uint32_t word, uint64_t address);

std::string hex64(uint64_t value);
std::string hex32(uint32_t value);

}  // namespace warp64::fuzz
