#include "debug/gdb/signals.hpp"

#include <array>

namespace warp64::debug::gdb {
namespace {

// gdb's numbers of Linux signals 1-31 (index = Linux number); 0 for SIGSTKFLT, which gdb lacks.
constexpr std::array<int, 32> kGdbNumberOfLinux = {
    0,
    1,   // SIGHUP
    2,   // SIGINT
    3,   // SIGQUIT
    4,   // SIGILL
    5,   // SIGTRAP
    6,   // SIGABRT
    10,  // SIGBUS
    8,   // SIGFPE
    9,   // SIGKILL
    30,  // SIGUSR1
    11,  // SIGSEGV
    31,  // SIGUSR2
    13,  // SIGPIPE
    14,  // SIGALRM
    15,  // SIGTERM
    0,   // SIGSTKFLT
    20,  // SIGCHLD
    19,  // SIGCONT
    17,  // SIGSTOP
    18,  // SIGTSTP
    21,  // SIGTTIN
    22,  // SIGTTOU
    16,  // SIGURG
    24,  // SIGXCPU
    25,  // SIGXFSZ
    26,  // SIGVTALRM
    27,  // SIGPROF
    28,  // SIGWINCH
    23,  // SIGIO
    32,  // SIGPWR
    12,  // SIGSYS
};

// gdb numbers the real-time signals apart: 32 is 77, 33-63 are 45-75, 64 is 78.
constexpr int kLinuxRealtimeFirst = 32;
constexpr int kLinuxRealtimeLast = 64;
constexpr int kGdbRealtime32 = 77;
constexpr int kGdbRealtime33 = 45;
constexpr int kGdbRealtime64 = 78;

}  // namespace

int gdb_signal_from_linux(int linux_signal) {
  if (linux_signal == 0) return 0;
  if (linux_signal > 0 && linux_signal < kLinuxRealtimeFirst) {
    const int gdb_signal = kGdbNumberOfLinux[linux_signal];
    return gdb_signal != 0 ? gdb_signal : kGdbSignalUnknown;
  }
  if (linux_signal == kLinuxRealtimeFirst) return kGdbRealtime32;
  if (linux_signal > kLinuxRealtimeFirst && linux_signal < kLinuxRealtimeLast) {
    return linux_signal - (kLinuxRealtimeFirst + 1) + kGdbRealtime33;
  }
  if (linux_signal == kLinuxRealtimeLast) return kGdbRealtime64;
  return kGdbSignalUnknown;
}

int linux_signal_from_gdb(int gdb_signal) {
  if (gdb_signal == kGdbSignalUnknown) return 0;
  for (int linux_signal = 1; linux_signal <= kLinuxRealtimeLast; ++linux_signal) {
    if (gdb_signal_from_linux(linux_signal) == gdb_signal) return linux_signal;
  }
  return 0;
}

}  // namespace warp64::debug::gdb
