// Loads and stores of general-purpose registers: single registers in every addressing form,
// pairs and literals. Expected values are worked out by hand from the Arm ARM's definitions;
// the comments show the arithmetic.
//
// Memory pattern used by the load tables: byte(kData + k) = (0x80 + k) mod 256 for
// k in [-0x8000, 0x10000), so for example byte(kData) = 0x80, byte(kData + 5) = 0x85,
// byte(kData - 1) = 0x7F, byte(kData - 256) = 0x80, and multi-byte values are little-endian.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/assemble.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64::test {
namespace {

constexpr uint64_t kData = 0x10000;
constexpr uint64_t kStore = 0x30000;           // store tests: [kStore - 0x8000, kStore + 0x10000) = 0xAA
constexpr uint64_t kTop = kDefaultMemorySize;  // 0x400000, first address past memory
constexpr uint64_t kOnes = ~0ull;
constexpr uint64_t kStoreValue = 0x1122334455667788ull;

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

void fill_pattern(Machine& m) {
  std::vector<uint8_t> bytes(0x18000);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(0x80 + i);
  m.write_memory(kData - 0x8000, bytes);
}

void fill_store_area(Machine& m) { m.write_memory(kStore - 0x8000, std::vector<uint8_t>(0x18000, 0xAA)); }

void put64(Machine& m, uint64_t address, uint64_t value) {
  std::vector<uint8_t> bytes(8);
  for (unsigned i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  m.write_memory(address, bytes);
}

void put32(Machine& m, uint64_t address, uint32_t value) {
  std::vector<uint8_t> bytes(4);
  for (unsigned i = 0; i < 4; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  m.write_memory(address, bytes);
}

uint64_t get64(const Machine& m, uint64_t address) {
  const std::vector<uint8_t> bytes = m.read_memory(address, 8);
  uint64_t value = 0;
  for (unsigned i = 0; i < 8; ++i) value |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  return value;
}

// ---- single-register loads, table driven ---------------------------------------------
// Each case runs "<insn>\nhlt #0" with x0 = all ones (so a W result must clear bits 63:32),
// x1 = base, x2 = index, on the byte pattern above.
struct LoadCase {
  const char* insn;
  uint64_t base;
  uint64_t index;
  uint64_t value;       // expected x0
  uint64_t final_base;  // expected x1
};

void run_load_cases(const std::vector<LoadCase>& cases) {
  for (const LoadCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    fill_pattern(m);
    m.set_x(0, kOnes);
    m.set_x(1, c.base);
    m.set_x(2, c.index);
    const uint64_t sp = m.sp();
    const ExecResult r = run_assembly(m, std::string(c.insn) + "\nhlt #0");
    EXPECT_EQ(r.stop_reason, StopReason::kHalt);
    EXPECT_EQ(r.cycles, 1u);
    EXPECT_EQ(m.x(0), c.value);
    EXPECT_EQ(m.x(1), c.final_base);
    EXPECT_EQ(m.x(2), c.index);
    EXPECT_EQ(m.sp(), sp);
  }
}

TEST(LoadsStores, LoadUnsignedOffsetEverySize) {
  // Address = base + imm12 * size; the assembler's byte offset is imm12 * size.
  run_load_cases({
      {"ldrb w0, [x1, #5]", kData, 0, 0x85, kData},
      // LDRSB Wt of 0x81: SignExtend to 32 bits = 0xFFFFFF81, bits 63:32 cleared.
      {"ldrsb w0, [x1, #1]", kData, 0, 0xFFFFFF81u, kData},
      {"ldrsb x0, [x1, #2]", kData, 0, 0xFFFFFFFFFFFFFF82ull, kData},
      // imm12 = 4095: byte(kData + 0xFFF) = (0x80 + 0xFFF) mod 256 = 0x7F, positive.
      {"ldrsb x0, [x1, #4095]", kData, 0, 0x7F, kData},
      {"ldrh w0, [x1, #6]", kData, 0, 0x8786, kData},
      // imm12 = 4095 scaled by 2 = 0x1FFE: bytes 0x7E 0x7F.
      {"ldrh w0, [x1, #8190]", kData, 0, 0x7F7E, kData},
      {"ldrsh w0, [x1, #2]", kData, 0, 0xFFFF8382u, kData},
      {"ldrsh x0, [x1, #4]", kData, 0, 0xFFFFFFFFFFFF8584ull, kData},
      // LDR Wt zero-extends: 0x8B8A8988 with bits 63:32 clear.
      {"ldr w0, [x1, #8]", kData, 0, 0x8B8A8988u, kData},
      // 4095 * 4 = 0x3FFC: bytes 7C 7D 7E 7F.
      {"ldr w0, [x1, #16380]", kData, 0, 0x7F7E7D7Cu, kData},
      {"ldrsw x0, [x1, #12]", kData, 0, 0xFFFFFFFF8F8E8D8Cull, kData},
      {"ldr x0, [x1, #16]", kData, 0, 0x9796959493929190ull, kData},
      // 4095 * 8 = 0x7FF8: bytes 78..7F.
      {"ldr x0, [x1, #32760]", kData, 0, 0x7F7E7D7C7B7A7978ull, kData},
  });
}

TEST(LoadsStores, LoadUnscaledOffsetEverySize) {
  // Address = base + SignExtend(imm9), any alignment.
  run_load_cases({
      {"ldurb w0, [x1, #-1]", kData, 0, 0x7F, kData},
      {"ldursb w0, [x1, #-256]", kData, 0, 0xFFFFFF80u, kData},
      {"ldursb x0, [x1, #3]", kData, 0, 0xFFFFFFFFFFFFFF83ull, kData},
      {"ldurh w0, [x1, #1]", kData, 0, 0x8281, kData},
      {"ldursh w0, [x1, #3]", kData, 0, 0xFFFF8483u, kData},
      // kData - 255: bytes 0x81 0x82.
      {"ldursh x0, [x1, #-255]", kData, 0, 0xFFFFFFFFFFFF8281ull, kData},
      // kData + 255 .. +258: 7F 80 81 82.
      {"ldur w0, [x1, #255]", kData, 0, 0x8281807Fu, kData},
      // kData - 2 .. +1: 7E 7F 80 81 = 0x81807F7E, negative.
      {"ldursw x0, [x1, #-2]", kData, 0, 0xFFFFFFFF81807F7Eull, kData},
      {"ldur x0, [x1, #-256]", kData, 0, 0x8786858483828180ull, kData},
  });
}

TEST(LoadsStores, LoadPostIndexEverySize) {
  // Access at base; then base = base + SignExtend(imm9).
  run_load_cases({
      {"ldrb w0, [x1], #1", kData, 0, 0x80, kData + 1},
      {"ldrsb w0, [x1], #-1", kData, 0, 0xFFFFFF80u, kData - 1},
      {"ldrsb x0, [x1], #255", kData, 0, 0xFFFFFFFFFFFFFF80ull, kData + 255},
      {"ldrh w0, [x1], #2", kData, 0, 0x8180, kData + 2},
      {"ldrsh w0, [x1], #-256", kData, 0, 0xFFFF8180u, kData - 256},
      {"ldrsh x0, [x1], #-2", kData, 0, 0xFFFFFFFFFFFF8180ull, kData - 2},
      {"ldr w0, [x1], #4", kData, 0, 0x83828180u, kData + 4},
      {"ldrsw x0, [x1], #-4", kData, 0, 0xFFFFFFFF83828180ull, kData - 4},
      {"ldr x0, [x1], #8", kData, 0, 0x8786858483828180ull, kData + 8},
      // Base kData + 8: bytes 88..8F; base becomes 0x10008 - 0x100 = 0xFF08.
      {"ldr x0, [x1], #-256", kData + 8, 0, 0x8F8E8D8C8B8A8988ull, 0xFF08},
  });
}

TEST(LoadsStores, LoadPreIndexEverySize) {
  // Access at base + SignExtend(imm9), which is also written back.
  run_load_cases({
      {"ldrb w0, [x1, #1]!", kData, 0, 0x81, kData + 1},
      {"ldrsb w0, [x1, #-1]!", kData, 0, 0x7F, 0xFFFF},
      {"ldrsb x0, [x1, #-256]!", kData, 0, 0xFFFFFFFFFFFFFF80ull, 0xFF00},
      {"ldrh w0, [x1, #255]!", kData, 0, 0x807F, 0x100FF},
      {"ldrsh w0, [x1, #2]!", kData, 0, 0xFFFF8382u, kData + 2},
      {"ldrsh x0, [x1, #-2]!", kData, 0, 0x7F7E, 0xFFFE},
      {"ldr w0, [x1, #-4]!", kData, 0, 0x7F7E7D7Cu, 0xFFFC},
      {"ldrsw x0, [x1, #4]!", kData, 0, 0xFFFFFFFF87868584ull, kData + 4},
      {"ldr x0, [x1, #-8]!", kData, 0, 0x7F7E7D7C7B7A7978ull, 0xFFF8},
  });
}

TEST(LoadsStores, LoadUnprivilegedEverySize) {
  // At EL0 LDTR* are plain unscaled-offset loads without writeback.
  run_load_cases({
      {"ldtrb w0, [x1, #-1]", kData, 0, 0x7F, kData},
      {"ldtrsb w0, [x1]", kData, 0, 0xFFFFFF80u, kData},
      {"ldtrsb x0, [x1, #1]", kData, 0, 0xFFFFFFFFFFFFFF81ull, kData},
      {"ldtrh w0, [x1, #255]", kData, 0, 0x807F, kData},
      {"ldtrsh w0, [x1, #-256]", kData, 0, 0xFFFF8180u, kData},
      {"ldtrsh x0, [x1, #3]", kData, 0, 0xFFFFFFFFFFFF8483ull, kData},
      {"ldtr w0, [x1, #1]", kData, 0, 0x84838281u, kData},
      // 7C 7D 7E 7F = 0x7F7E7D7C, positive: sign extension leaves it.
      {"ldtrsw x0, [x1, #-4]", kData, 0, 0x7F7E7D7Cu, kData},
      // kData - 3 .. +4: 7D 7E 7F 80 81 82 83 84.
      {"ldtr x0, [x1, #-3]", kData, 0, 0x84838281807F7E7Dull, kData},
  });
}

TEST(LoadsStores, LoadRegisterOffsetEveryExtend) {
  // Offset = ExtendReg(Rm, option, S ? log2(size) : 0).
  run_load_cases({
      {"ldrb w0, [x1, x2]", kData, 5, 0x85, kData},
      {"ldrb w0, [x1, x2, lsl #0]", kData, 5, 0x85, kData},  // S=1, shift 0 for bytes
      // SXTW of w2 = 0xFFFFFFFF is -1 whatever bits 63:32 hold: byte(kData - 1) = 0x7F.
      {"ldrsb w0, [x1, w2, sxtw]", kData, 0x12345678FFFFFFFFull, 0x7F, kData},
      // UXTW drops bits 63:32: offset 3.
      {"ldrsb x0, [x1, w2, uxtw]", kData, 0xABCD000000000003ull, 0xFFFFFFFFFFFFFF83ull, kData},
      {"ldrh w0, [x1, x2, lsl #1]", kData, 3, 0x8786, kData},  // 3 << 1 = 6
      // SXTW(-2) << 1 = -4: bytes 7C 7D.
      {"ldrsh w0, [x1, w2, sxtw #1]", kData, 0xFFFFFFFE, 0x7D7C, kData},
      // UXTW(2) << 1 = 4: bytes 84 85.
      {"ldrsh x0, [x1, w2, uxtw #1]", kData, 0xFFFFFFFF00000002ull, 0xFFFFFFFFFFFF8584ull, kData},
      {"ldr w0, [x1, x2, lsl #2]", kData, 3, 0x8F8E8D8Cu, kData},       // 12
      {"ldr w0, [x1, x2, sxtx #2]", kData, kOnes, 0x7F7E7D7Cu, kData},  // -1 << 2 = -4
      // SXTW(-64) << 2 = -256: bytes 80 81 82 83.
      {"ldrsw x0, [x1, w2, sxtw #2]", kData, 0xFFFFFFC0, 0xFFFFFFFF83828180ull, kData},
      {"ldr x0, [x1, x2, lsl #3]", kData, 2, 0x9796959493929190ull, kData},  // 16
      // S=0: unscaled, offset 3: bytes 83..8A.
      {"ldr x0, [x1, w2, uxtw]", kData, 3, 0x8A89888786858483ull, kData},
      // SXTX, S=0: offset -7: bytes 79..80.
      {"ldr x0, [x1, x2, sxtx]", kData, static_cast<uint64_t>(-7), 0x807F7E7D7C7B7A79ull, kData},
      {"ldr x0, [x1, w2, sxtw #3]", kData, 0xFFFFFFFF, 0x7F7E7D7C7B7A7978ull, kData},  // -8
      // Rm = 31 is XZR: offset 0.
      {"ldr x0, [x1, xzr, lsl #3]", kData, 0, 0x8786858483828180ull, kData},
  });
}

TEST(LoadsStores, UnalignedLoads) {
  // Base kData + 3: every size works at any alignment.
  run_load_cases({
      {"ldrh w0, [x1]", kData + 3, 0, 0x8483, kData + 3},
      {"ldr w0, [x1]", kData + 3, 0, 0x86858483u, kData + 3},
      {"ldr x0, [x1, #8]", kData + 3, 0, 0x9291908F8E8D8C8Bull, kData + 3},  // 8B..92
      {"ldrsw x0, [x1], #5", kData + 3, 0, 0xFFFFFFFF86858483ull, kData + 8},
  });
}

// ---- single-register stores, table driven --------------------------------------------
// Each case stores x0 = 0x1122334455667788 into memory filled with 0xAA; exactly `size`
// bytes (the low bytes of x0, little-endian) change, at `address`.
struct StoreCase {
  const char* insn;
  uint64_t base;
  uint64_t index;
  uint64_t address;
  unsigned size;
  uint64_t final_base;
};

void run_store_cases(const std::vector<StoreCase>& cases) {
  for (const StoreCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    fill_store_area(m);
    m.set_x(0, kStoreValue);
    m.set_x(1, c.base);
    m.set_x(2, c.index);
    const ExecResult r = run_assembly(m, std::string(c.insn) + "\nhlt #0");
    EXPECT_EQ(r.stop_reason, StopReason::kHalt);
    std::vector<uint8_t> expected(c.size + 2, 0xAA);
    for (unsigned i = 0; i < c.size; ++i) expected[1 + i] = static_cast<uint8_t>(kStoreValue >> (8 * i));
    EXPECT_EQ(m.read_memory(c.address - 1, c.size + 2), expected);
    EXPECT_EQ(m.x(0), kStoreValue);
    EXPECT_EQ(m.x(1), c.final_base);
  }
}

TEST(LoadsStores, StoreEveryFormEverySize) {
  run_store_cases({
      // Unsigned offset, imm12 scaled: maximum offsets 4095 * size.
      {"strb w0, [x1, #4095]", kStore, 0, kStore + 4095, 1, kStore},
      {"strh w0, [x1, #8190]", kStore, 0, kStore + 8190, 2, kStore},
      {"str w0, [x1, #16380]", kStore, 0, kStore + 16380, 4, kStore},
      {"str x0, [x1, #32760]", kStore, 0, kStore + 32760, 8, kStore},
      {"str x0, [x1, #8]", kStore, 0, kStore + 8, 8, kStore},
      // Unscaled imm9.
      {"sturb w0, [x1, #-256]", kStore, 0, kStore - 256, 1, kStore},
      {"sturh w0, [x1, #255]", kStore, 0, kStore + 255, 2, kStore},
      {"stur w0, [x1, #-1]", kStore, 0, kStore - 1, 4, kStore},
      {"stur x0, [x1, #3]", kStore, 0, kStore + 3, 8, kStore},
      // Post-index: store at base, then base += imm9.
      {"strb w0, [x1], #-256", kStore, 0, kStore, 1, kStore - 256},
      {"strh w0, [x1], #255", kStore, 0, kStore, 2, kStore + 255},
      {"str w0, [x1], #4", kStore, 0, kStore, 4, kStore + 4},
      {"str x0, [x1], #-8", kStore, 0, kStore, 8, kStore - 8},
      // Pre-index: store at base + imm9, which is written back.
      {"strb w0, [x1, #255]!", kStore, 0, kStore + 255, 1, kStore + 255},
      {"strh w0, [x1, #-1]!", kStore, 0, kStore - 1, 2, kStore - 1},
      {"str w0, [x1, #-256]!", kStore, 0, kStore - 256, 4, kStore - 256},
      {"str x0, [x1, #17]!", kStore, 0, kStore + 17, 8, kStore + 17},
      // Unprivileged: plain unscaled stores at EL0.
      {"sttrb w0, [x1, #-1]", kStore, 0, kStore - 1, 1, kStore},
      {"sttrh w0, [x1, #1]", kStore, 0, kStore + 1, 2, kStore},
      {"sttr w0, [x1, #255]", kStore, 0, kStore + 255, 4, kStore},
      {"sttr x0, [x1, #-256]", kStore, 0, kStore - 256, 8, kStore},
      // Register offset.
      {"strb w0, [x1, x2]", kStore, 7, kStore + 7, 1, kStore},
      {"strh w0, [x1, w2, sxtw #1]", kStore, 0xFFFFFFFD, kStore - 6, 2, kStore},  // -3 << 1
      {"str w0, [x1, w2, uxtw #2]", kStore, 0xFFFFFFFF00000005ull, kStore + 20, 4, kStore},
      {"str w0, [x1, w2, uxtw]", kStore, 3, kStore + 3, 4, kStore},  // S=0: unscaled
      {"str x0, [x1, x2, sxtx #3]", kStore, static_cast<uint64_t>(-2), kStore - 16, 8, kStore},
      {"str x0, [x1, x2, lsl #3]", kStore, 1, kStore + 8, 8, kStore},
      {"str x0, [x1, x2]", kStore, 1, kStore + 1, 8, kStore},           // unaligned
      {"strh w0, [x1, #2]", kStore + 2, 0, kStore + 4, 2, kStore + 2},  // imm12 = 1, * 2
  });
}

// ---- register 31 ----------------------------------------------------------------------
TEST(LoadsStores, XzrAsTransferRegister) {
  Machine m = cpu_machine();
  fill_store_area(m);
  m.set_x(1, kStore);
  m.set_x(3, kOnes);
  const uint64_t sp = m.sp();
  const ExecResult r = run_assembly(m,
                                    "str xzr, [x1]\n"
                                    "strb wzr, [x1, #9]\n"
                                    "stp xzr, xzr, [x1, #16]\n"
                                    "ldr xzr, [x1, #-8]\n"       // discarded
                                    "ldrsw xzr, [x1], #40\n"     // discarded; x1 written back
                                    "ldp xzr, x3, [x1, #-24]\n"  // x3 = second element
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  // Memory: 8 zero bytes at kStore, AA, zero at +9, AA.. up to +16, then 16 zero bytes.
  const std::vector<uint8_t> bytes = m.read_memory(kStore, 33);
  for (unsigned i = 0; i < 33; ++i) {
    const bool zero = i < 8 || i == 9 || (i >= 16 && i < 32);
    EXPECT_EQ(bytes[i], zero ? 0x00 : 0xAA) << "byte " << i;
  }
  EXPECT_EQ(m.x(1), kStore + 40);
  // ldp from kStore + 40 - 24 = kStore + 16: second element at kStore + 24 = 0.
  EXPECT_EQ(m.x(3), 0u);
  EXPECT_EQ(m.sp(), sp);  // register 31 as Rt is never SP
}

TEST(LoadsStores, SpAsBase) {
  Machine m = cpu_machine();
  m.set_x(0, 0x0123456789ABCDEFull);
  m.set_x(29, 0x2929);
  m.set_x(30, 0x3030);
  m.set_x(2, 3);
  const ExecResult r = run_assembly(m,
                                    "str x0, [sp, #-16]!\n"        // sp = 0x3FFFF0
                                    "ldr x1, [sp]\n"               // unsigned offset
                                    "ldurb w3, [sp, #1]\n"         // byte 1 of x0 = 0xCD
                                    "ldrh w4, [sp, x2, lsl #1]\n"  // bytes 6,7 = 0x0123
                                    "ldtr w5, [sp, #4]\n"          // high word = 0x01234567
                                    "stp x29, x30, [sp, #-32]!\n"  // sp = 0x3FFFD0
                                    "ldp x6, x7, [sp], #16\n"      // sp = 0x3FFFE0
                                    "ldr x8, [sp, #16]\n"          // x0's copy at 0x3FFFF0
                                    "ldr x9, [sp], #32\n"          // sp = 0x400000
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(1), 0x0123456789ABCDEFull);
  EXPECT_EQ(m.x(3), 0xCDu);
  EXPECT_EQ(m.x(4), 0x0123u);
  EXPECT_EQ(m.x(5), 0x01234567u);
  EXPECT_EQ(m.x(6), 0x2929u);
  EXPECT_EQ(m.x(7), 0x3030u);
  EXPECT_EQ(m.x(8), 0x0123456789ABCDEFull);
  EXPECT_EQ(m.x(9), 0u);  // 0x3FFFE0 held nothing (memory starts zeroed)
  EXPECT_EQ(m.sp(), kTop);
  EXPECT_EQ(get64(m, kTop - 16), 0x0123456789ABCDEFull);
  EXPECT_EQ(get64(m, kTop - 48), 0x2929u);
  EXPECT_EQ(get64(m, kTop - 40), 0x3030u);
}

TEST(LoadsStores, SpBaseNeedsNoAlignment) {
  // SP alignment checking is not modelled (as in QEMU/Unicorn): a misaligned SP base works.
  Machine m = cpu_machine();
  fill_pattern(m);
  m.set_sp(kData + 3);
  const ExecResult r = run_assembly(m, "ldr x0, [sp]\nstr x0, [sp, #-1]!\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(0), 0x8A89888786858483ull);  // bytes 83..8A
  EXPECT_EQ(m.sp(), kData + 2);
  EXPECT_EQ(get64(m, kData + 2), 0x8A89888786858483ull);
}

TEST(LoadsStores, LoadToXzrWithSpWriteback) {
  // Rt = 31 (XZR) and Rn = 31 (SP) are different registers: no overlap rule applies, the
  // load is discarded and SP is written back.
  Machine m = cpu_machine();
  m.set_sp(kData);
  const ExecResult r = run_assembly(m, "ldr xzr, [sp], #16\nstr xzr, [sp, #-8]!\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.sp(), kData + 8);
}

// ---- literals -------------------------------------------------------------------------
TEST(LoadsStores, LiteralLoadsForwardAndBackward) {
  // Layout: 0: b; 4: .quad 0x8000000000000001 (words 0x00000001 at 4, 0x80000000 at 8);
  // 12..: loads; the .quad at label 2 is 0x76543210FEDCBA98.
  Machine m = cpu_machine();
  m.set_x(1, kOnes);
  m.set_x(5, kOnes);
  const ExecResult r = run_assembly(m,
                                    "b 1f\n"
                                    "0: .quad 0x8000000000000001\n"
                                    "1: ldr x0, 0b\n"     // backward, PC - 8
                                    "ldr w1, 0b\n"        // 0x00000001, bits 63:32 cleared
                                    "ldrsw x2, 0b\n"      // 1
                                    "ldrsw x3, 0b + 4\n"  // 0x80000000 -> negative
                                    "ldr x4, 2f\n"        // forward
                                    "ldr w5, 2f\n"        // 0xFEDCBA98, zero-extended
                                    "ldrsw x6, 2f\n"      // 0xFEDCBA98, sign-extended
                                    "ldr w7, 2f + 4\n"    // 0x76543210
                                    "prfm pldl1keep, 2f\n"
                                    "hlt #0\n"
                                    "2: .quad 0x76543210FEDCBA98\n");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.cycles, 10u);  // b + 9
  EXPECT_EQ(m.x(0), 0x8000000000000001ull);
  EXPECT_EQ(m.x(1), 1u);
  EXPECT_EQ(m.x(2), 1u);
  EXPECT_EQ(m.x(3), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(m.x(4), 0x76543210FEDCBA98ull);
  EXPECT_EQ(m.x(5), 0xFEDCBA98u);
  EXPECT_EQ(m.x(6), 0xFFFFFFFFFEDCBA98ull);
  EXPECT_EQ(m.x(7), 0x76543210u);
}

TEST(LoadsStores, LiteralOffsetIsSignExtended) {
  // LDR X0, literal with imm19 = all ones (-1): 0x58000000 | 0x7FFFF << 5 = 0x58FFFFE0.
  // At PC 0 the address is 0 + (-1 << 2) = 0xFFFFFFFFFFFFFFFC, which is unmapped.
  Machine m = cpu_machine();
  m.set_x(0, 0x55);
  m.load_program(std::vector<uint32_t>{0x58FFFFE0u});
  const ExecResult r = m.execute(10);
  EXPECT_EQ(r.stop_reason, StopReason::kFault);
  EXPECT_EQ(r.fault_kind, AccessKind::kRead);
  EXPECT_EQ(r.fault_address, 0xFFFFFFFFFFFFFFFCull);
  EXPECT_EQ(r.final_pc, 0u);
  EXPECT_EQ(r.cycles, 0u);
  EXPECT_EQ(m.x(0), 0x55u);
}

// ---- prefetch -------------------------------------------------------------------------
TEST(LoadsStores, PrefetchNeverFaults) {
  // PRFM/PRFUM are hints: wild addresses in every form run on without touching state.
  Machine m = cpu_machine();
  m.set_x(1, 0xDEADBEEF00000000ull);
  m.set_x(2, 0x7FFFFFFFFFFFFFFFull);
  // PRFM (literal) with imm19 = -1 at PC 0 names address -4: 0xD8FFFFE0 (Rt = 0).
  const std::vector<uint32_t> literal = {0xD8FFFFE0u};
  std::vector<uint32_t> words = assemble(
      "prfm pldl1keep, [x1]\n"
      "prfm pstl2strm, [x1, #32760]\n"
      "prfum pldl3keep, [x1, #-1]\n"
      "prfm plil1keep, [x1, x2, lsl #3]\n"
      "prfm pldl1keep, [x1, w2, sxtw]\n"
      "prfm #31, [x1]\n"  // a reserved prfop value is still a hint
      "hlt #0");
  words.insert(words.begin(), literal.begin(), literal.end());
  m.load_program(words);
  const CpuState before = m.state();
  const ExecResult r = m.execute(100);
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.cycles, 7u);
  EXPECT_EQ(r.final_pc, 28u);
  for (unsigned i = 0; i < 31; ++i) EXPECT_EQ(m.x(i), before.x[i]) << "x" << i;
  EXPECT_EQ(m.sp(), before.sp);
}

// ---- faults ---------------------------------------------------------------------------
struct FaultCase {
  const char* insn;
  uint64_t base;
  uint64_t fault_address;
  AccessKind kind;
};

void run_fault_cases(const std::vector<FaultCase>& cases) {
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    m.set_x(0, 0x1010);
    m.set_x(1, c.base);
    m.set_x(2, 0x2020);
    const uint64_t sp = m.sp();
    // One instruction retires before the faulting one at PC 4.
    const ExecResult r = run_assembly(m, std::string("movz x5, #5\n") + c.insn + "\nhlt #0");
    EXPECT_EQ(r.stop_reason, StopReason::kFault);
    EXPECT_EQ(r.fault_kind, c.kind);
    EXPECT_EQ(r.fault_address, c.fault_address);
    EXPECT_EQ(r.final_pc, 4u);
    EXPECT_EQ(r.cycles, 1u);
    EXPECT_EQ(m.pc(), 4u);
    // Nothing written: transfer registers and the base keep their values.
    EXPECT_EQ(m.x(0), 0x1010u);
    EXPECT_EQ(m.x(1), c.base);
    EXPECT_EQ(m.x(2), 0x2020u);
    EXPECT_EQ(m.x(5), 5u);
    EXPECT_EQ(m.sp(), sp);
  }
}

TEST(LoadsStores, FaultsBeyondMemory) {
  constexpr AccessKind R = AccessKind::kRead, W = AccessKind::kWrite;
  run_fault_cases({
      {"ldr x0, [x1]", kTop, kTop, R},
      {"ldrb w0, [x1, #4095]", kTop - 4095, kTop, R},
      {"ldrsw x0, [x1, #-4]", kTop + 4, kTop, R},
      {"ldrsh x0, [x1, x2]", kTop - 0x2020, kTop, R},
      {"ldtr x0, [x1, #8]", kTop - 8, kTop, R},
      // Writeback forms write nothing when the access faults.
      {"ldr x0, [x1], #8", kTop, kTop, R},
      {"ldr x0, [x1, #8]!", kTop - 8, kTop, R},
      {"ldrsb x0, [x1], #-16", 0xFFFFFFFFFFFFFFF0ull, 0xFFFFFFFFFFFFFFF0ull, R},
      // An access straddling the end reports its own (first byte's) address.
      {"ldr x0, [x1]", kTop - 4, kTop - 4, R},
      {"str x0, [x1]", kTop, kTop, W},
      {"strb w0, [x1, #1]", kTop - 1, kTop, W},
      {"str x0, [x1, #-8]!", kTop + 8, kTop, W},
      {"strh w0, [x1], #2", kTop + 0x100, kTop + 0x100, W},
      {"sttr w0, [x1]", kTop - 2, kTop - 2, W},
      {"str w0, [x1, x2, lsl #2]", kTop - 0x8080, kTop, W},  // 0x2020 << 2 = 0x8080
      // Pairs: each half is its own access; a fault in the second half still leaves all
      // registers (both destinations and the base) unchanged.
      {"ldp x0, x2, [x1]", kTop, kTop, R},
      {"ldp x0, x2, [x1]", kTop - 8, kTop, R},
      {"ldp w0, w2, [x1, #-4]!", kTop, kTop, R},
      {"ldpsw x0, x2, [x1], #8", kTop - 4, kTop, R},
      {"ldnp x0, x2, [x1, #8]", kTop - 16, kTop, R},
      {"stp x0, x2, [x1]", kTop, kTop, W},
      {"stp x0, x2, [x1, #-16]!", kTop + 8, kTop, W},
      {"stp w0, w2, [x1], #-8", kTop - 4, kTop, W},
      {"stnp w0, w2, [x1]", kTop - 4, kTop, W},
  });
}

TEST(LoadsStores, FaultWithSpBase) {
  // SP starts at the top of memory, so a load at [sp] faults and SP stays put.
  Machine m = cpu_machine();
  const ExecResult r = run_assembly(m, "ldr x0, [sp], #-16\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kFault);
  EXPECT_EQ(r.fault_kind, AccessKind::kRead);
  EXPECT_EQ(r.fault_address, kTop);
  EXPECT_EQ(r.final_pc, 0u);
  EXPECT_EQ(m.sp(), kTop);
}

// ---- writeback with Rn == Rt (CONSTRAINED UNPREDICTABLE) -------------------------------
// Behaviour chosen to match Unicorn 2.0.1 (QEMU), observed with it directly:
//   ldr x0, [x0], #8 (x0 = 0x1000)    -> x0 = 0x1008 (written-back address wins)
//   ldr x0, [x0, #8]!                 -> x0 = 0x1008
//   ldrsb x0, [x0, #-1]!              -> x0 = 0xFFF
//   str x0, [x0, #8]! / [x0], #8      -> the original 0x1000 is stored, x0 = 0x1008
//   ldp x1, x1, [x0] (and w, ldpsw, ldnp) -> x1 = first element
//   ldp x0, x1, [x0], #16             -> x0 = 0x1010, x1 = second element
//   stp x0, x1, [x0, #16]!            -> stores the original x0, x0 = 0x1010
TEST(LoadsStores, LoadWritebackOverlapKeepsAddress) {
  run_load_cases({
      // Rt = Rn = x1 here, so "value" and "final_base" both describe x1; x0 stays all ones.
      {"ldr x1, [x1], #8", kData, 0, kOnes, kData + 8},
      {"ldr x1, [x1, #8]!", kData, 0, kOnes, kData + 8},
      {"ldrsb x1, [x1, #-1]!", kData, 0, kOnes, kData - 1},
      {"ldr w1, [x1], #4", kData, 0, kOnes, kData + 4},
      {"ldrh w1, [x1, #-256]!", kData, 0, kOnes, kData - 256},
  });
}

TEST(LoadsStores, StoreWritebackOverlapStoresOriginal) {
  Machine m = cpu_machine();
  fill_store_area(m);
  m.set_x(1, kStore + 0x42);
  m.set_x(2, kStore + 0x100);
  m.set_x(3, kStore + 0x200);
  const ExecResult r = run_assembly(m,
                                    "str x1, [x1, #8]!\n"   // [kStore+0x4A] = kStore+0x42
                                    "str x2, [x2], #8\n"    // [kStore+0x100] = kStore+0x100
                                    "strb w3, [x3, #1]!\n"  // [kStore+0x201] = 0x00 (low byte)
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(1), kStore + 0x4A);
  EXPECT_EQ(get64(m, kStore + 0x4A), kStore + 0x42);
  EXPECT_EQ(m.x(2), kStore + 0x108);
  EXPECT_EQ(get64(m, kStore + 0x100), kStore + 0x100);
  EXPECT_EQ(m.x(3), kStore + 0x201);
  EXPECT_EQ(m.read_memory(kStore + 0x200, 3), (std::vector<uint8_t>{0xAA, 0x00, 0xAA}));
}

TEST(LoadsStores, PairOverlapChoices) {
  Machine m = cpu_machine();
  fill_pattern(m);
  m.set_x(0, kData);
  m.set_x(10, kData + 32);
  m.set_x(11, kData + 64);
  m.set_x(12, kData + 96);
  m.set_x(13, 0x1313);
  fill_store_area(m);
  m.set_x(14, kStore);
  m.set_x(15, kStore + 0x80);
  m.set_x(16, 0x1616);
  const ExecResult r = run_assembly(m,
                                    "ldp x1, x1, [x0]\n"
                                    "ldp w2, w2, [x0]\n"
                                    "ldpsw x3, x3, [x0]\n"
                                    "ldnp x4, x4, [x0, #8]\n"
                                    "ldp x10, x5, [x10], #16\n"
                                    "ldp x6, x11, [x11, #16]!\n"
                                    "ldp x12, x12, [x12], #16\n"
                                    "stp x14, x13, [x14, #16]!\n"
                                    "stp x16, x15, [x15], #16\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(1), 0x8786858483828180ull);  // first element (kData)
  EXPECT_EQ(m.x(2), 0x83828180u);            // first word, zero-extended
  EXPECT_EQ(m.x(3), 0xFFFFFFFF83828180ull);  // first word, sign-extended
  EXPECT_EQ(m.x(4), 0x8F8E8D8C8B8A8988ull);  // first element at kData + 8
  EXPECT_EQ(m.x(10), kData + 48);            // written back: 0x10020 + 16
  EXPECT_EQ(m.x(5), 0xAFAEADACABAAA9A8ull);  // second element at kData + 40: A8..AF
  EXPECT_EQ(m.x(11), kData + 80);            // written back: 0x10040 + 16
  EXPECT_EQ(m.x(6), 0xD7D6D5D4D3D2D1D0ull);  // first element at kData + 80: D0..D7
  EXPECT_EQ(m.x(12), kData + 112);           // written back wins over both loads
  EXPECT_EQ(m.x(14), kStore + 16);
  EXPECT_EQ(get64(m, kStore + 16), kStore);  // original base stored
  EXPECT_EQ(get64(m, kStore + 24), 0x1313u);
  EXPECT_EQ(m.x(15), kStore + 0x90);
  EXPECT_EQ(get64(m, kStore + 0x80), 0x1616u);
  EXPECT_EQ(get64(m, kStore + 0x88), kStore + 0x80);  // original base stored
}

// ---- pairs ----------------------------------------------------------------------------
TEST(LoadsStores, LoadPairEveryForm) {
  Machine m = cpu_machine();
  // imm7 limits: -64 and +63 elements.
  put64(m, kData - 512, 0x1111111111111111ull);
  put64(m, kData - 504, 0x2222222222222222ull);
  put64(m, kData + 504, 0x3333333333333333ull);
  put64(m, kData + 512, 0x4444444444444444ull);
  put32(m, kData - 256, 0x80000001u);
  put32(m, kData - 252, 0xFFFFFFFEu);
  put32(m, kData + 252, 0x7FFFFFFFu);
  put32(m, kData + 256, 0x80000000u);
  put64(m, kData, 0xA0A0A0A0A0A0A0A0ull);
  put64(m, kData + 8, 0xB0B0B0B0B0B0B0B0ull);
  put64(m, kData + 16, 0xC0C0C0C0C0C0C0C0ull);
  put64(m, kData + 24, 0xD0D0D0D0D0D0D0D0ull);
  for (unsigned i = 0; i <= 30; ++i) m.set_x(i, kOnes);
  m.set_x(20, kData);
  m.set_x(21, kData);
  m.set_x(22, kData);
  m.set_x(23, kData);
  m.set_x(24, kData);
  m.set_x(25, kData);
  m.set_x(26, kData);
  const ExecResult r = run_assembly(m,
                                    "ldp x0, x1, [x20, #-512]\n"
                                    "ldp x2, x3, [x20, #504]\n"
                                    "ldp w4, w5, [x20, #-256]\n"  // W: zero-extended
                                    "ldp w6, w7, [x20, #252]\n"
                                    "ldpsw x8, x9, [x20, #-256]\n"
                                    "ldpsw x10, x11, [x20, #252]\n"
                                    "ldp x12, x13, [x21], #-512\n"  // loads kData, kData+8
                                    "ldp w14, w15, [x22], #252\n"   // words at kData
                                    "ldpsw x16, x17, [x23], #-256\n"
                                    "ldp x18, x19, [x24, #16]!\n"  // kData+16, kData+24
                                    "ldp w27, w28, [x25, #-256]!\n"
                                    "ldpsw x29, x30, [x26, #252]!\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(0), 0x1111111111111111ull);
  EXPECT_EQ(m.x(1), 0x2222222222222222ull);
  EXPECT_EQ(m.x(2), 0x3333333333333333ull);
  EXPECT_EQ(m.x(3), 0x4444444444444444ull);
  EXPECT_EQ(m.x(4), 0x80000001u);
  EXPECT_EQ(m.x(5), 0xFFFFFFFEu);
  EXPECT_EQ(m.x(6), 0x7FFFFFFFu);
  EXPECT_EQ(m.x(7), 0x80000000u);
  EXPECT_EQ(m.x(8), 0xFFFFFFFF80000001ull);
  EXPECT_EQ(m.x(9), 0xFFFFFFFFFFFFFFFEull);
  EXPECT_EQ(m.x(10), 0x7FFFFFFFu);
  EXPECT_EQ(m.x(11), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(m.x(12), 0xA0A0A0A0A0A0A0A0ull);
  EXPECT_EQ(m.x(13), 0xB0B0B0B0B0B0B0B0ull);
  EXPECT_EQ(m.x(21), kData - 512);
  EXPECT_EQ(m.x(14), 0xA0A0A0A0u);
  EXPECT_EQ(m.x(15), 0xA0A0A0A0u);
  EXPECT_EQ(m.x(22), kData + 252);
  EXPECT_EQ(m.x(16), 0xFFFFFFFFA0A0A0A0ull);
  EXPECT_EQ(m.x(17), 0xFFFFFFFFA0A0A0A0ull);
  EXPECT_EQ(m.x(23), kData - 256);
  EXPECT_EQ(m.x(18), 0xC0C0C0C0C0C0C0C0ull);
  EXPECT_EQ(m.x(19), 0xD0D0D0D0D0D0D0D0ull);
  EXPECT_EQ(m.x(24), kData + 16);
  EXPECT_EQ(m.x(27), 0x80000001u);
  EXPECT_EQ(m.x(28), 0xFFFFFFFEu);
  EXPECT_EQ(m.x(25), kData - 256);
  EXPECT_EQ(m.x(29), 0x7FFFFFFFu);
  EXPECT_EQ(m.x(30), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(m.x(26), kData + 252);
}

TEST(LoadsStores, StorePairEveryForm) {
  Machine m = cpu_machine();
  fill_store_area(m);
  m.set_x(0, 0x0101010101010101ull);
  m.set_x(1, 0x0202020202020202ull);
  m.set_x(2, 0xFFFFFFFF03030303ull);  // W stores keep only the low word
  m.set_x(3, 0xEEEEEEEE04040404ull);
  m.set_x(20, kStore);
  m.set_x(21, kStore + 0x1000);
  m.set_x(22, kStore + 0x2000);
  m.set_x(23, kStore + 0x3000);
  m.set_x(24, kStore + 0x4000);
  const ExecResult r = run_assembly(m,
                                    "stp x0, x1, [x20, #-512]\n"
                                    "stp w2, w3, [x20, #252]\n"
                                    "stp x0, x1, [x21], #504\n"   // at +0x1000
                                    "stp w2, w3, [x22], #-256\n"  // at +0x2000
                                    "stp x1, x0, [x23, #-16]!\n"  // at +0x3000 - 16
                                    "stp w3, w2, [x24, #4]!\n"    // at +0x4004
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  const uint8_t A = 0xAA;
  using Bytes = std::vector<uint8_t>;
  const Bytes x_pair = {A, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, A};
  const Bytes x_swapped = {A, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, A};
  const Bytes w_pair = {A, 3, 3, 3, 3, 4, 4, 4, 4, A};
  const Bytes w_swapped = {A, 4, 4, 4, 4, 3, 3, 3, 3, A};
  EXPECT_EQ(m.read_memory(kStore - 512 - 1, 18), x_pair);
  EXPECT_EQ(m.read_memory(kStore + 252 - 1, 10), w_pair);
  EXPECT_EQ(m.read_memory(kStore + 0x1000 - 1, 18), x_pair);
  EXPECT_EQ(m.read_memory(kStore + 0x2000 - 1, 10), w_pair);
  EXPECT_EQ(m.read_memory(kStore + 0x3000 - 16 - 1, 18), x_swapped);
  EXPECT_EQ(m.read_memory(kStore + 0x4004 - 1, 10), w_swapped);
  EXPECT_EQ(m.x(20), kStore);
  EXPECT_EQ(m.x(21), kStore + 0x1000 + 504);
  EXPECT_EQ(m.x(22), kStore + 0x2000 - 256);
  EXPECT_EQ(m.x(23), kStore + 0x3000 - 16);
  EXPECT_EQ(m.x(24), kStore + 0x4004);
}

TEST(LoadsStores, NonTemporalPairs) {
  Machine m = cpu_machine();
  fill_store_area(m);
  m.set_x(0, 0x0123456789ABCDEFull);
  m.set_x(1, 0xFEDCBA9876543210ull);
  m.set_x(20, kStore);
  for (unsigned i = 2; i <= 7; ++i) m.set_x(i, kOnes);
  const ExecResult r = run_assembly(m,
                                    "stnp x0, x1, [x20, #-512]\n"
                                    "ldnp x2, x3, [x20, #-512]\n"
                                    "stnp w1, w0, [x20, #252]\n"
                                    "ldnp w4, w5, [x20, #252]\n"
                                    "ldnp w6, w7, [x20, #248]\n"  // 0xAAAAAAAA, then w1
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(2), 0x0123456789ABCDEFull);
  EXPECT_EQ(m.x(3), 0xFEDCBA9876543210ull);
  EXPECT_EQ(get64(m, kStore - 512), 0x0123456789ABCDEFull);
  EXPECT_EQ(get64(m, kStore - 504), 0xFEDCBA9876543210ull);
  EXPECT_EQ(m.x(4), 0x76543210u);  // low word of x1, zero-extended
  EXPECT_EQ(m.x(5), 0x89ABCDEFu);  // low word of x0
  EXPECT_EQ(m.x(6), 0xAAAAAAAAu);
  EXPECT_EQ(m.x(7), 0x76543210u);
  EXPECT_EQ(m.read_memory(kStore + 260, 1), std::vector<uint8_t>{0xAA});  // 8 bytes only
  EXPECT_EQ(m.x(20), kStore);
}

TEST(LoadsStores, UnalignedPairs) {
  Machine m = cpu_machine();
  fill_pattern(m);
  m.set_x(1, kData + 5);
  m.set_x(2, kData + 0x101);
  const ExecResult r = run_assembly(m,
                                    "ldp x3, x4, [x1]\n"       // 85..8C, 8D..94
                                    "ldp w5, w6, [x1, #-8]\n"  // kData-3: 7D..80, 81..84
                                    "stp x3, x4, [x2], #16\n"
                                    "ldp x7, x8, [x2, #-16]\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(3), 0x8C8B8A8988878685ull);
  EXPECT_EQ(m.x(4), 0x94939291908F8E8Dull);
  EXPECT_EQ(m.x(5), 0x807F7E7Du);
  EXPECT_EQ(m.x(6), 0x84838281u);
  EXPECT_EQ(m.x(2), kData + 0x111);
  EXPECT_EQ(m.x(7), 0x8C8B8A8988878685ull);
  EXPECT_EQ(m.x(8), 0x94939291908F8E8Dull);
}

// ---- decoding -------------------------------------------------------------------------
TEST(LoadsStores, EveryEncodingDecodesToItsOwnOp) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"strb w0, [x1, #1]", "STRB_uimm"},
      {"ldrb w0, [x1, #1]", "LDRB_uimm"},
      {"ldrsb x0, [x1, #1]", "LDRSB_X_uimm"},
      {"ldrsb w0, [x1, #1]", "LDRSB_W_uimm"},
      {"strh w0, [x1, #2]", "STRH_uimm"},
      {"ldrh w0, [x1, #2]", "LDRH_uimm"},
      {"ldrsh x0, [x1, #2]", "LDRSH_X_uimm"},
      {"ldrsh w0, [x1, #2]", "LDRSH_W_uimm"},
      {"str w0, [x1, #4]", "STR_W_uimm"},
      {"ldr w0, [x1, #4]", "LDR_W_uimm"},
      {"ldrsw x0, [x1, #4]", "LDRSW_uimm"},
      {"str x0, [x1, #8]", "STR_X_uimm"},
      {"ldr x0, [x1, #8]", "LDR_X_uimm"},
      {"prfm pldl1keep, [x1, #8]", "PRFM_uimm"},
      {"sturb w0, [x1, #-1]", "STURB"},
      {"ldurb w0, [x1, #-1]", "LDURB"},
      {"ldursb x0, [x1, #-1]", "LDURSB_X"},
      {"ldursb w0, [x1, #-1]", "LDURSB_W"},
      {"sturh w0, [x1, #-1]", "STURH"},
      {"ldurh w0, [x1, #-1]", "LDURH"},
      {"ldursh x0, [x1, #-1]", "LDURSH_X"},
      {"ldursh w0, [x1, #-1]", "LDURSH_W"},
      {"stur w0, [x1, #-1]", "STUR_W"},
      {"ldur w0, [x1, #-1]", "LDUR_W"},
      {"ldursw x0, [x1, #-1]", "LDURSW"},
      {"stur x0, [x1, #-1]", "STUR_X"},
      {"ldur x0, [x1, #-1]", "LDUR_X"},
      {"prfum pldl1keep, [x1, #-1]", "PRFUM"},
      {"strb w0, [x1], #1", "STRB_post"},
      {"ldrb w0, [x1], #1", "LDRB_post"},
      {"ldrsb x0, [x1], #1", "LDRSB_X_post"},
      {"ldrsb w0, [x1], #1", "LDRSB_W_post"},
      {"strh w0, [x1], #1", "STRH_post"},
      {"ldrh w0, [x1], #1", "LDRH_post"},
      {"ldrsh x0, [x1], #1", "LDRSH_X_post"},
      {"ldrsh w0, [x1], #1", "LDRSH_W_post"},
      {"str w0, [x1], #1", "STR_W_post"},
      {"ldr w0, [x1], #1", "LDR_W_post"},
      {"ldrsw x0, [x1], #1", "LDRSW_post"},
      {"str x0, [x1], #1", "STR_X_post"},
      {"ldr x0, [x1], #1", "LDR_X_post"},
      {"strb w0, [x1, #1]!", "STRB_pre"},
      {"ldrb w0, [x1, #1]!", "LDRB_pre"},
      {"ldrsb x0, [x1, #1]!", "LDRSB_X_pre"},
      {"ldrsb w0, [x1, #1]!", "LDRSB_W_pre"},
      {"strh w0, [x1, #1]!", "STRH_pre"},
      {"ldrh w0, [x1, #1]!", "LDRH_pre"},
      {"ldrsh x0, [x1, #1]!", "LDRSH_X_pre"},
      {"ldrsh w0, [x1, #1]!", "LDRSH_W_pre"},
      {"str w0, [x1, #1]!", "STR_W_pre"},
      {"ldr w0, [x1, #1]!", "LDR_W_pre"},
      {"ldrsw x0, [x1, #1]!", "LDRSW_pre"},
      {"str x0, [x1, #1]!", "STR_X_pre"},
      {"ldr x0, [x1, #1]!", "LDR_X_pre"},
      {"sttrb w0, [x1, #1]", "STTRB"},
      {"ldtrb w0, [x1, #1]", "LDTRB"},
      {"ldtrsb x0, [x1, #1]", "LDTRSB_X"},
      {"ldtrsb w0, [x1, #1]", "LDTRSB_W"},
      {"sttrh w0, [x1, #1]", "STTRH"},
      {"ldtrh w0, [x1, #1]", "LDTRH"},
      {"ldtrsh x0, [x1, #1]", "LDTRSH_X"},
      {"ldtrsh w0, [x1, #1]", "LDTRSH_W"},
      {"sttr w0, [x1, #1]", "STTR_W"},
      {"ldtr w0, [x1, #1]", "LDTR_W"},
      {"ldtrsw x0, [x1, #1]", "LDTRSW"},
      {"sttr x0, [x1, #1]", "STTR_X"},
      {"ldtr x0, [x1, #1]", "LDTR_X"},
      {"strb w0, [x1, x2]", "STRB_reg"},
      {"ldrb w0, [x1, x2]", "LDRB_reg"},
      {"ldrsb x0, [x1, x2]", "LDRSB_X_reg"},
      {"ldrsb w0, [x1, x2]", "LDRSB_W_reg"},
      {"strh w0, [x1, x2]", "STRH_reg"},
      {"ldrh w0, [x1, x2]", "LDRH_reg"},
      {"ldrsh x0, [x1, x2]", "LDRSH_X_reg"},
      {"ldrsh w0, [x1, x2]", "LDRSH_W_reg"},
      {"str w0, [x1, x2]", "STR_W_reg"},
      {"ldr w0, [x1, x2]", "LDR_W_reg"},
      {"ldrsw x0, [x1, x2]", "LDRSW_reg"},
      {"str x0, [x1, x2]", "STR_X_reg"},
      {"ldr x0, [x1, x2]", "LDR_X_reg"},
      {"prfm pldl1keep, [x1, x2]", "PRFM_reg"},
      {"ldr w0, .", "LDR_W_lit"},
      {"ldr x0, .", "LDR_X_lit"},
      {"ldrsw x0, .", "LDRSW_lit"},
      {"prfm pldl1keep, .", "PRFM_lit"},
      {"stp w0, w1, [x2]", "STP_W_off"},
      {"ldp w0, w1, [x2]", "LDP_W_off"},
      {"ldpsw x0, x1, [x2]", "LDPSW_off"},
      {"stp x0, x1, [x2]", "STP_X_off"},
      {"ldp x0, x1, [x2]", "LDP_X_off"},
      {"stp w0, w1, [x2], #8", "STP_W_post"},
      {"ldp w0, w1, [x2], #8", "LDP_W_post"},
      {"ldpsw x0, x1, [x2], #8", "LDPSW_post"},
      {"stp x0, x1, [x2], #8", "STP_X_post"},
      {"ldp x0, x1, [x2], #8", "LDP_X_post"},
      {"stp w0, w1, [x2, #8]!", "STP_W_pre"},
      {"ldp w0, w1, [x2, #8]!", "LDP_W_pre"},
      {"ldpsw x0, x1, [x2, #8]!", "LDPSW_pre"},
      {"stp x0, x1, [x2, #8]!", "STP_X_pre"},
      {"ldp x0, x1, [x2, #8]!", "LDP_X_pre"},
      {"stnp w0, w1, [x2]", "STNP_W"},
      {"ldnp w0, w1, [x2]", "LDNP_W"},
      {"stnp x0, x1, [x2]", "STNP_X"},
      {"ldnp x0, x1, [x2]", "LDNP_X"},
  };
  std::string source;
  for (const auto& c : cases) source += std::string(c.first) + "\n";
  const std::vector<uint32_t> words = assemble(source);
  ASSERT_EQ(words.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_STREQ(core::op_name(core::decode(core::host_decode_table(), words[i])), cases[i].second) << cases[i].first;
  }
}

// ---- unallocated and not-yet-implemented encodings ------------------------------------
void expect_undefined(uint32_t word) {
  SCOPED_TRACE(::testing::Message() << std::hex << "word 0x" << word);
  Machine m = cpu_machine();
  m.set_x(1, kData);
  m.set_x(2, kData);
  m.load_program(std::vector<uint32_t>{0xD503201Fu, word});  // nop; word
  const ExecResult r = m.execute(10);
  EXPECT_EQ(r.stop_reason, StopReason::kUndefined);
  EXPECT_EQ(r.final_pc, 4u);
  EXPECT_EQ(r.cycles, 1u);
  EXPECT_EQ(m.x(1), kData);
  EXPECT_EQ(m.x(2), kData);
}

TEST(LoadsStores, UnallocatedSizeOpcCombinationsAreUndefined) {
  // Rn = x1, Rt = x0 (Rm = x2 / Rt2 = x1, Rn = x2 in the register and pair forms). Each
  // word is a valid neighbour with only the named field changed.
  const uint32_t words[] = {
      0xB9C00020u,  // unsigned offset, size=10 opc=11 (from LDR W 0xB9400020)
      0xF9C00020u,  // unsigned offset, size=11 opc=11 (from LDR X 0xF9400020)
      0xB8C00020u,  // unscaled, size=10 opc=11 (from LDUR W 0xB8400020)
      0xF8C00020u,  // unscaled, size=11 opc=11
      0xF8800420u,  // post-index, size=11 opc=10 (no PRFM post-index)
      0xB8C00420u,  // post-index, size=10 opc=11
      0xF8C00420u,  // post-index, size=11 opc=11
      0xF8800C20u,  // pre-index, size=11 opc=10
      0xB8C00C20u,  // pre-index, size=10 opc=11
      0xF8C00C20u,  // pre-index, size=11 opc=11
      0xF8800820u,  // unprivileged, size=11 opc=10
      0xB8C00820u,  // unprivileged, size=10 opc=11
      0xF8C00820u,  // unprivileged, size=11 opc=11
      0xB8E26820u,  // register offset, size=10 opc=11 (from LDR W 0xB8626820)
      0xF8E26820u,  // register offset, size=11 opc=11 (from LDR X 0xF8626820)
      0xF8620820u,  // register offset, option=000 (UXTB)
      0xF8622820u,  // register offset, option=001 (UXTH)
      0xF8628820u,  // register offset, option=100 (SXTB)
      0xF862A820u,  // register offset, option=101 (SXTH)
      0x38621820u,  // LDRB register offset, option=000, S=1
      0xF8A20820u,  // PRFM register offset, option=000
      0xE9400440u,  // pair offset, opc=11 (from LDP X 0xA9400440)
      0xE8C00440u,  // pair post-index, opc=11
      0xE9C00440u,  // pair pre-index, opc=11
      0xE9000440u,  // pair offset store, opc=11
      0x68400440u,  // no-allocate pair, opc=01 L=1 (from LDNP X 0xA8400440)
      0x68000440u,  // no-allocate pair, opc=01 L=0
      0xE8400440u,  // no-allocate pair, opc=11
  };
  for (const uint32_t word : words) expect_undefined(word);
}

}  // namespace
}  // namespace warp64::test
