#include "linux/lane_service.hpp"

#include <time.h>
#include <unistd.h>

#include <algorithm>

#include "linux/syscalls.hpp"
#include "memory/permissions.hpp"

namespace warp64::linux_abi {
namespace {

// What a string argument's first read asks for: GuestMemory::read_string reads 256 bytes at a
// time, up to its region's end.
constexpr uint64_t kStringPrefix = 256;
// A pointer to a structure of a size the table does not say: enough for the common ones
// (timespec, rlimit, sigset, sigaction, termios, a few iovecs).
constexpr uint64_t kStructurePrefix = 128;
// A buffer larger than this is read when the call asks for it.
constexpr uint64_t kBufferLimit = 1 << 20;

// The readable bytes from `address` on, at most `length`, within its region; 0 when none.
uint64_t readable_length(const AddressSpace& space, uint64_t address, uint64_t length) {
  RegionView region;
  if (length == 0 || !space.view(address, 1, region) || !(region.perms & kPermRead)) return 0;
  return std::min(length, region.base + region.size - address);
}

void add_inputs(const ParkedCall& call, std::vector<lanes::ByteRange>& ranges, std::vector<LaneByteStore*>& owners) {
  const SyscallInfo* info = find_syscall(call.state->x[8]);
  if (info == nullptr || info->name == nullptr) return;
  const auto add = [&](uint64_t address, uint64_t length) {
    if (length == 0) return;
    ranges.push_back({call.store->lane(), address, length});
    owners.push_back(call.store);
  };
  for (unsigned i = 0; info->args[i] != '\0' && i < 6; ++i) {
    const uint64_t address = call.state->x[i];
    switch (info->args[i]) {
      case 's': add(address, readable_length(*call.space, address, kStringPrefix)); break;
      case 'p': add(address, readable_length(*call.space, address, kStructurePrefix)); break;
      case 'b': {
        const uint64_t length = i + 1 < 6 ? call.state->x[i + 1] : 0;
        if (length <= kBufferLimit && call.space->accessible(address, length, kPermRead)) add(address, length);
        break;
      }
      default: break;
    }
  }
}

int64_t clock_now_ns(clockid_t clock) {
  timespec ts{};
  ::clock_gettime(clock, &ts);
  return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

// `clock` as it read when the monotonic clock read `monotonic_ns`.
int64_t clock_at(clockid_t clock, int64_t monotonic_ns) {
  const int64_t now = clock_now_ns(clock);
  return now - (clock_now_ns(CLOCK_MONOTONIC) - monotonic_ns);
}

}  // namespace

lanes::LaneCalls lane_calls_now(const LaneEngine& engine) {
  lanes::LaneCalls calls{};
  calls.enabled = true;
  calls.pid = static_cast<uint32_t>(::getpid());
  calls.ppid = static_cast<uint32_t>(::getppid());
  calls.tid = static_cast<uint32_t>(::gettid());
  calls.uid = ::getuid();
  calls.euid = ::geteuid();
  calls.gid = ::getgid();
  calls.egid = ::getegid();
  // The timer is read between two readings of the monotonic clock (on the GPU it takes a
  // launch), and stands for their midpoint.
  const int64_t before = clock_now_ns(CLOCK_MONOTONIC);
  calls.counter_ns = engine.timer_ns();
  const int64_t after = clock_now_ns(CLOCK_MONOTONIC);
  calls.monotonic_ns = before + (after - before) / 2;
  calls.realtime_ns = clock_at(CLOCK_REALTIME, calls.monotonic_ns);
  calls.boottime_ns = clock_at(CLOCK_BOOTTIME, calls.monotonic_ns);
  return calls;
}

void prefetch_call_inputs(std::span<const ParkedCall> calls, LaneMemoryQueue& queue, std::vector<uint8_t>& gathered) {
  std::vector<lanes::ByteRange> ranges;
  std::vector<LaneByteStore*> owners;
  for (const ParkedCall& call : calls) add_inputs(call, ranges, owners);
  uint64_t total = 0;
  for (const lanes::ByteRange& range : ranges) total += range.length;
  gathered.resize(total);
  queue.gather(ranges, gathered);
  uint64_t at = 0;
  for (size_t i = 0; i < ranges.size(); ++i) {
    owners[i]->add_prefetched(ranges[i].address, {gathered.data() + at, ranges[i].length});
    at += ranges[i].length;
  }
}

}  // namespace warp64::linux_abi
