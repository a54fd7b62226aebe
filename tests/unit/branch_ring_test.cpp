// Each lane's ring of last branches (engine/lanes/branch_ring.hpp) on the CPU lane engine, as
// the Batch API reports it at a fault: every expected destination is computed by hand from
// the program's layout.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "support/assemble.hpp"
#include "warp64/batch.hpp"

namespace warp64 {
namespace {

constexpr uint64_t kMemory = 64 * 1024;

// The last branches of lane `lane` after running `source` on `lanes` CPU lanes with rings of
// `ring` entries; `setup` sets a lane's registers.
std::vector<std::vector<uint64_t>> rings_after(const std::string& source, uint64_t lanes, uint32_t ring,
                                               void (*setup)(Batch&, uint64_t) = nullptr) {
  BatchConfig config{lanes, kMemory, EngineKind::kCpu};
  config.branch_ring = ring;
  Batch batch(config);
  batch.load_program(test::assemble(source));
  for (uint64_t lane = 0; setup != nullptr && lane < lanes; ++lane) setup(batch, lane);
  batch.run(100'000);
  std::vector<std::vector<uint64_t>> rings;
  for (uint64_t lane = 0; lane < lanes; ++lane) {
    EXPECT_EQ(batch.result(lane).stop_reason, StopReason::kFault) << "lane " << lane;
    rings.push_back(batch.result(lane).last_branches);
  }
  return rings;
}

// 40 hops forward, each `b` at 8 * i landing on 8 * (i + 1), then a load from outside memory.
std::string hops_then_fault() {
  std::string source;
  for (int i = 0; i < 40; ++i) source += "b 1f\nnop\n1:\n";
  return source + "mov x3, #0xffff0000\nldr x0, [x3]\n";
}

std::vector<uint64_t> hop_destinations(int first, int last) {
  std::vector<uint64_t> out;
  for (int i = first; i <= last; ++i) out.push_back(8 * static_cast<uint64_t>(i));
  return out;
}

TEST(BranchRing, KeepsTheLastDestinationsOldestFirst) {
  // 40 destinations 8, 16, ..., 320: the default ring of 32 keeps the 9th to the 40th.
  for (const auto& ring : rings_after(hops_then_fault(), 3, 32)) EXPECT_EQ(ring, hop_destinations(9, 40));
}

TEST(BranchRing, SizeIsTheRingsAndZeroKeepsNone) {
  for (const auto& ring : rings_after(hops_then_fault(), 2, 5)) EXPECT_EQ(ring, hop_destinations(36, 40));
  for (const auto& ring : rings_after(hops_then_fault(), 2, 40)) EXPECT_EQ(ring, hop_destinations(1, 40));
  for (const auto& ring : rings_after(hops_then_fault(), 2, 0)) EXPECT_TRUE(ring.empty());
}

TEST(BranchRing, CallsReturnsAndALoopsBackEdgeOnce) {
  // 0x00 mov x2, #2; 0x04 bl 0x18; 0x08 subs; 0x0c b.ne 0x08 (taken once, to the destination
  // the return just recorded); 0x10 b 0x20; 0x18 ret (to 0x08); 0x20 the faulting load.
  const char* source = R"(
      mov x2, #2
      bl 2f
  1:  subs x2, x2, #1
      b.ne 1b
      b 3f
      nop
  2:  ret
      nop
  3:  mov x3, #0xffff0000
      ldr x0, [x3]
  )";
  for (const auto& ring : rings_after(source, 2, 32)) EXPECT_EQ(ring, (std::vector<uint64_t>{0x18, 0x08, 0x20}));
}

TEST(BranchRing, EachLaneKeepsItsOwnPath) {
  // Lane L (x0 = L) takes the branch to 0x10 when bit 0 of L is set, else falls through to
  // 0x08's b to 0x14; both then fault at 0x14's load.
  const char* source = R"(
      mov x3, #0xffff0000
      tbnz x0, #0, 1f
      b 2f
      nop
  1:  nop
  2:  ldr x0, [x3]
  )";
  const auto rings = rings_after(source, 4, 32, [](Batch& batch, uint64_t lane) { batch.set_x(lane, 0, lane); });
  EXPECT_EQ(rings[0], (std::vector<uint64_t>{0x14}));
  EXPECT_EQ(rings[1], (std::vector<uint64_t>{0x10}));
  EXPECT_EQ(rings[2], (std::vector<uint64_t>{0x14}));
  EXPECT_EQ(rings[3], (std::vector<uint64_t>{0x10}));
}

TEST(BranchRing, OnlyFaultsReportTheRing) {
  Batch batch({2, kMemory, EngineKind::kCpu});
  batch.load_program(test::assemble("b 1f\n1: hlt #0\n"));
  batch.run(100);
  EXPECT_EQ(batch.result(0).stop_reason, StopReason::kHalt);
  EXPECT_TRUE(batch.result(0).last_branches.empty());
}

}  // namespace
}  // namespace warp64
