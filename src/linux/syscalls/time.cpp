// System calls on time: the host's clocks, and sleeping on the host.
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

// clock_gettime and clock_getres: the host's answer (`status`, then `ts`) written where the
// guest asked, when it asked.
int64_t clock_answer(GuestMemory& guest, int status, const struct timespec& ts, uint64_t address) {
  if (status < 0) return -errno;
  if (address == 0) return 0;
  const int64_t v[2] = {ts.tv_sec, ts.tv_nsec};
  return guest.copy_out(address, v, 16) ? 0 : -EFAULT;
}

}  // namespace

int64_t Process::sys_clock_gettime(const SyscallArgs& a) {
  struct timespec ts;
  const int status = ::clock_gettime(static_cast<clockid_t>(a[0]), &ts);
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

// No guest signal can arrive during the sleep, so the time left is never written back.
int64_t Process::sys_nanosleep(const SyscallArgs& a) {
  struct timespec request, left;
  if (!read_timespec(guest_, a[0], request)) return -EFAULT;
  return ::nanosleep(&request, &left) < 0 ? -errno : 0;
}

int64_t Process::sys_clock_nanosleep(const SyscallArgs& a) {
  struct timespec request, left;
  if (!read_timespec(guest_, a[2], request)) return -EFAULT;
  return -::clock_nanosleep(static_cast<clockid_t>(a[0]), static_cast<int>(a[1]), &request, &left);
}

}  // namespace warp64::linux_abi
