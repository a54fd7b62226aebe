// System calls that make descriptors of the kernel's own (eventfd, timerfd, memfd) and those
// that move bytes between descriptors without passing them through the guest (sendfile,
// splice, copy_file_range). Their flags are the open flags, equal on aarch64 and x86-64.
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "linux/process.hpp"
#include "linux/syscalls/host_call.hpp"

namespace warp64::linux_abi {
namespace {

// struct itimerspec is four 64-bit words on both sides.
bool read_itimerspec(const GuestMemory& guest, uint64_t address, struct itimerspec& value) {
  int64_t words[4];
  if (!guest.copy_in(address, words, sizeof words)) return false;
  value = {{words[0], words[1]}, {words[2], words[3]}};
  return true;
}

bool write_itimerspec(GuestMemory& guest, uint64_t address, const struct itimerspec& value) {
  const int64_t words[4] = {value.it_interval.tv_sec, value.it_interval.tv_nsec, value.it_value.tv_sec,
                            value.it_value.tv_nsec};
  return guest.copy_out(address, words, sizeof words);
}

}  // namespace

int64_t Process::sys_eventfd2(const SyscallArgs& a) {
  return new_descriptor(host(::eventfd(static_cast<unsigned>(a[0]), static_cast<int>(a[1]))), a[1] & EFD_CLOEXEC);
}

int64_t Process::sys_timerfd_create(const SyscallArgs& a) {
  return new_descriptor(host(::timerfd_create(static_cast<int>(a[0]), static_cast<int>(a[1]))), a[1] & TFD_CLOEXEC);
}

int64_t Process::sys_timerfd_settime(const SyscallArgs& a) {
  struct itimerspec fresh, old;
  if (!read_itimerspec(guest_, a[2], fresh)) return -EFAULT;
  if (::timerfd_settime(host_fd(a[0]), static_cast<int>(a[1]), &fresh, &old) < 0) return -errno;
  return a[3] == 0 || write_itimerspec(guest_, a[3], old) ? 0 : -EFAULT;
}

int64_t Process::sys_timerfd_gettime(const SyscallArgs& a) {
  struct itimerspec current;
  if (::timerfd_gettime(host_fd(a[0]), &current) < 0) return -errno;
  return write_itimerspec(guest_, a[1], current) ? 0 : -EFAULT;
}

int64_t Process::sys_memfd_create(const SyscallArgs& a) {
  std::string name;
  if (!guest_.read_string(a[0], name, 256)) return -EFAULT;
  return new_descriptor(host(::memfd_create(name.c_str(), static_cast<unsigned>(a[1]))), a[1] & MFD_CLOEXEC);
}

// The calls below take optional loff_t pointers: the offset is read from the guest, used by the
// host call, and the advanced offset written back.
int64_t Process::offset_transfer(uint64_t in_offset, uint64_t out_offset,
                                 int64_t (*transfer)(loff_t* in, loff_t* out, const SyscallArgs& a),
                                 const SyscallArgs& a) {
  loff_t offsets[2] = {0, 0};
  if (in_offset != 0 && !guest_.copy_in(in_offset, &offsets[0], 8)) return -EFAULT;
  if (out_offset != 0 && !guest_.copy_in(out_offset, &offsets[1], 8)) return -EFAULT;
  const int64_t n = transfer(in_offset != 0 ? &offsets[0] : nullptr, out_offset != 0 ? &offsets[1] : nullptr, a);
  if (n < 0) return -errno;
  if (in_offset != 0 && !guest_.copy_out(in_offset, &offsets[0], 8)) return -EFAULT;
  if (out_offset != 0 && !guest_.copy_out(out_offset, &offsets[1], 8)) return -EFAULT;
  return n;
}

// The transfers see the host's descriptors in place of the guest's.
int64_t Process::sys_sendfile(const SyscallArgs& a) {
  return offset_transfer(
      a[2], 0,
      [](loff_t* in, loff_t*, const SyscallArgs& v) -> int64_t {
        return ::sendfile(fd_arg(v[0]), fd_arg(v[1]), in, v[3]);
      },
      {static_cast<uint64_t>(host_fd(a[0])), static_cast<uint64_t>(host_fd(a[1])), a[2], a[3], a[4], a[5]});
}

int64_t Process::sys_splice(const SyscallArgs& a) {
  return offset_transfer(
      a[1], a[3],
      [](loff_t* in, loff_t* out, const SyscallArgs& v) -> int64_t {
        return ::splice(fd_arg(v[0]), in, fd_arg(v[2]), out, v[4], static_cast<unsigned>(v[5]));
      },
      {static_cast<uint64_t>(host_fd(a[0])), a[1], static_cast<uint64_t>(host_fd(a[2])), a[3], a[4], a[5]});
}

int64_t Process::sys_copy_file_range(const SyscallArgs& a) {
  return offset_transfer(
      a[1], a[3],
      [](loff_t* in, loff_t* out, const SyscallArgs& v) -> int64_t {
        return ::copy_file_range(fd_arg(v[0]), in, fd_arg(v[2]), out, v[4], static_cast<unsigned>(v[5]));
      },
      {static_cast<uint64_t>(host_fd(a[0])), a[1], static_cast<uint64_t>(host_fd(a[2])), a[3], a[4], a[5]});
}

}  // namespace warp64::linux_abi
