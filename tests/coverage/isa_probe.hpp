// Whether the A64 core implements an instruction word, as decided by the core itself: the
// word is decoded with the host decode table and executed once, and it is unimplemented
// exactly when that execution is UNDEFINED. Nothing here restates which encodings exist.
#pragma once

#include <array>
#include <cstdint>

#include "warp64/core/decoder.hpp"
#include "warp64/core/execute.hpp"
#include "warp64/core/state.hpp"

namespace warp64::coverage {

// Memory that never faults: every address reads as zero and accepts writes, so that the only
// way a word can stop is through its own semantics (UNDEFINED, SVC, BRK, HLT).
struct PermissiveMemory {
  bool read(uint64_t, unsigned, uint64_t& value) {
    value = 0;
    return true;
  }
  bool write(uint64_t, unsigned, uint64_t) { return true; }
  core::AccessKind atomic(uint64_t address, core::AtomicAccess& access) {
    return core::atomic_by_parts(*this, address, access);
  }
  void barrier() {}
  uint64_t virtual_counter() { return 0; }
};

// What one execution did: retired (kNext / kJump) or stopped with a reason.
struct Execution {
  core::Flow flow;
  core::StopReason reason;

  bool undefined() const { return flow == core::Flow::kStop && reason == core::StopReason::kUndefined; }
  bool operator==(const Execution&) const = default;
};

inline const char* execution_name(const Execution& e) {
  switch (e.flow) {
    case core::Flow::kNext: return "NEXT";
    case core::Flow::kJump: return "JUMP";
    case core::Flow::kStop: return core::stop_reason_name(e.reason);
  }
  return "UNKNOWN";
}

// Register, flag and FPCR seeds. Whether a word is UNDEFINED is a property of its encoding,
// so every seed must agree; running several catches semantics that wrongly consult state
// (a register value, a flag, an FPCR mode, the exclusive monitor) before deciding.
inline constexpr unsigned kSeedCount = 4;

inline core::CpuState seed_state(unsigned seed) {
  core::CpuState s{};
  // splitmix64, so that registers differ from each other and between seeds.
  uint64_t z = 0x9E3779B97F4A7C15ull * (seed + 1);
  auto next = [&z] {
    uint64_t r = (z += 0x9E3779B97F4A7C15ull);
    r = (r ^ (r >> 30)) * 0xBF58476D1CE4E5B9ull;
    r = (r ^ (r >> 27)) * 0x94D049BB133111EBull;
    return r ^ (r >> 31);
  };
  s.pc = 0x400000;
  s.sp = 0x7FFFF000;
  switch (seed) {
    case 0:  // the reset-like state: everything zero
      break;
    case 1:  // random registers, all flags set, default-NaN + flush-to-zero, round towards zero
      for (auto& x : s.x) x = next();
      for (auto& v : s.v) v[0] = next(), v[1] = next();
      s.nzcv = core::kNzcvMask;
      s.fpcr = (1u << 25) | (1u << 24) | (3u << 22);
      s.exclusive_open = 1;
      s.exclusive_size = 8;
      break;
    case 2:  // all ones, N and V, alternative half precision, round towards +infinity
      for (auto& x : s.x) x = ~0ull;
      for (auto& v : s.v) v[0] = v[1] = ~0ull;
      s.sp = ~0ull << 4;
      s.nzcv = core::kFlagN | core::kFlagV;
      s.fpcr = (1u << 26) | (1u << 22) | (1u << 19);
      s.fpsr = 0xF800009Fu;
      s.tpidr_el0 = ~0ull;
      break;
    default:  // small values and Z and C, round towards -infinity
      for (unsigned i = 0; i < 31; ++i) s.x[i] = i;
      for (unsigned i = 0; i < 32; ++i) s.v[i][0] = 0x3FF0000000000000ull, s.v[i][1] = 0x3F8000003F800000ull;
      s.nzcv = core::kFlagZ | core::kFlagC;
      s.fpcr = 2u << 22;
      s.tpidr_el0 = next();
      break;
  }
  return s;
}

struct Probe {
  core::Op op;                                   // what the decoder chose
  std::array<Execution, kSeedCount> executions;  // one per seed
  bool implemented;                              // no seed was UNDEFINED
  bool undefined;                                // every seed was UNDEFINED
  bool consistent() const { return implemented || undefined; }
};

inline Probe probe(uint32_t insn) {
  const core::DecodeTable& table = core::host_decode_table();
  Probe result{};
  result.op = core::decode(table, insn);
  unsigned undefined = 0;
  for (unsigned seed = 0; seed < kSeedCount; ++seed) {
    core::CpuState s = seed_state(seed);
    PermissiveMemory mem;
    const core::Outcome outcome = core::execute(result.op, insn, s, mem);
    result.executions[seed] = {outcome.flow, outcome.reason};
    undefined += result.executions[seed].undefined() ? 1 : 0;
  }
  result.implemented = undefined == 0;
  result.undefined = undefined == kSeedCount;
  return result;
}

}  // namespace warp64::coverage
