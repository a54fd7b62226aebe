// Modes, owners, times, links, special files, file-system figures, syncing and descriptor
// duplication, as `tar -x` and friends use them. Run in an empty directory.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

static void show(const char* what, int result) { printf("%s: %d%s%s\n", what, result, result < 0 ? " " : "", result < 0 ? strerror(errno) : ""); }

int main(void) {
  umask(022);
  printf("umask was: %03o\n", umask(027));
  int fd = open("file", O_CREAT | O_RDWR | O_TRUNC, 0666);
  write(fd, "contents\n", 9);
  struct stat st;
  fstat(fd, &st);
  printf("created mode: %o\n", st.st_mode & 07777);
  show("fchmod", fchmod(fd, 0604));
  fstat(fd, &st);
  printf("after fchmod: %o\n", st.st_mode & 07777);
  show("fchmodat", fchmodat(AT_FDCWD, "file", 0751, 0));
  stat("file", &st);
  printf("after fchmodat: %o\n", st.st_mode & 07777);
  show("fchown to own ids", fchown(fd, getuid(), getgid()));
  show("fchownat to own ids", fchownat(AT_FDCWD, "file", getuid(), getgid(), AT_SYMLINK_NOFOLLOW));
  show("fchownat bad flags", fchownat(AT_FDCWD, "file", getuid(), getgid(), 0x7000000));

  const struct timespec times[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
  show("utimensat", utimensat(AT_FDCWD, "file", times, 0));
  stat("file", &st);
  printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  const struct timespec omit_atime[2] = {{0, UTIME_OMIT}, {2000000000, 5}};
  show("futimens", futimens(fd, omit_atime));
  fstat(fd, &st);
  printf("atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  show("utimensat missing", utimensat(AT_FDCWD, "missing", times, 0));

  show("symlinkat", symlinkat("file", AT_FDCWD, "link"));
  char target[32] = {0};
  printf("readlink: %zd %s\n", readlink("link", target, sizeof target - 1), target);
  show("symlinkat existing", symlinkat("file", AT_FDCWD, "link"));
  show("linkat", linkat(AT_FDCWD, "file", AT_FDCWD, "hard", 0));
  stat("file", &st);
  printf("links: %lu\n", (unsigned long)st.st_nlink);
  show("linkat follow", linkat(AT_FDCWD, "link", AT_FDCWD, "hard2", AT_SYMLINK_FOLLOW));
  lstat("hard2", &st);
  printf("hard2 is a regular file: %d\n", S_ISREG(st.st_mode));
  show("mknodat fifo", mknodat(AT_FDCWD, "fifo", S_IFIFO | 0600, 0));
  lstat("fifo", &st);
  printf("fifo: %d mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 07777);

  mkdir("sub", 0755);
  int dir = open("sub", O_RDONLY | O_DIRECTORY);
  show("fchdir", fchdir(dir));
  char cwd[4096];
  getcwd(cwd, sizeof cwd);
  printf("cwd ends in /sub: %d\n", strlen(cwd) > 4 && strcmp(cwd + strlen(cwd) - 4, "/sub") == 0);
  show("fchdir to a file", fchdir(fd));
  chdir("..");

  struct statfs a, b;
  show("statfs", statfs(".", &a));
  show("fstatfs", fstatfs(fd, &b));
  printf("same file system: %d, block size positive: %d, name max %ld\n", a.f_type == b.f_type && a.f_blocks == b.f_blocks,
         a.f_bsize > 0, (long)a.f_namelen);
  show("statfs missing", statfs("missing", &a));

  show("fsync", fsync(fd));
  show("fdatasync", fdatasync(fd));
  show("syncfs", syncfs(fd));
  sync();
  show("fsync bad", fsync(-1));
  printf("fadvise: %d\n", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL));
  printf("fadvise bad advice: %d\n", posix_fadvise(fd, 0, 0, 99));

  int copy = dup(fd);
  printf("dup cloexec: %d\n", fcntl(copy, F_GETFD));
  int copy3 = dup3(fd, 20, O_CLOEXEC);
  printf("dup3: %d cloexec: %d\n", copy3, fcntl(copy3, F_GETFD));
  show("dup3 same fd", dup3(fd, fd, 0));
  show("dup3 bad flags", dup3(fd, 21, O_APPEND));
  int copy_cloexec = fcntl(fd, F_DUPFD_CLOEXEC, 30);
  printf("F_DUPFD_CLOEXEC: %d cloexec: %d\n", copy_cloexec, fcntl(copy_cloexec, F_GETFD));
  return 0;
}
