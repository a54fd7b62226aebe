// fcntl record locks (process-owned and open-file-description ones) and flock, as SQLite
// takes them. One process: its own record locks never conflict with each other, while OFD
// locks and flock locks on two separate opens of one file do.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static const char* type_name(short type) {
  return type == F_RDLCK ? "F_RDLCK" : type == F_WRLCK ? "F_WRLCK" : type == F_UNLCK ? "F_UNLCK" : "?";
}

static void show(const char* what, int result) {
  printf("%s: %d%s%s\n", what, result, result < 0 ? " " : "", result < 0 ? strerror(errno) : "");
}

static void query(const char* what, int fd, int command, short type, off_t start, off_t len) {
  struct flock lock = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
  const int r = fcntl(fd, command, &lock);
  printf("%s: %d %s start %lld len %lld pid %s\n", what, r, type_name(lock.l_type), (long long)lock.l_start,
         (long long)lock.l_len, lock.l_pid == -1 ? "-1" : lock.l_pid == 0 ? "0" : "other");
}

int main(void) {
  int a = open("db", O_CREAT | O_RDWR, 0644);
  int b = open("db", O_RDWR);
  ftruncate(a, 4096);
  struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 100, .l_len = 10};
  show("F_SETLK write", fcntl(a, F_SETLK, &lock));
  query("F_GETLK own lock", b, F_GETLK, F_WRLCK, 100, 10);
  lock.l_type = F_RDLCK;
  show("F_SETLKW read (same owner)", fcntl(b, F_SETLKW, &lock));
  lock.l_type = F_UNLCK;
  show("F_SETLK unlock", fcntl(a, F_SETLK, &lock));

  struct flock ofd = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 512};
  show("F_OFD_SETLK write", fcntl(a, F_OFD_SETLK, &ofd));
  query("F_OFD_GETLK other open", b, F_OFD_GETLK, F_RDLCK, 256, 1);
  query("F_OFD_GETLK same open", a, F_OFD_GETLK, F_RDLCK, 256, 1);
  struct flock other = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 256, .l_len = 1};
  show("F_OFD_SETLK conflicting", fcntl(b, F_OFD_SETLK, &other));
  show("F_OFD_SETLK nonzero pid", fcntl(b, F_OFD_SETLK, &(struct flock){.l_type = F_RDLCK, .l_pid = 1}));
  ofd.l_type = F_UNLCK;
  show("F_OFD_SETLK unlock", fcntl(a, F_OFD_SETLK, &ofd));
  show("F_OFD_SETLKW after unlock", fcntl(b, F_OFD_SETLKW, &other));
  show("F_SETLK bad type", fcntl(a, F_SETLK, &(struct flock){.l_type = 7}));
  show("F_SETLK bad fd", fcntl(-1, F_SETLK, &lock));

  show("flock exclusive", flock(a, LOCK_EX));
  show("flock other open, no wait", flock(b, LOCK_EX | LOCK_NB));
  show("flock unlock", flock(a, LOCK_UN));
  show("flock other open", flock(b, LOCK_SH | LOCK_NB));
  return 0;
}
