// Raw-system-call guest programs under `warp64 run`, compared with qemu-aarch64.
#include <gtest/gtest.h>
#include <signal.h>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

// Same stdout, stderr and exit status as qemu-aarch64.
void expect_same_as_qemu(const std::string& name, const std::vector<std::string>& args = {},
                         const std::vector<std::string>& env = {"WARP64_TEST=1"}) {
  TempDir ours, theirs;
  const Outcome w = run_warp64(name, args, ours.path(), env);
  const Outcome q = run_qemu(name, args, theirs.path(), env);
  EXPECT_EQ(w.signal, q.signal);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.err, q.err);
  EXPECT_EQ(w.status, q.status);
}

TEST(LinuxProcess, HelloWorld) {
  expect_same_as_qemu("hello");
  TempDir dir;
  const Outcome w = run_warp64("hello", {}, dir.path());
  EXPECT_EQ(w.out, "Hello, world!\n");
  EXPECT_EQ(w.status, 0);
}

TEST(LinuxProcess, ExitStatus) {
  expect_same_as_qemu("exit_code");
  TempDir dir;
  EXPECT_EQ(run_warp64("exit_code", {}, dir.path()).status, 42);
}

// qemu-user hands a guest its environment in reverse order, Linux in order: one variable
// keeps the comparison exact.
TEST(LinuxProcess, ArgvEnvpAuxv) {
  expect_same_as_qemu("args", {"first", "with space", ""}, {"ONLY=value"});
  TempDir dir;
  const Outcome w = run_warp64("args", {"a", "b"}, dir.path(), {"X=1", "Y=2"});
  const std::string path = program("args");
  EXPECT_EQ(w.out, "3\n" + path + "\na\nb\nX=1\nY=2\n6=4096\n4=56\n5=2\n" +
                       w.out.substr(w.out.find("9="), w.out.find("17=") - w.out.find("9=")) +
                       "17=100\n23=0\n7=0\n15=aarch64\n31=" + path + "\n");
}

TEST(LinuxProcess, EnvironmentOptions) {
  TempDir dir;
  const Outcome w = run_warp64("args", {}, dir.path(), {"KEEP=1", "DROP=2", "CHANGE=3"},
                               {"-U", "DROP", "-E", "CHANGE=4", "-E", "NEW=5"});
  EXPECT_NE(w.out.find("\nKEEP=1\nCHANGE=4\nNEW=5\n"), std::string::npos) << w.out;
  EXPECT_EQ(w.out.find("DROP"), std::string::npos);
}

TEST(LinuxProcess, FileIo) {
  expect_same_as_qemu("fileio");
  TempDir dir;
  const Outcome w = run_warp64("fileio", {}, dir.path());
  EXPECT_EQ(w.out, "Hello, world of files\n22\nworld\n22\n");
  EXPECT_EQ(w.status, 0);
}

TEST(LinuxProcess, BrkMmapMprotectMunmap) {
  expect_same_as_qemu("memory");
  TempDir dir;
  EXPECT_EQ(run_warp64("memory", {}, dir.path()).out, "ok\n");
}

TEST(LinuxProcess, SyscallTour) {
  expect_same_as_qemu("syscalls");
  TempDir dir;
  const Outcome w = run_warp64("syscalls", {}, dir.path());
  EXPECT_EQ(w.status, 0) << "failed at step " << w.status;
  EXPECT_EQ(w.out, std::string("aarch64\0\npipe\ndup\n", 18) + program("syscalls") + "\nwritev\nall ok\n");
}

// warp64 dies of the guest's signal as qemu does. qemu reports a signal that dumps core in its
// own words, so stderr is checked against warp64's format.
void expect_signal_like_qemu(const std::string& name, int signal, const std::string& report) {
  TempDir ours, theirs;
  const Outcome w = run_warp64(name, {}, ours.path());
  const Outcome q = run_qemu(name, {}, theirs.path());
  EXPECT_EQ(w.signal, signal);
  EXPECT_EQ(w.signal, q.signal);
  EXPECT_EQ(w.status, 128 + signal);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.err, report);
}

TEST(LinuxProcess, SegfaultReport) {
  expect_signal_like_qemu("segv", SIGSEGV,
                          "warp64: guest SIGSEGV: write to 0x0 at pc 0x4000f0 <crash+0x4> (instruction 0xf9000021)\n");
}

TEST(LinuxProcess, UndefinedInstructionReport) {
  expect_signal_like_qemu(
      "undef", SIGILL,
      "warp64: guest SIGILL: undefined instruction at pc 0x4000d8 <_start+0x4> (instruction 0x00000000)\n");
}

TEST(LinuxProcess, BreakpointReport) {
  expect_signal_like_qemu("brk", SIGTRAP,
                          "warp64: guest SIGTRAP: breakpoint at pc 0x4000d4 <_start+0x0> (instruction 0xd4200000)\n");
}

TEST(LinuxProcess, StaticPieLoadsAtFixedBase) {
  // segv.S linked as ET_DYN from address 0: the same instruction, 0x400000 higher than its
  // link address of 0x1d8.
  expect_signal_like_qemu("segv_pie", SIGSEGV,
                          "warp64: guest SIGSEGV: write to 0x0 at pc 0x4001d8 <crash+0x4> (instruction 0xf9000021)\n");
}

TEST(LinuxProcess, HaltIsATrap) {
  TempDir dir;
  const Outcome w = run_warp64("hlt", {}, dir.path());
  EXPECT_EQ(w.signal, SIGTRAP);
  EXPECT_EQ(w.status, 133);
  EXPECT_EQ(w.err, "warp64: guest SIGTRAP: halt instruction at pc 0x4000d8 <_start+0x4> (instruction 0xd4400000)\n");
}

// SIGTERM's default action ends the process without a core dump, and without a word.
TEST(LinuxProcess, KillSelfDefaultAction) { expect_signal_like_qemu("kill", SIGTERM, ""); }

TEST(LinuxProcess, KillSelfStrace) {
  TempDir dir;
  const Outcome w = run_warp64("kill", {}, dir.path(), {"WARP64_TEST=1"}, {"--strace"});
  EXPECT_EQ(w.signal, SIGTERM);
  EXPECT_TRUE(w.err.ends_with(", 15) = 0\n+++ killed by SIGTERM +++\n")) << w.err;
}

// A handler without SA_RESTORER returns through warp64's stand-in for the vDSO sigreturn;
// registers, flags and V registers come back; a frame without fpsimd_context is SIGSEGV.
TEST(LinuxProcess, SignalFrameAndSigreturn) {
  expect_signal_like_qemu("sigframe", SIGSEGV,
                          "warp64: guest SIGSEGV: bad frame in rt_sigreturn at pc 0x40018c <_start+0x80>\n");
  TempDir dir;
  EXPECT_EQ(run_warp64("sigframe", {}, dir.path()).out, "handler\nback ok\n");
}

TEST(LinuxProcess, Strace) {
  TempDir dir;
  const Outcome w = run_warp64("hello", {}, dir.path(), {"WARP64_TEST=1"}, {"--strace"});
  EXPECT_EQ(w.out, "Hello, world!\n");
  EXPECT_EQ(w.err, "write(1, \"Hello, world!\\n\", 14) = 14\nexit_group(0) = ?\n");
}

TEST(LinuxProcess, StraceShowsErrors) {
  TempDir dir;
  const Outcome w = run_warp64("fileio", {}, dir.path(), {"WARP64_TEST=1"}, {"--strace"});
  EXPECT_NE(w.err.find("openat(AT_FDCWD, \"data.txt\", O_RDONLY) = -1 ENOENT (No such file or directory)\n"),
            std::string::npos)
      << w.err;
  EXPECT_NE(w.err.find("\nfstat("), std::string::npos);
}

// The line of `text` that starts with `start`, with its newline; "" when there is none.
std::string line_starting(const std::string& text, const std::string& start) {
  const std::string lines = "\n" + text;
  const size_t at = lines.find("\n" + start);
  if (at == std::string::npos) return "";
  return lines.substr(at + 1, lines.find('\n', at + 1) - at);
}

// A number no Linux system call has, and rseq (which glibc's start-up registers with its
// aarch64 RSEQ_SIG, 0xd428bc00, and runs without), fail with ENOSYS and strace says why.
TEST(LinuxProcess, StraceNotesUnimplementedCalls) {
  TempDir dir;
  const std::string enosys = " = -1 ENOSYS (Function not implemented) (not implemented by warp64)\n";
  const Outcome tour = run_warp64("syscalls", {}, dir.path(), {"WARP64_TEST=1"}, {"--strace"});
  EXPECT_EQ(tour.status, 0);
  // x0 is the -EFAULT of the write before it; x1 and x2 are the tour's 0 and step 6.
  const std::string unknown = line_starting(tour.err, "syscall_500(");
  EXPECT_TRUE(unknown.starts_with("syscall_500(0xfffffffffffffff2, 0x0, 0x6, ")) << tour.err;
  EXPECT_TRUE(unknown.ends_with(enosys)) << unknown;
  const Outcome libc = run_warp64("hello_libc", {}, dir.path(), {"WARP64_TEST=1"}, {"--strace"});
  EXPECT_EQ(libc.status, 0);
  const std::string rseq = line_starting(libc.err, "rseq(");
  EXPECT_TRUE(rseq.ends_with(", 32, 0x0, 0xd428bc00)" + enosys)) << libc.err;
}

TEST(LinuxProcess, JsonOut) {
  TempDir dir;
  const std::string json = dir.path() + "/end.json";
  const Outcome w = run_warp64("exit_code", {}, dir.path(), {"WARP64_TEST=1"}, {"--json-out", json});
  EXPECT_EQ(w.status, 42);
  const std::string text = read_file(json);
  EXPECT_NE(text.find("\"exit_code\": 42"), std::string::npos) << text;
  EXPECT_NE(text.find("\"stop_reason\": \"SYSCALL\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"engine\": \"cpu\""), std::string::npos) << text;
}

TEST(LinuxProcess, JsonOutAfterFault) {
  TempDir dir;
  const std::string json = dir.path() + "/end.json";
  const Outcome w = run_warp64("segv", {}, dir.path(), {"WARP64_TEST=1"}, {"--json-out", json});
  EXPECT_EQ(w.status, 139);
  const std::string text = read_file(json);
  EXPECT_NE(text.find("\"exit_code\": 139"), std::string::npos) << text;
  EXPECT_NE(text.find("\"signal\": 11"), std::string::npos) << text;
  EXPECT_NE(text.find("\"fault_address\": 0,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"fault_kind\": \"write\""), std::string::npos) << text;
}

TEST(LinuxProcess, MaxCycles) {
  TempDir dir;
  const Outcome w = run_warp64("hello", {}, dir.path(), {"WARP64_TEST=1"}, {"--max-cycles", "3"});
  EXPECT_EQ(w.signal, SIGXCPU);
  EXPECT_EQ(w.out, "");
  EXPECT_NE(w.err.find("--max-cycles"), std::string::npos);
}

TEST(LinuxProcess, MissingProgram) {
  TempDir dir;
  const Outcome w = run_warp64(dir.path() + "/absent", {}, dir.path());
  EXPECT_EQ(w.status, 2);
  EXPECT_EQ(w.err.rfind("warp64: " + dir.path() + "/absent: cannot open", 0), 0u) << w.err;
}

}  // namespace
}  // namespace warp64::test
