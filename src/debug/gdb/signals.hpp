// The remote protocol numbers signals as gdb does (its own table, the same on every host),
// not as Linux does: SIGSEGV is 11 in both, SIGBUS is 7 on Linux and 10 to gdb.
#pragma once

namespace warp64::debug::gdb {

inline constexpr int kGdbSignalUnknown = 143;

// A Linux (AArch64) signal number as gdb numbers it; kGdbSignalUnknown when gdb has none.
int gdb_signal_from_linux(int linux_signal);
// A gdb signal number as Linux numbers it; 0 when Linux has none.
int linux_signal_from_gdb(int gdb_signal);

}  // namespace warp64::debug::gdb
