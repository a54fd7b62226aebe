// System calls that describe the process and its machine: ids (the host process's own, which
// the guest may change as the host lets it), the system's name, resource limits, memory
// figures and random bytes.
#include <grp.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "linux/process.hpp"
#include "linux/syscalls/host_call.hpp"

namespace warp64::linux_abi {

int64_t Process::sys_getpid(const SyscallArgs&) { return getpid(); }
int64_t Process::sys_getppid(const SyscallArgs&) { return getppid(); }
// The thread's tid as its host thread had it when it started: a lane's call may be serviced on
// any host thread, or by the lane itself.
int64_t Process::sys_gettid(const SyscallArgs&) { return thread_->tid; }
int64_t Process::sys_getuid(const SyscallArgs&) { return getuid(); }
int64_t Process::sys_geteuid(const SyscallArgs&) { return geteuid(); }
int64_t Process::sys_getgid(const SyscallArgs&) { return getgid(); }
int64_t Process::sys_getegid(const SyscallArgs&) { return getegid(); }

// uid_t and gid_t are 32-bit on both sides. The set calls go to the kernel directly: the C
// library's wrappers would also change threads the guest does not have.
int64_t Process::sys_getresuid(const SyscallArgs& a) {
  uid_t ids[3];
  if (::getresuid(&ids[0], &ids[1], &ids[2]) < 0) return -errno;
  return put_ids(a, ids);
}

int64_t Process::sys_getresgid(const SyscallArgs& a) {
  gid_t ids[3];
  if (::getresgid(&ids[0], &ids[1], &ids[2]) < 0) return -errno;
  return put_ids(a, ids);
}

// The real, effective and saved ids, each to the pointer of its argument.
int64_t Process::put_ids(const SyscallArgs& a, const uint32_t (&ids)[3]) {
  for (int i = 0; i < 3; ++i) {
    if (!guest_.put(a[i], ids[i])) return -EFAULT;
  }
  return 0;
}

int64_t Process::sys_setuid(const SyscallArgs& a) { return host(syscall(SYS_setuid, a[0] & 0xffffffff)); }
int64_t Process::sys_setgid(const SyscallArgs& a) { return host(syscall(SYS_setgid, a[0] & 0xffffffff)); }
int64_t Process::sys_setfsuid(const SyscallArgs& a) { return syscall(SYS_setfsuid, a[0] & 0xffffffff); }
int64_t Process::sys_setfsgid(const SyscallArgs& a) { return syscall(SYS_setfsgid, a[0] & 0xffffffff); }

int64_t Process::sys_setreuid(const SyscallArgs& a) {
  return host(syscall(SYS_setreuid, a[0] & 0xffffffff, a[1] & 0xffffffff));
}

int64_t Process::sys_setregid(const SyscallArgs& a) {
  return host(syscall(SYS_setregid, a[0] & 0xffffffff, a[1] & 0xffffffff));
}

int64_t Process::sys_setresuid(const SyscallArgs& a) {
  return host(syscall(SYS_setresuid, a[0] & 0xffffffff, a[1] & 0xffffffff, a[2] & 0xffffffff));
}

int64_t Process::sys_setresgid(const SyscallArgs& a) {
  return host(syscall(SYS_setresgid, a[0] & 0xffffffff, a[1] & 0xffffffff, a[2] & 0xffffffff));
}

// getgroups(0, ...) counts the groups; a list too short for them is EINVAL.
int64_t Process::sys_getgroups(const SyscallArgs& a) {
  const int size = static_cast<int>(a[0]);
  if (size < 0) return -EINVAL;
  std::vector<gid_t> groups(std::min(size, 65536));
  const int n = ::getgroups(static_cast<int>(groups.size()), groups.data());
  if (n < 0) return -errno;
  if (size != 0 && !guest_.copy_out(a[1], groups.data(), static_cast<uint64_t>(n) * 4)) return -EFAULT;
  return n;
}

int64_t Process::sys_setgroups(const SyscallArgs& a) {
  if (a[0] > 65536) return -EINVAL;
  std::vector<gid_t> groups(a[0]);
  if (!guest_.copy_in(a[1], groups.data(), a[0] * 4)) return -EFAULT;
  return host(syscall(SYS_setgroups, groups.size(), groups.data()));
}

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
