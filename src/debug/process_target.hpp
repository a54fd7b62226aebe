// A Linux guest process as the GDB server's target, in all-stop mode as under qemu-aarch64 -g:
// every guest thread, the first included, runs under it on a host thread of its own (one
// ThreadTarget each), and when one stops (a breakpoint, a watchpoint, a step's end, a signal)
// or the debugger interrupts, all stop before their next instruction. A thread waiting in a
// blocking call (pthread_join's futex, a read) counts as stopped and stops before it runs on,
// so that the server's thread, which runs no guest code, reports a stop whatever the others
// wait for.
#pragma once

#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>
#include <vector>

#include "debug/gdb/target.hpp"
#include "debug/thread_target.hpp"
#include "linux/process.hpp"
#include "linux/thread_supervisor.hpp"

namespace warp64::debug {

class ProcessTarget final : public gdb::DebugTarget, public linux_abi::ThreadSupervisor {
 public:
  // Signals the guest is about to receive stop it for gdb, as under ptrace, and its threads run
  // under this, until release().
  explicit ProcessTarget(linux_abi::Process& process);
  ProcessTarget(const ProcessTarget&) = delete;
  ProcessTarget& operator=(const ProcessTarget&) = delete;

  // The debugger has gone and the guest runs on: every thread runs on by itself.
  void release();
  // Host descriptors (the debugger's sockets) that the child of a guest's fork closes as it
  // leaves the debugger.
  void close_in_forked_child(std::vector<int> descriptors) { forked_child_closes_ = std::move(descriptors); }
  // True while a thread still runs under this (one asleep in the host when the process ended).
  bool supervising();

  core::CpuState read_registers() override;
  void write_registers(const core::CpuState& state) override;
  size_t read_memory(uint64_t address, std::span<uint8_t> out) override;
  bool write_memory(uint64_t address, std::span<const uint8_t> data) override;
  gdb::StopEvent resume(const gdb::ResumeRequest& request) override;
  void stop() override;
  int64_t process_id() const override;
  std::vector<int64_t> threads() override;
  int64_t current_thread() override;
  bool select_thread(int64_t thread) override;
  std::string auxv() const override { return process_.auxv(); }
  std::string executable_path() const override { return process_.executable_path(); }

  bool supervise(linux_abi::GuestThread& thread) override;

 private:
  // How one thread resumes.
  struct ThreadResume {
    gdb::ResumeMode mode;
    int signal;
  };
  struct DebuggedThread {
    DebuggedThread(linux_abi::Process& process, linux_abi::GuestThread& thread, std::function<bool()> stop_requested)
        : target(process, thread, std::move(stop_requested)) {}
    ThreadTarget target;
    std::optional<ThreadResume> action;  // what the thread does while the guest runs; none: it stays stopped
    uint64_t resumed_at = 0;             // the resume its action came from
    bool parked = true;                  // between instructions, waiting for an action
    // A signal stop that came while the guest was stopping for another: reported at the
    // thread's next resume.
    std::optional<gdb::StopEvent> pending;
  };
  using Lock = std::unique_lock<std::mutex>;

  // Hands out the request's actions and lets the threads run; a pending signal stop of a
  // thread that would resume is reported at once instead.
  std::optional<gdb::StopEvent> start(const gdb::ResumeRequest& request);
  std::optional<ThreadResume> action_for(const DebuggedThread& thread, const gdb::ResumeRequest& request) const;
  // Waits until every live thread is parked or blocked; the current thread is then a live one.
  void wait_until_stopped(Lock& lock);
  bool all_stopped();
  DebuggedThread* find(const linux_abi::GuestThread& thread);
  DebuggedThread* current(Lock& lock);
  // The supervised thread's loop: runs its actions until it or the process ends, or release().
  bool run_actions(DebuggedThread& self, Lock& lock);
  // A thread's stop while the guest runs, or while it is stopping.
  void stopped(DebuggedThread& self, const gdb::StopEvent& event);
  // In the child of a guest's fork, whose only thread is the caller: the debugger's lock may
  // have been held by a thread the child does not have, so the child leaves without it.
  void leave_in_forked_child();
  // How many bytes from `address` on are mapped, up to `length`.
  uint64_t mapped_length(uint64_t address, uint64_t length) const;

  linux_abi::Process& process_;
  std::vector<int> forked_child_closes_;
  std::mutex mutex_;
  std::condition_variable changed_;  // an action, a stop, a thread parked, come or gone
  std::list<DebuggedThread> threads_;
  DebuggedThread* current_ = nullptr;
  // The current resume's stop points and slice, which running threads read without the lock:
  // they change only while every thread is stopped.
  gdb::StopPoints points_;
  uint64_t slice_ = 1;
  bool running_ = false;
  uint64_t resumes_ = 0;
  std::optional<gdb::ResumeMode> others_;                           // how a thread created while the guest runs resumes
  std::optional<std::pair<DebuggedThread*, gdb::StopEvent>> stop_;  // the first since the resume
  std::optional<gdb::StopEvent> end_;                               // the process's W or X
  bool released_ = false;
};

}  // namespace warp64::debug
