// Executes one decoded instruction: the single place where an Op meets its semantics.
#pragma once

#include "warp64/core/encoding.hpp"
#include "warp64/core/semantics/branches_exceptions_system.hpp"
#include "warp64/core/semantics/data_processing_immediate.hpp"
#include "warp64/core/semantics/data_processing_register.hpp"
#include "warp64/core/semantics/data_processing_register_sources.hpp"
#include "warp64/core/semantics/fp_data_processing.hpp"
#include "warp64/core/semantics/loads_stores.hpp"
#include "warp64/core/semantics/loads_stores_atomic.hpp"
#include "warp64/core/semantics/memory_tagging.hpp"
#include "warp64/core/semantics/simd_data_processing.hpp"
#include "warp64/core/semantics/simd_fp_loads_stores.hpp"

namespace warp64::core {

// Hands `insn` to one case of the dispatch as a value the compiler cannot see through, so
// that each case extracts only the operand fields it uses. Without it nvcc computes the
// fields of every encoding above the switch, for every instruction executed on the GPU.
W64_HD W64_INLINE uint32_t per_case(uint32_t insn) {
#if defined(__CUDA_ARCH__)
  asm volatile("" : "+r"(insn));
#endif
  return insn;
}

// Every encoding's case: the whole dispatch.
template <class State, class Memory>
W64_HD W64_INLINE Outcome execute_any(Op op, uint32_t insn, State& s, Memory& mem) {
  switch (op) {
#define W64_ENCODING(name, pattern) \
  case Op::name:                    \
    return sem::exec_##name(per_case(insn), s, mem);
#include "warp64/core/encodings/all.def"
#undef W64_ENCODING
    default: return Outcome::undefined();
  }
}

#if defined(__CUDA_ARCH__)
// The dispatch as a called function, for the GPU: its cases (the SIMD&FP ones above all)
// need far more registers than the hot path, and a kernel's register count is the most any
// of its inlined code needs, which sets how many warps an SM can hold. Called on copies of
// the state and memory policy, so that the caller's own objects never have their address
// taken and stay in registers; both copies come back, since a policy may cache translations
// that a cold case (a byte store's first write to a copy-on-write page) changes.
template <class State, class Memory>
__device__ __noinline__ Outcome execute_outlined(Op op, uint32_t insn, State& s, Memory& mem) {
  return execute_any(op, insn, s, mem);
}
#endif

// Runs `insn` (already decoded to `op`) against state `s`, whose pc is the instruction's
// address. Does not advance pc for Flow::kNext: the engine does that, so that it can keep
// pc in whatever form suits it.
template <class State, class Memory>
W64_HD W64_INLINE Outcome execute(Op op, uint32_t insn, State& s, Memory& mem) {
#if defined(__CUDA_ARCH__)
  // nvcc lowers a switch to a balanced tree of compares (no jump table), about nine levels
  // for the whole table. The encodings compiled code executes most get a shallow tree of
  // their own first; per_case keeps the compiler from merging the two switches.
  switch (op) {
#define W64_HOT(name) \
  case Op::name: return sem::exec_##name(per_case(insn), s, mem);
    W64_HOT(ADD_imm)
    W64_HOT(SUB_imm) W64_HOT(SUBS_imm) W64_HOT(ADD_shift) W64_HOT(SUBS_shift) W64_HOT(ORR_shift) W64_HOT(MOVZ)
        W64_HOT(UBFM) W64_HOT(B) W64_HOT(BL) W64_HOT(B_cond) W64_HOT(CBZ) W64_HOT(CBNZ) W64_HOT(RET) W64_HOT(LDR_X_uimm)
            W64_HOT(STR_X_uimm)
#undef W64_HOT
                default : break;
  }
  if constexpr (requires { requires State::kOutlineColdCases; }) {
    State cold_state = s;
    Memory cold_memory = mem;
    const Outcome outcome = execute_outlined(op, insn, cold_state, cold_memory);
    s = cold_state;
    mem = cold_memory;
    return outcome;
  } else {
    return execute_any(static_cast<Op>(per_case(static_cast<uint32_t>(op))), insn, s, mem);
  }
#else
  return execute_any(op, insn, s, mem);
#endif
}

}  // namespace warp64::core
