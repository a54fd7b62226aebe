// The lane processes' slice per launch (linux/launch_slice.hpp), against figures worked by hand.
#include "linux/launch_slice.hpp"

#include <gtest/gtest.h>

namespace warp64::linux_abi {
namespace {

constexpr uint64_t kCeiling = 64ull << 20;

TEST(LaunchSlice, IsTheInstructionsTheLastLaunchRanInTheTargetTime) {
  // 1 M instructions in 0.25 s: 4 M a second; 2 M in half a second.
  EXPECT_EQ(next_slice(1'000'000, 1'000'000, 0.25, 1.0, kCeiling), 4'000'000u);
  EXPECT_EQ(next_slice(1'000'000, 1'000'000, 0.25, 0.5, kCeiling), 2'000'000u);
  // Shrinks as well as grows: 8 M instructions took 4 s.
  EXPECT_EQ(next_slice(8'000'000, 8'000'000, 4.0, 1.0, kCeiling), 2'000'000u);
}

TEST(LaunchSlice, StaysWithinItsBounds) {
  // 64 Mi instructions in half a second would ask for 128 Mi.
  EXPECT_EQ(next_slice(kCeiling, kCeiling, 0.5, 1.0, kCeiling), kCeiling);
  // 1 M instructions in 100 s would ask for 10,000.
  EXPECT_EQ(next_slice(1'000'000, 1'000'000, 100.0, 1.0, kCeiling), kMinSliceCycles);
  // A ceiling below the floor wins.
  EXPECT_EQ(next_slice(1'000, 1'000, 100.0, 1.0, 1'000), 1'000u);
}

TEST(LaunchSlice, ALaunchInWhichNoLaneRanItsSliceKeepsIt) {
  // Every lane parked or ended before its 1 M instructions: the 0.001 s say nothing of the rate.
  EXPECT_EQ(next_slice(1'000'000, 400'000, 0.001, 1.0, kCeiling), 1'000'000u);
  EXPECT_EQ(next_slice(1'000'000, 1'000'000, 0.0, 1.0, kCeiling), 1'000'000u);
}

}  // namespace
}  // namespace warp64::linux_abi
