// An atomic access (core/atomic_access.hpp) to host memory that host threads share: the
// guest's exclusives, acquire/release accesses and atomics, made with the host's atomic
// instructions so that they hold between guest threads that run as host threads.
#pragma once

#include <cstdint>

#include "warp64/core/atomic_access.hpp"

namespace warp64 {

// Performs `access` on the bytes at `host` (aligned to the access's size), which belong to a
// region with permissions `perms`: kRead when it must read and may not, kWrite when it must
// write and may not (with `access.old` read), else kNone. Sequentially consistent.
core::AccessKind host_atomic(uint8_t* host, uint8_t perms, core::AtomicAccess& access);

// DMB and DSB: a full host fence.
void host_barrier();

}  // namespace warp64
