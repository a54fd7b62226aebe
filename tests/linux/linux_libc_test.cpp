// glibc-static guest programs under `warp64 run`, compared with qemu-aarch64.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

void expect_same_as_qemu(const std::string& name, const std::vector<std::string>& args = {},
                         const std::string& setup_file = "") {
  TempDir ours, theirs;
  if (!setup_file.empty()) {
    write_file(ours.path() + "/input.txt", setup_file);
    write_file(theirs.path() + "/input.txt", setup_file);
  }
  const Outcome w = run_warp64(name, args, ours.path());
  const Outcome q = run_qemu(name, args, theirs.path());
  EXPECT_EQ(w.signal, q.signal);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.err, q.err);
  EXPECT_EQ(w.status, q.status);
  if (!setup_file.empty()) EXPECT_EQ(read_file(ours.path() + "/output.txt"), setup_file);
}

TEST(LinuxLibc, HelloPrintf) { expect_same_as_qemu("hello_libc"); }

// Faults with a handler installed run it, with siginfo as Linux fills it; a blocked one kills.
TEST(LinuxLibc, FaultsRunTheGuestsHandlers) {
  TempDir ours, theirs;
  const Outcome w = run_warp64("faults_libc", {}, ours.path());
  const Outcome q = run_qemu("faults_libc", {}, theirs.path());
  EXPECT_EQ(w.signal, SIGSEGV);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.status, 139);
  EXPECT_EQ(w.status, q.status);
  EXPECT_EQ(w.err.rfind("warp64: guest SIGSEGV: write to 0x0 at pc 0x", 0), 0u) << w.err;
}

// An undefined instruction's si_code is ILL_ILLOPC (1), as arch/arm64/kernel/traps.c
// (do_undefinstr) raises it; qemu-aarch64 reports ILL_ILLOPN instead, hence no comparison.
TEST(LinuxLibc, UndefinedInstructionCodeIsLinuxs) {
  TempDir dir;
  const Outcome w = run_warp64("faults_libc", {"show-ill-code"}, dir.path());
  EXPECT_NE(w.out.find("undefined: code 1\n"), std::string::npos) << w.out;
}

// AT_HWCAP names exactly what the core implements (bit numbers of Linux's asm/hwcap.h): FP (0),
// ASIMD (1), CRC32 (7), ATOMICS (8), LRCPC (15), DCPOP (16: DC CVAP), ILRCPC (26) and SB (29).
// Nothing in AT_HWCAP2: its features (MTE there means tag checking) are not implemented.
TEST(LinuxLibc, HardwareCapabilitiesMatchTheCore) {
  TempDir dir;
  const Outcome w = run_warp64("hwcap_libc", {}, dir.path());
  EXPECT_EQ(w.status, 0) << w.err;
  constexpr unsigned long kExpected =
      1ul << 0 | 1ul << 1 | 1ul << 7 | 1ul << 8 | 1ul << 15 | 1ul << 16 | 1ul << 26 | 1ul << 29;  // 0x24018183
  char line[64];
  std::snprintf(line, sizeof line, "hwcap=%#lx hwcap2=0\n", kExpected);
  EXPECT_EQ(w.out, line);
}

TEST(LinuxLibc, HelloStaticPie) { expect_same_as_qemu("hello_pie"); }

TEST(LinuxLibc, ArgvEcho) { expect_same_as_qemu("echo_libc", {"one", "two words", "", "3"}); }

TEST(LinuxLibc, FileCopy) {
  std::string data;
  for (int i = 0; i < 3000; ++i) data += "line " + std::to_string(i) + "\n";
  expect_same_as_qemu("copy_libc", {"input.txt", "output.txt"}, data);
}

TEST(LinuxLibc, FileCopyMissingInput) { expect_same_as_qemu("copy_libc", {"absent.txt", "output.txt"}); }

TEST(LinuxLibc, Malloc) { expect_same_as_qemu("malloc_libc"); }

TEST(LinuxLibc, SegfaultNamesTheFunction) {
  TempDir ours, theirs;
  const Outcome w = run_warp64("segv_libc", {}, ours.path());
  const Outcome q = run_qemu("segv_libc", {}, theirs.path());
  EXPECT_EQ(w.signal, SIGSEGV);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.status, 139);
  EXPECT_EQ(w.status, q.status);
  EXPECT_EQ(w.err.rfind("warp64: guest SIGSEGV: write to 0x0 at pc 0x", 0), 0u) << w.err;
  EXPECT_NE(w.err.find(" <poke+0x"), std::string::npos) << w.err;
}

// Handlers from signal() and sigaction(), siginfo, masks, SA_RESETHAND/SA_NODEFER/SA_ONSTACK,
// siglongjmp out of a handler, FP state across handlers, a handler editing its frame;
// ftruncate and truncate.
TEST(LinuxLibc, SignalHandlers) {
  expect_same_as_qemu("signals_libc");
  TempDir dir;
  const Outcome w = run_warp64("signals_libc", {}, dir.path());
  EXPECT_EQ(w.status, 0);
  EXPECT_NE(w.out.find("edited x0: result=-1 errno=EPERM\n"), std::string::npos) << w.out;
  EXPECT_NE(w.out.find("ftruncate=0 size=5\n"), std::string::npos) << w.out;
}

// raise() of a signal whose action is the default ends the process by that signal; SIGTERM
// dumps no core, so neither emulator says a word (signal(7)).
TEST(LinuxLibc, SignalDefaultActionKillsSilently) {
  TempDir ours, theirs;
  const Outcome w = run_warp64("signals_libc", {"die"}, ours.path());
  const Outcome q = run_qemu("signals_libc", {"die"}, theirs.path());
  EXPECT_EQ(w.signal, SIGTERM);
  EXPECT_EQ(w.signal, q.signal);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.err, "");
  EXPECT_EQ(w.err, q.err);
}

}  // namespace
}  // namespace warp64::test
