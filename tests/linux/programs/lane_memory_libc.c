// What lanes' paged memory must keep apart, one mode per run (argv[1]), argv[2] a number that
// differs between lanes:
//   cow N      writes N into one element of an initialised global table, then prints sums of
//              the table (another process's writes never show);
//   touch N    writes 64 heap pages in an order that depends on N, then prints their checksum;
//   nx         calls code written into a page mapped without PROT_EXEC: SIGSEGV, SEGV_ACCERR;
//   hog N      touches 1 MiB of heap (512 MiB when N is 0), a page at a time, and says so.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum { kTableWords = 3000, kPages = 64, kPage = 4096 };

static uint32_t table[kTableWords] = {1, 2, 3, 4, 5, 6, 7, 8};
static sigjmp_buf back;
static volatile int seen_code;
static void* volatile seen_addr;

static void on_fault(int sig, siginfo_t* info, void* context) {
  (void)sig;
  (void)context;
  seen_code = info->si_code;
  seen_addr = info->si_addr;
  siglongjmp(back, 1);
}

static int cow(unsigned n) {
  for (int i = 8; i < kTableWords; ++i) table[i] = (uint32_t)i * 7u;
  table[(n * 37u) % kTableWords] = 1000u + n;
  uint64_t sum = 0;
  for (int i = 0; i < kTableWords; ++i) sum += table[i];
  printf("table[0..3] %u %u %u %u sum %llu\n", table[0], table[1], table[2], table[3], (unsigned long long)sum);
  return 0;
}

static int touch(unsigned n) {
  unsigned char* pages = malloc(kPages * kPage);
  const unsigned stride = 2 * n + 1;  // odd: i * stride + n visits every page once
  for (unsigned i = 0; i < kPages; ++i) {
    const unsigned page = (i * stride + n) % kPages;
    memset(pages + page * kPage, (int)(page + n), kPage);
  }
  uint64_t sum = 0;
  for (unsigned i = 0; i < kPages * kPage; i += 511) sum = sum * 31 + pages[i];
  printf("touch %u checksum %llu\n", n, (unsigned long long)sum);
  free(pages);
  return 0;
}

static int nx(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  uint32_t* code = mmap(NULL, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  code[0] = 0xd65f03c0;  // ret
  if (sigsetjmp(back, 1) == 0) ((void (*)(void))code)();
  printf("fetch from a page without PROT_EXEC: code %d at the page %d\n", seen_code, seen_addr == (void*)code);
  return 0;
}

static int hog(unsigned n) {
  const unsigned mib = n == 0 ? 512 : 1;
  unsigned long touched = 0;
  for (unsigned i = 0; i < mib; ++i) {
    unsigned char* chunk = malloc(1 << 20);
    for (unsigned at = 0; at < (1u << 20); at += kPage) chunk[at] = 1;
    touched += 1;
  }
  printf("touched %lu MiB\n", touched);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const unsigned n = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 0;
  if (strcmp(argv[1], "cow") == 0) return cow(n);
  if (strcmp(argv[1], "touch") == 0) return touch(n);
  if (strcmp(argv[1], "nx") == 0) return nx();
  if (strcmp(argv[1], "hog") == 0) return hog(n);
  return 2;
}
