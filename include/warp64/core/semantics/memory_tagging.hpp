// Semantics of the Memory Tagging Extension instructions (FEAT_MTE, the instruction-only
// level: no allocation tag storage and no tag checking, that is no FEAT_MTE2).
//
// The modelled process runs at EL0 under Linux with allocation tag access disabled
// (SCTLR_EL1.ATA0 = 0, the state of every process that has not enabled MTE through prctl),
// so AArch64.AllocationTagAccessIsEnabled() is FALSE and the Arm ARM pseudocode reduces to:
// - AArch64.AddressWithAllocationTag(address, tag) gives the address with bits 59:56
//   cleared (IRG, ADDG, SUBG, LDG all insert tag 0);
// - AArch64.MemTag[] reads '0000' and writes nothing, but still translates the granule's
//   address, so an unmapped granule faults; a tag store also takes an Alignment fault when
//   the address is not a multiple of the 16-byte tag granule;
// - the data parts (STZG/STZ2G zeroing, STGP's pair) are ordinary stores.
// Rn = 31 is SP in every form; CheckSPAlignment is not modelled (as for the other loads and
// stores). A fault leaves registers and memory unchanged: permissions are checked before the
// first byte is written, and writeback happens last.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {
namespace mte {

inline constexpr unsigned kLog2TagGranule = 4;
inline constexpr uint64_t kTagGranule = 1ull << kLog2TagGranule;
inline constexpr uint64_t kTagBits = 0xFull << 56;  // the Logical Address Tag, bits 59:56

// AArch64.AddressWithAllocationTag with tag access disabled: the inserted tag is 0000.
W64_HD W64_INLINE uint64_t without_tag(uint64_t address) { return address & ~kTagBits; }

// AArch64.AllocationTagFromAddress.
W64_HD W64_INLINE unsigned tag_of(uint64_t address) { return static_cast<unsigned>((address >> 56) & 0xF); }

// Signed imm9 of the tag load/store class, scaled by the tag granule.
W64_HD W64_INLINE uint64_t granule_imm9(uint32_t insn) {
  return static_cast<uint64_t>(sign_extend(field(insn, 20, 12), 9)) << kLog2TagGranule;
}

// The translation step of AArch64.MemTag[] read: the granule must be readable. The tag it
// then reads is '0000'.
template <class Memory>
W64_HD W64_INLINE bool tag_granule_readable(Memory& mem, uint64_t address) {
  uint64_t ignored;
  return mem.read(address, 1, ignored);
}

// The translation step of AArch64.MemTag[] write: the granule must be writable. The policy
// has no separate permission query, so the granule's first byte is written back unchanged
// (a single hardware thread owns the memory, so nothing can change it in between).
template <class Memory>
W64_HD W64_INLINE bool tag_granule_writable(Memory& mem, uint64_t address) {
  uint64_t byte;
  return mem.read(address, 1, byte) && mem.write(address, 1, byte);
}

enum Index : unsigned { kOffset, kPre, kPost };

// STG, STZG, ST2G, STZ2G: kGranules tag stores (1 or 2) at address, the data of each granule
// zeroed first when kZero. The tag that Xt would give is never stored, so Xt is not read.
template <unsigned kGranules, bool kZero, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome store_tags(uint32_t insn, State& s, Memory& mem) {
  const unsigned n = rn(insn);
  const uint64_t offset = granule_imm9(insn);
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = kIndex == kPost ? base : base + offset;
  // The first tag write checks alignment; the data zeroing before it would not fault, but
  // the instruction ends in the same Alignment fault, so nothing is written at all.
  if (address & (kTagGranule - 1)) return Outcome::fault(address, AccessKind::kWrite);
  for (unsigned g = 0; g < kGranules; ++g) {
    const uint64_t granule = address + g * kTagGranule;
    if (!tag_granule_writable(mem, granule)) return Outcome::fault(granule, AccessKind::kWrite);
  }
  if (kZero) {
    for (unsigned g = 0; g < 2 * kGranules; ++g) {
      const uint64_t part = address + g * 8;
      if (!mem.write(part, 8, 0)) return Outcome::fault(part, AccessKind::kWrite);
    }
  }
  if (kIndex != kOffset) set_x_or_sp(s, n, base + offset);
  return Outcome::next();
}

// STGP: Xt and Xt2 (XZR at 31) to a 16-byte aligned granule, whose tag store is then a
// no-op; its translation is the one the data stores to the same granule already passed.
template <Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome store_tag_pair(uint32_t insn, State& s, Memory& mem) {
  const unsigned n = rn(insn);
  const uint64_t offset = static_cast<uint64_t>(sign_extend(field(insn, 21, 15), 7)) << kLog2TagGranule;
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = kIndex == kPost ? base : base + offset;
  if (address & (kTagGranule - 1)) return Outcome::fault(address, AccessKind::kWrite);
  // Both halves lie in one granule, so in one page: the second cannot fault alone.
  if (!tag_granule_writable(mem, address)) return Outcome::fault(address, AccessKind::kWrite);
  if (!mem.write(address, 8, x_or_zero(s, rt(insn)))) return Outcome::fault(address, AccessKind::kWrite);
  if (!mem.write(address + 8, 8, x_or_zero(s, rt2(insn)))) {
    return Outcome::fault(address + 8, AccessKind::kWrite);
  }
  if (kIndex != kOffset) set_x_or_sp(s, n, base + offset);
  return Outcome::next();
}

// ADDG, SUBG: Xn|SP plus or minus uimm6 granules; the tag that uimm4 would select from
// Xn's is replaced by 0000.
template <bool kSubtract, class State>
W64_HD W64_INLINE Outcome add_sub_tag(uint32_t insn, State& s) {
  const uint64_t offset = static_cast<uint64_t>(field(insn, 21, 16)) << kLog2TagGranule;
  const uint64_t operand1 = x_or_sp(s, rn(insn));
  const uint64_t result = kSubtract ? operand1 - offset : operand1 + offset;
  set_x_or_sp(s, rd(insn), without_tag(result));
  return Outcome::next();
}

// SUBP, SUBPS: the difference of the two 56-bit addresses, each sign-extended from bit 55.
template <bool kSetFlags, class State>
W64_HD W64_INLINE Outcome subtract_pointers(uint32_t insn, State& s) {
  const uint64_t operand1 = static_cast<uint64_t>(sign_extend(x_or_sp(s, rn(insn)) & low_mask(56), 56));
  const uint64_t operand2 = static_cast<uint64_t>(sign_extend(x_or_sp(s, rm(insn)) & low_mask(56), 56));
  const AddResult r = add_with_carry(operand1, ~operand2, 1, 64);
  if (kSetFlags) s.nzcv = r.nzcv;
  set_x_or_zero(s, rd(insn), r.value);
  return Outcome::next();
}

}  // namespace mte

// ---- Add/subtract (immediate, with tags) ----------------------------------------------
W64_SEMANTICS(ADDG) { return mte::add_sub_tag<false>(insn, s); }
W64_SEMANTICS(SUBG) { return mte::add_sub_tag<true>(insn, s); }

// ---- Data-processing (2 source) -------------------------------------------------------
W64_SEMANTICS(SUBP) { return mte::subtract_pointers<false>(insn, s); }
W64_SEMANTICS(SUBPS) { return mte::subtract_pointers<true>(insn, s); }

// IRG Xd|SP, Xn|SP, Xm: the random tag (from the excluded set in Xm and GCR_EL1) is only
// chosen when tag access is enabled; here the inserted tag is 0000.
W64_SEMANTICS(IRG) {
  set_x_or_sp(s, rd(insn), mte::without_tag(x_or_sp(s, rn(insn))));
  return Outcome::next();
}

// GMI Xd, Xn|SP, Xm: Xm with the bit of Xn's Logical Address Tag set.
W64_SEMANTICS(GMI) {
  const unsigned tag = mte::tag_of(x_or_sp(s, rn(insn)));
  set_x_or_zero(s, rd(insn), x_or_zero(s, rm(insn)) | (1ull << tag));
  return Outcome::next();
}

// ---- Load/store memory tags -----------------------------------------------------------
// LDG Xt, [Xn|SP, #simm]: the allocation tag of the granule holding the address, which
// reads as 0000, replaces Xt's Logical Address Tag. No writeback.
W64_SEMANTICS(LDG) {
  const uint64_t address = (x_or_sp(s, rn(insn)) + mte::granule_imm9(insn)) & ~(mte::kTagGranule - 1);
  if (!mte::tag_granule_readable(mem, address)) return Outcome::fault(address, AccessKind::kRead);
  set_x_or_zero(s, rt(insn), mte::without_tag(x_or_zero(s, rt(insn))));
  return Outcome::next();
}

W64_SEMANTICS(STG_post) { return mte::store_tags<1, false, mte::kPost>(insn, s, mem); }
W64_SEMANTICS(STG_off) { return mte::store_tags<1, false, mte::kOffset>(insn, s, mem); }
W64_SEMANTICS(STG_pre) { return mte::store_tags<1, false, mte::kPre>(insn, s, mem); }
W64_SEMANTICS(STZG_post) { return mte::store_tags<1, true, mte::kPost>(insn, s, mem); }
W64_SEMANTICS(STZG_off) { return mte::store_tags<1, true, mte::kOffset>(insn, s, mem); }
W64_SEMANTICS(STZG_pre) { return mte::store_tags<1, true, mte::kPre>(insn, s, mem); }
W64_SEMANTICS(ST2G_post) { return mte::store_tags<2, false, mte::kPost>(insn, s, mem); }
W64_SEMANTICS(ST2G_off) { return mte::store_tags<2, false, mte::kOffset>(insn, s, mem); }
W64_SEMANTICS(ST2G_pre) { return mte::store_tags<2, false, mte::kPre>(insn, s, mem); }
W64_SEMANTICS(STZ2G_post) { return mte::store_tags<2, true, mte::kPost>(insn, s, mem); }
W64_SEMANTICS(STZ2G_off) { return mte::store_tags<2, true, mte::kOffset>(insn, s, mem); }
W64_SEMANTICS(STZ2G_pre) { return mte::store_tags<2, true, mte::kPre>(insn, s, mem); }

// ---- Load/store register pair (STGP) --------------------------------------------------
W64_SEMANTICS(STGP_post) { return mte::store_tag_pair<mte::kPost>(insn, s, mem); }
W64_SEMANTICS(STGP_off) { return mte::store_tag_pair<mte::kOffset>(insn, s, mem); }
W64_SEMANTICS(STGP_pre) { return mte::store_tag_pair<mte::kPre>(insn, s, mem); }

}  // namespace warp64::core::sem
