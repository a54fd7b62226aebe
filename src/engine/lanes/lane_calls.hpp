// The system calls a Linux lane services itself, in the launch that made them, on the GPU and
// on the CPU lane engine alike: those whose answer needs only values the host gives at launch
// and the device's timer. The host's Linux layer (src/linux) is the reference: each answer here
// is the one Process::sys_NAME gives a lane (rows of syscalls.def whose service is `lane`). Any
// other call parks the lane for the host.
#pragma once

#include <cstdint>

#include "engine/lanes/lane_memory.hpp"
#include "warp64/core/config.hpp"
#include "warp64/core/run.hpp"

namespace warp64::lanes {

// What the lanes' own calls answer from, the same for every lane of a launch: the ids the host
// process gives a lane, and its clocks as they read at one reading of the device's timer.
struct LaneCalls {
  bool enabled;  // Linux lanes; a raw image's lanes stop on every SVC
  uint32_t pid, ppid, tid, uid, euid, gid, egid;
  uint64_t counter_ns;  // the timer (LaneMemory::virtual_counter) when the clocks were read
  int64_t realtime_ns, monotonic_ns, boottime_ns;
};

// aarch64 (asm-generic) numbers of the calls serviced here, and the clocks they read.
enum LaneCall : uint64_t {
  kClockGettime = 113,
  kGettimeofday = 169,
  kGetpid = 172,
  kGetppid = 173,
  kGetuid = 174,
  kGeteuid = 175,
  kGetgid = 176,
  kGetegid = 177,
  kGettid = 178,
};
enum LaneClock : uint64_t {
  kClockRealtime = 0,
  kClockMonotonic = 1,
  kClockRealtimeCoarse = 5,
  kClockMonotonicCoarse = 6,
  kClockBoottime = 7,
};

enum class CallOutcome : uint8_t {
  kServiced,  // x0 holds the result; the lane goes on
  kParked,    // the host services it
  kFaulted,   // a write of the result found the page pool exhausted (out_of_memory is set)
};

// The clock's time now, in nanoseconds; false for a clock the host answers (the CPU-time
// clocks, MONOTONIC_RAW, TAI, the alarms, a bad id). A coarse clock reads as its fine kin.
W64_HD inline bool clock_ns(const LaneCalls& calls, uint64_t clock, uint64_t counter_ns, int64_t& ns) {
  const int64_t elapsed = static_cast<int64_t>(counter_ns - calls.counter_ns);
  switch (clock) {
    case kClockRealtime:
    case kClockRealtimeCoarse: ns = calls.realtime_ns + elapsed; return true;
    case kClockMonotonic:
    case kClockMonotonicCoarse: ns = calls.monotonic_ns + elapsed; return true;
    case kClockBoottime: ns = calls.boottime_ns + elapsed; return true;
    default: return false;
  }
}

// Writes `count` 64-bit words at `address` when the lane may write every byte of them, as the
// host's copy_out checks them all before writing any: false (nothing written) otherwise.
W64_HD inline bool writable(LaneMemory& memory, uint64_t address, uint64_t length) {
  LanePage page;
  for (uint64_t at = address; at < address + length; at = (at & ~(kPageBytes - 1)) + kPageBytes) {
    if (!memory.page_at(at, kPermWrite, false, page)) return false;
  }
  return true;
}

// The call the lane stopped on (x8, arguments x0..x5), serviced when it is one of these.
W64_HD inline CallOutcome service_lane_call(const LaneCalls& calls, uint64_t* x, LaneMemory& memory) {
  constexpr int64_t kEfault = -14;
  if (!calls.enabled) return CallOutcome::kParked;
  int64_t result = 0;
  int64_t words[2];
  uint64_t address = 0, length = 0;  // what the answer writes, from `words` (none when 0 bytes)
  switch (x[8]) {
    case kGetpid: result = calls.pid; break;
    case kGetppid: result = calls.ppid; break;
    case kGettid: result = calls.tid; break;
    case kGetuid: result = calls.uid; break;
    case kGeteuid: result = calls.euid; break;
    case kGetgid: result = calls.gid; break;
    case kGetegid: result = calls.egid; break;
    case kClockGettime: {
      int64_t ns;
      if (!clock_ns(calls, x[0], memory.virtual_counter(), ns)) return CallOutcome::kParked;
      words[0] = ns / 1000000000;
      words[1] = ns % 1000000000;
      address = x[1];
      length = 16;
      break;
    }
    case kGettimeofday: {
      // The time zone, when asked for, is UTC's: the host writes zeros there, and so would this.
      if (x[1] != 0) return CallOutcome::kParked;
      int64_t ns;
      clock_ns(calls, kClockRealtime, memory.virtual_counter(), ns);
      words[0] = ns / 1000000000;
      words[1] = ns % 1000000000 / 1000;
      address = x[0];
      length = address != 0 ? 16 : 0;  // the time is optional here, not in clock_gettime
      break;
    }
    default: return CallOutcome::kParked;
  }
  if (length != 0) {
    if (!writable(memory, address, length)) {
      result = kEfault;
    } else {
      for (uint64_t i = 0; i < length / 8; ++i) {
        if (!memory.write(address + 8 * i, 8, static_cast<uint64_t>(words[i]))) return CallOutcome::kFaulted;
      }
    }
  }
  x[0] = static_cast<uint64_t>(result);
  return CallOutcome::kServiced;
}

// core::run, with the calls a lane services itself answered in place: the run goes on until a
// stop the host acts on, or `max_cycles` in all, calling on_jump as core::run does.
template <class State, class Fetcher, class OnJump>
W64_HD core::RunResult run_lane(State& state, LaneMemory& memory, Fetcher& fetcher, uint64_t max_cycles,
                                const LaneCalls& calls, OnJump& on_jump) {
  uint64_t cycles = 0;
  for (;;) {  // one call of the core's loop: the kernels inline it
    core::RunResult result = core::run(state, memory, fetcher, max_cycles - cycles, on_jump);
    cycles += result.cycles;
    result.cycles = cycles;
    if (result.reason != core::StopReason::kSyscall || cycles >= max_cycles) return result;
    const CallOutcome outcome = service_lane_call(calls, &state.x[0], memory);
    if (outcome == CallOutcome::kParked) return result;
    if (outcome == CallOutcome::kFaulted) {
      result.reason = core::StopReason::kFault;
      return result;
    }
  }
}

}  // namespace warp64::lanes
