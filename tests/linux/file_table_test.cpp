// A lane's descriptor table against Linux's documented semantics (dup(2), dup3(2), close(2),
// fcntl(2)): lowest free numbers, shared open file descriptions, close-on-exec per descriptor,
// EMFILE at RLIMIT_NOFILE; and the pool's one host descriptor per read-only file.
#include "linux/file_table.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace warp64::linux_abi {
namespace {

class TempFile {
 public:
  TempFile() {
    path_ = (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + std::string("/warp64_file_table_XXXXXX");
    const int fd = ::mkstemp(path_.data());
    EXPECT_EQ(::write(fd, "0123456789", 10), 10);
    ::close(fd);
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool host_open(int fd) { return ::fcntl(fd, F_GETFD) >= 0; }

TEST(FileTable, StartsWithStdinAndTwoCapturedStreams) {
  HostFilePool pool;
  FileTable table(pool, 64);
  EXPECT_EQ(table.host_fd(0), 0);
  ASSERT_NE(table.find(1), nullptr);
  EXPECT_EQ(table.find(1)->captured_stream, 1);
  EXPECT_EQ(table.find(2)->captured_stream, 2);
  EXPECT_EQ(table.find(0)->captured_stream, 0);
  EXPECT_EQ(table.find(3), nullptr);
  EXPECT_EQ(table.host_fd(3), -1);
  EXPECT_EQ(table.host_fd(-100), -1);
}

// Closing a lane's stdin, stdout or stderr never closes warp64's own.
TEST(FileTable, ClosingStandardStreamsLeavesTheHostsOpen) {
  HostFilePool pool;
  {
    FileTable table(pool, 64);
    for (int fd = 0; fd < 3; ++fd) EXPECT_EQ(table.close(fd), 0);
    EXPECT_EQ(table.close(1), -EBADF);
    EXPECT_EQ(table.find(1), nullptr);
  }
  for (int fd = 0; fd < 3; ++fd) EXPECT_TRUE(host_open(fd)) << fd;
}

TEST(FileTable, DupTakesTheLowestFreeNumberAndSharesTheFile) {
  HostFilePool pool;
  FileTable table(pool, 64);
  ASSERT_EQ(table.close(1), 0);
  EXPECT_EQ(table.duplicate(2, 0, false), 1);  // dup(2) after close(1): fd 1, stderr's file
  EXPECT_EQ(table.find(1), table.find(2));
  EXPECT_EQ(table.duplicate(2, 10, true), 10);  // F_DUPFD_CLOEXEC from 10
  EXPECT_EQ(table.descriptor_flags(10), FD_CLOEXEC);
  EXPECT_EQ(table.descriptor_flags(2), 0);  // the flag is the descriptor's, not the file's
  EXPECT_EQ(table.duplicate(7, 0, false), -EBADF);
  EXPECT_EQ(table.duplicate(2, 64, false), -EINVAL);  // F_DUPFD beyond RLIMIT_NOFILE
}

TEST(FileTable, DupToReplacesTheTarget) {
  HostFilePool pool;
  FileTable table(pool, 64);
  EXPECT_EQ(table.duplicate_to(2, 1, true), 1);  // dup3(2, 1, O_CLOEXEC): stdout now goes to stderr
  EXPECT_EQ(table.find(1)->captured_stream, 2);
  EXPECT_EQ(table.descriptor_flags(1), FD_CLOEXEC);
  EXPECT_EQ(table.duplicate_to(2, 20, false), 20);  // beyond the table's end so far
  EXPECT_EQ(table.find(20), table.find(2));
  EXPECT_EQ(table.duplicate_to(5, 1, false), -EBADF);
  EXPECT_EQ(table.duplicate_to(2, 64, false), -EBADF);
  EXPECT_EQ(table.set_descriptor_flags(20, FD_CLOEXEC), 0);
  EXPECT_EQ(table.descriptor_flags(20), FD_CLOEXEC);
  EXPECT_EQ(table.set_descriptor_flags(21, FD_CLOEXEC), -EBADF);
}

TEST(FileTable, NoMoreThanTheLimit) {
  HostFilePool pool;
  FileTable table(pool, 5);
  EXPECT_EQ(table.duplicate(0, 0, false), 3);
  EXPECT_EQ(table.duplicate(0, 0, false), 4);
  EXPECT_EQ(table.duplicate(0, 0, false), -EMFILE);
  EXPECT_EQ(table.adopt(::dup(0), false), -EMFILE);
  EXPECT_EQ(table.close(3), 0);
  EXPECT_EQ(table.duplicate(0, 0, false), 3);
}

// An adopted host descriptor is closed with the last guest descriptor on its file.
TEST(FileTable, AdoptedDescriptorClosesWithItsLastGuestDescriptor) {
  HostFilePool pool;
  FileTable table(pool, 64);
  const int host = ::dup(0);
  ASSERT_GE(host, 0);
  const int64_t fd = table.adopt(host, false);
  EXPECT_EQ(fd, 3);
  EXPECT_EQ(table.host_fd(fd), host);
  EXPECT_EQ(table.adopt(-EACCES, false), -EACCES);
  EXPECT_EQ(table.duplicate(fd, 0, false), 4);
  EXPECT_EQ(table.close(fd), 0);
  EXPECT_TRUE(host_open(host));
  EXPECT_EQ(table.close(4), 0);
  EXPECT_FALSE(host_open(host));
}

// Many lanes opening one file read-only hold one host descriptor, closed with the last.
TEST(FileTable, PoolSharesOneHostDescriptorPerFile) {
  TempFile file;
  HostFilePool pool;
  int64_t error = 0;
  auto first = pool.open(AT_FDCWD, file.path(), O_RDONLY, error);
  ASSERT_NE(first, nullptr);
  const int host = first->fd();
  for (int lane = 0; lane < 1000; ++lane) {
    auto again = pool.open(AT_FDCWD, file.path(), O_RDONLY | O_CLOEXEC, error);
    EXPECT_EQ(again.get(), first.get());
  }
  EXPECT_NE(pool.open(AT_FDCWD, file.path(), O_RDONLY | O_NOATIME, error), first);  // other status flags
  first.reset();
  EXPECT_FALSE(host_open(host));
  EXPECT_EQ(pool.open(AT_FDCWD, file.path() + ".absent", O_RDONLY, error), nullptr);
  EXPECT_EQ(error, -ENOENT);
  error = 0;
  EXPECT_EQ(pool.open(AT_FDCWD, "/", O_RDONLY, error), nullptr);  // a directory is not pooled
  EXPECT_EQ(error, 0);
}

}  // namespace
}  // namespace warp64::linux_abi
