#include "programs/seed_programs.hpp"

#include <cstring>

namespace warp64::programs {
namespace {

// Encodings of the few instructions these programs use (Arm ARM C6.2).
uint32_t add_imm(unsigned rd, unsigned rn, unsigned imm12) { return 0x91000000u | imm12 << 10 | rn << 5 | rd; }
uint32_t subs_imm(unsigned rd, unsigned rn, unsigned imm12) { return 0xF1000000u | imm12 << 10 | rn << 5 | rd; }
uint32_t movz(unsigned rd, unsigned imm16, unsigned hw) { return 0xD2800000u | hw << 21 | imm16 << 5 | rd; }
uint32_t movk(unsigned rd, unsigned imm16, unsigned hw) { return 0xF2800000u | hw << 21 | imm16 << 5 | rd; }
uint32_t b_ne(int words) { return 0x54000001u | (static_cast<uint32_t>(words) & 0x7FFFFu) << 5; }
constexpr uint32_t kHlt0 = 0xD4400000u;
constexpr uint32_t kSvc0 = 0xD4000001u;

void append_ending(std::vector<uint32_t>& words, Ending ending) {
  if (ending == Ending::kHalt) {
    words.push_back(kHlt0);
  } else {  // exit_group(0)
    words.push_back(movz(8, 94, 0));
    words.push_back(movz(0, 0, 0));
    words.push_back(kSvc0);
  }
}

}  // namespace

SeedProgram straight_line_adds(unsigned count, Ending ending) {
  SeedProgram program{"straight-line " + std::to_string(count / 1000) + "K ADDs", {}, count - 1u, 0, count - 1u};
  program.words.assign(count - 1, add_imm(0, 0, 1));
  append_ending(program.words, ending);
  return program;
}

SeedProgram counted_loop(uint32_t iterations, Ending ending) {
  SeedProgram program{"loop " + std::to_string(iterations) + " iterations", {}, 2 + 3ull * iterations, 1, iterations};
  program.words = {movz(0, iterations & 0xFFFF, 0), movk(0, iterations >> 16, 1), add_imm(1, 1, 1), subs_imm(0, 0, 1),
                   b_ne(-2)};
  append_ending(program.words, ending);
  return program;
}

std::vector<uint8_t> as_linux_executable(const std::vector<uint32_t>& words) {
  constexpr uint64_t kBase = 0x400000;
  constexpr uint64_t kHeaderSize = 64, kProgramHeaderSize = 56;
  const uint64_t code_offset = kHeaderSize + kProgramHeaderSize;
  const uint64_t file_size = code_offset + words.size() * 4;
  std::vector<uint8_t> image(file_size, 0);
  auto put = [&](uint64_t offset, uint64_t value, unsigned bytes) {
    for (unsigned i = 0; i < bytes; ++i) image[offset + i] = static_cast<uint8_t>(value >> (8 * i));
  };
  const uint8_t ident[] = {0x7F, 'E', 'L', 'F', 2 /*64-bit*/, 1 /*little*/, 1 /*version*/};
  std::memcpy(image.data(), ident, sizeof ident);
  put(16, 2, 2);                    // e_type: ET_EXEC
  put(18, 183, 2);                  // e_machine: EM_AARCH64
  put(20, 1, 4);                    // e_version
  put(24, kBase + code_offset, 8);  // e_entry
  put(32, kHeaderSize, 8);          // e_phoff
  put(52, kHeaderSize, 2);          // e_ehsize
  put(54, kProgramHeaderSize, 2);   // e_phentsize
  put(56, 1, 2);                    // e_phnum
  const uint64_t ph = kHeaderSize;
  put(ph + 0, 1, 4);           // p_type: PT_LOAD
  put(ph + 4, 5, 4);           // p_flags: R+X
  put(ph + 8, 0, 8);           // p_offset
  put(ph + 16, kBase, 8);      // p_vaddr
  put(ph + 24, kBase, 8);      // p_paddr
  put(ph + 32, file_size, 8);  // p_filesz
  put(ph + 40, file_size, 8);  // p_memsz
  put(ph + 48, 0x1000, 8);     // p_align
  for (size_t i = 0; i < words.size(); ++i) put(code_offset + 4 * i, words[i], 4);
  return image;
}

}  // namespace warp64::programs
