// execve as Linux defines it (execve(2)), checked by the program on both sides of the exec:
// argv and envp as given, the same pid, descriptors kept unless close-on-exec, ignored signals
// kept ignored, caught ones reset, the mask kept; scripts run through their "#!" interpreter;
// the errors of a missing, non-executable or foreign file.
//   exec_libc start HOST_PROGRAM   runs every check (HOST_PROGRAM: an executable of another
//                                  architecture)
//   exec_libc after PID            the program the first exec runs
//   exec_libc show ARGS...         prints its argv (a script's interpreter)
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

static void show(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
}

static int after(char** argv) {
  printf("argv[0]=%s\n", argv[0]);
  for (char** e = environ; *e; ++e) printf("env %s\n", *e);
  printf("same pid: %d\n", getpid() == atoi(argv[2]));
  printf("kept descriptor open: %d\n", fcntl(10, F_GETFD) >= 0);
  printf("close-on-exec descriptor closed: %d\n", fcntl(11, F_GETFD) < 0 && errno == EBADF);
  struct sigaction action;
  sigaction(SIGUSR1, NULL, &action);
  printf("ignored stays ignored: %d\n", action.sa_handler == SIG_IGN);
  sigaction(SIGUSR2, NULL, &action);
  printf("caught is reset: %d\n", action.sa_handler == SIG_DFL);
  sigset_t mask;
  sigprocmask(SIG_SETMASK, NULL, &mask);
  printf("mask kept: %d\n", sigismember(&mask, SIGINT));
  return 0;
}

static void on_usr2(int sig) { (void)sig; }

static void try_exec(const char* what, const char* path) {
  char* const argv[] = {(char*)path, NULL};
  execve(path, argv, environ);
  printf("%s: %s\n", what, strerrorname_np(errno));
}

// Runs `path` in a child and waits for it, so that the checks go on.
static void run_child(const char* path, char* const argv[]) {
  fflush(stdout);
  const pid_t child = fork();
  if (child == 0) {
    execve(path, argv, environ);
    printf("exec failed: %s\n", strerrorname_np(errno));
    _exit(127);
  }
  int status;
  waitpid(child, &status, 0);
  printf("child exited %d\n", WEXITSTATUS(status));
}

static int start(const char* self, const char* host_program) {
  try_exec("missing file", "./absent");
  try_exec("not executable", "./plain.txt");
  try_exec("directory", ".");
  try_exec("another architecture", host_program);
  try_exec("script without interpreter", "./empty-interpreter.sh");

  char* const script_argv[] = {"ignored-argv0", "a", "b", NULL};
  run_child("./script.sh", script_argv);
  const int fd = open(self, O_RDONLY);
  fflush(stdout);
  const pid_t child = fork();
  if (child == 0) {
    char* const argv[] = {"by-descriptor", "x", NULL};
    syscall(281, fd, "", argv, environ, 0x1000);  // execveat(fd, "", ..., AT_EMPTY_PATH)
    printf("execveat failed: %s\n", strerrorname_np(errno));
    _exit(127);
  }
  waitpid(child, NULL, 0);

  dup2(open("plain.txt", O_RDONLY), 10);
  fcntl(open("plain.txt", O_RDONLY), F_DUPFD_CLOEXEC, 11);
  signal(SIGUSR1, SIG_IGN);
  signal(SIGUSR2, on_usr2);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGINT);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  char pid[16];
  snprintf(pid, sizeof pid, "%d", getpid());
  char* const argv[] = {"renamed", "after", pid, NULL};
  char* const envp[] = {"STAGE=two", "EMPTY=", NULL};
  fflush(stdout);
  execve("/proc/self/exe", argv, envp);
  printf("exec of itself failed: %s\n", strerrorname_np(errno));
  return 1;
}

int main(int argc, char** argv) {
  if (argc > 2 && strcmp(argv[1], "start") == 0) return start(argv[0], argv[2]);
  if (argc > 2 && strcmp(argv[1], "after") == 0) return after(argv);
  show(argc, argv);
  return 0;
}
