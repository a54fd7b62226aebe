// Guest threads: clone with CLONE_VM | CLONE_THREAD runs a new guest thread as a host thread,
// with its own registers on the CPU engine over the process's one address space. The engines
// run without the process's lock; acting on a stop (a system call, a fault, a slice's end) takes
// it, so that the process's bookkeeping sees one thread at a time. A thread that sleeps in the
// host (sleeping_calls.cpp) or in a futex releases it meanwhile.
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <future>
#include <memory>
#include <ranges>
#include <string_view>
#include <utility>

#include "engine/engine_choice.hpp"
#include "linux/host_signals.hpp"
#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

constexpr uint64_t kCloneVm = 0x100, kCloneFs = 0x200, kCloneFiles = 0x400, kCloneSighand = 0x800,
                   kCloneThread = 0x10000, kCloneSysvsem = 0x40000, kCloneSettls = 0x80000,
                   kCloneParentSettid = 0x100000, kCloneChildCleartid = 0x200000, kCloneDetached = 0x400000,
                   kCloneChildSettid = 0x1000000;
// What a thread shares with its process: all of them, as glibc's pthread_create asks.
constexpr uint64_t kThreadShares = kCloneVm | kCloneFs | kCloneFiles | kCloneSighand | kCloneThread;
constexpr uint64_t kThreadFlags = kThreadShares | kCloneSysvsem | kCloneSettls | kCloneParentSettid |
                                  kCloneChildCleartid | kCloneDetached | kCloneChildSettid;

// Instructions the engine runs between two looks at the host's signals and the process's end:
// milliseconds on the CPU engine, so that a signal from outside reaches a guest that makes no
// system calls.
constexpr uint64_t kSignalSlice = 1 << 22;

}  // namespace

int64_t Process::clone_thread(uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid, uint64_t tls) {
  if (options_.lane) {
    // Once: the C library tries clone3, then clone.
    if (std::exchange(threads_refused_, true)) return -ENOSYS;
    return refuse_in_lane("a thread (clone with CLONE_VM)");
  }
  // A shared address space without the rest of a thread (a process that shares memory) is not
  // implemented, nor is a thread beside the GPU engine, whose copy of memory is its own.
  if ((flags & kThreadShares) != kThreadShares || (flags & ~kThreadFlags)) return -ENOSYS;
  if (engine_name_ != std::string_view("cpu")) {
    report("warp64: threads run on the CPU engine only; run with --engine cpu");
    return -ENOSYS;
  }
  std::erase_if(threads_, [](GuestThread& thread) {
    if (!thread.finished || !thread.host.joinable()) return false;
    thread.host.join();
    return true;
  });
  GuestThread& child = threads_.emplace_back();
  child.state = thread_->state;  // pc is past the SVC
  child.state.x[0] = 0;
  child.state.exclusive_open = 0;
  if (stack != 0) child.state.sp = stack;
  if (flags & kCloneSettls) child.state.tpidr_el0 = tls;
  child.sigmask = thread_->sigmask;
  if (flags & kCloneChildCleartid) child.clear_child_tid = child_tid;
  several_threads_ = true;
  std::promise<pid_t> started;
  std::future<pid_t> tid = started.get_future();
  child.host = std::thread([this, &child, started = std::move(started)]() mutable {
    started.set_value(static_cast<pid_t>(::syscall(SYS_gettid)));
    // The guest's code runs once the clone call has returned: the tids are written by then.
    { std::lock_guard lock(kernel_); }
    std::unique_ptr<Engine> engine = make_engine(EngineKind::kCpu);
    ProcessResult totals;
    run_thread(child, engine, totals);
    // A fork from this thread left it the child's first thread: the child ends with it.
    if (forked_ && &child == &threads_.front()) end_forked_child();
  });
  child.tid = tid.get();
  // As in Linux, a tid that cannot be written is not an error of the call.
  if (flags & kCloneParentSettid) guest_.put(parent_tid, static_cast<int32_t>(child.tid));
  if (flags & kCloneChildSettid) guest_.put(child_tid, static_cast<int32_t>(child.tid));
  return child.tid;
}

void Process::end_thread() {
  thread_->ended = true;
  const uint64_t word = thread_->clear_child_tid;
  if (word != 0 && guest_.put(word, int32_t{0})) futex_wake(word, ~0u, 1, 0, 0);
}

void Process::supervise_threads(ThreadSupervisor* supervisor) {
  std::lock_guard lock(kernel_);
  supervisor_ = supervisor;
}

std::vector<GuestThread*> Process::live_threads() {
  std::lock_guard lock(kernel_);
  std::vector<GuestThread*> live;
  for (GuestThread& thread : threads_) {
    if (!thread.ended && !thread.finished) live.push_back(&thread);
  }
  return live;
}

CpuState Process::registers(GuestThread& thread) {
  std::lock_guard lock(kernel_);
  return thread.state;
}

void Process::set_registers(GuestThread& thread, const CpuState& state) {
  std::lock_guard lock(kernel_);
  thread.state = state;
}

bool Process::blocked(GuestThread& thread) {
  std::lock_guard lock(kernel_);
  return thread.blocked;
}

bool Process::owns_thread(pid_t tid) const {
  return std::ranges::any_of(threads_, [tid](const GuestThread& thread) { return thread.tid == tid && !thread.ended; });
}

void Process::run_thread(GuestThread& thread, std::unique_ptr<Engine>& engine, ProcessResult& result) {
  AddressSpace::Runner runner(space_);
  ThreadSupervisor* supervisor = nullptr;
  {
    std::lock_guard lock(kernel_);
    thread.runner = &runner;
    supervisor = supervisor_;
  }
  const bool supervised_to_end = supervisor != nullptr && supervisor->supervise(thread);
  uint64_t budget = options_.max_cycles;
  while (!supervised_to_end) {
    runner.enter();
    const EngineRun run = engine->run(thread.state, space_, std::min(budget, kSignalSlice));
    runner.leave();
    result.cycles += run.result.cycles;
    result.elapsed_seconds += run.seconds;
    result.compile_seconds += run.compile_seconds;
    if (budget != kUnlimitedCycles) budget -= run.result.cycles;
    result.last = run.result;
    const bool slice_ended = run.result.reason == StopReason::kMaxCycles && budget != 0;
    if (slice_ended ? take_signals(thread) : handle_stop(thread, run.result, result.cycles)) break;
    if (forked_ && engine->name() != std::string_view("cpu")) {
      // The parent's GPU context is not the child's to use: the child goes on on the CPU engine,
      // and leaves the parent's engine alone.
      static_cast<void>(engine.release());
      engine = make_engine(EngineKind::kCpu, options_.translation);
      result.engine = engine->name();
      engine_name_ = result.engine;
    }
  }
  std::lock_guard lock(kernel_);
  thread.runner = nullptr;
  thread.finished = true;
  if (&thread != &threads_.front()) other_cycles_ += result.cycles;
  woken_.notify_all();
}

bool Process::join_threads() {
  std::unique_lock lock(kernel_);
  auto others = std::views::drop(threads_, 1);
  woken_.wait(lock, [&] {
    return std::ranges::all_of(others, [&](const GuestThread& t) { return t.finished || (exited_ && t.asleep); });
  });
  bool joined = true;
  for (GuestThread& thread : others) {
    if (!thread.host.joinable()) continue;
    if (thread.finished) {
      thread.host.join();
    } else {
      thread.host.detach();  // asleep in the host: it leaves when it wakes and sees the end
      joined = false;
    }
  }
  return joined;
}

void Process::keep_only_this_thread() {
  for (GuestThread& thread : threads_) {
    if (&thread != thread_ && thread.host.joinable()) thread.host.detach();
  }
  std::erase_if(threads_, [this](const GuestThread& thread) { return &thread != thread_; });
  thread_->tid = gettid();
  space_.forked_child(thread_->runner);
  futex_waiters_.clear();
  // The parent's threads that waited on it are counted in its copy, and never leave it here.
  std::construct_at(&woken_);
}

int64_t Process::sleep_unlocked(const std::function<int64_t(const sigset_t*)>& sleep) {
  GuestThread& thread = *thread_;
  thread.asleep = true;
  thread.blocked = true;
  woken_.notify_all();
  kernel_.unlock();
  const int64_t result = host_signals::sleep_unless_arrived(sleep);
  kernel_.lock();
  thread.asleep = false;
  thread.blocked = false;
  thread_ = &thread;
  return result;
}

ProcessResult run_process(const ProcessOptions& options) {
  return finish_process(std::make_unique<Process>(options), options);
}

ProcessResult finish_process(std::unique_ptr<Process> process, const ProcessOptions& options) {
  std::string note;  // auto is always the CPU engine for one process: nothing to note
  auto engine = options.observer != nullptr
                    ? make_observed_cpu_engine(*options.observer)
                    : make_engine(resolve_engine(options.engine, Workload::kProcess, note), options.translation);
  ProcessResult result;
  result.engine = engine->name();
  process->engine_name_ = result.engine;
  if (!process->ended()) process->run_thread(process->threads_.front(), engine, result);
  const bool joined = process->join_threads();
  result.cycles += process->other_cycles_;
  result.exit_code = process->exit_code();
  result.signal = process->exit_signal();
  result.forked = process->forked();
  result.state = process->state();
  // A thread still asleep in the host when the process has ended keeps the process's memory
  // until the emulator exits.
  if (!joined) static_cast<void>(process.release());
  return result;
}

void Process::end_forked_child() {
  join_threads();
  std::fflush(nullptr);
  if (exit_signal_ != 0) host_signals::die_by(exit_signal_);
  _exit(exit_code_);
}

}  // namespace warp64::linux_abi
