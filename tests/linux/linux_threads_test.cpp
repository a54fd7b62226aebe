// POSIX threads under `warp64 run`: guest threads as host threads over one address space,
// futexes, and atomics that hold between them, compared with qemu-aarch64 byte for byte.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

const std::string kSysroot = WARP64_SYSROOT;

Outcome expect_same_as_qemu(const std::string& name, const std::vector<std::string>& args,
                            const std::vector<std::string>& options = {}) {
  TempDir ours, theirs;
  const Outcome w = run_warp64(name, args, ours.path(), {"WARP64_TEST=1"}, options);
  const Outcome q = run_qemu(name, args, theirs.path(), {"WARP64_TEST=1"}, options);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.err, q.err);
  EXPECT_EQ(w.status, q.status);
  EXPECT_EQ(w.signal, q.signal);
  return w;
}

// A pool, a producer and consumers, atomic counters, join values, TLS, a detached thread,
// futex timeouts and a signal taken by the thread that does not block it.
TEST(LinuxThreads, PthreadProgramWithExclusives) {
  const Outcome w = expect_same_as_qemu("threads_v8", {});
  EXPECT_EQ(w.status, 0) << w.err;
  // Hand-computed: the sum of squares below 1000 is 999*1000*1999/6; 6 threads add 20000 each.
  EXPECT_NE(w.out.find("pool: sum of squares below 1000 = 332833500\n"), std::string::npos) << w.out;
  EXPECT_NE(w.out.find("atomics: fetch_add 120000, cas 360000, byte 192 (wraps), max 6\n"), std::string::npos);
}

TEST(LinuxThreads, PthreadProgramWithLseAtomics) { EXPECT_EQ(expect_same_as_qemu("threads_lse", {}).status, 0); }

TEST(LinuxThreads, PthreadProgramDynamicallyLinked) {
  if (kSysroot.empty()) GTEST_SKIP() << "no aarch64 sysroot with a dynamic loader";
  EXPECT_EQ(expect_same_as_qemu("threads_dynamic", {}, {"-L", kSysroot}).status, 0);
}

// exit() in one thread ends every thread, with its status.
TEST(LinuxThreads, ExitFromAThreadEndsTheProcess) { EXPECT_EQ(expect_same_as_qemu("threads_lse", {"exit"}).status, 3); }

// A fault with no handler in a thread kills the whole process, as Linux does.
TEST(LinuxThreads, FaultInAThreadKillsTheProcess) {
  TempDir ours, theirs;
  const Outcome w = run_warp64("threads_v8", {"fault"}, ours.path());
  const Outcome q = run_qemu("threads_v8", {"fault"}, theirs.path());
  EXPECT_EQ(w.signal, SIGSEGV);
  EXPECT_EQ(w.signal, q.signal);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.err.rfind("warp64: guest SIGSEGV: write to 0x0 at pc 0x", 0), 0u) << w.err;
}

// 8 threads, each 10^6 atomic increments and 10^6 under a mutex, checked after each of 100
// rounds; the totals are 8 * 10^6.
void expect_exact_stress(const std::string& name) {
  TempDir dir;
  const auto started = std::chrono::steady_clock::now();
  const Outcome w = run_warp64(name, {}, dir.path());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(w.status, 0) << w.err;
  EXPECT_EQ(w.out, "100 rounds exact: 8000000 atomic and 8000000 locked increments\n");
  ::testing::Test::RecordProperty("seconds", std::to_string(seconds));
}

TEST(LinuxThreads, StressWithExclusives) { expect_exact_stress("threads_stress_v8"); }
TEST(LinuxThreads, StressWithLseAtomics) { expect_exact_stress("threads_stress_lse"); }

}  // namespace
}  // namespace warp64::test
