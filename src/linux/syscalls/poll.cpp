// ppoll and pselect6 on host descriptors: struct pollfd, its event bits and fd_set have one
// layout on both sides. Each sleeps as a sleeping call (sleeping_calls.cpp) with the guest's
// temporary signal mask, and writes back the time left as Linux does.
#include <poll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <utility>
#include <vector>

#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

using Clock = std::chrono::steady_clock;

struct timespec to_timespec(Clock::duration d) {
  if (d < Clock::duration::zero()) d = Clock::duration::zero();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(d);
  return {seconds.count(), std::chrono::duration_cast<std::chrono::nanoseconds>(d - seconds).count()};
}

bool is_set(const std::vector<uint64_t>& set, int fd) { return !set.empty() && (set[fd / 64] >> (fd % 64) & 1); }

// The set with each descriptor's bit moved to its pair's: `from` (guest or host) of each pair
// to `to`, in a set of `words` words.
std::vector<uint64_t> remapped(const std::vector<uint64_t>& set, const std::vector<std::pair<int, int>>& pairs,
                               bool to_host, size_t words) {
  if (set.empty()) return set;
  std::vector<uint64_t> out(words);
  for (const auto& [guest, host] : pairs) {
    const int from = to_host ? guest : host, to = to_host ? host : guest;
    if (is_set(set, from)) out[to / 64] |= uint64_t{1} << (to % 64);
  }
  return out;
}

}  // namespace

int64_t Process::poll_descriptors(uint64_t timeout_at, uint64_t mask_at,
                                  const std::function<int64_t(const timespec*, const sigset_t*)>& attempt) {
  std::optional<Clock::time_point> deadline;
  if (timeout_at != 0) {
    int64_t t[2];
    if (!guest_.copy_in(timeout_at, t, sizeof t)) return -EFAULT;
    if (t[0] < 0 || t[1] < 0 || t[1] >= 1000000000) return -EINVAL;
    deadline = Clock::now() + std::chrono::seconds(t[0]) + std::chrono::nanoseconds(t[1]);
  }
  if (mask_at != 0) {
    uint64_t mask;
    if (!guest_.copy_in(mask_at, &mask, 8)) return -EFAULT;
    thread_->suspended_mask = thread_->sigmask;
    thread_->sigmask = mask & ~kUnblockable;
  }
  const struct timespec now { 0, 0 };
  const int64_t result = sleep_until(
      [&] {
        const int64_t ready = attempt(&now, nullptr);
        if (ready == -EINTR) return kWouldSleep;
        return ready != 0 || (deadline && Clock::now() >= *deadline) ? ready : kWouldSleep;
      },
      [&](const sigset_t* mask) {
        const struct timespec left = deadline ? to_timespec(*deadline - Clock::now()) : timespec{};
        return attempt(deadline ? &left : nullptr, mask);
      },
      kRestartNoHandler);
  // A handler's frame keeps the caller's mask for sigreturn; otherwise it comes back now.
  if (mask_at != 0 && result != kRestartNoHandler) {
    thread_->sigmask = *thread_->suspended_mask;
    thread_->suspended_mask.reset();
  }
  if (deadline) {
    const struct timespec left = to_timespec(*deadline - Clock::now());
    const int64_t t[2] = {left.tv_sec, left.tv_nsec};
    guest_.copy_out(timeout_at, t, sizeof t);
  }
  return result;
}

int64_t Process::sys_ppoll(const SyscallArgs& a) {
  static_assert(sizeof(struct pollfd) == 8);
  const uint64_t count = a[1];
  if (count > 65536) return -EINVAL;
  if (a[3] != 0 && a[4] != 8) return -EINVAL;
  std::vector<struct pollfd> fds(count);
  if (!guest_.copy_in(a[0], fds.data(), count * sizeof(struct pollfd))) return -EFAULT;
  const std::vector<struct pollfd> guest_fds = fds;
  for (struct pollfd& entry : fds) {
    if (entry.fd >= 0) entry.fd = host_fd(static_cast<uint32_t>(entry.fd));
  }
  const std::vector<struct pollfd> asked = fds;
  const int64_t result = poll_descriptors(a[2], a[3], [&](const timespec* timeout, const sigset_t* mask) {
    fds = asked;
    const int n = ::ppoll(fds.data(), count, timeout, mask);
    return n < 0 ? -errno : n;
  });
  for (uint64_t i = 0; i < count; ++i) fds[i].fd = guest_fds[i].fd;
  if (result >= 0 && !guest_.copy_out(a[0], fds.data(), count * sizeof(struct pollfd))) return -EFAULT;
  return result;
}

// The sixth argument points at { const sigset_t* mask; size_t size; }.
int64_t Process::sys_pselect6(const SyscallArgs& a) {
  const int count = static_cast<int>(a[0]);
  if (count < 0 || count > 65536) return -EINVAL;
  uint64_t mask_arg[2] = {0, 8};
  if (a[5] != 0 && !guest_.copy_in(a[5], mask_arg, sizeof mask_arg)) return -EFAULT;
  if (mask_arg[0] != 0 && mask_arg[1] != 8) return -EINVAL;
  const size_t words = (static_cast<size_t>(count) + 63) / 64;
  std::vector<uint64_t> asked[3], sets[3];
  for (int i = 0; i < 3; ++i) {
    if (a[1 + i] == 0) continue;
    asked[i].resize(words);
    if (!guest_.copy_in(a[1 + i], asked[i].data(), words * 8)) return -EFAULT;
  }
  // The sets go to the host by host descriptor and come back by the guest's.
  std::vector<std::pair<int, int>> pairs;
  int host_count = count;
  for (int fd = 0; fd < count; ++fd) {
    if (!is_set(asked[0], fd) && !is_set(asked[1], fd) && !is_set(asked[2], fd)) continue;
    const int host = host_fd(static_cast<uint64_t>(fd));
    if (host < 0) return -EBADF;
    pairs.emplace_back(fd, host);
    host_count = std::max(host_count, host + 1);
  }
  const size_t host_words = (static_cast<size_t>(host_count) + 63) / 64;
  for (std::vector<uint64_t>& set : asked) set = remapped(set, pairs, true, host_words);
  const int64_t result = poll_descriptors(a[4], mask_arg[0], [&](const timespec* timeout, const sigset_t* mask) {
    for (int i = 0; i < 3; ++i) sets[i] = asked[i];
    auto set = [&](int i) { return a[1 + i] != 0 ? sets[i].data() : nullptr; };
    const struct {
      const sigset_t* mask;
      size_t size;
    } host_mask = {mask, 8};
    const long n = syscall(SYS_pselect6, host_count, set(0), set(1), set(2), timeout, mask ? &host_mask : nullptr);
    return n < 0 ? -errno : n;
  });
  if (result < 0) return result;
  for (int i = 0; i < 3; ++i) {
    if (a[1 + i] == 0) continue;
    const std::vector<uint64_t> guest_set = remapped(sets[i], pairs, false, words);
    if (!guest_.copy_out(a[1 + i], guest_set.data(), words * 8)) return -EFAULT;
  }
  return result;
}

}  // namespace warp64::linux_abi
