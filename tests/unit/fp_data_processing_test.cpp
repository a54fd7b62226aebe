// Scalar floating point: data-processing (1, 2 and 3 source), compares, conditional select,
// immediates and conversions. Results are checked bit for bit (V0..V3, X0..X3, NZCV, FPSR)
// against Unicorn 2 running the same word on the same state, over special values in every
// rounding mode with FZ and DN on and off, plus random operands. A few cases are worked out
// by hand from the Arm ARM as well.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <vector>

#include "fp_oracle.hpp"
#include "support/assemble.hpp"

namespace warp64::test {
namespace {

constexpr uint32_t kHlt = 0xD4400000u;
constexpr uint32_t kNop = 0xD503201Fu;
constexpr uint32_t kIoc = 1u << 0, kDzc = 1u << 1, kIxc = 1u << 4;

// ---- encoders (field layouts from the Arm ARM encoding diagrams) ----------------------
// M 0 S 11110 ftype 1 Rm opcode 10 Rn Rd
uint32_t two_src(unsigned ftype, unsigned opcode, unsigned rm, unsigned rn, unsigned rd) {
  return 0x1E200800u | (ftype << 22) | (rm << 16) | (opcode << 12) | (rn << 5) | rd;
}
// M 0 S 11111 ftype o1 Rm o0 Ra Rn Rd
uint32_t three_src(unsigned ftype, unsigned o1, unsigned o0, unsigned rm, unsigned ra, unsigned rn, unsigned rd) {
  return 0x1F000000u | (ftype << 22) | (o1 << 21) | (rm << 16) | (o0 << 15) | (ra << 10) | (rn << 5) | rd;
}
// M 0 S 11110 ftype 1 opcode 10000 Rn Rd
uint32_t one_src(unsigned ftype, unsigned opcode, unsigned rn, unsigned rd) {
  return 0x1E204000u | (ftype << 22) | (opcode << 15) | (rn << 5) | rd;
}
// M 0 S 11110 ftype 1 Rm 00 1000 Rn opcode2
uint32_t fcmp(unsigned ftype, unsigned rm, unsigned rn, unsigned opcode2) {
  return 0x1E202000u | (ftype << 22) | (rm << 16) | (rn << 5) | opcode2;
}
// M 0 S 11110 ftype 1 Rm cond 01 Rn op nzcv
uint32_t fccmp(unsigned ftype, unsigned rm, unsigned cond, unsigned rn, unsigned op, unsigned nzcv) {
  return 0x1E200400u | (ftype << 22) | (rm << 16) | (cond << 12) | (rn << 5) | (op << 4) | nzcv;
}
// M 0 S 11110 ftype 1 Rm cond 11 Rn Rd
uint32_t fcsel(unsigned ftype, unsigned rm, unsigned cond, unsigned rn, unsigned rd) {
  return 0x1E200C00u | (ftype << 22) | (rm << 16) | (cond << 12) | (rn << 5) | rd;
}
// M 0 S 11110 ftype 1 imm8 100 imm5 Rd
uint32_t fmov_imm(unsigned ftype, unsigned imm8, unsigned rd, unsigned imm5 = 0) {
  return 0x1E201000u | (ftype << 22) | (imm8 << 13) | (imm5 << 5) | rd;
}
// sf 0 S 11110 ftype 0 rmode opcode scale Rn Rd
uint32_t fp_fixed(unsigned sf, unsigned ftype, unsigned rmode, unsigned opcode, unsigned scale, unsigned rn,
                  unsigned rd) {
  return (sf << 31) | 0x1E000000u | (ftype << 22) | (rmode << 19) | (opcode << 16) | (scale << 10) | (rn << 5) | rd;
}
// sf 0 S 11110 ftype 1 rmode opcode 000000 Rn Rd
uint32_t fp_int(unsigned sf, unsigned ftype, unsigned rmode, unsigned opcode, unsigned rn, unsigned rd) {
  return (sf << 31) | 0x1E200000u | (ftype << 22) | (rmode << 19) | (opcode << 16) | (rn << 5) | rd;
}

// FPCR: RMode in 23:22, FZ 24, DN 25, AHP 26.
uint32_t fpcr_of(unsigned rmode, bool fz, bool dn, bool ahp = false) {
  return (rmode << 22) | (fz ? 1u << 24 : 0) | (dn ? 1u << 25 : 0) | (ahp ? 1u << 26 : 0);
}

// ---- values -------------------------------------------------------------------------------
const std::vector<uint64_t> kSpecialS = {
    0x00000000, 0x80000000, 0x7F800000, 0xFF800000,  // ±0, ±inf
    0x7FC00000, 0xFFC12345, 0x7F800001, 0xFFA5A5A5,  // qNaNs, sNaNs with payloads
    0x00000001, 0x80000001, 0x007FFFFF, 0x00400000,  // denormals
    0x00800000, 0x80800000, 0x7F7FFFFF, 0xFF7FFFFF,  // min/max normals
    0x3F800000, 0xBF800000, 0x40000000, 0x40400000,  // ±1, 2, 3
    0x3F000000, 0x3FC00000, 0x3F800001, 0x3EAAAAAB,  // 0.5, 1.5, 1+ulp, 1/3
    0x4B800001, 0x33800000, 0x7F000000, 0x00FFFFFF,  // 2^24+2, 2^-24, 2^127, near min normal
    0x40200000, 0xC0600000, 0x4F000000, 0xDF000000,  // 2.5, -3.5, 2^31, -2^63
};
const std::vector<uint64_t> kSpecialD = {
    0x0000000000000000, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000,
    0xFFF8123456789ABC, 0x7FF0000000000001, 0xFFF4A5A5A5A5A5A5, 0x0000000000000001, 0x8000000000000001,
    0x000FFFFFFFFFFFFF, 0x0008000000000000, 0x0010000000000000, 0x8010000000000000, 0x7FEFFFFFFFFFFFFF,
    0xFFEFFFFFFFFFFFFF, 0x3FF0000000000000, 0xBFF0000000000000, 0x4000000000000000, 0x4008000000000000,
    0x3FE0000000000000, 0x3FF8000000000000, 0x3FF0000000000001, 0x3FD5555555555555, 0x4340000000000001,
    0x3CA0000000000000, 0x7FE0000000000000, 0x001FFFFFFFFFFFFF, 0x4004000000000000, 0xC00C000000000000,
    0x43E0000000000000, 0xC3E0000000000000, 0x41E0000000000000, 0x41EFFFFFFFE00000, 0x43F0000000000000,
    0x36A0000000000000,                                                              // 2^31, 2^32-1, 2^64, ~2^-149
    0x3810000000000000, 0x380FFFFFFFFFFFFF, 0x47EFFFFFF0000000, 0x47EFFFFFE0000000,  // S min normal/below, S max+
};
const std::vector<uint64_t> kSpecialH = {
    0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0xFE55, 0x7C01, 0xFD2A, 0x0001, 0x8001,
    0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x3C00, 0xBC00, 0x3555, 0x7FFF, 0xFFFF,
};

const std::vector<uint64_t>& specials(unsigned n) { return n == 32 ? kSpecialS : kSpecialD; }

// A random operand: fully random bits, or a finite value with a nearby exponent (to exercise
// cancellation and rounding), or a denormal, or a special.
uint64_t random_fp(unsigned n, std::mt19937_64& rng) {
  const unsigned f = n == 64 ? 52 : n == 32 ? 23 : 10, e = n == 64 ? 11 : n == 32 ? 8 : 5;
  const uint64_t bias = (1ull << (e - 1)) - 1;
  const uint64_t r = rng();
  const uint64_t sign = (r >> 63) << (n - 1);
  const uint64_t frac = rng() & ((1ull << f) - 1);
  switch (r % 8) {
    case 0:
    case 1: return rng() & (n == 64 ? ~0ull : (1ull << n) - 1);
    case 2: return sign | frac;  // denormal
    case 3: {
      const auto& s = n == 16 ? kSpecialH : specials(n);
      return s[rng() % s.size()];
    }
    case 4: return sign | ((bias + (rng() % 5) - 2) << f) | (frac & ~0xFull);  // short significands
    default: return sign | ((bias + (rng() % 61) - 30) << f) | frac;
  }
}

uint64_t wide(unsigned n, uint64_t value, uint64_t noise) {
  // Operand registers carry garbage above the scalar to show it is ignored.
  return n == 64 ? value : ((noise << n) | value);
}

// ---- the harness ---------------------------------------------------------------------------
class FpHarness {
 public:
  FpHarness() = default;
  ~FpHarness() {
    if (checked_ != 0) std::printf("  %llu words compared with the oracle\n", (unsigned long long)checked_);
  }

  bool oracle_ok() const { return oracle_.ok(); }

  FpState run_core(uint32_t word, const FpState& in, ExecResult& r) { return core_.run(word, in, r); }

  // Runs `word` on both; reports (a bounded number of) differences.
  void check(uint32_t word, const FpState& in) {
    ++checked_;
    ExecResult r;
    const FpState core_out = run_core(word, in, r);
    FpState want;
    if (!oracle_.run(word, in, want)) {
      if (failures_++ < 20) ADD_FAILURE() << "oracle could not run " << std::hex << word;
      return;
    }
    if (r.stop_reason != StopReason::kHalt || r.cycles != 1) {
      if (failures_++ < 20) ADD_FAILURE() << "core did not execute " << std::hex << word;
      return;
    }
    if (!(core_out == want)) {
      if (failures_++ < 20) ADD_FAILURE() << describe(word, in, core_out, want);
    }
  }

  uint64_t checked() const { return checked_; }

 private:
  static std::string describe(uint32_t word, const FpState& in, const FpState& got, const FpState& want) {
    char buffer[2048];
    int at = std::snprintf(buffer, sizeof buffer, "word %08x fpcr %08x nzcv %08x\n", word, in.fpcr, in.nzcv);
    for (int i = 0; i < 4; ++i)
      at +=
          std::snprintf(buffer + at, sizeof buffer - at, " in v%d %016llx:%016llx x%d %016llx\n", i,
                        (unsigned long long)in.v[i][1], (unsigned long long)in.v[i][0], i, (unsigned long long)in.x[i]);
    for (int i = 0; i < 4; ++i)
      at += std::snprintf(buffer + at, sizeof buffer - at,
                          " v%d got %016llx:%016llx want %016llx:%016llx  x%d got %016llx want %016llx\n", i,
                          (unsigned long long)got.v[i][1], (unsigned long long)got.v[i][0],
                          (unsigned long long)want.v[i][1], (unsigned long long)want.v[i][0], i,
                          (unsigned long long)got.x[i], (unsigned long long)want.x[i]);
    std::snprintf(buffer + at, sizeof buffer - at, " nzcv got %08x want %08x fpsr got %08x want %08x", got.nzcv,
                  want.nzcv, got.fpsr, want.fpsr);
    return buffer;
  }

  CoreRunner core_;
  FpOracle oracle_;
  uint64_t checked_ = 0;
  unsigned failures_ = 0;
};

// Input state with operands in V1, V2, V3 (upper bits noisy) and a dirty destination V0.
FpState fp_inputs(unsigned n, uint64_t a, uint64_t b, uint64_t c, uint32_t fpcr, std::mt19937_64& rng) {
  FpState in;
  in.v[0][0] = rng();
  in.v[0][1] = rng();
  in.v[1][0] = wide(n, a, rng());
  in.v[1][1] = rng();
  in.v[2][0] = wide(n, b, rng());
  in.v[2][1] = rng();
  in.v[3][0] = wide(n, c, rng());
  in.v[3][1] = rng();
  for (int i = 0; i < 4; ++i) in.x[i] = rng();
  in.nzcv = static_cast<uint32_t>(rng() & 0xF) << 28;
  in.fpcr = fpcr;
  in.fpsr = (rng() % 4 == 0) ? 0x9Fu & static_cast<uint32_t>(rng()) : 0;
  return in;
}

// Every rounding mode with FZ and DN on and off.
std::vector<uint32_t> all_fpcr() {
  std::vector<uint32_t> v;
  for (unsigned rmode = 0; rmode < 4; ++rmode)
    for (int fz = 0; fz < 2; ++fz)
      for (int dn = 0; dn < 2; ++dn) v.push_back(fpcr_of(rmode, fz, dn));
  return v;
}

#define REQUIRE_ORACLE(h) \
  if (!(h).oracle_ok()) GTEST_SKIP() << "Unicorn unavailable"

// ---- hand-computed cases ---------------------------------------------------------------
struct HandCase {
  uint32_t word;
  uint64_t a, b;
  uint32_t fpcr;
  uint64_t want;
  uint32_t want_fpsr;
};

TEST(FpDataProcessing, HandComputed) {
  FpHarness h;
  const HandCase cases[] = {
      // 1.0 + 2.0 = 3.0: 0x3F800000 + 0x40000000 = 0x40400000, exact.
      {two_src(0, 2, 2, 1, 0), 0x3F800000, 0x40000000, 0, 0x40400000, 0},
      // 1.0 / 0.0 = +inf with Divide-by-zero.
      {two_src(0, 1, 2, 1, 0), 0x3F800000, 0, 0, 0x7F800000, kDzc},
      // sqrt(-1.0): invalid, the default NaN 0x7FC00000.
      {one_src(0, 3, 1, 0), 0xBF800000, 0, 0, 0x7FC00000, kIoc},
      // 1.0 / 3.0 in double: 0x3FD5555555555555 (the tail 0101... rounds down), inexact.
      {two_src(1, 1, 2, 1, 0), 0x3FF0000000000000, 0x4008000000000000, 0, 0x3FD5555555555555, kIxc},
      // 1.0 + 2^-24 in single: exactly halfway between 1.0 and 1+2^-23; ties-to-even gives 1.0,
      // round toward +inf gives 0x3F800001.
      {two_src(0, 2, 2, 1, 0), 0x3F800000, 0x33800000, 0, 0x3F800000, kIxc},
      {two_src(0, 2, 2, 1, 0), 0x3F800000, 0x33800000, fpcr_of(1, false, false), 0x3F800001, kIxc},
      // sNaN 0x7F800001 + 1.0: quietened to 0x7FC00001 with Invalid; with DN the default NaN.
      {two_src(0, 2, 2, 1, 0), 0x7F800001, 0x3F800000, 0, 0x7FC00001, kIoc},
      {two_src(0, 2, 2, 1, 0), 0x7F800001, 0x3F800000, fpcr_of(0, false, true), 0x7FC00000, kIoc},
      // max normal * 2 overflows: +inf with Overflow and Inexact; toward zero, max normal.
      {two_src(0, 0, 2, 1, 0), 0x7F7FFFFF, 0x40000000, 0, 0x7F800000, 0x14},
      {two_src(0, 0, 2, 1, 0), 0x7F7FFFFF, 0x40000000, fpcr_of(3, false, false), 0x7F7FFFFF, 0x14},
      // FZ: a denormal input reads as zero (IDC): 0x00000001 + 0 = +0.
      {two_src(0, 2, 2, 1, 0), 0x00000001, 0, fpcr_of(0, true, false), 0, 0x80},
      // (-0) + (+0) = +0, but -0 when rounding toward -inf.
      {two_src(0, 2, 2, 1, 0), 0x80000000, 0, 0, 0, 0},
      {two_src(0, 2, 2, 1, 0), 0x80000000, 0, fpcr_of(2, false, false), 0x80000000, 0},
  };
  std::mt19937_64 rng(1);
  for (const HandCase& c : cases) {
    FpState in = fp_inputs(64, c.a, c.b, 0, c.fpcr, rng);
    in.fpsr = 0;
    ExecResult r;
    const FpState out = h.run_core(c.word, in, r);
    EXPECT_EQ(r.stop_reason, StopReason::kHalt);
    EXPECT_EQ(out.v[0][0], c.want) << std::hex << c.word << " " << c.a << " " << c.b;
    EXPECT_EQ(out.v[0][1], 0u);
    EXPECT_EQ(out.fpsr, c.want_fpsr) << std::hex << c.word << " " << c.a << " " << c.b;
  }
}

TEST(FpDataProcessing, EncodersMatchAssembler) {
  const std::vector<uint32_t> words = assemble(
      "fadd s0, s1, s2\nfnmul d0, d1, d2\nfmsub d0, d1, d2, d3\nfsqrt s0, s1\nfcvt h0, d1\n"
      "frinta d0, d1\nfcmpe s1, #0.0\nfccmpe d1, d2, #5, ne\nfcsel s0, s1, s2, lt\nfmov d0, #-1.25\n"
      "fcvtzs w0, s1, #3\nucvtf d0, x1\nfcvtmu x0, d1\nfmov v0.d[1], x1\nfmov x0, v1.d[1]\n");
  const std::vector<uint32_t> mine = {
      two_src(0, 2, 2, 1, 0),   three_src(1, 0, 1, 2, 3, 1, 0) & ~0u,
      one_src(0, 3, 1, 0),      one_src(1, 7, 1, 0),
      one_src(1, 12, 1, 0),     fcmp(0, 0, 1, 0x18),
      fccmp(1, 2, 1, 1, 1, 5),  fcsel(0, 2, 11, 1, 0),
      fmov_imm(1, 0xF4, 0),     fp_fixed(0, 0, 3, 0, 61, 1, 0),
      fp_int(1, 1, 0, 3, 1, 0), fp_int(1, 1, 2, 1, 1, 0),
      fp_int(1, 2, 1, 7, 1, 0), fp_int(1, 2, 1, 6, 1, 0),
  };
  // fnmul d0, d1, d2 is two_src(1, 8, ...): checked separately to keep the list readable.
  ASSERT_EQ(words.size(), mine.size() + 1);
  EXPECT_EQ(words[0], mine[0]);
  EXPECT_EQ(words[1], two_src(1, 8, 2, 1, 0));
  for (size_t i = 1; i < mine.size(); ++i) EXPECT_EQ(words[i + 1], mine[i]) << i;
}

// ---- oracle comparisons ----------------------------------------------------------------
TEST(FpDataProcessing, TwoSourceSpecials) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(2);
  for (unsigned ftype = 0; ftype < 2; ++ftype) {
    const unsigned n = ftype ? 64 : 32;
    for (unsigned opcode = 0; opcode <= 8; ++opcode) {
      const uint32_t word = two_src(ftype, opcode, 2, 1, 0);
      for (uint32_t fpcr : all_fpcr())
        for (uint64_t a : specials(n))
          for (uint64_t b : specials(n)) h.check(word, fp_inputs(n, a, b, 0, fpcr, rng));
    }
  }
}

TEST(FpDataProcessing, TwoSourceRandom) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(3);
  const auto configs = all_fpcr();
  for (unsigned ftype = 0; ftype < 2; ++ftype) {
    const unsigned n = ftype ? 64 : 32;
    for (unsigned opcode = 0; opcode <= 8; ++opcode) {
      const uint32_t word = two_src(ftype, opcode, 2, 1, 0);
      for (int i = 0; i < 4000; ++i) {
        const uint64_t a = random_fp(n, rng);
        // Half the time the second operand is close to the first (cancellation, ties).
        uint64_t b = random_fp(n, rng);
        if (i % 2 == 0) b = (a ^ ((rng() & 1) << (n - 1))) + (rng() % 7) - 3;
        b &= n == 64 ? ~0ull : 0xFFFFFFFFull;
        h.check(word, fp_inputs(n, a, b, 0, configs[rng() % configs.size()], rng));
      }
    }
  }
}

TEST(FpDataProcessing, ThreeSource) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(4);
  const auto configs = all_fpcr();
  for (unsigned ftype = 0; ftype < 2; ++ftype) {
    const unsigned n = ftype ? 64 : 32;
    const auto& sp = specials(n);
    for (unsigned op = 0; op < 4; ++op) {
      const uint32_t word = three_src(ftype, op >> 1, op & 1, 2, 3, 1, 0);
      // Special triples, each with a random configuration.
      for (size_t i = 0; i < sp.size(); ++i)
        for (size_t j = 0; j < sp.size(); j += 2)
          for (size_t k = 0; k < sp.size(); k += 3)
            h.check(word, fp_inputs(n, sp[i], sp[j], sp[k], configs[rng() % configs.size()], rng));
      for (int i = 0; i < 4000; ++i) {
        const uint64_t a = random_fp(n, rng), b = random_fp(n, rng);
        uint64_t c = random_fp(n, rng);
        if (i % 2 == 0) {
          // An addend near -(a*b): massive cancellation inside the fused operation.
          const int shift = n == 64 ? 52 : 23;
          const uint64_t ea = (a >> shift) & (n == 64 ? 0x7FF : 0xFF), eb = (b >> shift) & (n == 64 ? 0x7FF : 0xFF);
          const uint64_t bias = n == 64 ? 1023 : 127;
          const uint64_t e = ea + eb > bias ? ea + eb - bias : 1;
          const uint64_t emax = n == 64 ? 0x7FE : 0xFE;
          c = (c & ~(((n == 64 ? 0x7FFull : 0xFFull)) << shift)) | ((e > emax ? emax : e) << shift);
        }
        h.check(word, fp_inputs(n, a, b, c, configs[rng() % configs.size()], rng));
      }
    }
  }
}

// A smaller special set in every rounding mode with FZ and DN on and off.
TEST(FpDataProcessing, ThreeSourceAllConfigs) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(12);
  const size_t picks[] = {0, 1, 2, 3, 4, 6, 8, 11, 12, 14, 16, 17, 21, 23};
  for (unsigned ftype = 0; ftype < 2; ++ftype) {
    const unsigned n = ftype ? 64 : 32;
    const auto& sp = specials(n);
    for (unsigned op = 0; op < 4; ++op) {
      const uint32_t word = three_src(ftype, op >> 1, op & 1, 2, 3, 1, 0);
      for (uint32_t fpcr : all_fpcr())
        for (size_t i : picks)
          for (size_t j : picks)
            for (size_t k : picks) h.check(word, fp_inputs(n, sp[i], sp[j], sp[k], fpcr, rng));
    }
  }
}

TEST(FpDataProcessing, OneSource) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(5);
  const auto configs = all_fpcr();
  const unsigned opcodes[] = {0, 1, 2, 3, 8, 9, 10, 11, 12, 14, 15};  // FMOV..FSQRT, FRINT*
  for (unsigned ftype = 0; ftype < 2; ++ftype) {
    const unsigned n = ftype ? 64 : 32;
    for (unsigned opcode : opcodes) {
      const uint32_t word = one_src(ftype, opcode, 1, 0);
      for (uint32_t fpcr : configs)
        for (uint64_t a : specials(n)) h.check(word, fp_inputs(n, a, 0, 0, fpcr, rng));
      for (int i = 0; i < 3000; ++i) {
        uint64_t a = random_fp(n, rng);
        if (opcode >= 8 && i % 2 == 0) {
          // Values near integers and halves: exponents that leave a few fraction bits.
          const int shift = n == 64 ? 52 : 23;
          const uint64_t bias = n == 64 ? 1023 : 127;
          const uint64_t frac_mask = (1ull << shift) - 1;
          a = (a & ((1ull << (n - 1)) | frac_mask)) & ~((frac_mask >> 3) * (rng() & 1));
          a |= (bias + rng() % (shift + 2)) << shift;
        }
        h.check(word, fp_inputs(n, a, 0, 0, configs[rng() % configs.size()], rng));
      }
    }
  }
}

TEST(FpDataProcessing, ConvertPrecision) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(6);
  const unsigned widths[4] = {32, 64, 0, 16};
  for (unsigned from = 0; from < 4; ++from) {
    for (unsigned to = 0; to < 4; ++to) {
      if (from == to || from == 2 || to == 2) continue;
      const unsigned n = widths[from];
      const uint32_t word = one_src(from, 4 | to, 1, 0);
      const auto& sp = n == 16 ? kSpecialH : specials(n);
      for (unsigned rmode = 0; rmode < 4; ++rmode)
        for (int flags = 0; flags < 8; ++flags) {
          const uint32_t fpcr = fpcr_of(rmode, flags & 1, flags & 2, flags & 4);
          for (uint64_t a : sp) h.check(word, fp_inputs(n, a, 0, 0, fpcr, rng));
        }
      for (int i = 0; i < 3000; ++i) {
        uint64_t a = random_fp(n, rng);
        if (to == 3 && n != 16 && i % 2 == 0) {
          // Magnitudes around the half-precision range, denormals included.
          const int shift = n == 64 ? 52 : 23;
          const uint64_t bias = n == 64 ? 1023 : 127;
          a = (a & ~((n == 64 ? 0x7FFull : 0xFFull) << shift)) | ((bias - 27 + rng() % 46) << shift);
        }
        const uint32_t fpcr = fpcr_of(rng() % 4, rng() & 1, rng() & 1, rng() & 1);
        h.check(word, fp_inputs(n, a, 0, 0, fpcr, rng));
      }
    }
  }
}

TEST(FpDataProcessing, CompareAndSelect) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(7);
  for (unsigned ftype = 0; ftype < 2; ++ftype) {
    const unsigned n = ftype ? 64 : 32;
    const uint32_t words[] = {fcmp(ftype, 2, 1, 0x00), fcmp(ftype, 2, 1, 0x08), fcmp(ftype, 2, 1, 0x10),
                              fcmp(ftype, 2, 1, 0x18), fcmp(ftype, 0, 1, 0x08)};
    for (uint32_t word : words)
      for (int fz = 0; fz < 2; ++fz)
        for (uint64_t a : specials(n))
          for (uint64_t b : specials(n)) h.check(word, fp_inputs(n, a, b, 0, fpcr_of(0, fz, 0), rng));
    for (unsigned cond = 0; cond < 16; ++cond)
      for (unsigned op = 0; op < 2; ++op) {
        const uint32_t cc = fccmp(ftype, 2, cond, 1, op, static_cast<unsigned>(rng() & 15));
        const uint32_t sel = fcsel(ftype, 2, cond, 1, 0);
        for (int i = 0; i < 100; ++i) {
          const auto& sp = specials(n);
          const FpState in =
              fp_inputs(n, sp[rng() % sp.size()], sp[rng() % sp.size()], 0, fpcr_of(0, rng() & 1, 0), rng);
          h.check(cc, in);
          h.check(sel, in);
        }
      }
  }
}

TEST(FpDataProcessing, FmovImmediateAllImm8) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(8);
  for (unsigned ftype = 0; ftype < 2; ++ftype)
    for (unsigned imm8 = 0; imm8 < 256; ++imm8) h.check(fmov_imm(ftype, imm8, 0), fp_inputs(64, 0, 0, 0, 0, rng));
}

// Values around the integer limits and rounding boundaries for FP -> integer.
std::vector<uint64_t> conversion_values(unsigned n) {
  std::vector<uint64_t> v = specials(n);
  const double d[] = {0.5,
                      1.5,
                      2.5,
                      -0.5,
                      -1.5,
                      -2.5,
                      0.49999,
                      -0.75,
                      2147483647.0,
                      2147483647.5,
                      2147483648.0,
                      -2147483648.0,
                      -2147483648.5,
                      -2147483649.0,
                      4294967295.0,
                      4294967295.5,
                      4294967296.0,
                      9223372036854775807.0,
                      -9223372036854775808.0,
                      18446744073709551615.0,
                      1e30,
                      -1e30,
                      123456.789,
                      -98765.4321,
                      1.0 / 3.0};
  for (double x : d) {
    if (n == 64) {
      uint64_t bits;
      std::memcpy(&bits, &x, 8);
      v.push_back(bits);
    } else {
      const float f = static_cast<float>(x);
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      v.push_back(bits);
    }
  }
  return v;
}

TEST(FpDataProcessing, FpToInteger) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(9);
  for (unsigned sf = 0; sf < 2; ++sf)
    for (unsigned ftype = 0; ftype < 2; ++ftype) {
      const unsigned n = ftype ? 64 : 32;
      const auto values = conversion_values(n);
      std::vector<uint32_t> words;
      for (unsigned rmode = 0; rmode < 4; ++rmode)
        for (unsigned u = 0; u < 2; ++u) words.push_back(fp_int(sf, ftype, rmode, u, 1, 0));
      for (unsigned u = 0; u < 2; ++u) words.push_back(fp_int(sf, ftype, 0, 4 | u, 1, 0));
      for (unsigned u = 0; u < 2; ++u)
        for (unsigned scale : {0u, 63u, 48u, 33u, 32u, 20u, 1u})
          if (sf || scale >= 32) words.push_back(fp_fixed(sf, ftype, 3, u, scale, 1, 0));
      for (uint32_t word : words) {
        for (int fz = 0; fz < 2; ++fz)
          for (uint64_t a : values) h.check(word, fp_inputs(n, a, 0, 0, fpcr_of(rng() % 4, fz, 0), rng));
        for (int i = 0; i < 500; ++i) {
          uint64_t a = random_fp(n, rng);
          if (i % 2 == 0) {
            const int shift = n == 64 ? 52 : 23;
            const uint64_t bias = n == 64 ? 1023 : 127;
            a = (a & ~((n == 64 ? 0x7FFull : 0xFFull) << shift)) | ((bias - 2 + rng() % 70) << shift);
          }
          h.check(word, fp_inputs(n, a, 0, 0, fpcr_of(rng() % 4, rng() & 1, 0), rng));
        }
      }
    }
}

TEST(FpDataProcessing, IntegerToFp) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(10);
  const uint64_t ints[] = {0,
                           1,
                           2,
                           3,
                           ~0ull,
                           0x7FFFFFFF,
                           0x80000000,
                           0xFFFFFFFF,
                           0x80000001,
                           0x01000001,
                           0x01000003,
                           0x7FFFFFFFFFFFFFFF,
                           0x8000000000000000,
                           0x8000000000000001,
                           0x0020000000000001,
                           0x0020000000000003,
                           0xFFFFFFFFFFFFF801,
                           0x00000000FFFFFF80,
                           0x123456789ABCDEF0};
  for (unsigned sf = 0; sf < 2; ++sf)
    for (unsigned ftype = 0; ftype < 2; ++ftype) {
      std::vector<uint32_t> words;
      for (unsigned u = 0; u < 2; ++u) words.push_back(fp_int(sf, ftype, 0, 2 | u, 1, 0));
      for (unsigned u = 0; u < 2; ++u)
        for (unsigned scale : {0u, 63u, 40u, 32u, 10u, 1u})
          if (sf || scale >= 32) words.push_back(fp_fixed(sf, ftype, 0, 2 | u, scale, 1, 0));
      for (uint32_t word : words) {
        for (unsigned rmode = 0; rmode < 4; ++rmode)
          for (uint64_t x : ints) {
            FpState in = fp_inputs(64, 0, 0, 0, fpcr_of(rmode, rng() & 1, 0), rng);
            in.x[1] = x;
            h.check(word, in);
          }
        for (int i = 0; i < 500; ++i) {
          FpState in = fp_inputs(64, 0, 0, 0, fpcr_of(rng() % 4, rng() & 1, 0), rng);
          in.x[1] = rng() >> (rng() % 64);
          if (rng() & 1) in.x[1] = 0 - in.x[1];
          h.check(word, in);
        }
      }
    }
}

TEST(FpDataProcessing, FmovGeneral) {
  FpHarness h;
  REQUIRE_ORACLE(h);
  std::mt19937_64 rng(11);
  const uint32_t words[] = {fp_int(0, 0, 0, 6, 1, 0), fp_int(0, 0, 0, 7, 1, 0), fp_int(1, 1, 0, 6, 1, 0),
                            fp_int(1, 1, 0, 7, 1, 0), fp_int(1, 2, 1, 6, 1, 0), fp_int(1, 2, 1, 7, 1, 0)};
  for (uint32_t word : words)
    for (int i = 0; i < 50; ++i) h.check(word, fp_inputs(64, rng(), rng(), 0, 0, rng));
}

// ---- unallocated encodings -----------------------------------------------------------
void expect_undefined(uint32_t word) {
  Machine m({kDefaultMemorySize, EngineKind::kCpu});
  m.load_program(std::vector<uint32_t>{kNop, word, kHlt}, 0);
  const ExecResult r = m.execute(10);
  EXPECT_EQ(r.stop_reason, StopReason::kUndefined) << std::hex << word;
  EXPECT_EQ(r.final_pc, 4u) << std::hex << word;
  EXPECT_EQ(r.cycles, 1u) << std::hex << word;
}

TEST(FpDataProcessing, UnallocatedEncodings) {
  expect_undefined(two_src(2, 2, 2, 1, 0));          // ftype 10
  expect_undefined(two_src(3, 2, 2, 1, 0));          // half precision FADD needs FEAT_FP16
  expect_undefined(two_src(0, 9, 2, 1, 0));          // opcode 1001
  expect_undefined(two_src(1, 15, 2, 1, 0));         // opcode 1111
  expect_undefined(three_src(3, 0, 0, 2, 3, 1, 0));  // half FMADD
  expect_undefined(three_src(2, 0, 0, 2, 3, 1, 0));
  expect_undefined(one_src(0, 4, 1, 0));               // FCVT S -> S
  expect_undefined(one_src(1, 5, 1, 0));               // FCVT D -> D
  expect_undefined(one_src(1, 6, 1, 0));               // BFCVT (FEAT_BF16)
  expect_undefined(one_src(2, 4, 1, 0));               // ftype 10
  expect_undefined(one_src(0, 13, 1, 0));              // FRINT opcode 001101
  expect_undefined(one_src(0, 16, 1, 0));              // FRINT32Z (FEAT_FRINTTS)
  expect_undefined(one_src(3, 3, 1, 0));               // half FSQRT
  expect_undefined(one_src(3, 1, 1, 0));               // half FABS
  expect_undefined(one_src(0, 0x20, 1, 0));            // opcode 1xxxxx
  expect_undefined(fcmp(0, 2, 1, 0x01));               // opcode2 low bits
  expect_undefined(fcmp(3, 2, 1, 0x00));               // half FCMP
  expect_undefined(fcmp(0, 2, 1, 0x00) | (1u << 14));  // op != 00
  expect_undefined(fccmp(3, 2, 0, 1, 0, 0));
  expect_undefined(fcsel(2, 2, 0, 1, 0));
  expect_undefined(fmov_imm(0, 0x70, 0, 1));         // imm5 != 0
  expect_undefined(fmov_imm(3, 0x70, 0));            // half FMOV immediate
  expect_undefined(fp_fixed(0, 0, 3, 0, 31, 1, 0));  // 32-bit with scale < 32
  expect_undefined(fp_fixed(0, 1, 0, 2, 0, 1, 0));
  expect_undefined(fp_fixed(1, 2, 3, 0, 40, 1, 0));         // ftype 10
  expect_undefined(fp_fixed(1, 0, 1, 0, 40, 1, 0));         // rmode 01
  expect_undefined(fp_int(0, 1, 3, 6, 1, 0));               // FJCVTZS (FEAT_JSCVT)
  expect_undefined(fp_int(1, 0, 0, 6, 1, 0));               // FMOV X <- S
  expect_undefined(fp_int(0, 1, 0, 7, 1, 0));               // FMOV D <- W
  expect_undefined(fp_int(0, 2, 1, 6, 1, 0));               // top half with sf = 0
  expect_undefined(fp_int(1, 2, 0, 6, 1, 0));               // ftype 10 rmode 00
  expect_undefined(fp_int(0, 3, 0, 6, 1, 0));               // FMOV W <- H (FEAT_FP16)
  expect_undefined(fp_int(1, 3, 0, 2, 1, 0));               // SCVTF to half
  expect_undefined(fp_int(0, 2, 0, 2, 1, 0));               // SCVTF ftype 10
  expect_undefined(fp_int(1, 0, 1, 4, 1, 0));               // rmode 01 opcode 100
  expect_undefined(fp_int(1, 0, 0, 4, 1, 0) | (1u << 29));  // S = 1
}

}  // namespace
}  // namespace warp64::test
