// The calls a lane answers itself (engine/lanes/lane_calls.hpp) give what the host's Linux layer
// gives the lane: the same program in lanes with those calls answered by the lanes and with
// every call parked for the host. The ids are the host process's own, as src/linux answers a
// lane; the clocks follow from the values the host gives at launch.
#include "engine/lanes/lane_calls.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "linux/lane_processes.hpp"
#include "linux/syscalls.hpp"

namespace warp64::linux_abi {
namespace {

LaneProcessesResult run_ids(bool lane_calls) {
  LaneProcessOptions options;
  options.process.path = std::string(WARP64_PROGRAM_DIR) + "/lane_calls_libc";
  options.process.args = {"ids"};
  options.process.engine = EngineKind::kCpu;
  options.lanes = 3;
  options.cpu_threads = 2;
  options.lane_calls = lane_calls;
  return run_lane_processes(options);
}

TEST(LaneCalls, IdsAreTheHostsAnswers) {
  const std::string expected = "pid " + std::to_string(getpid()) + " ppid " + std::to_string(getppid()) + " tid " +
                               std::to_string(gettid()) + " uid " + std::to_string(getuid()) + " euid " +
                               std::to_string(geteuid()) + " gid " + std::to_string(getgid()) + " egid " +
                               std::to_string(getegid()) + "\n";
  const LaneProcessesResult in_lanes = run_ids(true);
  const LaneProcessesResult on_host = run_ids(false);
  ASSERT_EQ(in_lanes.lanes.size(), 3u);
  for (size_t lane = 0; lane < 3; ++lane) {
    EXPECT_EQ(on_host.lanes[lane].out, expected);
    EXPECT_EQ(in_lanes.lanes[lane].out, expected);
    EXPECT_EQ(in_lanes.lanes[lane].exit_code, 0);
  }
  // Seven id calls each, answered in the launch that made them: fewer launches.
  EXPECT_LT(in_lanes.launches, on_host.launches);
}

TEST(LaneCalls, ClocksCountFromTheHostsReadings) {
  lanes::LaneCalls calls{};
  calls.counter_ns = 1000;
  calls.realtime_ns = 1700000000'000000000;
  calls.monotonic_ns = 5'000000000;
  calls.boottime_ns = 6'000000000;
  int64_t ns = 0;
  ASSERT_TRUE(lanes::clock_ns(calls, lanes::kClockRealtime, 1250, ns));
  EXPECT_EQ(ns, 1700000000'000000250);
  ASSERT_TRUE(lanes::clock_ns(calls, lanes::kClockMonotonicCoarse, 3000, ns));
  EXPECT_EQ(ns, 5'000002000);
  ASSERT_TRUE(lanes::clock_ns(calls, lanes::kClockBoottime, 1000, ns));
  EXPECT_EQ(ns, 6'000000000);
  // CPU-time clocks (2, 3), MONOTONIC_RAW (4) and the rest are the host's.
  for (uint64_t clock : {2, 3, 4, 8, 11, 12345}) EXPECT_FALSE(lanes::clock_ns(calls, clock, 1000, ns)) << clock;
}

// The numbers lane_calls.hpp answers are syscalls.def's, in rows whose service says a lane may.
TEST(LaneCalls, AnswerOnlyCallsTheTableGivesLanes) {
  const std::pair<uint64_t, const char*> answered[] = {{lanes::kClockGettime, "clock_gettime"},
                                                       {lanes::kGettimeofday, "gettimeofday"},
                                                       {lanes::kGetpid, "getpid"},
                                                       {lanes::kGetppid, "getppid"},
                                                       {lanes::kGetuid, "getuid"},
                                                       {lanes::kGeteuid, "geteuid"},
                                                       {lanes::kGetgid, "getgid"},
                                                       {lanes::kGetegid, "getegid"},
                                                       {lanes::kGettid, "gettid"}};
  for (const auto& [number, name] : answered) {
    const SyscallInfo* info = find_syscall(number);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_STREQ(info->name, name);
    EXPECT_EQ(info->service, Service::lane) << name;
  }
}

}  // namespace
}  // namespace warp64::linux_abi
