// What the GDB server debugs: a stopped-or-running guest, of one thread or several, behind an
// interface that the process runner implements. The server owns the breakpoints and
// watchpoints and hands them to every resume; the target checks them as it executes.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "warp64/core/state.hpp"

namespace warp64::debug::gdb {

// Z2, Z3 and Z4: which accesses to a watched range stop the guest.
enum class WatchKind : uint8_t { kWrite, kRead, kAccess };

struct Watchpoint {
  uint64_t address;
  uint64_t length;
  WatchKind kind;
  auto operator<=>(const Watchpoint&) const = default;
};

// The first watched byte an access touches, and the watchpoint's kind.
struct WatchHit {
  uint64_t address;
  WatchKind kind;
};

struct StopPoints {
  std::set<uint64_t> software_breakpoints;  // Z0
  std::set<uint64_t> hardware_breakpoints;  // Z1
  std::set<Watchpoint> watchpoints;

  bool breakpoint_at(uint64_t pc) const {
    return software_breakpoints.contains(pc) || hardware_breakpoints.contains(pc);
  }
  // The watchpoint an access of `size` bytes at `address` triggers, if any.
  std::optional<WatchHit> watch_hit(uint64_t address, uint64_t size, bool is_write) const;
};

enum class ResumeMode : uint8_t { kStep, kContinue };

struct ResumeRequest {
  ResumeMode mode;
  // A Linux signal number to deliver as the guest resumes (0: none). After a kSignal stop,
  // resuming without it discards the signal, as ptrace does: a fault then recurs.
  int signal;
  // kContinue runs at most this many instructions before returning kRunning, so that the
  // server can look for an interrupt between slices; kStep always runs one.
  uint64_t max_instructions;
  const StopPoints& points;
  // For a target of several threads: the thread that resumes as `mode` with `signal` (0: every
  // thread does), and how the others resume meanwhile (none: they stay stopped).
  int64_t thread = 0;
  std::optional<ResumeMode> others;
};

enum class StopKind : uint8_t {
  kRunning,     // the slice ended with nothing to report: the guest is still running (stop() stops it)
  kStepped,     // a step retired its instruction
  kBreakpoint,  // pc reached a breakpoint; the instruction there has not executed
  kWatchpoint,  // an instruction accesses a watched range; it has not executed, pc is at it
  kSignal,      // the guest received a signal (a fault, or one sent to itself), not yet delivered
  kExited,      // the guest called exit
  kKilled,      // the guest died of a signal
};

struct StopEvent {
  StopKind kind = StopKind::kRunning;
  int signal = 0;                       // kSignal and kKilled: the Linux signal number
  int signal_code = 0;                  // kSignal: si_code, as Linux would report it (SEGV_MAPERR, ILL_ILLOPC, ...)
  uint64_t address = 0;                 // kSignal: the fault address; kWatchpoint: the first watched byte accessed
  WatchKind watch = WatchKind::kWrite;  // kWatchpoint
  int exit_status = 0;                  // kExited
};

class DebugTarget {
 public:
  virtual ~DebugTarget() = default;

  // The registers as the architecture defines them; writes take effect at the next resume.
  virtual core::CpuState read_registers() = 0;
  virtual void write_registers(const core::CpuState& state) = 0;

  // Debugger accesses ignore page permissions (as ptrace's do) but not unmapped pages. A read
  // fills `out` from `address` up to the first unreadable byte and returns how many it filled;
  // a write is all or nothing. Writes into code must be seen by the next instruction fetch.
  virtual size_t read_memory(uint64_t address, std::span<uint8_t> out) = 0;
  virtual bool write_memory(uint64_t address, std::span<const uint8_t> data) = 0;

  // Runs the guest. Breakpoints are checked before each instruction, the first one included
  // (gdb steps off a breakpoint with it removed); system calls are serviced in between. A stop
  // makes the thread that stopped the current one. A resume that returned kRunning goes on
  // with the next call (its request then changes nothing), until a stop or stop().
  virtual StopEvent resume(const ResumeRequest& request) = 0;
  // Stops a guest that a resume left running (the debugger's interrupt): every thread stops
  // before its next instruction.
  virtual void stop() {}

  // The guest's process id, which is also its first thread's id.
  virtual int64_t process_id() const = 0;
  // The threads that have not ended, the first one first.
  virtual std::vector<int64_t> threads() { return {process_id()}; }
  // The thread whose registers read_registers and write_registers access, and the choice of
  // another (false when no live thread has that id).
  virtual int64_t current_thread() { return process_id(); }
  virtual bool select_thread(int64_t thread) { return thread == process_id(); }
  // The auxiliary vector as the guest's stack holds it (pairs of 64-bit words).
  virtual std::string auxv() const = 0;
  // The executable's path, so that gdb can read its symbols.
  virtual std::string executable_path() const = 0;
};

}  // namespace warp64::debug::gdb
