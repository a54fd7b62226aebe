// The system calls beyond the C library's start-up, one program per group, each run under
// warp64 and qemu-aarch64 in fresh directories: the same stdout, stderr and exit status. A few
// lines of each are also checked against Linux's documented behaviour.
#include <gtest/gtest.h>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

std::string same_as_qemu(const std::string& name, const std::vector<std::string>& args = {}) {
  TempDir ours, theirs;
  const Outcome w = run_warp64(name, args, ours.path());
  const Outcome q = run_qemu(name, args, theirs.path());
  EXPECT_EQ(w.signal, q.signal);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.err, q.err);
  EXPECT_EQ(w.status, 0) << w.err;
  EXPECT_EQ(w.status, q.status);
  return w.out;
}

void expect_line(const std::string& out, const std::string& line) {
  EXPECT_NE(out.find(line + "\n"), std::string::npos) << "no line '" << line << "' in:\n" << out;
}

// utimensat(2): nanosecond times, UTIME_OMIT keeps one; link(2): two names, st_nlink 2;
// dup3(2): O_CLOEXEC sets FD_CLOEXEC, oldfd == newfd is EINVAL.
TEST(LinuxSyscalls, FileMetadata) {
  const std::string out = same_as_qemu("file_ops_libc");
  expect_line(out, "after fchmod: 604");
  expect_line(out, "atime 1000000000.123456789 mtime 2000000000.000000005");
  expect_line(out, "links: 2");
  expect_line(out, "fifo: 1 mode 600");
  expect_line(out, "dup3: 20 cloexec: 1");
  expect_line(out, "dup3 same fd: -1 Invalid argument");
}

// fcntl(2): F_GETLK reports no conflict with the caller's own locks; an OFD lock conflicts with
// another open file description of the same file and F_OFD_GETLK reports l_pid -1.
TEST(LinuxSyscalls, RecordLocks) {
  const std::string out = same_as_qemu("locks_libc");
  expect_line(out, "F_GETLK own lock: 0 F_UNLCK start 100 len 10 pid 0");
  expect_line(out, "F_OFD_GETLK other open: 0 F_WRLCK start 0 len 512 pid -1");
  expect_line(out, "F_OFD_SETLK conflicting: -1 Resource temporarily unavailable");
  expect_line(out, "flock other open, no wait: -1 Resource temporarily unavailable");
}

// eventfd(2) adds written values; sendfile(2) advances the offset it was given; ppoll(2) with a
// mask that lets a pending signal through fails with EINTR after its handler, while ready
// descriptors win over the signal.
TEST(LinuxSyscalls, SpecialDescriptorsAndWaits) {
  const std::string out = same_as_qemu("descriptors_libc");
  expect_line(out, "eventfd value: 7");
  expect_line(out, "expirations: 1");
  expect_line(out, "offset after: 11");
  expect_line(out, "copy holds: 56789aghij");
  expect_line(out, "ppoll, data ready, the signal let through: 1");
  expect_line(out, "ppoll, nothing ready, the signal let through: -1 Interrupted system call");
  expect_line(out, "handled: 10, still blocked after: 1");
}

// prctl(2): PR_SET_NAME keeps 15 bytes; getpriority(2) reads back what setpriority set.
TEST(LinuxSyscalls, ProcessAttributes) {
  const std::string out = same_as_qemu("process_info_libc");
  expect_line(out, "name: a-rather-long-t");
  expect_line(out, "death signal: 15");
  expect_line(out, "getpriority: 5");
  expect_line(out, "mlockall bad: -1 Invalid argument");
}

// A guest server and client on localhost, a descriptor passed over a Unix socket.
TEST(LinuxSyscalls, LocalhostSockets) {
  const std::string out = same_as_qemu("sockets_libc");
  expect_line(out, "pieces: 'hel' 'lo vect' 'ored world' flags 1073741824 controllen 24");
  expect_line(out, "passed descriptor reads: 23 'through the passed pipe' cloexec 1");
  expect_line(out, "server got: request");
  expect_line(out, "client got: response");
  expect_line(out, "got 'datagram' from the sender: 1");
}

// mmap(2) of a file: bytes past its end up to the page's end read as zero; MAP_PRIVATE writes
// never reach the file; MAP_FIXED replaces part of a reservation.
TEST(LinuxSyscalls, FileMappings) {
  const std::string out = same_as_qemu("mmap_file_libc");
  expect_line(out, "offset mapping: B C tail then 0");
  expect_line(out, "private write: z, file still A");
  expect_line(out, "unmapped page faults: 1, neighbours read: w z");
  expect_line(out, "mmap a directory: -1 No such device");
}

// A heap grown in 600 steps, and 3,000 mmap/munmap pairs among 100 live mappings, against
// qemu. The heap's checksum by hand: step i's first byte holds i mod 256 and its last byte was
// never written, so the sum is 2 * (0 + ... + 255) + (0 + ... + 87) = 65280 + 3828 = 69108.
TEST(LinuxSyscalls, AddressSpaceChurn) {
  EXPECT_EQ(same_as_qemu("map_churn_libc", {"brk", "600", "60"}), "69108\n");
  same_as_qemu("map_churn_libc", {"mmap", "3000", "100"});
}

}  // namespace
}  // namespace warp64::test
