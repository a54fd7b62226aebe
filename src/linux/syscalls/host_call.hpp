// What every system call passed through to the host shares: its arguments as the host's
// types, and the host's result as the guest sees it.
#pragma once

#include <cerrno>
#include <cstdint>

#include "linux/syscalls.hpp"

namespace warp64::linux_abi {

inline int fd_arg(uint64_t v) { return static_cast<int>(v); }
// A host call's result as the guest sees it: -errno on failure.
inline int64_t host(int64_t r) { return r < 0 ? -errno : r; }
// A host read or write that a signal interrupted (the terminal's SIGTTIN or SIGTTOU, whose
// handler does not restart) is the guest's to restart or see interrupted.
inline int64_t interrupted_or(int64_t error) { return error == -EINTR ? kRestartSys : error; }

}  // namespace warp64::linux_abi
