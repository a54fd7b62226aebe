// Capstone 4 as an independent A64 decoder: text for reports, and "does it decode" for the
// decode sweep.
#pragma once

#include <cstdint>
#include <string>

namespace warp64::fuzz {

class Disassembler {
 public:
  Disassembler();
  ~Disassembler();
  Disassembler(const Disassembler&) = delete;
  Disassembler& operator=(const Disassembler&) = delete;

  // "mnemonic operands" when capstone decodes the word, otherwise empty.
  std::string text(uint32_t word, uint64_t address = 0) const;
  bool decodes(uint32_t word) const;
  // The mnemonic alone, or "" when capstone rejects the word.
  std::string mnemonic(uint32_t word) const;

 private:
  size_t handle_ = 0;
};

// "0x1234abcd: add x0, x1, x2" style listing text, falling back to ".inst 0x..." when
// capstone does not know the word.
std::string listing(const Disassembler& disassembler, uint32_t word, uint64_t address);

std::string hex64(uint64_t value);
std::string hex32(uint32_t value);

}  // namespace warp64::fuzz
