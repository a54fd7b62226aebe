// Branches, exception generating and system instructions. Expected values are computed by
// hand from the Arm ARM's definitions; raw instruction words are hand-encoded from the
// encoding diagrams (the field arithmetic is in each comment).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "support/assemble.hpp"

namespace warp64::test {
namespace {

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

constexpr uint32_t kNop = 0xD503201F;
constexpr uint32_t kHlt0 = 0xD4400000;  // HLT #0
constexpr uint32_t kHlt1 = 0xD4400020;  // HLT #1: imm16 = 1 at bits 20..5
constexpr uint32_t kHlt2 = 0xD4400040;  // HLT #2

ExecResult run_words(Machine& m, const std::vector<uint32_t>& words, uint64_t start = 0, uint64_t max_cycles = 1000) {
  m.load_program(words, 0);
  m.set_pc(start);
  return m.execute(max_cycles);
}

// `word` placed after one NOP must stop as UNDEFINED: pc at the word, only the NOP retired.
void expect_undefined_word(uint32_t word) {
  SCOPED_TRACE(testing::Message() << "word 0x" << std::hex << word);
  Machine m = cpu_machine();
  m.set_x(0, 0x77);
  const ExecResult r = run_words(m, {kNop, word, kHlt0});
  EXPECT_EQ(r.stop_reason, StopReason::kUndefined);
  EXPECT_EQ(r.final_pc, 4u);
  EXPECT_EQ(r.cycles, 1u);
  ASSERT_TRUE(r.instruction.has_value());
  EXPECT_EQ(*r.instruction, word);
  EXPECT_EQ(m.x(0), 0x77u);  // no register written
}

// The words must all execute without effect and fall through to HLT.
void expect_nops(const std::vector<uint32_t>& words) {
  Machine m = cpu_machine();
  for (unsigned i = 0; i < 31; ++i) m.set_x(i, 0x1000 + i);
  const uint64_t sp = m.sp();
  m.set_nzcv(0x60000000);
  std::vector<uint32_t> program = words;
  program.push_back(kHlt0);
  const ExecResult r = run_words(m, program);
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.final_pc, 4 * words.size());
  EXPECT_EQ(r.cycles, words.size());
  for (unsigned i = 0; i < 31; ++i) EXPECT_EQ(m.x(i), 0x1000u + i) << "x" << i;
  EXPECT_EQ(m.sp(), sp);
  EXPECT_EQ(m.nzcv(), 0x60000000u);
}

// ---- B / BL ------------------------------------------------------------------------------

TEST(BranchImmediate, ForwardOffset) {
  Machine m = cpu_machine();
  // B with imm26 = 3 at address 0: target 0 + 3*4 = 12.
  const ExecResult r = run_words(m, {0x14000003, kHlt1, kHlt1, kHlt2});
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.final_pc, 12u);
  EXPECT_EQ(r.cycles, 1u);
}

TEST(BranchImmediate, BackwardOffset) {
  Machine m = cpu_machine();
  // At 16: B with imm26 = -2 (0x3FFFFFE): target 16 - 8 = 8.
  const ExecResult r = run_words(m, {kHlt1, kHlt1, kHlt2, kHlt1, 0x17FFFFFE}, 16);
  EXPECT_EQ(r.final_pc, 8u);
  EXPECT_EQ(r.cycles, 1u);
}

TEST(BranchImmediate, LargestOffsetsReachOutsideMemory) {
  Machine m = cpu_machine();
  // imm26 = 0x100000: target 0x100000 * 4 = 0x400000, the first byte past the 4 MiB memory.
  ExecResult r = run_words(m, {0x14100000});
  EXPECT_EQ(r.stop_reason, StopReason::kFault);
  EXPECT_EQ(r.fault_kind, AccessKind::kFetch);
  EXPECT_EQ(r.fault_address, 0x400000u);
  EXPECT_EQ(r.cycles, 1u);
  // imm26 = -1 at 0: target 0 - 4, which wraps to 2^64 - 4.
  r = run_words(m, {0x17FFFFFF});
  EXPECT_EQ(r.fault_kind, AccessKind::kFetch);
  EXPECT_EQ(r.fault_address, 0xFFFFFFFFFFFFFFFCull);
  // imm26 = -0x2000000 (the most negative, 0x2000000): target -0x8000000 = 2^64 - 0x8000000.
  r = run_words(m, {0x16000000});
  EXPECT_EQ(r.fault_address, 0xFFFFFFFFF8000000ull);
}

TEST(BranchImmediate, BranchWithLinkForwardAndBackward) {
  Machine m = cpu_machine();
  // 0: HLT #2; 4: NOP; 8: BL +8 (imm26 = 2) -> 16, X30 = 12; 12: HLT #1;
  // 16: BL -16 (imm26 = -4 = 0x3FFFFFC) -> 0, X30 = 20.
  ExecResult r = run_words(m, {kHlt2, kNop, 0x94000002, kHlt1, 0x97FFFFFC}, 8);
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.final_pc, 0u);
  EXPECT_EQ(r.cycles, 2u);
  EXPECT_EQ(m.x(30), 20u);
}

// ---- CBZ / CBNZ --------------------------------------------------------------------------

TEST(CompareAndBranch, WFormIgnoresUpperHalf) {
  Machine m = cpu_machine();
  // W0 of X0 = 1 << 32 is zero: CBZ W0 is taken, CBZ X0 is not.
  m.set_x(0, 1ull << 32);
  run_assembly(m, "cbz w0, 1f\nmovz x1, #1\n1: cbz x0, 2f\nmovz x2, #1\n2: hlt #0");
  EXPECT_EQ(m.x(1), 0u);
  EXPECT_EQ(m.x(2), 1u);
}

TEST(CompareAndBranch, BackwardOffsetAndZeroRegister) {
  Machine m = cpu_machine();
  // At 8: CBZ XZR with imm19 = -2 (0x7FFFE << 5 = 0xFFFFC0, Rt = 31): always taken, -> 0.
  const ExecResult r = run_words(m, {kHlt2, kHlt1, 0xB4FFFFDF}, 8);
  EXPECT_EQ(r.final_pc, 0u);
  // CBNZ XZR (0xB500005F, imm19 = 2) never branches: falls to HLT #1 at 4.
  const ExecResult r2 = run_words(m, {0xB500005F, kHlt1, kHlt2});
  EXPECT_EQ(r2.final_pc, 4u);
}

// ---- TBZ / TBNZ --------------------------------------------------------------------------

struct TestBitCase {
  unsigned bit;
  const char* reg;  // W register for bit < 32 is the same encoding as X (b5 = 0)
};

TEST(TestAndBranch, BitsZero31Thirty2And63) {
  const TestBitCase cases[] = {{0, "w0"}, {0, "x0"}, {31, "w0"}, {31, "x0"}, {32, "x0"}, {63, "x0"}};
  for (const TestBitCase& c : cases) {
    SCOPED_TRACE(std::string(c.reg) + " bit " + std::to_string(c.bit));
    for (const bool set : {false, true}) {
      // Only the tested bit set, or every bit but the tested one.
      const uint64_t value = set ? (1ull << c.bit) : ~(1ull << c.bit);
      for (const bool branch_if_nonzero : {false, true}) {
        Machine m = cpu_machine();
        m.set_x(0, value);
        const std::string source = std::string(branch_if_nonzero ? "tbnz " : "tbz ") + c.reg + ", #" +
                                   std::to_string(c.bit) + ", 1f\nmovz x1, #1\n1: hlt #0";
        run_assembly(m, source);
        const bool taken = branch_if_nonzero == set;
        EXPECT_EQ(m.x(1), taken ? 0u : 1u) << source << " with x0 = " << value;
      }
    }
  }
}

TEST(TestAndBranch, HighBitSelectsUpperWord) {
  Machine m = cpu_machine();
  m.set_x(0, 1ull << 32);
  // TBNZ X0, #32, +8: b5 = 1 (bit 31), op = 1 (bit 24), b40 = 0, imm14 = 2 (0x40): 0xB7000040.
  ExecResult r = run_words(m, {0xB7000040, kHlt1, kHlt2});
  EXPECT_EQ(r.final_pc, 8u);  // bit 32 is set
  // TBNZ W0, #0, +8: same word with b5 = 0: 0x37000040. Bit 0 is clear.
  r = run_words(m, {0x37000040, kHlt1, kHlt2});
  EXPECT_EQ(r.final_pc, 4u);
  // TBNZ X0, #63 (b5 = 1, b40 = 31 -> 0xF80000): 0xB7F80040 with X0 = 1 << 63.
  m.set_x(0, 1ull << 63);
  r = run_words(m, {0xB7F80040, kHlt1, kHlt2});
  EXPECT_EQ(r.final_pc, 8u);
}

TEST(TestAndBranch, BackwardOffsetAndZeroRegister) {
  Machine m = cpu_machine();
  // At 8: TBZ X0, #0 with imm14 = -2 (0x3FFE << 5 = 0x7FFC0): 0x3607FFC0 -> 0 when bit 0 clear.
  m.set_x(0, 2);
  ExecResult r = run_words(m, {kHlt2, kHlt1, 0x3607FFC0}, 8);
  EXPECT_EQ(r.final_pc, 0u);
  // TBZ XZR, #5, +8: b40 = 5 (0x280000), imm14 = 2 (0x40), Rt = 31: 0x3628005F, always taken.
  r = run_words(m, {0x3628005F, kHlt1, kHlt2});
  EXPECT_EQ(r.final_pc, 8u);
  // TBNZ XZR, #5, +8: 0x3728005F, never taken.
  r = run_words(m, {0x3728005F, kHlt1, kHlt2});
  EXPECT_EQ(r.final_pc, 4u);
}

// ---- B.cond ------------------------------------------------------------------------------

// The Arm ARM's condition table, written out per condition name.
bool expected_condition(unsigned cond, bool n, bool z, bool c, bool v) {
  switch (cond) {
    case 0x0: return z;             // EQ
    case 0x1: return !z;            // NE
    case 0x2: return c;             // CS/HS
    case 0x3: return !c;            // CC/LO
    case 0x4: return n;             // MI
    case 0x5: return !n;            // PL
    case 0x6: return v;             // VS
    case 0x7: return !v;            // VC
    case 0x8: return c && !z;       // HI
    case 0x9: return !c || z;       // LS
    case 0xA: return n == v;        // GE
    case 0xB: return n != v;        // LT
    case 0xC: return !z && n == v;  // GT
    case 0xD: return z || n != v;   // LE
    case 0xE: return true;          // AL
    default: return true;           // NV: executes as always
  }
}

TEST(ConditionalBranch, EveryConditionAgainstEveryFlagSetting) {
  Machine m = cpu_machine();
  for (unsigned cond = 0; cond < 16; ++cond) {
    // B.cond with imm19 = 2 (2 << 5 = 0x40): 0x54000040 | cond; target 8 (HLT #2), else 4 (HLT #1).
    m.load_program(std::vector<uint32_t>{0x54000040u | cond, kHlt1, kHlt2});
    for (unsigned flags = 0; flags < 16; ++flags) {
      const bool n = flags & 8, z = flags & 4, c = flags & 2, v = flags & 1;
      m.set_nzcv(flags << 28);
      m.set_pc(0);
      const ExecResult r = m.execute(10);
      const bool taken = expected_condition(cond, n, z, c, v);
      EXPECT_EQ(r.final_pc, taken ? 8u : 4u) << "cond " << cond << " NZCV " << flags;
      EXPECT_EQ(r.cycles, 1u);
      EXPECT_EQ(m.nzcv(), flags << 28);  // a branch never changes flags
    }
  }
}

TEST(ConditionalBranch, SignedAndUnsignedSpotChecks) {
  Machine m = cpu_machine();
  // 1 - 2 = -1: N = 1, Z = 0, C = 0 (borrow), V = 0, so LT, LO, NE, MI hold; GE, HS, EQ do not.
  const std::string source =
      "movz x0, #1\ncmp x0, #2\n"
      "b.lt 1f\nmovz x1, #1\n1: b.lo 2f\nmovz x2, #1\n2: b.ge 3f\nmovz x3, #1\n"
      "3: b.hs 4f\nmovz x4, #1\n4: b.eq 5f\nmovz x5, #1\n5: hlt #0";
  run_assembly(m, source);
  EXPECT_EQ(m.x(1), 0u);
  EXPECT_EQ(m.x(2), 0u);
  EXPECT_EQ(m.x(3), 1u);
  EXPECT_EQ(m.x(4), 1u);
  EXPECT_EQ(m.x(5), 1u);
}

TEST(ConditionalBranch, BackwardOffset) {
  Machine m = cpu_machine();
  // At 8: B.EQ with imm19 = -2 (0x7FFFE << 5 = 0xFFFFC0): 0x54FFFFC0 -> 0.
  m.set_nzcv(0x40000000);
  const ExecResult r = run_words(m, {kHlt2, kHlt1, 0x54FFFFC0}, 8);
  EXPECT_EQ(r.final_pc, 0u);
}

TEST(ConditionalBranch, UnallocatedForms) {
  // BC.EQ (o0 = bit 4 = 1, FEAT_HBC): 0x54000050.
  expect_undefined_word(0x54000050);
  // o1 = bit 24 = 1: 0x55000040.
  expect_undefined_word(0x55000040);
}

// ---- BR / BLR / RET ----------------------------------------------------------------------

TEST(BranchRegister, BrAndMisalignedTarget) {
  Machine m = cpu_machine();
  m.set_x(2, 12);
  ExecResult r = run_assembly(m, "br x2\nhlt #1\nhlt #1\nhlt #2");
  EXPECT_EQ(r.final_pc, 12u);
  EXPECT_EQ(m.x(30), 0u);  // BR does not link
  // A misaligned target is taken; the fetch there faults.
  m.set_x(2, 0x102);
  r = run_assembly(m, "br x2");
  EXPECT_EQ(r.stop_reason, StopReason::kFault);
  EXPECT_EQ(r.fault_kind, AccessKind::kFetch);
  EXPECT_EQ(r.fault_address, 0x102u);
  EXPECT_EQ(r.cycles, 1u);
}

TEST(BranchRegister, BrXzrGoesToZero) {
  Machine m = cpu_machine();
  // BR with Rn = 31 (0xD61F03E0) reads XZR: at 4 it jumps to 0 (HLT #2).
  const ExecResult r = run_words(m, {kHlt2, 0xD61F03E0}, 4);
  EXPECT_EQ(r.final_pc, 0u);
}

TEST(BranchRegister, BlrLinks) {
  Machine m = cpu_machine();
  m.set_x(1, 16);
  // 0: NOP; 4: BLR X1 -> 16 with X30 = 8.
  const ExecResult r = run_assembly(m, "nop\nblr x1\nhlt #1\nhlt #1\nhlt #2");
  EXPECT_EQ(r.final_pc, 16u);
  EXPECT_EQ(m.x(30), 8u);
  EXPECT_EQ(r.cycles, 2u);
}

TEST(BranchRegister, BlrX30UsesOldValue) {
  Machine m = cpu_machine();
  m.set_x(30, 0x20);
  // 4: BLR X30 -> 0x20 (the value before the link), then X30 = 8.
  const ExecResult r = run_assembly(m, "nop\nblr x30\nhlt #1\nhlt #1\nhlt #1\nhlt #1\nhlt #1\nhlt #1\nhlt #2");
  EXPECT_EQ(r.final_pc, 0x20u);
  EXPECT_EQ(m.x(30), 8u);
}

TEST(BranchRegister, RetDefaultAndExplicitRegister) {
  Machine m = cpu_machine();
  m.set_x(30, 8);
  ExecResult r = run_assembly(m, "ret\nhlt #1\nhlt #2");
  EXPECT_EQ(r.final_pc, 8u);
  EXPECT_EQ(m.x(30), 8u);  // RET does not link
  m.set_x(5, 12);
  r = run_assembly(m, "ret x5\nhlt #1\nhlt #1\nhlt #2");
  EXPECT_EQ(r.final_pc, 12u);
  // Hand encoding of RET X5: 0xD65F0000 | (5 << 5) = 0xD65F00A0.
  EXPECT_EQ(assemble("ret x5"), std::vector<uint32_t>{0xD65F00A0u});
}

TEST(BranchRegister, CallAndReturn) {
  Machine m = cpu_machine();
  // 0: ADR X1, f (16); 4: BLR X1 (X30 = 8); 8: ADD X0, X0, #1; 12: HLT; 16 (f): MOVZ X0, #41; RET.
  const ExecResult r = run_assembly(m, "adr x1, 1f\nblr x1\nadd x0, x0, #1\nhlt #0\n1: movz x0, #41\nret");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(0), 42u);
  EXPECT_EQ(r.final_pc, 12u);
  EXPECT_EQ(r.cycles, 5u);  // ADR, BLR, MOVZ, RET, ADD; the HLT does not retire
}

TEST(BranchRegister, UnallocatedAndPointerAuthenticationForms) {
  // Base words: BR 0xD61F0000, BLR 0xD63F0000, RET 0xD65F0000 (opc at 24..21, op2 = 11111).
  expect_undefined_word(0xD61F0021);  // BR X1 with op4 = 00001
  expect_undefined_word(0xD61F0420);  // BR X1 with op3 = 000001
  expect_undefined_word(0xD63F0022);  // BLR X1 with op4 = 00010
  expect_undefined_word(0xD65E03C0);  // RET with op2 = 11110
  expect_undefined_word(0xD61F083F);  // BRAAZ X1: op3 = 000010 (0x800), op4 = 11111
  expect_undefined_word(0xD63F083F);  // BLRAAZ X1
  expect_undefined_word(0xD71F0822);  // BRAA X1, X2: opc = 1000 (0x01000000)
  expect_undefined_word(0xD73F0822);  // BLRAA X1, X2: opc = 1001
  expect_undefined_word(0xD65F0BFF);  // RETAA: op3 = 000010, Rn = 11111, op4 = 11111
  expect_undefined_word(0xD65F0FFF);  // RETAB: op3 = 000011
  expect_undefined_word(0xD69F03E0);  // ERET: opc = 0100
  expect_undefined_word(0xD6BF03E0);  // DRPS: opc = 0101
  expect_undefined_word(0xD6DF0000);  // opc = 0110: unallocated
}

// ---- Exception generation ----------------------------------------------------------------

TEST(ExceptionGeneration, SvcStopsAfterAndResumes) {
  Machine m = cpu_machine();
  ExecResult r = run_assembly(m, "movz x0, #1\nsvc #0x123\nmovz x1, #2\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kSyscall);
  EXPECT_EQ(r.final_pc, 8u);  // the SVC retired
  EXPECT_EQ(r.cycles, 2u);
  ASSERT_TRUE(r.instruction.has_value());
  EXPECT_EQ(*r.instruction, 0xD4000001u | (0x123u << 5));  // 0xD4002461
  r = m.execute();
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.final_pc, 12u);
  EXPECT_EQ(r.cycles, 1u);  // only the MOVZ after the SVC
  EXPECT_EQ(m.x(1), 2u);
}

TEST(ExceptionGeneration, SvcAnyImmediate) {
  Machine m = cpu_machine();
  const ExecResult r = run_words(m, {0xD41FFFE1});  // SVC #0xFFFF: 0xFFFF << 5 = 0x1FFFE0
  EXPECT_EQ(r.stop_reason, StopReason::kSyscall);
  EXPECT_EQ(r.final_pc, 4u);
  EXPECT_EQ(r.cycles, 1u);
}

TEST(ExceptionGeneration, BrkStopsAtAndResumes) {
  Machine m = cpu_machine();
  ExecResult r = run_assembly(m, "movz x0, #1\nbrk #0x3e8\nmovz x1, #2\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kBreakpoint);
  EXPECT_EQ(r.final_pc, 4u);  // at the BRK, which did not retire
  EXPECT_EQ(r.cycles, 1u);
  ASSERT_TRUE(r.instruction.has_value());
  EXPECT_EQ(*r.instruction, 0xD4200000u | (0x3E8u << 5));  // 0xD4207D00
  m.set_pc(r.final_pc + 4);
  r = m.execute();
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.final_pc, 12u);
  EXPECT_EQ(r.cycles, 1u);
  EXPECT_EQ(m.x(1), 2u);
}

TEST(ExceptionGeneration, HltStopsAtAndResumes) {
  Machine m = cpu_machine();
  ExecResult r = run_assembly(m, "hlt #0xffff\nmovz x1, #3\nhlt #7");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.final_pc, 0u);
  EXPECT_EQ(r.cycles, 0u);
  ASSERT_TRUE(r.instruction.has_value());
  EXPECT_EQ(*r.instruction, 0xD45FFFE0u);  // 0xD4400000 | 0xFFFF << 5
  m.set_pc(4);
  r = m.execute();
  EXPECT_EQ(r.final_pc, 8u);
  EXPECT_EQ(r.cycles, 1u);
  EXPECT_EQ(*r.instruction, 0xD44000E0u);  // HLT #7
  EXPECT_EQ(m.x(1), 3u);
}

TEST(ExceptionGeneration, UnavailableAndUnallocated) {
  // 11010100 opc(23..21) imm16 op2(4..2) LL(1..0)
  expect_undefined_word(0xD4000002);  // HVC #0
  expect_undefined_word(0xD4001242);  // HVC #0x92
  expect_undefined_word(0xD4000003);  // SMC #0
  expect_undefined_word(0xD4A00001);  // DCPS1
  expect_undefined_word(0xD4A00002);  // DCPS2
  expect_undefined_word(0xD4A00003);  // DCPS3
  expect_undefined_word(0xD4A00000);  // opc = 101, LL = 00
  expect_undefined_word(0xD4000000);  // opc = 000, LL = 00
  expect_undefined_word(0xD4200001);  // BRK space with LL = 01
  expect_undefined_word(0xD4400002);  // HLT space with LL = 10
  expect_undefined_word(0xD4000005);  // SVC with op2 = 001
  expect_undefined_word(0xD4600000);  // opc = 011: TCANCEL (FEAT_TME)
  expect_undefined_word(0xD4800000);  // opc = 100
  expect_undefined_word(0xD4C00000);  // opc = 110
  expect_undefined_word(0xD4E00000);  // opc = 111
}

// ---- Hints -------------------------------------------------------------------------------

TEST(Hints, WholeHintSpaceIsNop) {
  // HINT #imm = 0xD503201F | imm << 5 (imm = CRm:op2).
  expect_nops({
      0xD503201F,  // NOP (0)
      0xD503203F,  // YIELD (1)
      0xD503205F,  // WFE (2)
      0xD503207F,  // WFI (3)
      0xD503209F,  // SEV (4)
      0xD50320BF,  // SEVL (5)
      0xD50320DF,  // DGH (6)
      0xD50320FF,  // XPACLRI (7): would change X30 with FEAT_PAuth
      0xD503211F,  // PACIA1716 (8): would change X17
      0xD503219F,  // AUTIA1716 (12)
      0xD503221F,  // ESB (16)
      0xD503223F,  // PSB CSYNC (17)
      0xD503225F,  // TSB CSYNC (18)
      0xD503229F,  // CSDB (20)
      0xD50322DF,  // CLRBHB (22)
      0xD503231F,  // PACIAZ (24)
      0xD503233F,  // PACIASP (25)
      0xD503237F,  // PACIBSP (27)
      0xD50323BF,  // AUTIASP (29)
      0xD50323FF,  // AUTIBSP (31)
      0xD503241F,  // BTI (32)
      0xD503245F,  // BTI c (34)
      0xD503249F,  // BTI j (36)
      0xD50324DF,  // BTI jc (38)
      0xD503251F,  // CHKFEAT X16 (40): X16 unchanged means no feature
      0xD5032FFF,  // HINT #127
  });
}

TEST(Hints, AssemblerSpellings) {
  // The same words as produced by the GNU assembler for the v8.2 spellings.
  EXPECT_EQ(assemble("yield\nwfe\nwfi\nsev\nsevl\nesb\npsb csync\ncsdb\nhint #25\nhint #34"),
            (std::vector<uint32_t>{0xD503203F, 0xD503205F, 0xD503207F, 0xD503209F, 0xD50320BF, 0xD503221F, 0xD503223F,
                                   0xD503229F, 0xD503233F, 0xD503245F}));
}

TEST(Hints, RtMustBeAllOnes) {
  expect_undefined_word(0xD503201E);  // NOP with Rt = 30
  expect_undefined_word(0xD5032320);  // PACIASP space with Rt = 0
}

// ---- Barriers ----------------------------------------------------------------------------

TEST(Barriers, AreNops) {
  // 0xD503301F | CRm << 8 | op2 << 5.
  expect_nops({
      0xD5033F9F,  // DSB SY (CRm = 1111, op2 = 100)
      0xD5033B9F,  // DSB ISH
      0xD503309F,  // SSBB = DSB #0
      0xD503349F,  // PSSBB = DSB #4
      0xD5033FBF,  // DMB SY (op2 = 101)
      0xD50339BF,  // DMB ISHLD
      0xD5033FDF,  // ISB (op2 = 110)
      0xD50330FF,  // SB (CRm = 0000, op2 = 111)
      0xD5033F5F,  // CLREX (op2 = 010)
  });
  EXPECT_EQ(assemble("dsb sy\ndmb ish\nisb\nclrex\nssbb\npssbb"),
            (std::vector<uint32_t>{0xD5033F9F, 0xD5033BBF, 0xD5033FDF, 0xD5033F5F, 0xD503309F, 0xD503349F}));
}

TEST(Barriers, ClrexClosesTheMonitor) {
  Machine m = cpu_machine();
  CpuState state = m.state();
  state.exclusive_open = 1;
  state.exclusive_address = 0x1000;
  state.exclusive_size = 8;
  m.set_state(state);
  // Barriers leave the monitor open.
  run_assembly(m, "dsb sy\ndmb ish\nisb\nhlt #0");
  EXPECT_EQ(m.state().exclusive_open, 1u);
  run_assembly(m, "clrex\nhlt #0");
  EXPECT_EQ(m.state().exclusive_open, 0u);
  // CLREX #imm (CRm = 0101): 0xD503355F, same effect.
  state = m.state();
  state.exclusive_open = 1;
  m.set_state(state);
  run_words(m, {0xD503355F, kHlt0});
  EXPECT_EQ(m.state().exclusive_open, 0u);
}

TEST(Barriers, UnallocatedForms) {
  expect_undefined_word(0xD503301F);  // op2 = 000
  expect_undefined_word(0xD503323F);  // DSB ISHnXS: op2 = 001, CRm = 0010 (FEAT_XS)
  expect_undefined_word(0xD503307F);  // TCOMMIT: op2 = 011 (FEAT_TME)
  expect_undefined_word(0xD50331FF);  // SB with CRm = 0001
  expect_undefined_word(0xD5033F80);  // DSB SY with Rt = 0
  expect_undefined_word(0xD5033F40);  // CLREX with Rt = 0
}

// ---- PSTATE and other system-class words -------------------------------------------------

TEST(Pstate, MsrImmediateIsUndefined) {
  // 1101010100 0 00 op1 0100 CRm op2 11111 = 0xD500401F | op1 << 16 | CRm << 8 | op2 << 5.
  expect_undefined_word(0xD50342DF);  // MSR DAIFSet, #2: op1 = 3, CRm = 2, op2 = 6
  expect_undefined_word(0xD50342FF);  // MSR DAIFClr, #2: op2 = 7
  expect_undefined_word(0xD50040BF);  // MSR SPSel, #0: op1 = 0, op2 = 5
  expect_undefined_word(0xD503413F);  // MSR SSBS, #1: op1 = 3, CRm = 1, op2 = 1
  expect_undefined_word(0xD503415F);  // MSR DIT, #1: op1 = 3, CRm = 1, op2 = 2
  expect_undefined_word(0xD503419F);  // MSR TCO, #1: op1 = 3, CRm = 1, op2 = 4
  expect_undefined_word(0xD500401F);  // CFINV (FEAT_FlagM)
  expect_undefined_word(0xD500403F);  // XAFLAG (FEAT_FlagM2)
}

TEST(SystemClass, OtherUnallocatedWords) {
  expect_undefined_word(0xD5031000);  // WFET X0 (FEAT_WFxT): op1 = 011, CRn = 0001
  expect_undefined_word(0xD5031020);  // WFIT X0
  expect_undefined_word(0xD5005000);  // op0 = 00, CRn = 0101
}

// ---- MRS / MSR ---------------------------------------------------------------------------

TEST(SystemRegisters, NzcvRoundTripKeepsTopFourBits) {
  Machine m = cpu_machine();
  m.set_x(0, 0xFFFFFFFFFFFFFFFFull);
  m.set_x(2, 0x5A5A5A5A6ABCDEF0ull);
  run_assembly(m, "msr nzcv, x0\nmrs x1, nzcv\nmsr nzcv, x2\nmrs x3, nzcv\nhlt #0");
  EXPECT_EQ(m.x(1), 0xF0000000u);  // bits 31..28 of all-ones
  EXPECT_EQ(m.x(3), 0x60000000u);  // bits 31..28 of 0x6ABCDEF0: 0110 -> Z, C
  EXPECT_EQ(m.nzcv(), 0x60000000u);
}

TEST(SystemRegisters, NzcvDrivesConditionsAndXzr) {
  Machine m = cpu_machine();
  m.set_x(0, 0x40000000);  // Z only
  m.set_x(3, 0x99);
  run_assembly(m,
               "msr nzcv, x0\nb.eq 1f\nmovz x1, #1\n1: msr nzcv, xzr\nb.ne 2f\nmovz x2, #1\n2: mrs xzr, nzcv\n"
               "hlt #0");
  EXPECT_EQ(m.x(1), 0u);
  EXPECT_EQ(m.x(2), 0u);
  EXPECT_EQ(m.nzcv(), 0u);  // MSR from XZR writes zero
  EXPECT_EQ(m.x(3), 0x99u);
  // MSR NZCV, X0 hand-encoded: 0xD5100000 | op0 = 3 (bit 19) | op1 = 3 (0x30000) | CRn = 4 (0x4000)
  // | CRm = 2 (0x200) = 0xD51B4200; MRS is the same with L (bit 21): 0xD53B4200.
  EXPECT_EQ(assemble("msr nzcv, x0\nmrs x0, nzcv"), (std::vector<uint32_t>{0xD51B4200, 0xD53B4200}));
}

TEST(SystemRegisters, TpidrEl0RoundTrip) {
  Machine m = cpu_machine();
  m.set_x(0, 0x0123456789ABCDEFull);
  run_assembly(m, "msr tpidr_el0, x0\nmrs x1, tpidr_el0\nhlt #0");
  EXPECT_EQ(m.x(1), 0x0123456789ABCDEFull);
  EXPECT_EQ(m.state().tpidr_el0, 0x0123456789ABCDEFull);
}

TEST(SystemRegisters, FpcrKeepsWritableBits) {
  Machine m = cpu_machine();
  m.set_x(0, ~0ull);
  m.set_x(2, 0x00C00000);                          // RMode = 11 (round towards zero)
  m.set_x(4, 0x0000000000009F00ull | 0x00370000);  // trap enables, Len/Stride: none writable
  run_assembly(m, "msr fpcr, x0\nmrs x1, fpcr\nmsr fpcr, x2\nmrs x3, fpcr\nmsr fpcr, x4\nmrs x5, fpcr\nhlt #0");
  // AHP 26 + DN 25 + FZ 24 + RMode 23:22 = 0x07C00000, FZ16 19 = 0x00080000.
  EXPECT_EQ(m.x(1), 0x07C80000u);
  EXPECT_EQ(m.x(3), 0x00C00000u);
  EXPECT_EQ(m.x(5), 0u);
}

TEST(SystemRegisters, FpsrKeepsWritableBits) {
  Machine m = cpu_machine();
  m.set_x(0, ~0ull);
  m.set_x(2, 0x08000081);  // QC, IDC, IOC
  m.set_x(4, 0x07FFFF60);  // only unwritable bits (26..8, 6, 5)
  run_assembly(m, "msr fpsr, x0\nmrs x1, fpsr\nmsr fpsr, x2\nmrs x3, fpsr\nmsr fpsr, x4\nmrs x5, fpsr\nhlt #0");
  // N Z C V QC = 0xF8000000, IDC = 0x80, IXC UFC OFC DZC IOC = 0x1F.
  EXPECT_EQ(m.x(1), 0xF800009Fu);
  EXPECT_EQ(m.x(3), 0x08000081u);
  EXPECT_EQ(m.x(5), 0u);
  EXPECT_EQ(m.nzcv(), 0u);  // FPSR's NZCV bits are not PSTATE's
}

TEST(SystemRegisters, ReadOnlyIdentificationAndCounters) {
  Machine m = cpu_machine();
  run_assembly_nondeterministic(
      m,
      "mrs x0, cntfrq_el0\nmrs x1, dczid_el0\nmrs x2, midr_el1\n"
      "mrs x3, cntvct_el0\nmovz x9, #100\n1: subs x9, x9, #1\nb.ne 1b\nmrs x4, cntvct_el0\nhlt #0");
  EXPECT_EQ(m.x(0), 1000000000u);  // 1 GHz
  EXPECT_EQ(m.x(1), 4u);           // BS = 4: 4 << 4 = 64-byte blocks; DZP (bit 4) clear
  EXPECT_EQ(m.x(2), 0x410FD083u);
  EXPECT_GE(m.x(4), m.x(3));  // the counter does not go backwards
  // Hand encodings (0xD5300000 | op0 bit 19 | op1 << 16 | CRn << 12 | CRm << 8 | op2 << 5 | Rt):
  // CNTVCT_EL0 (3,3,14,0,2) = 0xD53BE040, CNTFRQ_EL0 (3,3,14,0,0) = 0xD53BE000,
  // DCZID_EL0 (3,3,0,0,7) = 0xD53B00E0, MIDR_EL1 (3,0,0,0,0) = 0xD5380000.
  EXPECT_EQ(assemble("mrs x0, cntvct_el0\nmrs x0, cntfrq_el0\nmrs x0, dczid_el0\nmrs x0, midr_el1"),
            (std::vector<uint32_t>{0xD53BE040, 0xD53BE000, 0xD53B00E0, 0xD5380000}));
}

TEST(SystemRegisters, CounterAdvances) {
  Machine m = cpu_machine();
  run_assembly_nondeterministic(m, "mrs x3, cntvct_el0\nhlt #0");
  const uint64_t first = m.x(3);
  // The first read spans at least the host's time to build and run a program again.
  run_assembly_nondeterministic(m, "movz x9, #0x4000\n1: subs x9, x9, #1\nb.ne 1b\nmrs x4, cntvct_el0\nhlt #0");
  EXPECT_GT(m.x(4), first);
}

TEST(SystemRegisters, WritesToReadOnlyRegistersAreUndefined) {
  // MSR = 0xD5100000 | op0 bit 19 | op1 << 16 | CRn << 12 | CRm << 8 | op2 << 5 | Rt.
  expect_undefined_word(0xD51BE040);  // MSR CNTVCT_EL0, X0
  expect_undefined_word(0xD51BE000);  // MSR CNTFRQ_EL0, X0
  expect_undefined_word(0xD51B00E0);  // MSR DCZID_EL0, X0
  expect_undefined_word(0xD5180000);  // MSR MIDR_EL1, X0
}

TEST(SystemRegisters, ReadOnlyThreadAndCacheTypeRegisters) {
  Machine m = cpu_machine();
  m.set_x(0, 0x1234);
  m.set_x(1, 0x1234);
  // MRS X0, TPIDRRO_EL0 (3,3,13,0,3) and MRS X1, CTR_EL0 (3,3,0,0,1)
  const ExecResult r = run_assembly(m, ".inst 0xD53BD060\n.inst 0xD53B0021\nhlt #0");
  ASSERT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(0), 0u);  // Linux keeps TPIDRRO_EL0 zero for 64-bit tasks
  // CTR_EL0 fields (Arm ARM D19.2): IminLine [3:0] = 4 and DminLine [19:16] = 4 (16 words =
  // 64-byte lines), L1Ip [15:14] = 0b11 (PIPT), ERG [23:20] = 4, CWG [27:24] = 4, bit 31 RES1.
  EXPECT_EQ(m.x(1), (1ull << 31) | (4ull << 24) | (4ull << 20) | (4ull << 16) | (3ull << 14) | 4ull);
}

TEST(SystemRegisters, OtherRegistersAreUndefined) {
  expect_undefined_word(0xD5381000);  // MRS X0, SCTLR_EL1 (3,0,1,0,0)
  expect_undefined_word(0xD5181000);  // MSR SCTLR_EL1, X0
  expect_undefined_word(0xD538D080);  // MRS X0, TPIDR_EL1 (3,0,13,0,4)
  expect_undefined_word(0xD5384240);  // MRS X0, CurrentEL (3,0,4,2,2)
  expect_undefined_word(0xD53B4220);  // MRS X0, DAIF (3,3,4,2,1)
  expect_undefined_word(0xD53B42A0);  // MRS X0, DIT (3,3,4,2,5)
  expect_undefined_word(0xD5300240);  // MRS X0, MDSCR_EL1 (op0 = 2: 2,0,0,2,2)
  expect_undefined_word(0xD53BE020);  // MRS X0, CNTPCT_EL0 (3,3,14,0,1): not granted here
  expect_undefined_word(0xD51BD060);  // MSR TPIDRRO_EL0, X0: read-only at EL0
  expect_undefined_word(0xD51B0020);  // MSR CTR_EL0, X0: read-only
  expect_undefined_word(0xD538E000);  // (3,0,14,0,0): unallocated
  expect_undefined_word(0xD53B4280);  // NZCV's neighbour (3,3,4,2,4)
}

// ---- SYS: DC ZVA and cache maintenance ---------------------------------------------------

TEST(SystemInstructions, DcZvaZeroesTheAlignedBlock) {
  Machine m = cpu_machine();
  m.write_memory(0x1000, std::vector<uint8_t>(0x100, 0xAA));
  m.set_x(0, 0x1047);  // block 0x1047 & ~63 = 0x1040 .. 0x107F
  const ExecResult r = run_assembly(m, "dc zva, x0\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.cycles, 1u);
  EXPECT_EQ(m.x(0), 0x1047u);
  const std::vector<uint8_t> bytes = m.read_memory(0x1000, 0x100);
  for (unsigned i = 0; i < 0x100; ++i) {
    const bool in_block = i >= 0x40 && i < 0x80;
    EXPECT_EQ(bytes[i], in_block ? 0 : 0xAA) << "byte 0x" << std::hex << (0x1000 + i);
  }
  EXPECT_EQ(assemble("dc zva, x0"), std::vector<uint32_t>{0xD50B7420});  // SYS #3, C7, C4, #1, X0
}

TEST(SystemInstructions, DcZvaAlignedAddressAndLastBlock) {
  Machine m = cpu_machine();
  m.write_memory(0x3FFF80, std::vector<uint8_t>(0x80, 0xAA));
  m.set_x(1, 0x3FFFC0);  // already aligned: the last block of memory, 0x3FFFC0 .. 0x3FFFFF
  run_assembly(m, "dc zva, x1\nhlt #0");
  const std::vector<uint8_t> bytes = m.read_memory(0x3FFF80, 0x80);
  for (unsigned i = 0; i < 0x80; ++i) EXPECT_EQ(bytes[i], i < 0x40 ? 0xAA : 0) << i;
}

TEST(SystemInstructions, DcZvaOutsideMemoryFaultsOnWrite) {
  Machine m = cpu_machine();
  m.set_x(0, 0x400010);  // block 0x400000: past the 4 MiB memory
  ExecResult r = run_assembly(m, "nop\ndc zva, x0\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kFault);
  EXPECT_EQ(r.fault_kind, AccessKind::kWrite);
  EXPECT_EQ(r.fault_address, 0x400000u);
  EXPECT_EQ(r.final_pc, 4u);
  EXPECT_EQ(r.cycles, 1u);
  m.set_x(0, ~0ull);  // block 2^64 - 64
  r = run_assembly(m, "dc zva, x0\nhlt #0");
  EXPECT_EQ(r.fault_kind, AccessKind::kWrite);
  EXPECT_EQ(r.fault_address, 0xFFFFFFFFFFFFFFC0ull);
}

// The memory-tagging forms with allocation-tag access disabled: DC GZVA zeroes the data
// block as DC ZVA does; DC GVA writes only tags, which are not stored, so memory is untouched.
TEST(SystemInstructions, DcGzvaZeroesTheBlockAndDcGvaLeavesMemory) {
  // SYS #3, C7, C4, op2, X0: op2 = 3 for GVA, 4 for GZVA.
  EXPECT_EQ(assemble(".arch armv8.5-a+memtag\ndc gva, x0\ndc gzva, x1"),
            (std::vector<uint32_t>{0xD50B7460, 0xD50B7481}));
  Machine m = cpu_machine();
  m.write_memory(0x2000, std::vector<uint8_t>(0x100, 0xAA));
  m.set_x(0, 0x2000);
  m.set_x(1, 0x20C5);  // block 0x20C0 .. 0x20FF
  const ExecResult r = run_words(m, {0xD50B7460, 0xD50B7481, kHlt0});
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.cycles, 2u);
  const std::vector<uint8_t> bytes = m.read_memory(0x2000, 0x100);
  for (unsigned i = 0; i < 0x100; ++i) EXPECT_EQ(bytes[i], i >= 0xC0 ? 0 : 0xAA) << i;
  m.set_x(1, 0x400000);  // past memory: the zeroing write faults
  const ExecResult fault = run_words(m, {0xD50B7481, kHlt0});
  EXPECT_EQ(fault.stop_reason, StopReason::kFault);
  EXPECT_EQ(fault.fault_address, 0x400000u);
}

TEST(SystemInstructions, TagCleansAreNopsAndTheirNeighboursUndefined) {
  // SYS #3, C7, CRm, op2, X0 = 0xD50B7000 | CRm << 8 | op2 << 5.
  const std::vector<uint32_t> cleans = {0xD50B7A60, 0xD50B7AA0, 0xD50B7C60, 0xD50B7CA0, 0xD50B7E60, 0xD50B7EA0};
  EXPECT_EQ(assemble(".arch armv8.5-a+memtag\ndc cgvac, x0\ndc cgdvac, x0\ndc cgvap, x0\ndc cgdvap, x0\n"
                     "dc cigvac, x0\ndc cigdvac, x0"),
            cleans);
  expect_nops(cleans);
  expect_undefined_word(0xD50B7AE0);  // CRm = 10, op2 = 7
  expect_undefined_word(0xD50B7860);  // CRm = 8, op2 = 3
  expect_undefined_word(0xD50B7D60);  // DC CGVADP needs FEAT_DPB2: CRm = 13
}

TEST(SystemInstructions, El0CacheMaintenanceIsNop) {
  // SYS #3, C7, CRm, #1, X0 = 0xD50B7020 | CRm << 8.
  EXPECT_EQ(assemble("dc cvac, x0\ndc cvau, x0\ndc civac, x0\ndc cvap, x0\nic ivau, x0"),
            (std::vector<uint32_t>{0xD50B7A20, 0xD50B7B20, 0xD50B7E20, 0xD50B7C20, 0xD50B7520}));
  // Addresses are not checked: the operations have nothing to do.
  expect_nops({0xD50B7A20, 0xD50B7B20, 0xD50B7E20, 0xD50B7C20, 0xD50B7520});
  Machine m = cpu_machine();
  m.set_x(0, 0x12345678900ull);
  const ExecResult r = run_words(m, {0xD50B7A20, 0xD50B7B20, 0xD50B7E20, 0xD50B7C20, 0xD50B7520, kHlt0});
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.cycles, 5u);
}

TEST(SystemInstructions, OtherSysAndSyslAreUndefined) {
  // SYS = 0xD5080000 | op1 << 16 | CRn << 12 | CRm << 8 | op2 << 5 | Rt; SYSL sets bit 21.
  expect_undefined_word(0xD50B7D20);  // DC CVADP (FEAT_DPB2): CRm = 13
  expect_undefined_word(0xD5087620);  // DC IVAC (EL1): op1 = 0, CRm = 6
  expect_undefined_word(0xD508751F);  // IC IALLU (EL1): op1 = 0, CRm = 5, op2 = 0
  expect_undefined_word(0xD508871F);  // TLBI VMALLE1: CRn = 8, CRm = 7
  expect_undefined_word(0xD5087840);  // AT S1E0R: CRm = 8, op2 = 2
  expect_undefined_word(0xD50B7380);  // CFP RCTX (FEAT_SPECRES): CRm = 3, op2 = 4
  expect_undefined_word(0xD50B7400);  // op1 = 3, C7, C4, op2 = 0
  expect_undefined_word(0xD52B7420);  // SYSL X0, #3, C7, C4, #1 (DC ZVA's SYSL twin)
  expect_undefined_word(0xD5280000);  // SYSL X0, #0, C0, C0, #0
}

}  // namespace
}  // namespace warp64::test
