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
#include <optional>
#include <string>
#include <string_view>
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

// The descriptor that /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N
// names, as Linux opens them: the process's own.
std::optional<int> descriptor_named(const std::string& path) {
  if (path == "/dev/stdin") return 0;
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (const std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!path.starts_with(prefix) || path.size() == prefix.size() || path.size() > prefix.size() + 9) continue;
    const std::string digits = path.substr(prefix.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoi(digits);
  }
  return std::nullopt;
}

// What fstat says of a lane's captured stdout or stderr: a pipe's, the same on every run.
struct stat pipe_stat() {
  struct stat st = {};
  st.st_mode = S_IFIFO | 0600;
  st.st_nlink = 1;
  st.st_uid = ::getuid();
  st.st_gid = ::getgid();
  st.st_blksize = 4096;
  return st;
}

}  // namespace

// /proc/self/exe names the guest's executable, not warp64.
bool Process::names_own_executable(const std::string& path) const {
  return path == "/proc/self/exe" || path == "/proc/" + std::to_string(getpid()) + "/exe";
}

int Process::host_fd(uint64_t fd) const { return files_ ? files_->host_fd(static_cast<int32_t>(fd)) : fd_arg(fd); }

// A directory descriptor may be AT_FDCWD (-100), passed in the low 32 bits.
int Process::host_dirfd(uint64_t fd) const {
  const int32_t guest = static_cast<int32_t>(fd);
  return guest == AT_FDCWD ? AT_FDCWD : host_fd(fd);
}

int64_t Process::new_descriptor(int64_t host_fd, bool cloexec) {
  return files_ ? files_->adopt(host_fd, cloexec) : host_fd;
}

int64_t Process::put_descriptor_pair(uint64_t address, const int (&host_fds)[2], bool cloexec) {
  const int64_t first = new_descriptor(host_fds[0], cloexec);
  if (first < 0) ::close(host_fds[1]);
  const int64_t second = first < 0 ? first : new_descriptor(host_fds[1], cloexec);
  if (second < 0) {
    if (first >= 0) sys_close({static_cast<uint64_t>(first), 0, 0, 0, 0, 0});
    return second;
  }
  const int32_t out[2] = {static_cast<int32_t>(first), static_cast<int32_t>(second)};
  guest_.copy_out(address, out, 8);
  return 0;
}

int Process::captured_stream(uint64_t fd) const {
  if (files_) {
    const OpenFile* file = files_->find(static_cast<int32_t>(fd));
    return file ? file->captured_stream : 0;
  }
  return options_.capture_output && (fd == 1 || fd == 2) ? static_cast<int>(fd) : 0;
}

int64_t Process::read_into(uint64_t fd, uint64_t buffer, uint64_t count, int64_t offset, bool positional) {
  count = std::min<uint64_t>(count, 0x7ffff000);
  if (!guest_.accessible(buffer, count, kPermWrite)) return -EFAULT;
  OpenFile* file = files_ ? files_->find(static_cast<int32_t>(fd)) : nullptr;
  if (file && file->captured_stream) return -EBADF;  // the write end of a pipe
  const bool pooled = file && file->pooled;
  if (!positional && !pooled) {
    if (const int64_t interrupted = wait_until_ready(host_fd(fd), POLLIN)) return interrupted;
  }
  std::vector<uint8_t> data(count);
  const ssize_t n = positional || pooled ? ::pread(host_fd(fd), data.data(), count, positional ? offset : file->offset)
                                         : ::read(host_fd(fd), data.data(), count);
  if (n < 0) return interrupted_or(-errno);
  if (pooled && !positional) file->offset += n;
  guest_.copy_out(buffer, data.data(), n);
  return n;
}

int64_t Process::write_from(uint64_t fd, uint64_t buffer, uint64_t count, int64_t offset, bool positional) {
  count = std::min<uint64_t>(count, 0x7ffff000);
  if (!guest_.accessible(buffer, count, kPermRead)) return -EFAULT;
  std::vector<uint8_t> data(count);
  guest_.copy_in(buffer, data.data(), count);
  if (const int stream = captured_stream(fd)) {
    if (positional && files_) return -ESPIPE;  // a lane's captured streams are pipes
    if (!positional) {
      captured_[stream].append(data.begin(), data.end());
      return static_cast<int64_t>(count);
    }
  }
  if (!positional) {
    if (const int64_t interrupted = wait_until_ready(host_fd(fd), POLLOUT)) return interrupted;
  }
  const ssize_t n =
      positional ? ::pwrite(host_fd(fd), data.data(), count, offset) : ::write(host_fd(fd), data.data(), count);
  return n < 0 ? interrupted_or(-errno) : n;
}

int64_t Process::transfer_vector(uint64_t fd, uint64_t iov, uint64_t count, bool write) {
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

int64_t Process::sys_read(const SyscallArgs& a) { return read_into(a[0], a[1], a[2], 0, false); }
int64_t Process::sys_write(const SyscallArgs& a) { return write_from(a[0], a[1], a[2], 0, false); }
int64_t Process::sys_readv(const SyscallArgs& a) { return transfer_vector(a[0], a[1], a[2], false); }
int64_t Process::sys_writev(const SyscallArgs& a) { return transfer_vector(a[0], a[1], a[2], true); }

int64_t Process::sys_pread64(const SyscallArgs& a) {
  return read_into(a[0], a[1], a[2], static_cast<int64_t>(a[3]), true);
}

int64_t Process::sys_pwrite64(const SyscallArgs& a) {
  return write_from(a[0], a[1], a[2], static_cast<int64_t>(a[3]), true);
}

// A pooled file's offset is the lane's own; a lane's captured streams are pipes.
int64_t Process::sys_lseek(const SyscallArgs& a) {
  OpenFile* file = files_ ? files_->find(static_cast<int32_t>(a[0])) : nullptr;
  if (file && file->captured_stream) return -ESPIPE;
  if (!file || !file->pooled) return host(::lseek(host_fd(a[0]), static_cast<off_t>(a[1]), static_cast<int>(a[2])));
  int64_t base = 0;
  switch (a[2]) {
    case SEEK_SET: break;
    case SEEK_CUR: base = file->offset; break;
    case SEEK_END: {
      struct stat st;
      if (::fstat(file->host->fd(), &st) != 0) return -errno;
      base = st.st_size;
      break;
    }
    default: return -EINVAL;
  }
  const int64_t target = base + static_cast<int64_t>(a[1]);
  if (target < 0) return -EINVAL;
  return file->offset = target;
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
  const bool cloexec = flags & O_CLOEXEC;
  if (const std::optional<int> own = descriptor_named(path); own && files_) {
    // A lane's captured stream opens as itself again; any other descriptor as its host file.
    const OpenFile* file = files_->find(*own);
    if (!file) return -ENOENT;
    if (file->captured_stream) return files_->duplicate(*own, 0, cloexec);
    path = "/proc/self/fd/" + std::to_string(file->host->fd());
  }
  // A lane's read-only regular files are pooled: one host descriptor for every lane.
  if (files_ && (flags & O_ACCMODE) == O_RDONLY && !(flags & (O_CREAT | O_TRUNC | O_DIRECTORY | O_PATH))) {
    int64_t error = 0;
    if (auto pooled = files_->pool().open(host_dirfd(a[0]), path, flags, error)) {
      return files_->install(std::make_shared<OpenFile>(OpenFile{std::move(pooled), 0, true}), cloexec);
    }
    if (error != 0) return error;
  }
  return new_descriptor(host(::openat(host_dirfd(a[0]), path.c_str(), flags, static_cast<mode_t>(a[3]))), cloexec);
}

// The host's standard streams outlive the guest's view of them only through dup; a lane's
// descriptors are its own.
int64_t Process::sys_close(const SyscallArgs& a) {
  return files_ ? files_->close(static_cast<int32_t>(a[0])) : host(::close(host_fd(a[0])));
}

int64_t Process::sys_dup(const SyscallArgs& a) {
  return files_ ? files_->duplicate(static_cast<int32_t>(a[0]), 0, false) : host(::dup(host_fd(a[0])));
}

int64_t Process::sys_dup3(const SyscallArgs& a) {
  if (!files_) return host(::dup3(host_fd(a[0]), host_fd(a[1]), open_flags_to_host(a[2])));
  if ((a[2] & ~static_cast<uint64_t>(O_CLOEXEC)) != 0 || a[0] == a[1]) return -EINVAL;
  return files_->duplicate_to(static_cast<int32_t>(a[0]), static_cast<int32_t>(a[1]), a[2] & O_CLOEXEC);
}

int64_t Process::sys_pipe2(const SyscallArgs& a) {
  int fds[2];
  if (!guest_.accessible(a[0], 8, kPermWrite)) return -EFAULT;
  const int flags = open_flags_to_host(a[1]);
  if (::pipe2(fds, flags) < 0) return -errno;
  return put_descriptor_pair(a[0], fds, flags & O_CLOEXEC);
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

// flock and open-file-description locks belong to an open file description: a pooled file
// first takes one of its own, so that one lane's lock is not every lane's.
int Process::unshared_fd(uint64_t fd) {
  OpenFile* file = files_ ? files_->find(static_cast<int32_t>(fd)) : nullptr;
  if (file && file->pooled) {
    const int pooled = file->host->fd();
    const std::string path = "/proc/self/fd/" + std::to_string(pooled);
    const int own = ::open(path.c_str(), ::fcntl(pooled, F_GETFL) | O_CLOEXEC);
    if (own >= 0 && ::lseek(own, file->offset, SEEK_SET) >= 0) {
      file->host = std::make_shared<HostDescriptor>(own, true);
      file->pooled = false;
    } else if (own >= 0) {
      ::close(own);
    }
  }
  return host_fd(fd);
}

int64_t Process::sys_flock(const SyscallArgs& a) { return host(::flock(unshared_fd(a[0]), static_cast<int>(a[1]))); }

int64_t Process::sys_fcntl(const SyscallArgs& a) {
  const int fd = host_fd(a[0]), command = static_cast<int>(a[1]);
  if (files_) {
    const int32_t guest = static_cast<int32_t>(a[0]);
    switch (command) {
      case F_DUPFD:
      case F_DUPFD_CLOEXEC: return files_->duplicate(guest, static_cast<int32_t>(a[2]), command == F_DUPFD_CLOEXEC);
      case F_GETFD: return files_->descriptor_flags(guest);
      case F_SETFD: return files_->set_descriptor_flags(guest, static_cast<int>(a[2]));
      case F_SETFL:
        if (captured_stream(a[0])) return 0;  // warp64's own streams keep their flags
        break;
      default: break;
    }
  }
  switch (command) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_GETFD:
    case F_SETFD: return host(::fcntl(fd, command, static_cast<int>(a[2])));
    case F_GETFL: {
      const int r = ::fcntl(fd, F_GETFL);
      return r < 0 ? -errno : open_flags_to_guest(r);
    }
    case F_SETFL: return host(::fcntl(unshared_fd(a[0]), F_SETFL, open_flags_to_host(a[2])));
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW: return record_lock(unshared_fd(a[0]), command, a[2]);
    default: return -EINVAL;
  }
}

// The terminal requests a C library and a shell make, for the terminal, the window size and the
// foreground process group. Their numbers and layouts are asm-generic's on both sides: the
// kernel's struct termios (4 flag words, c_line, 19 c_cc), struct winsize, a pid_t.
int64_t Process::sys_ioctl(const SyscallArgs& a) {
  constexpr size_t kKernelTermios = 36, kWinsize = 8, kPid = 4;
  const int fd = host_fd(a[0]);
  if (captured_stream(a[0]) && files_) return -ENOTTY;  // a lane's captured streams are pipes
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
  if (files_ && path.empty() && (a[3] & AT_EMPTY_PATH) && captured_stream(a[0])) {
    st = pipe_stat();  // fstat as glibc makes it
  } else if (::fstatat(host_dirfd(a[0]), sysroot_.resolve(path).c_str(), &st, static_cast<int>(a[3])) < 0) {
    return -errno;
  }
  return put_stat(guest_, a[2], st);
}

int64_t Process::sys_fstat(const SyscallArgs& a) {
  struct stat st;
  if (files_ && captured_stream(a[0])) {
    st = pipe_stat();
  } else if (::fstat(host_fd(a[0]), &st) < 0) {
    return -errno;
  }
  return put_stat(guest_, a[1], st);
}

// struct statx is fixed-width and identical on every architecture.
int64_t Process::sys_statx(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  uint8_t buffer[256];
  if (!guest_.accessible(a[4], 256, kPermWrite)) return -EFAULT;
  const long r =
      syscall(SYS_statx, host_dirfd(a[0]), path.c_str(), static_cast<int>(a[2]), static_cast<unsigned>(a[3]), buffer);
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
    const ssize_t n = ::readlinkat(host_dirfd(a[0]), sysroot_.resolve(path).c_str(), buffer, sizeof buffer);
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
  const long n = syscall(SYS_getdents64, host_fd(a[0]), buffer.data(), count);
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
  return host(::mkdirat(host_dirfd(a[0]), path.c_str(), static_cast<mode_t>(a[2])));
}

int64_t Process::sys_unlinkat(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  return host(::unlinkat(host_dirfd(a[0]), path.c_str(), static_cast<int>(a[2])));
}

int64_t Process::sys_renameat(const SyscallArgs& a) { return sys_renameat2({a[0], a[1], a[2], a[3], 0, 0}); }

int64_t Process::sys_renameat2(const SyscallArgs& a) {
  std::string from, to;
  if (!guest_.read_string(a[1], from) || !guest_.read_string(a[3], to)) return -EFAULT;
  return host(syscall(SYS_renameat2, host_dirfd(a[0]), from.c_str(), host_dirfd(a[2]), to.c_str(),
                      static_cast<unsigned>(a[4])));
}

int64_t Process::sys_truncate(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[0], path)) return -EFAULT;
  return host(::truncate(path.c_str(), static_cast<off_t>(a[1])));
}

int64_t Process::sys_ftruncate(const SyscallArgs& a) {
  return host(::ftruncate(host_fd(a[0]), static_cast<off_t>(a[1])));
}

int64_t Process::sys_faccessat(const SyscallArgs& a) { return sys_faccessat2({a[0], a[1], a[2], 0, 0, 0}); }

int64_t Process::sys_faccessat2(const SyscallArgs& a) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  return host(::faccessat(host_dirfd(a[0]), path.c_str(), static_cast<int>(a[2]), static_cast<int>(a[3])));
}

int64_t Process::sys_umask(const SyscallArgs& a) { return ::umask(static_cast<mode_t>(a[0])); }

}  // namespace warp64::linux_abi
