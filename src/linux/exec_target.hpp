// What execve runs, found as Linux finds it (fs/exec.c, fs/binfmt_script.c, fs/binfmt_elf.c):
// an AArch64 ELF executable, or a script whose "#!" line names its interpreter, found the same
// way in turn.
#pragma once

#include <string>
#include <vector>

namespace warp64::linux_abi {

struct ExecTarget {
  std::string program;            // the AArch64 executable to run
  std::vector<std::string> argv;  // its argv, argv[0] included
};

// Scripts one exec may pass through (a script whose interpreter is a script...) before ELOOP:
// fs/exec.c rewrites the program at most five times.
inline constexpr int kMaxInterpreterDepth = 5;

// Finds what `execve(path, argv)` runs. Returns 0, or the errno execve fails with: what
// stat and access give for the path (ENOENT, ENOTDIR, EACCES...), EACCES for a file that is not
// regular or not executable, ENOEXEC for a file that is neither a script nor an AArch64
// ELF executable (a program for the host's or any other architecture is ENOEXEC, as on an
// AArch64 machine), ELOOP for interpreters nested too deep.
int find_exec_target(const std::string& path, const std::vector<std::string>& argv, ExecTarget& target);

}  // namespace warp64::linux_abi
