// Advanced SIMD against Unicorn 2 (QEMU's Arm emulation) as the oracle: each instruction
// form runs on the core and on Unicorn from the same random state (integer edge values and
// FP special values in the lanes; every FPCR rounding mode with FZ and DN on and off; FPSR.QC
// set or clear), and V0..V3, X0..X3, NZCV, FPCR and FPSR must agree bit for bit. A sweep of
// random words over the Advanced SIMD encoding space checks that the core never executes an
// encoding that Unicorn rejects, and agrees with it wherever both execute.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "fp_oracle.hpp"
#include "support/assemble.hpp"

namespace warp64::test {
namespace {

class Harness {
 public:
  bool oracle_ok() const { return oracle_.ok(); }

  // Runs `word` on the core: false if it did not retire as one instruction.
  bool run_core(uint32_t word, const FpState& in, FpState& out) {
    ExecResult r;
    out = core_.run(word, in, r);
    return r.stop_reason == StopReason::kHalt && r.cycles == 1;
  }

  bool run_oracle(uint32_t word, const FpState& in, FpState& out) { return oracle_.run(word, in, out); }

  // Both must execute `word` and agree; reports a bounded number of differences.
  bool check(uint32_t word, const FpState& in, const std::string& text) {
    ++checked_;
    FpState got, want;
    if (!oracle_.run(word, in, want)) {
      if (failures_++ < 30) ADD_FAILURE() << "oracle could not run " << text << " " << std::hex << word;
      return false;
    }
    if (!run_core(word, in, got)) {
      if (failures_++ < 30) ADD_FAILURE() << "core did not execute " << text << " " << std::hex << word;
      return false;
    }
    if (!(got == want)) {
      if (failures_++ < 30) ADD_FAILURE() << text << "\n" << describe(word, in, got, want);
      return false;
    }
    return true;
  }

  static std::string describe(uint32_t word, const FpState& in, const FpState& got, const FpState& want) {
    char buffer[2048];
    int at = std::snprintf(buffer, sizeof buffer, "word %08x fpcr %08x fpsr %08x\n", word, in.fpcr, in.fpsr);
    for (int i = 0; i < 4; ++i)
      at += std::snprintf(buffer + at, sizeof buffer - at, " in v%d %016llx:%016llx\n", i,
                          (unsigned long long)in.v[i][1], (unsigned long long)in.v[i][0]);
    for (int i = 0; i < 4; ++i)
      at += std::snprintf(buffer + at, sizeof buffer - at, " v%d got %016llx:%016llx want %016llx:%016llx\n", i,
                          (unsigned long long)got.v[i][1], (unsigned long long)got.v[i][0],
                          (unsigned long long)want.v[i][1], (unsigned long long)want.v[i][0]);
    std::snprintf(buffer + at, sizeof buffer - at, " fpsr got %08x want %08x", got.fpsr, want.fpsr);
    return buffer;
  }

 private:
  CoreRunner core_;
  FpOracle oracle_;
  uint64_t checked_ = 0;
  unsigned failures_ = 0;
};

// ---- inputs ---------------------------------------------------------------------------------
const uint64_t kF32Special[] = {
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00001,
    0x7F800001, 0xFFA00000, 0x00000001, 0x807FFFFF, 0x00400000, 0x00800000, 0x7F7FFFFF, 0xFF7FFFFF,
    0x3F000000, 0x40000000, 0x4F000000, 0xCF000000, 0x4F800000, 0x5F000000, 0xDF000000, 0x3FC00000,
    0x40400000, 0x7E800000, 0x7E7FFFFF, 0x00200000, 0x001FFFFF, 0x3EFFFFFF, 0x4B000001, 0xC0490FDB,
};
const uint64_t kF64Special[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3FF0000000000000ull, 0xBFF0000000000000ull, 0x7FF0000000000000ull,
    0xFFF0000000000000ull, 0x7FF8000000000000ull, 0xFFF8000000000001ull, 0x7FF0000000000001ull, 0xFFF4000000000000ull,
    0x0000000000000001ull, 0x800FFFFFFFFFFFFFull, 0x0008000000000000ull, 0x0010000000000000ull, 0x7FEFFFFFFFFFFFFFull,
    0xFFEFFFFFFFFFFFFFull, 0x3FE0000000000000ull, 0x4000000000000000ull, 0x43E0000000000000ull, 0xC3E0000000000000ull,
    0x43F0000000000000ull, 0x41E0000000000000ull, 0xC1E0000000000000ull, 0x3FF8000000000000ull, 0x4008000000000000ull,
    0x7FD0000000000000ull, 0x7FCFFFFFFFFFFFFFull, 0x0004000000000000ull, 0x0003FFFFFFFFFFFFull, 0x3FDFFFFFFFFFFFFFull,
    0x4330000000000001ull, 0x400921FB54442D18ull, 0x36A0000000000000ull, 0x47EFFFFFE0000000ull, 0x3810000000000000ull,
    0x380FFFFFFFFFFFFFull,
};

uint64_t int_special(unsigned esize, std::mt19937_64& rng) {
  const uint64_t mask = esize == 64 ? ~0ull : (1ull << esize) - 1;
  const uint64_t top = 1ull << (esize - 1);
  switch (rng() % 10) {
    case 0: return 0;
    case 1: return 1;
    case 2: return mask;  // -1
    case 3: return top;   // minimum
    case 4: return top - 1;
    case 5: return top + 1;
    case 6: return rng() % 70;  // small shift counts
    case 7: return (0 - (rng() % 70)) & mask;
    default: return rng() & mask;
  }
}

// One 64-bit half: lanes of one kind chosen at random.
uint64_t random_half(std::mt19937_64& rng) {
  switch (rng() % 8) {
    case 0: return rng();
    case 1: {  // single-precision lanes
      uint64_t v = 0;
      for (int i = 0; i < 2; ++i) {
        const uint64_t lane = rng() % 3 == 0 ? rng() & 0xFFFFFFFFull : kF32Special[rng() % std::size(kF32Special)];
        v |= lane << (32 * i);
      }
      return v;
    }
    case 2: return rng() % 3 == 0 ? rng() : kF64Special[rng() % std::size(kF64Special)];
    default: {  // integer lanes of 8, 16, 32 or 64 bits
      const unsigned esize = 8u << (rng() % 4);
      uint64_t v = 0;
      for (unsigned i = 0; i < 64; i += esize) v |= int_special(esize, rng) << i;
      return v;
    }
  }
}

FpState random_state(std::mt19937_64& rng) {
  FpState in;
  for (int i = 0; i < 4; ++i) {
    in.v[i][0] = random_half(rng);
    in.v[i][1] = random_half(rng);
    in.x[i] = rng();
  }
  in.nzcv = static_cast<uint32_t>(rng() & 0xF) << 28;
  const uint32_t rmode = static_cast<uint32_t>(rng() % 4);
  const uint32_t fz = rng() % 3 == 0 ? 1u : 0u, dn = rng() % 3 == 0 ? 1u : 0u;
  in.fpcr = (dn << 25) | (fz << 24) | (rmode << 22);
  in.fpsr = rng() % 4 == 0 ? (1u << 27) : 0u;
  return in;
}

// Assembles each line on its own word, checking each against the oracle on `count` states.
void check_forms(const std::vector<std::string>& lines, unsigned count, uint64_t seed = 1) {
  Harness h;
  ASSERT_TRUE(h.oracle_ok());
  std::string source;
  for (const std::string& line : lines) source += line + "\n";
  const std::vector<uint32_t> words = assemble(source);
  ASSERT_EQ(words.size(), lines.size());
  // WARP64_ORACLE_STATES multiplies the states per form for a longer run.
  const char* scale_env = std::getenv("WARP64_ORACLE_STATES");
  if (scale_env != nullptr) count *= static_cast<unsigned>(std::atoi(scale_env));
  std::mt19937_64 rng(seed);
  for (size_t i = 0; i < words.size(); ++i) {
    for (unsigned k = 0; k < count; ++k) {
      if (!h.check(words[i], random_state(rng), lines[i])) break;
    }
  }
}

std::vector<std::string> expand(const std::vector<std::string>& mnemonics, const std::vector<std::string>& shapes) {
  std::vector<std::string> out;
  for (const std::string& m : mnemonics)
    for (const std::string& shape : shapes) out.push_back(m + " " + shape);
  return out;
}

// "v0.T, v1.T, v2.T" for each arrangement.
std::vector<std::string> same3(const std::vector<std::string>& arrangements) {
  std::vector<std::string> out;
  for (const std::string& t : arrangements) out.push_back("v0." + t + ", v1." + t + ", v2." + t);
  return out;
}
std::vector<std::string> same2(const std::vector<std::string>& arrangements, const std::string& tail = "") {
  std::vector<std::string> out;
  for (const std::string& t : arrangements) out.push_back("v0." + t + ", v1." + t + tail);
  return out;
}

const std::vector<std::string> kBHS = {"8b", "16b", "4h", "8h", "2s", "4s"};
const std::vector<std::string> kBHSD = {"8b", "16b", "4h", "8h", "2s", "4s", "2d"};
const std::vector<std::string> kHS = {"4h", "8h", "2s", "4s"};
const std::vector<std::string> kFP = {"2s", "4s", "2d"};

constexpr unsigned kStates = 200;

// ---- three same -----------------------------------------------------------------------------
TEST(SimdOracle, ThreeSameInteger) {
  check_forms(expand({"shadd", "uhadd", "srhadd", "urhadd", "shsub", "uhsub", "smax",  "umax",  "smin",  "umin", "sabd",
                      "uabd",  "saba",  "uaba",   "mla",    "mls",   "mul",   "smaxp", "umaxp", "sminp", "uminp"},
                     same3(kBHS)),
              kStates);
  check_forms(expand({"sqadd", "uqadd", "sqsub", "uqsub",  "cmgt",   "cmhi", "cmge", "cmhs",  "sshl", "ushl", "sqshl",
                      "uqshl", "srshl", "urshl", "sqrshl", "uqrshl", "add",  "sub",  "cmtst", "cmeq", "addp"},
                     same3(kBHSD)),
              kStates);
  check_forms(expand({"sqdmulh", "sqrdmulh"}, same3(kHS)), kStates);
  check_forms(expand({"pmul", "and", "bic", "orr", "orn", "eor", "bsl", "bit", "bif"}, same3({"8b", "16b"})), kStates);
}

TEST(SimdOracle, ThreeSameScalar) {
  std::vector<std::string> lines;
  for (const char* m : {"sqadd", "uqadd", "sqsub", "uqsub", "sqshl", "uqshl", "sqrshl", "uqrshl"})
    for (const char* r : {"b", "h", "s", "d"}) lines.push_back(std::string(m) + " " + r + "0, " + r + "1, " + r + "2");
  for (const char* m :
       {"cmgt", "cmhi", "cmge", "cmhs", "sshl", "ushl", "srshl", "urshl", "add", "sub", "cmtst", "cmeq"})
    lines.push_back(std::string(m) + " d0, d1, d2");
  for (const char* m : {"sqdmulh", "sqrdmulh"})
    for (const char* r : {"h", "s"}) lines.push_back(std::string(m) + " " + r + "0, " + r + "1, " + r + "2");
  for (const char* m : {"fmulx", "fcmeq", "frecps", "frsqrts", "fcmge", "facge", "fabd", "fcmgt", "facgt"})
    for (const char* r : {"s", "d"}) lines.push_back(std::string(m) + " " + r + "0, " + r + "1, " + r + "2");
  check_forms(lines, kStates);
}

TEST(SimdOracle, ThreeSameFloat) {
  check_forms(expand({"fmaxnm", "fmla",  "fadd", "fmulx",   "fcmeq",   "fmax",  "frecps", "fminnm",
                      "fmls",   "fsub",  "fmin", "frsqrts", "fmaxnmp", "faddp", "fmul",   "fcmge",
                      "facge",  "fmaxp", "fdiv", "fminnmp", "fabd",    "fcmgt", "facgt",  "fminp"},
                     same3(kFP)),
              kStates);
}

// ---- three different ------------------------------------------------------------------------
TEST(SimdOracle, ThreeDifferent) {
  const std::vector<std::string> longs = {"v0.8h, v1.8b, v2.8b", "v0.4s, v1.4h, v2.4h", "v0.2d, v1.2s, v2.2s"};
  const std::vector<std::string> longs2 = {"v0.8h, v1.16b, v2.16b", "v0.4s, v1.8h, v2.8h", "v0.2d, v1.4s, v2.4s"};
  const std::vector<std::string> wides = {"v0.8h, v1.8h, v2.8b", "v0.4s, v1.4s, v2.4h", "v0.2d, v1.2d, v2.2s"};
  const std::vector<std::string> wides2 = {"v0.8h, v1.8h, v2.16b", "v0.4s, v1.4s, v2.8h", "v0.2d, v1.2d, v2.4s"};
  const std::vector<std::string> narrows = {"v0.8b, v1.8h, v2.8h", "v0.4h, v1.4s, v2.4s", "v0.2s, v1.2d, v2.2d"};
  const std::vector<std::string> narrows2 = {"v0.16b, v1.8h, v2.8h", "v0.8h, v1.4s, v2.4s", "v0.4s, v1.2d, v2.2d"};
  const std::vector<std::string> l = {"saddl", "uaddl", "ssubl", "usubl", "sabal", "uabal", "sabdl",
                                      "uabdl", "smlal", "umlal", "smlsl", "umlsl", "smull", "umull"};
  std::vector<std::string> lines = expand(l, longs);
  for (const std::string& m : l)
    for (const std::string& s : longs2) lines.push_back(m + "2 " + s);
  for (const char* m : {"saddw", "uaddw", "ssubw", "usubw"}) {
    for (const std::string& s : wides) lines.push_back(std::string(m) + " " + s);
    for (const std::string& s : wides2) lines.push_back(std::string(m) + "2 " + s);
  }
  for (const char* m : {"addhn", "subhn", "raddhn", "rsubhn"}) {
    for (const std::string& s : narrows) lines.push_back(std::string(m) + " " + s);
    for (const std::string& s : narrows2) lines.push_back(std::string(m) + "2 " + s);
  }
  for (const char* m : {"sqdmull", "sqdmlal", "sqdmlsl"}) {
    for (int i = 1; i < 3; ++i) lines.push_back(std::string(m) + " " + longs[i]);
    for (int i = 1; i < 3; ++i) lines.push_back(std::string(m) + "2 " + longs2[i]);
    lines.push_back(std::string(m) + " s0, h1, h2");
    lines.push_back(std::string(m) + " d0, s1, s2");
  }
  lines.push_back("pmull v0.8h, v1.8b, v2.8b");
  lines.push_back("pmull2 v0.8h, v1.16b, v2.16b");
  check_forms(lines, kStates);
}

// ---- shift by immediate -----------------------------------------------------------------------
TEST(SimdOracle, ShiftImmediate) {
  std::vector<std::string> lines;
  const std::vector<std::pair<std::string, unsigned>> arr = {{"8b", 8},  {"16b", 8}, {"4h", 16}, {"8h", 16},
                                                             {"2s", 32}, {"4s", 32}, {"2d", 64}};
  for (const auto& [t, esize] : arr) {
    for (unsigned sh : {1u, esize / 2 + 1, esize}) {
      for (const char* m : {"sshr", "ushr", "ssra", "usra", "srshr", "urshr", "srsra", "ursra", "sri"})
        lines.push_back(std::string(m) + " v0." + t + ", v1." + t + ", #" + std::to_string(sh));
    }
    for (unsigned sh : {0u, 1u, esize / 2 - 1, esize - 1}) {
      for (const char* m : {"shl", "sli", "sqshl", "uqshl", "sqshlu"})
        lines.push_back(std::string(m) + " v0." + t + ", v1." + t + ", #" + std::to_string(sh));
    }
  }
  const std::vector<std::tuple<std::string, std::string, std::string, unsigned>> narrow = {
      {"8b", "16b", "8h", 8}, {"4h", "8h", "4s", 16}, {"2s", "4s", "2d", 32}};
  for (const auto& [t, t2, wide, esize] : narrow) {
    for (unsigned sh : {1u, esize / 2, esize}) {
      for (const char* m : {"shrn", "rshrn", "sqshrn", "sqrshrn", "uqshrn", "uqrshrn", "sqshrun", "sqrshrun"}) {
        lines.push_back(std::string(m) + " v0." + t + ", v1." + wide + ", #" + std::to_string(sh));
        lines.push_back(std::string(m) + "2 v0." + t2 + ", v1." + wide + ", #" + std::to_string(sh));
      }
    }
    for (unsigned sh : {0u, 1u, esize - 1}) {
      for (const char* m : {"sshll", "ushll"}) {
        lines.push_back(std::string(m) + " v0." + wide + ", v1." + t + ", #" + std::to_string(sh));
        lines.push_back(std::string(m) + "2 v0." + wide + ", v1." + t2 + ", #" + std::to_string(sh));
      }
    }
  }
  for (const auto& [t, esize] : std::vector<std::pair<std::string, unsigned>>{{"2s", 32}, {"4s", 32}, {"2d", 64}}) {
    for (unsigned fb : {1u, 5u, esize / 2, esize}) {
      for (const char* m : {"scvtf", "ucvtf", "fcvtzs", "fcvtzu"})
        lines.push_back(std::string(m) + " v0." + t + ", v1." + t + ", #" + std::to_string(fb));
    }
  }
  check_forms(lines, 100);
}

TEST(SimdOracle, ShiftImmediateScalar) {
  std::vector<std::string> lines;
  for (unsigned sh : {1u, 13u, 33u, 64u})
    for (const char* m : {"sshr", "ushr", "ssra", "usra", "srshr", "urshr", "srsra", "ursra", "sri"})
      lines.push_back(std::string(m) + " d0, d1, #" + std::to_string(sh));
  for (unsigned sh : {0u, 1u, 31u, 63u})
    for (const char* m : {"shl", "sli"}) lines.push_back(std::string(m) + " d0, d1, #" + std::to_string(sh));
  for (const auto& [r, esize] :
       std::vector<std::pair<std::string, unsigned>>{{"b", 8}, {"h", 16}, {"s", 32}, {"d", 64}})
    for (unsigned sh : {0u, 1u, esize - 1})
      for (const char* m : {"sqshl", "uqshl", "sqshlu"})
        lines.push_back(std::string(m) + " " + r + "0, " + r + "1, #" + std::to_string(sh));
  for (const auto& [r, w, esize] :
       std::vector<std::tuple<std::string, std::string, unsigned>>{{"b", "h", 8}, {"h", "s", 16}, {"s", "d", 32}})
    for (unsigned sh : {1u, esize / 2, esize})
      for (const char* m : {"sqshrn", "sqrshrn", "uqshrn", "uqrshrn", "sqshrun", "sqrshrun"})
        lines.push_back(std::string(m) + " " + r + "0, " + w + "1, #" + std::to_string(sh));
  for (const auto& [r, esize] : std::vector<std::pair<std::string, unsigned>>{{"s", 32}, {"d", 64}})
    for (unsigned fb : {1u, 7u, esize})
      for (const char* m : {"scvtf", "ucvtf", "fcvtzs", "fcvtzu"})
        lines.push_back(std::string(m) + " " + r + "0, " + r + "1, #" + std::to_string(fb));
  check_forms(lines, 100);
}

// ---- by element -------------------------------------------------------------------------------
TEST(SimdOracle, ByElement) {
  std::vector<std::string> lines;
  for (const char* m : {"mul", "mla", "mls", "sqdmulh", "sqrdmulh"}) {
    for (unsigned i : {0u, 3u, 5u, 7u}) {
      lines.push_back(std::string(m) + " v0.4h, v1.4h, v2.h[" + std::to_string(i) + "]");
      lines.push_back(std::string(m) + " v0.8h, v1.8h, v3.h[" + std::to_string(i) + "]");
    }
    for (unsigned i : {0u, 1u, 2u, 3u}) {
      lines.push_back(std::string(m) + " v0.2s, v1.2s, v2.s[" + std::to_string(i) + "]");
      lines.push_back(std::string(m) + " v0.4s, v1.4s, v3.s[" + std::to_string(i) + "]");
    }
  }
  for (const char* m : {"smull", "umull", "smlal", "umlal", "smlsl", "umlsl", "sqdmull", "sqdmlal", "sqdmlsl"}) {
    for (unsigned i : {0u, 6u}) {
      lines.push_back(std::string(m) + " v0.4s, v1.4h, v2.h[" + std::to_string(i) + "]");
      lines.push_back(std::string(m) + "2 v0.4s, v1.8h, v2.h[" + std::to_string(i) + "]");
    }
    for (unsigned i : {1u, 3u}) {
      lines.push_back(std::string(m) + " v0.2d, v1.2s, v2.s[" + std::to_string(i) + "]");
      lines.push_back(std::string(m) + "2 v0.2d, v1.4s, v2.s[" + std::to_string(i) + "]");
    }
  }
  for (const char* m : {"sqdmull", "sqdmlal", "sqdmlsl"}) {
    lines.push_back(std::string(m) + " s0, h1, v2.h[5]");
    lines.push_back(std::string(m) + " d0, s1, v2.s[2]");
  }
  for (const char* m : {"sqdmulh", "sqrdmulh"}) {
    lines.push_back(std::string(m) + " h0, h1, v2.h[7]");
    lines.push_back(std::string(m) + " s0, s1, v2.s[1]");
  }
  for (const char* m : {"fmul", "fmla", "fmls", "fmulx"}) {
    for (unsigned i : {0u, 3u}) {
      lines.push_back(std::string(m) + " v0.2s, v1.2s, v2.s[" + std::to_string(i) + "]");
      lines.push_back(std::string(m) + " v0.4s, v1.4s, v2.s[" + std::to_string(i) + "]");
      lines.push_back(std::string(m) + " s0, s1, v2.s[" + std::to_string(i) + "]");
    }
    for (unsigned i : {0u, 1u}) {
      lines.push_back(std::string(m) + " v0.2d, v1.2d, v2.d[" + std::to_string(i) + "]");
      lines.push_back(std::string(m) + " d0, d1, v2.d[" + std::to_string(i) + "]");
    }
  }
  check_forms(lines, 100);
}

// ---- two-register miscellaneous ------------------------------------------------------------
TEST(SimdOracle, MiscInteger) {
  std::vector<std::string> lines;
  auto add = [&](const std::vector<std::string>& ms, const std::vector<std::string>& shapes) {
    for (const std::string& l : expand(ms, shapes)) lines.push_back(l);
  };
  add({"rev64"}, same2(kBHS));
  add({"rev32"}, same2({"8b", "16b", "4h", "8h"}));
  add({"rev16", "cnt", "not", "rbit"}, same2({"8b", "16b"}));
  add({"saddlp", "uaddlp", "sadalp", "uadalp"},
      {"v0.4h, v1.8b", "v0.8h, v1.16b", "v0.2s, v1.4h", "v0.4s, v1.8h", "v0.1d, v1.2s", "v0.2d, v1.4s"});
  add({"suqadd", "usqadd", "sqabs", "sqneg", "abs", "neg"}, same2(kBHSD));
  add({"cls", "clz"}, same2(kBHS));
  add({"cmgt", "cmge", "cmeq", "cmle", "cmlt"}, same2(kBHSD, ", #0"));
  add({"xtn", "sqxtn", "uqxtn", "sqxtun"}, {"v0.8b, v1.8h", "v0.4h, v1.4s", "v0.2s, v1.2d"});
  add({"xtn2", "sqxtn2", "uqxtn2", "sqxtun2"}, {"v0.16b, v1.8h", "v0.8h, v1.4s", "v0.4s, v1.2d"});
  add({"shll"}, {"v0.8h, v1.8b, #8", "v0.4s, v1.4h, #16", "v0.2d, v1.2s, #32"});
  add({"shll2"}, {"v0.8h, v1.16b, #8", "v0.4s, v1.8h, #16", "v0.2d, v1.4s, #32"});
  add({"urecpe", "ursqrte"}, same2({"2s", "4s"}));
  for (const char* m : {"suqadd", "usqadd", "sqabs", "sqneg"})
    for (const char* r : {"b", "h", "s", "d"}) lines.push_back(std::string(m) + " " + r + "0, " + r + "1");
  for (const char* m : {"abs", "neg"}) lines.push_back(std::string(m) + " d0, d1");
  for (const char* m : {"cmgt", "cmge", "cmeq", "cmle", "cmlt"}) lines.push_back(std::string(m) + " d0, d1, #0");
  for (const char* m : {"sqxtn", "uqxtn", "sqxtun"}) {
    lines.push_back(std::string(m) + " b0, h1");
    lines.push_back(std::string(m) + " h0, s1");
    lines.push_back(std::string(m) + " s0, d1");
  }
  check_forms(lines, kStates);
}

TEST(SimdOracle, MiscFloat) {
  std::vector<std::string> lines;
  for (const std::string& l : expand({"frintn", "frinta", "frintp", "frintm", "frintz",  "frintx", "frinti", "fcvtns",
                                      "fcvtnu", "fcvtps", "fcvtpu", "fcvtms", "fcvtmu",  "fcvtzs", "fcvtzu", "fcvtas",
                                      "fcvtau", "scvtf",  "ucvtf",  "frecpe", "frsqrte", "fsqrt",  "fabs",   "fneg"},
                                     same2(kFP)))
    lines.push_back(l);
  for (const std::string& l : expand({"fcmgt", "fcmge", "fcmeq", "fcmle", "fcmlt"}, same2(kFP, ", #0.0")))
    lines.push_back(l);
  for (const char* l : {"fcvtn v0.4h, v1.4s", "fcvtn2 v0.8h, v1.4s", "fcvtn v0.2s, v1.2d", "fcvtn2 v0.4s, v1.2d",
                        "fcvtl v0.4s, v1.4h", "fcvtl2 v0.4s, v1.8h", "fcvtl v0.2d, v1.2s", "fcvtl2 v0.2d, v1.4s",
                        "fcvtxn v0.2s, v1.2d", "fcvtxn2 v0.4s, v1.2d", "fcvtxn s0, d1"})
    lines.push_back(l);
  for (const char* m : {"fcvtns", "fcvtnu", "fcvtps", "fcvtpu", "fcvtms", "fcvtmu", "fcvtzs", "fcvtzu", "fcvtas",
                        "fcvtau", "scvtf", "ucvtf", "frecpe", "frsqrte", "frecpx"})
    for (const char* r : {"s", "d"}) lines.push_back(std::string(m) + " " + r + "0, " + r + "1");
  for (const char* m : {"fcmgt", "fcmge", "fcmeq", "fcmle", "fcmlt"})
    for (const char* r : {"s", "d"}) lines.push_back(std::string(m) + " " + r + "0, " + r + "1, #0.0");
  check_forms(lines, 300);
}

// ---- across lanes and scalar pairwise ---------------------------------------------------------
TEST(SimdOracle, AcrossAndPairwise) {
  std::vector<std::string> lines;
  for (const char* m : {"addv", "smaxv", "sminv", "umaxv", "uminv"})
    for (const char* s : {"b0, v1.8b", "b0, v1.16b", "h0, v1.4h", "h0, v1.8h", "s0, v1.4s"})
      lines.push_back(std::string(m) + " " + s);
  for (const char* m : {"saddlv", "uaddlv"})
    for (const char* s : {"h0, v1.8b", "h0, v1.16b", "s0, v1.4h", "s0, v1.8h", "d0, v1.4s"})
      lines.push_back(std::string(m) + " " + s);
  for (const char* m : {"fmaxv", "fminv", "fmaxnmv", "fminnmv"}) lines.push_back(std::string(m) + " s0, v1.4s");
  lines.push_back("addp d0, v1.2d");
  for (const char* m : {"faddp", "fmaxp", "fminp", "fmaxnmp", "fminnmp"}) {
    lines.push_back(std::string(m) + " s0, v1.2s");
    lines.push_back(std::string(m) + " d0, v1.2d");
  }
  check_forms(lines, 300);
}

// ---- encoding-space sweep -----------------------------------------------------------------------
// Random words of each Advanced SIMD and scalar FP class pattern (register fields limited
// to V0..V3 / X0..X3). Unicorn's CPU is Armv8.0 with the Cryptographic Extension, so the two
// must agree on which words are undefined (bar the 64-bit PMULL) and on every result.
TEST(SimdOracle, EncodingSweep) {
  Harness h;
  ASSERT_TRUE(h.oracle_ok());
  struct Space {
    uint32_t mask, value;  // fixed bits of the class
    const char* name;
  };
  const Space spaces[] = {
      {0x9F200400u, 0x0E200400u, "three same"},
      {0xDF200400u, 0x5E200400u, "scalar three same"},
      {0x9F200C00u, 0x0E200000u, "three different"},
      {0xDF200C00u, 0x5E200000u, "scalar three different"},
      {0x9F3E0C00u, 0x0E200800u, "misc"},
      {0xDF3E0C00u, 0x5E200800u, "scalar misc"},
      {0x9F3E0C00u, 0x0E300800u, "across"},
      {0xDF3E0C00u, 0x5E300800u, "scalar pairwise"},
      {0x9F800400u, 0x0F000400u, "shift imm"},
      {0xDF800400u, 0x5F000400u, "scalar shift imm"},
      {0x9F000400u, 0x0F000000u, "indexed"},
      {0xDF000400u, 0x5F000000u, "scalar indexed"},
      {0x9FF80400u, 0x0F000400u, "modified immediate"},
      {0x9FE08400u, 0x0E000400u, "copy"},
      {0xDFE08400u, 0x5E000400u, "scalar copy"},
      {0xBFE08400u, 0x2E000000u, "ext"},
      {0xBF208C00u, 0x0E000000u, "tbl"},
      {0xBF208C00u, 0x0E000800u, "permute"},
      {0x5F200000u, 0x1E000000u, "fp fixed"},
      {0x5F20FC00u, 0x1E200000u, "fp integer"},
      {0x5F207C00u, 0x1E204000u, "fp 1 source"},
      {0x5F203C00u, 0x1E202000u, "fp compare"},
      {0x5F201C00u, 0x1E201000u, "fp immediate"},
      {0x5F200C00u, 0x1E200400u, "fp ccmp"},
      {0x5F200C00u, 0x1E200800u, "fp 2 source"},
      {0x5F200C00u, 0x1E200C00u, "fp csel"},
      {0x5F000000u, 0x1F000000u, "fp 3 source"},
  };
  // WARP64_SWEEP_WORDS and WARP64_SWEEP_SEED widen the sweep for a longer run.
  const char* words_env = std::getenv("WARP64_SWEEP_WORDS");
  const char* seed_env = std::getenv("WARP64_SWEEP_SEED");
  const unsigned words_per_space = words_env != nullptr ? static_cast<unsigned>(std::atoi(words_env)) : 20000;
  std::mt19937_64 rng(seed_env != nullptr ? std::strtoull(seed_env, nullptr, 10) : 7);
  unsigned extension_only = 0, both = 0;
  unsigned reported = 0;
  for (const Space& space : spaces) {
    for (unsigned k = 0; k < words_per_space; ++k) {
      uint32_t word = (static_cast<uint32_t>(rng()) & ~space.mask) | space.value;
      // Rm, Ra, Rn, Rd in V0..V3 (Ra only in the three-source class)
      const uint32_t ra = (space.value & 0x1F000000u) == 0x1F000000u && !(space.value & 0x40000000u) ? 0x1Cu << 10 : 0;
      word &= ~((((0x1Cu << 16) | ra) & ~space.mask) | (0x1Cu << 5) | 0x1Cu);
      // In the shift space immh = 0 is the modified-immediate class, swept on its own; there
      // the core also has the half-precision FMOV (o2 = 1), which Unicorn's CPU lacks.
      const bool shift_space = (space.value & 0x1F800400u) == 0x0F000400u && !(space.mask & 0x00780000u);
      if (shift_space && (word & 0x00780000u) == 0) continue;
      if ((word & 0x9FF8FC00u) == 0x0F00FC00u) continue;  // FMOV (vector, immediate), half precision
      const FpState in = random_state(rng);
      FpState want, got;
      const bool oracle_ran = h.run_oracle(word, in, want);
      const bool core_ran = h.run_core(word, in, got);
      if (core_ran && !oracle_ran) {
        if (reported++ < 30)
          ADD_FAILURE() << space.name << ": core executes " << std::hex << word << ", Unicorn rejects it";
      } else if (!core_ran && oracle_ran) {
        // Unicorn's CPU has the Cryptographic Extension: the 64-bit PMULL is its only
        // addition to this encoding space.
        const bool pmull_64 = (word & 0xBFE0FC00u) == 0x0EE0E000u;
        if (!pmull_64 && reported++ < 30) {
          ADD_FAILURE() << space.name << ": Unicorn executes " << std::hex << word << ", the core rejects it";
        }
        ++extension_only;
      } else if (core_ran && oracle_ran) {
        ++both;
        if (!(got == want) && reported++ < 30)
          ADD_FAILURE() << space.name << "\n" << Harness::describe(word, in, got, want);
      }
    }
  }
  std::printf("  %u words run on both, %u only on Unicorn (64-bit PMULL)\n", both, extension_only);
}

}  // namespace
}  // namespace warp64::test
