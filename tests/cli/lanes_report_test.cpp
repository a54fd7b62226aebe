// How a run's lanes are split between ranks, and how the ranks' reports become one.
#include "cli/distributed/lanes_report.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "engine/multi_device/lane_share.hpp"

namespace warp64::cli {
namespace {

void expect_share(const LaneShare& share, uint64_t first, uint64_t count) {
  EXPECT_EQ(share.first, first);
  EXPECT_EQ(share.count, count);
}

TEST(LaneShare, FirstRanksTakeTheRemainder) {
  // 5 lanes on 3 ranks: 5 / 3 = 1 each, and the first 5 mod 3 = 2 ranks one more.
  expect_share(lane_share(5, 3, 0), 0, 2);
  expect_share(lane_share(5, 3, 1), 2, 2);
  expect_share(lane_share(5, 3, 2), 4, 1);
  // Fewer lanes than ranks: the last rank has none.
  expect_share(lane_share(2, 3, 0), 0, 1);
  expect_share(lane_share(2, 3, 1), 1, 1);
  expect_share(lane_share(2, 3, 2), 2, 0);
  // Divisible: equal shares.
  expect_share(lane_share(6, 3, 2), 4, 2);
  expect_share(lane_share(7, 1, 0), 0, 7);
}

TEST(LaneShare, SharesFollowEachOtherAndCoverEveryLane) {
  for (uint64_t ranks = 1; ranks <= 9; ++ranks) {
    for (uint64_t lanes = 1; lanes <= 40; ++lanes) {
      uint64_t next = 0;
      for (uint64_t rank = 0; rank < ranks; ++rank) {
        const LaneShare share = lane_share(lanes, ranks, rank);
        EXPECT_EQ(share.first, next) << lanes << " lanes, rank " << rank << " of " << ranks;
        EXPECT_LE(share.count, lanes / ranks + 1);
        EXPECT_GE(share.count, lanes / ranks);
        next += share.count;
      }
      EXPECT_EQ(next, lanes);
    }
  }
}

LanesReport report(const char* engine, uint64_t lanes, uint64_t cycles, double seconds, const char* results) {
  LanesReport share;
  share.engine = engine;
  share.lanes = lanes;
  share.bytes_per_lane = 4096;
  share.pool_bytes = lanes << 20;
  share.cycles = cycles;
  share.launches = lanes;
  share.translated_launches = lanes / 2;
  share.engine_seconds = seconds;
  share.wall_seconds = 2 * seconds;
  share.results_json = results;
  return share;
}

TEST(LanesReport, MergedSharesAddTheirLanesAndKeepTheSlowestTimes) {
  LanesReport first = report("cpu", 2, 100, 0.5, R"({"lane": 0}, {"lane": 1})");
  first.tallies = {{0, 2}};
  LanesReport second = report("cpu", 1, 30, 0.25, R"({"lane": 2})");
  second.tallies = {{0, 1}, {3, 1}};
  first.host_service_seconds = 0.125;
  second.host_service_seconds = 0.5;
  first.idle_share = 0.75;
  second.idle_share = 0.5;
  const LanesReport whole = merge_reports({first, second, LanesReport{}});
  EXPECT_EQ(whole.engine, "cpu");
  EXPECT_EQ(whole.engine_note, "");
  EXPECT_EQ(whole.lanes, 3u);
  EXPECT_EQ(whole.bytes_per_lane, 4096u);
  EXPECT_EQ(whole.pool_bytes, 2u << 20);  // each rank has a pool of its own: the largest
  EXPECT_EQ(whole.cycles, 130u);
  EXPECT_EQ(whole.launches, 2u);
  EXPECT_EQ(whole.translated_launches, 1u);
  EXPECT_EQ(whole.engine_seconds, 0.5);
  EXPECT_EQ(whole.wall_seconds, 1.0);
  EXPECT_EQ(whole.host_service_seconds, 0.5);
  EXPECT_EQ(whole.idle_share, 0.75);
  EXPECT_EQ(whole.tallies, (std::map<int64_t, uint64_t>{{0, 3}, {3, 1}}));
  EXPECT_EQ(whole.results_json, R"({"lane": 0}, {"lane": 1}, {"lane": 2})");
}

TEST(LanesReport, DifferentEnginesAndNotesAreNamedOnce) {
  LanesReport gpu = report("gpu", 1, 1, 1, "");
  LanesReport cpu = report("cpu", 1, 1, 1, "");
  cpu.engine_note = "no usable GPU";
  gpu.hot_code = "40 words chosen after launch 2";
  const LanesReport whole = merge_reports({gpu, cpu, cpu, gpu});
  EXPECT_EQ(whole.engine, "gpu+cpu");
  EXPECT_EQ(whole.engine_note, "no usable GPU");
  EXPECT_EQ(whole.hot_code, "40 words chosen after launch 2");
  EXPECT_EQ(whole.results_json, "");
}

TEST(LanesReport, EncodingKeepsEveryField) {
  LanesReport original = report("cpu", 3, 1ull << 40, 0.125, "{\"stdout\": \"a\\u0000b\"}");
  original.engine_note = std::string("with\0nul", 8);
  original.hot_code = "12 words chosen after launch 3";
  original.tallies = {{-1, 1}, {0, 2}};
  original.host_service_seconds = 0.375;
  original.idle_share = 0.25;
  add_fault_report(original, "lane 1: FAULT\n");
  add_fault_report(original, "lane 2: UNDEFINED\n");
  const LanesReport copy = decode_report(encode_report(original));
  EXPECT_EQ(copy.engine, original.engine);
  EXPECT_EQ(copy.engine_note, original.engine_note);
  EXPECT_EQ(copy.lanes, original.lanes);
  EXPECT_EQ(copy.bytes_per_lane, original.bytes_per_lane);
  EXPECT_EQ(copy.pool_bytes, original.pool_bytes);
  EXPECT_EQ(copy.cycles, original.cycles);
  EXPECT_EQ(copy.launches, original.launches);
  EXPECT_EQ(copy.translated_launches, 1u);
  EXPECT_EQ(copy.hot_code, "12 words chosen after launch 3");
  EXPECT_EQ(copy.engine_seconds, original.engine_seconds);
  EXPECT_EQ(copy.wall_seconds, original.wall_seconds);
  EXPECT_EQ(copy.host_service_seconds, 0.375);
  EXPECT_EQ(copy.idle_share, 0.25);
  EXPECT_EQ(copy.tallies, original.tallies);
  EXPECT_EQ(copy.results_json, original.results_json);
  EXPECT_EQ(copy.fault_reports, (std::vector<std::string>{"lane 1: FAULT\n", "lane 2: UNDEFINED\n"}));
  EXPECT_EQ(copy.faulted_lanes, 2u);
}

TEST(LanesReport, MergedFaultReportsKeepTheFirstTenAndCountAll) {
  // 7 faulting lanes in the first share, 6 in the second: the first share's 7 and the second's
  // first 3 are shown, and all 13 counted.
  LanesReport first = report("cpu", 7, 1, 1, "");
  LanesReport second = report("cpu", 6, 1, 1, "");
  for (int lane = 0; lane < 7; ++lane) add_fault_report(first, "lane " + std::to_string(lane) + "\n");
  for (int lane = 7; lane < 13; ++lane) add_fault_report(second, "lane " + std::to_string(lane) + "\n");
  const LanesReport whole = merge_reports({first, LanesReport{}, second});
  ASSERT_EQ(whole.fault_reports.size(), 10u);
  for (int lane = 0; lane < 10; ++lane) EXPECT_EQ(whole.fault_reports[lane], "lane " + std::to_string(lane) + "\n");
  EXPECT_EQ(whole.faulted_lanes, 13u);
}

TEST(LanesReport, AShareKeepsTenFaultReportsAndCountsTheRest) {
  LanesReport share = report("cpu", 12, 1, 1, "");
  for (int lane = 0; lane < 12; ++lane) add_fault_report(share, "lane " + std::to_string(lane) + "\n");
  EXPECT_EQ(share.fault_reports.size(), 10u);
  EXPECT_EQ(share.fault_reports.back(), "lane 9\n");
  EXPECT_EQ(share.faulted_lanes, 12u);
}

TEST(LanesReport, TruncatedEncodingIsRefused) {
  const std::string bytes = encode_report(report("cpu", 1, 1, 1, "{}"));
  EXPECT_THROW(decode_report(bytes.substr(0, bytes.size() - 1)), std::runtime_error);
  EXPECT_THROW(decode_report(""), std::runtime_error);
}

}  // namespace
}  // namespace warp64::cli
