// The seed's benchmark programs, built in memory so that `warp64 bench` and `make demo`
// need no files: straight-line ADDs and a counted loop.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace warp64::programs {

enum class Ending { kHalt, kExitSyscall };

struct SeedProgram {
  std::string name;
  std::vector<uint32_t> words;
  uint64_t instructions;  // retired before the ending (HLT does not retire)
  unsigned result_register;
  uint64_t expected_result;  // value of result_register at the end
};

// `count` words: count-1 times `add x0, x0, #1`, then the ending.
SeedProgram straight_line_adds(unsigned count, Ending ending = Ending::kHalt);

// x0 counts down from `iterations` while x1 counts up:
//   movz/movk x0, #iterations; loop: add x1, x1, #1; subs x0, x0, #1; b.ne loop; <ending>
SeedProgram counted_loop(uint32_t iterations, Ending ending = Ending::kHalt);

// The seed's 10 M-instruction loop: 3,333,333 iterations (10,000,001 instructions).
inline constexpr uint32_t kTenMillionLoopIterations = 3'333'333;

// The words as a static AArch64 Linux ELF executable loaded at 0x400000, for qemu-aarch64.
std::vector<uint8_t> as_linux_executable(const std::vector<uint32_t>& words);

}  // namespace warp64::programs
