// "Data processing -- immediate": PC-relative addressing, add/subtract, logical, move wide,
// bitfield and extract. Expected values are worked out by hand from the Arm ARM's
// definitions (the arithmetic is in the comments); raw words are built from the encoding
// diagrams by the small encoders below, which are themselves checked against the assembler.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "support/assemble.hpp"
#include "warp64/core/semantics/common.hpp"

namespace warp64::test {
namespace {

constexpr uint32_t kHlt = 0xD4400000u;  // hlt #0
constexpr uint32_t kNop = 0xD503201Fu;
constexpr uint64_t kOnes = ~0ull;
constexpr uint32_t kN = core::kFlagN, kZ = core::kFlagZ, kC = core::kFlagC, kV = core::kFlagV;

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

// ---- encoders (field layouts from the Arm ARM encoding diagrams) ----------------------
// op immlo 10000 immhi Rd
uint32_t pc_rel(unsigned op, int64_t imm21, unsigned rd) {
  const uint32_t imm = static_cast<uint32_t>(imm21) & 0x1FFFFFu;
  return (op << 31) | ((imm & 3u) << 29) | (0x10u << 24) | ((imm >> 2) << 5) | rd;
}
// sf opc 100100 N immr imms Rn Rd
uint32_t logical_imm(unsigned sf, unsigned opc, unsigned n, unsigned immr, unsigned imms, unsigned rn, unsigned rd) {
  return (sf << 31) | (opc << 29) | (0x24u << 23) | (n << 22) | (immr << 16) | (imms << 10) | (rn << 5) | rd;
}
// sf opc 100101 hw imm16 Rd
uint32_t move_wide(unsigned sf, unsigned opc, unsigned hw, unsigned imm16, unsigned rd) {
  return (sf << 31) | (opc << 29) | (0x25u << 23) | (hw << 21) | (imm16 << 5) | rd;
}
// sf opc 100110 N immr imms Rn Rd
uint32_t bitfield(unsigned sf, unsigned opc, unsigned n, unsigned immr, unsigned imms, unsigned rn, unsigned rd) {
  return (sf << 31) | (opc << 29) | (0x26u << 23) | (n << 22) | (immr << 16) | (imms << 10) | (rn << 5) | rd;
}
// sf op21 100111 N o0 Rm imms Rn Rd
uint32_t extract(unsigned sf, unsigned op21, unsigned n, unsigned o0, unsigned rm, unsigned imms, unsigned rn,
                 unsigned rd) {
  return (sf << 31) | (op21 << 29) | (0x27u << 23) | (n << 22) | (o0 << 21) | (rm << 16) | (imms << 10) | (rn << 5) |
         rd;
}
// sf op S 100010 sh imm12 Rn Rd
uint32_t add_sub_imm(unsigned sf, unsigned op, unsigned s, unsigned sh, unsigned imm12, unsigned rn, unsigned rd) {
  return (sf << 31) | (op << 30) | (s << 29) | (0x22u << 23) | (sh << 22) | (imm12 << 10) | (rn << 5) | rd;
}

// Runs `word` then HLT from address `at` on an already prepared machine.
ExecResult run_word(Machine& m, uint32_t word, uint64_t at = 0) {
  m.load_program(std::vector<uint32_t>{word, kHlt}, at);
  m.set_pc(at);
  return m.execute(10);
}

// An unallocated word placed after a NOP stops at its own address with one retired instruction
// and leaves the registers untouched.
void expect_undefined(uint32_t word) {
  Machine m = cpu_machine();
  for (unsigned i = 0; i < 31; ++i) m.set_x(i, 0x1111111111111111ull * (i % 15 + 1));
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

TEST(DataProcessingImmediate, EncodersMatchAssembler) {
  EXPECT_EQ(assemble("adrp x3, .")[0], pc_rel(1, 0, 3));
  EXPECT_EQ(assemble("and x0, x1, #0xff")[0], logical_imm(1, 0, 1, 0, 7, 1, 0));
  EXPECT_EQ(assemble("orr w2, w3, #0x80000000")[0], logical_imm(0, 1, 0, 1, 0, 3, 2));
  EXPECT_EQ(assemble("movk x4, #0x1234, lsl #32")[0], move_wide(1, 3, 2, 0x1234, 4));
  EXPECT_EQ(assemble("ubfm x5, x6, #3, #9")[0], bitfield(1, 2, 1, 3, 9, 6, 5));
  EXPECT_EQ(assemble("extr w7, w8, w9, #5")[0], extract(0, 0, 0, 0, 9, 5, 8, 7));
  EXPECT_EQ(assemble("subs x1, sp, #4, lsl #12")[0], add_sub_imm(1, 1, 1, 1, 4, 31, 1));
}

// ---- PC-rel. addressing ----------------------------------------------------------------
TEST(DataProcessingImmediate, AdrToLabels) {
  Machine m = cpu_machine();
  // 0: nop, 4: nop, 8: label 1 (nop), 12: adr x0 -> 8 (offset -4), 16: adr x1 -> 24, 20: hlt, 24: label 2.
  run_assembly(m, "nop\nnop\n1: nop\nadr x0, 1b\nadr x1, 2f\nhlt #0\n2: nop");
  EXPECT_EQ(m.x(0), 8u);
  EXPECT_EQ(m.x(1), 24u);
}

TEST(DataProcessingImmediate, AdrExtremeOffsets) {
  Machine m = cpu_machine();
  // Most negative offset -2^20 from 0x2000: 0x2000 - 0x100000 wraps to 0xFFFFFFFFFFF02000.
  run_word(m, pc_rel(0, -(1 << 20), 0), 0x2000);
  EXPECT_EQ(m.x(0), 0xFFFFFFFFFFF02000ull);
  // Most positive offset 2^20 - 1 from 0x2004: 0x2004 + 0xFFFFF = 0x102003.
  run_word(m, pc_rel(0, (1 << 20) - 1, 1), 0x2004);
  EXPECT_EQ(m.x(1), 0x102003u);
  // immlo carries the low two bits: offset -3 from 0x2008 = 0x2005.
  run_word(m, pc_rel(0, -3, 2), 0x2008);
  EXPECT_EQ(m.x(2), 0x2005u);
}

TEST(DataProcessingImmediate, AdrpPages) {
  Machine m = cpu_machine();
  // pc 0x2344 is in page 0x2000; offset -1 page gives 0x1000.
  run_word(m, pc_rel(1, -1, 0), 0x2344);
  EXPECT_EQ(m.x(0), 0x1000u);
  // offset 0 gives the page itself.
  run_word(m, pc_rel(1, 0, 1), 0x2FFC);
  EXPECT_EQ(m.x(1), 0x2000u);
  // Most positive offset 2^20 - 1 pages: 0x1000 + 0xFFFFF000 = 0x100000000 (no 32-bit truncation).
  run_word(m, pc_rel(1, (1 << 20) - 1, 2), 0x1234);
  EXPECT_EQ(m.x(2), 0x100000000ull);
  // Most negative offset -2^20 pages = -4 GiB: 0x3000 - 0x100000000 = 0xFFFFFFFF00003000.
  run_word(m, pc_rel(1, -(1 << 20), 3), 0x3010);
  EXPECT_EQ(m.x(3), 0xFFFFFFFF00003000ull);
  // immlo and immhi combine: imm21 = 0b101 = 5 pages from page 0 = 0x5000.
  run_word(m, pc_rel(1, 5, 4), 0x0);
  EXPECT_EQ(m.x(4), 0x5000u);
}

TEST(DataProcessingImmediate, AdrRegister31IsXzr) {
  Machine m = cpu_machine();
  const uint64_t sp = m.sp();
  run_word(m, pc_rel(0, 0x40, 31), 0x100);
  run_word(m, pc_rel(1, 0x1, 31), 0x100);
  EXPECT_EQ(m.sp(), sp);
}

// ---- Add/subtract (immediate) ----------------------------------------------------------
TEST(DataProcessingImmediate, AddSubImmediateValues) {
  Machine m = cpu_machine();
  m.set_x(1, 1000);
  run_assembly(m, "add x0, x1, #4095\nadd x2, x1, #1, lsl #12\nsub x3, x1, #4095, lsl #12\nsub x4, x1, #0\nhlt #0");
  EXPECT_EQ(m.x(0), 5095u);                  // 1000 + 4095
  EXPECT_EQ(m.x(2), 5096u);                  // 1000 + 4096
  EXPECT_EQ(m.x(3), 1000ull - 0xFFF000ull);  // 1000 - 16773120, wraps
  EXPECT_EQ(m.x(3), 0xFFFFFFFFFF0013E8ull);
  EXPECT_EQ(m.x(4), 1000u);
}

TEST(DataProcessingImmediate, AddSubImmediateWZeroExtends) {
  Machine m = cpu_machine();
  m.set_x(0, kOnes);
  m.set_x(1, 0xAAAAAAAA00000000ull);  // w1 = 0
  m.set_x(2, kOnes);
  run_assembly(m, "sub w0, w1, #1\nadd w2, w1, #0xabc\nhlt #0");
  EXPECT_EQ(m.x(0), 0xFFFFFFFFu);  // 0 - 1 at 32 bits; upper half cleared
  EXPECT_EQ(m.x(2), 0xABCu);       // upper bits of x1 are not read
}

TEST(DataProcessingImmediate, AddsSubsImmediateFlags32) {
  Machine m = cpu_machine();
  m.set_x(0, kOnes);
  m.set_x(1, 0x7FFFFFFF);
  run_assembly(m, "adds w0, w1, #1\nhlt #0");
  EXPECT_EQ(m.x(0), 0x80000000u);  // signed overflow: positive + positive = negative
  EXPECT_EQ(m.nzcv(), kN | kV);

  m.set_x(1, 0xFFFFFFFF);
  run_assembly(m, "adds w0, w1, #1\nhlt #0");
  EXPECT_EQ(m.x(0), 0u);  // unsigned carry out, -1 + 1 = 0 signed
  EXPECT_EQ(m.nzcv(), kZ | kC);

  m.set_x(1, 0);
  run_assembly(m, "subs w0, w1, #1\nhlt #0");
  EXPECT_EQ(m.x(0), 0xFFFFFFFFu);  // borrow: C clear
  EXPECT_EQ(m.nzcv(), kN);

  m.set_x(1, 0x80000000);
  run_assembly(m, "subs w0, w1, #1\nhlt #0");
  EXPECT_EQ(m.x(0), 0x7FFFFFFFu);  // INT32_MIN - 1 overflows; no borrow
  EXPECT_EQ(m.nzcv(), kC | kV);

  m.set_x(1, 0xFFFFFFFF00000005ull);  // w1 = 5
  run_assembly(m, "subs w0, w1, #5\nhlt #0");
  EXPECT_EQ(m.x(0), 0u);
  EXPECT_EQ(m.nzcv(), kZ | kC);
}

TEST(DataProcessingImmediate, AddsSubsImmediateFlags64) {
  Machine m = cpu_machine();
  m.set_x(1, 0x7FFFFFFFFFFFFFFFull);
  run_assembly(m, "adds x0, x1, #1\nhlt #0");
  EXPECT_EQ(m.x(0), 0x8000000000000000ull);
  EXPECT_EQ(m.nzcv(), kN | kV);

  m.set_x(1, kOnes);
  run_assembly(m, "adds x0, x1, #1\nhlt #0");
  EXPECT_EQ(m.x(0), 0u);
  EXPECT_EQ(m.nzcv(), kZ | kC);

  m.set_x(1, 0);
  run_assembly(m, "subs x0, x1, #1\nhlt #0");
  EXPECT_EQ(m.x(0), kOnes);
  EXPECT_EQ(m.nzcv(), kN);

  m.set_x(1, 0x8000000000000000ull);
  run_assembly(m, "subs x0, x1, #1\nhlt #0");
  EXPECT_EQ(m.x(0), 0x7FFFFFFFFFFFFFFFull);
  EXPECT_EQ(m.nzcv(), kC | kV);

  // 0x1000 - (1 << 12) = 0 with no borrow.
  m.set_x(1, 0x1000);
  run_assembly(m, "subs x0, x1, #1, lsl #12\nhlt #0");
  EXPECT_EQ(m.x(0), 0u);
  EXPECT_EQ(m.nzcv(), kZ | kC);
}

TEST(DataProcessingImmediate, AddImmediateRegister31IsSp) {
  Machine m = cpu_machine();
  m.set_sp(0x10000);
  m.set_x(1, 0x5000);
  // Rn = 31 reads SP, Rd = 31 writes SP.
  run_assembly(m, "add x0, sp, #0x10\nadd sp, x1, #8\nmov x2, sp\nhlt #0");
  EXPECT_EQ(m.x(0), 0x10010u);
  EXPECT_EQ(m.sp(), 0x5008u);
  EXPECT_EQ(m.x(2), 0x5008u);  // mov x2, sp = add x2, sp, #0

  // The 32-bit form writes WSP zero-extended: 0x10 + 1 = 0x11.
  m.set_x(1, 0x1234567800000010ull);
  run_assembly(m, "add wsp, w1, #1\nhlt #0");
  EXPECT_EQ(m.sp(), 0x11u);

  m.set_sp(0x20000);
  run_assembly(m, "sub sp, sp, #0x20\nhlt #0");
  EXPECT_EQ(m.sp(), 0x1FFE0u);
}

TEST(DataProcessingImmediate, AddsImmediateRegister31IsXzr) {
  Machine m = cpu_machine();
  m.set_sp(0x10000);
  m.set_x(1, 5);
  // cmp x1, #5 = subs xzr, x1, #5: flags only, SP untouched.
  run_assembly(m, "cmp x1, #5\nhlt #0");
  EXPECT_EQ(m.sp(), 0x10000u);
  EXPECT_EQ(m.nzcv(), kZ | kC);
  // cmn x1, #1 = adds xzr, x1, #1 with x1 = -1.
  m.set_x(1, kOnes);
  run_assembly(m, "cmn x1, #1\nhlt #0");
  EXPECT_EQ(m.sp(), 0x10000u);
  EXPECT_EQ(m.nzcv(), kZ | kC);
  // ADDS still reads SP as Rn: cmp sp, #0x10000 -> equal.
  run_assembly(m, "cmp sp, #0x10, lsl #12\nhlt #0");
  EXPECT_EQ(m.nzcv(), kZ | kC);
  // Raw word: ADDS x31 with Rn = SP; Rd discarded.
  run_word(m, add_sub_imm(1, 0, 1, 0, 1, 31, 31));
  EXPECT_EQ(m.sp(), 0x10000u);
  EXPECT_EQ(m.nzcv(), 0u);  // 0x10000 + 1: no flags
}

TEST(DataProcessingImmediate, AddSubImmediateUnallocated) {
  // Bits 28:23 = 100011 is add/subtract immediate with tags (ADDG/SUBG, the memory-tagging
  // group); with sf = 0 or S = 1 it is unallocated.
  expect_undefined(0x11800000u);
  expect_undefined(0xB1800000u);
}

// ---- Logical (immediate) ---------------------------------------------------------------
struct BitmaskReference {
  bool valid[2][64][64] = {};  // [N][immr][imms]
  uint64_t value[2][64][64] = {};
  unsigned element_size[2][64][64] = {};
};

// Builds every valid bitmask immediate from its definition: an element of e bits (e = 2, 4,
// ..., 64) holding s + 1 consecutive ones (s < e - 1), rotated right by r, replicated across
// 64 bits. The encoding has N = 1 for e = 64; otherwise imms carries a prefix of ones and a
// zero that gives e (0xxxxx: 32, 10xxxx: 16, 110xxx: 8, 1110xx: 4, 11110x: 2) with s in the
// low bits; immr holds r in its low log2(e) bits and its other bits are ignored.
const BitmaskReference& bitmask_reference() {
  static const BitmaskReference* reference = [] {
    auto* ref = new BitmaskReference;
    for (unsigned e = 2; e <= 64; e *= 2) {
      for (unsigned s = 0; s + 1 < e; ++s) {
        for (unsigned r = 0; r < e; ++r) {
          uint64_t value = 0;
          for (unsigned i = 0; i < 64; ++i) {
            // Bit j of the element rotated right by r is bit (j + r) mod e of the unrotated one,
            // which is set when that position is <= s.
            if ((i % e + r) % e <= s) value |= 1ull << i;
          }
          const unsigned n = e == 64 ? 1 : 0;
          const unsigned prefix = e == 64 ? 0 : (0x3Fu & ~(2 * e - 1));
          const unsigned imms = prefix | s;
          for (unsigned high = 0; high < 64 / e; ++high) {
            const unsigned immr = high * e + r;
            ref->valid[n][immr][imms] = true;
            ref->value[n][immr][imms] = value;
            ref->element_size[n][immr][imms] = e;
          }
        }
      }
    }
    return ref;
  }();
  return *reference;
}

TEST(DataProcessingImmediate, BitmaskReferenceShape) {
  // 64 * sum over e of (e - 1) = 64 * (1 + 3 + 7 + 15 + 31 + 63) = 7680 valid encodings for the
  // 64-bit forms, which name 5334 distinct values (the known count of A64 bitmask immediates).
  const BitmaskReference& ref = bitmask_reference();
  unsigned valid = 0;
  std::set<uint64_t> values;
  for (unsigned n = 0; n < 2; ++n)
    for (unsigned immr = 0; immr < 64; ++immr)
      for (unsigned imms = 0; imms < 64; ++imms)
        if (ref.valid[n][immr][imms]) {
          ++valid;
          values.insert(ref.value[n][immr][imms]);
        }
  EXPECT_EQ(valid, 7680u);
  EXPECT_EQ(values.size(), 5334u);
  // Spot checks by hand: N=1 immr=0 imms=7 is eight ones; N=0 imms=0b111100 is 0b01 per
  // 2-bit element; N=0 immr=1 imms=0 (e=32, one bit rotated right by 1) is bit 31 per word.
  EXPECT_EQ(ref.value[1][0][7], 0xFFu);
  EXPECT_EQ(ref.value[0][0][0x3C], 0x5555555555555555ull);
  EXPECT_EQ(ref.value[0][1][0], 0x8000000080000000ull);
}

TEST(DataProcessingImmediate, DecodeBitMasksMatchesReferenceEverywhere) {
  const BitmaskReference& ref = bitmask_reference();
  for (unsigned n = 0; n < 2; ++n) {
    for (unsigned immr = 0; immr < 64; ++immr) {
      for (unsigned imms = 0; imms < 64; ++imms) {
        uint64_t wmask = 0, tmask = 0;
        const bool ok64 = core::sem::decode_bit_masks(n, imms, immr, 64, wmask, tmask, true);
        ASSERT_EQ(ok64, ref.valid[n][immr][imms]) << n << " " << immr << " " << imms;
        if (ok64) ASSERT_EQ(wmask, ref.value[n][immr][imms]) << n << " " << immr << " " << imms;
        // 32-bit forms: elements up to 32 bits, the same pattern truncated to 32 bits.
        const bool ok32 = core::sem::decode_bit_masks(n, imms, immr, 32, wmask, tmask, true);
        const bool valid32 = ref.valid[n][immr][imms] && ref.element_size[n][immr][imms] <= 32;
        ASSERT_EQ(ok32, valid32) << n << " " << immr << " " << imms;
        if (ok32) ASSERT_EQ(wmask, ref.value[n][immr][imms] & 0xFFFFFFFFu) << immr << " " << imms;
      }
    }
  }
}

TEST(DataProcessingImmediate, OrrImmediateEveryValidEncoding) {
  // orr x0, xzr, #imm (the MOV bitmask alias) for every valid 64-bit and 32-bit encoding.
  const BitmaskReference& ref = bitmask_reference();
  Machine m = cpu_machine();
  unsigned executed = 0;
  for (unsigned n = 0; n < 2; ++n) {
    for (unsigned immr = 0; immr < 64; ++immr) {
      for (unsigned imms = 0; imms < 64; ++imms) {
        if (!ref.valid[n][immr][imms]) continue;
        const uint64_t value = ref.value[n][immr][imms];
        m.set_x(0, 0x5A5A5A5A5A5A5A5Aull);
        ExecResult r = run_word(m, logical_imm(1, 1, n, immr, imms, 31, 0));
        ASSERT_EQ(r.stop_reason, StopReason::kHalt);
        ASSERT_EQ(m.x(0), value) << n << " " << immr << " " << imms;
        ++executed;
        if (n == 0) {
          m.set_x(0, kOnes);
          r = run_word(m, logical_imm(0, 1, 0, immr, imms, 31, 0));
          ASSERT_EQ(r.stop_reason, StopReason::kHalt);
          ASSERT_EQ(m.x(0), value & 0xFFFFFFFFu) << immr << " " << imms;  // zero-extended
          ++executed;
        }
      }
    }
  }
  EXPECT_EQ(executed, 7680u + 64u * (1 + 3 + 7 + 15 + 31));
}

TEST(DataProcessingImmediate, AndEorAndsImmediateSample) {
  // Every 7th valid encoding through AND, EOR and ANDS against x1.
  const BitmaskReference& ref = bitmask_reference();
  const uint64_t x1 = 0x0123456789ABCDEFull;
  Machine m = cpu_machine();
  m.set_x(1, x1);
  unsigned index = 0;
  for (unsigned n = 0; n < 2; ++n) {
    for (unsigned immr = 0; immr < 64; ++immr) {
      for (unsigned imms = 0; imms < 64; ++imms) {
        if (!ref.valid[n][immr][imms] || index++ % 7 != 0) continue;
        const uint64_t imm = ref.value[n][immr][imms];
        run_word(m, logical_imm(1, 0, n, immr, imms, 1, 0));
        ASSERT_EQ(m.x(0), x1 & imm);
        run_word(m, logical_imm(1, 2, n, immr, imms, 1, 0));
        ASSERT_EQ(m.x(0), x1 ^ imm);
        m.set_nzcv(kC | kV);
        run_word(m, logical_imm(1, 3, n, immr, imms, 1, 0));
        ASSERT_EQ(m.x(0), x1 & imm);
        const uint64_t anded = x1 & imm;
        ASSERT_EQ(m.nzcv(), (anded >> 63 ? kN : 0u) | (anded == 0 ? kZ : 0u));
        if (n == 0) {
          m.set_x(0, kOnes);
          run_word(m, logical_imm(0, 2, 0, immr, imms, 1, 0));
          ASSERT_EQ(m.x(0), (x1 ^ imm) & 0xFFFFFFFFu);
        }
      }
    }
  }
}

TEST(DataProcessingImmediate, LogicalImmediateHandPicked) {
  Machine m = cpu_machine();
  m.set_x(1, 0x0123456789ABCDEFull);
  m.set_x(5, kOnes);
  run_assembly(m,
               "and x0, x1, #0xff\n"                // 0xEF
               "orr x2, x1, #0xf0f0f0f0f0f0f0f0\n"  // nibbles: 0xF? per byte high nibble
               "eor x3, x1, #0xffffffff00000000\n"  // flips the upper word
               "and w4, w1, #0x0000ffff\n"          // 0xCDEF
               "eor w5, w1, #0x80000001\n"          // 0x89ABCDEF ^ 0x80000001
               "hlt #0");
  EXPECT_EQ(m.x(0), 0xEFu);
  EXPECT_EQ(m.x(2), 0xF1F3F5F7F9FBFDFFull);
  EXPECT_EQ(m.x(3), 0xFEDCBA9889ABCDEFull);
  EXPECT_EQ(m.x(4), 0xCDEFu);
  EXPECT_EQ(m.x(5), 0x09ABCDEEu);  // upper half cleared
}

TEST(DataProcessingImmediate, AndsImmediateFlags) {
  Machine m = cpu_machine();
  m.set_x(1, 0x8000000000000002ull);
  m.set_nzcv(kC | kV);  // ANDS clears C and V
  run_assembly(m, "ands x0, x1, #0x8000000000000000\nhlt #0");
  EXPECT_EQ(m.x(0), 0x8000000000000000ull);
  EXPECT_EQ(m.nzcv(), kN);
  m.set_nzcv(kN | kC | kV);
  run_assembly(m, "ands x0, x1, #1\nhlt #0");  // bit 0 of x1 is clear
  EXPECT_EQ(m.x(0), 0u);
  EXPECT_EQ(m.nzcv(), kZ);
  // The 32-bit form takes N from bit 31; bit 63 of x1 is not part of w1.
  m.set_x(1, 0x00000000C0000000ull);
  m.set_x(0, kOnes);
  run_assembly(m, "ands w0, w1, #0x80000000\nhlt #0");
  EXPECT_EQ(m.x(0), 0x80000000u);
  EXPECT_EQ(m.nzcv(), kN);
  m.set_x(1, 0x8000000000000000ull);
  m.set_x(0, kOnes);
  run_assembly(m, "ands w0, w1, #0x7fffffff\nhlt #0");  // w1 = 0: bit 63 of x1 is ignored
  EXPECT_EQ(m.x(0), 0u);
  EXPECT_EQ(m.nzcv(), kZ);
}

TEST(DataProcessingImmediate, LogicalImmediateRegister31) {
  Machine m = cpu_machine();
  m.set_sp(0x40000);
  m.set_x(1, 0x12345);
  // AND/ORR/EOR with Rd = 31 write SP; Rn = 31 reads XZR.
  run_assembly(m, "and sp, x1, #0xfffffffffffffff0\nhlt #0");
  EXPECT_EQ(m.sp(), 0x12340u);
  run_assembly(m, "orr sp, xzr, #0x8000\nhlt #0");
  EXPECT_EQ(m.sp(), 0x8000u);
  run_assembly(m, "eor sp, x1, #1\nhlt #0");
  EXPECT_EQ(m.sp(), 0x12344u);
  // The 32-bit form writes WSP zero-extended.
  m.set_x(1, 0xFFFFFFFF00012345ull);
  run_assembly(m, "orr wsp, w1, #0xf\nhlt #0");
  EXPECT_EQ(m.sp(), 0x1234Fu);
  // Rn = 31 is XZR even when SP is non-zero: orr x0, xzr, #0xff.
  m.set_sp(0x40000);
  run_word(m, logical_imm(1, 1, 1, 0, 7, 31, 0));
  EXPECT_EQ(m.x(0), 0xFFu);
  // ANDS with Rd = 31 is TST: flags only, SP untouched.
  m.set_x(1, 0x10);
  run_assembly(m, "tst x1, #0x10\nhlt #0");
  EXPECT_EQ(m.sp(), 0x40000u);
  EXPECT_EQ(m.nzcv(), 0u);
  run_assembly(m, "tst x1, #0x8\nhlt #0");
  EXPECT_EQ(m.sp(), 0x40000u);
  EXPECT_EQ(m.nzcv(), kZ);
}

TEST(DataProcessingImmediate, LogicalImmediateUnallocated) {
  for (unsigned opc = 0; opc < 4; ++opc) {
    // sf = 0 with N = 1 (even with an otherwise valid pattern, imms = 7).
    expect_undefined(logical_imm(0, opc, 1, 0, 7, 1, 0));
    // All-ones elements, for each element size, in both widths where the size fits.
    expect_undefined(logical_imm(1, opc, 1, 0, 0x3F, 1, 0));  // e = 64, s = 63
    expect_undefined(logical_imm(1, opc, 1, 5, 0x3F, 1, 0));
    const unsigned all_ones[] = {0x1F, 0x2F, 0x37, 0x3B, 0x3D};  // e = 32, 16, 8, 4, 2
    for (unsigned imms : all_ones) {
      expect_undefined(logical_imm(1, opc, 0, 0, imms, 1, 0));
      expect_undefined(logical_imm(0, opc, 0, 3, imms, 1, 0));
    }
    // N = 0 with imms = 11111x leaves no element size.
    expect_undefined(logical_imm(1, opc, 0, 0, 0x3E, 1, 0));
    expect_undefined(logical_imm(0, opc, 0, 0, 0x3F, 1, 0));
  }
}

// ---- Move wide -------------------------------------------------------------------------
TEST(DataProcessingImmediate, MoveWide) {
  Machine m = cpu_machine();
  m.set_x(3, kOnes);
  m.set_x(4, kOnes);
  m.set_x(5, 0x1111222233334444ull);
  run_assembly(m,
               "movn x0, #0\n"                // ~0
               "movn w1, #0\n"                // ~0 at 32 bits
               "movn w2, #0x1234, lsl #16\n"  // ~0x12340000 = 0xEDCBFFFF
               "movk w3, #0x5678\n"           // keeps bits 31:16 of w3, clears the upper half
               "movz x4, #0xffff, lsl #48\n"
               "movk x5, #0xabcd, lsl #32\n"
               "movn x6, #0x8000, lsl #48\n"  // ~0x8000000000000000
               "hlt #0");
  EXPECT_EQ(m.x(0), kOnes);
  EXPECT_EQ(m.x(1), 0xFFFFFFFFu);
  EXPECT_EQ(m.x(2), 0xEDCBFFFFu);
  EXPECT_EQ(m.x(3), 0xFFFF5678u);
  EXPECT_EQ(m.x(4), 0xFFFF000000000000ull);
  EXPECT_EQ(m.x(5), 0x1111ABCD33334444ull);
  EXPECT_EQ(m.x(6), 0x7FFFFFFFFFFFFFFFull);
}

TEST(DataProcessingImmediate, MoveWideRegister31IsXzr) {
  Machine m = cpu_machine();
  m.set_sp(0x30000);
  run_word(m, move_wide(1, 2, 0, 0x1234, 31));  // movz xzr
  run_word(m, move_wide(1, 0, 0, 0, 31));       // movn xzr
  run_word(m, move_wide(1, 3, 0, 0x1234, 31));  // movk xzr
  EXPECT_EQ(m.sp(), 0x30000u);
}

TEST(DataProcessingImmediate, MoveWideUnallocated) {
  for (unsigned sf = 0; sf < 2; ++sf) expect_undefined(move_wide(sf, 1, 0, 0x1234, 0));  // opc = 01
  for (unsigned opc : {0u, 2u, 3u}) {
    expect_undefined(move_wide(0, opc, 2, 0x1234, 0));  // hw = 2 in the 32-bit form
    expect_undefined(move_wide(0, opc, 3, 0x1234, 0));
  }
}

// ---- Bitfield --------------------------------------------------------------------------
// x1 = 0xF0E1D2C3B4A59687: top bit set, and its low byte (0x87), halfword (0x9687) and
// word (0xB4A59687) are all negative.
constexpr uint64_t kField = 0xF0E1D2C3B4A59687ull;

TEST(DataProcessingImmediate, ShiftAliases64) {
  Machine m = cpu_machine();
  m.set_x(1, kField);
  run_assembly(m,
               "asr x0, x1, #4\n"
               "asr x2, x1, #63\n"
               "asr x3, x1, #0\n"
               "lsl x4, x1, #4\n"
               "lsl x5, x1, #63\n"
               "lsr x6, x1, #4\n"
               "lsr x7, x1, #63\n"
               "lsl x8, x1, #0\n"
               "hlt #0");
  EXPECT_EQ(m.x(0), 0xFF0E1D2C3B4A5968ull);  // sign bit 1 shifted in
  EXPECT_EQ(m.x(2), kOnes);
  EXPECT_EQ(m.x(3), kField);
  EXPECT_EQ(m.x(4), 0x0E1D2C3B4A596870ull);
  EXPECT_EQ(m.x(5), 0x8000000000000000ull);  // bit 0 of x1 is 1
  EXPECT_EQ(m.x(6), 0x0F0E1D2C3B4A5968ull);
  EXPECT_EQ(m.x(7), 1u);
  EXPECT_EQ(m.x(8), kField);
}

TEST(DataProcessingImmediate, ShiftAliases32) {
  Machine m = cpu_machine();
  m.set_x(1, kField);  // w1 = 0xB4A59687
  for (unsigned r : {0u, 2u, 3u, 4u, 5u, 6u, 7u}) m.set_x(r, kOnes);
  run_assembly(m,
               "asr w0, w1, #8\n"
               "asr w2, w1, #31\n"
               "lsl w3, w1, #8\n"
               "lsl w4, w1, #31\n"
               "lsr w5, w1, #31\n"
               "lsr w6, w1, #0\n"
               "lsr w7, w1, #8\n"
               "hlt #0");
  EXPECT_EQ(m.x(0), 0xFFB4A596u);
  EXPECT_EQ(m.x(2), 0xFFFFFFFFu);
  EXPECT_EQ(m.x(3), 0xA5968700u);
  EXPECT_EQ(m.x(4), 0x80000000u);
  EXPECT_EQ(m.x(5), 1u);
  EXPECT_EQ(m.x(6), 0xB4A59687u);
  EXPECT_EQ(m.x(7), 0x00B4A596u);
}

TEST(DataProcessingImmediate, ExtendAliases) {
  Machine m = cpu_machine();
  m.set_x(1, kField);
  m.set_x(2, 0x4242424242424242ull);  // positive byte/halfword/word 0x42, 0x4242, 0x42424242
  for (unsigned r : {3u, 5u, 8u, 9u, 10u}) m.set_x(r, kOnes);
  run_assembly(m,
               "sxtb x0, w1\n"
               "sxtb w3, w1\n"
               "sxth x4, w1\n"
               "sxth w5, w1\n"
               "sxtw x6, w1\n"
               "sxtw x7, w2\n"
               "uxtb w8, w1\n"
               "uxth w9, w1\n"
               "sxtb w10, w2\n"
               "hlt #0");
  EXPECT_EQ(m.x(0), 0xFFFFFFFFFFFFFF87ull);
  EXPECT_EQ(m.x(3), 0xFFFFFF87u);
  EXPECT_EQ(m.x(4), 0xFFFFFFFFFFFF9687ull);
  EXPECT_EQ(m.x(5), 0xFFFF9687u);
  EXPECT_EQ(m.x(6), 0xFFFFFFFFB4A59687ull);
  EXPECT_EQ(m.x(7), 0x42424242u);
  EXPECT_EQ(m.x(8), 0x87u);
  EXPECT_EQ(m.x(9), 0x9687u);
  EXPECT_EQ(m.x(10), 0x42u);
}

TEST(DataProcessingImmediate, FieldAliases) {
  Machine m = cpu_machine();
  m.set_x(1, kField);
  m.set_x(10, 0x1111111111111111ull);
  m.set_x(11, 0x1111111111111111ull);
  m.set_x(12, 0x2222222233333333ull);
  m.set_x(13, kOnes);
  m.set_x(14, kOnes);
  run_assembly(m,
               "sbfiz x0, x1, #8, #4\n"    // low nibble 0x7 (positive) at bit 8
               "sbfiz x2, x1, #8, #8\n"    // 0x87 sign-extended, shifted by 8
               "sbfx x3, x1, #4, #8\n"     // bits 11:4 = 0x68, positive
               "sbfx x4, x1, #8, #8\n"     // bits 15:8 = 0x96, negative
               "sbfx w5, w1, #28, #4\n"    // bits 31:28 of w1 = 0xB = -5
               "ubfiz x6, x1, #56, #8\n"   // 0x87 at bit 56
               "ubfiz w7, w1, #4, #8\n"    // 0x87 at bit 4
               "ubfx x8, x1, #60, #4\n"    // 0xF
               "ubfx w9, w1, #8, #16\n"    // bits 23:8 of w1 = 0xA596
               "bfi x10, x1, #8, #16\n"    // 0x9687 into bits 23:8
               "bfxil x11, x1, #16, #8\n"  // bits 23:16 = 0xA5 into bits 7:0
               "bfi w12, w1, #28, #4\n"    // 0x7 into bits 31:28 of 0x33333333
               "sbfiz w13, w1, #30, #2\n"  // low 2 bits 0b11 = -1 at bit 30
               "bfxil w14, w1, #0, #32\n"  // whole word, upper half cleared
               "hlt #0");
  EXPECT_EQ(m.x(0), 0x700u);
  EXPECT_EQ(m.x(2), 0xFFFFFFFFFFFF8700ull);
  EXPECT_EQ(m.x(3), 0x68u);
  EXPECT_EQ(m.x(4), 0xFFFFFFFFFFFFFF96ull);
  EXPECT_EQ(m.x(5), 0xFFFFFFFBu);
  EXPECT_EQ(m.x(6), 0x8700000000000000ull);
  EXPECT_EQ(m.x(7), 0x870u);
  EXPECT_EQ(m.x(8), 0xFu);
  EXPECT_EQ(m.x(9), 0xA596u);
  EXPECT_EQ(m.x(10), 0x1111111111968711ull);
  EXPECT_EQ(m.x(11), 0x11111111111111A5ull);
  EXPECT_EQ(m.x(12), 0x73333333u);
  EXPECT_EQ(m.x(13), 0xC0000000u);
  EXPECT_EQ(m.x(14), 0xB4A59687u);
}

TEST(DataProcessingImmediate, BitfieldGeneralForms) {
  Machine m = cpu_machine();
  m.set_x(1, kField);
  // BFC x0, #8, #8 = BFM x0, xzr, #56, #7: Rn = 31 reads zero, so bits 15:8 are cleared.
  m.set_x(0, kOnes);
  run_word(m, bitfield(1, 1, 1, 56, 7, 31, 0));
  EXPECT_EQ(m.x(0), 0xFFFFFFFFFFFF00FFull);
  // UBFM with immr > imms (UBFIZ) and immr = imms = 0 (bit 0 only): 0x87 & 1 = 1.
  run_word(m, bitfield(1, 2, 1, 0, 0, 1, 2));
  EXPECT_EQ(m.x(2), 1u);
  // SBFM x3, x1, #63, #63: bit 63 (1) sign-extended = -1.
  run_word(m, bitfield(1, 0, 1, 63, 63, 1, 3));
  EXPECT_EQ(m.x(3), kOnes);
  // SBFM w4, w1, #31, #30 = lsl-like sbfiz of 31 bits by 1: w1 << 1 with bit 30 (0) as sign
  // -> 0xB4A59687 << 1 = 0x694B2D0E (bit 31 comes from bit 30 of w1, which is 0).
  m.set_x(4, kOnes);
  run_word(m, bitfield(0, 0, 0, 31, 30, 1, 4));
  EXPECT_EQ(m.x(4), 0x694B2D0Eu);
  // BFM w5, w1, #0, #31 copies the whole word (BFXIL #0, #32) and clears the upper half.
  m.set_x(5, kOnes);
  run_word(m, bitfield(0, 1, 0, 0, 31, 1, 5));
  EXPECT_EQ(m.x(5), 0xB4A59687u);
  // Rd = 31 is XZR: SP untouched.
  const uint64_t sp = m.sp();
  run_word(m, bitfield(1, 2, 1, 4, 63, 1, 31));
  EXPECT_EQ(m.sp(), sp);
}

TEST(DataProcessingImmediate, BitfieldUnallocated) {
  for (unsigned opc = 0; opc < 3; ++opc) {
    expect_undefined(bitfield(1, opc, 0, 4, 63, 1, 0));  // sf = 1, N = 0
    expect_undefined(bitfield(0, opc, 1, 4, 31, 1, 0));  // sf = 0, N = 1
    expect_undefined(bitfield(0, opc, 0, 32, 5, 1, 0));  // 32-bit immr >= 32
    expect_undefined(bitfield(0, opc, 0, 5, 32, 1, 0));  // 32-bit imms >= 32
    expect_undefined(bitfield(0, opc, 0, 63, 63, 1, 0));
  }
  // opc = 11
  expect_undefined(bitfield(1, 3, 1, 4, 63, 1, 0));
  expect_undefined(bitfield(0, 3, 0, 4, 31, 1, 0));
}

// ---- Extract ---------------------------------------------------------------------------
TEST(DataProcessingImmediate, Extract) {
  Machine m = cpu_machine();
  m.set_x(1, 0x0011223344556677ull);
  m.set_x(2, 0x8899AABBCCDDEEFFull);
  for (unsigned r = 6; r <= 8; ++r) m.set_x(r, kOnes);
  run_assembly(m,
               "extr x0, x1, x2, #8\n"   // (x1:x2) >> 8
               "extr x3, x1, x2, #0\n"   // x2
               "extr x4, x1, x2, #63\n"  // (x1 << 1) | (x2 >> 63)
               "ror x5, x1, #4\n"        // extr x5, x1, x1, #4
               "extr w6, w1, w2, #8\n"   // (0x44556677:0xCCDDEEFF) >> 8
               "extr w7, w1, w2, #31\n"  // (w1 << 1) | (w2 >> 31)
               "extr w8, w1, w2, #0\n"
               "hlt #0");
  EXPECT_EQ(m.x(0), 0x778899AABBCCDDEEull);
  EXPECT_EQ(m.x(3), 0x8899AABBCCDDEEFFull);
  EXPECT_EQ(m.x(4), 0x0022446688AACCEFull);
  EXPECT_EQ(m.x(5), 0x7001122334455667ull);
  EXPECT_EQ(m.x(6), 0x77CCDDEEu);
  EXPECT_EQ(m.x(7), 0x88AACCEFu);
  EXPECT_EQ(m.x(8), 0xCCDDEEFFu);
}

TEST(DataProcessingImmediate, ExtractRegister31IsXzr) {
  Machine m = cpu_machine();
  m.set_x(1, 0x0011223344556677ull);
  // extr x0, xzr, x1, #8 = x1 >> 8; extr x2, x1, xzr, #56 = x1 << 8.
  run_word(m, extract(1, 0, 1, 0, 1, 8, 31, 0));
  EXPECT_EQ(m.x(0), 0x0000112233445566ull);
  run_word(m, extract(1, 0, 1, 0, 31, 56, 1, 2));
  EXPECT_EQ(m.x(2), 0x1122334455667700ull);
  const uint64_t sp = m.sp();
  run_word(m, extract(1, 0, 1, 0, 1, 8, 1, 31));
  EXPECT_EQ(m.sp(), sp);
}

TEST(DataProcessingImmediate, ExtractUnallocated) {
  expect_undefined(extract(1, 0, 0, 0, 2, 8, 1, 0));   // sf = 1, N = 0
  expect_undefined(extract(0, 0, 1, 0, 2, 8, 1, 0));   // sf = 0, N = 1
  expect_undefined(extract(0, 0, 0, 0, 2, 32, 1, 0));  // 32-bit imms >= 32
  expect_undefined(extract(0, 0, 0, 0, 2, 63, 1, 0));
  for (unsigned op21 = 1; op21 < 4; ++op21) {
    expect_undefined(extract(1, op21, 1, 0, 2, 8, 1, 0));
    expect_undefined(extract(0, op21, 0, 0, 2, 8, 1, 0));
  }
  expect_undefined(extract(1, 0, 1, 1, 2, 8, 1, 0));  // o0 = 1
  expect_undefined(extract(0, 0, 0, 1, 2, 8, 1, 0));
}

}  // namespace
}  // namespace warp64::test
