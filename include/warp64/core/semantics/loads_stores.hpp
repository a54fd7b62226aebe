// Semantics of the "Loads and stores" encodings for general-purpose registers: single
// registers in every addressing form, register pairs and PC-relative literals.
//
// Base register: Rn = 31 is SP in every form; Rt and Rt2 = 31 are XZR (store zero, discard
// a load). All data is little-endian and any alignment is accepted. SP alignment checking
// (CheckSPAlignment under SCTLR_EL1.SA0) is not modelled, like QEMU/Unicorn.
//
// A faulting access leaves every register unchanged: all reads happen before any register
// is written, and writeback happens last.
//
// CONSTRAINED UNPREDICTABLE cases (Arm ARM, "CONSTRAINED UNPREDICTABLE behaviors" for the
// load/store instructions), resolved as QEMU/Unicorn 2 resolve them:
// - Load with writeback, Rn == Rt (or Rt2), Rn != 31 (Unpredictable_WBOVERLAPLD; permitted:
//   WBSUPPRESS, UNKNOWN, UNDEF, NOP): UNKNOWN value in Rt, namely the written-back address,
//   since writeback follows the register load.
// - Store with writeback, Rn == Rt (or Rt2), Rn != 31 (Unpredictable_WBOVERLAPST; permitted:
//   NONE, UNKNOWN, UNDEF, NOP): NONE, the original value of Rn is stored.
// - Load pair with Rt == Rt2 (Unpredictable_LDPOVERLAP; permitted: UNKNOWN, UNDEF, NOP):
//   UNKNOWN value in Rt, namely the first (lower-address) element.
#pragma once

#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {
namespace ldst {

// How a loaded value of kBytes fills the destination register.
enum Extend : unsigned {
  kZero,      // LDRB, LDRH, LDR Wt/Xt, LDP: zero-extend to 64 bits
  kSigned32,  // LDRSB/LDRSH Wt: sign-extend to 32 bits; the W write clears bits 63:32
  kSigned64,  // LDRSB/LDRSH/LDRSW Xt, LDPSW: sign-extend to 64 bits
};

// Where the access is relative to the base register, and whether the base is written back.
enum Index : unsigned {
  kOffset,  // base + offset, base unchanged
  kPre,     // base + offset, then base = base + offset
  kPost,    // base, then base = base + offset
};

W64_HD W64_INLINE constexpr unsigned size_log2(unsigned bytes) {
  return bytes == 1 ? 0 : bytes == 2 ? 1 : bytes == 4 ? 2 : bytes == 8 ? 3 : 4;
}

template <unsigned kBytes, Extend kExtend>
W64_HD W64_INLINE uint64_t extend_loaded(uint64_t data) {
  data &= low_mask(8 * kBytes);
  if constexpr (kExtend == kZero) {
    return data;
  } else {
    const uint64_t extended = static_cast<uint64_t>(sign_extend(data, 8 * kBytes));
    return kExtend == kSigned32 ? extended & low_mask(32) : extended;
  }
}

// Unsigned imm12 (bits 21:10), scaled by the access size.
template <unsigned kBytes>
W64_HD W64_INLINE uint64_t scaled_imm12(uint32_t insn) {
  return static_cast<uint64_t>(field(insn, 21, 10)) * kBytes;
}

// Signed, unscaled imm9 (bits 20:12) of the unscaled, indexed and unprivileged forms.
W64_HD W64_INLINE uint64_t imm9(uint32_t insn) { return static_cast<uint64_t>(sign_extend(field(insn, 20, 12), 9)); }

// ExtendReg(Rm, option, S ? log2(size) : 0) with Rm = 31 as XZR. The encodings fix
// option<1> = 1 (UXTW, UXTX/LSL, SXTW, SXTX); the sub-word options are unallocated.
template <unsigned kBytes, class State>
W64_HD W64_INLINE uint64_t register_offset(uint32_t insn, const State& s) {
  const unsigned shift = bit(insn, 12) ? size_log2(kBytes) : 0;
  return extend_value(x_or_zero(s, rm(insn)), field(insn, 15, 13), shift, 64);
}

// Signed imm7 (bits 21:15) of the pair forms, scaled by the size of one register.
template <unsigned kBytes>
W64_HD W64_INLINE uint64_t scaled_imm7(uint32_t insn) {
  return static_cast<uint64_t>(sign_extend(field(insn, 21, 15), 7)) * kBytes;
}

template <Index kIndex>
W64_HD W64_INLINE uint64_t access_address(uint64_t base, uint64_t offset) {
  return kIndex == kPost ? base : base + offset;
}

// Writeback is the last step of every indexed form, after any register load, so a base that
// is also a destination ends up holding the written-back address (see the file comment).
template <Index kIndex, class State>
W64_HD W64_INLINE void write_back(State& s, unsigned n, uint64_t base, uint64_t offset) {
  if constexpr (kIndex != kOffset) set_x_or_sp(s, n, base + offset);
}

template <unsigned kBytes, Extend kExtend, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome load(uint32_t insn, State& s, Memory& mem, uint64_t offset) {
  const unsigned n = rn(insn);
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = access_address<kIndex>(base, offset);
  uint64_t data;
  if (!mem.read(address, kBytes, data)) return Outcome::fault(address, AccessKind::kRead);
  set_x_or_zero(s, rt(insn), extend_loaded<kBytes, kExtend>(data));
  write_back<kIndex>(s, n, base, offset);
  return Outcome::next();
}

template <unsigned kBytes, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome store(uint32_t insn, State& s, Memory& mem, uint64_t offset) {
  const unsigned n = rn(insn);
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = access_address<kIndex>(base, offset);
  if (!mem.write(address, kBytes, x_or_zero(s, rt(insn)))) {
    return Outcome::fault(address, AccessKind::kWrite);
  }
  write_back<kIndex>(s, n, base, offset);
  return Outcome::next();
}

// PC-relative literal: PC + SignExtend(imm19:'00').
template <unsigned kBytes, Extend kExtend, class State, class Memory>
W64_HD W64_INLINE Outcome load_literal(uint32_t insn, State& s, Memory& mem) {
  const uint64_t address =
      s.pc + static_cast<uint64_t>(sign_extend(static_cast<uint64_t>(field(insn, 23, 5)) << 2, 21));
  uint64_t data;
  if (!mem.read(address, kBytes, data)) return Outcome::fault(address, AccessKind::kRead);
  set_x_or_zero(s, rt(insn), extend_loaded<kBytes, kExtend>(data));
  return Outcome::next();
}

// A pair is two accesses of kBytes each; a fault is reported at the half that failed.
template <unsigned kBytes, Extend kExtend, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome load_pair(uint32_t insn, State& s, Memory& mem) {
  const unsigned n = rn(insn);
  const uint64_t offset = scaled_imm7<kBytes>(insn);
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = access_address<kIndex>(base, offset);
  uint64_t data1, data2;
  if (!mem.read(address, kBytes, data1)) return Outcome::fault(address, AccessKind::kRead);
  if (!mem.read(address + kBytes, kBytes, data2)) {
    return Outcome::fault(address + kBytes, AccessKind::kRead);
  }
  // Rt2 first, so that Rt == Rt2 keeps the first element.
  set_x_or_zero(s, rt2(insn), extend_loaded<kBytes, kExtend>(data2));
  set_x_or_zero(s, rt(insn), extend_loaded<kBytes, kExtend>(data1));
  write_back<kIndex>(s, n, base, offset);
  return Outcome::next();
}

// When only the second half faults, the first half has already been stored (as with
// QEMU/Unicorn); the registers, base included, are unchanged.
template <unsigned kBytes, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome store_pair(uint32_t insn, State& s, Memory& mem) {
  const unsigned n = rn(insn);
  const uint64_t offset = scaled_imm7<kBytes>(insn);
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = access_address<kIndex>(base, offset);
  if (!mem.write(address, kBytes, x_or_zero(s, rt(insn)))) {
    return Outcome::fault(address, AccessKind::kWrite);
  }
  if (!mem.write(address + kBytes, kBytes, x_or_zero(s, rt2(insn)))) {
    return Outcome::fault(address + kBytes, AccessKind::kWrite);
  }
  write_back<kIndex>(s, n, base, offset);
  return Outcome::next();
}

// One helper per addressing form, so that each encoding's semantics is a single call.
template <unsigned kBytes, Extend kExtend, class State, class Memory>
W64_HD W64_INLINE Outcome load_uimm(uint32_t insn, State& s, Memory& mem) {
  return load<kBytes, kExtend, kOffset>(insn, s, mem, scaled_imm12<kBytes>(insn));
}
template <unsigned kBytes, class State, class Memory>
W64_HD W64_INLINE Outcome store_uimm(uint32_t insn, State& s, Memory& mem) {
  return store<kBytes, kOffset>(insn, s, mem, scaled_imm12<kBytes>(insn));
}
// Unscaled (kOffset), unprivileged (kOffset), post- and pre-indexed forms.
template <unsigned kBytes, Extend kExtend, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome load_imm9(uint32_t insn, State& s, Memory& mem) {
  return load<kBytes, kExtend, kIndex>(insn, s, mem, imm9(insn));
}
template <unsigned kBytes, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome store_imm9(uint32_t insn, State& s, Memory& mem) {
  return store<kBytes, kIndex>(insn, s, mem, imm9(insn));
}
template <unsigned kBytes, Extend kExtend, class State, class Memory>
W64_HD W64_INLINE Outcome load_reg(uint32_t insn, State& s, Memory& mem) {
  return load<kBytes, kExtend, kOffset>(insn, s, mem, register_offset<kBytes>(insn, s));
}
template <unsigned kBytes, class State, class Memory>
W64_HD W64_INLINE Outcome store_reg(uint32_t insn, State& s, Memory& mem) {
  return store<kBytes, kOffset>(insn, s, mem, register_offset<kBytes>(insn, s));
}

}  // namespace ldst

// ---- Load/store register (unsigned immediate) ----------------------------------------
W64_SEMANTICS(STRB_uimm) { return ldst::store_uimm<1>(insn, s, mem); }
W64_SEMANTICS(LDRB_uimm) { return ldst::load_uimm<1, ldst::kZero>(insn, s, mem); }
W64_SEMANTICS(LDRSB_X_uimm) { return ldst::load_uimm<1, ldst::kSigned64>(insn, s, mem); }
W64_SEMANTICS(LDRSB_W_uimm) { return ldst::load_uimm<1, ldst::kSigned32>(insn, s, mem); }
W64_SEMANTICS(STRH_uimm) { return ldst::store_uimm<2>(insn, s, mem); }
W64_SEMANTICS(LDRH_uimm) { return ldst::load_uimm<2, ldst::kZero>(insn, s, mem); }
W64_SEMANTICS(LDRSH_X_uimm) { return ldst::load_uimm<2, ldst::kSigned64>(insn, s, mem); }
W64_SEMANTICS(LDRSH_W_uimm) { return ldst::load_uimm<2, ldst::kSigned32>(insn, s, mem); }
W64_SEMANTICS(STR_W_uimm) { return ldst::store_uimm<4>(insn, s, mem); }
W64_SEMANTICS(LDR_W_uimm) { return ldst::load_uimm<4, ldst::kZero>(insn, s, mem); }
W64_SEMANTICS(LDRSW_uimm) { return ldst::load_uimm<4, ldst::kSigned64>(insn, s, mem); }
W64_SEMANTICS(STR_X_uimm) { return ldst::store_uimm<8>(insn, s, mem); }
W64_SEMANTICS(LDR_X_uimm) { return ldst::load_uimm<8, ldst::kZero>(insn, s, mem); }
// Prefetches are hints: no access is made, so no address can fault.
W64_SEMANTICS(PRFM_uimm) { return Outcome::next(); }

// ---- Load/store register (unscaled immediate) ----------------------------------------
W64_SEMANTICS(STURB) { return ldst::store_imm9<1, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDURB) { return ldst::load_imm9<1, ldst::kZero, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDURSB_X) { return ldst::load_imm9<1, ldst::kSigned64, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDURSB_W) { return ldst::load_imm9<1, ldst::kSigned32, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(STURH) { return ldst::store_imm9<2, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDURH) { return ldst::load_imm9<2, ldst::kZero, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDURSH_X) { return ldst::load_imm9<2, ldst::kSigned64, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDURSH_W) { return ldst::load_imm9<2, ldst::kSigned32, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(STUR_W) { return ldst::store_imm9<4, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDUR_W) { return ldst::load_imm9<4, ldst::kZero, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDURSW) { return ldst::load_imm9<4, ldst::kSigned64, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(STUR_X) { return ldst::store_imm9<8, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDUR_X) { return ldst::load_imm9<8, ldst::kZero, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(PRFUM) { return Outcome::next(); }

// ---- Load/store register (immediate post-indexed) ------------------------------------
W64_SEMANTICS(STRB_post) { return ldst::store_imm9<1, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDRB_post) { return ldst::load_imm9<1, ldst::kZero, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDRSB_X_post) { return ldst::load_imm9<1, ldst::kSigned64, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDRSB_W_post) { return ldst::load_imm9<1, ldst::kSigned32, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(STRH_post) { return ldst::store_imm9<2, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDRH_post) { return ldst::load_imm9<2, ldst::kZero, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDRSH_X_post) { return ldst::load_imm9<2, ldst::kSigned64, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDRSH_W_post) { return ldst::load_imm9<2, ldst::kSigned32, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(STR_W_post) { return ldst::store_imm9<4, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDR_W_post) { return ldst::load_imm9<4, ldst::kZero, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDRSW_post) { return ldst::load_imm9<4, ldst::kSigned64, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(STR_X_post) { return ldst::store_imm9<8, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDR_X_post) { return ldst::load_imm9<8, ldst::kZero, ldst::kPost>(insn, s, mem); }

// ---- Load/store register (immediate pre-indexed) -------------------------------------
W64_SEMANTICS(STRB_pre) { return ldst::store_imm9<1, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDRB_pre) { return ldst::load_imm9<1, ldst::kZero, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDRSB_X_pre) { return ldst::load_imm9<1, ldst::kSigned64, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDRSB_W_pre) { return ldst::load_imm9<1, ldst::kSigned32, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(STRH_pre) { return ldst::store_imm9<2, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDRH_pre) { return ldst::load_imm9<2, ldst::kZero, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDRSH_X_pre) { return ldst::load_imm9<2, ldst::kSigned64, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDRSH_W_pre) { return ldst::load_imm9<2, ldst::kSigned32, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(STR_W_pre) { return ldst::store_imm9<4, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDR_W_pre) { return ldst::load_imm9<4, ldst::kZero, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDRSW_pre) { return ldst::load_imm9<4, ldst::kSigned64, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(STR_X_pre) { return ldst::store_imm9<8, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDR_X_pre) { return ldst::load_imm9<8, ldst::kZero, ldst::kPre>(insn, s, mem); }

// ---- Load/store register (unprivileged) ----------------------------------------------
// At EL0 these are ordinary accesses: AccessType_UNPRIV only differs when issued from EL1/EL2.
W64_SEMANTICS(STTRB) { return ldst::store_imm9<1, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDTRB) { return ldst::load_imm9<1, ldst::kZero, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDTRSB_X) { return ldst::load_imm9<1, ldst::kSigned64, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDTRSB_W) { return ldst::load_imm9<1, ldst::kSigned32, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(STTRH) { return ldst::store_imm9<2, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDTRH) { return ldst::load_imm9<2, ldst::kZero, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDTRSH_X) { return ldst::load_imm9<2, ldst::kSigned64, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDTRSH_W) { return ldst::load_imm9<2, ldst::kSigned32, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(STTR_W) { return ldst::store_imm9<4, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDTR_W) { return ldst::load_imm9<4, ldst::kZero, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDTRSW) { return ldst::load_imm9<4, ldst::kSigned64, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(STTR_X) { return ldst::store_imm9<8, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDTR_X) { return ldst::load_imm9<8, ldst::kZero, ldst::kOffset>(insn, s, mem); }

// ---- Load/store register (register offset) -------------------------------------------
W64_SEMANTICS(STRB_reg) { return ldst::store_reg<1>(insn, s, mem); }
W64_SEMANTICS(LDRB_reg) { return ldst::load_reg<1, ldst::kZero>(insn, s, mem); }
W64_SEMANTICS(LDRSB_X_reg) { return ldst::load_reg<1, ldst::kSigned64>(insn, s, mem); }
W64_SEMANTICS(LDRSB_W_reg) { return ldst::load_reg<1, ldst::kSigned32>(insn, s, mem); }
W64_SEMANTICS(STRH_reg) { return ldst::store_reg<2>(insn, s, mem); }
W64_SEMANTICS(LDRH_reg) { return ldst::load_reg<2, ldst::kZero>(insn, s, mem); }
W64_SEMANTICS(LDRSH_X_reg) { return ldst::load_reg<2, ldst::kSigned64>(insn, s, mem); }
W64_SEMANTICS(LDRSH_W_reg) { return ldst::load_reg<2, ldst::kSigned32>(insn, s, mem); }
W64_SEMANTICS(STR_W_reg) { return ldst::store_reg<4>(insn, s, mem); }
W64_SEMANTICS(LDR_W_reg) { return ldst::load_reg<4, ldst::kZero>(insn, s, mem); }
W64_SEMANTICS(LDRSW_reg) { return ldst::load_reg<4, ldst::kSigned64>(insn, s, mem); }
W64_SEMANTICS(STR_X_reg) { return ldst::store_reg<8>(insn, s, mem); }
W64_SEMANTICS(LDR_X_reg) { return ldst::load_reg<8, ldst::kZero>(insn, s, mem); }
W64_SEMANTICS(PRFM_reg) { return Outcome::next(); }

// ---- Load register (literal) ---------------------------------------------------------
W64_SEMANTICS(LDR_W_lit) { return ldst::load_literal<4, ldst::kZero>(insn, s, mem); }
W64_SEMANTICS(LDR_X_lit) { return ldst::load_literal<8, ldst::kZero>(insn, s, mem); }
W64_SEMANTICS(LDRSW_lit) { return ldst::load_literal<4, ldst::kSigned64>(insn, s, mem); }
W64_SEMANTICS(PRFM_lit) { return Outcome::next(); }

// ---- Load/store register pair (signed offset) ----------------------------------------
W64_SEMANTICS(STP_W_off) { return ldst::store_pair<4, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDP_W_off) { return ldst::load_pair<4, ldst::kZero, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDPSW_off) { return ldst::load_pair<4, ldst::kSigned64, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(STP_X_off) { return ldst::store_pair<8, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDP_X_off) { return ldst::load_pair<8, ldst::kZero, ldst::kOffset>(insn, s, mem); }

// ---- Load/store register pair (post-indexed) -----------------------------------------
W64_SEMANTICS(STP_W_post) { return ldst::store_pair<4, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDP_W_post) { return ldst::load_pair<4, ldst::kZero, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDPSW_post) { return ldst::load_pair<4, ldst::kSigned64, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(STP_X_post) { return ldst::store_pair<8, ldst::kPost>(insn, s, mem); }
W64_SEMANTICS(LDP_X_post) { return ldst::load_pair<8, ldst::kZero, ldst::kPost>(insn, s, mem); }

// ---- Load/store register pair (pre-indexed) ------------------------------------------
W64_SEMANTICS(STP_W_pre) { return ldst::store_pair<4, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDP_W_pre) { return ldst::load_pair<4, ldst::kZero, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDPSW_pre) { return ldst::load_pair<4, ldst::kSigned64, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(STP_X_pre) { return ldst::store_pair<8, ldst::kPre>(insn, s, mem); }
W64_SEMANTICS(LDP_X_pre) { return ldst::load_pair<8, ldst::kZero, ldst::kPre>(insn, s, mem); }

// ---- Load/store no-allocate pair (offset) --------------------------------------------
// The non-temporal hint does not change the result.
W64_SEMANTICS(STNP_W) { return ldst::store_pair<4, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDNP_W) { return ldst::load_pair<4, ldst::kZero, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(STNP_X) { return ldst::store_pair<8, ldst::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDNP_X) { return ldst::load_pair<8, ldst::kZero, ldst::kOffset>(insn, s, mem); }

}  // namespace warp64::core::sem
