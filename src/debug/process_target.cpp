#include "debug/process_target.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace warp64::debug {

int64_t ProcessTarget::process_id() const { return ::getpid(); }

uint64_t ProcessTarget::mapped_length(uint64_t address, uint64_t length) const {
  uint64_t mapped = 0;
  while (mapped < length && address + mapped >= address) {
    const Region* region = process_.memory().find(address + mapped);
    if (region == nullptr) break;
    mapped += std::min(length - mapped, region->base + region->size - (address + mapped));
  }
  return mapped;
}

size_t ProcessTarget::read_memory(uint64_t address, std::span<uint8_t> out) {
  const uint64_t length = mapped_length(address, out.size());
  if (length == 0) return 0;
  const std::vector<uint8_t> bytes = process_.memory().read_bytes(address, length);
  std::memcpy(out.data(), bytes.data(), length);
  return length;
}

// The CPU engine's decode cache serves only the word it recorded, so a write into code is
// seen by the next fetch.
bool ProcessTarget::write_memory(uint64_t address, std::span<const uint8_t> data) {
  if (mapped_length(address, data.size()) != data.size()) return false;
  if (!data.empty()) process_.memory().write_bytes(address, data);
  return true;
}

bool ProcessTarget::stop_at_access(uint64_t address, unsigned size, bool is_write) {
  watch_hit_ = points_->watch_hit(address, size, is_write);
  return watch_hit_.has_value();
}

bool ProcessTarget::service(const core::RunResult& stop) {
  const bool ended = process_.handle_stop(stop, cycles_);
  if (process_.forked()) throw ForkedChildLeavesDebugger{};
  return ended;
}

gdb::StopEvent ProcessTarget::ended() const {
  gdb::StopEvent event;
  if (process_.exit_signal() != 0) {
    event.kind = gdb::StopKind::kKilled;
    event.signal = process_.exit_signal();
  } else {
    event.kind = gdb::StopKind::kExited;
    event.exit_status = process_.exit_code();
  }
  return event;
}

gdb::StopEvent ProcessTarget::resume(const gdb::ResumeRequest& request) {
  points_ = &request.points;
  const bool step = request.mode == gdb::ResumeMode::kStep;
  if (pending_fault_) {
    const core::RunResult fault = *std::exchange(pending_fault_, std::nullopt);
    // Resuming with the fault's signal delivers it (its handler runs, or the guest dies of it);
    // without, the signal is discarded and the faulting instruction runs again.
    if (request.signal == linux_abi::Process::signal_of(fault)) {
      if (service(fault)) return ended();
      if (step) return {gdb::StopKind::kStepped};
    }
  }
  uint64_t left = step ? 1 : request.max_instructions;
  while (left != 0) {
    watch_hit_.reset();
    const core::RunResult stop = engine_->run(process_.state(), process_.memory(), left).result;
    cycles_ += stop.cycles;
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
    if (stop.reason == StopReason::kSyscall) {
      if (service(stop)) return ended();
    } else if (stop.reason != StopReason::kMaxCycles) {
      pending_fault_ = stop;
      const linux_abi::FaultSignal fault = process_.fault_signal(stop);
      gdb::StopEvent event;
      event.kind = gdb::StopKind::kSignal;
      event.signal = linux_abi::Process::signal_of(stop);
      event.signal_code = fault.code;
      event.address = fault.address;
      return event;
    }
  }
  // Signals from outside reach the guest between slices, as in a normal run.
  if (process_.take_signals()) return ended();
  return {step ? gdb::StopKind::kStepped : gdb::StopKind::kRunning};
}

}  // namespace warp64::debug
