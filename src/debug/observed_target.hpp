// What the GDB server's targets share: a guest thread run in slices on the CPU engine's observed
// loop, which checks the debugger's breakpoints before each instruction and its watchpoints
// before each data access, and a fault, or a signal about to be delivered, that stops the
// thread before its delivery, as under ptrace. A thread of a Linux process (thread_target.hpp)
// and a raw machine (machine_target.hpp) supply the runs, the system calls and the signals.
#pragma once

#include <optional>

#include "debug/gdb/target.hpp"
#include "engine/observed_engine.hpp"
#include "linux/process.hpp"

namespace warp64::debug {

class ObservedTarget : protected RunObserver {
 public:
  // DebugTarget::resume for this one thread (the request's choice of threads does not apply).
  gdb::StopEvent resume(const gdb::ResumeRequest& request);
  // The debugger has gone: runs from now on check no stop points.
  void forget_stop_points() { points_ = &no_points_; }

 protected:
  // Runs the guest for at most `instructions` on an observed engine whose observer is this.
  virtual core::RunResult run(uint64_t instructions) = 0;
  // Acts on an SVC or HLT stop, the guest's own requests; true when the guest ended.
  virtual bool service(const core::RunResult& stop) = 0;
  // Delivers the signal of a fault stop; true when the guest ended.
  virtual bool deliver(const core::RunResult& fault) = 0;
  // si_code and address of a fault stop's signal.
  virtual linux_abi::FaultSignal fault_signal(const core::RunResult& fault) const = 0;
  // Between slices: acts on what arrived from outside; true when the guest ended.
  virtual bool take_signals() { return false; }
  // A signal the guest was about to receive, held for the debugger (none for a raw machine).
  virtual std::optional<int> held_signal() { return std::nullopt; }
  // Resumes past a held signal: delivers `sig` (0: the held one is discarded); true when the
  // guest ended.
  virtual bool resume_with_signal(int) { return false; }
  // The W or X event of a guest that ended.
  virtual gdb::StopEvent ended() const = 0;
  // After a system call: the other threads are stopping, so this one stops too (kRunning)
  // before it runs on.
  virtual bool stop_requested() { return false; }

 private:
  bool wants_state_before() const override { return false; }
  bool stop_before(uint64_t pc) override { return points_->breakpoint_at(pc); }
  bool stop_at_access(uint64_t address, unsigned size, bool is_write) override;
  void executed(uint64_t, uint32_t, const core::CpuState*, const core::CpuState&) override {}

  const gdb::StopPoints no_points_;
  const gdb::StopPoints* points_ = &no_points_;   // the current resume's
  std::optional<gdb::WatchHit> watch_hit_;        // the access that stopped the last run
  std::optional<core::RunResult> pending_fault_;  // reported, not yet delivered
  bool signal_reported_ = false;                  // a held signal reported, not yet passed on
};

}  // namespace warp64::debug
