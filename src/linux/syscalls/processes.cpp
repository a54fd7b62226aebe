// System calls on other processes: fork (clone and clone3 without a shared address space;
// threads are threads.cpp's),
// execve, waiting for children, and process groups and sessions. A guest's processes are host
// processes: fork forks the emulator with its guest, execve runs warp64 again on the new
// program in the same host process, and pids, process groups and sessions are the host's.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <string>
#include <vector>

#include "linux/exec_target.hpp"
#include "linux/host_signals.hpp"
#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

constexpr uint64_t kCsignal = 0xff, kCloneVm = 0x100, kCloneVfork = 0x4000, kCloneSettls = 0x80000,
                   kCloneParentSettid = 0x100000, kCloneChildCleartid = 0x200000, kCloneDetached = 0x400000,
                   kCloneUntraced = 0x800000, kCloneChildSettid = 0x1000000;
// Every flag a fork may carry. The exit signal is always SIGCHLD on the host.
constexpr uint64_t kForkFlags = kCsignal | kCloneVm | kCloneVfork | kCloneSettls | kCloneParentSettid |
                                kCloneChildCleartid | kCloneDetached | kCloneUntraced | kCloneChildSettid;

// Linux's limits on execve's strings (MAX_ARG_STRLEN, and ARG_MAX for an 8 MiB stack).
constexpr size_t kMaxArgString = 32 * 4096;
constexpr size_t kMaxArgTotal = 2 << 20;

int64_t host(int64_t r) { return r < 0 ? -errno : r; }

// A vfork parent sleeps until its child has exec'd or exited: the child holds the write end of
// a close-on-exec pipe, which either closes. Its descriptors lie high, out of the guest's way.
bool open_vfork_pipe(int ends[2]) {
  int low[2];
  if (::pipe2(low, O_CLOEXEC) < 0) return false;
  struct rlimit files {};
  ::getrlimit(RLIMIT_NOFILE, &files);
  const int floor = static_cast<int>(std::clamp<rlim_t>(files.rlim_cur, 67, INT_MAX) - 64);
  for (int i = 0; i < 2; ++i) {
    ends[i] = ::fcntl(low[i], F_DUPFD_CLOEXEC, floor);
    if (ends[i] < 0) {
      ends[i] = low[i];
    } else {
      ::close(low[i]);
    }
  }
  return true;
}

// The NULL-ended array of strings at `at` (none when `at` is 0): 0, -EFAULT, or -E2BIG past
// Linux's limits.
int64_t read_string_array(const GuestMemory& guest, uint64_t at, std::vector<std::string>& out, size_t& total) {
  if (at == 0) return 0;
  for (;; at += 8) {
    uint64_t pointer;
    if (!guest.copy_in(at, &pointer, 8)) return -EFAULT;
    if (pointer == 0) return 0;
    std::string text;
    if (!guest.read_string(pointer, text, kMaxArgString)) return text.size() == kMaxArgString ? -E2BIG : -EFAULT;
    total += text.size() + 1 + 8;
    if (total > kMaxArgTotal) return -E2BIG;
    out.push_back(std::move(text));
  }
}

// The path a descriptor was opened with, as /proc shows it.
std::string descriptor_path(int fd) {
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  char buffer[PATH_MAX];
  const ssize_t n = ::readlink(link.c_str(), buffer, sizeof buffer);
  return n > 0 && buffer[0] == '/' ? std::string(buffer, n) : link;
}

}  // namespace

int64_t Process::refuse_in_lane(const char* call) {
  report("warp64: lane " + std::to_string(*options_.lane) + ": " + call +
         " is not supported in lanes; run it as one process");
  return -ENOSYS;
}

// A fork runs on the host's fork: the child is the emulator's child, continuing the guest with
// x0 = 0. vfork (CLONE_VM | CLONE_VFORK) runs as a fork whose parent waits for the child's
// exec or exit: the child's writes to memory are its own, as after a fork.
int64_t Process::fork_process(uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid, uint64_t tls) {
  const bool vfork = flags & kCloneVfork;
  if ((flags & kCloneVm) && !vfork) return clone_thread(flags, stack, parent_tid, child_tid, tls);
  if (options_.lane) return refuse_in_lane("fork");
  // Shared descriptor tables, namespaces and the like without a shared address space are not
  // implemented.
  if (flags & ~kForkFlags) return -ENOSYS;
  int hold[2] = {-1, -1};
  if (vfork && !open_vfork_pipe(hold)) return -errno;
  std::fflush(nullptr);
  std::unique_lock held = space_.hold_for_fork();
  const pid_t child = host_signals::fork_process();
  const int error = errno;
  if (child == 0) {
    static_cast<void>(held.release());  // keep_only_this_thread makes the lock anew
  } else {
    held.unlock();
  }
  if (child < 0) {
    if (vfork) {
      ::close(hold[0]);
      ::close(hold[1]);
    }
    return -error;
  }
  several_processes_ = true;
  if (child == 0) {
    forked_ = true;
    keep_only_this_thread();
    thread_->quiet_return = true;
    pending_ = 0;  // a child starts with no signal pending
    if (vfork) ::close(hold[0]);
    if (stack != 0) thread_->state.sp = stack;
    if (flags & kCloneSettls) thread_->state.tpidr_el0 = tls;
    // As in Linux, a tid that cannot be written is not an error of the call.
    if (flags & kCloneChildSettid) guest_.put(child_tid, static_cast<int32_t>(gettid()));
    return 0;
  }
  if (flags & kCloneParentSettid) guest_.put(parent_tid, static_cast<int32_t>(child));
  if (vfork) {
    ::close(hold[1]);
    char byte;
    while (::read(hold[0], &byte, 1) < 0 && errno == EINTR) {
    }
    ::close(hold[0]);
  }
  return child;
}

// aarch64's order: clone(flags, stack, parent_tid, tls, child_tid).
int64_t Process::sys_clone(const SyscallArgs& a) { return fork_process(a[0], a[1], a[2], a[4], a[3]); }

// struct clone_args: flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
// set_tid, set_tid_size, cgroup (all u64).
int64_t Process::sys_clone3(const SyscallArgs& a) {
  constexpr uint64_t kVersion0Size = 64;
  uint64_t args[11] = {};
  if (a[1] < kVersion0Size || a[1] > 4096) return -EINVAL;
  if (!guest_.copy_in(a[0], args, std::min<uint64_t>(a[1], sizeof args))) return -EFAULT;
  const uint64_t flags = args[0], exit_signal = args[4], stack = args[5], stack_size = args[6];
  if ((flags & kCsignal) || (exit_signal & ~kCsignal)) return -EINVAL;
  if (args[8] != 0 || args[9] != 0 || args[10] != 0) return -ENOSYS;  // set_tid, cgroup
  return fork_process(flags | exit_signal, stack != 0 ? stack + stack_size : 0, args[3], args[2], args[7]);
}

// execve runs warp64 again, by /proc/self/exe in the same host process, on what the guest asked
// for, with the warp64 options this run has: host descriptors (close-on-exec ones close), the
// working directory, the pid, the ignored signals and the mask carry over as Linux carries them.
int64_t Process::exec_program(const std::string& path, uint64_t argv_at, uint64_t envp_at, uint64_t number,
                              const SyscallArgs& call) {
  if (options_.lane) return refuse_in_lane("execve");
  std::vector<std::string> argv, envp;
  size_t total = 0;
  if (const int64_t error = read_string_array(guest_, argv_at, argv, total)) return error;
  if (const int64_t error = read_string_array(guest_, envp_at, envp, total)) return error;
  // Linux gives a program run with no arguments an empty argv[0].
  if (argv.empty()) argv.emplace_back();
  ExecTarget target;
  if (const int error = find_exec_target(names_own_executable(path) ? exe_path_ : path, argv, target)) return -error;

  std::vector<std::string> command = {"warp64", "run"};
  if (options_.engine != EngineKind::kAuto)
    command.insert(command.end(), {"--engine", engine_kind_name(options_.engine)});
  command.insert(command.end(), {"--translate", translate_mode_name(options_.translation.mode)});
  if (options_.max_cycles != kUnlimitedCycles) {
    command.insert(command.end(), {"--max-cycles", std::to_string(options_.max_cycles)});
  }
  command.insert(command.end(), {"-L", sysroot_.dir()});
  if (options_.strace) command.emplace_back("--strace");
  if (options_.strace && (several_processes_ || options_.strace_pids)) command.emplace_back("--strace-pids");
  // The process warp64 started writes the JSON at its end, whatever it has become by then.
  if (!forked_ && !options_.json_out.empty()) command.insert(command.end(), {"--json-out", options_.json_out});
  command.insert(command.end(), {"--argv0", target.argv[0]});
  command.push_back(target.program[0] == '-' ? "./" + target.program : target.program);
  command.insert(command.end(), target.argv.begin() + 1, target.argv.end());

  std::vector<char*> host_argv, host_envp;
  for (std::string& word : command) host_argv.push_back(word.data());
  host_argv.push_back(nullptr);
  for (std::string& entry : envp) host_envp.push_back(entry.data());
  host_envp.push_back(nullptr);

  // strace shows a successful execve's line, which comes before the new program's; an execve
  // that the host still refuses (E2BIG, ENOMEM) shows a second line with its error.
  if (options_.strace) trace_call(number, call, 0);
  std::fflush(nullptr);
  host_signals::block_for_exec(thread_->sigmask);
  // Blocked signals stay pending across exec: sent again while blocked, the host keeps them.
  for (uint64_t waiting = pending_; waiting != 0; waiting &= waiting - 1)
    ::kill(getpid(), __builtin_ctzll(waiting) + 1);
  ::execve("/proc/self/exe", host_argv.data(), host_envp.data());
  const int error = errno;
  host_signals::unblock_after_exec_failed();
  return -error;
}

int64_t Process::sys_execve(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[0], path)) return -EFAULT;
  return exec_program(path, a[1], a[2], static_cast<uint64_t>(Sys::execve), a);
}

// A relative path is the directory descriptor's; AT_EMPTY_PATH runs the descriptor's file.
int64_t Process::sys_execveat(const SyscallArgs& a) {
  const int dirfd = static_cast<int>(a[0]);
  const int flags = static_cast<int>(a[4]);
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) return -EINVAL;
  if (path.empty()) {
    if (!(flags & AT_EMPTY_PATH)) return -ENOENT;
    path = descriptor_path(dirfd);
  } else if (path[0] != '/' && dirfd != AT_FDCWD) {
    path = descriptor_path(dirfd) + "/" + path;
  }
  struct stat st;
  if ((flags & AT_SYMLINK_NOFOLLOW) && ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) return -ELOOP;
  return exec_program(path, a[2], a[3], static_cast<uint64_t>(Sys::execveat), a);
}

// Waits as wait4 and waitid do, on the host's children, which the guest's are. `attempt(extra)`
// makes the host call with `extra` added to its options and returns kWouldSleep when WNOHANG
// found no child. The wait sleeps in sigsuspend, so that a child's SIGCHLD (or any signal)
// wakes it, except when the guest ignores SIGCHLD: then the host does too, children are
// reaped at once, and the wait is the host's own.
int64_t Process::wait_for_child(int options, const std::function<int64_t(int extra)>& attempt) {
  if (options & WNOHANG) {
    const int64_t result = attempt(0);
    return result == kWouldSleep ? 0 : result;
  }
  if (!host_signals::caught(SIGCHLD)) return attempt(0);
  return sleep_until([&] { return attempt(WNOHANG); },
                     [](const sigset_t* mask) { return ::sigsuspend(mask) < 0 ? -errno : 0; }, kRestartSys);
}

// The status word is Linux's on both sides, and struct rusage has one layout.
int64_t Process::sys_wait4(const SyscallArgs& a) {
  static_assert(sizeof(struct rusage) == 144);
  const int options = static_cast<int>(a[2]);
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) return -EINVAL;
  int status = 0;
  struct rusage usage {};
  const int64_t result = wait_for_child(options, [&](int extra) {
    const int64_t r = host(::wait4(static_cast<pid_t>(a[0]), &status, options | extra, &usage));
    return r == 0 ? kWouldSleep : r;
  });
  if (result > 0) {
    if (a[1] != 0 && !guest_.put(a[1], static_cast<int32_t>(status))) return -EFAULT;
    if (a[3] != 0 && !guest_.copy_out(a[3], &usage, sizeof usage)) return -EFAULT;
  }
  return result;
}

// waitid's siginfo for a child has one 128-byte layout on both sides; with WNOHANG and no
// child it comes back zeroed.
int64_t Process::sys_waitid(const SyscallArgs& a) {
  static_assert(sizeof(siginfo_t) == 128);
  const int options = static_cast<int>(a[3]);
  siginfo_t info{};
  struct rusage usage {};
  const int64_t result = wait_for_child(options, [&](int extra) {
    info = {};
    const int64_t r =
        host(syscall(SYS_waitid, static_cast<int>(a[0]), static_cast<pid_t>(a[1]), &info, options | extra, &usage));
    return r == 0 && info.si_pid == 0 ? kWouldSleep : r;
  });
  if (result == 0) {
    if (a[2] != 0 && !guest_.copy_out(a[2], &info, sizeof info)) return -EFAULT;
    if (a[4] != 0 && !guest_.copy_out(a[4], &usage, sizeof usage)) return -EFAULT;
  }
  return result;
}

int64_t Process::sys_setpgid(const SyscallArgs& a) {
  return host(::setpgid(static_cast<pid_t>(a[0]), static_cast<pid_t>(a[1])));
}
int64_t Process::sys_getpgid(const SyscallArgs& a) { return host(::getpgid(static_cast<pid_t>(a[0]))); }
int64_t Process::sys_getsid(const SyscallArgs& a) { return host(::getsid(static_cast<pid_t>(a[0]))); }
int64_t Process::sys_setsid(const SyscallArgs&) { return host(::setsid()); }

}  // namespace warp64::linux_abi
