// The server against a scripted in-memory target, driven as gdb drives it. Expected replies
// follow gdb's manual (Packets, Stop Reply Packets, General Query Packets).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "debug/gdb/socket.hpp"
#include "gdb_client.hpp"
#include "warp64/error.hpp"

namespace warp64::debug::gdb::test {
namespace {

constexpr uint64_t kBase = FakeTarget::kBase;

// 8 bytes of a 64-bit value as gdb shows them: little-endian hex.
std::string le64(uint64_t value) {
  std::string out;
  char digits[3];
  for (int i = 0; i < 8; ++i) {
    std::snprintf(digits, sizeof digits, "%02x", static_cast<unsigned>(value >> (8 * i) & 0xff));
    out += digits;
  }
  return out;
}

// The registers a T reply carries: x29, sp, pc.
std::string expedited(const core::CpuState& state) {
  return "1d:" + le64(state.x[29]) + ";1f:" + le64(state.sp) + ";20:" + le64(state.pc) + ";";
}

class GdbServerTest : public ::testing::Test {
 protected:
  explicit GdbServerTest(ServerOptions options = {}) : session_(target_, options) {}

  GdbClient& gdb() { return session_.client(); }
  // gdb's opening: its features, with the optional stop reasons.
  void handshake() { ASSERT_NE(gdb().command("qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+"), "<none>"); }
  // Sends `packet` and expects a T reply that begins with `reason` and carries the registers
  // the target holds once it has stopped.
  void expect_stop(std::string_view packet, const std::string& reason) {
    const std::string reply = gdb().command(packet);
    EXPECT_EQ(reply, reason + expedited(target_.state)) << packet;
  }

  FakeTarget target_;
  ServerSession session_;
};

TEST_F(GdbServerTest, AdvertisesItsFeatures) {
  const std::string reply = gdb().command("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
  for (const char* feature : {"PacketSize=4000", "qXfer:features:read+", "qXfer:auxv:read+", "qXfer:exec-file:read+",
                              "swbreak+", "hwbreak+", "vContSupported+", "QStartNoAckMode+"}) {
    EXPECT_NE(reply.find(feature), std::string::npos) << feature << " in " << reply;
  }
  EXPECT_EQ(reply.find("multiprocess+"), std::string::npos);
}

TEST_F(GdbServerTest, AcknowledgesPacketsUntilNoAckMode) {
  EXPECT_EQ(gdb().command("?").substr(0, 3), "T05");
  EXPECT_EQ(gdb().bytes_before_packet(), "+");
  EXPECT_EQ(gdb().command("QStartNoAckMode"), "OK");
  EXPECT_EQ(gdb().bytes_before_packet(), "+");
  gdb().set_no_ack(true);
  EXPECT_EQ(gdb().command("qC"), "QC2a");
  EXPECT_EQ(gdb().bytes_before_packet(), "");
}

TEST_F(GdbServerTest, RejectsABadChecksumAndResendsOnRequest) {
  gdb().send_raw("$qC#00");
  ASSERT_TRUE(gdb().skip_past("-"));
  EXPECT_EQ(gdb().command("qC"), "QC2a");
  gdb().send_raw("-");
  EXPECT_EQ(gdb().receive_packet(), "QC2a");
}

TEST_F(GdbServerTest, InitialStopIsSigtrapOfTheOneThread) {
  expect_stop("?", "T05thread:2a;");
  EXPECT_EQ(gdb().command("qC"), "QC2a");
  EXPECT_EQ(gdb().command("qfThreadInfo"), "m2a");
  EXPECT_EQ(gdb().command("qsThreadInfo"), "l");
  EXPECT_EQ(gdb().command("qAttached"), "1");
  EXPECT_EQ(gdb().command("Hg0"), "OK");
  EXPECT_EQ(gdb().command("Hc-1"), "OK");
  EXPECT_EQ(gdb().command("Hg2a"), "OK");
  EXPECT_EQ(gdb().command("Hg2b"), "E16");
  EXPECT_EQ(gdb().command("T2a"), "OK");
  EXPECT_EQ(gdb().command("T7"), "E16");
  EXPECT_EQ(gdb().command("vCont?"), "vCont;c;C;s;S");
}

TEST_F(GdbServerTest, UnknownPacketsGetAnEmptyReply) {
  for (const char* packet : {"", "qFoo", "vMustReplyEmpty", "QFoo", "!", "i", "Z9,400000,4", "qXfer:threads:read::0,10",
                             "qXfer:siginfo:write::0:00"}) {
    EXPECT_EQ(gdb().command(packet), "") << packet;
  }
}

TEST_F(GdbServerTest, ReadsAllRegisters) {
  target_.state.x[0] = 0x0123456789abcdef;
  target_.state.x[30] = 0x30;
  target_.state.nzcv = core::kFlagZ | core::kFlagC;
  target_.state.v[31][1] = 0xff00000000000000;
  target_.state.fpsr = 0x11;
  const std::string g = gdb().command("g");
  ASSERT_EQ(g.size(), 788u * 2);
  EXPECT_EQ(g.substr(0, 16), "efcdab8967452301");                                      // x0
  EXPECT_EQ(g.substr(30 * 16, 16), "3000000000000000");                                // x30
  EXPECT_EQ(g.substr(31 * 16, 16), le64(FakeTarget::kBase + FakeTarget::kSize));       // sp
  EXPECT_EQ(g.substr(32 * 16, 16), le64(FakeTarget::kBase));                           // pc
  EXPECT_EQ(g.substr(33 * 16, 8), "00000060");                                         // cpsr: Z and C
  EXPECT_EQ(g.substr(33 * 16 + 8 + 31 * 32, 32), "000000000000000000000000000000ff");  // v31
  EXPECT_EQ(g.substr(33 * 16 + 8 + 32 * 32, 8), "11000000");                           // fpsr
}

TEST_F(GdbServerTest, WritesAllRegisters) {
  // x0-x30 = 0x0101.. * (n + 1) as bytes n+1, sp, pc, cpsr, v0-v31, fpsr, fpcr.
  std::string g;
  for (int n = 0; n < 31; ++n) g += le64(0x0101010101010101ull * static_cast<uint64_t>(n + 1));
  g += le64(0x7fff0000) + le64(0x400100) + "ffffffff";
  for (int n = 0; n < 32; ++n) g += le64(static_cast<uint64_t>(n)) + le64(0xaa);
  g += "9f000008"
       "00004003";
  EXPECT_EQ(gdb().command("G" + g), "OK");
  EXPECT_EQ(target_.state.x[0], 0x0101010101010101u);
  EXPECT_EQ(target_.state.x[30], 0x1f1f1f1f1f1f1f1fu);
  EXPECT_EQ(target_.state.sp, 0x7fff0000u);
  EXPECT_EQ(target_.state.pc, 0x400100u);
  EXPECT_EQ(target_.state.nzcv, 0xf0000000u);  // only NZCV exists at EL0
  EXPECT_EQ(target_.state.v[5][0], 5u);
  EXPECT_EQ(target_.state.v[5][1], 0xaau);
  EXPECT_EQ(target_.state.fpsr, 0x0800009fu);
  EXPECT_EQ(target_.state.fpcr, 0x03400000u);
  EXPECT_EQ(gdb().command("G" + g.substr(2)), "E16");
  EXPECT_EQ(gdb().command("G" + g + "00"), "E16");
}

TEST_F(GdbServerTest, ReadsAndWritesOneRegister) {
  EXPECT_EQ(gdb().command("P0=1122334455667788"), "OK");
  EXPECT_EQ(target_.state.x[0], 0x8877665544332211u);
  EXPECT_EQ(gdb().command("p0"), "1122334455667788");
  EXPECT_EQ(gdb().command("p20"), le64(kBase));                            // pc
  EXPECT_EQ(gdb().command("P22=000102030405060708090a0b0c0d0e0f"), "OK");  // v0
  EXPECT_EQ(target_.state.v[0][0], 0x0706050403020100u);
  EXPECT_EQ(target_.state.v[0][1], 0x0f0e0d0c0b0a0908u);
  EXPECT_EQ(gdb().command("P43=00004000"), "OK");  // fpcr
  EXPECT_EQ(target_.state.fpcr, 0x00400000u);
  EXPECT_EQ(gdb().command("p44"), "E16");
  EXPECT_EQ(gdb().command("P0=1122"), "E16");
  EXPECT_EQ(gdb().command("Pzz=00"), "E16");
  EXPECT_EQ(gdb().command("p"), "E16");
}

TEST_F(GdbServerTest, ReadsAndWritesMemory) {
  EXPECT_EQ(gdb().command("M400010,4:deadbeef"), "OK");
  EXPECT_EQ(target_.memory[0x10], 0xde);
  EXPECT_EQ(target_.memory[0x13], 0xef);
  EXPECT_EQ(gdb().command("m400010,4"), "deadbeef");
  EXPECT_EQ(gdb().command("m40fffe,4"), "0000");  // only two bytes are mapped
  EXPECT_EQ(gdb().command("m3ffffe,4"), "E0e");
  EXPECT_EQ(gdb().command("M410000,1:00"), "E0e");
  EXPECT_EQ(gdb().command("M400010,4:dead"), "E16");
  EXPECT_EQ(gdb().command("m400010"), "E16");
  EXPECT_EQ(gdb().command("m400000,ffffffffffffffff").size(), 2u * kMaxPacketSize / 2);
}

TEST_F(GdbServerTest, BinaryMemoryTransfers) {
  // X data "#$}*" escaped by the client as gdb escapes it.
  gdb().send_packet(std::string("X400020,5:}\x03}\x04}]}\x0a\x03"));
  EXPECT_EQ(gdb().receive_packet(), "OK");
  EXPECT_EQ(std::string(target_.memory.begin() + 0x20, target_.memory.begin() + 0x25), "#$}*\x03");
  EXPECT_EQ(gdb().command("X400000,0:"), "OK");
  EXPECT_EQ(gdb().command("X400020,2:a"), "E16");
  EXPECT_EQ(gdb().command("x400020,5"), "b#$}*\x03");
  EXPECT_EQ(gdb().command("x400020,0"), "b");
  EXPECT_EQ(gdb().command("x3ff000,4"), "E0e");
}

TEST_F(GdbServerTest, ContinueStopsAtABreakpoint) {
  handshake();
  EXPECT_EQ(gdb().command("Z0,400010,4"), "OK");
  EXPECT_EQ(gdb().command("Z0,400010,4"), "OK");  // idempotent
  const std::string reply = gdb().command("vCont;c");
  EXPECT_EQ(target_.state.pc, 0x400010u);
  EXPECT_EQ(target_.state.x[2], 4u);  // the four instructions before it ran
  EXPECT_EQ(reply, "T05swbreak:;thread:2a;" + expedited(target_.state));
  // As gdb steps off a breakpoint: remove, step, insert, continue.
  EXPECT_EQ(gdb().command("z0,400010,4"), "OK");
  expect_stop("vCont;s:2a", "T05thread:2a;");
  EXPECT_EQ(target_.state.pc, 0x400014u);
  EXPECT_EQ(gdb().command("Z1,400020,4"), "OK");
  EXPECT_EQ(gdb().command("c").substr(0, 11), "T05hwbreak:");
  EXPECT_EQ(target_.state.pc, 0x400020u);
  EXPECT_EQ(gdb().command("z1,400020,4"), "OK");
  EXPECT_EQ(gdb().command("z1,400020,4"), "OK");
}

TEST_F(GdbServerTest, StopReasonsOnlyWhenGdbAskedForThem) {
  EXPECT_EQ(gdb().command("Z0,400008,4"), "OK");
  expect_stop("c", "T05thread:2a;");
}

TEST_F(GdbServerTest, StepsAndResumesAtAnAddress) {
  EXPECT_EQ(gdb().command("s").substr(0, 3), "T05");
  EXPECT_EQ(target_.state.pc, kBase + 4);
  EXPECT_EQ(gdb().command("s400100").substr(0, 3), "T05");
  EXPECT_EQ(target_.state.pc, kBase + 0x104);
  EXPECT_EQ(gdb().command("vCont;s:99;s:2a").substr(0, 3), "T05");  // the action for this thread
  EXPECT_EQ(target_.state.pc, kBase + 0x108);
  EXPECT_EQ(gdb().command("Z0,400200,4"), "OK");
  EXPECT_EQ(gdb().command("vCont;s:99;c").substr(0, 3), "T05");  // the default action
  EXPECT_EQ(target_.state.pc, kBase + 0x200);
  EXPECT_EQ(gdb().command("vCont;s:99"), "E16");
  EXPECT_EQ(gdb().command("vCont;t"), "E16");
  EXPECT_EQ(gdb().command("vCont;"), "E16");
  EXPECT_EQ(gdb().command("szz"), "E16");
  ASSERT_EQ(target_.resumes.size(), 4u);
  EXPECT_EQ(target_.resumes[0].mode, ResumeMode::kStep);
  EXPECT_EQ(target_.resumes[3].mode, ResumeMode::kContinue);
}

// The thread a vCont action names takes it; the action for every thread decides how the others
// resume meanwhile, and without one they stay stopped. c resumes every thread, s steps one.
TEST_F(GdbServerTest, ResumesTellTheNamedThreadFromTheOthers) {
  handshake();
  EXPECT_EQ(gdb().command("vCont;s:2a;c").substr(0, 3), "T05");
  EXPECT_EQ(gdb().command("vCont;S0b:2a").substr(0, 3), "X0b");
  ASSERT_EQ(target_.resumes.size(), 2u);
  EXPECT_EQ(target_.resumes[0].thread, FakeTarget::kProcessId);
  EXPECT_EQ(target_.resumes[0].others, ResumeMode::kContinue);
  EXPECT_EQ(target_.resumes[1].signal, 11);
  EXPECT_EQ(target_.resumes[1].others, std::nullopt);
}

TEST_F(GdbServerTest, OldResumePacketsAndEveryThreadActions) {
  handshake();
  EXPECT_EQ(gdb().command("s").substr(0, 3), "T05");
  EXPECT_EQ(gdb().command("vCont;s").substr(0, 3), "T05");
  ASSERT_EQ(target_.resumes.size(), 2u);
  EXPECT_EQ(target_.resumes[0].thread, FakeTarget::kProcessId);  // the current thread alone
  EXPECT_EQ(target_.resumes[0].others, std::nullopt);
  EXPECT_EQ(target_.resumes[1].thread, 0);  // every thread
  EXPECT_EQ(target_.resumes[1].others, ResumeMode::kStep);
}

TEST_F(GdbServerTest, WatchpointsReportTheDataAddress) {
  handshake();
  target_.program[kBase + 0x8] = {FakeAction::Kind::kStore, kBase + 0x100, 8};
  target_.program[kBase + 0xc] = {FakeAction::Kind::kLoad, kBase + 0x200, 4};
  target_.state.x[1] = 0x1111111111111111;
  EXPECT_EQ(gdb().command("Z2,400104,4"), "OK");  // the upper half of the store
  EXPECT_EQ(gdb().command("Z3,400200,1"), "OK");
  expect_stop("c", "T05watch:400104;thread:2a;");
  EXPECT_EQ(target_.state.pc, kBase + 0x8);  // the store has not executed
  EXPECT_EQ(target_.memory[0x104], 0);
  // As gdb steps over it: remove, step, insert, continue.
  EXPECT_EQ(gdb().command("z2,400104,4"), "OK");
  EXPECT_EQ(gdb().command("s").substr(0, 3), "T05");
  EXPECT_EQ(target_.memory[0x104], 0x11);
  EXPECT_EQ(gdb().command("c").substr(0, 19), "T05rwatch:400200;th");
  EXPECT_EQ(target_.state.pc, kBase + 0xc);
  EXPECT_EQ(gdb().command("z3,400200,1"), "OK");
  // An access watchpoint sees the store; a read watchpoint would not.
  target_.state.pc = kBase + 0x8;
  EXPECT_EQ(gdb().command("Z3,400100,8"), "OK");
  EXPECT_EQ(gdb().command("Z4,4000f8,10"), "OK");
  EXPECT_EQ(gdb().command("c").substr(0, 19), "T05awatch:400100;th");
  EXPECT_EQ(gdb().command("Z2,400000,0"), "E16");
}

TEST_F(GdbServerTest, ExitIsReportedAndEndsTheSession) {
  target_.program[kBase + 0x10] = {FakeAction::Kind::kExit, 0, 0, 3};
  EXPECT_EQ(gdb().command("c"), "W03");
  EXPECT_EQ(session_.wait_end(), SessionEnd::kGuestEnded);
}

TEST_F(GdbServerTest, DeathBySignalIsReported) {
  target_.program[kBase + 0x10] = {FakeAction::Kind::kDie, 0, 0, 6};  // SIGABRT
  EXPECT_EQ(gdb().command("vCont;c"), "X06");
  EXPECT_EQ(session_.wait_end(), SessionEnd::kGuestEnded);
}

TEST_F(GdbServerTest, FaultStopsWithItsSignalAndSiginfo) {
  target_.program[kBase + 0x10] = {FakeAction::Kind::kFault, 0xdead0, 0, 11};
  expect_stop("c", "T0bthread:2a;");
  EXPECT_EQ(target_.state.pc, kBase + 0x10);
  const std::string siginfo = gdb().command("qXfer:siginfo:read::0,80");
  ASSERT_EQ(siginfo.size(), 129u);
  EXPECT_EQ(siginfo[0], 'l');
  int32_t signo, code;
  uint64_t address;
  std::memcpy(&signo, siginfo.data() + 1, 4);
  std::memcpy(&code, siginfo.data() + 1 + 8, 4);
  std::memcpy(&address, siginfo.data() + 1 + 16, 8);
  EXPECT_EQ(signo, 11);
  EXPECT_EQ(code, 1);
  EXPECT_EQ(address, 0xdead0u);
  // Passing the signal on delivers it; this guest has no handler and dies of it.
  EXPECT_EQ(gdb().command("vCont;C0b:2a"), "X0b");
  ASSERT_EQ(target_.resumes.size(), 2u);
  EXPECT_EQ(target_.resumes[1].signal, 11);
}

TEST_F(GdbServerTest, SignalsAreTranslatedBothWays) {
  target_.program[kBase] = {FakeAction::Kind::kFault, 0xdead0, 0, 7};  // SIGBUS, 10 to gdb
  EXPECT_EQ(gdb().command("c").substr(0, 3), "T0a");
  EXPECT_EQ(gdb().command("c").substr(0, 3), "T0a");  // not passed on: the fault recurs
  EXPECT_EQ(gdb().command("C0a"), "X0a");
  EXPECT_EQ(target_.resumes.back().signal, 7);
}

TEST_F(GdbServerTest, IllegalInstructionStop) {
  target_.program[kBase] = {FakeAction::Kind::kFault, kBase, 0, 4};
  EXPECT_EQ(gdb().command("S00").substr(0, 3), "T04");
}

TEST_F(GdbServerTest, DetachEndsTheSession) {
  EXPECT_EQ(gdb().command("Z0,400010,4"), "OK");
  EXPECT_EQ(gdb().command("D"), "OK");
  EXPECT_EQ(session_.wait_end(), SessionEnd::kDetached);
}

TEST_F(GdbServerTest, KillEndsTheSessionWithoutAReply) {
  gdb().send_packet("k");
  EXPECT_EQ(session_.wait_end(), SessionEnd::kKilled);
  EXPECT_TRUE(gdb().skip_past("+"));
  EXPECT_FALSE(gdb().receive_packet(100ms));
}

TEST_F(GdbServerTest, VKillRepliesThenEnds) {
  EXPECT_EQ(gdb().command("vKill;2a"), "OK");
  EXPECT_EQ(session_.wait_end(), SessionEnd::kKilled);
}

TEST_F(GdbServerTest, DroppedConnectionMidPacketEndsTheSession) {
  gdb().send_raw("$m400000,");
  gdb().close();
  EXPECT_EQ(session_.wait_end(), SessionEnd::kDisconnected);
}

TEST_F(GdbServerTest, ServesTheTargetDescriptionInChunks) {
  const std::string whole = gdb().command("qXfer:features:read:target.xml:0,3fff");
  ASSERT_EQ(whole[0], 'l');
  EXPECT_EQ(whole.substr(1, 5), "<?xml");
  EXPECT_NE(whole.find("org.gnu.gdb.aarch64.core"), std::string::npos);
  EXPECT_NE(whole.find("org.gnu.gdb.aarch64.fpu"), std::string::npos);
  std::string assembled;
  for (uint64_t offset = 0;; offset += 0x100) {
    const std::string part = gdb().command("qXfer:features:read:target.xml:" + hex_number(offset) + ",100");
    ASSERT_TRUE(part[0] == 'm' || part[0] == 'l') << part;
    assembled += part.substr(1);
    if (part[0] == 'l') break;
    EXPECT_EQ(part.size(), 0x101u);
  }
  EXPECT_EQ(assembled, whole.substr(1));
  EXPECT_EQ(gdb().command("qXfer:features:read:target.xml:ffff,100"), "l");
  EXPECT_EQ(gdb().command("qXfer:features:read:other.xml:0,100"), "E16");
  EXPECT_EQ(gdb().command("qXfer:features:read:target.xml:0"), "E16");
}

TEST_F(GdbServerTest, ServesAuxvAndTheExecutablePath) {
  const uint64_t words[] = {6, 4096, 9, kBase, 0, 0};
  EXPECT_EQ(gdb().command("qXfer:auxv:read::0,1000"), "l" + std::string(reinterpret_cast<const char*>(words), 48));
  EXPECT_EQ(gdb().command("qXfer:auxv:read::8,8"), "m" + std::string("\x00\x10\0\0\0\0\0\0", 8));
  EXPECT_EQ(gdb().command("qXfer:exec-file:read:2a:0,1000"), "l/guest/bin/program");
  EXPECT_EQ(gdb().command("qXfer:exec-file:read::6,5"), "m/bin/");
}

class GdbServerSliceTest : public GdbServerTest {
 protected:
  GdbServerSliceTest() : GdbServerTest(ServerOptions{.slice_instructions = 100}) {}
};

TEST_F(GdbServerSliceTest, InterruptStopsARunningGuest) {
  target_.program[kBase + 0x20] = {FakeAction::Kind::kLoop};
  gdb().send_packet("c");
  std::this_thread::sleep_for(50ms);
  gdb().send_raw("\x03");
  const auto reply = gdb().receive_packet();
  ASSERT_TRUE(reply);
  EXPECT_EQ(*reply, "T02thread:2a;" + expedited(target_.state));
  EXPECT_EQ(target_.state.pc, kBase + 0x20);
  EXPECT_GT(target_.resumes.size(), 1u);
  for (const RecordedResume& resume : target_.resumes) EXPECT_EQ(resume.max_instructions, 100u);
  // It resumes as gdb resumes after an interrupt: without passing SIGINT on.
  target_.program[kBase + 0x20] = {FakeAction::Kind::kExit, 0, 0, 0};
  EXPECT_EQ(gdb().command("c"), "W00");
}

TEST_F(GdbServerSliceTest, ConnectionDroppedWhileRunningEndsTheSession) {
  target_.program[kBase] = {FakeAction::Kind::kLoop};
  gdb().send_packet("c");
  std::this_thread::sleep_for(20ms);
  gdb().close();
  EXPECT_EQ(session_.wait_end(), SessionEnd::kDisconnected);
}

TEST(GdbSocket, APortInUseIsAnError) {
  const Socket first = listen_on_loopback(0);
  const uint16_t port = bound_port(first);
  ASSERT_NE(port, 0);
  try {
    listen_on_loopback(port);
    ADD_FAILURE() << "a second listener on port " << port;
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "gdb server on port " + std::to_string(port) + ": bind: Address already in use");
  }
}

}  // namespace
}  // namespace warp64::debug::gdb::test
