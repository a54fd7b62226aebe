#include "engine/cpu/hidden_child.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "warp64/error.hpp"

extern char** environ;

namespace warp64::cpu {
namespace {

struct ChildSetup {
  const char* program;
  char* const* argv;
  char* const* envp;
  int stdin_fd, stdout_fd, stderr_fd;
  char* program_stack;  // the top of the stack the program's process runs on until it execs
};

// The program's process until it execs: it shares the go-between's memory, as a vfork child
// would, on a stack of its own. Started with clone() rather than vfork(), whose sanitizer
// interceptor assumes the caller runs on its thread's own stack, which the go-between does not.
int program_main(void* argument) {
  const auto* setup = static_cast<const ChildSetup*>(argument);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(setup->program, setup->argv, setup->envp);
  _exit(127);
}

// The status the go-between exits with for its program's wait status.
int relayed_status(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

// The go-between: a clone child (exit signal 0) that never execs, since exec makes a child's
// exit signal SIGCHLD again. It runs in its own copy of the parent's memory, so only system
// calls: no allocation, no library state. It starts the program as its own child and exits
// with its status.
int go_between_main(void* argument) {
  const auto* setup = static_cast<const ChildSetup*>(argument);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &default_action, nullptr);
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // when the spawning thread ends, so does the compiler
  if (dup2(setup->stdin_fd, 0) < 0 || dup2(setup->stdout_fd, 1) < 0 || dup2(setup->stderr_fd, 2) < 0) _exit(127);
  syscall(SYS_close_range, 3u, ~0u, 0u);
  // CLONE_VFORK: the go-between sleeps until the program has exec'd, as with vfork().
  const pid_t program =
      clone(program_main, setup->program_stack, CLONE_VM | CLONE_VFORK | SIGCHLD, const_cast<ChildSetup*>(setup));
  if (program < 0) _exit(127);
  int status = 0;
  while (waitpid(program, &status, 0) < 0) {
    if (errno != EINTR) _exit(127);
  }
  _exit(relayed_status(status));
}

}  // namespace

HiddenChild HiddenChild::spawn(const std::string& program, const std::vector<std::string>& argv, int stdout_fd,
                               int stderr_fd) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  bool has_path = false;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    envp.push_back(*variable);
    has_path |= std::strncmp(*variable, "PATH=", 5) == 0;
  }
  std::string default_path = std::string("PATH=") + kDefaultSearchPath;
  if (!has_path) envp.push_back(default_path.data());
  envp.push_back(nullptr);
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) throw Error(std::string("cannot open /dev/null: ") + std::strerror(errno));
  // One stack for the go-between (the upper half) and one for its program until it execs.
  constexpr size_t kStackSize = 64 * 1024;
  const auto stack = std::make_unique<char[]>(2 * kStackSize);
  ChildSetup setup{program.c_str(), args.data(), envp.data(), null_fd, stdout_fd, stderr_fd, stack.get() + kStackSize};
  // No CLONE_VM: the go-between has a copy of this memory (its stack included), so the parent
  // goes on at once. The low byte of the flags, the exit signal, is 0: a "clone" child. It
  // starts with every signal blocked, so that no handler of this process runs in it before
  // it has set every signal to its default.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  const pid_t pid = clone(go_between_main, stack.get() + 2 * kStackSize, 0, &setup);
  const int clone_error = errno;
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  close(null_fd);
  if (pid < 0) throw Error(std::string("cannot start ") + program + ": " + std::strerror(clone_error));
  setpgid(pid, pid);  // as the child does: its group exists for cancel() whichever comes first
  return HiddenChild(pid);
}

void HiddenChild::await_end() const {
  siginfo_t info;
  while (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT | __WCLONE) < 0 && errno == EINTR) {
  }
}

int HiddenChild::wait() {
  int status = 0;
  while (waitpid(pid_, &status, __WCLONE) < 0 && errno == EINTR) {
  }
  return status;
}

void HiddenChild::cancel() const { kill(-pid_, SIGKILL); }

bool exited_cleanly(int status) { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

}  // namespace warp64::cpu
