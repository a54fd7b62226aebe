// CpuState's members as GPU kernels keep them: every member but the register files in a
// scalar the compiler can hold in a hardware register.
#pragma once

#include <cstdint>

#include "warp64/core/state.hpp"

namespace warp64::gpu {

// The general-purpose registers as members, for code that names each register by a constant
// (translated blocks): the compiler then keeps every one in a hardware register.
struct RegisterArray {
  uint64_t r[31];
  __device__ uint64_t& operator[](unsigned n) { return r[n]; }
  __device__ const uint64_t& operator[](unsigned n) const { return r[n]; }
};

// Registers is uint64_t* for the interpreter, which indexes the file by a register number
// read at run time (so the file lives in per-thread memory, and copies of the state made for
// the outlined cold cases copy only the pointer), or RegisterArray for translated blocks.
template <class Registers>
struct BasicLaneState {
  // The core runs the encodings outside its hot set on a copy of this object (see execute.hpp).
  static constexpr bool kOutlineColdCases = true;

  Registers x;
  uint64_t (*v)[2];
  uint64_t sp;
  uint64_t pc;
  uint32_t nzcv;
  uint32_t fpcr;
  uint32_t fpsr;
  uint64_t tpidr_el0;
  uint64_t exclusive_address;
  uint32_t exclusive_size;
  uint32_t exclusive_open;
  uint64_t exclusive_value[2];

  __device__ void load(const core::CpuState& from) {
    for (int i = 0; i < 31; ++i) x[i] = from.x[i];
    for (int i = 0; i < 32; ++i) v[i][0] = from.v[i][0], v[i][1] = from.v[i][1];
    copy_scalars(from, *this);
  }

  __device__ void store(core::CpuState& to) const {
    for (int i = 0; i < 31; ++i) to.x[i] = x[i];
    for (int i = 0; i < 32; ++i) to.v[i][0] = v[i][0], to.v[i][1] = v[i][1];
    copy_scalars(*this, to);
  }

  // Every member except the two register files.
  template <class From, class To>
  __device__ static void copy_scalars(const From& from, To& to) {
    to.sp = from.sp;
    to.pc = from.pc;
    to.nzcv = from.nzcv;
    to.fpcr = from.fpcr;
    to.fpsr = from.fpsr;
    to.tpidr_el0 = from.tpidr_el0;
    to.exclusive_address = from.exclusive_address;
    to.exclusive_size = from.exclusive_size;
    to.exclusive_open = from.exclusive_open;
    to.exclusive_value[0] = from.exclusive_value[0];
    to.exclusive_value[1] = from.exclusive_value[1];
  }
};

using LaneState = BasicLaneState<uint64_t*>;
using TranslatedLaneState = BasicLaneState<RegisterArray>;

}  // namespace warp64::gpu
