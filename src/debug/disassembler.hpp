// Capstone's A64 disassembler: an independent decoder, for trace listings and as the decode
// sweep's oracle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace warp64::debug {

class Disassembler {
 public:
  // Throws warp64::Error when capstone cannot open its AArch64 mode.
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

}  // namespace warp64::debug
