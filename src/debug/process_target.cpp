#include "debug/process_target.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace warp64::debug {
namespace {

// How long a resume waits for a stop before it returns kRunning, so that the server can look
// for the debugger's interrupt.
constexpr auto kStopWait = std::chrono::milliseconds(10);
// How often the wait for every thread to stop looks again at the threads in blocking calls,
// whose entry the process does not announce.
constexpr auto kBlockedPoll = std::chrono::milliseconds(1);

bool ends_guest(const gdb::StopEvent& event) {
  return event.kind == gdb::StopKind::kExited || event.kind == gdb::StopKind::kKilled;
}

}  // namespace

ProcessTarget::ProcessTarget(linux_abi::Process& process) : process_(process) {
  process_.hold_signals_for_debugger(true);
  process_.supervise_threads(this);
}

void ProcessTarget::release() {
  process_.supervise_threads(nullptr);
  process_.hold_signals_for_debugger(false);
  std::lock_guard lock(mutex_);
  released_ = true;
  changed_.notify_all();
}

bool ProcessTarget::supervising() {
  std::lock_guard lock(mutex_);
  return !threads_.empty();
}

int64_t ProcessTarget::process_id() const { return ::getpid(); }

ProcessTarget::DebuggedThread* ProcessTarget::find(const linux_abi::GuestThread& thread) {
  for (DebuggedThread& debugged : threads_) {
    if (&debugged.target.thread() == &thread) return &debugged;
  }
  return nullptr;
}

bool ProcessTarget::all_stopped() {
  for (linux_abi::GuestThread* thread : process_.live_threads()) {
    const DebuggedThread* debugged = find(*thread);
    // A thread not yet under this has not run yet: it parks first.
    if (debugged == nullptr || (!debugged->parked && !process_.blocked(*thread))) return false;
  }
  return true;
}

void ProcessTarget::wait_until_stopped(Lock& lock) {
  while (!all_stopped()) changed_.wait_for(lock, kBlockedPoll);
  if (current_ == nullptr) {
    const std::vector<linux_abi::GuestThread*> live = process_.live_threads();
    if (!live.empty()) current_ = find(*live.front());
  }
}

ProcessTarget::DebuggedThread* ProcessTarget::current(Lock& lock) {
  wait_until_stopped(lock);
  return current_;
}

// No thread is current once every thread has ended: the registers then read as zeros.
core::CpuState ProcessTarget::read_registers() {
  Lock lock(mutex_);
  DebuggedThread* thread = current(lock);
  return thread != nullptr ? thread->target.read_registers() : core::CpuState{};
}

void ProcessTarget::write_registers(const core::CpuState& state) {
  Lock lock(mutex_);
  if (DebuggedThread* thread = current(lock)) thread->target.write_registers(state);
}

std::vector<int64_t> ProcessTarget::threads() {
  Lock lock(mutex_);
  wait_until_stopped(lock);
  std::vector<int64_t> ids;
  for (const linux_abi::GuestThread* thread : process_.live_threads()) ids.push_back(thread->tid);
  return ids;
}

int64_t ProcessTarget::current_thread() {
  Lock lock(mutex_);
  const DebuggedThread* thread = current(lock);
  return thread != nullptr ? thread->target.thread().tid : process_id();
}

bool ProcessTarget::select_thread(int64_t thread) {
  Lock lock(mutex_);
  wait_until_stopped(lock);
  for (DebuggedThread& debugged : threads_) {
    if (debugged.target.thread().tid == thread && !debugged.target.thread().ended) {
      current_ = &debugged;
      return true;
    }
  }
  return false;
}

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

std::optional<ProcessTarget::ThreadResume> ProcessTarget::action_for(const DebuggedThread& thread,
                                                                     const gdb::ResumeRequest& request) const {
  const bool named = request.thread == 0 ? &thread == current_ : thread.target.thread().tid == request.thread;
  if (named) return ThreadResume{request.mode, request.signal};
  if (request.thread == 0) return ThreadResume{request.mode, 0};
  if (request.others) return ThreadResume{*request.others, 0};
  return std::nullopt;
}

std::optional<gdb::StopEvent> ProcessTarget::start(const gdb::ResumeRequest& request) {
  for (DebuggedThread& thread : threads_) {
    if (!thread.pending || !action_for(thread, request)) continue;
    current_ = &thread;
    return *std::exchange(thread.pending, std::nullopt);
  }
  points_ = request.points;
  slice_ = request.max_instructions;
  others_ = request.thread == 0 ? std::optional(request.mode) : request.others;
  ++resumes_;
  for (DebuggedThread& thread : threads_) {
    thread.action = action_for(thread, request);
    thread.resumed_at = resumes_;
  }
  running_ = true;
  changed_.notify_all();
  return std::nullopt;
}

gdb::StopEvent ProcessTarget::resume(const gdb::ResumeRequest& request) {
  Lock lock(mutex_);
  if (end_) return *end_;
  if (!running_) {
    wait_until_stopped(lock);
    if (const std::optional<gdb::StopEvent> pending = start(request)) return *pending;
  }
  changed_.wait_for(lock, kStopWait, [this] { return stop_ || end_; });
  if (end_) return *end_;
  if (!stop_) return {gdb::StopKind::kRunning};
  const auto [thread, event] = *std::exchange(stop_, std::nullopt);
  current_ = thread;
  wait_until_stopped(lock);
  return event;
}

void ProcessTarget::stop() {
  Lock lock(mutex_);
  running_ = false;
  for (DebuggedThread& thread : threads_) thread.action.reset();
  if (stop_) {
    // Another thread stopped as the debugger interrupted: a breakpoint or watchpoint recurs as
    // it resumes, a signal is reported then.
    const auto [thread, event] = *std::exchange(stop_, std::nullopt);
    if (event.kind == gdb::StopKind::kSignal) thread->pending = event;
  }
  wait_until_stopped(lock);
}

void ProcessTarget::stopped(DebuggedThread& self, const gdb::StopEvent& event) {
  if (running_ && !stop_) {
    running_ = false;
    stop_.emplace(&self, event);
    for (DebuggedThread& thread : threads_) thread.action.reset();
  } else if (event.kind == gdb::StopKind::kSignal) {
    self.pending = event;
  }
  // Any other stop that comes while the guest is stopping for another is dropped: a
  // breakpoint or a watchpoint stops the thread again as it resumes.
}

bool ProcessTarget::supervise(linux_abi::GuestThread& thread) {
  Lock lock(mutex_);
  if (released_) return false;
  DebuggedThread& self = threads_.emplace_back(process_, thread, [this, &thread] {
    std::lock_guard stop_lock(mutex_);
    const DebuggedThread* debugged = find(thread);
    return !running_ || debugged->resumed_at != resumes_;
  });
  // A thread created while the guest runs runs with the others.
  if (running_ && others_) self.action = ThreadResume{*others_, 0};
  self.resumed_at = resumes_;
  changed_.notify_all();
  bool ended = false;
  try {
    ended = run_actions(self, lock);
  } catch (const ForkedChildLeavesDebugger&) {
    leave_in_forked_child();
    return false;
  }
  if (current_ == &self) current_ = nullptr;
  threads_.remove_if([&](const DebuggedThread& debugged) { return &debugged == &self; });
  changed_.notify_all();
  return ended;
}

bool ProcessTarget::run_actions(DebuggedThread& self, Lock& lock) {
  for (;;) {
    changed_.wait(lock, [&] { return released_ || end_ || (running_ && self.action); });
    if (released_) return false;
    if (end_) return true;  // another thread ended the process while this one was stopped
    const ThreadResume action = *self.action;
    const uint64_t resumed_at = self.resumed_at;
    const uint64_t instructions = action.mode == gdb::ResumeMode::kStep ? 1 : slice_;
    // A continue goes on in slices; the signal goes with the first.
    if (action.mode == gdb::ResumeMode::kStep) {
      self.action.reset();
    } else {
      self.action->signal = 0;
    }
    self.parked = false;
    lock.unlock();
    const gdb::StopEvent event = self.target.resume({action.mode, action.signal, instructions, points_});
    lock.lock();
    self.parked = true;
    changed_.notify_all();
    if (released_) return false;
    if (ends_guest(event)) {
      // A thread's own exit leaves the others running; the process's end is the debugger's.
      if (self.target.thread().ended) return true;
      if (!end_) end_ = event;
      running_ = false;
      changed_.notify_all();
      return true;
    }
    // A step that began before the resume now running ended in a blocking call: the debugger
    // has moved on from it.
    const bool outdated = resumed_at != resumes_ && event.kind == gdb::StopKind::kStepped;
    if (event.kind != gdb::StopKind::kRunning && !outdated) stopped(self, event);
  }
}

void ProcessTarget::leave_in_forked_child() {
  process_.supervise_threads(nullptr);
  process_.hold_signals_for_debugger(false);
  for (const int descriptor : forked_child_closes_) ::close(descriptor);
}

}  // namespace warp64::debug
