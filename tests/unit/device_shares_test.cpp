// Lanes spread over devices: the --devices list, its split of the lanes into one contiguous
// share per device, and a Batch run over several shares of the CPU lane engine, whose lanes
// must end as a one-share batch's do.
#include "engine/multi_device/device_shares.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "engine/multi_device/device_list.hpp"
#include "support/assemble.hpp"
#include "support/lane_programs.hpp"
#include "warp64/batch.hpp"
#include "warp64/error.hpp"

namespace warp64::test {
namespace {

TEST(DeviceList, ParsesAllAndOrdinals) {
  EXPECT_EQ(parse_device_list("all"), DeviceList{});
  EXPECT_EQ(parse_device_list("0"), DeviceList{0});
  EXPECT_EQ(parse_device_list("0,2"), (DeviceList{0, 2}));
  EXPECT_EQ(parse_device_list("1,1,0"), (DeviceList{1, 1, 0}));
  EXPECT_EQ(parse_device_list("1023"), DeviceList{1023});
}

TEST(DeviceList, RejectsJunk) {
  for (const char* text : {"", ",", "0,", ",0", "0,,1", "x", "0,x", "-1", "+1", "1.5", " 0", "0 ", "1024", "ALL",
                           "all,0", "99999999999999999999"}) {
    EXPECT_THROW(parse_device_list(text), Error) << "'" << text << "'";
  }
}

TEST(DeviceList, CpuSharesAreTheEntries) {
  EXPECT_EQ(resolve_devices({}, EngineKind::kCpu), DeviceList{0});
  EXPECT_EQ(resolve_devices({4, 4, 1}, EngineKind::kCpu), (DeviceList{4, 4, 1}));
}

void expect_share(const DeviceShare& share, uint64_t first, uint64_t count, unsigned device) {
  EXPECT_EQ(share.lanes.first, first);
  EXPECT_EQ(share.lanes.count, count);
  EXPECT_EQ(share.device, device);
}

TEST(DeviceShares, ContiguousInDeviceOrderTheFirstTakingTheRemainder) {
  // 10 lanes from lane 100 over 3 devices: 4, 3 and 3 lanes.
  const std::vector<DeviceShare> shares = device_shares({100, 10}, {2, 0, 2}, EngineKind::kCpu, 0, 6);
  ASSERT_EQ(shares.size(), 3u);
  expect_share(shares[0], 100, 4, 2);
  expect_share(shares[1], 104, 3, 0);
  expect_share(shares[2], 107, 3, 2);
  for (const DeviceShare& share : shares) EXPECT_EQ(share.cpu_threads, 2u);  // 6 threads over 3 shares
}

TEST(DeviceShares, DevicesBeyondTheLanesGetNone) {
  const std::vector<DeviceShare> shares = device_shares({0, 2}, {0, 1, 2, 3}, EngineKind::kCpu, 1 << 20, 1);
  ASSERT_EQ(shares.size(), 2u);
  expect_share(shares[0], 0, 1, 0);
  expect_share(shares[1], 1, 1, 1);
  for (const DeviceShare& share : shares) {
    EXPECT_EQ(share.pool_bytes, 1u << 20);  // the pool asked for, on every share
    EXPECT_EQ(share.cpu_threads, 1u);       // at least one thread each
  }
}

TEST(DeviceShares, OneShareKeepsTheRunsSettings) {
  const std::vector<DeviceShare> shares = device_shares({0, 5}, {0}, EngineKind::kCpu, 0, 0);
  ASSERT_EQ(shares.size(), 1u);
  expect_share(shares[0], 0, 5, 0);
  EXPECT_EQ(shares[0].cpu_threads, 0u);  // the engine's default
}

TEST(DeviceShares, EachShareRunsOnAThreadOfItsOwnResultsInOrder) {
  const std::vector<DeviceShare> shares = device_shares({0, 3}, {0, 1, 2}, EngineKind::kCpu, 0, 0);
  std::atomic<int> started{0};
  const std::vector<uint64_t> firsts = run_each_on_own_thread<uint64_t>(shares, [&](const DeviceShare& share) {
    // Every share waits for the others to start: only threads of their own get past this.
    ++started;
    while (started < 3) std::this_thread::yield();
    return share.lanes.first;
  });
  EXPECT_EQ(firsts, (std::vector<uint64_t>{0, 1, 2}));
}

TEST(DeviceShares, TheFirstFailedShareInOrderIsTheRunsError) {
  const std::vector<DeviceShare> shares = device_shares({0, 3}, {0, 1, 2}, EngineKind::kCpu, 0, 0);
  try {
    run_each_on_own_thread<int>(shares, [](const DeviceShare& share) -> int {
      if (share.lanes.first == 0) return 0;
      throw std::runtime_error("share " + std::to_string(share.lanes.first));
    });
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "share 1");
  }
}

TEST(BatchDevices, SharesOfTheCpuEngineEndAsOneShareDoes) {
  const std::vector<uint32_t> words = assemble(kPerLaneLoop);
  constexpr uint64_t kLanes = 37;
  constexpr uint64_t kMemory = 128 * 1024;
  for (const DeviceList& devices : {DeviceList{0, 1}, DeviceList{0, 0, 0}, DeviceList{3, 1, 4, 1, 5}}) {
    SCOPED_TRACE(std::to_string(devices.size()) + " shares");
    BatchConfig config{kLanes, kMemory, EngineKind::kCpu};
    Batch one(config);
    config.devices = devices;
    Batch shared(config);
    EXPECT_EQ(shared.devices(), devices);
    for (Batch* batch : {&one, &shared}) {
      batch->load_program(words);
      for (uint64_t lane = 0; lane < kLanes; ++lane) batch->set_x(lane, 0, lane);
    }
    const BatchRunSummary one_run = one.run(100'000);
    const BatchRunSummary shared_run = shared.run(100'000);
    EXPECT_EQ(shared_run.total_cycles, one_run.total_cycles);
    for (uint64_t lane = 0; lane < kLanes; ++lane) {
      SCOPED_TRACE("lane " + std::to_string(lane));
      const uint64_t sum = lane * (lane + 1) / 2;
      const LaneResult result = shared.result(lane);
      EXPECT_EQ(result.stop_reason, StopReason::kHalt);
      EXPECT_EQ(result.cycles, 6 + 4 * lane);  // HLT is not counted
      EXPECT_EQ(shared.x(lane, 1), sum);
      const std::vector<uint8_t> stored = shared.read_memory(lane, 0x10000, 8);
      uint64_t value = 0;
      for (int b = 7; b >= 0; --b) value = value << 8 | stored[b];
      EXPECT_EQ(value, sum);
      EXPECT_EQ(result.pc, one.result(lane).pc);
      EXPECT_EQ(shared.state(lane).sp, one.state(lane).sp);
    }
  }
}

TEST(BatchDevices, LanesAreAddressedAcrossShares) {
  BatchConfig config{5, 64 * 1024, EngineKind::kCpu};
  config.devices = {0, 1};  // lanes 0-2 and 3-4
  Batch batch(config);
  batch.load_program(assemble("hlt #0"));
  const std::vector<uint8_t> bytes = {1, 2, 3};
  batch.write_memory(3, 0x8000, bytes);
  EXPECT_EQ(batch.read_memory(3, 0x8000, 3), bytes);
  EXPECT_EQ(batch.read_memory(2, 0x8000, 3), (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_THROW(batch.x(5, 0), Error);
  EXPECT_THROW(batch.write_memory(4, 0, bytes), Error);  // the shared image
}

}  // namespace
}  // namespace warp64::test
