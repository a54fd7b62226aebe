// The AArch64 Linux signal ABI as a guest process sees it: numbers (1..31 equal the host's),
// sigaction, siginfo codes and the alternate stack.
#pragma once

#include <signal.h>

#include <cstdint>
#include <string>

namespace warp64::linux_abi {

// "SIGSEGV", "SIGRT_3", or "signal N" for a number no signal has.
std::string signal_text(int sig);

// Signals whose default action does nothing (or continues the process).
inline bool default_ignored(int sig) { return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT; }
inline bool default_stops(int sig) { return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }
// Signals whose default action ends the process with a core dump (signal(7)); the others that
// end it do so silently.
inline bool default_dumps_core(int sig) {
  return sig == SIGQUIT || sig == SIGILL || sig == SIGTRAP || sig == SIGABRT || sig == SIGBUS || sig == SIGFPE ||
         sig == SIGSEGV || sig == SIGXCPU || sig == SIGXFSZ || sig == SIGSYS;
}

inline uint64_t sig_bit(int sig) { return 1ull << (sig - 1); }
inline constexpr uint64_t kUnblockable = (1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1));

// struct k_sigaction as rt_sigaction takes it on AArch64, and its sa_flags bits.
struct GuestSigaction {
  uint64_t handler, flags, restorer, mask;
};
inline constexpr uint64_t kSigDfl = 0, kSigIgn = 1;
inline constexpr uint64_t kSaRestorer = 0x04000000, kSaOnstack = 0x08000000, kSaRestart = 0x10000000,
                          kSaNodefer = 0x40000000, kSaResethand = 0x80000000;
// The action ignores the signal: SIG_IGN, or SIG_DFL for a signal whose default is to ignore.
inline bool ignores(const GuestSigaction& act, int sig) {
  return act.handler == kSigIgn || (act.handler == kSigDfl && default_ignored(sig));
}
inline constexpr int kSiUser = 0, kSiTkill = -6;
// SIGCHLD's si_code values.
inline constexpr int kCldExited = 1, kCldKilled = 2, kCldDumped = 3, kCldTrapped = 4, kCldStopped = 5,
                     kCldContinued = 6;
inline constexpr uint64_t kSaNocldstop = 1;

// The siginfo fields of a signal that was sent rather than raised by a fault (the _kill and
// _sigchld members of asm-generic/siginfo.h, at offsets 8, 16, 20, 24, 32 and 40).
struct SignalInfo {
  int32_t code = kSiUser;
  int32_t pid = 0;
  uint32_t uid = 0;
  int32_t status = 0;            // SIGCHLD: the exit status or signal
  int64_t utime = 0, stime = 0;  // SIGCHLD: the child's times, in clock ticks
};
// si_code of the synchronous faults (asm-generic/siginfo.h).
inline constexpr int kSegvMaperr = 1, kSegvAccerr = 2, kIllIllopc = 1, kTrapBrkpt = 1;

// What a synchronous fault puts in siginfo and the sigcontext.
struct FaultSignal {
  int code;
  uint64_t address;  // si_addr and fault_address
};

// stack_t's ss_flags, and the smallest alternate stack AArch64 accepts (MINSIGSTKSZ).
inline constexpr int kSsOnstack = 1, kSsDisable = 2;
inline constexpr uint64_t kGuestMinSigstksz = 5120;

// The alternate signal stack sigaltstack sets.
struct AltStack {
  uint64_t sp = 0;
  uint64_t flags = kSsDisable;
  uint64_t size = 0;
};

}  // namespace warp64::linux_abi
