// Loads and stores of SIMD&FP registers (V = 1) and the Advanced SIMD structure loads and
// stores. Expected values are worked out by hand from the Arm ARM's definitions; comments
// show the arithmetic.
//
// Memory pattern used by the load tests: byte(kData + k) = k mod 256 for k in
// [-0x1000, 0x1000), so byte(kData - 1) = 0xFF, and 8 bytes from kData + 8j read as the
// little-endian value 0x0706050403020100 + 0x0808080808080808 * j (for 8j + 7 < 256).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/assemble.hpp"

namespace warp64::test {
namespace {

constexpr uint64_t kData = 0x10000;
constexpr uint64_t kStore = 0x30000;           // store tests: [kStore - 0x1000, kStore + 0x1000) = 0xAA
constexpr uint64_t kTop = kDefaultMemorySize;  // first address past memory
constexpr uint64_t kOnes = ~0ull;
constexpr uint64_t kFill = 0xAAAAAAAAAAAAAAAAull;

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

void fill_pattern(Machine& m) {
  std::vector<uint8_t> bytes(0x2000);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i);  // 0x1000 = 0 mod 256
  m.write_memory(kData - 0x1000, bytes);
}

void fill_store_area(Machine& m) { m.write_memory(kStore - 0x1000, std::vector<uint8_t>(0x2000, 0xAA)); }

uint64_t get64(const Machine& m, uint64_t address) {
  const std::vector<uint8_t> bytes = m.read_memory(address, 8);
  uint64_t value = 0;
  for (unsigned i = 0; i < 8; ++i) value |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  return value;
}

void set_v(Machine& m, unsigned n, uint64_t lo, uint64_t hi) {
  core::CpuState state = m.state();
  state.v[n][0] = lo;
  state.v[n][1] = hi;
  m.set_state(state);
}

// Every V register gets a distinct recognisable value: v[n] = {0x1111111111111111 * (n % 15 + 1)
// in both halves, with bit 63 of the high half flipped}.
void set_all_v(Machine& m) {
  core::CpuState state = m.state();
  for (unsigned n = 0; n < 32; ++n) {
    state.v[n][0] = 0x1111111111111111ull * (n % 15 + 1);
    state.v[n][1] = state.v[n][0] ^ (1ull << 63);
  }
  m.set_state(state);
}

uint64_t lo(const Machine& m, unsigned n) { return m.state().v[n][0]; }
uint64_t hi(const Machine& m, unsigned n) { return m.state().v[n][1]; }

// ---- single-register loads, table driven ---------------------------------------------
// Each case runs "<insn>\nhlt #0" with v0 = all ones (so the load must clear the bits above
// the access), x1 = base, x2 = index.
struct LoadCase {
  const char* insn;
  uint64_t base;
  uint64_t index;
  uint64_t lo, hi;      // expected v0
  uint64_t final_base;  // expected x1
};

void run_load_cases(const std::vector<LoadCase>& cases) {
  for (const LoadCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    fill_pattern(m);
    set_v(m, 0, kOnes, kOnes);
    m.set_x(1, c.base);
    m.set_x(2, c.index);
    const ExecResult r = run_assembly(m, std::string(c.insn) + "\nhlt #0");
    EXPECT_EQ(r.stop_reason, StopReason::kHalt);
    EXPECT_EQ(r.cycles, 1u);
    EXPECT_EQ(lo(m, 0), c.lo);
    EXPECT_EQ(hi(m, 0), c.hi);
    EXPECT_EQ(m.x(1), c.final_base);
    EXPECT_EQ(m.x(2), c.index);
  }
}

TEST(SimdFpLoadsStores, LoadUnsignedOffsetEverySizeZeroesTheRest) {
  run_load_cases({
      {"ldr b0, [x1, #5]", kData, 0, 0x05, 0, kData},
      {"ldr b0, [x1, #4095]", kData, 0, 0xFF, 0, kData},  // byte 0xFFF
      {"ldr h0, [x1, #6]", kData, 0, 0x0706, 0, kData},
      // imm12 = 4095 scaled by 2 = 0x1FFE: kData - 0x1000 + 0x1FFE = kData + 0xFFE.
      {"ldr h0, [x1, #8190]", kData - 0x1000, 0, 0xFFFE, 0, kData - 0x1000},
      {"ldr s0, [x1, #8]", kData, 0, 0x0B0A0908u, 0, kData},
      {"ldr d0, [x1, #16]", kData, 0, 0x1716151413121110ull, 0, kData},
      {"ldr q0, [x1, #32]", kData, 0, 0x2726252423222120ull, 0x2F2E2D2C2B2A2928ull, kData},
      // imm12 = 4095 scaled by 16 = 0xFFF0: base kData - 0xFF00 -> kData + 0xF0.
      {"ldr q0, [x1, #65520]", kData - 0xFF00, 0, 0xF7F6F5F4F3F2F1F0ull, 0xFFFEFDFCFBFAF9F8ull, kData - 0xFF00},
  });
}

TEST(SimdFpLoadsStores, LoadUnscaledOffset) {
  run_load_cases({
      {"ldur b0, [x1, #-256]", kData + 0x105, 0, 0x05, 0, kData + 0x105},
      {"ldur h0, [x1, #-1]", kData, 0, 0x00FF, 0, kData},  // bytes FF, 00
      {"ldur s0, [x1, #3]", kData, 0, 0x06050403u, 0, kData},
      // kData + 255 .. + 262: FF 00 01 02 03 04 05 06.
      {"ldur d0, [x1, #255]", kData, 0, 0x06050403020100FFull, 0, kData},
      // kData + 0x0F .. + 0x1E
      {"ldur q0, [x1, #-1]", kData + 0x10, 0, 0x161514131211100Full, 0x1E1D1C1B1A191817ull, kData + 0x10},
  });
}

TEST(SimdFpLoadsStores, LoadPreAndPostIndex) {
  run_load_cases({
      {"ldr d0, [x1, #8]!", kData, 0, 0x0F0E0D0C0B0A0908ull, 0, kData + 8},
      {"ldr q0, [x1, #16]!", kData, 0, 0x1716151413121110ull, 0x1F1E1D1C1B1A1918ull, kData + 16},
      {"ldr b0, [x1, #-256]!", kData + 0x103, 0, 0x03, 0, kData + 3},
      {"ldr s0, [x1], #-4", kData + 4, 0, 0x07060504u, 0, kData},
      {"ldr h0, [x1], #255", kData + 2, 0, 0x0302, 0, kData + 257},
      {"ldr q0, [x1], #-256", kData, 0, 0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull, kData - 256},
  });
}

TEST(SimdFpLoadsStores, LoadRegisterOffset) {
  run_load_cases({
      // LSL #4 for Q: 2 << 4 = 32.
      {"ldr q0, [x1, x2, lsl #4]", kData, 2, 0x2726252423222120ull, 0x2F2E2D2C2B2A2928ull, kData},
      {"ldr q0, [x1, x2]", kData, 1, 0x0807060504030201ull, 0x100F0E0D0C0B0A09ull, kData},
      // SXTW #3: w2 = -1 -> -8.
      {"ldr d0, [x1, w2, sxtw #3]", kData + 16, 0xFFFFFFFFull, 0x0F0E0D0C0B0A0908ull, 0, kData + 16},
      // UXTW uses only w2 = 4.
      {"ldr s0, [x1, w2, uxtw]", kData, 0xFFFFFFFF00000004ull, 0x07060504u, 0, kData},
      {"ldr s0, [x1, w2, uxtw #2]", kData, 0xFFFFFFFF00000003ull, 0x0F0E0D0Cu, 0, kData},
      // SXTX #1: -2 * 2 = -4.
      {"ldr h0, [x1, x2, sxtx #1]", kData + 8, ~1ull, 0x0504, 0, kData + 8},
      {"ldr b0, [x1, x2, lsl #0]", kData, 9, 0x09, 0, kData},
      {"ldr b0, [x1, x2]", kData, 10, 0x0A, 0, kData},
      {"ldr b0, [x1, w2, sxtw]", kData, 0xFFFFFFFEull, 0xFE, 0, kData},  // -2
  });
}

TEST(SimdFpLoadsStores, SpBase) {
  Machine m = cpu_machine();
  fill_pattern(m);
  m.set_sp(kData + 0x40);
  const ExecResult r = run_assembly(m, "ldr q3, [sp, #-16]!\nldr d4, [sp], #8\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(lo(m, 3), 0x3736353433323130ull);
  EXPECT_EQ(hi(m, 3), 0x3F3E3D3C3B3A3938ull);
  EXPECT_EQ(lo(m, 4), 0x3736353433323130ull);
  EXPECT_EQ(m.sp(), kData + 0x38);
}

// ---- single-register stores ------------------------------------------------------------
struct StoreCase {
  const char* insn;
  uint64_t base, index;
  uint64_t address;         // where the first of the 16 checked bytes lies
  uint64_t mem_lo, mem_hi;  // expected 16 bytes from `address`
  uint64_t final_base;
};

void run_store_cases(const std::vector<StoreCase>& cases) {
  for (const StoreCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    fill_store_area(m);
    set_v(m, 0, 0x8877665544332211ull, 0xFFEEDDCCBBAA9900ull);
    m.set_x(1, c.base);
    m.set_x(2, c.index);
    const ExecResult r = run_assembly(m, std::string(c.insn) + "\nhlt #0");
    EXPECT_EQ(r.stop_reason, StopReason::kHalt);
    EXPECT_EQ(get64(m, c.address), c.mem_lo);
    EXPECT_EQ(get64(m, c.address + 8), c.mem_hi);
    EXPECT_EQ(get64(m, c.address - 8), kFill);
    EXPECT_EQ(m.x(1), c.final_base);
    EXPECT_EQ(lo(m, 0), 0x8877665544332211ull);
  }
}

TEST(SimdFpLoadsStores, StoreEverySizeAndForm) {
  run_store_cases({
      {"str b0, [x1, #3]", kStore, 0, kStore, 0xAAAAAAAA11AAAAAAull, kFill, kStore},
      {"str h0, [x1]", kStore, 0, kStore, 0xAAAAAAAAAAAA2211ull, kFill, kStore},
      {"str s0, [x1, #4]", kStore, 0, kStore, 0x44332211AAAAAAAAull, kFill, kStore},
      {"str d0, [x1, #8]", kStore, 0, kStore, kFill, 0x8877665544332211ull, kStore},
      {"str q0, [x1, #16]", kStore - 16, 0, kStore, 0x8877665544332211ull, 0xFFEEDDCCBBAA9900ull, kStore - 16},
      {"stur d0, [x1, #-3]", kStore + 3, 0, kStore, 0x8877665544332211ull, kFill, kStore + 3},
      {"stur q0, [x1, #255]", kStore - 255, 0, kStore, 0x8877665544332211ull, 0xFFEEDDCCBBAA9900ull, kStore - 255},
      {"str q0, [x1, #-16]!", kStore + 16, 0, kStore, 0x8877665544332211ull, 0xFFEEDDCCBBAA9900ull, kStore},
      {"str s0, [x1], #-4", kStore, 0, kStore, 0xAAAAAAAA44332211ull, kFill, kStore - 4},
      {"str h0, [x1, #2]!", kStore - 2, 0, kStore, 0xAAAAAAAAAAAA2211ull, kFill, kStore},
      {"str q0, [x1], #32", kStore, 0, kStore, 0x8877665544332211ull, 0xFFEEDDCCBBAA9900ull, kStore + 32},
      {"str q0, [x1, x2, lsl #4]", kStore - 32, 2, kStore, 0x8877665544332211ull, 0xFFEEDDCCBBAA9900ull, kStore - 32},
      {"str d0, [x1, w2, sxtw #3]", kStore + 8, 0xFFFFFFFFull, kStore, 0x8877665544332211ull, kFill, kStore + 8},
      {"str h0, [x1, x2, lsl #1]", kStore - 2, 1, kStore, 0xAAAAAAAAAAAA2211ull, kFill, kStore - 2},
      {"str b0, [x1, x2]", kStore - 1, 1, kStore, 0xAAAAAAAAAAAAAA11ull, kFill, kStore - 1},
  });
}

// ---- literals --------------------------------------------------------------------------
TEST(SimdFpLoadsStores, LiteralLoads) {
  Machine m = cpu_machine();
  set_v(m, 0, kOnes, kOnes);
  set_v(m, 1, kOnes, kOnes);
  set_v(m, 2, kOnes, kOnes);
  set_v(m, 3, kOnes, kOnes);
  const ExecResult r = run_assembly(m,
                                    "b start\n"
                                    "back: .quad 0x0123456789ABCDEF\n"
                                    "start:\n"
                                    "ldr q0, lit\n"
                                    "ldr d1, lit\n"
                                    "ldr s2, lit + 4\n"
                                    "ldr d3, back\n"  // negative offset
                                    "hlt #0\n"
                                    ".balign 16\n"
                                    "lit: .quad 0x1122334455667788\n"
                                    ".quad 0x99AABBCCDDEEFF00\n");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(lo(m, 0), 0x1122334455667788ull);
  EXPECT_EQ(hi(m, 0), 0x99AABBCCDDEEFF00ull);
  EXPECT_EQ(lo(m, 1), 0x1122334455667788ull);
  EXPECT_EQ(hi(m, 1), 0u);
  EXPECT_EQ(lo(m, 2), 0x11223344u);
  EXPECT_EQ(hi(m, 2), 0u);
  EXPECT_EQ(lo(m, 3), 0x0123456789ABCDEFull);
  EXPECT_EQ(hi(m, 3), 0u);
}

// ---- pairs -------------------------------------------------------------------------------
TEST(SimdFpLoadsStores, LoadPairs) {
  Machine m = cpu_machine();
  fill_pattern(m);
  for (unsigned n = 0; n < 8; ++n) set_v(m, n, kOnes, kOnes);
  m.set_x(1, kData);
  m.set_x(2, kData + 16);
  m.set_x(3, kData + 0x40);
  m.set_x(4, kData);
  const ExecResult r = run_assembly(m,
                                    "ldp q0, q1, [x1, #32]\n"    // bytes 0x20..0x3F
                                    "ldp s2, s3, [x2, #-8]!\n"   // kData + 8
                                    "ldp d4, d5, [x3], #-64\n"   // kData + 0x40
                                    "ldnp q6, q7, [x4, #-32]\n"  // kData - 32: bytes E0..FF
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(lo(m, 0), 0x2726252423222120ull);
  EXPECT_EQ(hi(m, 0), 0x2F2E2D2C2B2A2928ull);
  EXPECT_EQ(lo(m, 1), 0x3736353433323130ull);
  EXPECT_EQ(hi(m, 1), 0x3F3E3D3C3B3A3938ull);
  EXPECT_EQ(lo(m, 2), 0x0B0A0908u);
  EXPECT_EQ(hi(m, 2), 0u);
  EXPECT_EQ(lo(m, 3), 0x0F0E0D0Cu);
  EXPECT_EQ(m.x(2), kData + 8);
  EXPECT_EQ(lo(m, 4), 0x4746454443424140ull);
  EXPECT_EQ(lo(m, 5), 0x4F4E4D4C4B4A4948ull);
  EXPECT_EQ(hi(m, 5), 0u);
  EXPECT_EQ(m.x(3), kData);
  EXPECT_EQ(lo(m, 6), 0xE7E6E5E4E3E2E1E0ull);
  EXPECT_EQ(hi(m, 6), 0xEFEEEDECEBEAE9E8ull);
  EXPECT_EQ(lo(m, 7), 0xF7F6F5F4F3F2F1F0ull);
  EXPECT_EQ(hi(m, 7), 0xFFFEFDFCFBFAF9F8ull);
  EXPECT_EQ(m.x(4), kData);
}

TEST(SimdFpLoadsStores, StorePairs) {
  Machine m = cpu_machine();
  fill_store_area(m);
  set_v(m, 0, 0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull);
  set_v(m, 1, 0x1716151413121110ull, 0x1F1E1D1C1B1A1918ull);
  m.set_x(1, kStore + 32);
  m.set_x(2, kStore + 0x100);
  m.set_x(3, kStore + 0x200);
  m.set_x(4, kStore + 0x300);
  const ExecResult r = run_assembly(m,
                                    "stp q0, q1, [x1, #-32]!\n"
                                    "stp s0, s1, [x2], #8\n"
                                    "stp d1, d0, [x3, #8]\n"
                                    "stnp s1, s0, [x4]\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(m.x(1), kStore);
  EXPECT_EQ(get64(m, kStore), 0x0706050403020100ull);
  EXPECT_EQ(get64(m, kStore + 8), 0x0F0E0D0C0B0A0908ull);
  EXPECT_EQ(get64(m, kStore + 16), 0x1716151413121110ull);
  EXPECT_EQ(get64(m, kStore + 24), 0x1F1E1D1C1B1A1918ull);
  EXPECT_EQ(get64(m, kStore + 32), kFill);
  EXPECT_EQ(get64(m, kStore + 0x100), 0x1312111003020100ull);
  EXPECT_EQ(get64(m, kStore + 0x108), kFill);
  EXPECT_EQ(m.x(2), kStore + 0x108);
  EXPECT_EQ(get64(m, kStore + 0x200), kFill);
  EXPECT_EQ(get64(m, kStore + 0x208), 0x1716151413121110ull);
  EXPECT_EQ(get64(m, kStore + 0x210), 0x0706050403020100ull);
  EXPECT_EQ(get64(m, kStore + 0x218), kFill);
  EXPECT_EQ(get64(m, kStore + 0x300), 0x0302010013121110ull);
  EXPECT_EQ(get64(m, kStore + 0x308), kFill);
}

// ---- multiple structures -----------------------------------------------------------------
TEST(SimdFpLoadsStores, Ld1MultipleRegisters) {
  Machine m = cpu_machine();
  fill_pattern(m);
  set_all_v(m);
  m.set_x(1, kData);
  m.set_x(2, kData);
  m.set_x(3, kData);
  m.set_x(4, 100);
  const ExecResult r = run_assembly(m,
                                    "ld1 {v21.16b}, [x1]\n"
                                    "ld1 {v20.8b}, [x1]\n"  // upper half becomes 0
                                    "ld1 {v4.4s, v5.4s, v6.4s, v7.4s}, [x2], #64\n"
                                    "ld1 {v31.2d, v0.2d, v1.2d}, [x3], x4\n"  // wraps to v0
                                    "ld1 {v10.1d, v11.1d}, [x3]\n"            // x3 = kData + 100
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(lo(m, 21), 0x0706050403020100ull);
  EXPECT_EQ(hi(m, 21), 0x0F0E0D0C0B0A0908ull);
  EXPECT_EQ(lo(m, 20), 0x0706050403020100ull);
  EXPECT_EQ(hi(m, 20), 0u);
  // v4..v7 = bytes 16i .. 16i + 15.
  for (unsigned i = 0; i < 4; ++i) {
    EXPECT_EQ(lo(m, 4 + i), 0x0706050403020100ull + 0x1010101010101010ull * i);
    EXPECT_EQ(hi(m, 4 + i), 0x0F0E0D0C0B0A0908ull + 0x1010101010101010ull * i);
  }
  EXPECT_EQ(m.x(2), kData + 64);
  // v31 = bytes 0..15, v0 = 16..31, v1 = 32..47.
  EXPECT_EQ(lo(m, 31), 0x0706050403020100ull);
  EXPECT_EQ(hi(m, 31), 0x0F0E0D0C0B0A0908ull);
  EXPECT_EQ(lo(m, 0), 0x1716151413121110ull);
  EXPECT_EQ(hi(m, 0), 0x1F1E1D1C1B1A1918ull);
  EXPECT_EQ(lo(m, 1), 0x2726252423222120ull);
  EXPECT_EQ(hi(m, 1), 0x2F2E2D2C2B2A2928ull);
  EXPECT_EQ(m.x(3), kData + 100);
  // 100 = 0x64: bytes 0x64..0x6B and 0x6C..0x73, upper halves zero.
  EXPECT_EQ(lo(m, 10), 0x6B6A696867666564ull);
  EXPECT_EQ(hi(m, 10), 0u);
  EXPECT_EQ(lo(m, 11), 0x737271706F6E6D6Cull);
  EXPECT_EQ(hi(m, 11), 0u);
  // Untouched neighbours.
  EXPECT_EQ(lo(m, 8), 0x1111111111111111ull * 9);
  EXPECT_EQ(lo(m, 12), 0x1111111111111111ull * 13);
}

TEST(SimdFpLoadsStores, Ld2Ld3Ld4Deinterleave) {
  Machine m = cpu_machine();
  fill_pattern(m);
  set_all_v(m);
  m.set_x(1, kData);
  m.set_x(5, 3);
  const ExecResult r = run_assembly(m,
                                    "ld2 {v0.16b, v1.16b}, [x1]\n"
                                    "ld2 {v2.4h, v3.4h}, [x1]\n"
                                    "ld3 {v4.4s, v5.4s, v6.4s}, [x1]\n"
                                    "ld4 {v8.16b, v9.16b, v10.16b, v11.16b}, [x1]\n"
                                    "ld2 {v30.2d, v31.2d}, [x1]\n"
                                    "ld3 {v12.8b, v13.8b, v14.8b}, [x1], #24\n"
                                    "ld4 {v16.4h, v17.4h, v18.4h, v19.4h}, [x1], x5\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  // LD2 .16b: v0 = even bytes 0, 2, ..., 30; v1 = odd bytes.
  EXPECT_EQ(lo(m, 0), 0x0E0C0A0806040200ull);
  EXPECT_EQ(hi(m, 0), 0x1E1C1A1816141210ull);
  EXPECT_EQ(lo(m, 1), 0x0F0D0B0907050301ull);
  EXPECT_EQ(hi(m, 1), 0x1F1D1B1917151311ull);
  // LD2 .4h: halfword k = 0x(2k+1)(2k); v2 = h0, h2, h4, h6; v3 = h1, h3, h5, h7.
  EXPECT_EQ(lo(m, 2), 0x0D0C090805040100ull);
  EXPECT_EQ(hi(m, 2), 0u);
  EXPECT_EQ(lo(m, 3), 0x0F0E0B0A07060302ull);
  EXPECT_EQ(hi(m, 3), 0u);
  // LD3 .4s: word k = bytes 4k..4k+3; v4 = w0 w3 w6 w9, v5 = w1 w4 w7 w10, v6 = w2 w5 w8 w11.
  EXPECT_EQ(lo(m, 4), 0x0F0E0D0C03020100ull);
  EXPECT_EQ(hi(m, 4), 0x272625241B1A1918ull);
  EXPECT_EQ(lo(m, 5), 0x1312111007060504ull);
  EXPECT_EQ(hi(m, 5), 0x2B2A29281F1E1D1Cull);
  EXPECT_EQ(lo(m, 6), 0x171615140B0A0908ull);
  EXPECT_EQ(hi(m, 6), 0x2F2E2D2C23222120ull);
  // LD4 .16b: register j, element e = byte 4e + j.
  EXPECT_EQ(lo(m, 8), 0x1C1814100C080400ull);
  EXPECT_EQ(hi(m, 8), 0x3C3834302C282420ull);
  EXPECT_EQ(lo(m, 9), 0x1D1915110D090501ull);
  EXPECT_EQ(hi(m, 9), 0x3D3935312D292521ull);
  EXPECT_EQ(lo(m, 10), 0x1E1A16120E0A0602ull);
  EXPECT_EQ(hi(m, 10), 0x3E3A36322E2A2622ull);
  EXPECT_EQ(lo(m, 11), 0x1F1B17130F0B0703ull);
  EXPECT_EQ(hi(m, 11), 0x3F3B37332F2B2723ull);
  // LD2 .2d: v30 = d0, d2; v31 = d1, d3.
  EXPECT_EQ(lo(m, 30), 0x0706050403020100ull);
  EXPECT_EQ(hi(m, 30), 0x1716151413121110ull);
  EXPECT_EQ(lo(m, 31), 0x0F0E0D0C0B0A0908ull);
  EXPECT_EQ(hi(m, 31), 0x1F1E1D1C1B1A1918ull);
  // LD3 .8b: v12 = bytes 0, 3, ..., 21; v13 = 1, 4, ..., 22; v14 = 2, 5, ..., 23.
  EXPECT_EQ(lo(m, 12), 0x15120F0C09060300ull);
  EXPECT_EQ(hi(m, 12), 0u);
  EXPECT_EQ(lo(m, 13), 0x1613100D0A070401ull);
  EXPECT_EQ(lo(m, 14), 0x1714110E0B080502ull);
  // Then x1 = kData + 24; LD4 .4h: halfword k (from 24) = bytes 24 + 2k, 25 + 2k;
  // v16 = h0 h4 h8 h12 = 0x1918, 0x2120, 0x2928, 0x3130.
  EXPECT_EQ(lo(m, 16), 0x3130292821201918ull);
  EXPECT_EQ(lo(m, 17), 0x33322B2A23221B1Aull);
  EXPECT_EQ(lo(m, 18), 0x35342D2C25241D1Cull);
  EXPECT_EQ(lo(m, 19), 0x37362F2E27261F1Eull);
  EXPECT_EQ(hi(m, 19), 0u);
  EXPECT_EQ(m.x(1), kData + 27);
}

TEST(SimdFpLoadsStores, St1St2St3St4Interleave) {
  Machine m = cpu_machine();
  fill_store_area(m);
  // v_j byte e = 0x10 * j + e.
  for (unsigned j = 0; j < 4; ++j) {
    set_v(m, j, 0x0706050403020100ull + 0x1010101010101010ull * j, 0x0F0E0D0C0B0A0908ull + 0x1010101010101010ull * j);
  }
  m.set_x(1, kStore);
  m.set_x(2, kStore + 0x100);
  m.set_x(3, kStore + 0x200);
  m.set_x(4, kStore + 0x300);
  m.set_x(5, 0x1000);
  const ExecResult r = run_assembly(m,
                                    "st4 {v0.8b, v1.8b, v2.8b, v3.8b}, [x1], #32\n"
                                    "st2 {v0.8h, v1.8h}, [x2]\n"
                                    "st3 {v1.2s, v2.2s, v3.2s}, [x3], x5\n"
                                    "st1 {v2.2d, v3.2d}, [x4]\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  // ST4 .8b: memory byte 4e + j = 0x10 j + e.
  EXPECT_EQ(get64(m, kStore), 0x3121110130201000ull);
  EXPECT_EQ(get64(m, kStore + 24), 0x3727170736261606ull);
  EXPECT_EQ(get64(m, kStore + 32), kFill);
  EXPECT_EQ(m.x(1), kStore + 32);
  // ST2 .8h: halfwords v0.h0, v1.h0, v0.h1, v1.h1, ... ; v0.h0 = 0x0100, v1.h0 = 0x1110.
  EXPECT_EQ(get64(m, kStore + 0x100), 0x1312030211100100ull);
  EXPECT_EQ(get64(m, kStore + 0x118), 0x1F1E0F0E1D1C0D0Cull);
  EXPECT_EQ(get64(m, kStore + 0x120), kFill);
  // ST3 .2s of v1, v2, v3: words v1.s0 v2.s0 v3.s0 v1.s1 v2.s1 v3.s1.
  EXPECT_EQ(get64(m, kStore + 0x200), 0x2322212013121110ull);
  EXPECT_EQ(get64(m, kStore + 0x208), 0x1716151433323130ull);
  EXPECT_EQ(get64(m, kStore + 0x210), 0x3736353427262524ull);
  EXPECT_EQ(get64(m, kStore + 0x218), kFill);
  EXPECT_EQ(m.x(3), kStore + 0x1200);
  // ST1 .2d of two registers: contiguous.
  EXPECT_EQ(get64(m, kStore + 0x300), 0x2726252423222120ull);
  EXPECT_EQ(get64(m, kStore + 0x308), 0x2F2E2D2C2B2A2928ull);
  EXPECT_EQ(get64(m, kStore + 0x310), 0x3736353433323130ull);
  EXPECT_EQ(get64(m, kStore + 0x318), 0x3F3E3D3C3B3A3938ull);
  EXPECT_EQ(get64(m, kStore + 0x320), kFill);
}

// ---- single structures -------------------------------------------------------------------
TEST(SimdFpLoadsStores, LaneLoadsLeaveOtherLanes) {
  Machine m = cpu_machine();
  fill_pattern(m);
  for (unsigned n = 0; n < 32; ++n) set_v(m, n, 0x1111111111111111ull, 0x2222222222222222ull);
  m.set_x(1, kData + 0x40);
  m.set_x(2, kData + 0x40);
  m.set_x(3, 0x10);
  const ExecResult r = run_assembly(m,
                                    "ld1 {v0.b}[5], [x1]\n"
                                    "ld1 {v1.h}[6], [x1]\n"
                                    "ld1 {v2.s}[3], [x1]\n"
                                    "ld1 {v3.d}[0], [x1]\n"
                                    "ld1 {v4.b}[15], [x1]\n"
                                    "ld4 {v8.s, v9.s, v10.s, v11.s}[1], [x1]\n"
                                    "ld2 {v31.d, v0.d}[1], [x1]\n"  // wraps; v0 keeps lane 0
                                    "ld3 {v12.h, v13.h, v14.h}[2], [x2], #6\n"
                                    "ld2 {v16.b, v17.b}[9], [x2], x3\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  // v0: byte 5 = 0x40, then ld2 puts d 0x4F4E4D4C4B4A4948 in its upper lane.
  EXPECT_EQ(lo(m, 0), 0x1111401111111111ull);
  EXPECT_EQ(hi(m, 0), 0x4F4E4D4C4B4A4948ull);
  // v1: halfword 6 = bits 111:96 = bits 47:32 of the high half.
  EXPECT_EQ(lo(m, 1), 0x1111111111111111ull);
  EXPECT_EQ(hi(m, 1), 0x2222414022222222ull);
  EXPECT_EQ(lo(m, 2), 0x1111111111111111ull);
  EXPECT_EQ(hi(m, 2), 0x4342414022222222ull);
  EXPECT_EQ(lo(m, 3), 0x4746454443424140ull);
  EXPECT_EQ(hi(m, 3), 0x2222222222222222ull);
  EXPECT_EQ(hi(m, 4), 0x4022222222222222ull);
  // LD4 lane 1 of S: v8..v11 get words at +0, +4, +8, +12 in bits 63:32.
  EXPECT_EQ(lo(m, 8), 0x4342414011111111ull);
  EXPECT_EQ(lo(m, 9), 0x4746454411111111ull);
  EXPECT_EQ(lo(m, 10), 0x4B4A494811111111ull);
  EXPECT_EQ(lo(m, 11), 0x4F4E4D4C11111111ull);
  EXPECT_EQ(hi(m, 11), 0x2222222222222222ull);
  EXPECT_EQ(hi(m, 31), 0x4746454443424140ull);
  EXPECT_EQ(lo(m, 31), 0x1111111111111111ull);
  // LD3 H lane 2 (bits 47:32): 0x4140, 0x4342, 0x4544; x2 += 6.
  EXPECT_EQ(lo(m, 12), 0x1111414011111111ull);
  EXPECT_EQ(lo(m, 13), 0x1111434211111111ull);
  EXPECT_EQ(lo(m, 14), 0x1111454411111111ull);
  // LD2 B lane 9 (bits 15:8 of the high half) from kData + 0x46: 0x46, 0x47; x2 += 0x10.
  EXPECT_EQ(hi(m, 16), 0x2222222222224622ull);
  EXPECT_EQ(hi(m, 17), 0x2222222222224722ull);
  EXPECT_EQ(lo(m, 17), 0x1111111111111111ull);
  EXPECT_EQ(m.x(2), kData + 0x56);
  EXPECT_EQ(m.x(1), kData + 0x40);
}

TEST(SimdFpLoadsStores, LaneStores) {
  Machine m = cpu_machine();
  fill_store_area(m);
  for (unsigned j = 0; j < 4; ++j) {
    set_v(m, j, 0x0706050403020100ull + 0x1010101010101010ull * j, 0x0F0E0D0C0B0A0908ull + 0x1010101010101010ull * j);
  }
  m.set_x(1, kStore);
  m.set_x(2, kStore + 0x100);
  m.set_x(3, kStore + 0x200);
  m.set_x(5, 0x40);
  const ExecResult r = run_assembly(m,
                                    "st1 {v0.d}[1], [x1]\n"
                                    "st3 {v1.h, v2.h, v3.h}[7], [x2], x5\n"
                                    "st4 {v0.b, v1.b, v2.b, v3.b}[10], [x3], #4\n"
                                    "st2 {v2.s, v3.s}[2], [x3]\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(get64(m, kStore), 0x0F0E0D0C0B0A0908ull);
  EXPECT_EQ(get64(m, kStore + 8), kFill);
  // H lane 7 = bytes 14, 15: v1 0x1F1E, v2 0x2F2E, v3 0x3F3E.
  EXPECT_EQ(get64(m, kStore + 0x100), 0xAAAA3F3E2F2E1F1Eull);
  EXPECT_EQ(m.x(2), kStore + 0x140);
  // B lane 10: 0x0A, 0x1A, 0x2A, 0x3A; then x3 += 4 and S lane 2 (bytes 8..11) of v2, v3.
  EXPECT_EQ(get64(m, kStore + 0x200), 0x2B2A29283A2A1A0Aull);
  EXPECT_EQ(get64(m, kStore + 0x208), 0xAAAAAAAA3B3A3938ull);
  EXPECT_EQ(m.x(3), kStore + 0x204);
}

TEST(SimdFpLoadsStores, LoadReplicate) {
  Machine m = cpu_machine();
  fill_pattern(m);
  set_all_v(m);
  m.set_x(1, kData + 0x42);
  m.set_x(2, kData + 0x40);
  m.set_x(3, kData + 0x40);
  m.set_x(4, 0x100);
  m.set_x(6, kData + 0x10);
  const ExecResult r = run_assembly(m,
                                    "ld1r {v0.8b}, [x1]\n"
                                    "ld1r {v1.16b}, [x1]\n"
                                    "ld1r {v2.4s}, [x2]\n"
                                    "ld1r {v3.1d}, [x2]\n"
                                    "ld2r {v4.8h, v5.8h}, [x3], #4\n"
                                    "ld4r {v8.2d, v9.2d, v10.2d, v11.2d}, [x3], x4\n"
                                    "ld3r {v30.4h, v31.4h, v0.4h}, [x6]\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(lo(m, 1), 0x4242424242424242ull);
  EXPECT_EQ(hi(m, 1), 0x4242424242424242ull);
  EXPECT_EQ(lo(m, 2), 0x4342414043424140ull);
  EXPECT_EQ(hi(m, 2), 0x4342414043424140ull);
  EXPECT_EQ(lo(m, 3), 0x4746454443424140ull);
  EXPECT_EQ(hi(m, 3), 0u);
  EXPECT_EQ(lo(m, 4), 0x4140414041404140ull);
  EXPECT_EQ(hi(m, 4), 0x4140414041404140ull);
  EXPECT_EQ(lo(m, 5), 0x4342434243424342ull);
  // x3 = kData + 0x44: d elements at 0x44, 0x4C, 0x54, 0x5C.
  EXPECT_EQ(lo(m, 8), 0x4B4A494847464544ull);
  EXPECT_EQ(hi(m, 8), 0x4B4A494847464544ull);
  EXPECT_EQ(lo(m, 11), 0x636261605F5E5D5Cull);
  EXPECT_EQ(hi(m, 11), 0x636261605F5E5D5Cull);
  EXPECT_EQ(m.x(3), kData + 0x144);
  // LD3R .4h wraps v30, v31, v0; v0's earlier 8b replicate is replaced.
  EXPECT_EQ(lo(m, 30), 0x1110111011101110ull);
  EXPECT_EQ(lo(m, 31), 0x1312131213121312ull);
  EXPECT_EQ(lo(m, 0), 0x1514151415141514ull);
  EXPECT_EQ(hi(m, 0), 0u);
  EXPECT_EQ(hi(m, 30), 0u);
  EXPECT_EQ(m.x(6), kData + 0x10);
}

TEST(SimdFpLoadsStores, MoreStructureForms) {
  Machine m = cpu_machine();
  fill_pattern(m);
  fill_store_area(m);
  for (unsigned j = 0; j < 4; ++j) {
    set_v(m, 28 + j, 0x0706050403020100ull + 0x1010101010101010ull * j,
          0x0F0E0D0C0B0A0908ull + 0x1010101010101010ull * j);
  }
  m.set_x(1, kStore);
  m.set_x(2, kStore + 0x100);
  m.set_x(3, ~0xFull);  // -16
  m.set_sp(kData + 0x20);
  const ExecResult r = run_assembly(m,
                                    "st1 {v28.4h, v29.4h, v30.4h}, [x1], #24\n"
                                    "st1 {v30.1d, v31.1d, v0.1d, v1.1d}, [x2], x3\n"
                                    "ld1 {v5.4s, v6.4s}, [sp], #32\n"
                                    "ld1 {v7.8b}, [sp], x3\n"
                                    "ldr q8, [x2, xzr]\n"
                                    "hlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  // ST1 of three 64-bit registers: their low halves, back to back.
  EXPECT_EQ(get64(m, kStore), 0x0706050403020100ull);
  EXPECT_EQ(get64(m, kStore + 8), 0x1716151413121110ull);
  EXPECT_EQ(get64(m, kStore + 16), 0x2726252423222120ull);
  EXPECT_EQ(get64(m, kStore + 24), kFill);
  EXPECT_EQ(m.x(1), kStore + 24);
  // v30, v31, v0, v1 (wrapping); v0 and v1 were zero in the initial state.
  EXPECT_EQ(get64(m, kStore + 0x100), 0x2726252423222120ull);
  EXPECT_EQ(get64(m, kStore + 0x108), 0x3736353433323130ull);
  EXPECT_EQ(get64(m, kStore + 0x110), 0u);
  EXPECT_EQ(get64(m, kStore + 0x118), 0u);
  EXPECT_EQ(get64(m, kStore + 0x120), kFill);
  EXPECT_EQ(m.x(2), kStore + 0x100 - 16);
  // SP base: bytes 0x20..0x3F, then SP = kData + 0x40; LD1 .8b there, then SP -= 16.
  EXPECT_EQ(lo(m, 5), 0x2726252423222120ull);
  EXPECT_EQ(hi(m, 6), 0x3F3E3D3C3B3A3938ull);
  EXPECT_EQ(lo(m, 7), 0x4746454443424140ull);
  EXPECT_EQ(hi(m, 7), 0u);
  EXPECT_EQ(m.sp(), kData + 0x30);
  // Rm = 31 in the register-offset form is XZR: address = x2 = kStore + 0xF0 (0xAA fill
  // except the first 16 bytes stored above at 0x100, which lie past it).
  EXPECT_EQ(lo(m, 8), kFill);
  EXPECT_EQ(hi(m, 8), kFill);
}

TEST(SimdFpLoadsStores, LoadPairSameRegisterKeepsSecondElement) {
  // Rt == Rt2 is CONSTRAINED UNPREDICTABLE (UNKNOWN value); warp64 keeps the second element,
  // as QEMU/Unicorn do.
  Machine m = cpu_machine();
  fill_pattern(m);
  m.set_x(1, kData);
  const ExecResult r = run_assembly(m, "ldp q2, q2, [x1]\nldp s3, s3, [x1]\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(lo(m, 2), 0x1716151413121110ull);
  EXPECT_EQ(hi(m, 2), 0x1F1E1D1C1B1A1918ull);
  EXPECT_EQ(lo(m, 3), 0x07060504u);
  EXPECT_EQ(hi(m, 3), 0u);
}

// ---- faults --------------------------------------------------------------------------------
struct FaultCase {
  const char* insn;
  uint64_t base;
  uint64_t fault_address;
  AccessKind kind;
};

TEST(SimdFpLoadsStores, FaultsLeaveRegistersUnchanged) {
  const std::vector<FaultCase> cases = {
      {"ldr q0, [x1]", kTop - 8, kTop, AccessKind::kRead},
      {"ldr q0, [x1], #16", kTop - 8, kTop, AccessKind::kRead},
      {"ldr d0, [x1, #8]!", kTop - 8, kTop, AccessKind::kRead},
      {"ldp q0, q1, [x1, #16]!", kTop - 32, kTop, AccessKind::kRead},
      {"ldp s0, s1, [x1]", kTop - 4, kTop, AccessKind::kRead},
      {"ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1], #64", kTop - 63, kTop, AccessKind::kRead},
      {"ld1 {v0.2d, v1.2d}, [x1], x2", kTop - 24, kTop, AccessKind::kRead},
      {"ld3 {v0.s, v1.s, v2.s}[1], [x1], #12", kTop - 8, kTop, AccessKind::kRead},
      {"ld2r {v0.8h, v1.8h}, [x1], #4", kTop - 2, kTop, AccessKind::kRead},
      {"str q0, [x1, #16]!", kTop - 24, kTop, AccessKind::kWrite},
      {"stp d0, d1, [x1], #16", kTop - 8, kTop, AccessKind::kWrite},
      {"st1 {v0.16b}, [x1], #16", kTop - 4, kTop, AccessKind::kWrite},
      {"st4 {v0.s, v1.s, v2.s, v3.s}[3], [x1]", kTop - 12, kTop, AccessKind::kWrite},
  };
  for (const FaultCase& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    set_all_v(m);
    m.set_x(1, c.base);
    m.set_x(2, 32);
    const core::CpuState before = m.state();
    const ExecResult r = run_assembly(m, std::string("nop\n") + c.insn + "\nhlt #0");
    EXPECT_EQ(r.stop_reason, StopReason::kFault);
    EXPECT_EQ(r.final_pc, 4u);
    EXPECT_EQ(r.cycles, 1u);
    EXPECT_EQ(r.fault_address, c.fault_address);
    EXPECT_EQ(r.fault_kind, c.kind);
    EXPECT_EQ(m.x(1), c.base);
    for (unsigned n = 0; n < 32; ++n) {
      EXPECT_EQ(m.state().v[n][0], before.v[n][0]) << "v" << n;
      EXPECT_EQ(m.state().v[n][1], before.v[n][1]) << "v" << n;
    }
  }
}

TEST(SimdFpLoadsStores, StoreFaultKeepsEarlierElements) {
  // ST1 .16b at kTop - 4: bytes 0..3 land before byte 4 faults at kTop.
  Machine m = cpu_machine();
  set_v(m, 0, 0x0706050403020100ull, 0x0F0E0D0C0B0A0908ull);
  m.set_x(1, kTop - 4);
  const ExecResult r = run_assembly(m, "st1 {v0.16b}, [x1]\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kFault);
  EXPECT_EQ(r.fault_address, kTop);
  const std::vector<uint8_t> tail = m.read_memory(kTop - 4, 4);
  EXPECT_EQ(tail, (std::vector<uint8_t>{0x00, 0x01, 0x02, 0x03}));
}

// ---- undefined encodings -------------------------------------------------------------------
void expect_undefined(uint32_t word) {
  SCOPED_TRACE(::testing::Message() << std::hex << "word 0x" << word);
  Machine m = cpu_machine();
  set_all_v(m);
  m.set_x(1, kData);
  const core::CpuState before = m.state();
  m.load_program(std::vector<uint32_t>{0xD503201Fu, word});  // nop; word
  const ExecResult r = m.execute(10);
  EXPECT_EQ(r.stop_reason, StopReason::kUndefined);
  EXPECT_EQ(r.final_pc, 4u);
  EXPECT_EQ(r.cycles, 1u);
  EXPECT_EQ(m.x(1), kData);
  for (unsigned n = 0; n < 32; ++n) EXPECT_EQ(m.state().v[n][0], before.v[n][0]);
}

uint32_t word_of(const std::string& source) {
  const std::vector<uint32_t> words = assemble(source);
  EXPECT_EQ(words.size(), 1u);
  return words.empty() ? 0 : words[0];
}

TEST(SimdFpLoadsStores, UnallocatedEncodingsAreUndefined) {
  // Neighbours of valid words with one field changed. Rn = x1, Rt = v0.
  const uint32_t ldr_h = word_of("ldr h0, [x1]");        // size 01 opc 01, unsigned offset
  const uint32_t ldur_s = word_of("ldur s0, [x1, #1]");  // size 10, unscaled
  const uint32_t ldr_d_reg = word_of("ldr d0, [x1, x2]");
  const uint32_t ldr_q_lit = word_of("ldr q0, .");
  const uint32_t ldp_q = word_of("ldp q0, q1, [x1]");
  const uint32_t ld1_1d = word_of("ld1 {v0.1d}, [x1]");
  const uint32_t ld2_2d = word_of("ld2 {v0.2d, v1.2d}, [x1]");
  const uint32_t ld1_post = word_of("ld1 {v0.16b}, [x1], x2");
  const uint32_t ld1_h_lane = word_of("ld1 {v0.h}[0], [x1]");
  const uint32_t ld1_d_lane = word_of("ld1 {v0.d}[0], [x1]");
  const uint32_t st1_s_lane = word_of("st1 {v0.s}[0], [x1]");
  const uint32_t ld1r = word_of("ld1r {v0.4s}, [x1]");
  ASSERT_EQ(ld1_1d & 0x40000000u, 0u);  // Q = 0
  const uint32_t words[] = {
      (ldr_h & ~(3u << 22)) | (2u << 22),               // size 01 opc 10
      ldr_h | (3u << 22),                               // size 01 opc 11
      (ldr_h & ~(3u << 30)) | (2u << 30) | (2u << 22),  // size 10 opc 11
      (ldr_h & ~(3u << 30)) | (3u << 30) | (3u << 22),  // size 11 opc 11
      ldur_s | (2u << 10),                              // unprivileged form with V = 1 (LDTR)
      ldur_s | (1u << 23),                              // size 10 opc 11, unscaled
      ldr_d_reg & ~(1u << 14),                          // option<1> = 0 (option 001)
      ldr_q_lit | (1u << 30),                           // literal opc 11
      ldp_q | (1u << 30),                               // pair opc 11
      (ldp_q | (1u << 30)) & ~(1u << 24),               // no-allocate pair opc 11
      ld2_2d & ~(1u << 30),                             // LD2 .1D (size 11, Q 0)
      (ld1_1d & ~0xF000u) | (0b0100u << 12),            // LD3 .1D
      (ld1_1d & ~0xF000u) | (0b0000u << 12),            // LD4 .1D
      (ld1_1d & ~0xF000u) | (0b0001u << 12),            // unallocated opcode 0001
      (ld1_1d & ~0xF000u) | (0b1111u << 12),            // unallocated opcode 1111
      (ld1_1d & ~0xF000u) | (0b1100u << 12),            // unallocated opcode 1100
      ld1_1d | (1u << 16),                              // no-offset form with bits 20:16 != 0
      ld1_post | (1u << 21),                            // post-index multiple with bit 21 = 1
      ld1_h_lane | (1u << 10),                          // H lane with size<0> = 1
      ld1_d_lane | (1u << 12),                          // D lane with S = 1
      ld1_d_lane | (1u << 11),                          // S/D lane with size<1> = 1
      st1_s_lane | (1u << 14),                          // opcode 11x with L = 0 (no store replicate)
      ld1r | (1u << 12),                                // LD1R with S = 1
      ld1r | (1u << 16),                                // no-offset single with bits 20:16 != 0
  };
  for (const uint32_t word : words) expect_undefined(word);
}

TEST(SimdFpLoadsStores, ValidEncodingsNextToReservedOnesExecute) {
  // LD1 {v0.1d} is allowed (only LD2-LD4 reserve .1D); LDR Q register offset with LSL #4.
  Machine m = cpu_machine();
  fill_pattern(m);
  set_all_v(m);
  m.set_x(1, kData);
  const ExecResult r = run_assembly(m, "ld1 {v0.1d}, [x1]\nld1 {v1.1d, v2.1d, v3.1d, v4.1d}, [x1]\nhlt #0");
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(lo(m, 0), 0x0706050403020100ull);
  EXPECT_EQ(hi(m, 0), 0u);
  EXPECT_EQ(lo(m, 4), 0x1F1E1D1C1B1A1918ull);
  EXPECT_EQ(hi(m, 4), 0u);
}

}  // namespace
}  // namespace warp64::test
