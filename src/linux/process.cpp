// A guest process's life between engine stops: its start, each stop acted on, and the
// single-process run loop. System calls are in syscalls/, signals in signal_*.cpp.
#include "linux/process.hpp"

#include <signal.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "engine/engine_choice.hpp"
#include "linux/host_signals.hpp"

namespace warp64::linux_abi {

Process::Process(const ProcessOptions& options) : options_(options), sysroot_(options.sysroot) {
  image_ = load_executable(options_.path, space_);
  if (!image_.interpreter.empty()) load_interpreter();
  const host_signals::Inherited inherited = host_signals::catch_all();
  sigmask_ = inherited.blocked & ~kUnblockable;
  const GuestSigaction ignore{kSigIgn, 0, 0, 0};
  for (int sig = 1; sig <= 64; ++sig) {
    if (inherited.ignored & sig_bit(sig)) std::memcpy(actions_[sig].data(), &ignore, sizeof ignore);
  }
  start();
}

Process::Process(const ProcessOptions& options, const ProcessLayout& layout, ByteStore& store, const ElfImage& image,
                 const AddressSpace& loaded)
    : options_(options), layout_(layout), space_(&store), image_(image), sysroot_(options.sysroot) {
  for (const auto& region : loaded.regions()) space_.adopt(region->base, region->size, region->perms);
  start();
}

void Process::load_interpreter() {
  const std::string path = sysroot_.resolve(image_.interpreter);
  try {
    interpreter_ = load_executable(path, space_, [&](uint64_t span) {
      return space_.find_free(span, layout_.mmap_floor, layout_.mmap_ceiling, kPageSize);
    });
  } catch (const ElfError&) {
    throw;
  } catch (const Error& error) {
    throw ElfError(options_.path + ": its interpreter " + image_.interpreter + " is not under the sysroot " +
                   sysroot_.dir() + " (-L DIR or " + kSysrootVariable + " names another): " + error.what());
  }
  if (!interpreter_.interpreter.empty()) throw ElfError(path + ": an interpreter may not name an interpreter");
}

void Process::start() {
  char resolved[PATH_MAX];
  exe_path_ = ::realpath(options_.path.c_str(), resolved) ? resolved : options_.path;
  const std::string base = options_.path.substr(options_.path.find_last_of('/') + 1);
  base.copy(name_, sizeof name_ - 1);
  brk_start_ = brk_ = image_.highest;
  build_initial_stack();
  state_.pc = interpreter_.entry != 0 ? interpreter_.entry : image_.entry;
}

bool Process::handle_stop(const core::RunResult& stop, uint64_t cycles) {
  if (stop.reason == StopReason::kSyscall) {
    const uint64_t number = state_.x[8];
    const SyscallArgs args = {state_.x[0], state_.x[1], state_.x[2], state_.x[3], state_.x[4], state_.x[5]};
    syscall_pc_ = state_.pc - 4;
    const int64_t result = dispatch(number, args);
    if (options_.strace && !quiet_return_) trace_call(number, args, result);
    quiet_return_ = false;
    if (exited_) return true;
    take_host_signals();
    state_.x[0] = static_cast<uint64_t>(restart_or_interrupt(result, args[0]));
    deliver_pending();
    return exited_;
  }
  if (stop.reason == StopReason::kMaxCycles) {
    report("warp64: guest stopped after " + std::to_string(cycles) + " instructions (--max-cycles) at pc " +
           hex(state_.pc));
    exit_code_ = 128 + SIGXCPU;
    exit_signal_ = SIGXCPU;
    return true;
  }
  const int sig = stop.reason == StopReason::kFault       ? SIGSEGV
                  : stop.reason == StopReason::kUndefined ? SIGILL
                                                          : SIGTRAP;
  if (stop.reason != StopReason::kHalt && deliver_fault(stop, sig)) return exited_;
  report_fault(stop, sig);
  exit_signal_ = sig;
  exit_code_ = 128 + sig;
  return true;
}

bool Process::take_signals() {
  take_host_signals();
  syscall_pc_ = state_.pc;  // where a report of death by one of them points
  deliver_pending();
  return exited_;
}

void Process::report(const std::string& line) {
  if (options_.capture_output) {
    captured_[2] += line + "\n";
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

// Instructions the engine runs between two looks at the host's signals: milliseconds on the CPU
// engine, so that a signal from outside reaches a guest that makes no system calls.
constexpr uint64_t kSignalSlice = 1 << 22;

ProcessResult run_process(const ProcessOptions& options) {
  Process process(options);
  std::string note;  // auto is always the CPU engine for one process: nothing to note
  auto engine = make_engine(resolve_engine(options.engine, Workload::kProcess, note), options.translation);
  ProcessResult result;
  result.engine = engine->name();
  uint64_t budget = options.max_cycles;
  for (;;) {
    const EngineRun run = engine->run(process.state(), process.memory(), std::min(budget, kSignalSlice));
    result.cycles += run.result.cycles;
    result.elapsed_seconds += run.seconds;
    if (budget != kUnlimitedCycles) budget -= run.result.cycles;
    result.last = run.result;
    const bool slice_ended = run.result.reason == StopReason::kMaxCycles && budget != 0;
    if (slice_ended ? process.take_signals() : process.handle_stop(run.result, result.cycles)) break;
    if (process.forked() && engine->name() != std::string_view("cpu")) {
      // The parent's GPU context is not the child's to use: the child goes on on the CPU engine,
      // and leaves the parent's engine alone.
      static_cast<void>(engine.release());
      engine = make_engine(EngineKind::kCpu, options.translation);
      result.engine = engine->name();
    }
  }
  result.exit_code = process.exit_code();
  result.signal = process.exit_signal();
  result.forked = process.forked();
  result.state = process.state();
  return result;
}

}  // namespace warp64::linux_abi
