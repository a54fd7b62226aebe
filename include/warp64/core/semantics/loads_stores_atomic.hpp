// Semantics of exclusive, load-acquire/store-release and LSE atomic encodings.
//
// Each of these accesses is one AtomicAccess (atomic_access.hpp), which the memory policy
// performs indivisibly and in order with respect to every other thread sharing the memory, so
// that acquire/release, exclusives and atomics hold across host threads; a GPU lane, a process
// of its own, performs them as plain reads and writes.
//
// Exclusive monitor: one local monitor per thread (CpuState::exclusive_*). A load-exclusive
// opens it on its address and total size and records the value it read; a store-exclusive
// succeeds only when it is open on exactly that address and size and memory still holds the
// recorded value, which it checks and replaces in one compare-and-swap (as qemu does), and it
// closes the monitor whether or not it succeeds. So a store, by this thread or another, that
// changes the value in between makes it fail, and one that leaves or puts back the same value
// does not: whether a PE's own store clears its local monitor is IMPLEMENTATION DEFINED (Arm
// ARM B2.9), but hardware's global monitor fails a store-exclusive after another thread's
// store of the same value, which passes here (ABA; docs/threads.md). CLREX closes the monitor.
//
// Alignment: every exclusive, load-acquire/store-release, CAS/CASP and atomic access must be
// aligned to its total size (a pair counts as one access) or it raises an alignment fault;
// LDAPUR/STLUR accept any alignment. Faults are reported as reads for loads and
// read-modify-writes, as writes for pure stores and store-exclusives and for the write half of
// a read-modify-write that could read but not write. A faulting instruction changes no
// register, no memory and not the monitor.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {

// ---- helpers ----------------------------------------------------------------------------
W64_HD W64_INLINE bool atomic_aligned(uint64_t address, unsigned bytes) { return (address & (bytes - 1)) == 0; }

// Access size in bytes from the size field (bits 31:30).
W64_HD W64_INLINE unsigned atomic_access_bytes(uint32_t insn) { return 1u << field(insn, 31, 30); }

// Register view of a loaded element: X for 64-bit data, otherwise a W write (zero-extended).
template <class State>
W64_HD W64_INLINE void set_loaded_register(State& s, unsigned r, uint64_t value, unsigned bytes) {
  set_x_or_zero(s, r, value & low_mask(8 * bytes));
}

// A pair's two elements as one access's value: a pair of words is one doubleword (the first
// element in the low half), a pair of doublewords the two halves of 16 bytes.
W64_HD W64_INLINE void pack_pair(unsigned total, uint64_t first, uint64_t second, uint64_t (&value)[2]) {
  value[0] = total == 16 ? first : (first & 0xFFFFFFFFull) | (second << 32);
  value[1] = total == 16 ? second : 0;
}
W64_HD W64_INLINE void unpack_pair(unsigned total, const uint64_t (&value)[2], uint64_t& first, uint64_t& second) {
  first = total == 16 ? value[0] : value[0] & 0xFFFFFFFFull;
  second = total == 16 ? value[1] : value[0] >> 32;
}

// ---- Load/store exclusive register ---------------------------------------------------
// LDXR/LDAXR (size selects B/H/W/X) and LDXP/LDAXP (`total` bytes): reads the naturally
// aligned bytes at [Rn|SP] and opens the monitor on them, or faults.
template <class Memory, class State>
W64_HD W64_INLINE bool load_exclusive_value(State& s, Memory& mem, uint64_t address, unsigned total,
                                            uint64_t (&value)[2]) {
  AtomicAccess access{AtomicOp::kLoad, total, {0, 0}, {0, 0}, {0, 0}};
  if (!atomic_aligned(address, total) || mem.atomic(address, access) != AccessKind::kNone) return false;
  value[0] = access.old[0];
  value[1] = access.old[1];
  s.exclusive_address = address;
  s.exclusive_size = total;
  s.exclusive_open = 1;
  s.exclusive_value[0] = value[0];
  s.exclusive_value[1] = value[1];
  return true;
}

template <class Memory, class State>
W64_HD W64_INLINE Outcome load_exclusive(uint32_t insn, State& s, Memory& mem) {
  const unsigned bytes = atomic_access_bytes(insn);
  const uint64_t address = x_or_sp(s, rn(insn));
  uint64_t value[2];
  if (!load_exclusive_value(s, mem, address, bytes, value)) return Outcome::fault(address, AccessKind::kRead);
  set_loaded_register(s, rt(insn), value[0], bytes);
  return Outcome::next();
}

// True when a store-exclusive of `bytes` at `address` may write; closes the monitor.
template <class State>
W64_HD W64_INLINE bool exclusive_monitor_pass(const State& s, uint64_t address, unsigned bytes) {
  return s.exclusive_open != 0 && s.exclusive_address == address && s.exclusive_size == bytes;
}

// STXR/STLXR and STXP/STLXP. Ws = Rt (or Rt2) and Ws = Rn (Rn != SP) are CONSTRAINED
// UNPREDICTABLE (Unpredictable_DATAOVERLAP / BASEOVERLAP: store the original value, store an
// UNKNOWN value, UNDEFINED or NOP); this takes Constraint_NONE, as Unicorn 2.0 does: address and
// data are the registers' values before the status is written. The alignment check comes
// first; a store-exclusive whose monitor check fails does not access memory and so cannot
// fault on it (AArch64.ExclusiveMonitorsPass), one whose check passes needs write permission.
template <bool kPair, class Memory, class State>
W64_HD W64_INLINE Outcome store_exclusive(uint32_t insn, State& s, Memory& mem) {
  const uint64_t address = x_or_sp(s, rn(insn));
  const uint64_t data1 = x_or_zero(s, rt(insn));
  const uint64_t data2 = kPair ? x_or_zero(s, rt2(insn)) : 0;
  // A pair (STXP) has 4- or 8-byte elements selected by bit 30.
  const unsigned total = kPair ? (bit(insn, 30) ? 16u : 8u) : atomic_access_bytes(insn);
  if (!atomic_aligned(address, total)) return Outcome::fault(address, AccessKind::kWrite);
  bool stored = false;
  if (exclusive_monitor_pass(s, address, total)) {
    AtomicAccess access{
        AtomicOp::kStoreExclusive, total, {data1, 0}, {s.exclusive_value[0], s.exclusive_value[1]}, {0, 0}};
    if (kPair) pack_pair(total, data1, data2, access.operand);
    if (mem.atomic(address, access) != AccessKind::kNone) {
      return Outcome::fault(address, AccessKind::kWrite);
    }
    stored = atomic_expected(access, access.old);
  }
  s.exclusive_open = 0;
  set_x_or_zero(s, rs(insn), stored ? 0 : 1);  // Ws: 0 = stored, 1 = failed
  return Outcome::next();
}

// LDXP/LDAXP: Rt gets the element at the lower address. Rt == Rt2 is CONSTRAINED
// UNPREDICTABLE (Unpredictable_LDPOVERLAP: UNKNOWN value, UNDEFINED or NOP); as in Unicorn
// 2.0, Rt is written first and then Rt2, so the register ends with the second element.
template <class Memory, class State>
W64_HD W64_INLINE Outcome load_exclusive_pair(uint32_t insn, State& s, Memory& mem) {
  const uint64_t address = x_or_sp(s, rn(insn));
  const unsigned total = bit(insn, 30) ? 16u : 8u;
  uint64_t value[2];
  if (!load_exclusive_value(s, mem, address, total, value)) return Outcome::fault(address, AccessKind::kRead);
  uint64_t low, high;
  unpack_pair(total, value, low, high);
  set_x_or_zero(s, rt(insn), low);
  set_x_or_zero(s, rt2(insn), high);
  return Outcome::next();
}

W64_SEMANTICS(LDXR) { return load_exclusive(insn, s, mem); }
W64_SEMANTICS(LDAXR) { return load_exclusive(insn, s, mem); }
W64_SEMANTICS(STXR) { return store_exclusive<false>(insn, s, mem); }
W64_SEMANTICS(STLXR) { return store_exclusive<false>(insn, s, mem); }
W64_SEMANTICS(LDXP) { return load_exclusive_pair(insn, s, mem); }
W64_SEMANTICS(LDAXP) { return load_exclusive_pair(insn, s, mem); }
W64_SEMANTICS(STXP) { return store_exclusive<true>(insn, s, mem); }
W64_SEMANTICS(STLXP) { return store_exclusive<true>(insn, s, mem); }

// ---- Load-acquire / store-release ------------------------------------------------------
// LDAR/LDLAR/LDAPR (B/H/W/X by size): without LORegions, LoadLOAcquire is Load-Acquire, and
// RCpc only weakens ordering against other observers.
template <class Memory, class State>
W64_HD W64_INLINE Outcome load_acquire(uint32_t insn, State& s, Memory& mem) {
  const unsigned bytes = atomic_access_bytes(insn);
  const uint64_t address = x_or_sp(s, rn(insn));
  AtomicAccess access{AtomicOp::kLoad, bytes, {0, 0}, {0, 0}, {0, 0}};
  if (!atomic_aligned(address, bytes) || mem.atomic(address, access) != AccessKind::kNone) {
    return Outcome::fault(address, AccessKind::kRead);
  }
  set_loaded_register(s, rt(insn), access.old[0], bytes);
  return Outcome::next();
}

template <class Memory, class State>
W64_HD W64_INLINE Outcome store_release(uint32_t insn, State& s, Memory& mem) {
  const unsigned bytes = atomic_access_bytes(insn);
  const uint64_t address = x_or_sp(s, rn(insn));
  AtomicAccess access{AtomicOp::kStore, bytes, {x_or_zero(s, rt(insn)), 0}, {0, 0}, {0, 0}};
  if (!atomic_aligned(address, bytes) || mem.atomic(address, access) != AccessKind::kNone) {
    return Outcome::fault(address, AccessKind::kWrite);
  }
  return Outcome::next();
}

W64_SEMANTICS(LDAR) { return load_acquire(insn, s, mem); }
W64_SEMANTICS(LDLAR) { return load_acquire(insn, s, mem); }
W64_SEMANTICS(LDAPR) { return load_acquire(insn, s, mem); }
W64_SEMANTICS(STLR) { return store_release(insn, s, mem); }
W64_SEMANTICS(STLLR) { return store_release(insn, s, mem); }

// ---- LDAPR/STLR (unscaled immediate) ----------------------------------------------------
// Address = Rn|SP + SignExtend(imm9); no alignment requirement in this model, so these are
// plain accesses that barriers order: the load before every later access, the store after
// every earlier one and before every later one (a later LDAR may not pass a store-release).
template <class State>
W64_HD W64_INLINE uint64_t rcpc_unscaled_address(uint32_t insn, const State& s) {
  return x_or_sp(s, rn(insn)) + static_cast<uint64_t>(sign_extend(field(insn, 20, 12), 9));
}

// kSignedWidth: 0 = zero-extend; 32 or 64 = sign-extend the element to that register width
// (a 32-bit result is then zero-extended into the X register).
template <unsigned kSignedWidth, class Memory, class State>
W64_HD W64_INLINE Outcome load_rcpc_unscaled(uint32_t insn, State& s, Memory& mem) {
  const unsigned bytes = atomic_access_bytes(insn);
  const uint64_t address = rcpc_unscaled_address(insn, s);
  uint64_t value;
  if (!mem.read(address, bytes, value)) return Outcome::fault(address, AccessKind::kRead);
  mem.barrier();
  value &= low_mask(8 * bytes);
  if (kSignedWidth != 0) {
    value = static_cast<uint64_t>(sign_extend(value, 8 * bytes)) & low_mask(kSignedWidth);
  }
  set_x_or_zero(s, rt(insn), value);
  return Outcome::next();
}

W64_SEMANTICS(STLUR) {
  const unsigned bytes = atomic_access_bytes(insn);
  const uint64_t address = rcpc_unscaled_address(insn, s);
  mem.barrier();
  if (!mem.write(address, bytes, x_or_zero(s, rt(insn)))) return Outcome::fault(address, AccessKind::kWrite);
  mem.barrier();
  return Outcome::next();
}
W64_SEMANTICS(LDAPUR) { return load_rcpc_unscaled<0>(insn, s, mem); }
W64_SEMANTICS(LDAPURS_x) { return load_rcpc_unscaled<64>(insn, s, mem); }
W64_SEMANTICS(LDAPURSW) { return load_rcpc_unscaled<64>(insn, s, mem); }
W64_SEMANTICS(LDAPURS_w) { return load_rcpc_unscaled<32>(insn, s, mem); }

// ---- Compare and swap ------------------------------------------------------------------
// CAS{A,L,AL}{B,H,}: compares the element at [Rn|SP] with Rs and, when equal, stores Rt; Rs
// receives the old element (zero-extended). The architecture allows the store to happen
// with the old value on a mismatch; this model does not store.
template <class Memory, class State>
W64_HD W64_INLINE Outcome compare_and_swap(uint32_t insn, State& s, Memory& mem) {
  const unsigned bytes = atomic_access_bytes(insn);
  const uint64_t address = x_or_sp(s, rn(insn));
  AtomicAccess access{AtomicOp::kCompareSwap, bytes, {x_or_zero(s, rt(insn)), 0}, {x_or_zero(s, rs(insn)), 0}, {0, 0}};
  if (!atomic_aligned(address, bytes)) return Outcome::fault(address, AccessKind::kRead);
  const AccessKind failed = mem.atomic(address, access);
  if (failed != AccessKind::kNone) return Outcome::fault(address, failed);
  set_x_or_zero(s, rs(insn), access.old[0] & low_mask(8 * bytes));
  return Outcome::next();
}

// CASP{A,L,AL}: the pair <Rs,Rs+1> is compared with the pair at [Rn|SP] (Rs's element at the
// lower address) and, when both match, <Rt,Rt+1> is stored. Odd Rs or Rt is UNDEFINED
// (Arm ARM decode: "if Rs<0> == '1' || Rt<0> == '1' then UNDEFINED"). Rs = 30 pairs with XZR.
template <class Memory, class State>
W64_HD W64_INLINE Outcome compare_and_swap_pair(uint32_t insn, State& s, Memory& mem) {
  const unsigned s1 = rs(insn), t1 = rt(insn);
  if ((s1 & 1) != 0 || (t1 & 1) != 0) return Outcome::undefined();
  const unsigned total = bit(insn, 30) ? 16u : 8u;
  const uint64_t address = x_or_sp(s, rn(insn));
  AtomicAccess access{AtomicOp::kCompareSwap, total, {0, 0}, {0, 0}, {0, 0}};
  pack_pair(total, x_or_zero(s, t1), x_or_zero(s, t1 + 1), access.operand);
  pack_pair(total, x_or_zero(s, s1), x_or_zero(s, s1 + 1), access.expected);
  if (!atomic_aligned(address, total)) return Outcome::fault(address, AccessKind::kRead);
  const AccessKind failed = mem.atomic(address, access);
  if (failed != AccessKind::kNone) return Outcome::fault(address, failed);
  uint64_t low, high;
  unpack_pair(total, access.old, low, high);
  set_x_or_zero(s, s1, low);
  set_x_or_zero(s, s1 + 1, high);
  return Outcome::next();
}

W64_SEMANTICS(CAS) { return compare_and_swap(insn, s, mem); }
W64_SEMANTICS(CASA) { return compare_and_swap(insn, s, mem); }
W64_SEMANTICS(CASL) { return compare_and_swap(insn, s, mem); }
W64_SEMANTICS(CASAL) { return compare_and_swap(insn, s, mem); }
W64_SEMANTICS(CASP) { return compare_and_swap_pair(insn, s, mem); }
W64_SEMANTICS(CASPA) { return compare_and_swap_pair(insn, s, mem); }
W64_SEMANTICS(CASPL) { return compare_and_swap_pair(insn, s, mem); }
W64_SEMANTICS(CASPAL) { return compare_and_swap_pair(insn, s, mem); }

// ---- Atomic memory operations ------------------------------------------------------------
// LD<op>{A,L,AL}{B,H,} and SWP: [Rn|SP] = op(old, Rs) at the access size; Rt receives the
// old element zero-extended (Rt = 31 discards it: the ST<op> aliases). Signed max/min compare
// the elements as signed values of the access size (atomic_next).
template <AtomicOp kOp, class Memory, class State>
W64_HD W64_INLINE Outcome atomic_memory_op(uint32_t insn, State& s, Memory& mem) {
  const unsigned bytes = atomic_access_bytes(insn);
  const uint64_t address = x_or_sp(s, rn(insn));
  AtomicAccess access{kOp, bytes, {x_or_zero(s, rs(insn)), 0}, {0, 0}, {0, 0}};
  if (!atomic_aligned(address, bytes)) return Outcome::fault(address, AccessKind::kRead);
  const AccessKind failed = mem.atomic(address, access);
  if (failed != AccessKind::kNone) return Outcome::fault(address, failed);
  set_x_or_zero(s, rt(insn), access.old[0] & low_mask(8 * bytes));
  return Outcome::next();
}

#define W64_ATOMIC_SEMANTICS(name, op)                                  \
  W64_SEMANTICS(name) { return atomic_memory_op<op>(insn, s, mem); }    \
  W64_SEMANTICS(name##A) { return atomic_memory_op<op>(insn, s, mem); } \
  W64_SEMANTICS(name##L) { return atomic_memory_op<op>(insn, s, mem); } \
  W64_SEMANTICS(name##AL) { return atomic_memory_op<op>(insn, s, mem); }

W64_ATOMIC_SEMANTICS(LDADD, AtomicOp::kAdd)
W64_ATOMIC_SEMANTICS(LDCLR, AtomicOp::kClear)
W64_ATOMIC_SEMANTICS(LDEOR, AtomicOp::kEor)
W64_ATOMIC_SEMANTICS(LDSET, AtomicOp::kSet)
W64_ATOMIC_SEMANTICS(LDSMAX, AtomicOp::kSignedMax)
W64_ATOMIC_SEMANTICS(LDSMIN, AtomicOp::kSignedMin)
W64_ATOMIC_SEMANTICS(LDUMAX, AtomicOp::kUnsignedMax)
W64_ATOMIC_SEMANTICS(LDUMIN, AtomicOp::kUnsignedMin)
W64_ATOMIC_SEMANTICS(SWP, AtomicOp::kSwap)

#undef W64_ATOMIC_SEMANTICS

}  // namespace warp64::core::sem
