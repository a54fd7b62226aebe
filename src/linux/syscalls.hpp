// The system calls of syscalls.def as the rest of the Linux layer sees them: their numbers,
// how strace prints them, and what servicing each needs.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

namespace warp64::linux_abi {

// aarch64 (asm-generic) system call numbers.
enum class Sys : uint32_t {
#define W64_SYSCALL(number, name, args, result, service) name = number,
#define W64_SYSCALL_DECLINED(number, name, args) name = number,
#include "linux/syscalls.def"
};

// One past the highest number in the table.
inline constexpr uint32_t kSyscallLimit = 1 + std::max({
#define W64_SYSCALL(number, ...) uint32_t{number},
#define W64_SYSCALL_DECLINED(number, ...) uint32_t{number},
#include "linux/syscalls.def"
                                              });

enum class Service : uint8_t {
  lane,          // a GPU lane could service it alone: it needs the process's memory and state only
  lane_or_host,  // a lane for the arguments named in its row, the host otherwise
  host,          // only the host: host files, host time beyond a counter, or other processes
  declined,      // answered -ENOSYS, as an unknown number is, wherever it is serviced
};

struct SyscallInfo {
  const char* name;  // nullptr where the table has no row
  const char* args;  // strace's kind of each argument, one letter each
  char result;       // strace's kind of the return value
  Service service;
};

// The row for `number`, or nullptr.
const SyscallInfo* find_syscall(uint64_t number);

using SyscallArgs = std::array<uint64_t, 6>;

// What a handler may return beside a result or -errno: Linux's codes for a call a signal
// interrupted, which never reach the guest (handle_stop turns them into -EINTR or a restart).
inline constexpr int64_t kRestartSys = -512;        // ERESTARTSYS: restart after an SA_RESTART handler, else EINTR
inline constexpr int64_t kRestartNoHandler = -514;  // ERESTARTNOHAND: EINTR after a handler, restart if none runs
// A sleeping call's attempt that must wait (sleep_until in process.hpp).
inline constexpr int64_t kWouldSleep = INT64_MIN;

}  // namespace warp64::linux_abi
