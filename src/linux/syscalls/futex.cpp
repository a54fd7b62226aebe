// futex: the C library's sleeping and waking between threads (mutexes, condition variables,
// pthread_join). The process's lock makes each check of a word and the wait that follows one
// step with respect to every wake, so that no wake is lost between them. Waiters are keyed by
// guest address: the threads of a process share one address space, and a shared futex in
// memory that other processes map is not supported (each process has its own copy).
// glibc 2.36 uses WAIT, WAKE, the BITSET forms and CMP_REQUEUE; its default mutexes use no PI
// operations, and its condition variables no WAKE_OP.
#include <time.h>

#include <cerrno>
#include <chrono>
#include <climits>

#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

constexpr int kFutexWait = 0, kFutexWake = 1, kFutexRequeue = 3, kFutexCmpRequeue = 4, kFutexWaitBitset = 9,
              kFutexWakeBitset = 10;
constexpr uint64_t kFutexClockRealtime = 256;
constexpr uint32_t kBitsetMatchAny = 0xffffffff;

// How often a waiter looks for host signals, which arrive without waking it.
constexpr auto kSignalPoll = std::chrono::milliseconds(10);

}  // namespace

bool Process::futex_word(uint64_t address, uint32_t& value) {
  core::AtomicAccess access{core::AtomicOp::kLoad, 4, {0, 0}, {0, 0}, {0, 0}};
  if ((address & 3) == 0 && space_.atomic(address, access) == core::AccessKind::kNone) {
    value = static_cast<uint32_t>(access.old[0]);
    return true;
  }
  return guest_.copy_in(address, &value, 4);  // a store-backed space: a lane, one thread
}

int64_t Process::futex_wake(uint64_t address, uint32_t bitset, int64_t count, uint64_t requeue_to,
                            int64_t requeue_count) {
  int64_t woken = 0, moved = 0;
  for (FutexWaiter* waiter : futex_waiters_) {
    if (waiter->woken || waiter->address != address || !(waiter->bitset & bitset)) continue;
    if (woken < count) {
      waiter->woken = true;
      ++woken;
    } else if (moved < requeue_count) {
      waiter->address = requeue_to;
      ++moved;
    }
  }
  if (woken > 0) woken_.notify_all();
  return woken + moved;
}

int64_t Process::futex_wait(uint64_t address, uint32_t expected, uint32_t bitset, uint64_t timeout_at, bool absolute,
                            bool realtime) {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (timeout_at != 0) {
    struct timespec timeout;
    if (!guest_.copy_in(timeout_at, &timeout, sizeof timeout)) return -EFAULT;
    if (timeout.tv_sec < 0 || timeout.tv_nsec < 0 || timeout.tv_nsec >= 1000000000) return -EINVAL;
    auto wait = std::chrono::seconds(timeout.tv_sec) + std::chrono::nanoseconds(timeout.tv_nsec);
    if (absolute) {
      struct timespec now;
      ::clock_gettime(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, &now);
      wait -= std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
    }
    deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(wait);
  }
  uint32_t value;
  if (!futex_word(address, value)) return -EFAULT;
  if (value != expected) return -EAGAIN;
  if (options_.lane) return deadline ? -ETIMEDOUT : -EDEADLK;  // a lane's one thread: no one can wake it
  FutexWaiter self{address, bitset};
  futex_waiters_.push_back(&self);
  GuestThread& thread = *thread_;
  int64_t result = 0;
  for (;;) {
    thread_ = &thread;
    if (self.woken) break;
    take_host_signals();
    if (exited_ || signal_waiting()) {
      // Linux restarts an untimed wait after a handler with SA_RESTART; a timed one fails.
      result = deadline ? -EINTR : kRestartSys;
      break;
    }
    const auto now = std::chrono::steady_clock::now();
    if (deadline && now >= *deadline) {
      result = -ETIMEDOUT;
      break;
    }
    const auto until = deadline ? std::min(*deadline, now + kSignalPoll) : now + kSignalPoll;
    thread.blocked = true;
    woken_.wait_until(kernel_, until);
    thread.blocked = false;
  }
  std::erase(futex_waiters_, &self);
  return result;
}

int64_t Process::sys_futex(const SyscallArgs& a) {
  const uint64_t address = a[0];
  const int op = static_cast<int>(a[1]) & 0x7f;  // without FUTEX_PRIVATE_FLAG and the clock
  const uint32_t value = static_cast<uint32_t>(a[2]);
  const uint32_t bitset = static_cast<uint32_t>(a[5]);
  const int64_t count = std::min<uint64_t>(value, INT_MAX);
  switch (op) {
    case kFutexWait: return futex_wait(address, value, kBitsetMatchAny, a[3], false, false);
    case kFutexWaitBitset:
      if (bitset == 0) return -EINVAL;
      return futex_wait(address, value, bitset, a[3], true, a[1] & kFutexClockRealtime);
    case kFutexWake: return futex_wake(address, kBitsetMatchAny, count, 0, 0);
    case kFutexWakeBitset:
      if (bitset == 0) return -EINVAL;
      return futex_wake(address, bitset, count, 0, 0);
    case kFutexRequeue:
    case kFutexCmpRequeue: {
      // The fourth argument is the number to requeue, not a timeout.
      const int64_t requeue = std::min<uint64_t>(static_cast<uint32_t>(a[3]), INT_MAX);
      if (op == kFutexCmpRequeue) {
        uint32_t current;
        if (!futex_word(address, current)) return -EFAULT;
        if (current != static_cast<uint32_t>(a[5])) return -EAGAIN;
      }
      return futex_wake(address, kBitsetMatchAny, count, a[4], requeue);
    }
    default: return -ENOSYS;
  }
}

}  // namespace warp64::linux_abi
