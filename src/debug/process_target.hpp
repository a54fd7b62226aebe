// A Linux guest process as the GDB server's target: system calls are serviced between stops as
// in a normal run, signals from outside reach the guest between slices, and every signal (a
// fault's, one the guest sends itself or one from outside) stops it for gdb before delivery;
// once gdb resumes with it, it goes to the guest's handler or kills the guest.
#pragma once

#include <memory>

#include "debug/observed_target.hpp"
#include "linux/process.hpp"

namespace warp64::debug {

// Thrown from resume() in the child of a guest's fork: the child leaves the debugger (which
// follows the parent) and runs on to its end.
struct ForkedChildLeavesDebugger {};

class ProcessTarget final : public ObservedTarget {
 public:
  // Signals the guest is about to receive stop it for gdb, as under ptrace, while this lives.
  explicit ProcessTarget(linux_abi::Process& process) : process_(process), engine_(make_observed_cpu_engine(*this)) {
    process_.hold_signals_for_debugger(true);
  }
  ~ProcessTarget() override { process_.hold_signals_for_debugger(false); }
  ProcessTarget(const ProcessTarget&) = delete;
  ProcessTarget& operator=(const ProcessTarget&) = delete;

  core::CpuState read_registers() override { return process_.state(); }
  void write_registers(const core::CpuState& state) override { process_.state() = state; }
  size_t read_memory(uint64_t address, std::span<uint8_t> out) override;
  bool write_memory(uint64_t address, std::span<const uint8_t> data) override;
  int64_t process_id() const override;
  std::string auxv() const override { return process_.auxv(); }
  std::string executable_path() const override { return process_.executable_path(); }

 private:
  core::RunResult run(uint64_t instructions) override;
  bool service(const core::RunResult& stop) override;
  bool deliver(const core::RunResult& fault) override { return service(fault); }
  linux_abi::FaultSignal fault_signal(const core::RunResult& fault) const override {
    return process_.fault_signal(fault);
  }
  bool take_signals() override { return process_.take_signals(); }
  std::optional<int> held_signal() override { return process_.held_signal(); }
  bool resume_with_signal(int sig) override { return process_.resume_with_signal(sig); }
  gdb::StopEvent ended() const override;

  // How many bytes from `address` on are mapped, up to `length`.
  uint64_t mapped_length(uint64_t address, uint64_t length) const;

  linux_abi::Process& process_;
  std::unique_ptr<Engine> engine_;
  uint64_t cycles_ = 0;
};

}  // namespace warp64::debug
