// Loading AArch64 Linux executables (ET_EXEC and ET_DYN, static or naming an interpreter) and
// dynamic loaders into an address space, with every header field checked before it is trusted.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
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
  uint64_t lowest = 0;      // first mapped page
  uint64_t highest = 0;     // end of the highest segment, page-aligned: brk starts here
  std::string interpreter;  // PT_INTERP's path (the dynamic loader), or "" for a static executable
  // From .symtab, sorted by address; empty when stripped. Shared by the image's copies: each
  // lane's process holds one, and a C library's table is a hundred kilobytes.
  std::shared_ptr<const std::vector<ElfSymbol>> symbols = std::make_shared<const std::vector<ElfSymbol>>();

  // "name+0xoff" for the function or object at or before `address`, or "".
  std::string symbolize(uint64_t address) const;
};

inline constexpr uint64_t kPageSize = 4096;
inline constexpr uint64_t kPieBase = 0x400000;
// Linux's ELF_ET_DYN_BASE for an address space of 47 bits without randomisation (two thirds
// of it): where a position-independent executable that names an interpreter goes.
inline constexpr uint64_t kInterpretedPieBase = 0x555555554000;
inline uint64_t page_up(uint64_t v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }

bool looks_like_elf(const std::vector<uint8_t>& file);

// Where an ET_DYN image's lowest page goes, given the bytes its segments span; 0 when there is
// no room. Without one, an executable goes where Linux puts it: kInterpretedPieBase when it
// names an interpreter, else kPieBase (a static PIE linked at or above it stays put).
using ImagePlacement = std::function<uint64_t(uint64_t span)>;

// One loadable segment (PT_LOAD) as its program header gives it.
struct LoadSegment {
  uint32_t flags;
  uint64_t offset, vaddr, filesz, memsz, align;
};

// What an AArch64 ELF executable's or shared object's headers say, every field checked.
struct ProgramHeaders {
  uint16_t type = 0;  // ET_EXEC or ET_DYN
  uint64_t entry = 0;
  uint64_t phoff = 0;
  uint16_t phnum = 0;
  std::vector<LoadSegment> loads;                 // by address, none empty, none overlapping, spanning at most 1 GiB
  std::string interpreter;                        // PT_INTERP's path, or ""
  std::optional<uint64_t> phdr_vaddr;             // PT_PHDR's address
  uint64_t dynamic_offset = 0, dynamic_size = 0;  // PT_DYNAMIC's bytes in the file; size 0 when none
};

// Reads and validates the headers of `file`. Throws ElfError.
ProgramHeaders read_program_headers(const std::vector<uint8_t>& file);
// The same, or none when `file` is malformed: for files that are only looked at.
std::optional<ProgramHeaders> valid_program_headers(const std::vector<uint8_t>& file);

// Validates `file` and maps its PT_LOAD segments into `space`. Throws ElfError.
ElfImage load_elf(const std::vector<uint8_t>& file, AddressSpace& space, const ImagePlacement& place = {});

// The bytes of the file at `path`. Throws warp64::Error when it cannot be read.
std::vector<uint8_t> read_whole_file(const std::string& path);

// Reads and validates the executable at `path` and maps it into `space`. Throws ElfError
// (prefixed with the path) or warp64::Error when the file cannot be read.
ElfImage load_executable(const std::string& path, AddressSpace& space, const ImagePlacement& place = {});

}  // namespace warp64::linux_abi
