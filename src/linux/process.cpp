// A guest process's life between engine stops: its start and each stop acted on; its threads
// and their run loop are in threads.cpp. System calls are in syscalls/, signals in signal_*.cpp.
#include "linux/process.hpp"

#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "linux/host_signals.hpp"
#include "linux/lane_libraries.hpp"

namespace warp64::linux_abi {

Process::Process(const ProcessOptions& options) : options_(options), sysroot_(options.sysroot) {
  image_ = load_executable(options_.path, space_);
  if (!image_.interpreter.empty()) load_interpreter();
  const host_signals::Inherited inherited = host_signals::catch_all();
  thread_->sigmask = inherited.blocked & ~kUnblockable;
  const GuestSigaction ignore{kSigIgn, 0, 0, 0};
  for (int sig = 1; sig <= 64; ++sig) {
    if (inherited.ignored & sig_bit(sig)) std::memcpy(actions_[sig].data(), &ignore, sizeof ignore);
  }
  start();
}

Process::Process(const ProcessOptions& options, const ProcessLayout& layout, ByteStore& store, const ElfImage& image,
                 const AddressSpace& loaded, HostFilePool& files)
    : options_(options), layout_(layout), space_(&store), image_(image), sysroot_(options.sysroot) {
  rlimit descriptors{};
  ::getrlimit(RLIMIT_NOFILE, &descriptors);
  files_.emplace(files, descriptors.rlim_cur);
  for (const auto& region : loaded.regions()) space_.adopt(region->base, region->size, region->perms);
  if (layout_.libraries != nullptr) {
    interpreter_ = layout_.libraries->interpreter();
    for (const auto& region : layout_.libraries->interpreter_segments().regions()) {
      space_.adopt(region->base, region->size, region->perms);
    }
  }
  start();
}

void Process::load_interpreter() {
  interpreter_ = linux_abi::load_interpreter(options_.path, image_.interpreter, sysroot_, space_, [&](uint64_t span) {
    return space_.find_free(span, layout_.mmap_floor, layout_.mmap_ceiling, kPageSize);
  });
}

void Process::start() {
  char resolved[PATH_MAX];
  exe_path_ = ::realpath(options_.path.c_str(), resolved) ? resolved : options_.path;
  const std::string base = options_.path.substr(options_.path.find_last_of('/') + 1);
  base.copy(name_, sizeof name_ - 1);
  brk_start_ = brk_ = image_.highest;
  thread_->tid = gettid();
  build_initial_stack();
  thread_->state.pc = interpreter_.entry != 0 ? interpreter_.entry : image_.entry;
}

bool Process::handle_stop(GuestThread& thread, const core::RunResult& stop, uint64_t cycles) {
  std::lock_guard lock(kernel_);
  thread_ = &thread;
  if (exited_) return true;  // another thread ended the process
  if (stop.reason == StopReason::kSyscall) {
    const uint64_t number = thread_->state.x[8];
    const SyscallArgs args = {thread_->state.x[0], thread_->state.x[1], thread_->state.x[2],
                              thread_->state.x[3], thread_->state.x[4], thread_->state.x[5]};
    thread_->syscall_pc = thread_->state.pc - 4;
    const int64_t result = dispatch(number, args);
    if (options_.strace && !thread_->quiet_return) trace_call(number, args, result);
    thread_->quiet_return = false;
    if (exited_ || thread_->ended) return true;
    take_host_signals();
    thread_->state.x[0] = static_cast<uint64_t>(restart_or_interrupt(result, args[0]));
    deliver_pending();
    return exited_;
  }
  if (stop.reason == StopReason::kMaxCycles) {
    report("warp64: guest stopped after " + std::to_string(cycles) + " instructions (--max-cycles) at pc " +
           hex(thread_->state.pc));
    end_by(SIGXCPU);
    return true;
  }
  const int sig = signal_of(stop);
  if (stop.reason != StopReason::kHalt && deliver_fault(stop, sig)) return exited_;
  report_fault(stop, sig);
  end_by(sig);
  return true;
}

int Process::signal_of(const core::RunResult& stop) {
  return stop.reason == StopReason::kFault ? SIGSEGV : stop.reason == StopReason::kUndefined ? SIGILL : SIGTRAP;
}

bool Process::take_signals(GuestThread& thread) {
  std::lock_guard lock(kernel_);
  thread_ = &thread;
  if (exited_) return true;
  take_host_signals();
  thread_->syscall_pc = thread_->state.pc;  // where a report of death by one of them points
  deliver_pending();
  return exited_;
}

void Process::report(const std::string& line) {
  last_report_ = line;
  if (options_.capture_output) {
    captured_[2] += line + "\n";
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

}  // namespace warp64::linux_abi
