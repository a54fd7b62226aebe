// Exclusives, load-acquire/store-release, RCpc and LSE atomics. Expected values are worked out
// by hand from the Arm ARM's definitions; each case notes its arithmetic.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/assemble.hpp"

namespace warp64::test {
namespace {

constexpr uint64_t kData = 0x10000;       // data area, far from the code at 0
constexpr uint64_t kUnmapped = 0x800000;  // beyond the 4 MiB region
constexpr uint64_t kGarbage = 0xA5A5A5A5A5A5A5A5ull;

Machine cpu_machine() { return Machine({kDefaultMemorySize, EngineKind::kCpu}); }

// Runs `body` and then HLT, with the assembler accepting the LSE, LOR and RCpc forms.
ExecResult run_body(Machine& m, const std::string& body) {
  return run_assembly(m, ".arch armv8.4-a\n" + body + "\nhlt #0");
}

void store(Machine& m, uint64_t address, uint64_t value, unsigned bytes) {
  std::vector<uint8_t> data(bytes);
  for (unsigned i = 0; i < bytes; ++i) data[i] = static_cast<uint8_t>(value >> (8 * i));
  m.write_memory(address, data);
}

uint64_t load(const Machine& m, uint64_t address, unsigned bytes) {
  const std::vector<uint8_t> data = m.read_memory(address, bytes);
  uint64_t value = 0;
  for (unsigned i = 0; i < bytes; ++i) value |= static_cast<uint64_t>(data[i]) << (8 * i);
  return value;
}

void fill(Machine& m, uint64_t address, uint64_t length, uint8_t byte) {
  m.write_memory(address, std::vector<uint8_t>(length, byte));
}

void expect_halt(const ExecResult& r, uint64_t instructions) {
  EXPECT_EQ(r.stop_reason, StopReason::kHalt);
  EXPECT_EQ(r.cycles, instructions);
  EXPECT_EQ(r.final_pc, 4 * instructions);
}

// The instruction at `index` faulted: nothing after it ran and it did not retire.
void expect_fault(const ExecResult& r, uint64_t index, uint64_t address, AccessKind kind) {
  EXPECT_EQ(r.stop_reason, StopReason::kFault);
  EXPECT_EQ(r.final_pc, 4 * index);
  EXPECT_EQ(r.cycles, index);
  EXPECT_EQ(r.fault_address, address);
  EXPECT_EQ(r.fault_kind, kind);
}

// Size suffix and register prefix of a B/H/W/X access.
struct SizeForm {
  unsigned bytes;
  const char* suffix;  // mnemonic suffix: "b", "h" or ""
  const char* reg;     // "w" or "x"
};
constexpr SizeForm kSizes[] = {{1, "b", "w"}, {2, "h", "w"}, {4, "", "w"}, {8, "", "x"}};

uint64_t mask_of(unsigned bytes) { return bytes == 8 ? ~0ull : (1ull << (8 * bytes)) - 1; }

// ======================================================================================
// Load/store exclusive register
// ======================================================================================

TEST(Exclusive, LoadThenStoreSucceedsEverySize) {
  for (const bool ordered : {false, true}) {
    for (const SizeForm& f : kSizes) {
      SCOPED_TRACE(std::string(ordered ? "ldaxr/stlxr" : "ldxr/stxr") + f.suffix + " " + f.reg);
      Machine m = cpu_machine();
      fill(m, kData, 32, 0xEE);
      store(m, kData + 8, 0x8877665544332211ull, f.bytes);
      m.set_x(1, kGarbage);  // the load must replace all 64 bits
      m.set_x(2, kData + 8);
      m.set_x(3, kGarbage);  // Ws must be written as a zero-extended W register
      m.set_x(4, 0x0102030405060708ull);
      const std::string r = f.reg;
      const std::string sfx = f.suffix;
      const ExecResult res = run_body(m, std::string(ordered ? "ldaxr" : "ldxr") + sfx + " " + r + "1, [x2]\n" +
                                             (ordered ? "stlxr" : "stxr") + sfx + " w3, " + r + "4, [x2]");
      expect_halt(res, 2);
      // Loaded element, zero-extended: the low `bytes` of 0x8877665544332211.
      EXPECT_EQ(m.x(1), 0x8877665544332211ull & mask_of(f.bytes));
      EXPECT_EQ(m.x(3), 0u);  // status 0: stored
      // Memory holds the low `bytes` of x4; the bytes around it keep their fill.
      EXPECT_EQ(load(m, kData + 8, f.bytes), 0x0102030405060708ull & mask_of(f.bytes));
      if (f.bytes < 8) EXPECT_EQ(load(m, kData + 8 + f.bytes, 1), 0xEEu);
      EXPECT_EQ(load(m, kData + 7, 1), 0xEEu);
      EXPECT_EQ(m.state().exclusive_open, 0u);  // closed by the store-exclusive
    }
  }
}

TEST(Exclusive, StoreWithoutLoadFails) {
  Machine m = cpu_machine();
  store(m, kData, 0x1111111111111111ull, 8);
  m.set_x(2, kData);
  m.set_x(3, kGarbage);
  m.set_x(4, 0x2222222222222222ull);
  expect_halt(run_body(m, "stxr w3, x4, [x2]"), 1);
  EXPECT_EQ(m.x(3), 1u);  // status 1: failed, zero-extended
  EXPECT_EQ(load(m, kData, 8), 0x1111111111111111ull);
}

TEST(Exclusive, StoreToAnotherAddressFailsAndClosesTheMonitor) {
  Machine m = cpu_machine();
  store(m, kData, 0x1111111111111111ull, 8);
  store(m, kData + 8, 0x3333333333333333ull, 8);
  m.set_x(2, kData);
  m.set_x(5, kData + 8);
  m.set_x(4, 0x2222222222222222ull);
  // The monitor is on kData; the first store-exclusive targets kData + 8 and fails, and
  // closes the monitor, so the second one (to the monitored address) fails too.
  expect_halt(run_body(m, "ldxr x1, [x2]\nstxr w3, x4, [x5]\nstxr w6, x4, [x2]"), 3);
  EXPECT_EQ(m.x(3), 1u);
  EXPECT_EQ(m.x(6), 1u);
  EXPECT_EQ(load(m, kData, 8), 0x1111111111111111ull);
  EXPECT_EQ(load(m, kData + 8, 8), 0x3333333333333333ull);
}

TEST(Exclusive, SizeMismatchFails) {
  // {load, store}: the monitor covers the load's size; the store's size differs.
  const char* const cases[][2] = {
      {"ldxr w1, [x2]", "stxr w3, x4, [x2]"},    // 4 vs 8 bytes
      {"ldxr x1, [x2]", "stxr w3, w4, [x2]"},    // 8 vs 4
      {"ldxrb w1, [x2]", "stxrh w3, w4, [x2]"},  // 1 vs 2
      {"ldxrh w1, [x2]", "stxrb w3, w4, [x2]"},  // 2 vs 1
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c[0]) + " / " + c[1]);
    Machine m = cpu_machine();
    store(m, kData, 0x1111111111111111ull, 8);
    m.set_x(2, kData);
    m.set_x(4, 0x2222222222222222ull);
    expect_halt(run_body(m, std::string(c[0]) + "\n" + c[1]), 2);
    EXPECT_EQ(m.x(3), 1u);
    EXPECT_EQ(load(m, kData, 8), 0x1111111111111111ull);
  }
}

TEST(Exclusive, SecondStoreAfterSuccessFails) {
  Machine m = cpu_machine();
  m.set_x(2, kData);
  m.set_x(4, 0x4444u);
  m.set_x(6, 0x6666u);
  expect_halt(run_body(m, "ldxr x1, [x2]\nstxr w3, x4, [x2]\nstxr w5, x6, [x2]"), 3);
  EXPECT_EQ(m.x(3), 0u);
  EXPECT_EQ(m.x(5), 1u);
  EXPECT_EQ(load(m, kData, 8), 0x4444u);  // the first store's value
}

// The store-exclusive succeeds when memory still holds what the load-exclusive read (the
// compare-and-swap model, docs/threads.md): this thread's own stores in between fail it only
// when they leave another value there, which is one of the outcomes Arm ARM B2.9 allows
// (whether a PE's own store clears its local monitor is IMPLEMENTATION DEFINED).
TEST(Exclusive, StoresThatKeepTheValueLeaveTheMonitorOpen) {
  Machine m = cpu_machine();
  store(m, kData, 0x5555u, 8);
  m.set_x(2, kData);
  m.set_x(4, 0x4444u);
  m.set_x(6, 0x6666u);
  m.set_x(7, 0x5555u);
  // stlr x7 stores 0x5555 again; stadd xzr adds 0; stlr x6 then stlr x7 puts 0x5555 back.
  expect_halt(run_body(m,
                       "ldxr x1, [x2]\nstlr x7, [x2]\nstadd xzr, [x2]\nstlr x6, [x2]\nstlr x7, [x2]\n"
                       "stxr w3, x4, [x2]"),
              6);
  EXPECT_EQ(m.x(1), 0x5555u);
  EXPECT_EQ(m.x(3), 0u);
  EXPECT_EQ(load(m, kData, 8), 0x4444u);
}

TEST(Exclusive, StoresThatChangeTheValueFailTheStoreExclusive) {
  // Each store in between, and what it leaves in memory (which the failed exclusive keeps).
  const std::pair<const char*, uint64_t> stores[] = {{"stlr x6, [x2]", 0x6666u},
                                                     {"str x6, [x2]", 0x6666u},
                                                     {"stadd x7, [x2]", 0x5556u},  // 0x5555 + 1
                                                     {"strb w6, [x2, #7]", 0x6600000000005555ull}};
  for (const auto& [between, left] : stores) {
    SCOPED_TRACE(between);
    Machine m = cpu_machine();
    store(m, kData, 0x5555u, 8);
    m.set_x(2, kData);
    m.set_x(4, 0x4444u);
    m.set_x(6, 0x6666u);
    m.set_x(7, 1);
    expect_halt(run_body(m, std::string("ldxr x1, [x2]\n") + between + "\nstxr w3, x4, [x2]"), 3);
    EXPECT_EQ(m.x(3), 1u);
    EXPECT_EQ(load(m, kData, 8), left);
    EXPECT_EQ(m.state().exclusive_open, 0u);
  }
}

TEST(Exclusive, StackPointerBaseAndZeroRegisters) {
  Machine m = cpu_machine();
  store(m, kData, 0x1234u, 8);
  m.set_sp(kData);
  // Rn = 31 is SP; Rt = 31 stores zero (XZR); Ws = WZR discards the status.
  expect_halt(run_body(m, "ldxr x1, [sp]\nstxr wzr, xzr, [sp]"), 2);
  EXPECT_EQ(m.x(1), 0x1234u);
  EXPECT_EQ(load(m, kData, 8), 0u);
  EXPECT_EQ(m.sp(), kData);
  EXPECT_EQ(m.state().exclusive_open, 0u);
}

TEST(Exclusive, StatusRegisterOverlapStoresOriginalValues) {
  // Ws == Rt and Ws == Rn are CONSTRAINED UNPREDICTABLE; this model stores the original Rt at
  // the original Rn and then writes the status.
  {
    Machine m = cpu_machine();
    m.set_x(2, kData);
    m.set_x(4, 0xABCDEF0123456789ull);
    expect_halt(run_body(m, "ldxr x9, [x2]\nstxr w4, x4, [x2]"), 2);
    EXPECT_EQ(load(m, kData, 8), 0xABCDEF0123456789ull);
    EXPECT_EQ(m.x(4), 0u);
  }
  {
    Machine m = cpu_machine();
    m.set_x(2, kData);
    m.set_x(4, 0x77u);
    expect_halt(run_body(m, "ldxr x9, [x2]\nstxr w2, x4, [x2]"), 2);
    EXPECT_EQ(load(m, kData, 8), 0x77u);
    EXPECT_EQ(m.x(2), 0u);
  }
}

TEST(Exclusive, MisalignedLoadFaultsWithoutOpeningTheMonitor) {
  for (const SizeForm& f : kSizes) {
    if (f.bytes == 1) continue;  // a byte is always aligned
    SCOPED_TRACE(f.bytes);
    Machine m = cpu_machine();
    m.set_x(1, kGarbage);
    m.set_x(2, kData + 1);
    const ExecResult r = run_body(m, std::string("ldxr") + f.suffix + " " + f.reg + "1, [x2]");
    expect_fault(r, 0, kData + 1, AccessKind::kRead);
    EXPECT_EQ(m.x(1), kGarbage);
    EXPECT_EQ(m.state().exclusive_open, 0u);
  }
}

TEST(Exclusive, MisalignedStoreFaultsBeforeTheMonitorCheck) {
  // The monitor is open on kData (8 bytes); the store targets kData + 4 with 8 bytes: the
  // alignment fault comes first, and leaves Ws, memory and the monitor as they were.
  Machine m = cpu_machine();
  fill(m, kData, 16, 0xEE);
  m.set_x(2, kData);
  m.set_x(3, kGarbage);
  m.set_x(4, 0u);
  m.set_x(5, kData + 4);
  const ExecResult r = run_body(m, "ldxr x1, [x2]\nstxr w3, x4, [x5]");
  expect_fault(r, 1, kData + 4, AccessKind::kWrite);
  EXPECT_EQ(m.x(3), kGarbage);
  EXPECT_EQ(load(m, kData, 8), 0xEEEEEEEEEEEEEEEEull);
  EXPECT_EQ(load(m, kData + 8, 8), 0xEEEEEEEEEEEEEEEEull);
  EXPECT_EQ(m.state().exclusive_open, 1u);
  EXPECT_EQ(m.state().exclusive_address, kData);
  EXPECT_EQ(m.state().exclusive_size, 8u);
}

TEST(Exclusive, UnmappedAccesses) {
  {  // The load faults as a read at the address.
    Machine m = cpu_machine();
    m.set_x(1, kGarbage);
    m.set_x(2, kUnmapped);
    expect_fault(run_body(m, "ldxr x1, [x2]"), 0, kUnmapped, AccessKind::kRead);
    EXPECT_EQ(m.x(1), kGarbage);
  }
  {  // With no matching monitor the store never accesses memory: it fails without a fault.
    Machine m = cpu_machine();
    m.set_x(2, kUnmapped);
    expect_halt(run_body(m, "stxr w3, x4, [x2]"), 1);
    EXPECT_EQ(m.x(3), 1u);
  }
  {  // With a matching monitor the write faults; Ws and the monitor are unchanged.
    Machine m = cpu_machine();
    CpuState state = m.state();
    state.exclusive_address = kUnmapped;
    state.exclusive_size = 8;
    state.exclusive_open = 1;
    m.set_state(state);
    m.set_x(2, kUnmapped);
    m.set_x(3, kGarbage);
    expect_fault(run_body(m, "stxr w3, x4, [x2]"), 0, kUnmapped, AccessKind::kWrite);
    EXPECT_EQ(m.x(3), kGarbage);
    EXPECT_EQ(m.state().exclusive_open, 1u);
  }
}

TEST(Exclusive, ShouldBeOneFieldsAreIgnored) {
  // LDXR x1, [x2] is 0xC85F7C41 (Rs = Rt2 = 11111). With those fields cleared the encoding is
  // CONSTRAINED UNPREDICTABLE; it executes as LDXR, as in Unicorn 2.0.
  Machine m = cpu_machine();
  store(m, kData, 0x5555u, 8);
  m.set_x(2, kData);
  m.set_x(4, 0x6666u);
  // 0xC8400041: LDXR x1, [x2] with Rs = Rt2 = 0; 0xC8030044: STXR w3, x4, [x2] (0xC8037C44)
  // with Rt2 = 0.
  m.load_program(std::vector<uint32_t>{0xC8400041u, 0xC8030044u, 0xD4400000u});
  m.set_pc(0);
  expect_halt(m.execute(), 2);
  EXPECT_EQ(m.x(1), 0x5555u);
  EXPECT_EQ(m.x(3), 0u);
  EXPECT_EQ(load(m, kData, 8), 0x6666u);
}

// ======================================================================================
// Load/store exclusive pair
// ======================================================================================

TEST(ExclusivePair, DoublewordPair) {
  for (const bool ordered : {false, true}) {
    SCOPED_TRACE(ordered);
    Machine m = cpu_machine();
    store(m, kData + 16, 0x1111111111111111ull, 8);
    store(m, kData + 24, 0x2222222222222222ull, 8);
    m.set_x(3, kData + 16);
    m.set_x(4, kGarbage);
    m.set_x(5, 0x5555555555555555ull);
    m.set_x(6, 0x6666666666666666ull);
    const ExecResult r = run_body(
        m, ordered ? "ldaxp x1, x2, [x3]\nstlxp w4, x5, x6, [x3]" : "ldxp x1, x2, [x3]\nstxp w4, x5, x6, [x3]");
    expect_halt(r, 2);
    EXPECT_EQ(m.x(1), 0x1111111111111111ull);  // Rt: lower address
    EXPECT_EQ(m.x(2), 0x2222222222222222ull);  // Rt2: address + 8
    EXPECT_EQ(m.x(4), 0u);
    EXPECT_EQ(load(m, kData + 16, 8), 0x5555555555555555ull);
    EXPECT_EQ(load(m, kData + 24, 8), 0x6666666666666666ull);
  }
}

TEST(ExclusivePair, WordPair) {
  for (const bool ordered : {false, true}) {
    SCOPED_TRACE(ordered);
    Machine m = cpu_machine();
    store(m, kData + 8, 0x8877665544332211ull, 8);
    m.set_x(1, kGarbage);
    m.set_x(2, kGarbage);
    m.set_x(3, kData + 8);
    m.set_x(5, 0xFFFFFFFFAAAAAAAAull);  // only the W halves are stored
    m.set_x(6, 0xFFFFFFFFBBBBBBBBull);
    const ExecResult r = run_body(
        m, ordered ? "ldaxp w1, w2, [x3]\nstlxp w4, w5, w6, [x3]" : "ldxp w1, w2, [x3]\nstxp w4, w5, w6, [x3]");
    expect_halt(r, 2);
    // Little-endian: Rt = bytes 0..3, Rt2 = bytes 4..7, each zero-extended.
    EXPECT_EQ(m.x(1), 0x44332211u);
    EXPECT_EQ(m.x(2), 0x88776655u);
    EXPECT_EQ(m.x(4), 0u);
    EXPECT_EQ(load(m, kData + 8, 8), 0xBBBBBBBBAAAAAAAAull);
  }
}

TEST(ExclusivePair, MonitorSizeIsThePairSize) {
  // A 16-byte LDXP does not satisfy an 8-byte STXR at its address, nor a 16-byte STXP after an
  // 8-byte LDXR; an 8-byte word-pair LDXP does satisfy an 8-byte STXR (same address and size).
  struct Case {
    const char* program;
    uint64_t status;
  };
  const Case cases[] = {
      {"ldxp x1, x2, [x3]\nstxr w4, x5, [x3]", 1},
      {"ldxr x1, [x3]\nstxp w4, x5, x6, [x3]", 1},
      {"ldxp w1, w2, [x3]\nstxp w4, x5, x6, [x3]", 1},  // 8 vs 16
      {"ldxp w1, w2, [x3]\nstxr w4, x5, [x3]", 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.program);
    Machine m = cpu_machine();
    m.set_x(3, kData);
    m.set_x(5, 0x5555u);
    m.set_x(6, 0x6666u);
    expect_halt(run_body(m, c.program), 2);
    EXPECT_EQ(m.x(4), c.status);
    EXPECT_EQ(load(m, kData, 8), c.status == 0 ? 0x5555u : 0u);
  }
}

TEST(ExclusivePair, AlignmentIsThePairSize) {
  {  // An X pair needs 16-byte alignment: kData + 8 faults.
    Machine m = cpu_machine();
    m.set_x(1, kGarbage);
    m.set_x(2, kGarbage);
    m.set_x(3, kData + 8);
    expect_fault(run_body(m, "ldxp x1, x2, [x3]"), 0, kData + 8, AccessKind::kRead);
    EXPECT_EQ(m.x(1), kGarbage);
    EXPECT_EQ(m.x(2), kGarbage);
    EXPECT_EQ(m.state().exclusive_open, 0u);
  }
  {  // A W pair needs 8-byte alignment: kData + 4 faults.
    Machine m = cpu_machine();
    m.set_x(1, kGarbage);
    m.set_x(3, kData + 4);
    expect_fault(run_body(m, "ldxp w1, w2, [x3]"), 0, kData + 4, AccessKind::kRead);
    EXPECT_EQ(m.x(1), kGarbage);
  }
  {  // STXP of an X pair at kData + 8 (8-aligned only) faults as a write, storing nothing.
    Machine m = cpu_machine();
    m.set_x(3, kData + 8);
    m.set_x(4, kGarbage);
    m.set_x(5, 0x5555u);
    expect_fault(run_body(m, "stxp w4, x5, x6, [x3]"), 0, kData + 8, AccessKind::kWrite);
    EXPECT_EQ(m.x(4), kGarbage);
    EXPECT_EQ(load(m, kData + 8, 8), 0u);
  }
}

TEST(ExclusivePair, LoadPairOverlapGivesTheSecondElement) {
  // LDXP with Rt == Rt2 is CONSTRAINED UNPREDICTABLE (UNKNOWN value); like Unicorn 2.0, the
  // register ends with the element at address + 8.
  Machine m = cpu_machine();
  store(m, kData, 0x1111111111111111ull, 8);
  store(m, kData + 8, 0x2222222222222222ull, 8);
  m.set_x(3, kData);
  expect_halt(run_body(m, "ldxp x1, x1, [x3]"), 1);
  EXPECT_EQ(m.x(1), 0x2222222222222222ull);
}

TEST(ExclusivePair, StatusOverlapStoresOriginalValues) {
  Machine m = cpu_machine();
  m.set_x(3, kData);
  m.set_x(5, 0x5555u);
  m.set_x(6, 0x6666u);
  expect_halt(run_body(m, "ldxp x1, x2, [x3]\nstxp w6, x5, x6, [x3]"), 2);
  EXPECT_EQ(load(m, kData, 8), 0x5555u);
  EXPECT_EQ(load(m, kData + 8, 8), 0x6666u);  // the original x6
  EXPECT_EQ(m.x(6), 0u);
}

// ======================================================================================
// Load-acquire / store-release (LDAR, LDLAR, LDAPR, STLR, STLLR)
// ======================================================================================

TEST(AcquireRelease, LoadAcquireEverySize) {
  for (const char* op : {"ldar", "ldlar", "ldapr"}) {
    for (const SizeForm& f : kSizes) {
      SCOPED_TRACE(std::string(op) + f.suffix + " " + f.reg);
      Machine m = cpu_machine();
      store(m, kData, 0xF1F2F3F4F5F6F7F8ull, 8);
      m.set_x(1, kGarbage);
      m.set_x(2, kData);
      expect_halt(run_body(m, std::string(op) + f.suffix + " " + f.reg + "1, [x2]"), 1);
      // The low `bytes` of the doubleword, zero-extended: F8, F7F8, F5F6F7F8, all of it.
      EXPECT_EQ(m.x(1), 0xF1F2F3F4F5F6F7F8ull & mask_of(f.bytes));
    }
  }
}

TEST(AcquireRelease, StoreReleaseEverySize) {
  for (const char* op : {"stlr", "stllr"}) {
    for (const SizeForm& f : kSizes) {
      SCOPED_TRACE(std::string(op) + f.suffix + " " + f.reg);
      Machine m = cpu_machine();
      fill(m, kData, 24, 0xEE);
      m.set_x(1, 0x0102030405060708ull);
      m.set_x(2, kData + 8);
      expect_halt(run_body(m, std::string(op) + f.suffix + " " + f.reg + "1, [x2]"), 1);
      EXPECT_EQ(load(m, kData + 8, f.bytes), 0x0102030405060708ull & mask_of(f.bytes));
      if (f.bytes < 8) EXPECT_EQ(load(m, kData + 8 + f.bytes, 1), 0xEEu);
      EXPECT_EQ(load(m, kData + 7, 1), 0xEEu);
    }
  }
}

TEST(AcquireRelease, StackPointerBaseAndZeroRegister) {
  Machine m = cpu_machine();
  store(m, kData, 0x99u, 8);
  m.set_sp(kData);
  m.set_x(2, kData + 8);
  store(m, kData + 8, kGarbage, 8);
  expect_halt(run_body(m, "ldar x1, [sp]\nstlr xzr, [x2]"), 2);
  EXPECT_EQ(m.x(1), 0x99u);
  EXPECT_EQ(load(m, kData + 8, 8), 0u);  // Rt = 31 stores zero
}

TEST(AcquireRelease, MisalignedAccessesFault) {
  struct Case {
    const char* program;
    uint64_t offset;
    AccessKind kind;
  };
  const Case cases[] = {
      {"ldarh w1, [x2]", 1, AccessKind::kRead},  {"ldar w1, [x2]", 2, AccessKind::kRead},
      {"ldar x1, [x2]", 4, AccessKind::kRead},   {"ldlar x1, [x2]", 4, AccessKind::kRead},
      {"ldaprh w1, [x2]", 1, AccessKind::kRead}, {"ldapr x1, [x2]", 4, AccessKind::kRead},
      {"stlrh w1, [x2]", 1, AccessKind::kWrite}, {"stlr w1, [x2]", 2, AccessKind::kWrite},
      {"stlr x1, [x2]", 4, AccessKind::kWrite},  {"stllr x1, [x2]", 4, AccessKind::kWrite},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.program);
    Machine m = cpu_machine();
    fill(m, kData, 16, 0xEE);
    m.set_x(1, kGarbage);
    m.set_x(2, kData + c.offset);
    expect_fault(run_body(m, c.program), 0, kData + c.offset, c.kind);
    EXPECT_EQ(m.x(1), kGarbage);
    EXPECT_EQ(load(m, kData, 8), 0xEEEEEEEEEEEEEEEEull);
    EXPECT_EQ(load(m, kData + 8, 8), 0xEEEEEEEEEEEEEEEEull);
  }
}

TEST(AcquireRelease, ShouldBeOneFieldsAreIgnored) {
  // LDAR x1, [x2] = 0xC8DFFC41; with Rs = 0 (0xC8C0FC41) and Rt2 = 0 (0xC8DF8041) it still
  // executes as LDAR.
  for (const uint32_t word : {0xC8C0FC41u, 0xC8DF8041u}) {
    Machine m = cpu_machine();
    store(m, kData, 0x4242u, 8);
    m.set_x(2, kData);
    m.load_program(std::vector<uint32_t>{word, 0xD4400000u});
    m.set_pc(0);
    expect_halt(m.execute(), 1);
    EXPECT_EQ(m.x(1), 0x4242u);
  }
}

// ======================================================================================
// LDAPUR / STLUR (unscaled immediate)
// ======================================================================================

TEST(RcpcUnscaled, LoadsWithNegativeAndUnalignedOffsets) {
  Machine m = cpu_machine();
  // Bytes kData+0 .. kData+15: 00 11 22 ... FF.
  for (unsigned i = 0; i < 16; ++i) store(m, kData + i, 0x11u * i, 1);
  for (unsigned r = 1; r <= 4; ++r) m.set_x(r, kGarbage);
  m.set_x(10, kData + 8);
  expect_halt(run_body(m,
                       "ldapur x1, [x10, #-3]\nldapur w2, [x10, #-7]\nldapurh w3, [x10, #3]\n"
                       "ldapurb w4, [x10, #-8]"),
              4);
  // x1: 8 bytes from kData+5: 55 66 77 88 99 AA BB CC, little-endian.
  EXPECT_EQ(m.x(1), 0xCCBBAA9988776655ull);
  // w2: 4 bytes from kData+1: 11 22 33 44; zero-extended.
  EXPECT_EQ(m.x(2), 0x44332211u);
  // w3: 2 bytes from kData+11: BB CC.
  EXPECT_EQ(m.x(3), 0xCCBBu);
  // w4: the byte at kData+0.
  EXPECT_EQ(m.x(4), 0u);
}

TEST(RcpcUnscaled, SignExtendingLoads) {
  Machine m = cpu_machine();
  store(m, kData + 0, 0x80u, 1);        // negative byte
  store(m, kData + 1, 0x7Fu, 1);        // positive byte
  store(m, kData + 2, 0x8001u, 2);      // negative halfword (unaligned)
  store(m, kData + 4, 0x80000000u, 4);  // negative word
  store(m, kData + 8, 0x7FFFFFFFu, 4);  // positive word
  for (unsigned r = 1; r <= 7; ++r) m.set_x(r, kGarbage);
  m.set_x(10, kData + 16);
  expect_halt(run_body(m,
                       "ldapursb x1, [x10, #-16]\nldapursb w2, [x10, #-16]\nldapursb x3, [x10, #-15]\n"
                       "ldapursh x4, [x10, #-14]\nldapursh w5, [x10, #-14]\nldapursw x6, [x10, #-12]\n"
                       "ldapursw x7, [x10, #-8]"),
              7);
  EXPECT_EQ(m.x(1), 0xFFFFFFFFFFFFFF80ull);  // SignExtend(0x80, 64)
  EXPECT_EQ(m.x(2), 0x00000000FFFFFF80ull);  // SignExtend(0x80, 32), W write zero-extends
  EXPECT_EQ(m.x(3), 0x7Fu);
  EXPECT_EQ(m.x(4), 0xFFFFFFFFFFFF8001ull);
  EXPECT_EQ(m.x(5), 0x00000000FFFF8001ull);
  EXPECT_EQ(m.x(6), 0xFFFFFFFF80000000ull);
  EXPECT_EQ(m.x(7), 0x7FFFFFFFu);
}

TEST(RcpcUnscaled, StoresEverySizeAndOffsetLimits) {
  Machine m = cpu_machine();
  fill(m, kData, 0x400, 0xEE);
  m.set_x(1, 0x0102030405060708ull);
  m.set_sp(kData + 0x200);
  expect_halt(run_body(m,
                       "stlurb w1, [sp, #-256]\nstlurh w1, [sp, #-3]\nstlur w1, [sp, #5]\n"
                       "stlur x1, [sp, #255]"),
              4);
  // SP - 256 = kData + 0x100: one byte 08.
  EXPECT_EQ(load(m, kData + 0x100, 2), 0xEE08u);
  // SP - 3 = kData + 0x1FD: 08 07, then the fill.
  EXPECT_EQ(load(m, kData + 0x1FD, 3), 0xEE0708u);
  // SP + 5 = kData + 0x205: 08 07 06 05.
  EXPECT_EQ(load(m, kData + 0x205, 4), 0x05060708u);
  EXPECT_EQ(load(m, kData + 0x209, 1), 0xEEu);
  // SP + 255 = kData + 0x2FF: all eight bytes.
  EXPECT_EQ(load(m, kData + 0x2FF, 8), 0x0102030405060708ull);
  EXPECT_EQ(load(m, kData + 0x2FE, 1), 0xEEu);
}

TEST(RcpcUnscaled, UnmappedAccessesFault) {
  {
    Machine m = cpu_machine();
    m.set_x(1, kGarbage);
    m.set_x(2, kUnmapped + 16);
    expect_fault(run_body(m, "ldapur x1, [x2, #-16]"), 0, kUnmapped, AccessKind::kRead);
    EXPECT_EQ(m.x(1), kGarbage);
  }
  {
    Machine m = cpu_machine();
    m.set_x(2, kUnmapped);
    expect_fault(run_body(m, "stlurh w1, [x2, #3]"), 0, kUnmapped + 3, AccessKind::kWrite);
  }
}

// ======================================================================================
// Compare and swap
// ======================================================================================

TEST(CompareAndSwap, SuccessAndFailureEverySizeAndOrdering) {
  for (const char* order : {"", "a", "l", "al"}) {
    for (const SizeForm& f : kSizes) {
      const std::string insn = std::string("cas") + order + f.suffix + " " + f.reg + "1, " + f.reg + "2, [x3]";
      SCOPED_TRACE(insn);
      const uint64_t mask = mask_of(f.bytes);
      const uint64_t old_value = 0x8070605040302010ull & mask;
      {  // Success: Rs's low element matches (its upper bits are ignored) and Rt's low element
         // is stored; Rs receives the old element, zero-extended.
        Machine m = cpu_machine();
        fill(m, kData, 16, 0xEE);
        store(m, kData, old_value, f.bytes);
        m.set_x(1, (kGarbage & ~mask) | old_value);
        m.set_x(2, 0x0F0E0D0C0B0A0908ull);
        m.set_x(3, kData);
        expect_halt(run_body(m, insn), 1);
        EXPECT_EQ(load(m, kData, f.bytes), 0x0F0E0D0C0B0A0908ull & mask);
        if (f.bytes < 8) EXPECT_EQ(load(m, kData + f.bytes, 1), 0xEEu);
        EXPECT_EQ(m.x(1), old_value);
        EXPECT_EQ(m.x(2), 0x0F0E0D0C0B0A0908ull);
      }
      {  // Failure: the element differs in its lowest byte; memory keeps the old element.
        Machine m = cpu_machine();
        store(m, kData, old_value, f.bytes);
        m.set_x(1, old_value ^ 1);
        m.set_x(2, 0x0F0E0D0C0B0A0908ull);
        m.set_x(3, kData);
        expect_halt(run_body(m, insn), 1);
        EXPECT_EQ(load(m, kData, f.bytes), old_value);
        EXPECT_EQ(m.x(1), old_value);
      }
    }
  }
}

TEST(CompareAndSwap, ZeroRegisterAndStackPointer) {
  Machine m = cpu_machine();
  store(m, kData, 0u, 8);
  m.set_sp(kData);
  m.set_x(2, 0x1234u);
  // Rs = XZR compares with zero (match) and the old value is discarded; Rn = 31 is SP.
  expect_halt(run_body(m, "cas xzr, x2, [sp]"), 1);
  EXPECT_EQ(load(m, kData, 8), 0x1234u);
  EXPECT_EQ(m.sp(), kData);
}

TEST(CompareAndSwap, MisalignedFaultsAsRead) {
  for (const SizeForm& f : kSizes) {
    if (f.bytes == 1) continue;
    SCOPED_TRACE(f.bytes);
    Machine m = cpu_machine();
    m.set_x(1, 0);  // would match the zeroed memory
    m.set_x(2, kGarbage);
    m.set_x(3, kData + 1);
    expect_fault(run_body(m, std::string("casal") + f.suffix + " " + f.reg + "1, " + f.reg + "2, [x3]"), 0, kData + 1,
                 AccessKind::kRead);
    EXPECT_EQ(m.x(1), 0u);
    EXPECT_EQ(load(m, kData, 8), 0u);
    EXPECT_EQ(load(m, kData + 8, 8), 0u);
  }
}

// ======================================================================================
// Compare and swap pair
// ======================================================================================

TEST(CompareAndSwapPair, DoublewordSuccessAndFailure) {
  for (const char* order : {"", "a", "l", "al"}) {
    const std::string insn = std::string("casp") + order + " x0, x1, x4, x5, [x6]";
    SCOPED_TRACE(insn);
    {  // Success: both halves match; <x4,x5> is stored, <x0,x1> get the old pair.
      Machine m = cpu_machine();
      store(m, kData, 0xAAAAAAAAAAAAAAAAull, 8);
      store(m, kData + 8, 0xBBBBBBBBBBBBBBBBull, 8);
      m.set_x(0, 0xAAAAAAAAAAAAAAAAull);
      m.set_x(1, 0xBBBBBBBBBBBBBBBBull);
      m.set_x(4, 0x4444444444444444ull);
      m.set_x(5, 0x5555555555555555ull);
      m.set_x(6, kData);
      expect_halt(run_body(m, insn), 1);
      EXPECT_EQ(load(m, kData, 8), 0x4444444444444444ull);
      EXPECT_EQ(load(m, kData + 8, 8), 0x5555555555555555ull);
      EXPECT_EQ(m.x(0), 0xAAAAAAAAAAAAAAAAull);
      EXPECT_EQ(m.x(1), 0xBBBBBBBBBBBBBBBBull);
    }
    {  // Failure: the high half differs; memory is unchanged and <x0,x1> get the old pair.
      Machine m = cpu_machine();
      store(m, kData, 0xAAAAAAAAAAAAAAAAull, 8);
      store(m, kData + 8, 0xBBBBBBBBBBBBBBBCull, 8);
      m.set_x(0, 0xAAAAAAAAAAAAAAAAull);
      m.set_x(1, 0xBBBBBBBBBBBBBBBBull);
      m.set_x(4, 0x4444444444444444ull);
      m.set_x(5, 0x5555555555555555ull);
      m.set_x(6, kData);
      expect_halt(run_body(m, insn), 1);
      EXPECT_EQ(load(m, kData, 8), 0xAAAAAAAAAAAAAAAAull);
      EXPECT_EQ(load(m, kData + 8, 8), 0xBBBBBBBBBBBBBBBCull);
      EXPECT_EQ(m.x(0), 0xAAAAAAAAAAAAAAAAull);
      EXPECT_EQ(m.x(1), 0xBBBBBBBBBBBBBBBCull);
    }
  }
}

TEST(CompareAndSwapPair, WordSuccessAndFailure) {
  for (const char* order : {"", "a", "l", "al"}) {
    const std::string insn = std::string("casp") + order + " w2, w3, w4, w5, [x6]";
    SCOPED_TRACE(insn);
    {  // Success: the doubleword 0x22222222_11111111 is the pair <0x11111111, 0x22222222>;
       // upper halves of the X registers are ignored and the results are zero-extended.
      Machine m = cpu_machine();
      fill(m, kData, 16, 0xEE);
      store(m, kData, 0x2222222211111111ull, 8);
      m.set_x(2, 0xFFFFFFFF11111111ull);
      m.set_x(3, 0xFFFFFFFF22222222ull);
      m.set_x(4, 0xFFFFFFFF44444444ull);
      m.set_x(5, 0xFFFFFFFF55555555ull);
      m.set_x(6, kData);
      expect_halt(run_body(m, insn), 1);
      EXPECT_EQ(load(m, kData, 8), 0x5555555544444444ull);
      EXPECT_EQ(load(m, kData + 8, 1), 0xEEu);
      EXPECT_EQ(m.x(2), 0x11111111u);
      EXPECT_EQ(m.x(3), 0x22222222u);
    }
    {  // Failure: the low word differs.
      Machine m = cpu_machine();
      store(m, kData, 0x2222222211111112ull, 8);
      m.set_x(2, 0x11111111u);
      m.set_x(3, 0x22222222u);
      m.set_x(4, 0x44444444u);
      m.set_x(5, 0x55555555u);
      m.set_x(6, kData);
      expect_halt(run_body(m, insn), 1);
      EXPECT_EQ(load(m, kData, 8), 0x2222222211111112ull);
      EXPECT_EQ(m.x(2), 0x11111112u);
      EXPECT_EQ(m.x(3), 0x22222222u);
    }
  }
}

TEST(CompareAndSwapPair, PairEndingInZeroRegister) {
  // Rs = 30 pairs x30 with XZR: the high half compares with zero and its result is discarded.
  Machine m = cpu_machine();
  store(m, kData, 0x77u, 8);
  store(m, kData + 8, 0u, 8);
  m.set_x(30, 0x77u);
  m.set_x(2, 0x12u);
  m.set_x(3, 0x34u);
  m.set_x(4, kData);
  expect_halt(run_body(m, "casp x30, xzr, x2, x3, [x4]"), 1);
  EXPECT_EQ(load(m, kData, 8), 0x12u);
  EXPECT_EQ(load(m, kData + 8, 8), 0x34u);
  EXPECT_EQ(m.x(30), 0x77u);
}

TEST(CompareAndSwapPair, MisalignedFaultsAsRead) {
  {  // X pair: 16-byte alignment required; kData + 8 faults.
    Machine m = cpu_machine();
    m.set_x(0, 0);
    m.set_x(1, 0);
    m.set_x(4, kGarbage);
    m.set_x(6, kData + 8);
    expect_fault(run_body(m, "casp x0, x1, x4, x5, [x6]"), 0, kData + 8, AccessKind::kRead);
    EXPECT_EQ(load(m, kData + 8, 8), 0u);
    EXPECT_EQ(load(m, kData + 16, 8), 0u);
    EXPECT_EQ(m.x(0), 0u);
  }
  {  // W pair: 8-byte alignment required; kData + 4 faults.
    Machine m = cpu_machine();
    m.set_x(4, kGarbage);
    m.set_x(6, kData + 4);
    expect_fault(run_body(m, "caspal w0, w1, w4, w5, [x6]"), 0, kData + 4, AccessKind::kRead);
    EXPECT_EQ(load(m, kData + 4, 8), 0u);
  }
}

// ======================================================================================
// Atomic memory operations
// ======================================================================================

struct AtomicCase {
  const char* op;
  uint64_t result;  // memory after the operation, for old = 0x8F.. and operand = 0x71..
};

// old = 0x8F repeated, operand = 0x71 repeated, at the access size (mask applied):
//   ADD: 0x8F + 0x71 = 0x100 per byte, so 0x8F8F.. + 0x7171.. = 0x0101..0100 (carry out lost)
//   CLR: 0x8F & ~0x71 = 0x8F & 0x8E = 0x8E;  EOR: 0x8F ^ 0x71 = 0xFE;  SET: 0x8F | 0x71 = 0xFF
//   SMAX: old is negative, operand positive -> operand; SMIN -> old
//   UMAX: 0x8F.. > 0x71.. -> old; UMIN -> operand;  SWP -> operand
constexpr AtomicCase kAtomicCases[] = {
    {"ldadd", 0x0101010101010100ull},  {"ldclr", 0x8E8E8E8E8E8E8E8Eull},  {"ldeor", 0xFEFEFEFEFEFEFEFEull},
    {"ldset", 0xFFFFFFFFFFFFFFFFull},  {"ldsmax", 0x7171717171717171ull}, {"ldsmin", 0x8F8F8F8F8F8F8F8Full},
    {"ldumax", 0x8F8F8F8F8F8F8F8Full}, {"ldumin", 0x7171717171717171ull}, {"swp", 0x7171717171717171ull},
};

TEST(AtomicMemory, EveryOperationSizeAndOrdering) {
  for (const AtomicCase& c : kAtomicCases) {
    for (const char* order : {"", "a", "l", "al"}) {
      for (const SizeForm& f : kSizes) {
        const std::string insn = std::string(c.op) + order + f.suffix + " " + f.reg + "1, " + f.reg + "2, [x3]";
        SCOPED_TRACE(insn);
        const uint64_t mask = mask_of(f.bytes);
        Machine m = cpu_machine();
        fill(m, kData, 16, 0xEE);
        store(m, kData + 8, 0x8F8F8F8F8F8F8F8Full, f.bytes);
        // Rs: the operand in the low element, garbage above it (ignored).
        m.set_x(1, (kGarbage & ~mask) | (0x7171717171717171ull & mask));
        m.set_x(2, kGarbage);
        m.set_x(3, kData + 8);
        expect_halt(run_body(m, insn), 1);
        EXPECT_EQ(load(m, kData + 8, f.bytes), c.result & mask);
        if (f.bytes < 8) EXPECT_EQ(load(m, kData + 8 + f.bytes, 1), 0xEEu);
        EXPECT_EQ(load(m, kData + 7, 1), 0xEEu);
        EXPECT_EQ(m.x(2), 0x8F8F8F8F8F8F8F8Full & mask);  // old element, zero-extended
        EXPECT_EQ(m.x(1), (kGarbage & ~mask) | (0x7171717171717171ull & mask));
      }
    }
  }
}

TEST(AtomicMemory, SignedAndUnsignedMinMaxWithPositiveOld) {
  // old = 0x7F.. (positive), operand = 0x80.. (negative, and unsigned-larger):
  //   SMAX -> old 0x7F..; SMIN -> operand 0x80..; UMAX -> operand; UMIN -> old.
  struct Case {
    const char* op;
    bool takes_operand;
  };
  const Case cases[] = {{"ldsmax", false}, {"ldsmin", true}, {"ldumax", true}, {"ldumin", false}};
  for (const Case& c : cases) {
    for (const SizeForm& f : kSizes) {
      const std::string insn = std::string(c.op) + f.suffix + " " + f.reg + "1, " + f.reg + "2, [x3]";
      SCOPED_TRACE(insn);
      const uint64_t mask = mask_of(f.bytes);
      const uint64_t sign = 1ull << (8 * f.bytes - 1);
      const uint64_t old_value = sign - 1;  // 0x7F, 0x7FFF, 0x7FFFFFFF, 0x7FFF..FF
      const uint64_t operand = sign;        // 0x80, 0x8000, ...
      Machine m = cpu_machine();
      store(m, kData, old_value, f.bytes);
      m.set_x(1, operand);
      m.set_x(3, kData);
      expect_halt(run_body(m, insn), 1);
      EXPECT_EQ(load(m, kData, f.bytes), (c.takes_operand ? operand : old_value) & mask);
      EXPECT_EQ(m.x(2), old_value);
    }
  }
}

TEST(AtomicMemory, StoreAliasesWriteNoRegister) {
  // ST<op> is LD<op> with Rt = 31: the old value goes to XZR (not SP) and is discarded.
  struct Case {
    const char* insn;
    unsigned bytes;
    uint64_t result;
  };
  // Memory holds 0x8F repeated and x1 = 0x71 repeated (see kAtomicCases for the arithmetic).
  const Case cases[] = {
      {"staddb w1, [x3]", 1, 0x00},
      {"stclrh w1, [x3]", 2, 0x8E8E},
      {"steorl w1, [x3]", 4, 0xFEFEFEFE},
      {"stset x1, [x3]", 8, 0xFFFFFFFFFFFFFFFFull},
      {"stsmaxlb w1, [x3]", 1, 0x71},
      {"stsminh w1, [x3]", 2, 0x8F8F},
      {"stumaxl w1, [x3]", 4, 0x8F8F8F8F},
      {"stumin x1, [x3]", 8, 0x7171717171717171ull},
      {"staddl x1, [x3]", 8, 0x0101010101010100ull},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    store(m, kData, 0x8F8F8F8F8F8F8F8Full, 8);
    m.set_x(1, 0x7171717171717171ull);
    m.set_x(3, kData);
    const uint64_t sp = m.sp();
    CpuState before = m.state();
    expect_halt(run_body(m, c.insn), 1);
    EXPECT_EQ(load(m, kData, 8), (c.result & mask_of(c.bytes)) | (0x8F8F8F8F8F8F8F8Full & ~mask_of(c.bytes)));
    EXPECT_EQ(m.sp(), sp);
    for (unsigned r = 0; r < 31; ++r) EXPECT_EQ(m.x(r), before.x[r]) << "x" << r;
  }
}

TEST(AtomicMemory, SwapWithSameRegisterAndStackPointer) {
  Machine m = cpu_machine();
  store(m, kData, 0x1111u, 8);
  m.set_sp(kData);
  m.set_x(1, 0x2222u);
  // Rs == Rt: the register's value is read before the old value is written back to it.
  expect_halt(run_body(m, "swpal x1, x1, [sp]"), 1);
  EXPECT_EQ(load(m, kData, 8), 0x2222u);
  EXPECT_EQ(m.x(1), 0x1111u);
}

TEST(AtomicMemory, AddWrapsAtTheAccessSize) {
  // 0xFFFF + 0x0002 = 0x10001 -> halfword 0x0001; the byte above is untouched.
  Machine m = cpu_machine();
  store(m, kData, 0x33FFFFu, 4);
  m.set_x(1, 2);
  m.set_x(3, kData);
  expect_halt(run_body(m, "ldaddh w1, w2, [x3]"), 1);
  EXPECT_EQ(load(m, kData, 4), 0x330001u);
  EXPECT_EQ(m.x(2), 0xFFFFu);
}

TEST(AtomicMemory, MisalignedAndUnmappedFaultAsRead) {
  struct Case {
    const char* insn;
    uint64_t address;
  };
  const Case cases[] = {
      {"ldaddh w1, w2, [x3]", kData + 1}, {"ldsetal w1, w2, [x3]", kData + 2}, {"swp x1, x2, [x3]", kData + 4},
      {"stumax x1, [x3]", kData + 4},     {"ldeor x1, x2, [x3]", kUnmapped},   {"ldaprb w2, [x3]", kUnmapped},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.insn);
    Machine m = cpu_machine();
    fill(m, kData, 16, 0xEE);
    m.set_x(1, 0x1111u);
    m.set_x(2, kGarbage);
    m.set_x(3, c.address);
    expect_fault(run_body(m, c.insn), 0, c.address, AccessKind::kRead);
    EXPECT_EQ(m.x(2), kGarbage);
    EXPECT_EQ(load(m, kData, 8), 0xEEEEEEEEEEEEEEEEull);
    EXPECT_EQ(load(m, kData + 8, 8), 0xEEEEEEEEEEEEEEEEull);
  }
}

// ======================================================================================
// Unallocated encodings in these classes
// ======================================================================================

TEST(Unallocated, EncodingsAreUndefined) {
  struct Case {
    uint32_t word;
    const char* what;
  };
  const Case cases[] = {
      // Compare and swap: Rt2 must be 11111.
      {0x08A10062u, "CASB w1, w2, [x3] with Rt2 = 00000"},
      {0xC8A17862u, "CAS x1, x2, [x3] with Rt2 = 11110"},
      // Compare and swap pair: Rt2 must be 11111; Rs and Rt must be even.
      {0x08200082u, "CASP w0.. with Rt2 = 00000"},
      {0x08217C82u, "CASP with Rs = 1"},
      {0x08207C83u, "CASP with Rt = 3"},
      {0x4861FC82u, "CASPAL x1.. (odd Rs)"},
      {0x0820FC9Fu, "CASPL with Rt = 31"},
      // LDAPR/STLR (unscaled immediate): unallocated size/opc.
      {0x99C00041u, "size 10 opc 11"},
      {0xD9800041u, "size 11 opc 10"},
      {0xD9C00041u, "size 11 opc 11"},
      // Atomic memory operations: o3 = 1 with opc other than 000, and LDAPR's fixed fields.
      {0x38219062u, "size 00 o3 1 opc 001 (FEAT_THE RCWCLR space)"},
      {0x3821A062u, "o3 1 opc 010"},
      {0x3821B062u, "o3 1 opc 011"},
      {0x3821D062u, "o3 1 opc 101"},
      {0x3821E062u, "o3 1 opc 110"},
      {0x3821F062u, "o3 1 opc 111"},
      {0xF83F9041u, "size 11 o3 1 opc 001 (FEAT_LS64 ST64B space)"},
      {0xF83FD041u, "size 11 o3 1 opc 101 (FEAT_LS64 LD64B space)"},
      {0xF8A0C041u, "LDAPR with Rs = 00000"},
      {0xF83FC041u, "LDAPR with A = 0"},
      {0xF8FFC041u, "LDAPR with A = 1 R = 1"},
      {0xF87FC041u, "LDAPR with A = 0 R = 1"},
      // FEAT_LSE128 / FEAT_THE pair forms and FEAT_MOPS.
      {0x19201041u, "LDCLRP (FEAT_LSE128)"},
      {0x19208041u, "SWPP (FEAT_LSE128)"},
      {0x19200841u, "RCWCAS (FEAT_THE)"},
      {0x19010440u, "CPYFP (FEAT_MOPS)"},
      {0x19C20420u, "SETP (FEAT_MOPS)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Machine m = cpu_machine();
    m.set_x(1, kGarbage);
    m.set_x(2, kData);
    m.set_x(3, kData);
    // A NOP first: the undefined word must not retire and PC must stay on it.
    m.load_program(std::vector<uint32_t>{0xD503201Fu, c.word});
    m.set_pc(0);
    const ExecResult r = m.execute(10);
    EXPECT_EQ(r.stop_reason, StopReason::kUndefined);
    EXPECT_EQ(r.final_pc, 4u);
    EXPECT_EQ(r.cycles, 1u);
    EXPECT_EQ(m.x(1), kGarbage);
    EXPECT_EQ(load(m, kData, 8), 0u);
  }
}

}  // namespace
}  // namespace warp64::test
