// One thread of a Linux guest process, run for the debugger on the observed CPU engine: system
// calls are serviced between stops as in a normal run, signals from outside reach the thread
// between slices, and every signal (a fault's, one the guest sends itself or one from outside)
// stops it for gdb before delivery; once gdb resumes it with the signal, it goes to the guest's
// handler or kills the guest. ProcessTarget (process_target.hpp) runs one per thread.
#pragma once

#include <functional>
#include <memory>

#include "debug/observed_target.hpp"
#include "linux/process.hpp"

namespace warp64::debug {

// Thrown from resume() in the child of a guest's fork: the child leaves the debugger (which
// follows the parent) and runs on to its end.
struct ForkedChildLeavesDebugger {};

class ThreadTarget final : public ObservedTarget {
 public:
  // `stop_requested` tells, after a system call, whether the other threads are stopping.
  ThreadTarget(linux_abi::Process& process, linux_abi::GuestThread& thread, std::function<bool()> stop_requested)
      : process_(process),
        thread_(thread),
        stop_requested_(std::move(stop_requested)),
        engine_(make_observed_cpu_engine(*this)) {}
  ThreadTarget(const ThreadTarget&) = delete;
  ThreadTarget& operator=(const ThreadTarget&) = delete;

  linux_abi::GuestThread& thread() const { return thread_; }
  core::CpuState read_registers() { return process_.registers(thread_); }
  void write_registers(const core::CpuState& state) { process_.set_registers(thread_, state); }

 private:
  core::RunResult run(uint64_t instructions) override;
  bool service(const core::RunResult& stop) override;
  bool deliver(const core::RunResult& fault) override { return service(fault); }
  linux_abi::FaultSignal fault_signal(const core::RunResult& fault) const override {
    return process_.fault_signal(thread_, fault);
  }
  bool take_signals() override { return process_.take_signals(thread_); }
  std::optional<int> held_signal() override { return process_.held_signal(thread_); }
  bool resume_with_signal(int sig) override { return process_.resume_with_signal(thread_, sig); }
  gdb::StopEvent ended() const override;
  bool stop_requested() override { return stop_requested_(); }

  linux_abi::Process& process_;
  linux_abi::GuestThread& thread_;
  std::function<bool()> stop_requested_;
  std::unique_ptr<Engine> engine_;
  uint64_t cycles_ = 0;
};

}  // namespace warp64::debug
