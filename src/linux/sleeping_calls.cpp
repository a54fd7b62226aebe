// System calls that sleep: each waits in a host call that a host signal always ends (ppoll,
// sigsuspend, with every caught signal blocked until then), so that a signal for the guest
// never waits behind a sleep, and is then interrupted or goes on as Linux decides.
#include <fcntl.h>
#include <poll.h>
#include <termios.h>

#include <cerrno>

#include "linux/host_signals.hpp"
#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

// A terminal read with VMIN 0 returns by itself (at once, or after VTIME) though poll calls
// it not ready.
bool returns_unready(int fd, short events) {
  struct termios settings;
  return events == POLLIN && ::tcgetattr(fd, &settings) == 0 && !(settings.c_lflag & ICANON) &&
         settings.c_cc[VMIN] == 0;
}

}  // namespace

int64_t Process::sleep_until(const std::function<int64_t()>& poll, const std::function<int64_t(const sigset_t*)>& sleep,
                             int64_t interrupted) {
  for (;;) {
    const int64_t result = poll();
    if (result != kWouldSleep) return result;
    take_host_signals();
    if (signal_waiting()) return interrupted;
    sleep_unlocked(sleep);
    if (exited_) return interrupted;  // another thread ended the process meanwhile
  }
}

int64_t Process::wait_until_ready(int fd, short events) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || (flags & O_NONBLOCK)) return 0;  // the call itself answers
  auto ready = [fd, events](const timespec* timeout, const sigset_t* mask) {
    struct pollfd entry {
      fd, events, 0
    };
    const int n = ::ppoll(&entry, 1, timeout, mask);
    return n < 0 ? -errno : n;
  };
  const timespec now{0, 0};
  return sleep_until(
      [&] {
        const int64_t n = ready(&now, nullptr);
        return (n == 0 || n == -EINTR) && !returns_unready(fd, events) ? kWouldSleep : 0;
      },
      [&](const sigset_t* mask) { return ready(nullptr, mask); }, kRestartSys);
}

}  // namespace warp64::linux_abi
