// Waiting on host descriptors: ppoll and pselect6. Their structures (struct pollfd, fd_set,
// struct timespec) and event bits have one layout on aarch64 and x86-64. The guest's signal
// mask is replaced for the wait as Linux replaces it. A pending signal the wait's mask lets
// through ends the wait as Linux ends it: with the descriptors ready at once if any are (the
// caller's mask back, the signal still pending), else with EINTR.
#include <poll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "linux/process.hpp"
#include "linux/syscalls/host_call.hpp"

namespace warp64::linux_abi {
namespace {

// The timeout at `address` (0: wait forever) for a host call, and the time it left, written back
// as ppoll and pselect6 write it.
class Timeout {
 public:
  Timeout(GuestMemory& guest, uint64_t address) : guest_(guest), address_(address) {}
  bool read() {
    if (address_ == 0) return true;
    int64_t v[2];
    if (!guest_.copy_in(address_, v, 16)) return false;
    ts_ = {v[0], v[1]};
    return true;
  }
  struct timespec* host() {
    return address_ != 0 ? &ts_ : nullptr;
  }
  bool write_back() {
    const int64_t v[2] = {ts_.tv_sec, ts_.tv_nsec};
    return address_ == 0 || guest_.copy_out(address_, v, 16);
  }

 private:
  GuestMemory& guest_;
  uint64_t address_;
  struct timespec ts_ = {};
};

}  // namespace

int64_t Process::sys_ppoll(const SyscallArgs& a) {
  const uint64_t count = a[1];
  if (count > 1024 * 1024) return -EINVAL;
  std::vector<struct pollfd> fds(count);
  static_assert(sizeof(struct pollfd) == 8);
  if (!guest_.copy_in(a[0], fds.data(), count * 8)) return -EFAULT;
  Timeout timeout(guest_, a[2]);
  if (!timeout.read()) return -EFAULT;
  uint64_t restore = sigmask_;
  if (a[3] != 0) {
    if (const int64_t error = begin_masked_wait(a[3], a[4], restore)) return error;
  }
  const bool signalled = (pending_ & ~sigmask_) != 0;
  struct timespec now = {0, 0};
  const long n = syscall(SYS_ppoll, fds.data(), count, signalled ? &now : timeout.host(), nullptr, 8);
  const int error = errno;
  if (n == 0 && wait_interrupted(restore)) return -EINTR;
  sigmask_ = restore;
  if (n < 0) return -error;
  if (!timeout.write_back() || !guest_.copy_out(a[0], fds.data(), count * 8)) return -EFAULT;
  return n;
}

// The sixth argument points to { const sigset_t* mask; size_t size; }.
int64_t Process::sys_pselect6(const SyscallArgs& a) {
  const int count = static_cast<int>(a[0]);
  if (count < 0 || count > FD_SETSIZE) return -EINVAL;
  const uint64_t bytes = (static_cast<uint64_t>(count) + 63) / 64 * 8;
  fd_set sets[3];
  fd_set* host_sets[3] = {};
  for (int i = 0; i < 3; ++i) {
    FD_ZERO(&sets[i]);
    if (a[1 + i] == 0) continue;
    if (!guest_.copy_in(a[1 + i], &sets[i], bytes)) return -EFAULT;
    host_sets[i] = &sets[i];
  }
  Timeout timeout(guest_, a[4]);
  if (!timeout.read()) return -EFAULT;
  uint64_t restore = sigmask_;
  if (a[5] != 0) {
    uint64_t mask_arg[2];
    if (!guest_.copy_in(a[5], mask_arg, 16)) return -EFAULT;
    if (mask_arg[0] != 0) {
      if (const int64_t error = begin_masked_wait(mask_arg[0], mask_arg[1], restore)) return error;
    }
  }
  const bool signalled = (pending_ & ~sigmask_) != 0;
  struct timespec now = {0, 0};
  const long n = syscall(SYS_pselect6, count, host_sets[0], host_sets[1], host_sets[2],
                         signalled ? &now : timeout.host(), nullptr);
  const int error = errno;
  if (n == 0 && wait_interrupted(restore)) return -EINTR;
  sigmask_ = restore;
  if (n < 0) return -error;
  for (int i = 0; i < 3; ++i) {
    if (host_sets[i] != nullptr && !guest_.copy_out(a[1 + i], &sets[i], bytes)) return -EFAULT;
  }
  return timeout.write_back() ? n : -EFAULT;
}

}  // namespace warp64::linux_abi
