// Code that changes after it has run: the next fetch of a rewritten word executes the new
// instruction, whoever wrote it (a guest store, a store straddling two regions, the host
// between runs) and on every engine that runs one machine. The Arm ARM requires the new
// instruction once the writer has cleaned the data cache and invalidated the instruction
// cache (DC CVAU, DSB, IC IVAU, DSB, ISB), which the programs do; expected values are worked
// by hand.
#include <gtest/gtest.h>

#include <cstring>

#include "engine/engine.hpp"
#include "engine/lane_machine_engine.hpp"
#include "memory/address_space.hpp"
#include "support/assemble.hpp"

namespace warp64::test {
namespace {

std::vector<uint8_t> bytes_of(const std::vector<uint32_t>& words) {
  std::vector<uint8_t> bytes(words.size() * 4);
  std::memcpy(bytes.data(), words.data(), bytes.size());
  return bytes;
}

// Runs `add x0, x0, #1` at `patch`, then replaces it with `add x0, x0, #100` and runs it
// again: x0 = 1 + 100.
const char* kRewriteOwnCode = R"(
      mov x0, #0
      mov x5, #0
      adr x1, patch
      ldr w2, replacement
  patch:
      add x0, x0, #1
      add x5, x5, #1
      cmp x5, #2
      b.eq 2f
      str w2, [x1]
      dc cvau, x1
      dsb ish
      ic ivau, x1
      dsb ish
      isb
      b patch
  2:  hlt #0
  replacement:
      add x0, x0, #100
)";

struct RunEnd {
  core::CpuState state;
  core::RunResult result;
};

RunEnd run_on(Engine& engine, AddressSpace& memory, uint64_t pc) {
  RunEnd run{};
  run.state.pc = pc;
  run.state.sp = 0x8000;
  run.result = engine.run(run.state, memory, 1000).result;
  return run;
}

void expect_halt_with_x0(const RunEnd& run, uint64_t x0) {
  EXPECT_EQ(run.result.reason, core::StopReason::kHalt);
  EXPECT_EQ(run.state.x[0], x0);
}

class CodeRewrite : public testing::TestWithParam<const char*> {
 protected:
  std::unique_ptr<Engine> make_engine() const {
    const std::string engine = GetParam();
    if (engine == "cpu") return make_cpu_engine();
    if (engine == "cpu_translated") {
      // Every block translated before it runs; code in writable pages stays interpreted.
      TranslationSettings translate_everything;
      translate_everything.mode = TranslateMode::kSync;
      translate_everything.threshold = 1;
      return make_cpu_engine(translate_everything);
    }
    return make_lane_machine_engine(make_cpu_lane_engine());
  }
};

TEST_P(CodeRewrite, AGuestStoreReplacesAnInstructionThatRan) {
  AddressSpace memory;
  memory.map(0, 0x10000, kPermAll);
  memory.write_bytes(0, bytes_of(assemble(kRewriteOwnCode)));
  expect_halt_with_x0(run_on(*make_engine(), memory, 0), 101);
}

// The host writes code between runs, as a read() system call into an executable page does.
TEST_P(CodeRewrite, AHostWriteReplacesAnInstructionThatRan) {
  AddressSpace memory;
  memory.map(0, 0x10000, kPermAll);
  memory.write_bytes(0x100, bytes_of(assemble("add x0, x0, #1\nhlt #0")));
  const std::unique_ptr<Engine> engine = make_engine();
  expect_halt_with_x0(run_on(*engine, memory, 0x100), 1);
  memory.write_bytes(0x100, bytes_of(assemble("add x0, x0, #7")));
  expect_halt_with_x0(run_on(*engine, memory, 0x100), 7);
}

// An 8-byte store at 0x1ffc writes the last word of an executable region and the first of
// the writable region after it: the rewritten word, which ran before, runs anew.
TEST_P(CodeRewrite, AStoreAcrossTwoRegionsReplacesAnInstructionThatRan) {
  AddressSpace memory;
  memory.map(0x1000, 0x1000, kPermAll);
  memory.map(0x2000, 0x1000, kPermRead | kPermWrite);
  const std::unique_ptr<Engine> engine = make_engine();
  memory.write_bytes(0x1ffc, bytes_of(assemble("hlt #0")));
  EXPECT_EQ(run_on(*engine, memory, 0x1ffc).result.reason, core::StopReason::kHalt);

  const uint32_t replacement = assemble("add x0, x0, #5")[0];
  memory.write_bytes(0x1000, bytes_of(assemble(R"(
      ldr x1, 1f
      mov x2, #0x1ffc
      str x1, [x2]
      dc cvau, x2
      dsb ish
      ic ivau, x2
      dsb ish
      isb
      b .+0xfdc          // from 0x1020 to 0x1ffc
  1:  .quad 0
  )")));
  const uint64_t stored = 0xD4400000ull << 32 | replacement;  // the new word, then an HLT #0 at 0x2000
  memory.write_bytes(0x1024, {reinterpret_cast<const uint8_t*>(&stored), 8});
  const RunEnd run = run_on(*engine, memory, 0x1000);
  // The new word runs; the next fetch, at 0x2000, is outside executable memory.
  EXPECT_EQ(run.state.x[0], 5u);
  EXPECT_EQ(run.result.reason, core::StopReason::kFault);
  EXPECT_EQ(run.result.fault_access, core::AccessKind::kFetch);
  EXPECT_EQ(run.result.fault_address, 0x2000u);
  EXPECT_EQ(memory.read_bytes(0x2000, 4), bytes_of({0xD4400000}));
}

// The CPU engine, interpreting and translating, and one machine on CPU lanes through the
// adapter that the GPU engine's one-machine form uses.
INSTANTIATE_TEST_SUITE_P(Engines, CodeRewrite, testing::Values("cpu", "cpu_translated", "lane_machine"));

}  // namespace
}  // namespace warp64::test
