// Loads and stores of SIMD&FP registers (Arm ARM C4.1.88, V = 1), and the Advanced SIMD
// load/store structure classes (LD1-LD4, ST1-ST4, LD1R-LD4R)
// Semantics of the encodings in encodings/simd_fp_loads_stores.def.
//
// The base register Rn = 31 is SP in every form; Rm = 31 in the post-indexed structure forms
// selects the immediate offset (the number of bytes transferred). A load writes the whole
// 128-bit V register: bits above the access (or above the 64-bit arrangement) become zero,
// except for single-lane loads, which leave the other lanes unchanged.
//
// Memory is accessed in pieces of 1, 2, 4 or 8 bytes; a 16-byte register is two 8-byte
// accesses, lower address first. Loads read everything before writing any register, so a
// fault leaves the registers unchanged. Stores write element by element: when one faults,
// the earlier ones stay stored (the Arm ARM allows this) and the fault is reported at the
// failing element; registers, the base included, are unchanged.
//
// CONSTRAINED UNPREDICTABLE: LDP/LDNP with Rt == Rt2 (Unpredictable_LDPOVERLAP; permitted:
// UNKNOWN, UNDEF, NOP) leaves the second (higher-address) element in the register, as
// QEMU/Unicorn 2 do for the SIMD&FP pairs.
#pragma once

#include "warp64/core/semantics/common.hpp"
#include "warp64/core/semantics/loads_stores.hpp"

namespace warp64::core::sem {
namespace vls {

// The addressing forms are those of the general-purpose loads and stores.
using ldst::access_address;
using ldst::imm9;
using ldst::Index;
using ldst::kOffset;
using ldst::kPost;
using ldst::kPre;
using ldst::register_offset;
using ldst::scaled_imm12;
using ldst::scaled_imm7;
using ldst::write_back;

// Element `index` of `bytes` bytes of a 128-bit register image {bits 63:0, bits 127:64}.
W64_HD W64_INLINE uint64_t get_element(const uint64_t (&reg)[2], unsigned index, unsigned bytes) {
  const unsigned position = index * bytes * 8;
  return (reg[position >> 6] >> (position & 63)) & low_mask(bytes * 8);
}
W64_HD W64_INLINE void set_element(uint64_t (&reg)[2], unsigned index, unsigned bytes, uint64_t value) {
  const unsigned position = index * bytes * 8;
  const uint64_t mask = low_mask(bytes * 8) << (position & 63);
  uint64_t& word = reg[position >> 6];
  word = (word & ~mask) | ((value << (position & 63)) & mask);
}

// Reads kBytes (1 to 16) into a register image, zero above; false with `fault_address` set
// when a piece faults.
template <unsigned kBytes, class Memory>
W64_HD W64_INLINE bool read_register(Memory& mem, uint64_t address, uint64_t (&reg)[2], uint64_t& fault_address) {
  reg[0] = 0;
  reg[1] = 0;
  if constexpr (kBytes == 16) {
    if (!mem.read(address, 8, reg[0])) {
      fault_address = address;
      return false;
    }
    if (!mem.read(address + 8, 8, reg[1])) {
      fault_address = address + 8;
      return false;
    }
  } else {
    uint64_t data;
    if (!mem.read(address, kBytes, data)) {
      fault_address = address;
      return false;
    }
    reg[0] = data & low_mask(8 * kBytes);
  }
  return true;
}

template <unsigned kBytes, class State, class Memory>
W64_HD W64_INLINE bool write_register(Memory& mem, uint64_t address, const State& s, unsigned t,
                                      uint64_t& fault_address) {
  if (!mem.write(address, kBytes == 16 ? 8 : kBytes, s.v[t][0] & low_mask(8 * kBytes))) {
    fault_address = address;
    return false;
  }
  if constexpr (kBytes == 16) {
    if (!mem.write(address + 8, 8, s.v[t][1])) {
      fault_address = address + 8;
      return false;
    }
  }
  return true;
}

template <class State>
W64_HD W64_INLINE void set_v(State& s, unsigned t, const uint64_t (&reg)[2]) {
  s.v[t][0] = reg[0];
  s.v[t][1] = reg[1];
}

template <unsigned kBytes, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome load(uint32_t insn, State& s, Memory& mem, uint64_t offset) {
  const unsigned n = rn(insn);
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = access_address<kIndex>(base, offset);
  uint64_t reg[2], fault_address;
  if (!read_register<kBytes>(mem, address, reg, fault_address)) {
    return Outcome::fault(fault_address, AccessKind::kRead);
  }
  set_v(s, rt(insn), reg);
  write_back<kIndex>(s, n, base, offset);
  return Outcome::next();
}

template <unsigned kBytes, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome store(uint32_t insn, State& s, Memory& mem, uint64_t offset) {
  const unsigned n = rn(insn);
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = access_address<kIndex>(base, offset);
  uint64_t fault_address;
  if (!write_register<kBytes>(mem, address, s, rt(insn), fault_address)) {
    return Outcome::fault(fault_address, AccessKind::kWrite);
  }
  write_back<kIndex>(s, n, base, offset);
  return Outcome::next();
}

// PC-relative literal: PC + SignExtend(imm19:'00').
template <unsigned kBytes, class State, class Memory>
W64_HD W64_INLINE Outcome load_literal(uint32_t insn, State& s, Memory& mem) {
  const uint64_t address =
      s.pc + static_cast<uint64_t>(sign_extend(static_cast<uint64_t>(field(insn, 23, 5)) << 2, 21));
  uint64_t reg[2], fault_address;
  if (!read_register<kBytes>(mem, address, reg, fault_address)) {
    return Outcome::fault(fault_address, AccessKind::kRead);
  }
  set_v(s, rt(insn), reg);
  return Outcome::next();
}

template <unsigned kBytes, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome load_pair(uint32_t insn, State& s, Memory& mem) {
  const unsigned n = rn(insn);
  const uint64_t offset = scaled_imm7<kBytes>(insn);
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = access_address<kIndex>(base, offset);
  uint64_t first[2], second[2], fault_address;
  if (!read_register<kBytes>(mem, address, first, fault_address) ||
      !read_register<kBytes>(mem, address + kBytes, second, fault_address)) {
    return Outcome::fault(fault_address, AccessKind::kRead);
  }
  // Rt2 last, so that Rt == Rt2 keeps the second element (see the file comment).
  set_v(s, rt(insn), first);
  set_v(s, rt2(insn), second);
  write_back<kIndex>(s, n, base, offset);
  return Outcome::next();
}

template <unsigned kBytes, Index kIndex, class State, class Memory>
W64_HD W64_INLINE Outcome store_pair(uint32_t insn, State& s, Memory& mem) {
  const unsigned n = rn(insn);
  const uint64_t offset = scaled_imm7<kBytes>(insn);
  const uint64_t base = x_or_sp(s, n);
  const uint64_t address = access_address<kIndex>(base, offset);
  uint64_t fault_address;
  if (!write_register<kBytes>(mem, address, s, rt(insn), fault_address) ||
      !write_register<kBytes>(mem, address + kBytes, s, rt2(insn), fault_address)) {
    return Outcome::fault(fault_address, AccessKind::kWrite);
  }
  write_back<kIndex>(s, n, base, offset);
  return Outcome::next();
}

// Post-indexed structure forms: Rm = 31 adds the bytes transferred, otherwise X[Rm].
template <bool kPost, class State>
W64_HD W64_INLINE void structure_write_back(uint32_t insn, State& s, uint64_t address, uint64_t transferred) {
  if constexpr (kPost) {
    const unsigned m = rm(insn);
    set_x_or_sp(s, rn(insn), address + (m == 31 ? transferred : s.x[m]));
  }
}

// LD1-LD4/ST1-ST4 (multiple structures): kRpt registers of one element each (LD1 with 1-4
// registers), or one structure of kSelem consecutive elements spread over kSelem registers.
// Registers are numbered modulo 32 from Rt. Memory order: for each register group r, for
// each element e, the kSelem structure members.
template <unsigned kSelem, unsigned kRpt, bool kLoad, bool kPost, class State, class Memory>
W64_HD W64_INLINE Outcome multiple(uint32_t insn, State& s, Memory& mem) {
  constexpr unsigned kRegs = kSelem * kRpt;
  const unsigned q = bit(insn, 30);
  const unsigned size = field(insn, 11, 10);
  if (size == 3 && q == 0 && kSelem != 1) return Outcome::undefined();  // .1D with LD2-LD4
  const unsigned ebytes = 1u << size;
  const unsigned elements = (q ? 16u : 8u) / ebytes;
  const unsigned t = rt(insn);
  const uint64_t address = x_or_sp(s, rn(insn));
  uint64_t regs[kRegs][2];
  for (unsigned i = 0; i < kRegs; ++i) {
    const unsigned tt = (t + i) % 32;
    // A load replaces every element of the arrangement and zeroes the bits above it.
    regs[i][0] = kLoad ? 0 : s.v[tt][0];
    regs[i][1] = kLoad ? 0 : s.v[tt][1];
  }
  uint64_t offs = 0;
  for (unsigned r = 0; r < kRpt; ++r) {
    for (unsigned e = 0; e < elements; ++e) {
      for (unsigned k = 0; k < kSelem; ++k) {
        const uint64_t element_address = address + offs;
        if constexpr (kLoad) {
          uint64_t data;
          if (!mem.read(element_address, ebytes, data)) {
            return Outcome::fault(element_address, AccessKind::kRead);
          }
          set_element(regs[r + k], e, ebytes, data);
        } else {
          if (!mem.write(element_address, ebytes, get_element(regs[r + k], e, ebytes))) {
            return Outcome::fault(element_address, AccessKind::kWrite);
          }
        }
        offs += ebytes;
      }
    }
  }
  if constexpr (kLoad) {
    for (unsigned i = 0; i < kRegs; ++i) set_v(s, (t + i) % 32, regs[i]);
  }
  structure_write_back<kPost>(insn, s, address, offs);
  return Outcome::next();
}

// LD1-LD4/ST1-ST4 (single structure): one lane of kSelem consecutive registers. The lane size
// comes from opcode<2:1> and size, the lane index from Q:S:size (Arm ARM decode).
template <unsigned kSelem, bool kLoad, bool kPost, class State, class Memory>
W64_HD W64_INLINE Outcome single(uint32_t insn, State& s, Memory& mem) {
  const unsigned q = bit(insn, 30);
  const unsigned S = bit(insn, 12);
  const unsigned size = field(insn, 11, 10);
  unsigned scale = field(insn, 15, 14);
  unsigned index;
  switch (scale) {
    case 0:  // B[0-15]
      index = (q << 3) | (S << 2) | size;
      break;
    case 1:  // H[0-7]
      if (size & 1) return Outcome::undefined();
      index = (q << 2) | (S << 1) | (size >> 1);
      break;
    case 2:
      if (size & 2) return Outcome::undefined();
      if ((size & 1) == 0) {  // S[0-3]
        index = (q << 1) | S;
      } else {  // D[0-1]
        if (S) return Outcome::undefined();
        index = q;
        scale = 3;
      }
      break;
    default:  // opcode<2:1> = 11 is load-and-replicate, which has no store form
      return Outcome::undefined();
  }
  const unsigned ebytes = 1u << scale;
  const unsigned t = rt(insn);
  const uint64_t address = x_or_sp(s, rn(insn));
  uint64_t regs[kSelem][2];
  for (unsigned k = 0; k < kSelem; ++k) {
    regs[k][0] = s.v[(t + k) % 32][0];
    regs[k][1] = s.v[(t + k) % 32][1];
  }
  for (unsigned k = 0; k < kSelem; ++k) {
    const uint64_t element_address = address + k * ebytes;
    if constexpr (kLoad) {
      uint64_t data;
      if (!mem.read(element_address, ebytes, data)) {
        return Outcome::fault(element_address, AccessKind::kRead);
      }
      set_element(regs[k], index, ebytes, data);
    } else {
      if (!mem.write(element_address, ebytes, get_element(regs[k], index, ebytes))) {
        return Outcome::fault(element_address, AccessKind::kWrite);
      }
    }
  }
  if constexpr (kLoad) {
    for (unsigned k = 0; k < kSelem; ++k) set_v(s, (t + k) % 32, regs[k]);
  }
  structure_write_back<kPost>(insn, s, address, static_cast<uint64_t>(kSelem) * ebytes);
  return Outcome::next();
}

// LD1R-LD4R: one structure of kSelem elements of 1 << size bytes, each replicated across all
// lanes of its register (the upper 64 bits are zero when Q = 0).
template <unsigned kSelem, bool kPost, class State, class Memory>
W64_HD W64_INLINE Outcome replicate(uint32_t insn, State& s, Memory& mem) {
  if (bit(insn, 12)) return Outcome::undefined();  // S = 1
  const unsigned q = bit(insn, 30);
  const unsigned ebytes = 1u << field(insn, 11, 10);
  const unsigned t = rt(insn);
  const uint64_t address = x_or_sp(s, rn(insn));
  uint64_t values[kSelem];
  for (unsigned k = 0; k < kSelem; ++k) {
    const uint64_t element_address = address + k * ebytes;
    uint64_t data;
    if (!mem.read(element_address, ebytes, data)) {
      return Outcome::fault(element_address, AccessKind::kRead);
    }
    data &= low_mask(8 * ebytes);
    for (unsigned width = 8 * ebytes; width < 64; width *= 2) data |= data << width;
    values[k] = data;
  }
  for (unsigned k = 0; k < kSelem; ++k) {
    s.v[(t + k) % 32][0] = values[k];
    s.v[(t + k) % 32][1] = q ? values[k] : 0;
  }
  structure_write_back<kPost>(insn, s, address, static_cast<uint64_t>(kSelem) * ebytes);
  return Outcome::next();
}

}  // namespace vls

// ---- Load/store register (unsigned immediate) ---------------------------------------
W64_SEMANTICS(STR_B_uimm) { return vls::store<1, vls::kOffset>(insn, s, mem, vls::scaled_imm12<1>(insn)); }
W64_SEMANTICS(LDR_B_uimm) { return vls::load<1, vls::kOffset>(insn, s, mem, vls::scaled_imm12<1>(insn)); }
W64_SEMANTICS(STR_H_uimm) { return vls::store<2, vls::kOffset>(insn, s, mem, vls::scaled_imm12<2>(insn)); }
W64_SEMANTICS(LDR_H_uimm) { return vls::load<2, vls::kOffset>(insn, s, mem, vls::scaled_imm12<2>(insn)); }
W64_SEMANTICS(STR_S_uimm) { return vls::store<4, vls::kOffset>(insn, s, mem, vls::scaled_imm12<4>(insn)); }
W64_SEMANTICS(LDR_S_uimm) { return vls::load<4, vls::kOffset>(insn, s, mem, vls::scaled_imm12<4>(insn)); }
W64_SEMANTICS(STR_D_uimm) { return vls::store<8, vls::kOffset>(insn, s, mem, vls::scaled_imm12<8>(insn)); }
W64_SEMANTICS(LDR_D_uimm) { return vls::load<8, vls::kOffset>(insn, s, mem, vls::scaled_imm12<8>(insn)); }
W64_SEMANTICS(STR_Q_uimm) { return vls::store<16, vls::kOffset>(insn, s, mem, vls::scaled_imm12<16>(insn)); }
W64_SEMANTICS(LDR_Q_uimm) { return vls::load<16, vls::kOffset>(insn, s, mem, vls::scaled_imm12<16>(insn)); }

// ---- Load/store register (unscaled immediate) ---------------------------------------
W64_SEMANTICS(STUR_B) { return vls::store<1, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDUR_B) { return vls::load<1, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STUR_H) { return vls::store<2, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDUR_H) { return vls::load<2, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STUR_S) { return vls::store<4, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDUR_S) { return vls::load<4, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STUR_D) { return vls::store<8, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDUR_D) { return vls::load<8, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STUR_Q) { return vls::store<16, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDUR_Q) { return vls::load<16, vls::kOffset>(insn, s, mem, vls::imm9(insn)); }

// ---- Load/store register (immediate post-indexed) -----------------------------------
W64_SEMANTICS(STR_B_post) { return vls::store<1, vls::kPost>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_B_post) { return vls::load<1, vls::kPost>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STR_H_post) { return vls::store<2, vls::kPost>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_H_post) { return vls::load<2, vls::kPost>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STR_S_post) { return vls::store<4, vls::kPost>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_S_post) { return vls::load<4, vls::kPost>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STR_D_post) { return vls::store<8, vls::kPost>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_D_post) { return vls::load<8, vls::kPost>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STR_Q_post) { return vls::store<16, vls::kPost>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_Q_post) { return vls::load<16, vls::kPost>(insn, s, mem, vls::imm9(insn)); }

// ---- Load/store register (immediate pre-indexed) ------------------------------------
W64_SEMANTICS(STR_B_pre) { return vls::store<1, vls::kPre>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_B_pre) { return vls::load<1, vls::kPre>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STR_H_pre) { return vls::store<2, vls::kPre>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_H_pre) { return vls::load<2, vls::kPre>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STR_S_pre) { return vls::store<4, vls::kPre>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_S_pre) { return vls::load<4, vls::kPre>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STR_D_pre) { return vls::store<8, vls::kPre>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_D_pre) { return vls::load<8, vls::kPre>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(STR_Q_pre) { return vls::store<16, vls::kPre>(insn, s, mem, vls::imm9(insn)); }
W64_SEMANTICS(LDR_Q_pre) { return vls::load<16, vls::kPre>(insn, s, mem, vls::imm9(insn)); }

// ---- Load/store register (register offset) ------------------------------------------
W64_SEMANTICS(STR_B_reg) { return vls::store<1, vls::kOffset>(insn, s, mem, vls::register_offset<1>(insn, s)); }
W64_SEMANTICS(LDR_B_reg) { return vls::load<1, vls::kOffset>(insn, s, mem, vls::register_offset<1>(insn, s)); }
W64_SEMANTICS(STR_H_reg) { return vls::store<2, vls::kOffset>(insn, s, mem, vls::register_offset<2>(insn, s)); }
W64_SEMANTICS(LDR_H_reg) { return vls::load<2, vls::kOffset>(insn, s, mem, vls::register_offset<2>(insn, s)); }
W64_SEMANTICS(STR_S_reg) { return vls::store<4, vls::kOffset>(insn, s, mem, vls::register_offset<4>(insn, s)); }
W64_SEMANTICS(LDR_S_reg) { return vls::load<4, vls::kOffset>(insn, s, mem, vls::register_offset<4>(insn, s)); }
W64_SEMANTICS(STR_D_reg) { return vls::store<8, vls::kOffset>(insn, s, mem, vls::register_offset<8>(insn, s)); }
W64_SEMANTICS(LDR_D_reg) { return vls::load<8, vls::kOffset>(insn, s, mem, vls::register_offset<8>(insn, s)); }
W64_SEMANTICS(STR_Q_reg) { return vls::store<16, vls::kOffset>(insn, s, mem, vls::register_offset<16>(insn, s)); }
W64_SEMANTICS(LDR_Q_reg) { return vls::load<16, vls::kOffset>(insn, s, mem, vls::register_offset<16>(insn, s)); }

// ---- Load register (literal) --------------------------------------------------------
W64_SEMANTICS(LDR_S_lit) { return vls::load_literal<4>(insn, s, mem); }
W64_SEMANTICS(LDR_D_lit) { return vls::load_literal<8>(insn, s, mem); }
W64_SEMANTICS(LDR_Q_lit) { return vls::load_literal<16>(insn, s, mem); }

// ---- Load/store register pair (signed offset) ---------------------------------------
W64_SEMANTICS(STP_S_off) { return vls::store_pair<4, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDP_S_off) { return vls::load_pair<4, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(STP_D_off) { return vls::store_pair<8, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDP_D_off) { return vls::load_pair<8, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(STP_Q_off) { return vls::store_pair<16, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDP_Q_off) { return vls::load_pair<16, vls::kOffset>(insn, s, mem); }

// ---- Load/store register pair (post-indexed) ----------------------------------------
W64_SEMANTICS(STP_S_post) { return vls::store_pair<4, vls::kPost>(insn, s, mem); }
W64_SEMANTICS(LDP_S_post) { return vls::load_pair<4, vls::kPost>(insn, s, mem); }
W64_SEMANTICS(STP_D_post) { return vls::store_pair<8, vls::kPost>(insn, s, mem); }
W64_SEMANTICS(LDP_D_post) { return vls::load_pair<8, vls::kPost>(insn, s, mem); }
W64_SEMANTICS(STP_Q_post) { return vls::store_pair<16, vls::kPost>(insn, s, mem); }
W64_SEMANTICS(LDP_Q_post) { return vls::load_pair<16, vls::kPost>(insn, s, mem); }

// ---- Load/store register pair (pre-indexed) -----------------------------------------
W64_SEMANTICS(STP_S_pre) { return vls::store_pair<4, vls::kPre>(insn, s, mem); }
W64_SEMANTICS(LDP_S_pre) { return vls::load_pair<4, vls::kPre>(insn, s, mem); }
W64_SEMANTICS(STP_D_pre) { return vls::store_pair<8, vls::kPre>(insn, s, mem); }
W64_SEMANTICS(LDP_D_pre) { return vls::load_pair<8, vls::kPre>(insn, s, mem); }
W64_SEMANTICS(STP_Q_pre) { return vls::store_pair<16, vls::kPre>(insn, s, mem); }
W64_SEMANTICS(LDP_Q_pre) { return vls::load_pair<16, vls::kPre>(insn, s, mem); }

// ---- Load/store no-allocate pair (offset); the hint does not change the result ------
W64_SEMANTICS(STNP_S) { return vls::store_pair<4, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDNP_S) { return vls::load_pair<4, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(STNP_D) { return vls::store_pair<8, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDNP_D) { return vls::load_pair<8, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(STNP_Q) { return vls::store_pair<16, vls::kOffset>(insn, s, mem); }
W64_SEMANTICS(LDNP_Q) { return vls::load_pair<16, vls::kOffset>(insn, s, mem); }

// ---- Advanced SIMD load/store multiple structures -----------------------------------
W64_SEMANTICS(ST4) { return vls::multiple<4, 1, false, false>(insn, s, mem); }
W64_SEMANTICS(ST1_x4) { return vls::multiple<1, 4, false, false>(insn, s, mem); }
W64_SEMANTICS(ST3) { return vls::multiple<3, 1, false, false>(insn, s, mem); }
W64_SEMANTICS(ST1_x3) { return vls::multiple<1, 3, false, false>(insn, s, mem); }
W64_SEMANTICS(ST1_x1) { return vls::multiple<1, 1, false, false>(insn, s, mem); }
W64_SEMANTICS(ST2) { return vls::multiple<2, 1, false, false>(insn, s, mem); }
W64_SEMANTICS(ST1_x2) { return vls::multiple<1, 2, false, false>(insn, s, mem); }
W64_SEMANTICS(LD4) { return vls::multiple<4, 1, true, false>(insn, s, mem); }
W64_SEMANTICS(LD1_x4) { return vls::multiple<1, 4, true, false>(insn, s, mem); }
W64_SEMANTICS(LD3) { return vls::multiple<3, 1, true, false>(insn, s, mem); }
W64_SEMANTICS(LD1_x3) { return vls::multiple<1, 3, true, false>(insn, s, mem); }
W64_SEMANTICS(LD1_x1) { return vls::multiple<1, 1, true, false>(insn, s, mem); }
W64_SEMANTICS(LD2) { return vls::multiple<2, 1, true, false>(insn, s, mem); }
W64_SEMANTICS(LD1_x2) { return vls::multiple<1, 2, true, false>(insn, s, mem); }
W64_SEMANTICS(ST4_post) { return vls::multiple<4, 1, false, true>(insn, s, mem); }
W64_SEMANTICS(ST1_x4_post) { return vls::multiple<1, 4, false, true>(insn, s, mem); }
W64_SEMANTICS(ST3_post) { return vls::multiple<3, 1, false, true>(insn, s, mem); }
W64_SEMANTICS(ST1_x3_post) { return vls::multiple<1, 3, false, true>(insn, s, mem); }
W64_SEMANTICS(ST1_x1_post) { return vls::multiple<1, 1, false, true>(insn, s, mem); }
W64_SEMANTICS(ST2_post) { return vls::multiple<2, 1, false, true>(insn, s, mem); }
W64_SEMANTICS(ST1_x2_post) { return vls::multiple<1, 2, false, true>(insn, s, mem); }
W64_SEMANTICS(LD4_post) { return vls::multiple<4, 1, true, true>(insn, s, mem); }
W64_SEMANTICS(LD1_x4_post) { return vls::multiple<1, 4, true, true>(insn, s, mem); }
W64_SEMANTICS(LD3_post) { return vls::multiple<3, 1, true, true>(insn, s, mem); }
W64_SEMANTICS(LD1_x3_post) { return vls::multiple<1, 3, true, true>(insn, s, mem); }
W64_SEMANTICS(LD1_x1_post) { return vls::multiple<1, 1, true, true>(insn, s, mem); }
W64_SEMANTICS(LD2_post) { return vls::multiple<2, 1, true, true>(insn, s, mem); }
W64_SEMANTICS(LD1_x2_post) { return vls::multiple<1, 2, true, true>(insn, s, mem); }

// ---- Advanced SIMD load/store single structure --------------------------------------
W64_SEMANTICS(ST1_lane) { return vls::single<1, false, false>(insn, s, mem); }
W64_SEMANTICS(ST2_lane) { return vls::single<2, false, false>(insn, s, mem); }
W64_SEMANTICS(ST3_lane) { return vls::single<3, false, false>(insn, s, mem); }
W64_SEMANTICS(ST4_lane) { return vls::single<4, false, false>(insn, s, mem); }
W64_SEMANTICS(LD1_lane) { return vls::single<1, true, false>(insn, s, mem); }
W64_SEMANTICS(LD2_lane) { return vls::single<2, true, false>(insn, s, mem); }
W64_SEMANTICS(LD3_lane) { return vls::single<3, true, false>(insn, s, mem); }
W64_SEMANTICS(LD4_lane) { return vls::single<4, true, false>(insn, s, mem); }
W64_SEMANTICS(LD1R) { return vls::replicate<1, false>(insn, s, mem); }
W64_SEMANTICS(LD2R) { return vls::replicate<2, false>(insn, s, mem); }
W64_SEMANTICS(LD3R) { return vls::replicate<3, false>(insn, s, mem); }
W64_SEMANTICS(LD4R) { return vls::replicate<4, false>(insn, s, mem); }
W64_SEMANTICS(ST1_lane_post) { return vls::single<1, false, true>(insn, s, mem); }
W64_SEMANTICS(ST2_lane_post) { return vls::single<2, false, true>(insn, s, mem); }
W64_SEMANTICS(ST3_lane_post) { return vls::single<3, false, true>(insn, s, mem); }
W64_SEMANTICS(ST4_lane_post) { return vls::single<4, false, true>(insn, s, mem); }
W64_SEMANTICS(LD1_lane_post) { return vls::single<1, true, true>(insn, s, mem); }
W64_SEMANTICS(LD2_lane_post) { return vls::single<2, true, true>(insn, s, mem); }
W64_SEMANTICS(LD3_lane_post) { return vls::single<3, true, true>(insn, s, mem); }
W64_SEMANTICS(LD4_lane_post) { return vls::single<4, true, true>(insn, s, mem); }
W64_SEMANTICS(LD1R_post) { return vls::replicate<1, true>(insn, s, mem); }
W64_SEMANTICS(LD2R_post) { return vls::replicate<2, true>(insn, s, mem); }
W64_SEMANTICS(LD3R_post) { return vls::replicate<3, true>(insn, s, mem); }
W64_SEMANTICS(LD4R_post) { return vls::replicate<4, true>(insn, s, mem); }

}  // namespace warp64::core::sem
