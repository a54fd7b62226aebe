// Memory Tagging Extension instructions (FEAT_MTE) at EL0 with allocation tag access
// disabled (SCTLR_EL1.ATA0 = 0, Linux's default): inserted and loaded tags are 0000, tag
// stores write nothing but check alignment and translation, STZG/STZ2G zero their granules
// and STGP stores its pair. Expected values are worked out by hand from the Arm ARM's
// pseudocode; the comments show the arithmetic. Tags are bits 59:56 of an address.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/assemble.hpp"

namespace warp64::test {
namespace {

constexpr uint64_t kData = 0x10000;
constexpr uint64_t kTop = kDefaultMemorySize;  // first address past memory
constexpr uint8_t kFill = 0xAA;

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

// Assembles with the MTE instructions enabled; every program ends in HLT.
std::string mte(const std::string& body) { return ".arch armv8.5-a+memtag\n" + body + "\nhlt #0"; }

void fill_data(Machine& m) { m.write_memory(kData - 0x1000, std::vector<uint8_t>(0x2000, kFill)); }

uint64_t get64(const Machine& m, uint64_t address) {
  const std::vector<uint8_t> bytes = m.read_memory(address, 8);
  uint64_t value = 0;
  for (unsigned i = 0; i < 8; ++i) value |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  return value;
}

// The bytes [kData - 0x1000, kData + 0x1000) other than [from, from + length) still hold
// kFill, and those hold `value`.
void expect_bytes(const Machine& m, uint64_t from, uint64_t length, uint8_t value) {
  const std::vector<uint8_t> bytes = m.read_memory(kData - 0x1000, 0x2000);
  for (uint64_t i = 0; i < bytes.size(); ++i) {
    const uint64_t address = kData - 0x1000 + i;
    const bool inside = address >= from && address < from + length;
    ASSERT_EQ(bytes[i], inside ? value : kFill) << "byte at 0x" << std::hex << address;
  }
}

void expect_untouched(const Machine& m) { expect_bytes(m, 0, 0, 0); }

void expect_halt(const ExecResult& r) {
  EXPECT_EQ(r.stop_reason, StopReason::kHalt) << stop_reason_name(r.stop_reason);
}

// ---- IRG, GMI -------------------------------------------------------------------------
TEST(MemoryTagging, IrgInsertsTagZero) {
  Machine m = cpu_machine();
  m.set_x(1, 0xF5A0000012345678ull);  // tag 5
  m.set_x(2, 0xFFFF);                 // exclusion mask: irrelevant without tag access
  m.set_x(3, 0x0C00000000000010ull);
  expect_halt(run_assembly(m, mte("irg x0, x1, x2\nirg x4, x1\nirg sp, x3\nirg x5, sp")));
  EXPECT_EQ(m.x(0), 0xF0A0000012345678ull);  // bits 59:56 cleared, 63:60 kept
  EXPECT_EQ(m.x(4), 0xF0A0000012345678ull);
  EXPECT_EQ(m.sp(), 0x10ull);  // Xd = 31 is SP
  EXPECT_EQ(m.x(5), 0x10ull);  // Xn = 31 is SP
  EXPECT_EQ(m.x(1), 0xF5A0000012345678ull);
}

TEST(MemoryTagging, GmiSetsTheTagsBit) {
  Machine m = cpu_machine();
  m.set_x(1, 0x0A00000000001000ull);  // tag 10
  m.set_x(2, 0x1);
  m.set_x(4, 0xFF00000000000000ull);  // tag 15, with bits 63:60 set as well
  m.set_x(6, 0x8400);                 // bit 10 already set
  m.set_sp(0x0300000000002000ull);    // tag 3
  expect_halt(run_assembly(m, mte("gmi x3, x1, x2\n"
                                  "gmi x5, x4, xzr\n"
                                  "gmi x7, x1, x6\n"
                                  "gmi x8, sp, x2\n"
                                  "gmi xzr, x1, x2\n"
                                  "gmi x9, x2, x2")));
  EXPECT_EQ(m.x(3), 0x401ull);   // 1 | 1 << 10
  EXPECT_EQ(m.x(5), 0x8000ull);  // 1 << 15
  EXPECT_EQ(m.x(7), 0x8400ull);
  EXPECT_EQ(m.x(8), 0x9ull);  // 1 | 1 << 3
  EXPECT_EQ(m.x(9), 0x1ull);  // tag 0: bit 0, already set
}

// ---- ADDG, SUBG -----------------------------------------------------------------------
TEST(MemoryTagging, AddgSubgClearTheTag) {
  Machine m = cpu_machine();
  m.set_x(1, 0x0300000000001000ull);
  m.set_x(2, 0x00FFFFFFFFFFFFF0ull);
  m.set_x(3, 0x0FFFFFFFFFFFFFF0ull);
  m.set_x(4, 0x1000000000000000ull);
  m.set_x(5, 0xFA00000000000000ull);
  m.set_sp(0x0700000000003000ull);
  expect_halt(run_assembly(m, mte("addg x10, x1, #1008, #15\n"  // 0x1000 + 0x3F0
                                  "addg x11, x2, #16, #1\n"     // carries into bit 56
                                  "addg x12, x3, #16, #0\n"     // carries into bit 60
                                  "subg x13, x4, #16, #2\n"     // borrows through 59:56
                                  "subg x14, x5, #0, #0\n"
                                  "subg x15, sp, #32, #3\n"
                                  "addg sp, x1, #0, #1")));
  EXPECT_EQ(m.x(10), 0x00000000000013F0ull);
  EXPECT_EQ(m.x(11), 0x0000000000000000ull);  // 0x0100000000000000, tag cleared
  EXPECT_EQ(m.x(12), 0x1000000000000000ull);
  EXPECT_EQ(m.x(13), 0x00FFFFFFFFFFFFF0ull);  // 0x0FFFFFFFFFFFFFF0, tag cleared
  EXPECT_EQ(m.x(14), 0xF000000000000000ull);
  EXPECT_EQ(m.x(15), 0x0000000000002FE0ull);  // Xn = 31 is SP: 0x3000 - 0x20
  EXPECT_EQ(m.sp(), 0x0000000000001000ull);   // Xd = 31 is SP
}

// ---- SUBP, SUBPS, CMPP ----------------------------------------------------------------
TEST(MemoryTagging, SubpSignExtendsFromBit55) {
  Machine m = cpu_machine();
  m.set_x(1, 0xAB00000000001000ull);  // bits 55:0 = 0x1000
  m.set_x(2, 0x0080000000000000ull);  // bit 55 set: -2^55
  m.set_x(3, 0x0000000000000010ull);
  m.set_x(4, 0x0500000000000020ull);
  m.set_x(5, 0xFF7FFFFFFFFFFFFFull);  // bits 55:0 = 2^55 - 1
  m.set_sp(0x1200000000000100ull);
  m.set_nzcv(0xF0000000u);
  expect_halt(run_assembly(m, mte("subp x10, x1, x2\n"
                                  "subp x11, x3, x4\n"
                                  "subp x12, x5, x2\n"
                                  "subp x13, sp, x3\n"
                                  "subp x14, x3, sp\n"
                                  "subp xzr, x1, x2")));
  EXPECT_EQ(m.x(10), 0x0080000000001000ull);  // 0x1000 - (-2^55)
  EXPECT_EQ(m.x(11), 0xFFFFFFFFFFFFFFF0ull);  // 0x10 - 0x20
  EXPECT_EQ(m.x(12), 0x00FFFFFFFFFFFFFFull);  // 2^55 - 1 + 2^55
  EXPECT_EQ(m.x(13), 0xF0ull);                // Xn = 31 is SP: 0x100 - 0x10
  EXPECT_EQ(m.x(14), 0xFFFFFFFFFFFFFF10ull);  // Xm = 31 is SP
  EXPECT_EQ(m.nzcv(), 0xF0000000u);           // SUBP leaves the flags alone
}

struct FlagCase {
  const char* insn;
  uint64_t x1, x2;
  uint64_t result;  // in x0 for SUBPS
  uint32_t nzcv;
};

TEST(MemoryTagging, SubpsAndCmppSetFlags) {
  // AddWithCarry(op1, NOT(op2), 1) on the sign-extended 56-bit values: C = (op1 >= op2
  // unsigned), and V is never set, since both operands lie in [-2^55, 2^55).
  const FlagCase cases[] = {
      {"subps x0, x1, x2", 0x0100000000000040ull, 0x0E00000000000040ull, 0, 0x60000000u},  // equal: Z C
      {"subps x0, x1, x2", 0x10, 0x20, 0xFFFFFFFFFFFFFFF0ull, 0x80000000u},                // N
      {"subps x0, x1, x2", 0x30, 0x20, 0x10, 0x20000000u},                                 // C
      // 2^55 - 1 minus -2^55 (0xFF80... unsigned is larger): no carry, positive.
      {"subps x0, x1, x2", 0x007FFFFFFFFFFFFFull, 0x0080000000000000ull, 0x00FFFFFFFFFFFFFFull, 0x0u},
      // -2^55 minus 1: 0xFF80000000000000 >= 1, so C; negative.
      {"subps x0, x1, x2", 0xAA80000000000000ull, 0x1, 0xFF7FFFFFFFFFFFFFull, 0xA0000000u},
      {"cmpp x1, x2", 0x0100000000000040ull, 0x0E00000000000040ull, 0x5555, 0x60000000u},
      {"cmpp x1, x2", 0x10, 0x20, 0x5555, 0x80000000u},
  };
  for (const FlagCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    m.set_x(0, 0x5555);
    m.set_x(1, c.x1);
    m.set_x(2, c.x2);
    m.set_nzcv(0x10000000u);
    expect_halt(run_assembly(m, mte(c.insn)));
    EXPECT_EQ(m.x(0), c.result);
    EXPECT_EQ(m.nzcv(), c.nzcv);
  }
}

TEST(MemoryTagging, SubpsWithSpOperand) {
  Machine m = cpu_machine();
  m.set_sp(0x0F00000000000200ull);
  m.set_x(2, 0x0200);
  expect_halt(run_assembly(m, mte("subps x5, sp, x2")));
  EXPECT_EQ(m.x(5), 0u);
  EXPECT_EQ(m.nzcv(), 0x60000000u);
}

// ---- LDG ------------------------------------------------------------------------------
TEST(MemoryTagging, LdgClearsTheTagOfXt) {
  Machine m = cpu_machine();
  fill_data(m);
  m.set_x(1, kData + 7);  // the address is aligned down to its granule
  m.set_x(7, 0x0F000000DEADBEEFull);
  m.set_x(8, 0xF3000000CAFEF00Dull);
  m.set_sp(kData + 0x100);
  expect_halt(run_assembly(m, mte("ldg x7, [x1, #-4096]\nldg x8, [sp, #4080]\nldg xzr, [x1]")));
  EXPECT_EQ(m.x(7), 0x00000000DEADBEEFull);
  EXPECT_EQ(m.x(8), 0xF0000000CAFEF00Dull);
  EXPECT_EQ(m.x(1), kData + 7);  // no writeback
  EXPECT_EQ(m.sp(), kData + 0x100);
  expect_untouched(m);
}

TEST(MemoryTagging, LdgOfUnmappedGranuleFaults) {
  // AArch64.MemTag[] translates the granule's address even when it then reads 0000.
  Machine m = cpu_machine();
  m.set_x(1, kTop + 5);
  m.set_x(7, 0x0F000000DEADBEEFull);
  const ExecResult r = run_assembly(m, mte("ldg x7, [x1]"));
  EXPECT_EQ(r.stop_reason, StopReason::kFault);
  EXPECT_EQ(r.fault_kind, AccessKind::kRead);
  EXPECT_EQ(r.fault_address, kTop);  // the aligned address
  EXPECT_EQ(r.final_pc, 0u);         // the faulting instruction
  EXPECT_EQ(m.x(7), 0x0F000000DEADBEEFull);
}

// ---- STG, STZG, ST2G, STZ2G -----------------------------------------------------------
struct TagStoreCase {
  const char* insn;      // base register x2 = kData + 0x100
  uint64_t zeroed_from;  // first byte zeroed
  uint64_t zeroed;       // bytes zeroed
  uint64_t x2_after;
};

TEST(MemoryTagging, TagStoresZeroAndWriteBack) {
  constexpr uint64_t b = kData + 0x100;
  const TagStoreCase cases[] = {
      {"stg x1, [x2]", 0, 0, b},
      {"stg x1, [x2, #4080]", 0, 0, b},
      {"stg x1, [x2, #-16]!", 0, 0, b - 16},
      {"stg x1, [x2], #-4096", 0, 0, b - 4096},
      {"stzg x1, [x2]", b, 16, b},
      {"stzg x1, [x2, #-256]", b - 256, 16, b},
      {"stzg x1, [x2, #32]!", b + 32, 16, b + 32},
      {"stzg x1, [x2], #48", b, 16, b + 48},
      {"st2g x1, [x2, #16]", 0, 0, b},
      {"st2g x1, [x2, #-32]!", 0, 0, b - 32},
      {"st2g x1, [x2], #4080", 0, 0, b + 4080},
      {"stz2g x1, [x2]", b, 32, b},
      {"stz2g x1, [x2, #-16]", b - 16, 32, b},
      {"stz2g x1, [x2, #64]!", b + 64, 32, b + 64},
      {"stz2g x1, [x2], #-32", b, 32, b - 32},
  };
  for (const TagStoreCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    fill_data(m);
    m.set_x(1, 0x0500000000000000ull | b);
    m.set_x(2, b);
    expect_halt(run_assembly(m, mte(c.insn)));
    EXPECT_EQ(m.x(2), c.x2_after);
    EXPECT_EQ(m.x(1), 0x0500000000000000ull | b);
    expect_bytes(m, c.zeroed_from, c.zeroed, 0);
  }
}

TEST(MemoryTagging, TagStoresWithSp) {
  Machine m = cpu_machine();
  fill_data(m);
  m.set_sp(kData + 0x200);
  expect_halt(run_assembly(m, mte("stg sp, [sp, #-16]!\nstzg sp, [sp, #-16]!\nstz2g x1, [sp], #64")));
  // SP: 0x200 -> 0x1F0 -> 0x1E0 (zeroing [0x1E0, 0x1F0)) -> zero [0x1E0, 0x200), then 0x220.
  EXPECT_EQ(m.sp(), kData + 0x220);
  expect_bytes(m, kData + 0x1E0, 32, 0);
}

struct FaultCase {
  const char* insn;  // base register x2
  uint64_t x2;
  uint64_t fault_address;
};

TEST(MemoryTagging, TagStoresFaultWithoutSideEffects) {
  const FaultCase cases[] = {
      // Alignment faults: the address (after any offset) must be a multiple of 16.
      {"stg x1, [x2]", kData + 8, kData + 8},
      {"stg x1, [x2, #16]!", kData + 1, kData + 17},
      {"stg x1, [x2], #16", kData + 4, kData + 4},
      {"stzg x1, [x2]", kData + 8, kData + 8},
      {"stzg x1, [x2, #-16]!", kData + 2, kData - 14},
      {"st2g x1, [x2, #32]", kData + 15, kData + 47},
      {"stz2g x1, [x2]", kData + 8, kData + 8},
      {"stz2g x1, [x2], #32", kData + 12, kData + 12},
      // Translation faults: unmapped granules, the second one alone included.
      {"stg x1, [x2]", kTop, kTop},
      {"stzg x1, [x2, #16]!", kTop - 16, kTop},
      {"st2g x1, [x2]", kTop - 16, kTop},
      {"stz2g x1, [x2], #-32", kTop - 16, kTop},
  };
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    fill_data(m);
    m.write_memory(kTop - 0x20, std::vector<uint8_t>(0x20, kFill));
    m.set_x(1, 0x1234);
    m.set_x(2, c.x2);
    const ExecResult r = run_assembly(m, mte(c.insn));
    EXPECT_EQ(r.stop_reason, StopReason::kFault);
    EXPECT_EQ(r.fault_kind, AccessKind::kWrite);
    EXPECT_EQ(r.fault_address, c.fault_address);
    EXPECT_EQ(r.final_pc, 0u);  // the faulting instruction
    EXPECT_EQ(m.x(2), c.x2);
    expect_untouched(m);
    EXPECT_EQ(m.read_memory(kTop - 0x20, 0x20), std::vector<uint8_t>(0x20, kFill));
  }
}

// ---- STGP -----------------------------------------------------------------------------
TEST(MemoryTagging, StgpStoresThePair) {
  Machine m = cpu_machine();
  fill_data(m);
  m.set_x(1, 0x1122334455667788ull);
  m.set_x(2, 0x99AABBCCDDEEFF00ull);
  m.set_x(3, kData);
  m.set_x(4, kData + 0x400);
  m.set_x(5, kData + 0xC00);
  m.set_sp(kData - 0x400);
  expect_halt(run_assembly(m, mte("stgp x1, x2, [x3, #1008]\n"     // offset: x3 unchanged
                                  "stgp x2, x1, [x4], #-1024\n"    // post-index
                                  "stgp x1, xzr, [x5, #-1024]!\n"  // pre-index
                                  "stgp xzr, x2, [sp, #16]!")));
  EXPECT_EQ(get64(m, kData + 0x3F0), 0x1122334455667788ull);
  EXPECT_EQ(get64(m, kData + 0x3F8), 0x99AABBCCDDEEFF00ull);
  EXPECT_EQ(m.x(3), kData);
  EXPECT_EQ(get64(m, kData + 0x400), 0x99AABBCCDDEEFF00ull);
  EXPECT_EQ(get64(m, kData + 0x408), 0x1122334455667788ull);
  EXPECT_EQ(m.x(4), kData);
  EXPECT_EQ(get64(m, kData + 0x800), 0x1122334455667788ull);
  EXPECT_EQ(get64(m, kData + 0x808), 0u);
  EXPECT_EQ(m.x(5), kData + 0x800);
  EXPECT_EQ(m.sp(), kData - 0x3F0);
  EXPECT_EQ(get64(m, kData - 0x3F0), 0u);
  EXPECT_EQ(get64(m, kData - 0x3E8), 0x99AABBCCDDEEFF00ull);
  // Exactly 16 bytes each: the neighbours keep the fill.
  EXPECT_EQ(get64(m, kData + 0x3E8), 0xAAAAAAAAAAAAAAAAull);
  EXPECT_EQ(get64(m, kData + 0x410), 0xAAAAAAAAAAAAAAAAull);
  EXPECT_EQ(get64(m, kData + 0x7F8), 0xAAAAAAAAAAAAAAAAull);
  EXPECT_EQ(get64(m, kData + 0x810), 0xAAAAAAAAAAAAAAAAull);
  EXPECT_EQ(get64(m, kData - 0x3F8), 0xAAAAAAAAAAAAAAAAull);
  EXPECT_EQ(get64(m, kData - 0x3E0), 0xAAAAAAAAAAAAAAAAull);
}

TEST(MemoryTagging, StgpFaults) {
  const FaultCase cases[] = {
      {"stgp x1, x1, [x2]", kData + 8, kData + 8},      {"stgp x1, x1, [x2, #16]!", kData + 4, kData + 20},
      {"stgp x1, x1, [x2], #16", kData + 1, kData + 1}, {"stgp x1, x1, [x2]", kTop, kTop},
      {"stgp x1, x1, [x2, #-16]!", kTop + 16, kTop},
  };
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    fill_data(m);
    m.set_x(1, 0x1234);
    m.set_x(2, c.x2);
    const ExecResult r = run_assembly(m, mte(c.insn));
    EXPECT_EQ(r.stop_reason, StopReason::kFault);
    EXPECT_EQ(r.fault_kind, AccessKind::kWrite);
    EXPECT_EQ(r.fault_address, c.fault_address);
    EXPECT_EQ(m.x(2), c.x2);
    expect_untouched(m);
  }
}

// ---- UNDEFINED ------------------------------------------------------------------------
TEST(MemoryTagging, UnallocatedAndEl1OnlyFormsAreUndefined) {
  const uint32_t words[] = {
      0xD9E00041,  // LDGM x1, [x2]: FEAT_MTE2, UNDEFINED at EL0
      0xD9A00041,  // STGM x1, [x2]
      0xD9200041,  // STZGM x1, [x2]
      0xD9E01041,  // opc=11 op2=00 with imm9 != 0
      0xD9A01041,  // opc=10 op2=00 with imm9 != 0
      0xD9201041,  // opc=00 op2=00 with imm9 != 0
      0x91BF7C26,  // ADDG with op3 = 01
      0x91BFBC26,  // ADDG with op3 = 10
      0x11800000,  // add/subtract with tags, sf=0
      0xB1800000,  // S=1
      0x91C00000,  // o2=1
      0x1AC20024,  // SUBP with sf=0
      0x3AC20024,  // SUBPS with sf=0
      0x1AC21020,  // IRG with sf=0
      0xBAC21020,  // IRG with S=1
      0xBAC21420,  // GMI with S=1
      0x1AC21420,  // GMI with sf=0
      0x68000861,  // load/store no-allocate pair, opc=01 L=0 (not STGP)
  };
  for (const uint32_t word : words) {
    SCOPED_TRACE(testing::Message() << std::hex << word);
    Machine m = cpu_machine();
    const uint32_t program[] = {word, 0xD4400000};  // hlt #0
    m.load_program(program);
    const ExecResult r = m.execute(10);
    EXPECT_EQ(r.stop_reason, StopReason::kUndefined);
    EXPECT_EQ(r.final_pc, 0u);
  }
}

TEST(MemoryTagging, AssemblerAgreesOnTheEncodings) {
  // The words the decoder receives are the ones the GNU assembler produces for these forms.
  const std::vector<uint32_t> words = assemble(
      ".arch armv8.5-a+memtag\n"
      "irg x0, sp, x2\ngmi x3, x1, x2\nsubp x4, x1, x2\ncmpp x1, x2\naddg x6, x1, #1008, #15\n"
      "subg sp, sp, #16, #0\nldg x7, [x1, #-4096]\nstg x1, [x2, #4080]\nstzg x1, [x2]\n"
      "st2g x1, [x2, #32]!\nstz2g x1, [x2], #-32\nstgp x1, x2, [x3, #1008]\nldgm x1, [x2]");
  const std::vector<uint32_t> expected = {0x9AC213E0, 0x9AC21423, 0x9AC20024, 0xBAC2003F, 0x91BF3C26,
                                          0xD18103FF, 0xD9700027, 0xD92FF841, 0xD9600841, 0xD9A02C41,
                                          0xD9FFE441, 0x691F8861, 0xD9E00041};
  EXPECT_EQ(words, expected);
}

}  // namespace
}  // namespace warp64::test
