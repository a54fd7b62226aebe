// Signals on their way to the guest: the ones it sends itself wait as pending until the
// system call returns; a fault's runs its handler at once; the ones no handler takes end the
// process with a one-line report.
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "linux/host_signals.hpp"
#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

const char* signal_name(int sig) {
  static const char* const names[32] = {
      nullptr,     "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
      "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
      "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
      "SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS",
  };
  return sig > 0 && sig < 32 ? names[sig] : nullptr;
}

}  // namespace

std::string signal_text(int sig) {
  if (const char* name = signal_name(sig)) return name;
  return sig >= 32 && sig <= 64 ? "SIGRT_" + std::to_string(sig - 32) : "signal " + std::to_string(sig);
}

GuestSigaction Process::action(int sig) const {
  GuestSigaction act{};
  if (auto it = actions_.find(sig); it != actions_.end()) std::memcpy(&act, it->second.data(), sizeof act);
  return act;
}

int64_t Process::queue_signal(int sig, const SignalInfo& info) {
  if (sig < 0 || sig > 64) return -EINVAL;
  if (sig == 0) return 0;
  // An ignored signal is discarded when sent, blocked or not.
  if (sig != SIGKILL && sig != SIGSTOP && ignores(action(sig), sig)) return 0;
  if (!(pending_ & sig_bit(sig))) pending_info_[sig] = info;
  pending_ |= sig_bit(sig);
  return 0;
}

SignalInfo Process::sent_by_self(int code) {
  SignalInfo info;
  info.code = code;
  info.pid = getpid();
  info.uid = getuid();
  return info;
}

void Process::take_host_signals() {
  SignalInfo info[65];
  for (uint64_t taken = host_signals::take(info); taken != 0; taken &= taken - 1) {
    const int sig = __builtin_ctzll(taken) + 1;
    // SA_NOCLDSTOP: a child's stop or continuation sends its parent nothing.
    const bool child_paused = info[sig].code == kCldStopped || info[sig].code == kCldContinued;
    if (sig == SIGCHLD && child_paused && (action(sig).flags & kSaNocldstop)) continue;
    queue_signal(sig, info[sig]);
  }
}

void Process::stop_by(int sig) {
  pending_ &= ~sig_bit(sig);
  ::raise(SIGSTOP);  // the whole emulator stops, as the process would; SIGCONT resumes it
}

bool Process::signal_waiting() {
  for (uint64_t ready = pending_ & ~(thread_->sigmask & ~kUnblockable); ready != 0; ready &= ready - 1) {
    const int sig = __builtin_ctzll(ready) + 1;
    const GuestSigaction act = action(sig);
    if (act.handler == kSigDfl && default_stops(sig)) {
      stop_by(sig);
    } else if (!ignores(act, sig) || sig == SIGKILL) {
      return true;
    }
  }
  return false;
}

int64_t Process::restart_or_interrupt(int64_t result, uint64_t first_arg) {
  if (result != kRestartSys && result != kRestartNoHandler) return result;
  const uint64_t ready = pending_ & ~(thread_->sigmask & ~kUnblockable);
  if (ready != 0) {
    // deliver_pending takes the lowest first: its handler decides, as Linux's handle_signal.
    const int sig = __builtin_ctzll(ready) + 1;
    const GuestSigaction act = action(sig);
    const bool handler = act.handler != kSigDfl && act.handler != kSigIgn;
    if (handler && (result == kRestartNoHandler || !(act.flags & kSaRestart))) return -EINTR;
  }
  thread_->state.pc = thread_->syscall_pc;
  return static_cast<int64_t>(first_arg);
}

bool Process::on_altstack(uint64_t sp) const {
  return thread_->altstack.size != 0 && sp > thread_->altstack.sp &&
         sp - thread_->altstack.sp <= thread_->altstack.size;
}

uint64_t Process::altstack_flags(uint64_t sp) const {
  if (thread_->altstack.size == 0 || (thread_->altstack.flags & kSsDisable)) return kSsDisable;
  return on_altstack(sp) ? kSsOnstack : 0;
}

int64_t Process::set_altstack(uint64_t sp, int flags, uint64_t size) {
  const int mode = flags & ~static_cast<int>(1u << 31);  // less SS_AUTODISARM
  if (mode == kSsDisable) {
    thread_->altstack = AltStack{};
    return 0;
  }
  if (mode != 0 && mode != kSsOnstack) return -EINVAL;
  if (size < kGuestMinSigstksz) return -ENOMEM;
  thread_->altstack = {sp, 0, size};
  return 0;
}

// Acts on every pending signal the mask lets through, lowest number first, each handler's
// frame on top of the previous one (so the last one set up runs first), as Linux does.
void Process::deliver_pending() {
  if (thread_->doomed != nullptr) {
    die_of_signal(SIGSEGV, thread_->doomed);
    return;
  }
  while (!exited_) {
    const uint64_t ready = pending_ & ~(thread_->sigmask & ~kUnblockable);
    if (ready == 0) {
      if (!thread_->suspended_mask) return;
      // rt_sigsuspend woke for no handler: its caller's mask comes back now.
      thread_->sigmask = *thread_->suspended_mask;
      thread_->suspended_mask.reset();
      continue;
    }
    const int sig = __builtin_ctzll(ready) + 1;
    pending_ &= ~sig_bit(sig);
    if (debugger_holds_signals_ && sig != SIGKILL && sig != passed_by_debugger_) {
      thread_->held_signal.emplace(sig, pending_info_[sig]);  // the debugger's to report, then to pass or discard
      return;
    }
    const GuestSigaction act = action(sig);
    if (act.handler == kSigIgn && sig != SIGKILL && sig != SIGSTOP) continue;
    if (act.handler == kSigDfl || sig == SIGKILL || sig == SIGSTOP) {
      if (default_ignored(sig)) continue;
      if (default_stops(sig)) {
        stop_by(sig);
        continue;
      }
      die_of_signal(sig, "killed by its own signal");
      return;
    }
    if (!push_signal_frame(sig, act)) {
      // Linux forces SIGSEGV when the frame cannot be written.
      die_of_signal(SIGSEGV, "cannot write the frame for " + signal_text(sig) + " handler");
      return;
    }
  }
}

void Process::hold_signals_for_debugger(bool on) {
  std::lock_guard lock(kernel_);
  debugger_holds_signals_ = on;
  if (on) return;
  for (GuestThread& thread : threads_) {
    if (!thread.held_signal) continue;
    const auto [sig, info] = *std::exchange(thread.held_signal, std::nullopt);
    pending_ |= sig_bit(sig);
    pending_info_[sig] = info;
  }
}

std::optional<int> Process::held_signal(GuestThread& thread) {
  std::lock_guard lock(kernel_);
  return thread.held_signal ? std::optional<int>(thread.held_signal->first) : std::nullopt;
}

bool Process::resume_with_signal(GuestThread& thread, int sig) {
  std::lock_guard lock(kernel_);
  thread_ = &thread;
  const std::optional<std::pair<int, SignalInfo>> held = std::exchange(thread.held_signal, std::nullopt);
  if (sig <= 0 || sig > 64 || exited_) return exited_;
  pending_ |= sig_bit(sig);
  pending_info_[sig] = held && held->first == sig ? held->second : sent_by_self(kSiUser);
  passed_by_debugger_ = sig;
  deliver_pending();
  passed_by_debugger_ = 0;
  return exited_;
}

FaultSignal Process::fault_signal(const GuestThread& thread, const core::RunResult& stop) const {
  if (stop.reason == StopReason::kFault) {
    // An access to a mapped page that its permissions refuse is SEGV_ACCERR, else SEGV_MAPERR.
    return {space_.find(stop.fault_address) != nullptr ? kSegvAccerr : kSegvMaperr, stop.fault_address};
  }
  if (stop.reason == StopReason::kBreakpoint) return {kTrapBrkpt, thread.state.pc};
  return {kIllIllopc, thread.state.pc};
}

bool Process::deliver_fault(const core::RunResult& stop, int sig) {
  const GuestSigaction act = action(sig);
  if (act.handler == kSigDfl || act.handler == kSigIgn || (thread_->sigmask & sig_bit(sig))) return false;
  const FaultSignal fault = fault_signal(*thread_, stop);
  if (!push_signal_frame(sig, act, &fault)) {
    die_of_signal(SIGSEGV, "cannot write the frame for " + signal_text(sig) + " handler");
  }
  return true;
}

std::string Process::signal_report(int sig, const std::string& what, uint64_t pc) const {
  std::string line = "warp64: guest " + signal_text(sig) + ": " + what + " at pc " + hex(pc);
  const std::string symbol = image_.symbolize(pc);
  if (!symbol.empty()) line += " <" + symbol + ">";
  return line;
}

// Only a signal that dumps core has a report: a process killed by SIGTERM or SIGPIPE ends
// without a word, as it does on Linux (and under qemu-aarch64).
void Process::die_of_signal(int sig, const std::string& why) {
  if (options_.strace) trace_killed(sig);
  if (default_dumps_core(sig)) report(signal_report(sig, why, thread_->syscall_pc));
  end_by(sig);
}

void Process::end_by(int sig) {
  exited_ = true;
  exit_signal_ = sig;
  exit_code_ = 128 + sig;
  woken_.notify_all();  // every thread ends with the process
}

void Process::report_fault(const core::RunResult& stop, int sig) {
  std::string what;
  switch (stop.reason) {
    case StopReason::kFault:
      what = std::string(stop.fault_access == AccessKind::kWrite   ? "write to "
                         : stop.fault_access == AccessKind::kFetch ? "instruction fetch from "
                                                                   : "read from ") +
             hex(stop.fault_address);
      break;
    case StopReason::kUndefined: what = "undefined instruction"; break;
    case StopReason::kBreakpoint: what = "breakpoint"; break;
    default: what = "halt instruction"; break;
  }
  std::string line = signal_report(sig, what, thread_->state.pc);
  if (stop.has_insn) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, " (instruction 0x%08x)", stop.insn);
    line += buffer;
  }
  report(line);
}

}  // namespace warp64::linux_abi
