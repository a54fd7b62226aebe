#include "debug/machine_target.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "engine/engine.hpp"

namespace warp64::debug {

MachineTarget::MachineTarget(uint64_t memory_size)
    : machine_({memory_size, EngineKind::kCpu}, make_observed_cpu_engine(*this)) {}

int64_t MachineTarget::process_id() const { return ::getpid(); }

uint64_t MachineTarget::inside(uint64_t address, uint64_t length) const {
  return address >= machine_.memory_size() ? 0 : std::min(length, machine_.memory_size() - address);
}

size_t MachineTarget::read_memory(uint64_t address, std::span<uint8_t> out) {
  const uint64_t length = inside(address, out.size());
  if (length == 0) return 0;
  const std::vector<uint8_t> bytes = machine_.read_memory(address, length);
  std::memcpy(out.data(), bytes.data(), length);
  return length;
}

bool MachineTarget::write_memory(uint64_t address, std::span<const uint8_t> data) {
  if (inside(address, data.size()) != data.size()) return false;
  if (!data.empty()) machine_.write_memory(address, data);
  return true;
}

core::RunResult MachineTarget::run(uint64_t instructions) {
  last_run_ = machine_.execute(instructions);
  cycles_ += last_run_.cycles;
  seconds_ += last_run_.elapsed_seconds;
  return {last_run_.stop_reason,
          last_run_.fault_kind,
          last_run_.fault_address,
          last_run_.cycles,
          last_run_.instruction.value_or(0),
          last_run_.instruction.has_value()};
}

void MachineTarget::run_to_end(uint64_t max_cycles) {
  forget_stop_points();
  run(max_cycles);
}

ExecResult MachineTarget::result() const {
  ExecResult result = last_run_;
  result.cycles = cycles_;
  result.elapsed_seconds = seconds_;
  result.ips = seconds_ > 0 ? static_cast<double>(cycles_) / seconds_ : 0;
  return result;
}

bool MachineTarget::deliver(const core::RunResult& fault) {
  killed_by_ = linux_abi::Process::signal_of(fault);
  return true;
}

// The machine's one region holds every mapped byte: a fault is always outside it.
linux_abi::FaultSignal MachineTarget::fault_signal(const core::RunResult& fault) const {
  if (fault.reason == StopReason::kFault) return {linux_abi::kSegvMaperr, fault.fault_address};
  if (fault.reason == StopReason::kBreakpoint) return {linux_abi::kTrapBrkpt, machine_.pc()};
  return {linux_abi::kIllIllopc, machine_.pc()};
}

gdb::StopEvent MachineTarget::ended() const {
  gdb::StopEvent event;
  event.kind = killed_by_ != 0 ? gdb::StopKind::kKilled : gdb::StopKind::kExited;
  event.signal = killed_by_;
  return event;
}

}  // namespace warp64::debug
