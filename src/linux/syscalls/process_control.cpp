// System calls on the process's own life: its end, the bookkeeping the C library keeps for
// threads, and scheduling. The process has one thread.
#include <sched.h>
#include <unistd.h>

#include <cerrno>

#include "linux/process.hpp"

namespace warp64::linux_abi {

int64_t Process::sys_exit_group(const SyscallArgs& a) {
  exited_ = true;
  exit_code_ = static_cast<int>(a[0] & 0xff);
  return 0;
}

// The only thread's exit is the process's.
int64_t Process::sys_exit(const SyscallArgs& a) { return sys_exit_group(a); }

int64_t Process::sys_set_tid_address(const SyscallArgs&) { return gettid(); }

// struct robust_list_head is 24 bytes; with one thread nothing ever walks the list.
int64_t Process::sys_set_robust_list(const SyscallArgs& a) { return a[1] == 24 ? 0 : -EINVAL; }

// With one thread nothing else can wake a waiter, and a wake finds no one.
int64_t Process::sys_futex(const SyscallArgs& a) {
  const int op = static_cast<int>(a[1]) & 0x7f;
  if (op == 0 || op == 9) {  // FUTEX_WAIT, FUTEX_WAIT_BITSET
    uint32_t value;
    if (!guest_.copy_in(a[0], &value, 4)) return -EFAULT;
    return value != static_cast<uint32_t>(a[2]) ? -EAGAIN : -EDEADLK;
  }
  if (op == 1 || op == 10) return 0;  // FUTEX_WAKE, FUTEX_WAKE_BITSET
  return -ENOSYS;
}

// One CPU: the guest runs on a single thread.
int64_t Process::sys_sched_getaffinity(const SyscallArgs& a) {
  if (a[1] < 8) return -EINVAL;
  const uint64_t mask = 1;
  return guest_.put(a[2], mask) ? 8 : -EFAULT;
}

int64_t Process::sys_sched_yield(const SyscallArgs&) { return 0; }

}  // namespace warp64::linux_abi
