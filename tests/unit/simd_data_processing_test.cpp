// Advanced SIMD integer, permute and move instructions. Expected values are worked out by
// hand from the Arm ARM's definitions (the element arithmetic is in the comments).
// Registers used as inputs throughout:
//   A = v20: lo 0x8877665544332211, hi 0xffeeddccbbaa9980
//       bytes 11 22 33 44 55 66 77 88 80 99 aa bb cc dd ee ff
//       h: 2211 4433 6655 8877 9980 bbaa ddcc ffee
//       s: 44332211 88776655 bbaa9980 ffeeddcc
//   B = v21: bytes 00 01 02 ... 0f (lo 0x0706050403020100, hi 0x0f0e0d0c0b0a0908)
//       h: 0100 0302 0504 0706 0908 0b0a 0d0c 0f0e
//       s: 03020100 07060504 0b0a0908 0f0e0d0c
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/assemble.hpp"

namespace warp64::test {
namespace {

constexpr uint32_t kHlt = 0xD4400000u;  // hlt #0
constexpr uint32_t kNop = 0xD503201Fu;
constexpr uint64_t kALo = 0x8877665544332211ull, kAHi = 0xffeeddccbbaa9980ull;
constexpr uint64_t kBLo = 0x0706050403020100ull, kBHi = 0x0f0e0d0c0b0a0908ull;
constexpr uint32_t kQc = 1u << 27;

struct VInit {
  unsigned reg;
  uint64_t lo, hi;
};

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

// Every V register starts with a recognisable pattern so that writes of the wrong half or
// register show; A and B are loaded, then `init`.
Machine simd_machine(std::initializer_list<VInit> init = {}) {
  Machine m = cpu_machine();
  core::CpuState st = m.state();
  for (unsigned i = 0; i < 32; ++i) {
    st.v[i][0] = 0x5A5A5A5A5A5A5A5Aull ^ i;
    st.v[i][1] = 0xA5A5A5A5A5A5A5A5ull ^ i;
  }
  st.v[20][0] = kALo;
  st.v[20][1] = kAHi;
  st.v[21][0] = kBLo;
  st.v[21][1] = kBHi;
  for (const VInit& v : init) {
    st.v[v.reg][0] = v.lo;
    st.v[v.reg][1] = v.hi;
  }
  m.set_state(st);
  return m;
}

void run(Machine& m, const std::string& source) {
  const ExecResult r = run_assembly(m, source + "\nhlt #0");
  ASSERT_EQ(r.stop_reason, StopReason::kHalt) << source;
}

#define EXPECT_V(m, n, lo, hi)                                                        \
  do {                                                                                \
    EXPECT_EQ((m).state().v[n][0], static_cast<uint64_t>(lo)) << "v" << (n) << " lo"; \
    EXPECT_EQ((m).state().v[n][1], static_cast<uint64_t>(hi)) << "v" << (n) << " hi"; \
  } while (0)

uint32_t word_of(const std::string& source) { return assemble(source).at(0); }

// An unallocated word after a NOP stops at its own address with one retired instruction
// and leaves the vector registers untouched.
void expect_undefined(uint32_t word) {
  Machine m = simd_machine();
  const core::CpuState before = m.state();
  m.load_program(std::vector<uint32_t>{kNop, word, kHlt});
  const ExecResult r = m.execute(10);
  EXPECT_EQ(r.stop_reason, StopReason::kUndefined) << std::hex << word;
  EXPECT_EQ(r.final_pc, 4u) << std::hex << word;
  EXPECT_EQ(r.cycles, 1u) << std::hex << word;
  for (unsigned i = 0; i < 32; ++i) {
    EXPECT_EQ(m.state().v[i][0], before.v[i][0]) << std::hex << word;
    EXPECT_EQ(m.state().v[i][1], before.v[i][1]) << std::hex << word;
  }
  for (unsigned i = 0; i < 31; ++i) EXPECT_EQ(m.x(i), before.x[i]) << std::hex << word;
}

// ---- modified immediate ----------------------------------------------------------------
TEST(SimdModifiedImm, MoviShiftedForms) {
  Machine m = simd_machine();
  run(m,
      "movi v0.4s, #0xab, lsl #8\n"        // cmode 0010: 0x0000ab00 per word
      "movi v1.2s, #0xab, lsl #24\n"       // cmode 0110, Q = 0
      "movi v2.8h, #0x12, lsl #8\n"        // cmode 1010: 0x1200 per halfword
      "movi v3.4h, #0x34\n"                // cmode 1000, Q = 0
      "movi v4.4s, #0x12, msl #8\n"        // cmode 1100: 0x000012ff
      "movi v5.4s, #0x12, msl #16\n"       // cmode 1101: 0x0012ffff
      "movi v6.16b, #0x7f\n"               // cmode 1110 op 0
      "movi v7.2d, #0xff00ff0000ff00ff\n"  // cmode 1110 op 1: a byte per imm8 bit
      "movi d8, #0xffff0000ffffffff\n"     // the 64-bit scalar form clears the upper half
      "movi v9.2s, #0x5a, lsl #16");       // cmode 0100
  EXPECT_V(m, 0, 0x0000ab000000ab00ull, 0x0000ab000000ab00ull);
  EXPECT_V(m, 1, 0xab000000ab000000ull, 0);
  EXPECT_V(m, 2, 0x1200120012001200ull, 0x1200120012001200ull);
  EXPECT_V(m, 3, 0x0034003400340034ull, 0);
  EXPECT_V(m, 4, 0x000012ff000012ffull, 0x000012ff000012ffull);
  EXPECT_V(m, 5, 0x0012ffff0012ffffull, 0x0012ffff0012ffffull);
  EXPECT_V(m, 6, 0x7f7f7f7f7f7f7f7full, 0x7f7f7f7f7f7f7f7full);
  EXPECT_V(m, 7, 0xff00ff0000ff00ffull, 0xff00ff0000ff00ffull);
  EXPECT_V(m, 8, 0xffff0000ffffffffull, 0);
  EXPECT_V(m, 9, 0x005a0000005a0000ull, 0);
}

TEST(SimdModifiedImm, MvniForms) {
  Machine m = simd_machine();
  run(m,
      "mvni v0.4s, #0x12, lsl #16\n"  // ~0x00120000 = 0xffedffff
      "mvni v1.8h, #0xf0\n"           // ~0x00f0 = 0xff0f
      "mvni v2.2s, #0x12, msl #8\n"   // ~0x000012ff = 0xffffed00, Q = 0
      "mvni v3.4h, #0x1, lsl #8\n"    // ~0x0100 = 0xfeff
      "mvni v4.4s, #0x80, msl #16");  // ~0x0080ffff = 0xff7f0000
  EXPECT_V(m, 0, 0xffedffffffedffffull, 0xffedffffffedffffull);
  EXPECT_V(m, 1, 0xff0fff0fff0fff0full, 0xff0fff0fff0fff0full);
  EXPECT_V(m, 2, 0xffffed00ffffed00ull, 0);
  EXPECT_V(m, 3, 0xfefffefffefffeffull, 0);
  EXPECT_V(m, 4, 0xff7f0000ff7f0000ull, 0xff7f0000ff7f0000ull);
}

TEST(SimdModifiedImm, OrrBicImmediate) {
  Machine m = simd_machine({{0, 0x0000000F0000000Full, 0xF0000000F0000000ull},
                            {1, ~0ull, ~0ull},
                            {2, ~0ull, ~0ull},
                            {3, 0x1234567812345678ull, 0x1234567812345678ull}});
  run(m,
      "orr v0.4s, #0x1, lsl #8\n"    // | 0x00000100
      "bic v1.8h, #0xff\n"           // & ~0x00ff
      "bic v2.4h, #0x1, lsl #8\n"    // Q = 0 clears the upper half
      "orr v3.2s, #0x80, lsl #24");  // | 0x80000000, Q = 0
  EXPECT_V(m, 0, 0x0000010F0000010Full, 0xF0000100F0000100ull);
  EXPECT_V(m, 1, 0xff00ff00ff00ff00ull, 0xff00ff00ff00ff00ull);
  EXPECT_V(m, 2, 0xfefffefffefffeffull, 0);
  EXPECT_V(m, 3, 0x9234567892345678ull, 0);
}

TEST(SimdModifiedImm, FmovVectorImmediate) {
  Machine m = simd_machine();
  run(m,
      "fmov v0.4s, #1.0\n"   // imm8 0x70 -> 0x3f800000
      "fmov v1.2d, #-2.0\n"  // imm8 0x80 -> 0xc000000000000000
      "fmov v2.2s, #0.5\n"   // imm8 0x60 -> 0x3f000000
      ".arch armv8.2-a+fp16\n"
      "fmov v3.8h, #1.0");  // imm8 0x70 -> 0x3c00
  EXPECT_V(m, 0, 0x3f8000003f800000ull, 0x3f8000003f800000ull);
  EXPECT_V(m, 1, 0xc000000000000000ull, 0xc000000000000000ull);
  EXPECT_V(m, 2, 0x3f0000003f000000ull, 0);
  EXPECT_V(m, 3, 0x3c003c003c003c00ull, 0x3c003c003c003c00ull);
}

TEST(SimdModifiedImm, Unallocated) {
  // FMOV (double) with Q = 0.
  expect_undefined(word_of("fmov v1.2d, #-2.0") & ~(1u << 30));
  // o2 = 1 is only the half-precision FMOV (cmode 1111, op 0).
  expect_undefined(word_of("movi v0.4s, #0xab, lsl #8") | (1u << 11));
  expect_undefined(word_of(".arch armv8.2-a+fp16\nfmov v3.8h, #1.0") | (1u << 29));
}

// ---- copy -----------------------------------------------------------------------------
TEST(SimdCopy, DupGeneralAndElement) {
  Machine m = simd_machine();
  m.set_x(1, 0x123456789abcdef0ull);
  run(m,
      "dup v0.16b, w1\n"
      "dup v1.4h, w1\n"
      "dup v2.2d, x1\n"
      "dup v3.4s, v20.s[3]\n"
      "dup v4.8b, v20.b[9]\n"
      "dup v5.2d, v20.d[0]\n"
      "dup v6.8h, v20.h[6]\n"
      "dup v7.2s, w1");
  EXPECT_V(m, 0, 0xf0f0f0f0f0f0f0f0ull, 0xf0f0f0f0f0f0f0f0ull);
  EXPECT_V(m, 1, 0xdef0def0def0def0ull, 0);
  EXPECT_V(m, 2, 0x123456789abcdef0ull, 0x123456789abcdef0ull);
  EXPECT_V(m, 3, 0xffeeddccffeeddccull, 0xffeeddccffeeddccull);
  EXPECT_V(m, 4, 0x9999999999999999ull, 0);
  EXPECT_V(m, 5, kALo, kALo);
  EXPECT_V(m, 6, 0xddccddccddccddccull, 0xddccddccddccddccull);
  EXPECT_V(m, 7, 0x9abcdef09abcdef0ull, 0);
}

TEST(SimdCopy, InsGeneralAndElement) {
  Machine m = simd_machine({{5, 0xaaaaaaaaaaaaaaaaull, 0xbbbbbbbbbbbbbbbbull}, {6, 0, 0}, {7, 0, 0}, {8, 1, 2}});
  m.set_x(1, 0x123456789abcdef0ull);
  run(m,
      "mov v5.s[1], w1\n"        // INS (general): only element 1 changes
      "mov v6.h[7], v20.h[1]\n"  // INS (element): h[1] of A = 0x4433
      "mov v7.b[0], v20.b[15]\n"
      "mov v8.d[1], x1\n"
      "mov v9.16b, v20.16b");  // ORR alias
  EXPECT_V(m, 5, 0x9abcdef0aaaaaaaaull, 0xbbbbbbbbbbbbbbbbull);
  EXPECT_V(m, 6, 0, 0x4433000000000000ull);
  EXPECT_V(m, 7, 0xff, 0);
  EXPECT_V(m, 8, 1, 0x123456789abcdef0ull);
  EXPECT_V(m, 9, kALo, kAHi);
}

TEST(SimdCopy, UmovSmov) {
  Machine m = simd_machine();
  for (unsigned i = 7; i <= 14; ++i) m.set_x(i, ~0ull);
  run(m,
      "umov w7, v20.b[8]\n"  // 0x80
      "smov x8, v20.b[8]\n"  // sign-extended to 64
      "smov w9, v20.h[7]\n"  // 0xffee -> 0xffffffee, W result zero-extended
      "mov x10, v20.d[1]\n"
      "mov w11, v20.s[2]\n"
      "smov x12, v20.s[1]\n"  // 0x88776655 -> negative
      "smov x13, v20.h[0]\n"  // 0x2211 positive
      "umov w14, v20.h[5]");  // 0xbbaa
  EXPECT_EQ(m.x(7), 0x80u);
  EXPECT_EQ(m.x(8), 0xffffffffffffff80ull);
  EXPECT_EQ(m.x(9), 0x00000000ffffffeeull);
  EXPECT_EQ(m.x(10), kAHi);
  EXPECT_EQ(m.x(11), 0xbbaa9980u);
  EXPECT_EQ(m.x(12), 0xffffffff88776655ull);
  EXPECT_EQ(m.x(13), 0x2211u);
  EXPECT_EQ(m.x(14), 0xbbaau);
}

TEST(SimdCopy, ScalarDup) {
  Machine m = simd_machine();
  run(m,
      "mov d0, v20.d[1]\n"
      "mov b1, v20.b[15]\n"
      "mov s2, v20.s[1]\n"
      "mov h3, v20.h[4]");
  EXPECT_V(m, 0, kAHi, 0);
  EXPECT_V(m, 1, 0xff, 0);
  EXPECT_V(m, 2, 0x88776655u, 0);
  EXPECT_V(m, 3, 0x9980u, 0);
}

TEST(SimdCopy, Unallocated) {
  const uint32_t dup_d = word_of("dup v2.2d, x1");
  expect_undefined(dup_d & ~(1u << 30));                              // DUP 1D
  expect_undefined(word_of("dup v3.4s, v20.s[3]") & ~(0x1Fu << 16));  // imm5 = 0
  expect_undefined(word_of("dup v3.2d, v20.d[1]") & ~(1u << 30));     // DUP element 1D
  expect_undefined(word_of("mov v5.s[1], w1") & ~(1u << 30));         // INS general Q = 0
  expect_undefined(word_of("mov v6.h[7], v20.h[1]") & ~(1u << 30));   // INS element Q = 0
  expect_undefined(word_of("smov x12, v20.s[1]") & ~(1u << 30));      // SMOV W from S
  expect_undefined(word_of("mov x10, v20.d[1]") & ~(1u << 30));       // UMOV W from D
  expect_undefined(word_of("umov w14, v20.h[5]") | (1u << 30));       // UMOV X from H
  const uint32_t dup_b = word_of("dup v0.16b, w1");
  for (uint32_t imm4 : {2u, 4u, 6u, 8u, 9u, 15u}) {  // op 0 imm4 values other than 0, 1, 3, 5, 7
    expect_undefined((dup_b & ~(0xFu << 11)) | (imm4 << 11));
  }
}

// ---- EXT and TBL/TBX --------------------------------------------------------------------
TEST(SimdExt, IndexZeroAndMax) {
  Machine m = simd_machine();
  run(m,
      "ext v0.16b, v20.16b, v21.16b, #0\n"
      "ext v1.16b, v20.16b, v21.16b, #15\n"  // A.b15, then B.b0..b14
      "ext v2.8b, v20.8b, v21.8b, #3\n"      // A.b3..b7, then B.b0..b2
      "ext v3.8b, v20.8b, v21.8b, #7\n"
      "ext v4.16b, v20.16b, v21.16b, #8");  // A.hi : B.lo
  EXPECT_V(m, 0, kALo, kAHi);
  EXPECT_V(m, 1, 0x06050403020100ffull, 0x0e0d0c0b0a090807ull);
  EXPECT_V(m, 2, 0x0201008877665544ull, 0);
  EXPECT_V(m, 3, 0x0605040302010088ull, 0);
  EXPECT_V(m, 4, kAHi, kBLo);
  // Q = 0 with imm4 >= 8 is reserved.
  expect_undefined(word_of("ext v2.8b, v20.8b, v21.8b, #3") | (8u << 11));
}

// Index vector v23: lo bytes 00 05 10 1f 20 ff 0f 11, hi bytes 40 3f 1e 02 80 21 0a 13.
constexpr uint64_t kIdxLo = 0x110fff201f100500ull, kIdxHi = 0x130a2180021e3f40ull;

// Tables: B (bytes 00..0f) then v22 (bytes 10..1f); v28..v31 hold bytes 00..3f.
Machine table_machine() {
  return simd_machine({{22, 0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull},
                       {23, kIdxLo, kIdxHi},
                       {2, 0xaaaaaaaaaaaaaaaaull, 0xaaaaaaaaaaaaaaaaull},
                       {7, 0xaaaaaaaaaaaaaaaaull, 0xaaaaaaaaaaaaaaaaull},
                       {28, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull},
                       {29, 0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull},
                       {30, 0x2726252423222120ull, 0x2f2e2d2c2b2a2928ull},
                       {31, 0x3736353433323130ull, 0x3f3e3d3c3b3a3938ull}});
}

TEST(SimdTbl, OneToFourRegisters) {
  Machine m = table_machine();
  run(m,
      "tbl v0.16b, {v21.16b}, v23.16b\n"
      "tbl v1.16b, {v21.16b, v22.16b}, v23.16b\n"
      "tbx v2.16b, {v21.16b}, v23.16b\n"
      "tbl v3.8b, {v21.16b}, v23.8b\n"
      "tbl v4.16b, {v28.16b, v29.16b, v30.16b}, v23.16b\n"
      "tbl v5.16b, {v28.16b, v29.16b, v30.16b, v31.16b}, v23.16b\n"
      "tbx v6.8b, {v28.16b, v29.16b, v30.16b, v31.16b}, v23.8b\n"
      "tbx v7.16b, {v21.16b, v22.16b}, v23.16b");
  // One register: indices >= 16 give 0 (TBL) or keep the destination byte (TBX).
  EXPECT_V(m, 0, 0x000f000000000500ull, 0x000a000002000000ull);
  EXPECT_V(m, 1, 0x110f00001f100500ull, 0x130a0000021e0000ull);
  EXPECT_V(m, 2, 0xaa0faaaaaaaa0500ull, 0xaa0aaaaa02aaaaaaull);
  EXPECT_V(m, 3, 0x000f000000000500ull, 0);
  EXPECT_V(m, 4, 0x110f00201f100500ull, 0x130a2100021e0000ull);  // 48 entries: 0x3f is out
  EXPECT_V(m, 5, 0x110f00201f100500ull, 0x130a2100021e3f00ull);  // 64 entries
  // TBX 8B: byte 5 (0xff) keeps v6 byte 5 (0x5a), upper half cleared.
  EXPECT_V(m, 6, 0x110f5a201f100500ull, 0);
  EXPECT_V(m, 7, 0x110faaaa1f100500ull, 0x130aaaaa021eaaaaull);
}

TEST(SimdTbl, TableRegistersWrapAround) {
  Machine m = simd_machine({{31, kBLo, kBHi}, {0, 0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull}, {23, kIdxLo, kIdxHi}});
  run(m, "tbl v1.16b, {v31.16b, v0.16b}, v23.16b");
  EXPECT_V(m, 1, 0x110f00001f100500ull, 0x130a0000021e0000ull);
}

// ---- permutes and REV --------------------------------------------------------------------
TEST(SimdPermute, ZipUzpTrn) {
  Machine m = simd_machine();
  run(m,
      "zip1 v0.4s, v20.4s, v21.4s\n"  // A0 B0 A1 B1
      "zip2 v1.4s, v20.4s, v21.4s\n"  // A2 B2 A3 B3
      "uzp1 v2.4s, v20.4s, v21.4s\n"  // A0 A2 B0 B2
      "uzp2 v3.4s, v20.4s, v21.4s\n"  // A1 A3 B1 B3
      "trn1 v4.4s, v20.4s, v21.4s\n"  // A0 B0 A2 B2
      "trn2 v5.4s, v20.4s, v21.4s\n"  // A1 B1 A3 B3
      "zip1 v6.8b, v20.8b, v21.8b\n"
      "uzp2 v7.8b, v20.8b, v21.8b\n"
      "trn2 v8.8h, v20.8h, v21.8h\n"
      "zip2 v9.2d, v20.2d, v21.2d\n"
      "zip1 v10.2s, v20.2s, v21.2s\n"
      "uzp1 v11.16b, v20.16b, v21.16b\n"
      "trn1 v12.4h, v20.4h, v21.4h");
  EXPECT_V(m, 0, 0x0302010044332211ull, 0x0706050488776655ull);
  EXPECT_V(m, 1, 0x0b0a0908bbaa9980ull, 0x0f0e0d0cffeeddccull);
  EXPECT_V(m, 2, 0xbbaa998044332211ull, 0x0b0a090803020100ull);
  EXPECT_V(m, 3, 0xffeeddcc88776655ull, 0x0f0e0d0c07060504ull);
  EXPECT_V(m, 4, 0x0302010044332211ull, 0x0b0a0908bbaa9980ull);
  EXPECT_V(m, 5, 0x0706050488776655ull, 0x0f0e0d0cffeeddccull);
  EXPECT_V(m, 6, 0x0344023301220011ull, 0);  // 11 00 22 01 33 02 44 03
  EXPECT_V(m, 7, 0x0705030188664422ull, 0);  // 22 44 66 88 01 03 05 07
  EXPECT_V(m, 8, 0x0706887703024433ull, 0x0f0effee0b0abbaaull);
  EXPECT_V(m, 9, kAHi, kBHi);
  EXPECT_V(m, 10, 0x0302010044332211ull, 0);
  // Even bytes of A then of B: 11 33 55 77 80 aa cc ee | 00 02 04 ... 0e.
  EXPECT_V(m, 11, 0xeeccaa8077553311ull, 0x0e0c0a0806040200ull);
  // A0 B0 A2 B2 (halfwords): 2211 0100 6655 0504.
  EXPECT_V(m, 12, 0x0504665501002211ull, 0);
  // 1D arrangement (size 11, Q 0) and opcode 000/100 are unallocated.
  expect_undefined(word_of("zip2 v9.2d, v20.2d, v21.2d") & ~(1u << 30));
  expect_undefined(word_of("zip1 v0.4s, v20.4s, v21.4s") & ~(7u << 12));
  expect_undefined((word_of("zip1 v0.4s, v20.4s, v21.4s") & ~(7u << 12)) | (4u << 12));
}

TEST(SimdPermute, Rev) {
  Machine m = simd_machine();
  run(m,
      "rev64 v0.16b, v21.16b\n"
      "rev32 v1.8h, v21.8h\n"
      "rev16 v2.8b, v21.8b\n"
      "rev64 v3.2s, v21.2s\n"
      "rev64 v4.8h, v20.8h\n"
      "rev32 v5.16b, v20.16b");
  EXPECT_V(m, 0, 0x0001020304050607ull, 0x08090a0b0c0d0e0full);
  EXPECT_V(m, 1, 0x0504070601000302ull, 0x0d0c0f0e09080b0aull);
  EXPECT_V(m, 2, 0x0607040502030001ull, 0);
  EXPECT_V(m, 3, 0x0302010007060504ull, 0);
  EXPECT_V(m, 4, 0x2211443366558877ull, 0x9980bbaaddccffeeull);
  EXPECT_V(m, 5, 0x5566778811223344ull, 0xccddeeff8099aabbull);
  // Element size not smaller than the container: REV64 .2d, REV32 .4s, REV16 .8h.
  expect_undefined(word_of("rev64 v4.8h, v20.8h") | (3u << 22));
  expect_undefined(word_of("rev32 v1.8h, v21.8h") | (2u << 22));
  expect_undefined(word_of("rev16 v2.8b, v21.8b") | (1u << 22));
}

// ---- three same -----------------------------------------------------------------------
TEST(SimdThreeSame, AddSubMul) {
  Machine m = simd_machine({{10, kBLo, kBHi}, {11, kBLo, kBHi}, {12, kBLo, kBHi}, {13, kBLo, kBHi}});
  run(m,
      "add v0.16b, v20.16b, v21.16b\n"
      "add v1.4h, v20.4h, v21.4h\n"
      "sub v2.16b, v21.16b, v20.16b\n"
      "sub v3.2d, v21.2d, v20.2d\n"
      "sub v4.2s, v21.2s, v20.2s\n"
      "mul v5.16b, v20.16b, v21.16b\n"
      "mul v6.8h, v20.8h, v21.8h\n"
      "mul v7.4s, v20.4s, v21.4s\n"
      "mul v8.2s, v20.2s, v21.2s\n"
      "add v9.2d, v20.2d, v20.2d\n"
      "mla v10.16b, v20.16b, v20.16b\n"
      "mla v11.4s, v20.4s, v20.4s\n"
      "mls v12.8h, v20.8h, v21.8h\n"
      "mls v13.4s, v20.4s, v21.4s");
  // Bytes: A + B = 11 23 35 47 59 6b 7d 8f | 88 a2 b4 c6 d8 ea fc 0e (0xff + 0x0f wraps).
  EXPECT_V(m, 0, 0x8f7d6b5947352311ull, 0x0efcead8c6b4a288ull);
  EXPECT_V(m, 1, 0x8f7d6b5947352311ull, 0);
  // B - A bytes: ef df cf bf af 9f 8f 7f | 88 70 60 50 40 30 20 10.
  EXPECT_V(m, 2, 0x7f8f9fafbfcfdfefull, 0x1020304050607088ull);
  // 0x0706050403020100 - 0x8877665544332211, 0x0f0e0d0c0b0a0908 - 0xffeeddccbbaa9980 mod 2^64.
  EXPECT_V(m, 3, 0x7e8e9eaebecedeefull, 0x0f1f2f3f4f5f6f88ull);
  // 0x03020100 - 0x44332211 = 0xbecedeef; 0x07060504 - 0x88776655 = 0x7e8e9eaf.
  EXPECT_V(m, 4, 0x7e8e9eafbecedeefull, 0);
  // Products truncated to the element: e.g. 0x22 * 0x01 = 0x22, 0xff * 0x0f = 0xef1 -> 0xf1.
  EXPECT_V(m, 5, 0xb8cafe54cc662200ull, 0xf104399009a46100ull);
  // 0x8877 * 0x0706 = 0x3b773ca -> 0x73ca, ...
  EXPECT_V(m, 6, 0x73ca425421661100ull, 0xf104c190a2a44c00ull);
  EXPECT_V(m, 7, 0x2fdb4254aa441100ull, 0x359dc1905bba4c00ull);
  EXPECT_V(m, 8, 0x2fdb4254aa441100ull, 0);
  // A + A per doubleword, carry out of bit 63 dropped.
  EXPECT_V(m, 9, 0x10eeccaa88664422ull, 0xffddbb9977553300ull);
  EXPECT_V(m, 10, 0x4757a93d132b8521ull, 0x1052d69ca4ee7a08ull);
  EXPECT_V(m, 11, 0xa2f3dd3da2508621ull, 0x9e87e79c45144908ull);
  EXPECT_V(m, 12, 0x933cc2b0e19cf000ull, 0x1e0a4b7c6866bd08ull);
  EXPECT_V(m, 13, 0xd72ac2b058bdf000ull, 0xd9704b7caf4fbd08ull);
  // MUL/MLA with 64-bit elements and 1D ADD are unallocated.
  expect_undefined(word_of("mul v7.4s, v20.4s, v21.4s") | (3u << 22));
  expect_undefined(word_of("mla v11.4s, v20.4s, v20.4s") | (1u << 22));
  expect_undefined(word_of("add v9.2d, v20.2d, v20.2d") & ~(1u << 30));
}

TEST(SimdThreeSame, Logical) {
  Machine m = simd_machine();
  const uint64_t dlo = 0xF0F0F0F0F0F0F0F0ull, dhi = 0x00FF00FF00FF00FFull;
  core::CpuState st = m.state();
  for (unsigned r = 5; r <= 8; ++r) {
    st.v[r][0] = dlo;
    st.v[r][1] = dhi;
  }
  m.set_state(st);
  run(m,
      "and v0.16b, v20.16b, v21.16b\n"
      "bic v1.16b, v20.16b, v21.16b\n"
      "orr v2.16b, v20.16b, v21.16b\n"
      "orn v3.16b, v20.16b, v21.16b\n"
      "eor v4.16b, v20.16b, v21.16b\n"
      "bsl v5.16b, v20.16b, v21.16b\n"  // (D & A) | (~D & B)
      "bit v6.16b, v20.16b, v21.16b\n"  // (D & ~B) | (A & B)
      "bif v7.16b, v20.16b, v21.16b\n"  // (D & B) | (A & ~B)
      "eor v8.8b, v20.8b, v21.8b\n"     // Q = 0
      "mvn v9.8b, v20.8b");
  EXPECT_V(m, 0, 0x0006040400020000ull, 0x0f0e0d0c0b0a0900ull);
  EXPECT_V(m, 1, 0x8871625144312211ull, 0xf0e0d0c0b0a09080ull);
  EXPECT_V(m, 2, 0x8f77675547332311ull, 0xffeeddccbbaa9988ull);
  EXPECT_V(m, 3, 0xf8fffefffcfffeffull, 0xfffffffffffffff7ull);
  EXPECT_V(m, 4, 0x8f71635147312311ull, 0xf0e0d0c0b0a09088ull);
  EXPECT_V(m, 5, 0x8776655443322110ull, 0x0fee0dcc0baa0980ull);
  EXPECT_V(m, 6, 0xf0f6f4f4f0f2f0f0ull, 0x0fff0dff0bff09f7ull);
  EXPECT_V(m, 7, 0x8871625144312211ull, 0xf0eed0ccb0aa9088ull);
  EXPECT_V(m, 8, 0x8f71635147312311ull, 0);
  EXPECT_V(m, 9, 0x778899aabbccddeeull, 0);
}

// Edge-value vectors: C bytes 80 7f ff 00 01 80 ff 7f | 00 .. 00 80,
//                     D bytes 7f 80 00 ff 01 80 fe 7f | 00 01 02 03 04 05 06 80.
constexpr uint64_t kCLo = 0x7fff800100ff7f80ull, kCHi = 0x8000000000000000ull;
constexpr uint64_t kDLo = 0x7ffe8001ff00807full, kDHi = 0x8006050403020100ull;

TEST(SimdThreeSame, Compares) {
  Machine m = simd_machine({{22, kCLo, kCHi}, {23, kDLo, kDHi}});
  run(m,
      "cmgt v0.16b, v22.16b, v23.16b\n"
      "cmge v1.16b, v22.16b, v23.16b\n"
      "cmhi v2.16b, v22.16b, v23.16b\n"
      "cmhs v3.16b, v22.16b, v23.16b\n"
      "cmeq v4.16b, v22.16b, v23.16b\n"
      "cmtst v5.16b, v22.16b, v23.16b\n"
      "cmgt v6.8h, v22.8h, v23.8h\n"
      "cmhi v7.4h, v22.4h, v23.4h\n"
      "cmhs v8.4s, v22.4s, v23.4s\n"
      "cmtst v9.2s, v22.2s, v23.2s\n"
      "cmgt v10.2d, v22.2d, v23.2d\n"
      "cmhi v11.2d, v22.2d, v23.2d\n"
      "cmeq v12.8h, v22.8h, v23.8h\n"
      "cmge v13.4s, v22.4s, v23.4s");
  // Bytes: 0x80 (-128) vs 0x7f: signed less, unsigned greater.
  EXPECT_V(m, 0, 0x00ff0000ff00ff00ull, 0);
  EXPECT_V(m, 1, 0xffffffffff00ff00ull, 0xff000000000000ffull);
  EXPECT_V(m, 2, 0x00ff000000ff00ffull, 0);
  EXPECT_V(m, 3, 0xffffffff00ff00ffull, 0xff000000000000ffull);
  EXPECT_V(m, 4, 0xff00ffff00000000ull, 0xff000000000000ffull);
  EXPECT_V(m, 5, 0xffffffff00000000ull, 0xff00000000000000ull);
  EXPECT_V(m, 6, 0xffff0000ffffffffull, 0);
  EXPECT_V(m, 7, 0xffff000000000000ull, 0);
  EXPECT_V(m, 8, 0xffffffff00000000ull, 0);
  EXPECT_V(m, 9, 0xffffffff00000000ull, 0);
  // 0x7fff800100ff7f80 > 0x7ffe8001ff00807f both ways; 0x8000... vs 0x8006...: less both ways.
  EXPECT_V(m, 10, ~0ull, 0);
  EXPECT_V(m, 11, ~0ull, 0);
  EXPECT_V(m, 12, 0x0000ffff00000000ull, 0);
  EXPECT_V(m, 13, ~0ull, 0);
}

TEST(SimdThreeSame, MinMaxAndPairwise) {
  Machine m = simd_machine();
  run(m,
      "smax v0.16b, v20.16b, v21.16b\n"
      "umin v1.16b, v20.16b, v21.16b\n"
      "smin v2.8h, v20.8h, v21.8h\n"
      "umax v3.4s, v20.4s, v21.4s\n"
      "smax v4.2s, v20.2s, v21.2s\n"
      "addp v5.16b, v20.16b, v21.16b\n"
      "addp v6.8h, v20.8h, v21.8h\n"
      "addp v7.4s, v20.4s, v21.4s\n"
      "addp v8.2d, v20.2d, v21.2d\n"
      "sminp v9.16b, v20.16b, v21.16b\n"
      "umaxp v10.8h, v20.8h, v21.8h\n"
      "sminp v11.4s, v20.4s, v21.4s\n"
      "umaxp v12.4s, v20.4s, v21.4s\n"
      "addp v13.8b, v20.8b, v21.8b\n"
      "uminp v14.4h, v20.4h, v21.4h\n"
      "smaxp v15.2s, v20.2s, v21.2s");
  EXPECT_V(m, 0, 0x0777665544332211ull, 0x0f0e0d0c0b0a0908ull);
  EXPECT_V(m, 1, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
  EXPECT_V(m, 2, 0x8877050403020100ull, 0xffeeddccbbaa9980ull);
  EXPECT_V(m, 3, kALo, kAHi);
  EXPECT_V(m, 4, 0x0706050444332211ull, 0);
  // Pairs of A then pairs of B: 0x11 + 0x22 = 0x33, ..., 0xee + 0xff = 0x1ed -> 0xed.
  EXPECT_V(m, 5, 0xeda96519ffbb7733ull, 0x1d1915110d090501ull);
  EXPECT_V(m, 6, 0xddba552aeecc6644ull, 0x1c1a14120c0a0402ull);
  EXPECT_V(m, 7, 0xbb99774cccaa8866ull, 0x1a1816140a080604ull);
  EXPECT_V(m, 8, 0x88664421ffddbb91ull, 0x161412100e0c0a08ull);
  EXPECT_V(m, 9, 0xeeccaa8088553311ull, 0x0e0c0a0806040200ull);
  EXPECT_V(m, 10, 0xffeebbaa88774433ull, 0x0f0e0b0a07060302ull);
  EXPECT_V(m, 11, 0xbbaa998088776655ull, 0x0b0a090803020100ull);
  EXPECT_V(m, 12, 0xffeeddcc88776655ull, 0x0f0e0d0c07060504ull);
  // 8B: pairs of A.lo (33 77 bb ff) then of B.lo (01 05 09 0d).
  EXPECT_V(m, 13, 0x0d090501ffbb7733ull, 0);
  // 4H: min(2211,4433), min(6655,8877), min(0100,0302), min(0504,0706).
  EXPECT_V(m, 14, 0x0504010066552211ull, 0);
  // 2S: smax(0x44332211, 0x88776655 < 0) and smax(0x03020100, 0x07060504).
  EXPECT_V(m, 15, 0x0706050444332211ull, 0);
  expect_undefined(word_of("smax v0.16b, v20.16b, v21.16b") | (3u << 22));  // 64-bit max
  expect_undefined(word_of("umaxp v12.4s, v20.4s, v21.4s") | (1u << 22));   // 64-bit maxp
  expect_undefined(word_of("addp v8.2d, v20.2d, v21.2d") & ~(1u << 30));    // ADDP 1D
}

TEST(SimdShift, ByImmediate) {
  Machine m = simd_machine({{5, kBLo, kBHi}, {6, kBLo, kBHi}, {11, kBLo, kBHi}, {12, kBLo, kBHi}, {14, kBLo, kBHi}});
  run(m,
      "shl v0.16b, v20.16b, #3\n"
      "ushr v1.8h, v20.8h, #4\n"
      "sshr v2.8h, v20.8h, #4\n"
      "sshr v3.2d, v20.2d, #64\n"
      "ushr v4.2d, v20.2d, #64\n"
      "usra v5.4s, v20.4s, #8\n"
      "ssra v6.4s, v20.4s, #31\n"
      "shl v7.2s, v20.2s, #31\n"
      "shl v8.2d, v20.2d, #63\n"
      "urshr v9.16b, v20.16b, #1\n"
      "srshr v10.8h, v20.8h, #8\n"
      "sri v11.4s, v20.4s, #8\n"
      "sli v12.8h, v20.8h, #4\n"
      "shrn v13.8b, v20.8h, #4\n"
      "rshrn2 v14.16b, v20.8h, #8\n"
      "uxtl v15.8h, v20.8b\n"
      "sxtl2 v16.4s, v20.8h\n"
      "sshll v17.2d, v20.2s, #3\n"
      "ushr v18.2d, v20.2d, #1");
  EXPECT_V(m, 0, 0x40b830a820981088ull, 0xf870e860d850c800ull);
  EXPECT_V(m, 1, 0x0887066504430221ull, 0x0ffe0ddc0bba0998ull);
  EXPECT_V(m, 2, 0xf887066504430221ull, 0xfffefddcfbbaf998ull);
  EXPECT_V(m, 3, ~0ull, ~0ull);  // both doublewords negative
  EXPECT_V(m, 4, 0, 0);
  EXPECT_V(m, 5, 0x078e7c6a03463422ull, 0x100dfbe90bc5b3a1ull);
  EXPECT_V(m, 6, 0x0706050303020100ull, 0x0f0e0d0b0b0a0907ull);  // adds -1 for negative words
  EXPECT_V(m, 7, 0x8000000080000000ull, 0);
  EXPECT_V(m, 8, 0x8000000000000000ull, 0);
  EXPECT_V(m, 9, 0x443c332b221a1109ull, 0x80776f665e554d40ull);  // (x + 1) >> 1, 0xff -> 0x80
  EXPECT_V(m, 10, 0xff88006600440022ull, 0x0000ffdeffbcff9aull);
  EXPECT_V(m, 11, 0x0788776603443322ull, 0x0fffeedd0bbbaa99ull);
  EXPECT_V(m, 12, 0x8776655443322110ull, 0xfeeedcccbaaa9808ull);
  EXPECT_V(m, 13, 0xfedcba9887654321ull, 0);
  EXPECT_V(m, 14, kBLo, 0x00debc9a88664422ull);  // the "2" form keeps the lower half
  EXPECT_V(m, 15, 0x0044003300220011ull, 0x0088007700660055ull);
  EXPECT_V(m, 16, 0xffffbbaaffff9980ull, 0xffffffeeffffddccull);
  EXPECT_V(m, 17, 0x0000000221991088ull, 0xfffffffc43bb32a8ull);
  EXPECT_V(m, 18, 0x443bb32aa2199108ull, 0x7ff76ee65dd54cc0ull);
  // 1D shifts (immh 1xxx with Q = 0) and 64-bit narrowing/widening are reserved.
  expect_undefined(word_of("ushr v18.2d, v20.2d, #1") & ~(1u << 30));
  expect_undefined(word_of("shl v8.2d, v20.2d, #63") & ~(1u << 30));
  expect_undefined(word_of("shrn v13.8b, v20.8h, #4") | (1u << 22));
  expect_undefined(word_of("sshll v17.2d, v20.2s, #3") | (1u << 22));
  expect_undefined(word_of("sri v11.4s, v20.4s, #8") & ~(1u << 29));  // SRI needs U = 1
}

TEST(SimdShift, ByRegister) {
  // Shift bytes (signed): 1 -1 7 -8 8 -7 0 -128 | 2 -2 64 -64 3 -3 16 -16.
  Machine m = simd_machine({{22, 0x8000f908f807ff01ull, 0xf010fd03c040fe02ull}});
  run(m,
      "sshl v0.16b, v20.16b, v22.16b\n"
      "ushl v1.16b, v20.16b, v22.16b\n"
      "urshl v2.16b, v20.16b, v22.16b\n"
      "srshl v3.16b, v20.16b, v22.16b\n"
      "sshl v4.8h, v20.8h, v22.8h\n"
      "ushl v5.4h, v20.4h, v22.4h");
  // e.g. byte 0: 0x11 << 1 = 0x22; byte 1: 0x22 >> 1 = 0x11; byte 7: 0x88 >> 128 = -1 (SSHL), 0.
  EXPECT_V(m, 0, 0xff77000000801122ull, 0xff00fb60ff00e600ull);
  EXPECT_V(m, 1, 0x0077000000801122ull, 0x00001b6000002600ull);
  EXPECT_V(m, 2, 0x0077010000801122ull, 0x00001c6000002600ull);
  EXPECT_V(m, 3, 0x0077010000801122ull, 0x0000fc600000e600ull);
  // Halfword shifts use the low byte of each element of v22: 0xff01 -> 1, 0xf807 -> 7, ...
  EXPECT_V(m, 4, 0x8877550019804422ull, 0x0000ee6000006600ull);
  EXPECT_V(m, 5, 0x8877550019804422ull, 0);
}

TEST(SimdThreeSame, SaturatingAndHalving) {
  Machine m = simd_machine({{9, kBLo, kBHi}});
  EXPECT_EQ(m.state().fpsr & kQc, 0u);
  run(m,
      "uhadd v0.8h, v20.8h, v21.8h\n"  // (0x2211 + 0x0100) >> 1 = 0x1188, ...
      "srhadd v1.8h, v20.8h, v21.8h\n"
      "shsub v2.16b, v20.16b, v21.16b\n"
      "uabd v3.16b, v20.16b, v21.16b\n"
      "uqsub v4.16b, v20.16b, v21.16b\n"
      "sqsub v5.16b, v21.16b, v20.16b\n"  // 0x0f - (-1) = 0x10; 0x07 - (-0x78) = 0x7f saturated
      "uqadd v6.16b, v20.16b, v20.16b\n"  // 0x88 + 0x88 saturates to 0xff
      "sqadd v7.16b, v20.16b, v20.16b\n"  // 0x44 + 0x44 -> 0x7f, 0x88 + 0x88 -> 0x80
      "saba v9.16b, v20.16b, v21.16b");
  EXPECT_V(m, 0, 0x47be35ac239a1188ull, 0x877e756c635a5144ull);
  EXPECT_V(m, 1, 0xc7bf35ad239b1189ull, 0x077ef56ce35ad144ull);
  EXPECT_V(m, 2, 0xc038302820181008ull, 0xf8f0e8e0d8d0c8bcull);
  EXPECT_V(m, 3, 0x8171615141312111ull, 0xf0e0d0c0b0a09078ull);
  EXPECT_V(m, 4, 0x8171615141312111ull, 0xf0e0d0c0b0a09078ull);
  EXPECT_V(m, 5, 0x7f8f9fafbfcfdfefull, 0x102030405060707full);
  EXPECT_V(m, 6, 0xffeeccaa88664422ull, ~0ull);
  EXPECT_V(m, 7, 0x807f7f7f7f664422ull, 0xfedcba9880808080ull);
  EXPECT_V(m, 9, 0x8677665544332211ull, 0x1f2e3d4c5b6a7990ull);
  EXPECT_NE(m.state().fpsr & kQc, 0u);  // saturation sets FPSR.QC
  Machine n = simd_machine();
  run(n, "uqadd v0.16b, v21.16b, v21.16b\nsqsub v1.8h, v20.8h, v20.8h");
  EXPECT_EQ(n.state().fpsr & kQc, 0u);  // no saturation, QC stays clear
}

TEST(SimdMisc, PerElement) {
  Machine m = simd_machine({{22, kCLo, kCHi}});
  run(m,
      "abs v0.16b, v22.16b\n"  // |0x80| wraps to 0x80
      "neg v1.16b, v22.16b\n"
      "abs v2.8h, v22.8h\n"
      "neg v3.4s, v22.4s\n"
      "abs v4.2d, v22.2d\n"
      "neg v5.2d, v22.2d\n"
      "cnt v6.16b, v20.16b\n"
      "cnt v7.8b, v22.8b\n"
      "clz v8.16b, v20.16b\n"
      "clz v9.8h, v20.8h\n"
      "clz v10.4s, v20.4s\n"
      "cls v11.16b, v22.16b\n"
      "cls v12.8h, v22.8h\n"
      "cls v13.4s, v22.4s\n"
      "not v14.16b, v20.16b\n"
      "rbit v15.16b, v20.16b\n"
      "abs v16.4h, v22.4h");
  EXPECT_V(m, 0, 0x7f01800100017f80ull, 0x8000000000000000ull);
  EXPECT_V(m, 1, 0x810180ff00018180ull, 0x8000000000000000ull);
  EXPECT_V(m, 2, 0x7fff7fff00ff7f80ull, 0x8000000000000000ull);
  EXPECT_V(m, 3, 0x80007fffff008080ull, 0x8000000000000000ull);
  EXPECT_V(m, 4, 0x7fff800100ff7f80ull, 0x8000000000000000ull);
  EXPECT_V(m, 5, 0x80007ffeff008080ull, 0x8000000000000000ull);
  EXPECT_V(m, 6, 0x0206040402040202ull, 0x0806060406040401ull);
  EXPECT_V(m, 7, 0x0708010100080701ull, 0);
  EXPECT_V(m, 8, 0x0001010101020203ull, 0);
  EXPECT_V(m, 9, 0x0000000100010002ull, 0);
  EXPECT_V(m, 10, 0x0000000000000001ull, 0);
  EXPECT_V(m, 11, 0x0007000607070000ull, 0x0007070707070707ull);
  EXPECT_V(m, 12, 0x0000000000070000ull, 0x0000000f000f000full);
  EXPECT_V(m, 13, 0x0000000000000007ull, 0x000000000000001full);
  EXPECT_V(m, 14, 0x778899aabbccddeeull, 0x001122334455667full);
  EXPECT_V(m, 15, 0x11ee66aa22cc4488ull, 0xff77bb33dd559901ull);
  EXPECT_V(m, 16, 0x7fff7fff00ff7f80ull, 0);
  const uint32_t cnt = word_of("cnt v6.16b, v20.16b");
  expect_undefined(cnt | (1u << 22));                              // CNT .8h
  expect_undefined(word_of("clz v10.4s, v20.4s") | (1u << 22));    // CLZ .2d
  expect_undefined(word_of("cls v13.4s, v20.4s") | (1u << 22));    // CLS .2d
  expect_undefined(word_of("not v14.16b, v20.16b") | (2u << 22));  // NOT size 10
  expect_undefined(word_of("abs v4.2d, v22.2d") & ~(1u << 30));    // ABS 1D
  expect_undefined(word_of("neg v5.2d, v22.2d") & ~(1u << 30));    // NEG 1D
}

TEST(SimdMisc, CompareAgainstZero) {
  Machine m = simd_machine({{22, kCLo, kCHi}});
  run(m,
      "cmgt v0.16b, v22.16b, #0\n"
      "cmge v1.16b, v22.16b, #0\n"
      "cmle v2.16b, v22.16b, #0\n"
      "cmlt v3.16b, v22.16b, #0\n"
      "cmeq v4.16b, v22.16b, #0\n"
      "cmge v5.8h, v22.8h, #0\n"
      "cmlt v6.4s, v22.4s, #0\n"
      "cmeq v7.2s, v22.2s, #0\n"
      "cmle v8.2d, v22.2d, #0\n"
      "cmgt v9.4h, v22.4h, #0");
  EXPECT_V(m, 0, 0xff0000ff0000ff00ull, 0);
  EXPECT_V(m, 1, 0xff0000ffff00ff00ull, 0x00ffffffffffffffull);
  EXPECT_V(m, 2, 0x00ffff00ffff00ffull, ~0ull);
  EXPECT_V(m, 3, 0x00ffff0000ff00ffull, 0xff00000000000000ull);
  EXPECT_V(m, 4, 0x00000000ff000000ull, 0x00ffffffffffffffull);
  EXPECT_V(m, 5, 0xffff0000ffffffffull, 0x0000ffffffffffffull);
  EXPECT_V(m, 6, 0, 0xffffffff00000000ull);
  EXPECT_V(m, 7, 0, 0);
  EXPECT_V(m, 8, 0, ~0ull);
  EXPECT_V(m, 9, 0xffff0000ffffffffull, 0);
  expect_undefined(word_of("cmlt v3.16b, v22.16b, #0") | (1u << 29));  // no U = 1 CMLT
  expect_undefined(word_of("cmle v8.2d, v22.2d, #0") & ~(1u << 30));   // 1D
}

TEST(SimdMisc, NarrowAndWiden) {
  Machine m = simd_machine({{1, kBLo, kBHi}, {9, kBLo, kBHi}, {22, 0x0000ffff00001234ull, 0x0001000000000000ull}});
  run(m,
      "xtn v0.8b, v20.8h\n"    // low bytes of each halfword
      "xtn2 v1.16b, v20.8h\n"  // into the upper half, lower half kept
      "xtn v2.2s, v20.2d\n"
      "uqxtn v6.4h, v22.4s\n"  // 0x00010000 saturates to 0xffff
      "uaddlp v7.8h, v20.16b\n"
      "saddlp v8.4h, v20.8b\n"
      "uadalp v9.2d, v20.4s\n"
      "shll v10.8h, v20.8b, #8\n"
      "shll2 v11.4s, v20.8h, #16");
  EXPECT_V(m, 0, 0xeeccaa8077553311ull, 0);
  EXPECT_V(m, 1, kBLo, 0xeeccaa8077553311ull);
  EXPECT_V(m, 2, 0xbbaa998044332211ull, 0);
  EXPECT_V(m, 6, 0xffff0000ffff1234ull, 0);
  EXPECT_V(m, 7, 0x00ff00bb00770033ull, 0x01ed01a901650119ull);
  EXPECT_V(m, 8, 0xffff00bb00770033ull, 0);  // 0x77 + (-0x78) = -1
  EXPECT_V(m, 9, 0x07060504cfac8966ull, 0x0f0e0d0dc6a38054ull);
  EXPECT_V(m, 10, 0x4400330022001100ull, 0x8800770066005500ull);
  EXPECT_V(m, 11, 0xbbaa000099800000ull, 0xffee0000ddcc0000ull);
  EXPECT_NE(m.state().fpsr & kQc, 0u);

  Machine n = simd_machine();
  run(n,
      "sqxtn v3.8b, v20.8h\n"   // 0x2211 -> 0x7f, 0x8877 -> 0x80, 0xffee -> 0xee
      "uqxtn v4.8b, v21.8h\n"   // every halfword of B is > 0xff
      "sqxtun v5.8b, v20.8h");  // negatives -> 0, large positives -> 0xff
  EXPECT_V(n, 3, 0xee808080807f7f7full, 0);
  EXPECT_V(n, 4, ~0ull, 0);
  EXPECT_V(n, 5, 0x0000000000ffffffull, 0);
  expect_undefined(word_of("xtn v2.2s, v20.2d") | (1u << 22));  // XTN size 11
}

// ---- across lanes ------------------------------------------------------------------------
TEST(SimdAcross, Reductions) {
  Machine m = simd_machine();
  run(m,
      "addv b0, v20.16b\n"  // sum of A's bytes = 0x878 -> 0x78
      "umaxv b1, v20.16b\n"
      "uminv b2, v20.16b\n"
      "smaxv b3, v20.16b\n"
      "sminv b4, v20.16b\n"
      "uaddlv h5, v20.16b\n"
      "saddlv h6, v20.16b\n"  // signed sum -0x88 -> 0xff78
      "addv h7, v20.8h\n"
      "umaxv h8, v20.8h\n"
      "sminv h9, v20.4h\n"
      "addv s10, v20.4s\n"
      "uaddlv d11, v20.4s\n"
      "saddlv d12, v20.4s\n"
      "smaxv s13, v20.4s\n"
      "addv b14, v20.8b\n"
      "saddlv s15, v20.8h\n"
      "umaxv b16, v20.8b");
  EXPECT_V(m, 0, 0x78, 0);
  EXPECT_V(m, 1, 0xff, 0);
  EXPECT_V(m, 2, 0x11, 0);
  EXPECT_V(m, 3, 0x77, 0);
  EXPECT_V(m, 4, 0x80, 0);
  EXPECT_V(m, 5, 0x878, 0);
  EXPECT_V(m, 6, 0xff78, 0);
  EXPECT_V(m, 7, 0x87f4, 0);
  EXPECT_V(m, 8, 0xffee, 0);
  EXPECT_V(m, 9, 0x8877, 0);
  EXPECT_V(m, 10, 0x8843ffb2u, 0);
  EXPECT_V(m, 11, 0x28843ffb2ull, 0);
  EXPECT_V(m, 12, 0xffffffff8843ffb2ull, 0);
  EXPECT_V(m, 13, 0x44332211u, 0);
  EXPECT_V(m, 14, 0x64, 0);
  EXPECT_V(m, 15, 0xffff87f4u, 0);
  EXPECT_V(m, 16, 0x88, 0);
  expect_undefined(word_of("addv s10, v20.4s") & ~(1u << 30));    // 2S
  expect_undefined(word_of("addv s10, v20.4s") | (1u << 22));     // size 11
  expect_undefined(word_of("uaddlv d11, v20.4s") & ~(1u << 30));  // 2S
}

// ---- three different -------------------------------------------------------------------
TEST(SimdThreeDifferent, LongAndWide) {
  Machine m = simd_machine({{10, kBLo, kBHi},
                            {11, kBLo, kBHi},
                            {12, kBLo, kBHi},
                            {13, kBLo, kBHi},
                            {14, kBLo, kBHi},
                            {15, kBLo, kBHi},
                            {26, kBLo, kBHi}});
  run(m,
      "uaddl v0.8h, v20.8b, v21.8b\n"
      "saddl2 v1.8h, v20.16b, v21.16b\n"
      "usubl v2.4s, v21.4h, v20.4h\n"
      "ssubl2 v3.2d, v21.4s, v20.4s\n"
      "umull v4.8h, v20.8b, v21.8b\n"
      "smull2 v5.4s, v20.8h, v21.8h\n"
      "umull v6.2d, v20.2s, v21.2s\n"
      "smull v7.2d, v20.2s, v20.2s\n"
      "uaddw v8.8h, v21.8h, v20.8b\n"
      "saddw2 v9.4s, v21.4s, v20.8h\n"
      "usubw2 v16.2d, v21.2d, v20.4s\n"
      "umlal2 v10.8h, v20.16b, v20.16b\n"
      "smlal v11.4s, v20.4h, v21.4h\n"
      "smlsl v12.2d, v20.2s, v20.2s\n"
      "uabdl v17.8h, v20.8b, v21.8b\n"
      "sabdl2 v18.4s, v20.8h, v21.8h\n"
      "smlal2 v13.2d, v20.4s, v21.4s\n"
      "umlal v26.2d, v20.2s, v20.2s");
  EXPECT_V(m, 0, 0x0047003500230011ull, 0x008f007d006b0059ull);
  EXPECT_V(m, 1, 0xffc6ffb4ffa2ff88ull, 0x000efffcffeaffd8ull);
  EXPECT_V(m, 2, 0xffffbecfffffdeefull, 0xffff7e8fffff9eafull);
  EXPECT_V(m, 3, 0x000000004f5f6f88ull, 0x000000000f1f2f40ull);
  EXPECT_V(m, 4, 0x00cc006600220000ull, 0x03b802ca01fe0154ull);
  EXPECT_V(m, 5, 0xfd0da2a4fc624c00ull, 0xfffef104fe41c190ull);
  EXPECT_V(m, 6, 0x00cd2210aa441100ull, 0x03be79452fdb4254ull);
  EXPECT_V(m, 7, 0x122b344f9f4e8521ull, 0x37d047c09bedd839ull);
  EXPECT_V(m, 8, 0x074a053703240111ull, 0x0f960d830b70095dull);
  EXPECT_V(m, 9, 0x0705c0ae03019a80ull, 0x0f0e0cfa0b09e6d4ull);
  EXPECT_V(m, 16, 0x0706050347576780ull, 0x0f0e0d0b0b1b2b3cull);
  EXPECT_V(m, 10, 0x8f9f75e85e734100ull, 0x0d0fea50c9d3ab98ull);
  EXPECT_V(m, 11, 0x07d3266a03241200ull, 0x0bc680d60d0b4b5cull);
  EXPECT_V(m, 12, 0xf4dad0b463b37bdfull, 0xd73dc54b6f1c30cfull);
  EXPECT_V(m, 17, 0x0041003100210011ull, 0x0081007100610051ull);
  EXPECT_V(m, 18, 0x00004f6000006f88ull, 0x00000f2000002f40ull);
  // B + sign-extended A.s2 * B.s2 and A.s3 * B.s3:
  // 0x0706050403020100 + (-0x44556680) * 0x0b0a0908, 0x0f0e0d0c0b0a0908 + (-0x00112234) * 0x0f0e0d0c.
  EXPECT_V(m, 13, 0x0706050403020100ull + 0xfd0da6d95bba4c00ull, 0x0f0e0d0c0b0a0908ull + 0xfffefe0e359dc190ull);
  // B + A.s0^2 and A.s1^2 (unsigned): 0x44332211^2 = 0x122b344f9f4e8521, 0x88776655^2 = 0x48bf146a9bedd839.
  EXPECT_V(m, 26, 0x0706050403020100ull + 0x122b344f9f4e8521ull, 0x0f0e0d0c0b0a0908ull + 0x48bf146a9bedd839ull);
  expect_undefined(word_of("uaddl v0.8h, v20.8b, v21.8b") | (3u << 22));  // size 11
  expect_undefined(word_of("smull v7.2d, v20.2s, v20.2s") | (3u << 22));
}

TEST(SimdThreeDifferent, HighNarrow) {
  Machine m = simd_machine({{2, kBLo, kBHi}, {5, kBLo, kBHi}});
  run(m,
      "addhn v0.8b, v20.8h, v21.8h\n"
      "raddhn v1.4h, v20.4s, v21.4s\n"
      "subhn2 v2.16b, v20.8h, v21.8h\n"
      "addhn v3.2s, v20.2d, v21.2d\n"
      "raddhn v4.8b, v20.8h, v21.8h\n"
      "subhn2 v5.4s, v20.2d, v21.2d");
  EXPECT_V(m, 0, 0x0eeac6a28f6b4723ull, 0);
  EXPECT_V(m, 1, 0x0efdc6b58f7d4735ull, 0);
  EXPECT_V(m, 2, kBLo, 0xf0d0b09081614121ull);
  EXPECT_V(m, 3, 0x0efcead88f7d6b59ull, 0);
  EXPECT_V(m, 4, 0x0febc7a38f6b4723ull, 0);
  EXPECT_V(m, 5, kBLo, 0xf0e0d0c081716151ull);
}

// ---- scalar forms ----------------------------------------------------------------------
TEST(SimdScalar, DRegisterForms) {
  Machine m = simd_machine({{22, 0, 0x1234}, {23, 0xfc, 0x55}, {17, kBLo, kBHi}});
  run(m,
      "add d0, d20, d21\n"
      "sub d1, d21, d20\n"
      "cmeq d2, d20, d20\n"
      "cmgt d3, d20, d21\n"  // A.lo is negative
      "cmhi d4, d20, d21\n"
      "cmtst d5, d20, d21\n"
      "cmeq d6, d22, #0\n"
      "cmlt d7, d20, #0\n"
      "cmgt d8, d20, #0\n"
      "cmge d9, d21, #0\n"
      "cmle d10, d20, #0\n"
      "neg d11, d20\n"
      "abs d12, d20\n"
      "addp d13, v20.2d\n"
      "ushr d14, d20, #4\n"
      "sshr d15, d20, #4\n"
      "shl d16, d20, #8\n"
      "usra d17, d20, #64\n"
      "sshl d18, d20, d23\n"  // shift by -4
      "ushl d19, d20, d23\n"
      "cmhs d24, d21, d20\n"
      "cmge d25, d20, d21");
  EXPECT_V(m, 0, 0x8f7d6b5947352311ull, 0);
  EXPECT_V(m, 1, 0x7e8e9eaebecedeefull, 0);
  EXPECT_V(m, 2, ~0ull, 0);
  EXPECT_V(m, 3, 0, 0);
  EXPECT_V(m, 4, ~0ull, 0);
  EXPECT_V(m, 5, ~0ull, 0);
  EXPECT_V(m, 6, ~0ull, 0);
  EXPECT_V(m, 7, ~0ull, 0);
  EXPECT_V(m, 8, 0, 0);
  EXPECT_V(m, 9, ~0ull, 0);
  EXPECT_V(m, 10, ~0ull, 0);
  EXPECT_V(m, 11, 0x778899aabbccddefull, 0);
  EXPECT_V(m, 12, 0x778899aabbccddefull, 0);
  EXPECT_V(m, 13, 0x88664421ffddbb91ull, 0);  // A.lo + A.hi mod 2^64
  EXPECT_V(m, 14, 0x0887766554433221ull, 0);
  EXPECT_V(m, 15, 0xf887766554433221ull, 0);
  EXPECT_V(m, 16, 0x7766554433221100ull, 0);
  EXPECT_V(m, 17, kBLo, 0);  // adds A.lo >> 64 = 0, upper half cleared
  EXPECT_V(m, 18, 0xf887766554433221ull, 0);
  EXPECT_V(m, 19, 0x0887766554433221ull, 0);
  EXPECT_V(m, 24, 0, 0);  // 0x0706... < 0x8877... unsigned
  EXPECT_V(m, 25, 0, 0);
  // ADD/SUB/CMxx scalar exist only for D (size 11); ADDP scalar only for D.
  expect_undefined(word_of("add d0, d20, d21") & ~(1u << 22));
  expect_undefined(word_of("cmeq d6, d22, #0") & ~(1u << 22));
  expect_undefined(word_of("addp d13, v20.2d") & ~(1u << 22));
  expect_undefined(word_of("ushr d14, d20, #4") & ~(1u << 22));  // immh 0xxx: scalar needs D
}

TEST(SimdScalar, SaturatingD) {
  Machine m = simd_machine();
  run(m, "sqadd d0, d20, d20\nuqadd d1, d21, d21\nsqsub d2, d21, d20");
  EXPECT_V(m, 0, 0x8000000000000000ull, 0);  // 2 * (negative A.lo) saturates low
  EXPECT_V(m, 1, 0x0e0c0a0806040200ull, 0);
  // 0x0706050403020100 - (-0x778899aabbccddef) = 0x7e8e9eaebecedeef, fits.
  EXPECT_V(m, 2, 0x7e8e9eaebecedeefull, 0);
  EXPECT_NE(m.state().fpsr & kQc, 0u);
}

// ---- floating point three same ---------------------------------------------------------
// Exactly representable operands and results (no rounding): v24 = {1.0, 2.0, -1.0, 6.0},
// v25 = {2.0, 2.0, 0.5, 3.0} as singles; v27 = {1.0, 2.0}, v28 = {2.0, 0.5} as doubles.
TEST(SimdFloat, ThreeSame) {
  const uint64_t ones_s = 0x3f8000003f800000ull;
  Machine m = simd_machine({{24, 0x400000003f800000ull, 0x40c00000bf800000ull},
                            {25, 0x4000000040000000ull, 0x404000003f000000ull},
                            {26, ones_s, ones_s},
                            {8, ones_s, ones_s},
                            {27, 0x3ff0000000000000ull, 0x4000000000000000ull},
                            {28, 0x4000000000000000ull, 0x3fe0000000000000ull}});
  run(m,
      "fadd v0.4s, v24.4s, v25.4s\n"  // 3 4 -0.5 9
      "fsub v1.4s, v24.4s, v25.4s\n"  // -1 0 -1.5 3
      "fmul v2.4s, v24.4s, v25.4s\n"  // 2 4 -0.5 18
      "fdiv v3.4s, v24.4s, v25.4s\n"  // 0.5 1 -2 2
      "fmax v4.4s, v24.4s, v25.4s\n"
      "fmin v5.4s, v24.4s, v25.4s\n"
      "fabd v6.4s, v24.4s, v25.4s\n"    // 1 0 1.5 3
      "fmla v26.4s, v24.4s, v25.4s\n"   // 1 + x*y: 3 5 0.5 19
      "fmls v8.4s, v24.4s, v25.4s\n"    // 1 - x*y: -1 -3 1.5 -17
      "faddp v9.4s, v24.4s, v25.4s\n"   // 3 5 4 3.5
      "fmaxp v10.4s, v24.4s, v25.4s\n"  // 2 6 2 3
      "fminp v11.4s, v24.4s, v25.4s\n"  // 1 -1 2 0.5
      "fadd v12.2s, v24.2s, v25.2s\n"
      "fadd v13.2d, v27.2d, v28.2d\n"  // 3.0 2.5
      "fdiv v14.2d, v27.2d, v28.2d\n"  // 0.5 4.0
      "fmaxnm v15.4s, v24.4s, v25.4s\n"
      "fminnm v16.2d, v27.2d, v28.2d");
  EXPECT_V(m, 0, 0x4080000040400000ull, 0x41100000bf000000ull);
  EXPECT_V(m, 1, 0x00000000bf800000ull, 0x40400000bfc00000ull);
  EXPECT_V(m, 2, 0x4080000040000000ull, 0x41900000bf000000ull);
  EXPECT_V(m, 3, 0x3f8000003f000000ull, 0x40000000c0000000ull);
  EXPECT_V(m, 4, 0x4000000040000000ull, 0x40c000003f000000ull);
  EXPECT_V(m, 5, 0x400000003f800000ull, 0x40400000bf800000ull);
  EXPECT_V(m, 6, 0x000000003f800000ull, 0x404000003fc00000ull);
  EXPECT_V(m, 26, 0x40a0000040400000ull, 0x419800003f000000ull);
  EXPECT_V(m, 8, 0xc0400000bf800000ull, 0xc18800003fc00000ull);
  EXPECT_V(m, 9, 0x40a0000040400000ull, 0x4060000040800000ull);
  EXPECT_V(m, 10, 0x40c0000040000000ull, 0x4040000040000000ull);
  EXPECT_V(m, 11, 0xbf8000003f800000ull, 0x3f00000040000000ull);
  EXPECT_V(m, 12, 0x4080000040400000ull, 0);
  EXPECT_V(m, 13, 0x4008000000000000ull, 0x4004000000000000ull);
  EXPECT_V(m, 14, 0x3fe0000000000000ull, 0x4010000000000000ull);
  EXPECT_V(m, 15, 0x4000000040000000ull, 0x40c000003f000000ull);
  EXPECT_V(m, 16, 0x3ff0000000000000ull, 0x3fe0000000000000ull);
  EXPECT_EQ(m.state().fpsr, 0u);                                           // all exact: no exception flags
  expect_undefined(word_of("fadd v13.2d, v27.2d, v28.2d") & ~(1u << 30));  // 1D
}

TEST(SimdFloat, ComparesAndFlags) {
  Machine m = simd_machine({{24, 0x400000003f800000ull, 0x40c00000bf800000ull},
                            {25, 0x4000000040000000ull, 0x404000003f000000ull},
                            {29, 0x3f80000000000000ull, 0}});
  run(m,
      "fcmeq v0.4s, v24.4s, v25.4s\n"
      "fcmge v1.4s, v24.4s, v25.4s\n"
      "fcmgt v2.4s, v24.4s, v25.4s\n"
      "facge v3.4s, v24.4s, v25.4s\n"  // |-1| >= 0.5
      "facgt v4.4s, v24.4s, v25.4s\n"
      "fdiv v5.2s, v24.2s, v29.2s");  // 1/0 = +inf (DZC), 2/1 = 2
  EXPECT_V(m, 0, 0xffffffff00000000ull, 0);
  EXPECT_V(m, 1, 0xffffffff00000000ull, 0xffffffff00000000ull);
  EXPECT_V(m, 2, 0, 0xffffffff00000000ull);
  EXPECT_V(m, 3, 0xffffffff00000000ull, ~0ull);
  EXPECT_V(m, 4, 0, ~0ull);
  EXPECT_V(m, 5, 0x400000007f800000ull, 0);
  EXPECT_EQ(m.state().fpsr, 1u << 1);  // DZC only
}

TEST(SimdFloat, TwoRegisterMisc) {
  // v24 = {1.0, 2.0, -1.0, 6.0}; v22 = {-2.5, 0.0, 7.75, -0.0} singles; v23 = {5, -3} as .2d integers.
  Machine m = simd_machine({{24, 0x400000003f800000ull, 0x40c00000bf800000ull},
                            {22, 0x00000000c0200000ull, 0x8000000040f80000ull},
                            {23, 5, static_cast<uint64_t>(-3)},
                            {30, 0x4090000040800000ull, 0}});  // {4.0, 4.5}
  run(m,
      "fabs v0.4s, v24.4s\n"
      "fneg v1.4s, v24.4s\n"
      "fcmgt v2.4s, v22.4s, #0.0\n"
      "fcmge v3.4s, v22.4s, #0.0\n"  // -0.0 >= 0
      "fcmeq v4.4s, v22.4s, #0.0\n"
      "fcmle v5.4s, v22.4s, #0.0\n"
      "fcmlt v6.4s, v22.4s, #0.0\n"
      "fcvtzs v7.4s, v22.4s\n"  // -2.5 -> -2, 7.75 -> 7 (inexact)
      "fcvtzu v8.4s, v22.4s\n"  // -2.5 -> 0 (invalid), 7.75 -> 7
      "scvtf v9.2d, v23.2d\n"   // 5.0, -3.0
      "ucvtf v10.2s, v24.2s\n"  // 0x3f800000 and 0x40000000 as integers
      "fsqrt v11.2s, v30.2s");  // sqrt(4) = 2, sqrt(4.5) inexact
  EXPECT_V(m, 0, 0x400000003f800000ull, 0x40c000003f800000ull);
  EXPECT_V(m, 1, 0xc0000000bf800000ull, 0xc0c000003f800000ull);
  EXPECT_V(m, 2, 0, 0x00000000ffffffffull);
  EXPECT_V(m, 3, 0xffffffff00000000ull, ~0ull);
  EXPECT_V(m, 4, 0xffffffff00000000ull, 0xffffffff00000000ull);
  EXPECT_V(m, 5, ~0ull, 0xffffffff00000000ull);
  EXPECT_V(m, 6, 0x00000000ffffffffull, 0);
  EXPECT_V(m, 7, 0x00000000fffffffeull, 0x0000000000000007ull);
  EXPECT_V(m, 8, 0, 0x0000000000000007ull);
  EXPECT_V(m, 9, 0x4014000000000000ull, 0xc008000000000000ull);
  // 0x3f800000 = 1065353216 = 2^29.98..: exactly 0x4e7e0000; 0x40000000 = 2^30 -> 0x4e800000.
  EXPECT_V(m, 10, 0x4e8000004e7e0000ull, 0);
  // sqrt(4.5) = 2.1213203... rounds to 0x4007c3b6 (nearest single).
  EXPECT_V(m, 11, 0x4007c3b640000000ull, 0);
  EXPECT_EQ(m.state().fpsr, (1u << 0) | (1u << 4));               // IOC (FCVTZU of -2.5) and IXC
  expect_undefined(word_of("fabs v0.2d, v24.2d") & ~(1u << 30));  // 1D
}

TEST(SimdMoreForms, PolynomialAccumulateAndInsertShifts) {
  Machine m = simd_machine({{1, kBLo, kBHi}, {2, kBLo, kBHi}, {3, ~0ull, ~0ull}, {4, ~0ull, ~0ull}});
  run(m,
      "pmul v0.16b, v20.16b, v21.16b\n"  // carry-less: 0x22 * 0x01 = 0x22, 0x33 * 0x02 = 0x66, ...
      "uabal v1.8h, v20.8b, v21.8b\n"    // B.h + |A.b - B.b|
      "srsra v2.4s, v20.4s, #4\n"        // B.s + ((A.s + 8) >> 4), arithmetic
      "sri d3, d20, #4\n"                // top 4 bits of d3 stay
      "sli d4, d20, #8");                // low 8 bits of d4 stay
  EXPECT_V(m, 0, 0xb832fe54cc662200ull, 0x0514415015045100ull);
  EXPECT_V(m, 1, 0x0747053503230111ull, 0x0f8f0d7d0b6b0959ull);
  EXPECT_V(m, 2, 0xff8d7b6907453321ull, 0x0f0cfae906c4b2a0ull);
  EXPECT_V(m, 3, 0xf887766554433221ull, 0);
  EXPECT_V(m, 4, 0x77665544332211ffull, 0);
  expect_undefined(word_of("pmul v0.16b, v20.16b, v21.16b") | (1u << 22));  // PMUL bytes only
}
// ---- saturation, estimates and reserved encodings -------------------------------------
// Per-lane values worked out from the Arm ARM's definitions; the full operand space is
// compared against Unicorn in simd_oracle_test.cpp.
TEST(SimdSaturation, EdgesSetQc) {
  // h lanes of v1/v2: 0x8000 x4 (lo), 0x0000 0x4000 0x0000 0x4000 (hi).
  const uint64_t lo = 0x8000800080008000ull, hi = 0x4000000040000000ull;
  Machine m = simd_machine({{1, lo, hi}, {2, lo, hi}, {10, 0x7f7f7f7f7f7f7f7full, 0x8080808080808080ull}});
  run(m,
      "sqdmulh v0.4h, v1.4h, v2.4h\n"   // 2 * (-2^15)^2 >> 16 = 2^15: saturates to 0x7fff
      "sqrdmulh v4.4s, v2.4s, v1.4s\n"  // (2 * 0x80008000^2 + 2^31) >> 32 = 0x7fff0001; 2^30 * 2^30 -> 2^29
      "sqabs v5.8h, v1.8h\n"            // |-2^15| saturates to 0x7fff
      "sqneg v6.2d, v1.2d\n"            // plain negation: no 64-bit lane is the minimum
      "sqshl v7.8h, v1.8h, #1\n"        // -2^15 << 1 -> 0x8000; 0x4000 << 1 -> 0x7fff
      "uqshrn v8.8b, v1.8h, #8\n"       // 0x8000 >> 8 = 0x80 fits; 0x4000 >> 8 = 0x40
      "sqshrun v9.8b, v1.8h, #8\n"      // negative -> 0
      "suqadd v10.16b, v2.16b");        // 0x7f + 0x80 -> 0x7f; -128 + 0x40 = 0xc0
  EXPECT_V(m, 0, 0x7fff7fff7fff7fffull, 0);
  EXPECT_V(m, 4, 0x7fff00017fff0001ull, 0x2000000020000000ull);
  EXPECT_V(m, 5, 0x7fff7fff7fff7fffull, hi);
  EXPECT_V(m, 6, 0x7fff7fff7fff8000ull, 0xbfffffffc0000000ull);
  EXPECT_V(m, 7, 0x8000800080008000ull, 0x7fff00007fff0000ull);
  EXPECT_V(m, 8, 0x4000400080808080ull, 0);
  EXPECT_V(m, 9, 0x4000400000000000ull, 0);
  EXPECT_V(m, 10, 0x7f7f7f7f7f7f7f7full, 0xc0808080c0808080ull);
  EXPECT_NE(m.state().fpsr & kQc, 0u);

  Machine n = simd_machine({{1, 0x7fffffffffffffffull, 0}, {2, 1, 0}});
  run(n, "sqadd d0, d1, d2\nuqsub s3, s2, s1\nsqrshl d4, d2, d1");
  EXPECT_V(n, 0, 0x7fffffffffffffffull, 0);  // INT64_MAX + 1 saturates
  EXPECT_V(n, 3, 0, 0);                      // 1 - 0xffffffff saturates to 0
  EXPECT_V(n, 4, 1, 0);                      // shift by -1 (low byte 0xff) with rounding: (1 + 1) >> 1
}

TEST(SimdFloat, EstimatesAndRoundToOdd) {
  // s lanes: 1.0, 2.0, +0.0, +inf
  Machine m = simd_machine({{1, 0x400000003f800000ull, 0x7f80000000000000ull},
                            {4, 0xffffffff80000000ull, 0},
                            {7, 0x3ff0000004000000ull, 0}});
  run(m,
      "frecpe v0.4s, v1.4s\n"   // 1.0 -> 0x3f7f8000, 2.0 -> 0x3eff8000, 0 -> +inf (DZC), inf -> 0
      "frsqrte v2.4s, v1.4s\n"  // 1.0 -> 0x3f7f8000, 2.0 -> 0x3f348000 (estimate 361)
      "urecpe v3.2s, v4.2s\n"   // 0x80000000 -> 511 << 23; 0xffffffff -> 256 << 23
      "ursqrte v5.2s, v4.2s\n"  // 0x80000000 -> 361 << 23; 0xffffffff -> 256 << 23
      "fcvtxn s6, d7");         // 1 + 2^-26 truncates to 1.0 and sets the lowest bit
  EXPECT_V(m, 0, 0x3eff80003f7f8000ull, 0x000000007f800000ull);
  EXPECT_V(m, 2, 0x3f3480003f7f8000ull, 0x000000007f800000ull);
  EXPECT_V(m, 3, 0x80000000ff800000ull, 0);
  EXPECT_V(m, 5, 0x80000000b4800000ull, 0);
  EXPECT_V(m, 6, 0x3f800001ull, 0);
  EXPECT_EQ(m.state().fpsr, (1u << 1) | (1u << 4));  // DZC, IXC
}

TEST(SimdReserved, SizeAndQCombinations) {
  const uint32_t size_mask = 3u << 22, q = 1u << 30;
  expect_undefined(word_of("sqdmulh v0.4h, v1.4h, v2.4h") & ~size_mask);  // bytes
  expect_undefined(word_of("sqrdmulh v0.4s, v1.4s, v2.4s") | size_mask);  // doublewords
  expect_undefined(word_of("shadd v0.4s, v1.4s, v2.4s") | size_mask);     // 2D
  expect_undefined(word_of("sqadd v0.2d, v1.2d, v2.2d") & ~q);            // 1D
  expect_undefined(word_of("sshl d0, d1, d2") & ~(1u << 22));             // scalar S
  expect_undefined(word_of("add d0, d1, d2") & ~size_mask);               // scalar B
  expect_undefined(word_of("sqdmulh h0, h1, h2") | size_mask);            // scalar D
  expect_undefined(word_of("cmeq d0, d1, #0") & ~(1u << 22));             // scalar S
  expect_undefined(word_of("abs d0, d1") & ~size_mask);                   // scalar B
  expect_undefined(word_of("pmull v0.8h, v1.8b, v2.8b") | size_mask);     // 64-bit: Crypto
  expect_undefined(word_of("pmull v0.8h, v1.8b, v2.8b") | (1u << 22));    // halfwords
  expect_undefined(word_of("sqdmull v0.4s, v1.4h, v2.4h") & ~size_mask);  // bytes
  expect_undefined(word_of("sqdmull v0.4s, v1.4h, v2.4h") | (1u << 29));  // U = 1
  expect_undefined(word_of("sqdmlal s0, h1, h2") | size_mask);            // scalar D
  expect_undefined(word_of("mul v0.4h, v1.4h, v2.h[0]") & ~size_mask);    // by element, bytes
  expect_undefined(word_of("mul v0.4s, v1.4s, v2.s[0]") | size_mask);     // by element, D
  expect_undefined(word_of("fmla v0.2d, v1.2d, v2.d[0]") | (1u << 21));   // D with L = 1
  expect_undefined(word_of("fmla v0.2d, v1.2d, v2.d[0]") & ~q);           // 1D
  expect_undefined(word_of("fmul v0.4s, v1.4s, v2.s[0]") & ~(1u << 23));  // half precision
  expect_undefined(word_of("mul v0.8h, v1.8h, v2.h[0]") | (1u << 28));    // no scalar MUL
}

TEST(SimdReserved, ShiftMiscAcross) {
  const uint32_t q = 1u << 30;
  expect_undefined(word_of("sqshrn b0, h1, #1") & ~(1u << 12));                            // scalar SHRN
  expect_undefined(word_of("sshr d0, d1, #1") & ~(1u << 22));                              // scalar SSHR on S
  expect_undefined(word_of("sqshl b0, b1, #0") & ~(1u << 19));                             // scalar immh = 0
  expect_undefined(word_of("sqshrn s0, d1, #1") | (1u << 22));                             // narrowing from Q
  expect_undefined(word_of("sqshlu v0.4s, v1.4s, #1") & ~(1u << 29));                      // SQSHLU needs U = 1
  expect_undefined((word_of("scvtf v0.4s, v1.4s, #1") & ~(0x7Fu << 16)) | (0x1Fu << 16));  // half
  expect_undefined(word_of("scvtf v0.2d, v1.2d, #1") & ~q);                                // 1D
  expect_undefined(word_of("urecpe v0.4s, v1.4s") | (1u << 22));                           // 2D
  expect_undefined(word_of("fcvtxn v0.2s, v1.2d") & ~(1u << 22));                          // from S
  expect_undefined(word_of("fcvtn v0.4h, v1.4s") | (1u << 23));                            // size 1x
  expect_undefined(word_of("frecpx s0, s1") & ~(1u << 28));                                // vector FRECPX
  expect_undefined(word_of("fabs v0.4s, v1.4s") | (1u << 28));                             // scalar AdvSIMD FABS
  expect_undefined(word_of("frintx v0.2d, v1.2d") & ~q);                                   // 1D
  expect_undefined(word_of("suqadd v0.2d, v1.2d") & ~q);                                   // 1D
  expect_undefined(word_of("fmaxv s0, v1.4s") & ~q);                                       // 2S
  expect_undefined(word_of("fmaxv s0, v1.4s") | (1u << 22));                               // 2D
  expect_undefined(word_of("fmaxv s0, v1.4s") & ~(1u << 29));                              // half precision
  expect_undefined(word_of("addv s0, v1.4s") & ~q);                                        // 2S
  expect_undefined(word_of("faddp s0, v1.2s") | (1u << 23));                               // no FADDP with a = 1
  expect_undefined(word_of("faddp s0, v1.2s") & ~(1u << 29));                              // half precision
}
}  // namespace
}  // namespace warp64::test
