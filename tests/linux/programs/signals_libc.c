// Signal handlers for signals the process sends itself, compared with qemu-aarch64:
// signal() and sigaction(SA_SIGINFO), siginfo, sigsetjmp/siglongjmp out of a handler,
// blocking with sigprocmask, SA_RESETHAND, SA_NODEFER, the alternate stack, FP registers
// around and inside handlers; plus ftruncate and truncate.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t hits;
static volatile int last_sig, last_code, last_pid_ok, last_signo;
static volatile double handler_fp;
static sigjmp_buf jump;
static char altstack[65536];
static volatile int on_alt;

static void count(int sig) {
  hits++;
  last_sig = sig;
}

static void with_info(int sig, siginfo_t *info, void *context) {
  (void)context;
  hits++;
  last_sig = sig;
  last_signo = info->si_signo;
  last_code = info->si_code;
  last_pid_ok = info->si_pid == getpid();
}

// Uses the FP registers heavily so that a lost V register shows in the caller.
static void fp_handler(int sig) {
  volatile double x = sig;
  double acc = 0;
  for (int i = 1; i <= 50; i++) acc += x / i + acc * 1e-3;
  handler_fp = acc;
}

// Reads the frame the kernel built and changes the saved x0: the interrupted system call
// then appears to have failed with EPERM.
static void frame_editor(int sig, siginfo_t *info, void *context) {
  (void)sig;
  (void)info;
  ucontext_t *uc = context;
  struct fpsimd_context *fp = (struct fpsimd_context *)uc->uc_mcontext.__reserved;
  // The next record depends on the CPU (qemu's has SVE), so only the first is compared.
  printf("frame: fpsimd magic=%#x size=%u x8=%lld ss_flags=%d usr1_blocked=%d sp_aligned=%d\n",
         fp->head.magic, fp->head.size, (long long)uc->uc_mcontext.regs[8],
         uc->uc_stack.ss_flags, sigismember(&uc->uc_sigmask, SIGUSR1), (int)(uc->uc_mcontext.sp % 16 == 0));
  uc->uc_mcontext.regs[0] = (unsigned long long)-EPERM;
}

static void jumper(int sig) { siglongjmp(jump, sig); }

static void check_alt(int sig) {
  (void)sig;
  char here;
  on_alt = &here >= altstack && &here < altstack + sizeof altstack;
}

static volatile int nested_depth, max_depth, nested_calls;
static void nested(int sig) {
  nested_depth++;
  nested_calls++;
  if (nested_depth > max_depth) max_depth = nested_depth;
  if (nested_calls < 3) raise(sig);
  nested_depth--;
}

static double fp_chain(double seed) {
  double a = seed, b = seed * 2, c = seed * 3, d = seed / 7;
  raise(SIGUSR1);
  a = a * b + c - d;
  raise(SIGUSR2);
  return a + b * c + d;
}

int main(int argc, char **argv) {
  (void)argv;
  setvbuf(stdout, NULL, _IONBF, 0);

  // signal(): a handler that changes a global.
  signal(SIGUSR1, count);
  raise(SIGUSR1);
  printf("signal: hits=%d sig=%d\n", hits, last_sig);
  raise(SIGUSR1);
  kill(getpid(), SIGUSR1);
  printf("signal again: hits=%d\n", hits);

  // sigaction with SA_SIGINFO: si_signo and si_code (SI_TKILL from raise, SI_USER from kill).
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = with_info;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR2, &sa, NULL);
  raise(SIGUSR2);
  printf("siginfo: sig=%d signo=%d code=%s pid_ok=%d\n", last_sig, last_signo,
         last_code == SI_TKILL ? "SI_TKILL" : last_code == SI_USER ? "SI_USER" : "other", last_pid_ok);
  kill(getpid(), SIGUSR2);
  printf("siginfo kill: code=%s\n", last_code == SI_TKILL ? "SI_TKILL" : last_code == SI_USER ? "SI_USER" : "other");

  // The handler sees and edits the interrupted context.
  sa.sa_sigaction = frame_editor;
  sigaction(SIGUSR2, &sa, NULL);
  errno = 0;
  long sr = syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2);
  printf("edited x0: result=%ld errno=%s\n", sr, errno == EPERM ? "EPERM" : "other");

  // Blocked: stays pending until sigprocmask unblocks it.
  sigset_t set, old, pend;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  hits = 0;
  sigprocmask(SIG_BLOCK, &set, &old);
  raise(SIGUSR1);
  sigpending(&pend);
  printf("blocked: hits=%d pending=%d\n", hits, sigismember(&pend, SIGUSR1));
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("unblocked: hits=%d\n", hits);

  // sigsuspend: the pending signal is handled, then the blocking mask comes back.
  sigprocmask(SIG_BLOCK, &set, &old);
  hits = 0;
  raise(SIGUSR1);
  sigset_t waitmask;
  sigemptyset(&waitmask);
  int sr2 = sigsuspend(&waitmask);
  sigset_t after;
  sigprocmask(SIG_SETMASK, &old, &after);
  printf("sigsuspend: rc=%d eintr=%d hits=%d blocked again=%d\n", sr2, errno == EINTR, hits,
         sigismember(&after, SIGUSR1));

  // The handler runs with its own signal blocked and the mask comes back after it.
  sigprocmask(SIG_BLOCK, NULL, &old);
  printf("mask after handlers: usr1=%d usr2=%d\n", sigismember(&old, SIGUSR1), sigismember(&old, SIGUSR2));

  // SA_NODEFER lets a handler be interrupted by its own signal.
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = nested;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGALRM, &sa, NULL);
  raise(SIGALRM);
  printf("nodefer: depth=%d calls=%d\n", max_depth, nested_calls);

  // Without SA_NODEFER the re-raised signal waits until the handler returns.
  max_depth = nested_calls = 0;
  sa.sa_flags = 0;
  sigaction(SIGALRM, &sa, NULL);
  raise(SIGALRM);
  printf("deferred: depth=%d calls=%d\n", max_depth, nested_calls);

  // SA_RESETHAND: the second raise finds the default action again (SIGCHLD: ignored).
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = count;
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGCHLD, &sa, NULL);
  hits = 0;
  raise(SIGCHLD);
  raise(SIGCHLD);
  struct sigaction now;
  sigaction(SIGCHLD, NULL, &now);
  printf("resethand: hits=%d default=%d\n", hits, now.sa_handler == SIG_DFL);

  // Ignored signals do nothing.
  signal(SIGUSR1, SIG_IGN);
  raise(SIGUSR1);
  signal(SIGWINCH, SIG_DFL);
  raise(SIGWINCH);
  printf("ignored: still here\n");

  // siglongjmp out of a handler restores the signal mask saved by sigsetjmp.
  signal(SIGUSR1, jumper);
  volatile int rounds = 0;
  int got = sigsetjmp(jump, 1);
  if (got) printf("siglongjmp: got %d round %d\n", got, rounds);
  if (rounds++ < 3) raise(SIGUSR1);
  sigprocmask(SIG_BLOCK, NULL, &old);
  printf("after siglongjmp: usr1 blocked=%d\n", sigismember(&old, SIGUSR1));

  // FP registers survive handlers that use FP themselves.
  signal(SIGUSR1, fp_handler);
  signal(SIGUSR2, fp_handler);
  double r = fp_chain(1.25);
  printf("fp: %.17g handler %.17g\n", r, handler_fp);
  volatile float f = 3.0f;
  float g = f * 1.5f;
  raise(SIGUSR1);
  g = g * f + 0.25f;
  printf("fp float: %.9g\n", g);

  // SA_ONSTACK with sigaltstack.
  stack_t ss = {.ss_sp = altstack, .ss_flags = 0, .ss_size = sizeof altstack};
  sigaltstack(&ss, NULL);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = check_alt;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGUSR2, &sa, NULL);
  raise(SIGUSR2);
  printf("altstack: on=%d\n", on_alt);
  sa.sa_flags = 0;
  sigaction(SIGUSR2, &sa, NULL);
  raise(SIGUSR2);
  printf("no altstack: on=%d\n", on_alt);

  // ftruncate and truncate.
  int fd = open("trunc.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
  write(fd, "0123456789abcdef", 16);
  struct stat st;
  int rc = ftruncate(fd, 5);
  fstat(fd, &st);
  printf("ftruncate=%d size=%lld\n", rc, (long long)st.st_size);
  rc = ftruncate(fd, 100000);
  fstat(fd, &st);
  printf("ftruncate grow=%d size=%lld\n", rc, (long long)st.st_size);
  close(fd);
  rc = truncate("trunc.txt", 3);
  stat("trunc.txt", &st);
  printf("truncate=%d size=%lld\n", rc, (long long)st.st_size);
  char buf[8] = {0};
  fd = open("trunc.txt", O_RDONLY);
  printf("content=%s read=%zd\n", buf, read(fd, buf, sizeof buf - 1));
  close(fd);
  rc = truncate("no/such/file", 1);
  printf("truncate missing=%d\n", rc);
  rc = ftruncate(-1, 1);
  printf("ftruncate bad fd=%d\n", rc);
  unlink("trunc.txt");

  // A handler may return the process to the default action, which then ends it.
  signal(SIGTERM, SIG_DFL);
  if (argc > 1) raise(SIGTERM);
  return 0;
}
