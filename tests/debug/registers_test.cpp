// gdb's AArch64 register numbering (gdb's features/aarch64-core.xml and aarch64-fpu.xml
// order), its signal numbers (gdb's include/gdb/signals.def) and the stop replies built on them.
#include "debug/gdb/registers.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "debug/gdb/signals.hpp"
#include "debug/gdb/stop_reply.hpp"

namespace warp64::debug::gdb {
namespace {

TEST(GdbRegisters, SizesFollowTheNumbering) {
  for (unsigned n = 0; n <= 32; ++n) EXPECT_EQ(register_size(n), 8u) << n;    // x0-x30, sp, pc
  EXPECT_EQ(register_size(33), 4u);                                           // cpsr
  for (unsigned n = 34; n <= 65; ++n) EXPECT_EQ(register_size(n), 16u) << n;  // v0-v31
  EXPECT_EQ(register_size(66), 4u);                                           // fpsr
  EXPECT_EQ(register_size(67), 4u);                                           // fpcr
  EXPECT_EQ(register_size(68), 0u);
  EXPECT_EQ(all_registers_size(), 31u * 8 + 8 + 8 + 4 + 32u * 16 + 4 + 4);
}

TEST(GdbRegisters, ValuesAreLittleEndian) {
  core::CpuState state{};
  state.x[1] = 0x1122334455667788;
  state.v[0][0] = 0x0706050403020100;
  state.v[0][1] = 0x0f0e0d0c0b0a0908;
  state.nzcv = core::kFlagN | core::kFlagV;
  state.fpcr = 0x03c00000;
  EXPECT_EQ(read_register(state, 1), std::string("\x88\x77\x66\x55\x44\x33\x22\x11"));
  EXPECT_EQ(read_register(state, 34),
            std::string("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 16));
  EXPECT_EQ(read_register(state, 33), std::string("\x00\x00\x00\x90", 4));
  EXPECT_EQ(read_register(state, 67), std::string("\x00\x00\xc0\x03", 4));
  EXPECT_FALSE(read_register(state, 68));
}

TEST(GdbRegisters, WritesCheckSizeAndKeepOnlyTheFlagsOfCpsr) {
  core::CpuState state{};
  EXPECT_TRUE(write_register(state, 32, std::string("\x10\x00\x40\x00\x00\x00\x00\x00", 8)));
  EXPECT_EQ(state.pc, 0x400010u);
  EXPECT_TRUE(write_register(state, 33, "\xff\xff\xff\xff"));
  EXPECT_EQ(state.nzcv, 0xf0000000u);
  EXPECT_FALSE(write_register(state, 0, "\x01\x02"));
  EXPECT_FALSE(write_register(state, 68, "\x01\x02\x03\x04"));
  EXPECT_EQ(state.x[0], 0u);
}

TEST(GdbRegisters, TargetDescriptionNamesTheRegistersInNumberOrder) {
  const std::string xml(target_description());
  EXPECT_NE(xml.find("<feature name=\"org.gnu.gdb.aarch64.core\">"), std::string::npos);
  EXPECT_NE(xml.find("<feature name=\"org.gnu.gdb.aarch64.fpu\">"), std::string::npos);
  EXPECT_NE(xml.find("<architecture>aarch64</architecture>"), std::string::npos);
  std::vector<std::string> expected;
  for (int i = 0; i <= 30; ++i) expected.push_back("x" + std::to_string(i));
  expected.insert(expected.end(), {"sp", "pc", "cpsr"});
  for (int i = 0; i <= 31; ++i) expected.push_back("v" + std::to_string(i));
  expected.insert(expected.end(), {"fpsr", "fpcr"});
  std::vector<std::string> names;
  std::vector<unsigned> bits;
  const std::regex reg("<reg name=\"([a-z0-9]+)\" bitsize=\"([0-9]+)\"");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), reg); it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1]);
    bits.push_back(static_cast<unsigned>(std::stoul((*it)[2])));
  }
  EXPECT_EQ(names, expected);
  ASSERT_EQ(bits.size(), kRegisterCount);
  for (unsigned n = 0; n < kRegisterCount; ++n) EXPECT_EQ(bits[n], register_size(n) * 8) << names[n];
  EXPECT_NE(xml.find("<reg name=\"v0\" bitsize=\"128\" type=\"aarch64v\" regnum=\"34\"/>"), std::string::npos);
}

TEST(GdbSignals, LinuxNumbersMapToGdbs) {
  EXPECT_EQ(gdb_signal_from_linux(0), 0);
  EXPECT_EQ(gdb_signal_from_linux(2), 2);                   // SIGINT
  EXPECT_EQ(gdb_signal_from_linux(4), 4);                   // SIGILL
  EXPECT_EQ(gdb_signal_from_linux(5), 5);                   // SIGTRAP
  EXPECT_EQ(gdb_signal_from_linux(7), 10);                  // SIGBUS
  EXPECT_EQ(gdb_signal_from_linux(10), 30);                 // SIGUSR1
  EXPECT_EQ(gdb_signal_from_linux(11), 11);                 // SIGSEGV
  EXPECT_EQ(gdb_signal_from_linux(12), 31);                 // SIGUSR2
  EXPECT_EQ(gdb_signal_from_linux(16), kGdbSignalUnknown);  // SIGSTKFLT
  EXPECT_EQ(gdb_signal_from_linux(17), 20);                 // SIGCHLD
  EXPECT_EQ(gdb_signal_from_linux(19), 17);                 // SIGSTOP
  EXPECT_EQ(gdb_signal_from_linux(29), 23);                 // SIGIO
  EXPECT_EQ(gdb_signal_from_linux(31), 12);                 // SIGSYS
  EXPECT_EQ(gdb_signal_from_linux(32), 77);                 // real-time 32
  EXPECT_EQ(gdb_signal_from_linux(33), 45);
  EXPECT_EQ(gdb_signal_from_linux(63), 75);
  EXPECT_EQ(gdb_signal_from_linux(64), 78);
  EXPECT_EQ(gdb_signal_from_linux(65), kGdbSignalUnknown);
  EXPECT_EQ(gdb_signal_from_linux(-1), kGdbSignalUnknown);
}

TEST(GdbSignals, GdbNumbersMapBack) {
  for (int linux_signal = 1; linux_signal <= 64; ++linux_signal) {
    if (linux_signal == 16) continue;
    EXPECT_EQ(linux_signal_from_gdb(gdb_signal_from_linux(linux_signal)), linux_signal);
  }
  EXPECT_EQ(linux_signal_from_gdb(10), 7);
  EXPECT_EQ(linux_signal_from_gdb(kGdbSignalUnknown), 0);
  EXPECT_EQ(linux_signal_from_gdb(7), 0);  // SIGEMT: none on Linux
}

class StopReplyTest : public ::testing::Test {
 protected:
  StopReplyTest() {
    registers_.x[29] = 0x7ffff0;
    registers_.sp = 0x7fffe0;
    registers_.pc = 0x400010;
  }
  // 1d (x29), 1f (sp) and 20 (pc), little-endian.
  static constexpr const char* kExpedited = "1d:f0ff7f0000000000;1f:e0ff7f0000000000;20:1000400000000000;";
  core::CpuState registers_{};
  StopPoints points_;
  StopReasonSupport both_{true, true};
};

TEST_F(StopReplyTest, Breakpoints) {
  points_.software_breakpoints.insert(0x400010);
  const StopEvent event{.kind = StopKind::kBreakpoint};
  EXPECT_EQ(stop_reply(event, registers_, points_, 0x2a, both_), std::string("T05swbreak:;thread:2a;") + kExpedited);
  EXPECT_EQ(stop_reply(event, registers_, points_, 0x2a, {}), std::string("T05thread:2a;") + kExpedited);
  points_.software_breakpoints.clear();
  points_.hardware_breakpoints.insert(0x400010);
  EXPECT_EQ(stop_reply(event, registers_, points_, 0x2a, both_), std::string("T05hwbreak:;thread:2a;") + kExpedited);
}

TEST_F(StopReplyTest, WatchpointsNameTheDataAddress) {
  StopEvent event{.kind = StopKind::kWatchpoint, .address = 0x7fff08, .watch = WatchKind::kWrite};
  EXPECT_EQ(stop_reply(event, registers_, points_, 0x2a, both_),
            std::string("T05watch:7fff08;thread:2a;") + kExpedited);
  event.watch = WatchKind::kRead;
  EXPECT_EQ(stop_reply(event, registers_, points_, 1, both_).substr(0, 19), "T05rwatch:7fff08;th");
  event.watch = WatchKind::kAccess;
  EXPECT_EQ(stop_reply(event, registers_, points_, 1, both_).substr(0, 19), "T05awatch:7fff08;th");
}

TEST_F(StopReplyTest, SignalsExitsAndDeaths) {
  EXPECT_EQ(stop_reply({.kind = StopKind::kSignal, .signal = 11}, registers_, points_, 0x2a, both_),
            std::string("T0bthread:2a;") + kExpedited);
  EXPECT_EQ(stop_reply({.kind = StopKind::kSignal, .signal = 4}, registers_, points_, 0x2a, both_).substr(0, 3), "T04");
  EXPECT_EQ(stop_reply({.kind = StopKind::kSignal, .signal = 7}, registers_, points_, 0x2a, both_).substr(0, 3), "T0a");
  EXPECT_EQ(stop_reply({.kind = StopKind::kStepped}, registers_, points_, 0x2a, both_).substr(0, 3), "T05");
  EXPECT_EQ(stop_reply({.kind = StopKind::kExited, .exit_status = 0}, registers_, points_, 0x2a, both_), "W00");
  EXPECT_EQ(stop_reply({.kind = StopKind::kExited, .exit_status = 300}, registers_, points_, 0x2a, both_), "W2c");
  EXPECT_EQ(stop_reply({.kind = StopKind::kKilled, .signal = 11}, registers_, points_, 0x2a, both_), "X0b");
  EXPECT_EQ(stop_reply({.kind = StopKind::kKilled, .signal = 10}, registers_, points_, 0x2a, both_), "X1e");
}

TEST(GdbSiginfo, LaysOutLinuxSiginfo) {
  const std::string info =
      linux_siginfo({.kind = StopKind::kSignal, .signal = 11, .signal_code = 2, .address = 0xdead0});
  ASSERT_EQ(info.size(), 128u);
  // si_signo, si_errno, si_code, padding, si_addr (asm-generic/siginfo.h on a 64-bit ABI).
  EXPECT_EQ(info.substr(0, 24), std::string("\x0b\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0\xd0\xea\x0d\0\0\0\0\0", 24));
  EXPECT_EQ(info.substr(24), std::string(104, '\0'));
  const std::string trap = linux_siginfo({.kind = StopKind::kWatchpoint, .address = 0x1000});
  EXPECT_EQ(trap.substr(0, 24), std::string("\x05\0\0\0\0\0\0\0\x04\0\0\0\0\0\0\0\x00\x10\0\0\0\0\0\0", 24));
}

}  // namespace
}  // namespace warp64::debug::gdb
