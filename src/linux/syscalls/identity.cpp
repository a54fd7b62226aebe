// System calls that describe the process and its machine: ids (the host process's own),
// the system's name, resource limits, memory figures and random bytes.
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "linux/process.hpp"

namespace warp64::linux_abi {

int64_t Process::sys_getpid(const SyscallArgs&) { return getpid(); }
int64_t Process::sys_getppid(const SyscallArgs&) { return getppid(); }
int64_t Process::sys_gettid(const SyscallArgs&) { return gettid(); }
int64_t Process::sys_getuid(const SyscallArgs&) { return getuid(); }
int64_t Process::sys_geteuid(const SyscallArgs&) { return geteuid(); }
int64_t Process::sys_getgid(const SyscallArgs&) { return getgid(); }
int64_t Process::sys_getegid(const SyscallArgs&) { return getegid(); }

// The host's names, on an aarch64 machine.
int64_t Process::sys_uname(const SyscallArgs& a) {
  struct utsname u;
  ::uname(&u);
  char out[6][65] = {};
  const char* fields[6] = {u.sysname, u.nodename, u.release, u.version, "aarch64", u.domainname};
  for (int i = 0; i < 6; ++i) std::strncpy(out[i], fields[i], 64);
  return guest_.copy_out(a[0], out, sizeof out) ? 0 : -EFAULT;
}

int64_t Process::sys_getrlimit(const SyscallArgs& a) { return sys_prlimit64({0, a[0], 0, a[1], 0, 0}); }

// The host's limits, except that the stack is the one the process has.
int64_t Process::sys_prlimit64(const SyscallArgs& a) {
  const auto resource = static_cast<__rlimit_resource>(static_cast<int>(a[1]));
  const uint64_t old_at = a[3];
  if (a[0] != 0 && static_cast<int>(a[0]) != getpid()) return -ESRCH;
  if (a[2]) {
    uint64_t fresh[2];
    if (!guest_.copy_in(a[2], fresh, 16)) return -EFAULT;
    const struct rlimit limit { fresh[0], fresh[1] };
    struct rlimit previous;
    if (::prlimit(0, resource, &limit, &previous) < 0) return -errno;
    const uint64_t v[2] = {previous.rlim_cur, previous.rlim_max};
    if (old_at && !guest_.copy_out(old_at, v, 16)) return -EFAULT;
    return 0;
  }
  struct rlimit limit;
  if (::getrlimit(resource, &limit) < 0) return -errno;
  if (resource == RLIMIT_STACK) limit.rlim_cur = std::min<uint64_t>(limit.rlim_cur, layout_.stack_size);
  const uint64_t v[2] = {limit.rlim_cur, limit.rlim_max};
  if (old_at && !guest_.copy_out(old_at, v, 16)) return -EFAULT;
  return 0;
}

int64_t Process::sys_sysinfo(const SyscallArgs& a) {
  struct sysinfo si;
  ::sysinfo(&si);
  // The 64-bit struct sysinfo: 112 bytes.
  uint8_t out[112] = {};
  auto at = [&](unsigned offset, auto value) { std::memcpy(out + offset, &value, sizeof value); };
  at(0, static_cast<int64_t>(si.uptime));
  for (int i = 0; i < 3; ++i) at(8 + 8 * i, static_cast<uint64_t>(si.loads[i]));
  at(32, static_cast<uint64_t>(si.totalram));
  at(40, static_cast<uint64_t>(si.freeram));
  at(48, static_cast<uint64_t>(si.sharedram));
  at(56, static_cast<uint64_t>(si.bufferram));
  at(64, static_cast<uint64_t>(si.totalswap));
  at(72, static_cast<uint64_t>(si.freeswap));
  at(80, static_cast<uint16_t>(si.procs));
  at(88, static_cast<uint64_t>(si.totalhigh));
  at(96, static_cast<uint64_t>(si.freehigh));
  at(104, static_cast<uint32_t>(si.mem_unit));
  return guest_.copy_out(a[0], out, sizeof out) ? 0 : -EFAULT;
}

int64_t Process::sys_getrandom(const SyscallArgs& a) {
  const uint64_t count = std::min<uint64_t>(a[1], 1 << 25);
  if (!guest_.accessible(a[0], count, kPermWrite)) return -EFAULT;
  std::vector<uint8_t> buffer(count);
  const ssize_t n = ::getrandom(buffer.data(), count, static_cast<unsigned>(a[2]));
  if (n < 0) return -errno;
  guest_.copy_out(a[0], buffer.data(), n);
  return n;
}

}  // namespace warp64::linux_abi
