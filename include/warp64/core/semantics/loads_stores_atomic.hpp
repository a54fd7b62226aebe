// Semantics of exclusive, load-acquire/store-release and LSE atomic encodings.
//
// Each guest thread runs alone, so acquire/release ordering has no observable effect beyond
// the access itself, and an atomic read-modify-write is a read followed by a write.
//
// Exclusive monitor: one local monitor per thread (CpuState::exclusive_*). A load-exclusive
// opens it on its address and total size; a store-exclusive succeeds only when it is open on
// exactly the same address and size, and closes it whether or not it succeeds. Ordinary stores
// (and atomics) do not close it: whether a PE's own non-exclusive store clears its local
// monitor is IMPLEMENTATION DEFINED, and with one thread no other observer can break the
// reservation. CLREX closes it.
//
// Alignment: every exclusive, load-acquire/store-release, CAS/CASP and atomic access must be
// aligned to its total size (a pair counts as one access) or it raises an alignment fault;
// LDAPUR/STLUR accept any alignment. Faults are reported as reads for loads and
// read-modify-writes, as writes for pure stores and for the write half of a read-modify-write
// that could read but not write. A faulting instruction changes no register, no memory and
// not the monitor.
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

// A pair whose total size is 16 bytes is accessed as two 8-byte halves. Being 16-byte aligned,
// both halves lie in one 16-byte block, which no mapping boundary splits, so the second half
// cannot fault once the first has succeeded.
template <class Memory>
W64_HD W64_INLINE bool atomic_read_pair(Memory& mem, uint64_t address, unsigned total, uint64_t& low, uint64_t& high) {
  if (total == 16) return mem.read(address, 8, low) && mem.read(address + 8, 8, high);
  uint64_t value;
  if (!mem.read(address, 8, value)) return false;
  low = value & 0xFFFFFFFFull;
  high = value >> 32;
  return true;
}

template <class Memory>
W64_HD W64_INLINE bool atomic_write_pair(Memory& mem, uint64_t address, unsigned total, uint64_t low, uint64_t high) {
  if (total == 16) return mem.write(address, 8, low) && mem.write(address + 8, 8, high);
  return mem.write(address, 8, (low & 0xFFFFFFFFull) | (high << 32));
}

// ---- Load/store exclusive register ---------------------------------------------------
// LDXR/LDAXR: size selects B/H/W/X; Rn may be SP.
// Loads the naturally aligned B/H/W/X (by size) at [Rn] into Rt, or faults.
template <class Memory, class State>
W64_HD W64_INLINE Outcome load_aligned_to_rt(uint32_t insn, State& s, Memory& mem, uint64_t& address, unsigned& bytes) {
  bytes = atomic_access_bytes(insn);
  address = x_or_sp(s, rn(insn));
  uint64_t value;
  if (!atomic_aligned(address, bytes) || !mem.read(address, bytes, value)) {
    return Outcome::fault(address, AccessKind::kRead);
  }
  set_loaded_register(s, rt(insn), value, bytes);
  return Outcome::next();
}

template <class Memory, class State>
W64_HD W64_INLINE Outcome load_exclusive(uint32_t insn, State& s, Memory& mem) {
  uint64_t address;
  unsigned bytes;
  const Outcome outcome = load_aligned_to_rt(insn, s, mem, address, bytes);
  if (outcome.flow != Flow::kNext) return outcome;
  s.exclusive_address = address;
  s.exclusive_size = bytes;
  s.exclusive_open = 1;
  return outcome;
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
// fault on it (AArch64.ExclusiveMonitorsPass).
template <bool kPair, class Memory, class State>
W64_HD W64_INLINE Outcome store_exclusive(uint32_t insn, State& s, Memory& mem) {
  const uint64_t address = x_or_sp(s, rn(insn));
  const uint64_t data1 = x_or_zero(s, rt(insn));
  const uint64_t data2 = kPair ? x_or_zero(s, rt2(insn)) : 0;
  // A pair (STXP) has 4- or 8-byte elements selected by bit 30.
  const unsigned total = kPair ? (bit(insn, 30) ? 16u : 8u) : atomic_access_bytes(insn);
  if (!atomic_aligned(address, total)) return Outcome::fault(address, AccessKind::kWrite);
  const bool pass = exclusive_monitor_pass(s, address, total);
  if (pass) {
    const bool written =
        kPair ? atomic_write_pair(mem, address, total, data1, data2) : mem.write(address, total, data1);
    if (!written) return Outcome::fault(address, AccessKind::kWrite);
  }
  s.exclusive_open = 0;
  set_x_or_zero(s, rs(insn), pass ? 0 : 1);  // Ws: 0 = stored, 1 = failed
  return Outcome::next();
}

// LDXP/LDAXP: Rt gets the element at the lower address. Rt == Rt2 is CONSTRAINED
// UNPREDICTABLE (Unpredictable_LDPOVERLAP: UNKNOWN value, UNDEFINED or NOP); as in Unicorn
// 2.0, Rt is written first and then Rt2, so the register ends with the second element.
template <class Memory, class State>
W64_HD W64_INLINE Outcome load_exclusive_pair(uint32_t insn, State& s, Memory& mem) {
  const uint64_t address = x_or_sp(s, rn(insn));
  const unsigned total = bit(insn, 30) ? 16u : 8u;
  uint64_t low, high;
  if (!atomic_aligned(address, total) || !atomic_read_pair(mem, address, total, low, high)) {
    return Outcome::fault(address, AccessKind::kRead);
  }
  set_x_or_zero(s, rt(insn), low);
  set_x_or_zero(s, rt2(insn), high);
  s.exclusive_address = address;
  s.exclusive_size = total;
  s.exclusive_open = 1;
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
  uint64_t address;
  unsigned bytes;
  return load_aligned_to_rt(insn, s, mem, address, bytes);
}

template <class Memory, class State>
W64_HD W64_INLINE Outcome store_release(uint32_t insn, State& s, Memory& mem) {
  const unsigned bytes = atomic_access_bytes(insn);
  const uint64_t address = x_or_sp(s, rn(insn));
  if (!atomic_aligned(address, bytes) || !mem.write(address, bytes, x_or_zero(s, rt(insn)))) {
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
// Address = Rn|SP + SignExtend(imm9); no alignment requirement in this model.
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
  if (!mem.write(address, bytes, x_or_zero(s, rt(insn)))) return Outcome::fault(address, AccessKind::kWrite);
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
  const uint64_t mask = low_mask(8 * bytes);
  const uint64_t address = x_or_sp(s, rn(insn));
  const uint64_t compare = x_or_zero(s, rs(insn)) & mask;
  const uint64_t replacement = x_or_zero(s, rt(insn)) & mask;
  uint64_t old;
  if (!atomic_aligned(address, bytes) || !mem.read(address, bytes, old)) {
    return Outcome::fault(address, AccessKind::kRead);
  }
  old &= mask;
  if (old == compare && !mem.write(address, bytes, replacement)) {
    return Outcome::fault(address, AccessKind::kWrite);
  }
  set_x_or_zero(s, rs(insn), old);
  return Outcome::next();
}

// CASP{A,L,AL}: the pair <Rs,Rs+1> is compared with the pair at [Rn|SP] (Rs's element at the
// lower address) and, when both match, <Rt,Rt+1> is stored. Odd Rs or Rt is UNDEFINED
// (Arm ARM decode: "if Rs<0> == '1' || Rt<0> == '1' then UNDEFINED"). Rs = 30 pairs with XZR.
template <class Memory, class State>
W64_HD W64_INLINE Outcome compare_and_swap_pair(uint32_t insn, State& s, Memory& mem) {
  const unsigned s1 = rs(insn), t1 = rt(insn);
  if ((s1 & 1) != 0 || (t1 & 1) != 0) return Outcome::undefined();
  const bool doubleword = bit(insn, 30);
  const unsigned total = doubleword ? 16u : 8u;
  const uint64_t mask = doubleword ? ~0ull : 0xFFFFFFFFull;
  const uint64_t address = x_or_sp(s, rn(insn));
  const uint64_t compare_low = x_or_zero(s, s1) & mask, compare_high = x_or_zero(s, s1 + 1) & mask;
  const uint64_t new_low = x_or_zero(s, t1) & mask, new_high = x_or_zero(s, t1 + 1) & mask;
  uint64_t low, high;
  if (!atomic_aligned(address, total) || !atomic_read_pair(mem, address, total, low, high)) {
    return Outcome::fault(address, AccessKind::kRead);
  }
  if (low == compare_low && high == compare_high && !atomic_write_pair(mem, address, total, new_low, new_high)) {
    return Outcome::fault(address, AccessKind::kWrite);
  }
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
// MemAtomic ops, numbered as o3:opc.
enum AtomicOp : unsigned {
  kAtomicAdd = 0,
  kAtomicClear = 1,
  kAtomicEor = 2,
  kAtomicSet = 3,
  kAtomicSignedMax = 4,
  kAtomicSignedMin = 5,
  kAtomicUnsignedMax = 6,
  kAtomicUnsignedMin = 7,
  kAtomicSwap = 8,
};

// LD<op>{A,L,AL}{B,H,} and SWP: [Rn|SP] = op(old, Rs) at the access size; Rt receives the
// old element zero-extended (Rt = 31 discards it: the ST<op> aliases). Signed max/min compare
// the elements as signed values of the access size.
template <unsigned kOp, class Memory, class State>
W64_HD W64_INLINE Outcome atomic_memory_op(uint32_t insn, State& s, Memory& mem) {
  const unsigned bytes = atomic_access_bytes(insn);
  const unsigned bits = 8 * bytes;
  const uint64_t mask = low_mask(bits);
  const uint64_t address = x_or_sp(s, rn(insn));
  const uint64_t operand = x_or_zero(s, rs(insn)) & mask;
  uint64_t old;
  if (!atomic_aligned(address, bytes) || !mem.read(address, bytes, old)) {
    return Outcome::fault(address, AccessKind::kRead);
  }
  old &= mask;
  uint64_t result = 0;
  switch (kOp) {
    case kAtomicAdd: result = (old + operand) & mask; break;
    case kAtomicClear: result = old & ~operand; break;
    case kAtomicEor: result = old ^ operand; break;
    case kAtomicSet: result = old | operand; break;
    case kAtomicSignedMax: result = sign_extend(old, bits) > sign_extend(operand, bits) ? old : operand; break;
    case kAtomicSignedMin: result = sign_extend(old, bits) > sign_extend(operand, bits) ? operand : old; break;
    case kAtomicUnsignedMax: result = old > operand ? old : operand; break;
    case kAtomicUnsignedMin: result = old > operand ? operand : old; break;
    default: result = operand; break;  // SWP
  }
  if (!mem.write(address, bytes, result)) return Outcome::fault(address, AccessKind::kWrite);
  set_x_or_zero(s, rt(insn), old);
  return Outcome::next();
}

#define W64_ATOMIC_SEMANTICS(name, op)                                  \
  W64_SEMANTICS(name) { return atomic_memory_op<op>(insn, s, mem); }    \
  W64_SEMANTICS(name##A) { return atomic_memory_op<op>(insn, s, mem); } \
  W64_SEMANTICS(name##L) { return atomic_memory_op<op>(insn, s, mem); } \
  W64_SEMANTICS(name##AL) { return atomic_memory_op<op>(insn, s, mem); }

W64_ATOMIC_SEMANTICS(LDADD, kAtomicAdd)
W64_ATOMIC_SEMANTICS(LDCLR, kAtomicClear)
W64_ATOMIC_SEMANTICS(LDEOR, kAtomicEor)
W64_ATOMIC_SEMANTICS(LDSET, kAtomicSet)
W64_ATOMIC_SEMANTICS(LDSMAX, kAtomicSignedMax)
W64_ATOMIC_SEMANTICS(LDSMIN, kAtomicSignedMin)
W64_ATOMIC_SEMANTICS(LDUMAX, kAtomicUnsignedMax)
W64_ATOMIC_SEMANTICS(LDUMIN, kAtomicUnsignedMin)
W64_ATOMIC_SEMANTICS(SWP, kAtomicSwap)

#undef W64_ATOMIC_SEMANTICS

}  // namespace warp64::core::sem
