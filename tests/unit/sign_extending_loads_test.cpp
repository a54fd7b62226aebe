// Every load that sign-extends, in every addressing form, on negative and positive data.
//
// The Arm ARM's pseudocode for LDRSB, LDRSH, LDRSW, LDURS*, LDTRS*, LDAPURS* and LDPSW
// loads `datasize` bits and writes SignExtend(data, regsize) to the destination: bit
// datasize-1 of the data is copied into every bit above it, up to bit 31 for a W
// destination (whose write then clears bits 63:32) and up to bit 63 for an X destination.
// The expected values below are that definition worked by hand.
//
// Each form loads three values of its access size: one with the top bit and others set, one
// with only the top bit set (the smallest negative number), and a positive control (the
// largest positive number). The bytes around the value are 0xEE, so an access of the wrong
// size shows, and every destination starts as all ones, so a W result must clear bits 63:32
// and a positive X result must clear bits 63:datasize.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "support/assemble.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64::test {
namespace {

constexpr uint64_t kData = 0x10000;  // where every form's access lands
constexpr uint64_t kOnes = ~0ull;

// A value in memory and what it becomes in a W and in an X destination.
struct SignedValue {
  uint32_t data;
  uint64_t as_w;
  uint64_t as_x;
};

// Per access size (1, 2, 4 bytes): negative, only the top bit, positive.
const std::vector<SignedValue>& values_of_size(unsigned bytes) {
  static const std::vector<SignedValue> kBytes = {
      {0xC3, 0x00000000FFFFFFC3ull, 0xFFFFFFFFFFFFFFC3ull},
      {0x80, 0x00000000FFFFFF80ull, 0xFFFFFFFFFFFFFF80ull},
      {0x7F, 0x000000000000007Full, 0x000000000000007Full},
  };
  static const std::vector<SignedValue> kHalves = {
      {0xC3A5, 0x00000000FFFFC3A5ull, 0xFFFFFFFFFFFFC3A5ull},
      {0x8000, 0x00000000FFFF8000ull, 0xFFFFFFFFFFFF8000ull},
      {0x7FFF, 0x0000000000007FFFull, 0x0000000000007FFFull},
  };
  // No sign-extending load of a word has a W destination.
  static const std::vector<SignedValue> kWords = {
      {0xC3A55A3C, 0, 0xFFFFFFFFC3A55A3Cull},
      {0x80000000, 0, 0xFFFFFFFF80000000ull},
      {0x7FFFFFFF, 0, 0x000000007FFFFFFFull},
  };
  return bytes == 1 ? kBytes : bytes == 2 ? kHalves : kWords;
}

// One instruction: it loads into x0 (and x4 for a pair) with the base in x1 and, for
// register offsets, the index in x2. The address it computes from `base` (and `index`) is
// kData in every case, worked out in the comments.
struct SignedLoad {
  const char* insn;
  unsigned bytes;     // access size
  unsigned reg_bits;  // 32: W destination, 64: X destination
  uint64_t base;
  uint64_t final_base;  // after writeback, if any
  uint64_t index = 0;
  bool pair = false;  // LDPSW: a second word at kData + 4 into x4
};

// The index register of the register-offset rows: SXTW of 0xFFFFFFFD is -3, whatever bits
// 63:32 hold.
constexpr uint64_t kMinusThreeW = 0xABCDEF01FFFFFFFDull;

const std::vector<SignedLoad>& signed_loads() {
  static const std::vector<SignedLoad> kLoads = {
      // Unsigned offset: base + imm12 * size; the assembler's offset is the byte offset.
      {"ldrsb w0, [x1, #3]", 1, 32, kData - 3, kData - 3},
      {"ldrsb x0, [x1, #3]", 1, 64, kData - 3, kData - 3},
      {"ldrsh w0, [x1, #6]", 2, 32, kData - 6, kData - 6},
      {"ldrsh x0, [x1, #6]", 2, 64, kData - 6, kData - 6},
      {"ldrsw x0, [x1, #12]", 4, 64, kData - 12, kData - 12},
      // Unscaled offset: base + SignExtend(imm9).
      {"ldursb w0, [x1, #-5]", 1, 32, kData + 5, kData + 5},
      {"ldursb x0, [x1, #-5]", 1, 64, kData + 5, kData + 5},
      {"ldursh w0, [x1, #-5]", 2, 32, kData + 5, kData + 5},
      {"ldursh x0, [x1, #-5]", 2, 64, kData + 5, kData + 5},
      {"ldursw x0, [x1, #-5]", 4, 64, kData + 5, kData + 5},
      // Pre-index: base + imm9, written back.
      {"ldrsb w0, [x1, #-5]!", 1, 32, kData + 5, kData},
      {"ldrsb x0, [x1, #-5]!", 1, 64, kData + 5, kData},
      {"ldrsh w0, [x1, #-5]!", 2, 32, kData + 5, kData},
      {"ldrsh x0, [x1, #-5]!", 2, 64, kData + 5, kData},
      {"ldrsw x0, [x1, #-5]!", 4, 64, kData + 5, kData},
      // Post-index: the access at base, then base + imm9 written back.
      {"ldrsb w0, [x1], #7", 1, 32, kData, kData + 7},
      {"ldrsb x0, [x1], #7", 1, 64, kData, kData + 7},
      {"ldrsh w0, [x1], #7", 2, 32, kData, kData + 7},
      {"ldrsh x0, [x1], #7", 2, 64, kData, kData + 7},
      {"ldrsw x0, [x1], #7", 4, 64, kData, kData + 7},
      // Register offset: base + (SXTW(w2) << (S ? log2(size) : 0)) = base - 3 * size.
      {"ldrsb w0, [x1, w2, sxtw]", 1, 32, kData + 3, kData + 3, kMinusThreeW},
      {"ldrsb x0, [x1, w2, sxtw #0]", 1, 64, kData + 3, kData + 3, kMinusThreeW},
      {"ldrsh w0, [x1, w2, sxtw #1]", 2, 32, kData + 6, kData + 6, kMinusThreeW},
      {"ldrsh x0, [x1, w2, sxtw #1]", 2, 64, kData + 6, kData + 6, kMinusThreeW},
      {"ldrsw x0, [x1, w2, sxtw #2]", 4, 64, kData + 12, kData + 12, kMinusThreeW},
      // Register offset, LSL of an X index: base + (x2 << log2(size)) with x2 = 2.
      {"ldrsh w0, [x1, x2, lsl #1]", 2, 32, kData - 4, kData - 4, 2},
      {"ldrsw x0, [x1, x2, lsl #2]", 4, 64, kData - 8, kData - 8, 2},
      // Literal: PC + imm19 * 4; the program starts at 0, so the label is kData itself.
      {"ldrsw x0, .+0x10000", 4, 64, 0, 0},
      // Unprivileged (plain unscaled loads at EL0): base + SignExtend(imm9).
      {"ldtrsb w0, [x1, #-5]", 1, 32, kData + 5, kData + 5},
      {"ldtrsb x0, [x1, #-5]", 1, 64, kData + 5, kData + 5},
      {"ldtrsh w0, [x1, #-5]", 2, 32, kData + 5, kData + 5},
      {"ldtrsh x0, [x1, #-5]", 2, 64, kData + 5, kData + 5},
      {"ldtrsw x0, [x1, #-5]", 4, 64, kData + 5, kData + 5},
      // Load-acquire RCpc, unscaled (FEAT_LRCPC2): base + SignExtend(imm9).
      {"ldapursb w0, [x1, #-5]", 1, 32, kData + 5, kData + 5},
      {"ldapursb x0, [x1, #-5]", 1, 64, kData + 5, kData + 5},
      {"ldapursh w0, [x1, #-5]", 2, 32, kData + 5, kData + 5},
      {"ldapursh x0, [x1, #-5]", 2, 64, kData + 5, kData + 5},
      {"ldapursw x0, [x1, #-5]", 4, 64, kData + 5, kData + 5},
      // Pairs of words: imm7 scaled by 4.
      {"ldpsw x0, x4, [x1, #8]", 4, 64, kData - 8, kData - 8, 0, true},
      {"ldpsw x0, x4, [x1, #-8]!", 4, 64, kData + 8, kData, 0, true},
      {"ldpsw x0, x4, [x1], #12", 4, 64, kData, kData + 12, 0, true},
  };
  return kLoads;
}

// Whether an encoding's name says it sign-extends: its mnemonic (the name up to the first
// '_') is LD...SB, LD...SH or LD...SW, or LDAPURS (LDAPURSB/LDAPURSH by its size field).
bool says_it_sign_extends(std::string_view name) {
  const std::string_view mnemonic = name.substr(0, name.find('_'));
  if (!mnemonic.starts_with("LD")) return false;
  return mnemonic == "LDAPURS" || mnemonic.ends_with("SB") || mnemonic.ends_with("SH") || mnemonic.ends_with("SW");
}

void put(Machine& m, uint64_t address, uint32_t value, unsigned bytes) {
  std::vector<uint8_t> data(bytes);
  for (unsigned i = 0; i < bytes; ++i) data[i] = static_cast<uint8_t>(value >> (8 * i));
  m.write_memory(address, data);
}

uint64_t expected(const SignedValue& v, unsigned reg_bits) { return reg_bits == 32 ? v.as_w : v.as_x; }

void run_signed_load(const SignedLoad& load, const SignedValue& first, const SignedValue& second) {
  Machine m({kDefaultMemorySize, EngineKind::kCpu});
  m.write_memory(kData - 64, std::vector<uint8_t>(128, 0xEE));
  put(m, kData, first.data, load.bytes);
  if (load.pair) put(m, kData + 4, second.data, 4);
  m.set_x(0, kOnes);
  m.set_x(1, load.base);
  m.set_x(2, load.index);
  m.set_x(4, kOnes);
  const ExecResult r = run_assembly(m, std::string(load.insn) + "\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.cycles, 1u);
  EXPECT_EQ(m.x(0), expected(first, load.reg_bits)) << std::hex << "data 0x" << first.data;
  EXPECT_EQ(m.x(4), load.pair ? expected(second, 64) : kOnes) << std::hex << "data 0x" << second.data;
  EXPECT_EQ(m.x(1), load.final_base);
  EXPECT_EQ(m.x(2), load.index);
}

TEST(SignExtendingLoads, NegativeTopBitOnlyAndPositiveValues) {
  for (const SignedLoad& load : signed_loads()) {
    SCOPED_TRACE(load.insn);
    const std::vector<SignedValue>& values = values_of_size(load.bytes);
    for (size_t i = 0; i < values.size(); ++i) run_signed_load(load, values[i], values[(i + 1) % values.size()]);
  }
}

// The table above covers every encoding whose name says it sign-extends, so a new one
// cannot go untested, and each row is the encoding its comment claims.
TEST(SignExtendingLoads, EveryEncodingThatSignExtendsIsCovered) {
  const core::DecodeTable& table = core::host_decode_table();
  std::set<std::string> covered;
  for (const SignedLoad& load : signed_loads()) {
    const std::vector<uint32_t> words = assemble(load.insn);
    ASSERT_EQ(words.size(), 1u) << load.insn;
    const std::string name = core::op_name(core::decode(table, words[0]));
    EXPECT_TRUE(says_it_sign_extends(name)) << load.insn << " decodes as " << name;
    covered.insert(name);
  }
  unsigned sign_extending = 0;
  for (unsigned op = 1; op < core::kOpCount; ++op) {
    const std::string name = core::kEncodings[op].name;
    if (!says_it_sign_extends(name)) continue;
    ++sign_extending;
    EXPECT_TRUE(covered.count(name)) << name << " sign-extends but no test loads a negative value with it";
  }
  // LDRS{B,H} to W and X and LDRSW in five forms (unsigned offset, pre, post, register,
  // unscaled) = 25, LDRSW literal, LDTRS* 5, LDAPURS (W, X) and LDAPURSW 3, LDPSW 3.
  EXPECT_EQ(sign_extending, 37u);
}

}  // namespace
}  // namespace warp64::test
