#include "memory/host_atomic.hpp"

#include <atomic>

#include "memory/permissions.hpp"

namespace warp64 {
namespace {

using core::AccessKind;
using core::AtomicOp;

template <class T>
T value_of(const uint64_t (&halves)[2]) {
  if constexpr (sizeof(T) == 16) {
    return (static_cast<T>(halves[1]) << 64) | halves[0];
  } else {
    return static_cast<T>(halves[0]);
  }
}

template <class T>
void split(T value, uint64_t (&halves)[2]) {
  halves[0] = static_cast<uint64_t>(value);
  if constexpr (sizeof(T) == 16) {
    halves[1] = static_cast<uint64_t>(value >> 64);
  } else {
    halves[1] = 0;
  }
}

// Reads, computes what to write from what was read (atomic_next), and writes it only if memory
// still holds what was read; again from the fresh value otherwise.
template <class T>
AccessKind update(uint8_t* host, bool writable, core::AtomicAccess& access) {
  std::atomic_ref<T> cell(*reinterpret_cast<T*>(host));
  if (access.op == AtomicOp::kStore) {
    if (!writable) return AccessKind::kWrite;
    cell.store(value_of<T>(access.operand));
    return AccessKind::kNone;
  }
  T old = cell.load();
  for (;;) {
    split(old, access.old);
    uint64_t next[2];
    if (!core::atomic_next(access, access.old, next)) return AccessKind::kNone;
    if (!writable) return AccessKind::kWrite;
    if (cell.compare_exchange_weak(old, value_of<T>(next))) return AccessKind::kNone;
  }
}

}  // namespace

AccessKind host_atomic(uint8_t* host, uint8_t perms, core::AtomicAccess& access) {
  if (access.op != AtomicOp::kStore && !(perms & kPermRead)) return AccessKind::kRead;
  const bool writable = perms & kPermWrite;
  switch (access.size) {
    case 1: return update<uint8_t>(host, writable, access);
    case 2: return update<uint16_t>(host, writable, access);
    case 4: return update<uint32_t>(host, writable, access);
    case 8: return update<uint64_t>(host, writable, access);
    default: return update<unsigned __int128>(host, writable, access);
  }
}

void host_barrier() { std::atomic_thread_fence(std::memory_order_seq_cst); }

}  // namespace warp64
