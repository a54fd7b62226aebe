// System calls on files, directories and descriptors: the host's own, reached through the
// guest's arguments translated to the host's ABI where the two differ.
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "linux/process.hpp"
#include "linux/syscalls/host_call.hpp"

namespace warp64::linux_abi {
namespace {

// The generic (AArch64) open flags that differ from the host's x86-64 values.
constexpr int kGuestODirectory = 040000, kGuestONofollow = 0100000, kGuestODirect = 0200000, kGuestOLargefile = 0400000;

int open_flags_to_host(uint64_t guest_flags) {
  const int guest = static_cast<int>(guest_flags);
  int host = guest & ~(kGuestODirectory | kGuestONofollow | kGuestODirect | kGuestOLargefile);
  if (guest & kGuestODirectory) host |= O_DIRECTORY;
  if (guest & kGuestONofollow) host |= O_NOFOLLOW;
  if (guest & kGuestODirect) host |= O_DIRECT;
  return host;
}

int open_flags_to_guest(int host) {
  int guest = host & ~(O_DIRECTORY | O_NOFOLLOW | O_DIRECT | 0100000 /* host O_LARGEFILE */);
  if (host & O_DIRECTORY) guest |= kGuestODirectory;
  if (host & O_NOFOLLOW) guest |= kGuestONofollow;
  if (host & O_DIRECT) guest |= kGuestODirect;
  return guest;
}

int64_t put_stat(GuestMemory& guest, uint64_t address, const struct stat& st) {
  // struct stat of asm-generic/stat.h, the AArch64 layout: 128 bytes.
  uint8_t out[128] = {};
  auto at = [&](unsigned offset, auto value) { std::memcpy(out + offset, &value, sizeof value); };
  at(0, static_cast<uint64_t>(st.st_dev));
  at(8, static_cast<uint64_t>(st.st_ino));
  at(16, static_cast<uint32_t>(st.st_mode));
  at(20, static_cast<uint32_t>(st.st_nlink));
  at(24, static_cast<uint32_t>(st.st_uid));
  at(28, static_cast<uint32_t>(st.st_gid));
  at(32, static_cast<uint64_t>(st.st_rdev));
  at(48, static_cast<int64_t>(st.st_size));
  at(56, static_cast<int32_t>(st.st_blksize));
  at(64, static_cast<int64_t>(st.st_blocks));
  at(72, static_cast<int64_t>(st.st_atim.tv_sec));
  at(80, static_cast<uint64_t>(st.st_atim.tv_nsec));
  at(88, static_cast<int64_t>(st.st_mtim.tv_sec));
  at(96, static_cast<uint64_t>(st.st_mtim.tv_nsec));
  at(104, static_cast<int64_t>(st.st_ctim.tv_sec));
  at(112, static_cast<uint64_t>(st.st_ctim.tv_nsec));
  return guest.copy_out(address, out, sizeof out) ? 0 : -EFAULT;
}

}  // namespace

// /proc/self/exe names the guest's executable, not warp64.
bool Process::names_own_executable(const std::string& path) const {
  return path == "/proc/self/exe" || path == "/proc/" + std::to_string(getpid()) + "/exe";
}

int64_t Process::read_into(int fd, uint64_t buffer, uint64_t count, int64_t offset, bool positional) {
  count = std::min<uint64_t>(count, 0x7ffff000);
  if (!guest_.accessible(buffer, count, kPermWrite)) return -EFAULT;
  if (!positional) {
    if (const int64_t interrupted = wait_until_ready(fd, POLLIN)) return interrupted;
  }
  std::vector<uint8_t> data(count);
  const ssize_t n = positional ? ::pread(fd, data.data(), count, offset) : ::read(fd, data.data(), count);
  if (n < 0) return interrupted_or(-errno);
  guest_.copy_out(buffer, data.data(), n);
  return n;
}

int64_t Process::write_from(int fd, uint64_t buffer, uint64_t count, int64_t offset, bool positional) {
  count = std::min<uint64_t>(count, 0x7ffff000);
  if (!guest_.accessible(buffer, count, kPermRead)) return -EFAULT;
  std::vector<uint8_t> data(count);
  guest_.copy_in(buffer, data.data(), count);
  if (options_.capture_output && !positional && (fd == 1 || fd == 2)) {
    captured_[fd].append(data.begin(), data.end());
    return static_cast<int64_t>(count);
  }
  if (!positional) {
    if (const int64_t interrupted = wait_until_ready(fd, POLLOUT)) return interrupted;
  }
  const ssize_t n = positional ? ::pwrite(fd, data.data(), count, offset) : ::write(fd, data.data(), count);
  return n < 0 ? interrupted_or(-errno) : n;
}

int64_t Process::transfer_vector(int fd, uint64_t iov, uint64_t count, bool write) {
  if (count > 1024) return -EINVAL;
  std::vector<uint64_t> vec(count * 2);
  if (!guest_.copy_in(iov, vec.data(), count * 16)) return -EFAULT;
  int64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t base = vec[2 * i], length = vec[2 * i + 1];
    if (length == 0) continue;
    const int64_t n = write ? write_from(fd, base, length, 0, false) : read_into(fd, base, length, 0, false);
    if (n < 0) return total ? total : n;
    total += n;
    if (static_cast<uint64_t>(n) < length) break;
  }
  return total;
}

int64_t Process::sys_read(const SyscallArgs& a) { return read_into(fd_arg(a[0]), a[1], a[2], 0, false); }
int64_t Process::sys_write(const SyscallArgs& a) { return write_from(fd_arg(a[0]), a[1], a[2], 0, false); }
int64_t Process::sys_readv(const SyscallArgs& a) { return transfer_vector(fd_arg(a[0]), a[1], a[2], false); }
int64_t Process::sys_writev(const SyscallArgs& a) { return transfer_vector(fd_arg(a[0]), a[1], a[2], true); }

int64_t Process::sys_pread64(const SyscallArgs& a) {
  return read_into(fd_arg(a[0]), a[1], a[2], static_cast<int64_t>(a[3]), true);
}

int64_t Process::sys_pwrite64(const SyscallArgs& a) {
  return write_from(fd_arg(a[0]), a[1], a[2], static_cast<int64_t>(a[3]), true);
}

int64_t Process::sys_lseek(const SyscallArgs& a) {
  return host(::lseek(fd_arg(a[0]), static_cast<off_t>(a[1]), static_cast<int>(a[2])));
}

// Absolute paths of three read-only lookups, opening for reading, newfstatat and readlinkat,
// are looked up in the sysroot first, as qemu-aarch64 -L does; every other call (faccessat and
// statx among them, as under qemu) names the host's path, so nothing is created or changed in
// the sysroot.
int64_t Process::sys_openat(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  const int flags = open_flags_to_host(a[2]);
  if (names_own_executable(path)) {
    path = exe_path_;
  } else if ((flags & O_ACCMODE) == O_RDONLY && !(flags & (O_CREAT | O_TRUNC))) {
    path = sysroot_.resolve(path);
  }
  return host(::openat(dirfd_arg(a[0]), path.c_str(), flags, static_cast<mode_t>(a[3])));
}

// The host's standard streams outlive the guest's view of them only through dup.
int64_t Process::sys_close(const SyscallArgs& a) { return host(::close(fd_arg(a[0]))); }
int64_t Process::sys_dup(const SyscallArgs& a) { return host(::dup(fd_arg(a[0]))); }

int64_t Process::sys_dup3(const SyscallArgs& a) {
  return host(::dup3(fd_arg(a[0]), fd_arg(a[1]), open_flags_to_host(a[2])));
}

int64_t Process::sys_pipe2(const SyscallArgs& a) {
  int fds[2];
  if (!guest_.accessible(a[0], 8, kPermWrite)) return -EFAULT;
  if (::pipe2(fds, open_flags_to_host(a[1])) < 0) return -errno;
  const int32_t out[2] = {fds[0], fds[1]};
  guest_.copy_out(a[0], out, 8);
  return 0;
}

// struct flock is { short l_type, l_whence; off_t l_start, l_len; pid_t l_pid; } on aarch64 as
// on x86-64, 32 bytes at the same offsets, and the commands and lock types have the same
// numbers: the structure goes to the host field by field and comes back for F_GETLK.
int64_t Process::record_lock(int fd, int command, uint64_t address) {
  uint8_t guest[32];
  if (!guest_.copy_in(address, guest, sizeof guest)) return -EFAULT;
  struct flock lock = {};
  std::memcpy(&lock.l_type, guest + 0, 2);
  std::memcpy(&lock.l_whence, guest + 2, 2);
  std::memcpy(&lock.l_start, guest + 8, 8);
  std::memcpy(&lock.l_len, guest + 16, 8);
  std::memcpy(&lock.l_pid, guest + 24, 4);
  if (::fcntl(fd, command, &lock) < 0) return -errno;
  if (command != F_GETLK && command != F_OFD_GETLK) return 0;
  std::memcpy(guest + 0, &lock.l_type, 2);
  std::memcpy(guest + 2, &lock.l_whence, 2);
  std::memcpy(guest + 8, &lock.l_start, 8);
  std::memcpy(guest + 16, &lock.l_len, 8);
  std::memcpy(guest + 24, &lock.l_pid, 4);
  return guest_.copy_out(address, guest, sizeof guest) ? 0 : -EFAULT;
}

int64_t Process::sys_flock(const SyscallArgs& a) { return host(::flock(fd_arg(a[0]), static_cast<int>(a[1]))); }

int64_t Process::sys_fcntl(const SyscallArgs& a) {
  const int fd = fd_arg(a[0]), command = static_cast<int>(a[1]);
  switch (command) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_GETFD:
    case F_SETFD: return host(::fcntl(fd, command, static_cast<int>(a[2])));
    case F_GETFL: {
      const int r = ::fcntl(fd, F_GETFL);
      return r < 0 ? -errno : open_flags_to_guest(r);
    }
    case F_SETFL: return host(::fcntl(fd, F_SETFL, open_flags_to_host(a[2])));
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW: return record_lock(fd, command, a[2]);
    default: return -EINVAL;
  }
}

// The terminal requests a C library and a shell make, for the terminal, the window size and the
// foreground process group. Their numbers and layouts are asm-generic's on both sides: the
// kernel's struct termios (4 flag words, c_line, 19 c_cc), struct winsize, a pid_t.
int64_t Process::sys_ioctl(const SyscallArgs& a) {
  constexpr size_t kKernelTermios = 36, kWinsize = 8, kPid = 4;
  const int fd = fd_arg(a[0]);
  const unsigned long request = a[1];
  size_t in = 0, out = 0;  // what the request reads from, or writes to, the guest's memory at a[2]
  switch (request) {
    case TCGETS: out = kKernelTermios; break;
    case TCSETS:
    case TCSETSW:
    case TCSETSF: in = kKernelTermios; break;
    case TIOCGWINSZ: out = kWinsize; break;
    case TIOCSWINSZ: in = kWinsize; break;
    case TIOCGPGRP: out = kPid; break;
    case TIOCSPGRP: in = kPid; break;
    default: return ::fcntl(fd, F_GETFD) < 0 ? -EBADF : -ENOTTY;
  }
  uint8_t buffer[64] = {};
  if (in != 0 && !guest_.copy_in(a[2], buffer, in)) return -EFAULT;
  if (::ioctl(fd, request, buffer) < 0) return -errno;
  return out == 0 || guest_.copy_out(a[2], buffer, out) ? 0 : -EFAULT;
}

int64_t Process::sys_newfstatat(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  struct stat st;
  if (::fstatat(dirfd_arg(a[0]), sysroot_.resolve(path).c_str(), &st, static_cast<int>(a[3])) < 0) return -errno;
  return put_stat(guest_, a[2], st);
}

int64_t Process::sys_fstat(const SyscallArgs& a) {
  struct stat st;
  if (::fstat(fd_arg(a[0]), &st) < 0) return -errno;
  return put_stat(guest_, a[1], st);
}

// struct statx is fixed-width and identical on every architecture.
int64_t Process::sys_statx(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  uint8_t buffer[256];
  if (!guest_.accessible(a[4], 256, kPermWrite)) return -EFAULT;
  const long r =
      syscall(SYS_statx, dirfd_arg(a[0]), path.c_str(), static_cast<int>(a[2]), static_cast<unsigned>(a[3]), buffer);
  if (r < 0) return -errno;
  guest_.copy_out(a[4], buffer, 256);
  return 0;
}

int64_t Process::sys_readlinkat(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  std::string target;
  if (names_own_executable(path)) {
    target = exe_path_;
  } else {
    char buffer[PATH_MAX];
    const ssize_t n = ::readlinkat(dirfd_arg(a[0]), sysroot_.resolve(path).c_str(), buffer, sizeof buffer);
    if (n < 0) return -errno;
    target.assign(buffer, n);
  }
  const uint64_t n = std::min<uint64_t>(target.size(), a[3]);
  if (static_cast<int64_t>(a[3]) <= 0) return -EINVAL;
  return guest_.copy_out(a[2], target.data(), n) ? static_cast<int64_t>(n) : -EFAULT;
}

// struct linux_dirent64 has one layout on every architecture.
int64_t Process::sys_getdents64(const SyscallArgs& a) {
  const uint64_t count = std::min<uint64_t>(a[2], 1 << 20);
  if (!guest_.accessible(a[1], count, kPermWrite)) return -EFAULT;
  std::vector<uint8_t> buffer(count);
  const long n = syscall(SYS_getdents64, fd_arg(a[0]), buffer.data(), count);
  if (n < 0) return -errno;
  guest_.copy_out(a[1], buffer.data(), n);
  return n;
}

int64_t Process::sys_getcwd(const SyscallArgs& a) {
  char buffer[PATH_MAX];
  if (!::getcwd(buffer, sizeof buffer)) return -errno;
  const uint64_t n = std::strlen(buffer) + 1;
  if (n > a[1]) return -ERANGE;
  return guest_.copy_out(a[0], buffer, n) ? static_cast<int64_t>(n) : -EFAULT;
}

int64_t Process::sys_chdir(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[0], path)) return -EFAULT;
  return host(::chdir(path.c_str()));
}

int64_t Process::sys_mkdirat(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  return host(::mkdirat(dirfd_arg(a[0]), path.c_str(), static_cast<mode_t>(a[2])));
}

int64_t Process::sys_unlinkat(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  return host(::unlinkat(dirfd_arg(a[0]), path.c_str(), static_cast<int>(a[2])));
}

int64_t Process::sys_renameat(const SyscallArgs& a) { return sys_renameat2({a[0], a[1], a[2], a[3], 0, 0}); }

int64_t Process::sys_renameat2(const SyscallArgs& a) {
  std::string from, to;
  if (!guest_.read_string(a[1], from) || !guest_.read_string(a[3], to)) return -EFAULT;
  return host(
      syscall(SYS_renameat2, dirfd_arg(a[0]), from.c_str(), dirfd_arg(a[2]), to.c_str(), static_cast<unsigned>(a[4])));
}

int64_t Process::sys_truncate(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[0], path)) return -EFAULT;
  return host(::truncate(path.c_str(), static_cast<off_t>(a[1])));
}

int64_t Process::sys_ftruncate(const SyscallArgs& a) {
  return host(::ftruncate(fd_arg(a[0]), static_cast<off_t>(a[1])));
}

int64_t Process::sys_faccessat(const SyscallArgs& a) { return sys_faccessat2({a[0], a[1], a[2], 0, 0, 0}); }

int64_t Process::sys_faccessat2(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  return host(::faccessat(dirfd_arg(a[0]), path.c_str(), static_cast<int>(a[2]), static_cast<int>(a[3])));
}

int64_t Process::sys_umask(const SyscallArgs& a) { return ::umask(static_cast<mode_t>(a[0])); }

}  // namespace warp64::linux_abi
