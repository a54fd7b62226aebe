// The oracle harnesses under ctest (label "fuzz"), with fixed seeds so that a failure
// reproduces: the Unicorn differential fuzzer and the capstone decode sweep.
#include <gtest/gtest.h>

#include <cstring>
#include <iostream>

#include "decode_sweep.hpp"
#include "differential.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64::fuzz {
namespace {

TEST(UnicornDifferential, FixedSeed) {
  FuzzOptions options;
  options.seed = 20240601;
  options.instructions = 150000;
  options.log = &std::cout;
  DifferentialFuzzer fuzzer(options);
  const FuzzReport report = fuzzer.run();
  DifferentialFuzzer::print_summary(report, std::cout, false);
  EXPECT_GE(report.executed, 20000u);
  EXPECT_TRUE(report.mismatches.empty()) << report.mismatches.size() << " mismatches (details above)";
}

// The harness itself: Unicorn's verdicts on known words, and a fault injected into warp64's
// results must come back as a mismatch naming the faulty encoding.
TEST(UnicornDifferential, HarnessSeesUndefinedWords) {
  EXPECT_TRUE(DifferentialFuzzer::unicorn_rejects(0x00000000u));   // UDF #0
  EXPECT_FALSE(DifferentialFuzzer::unicorn_rejects(0xD503201Fu));  // NOP
  EXPECT_FALSE(DifferentialFuzzer::unicorn_rejects(0xF8200020u));  // LDADD X0, X0, [X1]
  EXPECT_FALSE(DifferentialFuzzer::unicorn_rejects(0x9AC24C20u));  // CRC32X W0, W1, X2
}

TEST(UnicornDifferential, InjectedFaultIsReported) {
  const core::DecodeTable& table = core::host_decode_table();
  // UDIV Xd, Xn, Xm (sf = 1): the harness must notice a flipped bit in Xd.
  const uint32_t udiv = 0x9AC00800u;
  const core::Op op = core::decode(table, udiv);
  if (op == core::Op::kUndefined) GTEST_SKIP() << "UDIV is not in the encoding table";
  FuzzOptions options;
  options.seed = 7;
  options.instructions = 3000;
  options.after_warp64_step = [&](uint32_t word, core::CpuState& state) {
    if (core::decode(table, word) == op && (word & 31) != 31) state.x[word & 31] ^= 1;
  };
  DifferentialFuzzer fuzzer(options);
  const FuzzReport report = fuzzer.run();
  ASSERT_FALSE(report.mismatches.empty());
  for (const Mismatch& m : report.mismatches) EXPECT_EQ(m.op, core::op_name(op)) << m.what;
}

// The same for the SIMD&FP state: a flipped bit in the destination V register of FADD
// (scalar), and a cumulative flag set in FPSR by FMUL (scalar), must both be reported.
TEST(UnicornDifferential, InjectedSimdFpFaultIsReported) {
  const core::DecodeTable& table = core::host_decode_table();
  const core::Op fadd = core::decode(table, 0x1E222820u);  // FADD S0, S1, S2
  const core::Op fmul = core::decode(table, 0x1E220820u);  // FMUL S0, S1, S2
  if (fadd == core::Op::kUndefined || fmul == core::Op::kUndefined) GTEST_SKIP() << "no scalar FADD/FMUL";
  FuzzOptions options;
  options.seed = 11;
  options.instructions = 6000;
  options.after_warp64_step = [&](uint32_t word, core::CpuState& state) {
    const core::Op op = core::decode(table, word);
    if (op == fadd) state.v[word & 31][1] ^= 1ull << 63;  // bit 127: outside any scalar result
    if (op == fmul) state.fpsr ^= 1u << 27;               // QC: no scalar FP instruction sets it
  };
  DifferentialFuzzer fuzzer(options);
  const FuzzReport report = fuzzer.run();
  ASSERT_FALSE(report.mismatches.empty());
  bool saw_fadd = false, saw_fmul = false;
  for (const Mismatch& m : report.mismatches) {
    saw_fadd |= m.op == core::op_name(fadd);
    saw_fmul |= m.op == core::op_name(fmul);
    EXPECT_TRUE(m.op == core::op_name(fadd) || m.op == core::op_name(fmul)) << m.op << ": " << m.what;
  }
  EXPECT_TRUE(saw_fadd);
  EXPECT_TRUE(saw_fmul);
}

TEST(DecodeSweep, FixedSeedAgreesWithCapstone) {
  SweepOptions options;
  options.seed = 20240601;
  options.words = 1'000'000;
  const SweepResult result = run_decode_sweep(options);
  print_sweep(result, std::cout);
  EXPECT_EQ(result.words, options.words);
  EXPECT_GT(result.system_words, 0u);
  EXPECT_TRUE(result.undocumented.empty())
      << "disagreements outside the documented classes (docs/decode-disagreements.md), listed above";
}

}  // namespace
}  // namespace warp64::fuzz
