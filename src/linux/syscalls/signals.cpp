// System calls on signals: actions, the mask, the alternate stack, and the signals the
// process sends itself. Delivery and frames are in signal_delivery.cpp.
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "linux/host_signals.hpp"
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
    using host_signals::Disposition;
    const GuestSigaction act = action(sig);
    Disposition host = Disposition::kCatch;
    if (act.handler == kSigIgn) {
      host = Disposition::kIgnore;
    } else if (act.handler == kSigDfl && default_stops(sig)) {
      host = Disposition::kDefault;
    }
    host_signals::follow_guest_action(sig, host);
  }
  return 0;
}

int64_t Process::sys_rt_sigprocmask(const SyscallArgs& a) {
  if (a[3] != 8) return -EINVAL;
  uint64_t fresh = 0;
  if (a[1] && !guest_.copy_in(a[1], &fresh, 8)) return -EFAULT;
  if (a[2] && !guest_.put(a[2], thread_->sigmask)) return -EFAULT;
  if (a[1]) {
    switch (a[0]) {
      case 0: thread_->sigmask |= fresh; break;   // SIG_BLOCK
      case 1: thread_->sigmask &= ~fresh; break;  // SIG_UNBLOCK
      case 2: thread_->sigmask = fresh; break;    // SIG_SETMASK
      default: return -EINVAL;
    }
    thread_->sigmask &= ~kUnblockable;
  }
  return 0;
}

int64_t Process::sys_rt_sigpending(const SyscallArgs& a) {
  if (a[1] != 8) return -EINVAL;
  return guest_.put(a[0], pending_ & thread_->sigmask) ? 0 : -EFAULT;
}

// Sleeps with the given mask until a signal runs a handler (-EINTR) or ends the process; the
// first handler's frame saves the caller's mask, which sigreturn brings back.
int64_t Process::sys_rt_sigsuspend(const SyscallArgs& a) {
  if (a[1] != 8) return -EINVAL;
  uint64_t mask;
  if (!guest_.copy_in(a[0], &mask, 8)) return -EFAULT;
  thread_->suspended_mask = thread_->sigmask;
  thread_->sigmask = mask & ~kUnblockable;
  return sleep_until([] { return kWouldSleep; },
                     [](const sigset_t* host_mask) { return ::sigsuspend(host_mask) < 0 ? -errno : 0; },
                     kRestartNoHandler);
}

// stack_t is { void* ss_sp; int ss_flags; size_t ss_size; }.
int64_t Process::sys_sigaltstack(const SyscallArgs& a) {
  uint64_t fresh[3];
  if (a[0] && !guest_.copy_in(a[0], fresh, 24)) return -EFAULT;
  const uint64_t old[3] = {thread_->altstack.sp, altstack_flags(thread_->state.sp), thread_->altstack.size};
  if (a[1] && !guest_.copy_out(a[1], old, 24)) return -EFAULT;
  if (!a[0]) return 0;
  if (on_altstack(thread_->state.sp)) return -EPERM;
  return set_altstack(fresh[0], static_cast<int>(fresh[1] & 0xffffffff), fresh[2]);
}

// A signal to the process itself is queued here, so that it is delivered as kill returns; any
// other goes to the host's kill, whose pids the guest's are. A lane signals only itself.
int64_t Process::sys_kill(const SyscallArgs& a) {
  const int pid = static_cast<int>(a[0]), sig = static_cast<int>(a[1]);
  if (pid == getpid() || (options_.lane && (pid == 0 || pid == -1))) return queue_signal(sig, sent_by_self(kSiUser));
  if (options_.lane) return -EPERM;
  return ::kill(pid, sig) < 0 ? -errno : 0;
}

// A signal to a thread of the process is queued for the process: the first thread that does
// not block it takes it.
int64_t Process::sys_tkill(const SyscallArgs& a) {
  const int tid = static_cast<int>(a[0]), sig = static_cast<int>(a[1]);
  if (owns_thread(tid)) return queue_signal(sig, sent_by_self(kSiTkill));
  if (options_.lane) return -ESRCH;
  return syscall(SYS_tkill, tid, sig) < 0 ? -errno : 0;
}

int64_t Process::sys_tgkill(const SyscallArgs& a) {
  const int tgid = static_cast<int>(a[0]), tid = static_cast<int>(a[1]), sig = static_cast<int>(a[2]);
  if (tgid == getpid() && owns_thread(tid)) return queue_signal(sig, sent_by_self(kSiTkill));
  if (options_.lane) return -ESRCH;
  return syscall(SYS_tgkill, tgid, tid, sig) < 0 ? -errno : 0;
}

// x0 comes back from the frame with the rest, and is the call's result so that it stays so.
// Linux forces SIGSEGV for a frame it rejects: the process dies of it once the call returns.
int64_t Process::sys_rt_sigreturn(const SyscallArgs&) {
  if (!restore_signal_frame()) thread_->doomed = "bad frame in rt_sigreturn";
  return static_cast<int64_t>(thread_->state.x[0]);
}

}  // namespace warp64::linux_abi
