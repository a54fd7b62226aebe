// Guest programs with several processes under `warp64 run`: fork, wait, pipes, process groups
// and signals against qemu-aarch64; exec against execve(2); signals from outside; strace's
// view of a fork.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

TEST(LinuxProcesses, ForkWaitPipesGroupsAndSignalsLikeQemu) {
  TempDir ours, theirs;
  const Outcome w = run_warp64("processes_libc", {}, ours.path());
  const Outcome q = run_qemu("processes_libc", {}, theirs.path());
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.err, q.err);
  EXPECT_EQ(w.status, q.status);
  EXPECT_EQ(w.signal, q.signal);
  EXPECT_NE(w.out.find("writer to a closed pipe: killed by Broken pipe\n"), std::string::npos) << w.out;
}

// Every expected line follows from execve(2) and binfmt_script's rules; "/bin/sh" is the
// host's, an x86-64 (or at least not an AArch64) executable.
TEST(LinuxProcesses, ExecAsLinuxDefinesIt) {
  TempDir dir;
  const std::string self = program("exec_libc");
  write_file(dir.path() + "/plain.txt", "not a program\n");
  write_file(dir.path() + "/script.sh", "#!" + self + " show\n");
  write_file(dir.path() + "/empty-interpreter.sh", "#!\n");
  chmod((dir.path() + "/script.sh").c_str(), 0755);
  chmod((dir.path() + "/empty-interpreter.sh").c_str(), 0755);
  const std::string json = dir.path() + "/end.json";
  const Outcome w = run_warp64("exec_libc", {"start", "/bin/sh"}, dir.path(), {"WARP64_TEST=1"}, {"--json-out", json});
  EXPECT_EQ(w.err, "");
  EXPECT_EQ(w.status, 0);
  EXPECT_EQ(w.out,
            "missing file: ENOENT\n"
            "not executable: EACCES\n"
            "directory: EACCES\n"
            "another architecture: ENOEXEC\n"
            "script without interpreter: ENOEXEC\n"
            "argv[0]=" +
                self +
                "\n"
                "argv[1]=show\n"
                "argv[2]=./script.sh\n"
                "argv[3]=a\n"
                "argv[4]=b\n"
                "child exited 0\n"
                "argv[0]=by-descriptor\n"
                "argv[1]=x\n"
                "argv[0]=renamed\n"
                "env STAGE=two\n"
                "env EMPTY=\n"
                "same pid: 1\n"
                "kept descriptor open: 1\n"
                "close-on-exec descriptor closed: 1\n"
                "ignored stays ignored: 1\n"
                "caught is reset: 1\n"
                "mask kept: 1\n");
  // The process warp64 started writes the JSON, as the program it has become by its end.
  const std::string text = read_file(json);
  EXPECT_NE(text.find("\"exit_code\": 0, \"signal\": 0"), std::string::npos) << text;
}

// strace -f's form: once the guest has forked, each line names its process. The child's side
// of the fork shows no clone line.
TEST(LinuxProcesses, StraceFollowsForks) {
  TempDir dir;
  const Outcome w = run_warp64("processes_libc", {"fork-only"}, dir.path(), {"WARP64_TEST=1"}, {"--strace"});
  EXPECT_EQ(w.out, "child: exited 3\n");
  EXPECT_FALSE(w.err.starts_with("[pid ")) << "the first lines come before the fork: " << w.err;
  std::smatch parent, child;
  ASSERT_TRUE(
      std::regex_search(w.err, parent, std::regex("\\n\\[pid ([0-9]+)\\] clone\\(0x1200011, .*\\) = ([0-9]+)\\n")))
      << w.err;
  EXPECT_EQ(parent[2], std::regex_search(w.err, child, std::regex("\\[pid ([0-9]+)\\] exit_group\\(3\\) = \\?\\n"))
                           ? child[1].str()
                           : "no exit_group(3) line")
      << w.err;
  EXPECT_TRUE(w.err.ends_with("[pid " + parent[1].str() + "] exit_group(0) = ?\n")) << w.err;
  EXPECT_EQ(w.err.find("clone(", parent.position(0) + parent.length(0)), std::string::npos)
      << "the parent's is the only clone line: " << w.err;
}

// A signal from another process reaches the guest: a handler runs, and a guest that computes
// without system calls still dies of SIGTERM, which ends warp64 the same way, silently.
TEST(LinuxProcesses, SignalsFromOutside) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t child = fork();
  if (child == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    const std::string binary = path_from("WARP64_TEST_BINARY", WARP64_BINARY), guest = program("processes_libc");
    execl(binary.c_str(), binary.c_str(), "run", guest.c_str(), "outside", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  auto read_line = [&] {
    std::string line;
    for (char c; read(out[0], &c, 1) == 1 && c != '\n';) line += c;
    return line;
  };
  EXPECT_EQ(read_line(), "ready");
  kill(child, SIGUSR1);
  EXPECT_EQ(read_line(), "handled SIGUSR1");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // computing by now
  kill(child, SIGTERM);
  int status = 0;
  waitpid(child, &status, 0);
  close(out[0]);
  ASSERT_TRUE(WIFSIGNALED(status)) << status;
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

}  // namespace
}  // namespace warp64::test
