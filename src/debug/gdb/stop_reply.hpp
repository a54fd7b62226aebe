// How a stop reads on the wire: 'T' packets with their stop reason, 'W' for an exit, 'X' for a
// death by signal, and the siginfo gdb reads as $_siginfo.
#pragma once

#include <cstdint>
#include <string>

#include "debug/gdb/target.hpp"

namespace warp64::debug::gdb {

// Which optional stop reasons the debugger asked for in qSupported.
struct StopReasonSupport {
  bool swbreak = false;
  bool hwbreak = false;
};

// The stop reply for `event`, taken with `registers` (whose pc, sp and fp it includes, so that
// gdb needs no further round trip to show where the thread stopped) and `points` (which tell a
// software breakpoint from a hardware one).
std::string stop_reply(const StopEvent& event, const core::CpuState& registers, const StopPoints& points,
                       int64_t thread, StopReasonSupport support);

// Linux's siginfo_t for AArch64 (128 bytes) as the guest's handler would receive it for the
// stop: signal number, si_code and, for faults and watchpoints, the address.
std::string linux_siginfo(const StopEvent& event);

}  // namespace warp64::debug::gdb
