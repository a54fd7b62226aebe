#include <cstdio>

#include "disassembler.hpp"

namespace warp64::fuzz {

std::string hex64(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

std::string hex32(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08x", value);
  return buffer;
}

std::string listing(const Disassembler& disassembler, uint32_t word, uint64_t address) {
  const std::string text = disassembler.text(word, address);
  return hex32(word) + "  " + (text.empty() ? ".inst " + hex32(word) + "  (capstone: unknown)" : text);
}

}  // namespace warp64::fuzz
