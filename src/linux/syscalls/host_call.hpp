// What every system call passed through to the host shares: its arguments as the host's
// types, and the host's result as the guest sees it.
#pragma once

#include <cerrno>
#include <cstdint>

namespace warp64::linux_abi {

inline int fd_arg(uint64_t v) { return static_cast<int>(v); }
// A directory descriptor may be AT_FDCWD (-100), passed in the low 32 bits.
inline int dirfd_arg(uint64_t v) { return static_cast<int>(static_cast<int32_t>(v)); }
// A host call's result as the guest sees it: -errno on failure.
inline int64_t host(int64_t r) { return r < 0 ? -errno : r; }

}  // namespace warp64::linux_abi
