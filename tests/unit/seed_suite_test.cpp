// The seed prototype's 23-case suite, written anew against warp64's API. Expected values
// are computed by hand from the Arm ARM's definitions of each instruction.
#include <gtest/gtest.h>

#include "support/assemble.hpp"

namespace warp64::test {
namespace {

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

TEST(SeedSuite, MovzBasic) {
  Machine m = cpu_machine();
  const ExecResult r = run_assembly(m, "movz x0, #0x1234\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(0), 0x1234u);
}

TEST(SeedSuite, MovkBasic) {
  Machine m = cpu_machine();
  run_assembly(m, "movz x0, #0x1234\nmovk x0, #0xabcd, lsl #16\nhlt #0");
  EXPECT_EQ(m.x(0), 0xabcd1234u);
}

TEST(SeedSuite, AddImmediate) {
  Machine m = cpu_machine();
  run_assembly(m, "movz x0, #40\nadd x1, x0, #2\nhlt #0");
  EXPECT_EQ(m.x(1), 42u);
}

TEST(SeedSuite, SubImmediate) {
  Machine m = cpu_machine();
  run_assembly(m, "movz x0, #50\nsub x1, x0, #8\nhlt #0");
  EXPECT_EQ(m.x(1), 42u);
}

TEST(SeedSuite, AddRegister) {
  Machine m = cpu_machine();
  run_assembly(m, "movz x0, #30\nmovz x1, #12\nadd x2, x0, x1\nhlt #0");
  EXPECT_EQ(m.x(2), 42u);
}

TEST(SeedSuite, SubRegister) {
  Machine m = cpu_machine();
  run_assembly(m, "movz x0, #50\nmovz x1, #8\nsub x2, x0, x1\nhlt #0");
  EXPECT_EQ(m.x(2), 42u);
}

TEST(SeedSuite, LogicalOps) {
  Machine m = cpu_machine();
  run_assembly(m, "movz x0, #0xff0\nmovz x1, #0x0ff\nand x2, x0, x1\norr x3, x0, x1\neor x4, x0, x1\nhlt #0");
  EXPECT_EQ(m.x(2), 0x0f0u);
  EXPECT_EQ(m.x(3), 0xfffu);
  EXPECT_EQ(m.x(4), 0xf0fu);
}

TEST(SeedSuite, XzrRead) {
  Machine m = cpu_machine();
  m.set_x(5, 99);
  run_assembly(m, "add x5, xzr, x5\nadd x6, x5, xzr\nhlt #0");
  EXPECT_EQ(m.x(5), 99u);
  EXPECT_EQ(m.x(6), 99u);
}

TEST(SeedSuite, XzrWrite) {
  Machine m = cpu_machine();
  // A write to register 31 in the register form of ADD goes nowhere; SP is untouched.
  const uint64_t sp = m.sp();
  run_assembly(m, "movz x0, #7\nadd xzr, x0, x0\nhlt #0");
  EXPECT_EQ(m.sp(), sp);
  EXPECT_EQ(m.x(0), 7u);
}

TEST(SeedSuite, BranchUnconditional) {
  Machine m = cpu_machine();
  run_assembly(m, "b 1f\nmovz x0, #1\n1: movz x1, #2\nhlt #0");
  EXPECT_EQ(m.x(0), 0u);
  EXPECT_EQ(m.x(1), 2u);
}

TEST(SeedSuite, BranchWithLink) {
  Machine m = cpu_machine();
  const ExecResult r = run_assembly(m, "bl 1f\nhlt #0\n1: movz x0, #5\nret");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(0), 5u);
  EXPECT_EQ(m.x(30), 4u);  // the address after the BL
  EXPECT_EQ(r.final_pc, 4u);
}

TEST(SeedSuite, CbzTaken) {
  Machine m = cpu_machine();
  run_assembly(m, "cbz x0, 1f\nmovz x1, #1\n1: hlt #0");
  EXPECT_EQ(m.x(1), 0u);
}

TEST(SeedSuite, CbzNotTaken) {
  Machine m = cpu_machine();
  run_assembly(m, "movz x0, #3\ncbz x0, 1f\nmovz x1, #1\n1: hlt #0");
  EXPECT_EQ(m.x(1), 1u);
}

TEST(SeedSuite, CbnzTaken) {
  Machine m = cpu_machine();
  run_assembly(m, "movz x0, #3\ncbnz x0, 1f\nmovz x1, #1\n1: hlt #0");
  EXPECT_EQ(m.x(1), 0u);
}

TEST(SeedSuite, Loop) {
  Machine m = cpu_machine();
  const ExecResult r = run_assembly(m, "movz x0, #10\n1: add x1, x1, #3\nsub x0, x0, #1\ncbnz x0, 1b\nhlt #0");
  EXPECT_EQ(m.x(1), 30u);
  EXPECT_EQ(r.cycles, 1u + 10u * 3u);
}

TEST(SeedSuite, Syscall) {
  Machine m = cpu_machine();
  const ExecResult r = run_assembly(m, "movz x8, #93\nsvc #0\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kSyscall);
  EXPECT_EQ(r.final_pc, 8u);  // after the SVC, which retired
  EXPECT_EQ(r.cycles, 2u);
  EXPECT_EQ(m.x(8), 93u);
}

TEST(SeedSuite, Halt) {
  Machine m = cpu_machine();
  const ExecResult r = run_assembly(m, "movz x0, #1\nhlt #0x2a");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.final_pc, 4u);
  EXPECT_EQ(r.cycles, 1u);
  ASSERT_TRUE(r.instruction.has_value());
  EXPECT_EQ(*r.instruction, 0xD4400000u | (0x2au << 5));  // HLT: 11010100 010 imm16 00000
}

TEST(SeedSuite, MaxCycles) {
  Machine m = cpu_machine();
  const ExecResult r = run_assembly(m, "1: add x0, x0, #1\nb 1b", 1001);
  EXPECT_EQ(r.stop_reason, StopReason::kMaxCycles);
  EXPECT_EQ(r.cycles, 1001u);
  EXPECT_EQ(m.x(0), 501u);
  EXPECT_EQ(r.final_pc, 4u);  // the next instruction to execute is the B
}

TEST(SeedSuite, Nop) {
  Machine m = cpu_machine();
  const ExecResult r = run_assembly(m, "nop\nnop\nmovz x0, #1\nhlt #0");
  EXPECT_EQ(r.cycles, 3u);
  EXPECT_EQ(m.x(0), 1u);
}

TEST(SeedSuite, MemoryStoreLoad) {
  Machine m = cpu_machine();
  run_assembly(
      m,
      "movz x0, #0x1000\nmovz x1, #0xbeef\nstr x1, [x0]\nldr x2, [x0]\nstrb w1, [x0, #8]\nldrb w3, [x0, #8]\nhlt #0");
  EXPECT_EQ(m.x(2), 0xbeefu);
  EXPECT_EQ(m.x(3), 0xefu);
  const std::vector<uint8_t> bytes = m.read_memory(0x1000, 2);
  EXPECT_EQ(bytes[0], 0xef);
  EXPECT_EQ(bytes[1], 0xbe);
}

TEST(SeedSuite, BackwardBranch) {
  Machine m = cpu_machine();
  run_assembly(m, "b 2f\n1: movz x0, #9\nhlt #0\n2: b 1b");
  EXPECT_EQ(m.x(0), 9u);
}

TEST(SeedSuite, LargeImmediate) {
  Machine m = cpu_machine();
  run_assembly(
      m, "movz x0, #0xdead, lsl #48\nmovk x0, #0xbeef, lsl #32\nmovk x0, #0xcafe, lsl #16\nmovk x0, #0xf00d\nhlt #0");
  EXPECT_EQ(m.x(0), 0xdeadbeefcafef00dull);
}

TEST(SeedSuite, Performance) {
  // A long run, checked to the last bit: x0 = 0x186A0 = 100,000 iterations of ADD, SUBS,
  // B.NE retire 2 + 3 * 100,000 = 300,002 instructions and stop at the HLT (word 5, address
  // 20). The last SUBS computes 1 - 1 = 0: N = 0, Z = 1, C = 1 (no borrow), V = 0.
  Machine m = cpu_machine();
  const ExecResult r = run_assembly(
      m, "movz x0, #0x86a0\nmovk x0, #0x1, lsl #16\n1: add x1, x1, #1\nsubs x0, x0, #1\nb.ne 1b\nhlt #0", 10'000'000);
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.cycles, 300'002u);
  EXPECT_EQ(r.final_pc, 20u);
  ASSERT_TRUE(r.instruction.has_value());
  EXPECT_EQ(*r.instruction, 0xD4400000u);  // HLT #0
  EXPECT_EQ(m.x(0), 0u);
  EXPECT_EQ(m.x(1), 100'000u);
  for (unsigned i = 2; i < 31; ++i) EXPECT_EQ(m.x(i), 0u) << "x" << i;
  EXPECT_EQ(m.nzcv(), 0x60000000u);
  EXPECT_GT(r.elapsed_seconds, 0.0);
  EXPECT_DOUBLE_EQ(r.ips, r.cycles / r.elapsed_seconds);
}

}  // namespace
}  // namespace warp64::test
