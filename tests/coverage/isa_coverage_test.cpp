// The coverage probe against words whose status the Arm ARM settles, and the tool's line
// format. Encodings were worked out by hand from the Arm ARM's encoding diagrams.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <random>
#include <string>

#include "isa_probe.hpp"

namespace {

using warp64::coverage::probe;

// Executed without being UNDEFINED, with the outcome the instruction's semantics give.
void expect_implemented(uint32_t word, const char* outcome) {
  const auto p = probe(word);
  EXPECT_TRUE(p.implemented) << std::hex << word;
  EXPECT_NE(p.op, warp64::core::Op::kUndefined) << std::hex << word;
  EXPECT_STREQ(warp64::coverage::execution_name(p.executions[0]), outcome) << std::hex << word;
}

void expect_undefined(uint32_t word) {
  const auto p = probe(word);
  EXPECT_TRUE(p.undefined) << std::hex << word;
  EXPECT_FALSE(p.implemented) << std::hex << word;
}

TEST(IsaCoverage, BaseInstructionsAreImplemented) {
  expect_implemented(0x8b020020, "NEXT");  // add x0, x1, x2: ADD (shifted register), sf=1
  expect_implemented(0xd503201f, "NEXT");  // nop: HINT #0
  expect_implemented(0xf9400020, "NEXT");  // ldr x0, [x1]: LDR (immediate, unsigned offset)
  expect_implemented(0xc85ffc20, "NEXT");  // ldaxr x0, [x1]
  expect_implemented(0xc8027c20, "NEXT");  // stxr w2, x0, [x1] (fails cleanly without a monitor)
  expect_implemented(0xd65f03c0, "JUMP");  // ret: RET X30
}

TEST(IsaCoverage, ExceptionGeneratingInstructionsAreImplemented) {
  // They stop execution, but by their own semantics, not as UNDEFINED.
  expect_implemented(0xd4000001, "SYSCALL");     // svc #0
  expect_implemented(0xd4200000, "BREAKPOINT");  // brk #0
}

TEST(IsaCoverage, FloatingPointAndSimdAreImplemented) {
  expect_implemented(0x1e622820, "NEXT");  // fadd d0, d1, d2: FADD (scalar), ftype=01
  expect_implemented(0x4ea28420, "NEXT");  // add v0.4s, v1.4s, v2.4s: ADD (vector), Q=1 size=10
}

TEST(IsaCoverage, EmulatedSystemRegisterReadIsImplemented) {
  expect_implemented(0xd5380000, "NEXT");  // mrs x0, midr_el1 (Linux emulates it for EL0)
}

TEST(IsaCoverage, UndefinedWords) {
  expect_undefined(0x00000000);  // udf #0: the permanently undefined encoding
  expect_undefined(0x0000ffff);  // udf #0xffff
  expect_undefined(0x04220020);  // add z0.b, z1.b, z2.b: SVE (op0 = 0010), not implemented
  expect_undefined(0x2518e3e0);  // ptrue p0.b: SVE predicate initialisation
  expect_undefined(0xd4000002);  // hvc #0: UNDEFINED at EL0
  expect_undefined(0xd5381000);  // mrs x0, sctlr_el1: an EL1 register, UNDEFINED at EL0
  EXPECT_EQ(probe(0x00000000).op, warp64::core::Op::kUndefined);
}

// Whether a word is UNDEFINED depends on its encoding only: every seed state must agree, for
// random words across the whole encoding space.
TEST(IsaCoverage, SeedStatesAgree) {
  std::mt19937 random(20261125);
  unsigned disagreements = 0;
  for (unsigned i = 0; i < 1000000; ++i) {
    const uint32_t word = static_cast<uint32_t>(random());
    const auto p = probe(word);
    if (!p.consistent() && ++disagreements <= 10) ADD_FAILURE() << "seeds disagree on " << std::hex << word;
  }
  EXPECT_EQ(disagreements, 0u);
}

// The same for words inside every encoding the core lists, operand fields random, so that
// each encoding's own reserved-value checks run against every seed.
TEST(IsaCoverage, SeedStatesAgreeInsideEveryEncoding) {
  std::mt19937 random(7);
  unsigned disagreements = 0;
  for (unsigned op = 1; op < warp64::core::kOpCount; ++op) {
    const auto& encoding = warp64::core::kEncodings[op];
    for (unsigned i = 0; i < 500; ++i) {
      const uint32_t word = (static_cast<uint32_t>(random()) & ~encoding.mask) | encoding.value;
      if (!probe(word).consistent() && ++disagreements <= 10) {
        ADD_FAILURE() << "seeds disagree on " << std::hex << word << " (" << encoding.name << ")";
      }
    }
  }
  EXPECT_EQ(disagreements, 0u);
}

// The command-line tool: one output line per word, echoing the rest of the line.
TEST(IsaCoverage, ToolLineFormat) {
  const std::string command =
      std::string("printf '8b020020 add x0\\n# comment\\n\\n0x00000000\\n' | ") + ISA_COVERAGE_BINARY;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  EXPECT_EQ(pclose(pipe), 0);
  EXPECT_EQ(output, "8b020020 yes ADD_shift NEXT\tadd x0\n00000000 no UNDEFINED UNDEFINED\n");
}

TEST(IsaCoverage, ToolRejectsMalformedLines) {
  const std::string command = std::string("printf 'zz\\n123456789\\n' | ") + ISA_COVERAGE_BINARY + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
  }
  const int status = pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

}  // namespace
