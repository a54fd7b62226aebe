// Processes as a C program sees them: fork, vfork, wait4/waitpid/waitid and their status words,
// pipes between processes, process groups and sessions, SIGCHLD, signals that interrupt a
// sleeping call (EINTR, or a restart with SA_RESTART), ppoll, and kill to another process.
// Every line it prints is the same on any Linux; pids are never printed.
//   processes_libc            all of the above
//   processes_libc fork-only  one fork and wait (for lanes, where fork is refused)
//   processes_libc outside    prints "ready", prints "handled SIGUSR1" once that comes, then
//                             computes without system calls until a signal from outside ends it
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void describe(const char* what, int status) {
  if (WIFEXITED(status)) {
    printf("%s: exited %d\n", what, WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    printf("%s: killed by %s\n", what, strsignal(WTERMSIG(status)));
  } else if (WIFSTOPPED(status)) {
    printf("%s: stopped by %s\n", what, strsignal(WSTOPSIG(status)));
  } else {
    printf("%s: status %#x\n", what, status);
  }
  fflush(stdout);
}

static int fork_only(void) {
  fflush(stdout);
  const pid_t child = fork();
  if (child == 0) _exit(3);
  if (child < 0) {
    printf("fork: %s\n", strerrorname_np(errno));
    return 0;
  }
  int status;
  waitpid(child, &status, 0);
  describe("child", status);
  return 0;
}

static void exits_and_signals(void) {
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) _exit(42);
  int status;
  printf("waitpid is the child: %d\n", waitpid(child, &status, 0) == child);
  describe("exit", status);

  child = fork();
  if (child == 0) {
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
    _exit(1);
  }
  waitpid(child, &status, 0);
  describe("raise", status);

  child = fork();
  if (child == 0) {
    pause();
    _exit(1);
  }
  kill(child, SIGUSR2);
  waitpid(child, &status, 0);
  describe("kill from the parent", status);

  // A stopped child, seen with WUNTRACED, then continued and ended.
  child = fork();
  if (child == 0) {
    for (;;) pause();
  }
  kill(child, SIGSTOP);
  waitpid(child, &status, WUNTRACED);
  describe("stopped", status);
  kill(child, SIGCONT);
  kill(child, SIGKILL);
  waitpid(child, &status, 0);
  describe("after SIGCONT", status);

  printf("no child left: %d %s\n", waitpid(-1, &status, 0), strerrorname_np(errno));
}

static void wait_variants(void) {
  int ready[2];
  pipe(ready);
  fflush(stdout);
  const pid_t child = fork();
  if (child == 0) {
    char byte;
    read(ready[0], &byte, 1);  // until the parent has looked
    _exit(7);
  }
  int status = -1;
  printf("WNOHANG while running: %d\n", waitpid(child, &status, WNOHANG));
  write(ready[1], "g", 1);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  const int r = waitid(P_PID, child, &info, WEXITED | WNOWAIT);
  printf("waitid WNOWAIT: %d signo=%s code=%d status=%d pid-matches=%d\n", r, strsignal(info.si_signo), info.si_code,
         info.si_status, info.si_pid == child);
  struct rusage usage;
  memset(&usage, 0xff, sizeof usage);
  printf("wait4 after WNOWAIT is the child: %d\n", wait4(child, &status, 0, &usage) == child);
  describe("wait4", status);
  printf("rusage written: %d\n", usage.ru_utime.tv_usec >= 0 && usage.ru_utime.tv_usec < 1000000);
}

static void pipes(void) {
  int down[2], up[2];
  pipe(down);
  pipe2(up, O_CLOEXEC);
  fflush(stdout);
  const pid_t child = fork();
  if (child == 0) {
    close(down[1]);
    char buffer[64];
    size_t total = 0;
    for (ssize_t n; (n = read(down[0], buffer, sizeof buffer)) > 0;) total += n;
    dprintf(up[1], "child read %zu bytes\n", total);
    _exit(0);
  }
  close(down[0]);
  close(up[1]);
  char block[1000];
  memset(block, 'x', sizeof block);
  for (int i = 0; i < 300; ++i) write(down[1], block, sizeof block);  // more than a pipe holds
  close(down[1]);
  char reply[64] = {0};
  read(up[0], reply, sizeof reply - 1);
  fputs(reply, stdout);
  int status;
  waitpid(child, &status, 0);
  describe("pipe child", status);
}

static void groups_and_sessions(void) {
  int ready[2];
  pipe(ready);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    char byte;
    read(ready[0], &byte, 1);
    _exit(getpgid(0) == getpid() ? 0 : 1);
  }
  printf("setpgid: %d\n", setpgid(child, child));
  printf("child leads its group: %d\n", getpgid(child) == child);
  printf("parent's group unchanged: %d\n", getpgrp() != child);
  write(ready[1], "g", 1);
  int status;
  waitpid(child, &status, 0);
  describe("group child", status);

  child = fork();
  if (child == 0) _exit(setsid() == getpid() && getsid(0) == getpid() && getpgrp() == getpid() ? 0 : 1);
  waitpid(child, &status, 0);
  describe("setsid child", status);
  printf("setsid of a group leader: %d %s\n", setpgid(0, 0) == 0 ? setsid() : -2, strerrorname_np(errno));
  printf("getpgid of no process: %d %s\n", getpgid(999999999), strerrorname_np(errno));
  printf("kill of no process: %d %s\n", kill(999999999, SIGTERM), strerrorname_np(errno));
}

static volatile sig_atomic_t children_seen, alarms;

static void on_child(int sig) {
  (void)sig;
  ++children_seen;
}

static void on_alarm(int sig) {
  (void)sig;
  ++alarms;
}

static void sigchld_and_sigsuspend(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_child;
  sigaction(SIGCHLD, &action, NULL);
  sigset_t blocked, old;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGCHLD);
  sigprocmask(SIG_BLOCK, &blocked, &old);
  fflush(stdout);
  const pid_t child = fork();
  if (child == 0) _exit(0);
  while (children_seen == 0) sigsuspend(&old);
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("SIGCHLD handler ran: %d\n", children_seen);
  int status;
  waitpid(child, &status, 0);
  signal(SIGCHLD, SIG_DFL);
}

// A read on an empty pipe: SIGALRM's handler without SA_RESTART ends it with EINTR; with
// SA_RESTART the read goes on and returns what arrives later.
static void interrupted_calls(void) {
  int fds[2];
  pipe(fds);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_alarm;
  sigaction(SIGALRM, &action, NULL);
  const struct itimerval soon = {{0, 0}, {0, 50000}};
  setitimer(ITIMER_REAL, &soon, NULL);
  char byte;
  ssize_t n = read(fds[0], &byte, 1);
  printf("read without SA_RESTART: %zd %s alarms=%d\n", n, strerrorname_np(errno), alarms);

  action.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &action, NULL);
  fflush(stdout);
  const pid_t child = fork();
  if (child == 0) {
    usleep(200000);
    write(fds[1], "r", 1);
    _exit(0);
  }
  setitimer(ITIMER_REAL, &soon, NULL);
  n = read(fds[0], &byte, 1);
  printf("read with SA_RESTART: %zd '%c' alarms=%d\n", n, byte, alarms);
  int status;
  waitpid(child, &status, 0);

  action.sa_flags = 0;
  sigaction(SIGALRM, &action, NULL);
  setitimer(ITIMER_REAL, &soon, NULL);
  struct timespec request = {5, 0}, left = {0, 0};
  const int r = nanosleep(&request, &left);
  printf("nanosleep: %d %s time left: %d alarms=%d\n", r, strerrorname_np(errno), left.tv_sec >= 3 && left.tv_sec < 5,
         alarms);

  struct pollfd entry = {fds[0], POLLIN, 0};
  printf("ppoll timeout: %d\n", ppoll(&entry, 1, &(struct timespec){0, 20000000}, NULL));
  write(fds[1], "p", 1);
  printf("ppoll ready: %d revents=%#x\n", ppoll(&entry, 1, NULL, NULL), entry.revents);
  signal(SIGALRM, SIG_DFL);
}

// SIGPIPE's default action ends a writer whose reader is gone; ignored, the write fails EPIPE.
static void broken_pipes(void) {
  int fds[2];
  pipe(fds);
  close(fds[0]);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    write(fds[1], "x", 1);
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  describe("writer to a closed pipe", status);
  signal(SIGPIPE, SIG_IGN);
  printf("ignored SIGPIPE: %zd %s\n", write(fds[1], "x", 1), strerrorname_np(errno));
  signal(SIGPIPE, SIG_DFL);
}

static void vfork_child(void) {
  fflush(stdout);
  const pid_t child = vfork();
  if (child == 0) _exit(9);
  int status;
  waitpid(child, &status, 0);
  describe("vfork", status);
}

static volatile sig_atomic_t usr1_seen;

static void on_usr1(int sig) {
  (void)sig;
  usr1_seen = 1;
}

static int signals_from_outside(void) {
  signal(SIGUSR1, on_usr1);
  sigset_t blocked, old;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGUSR1);
  sigprocmask(SIG_BLOCK, &blocked, &old);
  printf("ready\n");
  fflush(stdout);
  while (!usr1_seen) sigsuspend(&old);
  printf("handled SIGUSR1\n");
  fflush(stdout);
  for (volatile unsigned long spin = 0;; ++spin) {
  }
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "fork-only") == 0) return fork_only();
  if (argc > 1 && strcmp(argv[1], "outside") == 0) return signals_from_outside();
  exits_and_signals();
  wait_variants();
  pipes();
  groups_and_sessions();
  sigchld_and_sigsuspend();
  interrupted_calls();
  broken_pipes();
  vfork_child();
  return 0;
}
