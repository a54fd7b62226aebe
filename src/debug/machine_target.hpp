// A raw machine (`warp64 run --raw FILE -g PORT`) as the GDB server's target. The machine has no
// operating system: HLT and SVC end its run (gdb sees the exit, status 0), a fault, an undefined
// instruction or BRK stops it with SIGSEGV, SIGILL or SIGTRAP, and resuming with that signal
// ends the run there (gdb sees the death by the signal).
#pragma once

#include "debug/observed_target.hpp"
#include "warp64/machine.hpp"

namespace warp64::debug {

class MachineTarget final : public gdb::DebugTarget, public ObservedTarget {
 public:
  // A machine of `memory_size` bytes run by the observed CPU engine.
  explicit MachineTarget(uint64_t memory_size);

  Machine& machine() { return machine_; }
  // How the machine's last run stopped (the one that ended it, once it has ended), with the
  // instructions and seconds of every run so far.
  ExecResult result() const;
  // Runs on without the debugger, to the machine's end or `max_cycles` instructions more.
  void run_to_end(uint64_t max_cycles);

  core::CpuState read_registers() override { return machine_.state(); }
  void write_registers(const core::CpuState& state) override { machine_.set_state(state); }
  size_t read_memory(uint64_t address, std::span<uint8_t> out) override;
  bool write_memory(uint64_t address, std::span<const uint8_t> data) override;
  gdb::StopEvent resume(const gdb::ResumeRequest& request) override { return ObservedTarget::resume(request); }
  int64_t process_id() const override;
  std::string auxv() const override { return {}; }
  std::string executable_path() const override { return {}; }

 private:
  core::RunResult run(uint64_t instructions) override;
  bool service(const core::RunResult&) override { return true; }
  bool deliver(const core::RunResult& fault) override;
  linux_abi::FaultSignal fault_signal(const core::RunResult& fault) const override;
  gdb::StopEvent ended() const override;

  // The bytes from `address` on that are inside memory, up to `length`.
  uint64_t inside(uint64_t address, uint64_t length) const;

  Machine machine_;
  ExecResult last_run_;
  uint64_t cycles_ = 0;
  double seconds_ = 0;
  int killed_by_ = 0;  // the signal gdb delivered, which ended the run
};

}  // namespace warp64::debug
