// A process's descriptors as a lane must keep them its own: `lane_files_libc FILE COPIES`
// opens FILE COPIES times and keeps every copy open, reads through two of them and a dup of one
// (a dup shares the offset, another open does not), seeks from the end, looks at its stdout,
// and at last closes stdout, as `gzip -c` does, and writes to it once more. It exits 3 when
// fewer than COPIES opens succeeded.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show_read(const char* what, int fd, size_t count) {
  char buffer[64] = {0};
  const ssize_t n = read(fd, buffer, count);
  printf("%s: %zd \"%s\"\n", what, n, n > 0 ? buffer : "");
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const int copies = atoi(argv[2]);
  int opened = 0, first = -1, second = -1;
  for (int i = 0; i < copies; ++i) {
    const int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      printf("open %d: %s\n", i, strerror(errno));
      break;
    }
    if (first < 0) first = fd;
    else if (second < 0) second = fd;
    ++opened;
  }
  printf("opened: %d, first fd %d\n", opened, first);
  if (first < 0 || second < 0) return 1;
  show_read("first", first, 5);
  const int copy = dup(first);
  printf("dup: %d, cloexec %d\n", copy, fcntl(copy, F_GETFD) & FD_CLOEXEC);
  show_read("dup", copy, 5);
  show_read("second", second, 5);
  printf("seek end-4: %ld\n", (long)lseek(first, -4, SEEK_END));
  show_read("dup after seek", copy, 10);
  printf("dup2 to 9: %d\n", dup2(second, 9));
  show_read("fd 9", 9, 3);
  printf("close 9: %d, again: %d %s\n", close(9), close(9), strerror(errno));
  struct stat st;
  printf("stdout: fstat %d, fifo %d, isatty %d\n", fstat(1, &st), S_ISFIFO(st.st_mode), isatty(1));
  fflush(stdout);
  printf("close 1: %d\n", close(1));
  fflush(stdout);
  const ssize_t n = write(1, "lost\n", 5);
  fprintf(stderr, "write to closed stdout: %zd %s\n", n, strerror(errno));
  return opened == copies ? 0 : 3;
}
