// System calls on time: the host's clocks, sleeping on the host, and interval timers.
#include <poll.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#include <cerrno>

#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

bool read_timespec(const GuestMemory& guest, uint64_t address, struct timespec& ts) {
  int64_t v[2];
  if (!guest.copy_in(address, v, 16)) return false;
  ts = {v[0], v[1]};
  return true;
}

constexpr long kNanosPerSecond = 1000000000;

struct timespec add(const struct timespec& a, const struct timespec& b) {
  struct timespec sum = {a.tv_sec + b.tv_sec, a.tv_nsec + b.tv_nsec};
  if (sum.tv_nsec >= kNanosPerSecond) {
    ++sum.tv_sec;
    sum.tv_nsec -= kNanosPerSecond;
  }
  return sum;
}

// a - b, or zero when b is later.
struct timespec difference(const struct timespec& a, const struct timespec& b) {
  struct timespec left = {a.tv_sec - b.tv_sec, a.tv_nsec - b.tv_nsec};
  if (left.tv_nsec < 0) {
    --left.tv_sec;
    left.tv_nsec += kNanosPerSecond;
  }
  return left.tv_sec < 0 ? timespec{0, 0} : left;
}

// clock_gettime and clock_getres: the host's answer (`status`, then `ts`) written where the
// guest asked, when it asked.
int64_t clock_answer(GuestMemory& guest, int status, const struct timespec& ts, uint64_t address) {
  if (status < 0) return -errno;
  if (address == 0) return 0;
  const int64_t v[2] = {ts.tv_sec, ts.tv_nsec};
  return guest.copy_out(address, v, 16) ? 0 : -EFAULT;
}

}  // namespace

// Unlike clock_getres's, its buffer is not optional: a null one is EFAULT, as Linux gives.
int64_t Process::sys_clock_gettime(const SyscallArgs& a) {
  struct timespec ts;
  const int status = ::clock_gettime(static_cast<clockid_t>(a[0]), &ts);
  if (status == 0 && a[1] == 0) return -EFAULT;
  return clock_answer(guest_, status, ts, a[1]);
}

int64_t Process::sys_clock_getres(const SyscallArgs& a) {
  struct timespec ts;
  const int status = ::clock_getres(static_cast<clockid_t>(a[0]), &ts);
  return clock_answer(guest_, status, ts, a[1]);
}

int64_t Process::sys_gettimeofday(const SyscallArgs& a) {
  struct timeval tv;
  ::gettimeofday(&tv, nullptr);
  const int64_t v[2] = {tv.tv_sec, tv.tv_usec};
  if (a[0] && !guest_.copy_out(a[0], v, 16)) return -EFAULT;
  if (a[1]) {
    const int32_t tz[2] = {0, 0};
    if (!guest_.copy_out(a[1], tz, 8)) return -EFAULT;
  }
  return 0;
}

int64_t Process::sys_times(const SyscallArgs& a) {
  struct tms t;
  const clock_t r = ::times(&t);
  const int64_t v[4] = {t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime};
  if (a[0] && !guest_.copy_out(a[0], v, 32)) return -EFAULT;
  return r;
}

int64_t Process::sys_nanosleep(const SyscallArgs& a) { return sys_clock_nanosleep({CLOCK_MONOTONIC, 0, a[0], a[1]}); }

// Sleeps in ppoll, so that a signal for a handler ends the sleep (-EINTR, with the time left for
// a relative one) and any other lets it go on to the same deadline.
int64_t Process::sys_clock_nanosleep(const SyscallArgs& a) {
  const auto clock = static_cast<clockid_t>(a[0]);
  const bool absolute = a[1] & TIMER_ABSTIME;
  struct timespec request, now;
  if (!read_timespec(guest_, a[2], request)) return -EFAULT;
  if (request.tv_sec < 0 || request.tv_nsec < 0 || request.tv_nsec >= kNanosPerSecond) return -EINVAL;
  if (::clock_gettime(clock, &now) < 0) return -EINVAL;
  const struct timespec deadline = absolute ? request : add(now, request);
  auto left = [&] {
    struct timespec t;
    ::clock_gettime(clock, &t);
    return difference(deadline, t);
  };
  const int64_t result = sleep_until(
      [&] {
        const struct timespec t = left();
        return t.tv_sec == 0 && t.tv_nsec == 0 ? 0 : kWouldSleep;
      },
      [&](const sigset_t* mask) {
        const struct timespec t = left();
        return ::ppoll(nullptr, 0, &t, mask) < 0 ? -errno : 0;
      },
      -EINTR);
  if (result == -EINTR && !absolute && a[3]) {
    const struct timespec t = left();
    const int64_t v[2] = {t.tv_sec, t.tv_nsec};
    if (!guest_.copy_out(a[3], v, 16)) return -EFAULT;
  }
  return result;
}

// struct itimerval is four longs on both sides; ITIMER_REAL's SIGALRM comes to the host and
// from there to the guest.
int64_t Process::sys_getitimer(const SyscallArgs& a) {
  struct itimerval value;
  if (::getitimer(static_cast<__itimer_which>(a[0]), &value) < 0) return -errno;
  const int64_t v[4] = {value.it_interval.tv_sec, value.it_interval.tv_usec, value.it_value.tv_sec,
                        value.it_value.tv_usec};
  return guest_.copy_out(a[1], v, sizeof v) ? 0 : -EFAULT;
}

int64_t Process::sys_setitimer(const SyscallArgs& a) {
  int64_t v[4] = {};
  if (a[1] && !guest_.copy_in(a[1], v, sizeof v)) return -EFAULT;
  const struct itimerval value = {{v[0], v[1]}, {v[2], v[3]}};
  struct itimerval old;
  if (::setitimer(static_cast<__itimer_which>(a[0]), &value, &old) < 0) return -errno;
  const int64_t o[4] = {old.it_interval.tv_sec, old.it_interval.tv_usec, old.it_value.tv_sec, old.it_value.tv_usec};
  return a[2] == 0 || guest_.copy_out(a[2], o, sizeof o) ? 0 : -EFAULT;
}

}  // namespace warp64::linux_abi
