#include "decode_sweep.hpp"

#include <iomanip>
#include <ostream>
#include <random>

#include "disassembler.hpp"
#include "encoding_space.hpp"
#include "warp64/core/decoder.hpp"
#include "warp64/machine.hpp"

namespace warp64::fuzz {

namespace {

bool rn_equals_rt(uint32_t w) { return rn_of(w) == rt_of(w); }

// MRS/MSR of a register that an EL0 program can access are not part of the "EL0 UNDEFINED"
// class: TPIDRRO_EL0 is readable at EL0 (Arm ARM, TPIDRRO_EL0), and so is CTR_EL0 under
// Linux, which sets SCTLR_EL1.UCT.
bool not_el0_accessible(uint32_t w) {
  const bool read = (w >> 21) & 1;
  const uint32_t reg = (w >> 5) & 0xFFFFu;  // op0:op1:CRn:CRm:op2
  constexpr uint32_t kTpidrroEl0 = 3u << 14 | 3u << 11 | 13u << 7 | 0u << 3 | 3u;
  constexpr uint32_t kCtrEl0 = 3u << 14 | 3u << 11 | 0u << 7 | 0u << 3 | 1u;
  return !(read && (reg == kTpidrroEl0 || reg == kCtrEl0));
}

// System instruction with L = 0, op0 = 00 that is neither a hint, nor CLREX/DSB/DMB/ISB/SB,
// nor a PSTATE access.
bool system_op0_00_unallocated(uint32_t w) {
  const unsigned crn = (w >> 12) & 15, op1 = (w >> 16) & 7, crm = (w >> 8) & 15, op2 = (w >> 5) & 7;
  if (rt_of(w) != 31) return true;
  if (crn == 2) return op1 != 3;
  if (crn == 3) return op1 != 3 || !(op2 == 2 || op2 == 4 || op2 == 5 || op2 == 6 || (op2 == 7 && crm == 0));
  return crn != 4;
}

}  // namespace

// Keep in step with docs/decode-disagreements.md. The first matching class wins.
const std::vector<SweepClass>& documented_sweep_classes() {
  static const std::vector<SweepClass> list = {
      // ---- capstone decodes, warp64 (an EL0 model) rejects ------------------------------
      {"el0-hvc-smc", Verdict::kCapstoneOnly, 0xFFE0001Eu, 0xD4000002u, nullptr,
       "HVC and SMC are UNDEFINED at EL0 (Arm ARM C6.2 HVC/SMC: 'UNDEFINED in EL0')"},
      {"el0-dcps", Verdict::kCapstoneOnly, 0xFFE0001Cu, 0xD4A00000u, nullptr,
       "DCPS1/2/3 are UNDEFINED in Non-debug state"},
      {"el0-pstate", Verdict::kCapstoneOnly, 0xFFF8F01Fu, 0xD500401Fu, nullptr,
       "MSR (immediate): SPSel, PAN, UAO are EL1+ only, DAIFSet/DAIFClr trap at EL0 unless "
       "SCTLR_EL1.UMA, the other PSTATE fields need features warp64 does not implement"},
      {"el0-system-instruction", Verdict::kCapstoneOnly, 0xFFD80000u, 0xD5080000u, nullptr,
       "SYS/SYSL other than DC CVAC/CVAU/CVAP/CIVAC/ZVA and IC IVAU: TLBI, AT, set/way and "
       "EL1 cache operations are UNDEFINED at EL0; capstone prints any encoding as 'sys'"},
      {"el0-system-register", Verdict::kCapstoneOnly, 0xFFD00000u, 0xD5100000u, not_el0_accessible,
       "MRS/MSR of registers outside warp64's EL0 set (NZCV, FPCR, FPSR, TPIDR_EL0, "
       "CNTFRQ_EL0, CNTVCT_EL0, DCZID_EL0, MIDR_EL1): EL1+ registers are UNDEFINED at EL0, "
       "the rest belong to unimplemented features or are IMPLEMENTATION DEFINED; capstone "
       "prints any op0 = 1x encoding as S<op0>_<op1>_C<n>_C<m>_<op2>"},
      {"capstone-unallocated-system-l1-op0-00", Verdict::kCapstoneOnly, 0xFFF80000u, 0xD5200000u, nullptr,
       "L = 1 with op0 = 00 is unallocated (C4.1.85 System instructions); capstone 4 prints MRS"},
      {"capstone-unallocated-system-op0-00", Verdict::kCapstoneOnly, 0xFFF80000u, 0xD5000000u,
       system_op0_00_unallocated,
       "op0 = 00 is allocated only for hints and barriers (op1 = 011, CRn = 0010/0011) and "
       "PSTATE access (CRn = 0100), all with Rt = 11111; among barriers (CRn = 0011), op2 = 000 "
       "and SB with CRm != 0000 are unallocated, DSB nXS (FEAT_XS) and TCOMMIT (FEAT_TME) need "
       "features warp64 lacks; capstone 4 prints all of these as MSR"},
      // ---- warp64 executes, capstone 4 rejects ------------------------------------------
      {"capstone4-no-mte-addg-subg", Verdict::kWarp64Only, 0xBFC0C000u, 0x91800000u, nullptr,
       "ADDG/SUBG (FEAT_MTE, Armv8.5): not in capstone 4"},
      {"capstone4-no-mte-subp", Verdict::kWarp64Only, 0xDFE0FC00u, 0x9AC00000u, nullptr,
       "SUBP/SUBPS (FEAT_MTE): not in capstone 4"},
      {"capstone4-no-mte-irg-gmi", Verdict::kWarp64Only, 0xFFE0F800u, 0x9AC01000u, nullptr,
       "IRG/GMI (FEAT_MTE): not in capstone 4"},
      {"capstone4-no-mte-tag-ldst", Verdict::kWarp64Only, 0xFF200000u, 0xD9200000u, nullptr,
       "LDG/STG/STZG/ST2G/STZ2G (FEAT_MTE): not in capstone 4"},
      {"capstone4-no-mte-stgp-post", Verdict::kWarp64Only, 0xFFC00000u, 0x68800000u, nullptr,
       "STGP post-index (FEAT_MTE): not in capstone 4"},
      {"capstone4-no-mte-stgp", Verdict::kWarp64Only, 0xFF400000u, 0x69000000u, nullptr,
       "STGP offset/pre-index (FEAT_MTE): not in capstone 4"},
      {"capstone4-no-lrcpc", Verdict::kWarp64Only, 0x3FFFFC00u, 0x38BFC000u, nullptr,
       "LDAPR{B,H,} (FEAT_LRCPC, Armv8.3): capstone 4 has no decoder for it"},
      {"capstone4-no-lse-atomics", Verdict::kWarp64Only, 0x3F200C00u, 0x38200000u, nullptr,
       "LDADD/LDCLR/LDEOR/LDSET/LD{S,U}{MAX,MIN}/SWP (FEAT_LSE, Armv8.1): not in capstone 4"},
      {"capstone4-no-lse-cas", Verdict::kWarp64Only, 0x3FA07C00u, 0x08A07C00u, nullptr,
       "CAS{B,H,}{A,L,AL} (FEAT_LSE): not in capstone 4"},
      {"capstone4-no-lse-casp", Verdict::kWarp64Only, 0xBFA07C00u, 0x08207C00u, nullptr,
       "CASP{A,L,AL} (FEAT_LSE): not in capstone 4"},
      {"capstone4-no-lor", Verdict::kWarp64Only, 0x3FA08000u, 0x08800000u, nullptr,
       "LDLAR/STLLR (FEAT_LOR, Armv8.1): not in capstone 4"},
      {"capstone4-no-lrcpc2", Verdict::kWarp64Only, 0x3F200C00u, 0x19000000u, nullptr,
       "LDAPUR*/STLUR* (FEAT_LRCPC2, Armv8.4): not in capstone 4"},
      {"constrained-unpredictable-overlap", Verdict::kWarp64Only, 0x0A000000u, 0x08000000u, constrained_unpredictable,
       "load pair with Rt == Rt2, writeback with Rn == Rt/Rt2, store-exclusive status "
       "overlapping data or base: CONSTRAINED UNPREDICTABLE (Arm ARM K1.2); executing with an "
       "UNKNOWN result is one permitted behaviour, capstone 4 rejects the encodings"},
      {"capstone4-unprivileged-rn-eq-rt", Verdict::kWarp64Only, 0x3B200C00u, 0x38000800u, rn_equals_rt,
       "LDTR*/STTR* with Rn == Rt: these forms have no writeback, so the overlap is an "
       "ordinary encoding; capstone 4 wrongly applies the writeback restriction"},
  };
  return list;
}

namespace {

const SweepClass* classify(Verdict verdict, uint32_t word) {
  for (const SweepClass& c : documented_sweep_classes()) {
    if (c.verdict == verdict && (word & c.mask) == c.value && (c.also == nullptr || c.also(word))) return &c;
  }
  return nullptr;
}

void add(SweepGroup& group, uint32_t word) {
  ++group.count;
  if (group.examples.size() < 6) group.examples.push_back(word);
}

}  // namespace

namespace {

class Sweeper {
 public:
  explicit Sweeper(SweepResult& result) : result_(result) {}

  void check(uint32_t word) {
    const core::Op op = core::decode(table_, word);
    bool warp64 = op != core::Op::kUndefined;
    if (warp64) {
      // Decoded; the handler may still find a reserved field value.
      const uint32_t words[] = {word};
      scratch_.load_program(words, 0);
      scratch_.set_pc(0);
      const ExecResult r = scratch_.execute(1);
      warp64 = !(r.stop_reason == StopReason::kUndefined && r.final_pc == 0);
    }
    const bool cs = capstone_.decodes(word);
    if (warp64 == cs) {
      ++(cs ? result_.both : result_.neither);
      return;
    }
    const Verdict verdict = cs ? Verdict::kCapstoneOnly : Verdict::kWarp64Only;
    ++(cs ? result_.capstone_only : result_.warp64_only);
    if (const SweepClass* c = classify(verdict, word)) {
      add(result_.documented[c->name], word);
      return;
    }
    std::string key;
    if (verdict == Verdict::kWarp64Only) {
      key = std::string("warp64 only: ") + core::op_name(op);
    } else {
      key = "capstone only: " + capstone_.mnemonic(word);
      if (op != core::Op::kUndefined) key += std::string(" (warp64 ") + core::op_name(op) + " returns UNDEFINED)";
    }
    add(result_.undocumented[key], word);
  }

 private:
  SweepResult& result_;
  const core::DecodeTable& table_ = core::host_decode_table();
  Disassembler capstone_;
  Machine scratch_{{0x1000, EngineKind::kCpu}};
};

}  // namespace

SweepResult run_decode_sweep(const SweepOptions& options) {
  SweepResult result;
  Sweeper sweeper(result);
  std::mt19937_64 rng(options.seed);
  while (result.words < options.words) {
    const uint64_t pair = rng();
    for (unsigned half = 0; half < 2 && result.words < options.words; ++half) {
      const uint32_t word = static_cast<uint32_t>(pair >> (32 * half));
      if (!is_base_integer_space(word)) continue;
      ++result.words;
      sweeper.check(word);
    }
  }
  if (options.system_space) {
    // Every system instruction and register encoding (bits 21:5), with Rt = X0 and XZR:
    // random words reach a given system register only once in millions.
    for (uint32_t fields = 0; fields < (1u << 17); ++fields) {
      for (uint32_t rt : {0u, 31u}) {
        sweeper.check(0xD5000000u | fields << 5 | rt);
        ++result.system_words;
      }
    }
  }
  return result;
}

void print_sweep(const SweepResult& r, std::ostream& out) {
  Disassembler capstone;
  out << "decode sweep: " << r.words << " random words in the base integer spaces and " << r.system_words
      << " system-space words: " << r.both << " both decode, " << r.neither << " both reject, " << r.capstone_only
      << " capstone only, " << r.warp64_only << " warp64 only\n";
  auto print_group = [&](const std::string& name, const SweepGroup& g) {
    out << "  " << name << " x" << g.count << ":";
    for (uint32_t w : g.examples) {
      const std::string text = capstone.text(w);
      out << "  " << hex32(w) << (text.empty() ? "" : " (" + text + ")");
    }
    out << "\n";
  };
  if (!r.documented.empty()) out << "documented disagreement classes:\n";
  for (const auto& [name, g] : r.documented) print_group(name, g);
  if (!r.undocumented.empty()) out << "UNDOCUMENTED disagreements:\n";
  for (const auto& [name, g] : r.undocumented) print_group(name, g);
}

}  // namespace warp64::fuzz
