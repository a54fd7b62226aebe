#include "debug/observed_target.hpp"

#include <algorithm>
#include <utility>

namespace warp64::debug {

bool ObservedTarget::stop_at_access(uint64_t address, unsigned size, bool is_write) {
  watch_hit_ = points_->watch_hit(address, size, is_write);
  return watch_hit_.has_value();
}

namespace {

// The stop for a signal held before its delivery.
gdb::StopEvent signal_stop(int sig) {
  gdb::StopEvent event;
  event.kind = gdb::StopKind::kSignal;
  event.signal = sig;
  return event;
}

}  // namespace

gdb::StopEvent ObservedTarget::resume(const gdb::ResumeRequest& request) {
  points_ = &request.points;
  const bool step = request.mode == gdb::ResumeMode::kStep;
  if (std::exchange(signal_reported_, false)) {
    // As under ptrace: the signal gdb resumes with is delivered (the held one or another), and
    // a step stops at its handler's first instruction; none discards the held signal.
    if (resume_with_signal(request.signal)) return ended();
    if (const std::optional<int> next = held_signal()) {  // another was waiting behind it
      signal_reported_ = true;
      return signal_stop(*next);
    }
    if (step && request.signal != 0) return {gdb::StopKind::kStepped};
  }
  if (pending_fault_) {
    const core::RunResult fault = *std::exchange(pending_fault_, std::nullopt);
    // Resuming with the fault's signal delivers it (its handler runs, or the guest dies of it);
    // without, the signal is discarded and the faulting instruction runs again.
    if (request.signal == linux_abi::Process::signal_of(fault)) {
      if (deliver(fault)) return ended();
      if (step) return {gdb::StopKind::kStepped};
    }
  }
  uint64_t left = step ? 1 : request.max_instructions;
  while (left != 0) {
    watch_hit_.reset();
    const core::RunResult stop = run(left);
    left -= std::min(left, stop.cycles);
    if (stop.reason == StopReason::kNone) {  // the observer stopped it
      gdb::StopEvent event;
      event.kind = watch_hit_ ? gdb::StopKind::kWatchpoint : gdb::StopKind::kBreakpoint;
      if (watch_hit_) {
        event.address = watch_hit_->address;
        event.watch = watch_hit_->kind;
      }
      return event;
    }
    if (stop.reason == StopReason::kSyscall || stop.reason == StopReason::kHalt) {
      if (service(stop)) return ended();
      if (const std::optional<int> sig = held_signal()) {
        signal_reported_ = true;
        return signal_stop(*sig);
      }
      if (left != 0 && stop_requested()) return {gdb::StopKind::kRunning};
    } else if (stop.reason != StopReason::kMaxCycles) {
      pending_fault_ = stop;
      const linux_abi::FaultSignal fault = fault_signal(stop);
      gdb::StopEvent event;
      event.kind = gdb::StopKind::kSignal;
      event.signal = linux_abi::Process::signal_of(stop);
      event.signal_code = fault.code;
      event.address = fault.address;
      return event;
    }
  }
  if (take_signals()) return ended();
  if (const std::optional<int> sig = held_signal()) {
    signal_reported_ = true;
    return signal_stop(*sig);
  }
  return {step ? gdb::StopKind::kStepped : gdb::StopKind::kRunning};
}

}  // namespace warp64::debug
