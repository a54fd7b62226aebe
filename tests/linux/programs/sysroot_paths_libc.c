// What the guest sees of the file system under a sysroot: argv[1] is an absolute path that
// exists only inside the sysroot, argv[2] a symbolic link there, argv[3] an absolute path to
// create (which must land on the host, not in the sysroot).
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  char text[64] = {0};
  int fd = open(argv[1], O_RDONLY);
  printf("open for reading: %s\n", fd >= 0 && read(fd, text, sizeof text - 1) > 0 ? text : "failed");
  if (fd >= 0) close(fd);
  struct stat st;
  printf("stat: %d size %lld\n", stat(argv[1], &st), (long long)(stat(argv[1], &st) == 0 ? st.st_size : -1));
  printf("access: %d\n", access(argv[1], R_OK));
  char target[64] = {0};
  printf("readlink: %zd %s\n", readlink(argv[2], target, sizeof target - 1), target);
  fd = open(argv[3], O_WRONLY | O_CREAT | O_EXCL, 0644);
  printf("create: %s\n", fd >= 0 ? "ok" : "failed");
  if (fd >= 0) {
    write(fd, "host\n", 5);
    close(fd);
  }
  printf("read back: %s\n", access(argv[3], F_OK) == 0 ? "present" : "absent");
  return 0;
}
