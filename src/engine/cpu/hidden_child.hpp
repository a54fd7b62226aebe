// Child processes that only their spawner waits for, such as the C++ compiler of translated
// code. A guest's processes are the host's, and the guest's wait4(-1, ...) is the host's: a
// child whose exit raises SIGCHLD would be reaped by it, or keep a guest's wait() from
// failing with ECHILD. So the program runs as the child of a go-between created with no exit
// signal (a "clone" child, which only a wait with __WCLONE sees) that never execs (exec sets a
// process's exit signal back to SIGCHLD) and exits with the program's status; both run in a
// process group of their own, which cancel() ends whole.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace warp64::cpu {

// Where programs are looked for when the environment has no PATH (warp64 started with an
// environment of its own): the compiler, and the tools the compiler itself runs (its linker).
inline constexpr const char* kDefaultSearchPath = "/usr/local/bin:/usr/bin:/bin";

class HiddenChild {
 public:
  // Runs `program` (a path) with `argv`, stdin from /dev/null, stdout and stderr to the given
  // descriptors, no other descriptor open, every signal at its default and unblocked, in this
  // process's environment (with kDefaultSearchPath as PATH when it has none). Throws
  // warp64::Error when it cannot start; a program that cannot be executed exits with 127.
  static HiddenChild spawn(const std::string& program, const std::vector<std::string>& argv, int stdout_fd,
                           int stderr_fd);

  pid_t pid() const { return pid_; }
  // Waits until it has ended, without reaping it: until wait() reaps it, its pid (and process
  // group) cannot be another's, so cancel() may still signal it.
  void await_end() const;
  // Reaps it: its exit status as waitpid gives it (a program killed by signal N exits with
  // 128 + N).
  int wait();
  // Kills its process group (the compiler and whatever it started).
  void cancel() const;

 private:
  explicit HiddenChild(pid_t pid) : pid_(pid) {}
  pid_t pid_;
};

// True when a wait status says the program exited with status 0.
bool exited_cleanly(int status);

}  // namespace warp64::cpu
