// Architectural state of one A64 hardware thread (EL0 view).
#pragma once

#include <cstdint>

#include "warp64/core/config.hpp"

namespace warp64::core {

// NZCV flag positions in the NZCV system register.
inline constexpr uint32_t kFlagN = 1u << 31;
inline constexpr uint32_t kFlagZ = 1u << 30;
inline constexpr uint32_t kFlagC = 1u << 29;
inline constexpr uint32_t kFlagV = 1u << 28;
inline constexpr uint32_t kNzcvMask = kFlagN | kFlagZ | kFlagC | kFlagV;

struct CpuState {
  uint64_t x[31];  // X0..X30; register number 31 is SP or XZR depending on the encoding
  uint64_t sp;
  uint64_t pc;
  uint32_t nzcv;  // flags in bits 31..28, other bits zero
  // V0..V31, the SIMD&FP registers: v[n][0] holds bits 63..0, v[n][1] bits 127..64. The
  // narrower views (Qn, Dn, Sn, Hn, Bn) are their low bits.
  uint64_t v[32][2];
  uint32_t fpcr;
  uint32_t fpsr;
  uint64_t tpidr_el0;
  // Single local exclusive monitor (LDXR/STXR): open between a load-exclusive and the
  // matching store-exclusive or CLREX.
  uint64_t exclusive_address;
  uint32_t exclusive_size;  // bytes covered by the monitor
  uint32_t exclusive_open;
  uint64_t exclusive_value[2];  // what the load-exclusive read: the store-exclusive expects it still
};

}  // namespace warp64::core
