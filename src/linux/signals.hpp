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

inline uint64_t sig_bit(int sig) { return 1ull << (sig - 1); }
inline constexpr uint64_t kUnblockable = (1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1));

// struct k_sigaction as rt_sigaction takes it on AArch64, and its sa_flags bits.
struct GuestSigaction {
  uint64_t handler, flags, restorer, mask;
};
inline constexpr uint64_t kSigDfl = 0, kSigIgn = 1;
inline constexpr uint64_t kSaRestorer = 0x04000000, kSaOnstack = 0x08000000, kSaNodefer = 0x40000000,
                          kSaResethand = 0x80000000;
// The action ignores the signal: SIG_IGN, or SIG_DFL for a signal whose default is to ignore.
inline bool ignores(const GuestSigaction& act, int sig) {
  return act.handler == kSigIgn || (act.handler == kSigDfl && default_ignored(sig));
}
inline constexpr int kSiUser = 0, kSiTkill = -6;
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
