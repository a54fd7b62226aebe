// The calls a lane answers itself: ids and clocks. With "relations" it prints only what holds
// for any process (so qemu-aarch64's output is the oracle); with "ids" it prints the ids
// themselves, which the host's answers must equal.
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long raw_clock_gettime(long clock, void* out) { return syscall(SYS_clock_gettime, clock, out); }

static int64_t ns_of(const struct timespec* ts) { return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec; }

// Each clock read `rounds` times: never backwards, nanoseconds in range.
static void clock_steps(const char* name, clockid_t clock, int rounds) {
  struct timespec ts;
  int64_t last = 0;
  int backwards = 0, bad_ns = 0;
  for (int i = 0; i < rounds; ++i) {
    if (clock_gettime(clock, &ts) != 0) {
      printf("%s: error %d\n", name, errno);
      return;
    }
    if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) ++bad_ns;
    if (ns_of(&ts) < last) ++backwards;
    last = ns_of(&ts);
  }
  printf("%s: %d reads, backwards %d, bad nanoseconds %d\n", name, rounds, backwards, bad_ns);
}

static void relations(void) {
  printf("pid is tid: %d\n", getpid() == (pid_t)syscall(SYS_gettid));
  printf("pid is not ppid: %d\n", getpid() != getppid());
  printf("uid is euid: %d, gid is egid: %d\n", getuid() == geteuid(), getgid() == getegid());
  clock_steps("realtime", CLOCK_REALTIME, 200);
  clock_steps("monotonic", CLOCK_MONOTONIC, 200);
  clock_steps("realtime_coarse", CLOCK_REALTIME_COARSE, 50);
  clock_steps("monotonic_coarse", CLOCK_MONOTONIC_COARSE, 50);
  clock_steps("boottime", CLOCK_BOOTTIME, 50);
  clock_steps("process_cputime", CLOCK_PROCESS_CPUTIME_ID, 5);

  // The realtime clock and gettimeofday agree, and both are after 2020 and before 2100.
  struct timespec ts;
  struct timeval tv;
  clock_gettime(CLOCK_REALTIME, &ts);
  gettimeofday(&tv, NULL);
  const int64_t apart = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec - ns_of(&ts) / 1000;
  printf("gettimeofday follows realtime within a second: %d\n", apart >= 0 && apart < 1000000);
  printf("microseconds in range: %d\n", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  printf("in this century: %d\n", ts.tv_sec > 1577836800 && ts.tv_sec < 4102444800);
  // Monotonic and boottime count from boot: boottime is never behind.
  struct timespec mono, boot;
  clock_gettime(CLOCK_MONOTONIC, &mono);
  clock_gettime(CLOCK_BOOTTIME, &boot);
  printf("boottime not behind monotonic: %d\n", ns_of(&boot) >= ns_of(&mono));

  // Faults and refusals.
  printf("clock_gettime to a bad address: %ld %s\n", raw_clock_gettime(CLOCK_MONOTONIC, (void*)16),
         strerror(errno));
  static const char read_only[16] = {1};
  printf("clock_gettime to read-only memory: %ld %s\n", raw_clock_gettime(CLOCK_REALTIME, (void*)read_only),
         strerror(errno));
  printf("clock_gettime without a buffer: %ld\n", raw_clock_gettime(CLOCK_MONOTONIC, NULL));
  printf("clock_gettime of a bad clock: %ld %s\n", raw_clock_gettime(12345, &ts), strerror(errno));
  printf("gettimeofday to a bad address: %ld %s\n", syscall(SYS_gettimeofday, (void*)16, NULL), strerror(errno));
  printf("gettimeofday without a buffer: %ld\n", syscall(SYS_gettimeofday, NULL, NULL));
  // A buffer whose second word lies past the last mapped byte: the call fails and writes
  // nothing.
  const long page = sysconf(_SC_PAGESIZE);
  char* pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(pages + page, page);
  int64_t* straddling = (int64_t*)(pages + page - 8);
  *straddling = -1;
  printf("clock_gettime across the end of a mapping: %ld %s, first word kept: %d\n",
         raw_clock_gettime(CLOCK_MONOTONIC, straddling), strerror(errno), *straddling == -1);
}

static void ids(void) {
  printf("pid %d ppid %d tid %ld uid %d euid %d gid %d egid %d\n", getpid(), getppid(), syscall(SYS_gettid), getuid(),
         geteuid(), getgid(), getegid());
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "ids") == 0) {
    ids();
  } else {
    relations();
  }
  return 0;
}
