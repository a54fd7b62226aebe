// The process's name and attributes (prctl), resource use, priority, scheduling, ids and
// groups, and memory locking.
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

static void show(const char* what, long result) {
  printf("%s: %ld%s%s\n", what, result, result < 0 ? " " : "", result < 0 ? strerror(errno) : "");
}

int main(void) {
  char name[32] = {0};
  show("PR_SET_NAME", prctl(PR_SET_NAME, "a-rather-long-thread-name"));
  show("PR_GET_NAME", prctl(PR_GET_NAME, name));
  printf("name: %s\n", name);
  show("PR_SET_PDEATHSIG", prctl(PR_SET_PDEATHSIG, SIGTERM));
  int deathsig = 0;
  show("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &deathsig));
  printf("death signal: %d\n", deathsig);
  show("PR_SET_PDEATHSIG bad", prctl(PR_SET_PDEATHSIG, 99));
  show("PR_SET_DUMPABLE", prctl(PR_SET_DUMPABLE, 1));
  show("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE));
  show("PR_SET_DUMPABLE bad", prctl(PR_SET_DUMPABLE, 7));
  show("unknown option", prctl(12345));

  struct rusage usage;
  show("getrusage", getrusage(RUSAGE_SELF, &usage));
  printf("user time present: %d\n", usage.ru_utime.tv_sec >= 0 && usage.ru_utime.tv_usec >= 0 && usage.ru_maxrss > 0);
  show("getrusage bad", getrusage(7, &usage));

  show("setpriority", setpriority(PRIO_PROCESS, 0, 5));
  errno = 0;
  show("getpriority", getpriority(PRIO_PROCESS, 0));
  show("getpriority bad", getpriority(99, 0));

  show("sched_getscheduler", sched_getscheduler(0));
  struct sched_param param = {.sched_priority = 9};
  show("sched_getparam", sched_getparam(0, &param));
  printf("priority: %d\n", param.sched_priority);
  show("sched_setscheduler other", sched_setscheduler(0, SCHED_OTHER, &(struct sched_param){0}));
  show("sched_setscheduler bad", sched_setscheduler(0, SCHED_OTHER, &(struct sched_param){5}));
  show("sched_setparam", sched_setparam(0, &(struct sched_param){0}));
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  CPU_SET(0, &cpus);
  show("sched_setaffinity cpu 0", sched_setaffinity(0, sizeof cpus, &cpus));

  uid_t r, e, s;
  gid_t gr, ge, gs;
  show("getresuid", getresuid(&r, &e, &s));
  show("getresgid", getresgid(&gr, &ge, &gs));
  printf("ids agree: %d %d\n", r == getuid() && e == geteuid() && s == geteuid(), gr == getgid() && ge == getegid());
  const int count = getgroups(0, NULL);
  gid_t* groups = calloc(count + 1, sizeof *groups);
  printf("getgroups agrees: %d\n", getgroups(count, groups) == count);
  show("getgroups too small", count > 0 ? getgroups(count - 1 > 0 ? count - 1 : -1, groups) : -1);
  show("setgroups same", setgroups(count, groups));
  show("setuid to own", setuid(getuid()));
  show("setgid to own", setgid(getgid()));
  show("setresuid unchanged", setresuid(-1, -1, -1));
  show("setreuid unchanged", setreuid(-1, -1));

  static char page[4096] __attribute__((aligned(4096)));
  show("mlock", mlock(page, sizeof page));
  show("munlock", munlock(page, sizeof page));
  show("mlockall", mlockall(MCL_CURRENT));
  show("mlockall bad", mlockall(0));
  show("munlockall", munlockall());
  return 0;
}
