// gdb itself as the client: gdb-multiarch connects to the server over TCP and debugs the
// scripted target. What gdb prints is checked against the values the test put there.
#include <gtest/gtest.h>

#include <cstdio>
#include <future>
#include <string>
#include <vector>

#include "debug/gdb/server.hpp"
#include "debug/gdb/socket.hpp"
#include "fake_target.hpp"

namespace warp64::debug::gdb::test {
namespace {

constexpr uint64_t kBase = FakeTarget::kBase;

// Runs gdb in batch mode with `commands`; its whole output.
std::string run_gdb(const std::vector<std::string>& commands) {
  std::string command_line = "timeout 60 " WARP64_GDB_MULTIARCH " -nx -batch";
  for (const std::string& command : commands) command_line += " -ex '" + command + "'";
  command_line += " 2>&1";
  FILE* pipe = ::popen(command_line.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string output;
  char buffer[4096];
  while (size_t count = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, count);
  ::pclose(pipe);
  return output;
}

class GdbInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string(WARP64_GDB_MULTIARCH).empty()) GTEST_SKIP() << "gdb-multiarch is not installed";
  }

  // Serves one connection on a free port while gdb runs `commands`; gdb's output.
  std::string debug_with_gdb(std::vector<std::string> commands) {
    Socket listener = listen_on_loopback(0);
    commands.insert(commands.begin(), "target remote 127.0.0.1:" + std::to_string(bound_port(listener)));
    auto session = std::async(std::launch::async, [&] {
      Socket connection = accept_connection(listener);
      return GdbServer(target_, connection.fd()).serve();
    });
    const std::string output = run_gdb(commands);
    if (session.wait_for(std::chrono::seconds(10)) != std::future_status::ready) std::abort();
    end_ = session.get();
    return output;
  }

  static void expect_line(const std::string& output, const std::string& line) {
    EXPECT_NE(output.find(line), std::string::npos) << "no \"" << line << "\" in:\n" << output;
  }

  FakeTarget target_;
  SessionEnd end_ = SessionEnd::kDisconnected;
};

TEST_F(GdbInteropTest, RegistersMemoryAndDetach) {
  target_.state.x[0] = 0x1234;
  target_.state.v[3][0] = 0x3ff0000000000000;  // 1.0 in the low double
  target_.state.nzcv = core::kFlagZ;
  target_.memory[0x100] = 0x78;
  const std::string output = debug_with_gdb({
      "p/x $x0",
      "p/x $pc",
      "p/x $sp",
      "p $cpsr",
      "p $v3.d.f[0]",
      "x/1xb 0x400100",
      "set var *(unsigned int *)0x400104 = 0xcafef00d",
      "set var $x1 = 0x77",
      "info auxv",
      "detach",
  });
  expect_line(output, "$1 = 0x1234");
  expect_line(output, "$2 = 0x400000");
  expect_line(output, "$3 = 0x410000");
  expect_line(output, "$4 = [ Z ]");
  expect_line(output, "$5 = 1");
  expect_line(output, "0x400100:\t0x78");
  expect_line(output, "6    AT_PAGESZ            System page size               4096");
  expect_line(output, "9    AT_ENTRY             Entry point of program         0x400000");
  EXPECT_EQ(target_.memory[0x104], 0x0d);
  EXPECT_EQ(target_.memory[0x107], 0xca);
  EXPECT_EQ(target_.state.x[1], 0x77u);
  EXPECT_EQ(end_, SessionEnd::kDetached);
}

TEST_F(GdbInteropTest, BreakpointWatchpointStepAndExit) {
  target_.state.x[1] = 0x1111;
  target_.program[kBase + 0x18] = {FakeAction::Kind::kStore, kBase + 0x200, 8};
  target_.program[kBase + 0x40] = {FakeAction::Kind::kExit, 0, 0, 7};
  const std::string output = debug_with_gdb({
      "break *0x400010",
      "continue",
      "p/x $pc",
      "delete",
      "watch *(long *)0x400200",
      "continue",
      "p/x $pc",
      "delete",
      "stepi",
      "p/x $pc",
      "continue",
  });
  expect_line(output, "Breakpoint 1, 0x0000000000400010 in ??");
  expect_line(output, "$1 = 0x400010");
  expect_line(output, "Hardware watchpoint 2: *(long *)0x400200");
  expect_line(output, "Old value = 0\nNew value = 4369");
  // gdb steps the store itself, so it reports the instruction after it.
  expect_line(output, "$2 = 0x40001c");
  expect_line(output, "$3 = 0x400020");
  expect_line(output, "exited with code 07");
  EXPECT_EQ(end_, SessionEnd::kGuestEnded);
}

TEST_F(GdbInteropTest, FaultSiginfoAndKill) {
  target_.program[kBase + 0x8] = {FakeAction::Kind::kFault, 0xdead0, 0, 11};
  const std::string output = debug_with_gdb({
      "continue",
      "p $_siginfo.si_signo",
      "p $_siginfo._sifields._sigfault.si_addr",
      "kill",
  });
  expect_line(output, "Program received signal SIGSEGV, Segmentation fault.\n0x0000000000400008 in ??");
  expect_line(output, "$1 = 11");
  expect_line(output, "$2 = (void *) 0xdead0");
  expect_line(output, "[Inferior 1 (Remote target) killed]");
  EXPECT_EQ(end_, SessionEnd::kKilled);
}

}  // namespace
}  // namespace warp64::debug::gdb::test
