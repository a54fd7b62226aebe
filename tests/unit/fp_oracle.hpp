// Unicorn 2 (QEMU's Arm FP emulation) as an independent oracle for the scalar FP tests:
// runs one instruction word on given SIMD&FP, general-purpose, NZCV, FPCR and FPSR state and
// returns the resulting state.
#pragma once

#include <unicorn/unicorn.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "warp64/machine.hpp"

namespace warp64::test {

struct FpState {
  uint64_t v[4][2] = {};  // V0..V3
  uint64_t x[4] = {};     // X0..X3
  uint32_t nzcv = 0;
  uint32_t fpcr = 0;
  uint32_t fpsr = 0;
  bool operator==(const FpState& o) const {
    return std::memcmp(v, o.v, sizeof v) == 0 && std::memcmp(x, o.x, sizeof x) == 0 && nzcv == o.nzcv &&
           fpcr == o.fpcr && fpsr == o.fpsr;
  }
};

class FpOracle {
 public:
  static constexpr uint64_t kCodeAddress = 0x10000;

  FpOracle() {
    ok_ = uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc_) == UC_ERR_OK &&
          uc_mem_map(uc_, kCodeAddress, 0x1000, UC_PROT_ALL) == UC_ERR_OK;
  }
  ~FpOracle() {
    if (uc_ != nullptr) uc_close(uc_);
  }
  FpOracle(const FpOracle&) = delete;
  FpOracle& operator=(const FpOracle&) = delete;

  bool ok() const { return ok_; }

  // Executes `word` once from `in`; false if Unicorn failed to run it (e.g. it is undefined there).
  bool run(uint32_t word, const FpState& in, FpState& out) {
    if (word != loaded_) {
      if (uc_mem_write(uc_, kCodeAddress, &word, 4) != UC_ERR_OK) return false;
      uc_ctl_remove_cache(uc_, kCodeAddress, kCodeAddress + 4);  // drop the old translation
      loaded_ = word;
    }
    for (int i = 0; i < 4; ++i) {
      uint64_t q[2] = {in.v[i][0], in.v[i][1]};
      uc_reg_write(uc_, UC_ARM64_REG_Q0 + i, q);
      uint64_t x = in.x[i];
      uc_reg_write(uc_, UC_ARM64_REG_X0 + i, &x);
    }
    uint64_t nzcv = in.nzcv, fpcr = in.fpcr, fpsr = in.fpsr;
    uc_reg_write(uc_, UC_ARM64_REG_NZCV, &nzcv);
    uc_reg_write(uc_, UC_ARM64_REG_FPCR, &fpcr);
    uc_reg_write(uc_, UC_ARM64_REG_FPSR, &fpsr);
    if (uc_emu_start(uc_, kCodeAddress, kCodeAddress + 4, 0, 1) != UC_ERR_OK) return false;
    uint64_t pc = 0;
    uc_reg_read(uc_, UC_ARM64_REG_PC, &pc);
    if (pc != kCodeAddress + 4) return false;
    for (int i = 0; i < 4; ++i) {
      uint64_t q[2] = {0, 0};
      uc_reg_read(uc_, UC_ARM64_REG_Q0 + i, q);
      out.v[i][0] = q[0];
      out.v[i][1] = q[1];
      uint64_t x = 0;
      uc_reg_read(uc_, UC_ARM64_REG_X0 + i, &x);
      out.x[i] = x;
    }
    nzcv = fpcr = fpsr = 0;
    uc_reg_read(uc_, UC_ARM64_REG_NZCV, &nzcv);
    uc_reg_read(uc_, UC_ARM64_REG_FPCR, &fpcr);
    uc_reg_read(uc_, UC_ARM64_REG_FPSR, &fpsr);
    out.nzcv = static_cast<uint32_t>(nzcv) & 0xF0000000u;
    out.fpcr = static_cast<uint32_t>(fpcr);
    out.fpsr = static_cast<uint32_t>(fpsr);
    return true;
  }

 private:
  uc_engine* uc_ = nullptr;
  bool ok_ = false;
  uint32_t loaded_ = 0;
};

// The same word on warp64's CPU engine, from and to the slice of state the oracle compares.
class CoreRunner {
 public:
  CoreRunner() : machine_({kDefaultMemorySize, EngineKind::kCpu}) {}

  // The state after running `word` then HLT; `result` tells whether `word` retired alone.
  FpState run(uint32_t word, const FpState& in, ExecResult& result) {
    if (loaded_ != word) {
      machine_.load_program(std::vector<uint32_t>{word, 0xD4400000u /* HLT #0 */}, 0);
      loaded_ = word;
    }
    core::CpuState st = machine_.state();
    for (int i = 0; i < 4; ++i) {
      st.v[i][0] = in.v[i][0];
      st.v[i][1] = in.v[i][1];
      st.x[i] = in.x[i];
    }
    st.nzcv = in.nzcv;
    st.fpcr = in.fpcr;
    st.fpsr = in.fpsr;
    st.pc = 0;
    machine_.set_state(st);
    result = machine_.execute(4);
    const core::CpuState& o = machine_.state();
    FpState out;
    for (int i = 0; i < 4; ++i) {
      out.v[i][0] = o.v[i][0];
      out.v[i][1] = o.v[i][1];
      out.x[i] = o.x[i];
    }
    out.nzcv = o.nzcv;
    out.fpcr = o.fpcr;
    out.fpsr = o.fpsr;
    return out;
  }

 private:
  Machine machine_;
  std::optional<uint32_t> loaded_;
};

}  // namespace warp64::test
