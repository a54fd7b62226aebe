// File-backed private mappings as the dynamic loader makes them: offsets into the file, a
// PROT_NONE reservation with MAP_FIXED mappings over parts of it, mprotect of parts, the zero
// fill past the end of the file, private writes that never reach the file, and the errors.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf recover;
static void on_segv(int sig) { siglongjmp(recover, sig); }

// Whether reading (or writing) the byte at `p` faults.
static int faults(volatile char* p, int write) {
  if (sigsetjmp(recover, 1) != 0) return 1;
  if (write) {
    *p = 1;
  } else {
    (void)*p;
  }
  return 0;
}

static void show(const char* what, long result) {
  printf("%s: %ld%s%s\n", what, result, result < 0 ? " " : "", result < 0 ? strerror(errno) : "");
}

int main(void) {
  signal(SIGSEGV, on_segv);
  const long page = 4096;
  int fd = open("data", O_CREAT | O_RDWR | O_TRUNC, 0644);
  for (int i = 0; i < 3; ++i) {
    char block[4096];
    memset(block, 'A' + i, sizeof block);
    write(fd, block, sizeof block);
  }
  write(fd, "tail", 4);  // the file ends 4 bytes into its fourth page

  char* at = mmap(NULL, 3 * page, PROT_READ, MAP_PRIVATE, fd, page);
  printf("offset mapping: %c %c %.4s then %d\n", at[0], at[page], at + 2 * page, at[2 * page + 4]);
  printf("read-only write faults: %d\n", faults(at, 1));
  munmap(at, 3 * page);

  char* reservation = mmap(NULL, 4 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("reservation faults: %d\n", faults(reservation + page, 0));
  char* text = mmap(reservation + page, page, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd, 2 * page);
  printf("fixed mapping in place: %d holds %c\n", text == reservation + page, text[10]);
  char* data = mmap(reservation + 2 * page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
  data[0] = 'z';
  char original;
  pread(fd, &original, 1, 0);
  printf("private write: %c, file still %c\n", data[0], original);
  show("mprotect first page", mprotect(reservation, page, PROT_READ | PROT_WRITE));
  reservation[5] = 'w';
  printf("first page written: %c, last page faults: %d\n", reservation[5], faults(reservation + 3 * page, 0));
  show("mprotect data read-only", mprotect(data, page, PROT_READ));
  printf("data write faults now: %d, still reads %c\n", faults(data, 1), data[0]);
  show("munmap middle", munmap(text, page));
  printf("unmapped page faults: %d, neighbours read: %c %c\n", faults(text, 0), reservation[5], data[0]);
  show("mprotect unmapped", mprotect(text, page, PROT_READ));
  munmap(reservation, 4 * page);

  show("mmap unaligned offset", (long)mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 100));
  show("mmap bad fd", (long)mmap(NULL, page, PROT_READ, MAP_PRIVATE, -1, 0));
  int dir = open(".", O_RDONLY | O_DIRECTORY);
  show("mmap a directory", (long)mmap(NULL, page, PROT_READ, MAP_PRIVATE, dir, 0));
  char* past = mmap(NULL, 2 * page, PROT_READ, MAP_PRIVATE, fd, 3 * page);
  printf("last page: %.4s then %d\n", past, past[100]);
  return 0;
}
