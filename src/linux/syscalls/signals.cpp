// System calls on signals: actions, the mask, the alternate stack, and the signals the
// process sends itself. Delivery and frames are in signal_delivery.cpp.
#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "linux/process.hpp"

namespace warp64::linux_abi {

int64_t Process::sys_rt_sigaction(const SyscallArgs& a) {
  const int sig = static_cast<int>(a[0]);
  if (sig < 1 || sig > 64 || a[3] != 8) return -EINVAL;
  if ((sig == SIGKILL || sig == SIGSTOP) && a[1]) return -EINVAL;
  std::array<uint8_t, 32> old{};
  if (auto it = actions_.find(sig); it != actions_.end()) old = it->second;
  std::array<uint8_t, 32> fresh{};
  if (a[1] && !guest_.copy_in(a[1], fresh.data(), 32)) return -EFAULT;
  if (a[2] && !guest_.copy_out(a[2], old.data(), 32)) return -EFAULT;
  if (a[1]) {
    actions_[sig] = fresh;
    // Setting a signal to be ignored discards a pending one.
    if (ignores(action(sig), sig)) pending_ &= ~sig_bit(sig);
  }
  return 0;
}

int64_t Process::sys_rt_sigprocmask(const SyscallArgs& a) {
  if (a[3] != 8) return -EINVAL;
  uint64_t fresh = 0;
  if (a[1] && !guest_.copy_in(a[1], &fresh, 8)) return -EFAULT;
  if (a[2] && !guest_.put(a[2], sigmask_)) return -EFAULT;
  if (a[1]) {
    switch (a[0]) {
      case 0: sigmask_ |= fresh; break;   // SIG_BLOCK
      case 1: sigmask_ &= ~fresh; break;  // SIG_UNBLOCK
      case 2: sigmask_ = fresh; break;    // SIG_SETMASK
      default: return -EINVAL;
    }
    sigmask_ &= ~kUnblockable;
  }
  return 0;
}

int64_t Process::sys_rt_sigpending(const SyscallArgs& a) {
  if (a[1] != 8) return -EINVAL;
  return guest_.put(a[0], pending_ & sigmask_) ? 0 : -EFAULT;
}

int64_t Process::begin_masked_wait(uint64_t address, uint64_t size, uint64_t& restore) {
  if (size != 8) return -EINVAL;
  uint64_t mask;
  if (!guest_.copy_in(address, &mask, 8)) return -EFAULT;
  restore = sigmask_;
  sigmask_ = mask & ~kUnblockable;
  return 0;
}

bool Process::wait_interrupted(uint64_t restore) {
  if ((pending_ & ~sigmask_) == 0) return false;
  suspended_mask_ = restore;  // the handlers run now; sigreturn brings back the caller's mask
  return true;
}

int64_t Process::sys_rt_sigsuspend(const SyscallArgs& a) {
  uint64_t restore;
  if (const int64_t error = begin_masked_wait(a[0], a[1], restore)) return error;
  if (wait_interrupted(restore)) return -EINTR;
  // Only this process signals itself and it is asleep: nothing can wake it.
  for (;;) ::pause();
}

// stack_t is { void* ss_sp; int ss_flags; size_t ss_size; }.
int64_t Process::sys_sigaltstack(const SyscallArgs& a) {
  uint64_t fresh[3];
  if (a[0] && !guest_.copy_in(a[0], fresh, 24)) return -EFAULT;
  const uint64_t old[3] = {altstack_.sp, altstack_flags(state_.sp), altstack_.size};
  if (a[1] && !guest_.copy_out(a[1], old, 24)) return -EFAULT;
  if (!a[0]) return 0;
  if (on_altstack(state_.sp)) return -EPERM;
  return set_altstack(fresh[0], static_cast<int>(fresh[1] & 0xffffffff), fresh[2]);
}

// The process is the only one it can signal.
int64_t Process::sys_kill(const SyscallArgs& a) {
  const int pid = static_cast<int>(a[0]);
  if (pid != 0 && pid != getpid() && pid != -1) return -EPERM;
  return queue_signal(static_cast<int>(a[1]), kSiUser);
}

int64_t Process::sys_tkill(const SyscallArgs& a) {
  if (static_cast<int>(a[0]) != gettid()) return -ESRCH;
  return queue_signal(static_cast<int>(a[1]), kSiTkill);
}

int64_t Process::sys_tgkill(const SyscallArgs& a) {
  if (static_cast<int>(a[0]) != getpid() || static_cast<int>(a[1]) != gettid()) return -ESRCH;
  return queue_signal(static_cast<int>(a[2]), kSiTkill);
}

// x0 comes back from the frame with the rest, and is the call's result so that it stays so.
// Linux forces SIGSEGV for a frame it rejects: the process dies of it once the call returns.
int64_t Process::sys_rt_sigreturn(const SyscallArgs&) {
  if (!restore_signal_frame()) doomed_ = "bad frame in rt_sigreturn";
  return static_cast<int64_t>(state_.x[0]);
}

}  // namespace warp64::linux_abi
