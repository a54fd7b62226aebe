// The Arm ARM's top-level A64 encoding classes (C4.1), independent of warp64's own tables:
// the fuzzer uses them to give each random instruction valid operands, the decode sweep to
// restrict itself to the base integer instruction set.
#pragma once

#include <cstdint>

namespace warp64::fuzz {

inline unsigned rn_of(uint32_t w) { return (w >> 5) & 31u; }
inline unsigned rm_of(uint32_t w) { return (w >> 16) & 31u; }
inline unsigned rs_of(uint32_t w) { return (w >> 16) & 31u; }
inline unsigned rt_of(uint32_t w) { return w & 31u; }
inline unsigned rt2_of(uint32_t w) { return (w >> 10) & 31u; }

// op0 (bits 28:25) = 100x: data processing -- immediate.
inline bool is_dp_immediate(uint32_t w) { return (w & 0x1C000000u) == 0x10000000u; }
// op0 = 101x: branches, exception generating and system instructions.
inline bool is_branch_system(uint32_t w) { return (w & 0x1C000000u) == 0x14000000u; }
// op0 = x1x0: loads and stores.
inline bool is_load_store(uint32_t w) { return (w & 0x0A000000u) == 0x08000000u; }
// op0 = x101: data processing -- register.
inline bool is_dp_register(uint32_t w) { return (w & 0x0E000000u) == 0x0A000000u; }
// Loads and stores with V (bit 26) = 0: no SIMD&FP register.
inline bool is_integer_load_store(uint32_t w) { return is_load_store(w) && (w & 0x04000000u) == 0; }

// The base integer instruction set's encoding spaces.
inline bool is_base_integer_space(uint32_t w) {
  return is_dp_immediate(w) || is_branch_system(w) || is_integer_load_store(w) || is_dp_register(w);
}

// Loads and stores, by op0 (31:28), op2 (24:23), op3 (21:16) and op4 (11:10).
inline bool is_load_literal(uint32_t w) { return (w & 0x3B000000u) == 0x18000000u; }
inline bool is_exclusive_space(uint32_t w) { return (w & 0x3F000000u) == 0x08000000u; }  // 29:24 = 001000
inline bool is_pair(uint32_t w) { return (w & 0x3A000000u) == 0x28000000u; }             // 29:27 = 101
inline bool is_register_offset(uint32_t w) { return (w & 0x3B200C00u) == 0x38200800u; }
inline bool is_atomic(uint32_t w) { return (w & 0x3B200C00u) == 0x38200000u; }
// Load/store register, immediate pre-index (op4 = 11) or post-index (op4 = 01).
inline bool is_imm_writeback(uint32_t w) { return (w & 0x3B200400u) == 0x38000400u; }

// Load/store register (unsigned immediate): op0 xx11, op2 1x.
inline bool is_load_store_uimm(uint32_t w) { return (w & 0x3B000000u) == 0x39000000u; }
// A SIMD&FP single-register load/store of a Q register: V = 1, size = 00, opc<1> = 1.
inline bool is_simd_fp_128bit_single(uint32_t w) {
  return (w & 0x04000000u) != 0 && (w >> 30) == 0 && (w & 0x00800000u) != 0;
}

// Branches.
inline bool is_branch_imm26(uint32_t w) { return (w & 0x7C000000u) == 0x14000000u; }
inline bool is_branch_cond(uint32_t w) { return (w & 0xFF000000u) == 0x54000000u; }
inline bool is_compare_branch(uint32_t w) { return (w & 0x7E000000u) == 0x34000000u; }
inline bool is_test_branch(uint32_t w) { return (w & 0x7E000000u) == 0x36000000u; }
inline bool is_branch_register(uint32_t w) { return (w & 0xFE000000u) == 0xD6000000u; }
// System instructions (hints, barriers, PSTATE, SYS/SYSL, MSR/MRS).
inline bool is_system(uint32_t w) { return (w & 0xFFC00000u) == 0xD5000000u; }
// SYS with op0 = 01 and CRn = 0111: cache maintenance by address (DC ZVA, DC CVAC, IC IVAU...).
inline bool is_cache_maintenance(uint32_t w) { return (w & 0xFFF8F000u) == 0xD5087000u; }
// MSR/MRS (register): op0 = 2 or 3.
inline bool is_sysreg_move(uint32_t w) { return (w & 0xFFD00000u) == 0xD5100000u; }

// LDXR/LDAXR/LDXP/LDAXP: o2 = 0, L = 1 in the exclusive space, excluding CASP (o1 = 1, size 0x).
inline bool is_load_exclusive(uint32_t w) {
  return is_exclusive_space(w) && (w & 0x00C00000u) == 0x00400000u && !(((w >> 21) & 1) && (w >> 31) == 0);
}

// Register combinations the Arm ARM makes CONSTRAINED UNPREDICTABLE in the loads and
// stores: two implementations may legitimately differ there, so they are never compared.
inline bool constrained_unpredictable(uint32_t w) {
  if (!is_load_store(w)) return false;
  const unsigned t = rt_of(w), n = rn_of(w), t2 = rt2_of(w), s = rs_of(w);
  if (is_exclusive_space(w)) {
    const bool o2 = (w >> 23) & 1, load = (w >> 22) & 1, o1 = (w >> 21) & 1;
    const bool pair = o1 && (w >> 31) & 1;  // LDXP/STXP (size 1x); size 0x is CASP
    if (o2) return false;                   // LDAR/STLR/CAS
    if (!o1 || pair) {
      if (load) return pair && t == t2;  // LDXP Xt, Xt
      // Store-exclusive: the status register may not overlap the data or the base.
      return s == t || (pair && s == t2) || (s == n && n != 31);
    }
    return false;  // CASP
  }
  // SIMD&FP data registers (V = 1) cannot overlap the general-purpose base.
  const bool simd_fp = (w & 0x04000000u) != 0;
  if (is_pair(w)) {
    const unsigned index = (w >> 23) & 3;  // 00 no-allocate, 01 post, 10 offset, 11 pre
    const bool load = (w >> 22) & 1;
    const bool wback = index == 1 || index == 3;
    if (load && t == t2) return true;
    return !simd_fp && wback && (t == n || t2 == n) && n != 31;
  }
  if (is_imm_writeback(w)) return !simd_fp && t == n && n != 31;
  return false;
}

}  // namespace warp64::fuzz
