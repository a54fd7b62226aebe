// The GPU engine against the CPU engine: the same programs must give the same results bit
// for bit, lane by lane. Skipped, with the reason, where no usable GPU is present.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <random>

#include "engine/engine.hpp"
#include "engine/multi_device/gpu_devices.hpp"
#include "support/assemble.hpp"
#include "support/lane_programs.hpp"
#include "warp64/batch.hpp"
#include "warp64/core/encoding.hpp"

namespace warp64::test {
namespace {

#define REQUIRE_GPU()                                                   \
  do {                                                                  \
    std::string why;                                                    \
    if (!gpu_engine_available(&why)) GTEST_SKIP() << "no GPU: " << why; \
  } while (0)

// Lanes stop at different times for different reasons, chosen by x0 mod 8: HALT, SYSCALL,
// BREAKPOINT, a read FAULT, UNDEFINED, and MAX_CYCLES for the rest.
const char* kMixedStops = R"(
    and x1, x0, #7
    cmp x1, #0
    b.eq 10f
    cmp x1, #1
    b.eq 11f
    cmp x1, #2
    b.eq 12f
    cmp x1, #3
    b.eq 13f
    cmp x1, #4
    b.eq 14f
    mov x5, x0
15: add x6, x6, #1
    b 15b
10: hlt #1
11: svc #2
12: brk #3
13: mov x2, #0x7fffffffffff
    ldr x3, [x2]
14: .word 0x00000000
)";

void expect_lanes_agree(const Batch& cpu, const Batch& gpu, uint64_t memory) {
  for (uint64_t lane = 0; lane < cpu.lanes(); ++lane) {
    SCOPED_TRACE("lane " + std::to_string(lane));
    const LaneResult& a = cpu.result(lane);
    const LaneResult& b = gpu.result(lane);
    EXPECT_EQ(core::stop_reason_name(a.stop_reason), core::stop_reason_name(b.stop_reason));
    EXPECT_EQ(a.cycles, b.cycles);
    EXPECT_EQ(a.pc, b.pc);
    EXPECT_EQ(a.fault_address, b.fault_address);
    EXPECT_EQ(a.instruction, b.instruction);
    EXPECT_EQ(a.last_branches, b.last_branches);
    for (unsigned i = 0; i < 31; ++i) EXPECT_EQ(cpu.x(lane, i), gpu.x(lane, i)) << "x" << i;
    EXPECT_EQ(cpu.state(lane).nzcv, gpu.state(lane).nzcv);
    EXPECT_EQ(cpu.state(lane).sp, gpu.state(lane).sp);
    for (unsigned i = 0; i < 32; ++i) {
      EXPECT_EQ(cpu.state(lane).v[i][0], gpu.state(lane).v[i][0]) << "v" << i;
      EXPECT_EQ(cpu.state(lane).v[i][1], gpu.state(lane).v[i][1]) << "v" << i;
    }
    EXPECT_EQ(cpu.state(lane).fpsr, gpu.state(lane).fpsr);
    EXPECT_TRUE(cpu.read_memory(lane, 0, memory) == gpu.read_memory(lane, 0, memory));
  }
}

// Every GPU batch test runs three times: with the image translated into a kernel of its own,
// with the interpreter alone, and with the hot code translated once a profile finds it.
enum class Mode { kTranslated, kInterpreted, kHotCode };

class GpuBatch : public testing::TestWithParam<Mode> {
 protected:
  BatchConfig gpu_config(uint64_t lanes, uint64_t memory) const {
    BatchConfig config{lanes, memory, EngineKind::kGpu, GetParam() != Mode::kInterpreted};
    config.hot_code = GetParam() == Mode::kHotCode;
    config.devices = devices_;
    return config;
  }

  // Runs `words` on both engines, max_cycles at a time, `slices` times over.
  void expect_batches_agree(const std::vector<uint32_t>& words, uint64_t lanes, uint64_t memory, uint64_t max_cycles,
                            const std::function<void(Batch&, uint64_t lane)>& setup, int slices = 1) {
    Batch cpu({lanes, memory, EngineKind::kCpu});
    Batch gpu(gpu_config(lanes, memory));
    for (Batch* batch : {&cpu, &gpu}) {
      batch->load_program(words);
      for (uint64_t lane = 0; lane < lanes; ++lane) setup(*batch, lane);
    }
    for (int slice = 0; slice < slices; ++slice) {
      SCOPED_TRACE("slice " + std::to_string(slice));
      cpu.run(max_cycles);
      gpu.run(max_cycles);
      expect_lanes_agree(cpu, gpu, memory);
    }
  }
  void expect_batches_agree(const std::string& source, uint64_t lanes, uint64_t memory, uint64_t max_cycles,
                            const std::function<void(Batch&, uint64_t lane)>& setup, int slices = 1) {
    const std::vector<uint32_t> words = assemble(source);
    REQUIRE_GPU();
    expect_batches_agree(words, lanes, memory, max_cycles, setup, slices);
  }

  std::vector<unsigned> devices_;  // the GPU batch's; empty: every visible GPU
};

INSTANTIATE_TEST_SUITE_P(Engines, GpuBatch, testing::Values(Mode::kTranslated, Mode::kInterpreted, Mode::kHotCode),
                         [](const testing::TestParamInfo<Mode>& info) {
                           return info.param == Mode::kTranslated    ? "Translated"
                                  : info.param == Mode::kInterpreted ? "Interpreted"
                                                                     : "HotCode";
                         });

TEST_P(GpuBatch, EachLaneGetsItsOwnInputAndMemory) {
  expect_batches_agree(kPerLaneLoop, 300, 128 * 1024, 1'000'000,
                       [](Batch& batch, uint64_t lane) { batch.set_x(lane, 0, lane); });
}

TEST_P(GpuBatch, LanesStopAtDifferentTimesForDifferentReasons) {
  expect_batches_agree(kMixedStops, 64, 64 * 1024, 5000,
                       [](Batch& batch, uint64_t lane) { batch.set_x(lane, 0, lane); });
}

// Two shares of the lanes on one GPU, each with its own engine and thread: the whole path of
// several devices, on a host with one.
TEST_P(GpuBatch, TwoSharesOnOneGpuEndAsTheCpuEngine) {
  devices_ = {0, 0};
  expect_batches_agree(kPerLaneLoop, 300, 128 * 1024, 1'000'000,
                       [](Batch& batch, uint64_t lane) { batch.set_x(lane, 0, lane); });
  expect_batches_agree(kMixedStops, 64, 64 * 1024, 5000,
                       [](Batch& batch, uint64_t lane) { batch.set_x(lane, 0, lane); });
}

TEST_P(GpuBatch, SharesOnEveryGpuEndAsTheCpuEngine) {
  REQUIRE_GPU();
  if (gpu_device_count() < 2) GTEST_SKIP() << "fewer than 2 GPUs are visible (" << gpu_device_count() << ")";
  for (const std::vector<unsigned>& devices : {std::vector<unsigned>{}, {1, 0}, {0, 1, 1}}) {
    devices_ = devices;
    expect_batches_agree(kPerLaneLoop, 300, 128 * 1024, 1'000'000,
                         [](Batch& batch, uint64_t lane) { batch.set_x(lane, 0, lane); });
  }
}

// A budget that runs out inside blocks, again and again: the translated code must hand over to
// the interpreter at exactly the same instruction.
TEST_P(GpuBatch, CycleBudgetsEndAtTheSameInstruction) {
  expect_batches_agree(
      kPerLaneLoop, 100, 128 * 1024, 7, [](Batch& batch, uint64_t lane) { batch.set_x(lane, 0, lane); }, 40);
}

// Translated blocks around words the interpreter runs: SIMD&FP arithmetic inside a block, and
// a function reached only through a register (so not found by following branches), called
// and returned from.
const char* kTranslatedAndInterpreted = R"(
    adr x9, 20f
    add x9, x9, x0, lsl #2
    ldr w9, [x9]
    adr x10, 30f
    add x10, x10, x9
    scvtf d0, x0
    mov x2, #0
1:  fadd d1, d1, d0
    blr x10
    add x2, x2, #1
    cmp x2, #5
    b.ne 1b
    fcvtzs x3, d1
    mov x4, #0x10000
    str q1, [x4]
    hlt #0
20: .word 0, 12, 24, 0
30: add x5, x5, x0
    ret
    mul x5, x5, x2
    ret
    eor x5, x5, x2, lsl #3
    ret
)";

TEST_P(GpuBatch, TranslatedAndInterpretedCodeMeet) {
  expect_batches_agree(kTranslatedAndInterpreted, 64, 128 * 1024, 10'000, [](Batch& batch, uint64_t lane) {
    batch.set_x(lane, 0, lane % 4);
    batch.set_x(lane, 5, lane);
  });
}

// Lanes that loop long enough for the profile to find the loop hot: the engine switches to the
// translated kernel at a later run (the build runs beside the lanes), and every run, before and
// after the switch, ends where the CPU engine's does.
TEST(GpuHotCode, SwitchesToTheTranslatedKernelWithTheSameResults) {
  const std::vector<uint32_t> words = assemble(kPerLaneLoop);
  REQUIRE_GPU();
  constexpr uint64_t kLanes = 256, kMemory = 128 * 1024;
  BatchConfig config{kLanes, kMemory, EngineKind::kGpu, true};
  config.hot_code = true;
  Batch cpu({kLanes, kMemory, EngineKind::kCpu});
  Batch gpu(config);
  for (Batch* batch : {&cpu, &gpu}) {
    batch->load_program(words);
    // Each sampled lane enters the loop about 10^8 times: far past the threshold.
    for (uint64_t lane = 0; lane < kLanes; ++lane) batch->set_x(lane, 0, 100'000'000 + lane);
  }
  const auto started = std::chrono::steady_clock::now();
  for (int slice = 0; gpu.translated_runs() < 3; ++slice) {
    SCOPED_TRACE("slice " + std::to_string(slice));
    ASSERT_LT(std::chrono::steady_clock::now() - started, std::chrono::minutes(5)) << "never translated";
    cpu.run(3'000'001);
    gpu.run(3'000'001);
    expect_lanes_agree(cpu, gpu, kMemory);
    if (HasFailure()) return;
  }
}

// Calls, returns and a loop whose count and path differ by lane (some lanes' paths overflow the
// ring), then a fault: the lanes' rings of last branches must be the CPU lane engine's.
const char* kBranchesThenFault = R"(
    mov x2, #0
1:  tbz x0, #0, 2f
    bl 10f
    b 3f
2:  bl 11f
3:  add x2, x2, #1
    cmp x2, x1
    b.ne 1b
    mov x3, #0x7fffffffffff
    ldr x4, [x3]
10: add x5, x5, #1
    ret
11: eor x0, x0, x2
    ret
)";

TEST_P(GpuBatch, BranchRingsMatchTheCpuEngine) {
  expect_batches_agree(kBranchesThenFault, 256, 64 * 1024, 100'000, [](Batch& batch, uint64_t lane) {
    batch.set_x(lane, 0, lane);
    batch.set_x(lane, 1, lane % 40 + 1);
  });
}

// Random words from every encoding, one sequence per lane (each lane starts at its own
// sequence in one shared image), with registers pointing into private memory.
TEST_P(GpuBatch, RandomSequencesMatchTheCpuEngine) {
  REQUIRE_GPU();
  std::mt19937_64 random(20261126);
  std::vector<unsigned> candidates;
  for (unsigned op = 1; op < core::kOpCount; ++op) {
    // The counter register is the one nondeterministic read.
    if (std::string(core::kEncodings[op].name).find("MRS") == std::string::npos) candidates.push_back(op);
  }
  // 4,096 words. In the translated mode at most 1,024 of them (the engine's limit) are
  // compiled into the kernel, which bounds the run-time compilation; the rest are interpreted.
  constexpr uint64_t kLanes = 128, kWordsPerLane = 32, kMemory = 1 << 20;
  std::vector<uint32_t> words;
  for (uint64_t i = 0; i < kLanes * kWordsPerLane; ++i) {
    const core::EncodingInfo& info = core::kEncodings[candidates[random() % candidates.size()]];
    words.push_back((static_cast<uint32_t>(random()) & ~info.mask) | info.value);
  }
  std::vector<CpuState> starts(kLanes);
  for (CpuState& start : starts) {
    for (auto& x : start.x) x = (random() % 2) ? 0x80000 + random() % 0x70000 : random();
    start.sp = 0x80000 + (random() % 0x70000 & ~15ull);
    start.nzcv = static_cast<uint32_t>(random()) & core::kNzcvMask;
  }
  expect_batches_agree(words, kLanes, kMemory, 1000, [&](Batch& batch, uint64_t lane) {
    starts[lane].pc = lane * kWordsPerLane * 4;
    batch.state(lane) = starts[lane];
  });
}

TEST_P(GpuBatch, ResultsAreCorrectNotOnlyEqual) {
  const std::vector<uint32_t> words = assemble(kPerLaneLoop);
  REQUIRE_GPU();
  Batch gpu(gpu_config(1000, 128 * 1024));
  gpu.load_program(words);
  for (uint64_t lane = 0; lane < 1000; ++lane) gpu.set_x(lane, 0, lane);
  gpu.run();
  for (uint64_t lane = 0; lane < 1000; ++lane) {
    ASSERT_EQ(gpu.result(lane).stop_reason, StopReason::kHalt);
    EXPECT_EQ(gpu.x(lane, 1), lane * (lane + 1) / 2);  // Gauss: 1 + ... + lane
    EXPECT_EQ(gpu.x(lane, 4), lane * (lane + 1) / 2);
  }
}

TEST_P(GpuBatch, SharedImageIsReadOnly) {
  const std::vector<uint32_t> words = assemble("adr x1, .\nstr x0, [x1]\nhlt #0");
  REQUIRE_GPU();
  Batch gpu(gpu_config(4, 64 * 1024));
  gpu.load_program(words);
  gpu.run();
  EXPECT_EQ(gpu.result(3).stop_reason, StopReason::kFault);
  EXPECT_EQ(gpu.result(3).fault_kind, AccessKind::kWrite);
  EXPECT_EQ(gpu.result(3).fault_address, 0u);
}

TEST(GpuMachine, ResumesAfterEveryStop) {
  const std::vector<uint32_t> words = assemble("svc #0\nbrk #1\nhlt #2\n1: add x0, x0, #1\nb 1b");
  REQUIRE_GPU();
  Machine cpu({kDefaultMemorySize, EngineKind::kCpu});
  Machine gpu({kDefaultMemorySize, EngineKind::kGpu});
  for (Machine* m : {&cpu, &gpu}) m->load_program(words);
  for (int step = 0; step < 5; ++step) {
    const ExecResult a = cpu.execute(100);
    const ExecResult b = gpu.execute(100);
    expect_same_machines(cpu, a, gpu, b);
    // BRK and HLT leave pc at themselves: step over them as a debugger would.
    if (a.stop_reason == StopReason::kBreakpoint || a.stop_reason == StopReason::kHalt) {
      cpu.set_pc(cpu.pc() + 4);
      gpu.set_pc(gpu.pc() + 4);
    }
  }
}

// Random instruction words drawn from every encoding in the table, with registers pointing
// into memory so that loads and stores mostly land, run on both engines.
TEST(GpuMachine, RandomSequencesMatchTheCpuEngine) {
  REQUIRE_GPU();
  std::mt19937_64 random(20261125);
  std::vector<unsigned> candidates;
  for (unsigned op = 1; op < core::kOpCount; ++op) {
    const std::string name = core::kEncodings[op].name;
    // The counter register is the one nondeterministic read.
    if (name.find("MRS") == std::string::npos) candidates.push_back(op);
  }
  constexpr uint64_t kMemory = 1 << 20;
  for (int sequence = 0; sequence < 200; ++sequence) {
    std::vector<uint32_t> words;
    for (int i = 0; i < 64; ++i) {
      const core::EncodingInfo& info = core::kEncodings[candidates[random() % candidates.size()]];
      words.push_back((static_cast<uint32_t>(random()) & ~info.mask) | info.value);
    }
    Machine cpu({kMemory, EngineKind::kCpu});
    Machine gpu({kMemory, EngineKind::kGpu});
    CpuState start{};
    for (auto& x : start.x) x = (random() % 2) ? 0x80000 + random() % 0x70000 : random();
    start.sp = 0x80000 + (random() % 0x70000 & ~15ull);
    start.nzcv = static_cast<uint32_t>(random()) & core::kNzcvMask;
    for (Machine* m : {&cpu, &gpu}) {
      m->load_program(words);
      m->set_state(start);
    }
    const ExecResult a = cpu.execute(1000);
    const ExecResult b = gpu.execute(1000);
    SCOPED_TRACE("sequence " + std::to_string(sequence));
    expect_same_machines(cpu, a, gpu, b);
  }
}

}  // namespace
}  // namespace warp64::test
