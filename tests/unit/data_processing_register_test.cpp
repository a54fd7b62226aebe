// "Data processing -- register", first half: logical and add/subtract (shifted register),
// add/subtract (extended register), add/subtract with carry, conditional compare and
// conditional select. Expected values are worked out by hand from the Arm ARM's definitions
// (the arithmetic is in the comments); raw words are built from the encoding diagrams by the
// small encoders below, which are themselves checked against the assembler.
#include <gtest/gtest.h>

#include <vector>

#include "support/assemble.hpp"

namespace warp64::test {
namespace {

constexpr uint32_t kHlt = 0xD4400000u;  // hlt #0
constexpr uint32_t kNop = 0xD503201Fu;
constexpr uint64_t kOnes = ~0ull;
constexpr uint32_t kN = core::kFlagN, kZ = core::kFlagZ, kC = core::kFlagC, kV = core::kFlagV;

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

// ---- encoders (field layouts from the Arm ARM encoding diagrams) ----------------------
// sf opc 01010 shift N Rm imm6 Rn Rd
uint32_t logical_shifted(unsigned sf, unsigned opc, unsigned shift, unsigned n, unsigned rm, unsigned imm6, unsigned rn,
                         unsigned rd) {
  return (sf << 31) | (opc << 29) | (0x0Au << 24) | (shift << 22) | (n << 21) | (rm << 16) | (imm6 << 10) | (rn << 5) |
         rd;
}
// sf op S 01011 shift 0 Rm imm6 Rn Rd
uint32_t add_sub_shifted(unsigned sf, unsigned op, unsigned s, unsigned shift, unsigned rm, unsigned imm6, unsigned rn,
                         unsigned rd) {
  return (sf << 31) | (op << 30) | (s << 29) | (0x0Bu << 24) | (shift << 22) | (rm << 16) | (imm6 << 10) | (rn << 5) |
         rd;
}
// sf op S 01011 opt 1 Rm option imm3 Rn Rd
uint32_t add_sub_extended(unsigned sf, unsigned op, unsigned s, unsigned opt, unsigned rm, unsigned option,
                          unsigned imm3, unsigned rn, unsigned rd) {
  return (sf << 31) | (op << 30) | (s << 29) | (0x0Bu << 24) | (opt << 22) | (1u << 21) | (rm << 16) | (option << 13) |
         (imm3 << 10) | (rn << 5) | rd;
}
// sf op S 11010000 Rm opcode2(15:10) Rn Rd
uint32_t add_sub_carry(unsigned sf, unsigned op, unsigned s, unsigned rm, unsigned opcode2, unsigned rn, unsigned rd) {
  return (sf << 31) | (op << 30) | (s << 29) | (0xD0u << 21) | (rm << 16) | (opcode2 << 10) | (rn << 5) | rd;
}
// sf op S 11010010 Rm/imm5 cond imm o2 Rn o3 nzcv (imm: 1 for the immediate form)
uint32_t cond_compare(unsigned sf, unsigned op, unsigned s, unsigned rm_or_imm, unsigned cond, unsigned imm,
                      unsigned o2, unsigned rn, unsigned o3, unsigned nzcv) {
  return (sf << 31) | (op << 30) | (s << 29) | (0xD2u << 21) | (rm_or_imm << 16) | (cond << 12) | (imm << 11) |
         (o2 << 10) | (rn << 5) | (o3 << 4) | nzcv;
}
// sf op S 11010100 Rm cond op2 Rn Rd
uint32_t cond_select(unsigned sf, unsigned op, unsigned s, unsigned rm, unsigned cond, unsigned op2, unsigned rn,
                     unsigned rd) {
  return (sf << 31) | (op << 30) | (s << 29) | (0xD4u << 21) | (rm << 16) | (cond << 12) | (op2 << 10) | (rn << 5) | rd;
}

// Runs `word` then HLT from address 0 on an already prepared machine.
ExecResult run_word(Machine& m, uint32_t word) {
  m.load_program(std::vector<uint32_t>{word, kHlt});
  m.set_pc(0);
  return m.execute(10);
}

// An unallocated word placed after a NOP stops at its own address with one retired instruction
// and leaves the registers and flags untouched.
void expect_undefined(uint32_t word) {
  Machine m = cpu_machine();
  for (unsigned i = 0; i < 31; ++i) m.set_x(i, 0x1111111111111111ull * (i % 15 + 1));
  m.set_nzcv(kC);
  const CpuState before = m.state();
  m.load_program(std::vector<uint32_t>{kNop, word, kHlt});
  const ExecResult r = m.execute(10);
  EXPECT_EQ(r.stop_reason, StopReason::kUndefined) << std::hex << word;
  EXPECT_EQ(r.final_pc, 4u) << std::hex << word;
  EXPECT_EQ(r.cycles, 1u) << std::hex << word;
  for (unsigned i = 0; i < 31; ++i) EXPECT_EQ(m.x(i), before.x[i]) << "x" << i << " " << std::hex << word;
  EXPECT_EQ(m.sp(), before.sp);
  EXPECT_EQ(m.nzcv(), before.nzcv);
}

void expect_undefined_assembly(const std::string& source) {
  const std::vector<uint32_t> words = assemble(source);
  ASSERT_EQ(words.size(), 1u) << source;
  expect_undefined(words[0]);
}

TEST(DataProcessingRegister, EncodersMatchAssembler) {
  EXPECT_EQ(assemble("bics x1, x2, x3, ror #7")[0], logical_shifted(1, 3, 3, 1, 3, 7, 2, 1));
  EXPECT_EQ(assemble("orr w4, w5, w6, lsr #31")[0], logical_shifted(0, 1, 1, 0, 6, 31, 5, 4));
  EXPECT_EQ(assemble("subs x1, x2, x3, asr #9")[0], add_sub_shifted(1, 1, 1, 2, 3, 9, 2, 1));
  EXPECT_EQ(assemble("add w1, w2, w3, lsl #4")[0], add_sub_shifted(0, 0, 0, 0, 3, 4, 2, 1));
  EXPECT_EQ(assemble("adds x1, sp, w3, sxth #2")[0], add_sub_extended(1, 0, 1, 0, 3, 5, 2, 31, 1));
  EXPECT_EQ(assemble("sub w1, w2, w3, uxtb")[0], add_sub_extended(0, 1, 0, 0, 3, 0, 0, 2, 1));
  EXPECT_EQ(assemble("sbcs w1, w2, w3")[0], add_sub_carry(0, 1, 1, 3, 0, 2, 1));
  EXPECT_EQ(assemble("adc x1, x2, x3")[0], add_sub_carry(1, 0, 0, 3, 0, 2, 1));
  EXPECT_EQ(assemble("ccmp x1, x2, #5, ne")[0], cond_compare(1, 1, 1, 2, 1, 0, 0, 1, 0, 5));
  EXPECT_EQ(assemble("ccmn w1, #31, #0xf, le")[0], cond_compare(0, 0, 1, 31, 13, 1, 0, 1, 0, 15));
  EXPECT_EQ(assemble("csneg x1, x2, x3, hi")[0], cond_select(1, 1, 0, 3, 8, 1, 2, 1));
  EXPECT_EQ(assemble("csinc w1, w2, w3, vs")[0], cond_select(0, 0, 0, 3, 6, 1, 2, 1));
}

// ---- Logical (shifted register) --------------------------------------------------------
TEST(DataProcessingRegister, LogicalShiftedOps64) {
  Machine m = cpu_machine();
  m.set_x(1, 0xF0F0F0F0F0F0F0F0ull);
  m.set_x(2, 0xFF00FF00FF00FF00ull);  // ~x2 = 0x00FF00FF00FF00FF
  run_assembly(m,
               "and x0, x1, x2\n"
               "bic x3, x1, x2\n"
               "orr x4, x1, x2\n"
               "orn x5, x1, x2\n"
               "eor x6, x1, x2\n"
               "eon x7, x1, x2\n"
               "mvn x8, x1\n"  // orn x8, xzr, x1
               "hlt #0");
  EXPECT_EQ(m.x(0), 0xF000F000F000F000ull);
  EXPECT_EQ(m.x(3), 0x00F000F000F000F0ull);
  EXPECT_EQ(m.x(4), 0xFFF0FFF0FFF0FFF0ull);
  EXPECT_EQ(m.x(5), 0xF0FFF0FFF0FFF0FFull);
  EXPECT_EQ(m.x(6), 0x0FF00FF00FF00FF0ull);
  EXPECT_EQ(m.x(7), 0xF00FF00FF00FF00Full);
  EXPECT_EQ(m.x(8), 0x0F0F0F0F0F0F0F0Full);
}

TEST(DataProcessingRegister, LogicalShiftedOps32ZeroExtend) {
  Machine m = cpu_machine();
  m.set_x(1, 0x12345678F0F0F0F0ull);  // w1 = 0xF0F0F0F0
  m.set_x(2, 0x9ABCDEF0FF00FF00ull);  // w2 = 0xFF00FF00
  for (unsigned r : {0u, 3u, 4u, 5u, 6u, 7u, 8u}) m.set_x(r, kOnes);
  run_assembly(m,
               "and w0, w1, w2\n"
               "bic w3, w1, w2\n"
               "orr w4, w1, w2\n"
               "orn w5, w1, w2\n"
               "eor w6, w1, w2\n"
               "eon w7, w1, w2\n"
               "mvn w8, w1\n"
               "hlt #0");
  EXPECT_EQ(m.x(0), 0xF000F000u);
  EXPECT_EQ(m.x(3), 0x00F000F0u);
  EXPECT_EQ(m.x(4), 0xFFF0FFF0u);
  EXPECT_EQ(m.x(5), 0xF0FFF0FFu);
  EXPECT_EQ(m.x(6), 0x0FF00FF0u);
  EXPECT_EQ(m.x(7), 0xF00FF00Fu);
  EXPECT_EQ(m.x(8), 0x0F0F0F0Fu);
}

TEST(DataProcessingRegister, LogicalShiftTypes) {
  Machine m = cpu_machine();
  m.set_x(2, 0xFF00FF00FF00FF00ull);
  m.set_x(3, 0x8000000000000001ull);
  run_assembly(m,
               "orr x0, xzr, x2, lsl #4\n"
               "orr x1, xzr, x2, lsr #4\n"
               "orr x4, xzr, x2, asr #4\n"
               "orr x5, xzr, x2, ror #4\n"
               "orr x6, xzr, x3, lsl #63\n"
               "orr x7, xzr, x3, lsr #63\n"
               "orr x8, xzr, x3, asr #63\n"
               "orr x9, xzr, x3, ror #63\n"  // rotate right by 63 = rotate left by 1
               "orr x10, xzr, x3, ror #1\n"
               "orr x11, xzr, x3, ror #0\n"
               "eor x12, x3, x3, asr #0\n"
               "hlt #0");
  EXPECT_EQ(m.x(0), 0xF00FF00FF00FF000ull);
  EXPECT_EQ(m.x(1), 0x0FF00FF00FF00FF0ull);
  EXPECT_EQ(m.x(4), 0xFFF00FF00FF00FF0ull);
  EXPECT_EQ(m.x(5), 0x0FF00FF00FF00FF0ull);
  EXPECT_EQ(m.x(6), 0x8000000000000000ull);
  EXPECT_EQ(m.x(7), 1u);
  EXPECT_EQ(m.x(8), kOnes);
  EXPECT_EQ(m.x(9), 3u);
  EXPECT_EQ(m.x(10), 0xC000000000000000ull);
  EXPECT_EQ(m.x(11), 0x8000000000000001ull);
  EXPECT_EQ(m.x(12), 0u);
}

TEST(DataProcessingRegister, LogicalShiftTypes32) {
  Machine m = cpu_machine();
  m.set_x(3, 0xFFFFFFFF80000001ull);  // w3 = 0x80000001; the upper half must not leak in
  for (unsigned r : {0u, 1u, 4u, 5u, 6u, 7u}) m.set_x(r, kOnes);
  run_assembly(m,
               "orr w0, wzr, w3, ror #1\n"
               "orr w1, wzr, w3, asr #31\n"
               "orr w4, wzr, w3, lsr #31\n"
               "orr w5, wzr, w3, lsl #31\n"
               "orr w6, wzr, w3, ror #31\n"  // rotate left by 1 within 32 bits
               "orr w7, wzr, w3, asr #1\n"
               "hlt #0");
  EXPECT_EQ(m.x(0), 0xC0000000u);
  EXPECT_EQ(m.x(1), 0xFFFFFFFFu);
  EXPECT_EQ(m.x(4), 1u);
  EXPECT_EQ(m.x(5), 0x80000000u);
  EXPECT_EQ(m.x(6), 3u);
  EXPECT_EQ(m.x(7), 0xC0000000u);
}

TEST(DataProcessingRegister, AndsBicsFlags) {
  Machine m = cpu_machine();
  m.set_x(1, 0xF0F0F0F0F0F0F0F0ull);
  m.set_x(2, 0xFF00FF00FF00FF00ull);
  m.set_nzcv(kC | kV);  // cleared by ANDS/BICS
  run_assembly(m, "ands x0, x1, x2\nhlt #0");
  EXPECT_EQ(m.x(0), 0xF000F000F000F000ull);
  EXPECT_EQ(m.nzcv(), kN);
  m.set_nzcv(kN | kC | kV);
  run_assembly(m, "bics x0, x1, x1\nhlt #0");
  EXPECT_EQ(m.x(0), 0u);
  EXPECT_EQ(m.nzcv(), kZ);
  // x1 & ~x2 = 0x00F0... : positive, non-zero.
  run_assembly(m, "bics x0, x1, x2\nhlt #0");
  EXPECT_EQ(m.x(0), 0x00F000F000F000F0ull);
  EXPECT_EQ(m.nzcv(), 0u);
  // 32-bit: N from bit 31. w1 = 0xF0F0F0F0, w2 = 0xFF00FF00 -> 0xF000F000.
  m.set_x(0, kOnes);
  run_assembly(m, "ands w0, w1, w2\nhlt #0");
  EXPECT_EQ(m.x(0), 0xF000F000u);
  EXPECT_EQ(m.nzcv(), kN);
  // 32-bit zero result even though the 64-bit AND would be non-zero.
  m.set_x(3, 0x8000000000000000ull);
  m.set_x(4, 0x8000000000000000ull);
  run_assembly(m, "ands w0, w3, w4\nhlt #0");
  EXPECT_EQ(m.x(0), 0u);
  EXPECT_EQ(m.nzcv(), kZ);
  // ANDS with a shifted operand: x1 & (x2 ror #8) = 0xF0F0... & 0x00FF00FF... = 0x00F000F0...
  run_assembly(m, "ands x0, x1, x2, ror #8\nhlt #0");
  EXPECT_EQ(m.x(0), 0x00F000F000F000F0ull);
  EXPECT_EQ(m.nzcv(), 0u);
}

TEST(DataProcessingRegister, LogicalShiftedRegister31IsXzr) {
  Machine m = cpu_machine();
  m.set_sp(0x40000);
  m.set_x(1, 0x10);
  // Rn = 31 reads zero (not SP): orr x0, xzr, x1 and raw and x2, xzr, x1 (SP & x1 would be 0 too,
  // so use orr and eor where SP would show).
  run_word(m, logical_shifted(1, 1, 0, 0, 1, 0, 31, 0));
  EXPECT_EQ(m.x(0), 0x10u);
  run_word(m, logical_shifted(1, 2, 0, 0, 31, 0, 1, 2));  // eor x2, x1, xzr
  EXPECT_EQ(m.x(2), 0x10u);
  // Rd = 31 discards: tst x1, x1 sets flags only.
  run_assembly(m, "tst x1, x1\nhlt #0");
  EXPECT_EQ(m.sp(), 0x40000u);
  EXPECT_EQ(m.nzcv(), 0u);
  run_word(m, logical_shifted(1, 1, 0, 0, 1, 0, 1, 31));  // orr xzr, x1, x1
  EXPECT_EQ(m.sp(), 0x40000u);
}

TEST(DataProcessingRegister, LogicalShiftedUnallocated) {
  for (unsigned opc = 0; opc < 4; ++opc) {
    for (unsigned n = 0; n < 2; ++n) {
      for (unsigned shift = 0; shift < 4; ++shift) {
        expect_undefined(logical_shifted(0, opc, shift, n, 2, 32, 1, 0));  // 32-bit amount >= 32
        expect_undefined(logical_shifted(0, opc, shift, n, 2, 63, 1, 0));
      }
    }
  }
}

// ---- Add/subtract (shifted register) ---------------------------------------------------
struct FlagCase {
  const char* source;
  uint64_t a, b;    // x1, x2
  uint64_t result;  // x0 after
  uint32_t nzcv;
};

void run_flag_cases(const std::vector<FlagCase>& cases, uint32_t initial_nzcv = 0) {
  for (const FlagCase& c : cases) {
    Machine m = cpu_machine();
    m.set_x(0, kOnes);
    m.set_x(1, c.a);
    m.set_x(2, c.b);
    m.set_nzcv(initial_nzcv);
    run_assembly(m, std::string(c.source) + "\nhlt #0");
    EXPECT_EQ(m.x(0), c.result) << c.source << " " << std::hex << c.a << " " << c.b;
    EXPECT_EQ(m.nzcv(), c.nzcv) << c.source << " " << std::hex << c.a << " " << c.b;
  }
}

TEST(DataProcessingRegister, AddsSubsShiftedFlags) {
  run_flag_cases(
      {
          // 32-bit: 0x7fffffff + 1 overflows into the sign bit.
          {"adds w0, w1, w2", 0x7FFFFFFF, 1, 0x80000000u, kN | kV},
          // 0xffffffff + 1 = 0 with carry out (and -1 + 1 = 0: no overflow); the x1 upper half is ignored.
          {"adds w0, w1, w2", 0xAAAAAAAAFFFFFFFFull, 1, 0, kZ | kC},
          // 0x80000000 + 0x80000000 = 0 with carry and overflow.
          {"adds w0, w1, w2", 0x80000000, 0x80000000, 0, kZ | kC | kV},
          {"adds x0, x1, x2", 0x7FFFFFFFFFFFFFFFull, 1, 0x8000000000000000ull, kN | kV},
          {"adds x0, x1, x2", kOnes, 1, 0, kZ | kC},
          {"adds x0, x1, x2", 0x8000000000000000ull, 0x8000000000000000ull, 0, kZ | kC | kV},
          // A 32-bit carry does not show in the 64-bit form: 0xffffffff + 1 = 0x100000000.
          {"adds x0, x1, x2", 0xFFFFFFFF, 1, 0x100000000ull, 0},
          // 0 - 1: borrow (C clear), negative.
          {"subs w0, w1, w2", 0, 1, 0xFFFFFFFFu, kN},
          {"subs x0, x1, x2", 0, 1, kOnes, kN},
          // INT_MIN - 1 overflows; no borrow.
          {"subs w0, w1, w2", 0x80000000, 1, 0x7FFFFFFFu, kC | kV},
          {"subs x0, x1, x2", 0x8000000000000000ull, 1, 0x7FFFFFFFFFFFFFFFull, kC | kV},
          // Equal operands: zero, no borrow.
          {"subs x0, x1, x2", 5, 5, 0, kZ | kC},
          {"subs w0, w1, w2", 0x1234500000005ull, 5, 0, kZ | kC},
          // 1 - (-1) at 32 bits = 2 with a borrow (1 < 0xffffffff unsigned).
          {"subs w0, w1, w2", 1, 0xFFFFFFFF, 2, 0},
          // 0x7fffffff - (-1) overflows.
          {"subs w0, w1, w2", 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000u, kN | kV},
          // Shifted operand: 3 - (2 << 1) = -1.
          {"subs x0, x1, x2, lsl #1", 3, 2, kOnes, kN},
      },
      kZ | kC | kV);
}

TEST(DataProcessingRegister, AddSubShiftedNoFlags) {
  // ADD/SUB leave the flags as they were.
  run_flag_cases(
      {
          {"add x0, x1, x2", 0x7FFFFFFFFFFFFFFFull, 1, 0x8000000000000000ull, kZ},
          {"sub w0, w1, w2", 0, 1, 0xFFFFFFFFu, kZ},
          {"add w0, w1, w2", 0xFFFFFFFF00000010ull, 0x0000000100000020ull, 0x30, kZ},
      },
      kZ);
}

TEST(DataProcessingRegister, AddSubShiftAmounts) {
  run_flag_cases({
      {"add x0, x1, x2, lsl #63", 10, 0x8000000000000001ull, 0x800000000000000Aull, 0},
      {"add x0, x1, x2, lsr #63", 10, 0x8000000000000001ull, 11, 0},
      {"add x0, x1, x2, asr #63", 10, 0x8000000000000001ull, 9, 0},  // 10 + (-1)
      {"add x0, x1, x2, lsl #0", 10, 0x8000000000000001ull, 0x800000000000000Bull, 0},
      {"add w0, w1, w2, asr #31", 10, 0x80000001, 9, 0},
      {"add w0, w1, w2, lsl #31", 10, 0x80000001, 0x8000000Au, 0},
      {"add w0, w1, w2, lsr #31", 10, 0x80000001, 11, 0},
      {"sub x0, x1, x2, asr #4", 0, 0xFFFFFFFFFFFFFF00ull, 0x10, 0},  // 0 - (-0x10)
      {"sub w0, w1, w2, lsr #16", 0x10000, 0xFFFF0000u, 1, 0},        // 0x10000 - 0xffff
  });
}

TEST(DataProcessingRegister, AddSubShiftedRegister31IsXzr) {
  Machine m = cpu_machine();
  m.set_sp(0x40000);
  m.set_x(1, 1);
  // neg x0, x1 = sub x0, xzr, x1.
  run_assembly(m, "neg x0, x1\nhlt #0");
  EXPECT_EQ(m.x(0), kOnes);
  // add x2, xzr, x1 (raw, shifted form): Rn = 31 is XZR, not SP.
  run_word(m, add_sub_shifted(1, 0, 0, 0, 1, 0, 31, 2));
  EXPECT_EQ(m.x(2), 1u);
  // add x3, x1, xzr: Rm = 31 is XZR.
  run_word(m, add_sub_shifted(1, 0, 0, 0, 31, 0, 1, 3));
  EXPECT_EQ(m.x(3), 1u);
  // add xzr, x1, x1: Rd = 31 discards; SP unchanged.
  run_word(m, add_sub_shifted(1, 0, 0, 0, 1, 0, 1, 31));
  EXPECT_EQ(m.sp(), 0x40000u);
  // cmp x1, x1 = subs xzr, x1, x1.
  run_assembly(m, "cmp x1, x1\nhlt #0");
  EXPECT_EQ(m.sp(), 0x40000u);
  EXPECT_EQ(m.nzcv(), kZ | kC);
  // cmn w1, w1 (w1 = 1): 2, no flags.
  run_assembly(m, "cmn w1, w1\nhlt #0");
  EXPECT_EQ(m.nzcv(), 0u);
}

TEST(DataProcessingRegister, AddSubShiftedUnallocated) {
  for (unsigned op = 0; op < 2; ++op) {
    for (unsigned s = 0; s < 2; ++s) {
      expect_undefined(add_sub_shifted(1, op, s, 3, 2, 0, 1, 0));  // ROR
      expect_undefined(add_sub_shifted(1, op, s, 3, 2, 12, 1, 0));
      expect_undefined(add_sub_shifted(0, op, s, 3, 2, 4, 1, 0));
      for (unsigned shift = 0; shift < 3; ++shift) {
        expect_undefined(add_sub_shifted(0, op, s, shift, 2, 32, 1, 0));  // 32-bit amount >= 32
        expect_undefined(add_sub_shifted(0, op, s, shift, 2, 63, 1, 0));
      }
    }
  }
}

// ---- Add/subtract (extended register) --------------------------------------------------
// x2 = 0x0123456789ABCDEF: its byte 0xEF, halfword 0xCDEF and word 0x89ABCDEF are negative.
constexpr uint64_t kExt = 0x0123456789ABCDEFull;

TEST(DataProcessingRegister, AddExtendedOptions64) {
  run_flag_cases({
      {"add x0, x1, w2, uxtb", 0x1000, kExt, 0x10EF, 0},
      {"add x0, x1, w2, uxth", 0x1000, kExt, 0xDDEF, 0},
      {"add x0, x1, w2, uxtw", 0x1000, kExt, 0x89ABDDEF, 0},
      {"add x0, x1, x2, uxtx", 0x1000, kExt, 0x0123456789ABDDEFull, 0},
      {"add x0, x1, w2, sxtb", 0x1000, kExt, 0xFEF, 0},                  // 0x1000 - 0x11
      {"add x0, x1, w2, sxth", 0x1000, kExt, 0xFFFFFFFFFFFFDDEFull, 0},  // 0x1000 - 0x3211
      {"add x0, x1, w2, sxtw", 0x1000, kExt, 0xFFFFFFFF89ABDDEFull, 0},  // 0x1000 - 0x76543211
      {"add x0, x1, x2, sxtx", 0x1000, kExt, 0x0123456789ABDDEFull, 0},
      {"add x0, x1, w2, uxtb #4", 0x1000, kExt, 0x1EF0, 0},                 // 0x1000 + 0xEF0
      {"add x0, x1, w2, sxtb #4", 0x1000, kExt, 0xEF0, 0},                  // 0x1000 - 0x110
      {"add x0, x1, w2, sxtw #4", 0x1000, kExt, 0xFFFFFFF89ABCEEF0ull, 0},  // 0x1000 + (sext << 4)
      {"add x0, x1, x2, uxtx #4", 0x1000, kExt, 0x123456789ABCEEF0ull, 0},
      {"add x0, x1, w2, uxth #1", 0x1000, kExt, 0x1ABDE, 0},  // 0x1000 + 0x19BDE
      {"sub x0, x1, w2, uxtb #2", 0x1000, kExt, 0xC44, 0},    // 0x1000 - 0x3BC
      {"sub x0, x1, w2, sxth #3", 0x1000, kExt, 0x1A088, 0},  // 0x1000 + 0x3211 * 8
  });
}

TEST(DataProcessingRegister, AddExtendedOptions32) {
  run_flag_cases({
      {"add w0, w1, w2, sxtb", 0x1000, kExt, 0xFEF, 0},
      {"add w0, w1, w2, uxtb", 0x1000, kExt, 0x10EF, 0},
      {"add w0, w1, w2, sxth", 0x1000, kExt, 0xFFFFDDEFu, 0},
      {"add w0, w1, w2, uxtw #2", 0x1000, kExt, 0x26AF47BCu, 0},  // 0x1000 + (0x89ABCDEF << 2 mod 2^32)
      {"add w0, w1, w2, sxtw", 0x1000, kExt, 0x89ABDDEFu, 0},
      {"sub w0, w1, w2, uxtb", 0x100, kExt, 0x11, 0},  // 0x100 - 0xEF
  });
  // UXTX in the 32-bit form (option 011): the low 32 bits of x2.
  Machine m = cpu_machine();
  m.set_x(0, kOnes);
  m.set_x(1, 0x1000);
  m.set_x(2, kExt);
  run_word(m, add_sub_extended(0, 0, 0, 0, 2, 3, 0, 1, 0));
  EXPECT_EQ(m.x(0), 0x89ABDDEFu);
  // SXTX #4 in the 32-bit form: (x2 << 4) mod 2^32 = 0x9ABCDEF0; + 0x1000 = 0x9ABCEEF0.
  m.set_x(0, kOnes);
  run_word(m, add_sub_extended(0, 0, 0, 0, 2, 7, 4, 1, 0));
  EXPECT_EQ(m.x(0), 0x9ABCEEF0u);
}

TEST(DataProcessingRegister, AddsSubsExtendedFlags) {
  run_flag_cases(
      {
          // 0 - 0xEF (uxtb): borrow, negative, 32-bit.
          {"subs w0, w1, w2, uxtb", 0, kExt, 0xFFFFFF11u, kN},
          // 0 - (-0x11) (sxtb) = 0x11, borrow since 0 < 0xffffffef unsigned.
          {"subs w0, w1, w2, sxtb", 0, kExt, 0x11, 0},
          // 0x7fff...f + 1 (sxtx) overflows.
          {"adds x0, x1, x2, sxtx", 0x7FFFFFFFFFFFFFFFull, 1, 0x8000000000000000ull, kN | kV},
          // 1 + 0xffffffff (uxtw) = 0x100000000: no carry out of 64 bits.
          {"adds x0, x1, w2, uxtw", 1, 0xFFFFFFFF, 0x100000000ull, 0},
          // 1 + (-1) (sxtw) = 0 with carry out.
          {"adds x0, x1, w2, sxtw", 1, 0xFFFFFFFF, 0, kZ | kC},
          {"subs x0, x1, w2, uxth", 0xCDEF, kExt, 0, kZ | kC},
      },
      kN | kV);
}

TEST(DataProcessingRegister, AddExtendedRegister31IsSp) {
  Machine m = cpu_machine();
  m.set_sp(0x1000);
  m.set_x(1, 0x10);
  // Rn = 31 reads SP in the extended form (add x0, sp, x1 assembles as uxtx).
  run_assembly(m, "add x0, sp, x1\nhlt #0");
  EXPECT_EQ(m.x(0), 0x1010u);
  // Rd = 31 writes SP for ADD/SUB.
  run_assembly(m, "add sp, sp, x1\nhlt #0");
  EXPECT_EQ(m.sp(), 0x1010u);
  run_assembly(m, "sub sp, sp, w1, uxtw #4\nhlt #0");  // 0x1010 - 0x100
  EXPECT_EQ(m.sp(), 0xF10u);
  // The 32-bit form writes WSP zero-extended: 0x10 + 0x10.
  m.set_sp(0xFFFFFFFF00000010ull);
  run_assembly(m, "add wsp, wsp, w1\nhlt #0");
  EXPECT_EQ(m.sp(), 0x20u);
  // ADDS/SUBS: Rn = 31 is SP, Rd = 31 is XZR (cmp sp, x1).
  m.set_sp(0x10);
  run_assembly(m, "cmp sp, x1\nhlt #0");
  EXPECT_EQ(m.sp(), 0x10u);
  EXPECT_EQ(m.nzcv(), kZ | kC);
  run_assembly(m, "cmn sp, w1, uxtb\nhlt #0");  // 0x10 + 0x10
  EXPECT_EQ(m.sp(), 0x10u);
  EXPECT_EQ(m.nzcv(), 0u);
  // Rm = 31 is XZR: raw add x2, x1, xzr, uxtx; with SP = 0x10 it would give 0x20.
  run_word(m, add_sub_extended(1, 0, 0, 0, 31, 3, 0, 1, 2));
  EXPECT_EQ(m.x(2), 0x10u);
  // Raw adds x3, sp, x1, uxtx #0 writes x3 (Rd != 31).
  run_word(m, add_sub_extended(1, 0, 1, 0, 1, 3, 0, 31, 3));
  EXPECT_EQ(m.x(3), 0x20u);
}

TEST(DataProcessingRegister, AddSubExtendedUnallocated) {
  for (unsigned op = 0; op < 2; ++op) {
    for (unsigned s = 0; s < 2; ++s) {
      for (unsigned sf = 0; sf < 2; ++sf) {
        for (unsigned imm3 = 5; imm3 < 8; ++imm3) expect_undefined(add_sub_extended(sf, op, s, 0, 2, 2, imm3, 1, 0));
        for (unsigned opt = 1; opt < 4; ++opt) expect_undefined(add_sub_extended(sf, op, s, opt, 2, 2, 0, 1, 0));
      }
    }
  }
}

// ---- Add/subtract (with carry) ---------------------------------------------------------
TEST(DataProcessingRegister, AdcSbcValues) {
  run_flag_cases(
      {
          {"adc x0, x1, x2", 5, 7, 12, 0},
          {"sbc x0, x1, x2", 10, 3, 6, 0},  // C = 0: 10 - 3 - 1
          {"sbc w0, w1, w2", 0, 0, 0xFFFFFFFFu, 0},
          {"ngc x0, x2", 0, 5, 0xFFFFFFFFFFFFFFFAull, 0},  // 0 - 5 - 1 = -6
      },
      0);
  run_flag_cases(
      {
          {"adc x0, x1, x2", 5, 7, 13, kC},
          {"adc w0, w1, w2", 0xFFFFFFFF, 0, 0, kC},  // wraps at 32 bits, flags unchanged
          {"sbc x0, x1, x2", 10, 3, 7, kC},          // C = 1: no borrow in
          {"ngc x0, x2", 0, 5, 0xFFFFFFFFFFFFFFFBull, kC},
      },
      kC);
}

TEST(DataProcessingRegister, AdcsSbcsFlags) {
  run_flag_cases(
      {
          // carry in: -1 + 0 + 1 = 0 with carry out.
          {"adcs x0, x1, x2", kOnes, 0, 0, kZ | kC},
          {"adcs w0, w1, w2", 0xFFFFFFFF, 0, 0, kZ | kC},
          // 0x7fffffff + 0 + 1 overflows.
          {"adcs w0, w1, w2", 0x7FFFFFFF, 0, 0x80000000u, kN | kV},
          {"adcs x0, x1, x2", 0x7FFFFFFFFFFFFFFFull, 0, 0x8000000000000000ull, kN | kV},
          // -1 + -1 + 1 = -1 with carry out.
          {"adcs x0, x1, x2", kOnes, kOnes, kOnes, kN | kC},
          // 5 - 5 with no borrow in: zero, C set.
          {"sbcs x0, x1, x2", 5, 5, 0, kZ | kC},
          {"sbcs w0, w1, w2", 0, 1, 0xFFFFFFFFu, kN},
      },
      kC);
  run_flag_cases(
      {
          // borrow in: 0 - 0 - 1 = -1, borrow out (C clear).
          {"sbcs x0, x1, x2", 0, 0, kOnes, kN},
          {"sbcs w0, w1, w2", 0, 0, 0xFFFFFFFFu, kN},
          // INT64_MIN - 0 - 1 overflows, no borrow out.
          {"sbcs x0, x1, x2", 0x8000000000000000ull, 0, 0x7FFFFFFFFFFFFFFFull, kC | kV},
          {"sbcs w0, w1, w2", 0x80000000, 0, 0x7FFFFFFFu, kC | kV},
          // 6 - 5 - 1 = 0, no borrow.
          {"sbcs x0, x1, x2", 6, 5, 0, kZ | kC},
          // no carry in: 0x7fffffff + 1 + 0 overflows.
          {"adcs w0, w1, w2", 0x7FFFFFFF, 1, 0x80000000u, kN | kV},
          {"adcs x0, x1, x2", 1, 2, 3, 0},
      },
      kN | kZ | kV);
}

TEST(DataProcessingRegister, AdcRegister31IsXzr) {
  Machine m = cpu_machine();
  m.set_sp(0x40000);
  m.set_x(1, 7);
  m.set_nzcv(kC);
  run_word(m, add_sub_carry(1, 0, 0, 31, 0, 1, 0));  // adc x0, x1, xzr = 8
  EXPECT_EQ(m.x(0), 8u);
  run_word(m, add_sub_carry(1, 0, 0, 1, 0, 31, 2));  // adc x2, xzr, x1 = 8
  EXPECT_EQ(m.x(2), 8u);
  run_word(m, add_sub_carry(1, 1, 1, 1, 0, 1, 31));  // sbcs xzr, x1, x1 = 0: flags only
  EXPECT_EQ(m.sp(), 0x40000u);
  EXPECT_EQ(m.nzcv(), kZ | kC);
}

TEST(DataProcessingRegister, CarryClassCarveOutsUnallocated) {
  // RMIF, SETF8 and SETF16 (FEAT_FlagM) are not implemented.
  expect_undefined_assembly("rmif x1, #3, #2");
  expect_undefined_assembly("setf8 w1");
  expect_undefined_assembly("setf16 w1");
  // Any non-zero bits 15:10 in the add/subtract-with-carry space.
  for (unsigned op = 0; op < 2; ++op) {
    for (unsigned s = 0; s < 2; ++s) {
      for (unsigned sf = 0; sf < 2; ++sf) {
        for (unsigned opcode2 : {1u, 2u, 0x10u, 0x20u, 0x21u, 0x3Fu}) {
          expect_undefined(add_sub_carry(sf, op, s, 2, opcode2, 1, 0));
        }
      }
    }
  }
}

// ---- Conditional compare ---------------------------------------------------------------
TEST(DataProcessingRegister, CcmpCcmnRegister) {
  Machine m = cpu_machine();
  m.set_x(1, 5);
  m.set_x(2, 3);
  // Condition holds (EQ with Z set): flags of 5 - 3 = 2 -> C only.
  m.set_nzcv(kZ);
  run_assembly(m, "ccmp x1, x2, #0b0101, eq\nhlt #0");
  EXPECT_EQ(m.nzcv(), kC);
  // Condition fails (EQ with Z clear): flags = #0b0101 = Z | V.
  m.set_nzcv(0);
  run_assembly(m, "ccmp x1, x2, #0b0101, eq\nhlt #0");
  EXPECT_EQ(m.nzcv(), kZ | kV);
  // CCMN holds (NE with Z clear): x1 = -5, x2 = 5 -> 0 with carry.
  m.set_x(1, static_cast<uint64_t>(-5));
  m.set_x(2, 5);
  m.set_nzcv(kN);
  run_assembly(m, "ccmn x1, x2, #0b1000, ne\nhlt #0");
  EXPECT_EQ(m.nzcv(), kZ | kC);
  // CCMN fails (NE with Z set): flags = #0b1000 = N.
  m.set_nzcv(kZ);
  run_assembly(m, "ccmn x1, x2, #0b1000, ne\nhlt #0");
  EXPECT_EQ(m.nzcv(), kN);
  // Overflow in the compare: INT64_MIN - 1 -> C and V.
  m.set_x(1, 0x8000000000000000ull);
  m.set_x(2, 1);
  m.set_nzcv(0);
  run_assembly(m, "ccmp x1, x2, #0, al\nhlt #0");
  EXPECT_EQ(m.nzcv(), kC | kV);
  // 32-bit compare ignores the upper halves: w1 = 0 - w2 = 1 borrows.
  m.set_x(1, 0xFFFFFFFF00000000ull);
  m.set_x(2, 0x0000000100000001ull);
  m.set_nzcv(kC);
  run_assembly(m, "ccmp w1, w2, #0b0010, cs\nhlt #0");
  EXPECT_EQ(m.nzcv(), kN);
  // 32-bit CCMN: 0x7fffffff + 1 overflows.
  m.set_x(1, 0x7FFFFFFF);
  m.set_nzcv(0);
  run_assembly(m, "ccmn w1, w2, #0, pl\nhlt #0");
  EXPECT_EQ(m.nzcv(), kN | kV);
}

TEST(DataProcessingRegister, CcmpCcmnImmediate) {
  Machine m = cpu_machine();
  m.set_x(1, 31);
  m.set_nzcv(kN | kV);                                   // GE holds (N == V)
  run_assembly(m, "ccmp x1, #31, #0b0001, ge\nhlt #0");  // 31 - 31 = 0
  EXPECT_EQ(m.nzcv(), kZ | kC);
  m.set_nzcv(kN);  // GE fails
  run_assembly(m, "ccmp x1, #31, #0b0001, ge\nhlt #0");
  EXPECT_EQ(m.nzcv(), kV);
  // 32-bit: 0 - 31 -> negative with borrow; upper half of x2 ignored.
  m.set_x(2, 0xFFFFFFFF00000000ull);
  m.set_nzcv(0);
  run_assembly(m, "ccmp w2, #31, #0b1111, vc\nhlt #0");
  EXPECT_EQ(m.nzcv(), kN);
  // CCMN immediate: -1 + 1 = 0 with carry (64-bit).
  m.set_x(3, kOnes);
  m.set_nzcv(kC);
  run_assembly(m, "ccmn x3, #1, #0, hs\nhlt #0");
  EXPECT_EQ(m.nzcv(), kZ | kC);
  // CCMN immediate fails (LO with C set): #0b1111.
  run_assembly(m, "ccmn x3, #1, #0b1111, lo\nhlt #0");
  EXPECT_EQ(m.nzcv(), kN | kZ | kC | kV);
  // 32-bit CCMN immediate: 0xffffffff + 1 = 0 with carry even though x3 is 64-bit all ones.
  m.set_nzcv(0);
  run_assembly(m, "ccmn w3, #1, #0, eq\nhlt #0");  // EQ fails with Z clear -> flags 0
  EXPECT_EQ(m.nzcv(), 0u);
  m.set_nzcv(kZ);
  run_assembly(m, "ccmn w3, #1, #0, eq\nhlt #0");
  EXPECT_EQ(m.nzcv(), kZ | kC);
}

TEST(DataProcessingRegister, ConditionalCompareAlwaysConditionsAndXzr) {
  Machine m = cpu_machine();
  m.set_sp(0x40000);
  m.set_x(1, 3);
  // cond = 1111 (NV) behaves as always: 3 - 3 -> Z C despite nzcv field 0b1000.
  m.set_nzcv(0);
  run_word(m, cond_compare(1, 1, 1, 1, 15, 0, 0, 1, 0, 8));
  EXPECT_EQ(m.nzcv(), kZ | kC);
  m.set_nzcv(0);
  run_word(m, cond_compare(1, 1, 1, 3, 14, 1, 0, 1, 0, 8));  // ccmp x1, #3, #8, al
  EXPECT_EQ(m.nzcv(), kZ | kC);
  // Rn = 31 is XZR: ccmp xzr, x1 -> 0 - 3: negative with borrow.
  run_word(m, cond_compare(1, 1, 1, 1, 14, 0, 0, 31, 0, 0));
  EXPECT_EQ(m.nzcv(), kN);
  // Rm = 31 is XZR: ccmp x1, xzr -> 3 - 0: C only.
  run_word(m, cond_compare(1, 1, 1, 31, 14, 0, 0, 1, 0, 0));
  EXPECT_EQ(m.nzcv(), kC);
  EXPECT_EQ(m.sp(), 0x40000u);
}

TEST(DataProcessingRegister, ConditionalCompareUnallocated) {
  for (unsigned sf = 0; sf < 2; ++sf) {
    for (unsigned op = 0; op < 2; ++op) {
      for (unsigned imm = 0; imm < 2; ++imm) {
        expect_undefined(cond_compare(sf, op, 0, 2, 0, imm, 0, 1, 0, 0));  // S = 0
        expect_undefined(cond_compare(sf, op, 1, 2, 0, imm, 1, 1, 0, 0));  // o2 = 1
        expect_undefined(cond_compare(sf, op, 1, 2, 0, imm, 0, 1, 1, 0));  // o3 = 1
        expect_undefined(cond_compare(sf, op, 0, 2, 14, imm, 1, 1, 1, 15));
      }
    }
  }
}

// ---- Conditional select ----------------------------------------------------------------
// Whether each condition holds for the given flags, written out from the Arm ARM's
// condition table.
bool reference_condition(unsigned cond, uint32_t nzcv) {
  const bool n = nzcv & kN, z = nzcv & kZ, c = nzcv & kC, v = nzcv & kV;
  switch (cond) {
    case 0: return z;              // EQ
    case 1: return !z;             // NE
    case 2: return c;              // CS/HS
    case 3: return !c;             // CC/LO
    case 4: return n;              // MI
    case 5: return !n;             // PL
    case 6: return v;              // VS
    case 7: return !v;             // VC
    case 8: return c && !z;        // HI
    case 9: return !c || z;        // LS
    case 10: return n == v;        // GE
    case 11: return n != v;        // LT
    case 12: return !z && n == v;  // GT
    case 13: return z || n != v;   // LE
    default: return true;          // AL, NV
  }
}

TEST(DataProcessingRegister, CselEveryConditionAndFlagCombination) {
  Machine m = cpu_machine();
  m.set_x(1, 0x1111);
  m.set_x(2, 0x2222);
  for (unsigned cond = 0; cond < 16; ++cond) {
    for (uint32_t flags = 0; flags < 16; ++flags) {
      m.set_nzcv(flags << 28);
      run_word(m, cond_select(1, 0, 0, 2, cond, 0, 1, 0));  // csel x0, x1, x2, cond
      ASSERT_EQ(m.x(0), reference_condition(cond, flags << 28) ? 0x1111u : 0x2222u) << cond << " " << flags;
      ASSERT_EQ(m.nzcv(), flags << 28);  // flags are not changed
    }
  }
}

TEST(DataProcessingRegister, CsetEveryCondition) {
  // cset x0, cond = csinc x0, xzr, xzr, invert(cond): 1 when cond holds. One flag setting
  // where each condition holds and one where it fails, chosen by hand from the condition table.
  struct Case {
    const char* cond;
    uint32_t holds, fails;
  };
  const Case cases[] = {
      {"eq", kZ, 0},
      {"ne", 0, kZ},
      {"cs", kC, 0},
      {"hs", kC | kZ, kZ},
      {"cc", 0, kC},
      {"lo", kN, kC | kN},
      {"mi", kN, 0},
      {"pl", kZ, kN},
      {"vs", kV, kN | kZ | kC},
      {"vc", kN | kZ | kC, kV},
      {"hi", kC, kC | kZ},
      {"ls", kZ | kC, kC},
      {"ge", kN | kV, kN},
      {"lt", kV, kN | kV},
      {"gt", 0, kZ},
      {"le", kN, kN | kV},
      {"gt", kN | kV, kV},
      {"le", kZ | kN | kV, 0},
      {"ls", 0, kC | kN},
      {"hi", kC | kN | kV, kZ},
  };
  for (const Case& c : cases) {
    const std::string source = std::string("cset x0, ") + c.cond + "\ncsetm w1, " + c.cond + "\nhlt #0";
    Machine m = cpu_machine();
    m.set_x(0, 0x55);
    m.set_x(1, kOnes);
    m.set_nzcv(c.holds);
    run_assembly(m, source);
    EXPECT_EQ(m.x(0), 1u) << c.cond << " holds";
    EXPECT_EQ(m.x(1), 0xFFFFFFFFu) << c.cond << " holds";  // csetm w1 = csinv w1, wzr, wzr
    m.set_nzcv(c.fails);
    run_assembly(m, source);
    EXPECT_EQ(m.x(0), 0u) << c.cond << " fails";
    EXPECT_EQ(m.x(1), 0u) << c.cond << " fails";
  }
}

TEST(DataProcessingRegister, ConditionalSelectFamily) {
  Machine m = cpu_machine();
  m.set_x(1, kOnes);
  m.set_x(2, 0);
  m.set_x(3, 0x8000000000000000ull);
  m.set_x(4, 5);
  for (unsigned r = 10; r <= 20; ++r) m.set_x(r, 0x5A5A5A5A5A5A5A5Aull);
  m.set_nzcv(kZ);  // EQ holds, NE fails
  run_assembly(m,
               "csel x10, x1, x2, eq\n"   // x1
               "csel w11, w1, w2, eq\n"   // 0xffffffff, upper cleared
               "csel w12, w1, w2, ne\n"   // 0
               "csinc x13, x2, x1, ne\n"  // -1 + 1 = 0
               "csinc w14, w2, w1, ne\n"  // 0xffffffff + 1 = 0 at 32 bits
               "csinv x15, x1, x2, ne\n"  // ~0
               "csinv w16, w1, w2, ne\n"  // ~0 at 32 bits
               "csneg x17, x1, x4, ne\n"  // -5
               "csneg w18, w1, w4, ne\n"  // -5 at 32 bits
               "csneg x19, x1, x3, ne\n"  // -INT64_MIN = INT64_MIN
               "csneg x20, x2, x1, eq\n"  // condition holds: x2 = 0
               "hlt #0");
  EXPECT_EQ(m.x(10), kOnes);
  EXPECT_EQ(m.x(11), 0xFFFFFFFFu);
  EXPECT_EQ(m.x(12), 0u);
  EXPECT_EQ(m.x(13), 0u);
  EXPECT_EQ(m.x(14), 0u);
  EXPECT_EQ(m.x(15), kOnes);
  EXPECT_EQ(m.x(16), 0xFFFFFFFFu);
  EXPECT_EQ(m.x(17), 0xFFFFFFFFFFFFFFFBull);
  EXPECT_EQ(m.x(18), 0xFFFFFFFBu);
  EXPECT_EQ(m.x(19), 0x8000000000000000ull);
  EXPECT_EQ(m.x(20), 0u);
  EXPECT_EQ(m.nzcv(), kZ);
}

TEST(DataProcessingRegister, ConditionalSelectAliases) {
  Machine m = cpu_machine();
  m.set_x(1, 41);
  m.set_x(2, kOnes);
  m.set_nzcv(kC);  // CS holds
  run_assembly(m,
               "cinc x3, x1, cs\n"  // 42
               "cinc x4, x1, cc\n"  // 41
               "cinv x5, x1, cs\n"  // ~41
               "cneg x6, x1, cs\n"  // -41
               "cneg w7, w2, cs\n"  // -(0xffffffff) = 1
               "cinc w8, w2, cs\n"  // 0xffffffff + 1 = 0
               "hlt #0");
  EXPECT_EQ(m.x(3), 42u);
  EXPECT_EQ(m.x(4), 41u);
  EXPECT_EQ(m.x(5), ~41ull);
  EXPECT_EQ(m.x(6), static_cast<uint64_t>(-41));
  EXPECT_EQ(m.x(7), 1u);
  EXPECT_EQ(m.x(8), 0u);
}

TEST(DataProcessingRegister, ConditionalSelectRegister31IsXzr) {
  Machine m = cpu_machine();
  m.set_sp(0x40000);
  m.set_x(1, 7);
  m.set_nzcv(0);
  run_word(m, cond_select(1, 0, 0, 1, 14, 0, 31, 0));  // csel x0, xzr, x1, al = 0
  EXPECT_EQ(m.x(0), 0u);
  run_word(m, cond_select(1, 1, 0, 31, 0, 0, 1, 2));  // csinv x2, x1, xzr, eq (fails) = ~0
  EXPECT_EQ(m.x(2), kOnes);
  run_word(m, cond_select(1, 0, 0, 1, 14, 0, 1, 31));  // csel xzr, x1, x1, al: discarded
  EXPECT_EQ(m.sp(), 0x40000u);
}

TEST(DataProcessingRegister, ConditionalSelectUnallocated) {
  for (unsigned sf = 0; sf < 2; ++sf) {
    for (unsigned op = 0; op < 2; ++op) {
      for (unsigned op2 = 0; op2 < 4; ++op2) {
        expect_undefined(cond_select(sf, op, 1, 2, 0, op2, 1, 0));                // S = 1
        if (op2 >= 2) expect_undefined(cond_select(sf, op, 0, 2, 0, op2, 1, 0));  // op2 = 1x
      }
    }
  }
}

}  // namespace
}  // namespace warp64::test
