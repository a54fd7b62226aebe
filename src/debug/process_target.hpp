// A Linux guest process as the GDB server's target: run on the CPU engine's observed loop,
// which checks the debugger's breakpoints before each instruction and its watchpoints before
// each data access. System calls are serviced between stops as in a normal run; a fault
// stops the guest before its signal is delivered, as under ptrace.
#pragma once

#include <optional>

#include "debug/gdb/target.hpp"
#include "engine/observed_engine.hpp"
#include "linux/process.hpp"

namespace warp64::debug {

// Thrown from resume() in the child of a guest's fork: the child leaves the debugger (which
// follows the parent) and runs on to its end.
struct ForkedChildLeavesDebugger {};

class ProcessTarget final : public gdb::DebugTarget, private RunObserver {
 public:
  explicit ProcessTarget(linux_abi::Process& process) : process_(process), engine_(make_observed_cpu_engine(*this)) {}

  core::CpuState read_registers() override { return process_.state(); }
  void write_registers(const core::CpuState& state) override { process_.state() = state; }
  size_t read_memory(uint64_t address, std::span<uint8_t> out) override;
  bool write_memory(uint64_t address, std::span<const uint8_t> data) override;
  gdb::StopEvent resume(const gdb::ResumeRequest& request) override;
  int64_t process_id() const override;
  std::string auxv() const override { return process_.auxv(); }
  std::string executable_path() const override { return process_.executable_path(); }

 private:
  bool wants_state_before() const override { return false; }
  bool stop_before(uint64_t pc) override { return points_->breakpoint_at(pc); }
  bool stop_at_access(uint64_t address, unsigned size, bool is_write) override;
  void executed(uint64_t, uint32_t, const core::CpuState*, const core::CpuState&) override {}

  // How many bytes from `address` on are mapped, up to `length`.
  uint64_t mapped_length(uint64_t address, uint64_t length) const;
  // Services the system call the engine stopped at; true when the guest ended.
  bool service(const core::RunResult& stop);
  gdb::StopEvent ended() const;

  linux_abi::Process& process_;
  std::unique_ptr<Engine> engine_;
  const gdb::StopPoints* points_ = nullptr;       // the current resume's
  std::optional<gdb::WatchHit> watch_hit_;        // the access that stopped the last run
  std::optional<core::RunResult> pending_fault_;  // reported, not yet delivered
  uint64_t cycles_ = 0;
};

}  // namespace warp64::debug
