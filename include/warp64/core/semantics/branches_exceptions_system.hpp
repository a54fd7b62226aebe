// Semantics of the "Branches, exception generating and system instructions" encodings,
// as seen by EL0 code under a Linux-like kernel (SCTLR_EL1.UCI, DZE, nTWE and nTWI set;
// CPACR_EL1 granting FP access; MIDR_EL1 reads emulated).
#pragma once

#include "warp64/core/semantics/branch_info.hpp"
#include "warp64/core/semantics/common.hpp"

namespace warp64::core::sem {

// ---- Helpers --------------------------------------------------------------------------
// The immediate branches' targets are imm26_target, imm19_target and imm14_target
// (branch_info.hpp), which block discovery uses too.

// A system register named by op0:op1:CRn:CRm:op2, the layout of MRS/MSR bits 20..5.
W64_HD W64_INLINE constexpr uint32_t system_register(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                                                     unsigned op2) {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

inline constexpr uint32_t kSysNzcv = system_register(3, 3, 4, 2, 0);
inline constexpr uint32_t kSysFpcr = system_register(3, 3, 4, 4, 0);
inline constexpr uint32_t kSysFpsr = system_register(3, 3, 4, 4, 1);
inline constexpr uint32_t kSysTpidrEl0 = system_register(3, 3, 13, 0, 2);
inline constexpr uint32_t kSysCntfrqEl0 = system_register(3, 3, 14, 0, 0);
inline constexpr uint32_t kSysCntvctEl0 = system_register(3, 3, 14, 0, 2);
inline constexpr uint32_t kSysMidrEl1 = system_register(3, 0, 0, 0, 0);
inline constexpr uint32_t kSysDczidEl0 = system_register(3, 3, 0, 0, 7);
inline constexpr uint32_t kSysCtrEl0 = system_register(3, 3, 0, 0, 1);
inline constexpr uint32_t kSysTpidrroEl0 = system_register(3, 3, 13, 0, 3);

// FPCR: AHP (26), DN (25), FZ (24), RMode (23:22), FZ16 (19) are writable; the trap
// enables read as zero because this core does not trap floating-point exceptions.
inline constexpr uint32_t kFpcrWritable = 0x07C80000u;
// FPSR: N, Z, C, V (31:28), QC (27), IDC (7), IXC/UFC/OFC/DZC/IOC (4:0).
inline constexpr uint32_t kFpsrWritable = 0xF800009Fu;

inline constexpr uint64_t kCounterFrequency = 1000000000;  // CNTVCT_EL0 ticks at 1 GHz
inline constexpr uint64_t kMainId = 0x410fd083;            // Arm Cortex-A72 (part 0xd08) r0p3
// CTR_EL0 of the same core: 64-byte minimum I- and D-cache lines, PIPT instruction cache,
// exclusives granule and writeback granule of 64 bytes. Linux lets EL0 read it (libgcc's
// __clear_cache does, to step through lines).
inline constexpr uint64_t kCacheType = 0x8444c004;
inline constexpr uint64_t kDcZvaLog2Words = 4;  // DCZID_EL0.BS: 16 words = 64 bytes
inline constexpr uint64_t kDcZvaBlockBytes = 4ull << kDcZvaLog2Words;

// Registers EL0 may read; false means the access is UNDEFINED.
template <class Memory, class State>
W64_HD W64_INLINE bool read_system_register(uint32_t reg, const State& s, Memory& mem, uint64_t& value) {
  switch (reg) {
    case kSysNzcv: value = s.nzcv; return true;
    case kSysFpcr: value = s.fpcr; return true;
    case kSysFpsr: value = s.fpsr; return true;
    case kSysTpidrEl0: value = s.tpidr_el0; return true;
    case kSysCntfrqEl0: value = kCounterFrequency; return true;
    case kSysCntvctEl0: value = mem.virtual_counter(); return true;
    case kSysMidrEl1: value = kMainId; return true;
    case kSysDczidEl0: value = kDcZvaLog2Words; return true;  // DZP = 0: DC ZVA permitted
    case kSysCtrEl0: value = kCacheType; return true;
    // Read-only thread register: EL0 may always read it; Linux keeps it 0 for 64-bit tasks.
    case kSysTpidrroEl0: value = 0; return true;
    default: return false;
  }
}

// Registers EL0 may write; false means the access is UNDEFINED (read-only or inaccessible).
template <class State>
W64_HD W64_INLINE bool write_system_register(uint32_t reg, State& s, uint64_t value) {
  switch (reg) {
    case kSysNzcv: s.nzcv = static_cast<uint32_t>(value) & kNzcvMask; return true;
    case kSysFpcr: s.fpcr = static_cast<uint32_t>(value) & kFpcrWritable; return true;
    case kSysFpsr: s.fpsr = static_cast<uint32_t>(value) & kFpsrWritable; return true;
    case kSysTpidrEl0: s.tpidr_el0 = value; return true;
    default: return false;
  }
}

// ---- Unconditional branch (immediate) -------------------------------------------------
W64_SEMANTICS(B) {
  s.pc = imm26_target(insn, s.pc);
  return Outcome::jump();
}

W64_SEMANTICS(BL) {
  s.x[30] = s.pc + 4;
  s.pc = imm26_target(insn, s.pc);
  return Outcome::jump();
}

// ---- Compare and branch / test and branch ---------------------------------------------
template <bool kBranchIfZero, class State>
W64_HD W64_INLINE Outcome compare_and_branch(uint32_t insn, State& s) {
  const bool zero = reg_or_zero(s, rt(insn), width_of(insn)) == 0;
  if (zero != kBranchIfZero) return Outcome::next();
  s.pc = imm19_target(insn, s.pc);
  return Outcome::jump();
}

W64_SEMANTICS(CBZ) { return compare_and_branch<true>(insn, s); }
W64_SEMANTICS(CBNZ) { return compare_and_branch<false>(insn, s); }

// The bit number is b5:b40; b5 = 0 names a W register, whose bits are those of X below 32.
template <bool kBranchIfZero, class State>
W64_HD W64_INLINE Outcome test_and_branch(uint32_t insn, State& s) {
  const unsigned position = (static_cast<unsigned>(bit(insn, 31)) << 5) | field(insn, 23, 19);
  const bool zero = ((x_or_zero(s, rt(insn)) >> position) & 1u) == 0;
  if (zero != kBranchIfZero) return Outcome::next();
  s.pc = imm14_target(insn, s.pc);
  return Outcome::jump();
}

W64_SEMANTICS(TBZ) { return test_and_branch<true>(insn, s); }
W64_SEMANTICS(TBNZ) { return test_and_branch<false>(insn, s); }

// ---- Conditional branch ---------------------------------------------------------------
// condition_holds treats NV (1111) as always, like AL.
W64_SEMANTICS(B_cond) {
  if (!condition_holds(field(insn, 3, 0), s.nzcv)) return Outcome::next();
  s.pc = imm19_target(insn, s.pc);
  return Outcome::jump();
}

W64_SEMANTICS(BC_cond) { return Outcome::undefined(); }

// ---- Unconditional branch (register) --------------------------------------------------
// Register 31 is XZR. A misaligned target is taken; the next fetch faults.
W64_SEMANTICS(BR) {
  s.pc = x_or_zero(s, rn(insn));
  return Outcome::jump();
}

// The target is read before X30 is written, so BLR X30 calls the old X30.
W64_SEMANTICS(BLR) {
  const uint64_t target = x_or_zero(s, rn(insn));
  s.x[30] = s.pc + 4;
  s.pc = target;
  return Outcome::jump();
}

W64_SEMANTICS(RET) {
  s.pc = x_or_zero(s, rn(insn));
  return Outcome::jump();
}

// ---- Exception generation -------------------------------------------------------------
// The immediate of SVC/BRK/HLT stays in the instruction word, which the engine reports.
W64_SEMANTICS(SVC) { return Outcome::stop(StopReason::kSyscall); }
W64_SEMANTICS(BRK) { return Outcome::stop(StopReason::kBreakpoint); }
W64_SEMANTICS(HLT) { return Outcome::stop(StopReason::kHalt); }
// HVC and SMC are UNDEFINED at EL0; DCPSx are UNDEFINED outside Debug state.
W64_SEMANTICS(HVC) { return Outcome::undefined(); }
W64_SEMANTICS(SMC) { return Outcome::undefined(); }
W64_SEMANTICS(DCPS1) { return Outcome::undefined(); }
W64_SEMANTICS(DCPS2) { return Outcome::undefined(); }
W64_SEMANTICS(DCPS3) { return Outcome::undefined(); }

// ---- Hints ----------------------------------------------------------------------------
// Every hint is a NOP here: SEV and SEVL need not be seen, as WFE and WFI may complete at
// once (a spurious wake-up the architecture allows), YIELD is only advice, ESB/PSB/TSB/CSDB have nothing to
// synchronize, and the BTI, PAC (PACIASP, AUTIASP, XPACLRI, ...), DGH, CLRBHB and CHKFEAT encodings are NOPs on a core
// without their features, as are the unallocated hint numbers.
W64_SEMANTICS(NOP) { return Outcome::next(); }
W64_SEMANTICS(HINT) { return Outcome::next(); }

// ---- Barriers -------------------------------------------------------------------------
// DMB and DSB order this thread's memory accesses as other threads see them: the policy's
// barrier, whatever the domain and access types (a full barrier is stronger than each). ISB
// and SB have nothing to order in a core without speculation or a pipeline to flush.
W64_SEMANTICS(CLREX) {
  s.exclusive_open = 0;
  return Outcome::next();
}
W64_SEMANTICS(DSB) {
  mem.barrier();
  return Outcome::next();
}
W64_SEMANTICS(DMB) {
  mem.barrier();
  return Outcome::next();
}
W64_SEMANTICS(ISB) { return Outcome::next(); }
W64_SEMANTICS(SB) { return Outcome::next(); }

// ---- PSTATE ---------------------------------------------------------------------------
// MSR (immediate) is UNDEFINED for every field: the fields EL0 could write (DIT, SSBS,
// TCO, SVCR, and DAIF with SCTLR_EL1.UMA) need features or a setting this core lacks, and
// SPSel, PAN, UAO and ALLINT are EL1 only. CFINV, XAFLAG and AXFLAG (FEAT_FlagM/FlagM2),
// which share this encoding space, are not implemented either.
W64_SEMANTICS(MSR_imm) { return Outcome::undefined(); }

// ---- System instructions --------------------------------------------------------------
// DC ZVA zeroes the naturally aligned block holding Xt. A failed write reports the block.
template <class State, class Memory>
W64_HD W64_INLINE Outcome zero_block(uint32_t insn, State& s, Memory& mem) {
  const uint64_t block = x_or_zero(s, rt(insn)) & ~(kDcZvaBlockBytes - 1);
  for (uint64_t offset = 0; offset < kDcZvaBlockBytes; offset += 8) {
    if (!mem.write(block + offset, 8, 0)) return Outcome::fault(block, AccessKind::kWrite);
  }
  return Outcome::next();
}
W64_SEMANTICS(DC_ZVA) { return zero_block(insn, s, mem); }

// The memory-tagging forms, for a process whose allocation-tag access is disabled (see
// memory_tagging.hpp): tags are neither stored nor checked, so DC GZVA zeroes the data
// block as DC ZVA does and DC GVA, which writes only tags, has no effect.
W64_SEMANTICS(DC_GZVA) { return zero_block(insn, s, mem); }
W64_SEMANTICS(DC_GVA) { return Outcome::next(); }

// Cache maintenance to the point of coherency/unification has no visible effect on a core
// whose memory is always coherent and whose decode cache follows every store.
W64_SEMANTICS(IC_IVAU) { return Outcome::next(); }
W64_SEMANTICS(DC_CVAC) { return Outcome::next(); }
W64_SEMANTICS(DC_CVAU) { return Outcome::next(); }
W64_SEMANTICS(DC_CVAP) { return Outcome::next(); }
W64_SEMANTICS(DC_CIVAC) { return Outcome::next(); }
W64_SEMANTICS(DC_TAG_MAINTENANCE) {
  // The pattern (CRm = 1xx0, op2 = xx1) is wider than the six forms: CRm 10, 12 or 14
  // with op2 = 011 or 101. DC CVAC, CVAP and CIVAC (op2 = 001) have patterns of their own.
  const uint32_t crm = field(insn, 11, 8), op2 = field(insn, 7, 5);
  const bool tag_clean = (crm == 10 || crm == 12 || crm == 14) && (op2 == 3 || op2 == 5);
  return tag_clean ? Outcome::next() : Outcome::undefined();
}

// The rest (TLBI, AT, set/way and EL1 cache operations, DC CVADP and its tag forms,
// prediction restriction) is EL1-only or needs features this core lacks.
W64_SEMANTICS(SYS) { return Outcome::undefined(); }
W64_SEMANTICS(SYSL) { return Outcome::undefined(); }

// ---- System register moves ------------------------------------------------------------
W64_SEMANTICS(MRS) {
  uint64_t value = 0;
  if (!read_system_register(field(insn, 20, 5), s, mem, value)) return Outcome::undefined();
  set_x_or_zero(s, rt(insn), value);
  return Outcome::next();
}

W64_SEMANTICS(MSR_reg) {
  if (!write_system_register(field(insn, 20, 5), s, x_or_zero(s, rt(insn)))) return Outcome::undefined();
  return Outcome::next();
}

}  // namespace warp64::core::sem
