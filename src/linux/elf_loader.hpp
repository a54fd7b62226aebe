// Loading static AArch64 Linux executables (ET_EXEC and static-PIE ET_DYN) into an address
// space, with every header field checked before it is trusted.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "memory/address_space.hpp"
#include "warp64/error.hpp"

namespace warp64::linux_abi {

// A malformed or unsupported executable; what() is the reason alone.
class ElfError : public Error {
 public:
  using Error::Error;
};

struct ElfSymbol {
  uint64_t address;
  uint64_t size;
  std::string name;
};

struct ElfImage {
  uint64_t entry = 0;
  uint64_t load_bias = 0;
  uint64_t phdr_address = 0;  // where the program headers are in guest memory (AT_PHDR)
  uint64_t phent = 0;
  uint64_t phnum = 0;
  uint64_t lowest = 0;             // first mapped page
  uint64_t highest = 0;            // end of the highest segment, page-aligned: brk starts here
  std::vector<ElfSymbol> symbols;  // from .symtab, sorted by address; empty when stripped

  // "name+0xoff" for the function or object at or before `address`, or "".
  std::string symbolize(uint64_t address) const;
};

inline constexpr uint64_t kPageSize = 4096;
inline constexpr uint64_t kPieBase = 0x400000;
inline uint64_t page_up(uint64_t v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }

bool looks_like_elf(const std::vector<uint8_t>& file);

// Validates `file` and maps its PT_LOAD segments into `space`. Throws ElfError.
ElfImage load_elf(const std::vector<uint8_t>& file, AddressSpace& space);

// Reads and validates the executable at `path` and maps it into `space`. Throws ElfError
// (prefixed with the path) or warp64::Error when the file cannot be read.
ElfImage load_executable(const std::string& path, AddressSpace& space);

}  // namespace warp64::linux_abi
