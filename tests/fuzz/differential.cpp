#include "differential.hpp"

#include <unicorn/unicorn.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <ostream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "disassembler.hpp"
#include "encoding_space.hpp"
#include "undefined_disagreements.hpp"
#include "warp64/core/decoder.hpp"
#include "warp64/machine.hpp"

namespace warp64::fuzz {

// ---- what is never generated ---------------------------------------------------------------

const std::vector<FuzzExclusion>& fuzz_exclusions() {
  static const std::vector<FuzzExclusion> list = {
      // By encoding name: the run would stop or the result is not comparable.
      {"SVC", 0, 0, "supervisor call: stops the run for the Linux layer"},
      {"HVC", 0, 0, "hypervisor call: UNDEFINED at EL0, an exception entry in Unicorn's EL1"},
      {"SMC", 0, 0, "secure monitor call: UNDEFINED at EL0, an exception entry in Unicorn's EL1"},
      {"BRK", 0, 0, "breakpoint: stops the run"},
      {"HLT", 0, 0, "halt: stops the run"},
      {"DCPS1", 0, 0, "debug state change: UNDEFINED outside Debug state"},
      {"DCPS2", 0, 0, "debug state change: UNDEFINED outside Debug state"},
      {"DCPS3", 0, 0, "debug state change: UNDEFINED outside Debug state"},
      // Encodings whose warp64 handler returns UNDEFINED for every operand a random fill gives
      // them: no program can contain one. The decode sweep checks them against capstone.
      {"BC_cond", 0, 0, "BC.cond (FEAT_HBC, Armv8.8): not implemented, UNDEFINED in warp64 and in Unicorn 2.0.1"},
      {"MSR_imm", 0, 0,
       "MSR (immediate): every PSTATE field is EL1-only, traps at EL0 (DAIFSet/DAIFClr without "
       "SCTLR_EL1.UMA) or belongs to a feature warp64 does not implement; Unicorn runs at EL1"},
      {"SYS", 0, 0,
       "SYS outside the EL0 cache maintenance (its own encodings): TLBI, AT, set/way and EL1 cache "
       "operations are UNDEFINED at EL0; Unicorn runs at EL1"},
      {"SYSL", 0, 0, "SYSL: no EL0 operation exists; Unicorn runs at EL1"},
      // By word pattern: whatever the encoding is called.
      {nullptr, 0xFF000000u, 0xD4000000u,
       "exception generation (SVC, HVC, SMC, BRK, HLT, DCPS*, TCANCEL): stops the run"},
      {nullptr, 0xFFC00000u, 0xD6800000u, "ERET, ERETAA/AB, DRPS: exception return, not an EL0 operation"},
      {nullptr, 0xFFFFFFFFu, 0xD503207Fu, "WFI: Unicorn halts the vCPU, ending uc_emu_start early"},
      {nullptr, 0xFFFFFFC0u, 0xD5031000u, "WFET/WFIT: wait until a counter value"},
      {nullptr, 0xFFFFFF3Fu, 0xD503211Fu,
       "PACIA1716/PACIB1716/AUTIA1716/AUTIB1716: NOP without FEAT_PAuth, Unicorn's max CPU has it"},
      {nullptr, 0xFFFFFF1Fu, 0xD503231Fu, "PACI[AB]{Z,SP}/AUTI[AB]{Z,SP}: FEAT_PAuth in Unicorn, NOP in warp64"},
      {nullptr, 0xFFFFFFFFu, 0xD50320FFu, "XPACLRI: FEAT_PAuth in Unicorn, NOP in warp64"},
      {"DC_GVA", 0, 0, "DC GVA (FEAT_MTE): UNDEFINED in Unicorn 2.0.1's CPU"},
      {"DC_GZVA", 0, 0, "DC GZVA (FEAT_MTE): UNDEFINED in Unicorn 2.0.1's CPU"},
      {"DC_TAG_MAINTENANCE", 0, 0,
       "DC CGVAC, CGDVAC, CGVAP, CGDVAP, CGVADP, CGDVADP, CIGVAC, CIGDVAC (FEAT_MTE): UNDEFINED in "
       "Unicorn 2.0.1's CPU"},
      // FEAT_MTE instructions: Unicorn 2.0.1 (QEMU 5.0) predates QEMU's MTE, so every one is
      // UNDEFINED there; tests/unit/memory_tagging_test.cpp checks them by hand instead.
      {nullptr, 0xBFC00000u, 0x91800000u, "ADDG/SUBG (FEAT_MTE): UNDEFINED in Unicorn 2.0.1's CPU"},
      {nullptr, 0xDFE0FC00u, 0x9AC00000u, "SUBP/SUBPS/CMPP (FEAT_MTE): UNDEFINED in Unicorn 2.0.1's CPU"},
      {nullptr, 0xFFE0F800u, 0x9AC01000u, "IRG/GMI (FEAT_MTE): UNDEFINED in Unicorn 2.0.1's CPU"},
      {nullptr, 0xFF200000u, 0xD9200000u, "LDG/STG/STZG/ST2G/STZ2G (FEAT_MTE): UNDEFINED in Unicorn 2.0.1's CPU"},
      {nullptr, 0xFFC00000u, 0x68800000u, "STGP post-index (FEAT_MTE): UNDEFINED in Unicorn 2.0.1's CPU"},
      {nullptr, 0xFF400000u, 0x69000000u, "STGP offset/pre-index (FEAT_MTE): UNDEFINED in Unicorn 2.0.1's CPU"},
      // MRS/MSR operands are rewritten to NZCV, FPCR, FPSR or TPIDR_EL0 (see whitelist below):
      // counters (CNTVCT_EL0, CNTPCT_EL0...), ID registers (MIDR_EL1, DCZID_EL0, CTR_EL0),
      // RNDR and EL1 registers are nondeterministic or differ between an EL0 model and
      // Unicorn's EL1.
  };
  return list;
}

namespace {

using core::CpuState;
using core::Op;

// ---- encodings used for setup ----------------------------------------------------------
uint32_t movz(unsigned d, unsigned imm16, unsigned hw) { return 0xD2800000u | hw << 21 | imm16 << 5 | d; }
uint32_t movk(unsigned d, unsigned imm16, unsigned hw) { return 0xF2800000u | hw << 21 | imm16 << 5 | d; }
uint32_t mov_sp_from(unsigned s) { return 0x91000000u | s << 5 | 31u; }  // ADD SP, Xs, #0
uint32_t ldr_uimm(unsigned size, unsigned t, unsigned n) { return size << 30 | 0x39400000u | n << 5 | t; }
uint32_t ldxr(unsigned size, unsigned t, unsigned n) { return size << 30 | 0x085F7C00u | n << 5 | t; }
uint32_t stxr(unsigned size, unsigned s, unsigned t, unsigned n) {
  return size << 30 | 0x08007C00u | s << 16 | n << 5 | t;
}
uint32_t stxp_x(unsigned s, unsigned t, unsigned t2, unsigned n) {
  return 0xC8200000u | s << 16 | t2 << 10 | n << 5 | t;
}
constexpr uint32_t kClrex = 0xD503305Fu;

// MRS/MSR system register operand (bits 19:5) for op0:op1:CRn:CRm:op2.
constexpr uint32_t sysreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return ((op0 - 2) << 14 | op1 << 11 | crn << 7 | crm << 3 | op2) << 5;
}
// The system registers whose EL0 view is deterministic and the same in both emulators.
constexpr uint32_t kSysregWhitelist[] = {
    sysreg(3, 3, 4, 2, 0),   // NZCV
    sysreg(3, 3, 4, 4, 0),   // FPCR
    sysreg(3, 3, 4, 4, 1),   // FPSR
    sysreg(3, 3, 13, 0, 2),  // TPIDR_EL0
};

// Unicorn-only pages: a CLREX stub (resets Unicorn's exclusive monitor between cases) and a
// slot for probing single words.
constexpr uint64_t kStubPage = 0x100000;
constexpr uint64_t kStubAddress = kStubPage;
constexpr uint64_t kProbeAddress = kStubPage + 0x800;
constexpr unsigned kQemuExcpUdef = 1;           // QEMU's EXCP_UDEF, as passed to UC_HOOK_INTR
constexpr uint64_t kUnmappedBase = 0x40000000;  // mapped in neither emulator

// ---- random values -----------------------------------------------------------------------
using Rng = std::mt19937_64;

uint64_t below(Rng& rng, uint64_t n) { return n == 0 ? 0 : rng() % n; }

uint64_t interesting_value(Rng& rng) {
  static constexpr uint64_t kEdges[] = {0,
                                        1,
                                        2,
                                        0x7F,
                                        0x80,
                                        0xFF,
                                        0x7FFF,
                                        0x8000,
                                        0xFFFF,
                                        0x7FFFFFFF,
                                        0x80000000,
                                        0xFFFFFFFF,
                                        0x100000000,
                                        0x7FFFFFFFFFFFFFFF,
                                        0x8000000000000000,
                                        0xFFFFFFFFFFFFFFFF,
                                        0xFFFFFFFF80000000,
                                        0x00000000FFFFFFFE};
  switch (below(rng, 8)) {
    case 0: return kEdges[below(rng, std::size(kEdges))];
    case 1: return below(rng, 256);
    case 2: return static_cast<uint64_t>(-static_cast<int64_t>(below(rng, 256)));
    case 3: return rng() & 0xFFFFFFFFu;
    case 4: return kEdges[below(rng, std::size(kEdges))] + below(rng, 3) - 1;
    default: return rng();
  }
}

// Floating-point bit patterns worth meeting in every lane size: zeros, infinities, quiet and
// signalling NaNs (with payloads), the smallest and largest subnormals and normals, 1.0,
// halves (rounding ties), and the values around the integer conversion limits.
uint64_t interesting_fp(Rng& rng, unsigned lane_bits) {
  static constexpr uint64_t kDouble[] = {
      0x0000000000000000, 0x7FF0000000000000, 0x7FF8000000000000, 0x7FF4000000000001, 0x7FF0000000000001,
      0x7FFFFFFFFFFFFFFF, 0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x0010000000000000, 0x7FEFFFFFFFFFFFFF,
      0x3FF0000000000000, 0x3FE0000000000000, 0x3FF8000000000000, 0x4004000000000000, 0x3FEFFFFFFFFFFFFF,
      0x41DFFFFFFFC00000, 0x41E0000000000000, 0x41DFFFFFFFE00000, 0x41EFFFFFFFE00000, 0x41F0000000000000,
      0x43DFFFFFFFFFFFFF, 0x43E0000000000000, 0x43EFFFFFFFFFFFFF, 0x43F0000000000000, 0x47EFFFFFE0000000,
      0x3810000000000000, 0x380FFFFFFFFFFFFF, 0x36A0000000000000, 0x40F0000000000000, 0x3F10000000000000};
  static constexpr uint32_t kSingle[] = {0x00000000, 0x7F800000, 0x7FC00000, 0x7FA00001, 0x7F800001, 0x7FFFFFFF,
                                         0x00000001, 0x007FFFFF, 0x00800000, 0x7F7FFFFF, 0x3F800000, 0x3F000000,
                                         0x3FC00000, 0x40200000, 0x3F7FFFFF, 0x4EFFFFFF, 0x4F000000, 0x4F7FFFFF,
                                         0x4F800000, 0x5EFFFFFF, 0x5F000000, 0x5F7FFFFF, 0x5F800000, 0x477FE000,
                                         0x47800000, 0x387FC000, 0x38800000, 0x33800000, 0x46FFFE00, 0x47000000};
  static constexpr uint16_t kHalf[] = {0x0000, 0x7C00, 0x7E00, 0x7D01, 0x7C01, 0x7FFF, 0x0001,
                                       0x03FF, 0x0400, 0x7BFF, 0x3C00, 0x3800, 0x3E00, 0x4100,
                                       0x3BFF, 0x7800, 0x5BFF, 0x5C00, 0x77FF, 0x1400, 0x0200};
  const uint64_t sign = below(rng, 2) == 0 ? 0 : 1ull << (lane_bits - 1);
  switch (lane_bits) {
    case 64: return kDouble[below(rng, std::size(kDouble))] | sign;
    case 32: return kSingle[below(rng, std::size(kSingle))] | sign;
    default: return kHalf[below(rng, std::size(kHalf))] | sign;
  }
}

// A 128-bit V register: lanes of one size (16, 32 or 64 bits), each an interesting FP
// pattern, an interesting integer, a small integer or random bits.
void fp_register_value(Rng& rng, uint64_t (&v)[2]) {
  if (below(rng, 8) == 0) {
    v[0] = rng();
    v[1] = rng();
    return;
  }
  const unsigned lane_bits = 16u << below(rng, 3);
  const uint64_t lane_mask = lane_bits == 64 ? ~0ull : (1ull << lane_bits) - 1;
  v[0] = v[1] = 0;
  for (unsigned at = 0; at < 128; at += lane_bits) {
    uint64_t lane;
    switch (below(rng, 6)) {
      case 0:
      case 1:
      case 2: lane = interesting_fp(rng, lane_bits); break;
      case 3: lane = interesting_value(rng); break;
      case 4: lane = below(rng, 256); break;
      default: lane = rng(); break;
    }
    v[at / 64] |= (lane & lane_mask) << (at % 64);
  }
}

// FPCR: random AHP (26), DN (25), FZ (24) and RMode (23:22); FZ16 and the trap enables
// (IOE, DZE, OFE, UFE, IXE, IDE) stay 0, as do the AArch32-only Len and Stride.
uint32_t random_fpcr(Rng& rng) { return static_cast<uint32_t>(below(rng, 32)) << 22; }

// FPSR: cumulative exception flags IOC, DZC, OFC, UFC, IXC (4:0), IDC (7) and QC (27), each
// set one time in four (mostly clear, so that instructions setting them are seen).
uint32_t random_fpsr(Rng& rng) {
  static constexpr uint32_t kBits[] = {1u << 0, 1u << 1, 1u << 2, 1u << 3, 1u << 4, 1u << 7, 1u << 27};
  uint32_t fpsr = 0;
  for (uint32_t b : kBits) fpsr |= below(rng, 4) == 0 ? b : 0;
  return fpsr;
}

// ---- a generated program -----------------------------------------------------------------
enum class Kind : uint8_t {
  kPlain,
  kMemory,          // base register Rn
  kLiteral,         // imm19 PC-relative data address
  kBranchImm26,     // B, BL
  kBranchImm19,     // B.cond, CBZ, CBNZ
  kBranchImm14,     // TBZ, TBNZ
  kBranchRegister,  // BR, BLR, RET...: target in Rn
  kAddressInRt,     // DC/IC by virtual address (SYS with CRn = 7): address in Rt
};

struct Slot {
  uint32_t word = 0;
  Op op = Op::kUndefined;
  Kind kind = Kind::kPlain;
  unsigned target = 0;       // branch target slot; == slot count for "end of program"
  uint64_t address = 0;      // memory base, or literal target
  unsigned index_value = 0;  // Rm for register-offset forms
  unsigned scratch = 0;      // register used to set SP, or to open the exclusive monitor
  bool preload = false;      // CAS: load the compare value; STXR: open the monitor first
};

struct Case {
  uint64_t seed = 0;
  std::vector<Slot> slots;
  std::vector<uint32_t> code;        // from kCodeBase
  std::vector<int> word_slot;        // slot of each word when it is the slot's instruction, else -1
  std::vector<uint64_t> slot_start;  // address of each slot's setup (then its instruction); + end
  uint64_t code_end = 0;
  CpuState init{};
  std::vector<uint8_t> image;  // the whole guest memory at the start
};

using Snapshot = GuestSnapshot;

bool same_v(const Snapshot& a, const Snapshot& b) { return std::memcmp(a.v, b.v, sizeof a.v) == 0; }

bool same(const Snapshot& a, const Snapshot& b) {
  return std::equal(std::begin(a.x), std::end(a.x), std::begin(b.x)) && a.sp == b.sp && a.pc == b.pc &&
         a.nzcv == b.nzcv && same_v(a, b) && a.fpsr == b.fpsr && a.fpcr == b.fpcr && a.tpidr_el0 == b.tpidr_el0 &&
         a.memory == b.memory;
}

// Vn as 32 hex digits, bits 127..0.
std::string hex128(const uint64_t v[2]) { return hex64(v[1]) + hex64(v[0]).substr(2); }

std::string describe_difference(const Snapshot& w, const Snapshot& u) {
  std::ostringstream out;
  const char* sep = "";
  for (unsigned i = 0; i < 31; ++i) {
    if (w.x[i] != u.x[i]) {
      out << sep << "x" << i << ": warp64=" << hex64(w.x[i]) << " unicorn=" << hex64(u.x[i]);
      sep = "; ";
    }
  }
  if (w.sp != u.sp) out << sep << "sp: warp64=" << hex64(w.sp) << " unicorn=" << hex64(u.sp), sep = "; ";
  if (w.pc != u.pc) out << sep << "pc: warp64=" << hex64(w.pc) << " unicorn=" << hex64(u.pc), sep = "; ";
  if (w.nzcv != u.nzcv) {
    out << sep << "nzcv: warp64=" << hex32(w.nzcv) << " unicorn=" << hex32(u.nzcv);
    sep = "; ";
  }
  for (unsigned i = 0; i < 32; ++i) {
    if (w.v[i][0] != u.v[i][0] || w.v[i][1] != u.v[i][1]) {
      out << sep << "v" << i << ": warp64=" << hex128(w.v[i]) << " unicorn=" << hex128(u.v[i]);
      sep = "; ";
    }
  }
  if (w.fpsr != u.fpsr) {
    out << sep << "fpsr: warp64=" << hex32(w.fpsr) << " unicorn=" << hex32(u.fpsr);
    sep = "; ";
  }
  if (w.fpcr != u.fpcr) {
    out << sep << "fpcr: warp64=" << hex32(w.fpcr) << " unicorn=" << hex32(u.fpcr);
    sep = "; ";
  }
  if (w.tpidr_el0 != u.tpidr_el0) {
    out << sep << "tpidr_el0: warp64=" << hex64(w.tpidr_el0) << " unicorn=" << hex64(u.tpidr_el0);
    sep = "; ";
  }
  unsigned shown = 0;
  for (size_t i = 0; i < w.memory.size() && i < u.memory.size(); ++i) {
    if (w.memory[i] == u.memory[i]) continue;
    const size_t start = i & ~size_t{7};
    if (shown++ == 4) {
      out << sep << "...";
      break;
    }
    uint64_t wv = 0, uv = 0;
    std::memcpy(&wv, w.memory.data() + start, 8);
    std::memcpy(&uv, u.memory.data() + start, 8);
    out << sep << "mem[" << hex64(start) << "]: warp64=" << hex64(wv) << " unicorn=" << hex64(uv);
    sep = "; ";
    i = start + 7;
  }
  return out.str();
}

// ---- Unicorn ------------------------------------------------------------------------------
// Unicorn's register id for Xi (X29 and X30 are numbered apart from X0..X28).
int xreg(unsigned i) {
  return i == 29 ? UC_ARM64_REG_X29 : i == 30 ? UC_ARM64_REG_X30 : UC_ARM64_REG_X0 + static_cast<int>(i);
}

class Unicorn {
 public:
  Unicorn() {
    check(uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc_), "uc_open");
    check(uc_ctl_set_cpu_model(uc_, UC_CPU_ARM64_MAX), "uc_ctl_set_cpu_model(MAX)");
    // The data region is not executable for Unicorn: QEMU 5 aborts (g_assert_not_reached)
    // on some SIMD encodings, so random data must never reach its translator.
    check(uc_mem_map(uc_, 0, kDataBase, UC_PROT_ALL), "uc_mem_map(code)");
    check(uc_mem_map(uc_, kDataBase, kMemorySize - kDataBase, UC_PROT_READ | UC_PROT_WRITE), "uc_mem_map(data)");
    check(uc_mem_map(uc_, kStubPage, 0x1000, UC_PROT_ALL), "uc_mem_map(stub)");
    check(uc_mem_write(uc_, kStubAddress, &kClrex, 4), "uc_mem_write(stub)");
    uc_hook hook;
    check(uc_hook_add(uc_, &hook, UC_HOOK_INTR, reinterpret_cast<void*>(&Unicorn::on_interrupt), this, 1, 0),
          "uc_hook_add");
    check(uc_reg_read(uc_, UC_ARM64_REG_PSTATE, &base_pstate_), "uc_reg_read(PSTATE)");
    base_pstate_ &= ~uint64_t{0xF0000000};
  }
  ~Unicorn() { uc_close(uc_); }
  Unicorn(const Unicorn&) = delete;
  Unicorn& operator=(const Unicorn&) = delete;

  struct Stop {
    bool stopped = false;  // did not complete the requested count
    uc_err error = UC_ERR_OK;
    bool interrupt = false;
    uint32_t intno = 0;
    uint64_t pc = 0;
  };

  void load(const Case& c) {
    check(uc_mem_write(uc_, 0, c.image.data(), c.image.size()), "uc_mem_write");
    // Drop the program's translated blocks (only the code page is executable).
    uc_ctl_remove_cache(uc_, uint64_t{kCodeBase}, uint64_t{kCodeLimit});
    uint64_t pstate = base_pstate_;
    uc_reg_write(uc_, UC_ARM64_REG_PSTATE, &pstate);
    // Run CLREX so that no monitor state leaks from the previous case. The stub is written
    // afresh: probes run random stores with leftover registers.
    check(uc_mem_write(uc_, kStubAddress, &kClrex, 4), "uc_mem_write(stub)");
    uc_ctl_remove_cache(uc_, uint64_t{kStubAddress}, uint64_t{kStubAddress + 4});
    const Stop clrex = run_from(kStubAddress, kStubAddress + 4, 1);
    if (clrex.stopped) throw std::runtime_error("unicorn: the CLREX stub did not run");
    for (unsigned i = 0; i < 31; ++i) uc_reg_write(uc_, xreg(i), &c.init.x[i]);
    uc_reg_write(uc_, UC_ARM64_REG_SP, &c.init.sp);
    uc_reg_write(uc_, UC_ARM64_REG_PC, &c.init.pc);
    uint64_t nzcv = c.init.nzcv;
    uc_reg_write(uc_, UC_ARM64_REG_NZCV, &nzcv);
    uint64_t tpidr = c.init.tpidr_el0;
    uc_reg_write(uc_, UC_ARM64_REG_TPIDR_EL0, &tpidr);
    write_fp_state(c.init.v, c.init.fpcr, c.init.fpsr);
  }

  // Executes `count` instructions (count > 0) from the current PC.
  Stop run(uint64_t until, uint64_t count) {
    uint64_t pc = 0;
    uc_reg_read(uc_, UC_ARM64_REG_PC, &pc);
    return run_from(pc, until, count);
  }

  Snapshot snapshot() {
    Snapshot s;
    for (unsigned i = 0; i < 31; ++i) uc_reg_read(uc_, xreg(i), &s.x[i]);
    uc_reg_read(uc_, UC_ARM64_REG_SP, &s.sp);
    uc_reg_read(uc_, UC_ARM64_REG_PC, &s.pc);
    uint64_t nzcv = 0;
    uc_reg_read(uc_, UC_ARM64_REG_NZCV, &nzcv);
    s.nzcv = static_cast<uint32_t>(nzcv) & core::kNzcvMask;
    for (unsigned i = 0; i < 32; ++i) {
      uint64_t q[2] = {0, 0};
      uc_reg_read(uc_, UC_ARM64_REG_Q0 + static_cast<int>(i), q);
      s.v[i][0] = q[0];
      s.v[i][1] = q[1];
    }
    uint64_t fpcr = 0, fpsr = 0;
    uc_reg_read(uc_, UC_ARM64_REG_FPCR, &fpcr);
    uc_reg_read(uc_, UC_ARM64_REG_FPSR, &fpsr);
    s.fpcr = static_cast<uint32_t>(fpcr);
    s.fpsr = static_cast<uint32_t>(fpsr);
    uc_reg_read(uc_, UC_ARM64_REG_TPIDR_EL0, &s.tpidr_el0);
    s.memory.resize(kMemorySize);
    check(uc_mem_read(uc_, 0, s.memory.data(), kMemorySize), "uc_mem_read");
    return s;
  }

  // Takes over another emulator's state (after a documented divergence).
  void set_state(const Snapshot& s) {
    for (unsigned i = 0; i < 31; ++i) uc_reg_write(uc_, xreg(i), &s.x[i]);
    uc_reg_write(uc_, UC_ARM64_REG_SP, &s.sp);
    uc_reg_write(uc_, UC_ARM64_REG_PC, &s.pc);
    uint64_t nzcv = s.nzcv;
    uc_reg_write(uc_, UC_ARM64_REG_NZCV, &nzcv);
    uc_reg_write(uc_, UC_ARM64_REG_TPIDR_EL0, &s.tpidr_el0);
    write_fp_state(s.v, s.fpcr, s.fpsr);
    check(uc_mem_write(uc_, 0, s.memory.data(), s.memory.size()), "uc_mem_write");
  }

  void set_x(unsigned i, uint64_t value) { uc_reg_write(uc_, xreg(i), &value); }

  // Replaces one word of the program (and its translation).
  void write_word(uint64_t address, uint32_t word) {
    check(uc_mem_write(uc_, address, &word, 4), "uc_mem_write(word)");
    uc_ctl_remove_cache(uc_, address, address + 4);
  }

  // Whether Unicorn raises UNDEFINED for `word` (executed alone, whatever the registers).
  bool rejects(uint32_t word) {
    // Branches are redirected to the next word, where the run ends: whether a word decodes
    // does not depend on its offset, and nothing unknown gets translated.
    if (is_branch_imm26(word)) word = (word & ~0x03FFFFFFu) | 1u;
    if (is_branch_cond(word) || is_compare_branch(word)) word = (word & ~0x00FFFFE0u) | (1u << 5);
    if (is_test_branch(word)) word = (word & ~0x0007FFE0u) | (1u << 5);
    if (is_branch_register(word) && rn_of(word) != 31) {
      const uint64_t next = kProbeAddress + 4;
      uc_reg_write(uc_, xreg(rn_of(word)), &next);
    }
    uc_mem_write(uc_, kProbeAddress, &word, 4);
    uc_ctl_remove_cache(uc_, uint64_t{kProbeAddress}, uint64_t{kProbeAddress + 4});
    const Stop stop = run_from(kProbeAddress, kProbeAddress + 4, 1);
    return stop.interrupt && stop.intno == kQemuExcpUdef && stop.pc == kProbeAddress;
  }

 private:
  void write_fp_state(const uint64_t (&v)[32][2], uint32_t fpcr, uint32_t fpsr) {
    for (unsigned i = 0; i < 32; ++i) {
      uint64_t q[2] = {v[i][0], v[i][1]};
      uc_reg_write(uc_, UC_ARM64_REG_Q0 + static_cast<int>(i), q);
    }
    uint64_t cr = fpcr, sr = fpsr;
    uc_reg_write(uc_, UC_ARM64_REG_FPCR, &cr);
    uc_reg_write(uc_, UC_ARM64_REG_FPSR, &sr);
  }

  static void check(uc_err err, const char* what) {
    if (err != UC_ERR_OK) throw std::runtime_error(std::string("unicorn: ") + what + ": " + uc_strerror(err));
  }

  static void on_interrupt(uc_engine* uc, uint32_t intno, void* user) {
    auto* self = static_cast<Unicorn*>(user);
    self->interrupted_ = true;
    self->intno_ = intno;
    uc_reg_read(uc, UC_ARM64_REG_PC, &self->interrupt_pc_);
    uc_emu_stop(uc);
  }

  Stop run_from(uint64_t begin, uint64_t until, uint64_t count) {
    interrupted_ = false;
    Stop stop;
    stop.error = uc_emu_start(uc_, begin, until, 0, count);
    stop.interrupt = interrupted_;
    stop.intno = intno_;
    uc_reg_read(uc_, UC_ARM64_REG_PC, &stop.pc);
    if (interrupted_) {
      // An exception is reported before the faulting instruction retires (SVC excepted,
      // which never reaches here: it is excluded).
      stop.pc = interrupt_pc_;
    }
    stop.stopped = stop.interrupt || stop.error != UC_ERR_OK;
    return stop;
  }

  uc_engine* uc_ = nullptr;
  uint64_t base_pstate_ = 0;
  bool interrupted_ = false;
  uint32_t intno_ = 0;
  uint64_t interrupt_pc_ = 0;
};

const char* uc_stop_text(const Unicorn::Stop& stop) {
  static thread_local char buffer[96];
  if (stop.interrupt) {
    std::snprintf(buffer, sizeof buffer, "exception %u (QEMU EXCP_*)", stop.intno);
  } else {
    std::snprintf(buffer, sizeof buffer, "%s", uc_strerror(stop.error));
  }
  return buffer;
}

}  // namespace

// ---- documented divergences -----------------------------------------------------------------
namespace {

uint64_t read_le(const std::vector<uint8_t>& memory, uint64_t address, unsigned bytes) {
  uint64_t value = 0;
  if (address > memory.size() || memory.size() - address < bytes) return 0;
  std::memcpy(&value, memory.data() + address, bytes);
  return value;
}

uint64_t base_of(const CpuState& s, unsigned n) { return n == 31 ? s.sp : s.x[n]; }

// Registers that differ between two snapshots, as a bit set (bit 31 = SP, 32 = PC, 33 = NZCV,
// 34 = any of V0-V31, 35 = FPSR, 36 = FPCR, 37 = TPIDR_EL0).
uint64_t differing_registers(const Snapshot& a, const Snapshot& b) {
  uint64_t set = 0;
  for (unsigned i = 0; i < 31; ++i) set |= static_cast<uint64_t>(a.x[i] != b.x[i]) << i;
  set |= static_cast<uint64_t>(a.sp != b.sp) << 31;
  set |= static_cast<uint64_t>(a.pc != b.pc) << 32;
  set |= static_cast<uint64_t>(a.nzcv != b.nzcv) << 33;
  set |= static_cast<uint64_t>(!same_v(a, b)) << 34;
  set |= static_cast<uint64_t>(a.fpsr != b.fpsr) << 35;
  set |= static_cast<uint64_t>(a.fpcr != b.fpcr) << 36;
  set |= static_cast<uint64_t>(a.tpidr_el0 != b.tpidr_el0) << 37;
  return set;
}

bool memory_differs_only_in(const Snapshot& a, const Snapshot& b, uint64_t address, uint64_t bytes) {
  for (size_t i = 0; i < a.memory.size(); ++i) {
    if (a.memory[i] != b.memory[i] && (i < address || i >= address + bytes)) return false;
  }
  return true;
}

// LD{S,U}{MAX,MIN}{B,H,W}: warp64 must match the Arm ARM's MemAtomic for the access size:
// data = Mem[address, size]; value = X[s]<size-1:0>; Mem = op(data, value); X[t] = data.
bool atomic_min_max_follows_arm_arm(const Divergence& d) {
  const uint32_t w = d.word;
  const unsigned bytes = 1u << (w >> 30), bits = 8 * bytes;
  const unsigned opc = (w >> 12) & 7, s = rs_of(w), t = rt_of(w);
  const uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
  const uint64_t address = base_of(d.before, rn_of(w));
  const uint64_t data = read_le(d.before_snapshot.memory, address, bytes);
  const uint64_t value = (s == 31 ? 0 : d.before.x[s]) & mask;
  auto sext = [&](uint64_t v) { return static_cast<int64_t>(v << (64 - bits)) >> (64 - bits); };
  uint64_t result = 0;
  switch (opc) {
    case 4: result = sext(data) >= sext(value) ? data : value; break;  // SMAX
    case 5: result = sext(data) <= sext(value) ? data : value; break;  // SMIN
    case 6: result = data >= value ? data : value; break;              // UMAX
    default: result = data <= value ? data : value; break;             // UMIN
  }
  Snapshot expected = d.before_snapshot;
  expected.pc += 4;
  if (t != 31) expected.x[t] = data;
  std::memcpy(expected.memory.data() + address, &result, bytes);
  return same(expected, d.warp64);
}

// Store-exclusive (STXR, STLXR, STXP, STLXP): the bytes it writes and their data.
struct StoreExclusive {
  uint64_t address;
  unsigned bytes;
  unsigned s;  // status register; 31 (WZR) discards the status
  uint8_t data[16];
};

bool decode_store_exclusive(const Divergence& d, StoreExclusive& out) {
  const uint32_t w = d.word;
  const bool pair = (w >> 21) & 1;
  if (pair && (w >> 31) == 0) return false;  // CASP shares the space
  const unsigned element = pair ? 4u << ((w >> 30) & 1) : 1u << (w >> 30);
  out.bytes = pair ? 2 * element : element;
  out.address = base_of(d.before, rn_of(w));
  out.s = rs_of(w);
  const uint64_t t = rt_of(w) == 31 ? 0 : d.before.x[rt_of(w)];
  const uint64_t t2 = rt2_of(w) == 31 ? 0 : d.before.x[rt2_of(w)];
  std::memcpy(out.data, &t, 8);
  if (pair) std::memcpy(out.data + element, &t2, 8);
  return out.address <= kMemorySize - out.bytes;
}

// One emulator's result is a coherent outcome of the store-exclusive: status 0 with the
// data stored, or status 1 with memory untouched (status unknown when Ws is WZR).
bool coherent_store_exclusive(const Divergence& d, const StoreExclusive& st, const Snapshot& after) {
  const bool untouched = after.memory == d.before_snapshot.memory;
  Snapshot stored = d.before_snapshot;
  std::memcpy(stored.memory.data() + st.address, st.data, st.bytes);
  const bool written = after.memory == stored.memory;
  if (st.s == 31) return untouched || written;
  return (after.x[st.s] == 1 && untouched) || (after.x[st.s] == 0 && written);
}

// Whether a store-exclusive passes is IMPLEMENTATION DEFINED when its address or size
// differs from what the load-exclusive marked (the monitor tags an IMPLEMENTATION DEFINED
// reservation granule), and when the PE itself stored to the marked bytes in between
// (whether such a store clears the local monitor is IMPLEMENTATION DEFINED; QEMU fails the
// store-exclusive only if the value changed). Arm ARM B2.9. warp64 must still produce a
// coherent outcome.
bool store_exclusive_implementation_defined(const Divergence& d) {
  StoreExclusive st;
  if (!decode_store_exclusive(d, st) || !d.before.exclusive_open) return false;
  const bool same_marking = d.before.exclusive_address == st.address && d.before.exclusive_size == st.bytes;
  if (same_marking && !d.monitor_disturbed) return false;
  const uint64_t status_bit = st.s == 31 ? 0 : 1ull << st.s;
  if ((differing_registers(d.warp64, d.unicorn) & ~status_bit) != 0) return false;
  if (!memory_differs_only_in(d.warp64, d.unicorn, st.address, st.bytes)) return false;
  return coherent_store_exclusive(d, st, d.warp64);
}

// Unicorn reports failure (Ws = 1) yet writes memory: QEMU 5 compares only the low
// `size` bytes of the value the load-exclusive read, stores, and then derives the status
// from the whole 64-bit value. In the Arm ARM a failed store-exclusive performs no store,
// and one that stores reports 0 (STXR pseudocode: the store happens only when
// AArch64.ExclusiveMonitorsPass() is TRUE).
bool unicorn_failed_store_exclusive_writes(const Divergence& d) {
  StoreExclusive st;
  if (!decode_store_exclusive(d, st)) return false;
  if (differing_registers(d.warp64, d.unicorn) != 0) return false;
  if (st.s != 31 && d.unicorn.x[st.s] != 1) return false;
  if (d.unicorn.memory == d.before_snapshot.memory) return false;
  if (!memory_differs_only_in(d.warp64, d.unicorn, st.address, st.bytes)) return false;
  return d.warp64.memory == d.before_snapshot.memory;  // warp64: failed and did not store
}

// Bytes accessed by an instruction of the exclusive/ordered/CAS space (C4.1.88): the
// alignment unit its Arm ARM pseudocode checks.
unsigned exclusive_space_access_bytes(uint32_t w) {
  const unsigned size = w >> 30;
  const bool o2 = (w >> 23) & 1, o1 = (w >> 21) & 1;
  if (!o2 && o1) return (w >> 31) ? 2u << size : 2u << (size | 2);  // LDXP/STXP; CASP (size 0x)
  return 1u << size;
}

// Load-acquire/store-release (LDAR, STLR, LDLAR, STLLR, LDAPR) and store-exclusives at a
// misaligned address: the Arm ARM raises an Alignment fault whatever SCTLR_EL1.A says
// (without FEAT_LSE2, which Unicorn's CPU does not have either): the ordered accesses
// check alignment for AccType_ORDERED, and AArch64.ExclusiveMonitorsPass() checks it
// before looking at the monitor. QEMU 5 checks neither (a store-exclusive whose monitor
// does not match simply fails). warp64 must stop with a fault at the unaligned address
// and change nothing.
bool unicorn_misses_alignment_fault(const Divergence& d) {
  if (!d.warp64_faulted || d.warp64.memory != d.before_snapshot.memory) return false;
  const uint32_t w = d.word;
  const unsigned bytes = is_exclusive_space(w) ? exclusive_space_access_bytes(w) : 1u << (w >> 30);
  const uint64_t address = base_of(d.before, rn_of(w));
  return (address & (bytes - 1)) != 0;
}

// MSR FPCR, Xt: FPCR.Len and FPCR.Stride (bits 21:16 but FZ16, bit 19) exist only to save
// and restore the AArch32 FPSCR; QEMU keeps what MSR wrote, an AArch64-only EL0 may treat
// them as RES0 (warp64 does). Nothing else may differ.
bool fpcr_aarch32_fields(const Divergence& d) {
  return differing_registers(d.warp64, d.unicorn) == 1ull << 36 &&
         ((d.warp64.fpcr ^ d.unicorn.fpcr) & ~0x00370000u) == 0 && d.warp64.memory == d.unicorn.memory;
}

}  // namespace

const std::vector<KnownDivergence>& known_divergences() {
  // Atomic memory operations: size 29:24 = 111000, bit 21 = 1, o3 = 0, opc 1xx, 11:10 = 00.
  static const std::vector<KnownDivergence> list = {
      {"unicorn-atomic-minmax-narrow", 0xBF20CC00u, 0x38204000u, true,
       "LD{S,U}{MAX,MIN}{B,H}: Unicorn compares the whole 64-bit Xs with the zero-extended memory "
       "value; MemAtomic compares Xs<datasize-1:0> with Mem[address, datasize] (signed for SMAX/SMIN)",
       atomic_min_max_follows_arm_arm},
      {"unicorn-atomic-minmax-word", 0xFF20CC00u, 0xB8204000u, true,
       "LD{S,U}{MAX,MIN} (32-bit): as above, Unicorn compares 64-bit Xs with the zero-extended word",
       atomic_min_max_follows_arm_arm},
      {"unicorn-failed-store-exclusive-writes", 0x3FC00000u, 0x08000000u, true,
       "STXR/STLXR/STXP/STLXP: Unicorn returns status 1 but has written memory; a failed "
       "store-exclusive must not store (and one that stores returns 0)",
       unicorn_failed_store_exclusive_writes},
      {"impl-defined-exclusive-monitor", 0x3FC00000u, 0x08000000u, false,
       "STXR/STLXR/STXP/STLXP after a load-exclusive of another address or size, or after the PE "
       "stored to the marked bytes: whether it passes is IMPLEMENTATION DEFINED",
       store_exclusive_implementation_defined},
      {"unicorn-no-alignment-fault-ordered", 0x3FA00000u, 0x08800000u, true,
       "LDAR/STLR/LDLAR/STLLR (o2 = 1, not CAS) at a misaligned address: Unicorn executes, "
       "the Arm ARM requires an Alignment fault (AccType_ORDERED) without FEAT_LSE2",
       unicorn_misses_alignment_fault},
      {"unicorn-no-alignment-fault-ldapr", 0x3FFFFC00u, 0x38BFC000u, true,
       "LDAPR at a misaligned address: Unicorn executes, the Arm ARM requires an Alignment fault",
       unicorn_misses_alignment_fault},
      {"unicorn-no-alignment-fault-store-exclusive", 0x3FC00000u, 0x08000000u, true,
       "STXR/STLXR/STXP/STLXP at a misaligned address: Unicorn fails it without a fault, "
       "AArch64.ExclusiveMonitorsPass() raises the Alignment fault before the monitor check",
       unicorn_misses_alignment_fault},
      {"impl-defined-fpcr-aarch32-fields", 0xFFFFFFE0u, 0xD51B4400u, false,
       "MSR FPCR: Len/Stride (21:20, 18:16) are AArch32 context fields, RES0 on an AArch64-only EL0",
       fpcr_aarch32_fields},
  };
  return list;
}

// ---- the fuzzer ------------------------------------------------------------------------------
struct DifferentialFuzzer::Impl {
  FuzzOptions options;
  const core::DecodeTable& table = core::host_decode_table();
  Disassembler disassembler;
  // Replaced every kUnicornLifetime cases: Unicorn 2.0.1 corrupts its translation-block
  // page tree over tens of thousands of runs on the same addresses and then crashes in
  // page_collection_lock (unicorn-engine/unicorn#1946); a fresh engine costs ~0.3 ms.
  static constexpr uint64_t kUnicornLifetime = 1000;
  std::unique_ptr<Unicorn> unicorn = std::make_unique<Unicorn>();
  Machine warp{{kMemorySize, EngineKind::kCpu}};
  Machine scratch{{0x1000, EngineKind::kCpu}};
  std::vector<Op> eligible;
  std::vector<bool> excluded_op;
  std::atomic<bool> stop_requested{false};
  FuzzReport* report = nullptr;

  // An encoding is excluded when an exclusion names it, or when a word pattern of the list
  // covers every word of it.
  explicit Impl(const FuzzOptions& o) : options(o) {
    excluded_op.assign(core::kOpCount, false);
    for (const FuzzExclusion& e : fuzz_exclusions()) {
      for (unsigned op = 1; op < core::kOpCount; ++op) {
        const core::EncodingInfo& encoding = core::kEncodings[op];
        const bool named = e.op_name != nullptr && std::strcmp(encoding.name, e.op_name) == 0;
        const bool covered =
            e.op_name == nullptr && (encoding.mask & e.mask) == e.mask && (encoding.value & e.mask) == e.value;
        if (named || covered) excluded_op[op] = true;
      }
    }
  }

  std::ostream* log() const { return options.log; }

  static bool excluded_word(uint32_t word) {
    for (const FuzzExclusion& e : fuzz_exclusions()) {
      if (e.op_name == nullptr && (word & e.mask) == e.value) return true;
    }
    return false;
  }

  // warp64's handler rejects the word (decoded, but UNDEFINED when executed).
  bool warp64_undefined(uint32_t word) {
    const uint32_t words[] = {word};
    scratch.load_program(words, 0);
    scratch.set_pc(0);
    const ExecResult r = scratch.execute(1);
    return r.stop_reason == StopReason::kUndefined && r.final_pc == 0;
  }

  static void note(std::map<std::string, DecodeDisagreement>& where, const std::string& op, uint32_t word) {
    DecodeDisagreement& d = where[op];
    ++d.count;
    if (d.examples.size() < 4 && std::find(d.examples.begin(), d.examples.end(), word) == d.examples.end()) {
      d.examples.push_back(word);
    }
  }

  // A random fill of op's operand bits that is worth running, or 0.
  uint32_t fill(Op op, Rng& rng) const {
    const core::EncodingInfo& e = core::kEncodings[static_cast<unsigned>(op)];
    uint32_t word = e.value | (static_cast<uint32_t>(rng()) & ~e.mask);
    if (is_sysreg_move(word)) {
      word = (word & ~0x000FFFE0u) | kSysregWhitelist[below(rng, std::size(kSysregWhitelist))];
    }
    if (core::decode(table, word) != op) return 0;
    if (excluded_word(word) || constrained_unpredictable(word)) return 0;
    if (is_load_store(word) && !is_load_literal(word)) {
      // A register-offset index equal to the base would move the address out of the data.
      if (is_register_offset(word) && rm_of(word) == rn_of(word) && rn_of(word) != 31) return 0;
    }
    if (is_branch_register(word) && rn_of(word) == 31) return 0;
    if (is_cache_maintenance(word) && rt_of(word) == 31) return 0;
    return word;
  }

  // A failure that is not a divergence of two states: an UNDEFINED disagreement, an encoding
  // that cannot be generated, or exclusive monitors that differ.
  void fail(uint64_t case_seed, uint32_t word, const std::string& op, const std::string& what) {
    Mismatch m{case_seed, word, op, what, ""};
    if (log() != nullptr) {
      *log() << "MISMATCH " << op << " " << hex32(word) << " (" << disassembler.text(word) << ")"
             << (case_seed != 0 ? " case " + hex64(case_seed) : std::string()) << ": " << what << "\n";
    }
    report->mismatches.push_back(std::move(m));
  }

  // A word one emulator rejects as UNDEFINED while the other executes it: counted under its
  // documented class, or a failure.
  void record_undefined_disagreement(uint64_t case_seed, uint32_t word, Rejecter rejecter, const char* where) {
    if (const UndefinedDisagreementClass* known = classify_undefined_disagreement(word, rejecter)) {
      note(rejecter == Rejecter::kWarp64 ? report->warp64_rejects : report->unicorn_rejects, known->name, word);
      return;
    }
    fail(case_seed, word, core::op_name(core::decode(table, word)),
         std::string(rejecter == Rejecter::kWarp64 ? "warp64 raises UNDEFINED, Unicorn executes it"
                                                   : "Unicorn raises UNDEFINED, warp64 executes it") +
             where + " (no documented class in undefined_disagreements.cpp)");
  }

  // Which ops can be generated at all (decided once, the same for every seed). An op none of
  // whose random fills executes on warp64 fails the run unless an exclusion names it.
  void choose_eligible(FuzzReport& r) {
    Rng rng(0x5EED);
    for (unsigned i = 1; i < core::kOpCount; ++i) {
      const Op op = static_cast<Op>(i);
      if (excluded_op[i]) {
        r.never_generated.push_back(core::kEncodings[i].name);
        continue;
      }
      bool ok = false;
      uint32_t example = 0;
      for (unsigned attempt = 0; attempt < 4096 && !ok; ++attempt) {
        const uint32_t word = fill(op, rng);
        if (word != 0) example = word;
        ok = word != 0 && !warp64_undefined(word);
      }
      if (ok) {
        eligible.push_back(op);
      } else {
        fail(0, example, core::kEncodings[i].name,
             example == 0 ? "cannot be generated: no random fill decodes as it and is usable, and no exclusion names it"
                          : "cannot be generated: every random fill is UNDEFINED on warp64, and no exclusion names it");
      }
    }
  }

  Kind kind_of(uint32_t word) const {
    if (is_load_literal(word)) return Kind::kLiteral;
    if (is_load_store(word)) return Kind::kMemory;
    if (is_branch_imm26(word)) return Kind::kBranchImm26;
    if (is_branch_cond(word) || is_compare_branch(word)) return Kind::kBranchImm19;
    if (is_test_branch(word)) return Kind::kBranchImm14;
    if (is_branch_register(word)) return Kind::kBranchRegister;
    if (is_cache_maintenance(word)) return Kind::kAddressInRt;
    return Kind::kPlain;
  }

  // A register not named by any operand field of `word`.
  static unsigned free_register(uint32_t word, Rng& rng) {
    for (;;) {
      const unsigned r = static_cast<unsigned>(below(rng, 31));
      if (r != (word & 31) && r != rn_of(word) && r != ((word >> 10) & 31) && r != rm_of(word)) return r;
    }
  }

  bool make_slot(uint64_t case_seed, Rng& rng, Slot& slot) {
    for (unsigned attempt = 0; attempt < 64; ++attempt) {
      const Op op = eligible[below(rng, eligible.size())];
      uint32_t word = 0;
      for (unsigned tries = 0; tries < 32 && word == 0; ++tries) word = fill(op, rng);
      if (word == 0) continue;
      if (warp64_undefined(word)) {
        ++report->undefined_probed;
        if (unicorn->rejects(word)) {
          ++report->undefined_agreed;
        } else {
          record_undefined_disagreement(case_seed, word, Rejecter::kWarp64, "");
        }
        continue;
      }
      if (unicorn->rejects(word)) {
        record_undefined_disagreement(case_seed, word, Rejecter::kUnicorn, "");
        continue;
      }
      slot = Slot{};
      slot.word = word;
      slot.op = op;
      slot.kind = kind_of(word);
      if (slot.kind == Kind::kMemory) {
        // 16-byte aligned bases (exclusives and atomics need natural alignment); the largest
        // scaled offsets (imm12 << 3, imm7 << 3, imm9) stay inside the data region. Atomics
        // and exclusives share a few addresses so that they meet each other.
        if (is_exclusive_space(word) || is_atomic(word)) {
          slot.address = kDataBase + 0x4000 + 16 * below(rng, 8);
          // Exclusives, acquire/release and atomics need natural alignment (else an
          // Alignment fault); now and then test that with a misaligned base.
          if (below(rng, 50) == 0) slot.address += 1 + below(rng, 15);
        } else {
          slot.address = kDataBase + 0x200 + 16 * below(rng, (0x8000 - 0x200) / 16);
          // LDR/STR Qt (unsigned offset) scale imm12 by 16, up to 0xFFF0: the base goes
          // where the whole access still fits the data region.
          if (is_load_store_uimm(word) && is_simd_fp_128bit_single(word)) {
            const uint64_t offset = static_cast<uint64_t>((word >> 10) & 0xFFFu) << 4;
            slot.address = kDataBase + 16 * below(rng, (kDataSize - 16 - offset) / 16 + 1);
          }
        }
        // Now and then an unmapped base: both must fault on the instruction, with no
        // register written (Arm ARM: a synchronous Data Abort leaves the destination
        // registers as they were for the faulting access).
        if (below(rng, 100) == 0) slot.address = kUnmappedBase + 16 * below(rng, 0x1000);
        slot.index_value = static_cast<unsigned>(below(rng, 64));
        slot.scratch = free_register(word, rng);
        // CAS{B,H,}{A,L,AL}: o2 = 1, o1 = 1, Rt2 = 11111. Store-exclusive: o2 = L = o1 = 0.
        const bool cas = is_exclusive_space(word) && (word & 0x00A07C00u) == 0x00A07C00u && rs_of(word) != 31 &&
                         rs_of(word) != rn_of(word);
        const bool store_exclusive = is_exclusive_space(word) && (word & 0x00E00000u) == 0;
        slot.preload = (cas || store_exclusive) && below(rng, 2) == 0;
      } else if (slot.kind == Kind::kAddressInRt) {
        slot.address = kDataBase + 8 * below(rng, kDataSize / 8);  // DC ZVA aligns it down to 64
      } else if (slot.kind == Kind::kLiteral) {
        slot.address = kDataBase + 8 * below(rng, kDataSize / 8 - 2);
      }
      return true;
    }
    return false;
  }

  std::vector<uint32_t> setup_for(const Slot& slot, uint64_t target_address) const {
    std::vector<uint32_t> out;
    const uint32_t w = slot.word;
    auto load_address = [&](unsigned reg, uint64_t address) {
      out.push_back(movz(reg, static_cast<unsigned>(address & 0xFFFF), 0));
      out.push_back(movk(reg, static_cast<unsigned>((address >> 16) & 0xFFFF), 1));
    };
    switch (slot.kind) {
      case Kind::kMemory: {
        const unsigned n = rn_of(w);
        if (n == 31) {
          load_address(slot.scratch, slot.address);
          out.push_back(mov_sp_from(slot.scratch));
        } else {
          load_address(n, slot.address);
        }
        if (is_register_offset(w) && rm_of(w) != 31) out.push_back(movz(rm_of(w), slot.index_value, 0));
        if (slot.preload) {
          const unsigned size = w >> 30;
          if ((w & 0x00E00000u) == 0) {
            out.push_back(ldxr(size, slot.scratch, n));  // opens the monitor on the same bytes
          } else {
            out.push_back(ldr_uimm(size, rs_of(w), n));  // CAS: compare against the memory
          }
        }
        break;
      }
      case Kind::kBranchRegister: load_address(rn_of(w), target_address); break;
      case Kind::kAddressInRt: load_address(rt_of(w), slot.address); break;
      default: break;
    }
    return out;
  }

  void make_case(uint64_t seed, Case& c) {
    Rng rng(seed);
    c = Case{};
    c.seed = seed;
    const unsigned length =
        options.min_length + static_cast<unsigned>(below(rng, options.max_length - options.min_length + 1));
    for (unsigned i = 0; i < length; ++i) {
      Slot slot;
      if (make_slot(seed, rng, slot)) c.slots.push_back(slot);
    }
    const unsigned count = static_cast<unsigned>(c.slots.size());
    for (unsigned i = 0; i < count; ++i) {
      // Mostly forward, so that most instructions run; backward branches make loops that
      // the instruction budget cuts off.
      unsigned target;
      if (below(rng, 4) != 0 || i == 0) {
        target = i + 1 + static_cast<unsigned>(below(rng, count - i));
      } else {
        target = static_cast<unsigned>(below(rng, i));
      }
      c.slots[i].target = target;
    }
    // Layout: setup lengths do not depend on addresses.
    c.slot_start.resize(count + 1);
    uint64_t address = kCodeBase;
    for (unsigned i = 0; i < count; ++i) {
      c.slot_start[i] = address;
      address += 4 * (setup_for(c.slots[i], 0).size() + 1);
    }
    c.slot_start[count] = address;
    c.code_end = address;
    for (unsigned i = 0; i < count; ++i) {
      Slot& slot = c.slots[i];
      const uint64_t target = c.slot_start[slot.target];
      for (uint32_t w : setup_for(slot, target)) {
        c.code.push_back(w);
        c.word_slot.push_back(-1);
      }
      const uint64_t pc = kCodeBase + 4 * c.code.size();
      const int64_t offset = static_cast<int64_t>(target - pc) / 4;
      uint32_t w = slot.word;
      switch (slot.kind) {
        case Kind::kBranchImm26: w = (w & ~0x03FFFFFFu) | (static_cast<uint32_t>(offset) & 0x03FFFFFFu); break;
        case Kind::kBranchImm19: w = (w & ~0x00FFFFE0u) | ((static_cast<uint32_t>(offset) & 0x7FFFFu) << 5); break;
        case Kind::kBranchImm14: w = (w & ~0x0007FFE0u) | ((static_cast<uint32_t>(offset) & 0x3FFFu) << 5); break;
        case Kind::kLiteral: {
          const int64_t data_offset = static_cast<int64_t>(slot.address - pc) / 4;
          w = (w & ~0x00FFFFE0u) | ((static_cast<uint32_t>(data_offset) & 0x7FFFFu) << 5);
          break;
        }
        default: break;
      }
      slot.word = w;
      c.code.push_back(w);
      c.word_slot.push_back(static_cast<int>(i));
    }

    CpuState& s = c.init;
    for (uint64_t& x : s.x) x = interesting_value(rng);
    s.sp = kDataBase + 0x4000 + 16 * below(rng, 0x8000 / 16);
    s.pc = kCodeBase;
    s.nzcv = static_cast<uint32_t>(below(rng, 16)) << 28;
    s.tpidr_el0 = rng();
    for (auto& v : s.v) fp_register_value(rng, v);
    s.fpcr = random_fpcr(rng);
    s.fpsr = random_fpsr(rng);
    c.image.assign(kMemorySize, 0);
    for (size_t i = 0; i < c.code.size(); ++i) std::memcpy(c.image.data() + kCodeBase + 4 * i, &c.code[i], 4);
    for (size_t i = 0; i < kDataSize; i += 8) {
      const uint64_t v = below(rng, 4) == 0 ? interesting_value(rng) : rng();
      std::memcpy(c.image.data() + kDataBase + i, &v, 8);
    }
  }

  // ---- running -----------------------------------------------------------------------------
  void load_warp(const Case& c) {
    warp.set_state(c.init);
    warp.write_memory(0, c.image);
  }

  ExecResult warp_step() {
    if (!options.after_warp64_step) return warp.execute(1);
    const uint64_t pc = warp.pc();
    uint32_t word = 0;
    if (pc < kMemorySize - 4) std::memcpy(&word, warp.read_memory(pc, 4).data(), 4);
    const ExecResult r = warp.execute(1);
    CpuState state = warp.state();
    options.after_warp64_step(word, state);
    warp.set_state(state);
    return r;
  }

  Snapshot warp_snapshot() {
    Snapshot s;
    const CpuState& st = warp.state();
    std::copy(std::begin(st.x), std::end(st.x), s.x);
    s.sp = st.sp;
    s.pc = st.pc;
    s.nzcv = st.nzcv;
    std::memcpy(s.v, st.v, sizeof s.v);
    s.fpcr = st.fpcr;
    s.fpsr = st.fpsr;
    s.tpidr_el0 = st.tpidr_el0;
    s.memory = warp.read_memory(0, kMemorySize);
    return s;
  }

  Snapshot unicorn_after(const Case& c, uint64_t steps, Unicorn::Stop* stop = nullptr) {
    unicorn->load(c);
    Unicorn::Stop st;
    if (steps > 0) st = unicorn->run(c.code_end, steps);
    if (stop != nullptr) *stop = st;
    return unicorn->snapshot();
  }

  uint32_t word_at(const Case& c, uint64_t pc) const {
    if (pc < kCodeBase || pc >= c.code_end || (pc & 3) != 0) return 0;
    return c.code[(pc - kCodeBase) / 4];
  }

  void print_case(const Case& c, std::ostream& out, uint64_t mark_pc) const {
    out << "  program (" << c.slots.size() << " random instructions, setup marked '.'):\n";
    for (size_t i = 0; i < c.code.size(); ++i) {
      const uint64_t pc = kCodeBase + 4 * i;
      out << (pc == mark_pc ? "  >> " : "     ") << hex64(pc).substr(12) << ": " << (c.word_slot[i] < 0 ? ". " : "  ")
          << listing(disassembler, c.code[i], pc);
      if (c.word_slot[i] >= 0) out << "   [" << core::op_name(c.slots[c.word_slot[i]].op) << "]";
      out << "\n";
    }
    out << "  initial state:";
    for (unsigned i = 0; i < 31; ++i)
      out << (i % 4 == 0 ? "\n    " : "  ") << "x" << std::left << std::setw(2) << i << std::right << "="
          << hex64(c.init.x[i]);
    out << "\n    sp=" << hex64(c.init.sp) << "  nzcv=" << hex32(c.init.nzcv)
        << "  tpidr_el0=" << hex64(c.init.tpidr_el0) << "  fpcr=" << hex32(c.init.fpcr)
        << "  fpsr=" << hex32(c.init.fpsr);
    for (unsigned i = 0; i < 32; ++i)
      out << (i % 2 == 0 ? "\n    " : "  ") << "v" << std::left << std::setw(2) << i << std::right << "="
          << hex128(c.init.v[i]);
    out << "\n";
  }

  void print_registers(const Snapshot& s, std::ostream& out) const {
    for (unsigned i = 0; i < 31; ++i)
      out << (i % 4 == 0 ? "\n    " : "  ") << "x" << std::left << std::setw(2) << i << std::right << "="
          << hex64(s.x[i]);
    out << "\n    sp=" << hex64(s.sp) << "  pc=" << hex64(s.pc) << "  nzcv=" << hex32(s.nzcv)
        << "  fpcr=" << hex32(s.fpcr) << "  fpsr=" << hex32(s.fpsr);
    for (unsigned i = 0; i < 32; ++i)
      out << (i % 2 == 0 ? "\n    " : "  ") << "v" << std::left << std::setw(2) << i << std::right << "="
          << hex128(s.v[i]);
    out << "\n";
  }

  static const KnownDivergence* known_divergence(const Divergence& d) {
    for (const KnownDivergence& k : known_divergences()) {
      if ((d.word & k.mask) == k.value && k.accepts(d)) return &k;
    }
    return nullptr;
  }

  // Records a mismatch whose first diverging instruction is at `pc`, the `steps`-th executed;
  // prints it in full while the budget of full reports lasts.
  // Registers and memory words that `after` changed relative to `before`, one line.
  static std::string changes(const Snapshot& before, const Snapshot& after) {
    std::ostringstream out;
    for (unsigned i = 0; i < 31; ++i) {
      if (before.x[i] != after.x[i]) out << " x" << i << "=" << hex64(after.x[i]);
    }
    if (before.sp != after.sp) out << " sp=" << hex64(after.sp);
    if (before.nzcv != after.nzcv) out << " nzcv=" << hex32(after.nzcv);
    for (unsigned i = 0; i < 32; ++i) {
      if (before.v[i][0] != after.v[i][0] || before.v[i][1] != after.v[i][1]) {
        out << " v" << i << "=" << hex128(after.v[i]);
      }
    }
    if (before.fpsr != after.fpsr) out << " fpsr=" << hex32(after.fpsr);
    if (before.fpcr != after.fpcr) out << " fpcr=" << hex32(after.fpcr);
    if (before.tpidr_el0 != after.tpidr_el0) out << " tpidr_el0=" << hex64(after.tpidr_el0);
    out << " pc=" << hex64(after.pc);
    for (size_t i = 0; i + 8 <= before.memory.size() && i + 8 <= after.memory.size(); i += 8) {
      if (std::memcmp(before.memory.data() + i, after.memory.data() + i, 8) != 0) {
        uint64_t v;
        std::memcpy(&v, after.memory.data() + i, 8);
        out << " mem[" << hex64(i) << "]=" << hex64(v);
      }
    }
    return out.str();
  }

  void record_mismatch(const Case& c, uint64_t pc, uint64_t steps, const std::string& what, const Snapshot* before,
                       const KnownDivergence* known, const Snapshot* warp_after = nullptr,
                       const Snapshot* unicorn_after = nullptr) {
    Mismatch m;
    m.case_seed = c.seed;
    m.word = word_at(c, pc);
    m.op = core::op_name(core::decode(table, m.word));
    m.what = what;
    if (known != nullptr) m.known = known->name;
    const bool full = m.known.empty() && report->mismatches.size() < options.full_reports;
    if (log() != nullptr && (full || options.verbose)) {
      std::ostream& out = *log();
      out << (m.known.empty() ? "MISMATCH" : "known divergence (" + m.known + ")") << " in case seed " << hex64(c.seed)
          << " (reproduce: unicorn_fuzz --case " << hex64(c.seed) << ")\n"
          << "  first divergence at instruction " << steps << ", pc " << hex64(pc) << ": "
          << listing(disassembler, m.word, pc) << "  [" << m.op << "]\n"
          << "  differs: " << what << "\n";
      if (before != nullptr && warp_after != nullptr && unicorn_after != nullptr) {
        out << "  warp64 changed: " << changes(*before, *warp_after) << "\n"
            << "  unicorn changed:" << changes(*before, *unicorn_after) << "\n";
      }
      if (before != nullptr) {
        out << "  state before it (both agree):";
        print_registers(*before, out);
      }
      print_case(c, out, pc);
    } else if (log() != nullptr && m.known.empty()) {
      *log() << "MISMATCH " << m.op << " " << hex32(m.word) << " (" << disassembler.text(m.word, pc) << ") case "
             << hex64(c.seed) << ": " << what << "\n";
    }
    (m.known.empty() ? report->mismatches : report->known).push_back(std::move(m));
  }

  // Steps both emulators in lockstep from the start of the case and records every
  // instruction after which their states differ. After a documented divergence Unicorn
  // takes over warp64's state (which the divergence's check has just accepted) and the
  // run goes on; an unknown one ends it. Returns whether all divergences were documented.
  bool lockstep(const Case& c, const std::vector<uint64_t>& trace) {
    load_warp(c);
    unicorn->load(c);
    Snapshot before = warp_snapshot();
    CpuState before_state = warp.state();
    bool disturbed = false;  // the bytes warp64's monitor marks changed since it was opened
    bool diverged = false;
    for (uint64_t k = 1; k <= trace.size(); ++k) {
      warp_step();
      const Unicorn::Stop stop = unicorn->run(c.code_end, 1);
      const Snapshot w = warp_snapshot();
      if (stop.stopped) {
        record_mismatch(c, trace[k - 1], k,
                        std::string("Unicorn stops with ") + uc_stop_text(stop) + ", warp64 executes it", &before,
                        nullptr);
        return false;
      }
      const Snapshot u = unicorn->snapshot();
      if (!same(w, u)) {
        diverged = true;
        const Divergence d{word_at(c, trace[k - 1]), before_state, before, w, u, disturbed, false};
        const KnownDivergence* known = known_divergence(d);
        record_mismatch(c, trace[k - 1], k, describe_difference(w, u), &before, known, &w, &u);
        if (known == nullptr) return false;
        unicorn->set_state(w);
      }
      const CpuState& now = warp.state();
      if (now.exclusive_open &&
          (!before_state.exclusive_open || now.exclusive_address != before_state.exclusive_address ||
           now.exclusive_size != before_state.exclusive_size || is_load_exclusive(word_at(c, trace[k - 1])))) {
        disturbed = false;  // newly marked
      } else if (now.exclusive_open && now.exclusive_address < kMemorySize &&
                 std::memcmp(before.memory.data() + now.exclusive_address, w.memory.data() + now.exclusive_address,
                             std::min<uint64_t>(now.exclusive_size, kMemorySize - now.exclusive_address)) != 0) {
        disturbed = true;
      }
      before = w;
      before_state = now;
    }
    if (!diverged) {
      record_mismatch(c, trace.empty() ? kCodeBase : trace.back(), trace.size(),
                      "final states differ but no prefix does (nondeterminism?)", nullptr, nullptr);
      return false;
    }
    return true;
  }

  // The bytes the last load-exclusive of a case marked, and their value then.
  struct MonitorMark {
    bool seen = false;
    uint64_t address = 0;
    unsigned bytes = 0;
    std::vector<uint8_t> data;
  };

  // After a case that ran to its end with the same state on both sides: a store-exclusive to
  // the bytes the last load-exclusive marked must pass on both emulators while warp64's
  // monitor is open, and fail on both once a store-exclusive or CLREX has closed it. Not
  // when those bytes changed since they were marked: whether a store by the PE clears the
  // monitor is IMPLEMENTATION DEFINED (QEMU compares values, warp64 keeps the monitor open).
  void probe_monitor(const Case& c, const MonitorMark& mark) {
    if (!mark.seen || warp.read_memory(mark.address, mark.bytes) != mark.data) return;
    ++report->monitor_probes;
    constexpr unsigned kStatus = 0, kData = 1, kBase = 2, kData2 = 3;
    const unsigned size = mark.bytes == 1 ? 0 : mark.bytes == 2 ? 1 : mark.bytes == 4 ? 2 : 3;
    const uint32_t word = mark.bytes == 16 ? stxp_x(kStatus, kData, kData2, kBase) : stxr(size, kStatus, kData, kBase);
    const bool open = warp.state().exclusive_open != 0;
    const uint64_t values[] = {2, 0xA5A5A5A5A5A5A5A5ull, mark.address, 0x5A5A5A5A5A5A5A5Aull};
    CpuState state = warp.state();
    for (unsigned i = 0; i < 4; ++i) {
      state.x[i] = values[i];
      unicorn->set_x(i, values[i]);
    }
    warp.set_state(state);
    const uint32_t words[] = {word};
    warp.load_program(words, c.code_end);
    unicorn->write_word(c.code_end, word);
    warp_step();
    const Unicorn::Stop stop = unicorn->run(c.code_end + 4, 1);
    const Snapshot w = warp_snapshot();
    const Snapshot u = unicorn->snapshot();
    if (stop.stopped || !same(w, u) || w.x[kStatus] != (open ? 0u : 1u)) {
      fail(c.seed, word, core::op_name(core::decode(table, word)),
           "exclusive monitors differ after the case: a store-exclusive of " + std::to_string(mark.bytes) +
               " bytes at " + hex64(mark.address) + " (warp64's monitor " + (open ? "open" : "closed") +
               ") returns status warp64=" + std::to_string(w.x[kStatus]) +
               (stop.stopped ? std::string(", Unicorn stops: ") + uc_stop_text(stop)
                             : " unicorn=" + std::to_string(u.x[kStatus]) + "; " + describe_difference(w, u)));
    }
  }

  // Runs one case; returns the random instructions it executed and compared.
  void run_one(const Case& c) {
    ++report->cases;
    const uint64_t limit = 4 * c.code.size() + 16;
    load_warp(c);
    std::vector<uint64_t> trace;
    trace.reserve(limit);
    ExecResult stop{};
    bool warp_stopped = false;
    MonitorMark mark;
    while (trace.size() < limit) {
      const uint64_t pc = warp.pc();
      if (pc == c.code_end) break;
      const ExecResult r = warp_step();
      if (r.stop_reason != StopReason::kMaxCycles) {
        stop = r;
        warp_stopped = true;
        break;
      }
      trace.push_back(pc);
      const CpuState& now = warp.state();
      if (is_load_exclusive(word_at(c, pc)) && now.exclusive_open) {
        mark = {true, now.exclusive_address, now.exclusive_size,
                warp.read_memory(now.exclusive_address, now.exclusive_size)};
      }
    }
    const Snapshot w = warp_snapshot();

    Unicorn::Stop ustop;
    const Snapshot u = unicorn_after(c, trace.size(), &ustop);
    if (ustop.stopped && ustop.interrupt && ustop.intno == kQemuExcpUdef && word_at(c, ustop.pc) != 0) {
      // The probe accepted the word alone; Unicorn's decode can still depend on state.
      record_undefined_disagreement(c.seed, word_at(c, ustop.pc), Rejecter::kUnicorn,
                                    " in the program (alone, Unicorn executed it)");
      return;
    }
    if ((ustop.stopped || !same(w, u)) && !lockstep(c, trace)) return;
    if (warp_stopped) {
      // warp64 stopped (fault or UNDEFINED) where both agree so far: Unicorn must stop too.
      const Unicorn::Stop next = unicorn->run(c.code_end, 1);
      if (next.stopped) {
        const Snapshot after = unicorn->snapshot();
        // A fault is an unmapped access or a Data Abort (QEMU EXCP_DATA_ABORT = 4).
        const bool unicorn_fault = next.interrupt
                                       ? next.intno == 4
                                       : next.error == UC_ERR_READ_UNMAPPED || next.error == UC_ERR_WRITE_UNMAPPED ||
                                             next.error == UC_ERR_FETCH_UNMAPPED;
        const bool unicorn_undefined = next.interrupt && next.intno == kQemuExcpUdef;
        const bool kinds_agree = stop.stop_reason == StopReason::kFault       ? unicorn_fault
                                 : stop.stop_reason == StopReason::kUndefined ? unicorn_undefined
                                                                              : false;
        if (!same(w, after) || !kinds_agree) {
          record_mismatch(c, w.pc, trace.size() + 1,
                          std::string("both stop (warp64 ") + core::stop_reason_name(stop.stop_reason) + ", Unicorn " +
                              uc_stop_text(next) + ")" +
                              (kinds_agree ? " but the states differ: " + describe_difference(w, after)
                                           : std::string(" for different reasons")),
                          &w, nullptr);
          return;
        }
      } else {
        const uint32_t word = word_at(c, w.pc);
        if (stop.stop_reason == StopReason::kUndefined) {
          record_undefined_disagreement(c.seed, word, Rejecter::kWarp64, " in the program (alone, warp64 executed it)");
          return;
        }
        const Snapshot after = unicorn->snapshot();
        const Divergence d{word, warp.state(), w, w, after, false, true};
        const KnownDivergence* known = known_divergence(d);
        record_mismatch(c, w.pc, trace.size() + 1,
                        std::string("warp64 stops with ") + core::stop_reason_name(stop.stop_reason) + " (address " +
                            hex64(stop.fault_address) + "), Unicorn executes it",
                        &w, known, &w, &after);
        if (known == nullptr) return;
      }
      ++report->agreed_stops;
    }
    ++report->compared_cases;
    if (!warp_stopped && warp.pc() == c.code_end) probe_monitor(c, mark);
    for (uint64_t pc : trace) {
      const int slot = c.word_slot[(pc - kCodeBase) / 4];
      if (slot < 0) {
        ++report->setup_executed;
      } else {
        ++report->executed;
        ++report->executed_per_op[core::op_name(c.slots[slot].op)];
      }
    }
    if (options.verbose && log() != nullptr) {
      *log() << "case " << hex64(c.seed) << ": " << trace.size() << " instructions agree"
             << (warp_stopped ? std::string(", both stop: ") + core::stop_reason_name(stop.stop_reason) : "") << "\n";
      print_case(c, *log(), 0);
    }
  }
};

namespace {

uint64_t splitmix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

DifferentialFuzzer::DifferentialFuzzer(const FuzzOptions& options) : impl_(std::make_unique<Impl>(options)) {
  if (options.min_length == 0 || options.max_length < options.min_length) {
    throw std::invalid_argument("case length range is empty");
  }
  // Up to 7 words per slot (5 setup) must fit the code page [kCodeBase, kCodeLimit).
  if (options.max_length > (kCodeLimit - kCodeBase) / 4 / 8) {
    throw std::invalid_argument("cases longer than " + std::to_string((kCodeLimit - kCodeBase) / 32) +
                                " instructions do not fit the code page");
  }
}

DifferentialFuzzer::~DifferentialFuzzer() = default;

void DifferentialFuzzer::stop() { impl_->stop_requested = true; }

FuzzReport DifferentialFuzzer::run() {
  FuzzReport report;
  Impl& f = *impl_;
  f.report = &report;
  f.choose_eligible(report);
  if (f.eligible.empty()) return report;
  const auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  Case c;
  for (uint64_t index = f.options.first_case; !f.stop_requested; ++index) {
    if (f.options.instructions != 0 && report.executed >= f.options.instructions) break;
    if (index != f.options.first_case && index % Impl::kUnicornLifetime == 0) f.unicorn = std::make_unique<Unicorn>();
    f.make_case(splitmix(f.options.seed * 0x100000001B3ull + index), c);
    f.run_one(c);
    const auto now = std::chrono::steady_clock::now();
    if (f.log() != nullptr && now - last_progress > std::chrono::seconds(10)) {
      last_progress = now;
      *f.log() << "[" << std::chrono::duration_cast<std::chrono::seconds>(now - start).count() << " s] " << report.cases
               << " cases, " << report.executed << " instructions, " << report.mismatches.size() << " mismatches"
               << std::endl;
    }
  }
  return report;
}

FuzzReport DifferentialFuzzer::run_case(uint64_t case_seed) {
  FuzzReport report;
  Impl& f = *impl_;
  f.report = &report;
  f.options.verbose = true;
  f.choose_eligible(report);
  if (f.eligible.empty()) return report;
  Case c;
  f.make_case(case_seed, c);
  f.run_one(c);
  return report;
}

bool DifferentialFuzzer::unicorn_rejects(uint32_t word) {
  Unicorn unicorn;
  return unicorn.rejects(word);
}

void DifferentialFuzzer::print_summary(const FuzzReport& r, std::ostream& out, bool coverage) {
  out << "cases: " << r.cases << " (" << r.compared_cases << " compared, " << r.agreed_stops
      << " ending in the same fault/UNDEFINED)\n"
      << "random instructions executed and compared: " << r.executed << " (+" << r.setup_executed
      << " setup instructions)\n";
  if (coverage) {
    out << "executed per encoding:\n";
    for (const auto& [name, count] : r.executed_per_op)
      out << "  " << std::left << std::setw(20) << name << std::right << " " << count << "\n";
  }
  if (!r.never_generated.empty()) {
    out << "encodings never generated (excluded by name or word pattern, see fuzz_exclusions()):";
    for (const std::string& name : r.never_generated) out << " " << name;
    out << "\n";
  }
  Disassembler dis;
  auto print_disagreements = [&](const char* title, const std::map<std::string, DecodeDisagreement>& m) {
    if (m.empty()) return;
    uint64_t total = 0;
    for (const auto& [name, d] : m) total += d.count;
    out << title << ": " << total << " words\n";
    for (const auto& [name, d] : m) {
      out << "  " << name << " x" << d.count << ":";
      for (uint32_t w : d.examples) out << "  " << hex32(w) << " (" << dis.text(w) << ")";
      out << "\n";
    }
  };
  out << "random fills UNDEFINED in warp64 and probed on Unicorn: " << r.undefined_probed << " (" << r.undefined_agreed
      << " UNDEFINED there too)\n";
  print_disagreements("documented classes, warp64 executes and Unicorn raises UNDEFINED", r.unicorn_rejects);
  print_disagreements("documented classes, warp64 raises UNDEFINED and Unicorn executes", r.warp64_rejects);
  out << "store-exclusives comparing the exclusive monitors after a case: " << r.monitor_probes << "\n";
  if (!r.known.empty()) {
    std::map<std::string, uint64_t> by_name;
    for (const Mismatch& m : r.known) ++by_name[m.known];
    out << "divergences matching a documented class (docs/fuzzing.md):";
    for (const auto& [name, count] : by_name) out << " " << name << " x" << count;
    out << "\n";
  }
  out << "mismatches: " << r.mismatches.size() << "\n";
  std::map<std::string, std::vector<const Mismatch*>> by_op;
  for (const Mismatch& m : r.mismatches) by_op[m.op].push_back(&m);
  for (const auto& [op, list] : by_op) {
    out << "  " << op << " x" << list.size() << ": e.g. " << hex32(list[0]->word) << " (" << dis.text(list[0]->word)
        << ") case " << hex64(list[0]->case_seed) << ": " << list[0]->what << "\n";
  }
}

}  // namespace warp64::fuzz
