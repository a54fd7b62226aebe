// Atomic accesses as the core asks a memory policy for them: the exclusives, the acquire/release
// accesses and the LSE atomics each become one AtomicAccess, which the policy performs as a
// single indivisible access to memory (see common.hpp for the policy). What an access writes
// is defined here once, for every engine: a policy whose memory no other thread sees performs
// it with its own read and write (atomic_by_parts); one whose memory host threads share
// performs it with host atomics, calling atomic_next for the value to write.
#pragma once

#include <cstdint>

#include "warp64/core/bits.hpp"
#include "warp64/core/config.hpp"
#include "warp64/core/stop.hpp"

namespace warp64::core {

enum class AtomicOp : uint8_t {
  kLoad,         // reads only (LDXR, LDAR, LDXP)
  kStore,        // writes `operand` without reading (STLR): needs write permission only
  kCompareSwap,  // writes `operand` when memory holds `expected` (CAS, CASP)
  // As kCompareSwap, but writes back what memory holds when it is not `expected`, so that it
  // needs write permission whatever memory holds, as a store-exclusive does (STXR, STXP)
  kStoreExclusive,
  // MemAtomic's operations (LD<op>, SWP), numbered as the encodings' o3:opc: they always write.
  kAdd,
  kClear,
  kEor,
  kSet,
  kSignedMax,
  kSignedMin,
  kUnsignedMax,
  kUnsignedMin,
  kSwap,
};

// Values of up to 16 bytes are two halves, [0] at the lower address; narrower ones use [0] alone.
struct AtomicAccess {
  AtomicOp op;
  unsigned size;         // 1, 2, 4, 8 or 16 bytes, the address aligned to it (16: load and compare-swap only)
  uint64_t operand[2];   // what is stored or combined with memory
  uint64_t expected[2];  // kCompareSwap: the value memory must hold
  uint64_t old[2];       // set by the policy: what memory held (zero-extended), when it could read
};

// Whether memory holding `old` holds what a compare-swap or store-exclusive expects.
W64_HD W64_INLINE bool atomic_expected(const AtomicAccess& a, const uint64_t (&old)[2]) {
  const uint64_t mask = low_mask(a.size >= 8 ? 64 : 8 * a.size);
  return (old[0] & mask) == (a.expected[0] & mask) && (a.size < 16 || old[1] == a.expected[1]);
}

// Whether the access writes when memory holds `old`, and what (zero-extended to its size).
W64_HD W64_INLINE bool atomic_next(const AtomicAccess& a, const uint64_t (&old)[2], uint64_t (&next)[2]) {
  const unsigned bits = a.size >= 8 ? 64 : 8 * a.size;
  const uint64_t mask = low_mask(bits);
  const uint64_t value = old[0] & mask, operand = a.operand[0] & mask;
  next[0] = operand;
  next[1] = a.operand[1];
  switch (a.op) {
    case AtomicOp::kLoad: return false;
    case AtomicOp::kStore: return true;
    case AtomicOp::kCompareSwap: return atomic_expected(a, old);
    case AtomicOp::kStoreExclusive:
      if (!atomic_expected(a, old)) next[0] = value, next[1] = old[1];
      return true;
    case AtomicOp::kAdd: next[0] = (value + operand) & mask; return true;
    case AtomicOp::kClear: next[0] = value & ~operand; return true;
    case AtomicOp::kEor: next[0] = value ^ operand; return true;
    case AtomicOp::kSet: next[0] = value | operand; return true;
    case AtomicOp::kSignedMax:
      next[0] = sign_extend(value, bits) > sign_extend(operand, bits) ? value : operand;
      return true;
    case AtomicOp::kSignedMin:
      next[0] = sign_extend(value, bits) > sign_extend(operand, bits) ? operand : value;
      return true;
    case AtomicOp::kUnsignedMax: next[0] = value > operand ? value : operand; return true;
    case AtomicOp::kUnsignedMin: next[0] = value > operand ? operand : value; return true;
    case AtomicOp::kSwap: return true;
  }
  return false;
}

// The access made of the policy's plain reads and writes: atomic where nothing else observes
// the memory (a GPU lane, which is a process of its own). 16 bytes are two 8-byte halves, which
// lie in one aligned 16-byte block, so the second cannot fault once the first has succeeded.
// Returns the access that failed (kRead: memory could not be read; kWrite: it had to be
// written and could not), or kNone.
template <class Memory>
W64_HD W64_INLINE AccessKind atomic_by_parts(Memory& mem, uint64_t address, AtomicAccess& a) {
  const unsigned part = a.size == 16 ? 8 : a.size;
  if (a.op != AtomicOp::kStore) {
    if (!mem.read(address, part, a.old[0])) return AccessKind::kRead;
    a.old[1] = 0;
    if (a.size == 16 && !mem.read(address + 8, 8, a.old[1])) return AccessKind::kRead;
  }
  uint64_t next[2];
  if (!atomic_next(a, a.old, next)) return AccessKind::kNone;
  if (!mem.write(address, part, next[0])) return AccessKind::kWrite;
  if (a.size == 16 && !mem.write(address + 8, 8, next[1])) return AccessKind::kWrite;
  return AccessKind::kNone;
}

}  // namespace warp64::core
