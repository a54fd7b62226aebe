// System calls on the process's own life: its end and its threads' (exit), the bookkeeping the
// C library keeps for threads, its name and attributes (prctl), its resource use, and
// scheduling. Scheduling and priorities are the host process's.
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "linux/process.hpp"
#include "linux/syscalls/host_call.hpp"

namespace warp64::linux_abi {

// Every thread ends, at its next stop (a thread asleep in a futex is woken for it).
int64_t Process::sys_exit_group(const SyscallArgs& a) {
  exited_ = true;
  exit_code_ = static_cast<int>(a[0] & 0xff);
  woken_.notify_all();
  return 0;
}

// The last thread's exit is the process's.
int64_t Process::sys_exit(const SyscallArgs& a) {
  const auto live = std::ranges::count_if(threads_, [](const GuestThread& thread) { return !thread.ended; });
  if (live == 1) return sys_exit_group(a);
  end_thread();
  return 0;
}

int64_t Process::sys_set_tid_address(const SyscallArgs& a) {
  thread_->clear_child_tid = a[0];
  return gettid();
}

// struct robust_list_head is 24 bytes. The list is not walked when a thread ends: a mutex its
// owner leaves locked by dying is not marked FUTEX_OWNER_DIED.
int64_t Process::sys_set_robust_list(const SyscallArgs& a) { return a[1] == 24 ? 0 : -EINVAL; }

// One CPU: the guest runs on a single thread.
int64_t Process::sys_sched_getaffinity(const SyscallArgs& a) {
  if (a[1] < 8) return -EINVAL;
  const uint64_t mask = 1;
  return guest_.put(a[2], mask) ? 8 : -EFAULT;
}

int64_t Process::sys_sched_yield(const SyscallArgs&) { return 0; }

// The one CPU of sched_getaffinity must stay in the mask.
int64_t Process::sys_sched_setaffinity(const SyscallArgs& a) {
  uint8_t first = 0;
  if (a[1] == 0) return -EINVAL;
  if (!guest_.copy_in(a[2], &first, 1)) return -EFAULT;
  return (first & 1) ? 0 : -EINVAL;
}

// struct sched_param is one int on both sides.
int64_t Process::sys_sched_getscheduler(const SyscallArgs& a) {
  return host(::sched_getscheduler(static_cast<pid_t>(a[0])));
}

int64_t Process::sys_sched_getparam(const SyscallArgs& a) {
  struct sched_param param;
  if (::sched_getparam(static_cast<pid_t>(a[0]), &param) < 0) return -errno;
  return guest_.put(a[1], static_cast<int32_t>(param.sched_priority)) ? 0 : -EFAULT;
}

int64_t Process::sys_sched_setparam(const SyscallArgs& a) {
  int32_t priority;
  if (!guest_.copy_in(a[1], &priority, 4)) return -EFAULT;
  const struct sched_param param = {priority};
  return host(::sched_setparam(static_cast<pid_t>(a[0]), &param));
}

int64_t Process::sys_sched_setscheduler(const SyscallArgs& a) {
  int32_t priority;
  if (!guest_.copy_in(a[2], &priority, 4)) return -EFAULT;
  const struct sched_param param = {priority};
  return host(syscall(SYS_sched_setscheduler, static_cast<pid_t>(a[0]), static_cast<int>(a[1]), &param));
}

// The kernel's getpriority answers 20 - nice (1 to 40), which the C library turns back.
int64_t Process::sys_getpriority(const SyscallArgs& a) {
  return host(syscall(SYS_getpriority, static_cast<int>(a[0]), static_cast<int>(a[1])));
}

int64_t Process::sys_setpriority(const SyscallArgs& a) {
  return host(syscall(SYS_setpriority, static_cast<int>(a[0]), static_cast<int>(a[1]), static_cast<int>(a[2])));
}

// struct rusage is two struct timeval and fourteen longs on both sides: 144 bytes. The host
// process's figures include the emulator's own work.
int64_t Process::sys_getrusage(const SyscallArgs& a) {
  static_assert(sizeof(struct rusage) == 144);
  struct rusage usage;
  if (::getrusage(static_cast<int>(a[0]), &usage) < 0) return -errno;
  return guest_.copy_out(a[1], &usage, sizeof usage) ? 0 : -EFAULT;
}

// The process's name is its own (lanes share one host process); attributes that act on the
// host process (the parent-death signal, dumpability, no_new_privs, the child subreaper, timer
// slack, capabilities) are the host's. Anything else, the arm64-only options among them (SVE,
// pointer authentication, tagged addresses: features the core lacks), is EINVAL as Linux
// answers an unsupported option.
int64_t Process::sys_prctl(const SyscallArgs& a) {
  const int option = static_cast<int>(a[0]);
  switch (option) {
    case PR_SET_NAME: {
      char name[16] = {};
      for (size_t i = 0; i < sizeof name - 1; ++i) {
        if (!guest_.copy_in(a[1] + i, &name[i], 1)) return -EFAULT;
        if (name[i] == '\0') break;
      }
      std::memcpy(name_, name, sizeof name_);
      return 0;
    }
    case PR_GET_NAME: return guest_.copy_out(a[1], name_, sizeof name_) ? 0 : -EFAULT;
    case PR_GET_PDEATHSIG:
    case PR_GET_CHILD_SUBREAPER: {
      int value;
      if (::prctl(option, &value, 0, 0, 0) < 0) return -errno;
      return guest_.put(a[1], static_cast<int32_t>(value)) ? 0 : -EFAULT;
    }
    case PR_SET_PDEATHSIG:
    case PR_GET_DUMPABLE:
    case PR_SET_DUMPABLE:
    case PR_GET_KEEPCAPS:
    case PR_SET_KEEPCAPS:
    case PR_CAPBSET_READ:
    case PR_SET_CHILD_SUBREAPER:
    case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK:
    case PR_GET_NO_NEW_PRIVS:
    case PR_SET_NO_NEW_PRIVS: return host(::prctl(option, a[1], a[2], a[3], a[4]));
    default: return -EINVAL;
  }
}

}  // namespace warp64::linux_abi
