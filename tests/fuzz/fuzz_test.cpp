// The oracle harnesses under ctest (label "fuzz"), with fixed seeds so that a failure
// reproduces: the Unicorn differential fuzzer and the capstone decode sweep.
#include <gtest/gtest.h>

#include <cstring>
#include <iostream>
#include <random>

#include "decode_sweep.hpp"
#include "differential.hpp"
#include "undefined_disagreements.hpp"
#include "warp64/core/decoder.hpp"
#include "warp64/machine.hpp"

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
  EXPECT_GT(report.undefined_probed, 0u);
  EXPECT_GT(report.monitor_probes, 0u);
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

// A monitor that a store-exclusive leaves open, as a faulty core might: the store-exclusive
// run after each case must show that Unicorn's monitor is closed.
TEST(UnicornDifferential, InjectedMonitorFaultIsReported) {
  const core::DecodeTable& table = core::host_decode_table();
  const core::Op stxr = core::decode(table, 0xC8027C20u);  // STXR W2, X0, [X1]
  FuzzOptions options;
  options.seed = 13;
  options.instructions = 20000;
  options.after_warp64_step = [&](uint32_t word, core::CpuState& state) {
    if (core::decode(table, word) == stxr) state.exclusive_open = 1;
  };
  DifferentialFuzzer fuzzer(options);
  const FuzzReport report = fuzzer.run();
  bool monitors_differ = false;
  for (const Mismatch& m : report.mismatches) {
    if (m.what.find("exclusive monitors differ") != std::string::npos) {
      monitors_differ = true;
    } else {
      EXPECT_EQ(m.op, core::op_name(stxr)) << m.what;  // a later STXR of the same case passes
    }
  }
  EXPECT_TRUE(monitors_differ);
}

// The exclusions and the documented UNDEFINED disagreements describe warp64 as it is: each
// name is an encoding of the table, and every word of a class that says warp64 rejects it is
// UNDEFINED on warp64 (a class that covered executable words could hide nothing, but would
// claim what is false).
TEST(UnicornDifferential, ExclusionsAndClassesMatchTheCore) {
  const core::DecodeTable& table = core::host_decode_table();
  for (const FuzzExclusion& e : fuzz_exclusions()) {
    if (e.op_name == nullptr) continue;
    bool found = false;
    for (unsigned op = 1; op < core::kOpCount; ++op) found |= std::strcmp(core::kEncodings[op].name, e.op_name) == 0;
    EXPECT_TRUE(found) << "exclusion names no encoding: " << e.op_name;
  }
  Machine machine({0x1000, EngineKind::kCpu});
  std::mt19937 random(5);
  for (const UndefinedDisagreementClass& c : undefined_disagreement_classes()) {
    ASSERT_EQ(std::strlen(c.pattern), 32u) << c.name;
    if (c.rejecter != Rejecter::kWarp64) continue;
    for (int i = 0; i < 200; ++i) {
      const uint32_t word = (static_cast<uint32_t>(random()) & ~c.mask()) | c.value();
      const uint32_t words[] = {word};
      machine.load_program(words);
      machine.set_pc(0);
      const ExecResult r = machine.execute(1);
      EXPECT_EQ(r.stop_reason, StopReason::kUndefined) << c.name << ": " << std::hex << word;
    }
  }
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
