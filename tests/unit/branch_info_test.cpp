// The branch information that block discovery relies on (core::branch_info), against two
// oracles: the GNU assembler's encoding of pc-relative branches, and what each instruction
// does when the CPU engine executes it. The second covers every encoding of the table, so an
// encoding that can jump but is missing from branch_info fails here.
#include "warp64/core/semantics/branch_info.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "engine/engine.hpp"
#include "memory/address_space.hpp"
#include "support/assemble.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64::test {
namespace {

using core::BranchInfo;

BranchInfo info_of(uint32_t word, uint64_t pc) {
  return core::branch_info(core::decode(core::host_decode_table(), word), word, pc);
}

struct Expected {
  const char* source;
  bool ends_block;
  bool falls_through;
  std::optional<int64_t> offset;  // of the direct target from the branch's own address
};

// The Arm ARM's control flow of each form; the assembler computes the offsets' encodings,
// including the largest forward and backward offset of each immediate width.
TEST(BranchInfo, AgreesWithTheAssemblersEncodings) {
  const Expected cases[] = {
      {"b .+0x40", true, false, 0x40},
      {"b .-0x8000000", true, false, -0x8000000},
      {"bl .+0x7fffffc", true, true, 0x7fffffc},
      {"b.ne .-8", true, true, -8},
      {"b.al .+0x100", true, true, 0x100},
      {"cbz x3, .+0xffffc", true, true, 0xffffc},
      {"cbnz w7, .-0x100000", true, true, -0x100000},
      {"tbz w1, #3, .+0x7ffc", true, true, 0x7ffc},
      {"tbnz x9, #63, .-0x8000", true, true, -0x8000},
      {"br x3", true, false, std::nullopt},
      {"ret", true, false, std::nullopt},
      {"blr x5", true, true, std::nullopt},
      {"svc #0", true, true, std::nullopt},
      {"brk #1", true, false, std::nullopt},
      {"hlt #2", true, false, std::nullopt},
      {"add x0, x1, #1", false, true, std::nullopt},
      {"ldr x0, .+0x20", false, true, std::nullopt},  // pc-relative, but not a jump
  };
  constexpr uint64_t kPc = 0x40000000;
  for (const Expected& expected : cases) {
    SCOPED_TRACE(expected.source);
    const std::vector<uint32_t> words = assemble(expected.source);
    ASSERT_EQ(words.size(), 1u);
    const BranchInfo info = info_of(words[0], kPc);
    EXPECT_EQ(info.ends_block, expected.ends_block);
    EXPECT_EQ(info.falls_through, expected.falls_through);
    ASSERT_EQ(info.has_target, expected.offset.has_value());
    if (expected.offset) EXPECT_EQ(info.target, kPc + static_cast<uint64_t>(*expected.offset));
  }
}

// branch_info is usable in constant expressions (block discovery on the host, and device code).
static_assert(core::branch_info(core::Op::B, 0x17FFFFFE, 16).target == 8);  // imm26 = -2

// Memory [0, 64 KiB) readable, writable and executable: the instruction at kPc, and the
// registers' values, 0 and kRegisterValue, are all mapped, so register branches land in
// mapped memory and most loads and stores complete.
constexpr uint64_t kMemory = 0x10000;
constexpr uint64_t kPc = 0x8000;
constexpr uint64_t kRegisterValue = 0xFFF0;  // bits 4..15 set: TBZ and TBNZ go both ways

// Two states per word, so that conditional branches are both taken and not taken: every
// register kRegisterValue with the flags clear, and every register zero with the flags set.
core::CpuState start_state(bool zero_registers) {
  core::CpuState state{};
  for (uint64_t& x : state.x) x = zero_registers ? 0 : kRegisterValue;
  state.sp = 0x4000;
  state.nzcv = zero_registers ? core::kNzcvMask : 0;
  state.pc = kPc;
  return state;
}

// Executes every encoding's words once each, from both states. One instruction retired is
// the whole run: the engine does not fetch at the destination, so direct branches may go
// anywhere. Checked: a word after which execution does not continue at pc + 4 (a jump)
// ends its block, and lands on the direct target where branch_info names one; a word that
// continues at pc + 4, or resumes there after a system call, is one whose block may fall
// through.
TEST(BranchInfo, CoversEveryWordThatJumps) {
  constexpr int kWordsPerEncoding = 300;
  std::mt19937 random(20240611);
  const std::unique_ptr<Engine> engine = make_cpu_engine();
  // One address space for all runs: what a run stores elsewhere does not matter to the next.
  AddressSpace memory;
  memory.map(0, kMemory, kPermAll);
  unsigned jumps = 0, falls = 0;
  for (unsigned op = 1; op < core::kOpCount; ++op) {
    const core::EncodingInfo& encoding = core::kEncodings[op];
    for (int i = 0; i < kWordsPerEncoding; ++i) {
      const uint32_t word = (static_cast<uint32_t>(random()) & ~encoding.mask) | encoding.value;
      const BranchInfo info = info_of(word, kPc);
      for (const bool zero_registers : {false, true}) {
        SCOPED_TRACE(testing::Message() << encoding.name << " word 0x" << std::hex << word
                                        << (zero_registers ? " (registers zero)" : ""));
        memory.write_bytes(kPc, {reinterpret_cast<const uint8_t*>(&word), 4});
        core::CpuState state = start_state(zero_registers);
        const core::RunResult result = engine->run(state, memory, 1).result;
        const bool retired = result.reason == core::StopReason::kMaxCycles && result.cycles == 1;
        if (retired && state.pc != kPc + 4) {
          ++jumps;
          ASSERT_TRUE(info.ends_block) << "jumped to 0x" << state.pc;
          if (info.has_target) ASSERT_EQ(state.pc, info.target);
        }
        const bool next_word = (retired || result.reason == core::StopReason::kSyscall) && state.pc == kPc + 4;
        if (next_word && info.ends_block) {
          ++falls;
          // A jump to the next word is the one way a word that never falls through gets there.
          ASSERT_TRUE(info.falls_through || (info.has_target && info.target == kPc + 4));
        }
      }
    }
  }
  // The sweep met both kinds of outcome many times (a sanity check on the states chosen).
  EXPECT_GT(jumps, 1000u);
  EXPECT_GT(falls, 1000u);
}

}  // namespace
}  // namespace warp64::test
