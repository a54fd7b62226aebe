// System calls on what describes a file rather than its contents: modes, owners, times,
// links and special files, the file system's figures, and flushing to disk. Each is the
// host's own; the structures they share with the guest have one layout on both.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "linux/process.hpp"
#include "linux/syscalls/host_call.hpp"

namespace warp64::linux_abi {
namespace {

// struct statfs is eleven 64-bit words and four spare ones on aarch64 (asm-generic/statfs.h
// with a 64-bit __statfs_word) as on x86-64: 120 bytes, copied as they are.
static_assert(sizeof(struct statfs) == 120);

int64_t put_statfs(GuestMemory& guest, uint64_t address, int status, const struct statfs& st) {
  if (status < 0) return -errno;
  return guest.copy_out(address, &st, sizeof st) ? 0 : -EFAULT;
}

}  // namespace

int64_t Process::sys_statfs(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[0], path)) return -EFAULT;
  struct statfs st;
  const int status = ::statfs(path.c_str(), &st);
  return put_statfs(guest_, a[1], status, st);
}

int64_t Process::sys_fstatfs(const SyscallArgs& a) {
  struct statfs st;
  const int status = ::fstatfs(host_fd(a[0]), &st);
  return put_statfs(guest_, a[1], status, st);
}

int64_t Process::sys_fchdir(const SyscallArgs& a) { return host(::fchdir(host_fd(a[0]))); }

int64_t Process::sys_fchmod(const SyscallArgs& a) { return host(::fchmod(host_fd(a[0]), static_cast<mode_t>(a[1]))); }

// The system call has no flags argument (glibc's fchmodat emulates AT_SYMLINK_NOFOLLOW).
int64_t Process::sys_fchmodat(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  return host(syscall(SYS_fchmodat, host_dirfd(a[0]), path.c_str(), static_cast<mode_t>(a[2])));
}

int64_t Process::sys_fchown(const SyscallArgs& a) {
  return host(::fchown(host_fd(a[0]), static_cast<uid_t>(a[1]), static_cast<gid_t>(a[2])));
}

int64_t Process::sys_fchownat(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  return host(::fchownat(host_dirfd(a[0]), path.c_str(), static_cast<uid_t>(a[2]), static_cast<gid_t>(a[3]),
                         static_cast<int>(a[4])));
}

// Two struct timespec { int64 tv_sec; int64 tv_nsec; }, or none for "now"; a null path sets
// the times of the descriptor itself, as futimens does.
int64_t Process::sys_utimensat(const SyscallArgs& a) {
  std::string path;
  if (a[1] != 0 && !guest_.read_string(a[1], path)) return -EFAULT;
  struct timespec times[2];
  if (a[2] != 0) {
    int64_t words[4];
    if (!guest_.copy_in(a[2], words, sizeof words)) return -EFAULT;
    times[0] = {words[0], words[1]};
    times[1] = {words[2], words[3]};
  }
  return host(syscall(SYS_utimensat, host_dirfd(a[0]), a[1] != 0 ? path.c_str() : nullptr, a[2] != 0 ? times : nullptr,
                      static_cast<int>(a[3])));
}

int64_t Process::sys_symlinkat(const SyscallArgs& a) {
  std::string target, path;
  if (!guest_.read_string(a[0], target) || !guest_.read_string(a[2], path)) return -EFAULT;
  return host(::symlinkat(target.c_str(), host_dirfd(a[1]), path.c_str()));
}

int64_t Process::sys_linkat(const SyscallArgs& a) {
  std::string from, to;
  if (!guest_.read_string(a[1], from) || !guest_.read_string(a[3], to)) return -EFAULT;
  return host(::linkat(host_dirfd(a[0]), from.c_str(), host_dirfd(a[2]), to.c_str(), static_cast<int>(a[4])));
}

// Device numbers are Linux's new_encode_dev on both sides.
int64_t Process::sys_mknodat(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  return host(::mknodat(host_dirfd(a[0]), path.c_str(), static_cast<mode_t>(a[2]), static_cast<dev_t>(a[3])));
}

int64_t Process::sys_sync(const SyscallArgs&) {
  ::sync();
  return 0;
}

int64_t Process::sys_syncfs(const SyscallArgs& a) { return host(::syncfs(host_fd(a[0]))); }
int64_t Process::sys_fsync(const SyscallArgs& a) { return host(::fsync(host_fd(a[0]))); }
int64_t Process::sys_fdatasync(const SyscallArgs& a) { return host(::fdatasync(host_fd(a[0]))); }

// The advice numbers (POSIX_FADV_*) are the same on aarch64 and x86-64.
int64_t Process::sys_fadvise64(const SyscallArgs& a) {
  return -::posix_fadvise(host_fd(a[0]), static_cast<off_t>(a[1]), static_cast<off_t>(a[2]), static_cast<int>(a[3]));
}

}  // namespace warp64::linux_abi
