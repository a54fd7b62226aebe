#include "cli/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <thread>

#include "warp64/error.hpp"

namespace warp64::cli {
namespace {

// An unlinked temporary file that collects one stream of a child.
class CaptureFile {
 public:
  CaptureFile() {
    char path[] = "/tmp/warp64-bench-XXXXXX";
    fd_ = mkostemp(path, O_CLOEXEC);
    if (fd_ < 0) throw Error("cannot create a temporary file in /tmp");
    unlink(path);
  }
  ~CaptureFile() { close(fd_); }
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;

  int fd() const { return fd_; }

  std::string contents() const {
    std::string text;
    char buffer[65536];
    for (off_t at = 0;;) {
      const ssize_t got = pread(fd_, buffer, sizeof buffer, at);
      if (got <= 0) break;
      text.append(buffer, static_cast<size_t>(got));
      at += got;
    }
    return text;
  }

 private:
  int fd_ = -1;
};

// Waits until `child` exits or, given a deadline, until then, when it kills it; returns whether
// it did. A pidfd wakes the wait at the exit itself, so that short children are timed exactly.
bool wait_until(pid_t child, const std::string& name, const Deadline& deadline) {
  if (!deadline) return false;
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, child, 0));
  if (pidfd < 0) {
    kill(child, SIGKILL);
    throw Error("cannot bound the time of " + name + ": pidfd_open failed (" + std::strerror(errno) + ")");
  }
  bool killed = false;
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
    pollfd exited{pidfd, POLLIN, 0};
    const int ready = poll(&exited, 1, static_cast<int>(std::clamp<int64_t>(left.count(), 0, INT32_MAX)));
    if (ready > 0 || (ready < 0 && errno != EINTR)) break;
    if (ready == 0 && std::chrono::steady_clock::now() >= *deadline) {
      killed = kill(child, SIGKILL) == 0;
      break;
    }
  }
  close(pidfd);
  return killed;
}

}  // namespace

ChildResult run_child(const std::vector<std::string>& argv, const Deadline& deadline) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const CaptureFile out, err;
  const int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_in < 0) throw Error("cannot open /dev/null");
  // Closed by a successful exec; a failed one writes its errno here.
  int exec_status[2];
  if (pipe2(exec_status, O_CLOEXEC) != 0) {
    close(null_in);
    throw Error("cannot create a pipe");
  }
  // Pending output would otherwise be written twice, once by the child's copy of the buffer.
  std::fflush(stdout);
  std::fflush(stderr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child == 0) {
    // Only async-signal-safe calls between fork and exec.
    if (dup2(null_in, 0) >= 0 && dup2(out.fd(), 1) >= 0 && dup2(err.fd(), 2) >= 0) execvp(args[0], args.data());
    const int error = errno;
    [[maybe_unused]] const ssize_t written = write(exec_status[1], &error, sizeof error);
    _exit(127);
  }
  close(null_in);
  close(exec_status[1]);
  int exec_error = 0;
  const bool exec_failed = child > 0 && read(exec_status[0], &exec_error, sizeof exec_error) > 0;
  close(exec_status[0]);
  if (child < 0) throw Error("cannot start " + argv[0] + ": fork failed");
  const bool stopped = !exec_failed && wait_until(child, argv[0], deadline);
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) throw Error("waitpid failed for " + argv[0]);
  }
  ChildResult result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (exec_failed) throw Error("cannot run " + argv[0] + ": " + std::strerror(exec_error));
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = out.contents();
  result.err = err.contents();
  result.stopped = stopped;
  return result;
}

std::vector<ChildResult> run_children(const std::vector<std::vector<std::string>>& commands, unsigned parallel,
                                      const Deadline& deadline) {
  std::vector<ChildResult> results(commands.size());
  std::vector<std::string> errors(commands.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < commands.size(); i = next++) {
      if (deadline && std::chrono::steady_clock::now() >= *deadline) {
        results[i].stopped = true;
        continue;
      }
      try {
        results[i] = run_child(commands[i], deadline);
      } catch (const Error& error) {
        errors[i] = error.what();
      }
    }
  };
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < std::max(1u, parallel); ++i) workers.emplace_back(worker);
  for (std::thread& w : workers) w.join();
  for (const std::string& error : errors) {
    if (!error.empty()) throw Error(error);
  }
  return results;
}

std::string first_line(const std::string& text) { return text.substr(0, std::min(text.find('\n'), size_t{200})); }

bool program_installed(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "";
  while (!dirs.empty()) {
    const size_t colon = std::min(dirs.find(':'), dirs.size());
    const std::string dir(dirs.substr(0, colon));
    if (access(((dir.empty() ? "." : dir) + "/" + program).c_str(), X_OK) == 0) return true;
    dirs.remove_prefix(std::min(colon + 1, dirs.size()));
  }
  return false;
}

std::string own_executable() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

}  // namespace warp64::cli
