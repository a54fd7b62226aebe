// The host side of a guest's signals: handlers that record, the wait that a recorded signal
// ends, and the emulator's own death by a guest's signal.
#include "linux/host_signals.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>

namespace warp64::linux_abi::host_signals {
namespace {

// Written by the handler, read by take() with every caught signal blocked.
SignalInfo arrived_info[65];
std::atomic<uint64_t> arrived{0};
sigset_t caught_set;
bool installed = false;
Inherited inherited;

// Faults that the emulator's own code raises: such a one is the emulator's, not the guest's.
bool synchronous(int sig) {
  return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

void on_signal(int sig, siginfo_t* info, void*) {
  if (synchronous(sig) && info->si_code > 0) {
    // A fault of warp64 itself: returning re-runs the faulting instruction, which now kills.
    ::signal(sig, SIG_DFL);
    return;
  }
  SignalInfo& slot = arrived_info[sig];
  slot.code = info->si_code;
  slot.pid = info->si_pid;
  slot.uid = info->si_uid;
  slot.status = sig == SIGCHLD ? info->si_status : 0;
  slot.utime = sig == SIGCHLD ? info->si_utime : 0;
  slot.stime = sig == SIGCHLD ? info->si_stime : 0;
  arrived.fetch_or(sig_bit(sig));
}

// Signals the guest may be sent and the host can catch: not SIGKILL or SIGSTOP, and not 32 and
// 33, which the host's glibc keeps for its threads.
bool catchable(int sig) { return sig != SIGKILL && sig != SIGSTOP && sig != 32 && sig != 33; }

void set_disposition(int sig, Disposition disposition) {
  struct sigaction action {};
  if (disposition == Disposition::kCatch) {
    action.sa_sigaction = on_signal;
    // Restarted host calls keep the guest's view: a call the guest would see interrupted
    // sleeps in sleep_unless_arrived, whose ppoll and sigsuspend are never restarted. The
    // terminal's SIGTTIN and SIGTTOU are not restarted, or the kernel would send them again.
    action.sa_flags = SA_SIGINFO | (sig == SIGTTIN || sig == SIGTTOU ? 0 : SA_RESTART);
    sigaddset(&caught_set, sig);
  } else {
    action.sa_handler = disposition == Disposition::kIgnore ? SIG_IGN : SIG_DFL;
    sigdelset(&caught_set, sig);
  }
  ::sigaction(sig, &action, nullptr);
}

}  // namespace

Inherited catch_all() {
  if (installed) return inherited;
  sigset_t blocked;
  pthread_sigmask(SIG_SETMASK, nullptr, &blocked);
  sigemptyset(&caught_set);
  for (int sig = 1; sig <= 64; ++sig) {
    if (!catchable(sig)) continue;
    if (sigismember(&blocked, sig)) inherited.blocked |= sig_bit(sig);
    struct sigaction current {};
    ::sigaction(sig, nullptr, &current);
    if (current.sa_handler == SIG_IGN) {
      inherited.ignored |= sig_bit(sig);
    } else if (!default_stops(sig)) {
      sigaddset(&caught_set, sig);
    }
  }
  for (int sig = 1; sig <= 64; ++sig) {
    if (sigismember(&caught_set, sig)) set_disposition(sig, Disposition::kCatch);
  }
  sigset_t none;
  sigemptyset(&none);
  pthread_sigmask(SIG_SETMASK, &none, nullptr);
  installed = true;
  return inherited;
}

bool active() { return installed; }

void follow_guest_action(int sig, Disposition disposition) {
  if (!installed || !catchable(sig) || sig > 64) return;
  struct sigaction current {};
  ::sigaction(sig, nullptr, &current);
  const Disposition now = sigismember(&caught_set, sig)   ? Disposition::kCatch
                          : current.sa_handler == SIG_IGN ? Disposition::kIgnore
                                                          : Disposition::kDefault;
  if (now != disposition) set_disposition(sig, disposition);
}

bool caught(int sig) { return installed && sigismember(&caught_set, sig); }

uint64_t take(SignalInfo (&info)[65]) {
  if (arrived.load(std::memory_order_relaxed) == 0) return 0;
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &caught_set, &previous);
  const uint64_t taken = arrived.exchange(0);
  for (int sig = 1; sig <= 64; ++sig) {
    if (taken & sig_bit(sig)) info[sig] = arrived_info[sig];
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return taken;
}

void die_by_fatal_arrival() {
  const uint64_t pending = arrived.load() & ~inherited.blocked;
  for (int sig = 1; sig <= 64; ++sig) {
    if ((pending & sig_bit(sig)) && !default_ignored(sig)) die_by(sig);
  }
}

pid_t fork_process() {
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &caught_set, &previous);
  const pid_t child = ::fork();
  if (child == 0) arrived.store(0);
  const int error = errno;
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  errno = error;
  return child;
}

int64_t sleep_unless_arrived(const std::function<int64_t(const sigset_t* mask)>& sleep) {
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &caught_set, &previous);
  const int64_t result = arrived.load() != 0 ? -EINTR : sleep(&previous);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return result;
}

void block_for_exec(uint64_t guest_mask) {
  sigset_t mask;
  sigemptyset(&mask);
  for (int sig = 1; sig <= 64; ++sig) {
    if ((guest_mask & sig_bit(sig)) && catchable(sig)) sigaddset(&mask, sig);
  }
  pthread_sigmask(SIG_SETMASK, &mask, nullptr);
}

void unblock_after_exec_failed() {
  sigset_t none;
  sigemptyset(&none);
  pthread_sigmask(SIG_SETMASK, &none, nullptr);
}

void die_by(int sig) {
  // As qemu-aarch64 does: no core file of the emulator stands in for the guest's.
  struct rlimit core {};
  ::getrlimit(RLIMIT_CORE, &core);
  core.rlim_cur = 0;
  ::setrlimit(RLIMIT_CORE, &core);
  ::signal(sig, SIG_DFL);
  sigset_t only;
  sigemptyset(&only);
  sigaddset(&only, sig);
  pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
  ::kill(::getpid(), sig);
  // A signal whose default is not to end the process (never asked for) ends it all the same.
  std::_Exit(128 + sig);
}

}  // namespace warp64::linux_abi::host_signals
