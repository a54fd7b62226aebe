// Descriptors of the kernel's own and bytes moved between descriptors: eventfd, timerfd, memfd,
// sendfile, copy_file_range, splice; waiting on them with poll, ppoll and pselect, the last
// two with a signal mask of their own.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/timerfd.h>
#include <unistd.h>

static volatile int handled;
static void on_usr1(int sig) { handled = sig; }

static void show(const char* what, long result) {
  printf("%s: %ld%s%s\n", what, result, result < 0 ? " " : "", result < 0 ? strerror(errno) : "");
}

int main(void) {
  int efd = eventfd(3, EFD_CLOEXEC | EFD_NONBLOCK);
  uint64_t value = 4;
  show("eventfd write", write(efd, &value, 8));
  show("eventfd read", read(efd, &value, 8));
  printf("eventfd value: %llu\n", (unsigned long long)value);
  show("eventfd read empty", read(efd, &value, 8));
  printf("eventfd cloexec: %d nonblock: %d\n", fcntl(efd, F_GETFD), (fcntl(efd, F_GETFL) & O_NONBLOCK) != 0);
  int sem = eventfd(2, EFD_SEMAPHORE);
  read(sem, &value, 8);
  printf("semaphore read: %llu\n", (unsigned long long)value);

  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  struct itimerspec when = {{0, 0}, {0, 20 * 1000 * 1000}}, old;
  show("timerfd_settime", timerfd_settime(tfd, 0, &when, &old));
  printf("old value: %ld.%09ld\n", (long)old.it_value.tv_sec, old.it_value.tv_nsec);
  struct itimerspec now;
  timerfd_gettime(tfd, &now);
  printf("armed: %d\n", now.it_value.tv_sec == 0 && now.it_value.tv_nsec > 0 && now.it_value.tv_nsec <= 20000000);
  struct pollfd timer_poll = {tfd, POLLIN, 0};
  show("poll on the timer", poll(&timer_poll, 1, 5000));
  show("timerfd read", read(tfd, &value, 8));
  printf("expirations: %llu\n", (unsigned long long)value);
  timerfd_gettime(tfd, &now);
  printf("disarmed: %d\n", now.it_value.tv_sec == 0 && now.it_value.tv_nsec == 0);
  show("timerfd_settime bad", timerfd_settime(tfd, 0, &(struct itimerspec){{0, 0}, {0, 2000000000}}, NULL));

  int mfd = memfd_create("scratch", MFD_CLOEXEC);
  show("memfd write", write(mfd, "memory file\n", 12));
  char text[64] = {0};
  show("memfd pread", pread(mfd, text, sizeof text - 1, 0));
  printf("memfd holds: %s", text);

  int src = open("source", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(src, "0123456789abcdefghij", 20);
  int dst = open("copy", O_CREAT | O_RDWR | O_TRUNC, 0644);
  off_t offset = 5;
  show("sendfile", sendfile(dst, src, &offset, 6));
  printf("offset after: %lld\n", (long long)offset);
  loff_t in = 10, out = 6;
  show("copy_file_range", copy_file_range(src, &in, dst, &out, 4, 0));
  printf("offsets after: %lld %lld\n", (long long)in, (long long)out);
  int pipe_fds[2];
  pipe(pipe_fds);
  loff_t from = 16;
  show("splice file to pipe", splice(src, &from, pipe_fds[1], NULL, 4, 0));
  show("splice pipe to file", splice(pipe_fds[0], NULL, dst, NULL, 4, 0));
  memset(text, 0, sizeof text);
  pread(dst, text, sizeof text - 1, 0);
  printf("copy holds: %s\n", text);

  struct pollfd fds[2] = {{pipe_fds[0], POLLIN, 0}, {pipe_fds[1], POLLOUT, 0}};
  show("poll, empty pipe", poll(fds, 2, 0));
  printf("revents: %x %x\n", fds[0].revents, fds[1].revents);
  write(pipe_fds[1], "x", 1);
  struct timespec zero = {0, 0};
  show("ppoll, data", ppoll(fds, 1, &zero, NULL));
  printf("revents: %x\n", fds[0].revents);
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(pipe_fds[0], &readable);
  FD_SET(efd, &readable);
  struct timespec short_wait = {0, 1000000};
  show("pselect", pselect(efd > pipe_fds[0] ? efd + 1 : pipe_fds[0] + 1, &readable, NULL, NULL, &short_wait, NULL));
  printf("pipe set: %d eventfd set: %d\n", FD_ISSET(pipe_fds[0], &readable) != 0, FD_ISSET(efd, &readable) != 0);

  // A blocked signal made pending, then a wait whose mask lets it through: the handler runs,
  // the wait fails with EINTR, and the caller's mask comes back.
  signal(SIGUSR1, on_usr1);
  sigset_t block, empty, after;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigemptyset(&empty);
  sigprocmask(SIG_BLOCK, &block, NULL);
  raise(SIGUSR1);
  show("ppoll, data ready, the signal let through", ppoll(fds, 1, NULL, &empty));
  printf("handled: %d\n", handled);
  int quiet[2];
  pipe(quiet);
  struct pollfd nothing = {quiet[0], POLLIN, 0};
  show("ppoll, nothing ready, the signal let through", ppoll(&nothing, 1, NULL, &empty));
  sigprocmask(SIG_BLOCK, NULL, &after);
  printf("handled: %d, still blocked after: %d\n", handled, sigismember(&after, SIGUSR1));
  handled = 0;
  raise(SIGUSR1);
  show("pselect with the signal let through", pselect(0, NULL, NULL, NULL, NULL, &empty));
  printf("handled: %d\n", handled);
  raise(SIGUSR1);
  show("ppoll keeping it blocked", ppoll(&nothing, 1, &zero, &block));
  sigset_t pending;
  sigpending(&pending);
  printf("pending: %d\n", sigismember(&pending, SIGUSR1));
  return 0;
}
