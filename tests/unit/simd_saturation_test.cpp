// FPSR.QC (bit 27), the cumulative saturation flag of the Advanced SIMD saturating
// instructions. For each one, a result right at the limit of its element type sets nothing,
// and one step past it saturates and sets QC. QC is sticky: an instruction that does not
// saturate leaves it as it was (set or clear), and only a write to FPSR clears it.
//
// Expected results and flags are worked out by hand from the Arm ARM's SignedSatQ and
// UnsignedSatQ (the arithmetic is in the comments); Unicorn runs every case as a second
// oracle. Scalar inputs carry, in the lanes the instruction must ignore, values that would
// saturate if they were processed, so a stray lane shows as a spurious QC.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "fp_oracle.hpp"
#include "support/assemble.hpp"

namespace warp64::test {
namespace {

constexpr uint32_t kQc = 1u << 27;
constexpr uint32_t kOtherFlags = (1u << 0) | (1u << 4);  // IOC and IXC: saturation must leave them

struct V128 {
  uint64_t lo = 0, hi = 0;
};

// One instruction: Vd (v0, also the accumulator), Vn (v1) and Vm (v2) before it, Vd after.
struct SaturationCase {
  const char* insn;
  V128 d, n, m;
  V128 result;
  bool saturates;
};

constexpr bool kAtLimit = false;
constexpr bool kPastLimit = true;

const std::vector<SaturationCase>& saturation_cases() {
  static const std::vector<SaturationCase> kCases = {
      // SQADD: 0x7E + 1 = 127 fits; 0x7F + 1 = 128 saturates to 0x7F. Bytes 1..7 (ignored) would overflow.
      {"sqadd b0, b1, b2", {}, {0x7F7F7F7F7F7F7F7E}, {0x0101010101010101}, {0x7F}, kAtLimit},
      {"sqadd b0, b1, b2", {}, {0x7F}, {0x01}, {0x7F}, kPastLimit},
      // -127 + -1 = -128 fits; -128 + -1 = -129 saturates to -128.
      {"sqadd b0, b1, b2", {}, {0x81}, {0xFF}, {0x80}, kAtLimit},
      {"sqadd b0, b1, b2", {}, {0x80}, {0xFF}, {0x80}, kPastLimit},
      {"sqadd d0, d1, d2", {}, {0x7FFFFFFFFFFFFFFE}, {1}, {0x7FFFFFFFFFFFFFFF}, kAtLimit},
      {"sqadd d0, d1, d2", {}, {0x7FFFFFFFFFFFFFFF}, {1}, {0x7FFFFFFFFFFFFFFF}, kPastLimit},
      // Halfword lanes 3..0: 7FFE+0001, 8001+FFFF (-32767-1), 0001+7FFE, 7FFF+0000 all fit;
      // lane 3 as 7FFF+0001 saturates. The upper half (ignored by a 64-bit vector) would.
      {"sqadd v0.4h, v1.4h, v2.4h",
       {},
       {0x7FFE800100017FFF, 0x7FFF7FFF7FFF7FFF},
       {0x0001FFFF7FFE0000, 0x0001000100010001},
       {0x7FFF80007FFF7FFF},
       kAtLimit},
      {"sqadd v0.4h, v1.4h, v2.4h", {}, {0x7FFF800100017FFF}, {0x0001FFFF7FFE0000}, {0x7FFF80007FFF7FFF}, kPastLimit},

      // UQADD: 0xFE + 1 = 0xFF fits; 0xFF + 1 saturates to 0xFF.
      {"uqadd b0, b1, b2", {}, {0xFFFFFFFFFFFFFFFE}, {0x0101010101010101}, {0xFF}, kAtLimit},
      {"uqadd b0, b1, b2", {}, {0xFF}, {0x01}, {0xFF}, kPastLimit},
      {"uqadd d0, d1, d2", {}, {0xFFFFFFFFFFFFFFFE}, {1}, {0xFFFFFFFFFFFFFFFF}, kAtLimit},
      {"uqadd d0, d1, d2", {}, {0xFFFFFFFFFFFFFFFF}, {1}, {0xFFFFFFFFFFFFFFFF}, kPastLimit},
      {"uqadd v0.16b, v1.16b, v2.16b",
       {},
       {0xFEFEFEFEFEFEFEFE, 0x00000000000000FF},
       {0x0101010101010101, 0x00000000000000FF},
       {0xFFFFFFFFFFFFFFFF, 0x00000000000000FF},
       kPastLimit},  // byte 8: 0xFF + 0xFF

      // SQSUB: -127 - 1 = -128 fits; -128 - 1 saturates; 126 - (-1) = 127 fits; 127 - (-1) saturates.
      {"sqsub b0, b1, b2", {}, {0x8080808080808081}, {0x0101010101010101}, {0x80}, kAtLimit},
      {"sqsub b0, b1, b2", {}, {0x80}, {0x01}, {0x80}, kPastLimit},
      {"sqsub b0, b1, b2", {}, {0x7E}, {0xFF}, {0x7F}, kAtLimit},
      {"sqsub b0, b1, b2", {}, {0x7F}, {0xFF}, {0x7F}, kPastLimit},
      {"sqsub s0, s1, s2", {}, {0x80000001}, {1}, {0x80000000}, kAtLimit},
      {"sqsub s0, s1, s2", {}, {0x80000000}, {1}, {0x80000000}, kPastLimit},

      // UQSUB: 1 - 1 = 0 fits; 0 - 1 saturates to 0.
      {"uqsub b0, b1, b2", {}, {0x0000000000000001}, {0x0101010101010101}, {0}, kAtLimit},
      {"uqsub b0, b1, b2", {}, {0x00}, {0x01}, {0}, kPastLimit},
      {"uqsub h0, h1, h2", {}, {0x8000}, {0x8000}, {0}, kAtLimit},
      {"uqsub h0, h1, h2", {}, {0x7FFF}, {0x8000}, {0}, kPastLimit},

      // SQSHL (register), shift = SInt(Vm<7:0>): 0x3F << 1 = 126 fits; 0x40 << 1 = 128 saturates.
      {"sqshl b0, b1, b2", {}, {0x404040404040403F}, {0x0101010101010101}, {0x7E}, kAtLimit},
      {"sqshl b0, b1, b2", {}, {0x40}, {0x01}, {0x7F}, kPastLimit},
      // -64 << 1 = -128 fits; -65 << 1 = -130 saturates to -128.
      {"sqshl b0, b1, b2", {}, {0xC0}, {0x01}, {0x80}, kAtLimit},
      {"sqshl b0, b1, b2", {}, {0xBF}, {0x01}, {0x80}, kPastLimit},
      // 1 << 6 = 64 fits, 1 << 7 = 128 does not; zero shifted by 127 stays zero.
      {"sqshl b0, b1, b2", {}, {0x01}, {0x06}, {0x40}, kAtLimit},
      {"sqshl b0, b1, b2", {}, {0x01}, {0x07}, {0x7F}, kPastLimit},
      {"sqshl b0, b1, b2", {}, {0x00}, {0x7F}, {0x00}, kAtLimit},
      // SQSHL (immediate).
      {"sqshl b0, b1, #1", {}, {0x404040404040403F}, {}, {0x7E}, kAtLimit},
      {"sqshl b0, b1, #1", {}, {0x40}, {}, {0x7F}, kPastLimit},
      {"sqshl d0, d1, #1", {}, {0x3FFFFFFFFFFFFFFF}, {}, {0x7FFFFFFFFFFFFFFE}, kAtLimit},
      {"sqshl d0, d1, #1", {}, {0x4000000000000000}, {}, {0x7FFFFFFFFFFFFFFF}, kPastLimit},

      // UQSHL: 0x7F << 1 = 0xFE fits, 0x80 << 1 = 0x100 saturates; a right shift never does.
      {"uqshl b0, b1, b2", {}, {0x808080808080807F}, {0x0101010101010101}, {0xFE}, kAtLimit},
      {"uqshl b0, b1, b2", {}, {0x80}, {0x01}, {0xFF}, kPastLimit},
      {"uqshl b0, b1, b2", {}, {0xFF}, {0xFF}, {0x7F}, kAtLimit},
      {"uqshl h0, h1, #4", {}, {0x0FFF}, {}, {0xFFF0}, kAtLimit},
      {"uqshl h0, h1, #4", {}, {0x1000}, {}, {0xFFFF}, kPastLimit},

      // SQRSHL: left shifts as SQSHL; a rounding right shift of 127 by 1 is (127 + 1) >> 1 = 64.
      {"sqrshl b0, b1, b2", {}, {0x404040404040403F}, {0x0101010101010101}, {0x7E}, kAtLimit},
      {"sqrshl b0, b1, b2", {}, {0x40}, {0x01}, {0x7F}, kPastLimit},
      {"sqrshl b0, b1, b2", {}, {0x7F}, {0xFF}, {0x40}, kAtLimit},
      // UQRSHL: (255 + 1) >> 1 = 128 fits; 0x80 << 1 saturates.
      {"uqrshl b0, b1, b2", {}, {0xFF}, {0xFF}, {0x80}, kAtLimit},
      {"uqrshl b0, b1, b2", {}, {0x80}, {0x01}, {0xFF}, kPastLimit},

      // SQXTN: 0x007F -> 0x7F and -128 -> 0x80 fit; 0x0080 and -129 (0xFF7F) saturate.
      {"sqxtn b0, h1", {}, {0x008000800080007F}, {}, {0x7F}, kAtLimit},
      {"sqxtn b0, h1", {}, {0x0080}, {}, {0x7F}, kPastLimit},
      {"sqxtn b0, h1", {}, {0xFF80}, {}, {0x80}, kAtLimit},
      {"sqxtn b0, h1", {}, {0xFF7F}, {}, {0x80}, kPastLimit},
      // 32-bit lanes to 16 bits: 0x00007FFF -> 7FFF, 0xFFFF8000 -> 8000, 1 -> 0001, -1 -> FFFF
      // fit; lane 0 as 0x00008000 saturates.
      {"sqxtn v0.4h, v1.4s", {}, {0xFFFF800000007FFF, 0xFFFFFFFF00000001}, {}, {0xFFFF000180007FFF}, kAtLimit},
      {"sqxtn v0.4h, v1.4s", {}, {0xFFFF800000008000, 0xFFFFFFFF00000001}, {}, {0xFFFF000180007FFF}, kPastLimit},
      // UQXTN: 0x00FF fits, 0x0100 saturates to 0xFF.
      {"uqxtn b0, h1", {}, {0x01000100010000FF}, {}, {0xFF}, kAtLimit},
      {"uqxtn b0, h1", {}, {0x0100}, {}, {0xFF}, kPastLimit},
      {"uqxtn s0, d1", {}, {0x00000000FFFFFFFF}, {}, {0xFFFFFFFF}, kAtLimit},
      {"uqxtn s0, d1", {}, {0x0000000100000000}, {}, {0xFFFFFFFF}, kPastLimit},
      // SQXTUN: signed to unsigned: 0x00FF and 0 fit; 0x0100 saturates to 0xFF, -1 to 0.
      {"sqxtun b0, h1", {}, {0xFFFFFFFFFFFF00FF}, {}, {0xFF}, kAtLimit},
      {"sqxtun b0, h1", {}, {0x0100}, {}, {0xFF}, kPastLimit},
      {"sqxtun b0, h1", {}, {0x0000}, {}, {0x00}, kAtLimit},
      {"sqxtun b0, h1", {}, {0xFFFF}, {}, {0x00}, kPastLimit},

      // SQDMULH: (2 * a * b) >> 16. 2 * -32768 * -32767 = 0x7FFF0000 -> 0x7FFF fits;
      // 2 * -32768 * -32768 = 2^31 -> 0x8000 does not, saturates to 0x7FFF.
      {"sqdmulh h0, h1, h2", {}, {0x8000}, {0x8001}, {0x7FFF}, kAtLimit},
      {"sqdmulh h0, h1, h2", {}, {0x8000}, {0x8000}, {0x7FFF}, kPastLimit},
      {"sqdmulh s0, s1, s2", {}, {0x80000000}, {0x80000001}, {0x7FFFFFFF}, kAtLimit},
      {"sqdmulh s0, s1, s2", {}, {0x80000000}, {0x80000000}, {0x7FFFFFFF}, kPastLimit},
      // Lanes 3..0: 1*1 -> 0; -32768*32767 -> -0x7FFF0000 >> 16 = 0x8001; 0x4000^2 -> 0x2000;
      // -32768*-32767 -> 0x7FFF. Then lane 3 as -32768*-32768 saturates.
      {"sqdmulh v0.4h, v1.4h, v2.4h", {}, {0x0001800040008000}, {0x00017FFF40008001}, {0x0000800120007FFF}, kAtLimit},
      {"sqdmulh v0.4h, v1.4h, v2.4h", {}, {0x8000800040008000}, {0x80007FFF40008001}, {0x7FFF800120007FFF}, kPastLimit},
      // By element: Vm.h[1] is the multiplier (h[0] would saturate).
      {"sqdmulh h0, h1, v2.h[1]", {}, {0x8000}, {0x80018000}, {0x7FFF}, kAtLimit},
      {"sqdmulh h0, h1, v2.h[1]", {}, {0x8000}, {0x80008001}, {0x7FFF}, kPastLimit},
      // SQRDMULH: (2 * a * b + 0x8000) >> 16: 0x7FFF0000 + 0x8000 -> 0x7FFF fits; 2^31 + 0x8000 does not.
      {"sqrdmulh h0, h1, h2", {}, {0x8000}, {0x8001}, {0x7FFF}, kAtLimit},
      {"sqrdmulh h0, h1, h2", {}, {0x8000}, {0x8000}, {0x7FFF}, kPastLimit},
      {"sqrdmulh h0, h1, h2", {}, {0x0001}, {0x4000}, {0x0001}, kAtLimit},  // (0x8000 + 0x8000) >> 16

      // SQABS / SQNEG: |-127| and -(-127) fit; -128 saturates to 127.
      {"sqabs b0, b1", {}, {0x8080808080808081}, {}, {0x7F}, kAtLimit},
      {"sqabs b0, b1", {}, {0x80}, {}, {0x7F}, kPastLimit},
      {"sqabs d0, d1", {}, {0x8000000000000001}, {}, {0x7FFFFFFFFFFFFFFF}, kAtLimit},
      {"sqabs d0, d1", {}, {0x8000000000000000}, {}, {0x7FFFFFFFFFFFFFFF}, kPastLimit},
      {"sqabs v0.8b, v1.8b", {}, {0x81FF017F00C0817F, 0x8080808080808080}, {}, {0x7F01017F00407F7F}, kAtLimit},
      {"sqabs v0.8b, v1.8b", {}, {0x81FF017F00C0807F}, {}, {0x7F01017F00407F7F}, kPastLimit},
      {"sqneg b0, b1", {}, {0x8080808080808081}, {}, {0x7F}, kAtLimit},
      {"sqneg b0, b1", {}, {0x80}, {}, {0x7F}, kPastLimit},
      {"sqneg b0, b1", {}, {0x7F}, {}, {0x81}, kAtLimit},

      // SUQADD: signed Vd + unsigned Vn. 126 + 1 and -128 + 255 = 127 fit; 127 + 1 and -127 + 255 = 128 do not.
      {"suqadd b0, b1", {0x7F7F7F7F7F7F7F7E}, {0x0101010101010101}, {}, {0x7F}, kAtLimit},
      {"suqadd b0, b1", {0x7F}, {0x01}, {}, {0x7F}, kPastLimit},
      {"suqadd b0, b1", {0x80}, {0xFF}, {}, {0x7F}, kAtLimit},
      {"suqadd b0, b1", {0x81}, {0xFF}, {}, {0x7F}, kPastLimit},
      // -2^63 + (2^64 - 1) = 2^63 - 1 fits; -(2^63 - 1) + (2^64 - 1) = 2^63 does not.
      {"suqadd d0, d1", {0x8000000000000000}, {0xFFFFFFFFFFFFFFFF}, {}, {0x7FFFFFFFFFFFFFFF}, kAtLimit},
      {"suqadd d0, d1", {0x8000000000000001}, {0xFFFFFFFFFFFFFFFF}, {}, {0x7FFFFFFFFFFFFFFF}, kPastLimit},
      // USQADD: unsigned Vd + signed Vn. 1 + -1 = 0 and 0x80 + 0x7F = 0xFF fit; 0 + -1 and 0x81 + 0x7F do not.
      {"usqadd b0, b1", {0x0000000000000001}, {0xFFFFFFFFFFFFFFFF}, {}, {0x00}, kAtLimit},
      {"usqadd b0, b1", {0x00}, {0xFF}, {}, {0x00}, kPastLimit},
      {"usqadd b0, b1", {0x80}, {0x7F}, {}, {0xFF}, kAtLimit},
      {"usqadd b0, b1", {0x81}, {0x7F}, {}, {0xFF}, kPastLimit},

      // SQDMULL: 2 * -32768 * -32767 = 0x7FFF0000 fits in 32 bits; 2 * -32768 * -32768 = 2^31 does not.
      {"sqdmull s0, h1, h2", {}, {0x8000}, {0x8001}, {0x7FFF0000}, kAtLimit},
      {"sqdmull s0, h1, h2", {}, {0x8000}, {0x8000}, {0x7FFFFFFF}, kPastLimit},
      {"sqdmull d0, s1, s2", {}, {0x80000000}, {0x80000001}, {0x7FFFFFFF00000000}, kAtLimit},
      {"sqdmull d0, s1, s2", {}, {0x80000000}, {0x80000000}, {0x7FFFFFFFFFFFFFFF}, kPastLimit},
      // SQDMLAL / SQDMLSL: Vd +/- 2 * 1 * 1.
      {"sqdmlal s0, h1, h2", {0x7FFFFFFD}, {1}, {1}, {0x7FFFFFFF}, kAtLimit},
      {"sqdmlal s0, h1, h2", {0x7FFFFFFE}, {1}, {1}, {0x7FFFFFFF}, kPastLimit},
      {"sqdmlsl s0, h1, h2", {0x80000002}, {1}, {1}, {0x80000000}, kAtLimit},
      {"sqdmlsl s0, h1, h2", {0x80000001}, {1}, {1}, {0x80000000}, kPastLimit},

      // SQSHLU (signed in, unsigned out): 0x3F << 2 = 0xFC fits, 0x40 << 2 = 0x100 and -1 do not.
      {"sqshlu b0, b1, #2", {}, {0xFFFFFFFFFFFFFF3F}, {}, {0xFC}, kAtLimit},
      {"sqshlu b0, b1, #2", {}, {0x40}, {}, {0xFF}, kPastLimit},
      {"sqshlu b0, b1, #2", {}, {0xFF}, {}, {0x00}, kPastLimit},
      // Narrowing right shifts by 1: SQSHRN 0x00FE -> 0x7F and -256 -> -128 fit; 0x0100 -> 0x80
      // and -258 -> -129 saturate.
      {"sqshrn b0, h1, #1", {}, {0x01000100010000FE}, {}, {0x7F}, kAtLimit},
      {"sqshrn b0, h1, #1", {}, {0x0100}, {}, {0x7F}, kPastLimit},
      {"sqshrn b0, h1, #1", {}, {0xFF00}, {}, {0x80}, kAtLimit},
      {"sqshrn b0, h1, #1", {}, {0xFEFE}, {}, {0x80}, kPastLimit},
      {"uqshrn b0, h1, #1", {}, {0x01FE}, {}, {0xFF}, kAtLimit},
      {"uqshrn b0, h1, #1", {}, {0x0200}, {}, {0xFF}, kPastLimit},
      // Rounding: (0xFE + 1) >> 1 = 0x7F fits, (0xFF + 1) >> 1 = 0x80 does not.
      {"sqrshrn b0, h1, #1", {}, {0x00FE}, {}, {0x7F}, kAtLimit},
      {"sqrshrn b0, h1, #1", {}, {0x00FF}, {}, {0x7F}, kPastLimit},
      {"uqrshrn b0, h1, #1", {}, {0x01FE}, {}, {0xFF}, kAtLimit},
      {"uqrshrn b0, h1, #1", {}, {0x01FF}, {}, {0xFF}, kPastLimit},
      {"sqshrun b0, h1, #1", {}, {0x01FE}, {}, {0xFF}, kAtLimit},
      {"sqshrun b0, h1, #1", {}, {0xFFFE}, {}, {0x00}, kPastLimit},
      {"sqrshrun b0, h1, #1", {}, {0x01FE}, {}, {0xFF}, kAtLimit},
      {"sqrshrun b0, h1, #1", {}, {0x01FF}, {}, {0xFF}, kPastLimit},
  };
  return kCases;
}

FpState input_of(const SaturationCase& c, uint32_t fpsr) {
  FpState in;
  in.v[0][0] = c.d.lo, in.v[0][1] = c.d.hi;
  in.v[1][0] = c.n.lo, in.v[1][1] = c.n.hi;
  in.v[2][0] = c.m.lo, in.v[2][1] = c.m.hi;
  in.v[3][0] = 0x5555555555555555ull, in.v[3][1] = 0xAAAAAAAAAAAAAAAAull;  // must stay as it is
  in.fpsr = fpsr;
  return in;
}

FpState expected_of(const SaturationCase& c, const FpState& in) {
  FpState out = in;
  out.v[0][0] = c.result.lo;
  out.v[0][1] = c.result.hi;
  out.fpsr = in.fpsr | (c.saturates ? kQc : 0);
  return out;
}

std::string describe(const FpState& s) {
  char text[160];
  std::snprintf(text, sizeof text, "v0 %016llx:%016llx fpsr %08x", static_cast<unsigned long long>(s.v[0][1]),
                static_cast<unsigned long long>(s.v[0][0]), s.fpsr);
  return text;
}

// From FPSR clear, QC must come out set exactly when the case saturates; from FPSR with QC
// (and two exception flags) set, every case must leave FPSR as it was.
TEST(SimdSaturation, QcSetOnlyPastTheLimitAndSticky) {
  CoreRunner core;
  FpOracle unicorn;
  ASSERT_TRUE(unicorn.ok());
  for (const SaturationCase& c : saturation_cases()) {
    SCOPED_TRACE(c.insn);
    const std::vector<uint32_t> words = assemble(c.insn);
    ASSERT_EQ(words.size(), 1u);
    for (const uint32_t fpsr : {0u, kQc | kOtherFlags}) {
      const FpState in = input_of(c, fpsr);
      const FpState want = expected_of(c, in);
      ExecResult r;
      const FpState got = core.run(words[0], in, r);
      ASSERT_EQ(r.stop_reason, StopReason::kHalt);
      EXPECT_EQ(describe(got), describe(want)) << "warp64, from fpsr " << std::hex << fpsr;
      EXPECT_TRUE(got == want) << "warp64 changed another register, from fpsr " << std::hex << fpsr;
      FpState oracle;
      ASSERT_TRUE(unicorn.run(words[0], in, oracle));
      EXPECT_EQ(describe(oracle), describe(want)) << "Unicorn disagrees with the hand-computed value";
    }
  }
}

// Every saturating instruction above has a case on each side of its limit.
TEST(SimdSaturation, EveryInstructionHasBothSidesOfItsLimit) {
  std::map<std::string, unsigned> sides;
  for (const SaturationCase& c : saturation_cases()) {
    const std::string insn = c.insn;
    sides[insn.substr(0, insn.find(' '))] |= c.saturates ? 2u : 1u;
  }
  for (const auto& [mnemonic, seen] : sides) EXPECT_EQ(seen, 3u) << mnemonic;
}

// A run of instructions: saturation sets QC; non-saturating integer, SIMD and FP instructions
// after it leave it set; MRS reads it; only MSR FPSR clears it.
TEST(SimdSaturation, QcStaysSetUntilFpsrIsWritten) {
  Machine m({kDefaultMemorySize, EngineKind::kCpu});
  const ExecResult r = run_assembly(m,
                                    "movi v1.16b, #0x7f\n"
                                    "movi v2.16b, #0x01\n"
                                    "sqadd v0.16b, v1.16b, v2.16b\n"  // 127 + 1: saturates
                                    "mrs x0, fpsr\n"
                                    "sqsub v3.16b, v1.16b, v2.16b\n"  // 126: does not
                                    "add v4.16b, v1.16b, v2.16b\n"
                                    "fmov s5, #1.0\n"
                                    "fadd s6, s5, s5\n"  // exact: no FP flag either
                                    "uqadd b7, b2, b2\n"
                                    "adds x9, x9, #1\n"
                                    "mrs x1, fpsr\n"
                                    "msr fpsr, xzr\n"
                                    "sqadd b8, b2, b2\n"  // 2: does not saturate
                                    "mrs x2, fpsr\n"
                                    "hlt #0");
  ASSERT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(0), kQc);
  EXPECT_EQ(m.x(1), kQc);
  EXPECT_EQ(m.x(2), 0u);
  EXPECT_EQ(m.state().fpsr, 0u);
  EXPECT_EQ(m.state().v[0][0], 0x7F7F7F7F7F7F7F7Full);
  EXPECT_EQ(m.state().v[3][0], 0x7E7E7E7E7E7E7E7Eull);
}

}  // namespace
}  // namespace warp64::test
