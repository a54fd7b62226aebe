// How many instructions each lane may run in the next launch of the lane processes. A launch
// ends when every lane has parked, ended or run its slice, and a parked lane (its system call
// waiting for the host) waits for the others until then: so the slice is sized by time, to the
// instructions the last launch ran in `target_seconds`. Short launches are also what lets the
// GPU engine switch to translated code (engine/gpu/translation/hot_kernel.hpp) soon after the
// profile has chosen it and its build is done, since the switch comes at a launch.
#pragma once

#include <algorithm>
#include <cstdint>

namespace warp64::linux_abi {

// The first launch's slice, before any rate is known: a few milliseconds of one lane interpreted.
inline constexpr uint64_t kFirstSliceCycles = uint64_t{1} << 18;
// Below this the launches' own costs (the states' copies, the host's pass over the lanes) would
// outweigh their work.
inline constexpr uint64_t kMinSliceCycles = uint64_t{1} << 16;

// The next slice after a launch of `slice` instructions a lane that took `seconds`, in which the
// lane that ran most ran `longest`: as many as that lane runs in `target_seconds`, between
// kMinSliceCycles and `ceiling`. A launch in which no lane ran its whole slice (every one parked
// or ended first) says nothing of the rate, and the slice stays.
inline uint64_t next_slice(uint64_t slice, uint64_t longest, double seconds, double target_seconds, uint64_t ceiling) {
  if (longest < slice || seconds <= 0) return slice;
  const double cycles = static_cast<double>(longest) / seconds * target_seconds;
  const uint64_t floor = std::min(kMinSliceCycles, ceiling);
  if (cycles >= static_cast<double>(ceiling)) return ceiling;
  return std::max(floor, static_cast<uint64_t>(cycles));
}

}  // namespace warp64::linux_abi
