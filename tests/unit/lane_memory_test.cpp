// Paged lane memory through the LaneEngine interface: every lane's pages are its own whatever
// the order it takes them in, permissions are per lane and per page, a copy-on-write page shows
// its initial data until the lane writes it, and a lane that faults or exhausts the pool stops
// alone. Every case runs with one lane per group and with groups of 32 (whose lanes share
// blocks, interleaved), on the CPU lane engine, and on the GPU lane engine where one is present.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <tuple>

#include "engine/lane_engine.hpp"
#include "support/assemble.hpp"
#include "warp64/engine_kind.hpp"
#include "warp64/error.hpp"

namespace warp64::test {
namespace {

using lanes::MapSource;
using lanes::MemoryOp;
using lanes::OpKind;

constexpr uint64_t kCode = 0x10000;
constexpr uint64_t kData = 0x100000;  // 64 pages, read-write; its first two pages start from initial data
constexpr uint64_t kDataPages = 64;
constexpr uint64_t kSpare = 0x200000;  // 16 pages, mapped by the tests' operations only
constexpr uint64_t kPage = 4096;
constexpr uint64_t kInitialBytes = 2 * kPage;

uint8_t initial_byte(uint64_t offset) { return static_cast<uint8_t>(offset * 7 + 3); }

class LaneMemory : public testing::TestWithParam<std::tuple<const char*, uint32_t>> {
 protected:
  bool on_gpu() const { return std::string(std::get<0>(GetParam())) == "gpu"; }
  uint32_t group() const { return std::get<1>(GetParam()); }

  // Lanes running `source` at kCode with x0 = the lane's number; a pool of `pool_blocks`
  // blocks (0: the engine's default).
  std::unique_ptr<LaneEngine> engine_for(const std::string& source, uint64_t lanes, uint64_t pool_blocks = 0) {
    const std::vector<uint32_t> words = assemble(source);
    std::unique_ptr<LaneEngine> engine =
        on_gpu() ? make_gpu_lane_engine(GpuTranslation::kOff) : make_cpu_lane_engine(2);
    std::vector<uint8_t> code(words.size() * 4);
    std::memcpy(code.data(), words.data(), code.size());
    code.resize((code.size() + kPage - 1) / kPage * kPage);
    std::vector<uint8_t> initial(kInitialBytes);
    for (uint64_t i = 0; i < initial.size(); ++i) initial[i] = initial_byte(i);
    std::vector<LaneRegionSpec> regions = {{kCode, code.size(), kPermRead | kPermExecute, true, code},
                                           {kData, kDataPages * kPage, kPermRead | kPermWrite, false, initial},
                                           {kSpare, 16 * kPage, 0, false, {}}};
    // A group never has more lanes than the run, rounded up to a power of two.
    const uint64_t block = kPage * std::min<uint64_t>(group(), std::bit_ceil(lanes));
    engine->configure(lanes, std::move(regions), {group(), pool_blocks * block});
    for (uint64_t lane = 0; lane < lanes; ++lane) {
      engine->states()[lane].pc = kCode;
      engine->states()[lane].x[0] = lane;
    }
    return engine;
  }

  void SetUp() override {
    std::string why;
    if (on_gpu() && !gpu_engine_available(&why)) GTEST_SKIP() << "no GPU: " << why;
  }
};

uint64_t word_at(const LaneEngine& engine, uint64_t lane, uint64_t address) {
  const std::vector<uint8_t> bytes = engine.read_memory(lane, address, 8);
  uint64_t value;
  std::memcpy(&value, bytes.data(), 8);
  return value;
}

INSTANTIATE_TEST_SUITE_P(EnginesAndGroups, LaneMemory,
                         testing::Combine(testing::Values("cpu", "gpu"), testing::Values(1u, 32u)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param)) + "_G" + std::to_string(std::get<1>(info.param));
                         });

// Each lane writes its number to the first word of every data page, in an order of its own
// (page = (i * (2 * lane + 1) + lane) mod 64 visits each page once), then sums them back.
TEST_P(LaneMemory, PagesTakenInAnyOrderHoldEachLanesOwnBytes) {
  constexpr uint64_t kLanes = 40;  // a full group of 32 and a short one
  auto engine = engine_for(R"(
    lsl x1, x0, #1
    add x1, x1, #1        // stride
    mov x2, #0            // i
    mov x3, #0x100000
1:  mul x4, x2, x1
    add x4, x4, x0
    and x4, x4, #63
    lsl x4, x4, #12
    str x0, [x3, x4]
    add x2, x2, #1
    cmp x2, #64
    b.ne 1b
    mov x5, #0
    mov x2, #0
2:  lsl x4, x2, #12
    ldr x6, [x3, x4]
    add x5, x5, x6
    add x2, x2, #1
    cmp x2, #64
    b.ne 2b
    hlt #0
)",
                           kLanes);
  engine->run(1'000'000);
  for (uint64_t lane = 0; lane < kLanes; ++lane) {
    SCOPED_TRACE("lane " + std::to_string(lane));
    EXPECT_EQ(engine->results()[lane].reason, core::StopReason::kHalt);
    EXPECT_EQ(engine->states()[lane].x[5], 64 * lane);
    for (uint64_t page = 0; page < kDataPages; ++page) {
      std::vector<uint8_t> expected(kPage, 0);
      if (page * kPage < kInitialBytes) {
        for (uint64_t i = 0; i < kPage; ++i) expected[i] = initial_byte(page * kPage + i);
      }
      std::memcpy(expected.data(), &lane, 8);
      ASSERT_EQ(engine->read_memory(lane, kData + page * kPage, kPage), expected) << "page " << page;
    }
  }
}

// A lane's first write to a page of initial data copies it for that lane alone.
TEST_P(LaneMemory, CopyOnWriteKeepsTheInitialDataForTheOthers) {
  constexpr uint64_t kLanes = 34;
  auto engine = engine_for(R"(
    mov x3, #0x100000
    ldr x1, [x3, #16]      // before any write: the initial data
    and x2, x0, #1
    cbz x2, 1f
    strb w0, [x3, #17]     // odd lanes write one byte of page 0
1:  ldr x4, [x3, #16]
    ldr x5, [x3, #4096]    // page 1, never written
    hlt #0
)",
                           kLanes);
  engine->run(1'000);
  uint64_t initial16 = 0, initial4096 = 0;
  for (int i = 7; i >= 0; --i) {
    initial16 = initial16 << 8 | initial_byte(16 + i);
    initial4096 = initial4096 << 8 | initial_byte(4096 + i);
  }
  for (uint64_t lane = 0; lane < kLanes; ++lane) {
    SCOPED_TRACE("lane " + std::to_string(lane));
    const core::CpuState& state = engine->states()[lane];
    EXPECT_EQ(state.x[1], initial16);
    const uint64_t written = (initial16 & ~0xff00ull) | (lane & 0xff) << 8;
    EXPECT_EQ(state.x[4], lane % 2 ? written : initial16);
    EXPECT_EQ(state.x[5], initial4096);
    EXPECT_EQ(word_at(*engine, lane, kData + 16), lane % 2 ? written : initial16);
  }
}

// Lane 3 writes outside its mappings after writing its page: it stops with the fault's address;
// every lane's page holds exactly what that lane wrote.
TEST_P(LaneMemory, AWriteOutsideTheMappingsStopsOnlyThatLane) {
  constexpr uint64_t kLanes = 8;
  auto engine = engine_for(R"(
    mov x3, #0x100000
    add x3, x3, #0x5000
    str x0, [x3, #8]
    cmp x0, #3
    b.ne 1f
    mov x4, #0x200000
    str x0, [x4, #0x18]
1:  hlt #0
)",
                           kLanes);
  engine->run(1'000);
  for (uint64_t lane = 0; lane < kLanes; ++lane) {
    SCOPED_TRACE("lane " + std::to_string(lane));
    const core::RunResult& result = engine->results()[lane];
    if (lane == 3) {
      EXPECT_EQ(result.reason, core::StopReason::kFault);
      EXPECT_EQ(result.fault_access, core::AccessKind::kWrite);
      EXPECT_EQ(result.fault_address, kSpare + 0x18);
    } else {
      EXPECT_EQ(result.reason, core::StopReason::kHalt);
    }
    std::vector<uint8_t> expected(kPage, 0);
    std::memcpy(expected.data() + 8, &lane, 8);
    EXPECT_EQ(engine->read_memory(lane, kData + 5 * kPage, kPage), expected);
  }
  EXPECT_THROW(engine->read_memory(3, kSpare, 8), Error);
}

// Permissions are per lane and per page: lane 1's read-only page and lane 2's non-executable
// page fault; the others' same pages are written and run.
TEST_P(LaneMemory, PermissionsArePerLaneAndPerPage) {
  constexpr uint64_t kLanes = 4;
  auto engine = engine_for(R"(
    mov x3, #0x200000
    add x3, x3, #0x1000
    str x0, [x3]
    mov x4, #0x200000
    add x4, x4, #0x2000
    blr x4
    hlt #1
)",
                           kLanes);
  const uint32_t hlt7 = assemble("hlt #7")[0];
  std::vector<MemoryOp> ops;
  for (uint64_t lane = 0; lane < kLanes; ++lane) {
    ops.push_back({lane, kSpare, 4 * kPage, 0, OpKind::kMap, kPermRead | kPermWrite | kPermExecute, MapSource::kZero});
    ops.push_back({lane, kSpare + 2 * kPage, 4, 0, OpKind::kPoke, 0, MapSource::kZero});
  }
  ops.push_back({1, kSpare + kPage, kPage, 0, OpKind::kProtect, kPermRead, MapSource::kZero});
  ops.push_back({2, kSpare + 2 * kPage, kPage, 0, OpKind::kProtect, kPermRead | kPermWrite, MapSource::kZero});
  engine->apply(ops, std::span(reinterpret_cast<const uint8_t*>(&hlt7), 4));
  engine->run(1'000);
  const auto& results = engine->results();
  EXPECT_EQ(results[0].reason, core::StopReason::kHalt);
  EXPECT_EQ(results[3].reason, core::StopReason::kHalt);
  EXPECT_EQ(results[1].reason, core::StopReason::kFault);
  EXPECT_EQ(results[1].fault_access, core::AccessKind::kWrite);
  EXPECT_EQ(results[1].fault_address, kSpare + kPage);
  EXPECT_EQ(results[2].reason, core::StopReason::kFault);
  EXPECT_EQ(results[2].fault_access, core::AccessKind::kFetch);
  EXPECT_EQ(results[2].fault_address, kSpare + 2 * kPage);
  EXPECT_EQ(engine->states()[2].pc, kSpare + 2 * kPage);
  for (uint64_t lane : {0, 2, 3}) EXPECT_EQ(word_at(*engine, lane, kSpare + kPage), lane);
  EXPECT_EQ(word_at(*engine, 1, kSpare + kPage), 0u);
}

// Unmapping part of what a block holds takes only that lane's pages: its neighbours keep their
// bytes, and the lane maps the page again as zeros. Blocks no lane maps go back to the pool, so
// mapping, writing and unmapping again and again never exhausts it.
TEST_P(LaneMemory, UnmappedPagesReturnToThePool) {
  constexpr uint64_t kLanes = 3;
  // Room for one round: each lane's page table and four pages (G = 1), or one table and four
  // blocks (a group of 4). Unreleased blocks would exhaust it by the third round.
  auto engine = engine_for(R"(
    mov x3, #0x200000
    str x0, [x3]
    str x0, [x3, #0x1008]
    str x0, [x3, #0x2010]
    str x0, [x3, #0x3018]
    hlt #0
)",
                           kLanes, 16);
  for (int round = 0; round < 6; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    std::vector<MemoryOp> map;
    for (uint64_t lane = 0; lane < kLanes; ++lane) {
      map.push_back({lane, kSpare, 4 * kPage, 0, OpKind::kMap, kPermRead | kPermWrite, MapSource::kZero});
      engine->states()[lane].pc = kCode;
    }
    engine->apply(map, {});
    engine->run(1'000);
    for (uint64_t lane = 0; lane < kLanes; ++lane) {
      ASSERT_EQ(engine->results()[lane].reason, core::StopReason::kHalt) << "lane " << lane;
    }
    const MemoryOp unmap_middle{0, kSpare + kPage, 2 * kPage, 0, OpKind::kUnmap, 0, MapSource::kZero};
    engine->apply({&unmap_middle, 1}, {});
    EXPECT_THROW(engine->read_memory(0, kSpare + 0x1008, 8), Error);
    EXPECT_EQ(word_at(*engine, 1, kSpare + 0x1008), 1u);
    EXPECT_EQ(word_at(*engine, 2, kSpare + 0x2010), 2u);
    EXPECT_EQ(word_at(*engine, 0, kSpare + 0x3018), 0u);
    const MemoryOp remap{0, kSpare + kPage, kPage, 0, OpKind::kMap, kPermRead, MapSource::kZero};
    engine->apply({&remap, 1}, {});
    EXPECT_EQ(engine->read_memory(0, kSpare + kPage, kPage), std::vector<uint8_t>(kPage, 0));
    std::vector<MemoryOp> unmap;
    for (uint64_t lane = 0; lane < kLanes; ++lane) {
      unmap.push_back({lane, kSpare, 16 * kPage, 0, OpKind::kUnmap, 0, MapSource::kZero});
    }
    engine->apply(unmap, {});
  }
}

// Lane 0 writes every data page, more than the pool holds: it stops with OUT_OF_MEMORY, and
// the lanes that ran before keep their bytes.
TEST_P(LaneMemory, ALaneThatExhaustsThePoolStopsAlone) {
  constexpr uint64_t kLanes = 5;
  auto engine = engine_for(R"(
    mov x3, #0x100000
    mov x2, #1
    cbnz x0, 2f
    mov x2, #64
2:  str x0, [x3, #8]
    add x3, x3, #4096
    subs x2, x2, #1
    b.ne 2b
    hlt #0
)",
                           kLanes, 12);
  std::vector<uint8_t> others(kLanes, 1);
  others[0] = 0;
  engine->run(100'000, others);
  std::vector<uint8_t> first(kLanes, 0);
  first[0] = 1;
  engine->run(100'000, first);
  EXPECT_EQ(engine->results()[0].reason, core::StopReason::kOutOfMemory);
  for (uint64_t lane = 1; lane < kLanes; ++lane) {
    EXPECT_EQ(engine->results()[lane].reason, core::StopReason::kHalt);
    EXPECT_EQ(word_at(*engine, lane, kData + 8), lane);
  }
}

}  // namespace
}  // namespace warp64::test
