#include "linux/process.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <map>
#include <optional>
#include <random>

#include "engine/engine_choice.hpp"
#include "linux/elf_loader.hpp"
#include "linux/guest_memory.hpp"
#include "memory/address_space.hpp"

extern char** environ;

namespace warp64::linux_abi {
namespace {

// Guest memory is host memory, zero-filled when mapped (no overcommit): one brk, mmap or
// mremap request may not ask for more.
constexpr uint64_t kMaxMapping = 1ull << 30;

// AArch64 Linux hardware capabilities (asm/hwcap.h) for what the core implements.
constexpr uint64_t kHwcapFp = 1 << 0, kHwcapAsimd = 1 << 1, kHwcapCrc32 = 1 << 7, kHwcapAtomics = 1 << 8,
                   kHwcapLrcpc = 1 << 15, kHwcapDcpop = 1 << 16, kHwcapIlrcpc = 1 << 26, kHwcapSb = 1 << 29;

enum AuxType : uint64_t {
  AT_NULL_ = 0,
  AT_PHDR_ = 3,
  AT_PHENT_ = 4,
  AT_PHNUM_ = 5,
  AT_PAGESZ_ = 6,
  AT_BASE_ = 7,
  AT_FLAGS_ = 8,
  AT_ENTRY_ = 9,
  AT_UID_ = 11,
  AT_EUID_ = 12,
  AT_GID_ = 13,
  AT_EGID_ = 14,
  AT_PLATFORM_ = 15,
  AT_HWCAP_ = 16,
  AT_CLKTCK_ = 17,
  AT_SECURE_ = 23,
  AT_RANDOM_ = 25,
  AT_HWCAP2_ = 26,
  AT_EXECFN_ = 31,
};

// The generic (AArch64) open flags that differ from the host's x86-64 values.
constexpr int kGuestODirectory = 040000, kGuestONofollow = 0100000, kGuestODirect = 0200000, kGuestOLargefile = 0400000;

int open_flags_to_host(int guest) {
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

// Generic (AArch64) signal numbers; 1..31 equal the host's.
const char* signal_name(int sig) {
  static const char* const names[32] = {
      nullptr,     "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
      "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
      "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
      "SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS",
  };
  return sig > 0 && sig < 32 ? names[sig] : nullptr;
}

// The AArch64 rt_sigframe (arch/arm64/kernel/signal.c, asm/sigcontext.h, asm/ucontext.h):
// struct siginfo (128 bytes), then struct ucontext whose uc_mcontext is 16-byte aligned.
namespace frame {
constexpr uint64_t kInfo = 0;
constexpr uint64_t kUc = 128;
constexpr uint64_t kUcFlags = kUc + 0, kUcLink = kUc + 8, kUcStack = kUc + 16, kUcSigmask = kUc + 40;
constexpr uint64_t kMcontext = kUc + 176;  // after the kernel's 128-byte sigset area, aligned to 16
constexpr uint64_t kFaultAddress = kMcontext + 0, kRegs = kMcontext + 8, kSp = kMcontext + 256, kPc = kMcontext + 264,
                   kPstate = kMcontext + 272;
constexpr uint64_t kReserved = kMcontext + 288, kReservedSize = 4096;
constexpr uint64_t kSize = kReserved + kReservedSize;  // sizeof(struct rt_sigframe), a multiple of 16
constexpr uint32_t kFpsimdMagic = 0x46508001, kFpsimdSize = 528;
constexpr uint32_t kEsrMagic = 0x45535201, kEsrSize = 16;
static_assert(kSize == 4688);
}  // namespace frame

struct SyscallInfo {
  const char* name;
  const char* args;  // one letter per argument, see format_arg
};

// aarch64 (asm-generic) system call numbers.
const std::map<uint64_t, SyscallInfo>& syscall_table() {
  static const std::map<uint64_t, SyscallInfo> table = {
      {17, {"getcwd", "pu"}},
      {23, {"dup", "d"}},
      {24, {"dup3", "ddx"}},
      {25, {"fcntl", "ddx"}},
      {29, {"ioctl", "dxp"}},
      {34, {"mkdirat", "aso"}},
      {35, {"unlinkat", "asx"}},
      {38, {"renameat", "asas"}},
      {45, {"truncate", "sD"}},
      {46, {"ftruncate", "dD"}},
      {48, {"faccessat", "asox"}},
      {49, {"chdir", "s"}},
      {56, {"openat", "asOo"}},
      {57, {"close", "d"}},
      {59, {"pipe2", "px"}},
      {61, {"getdents64", "dpu"}},
      {62, {"lseek", "dDd"}},
      {63, {"read", "dBu"}},
      {64, {"write", "dbu"}},
      {65, {"readv", "dpu"}},
      {66, {"writev", "dpu"}},
      {67, {"pread64", "dBuD"}},
      {68, {"pwrite64", "dbuD"}},
      {78, {"readlinkat", "asBu"}},
      {79, {"newfstatat", "aspx"}},
      {80, {"fstat", "dp"}},
      {93, {"exit", "d"}},
      {94, {"exit_group", "d"}},
      {96, {"set_tid_address", "p"}},
      {98, {"futex", "pdxppx"}},
      {99, {"set_robust_list", "pu"}},
      {101, {"nanosleep", "pp"}},
      {113, {"clock_gettime", "dp"}},
      {114, {"clock_getres", "dp"}},
      {115, {"clock_nanosleep", "dxpp"}},
      {123, {"sched_getaffinity", "dup"}},
      {124, {"sched_yield", ""}},
      {129, {"kill", "dd"}},
      {130, {"tkill", "dd"}},
      {131, {"tgkill", "ddd"}},
      {132, {"sigaltstack", "pp"}},
      {134, {"rt_sigaction", "dppu"}},
      {133, {"rt_sigsuspend", "pu"}},
      {135, {"rt_sigprocmask", "dppu"}},
      {136, {"rt_sigpending", "pu"}},
      {139, {"rt_sigreturn", ""}},
      {153, {"times", "p"}},
      {160, {"uname", "p"}},
      {163, {"getrlimit", "dp"}},
      {166, {"umask", "o"}},
      {169, {"gettimeofday", "pp"}},
      {172, {"getpid", ""}},
      {173, {"getppid", ""}},
      {174, {"getuid", ""}},
      {175, {"geteuid", ""}},
      {176, {"getgid", ""}},
      {177, {"getegid", ""}},
      {178, {"gettid", ""}},
      {179, {"sysinfo", "p"}},
      {214, {"brk", "p"}},
      {215, {"munmap", "pu"}},
      {216, {"mremap", "puuxp"}},
      {222, {"mmap", "puPMdx"}},
      {226, {"mprotect", "puP"}},
      {233, {"madvise", "pud"}},
      {261, {"prlimit64", "ddpp"}},
      {276, {"renameat2", "asasx"}},
      {278, {"getrandom", "pux"}},
      {291, {"statx", "asxxp"}},
      {293, {"rseq", "puxx"}},
      {439, {"faccessat2", "asox"}},
  };
  return table;
}

}  // namespace

std::string signal_text(int sig) {
  if (const char* name = signal_name(sig)) return name;
  return sig >= 32 && sig <= 64 ? "SIGRT_" + std::to_string(sig - 32) : "signal " + std::to_string(sig);
}

void Process::setup_stack() {
  const uint64_t stack_base = layout_.stack_top - layout_.stack_size;
  if (space_.host_backed()) {
    space_.map(stack_base, layout_.stack_size, kPermRead | kPermWrite);
  } else {
    space_.adopt(stack_base, layout_.stack_size, kPermRead | kPermWrite);
  }
  std::vector<std::string> argv{options_.path};
  argv.insert(argv.end(), options_.args.begin(), options_.args.end());
  std::vector<std::string> envp;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    bool drop = false;
    for (const auto& u : options_.unset_env) drop |= u == name;
    for (const auto& s : options_.set_env) drop |= s.first == name;
    if (!drop) envp.push_back(entry);
  }
  for (const auto& s : options_.set_env) envp.push_back(s.first + "=" + s.second);

  // The stack's initial contents are assembled here, top down, and written in one piece.
  std::vector<uint8_t> top;  // the bytes of [stack_top - top.size(), stack_top)
  auto place = [&](uint64_t address, const void* data, size_t length) {
    const uint64_t needed = layout_.stack_top - address;
    if (needed > layout_.stack_size) throw Error("the arguments and environment do not fit in the stack");
    if (top.size() < needed) top.insert(top.begin(), needed - top.size(), 0);
    std::memcpy(top.data() + (top.size() - needed), data, length);
  };
  uint64_t sp = layout_.stack_top - 8;  // a zero word ends the string area
  auto push_string = [&](const std::string& text) {
    sp -= text.size() + 1;
    place(sp, text.c_str(), text.size() + 1);
    return sp;
  };
  const uint64_t execfn = push_string(options_.path);
  std::vector<uint64_t> env_ptrs, arg_ptrs;
  for (auto it = envp.rbegin(); it != envp.rend(); ++it) env_ptrs.insert(env_ptrs.begin(), push_string(*it));
  for (auto it = argv.rbegin(); it != argv.rend(); ++it) arg_ptrs.insert(arg_ptrs.begin(), push_string(*it));
  const uint64_t platform = push_string("aarch64");
  uint8_t random[16];
  std::random_device device;
  for (auto& b : random) b = static_cast<uint8_t>(device());
  sp = (sp - 16) & ~15ull;
  const uint64_t random_at = sp;
  place(random_at, random, sizeof random);

  const std::vector<std::pair<uint64_t, uint64_t>> aux = {
      {AT_PHDR_, image_.phdr_address},
      {AT_PHENT_, image_.phent},
      {AT_PHNUM_, image_.phnum},
      {AT_PAGESZ_, kPageSize},
      {AT_BASE_, 0},
      {AT_FLAGS_, 0},
      {AT_ENTRY_, image_.entry},
      {AT_UID_, getuid()},
      {AT_EUID_, geteuid()},
      {AT_GID_, getgid()},
      {AT_EGID_, getegid()},
      {AT_SECURE_, 0},
      {AT_RANDOM_, random_at},
      {AT_HWCAP_,
       kHwcapFp | kHwcapAsimd | kHwcapCrc32 | kHwcapAtomics | kHwcapLrcpc | kHwcapDcpop | kHwcapIlrcpc | kHwcapSb},
      {AT_HWCAP2_, 0},
      {AT_CLKTCK_, 100},
      {AT_EXECFN_, execfn},
      {AT_PLATFORM_, platform},
      {AT_NULL_, 0},
  };
  std::vector<uint64_t> words;
  words.push_back(argv.size());
  words.insert(words.end(), arg_ptrs.begin(), arg_ptrs.end());
  words.push_back(0);
  words.insert(words.end(), env_ptrs.begin(), env_ptrs.end());
  words.push_back(0);
  for (const auto& [key, value] : aux) {
    words.push_back(key);
    words.push_back(value);
  }
  sp = (sp - words.size() * 8) & ~15ull;
  place(sp, words.data(), words.size() * 8);
  space_.write_bytes(layout_.stack_top - top.size(), top);
  state_.sp = sp;
}

int64_t Process::sys_read_like(int fd, uint64_t buf, uint64_t count, int64_t offset, bool positional) {
  count = std::min<uint64_t>(count, 0x7ffff000);
  if (!guest_.accessible(buf, count, kPermWrite)) return -EFAULT;
  std::vector<uint8_t> data(count);
  const ssize_t n = positional ? pread(fd, data.data(), count, offset) : ::read(fd, data.data(), count);
  if (n < 0) return -errno;
  guest_.copy_out(buf, data.data(), n);
  return n;
}

int64_t Process::sys_write_like(int fd, uint64_t buf, uint64_t count, int64_t offset, bool positional) {
  count = std::min<uint64_t>(count, 0x7ffff000);
  if (!guest_.accessible(buf, count, kPermRead)) return -EFAULT;
  std::vector<uint8_t> data(count);
  guest_.copy_in(buf, data.data(), count);
  if (options_.capture_output && !positional && (fd == 1 || fd == 2)) {
    captured_[fd].append(data.begin(), data.end());
    return static_cast<int64_t>(count);
  }
  const ssize_t n = positional ? pwrite(fd, data.data(), count, offset) : ::write(fd, data.data(), count);
  return n < 0 ? -errno : n;
}

int64_t Process::sys_iov(int fd, uint64_t iov, uint64_t count, bool write) {
  if (count > 1024) return -EINVAL;
  std::vector<uint64_t> vec(count * 2);
  if (!guest_.copy_in(iov, vec.data(), count * 16)) return -EFAULT;
  int64_t total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t base = vec[2 * i], len = vec[2 * i + 1];
    if (len == 0) continue;
    const int64_t n = write ? sys_write_like(fd, base, len, 0, false) : sys_read_like(fd, base, len, 0, false);
    if (n < 0) return total ? total : n;
    total += n;
    if (static_cast<uint64_t>(n) < len) break;
  }
  return total;
}

int64_t Process::put_stat(uint64_t address, const struct stat& st) {
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
  return guest_.copy_out(address, out, sizeof out) ? 0 : -EFAULT;
}

int64_t Process::sys_brk(uint64_t address) {
  if (address < brk_start_) return brk_;
  const uint64_t old_end = page_up(brk_), new_end = page_up(address);
  if (new_end > old_end) {
    if (new_end - old_end > kMaxMapping || new_end > layout_.heap_limit) return brk_;
    if (!space_.is_free(old_end, new_end - old_end)) return brk_;
    try {
      space_.map(old_end, new_end - old_end, kPermRead | kPermWrite);
    } catch (const Error&) {
      return brk_;
    }
  } else if (new_end < old_end) {
    space_.unmap(new_end, old_end - new_end);
  }
  brk_ = address;
  return brk_;
}

namespace {
uint8_t prot_to_perms(uint64_t prot) {
  return (prot & 1 ? kPermRead : 0) | (prot & 2 ? kPermWrite : 0) | (prot & 4 ? kPermExecute : 0);
}
}  // namespace

int64_t Process::sys_mmap(const uint64_t a[6]) {
  const uint64_t addr = a[0], length = a[1], prot = a[2], flags = a[3], offset = a[5];
  const int fd = static_cast<int>(a[4]);
  constexpr uint64_t kShared = 1, kPrivate = 2, kFixed = 0x10, kAnonymous = 0x20, kFixedNoreplace = 0x100000;
  if (length == 0 || length > (1ull << 47)) return -EINVAL;
  if (length > kMaxMapping) return -ENOMEM;
  if ((flags & 3) != kShared && (flags & 3) != kPrivate && (flags & 3) != 3) return -EINVAL;
  if (offset % kPageSize) return -EINVAL;
  const uint64_t size = page_up(length);
  if (!(flags & kAnonymous) && (flags & 3) != kPrivate && (prot & 2)) return -ENODEV;  // shared writable file
  std::vector<uint8_t> contents;
  if (!(flags & kAnonymous)) {
    struct stat st;
    if (fstat(fd, &st) != 0) return -EBADF;
    if (!S_ISREG(st.st_mode)) return -ENODEV;
    const uint64_t available = static_cast<uint64_t>(st.st_size) > offset ? st.st_size - offset : 0;
    contents.resize(std::min<uint64_t>(length, available));
    ssize_t n = pread(fd, contents.data(), length, static_cast<off_t>(offset));
    if (n < 0) return -errno;
    contents.resize(n);
  }
  uint64_t base;
  if (flags & (kFixed | kFixedNoreplace)) {
    if (addr % kPageSize || addr + size < addr || addr + size > (1ull << 48)) return -EINVAL;
    if (!placeable(addr, size)) return -ENOMEM;
    if (!space_.is_free(addr, size)) {
      if (flags & kFixedNoreplace) return -EEXIST;
      space_.unmap(addr, size);
    }
    base = addr;
  } else {
    base = 0;
    if (addr && addr % kPageSize == 0 && addr >= layout_.mmap_floor && placeable(addr, size) &&
        space_.is_free(addr, size)) {
      base = addr;
    }
    if (!base) base = space_.find_free(size, layout_.mmap_floor, layout_.mmap_ceiling, kPageSize);
    if (!base) return -ENOMEM;
  }
  try {
    space_.map(base, size, prot_to_perms(prot));
  } catch (const Error&) {
    return -ENOMEM;
  }
  if (!contents.empty()) space_.write_bytes(base, contents);
  return static_cast<int64_t>(base);
}

int64_t Process::sys_mremap(const uint64_t a[6]) {
  const uint64_t old_addr = a[0], old_size = page_up(a[1]), new_size = page_up(a[2]), flags = a[3];
  if (old_addr % kPageSize || new_size == 0 || (flags & ~3ull)) return -EINVAL;
  if (new_size > kMaxMapping) return -ENOMEM;
  if (!guest_.accessible(old_addr, old_size, 0)) return -EFAULT;
  if (new_size <= old_size) {
    space_.unmap(old_addr + new_size, old_size - new_size);
    return static_cast<int64_t>(old_addr);
  }
  const Region* region = space_.find(old_addr);
  if (region == nullptr) return -EFAULT;
  const uint8_t perms = region->perms;
  if (space_.is_free(old_addr + old_size, new_size - old_size) && placeable(old_addr, new_size)) {
    space_.map(old_addr + old_size, new_size - old_size, perms);
    return static_cast<int64_t>(old_addr);
  }
  if (!(flags & 1)) return -ENOMEM;  // MREMAP_MAYMOVE
  const uint64_t base = space_.find_free(new_size, layout_.mmap_floor, layout_.mmap_ceiling, kPageSize);
  if (!base) return -ENOMEM;
  std::vector<uint8_t> data;
  try {
    data = space_.read_bytes(old_addr, old_size);
  } catch (const Error&) {
    return -EFAULT;
  }
  space_.map(base, new_size, perms);
  space_.write_bytes(base, data);
  space_.unmap(old_addr, old_size);
  return static_cast<int64_t>(base);
}

int64_t Process::sys_readlinkat(const uint64_t a[6]) {
  std::string path;
  if (!guest_.read_string(a[1], path)) return -EFAULT;
  std::string target;
  if (path == "/proc/self/exe" || path == "/proc/" + std::to_string(getpid()) + "/exe") {
    target = exe_path_;
  } else {
    char buffer[PATH_MAX];
    const ssize_t n = readlinkat(dirfd(a[0]), path.c_str(), buffer, sizeof buffer);
    if (n < 0) return -errno;
    target.assign(buffer, n);
  }
  const uint64_t n = std::min<uint64_t>(target.size(), a[3]);
  if (static_cast<int64_t>(a[3]) <= 0) return -EINVAL;
  return guest_.copy_out(a[2], target.data(), n) ? static_cast<int64_t>(n) : -EFAULT;
}

int64_t Process::sys_rt_sigaction(const uint64_t a[6]) {
  const int sig = static_cast<int>(a[0]);
  if (sig < 1 || sig > 64 || a[3] != 8) return -EINVAL;
  if ((sig == SIGKILL || sig == SIGSTOP) && a[1]) return -EINVAL;
  std::array<uint8_t, 32> old{};
  if (auto it = actions_.find(sig); it != actions_.end()) old = it->second;
  std::array<uint8_t, 32> fresh{};
  if (a[1] && !guest_.copy_in(a[1], fresh.data(), 32)) return -EFAULT;
  if (a[2] && !guest_.copy_out(a[2], old.data(), 32)) return -EFAULT;
  if (a[1]) {
    actions_[sig] = fresh;
    // Setting a signal to be ignored discards a pending one.
    const GuestSigaction act = action(sig);
    if (act.handler == kSigIgn || (act.handler == kSigDfl && default_ignored(sig))) pending_ &= ~sig_bit(sig);
  }
  return 0;
}

GuestSigaction Process::action(int sig) const {
  GuestSigaction act{};
  if (auto it = actions_.find(sig); it != actions_.end()) std::memcpy(&act, it->second.data(), sizeof act);
  return act;
}

// A signal the process sends itself becomes pending; deliver_pending acts on it when the
// system call returns, as the kernel does on its way back to user space.
int64_t Process::sys_kill_self(int sig, int code) {
  if (sig < 0 || sig > 64) return -EINVAL;
  if (sig == 0) return 0;
  const GuestSigaction act = action(sig);
  // An ignored signal is discarded when sent, blocked or not.
  if (sig != SIGKILL && sig != SIGSTOP && (act.handler == kSigIgn || (act.handler == kSigDfl && default_ignored(sig))))
    return 0;
  if (!(pending_ & sig_bit(sig))) pending_code_[sig] = code;
  pending_ |= sig_bit(sig);
  return 0;
}

void Process::die_of_signal(int sig, const std::string& why) {
  std::string line = "warp64: guest " + signal_text(sig) + ": " + why + " at pc " + hex(syscall_pc_);
  const std::string symbol = image_.symbolize(syscall_pc_);
  if (!symbol.empty()) line += " <" + symbol + ">";
  if (options_.strace) std::fprintf(stderr, "+++ killed by %s +++\n", signal_text(sig).c_str());
  report(line);
  exited_ = true;
  exit_signal_ = sig;
  exit_code_ = 128 + sig;
}

// Acts on every pending signal the mask lets through, lowest number first, each handler's
// frame on top of the previous one (so the last one set up runs first), as Linux does.
void Process::deliver_pending() {
  while (!exited_) {
    const uint64_t ready = pending_ & ~(sigmask_ & ~kUnblockable);
    if (ready == 0) {
      if (!suspended_mask_) return;
      // rt_sigsuspend woke for no handler: its caller's mask comes back now.
      sigmask_ = *suspended_mask_;
      suspended_mask_.reset();
      continue;
    }
    const int sig = __builtin_ctzll(ready) + 1;
    pending_ &= ~sig_bit(sig);
    const GuestSigaction act = action(sig);
    if (act.handler == kSigIgn && sig != SIGKILL && sig != SIGSTOP) continue;
    if (act.handler == kSigDfl || sig == SIGKILL || sig == SIGSTOP) {
      if (default_ignored(sig)) continue;
      if (default_stops(sig)) {
        ::raise(SIGSTOP);  // the whole emulator stops, as the process would; SIGCONT resumes it
        continue;
      }
      die_of_signal(sig, "killed by its own signal");
      return;
    }
    if (!push_signal_frame(sig, act)) {
      // Linux forces SIGSEGV when the frame cannot be written.
      die_of_signal(SIGSEGV, "cannot write the frame for " + signal_text(sig) + " handler");
      return;
    }
  }
}

bool Process::push_signal_frame(int sig, const GuestSigaction& act, const FaultSignal* fault) {
  uint64_t sp = state_.sp;
  if ((act.flags & kSaOnstack) && altstack_flags(sp) == 0) sp = altstack_[0] + altstack_[2];
  const uint64_t record = (sp - 16) & ~15ull;  // the frame record {fp, lr}
  const uint64_t base = record - frame::kSize;
  if (base > record || !guest_.accessible(base, record + 16 - base, kPermWrite)) return false;

  uint64_t restorer = act.restorer;
  if (!(act.flags & kSaRestorer)) {
    // Linux returns through the vDSO's sigreturn; a page of our own holds the same two
    // instructions: mov x8, #139; svc #0.
    if (sigreturn_trampoline_ == 0) {
      const uint64_t page = space_.find_free(kPageSize, layout_.mmap_floor, layout_.mmap_ceiling, kPageSize);
      if (page == 0) return false;
      space_.map(page, kPageSize, kPermRead | kPermWrite);
      const uint32_t code[2] = {0xd2801168, 0xd4000001};
      guest_.copy_out(page, code, sizeof code);
      space_.protect(page, kPageSize, kPermRead | kPermExecute);
      sigreturn_trampoline_ = page;
    }
    restorer = sigreturn_trampoline_;
  }

  std::vector<uint8_t> f(frame::kSize, 0);
  auto at = [&](uint64_t offset, auto value) { std::memcpy(f.data() + offset, &value, sizeof value); };
  // siginfo: si_signo, si_errno, si_code, then _sigfault { si_addr } for a fault or
  // _kill { si_pid, si_uid } for kill/tkill/tgkill.
  at(frame::kInfo + 0, static_cast<int32_t>(sig));
  if (fault != nullptr) {
    at(frame::kInfo + 8, static_cast<int32_t>(fault->code));
    at(frame::kInfo + 16, fault->address);
  } else {
    at(frame::kInfo + 8, static_cast<int32_t>(pending_code_[sig]));
    at(frame::kInfo + 16, static_cast<int32_t>(getpid()));
    at(frame::kInfo + 20, static_cast<uint32_t>(getuid()));
  }
  // uc_flags and uc_link stay zero.
  at(frame::kUcStack + 0, altstack_[0]);
  at(frame::kUcStack + 8, static_cast<int32_t>(altstack_flags(state_.sp)));
  at(frame::kUcStack + 16, altstack_[2]);
  at(frame::kUcSigmask, suspended_mask_.value_or(sigmask_));
  at(frame::kFaultAddress, fault != nullptr ? fault->address : uint64_t{0});
  for (int i = 0; i < 31; ++i) at(frame::kRegs + 8 * i, state_.x[i]);
  at(frame::kSp, state_.sp);
  at(frame::kPc, state_.pc);
  at(frame::kPstate, static_cast<uint64_t>(state_.nzcv & 0xf0000000u));
  // fpsimd_context, then the terminating null record.
  at(frame::kReserved + 0, frame::kFpsimdMagic);
  at(frame::kReserved + 4, frame::kFpsimdSize);
  at(frame::kReserved + 8, state_.fpsr);
  at(frame::kReserved + 12, state_.fpcr);
  std::memcpy(f.data() + frame::kReserved + 16, state_.v, sizeof state_.v);
  guest_.copy_out(base, f.data(), f.size());
  const uint64_t fp_lr[2] = {state_.x[29], state_.x[30]};
  guest_.copy_out(record, fp_lr, sizeof fp_lr);

  if (options_.strace && fault != nullptr) {
    std::fprintf(stderr, "--- %s {si_signo=%s, si_code=%d, si_addr=%s} ---\n", signal_text(sig).c_str(),
                 signal_text(sig).c_str(), fault->code, hex(fault->address).c_str());
  } else if (options_.strace) {
    std::fprintf(stderr, "--- %s {si_signo=%s, si_code=%s, si_pid=%d, si_uid=%u} ---\n", signal_text(sig).c_str(),
                 signal_text(sig).c_str(), pending_code_[sig] == kSiTkill ? "SI_TKILL" : "SI_USER", getpid(), getuid());
  }
  state_.x[0] = static_cast<uint64_t>(sig);
  state_.x[1] = base + frame::kInfo;
  state_.x[2] = base + frame::kUc;
  state_.x[29] = record;
  state_.x[30] = restorer;
  state_.sp = base;
  state_.pc = act.handler;
  state_.exclusive_open = 0;

  suspended_mask_.reset();
  uint64_t blocked = sigmask_ | act.mask;
  if (!(act.flags & kSaNodefer)) blocked |= sig_bit(sig);
  sigmask_ = blocked & ~kUnblockable;
  if (act.flags & kSaResethand) {
    GuestSigaction reset = act;
    reset.handler = kSigDfl;
    std::memcpy(actions_[sig].data(), &reset, sizeof reset);
  }
  return true;
}

// rt_sigreturn: everything the frame at sp saved comes back; false for a frame Linux rejects.
bool Process::sys_rt_sigreturn() {
  const uint64_t base = state_.sp;
  if (base & 15) return false;
  std::vector<uint8_t> f(frame::kSize);
  if (!guest_.copy_in(base, f.data(), f.size())) return false;
  auto get = [&](uint64_t offset, auto& value) { std::memcpy(&value, f.data() + offset, sizeof value); };
  // The records in __reserved: fpsimd_context is required, an esr_context may be present.
  bool have_fpsimd = false;
  for (uint64_t offset = 0;;) {
    if (offset + 8 > frame::kReservedSize) return false;
    uint32_t magic, size;
    get(frame::kReserved + offset, magic);
    get(frame::kReserved + offset + 4, size);
    if (magic == 0) {
      if (size != 0) return false;
      break;
    }
    if (magic == frame::kFpsimdMagic) {
      if (size != frame::kFpsimdSize || have_fpsimd) return false;
      have_fpsimd = true;
    } else if (magic != frame::kEsrMagic || size != frame::kEsrSize) {
      return false;
    }
    if (size % 16 || size > frame::kReservedSize - offset) return false;
    offset += size;
  }
  if (!have_fpsimd) return false;

  uint64_t mask, pstate;
  get(frame::kUcSigmask, mask);
  for (int i = 0; i < 31; ++i) get(frame::kRegs + 8 * i, state_.x[i]);
  get(frame::kSp, state_.sp);
  get(frame::kPc, state_.pc);
  get(frame::kPstate, pstate);
  state_.nzcv = static_cast<uint32_t>(pstate) & 0xf0000000u;
  for (uint64_t offset = 0;;) {  // the fpsimd record, found again now the walk is known good
    uint32_t magic, size;
    get(frame::kReserved + offset, magic);
    get(frame::kReserved + offset + 4, size);
    if (magic == frame::kFpsimdMagic) {
      get(frame::kReserved + offset + 8, state_.fpsr);
      get(frame::kReserved + offset + 12, state_.fpcr);
      std::memcpy(state_.v, f.data() + frame::kReserved + offset + 16, sizeof state_.v);
      break;
    }
    offset += size;
  }
  sigmask_ = mask & ~kUnblockable;
  state_.exclusive_open = 0;
  // uc_stack: the handler may have changed the alternate stack; ignored while running on it.
  uint64_t ss_sp, ss_size;
  int32_t ss_flags;
  get(frame::kUcStack + 0, ss_sp);
  get(frame::kUcStack + 8, ss_flags);
  get(frame::kUcStack + 16, ss_size);
  if (!on_altstack(state_.sp)) {
    const int mode = ss_flags & ~static_cast<int32_t>(1u << 31);  // less SS_AUTODISARM
    if (mode == kSsDisable) {
      altstack_[0] = 0, altstack_[1] = kSsDisable, altstack_[2] = 0;
    } else if ((mode == 0 || mode == kSsOnstack) && ss_size >= kGuestMinSigstksz) {
      altstack_[0] = ss_sp, altstack_[1] = 0, altstack_[2] = ss_size;
    }
  }
  return true;
}

int64_t Process::dispatch(uint64_t number, const uint64_t a[6]) {
  std::string path, path2;
  const int fd = static_cast<int>(a[0]);
  switch (number) {
    case 17: {  // getcwd
      char buffer[PATH_MAX];
      if (!::getcwd(buffer, sizeof buffer)) return -errno;
      const uint64_t n = std::strlen(buffer) + 1;
      if (n > a[1]) return -ERANGE;
      return guest_.copy_out(a[0], buffer, n) ? static_cast<int64_t>(n) : -EFAULT;
    }
    case 23: return host(::dup(fd));
    case 24: return host(::dup3(fd, static_cast<int>(a[1]), open_flags_to_host(static_cast<int>(a[2]))));
    case 25: {  // fcntl
      const int cmd = static_cast<int>(a[1]);
      switch (cmd) {
        case F_DUPFD:
        case F_DUPFD_CLOEXEC:
        case F_GETFD:
        case F_SETFD: return host(::fcntl(fd, cmd, static_cast<int>(a[2])));
        case F_GETFL: {
          const int r = ::fcntl(fd, F_GETFL);
          return r < 0 ? -errno : open_flags_to_guest(r);
        }
        case F_SETFL: return host(::fcntl(fd, F_SETFL, open_flags_to_host(static_cast<int>(a[2]))));
        default: return -EINVAL;
      }
    }
    case 29: {  // ioctl
      const unsigned long request = a[1];
      if (request != TCGETS && request != TIOCGWINSZ) return ::fcntl(fd, F_GETFD) < 0 ? -EBADF : -ENOTTY;
      if (::fcntl(fd, F_GETFD) < 0) return -EBADF;
      if (!::isatty(fd)) return -ENOTTY;
      if (request == TIOCGWINSZ) {
        struct winsize ws;
        if (::ioctl(fd, TIOCGWINSZ, &ws) < 0) return -errno;
        const uint16_t v[4] = {ws.ws_row, ws.ws_col, ws.ws_xpixel, ws.ws_ypixel};
        return guest_.copy_out(a[2], v, 8) ? 0 : -EFAULT;
      }
      // The kernel's struct termios (asm-generic/termbits.h): 4 flag words, c_line, 19 c_cc.
      struct termios t;
      if (::ioctl(fd, TCGETS, &t) < 0) return -errno;
      uint8_t out[36] = {};
      const uint32_t flags[4] = {t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag};
      std::memcpy(out, flags, 16);
      out[16] = t.c_line;
      std::memcpy(out + 17, t.c_cc, 19);
      return guest_.copy_out(a[2], out, sizeof out) ? 0 : -EFAULT;
    }
    case 34:
      if (!guest_.read_string(a[1], path)) return -EFAULT;
      return host(::mkdirat(dirfd(a[0]), path.c_str(), static_cast<mode_t>(a[2])));
    case 35:
      if (!guest_.read_string(a[1], path)) return -EFAULT;
      return host(::unlinkat(dirfd(a[0]), path.c_str(), static_cast<int>(a[2])));
    case 38:
    case 276:
      if (!guest_.read_string(a[1], path) || !guest_.read_string(a[3], path2)) return -EFAULT;
      return host(syscall(SYS_renameat2, dirfd(a[0]), path.c_str(), dirfd(a[2]), path2.c_str(),
                          number == 276 ? static_cast<unsigned>(a[4]) : 0u));
    case 45:
      if (!guest_.read_string(a[0], path)) return -EFAULT;
      return host(::truncate(path.c_str(), static_cast<off_t>(a[1])));
    case 46: return host(::ftruncate(fd, static_cast<off_t>(a[1])));
    case 48:
    case 439:
      if (!guest_.read_string(a[1], path)) return -EFAULT;
      return host(
          ::faccessat(dirfd(a[0]), path.c_str(), static_cast<int>(a[2]), number == 439 ? static_cast<int>(a[3]) : 0));
    case 49:
      if (!guest_.read_string(a[0], path)) return -EFAULT;
      return host(::chdir(path.c_str()));
    case 56:
      if (!guest_.read_string(a[1], path)) return -EFAULT;
      // The guest's own executable, not warp64's.
      if (path == "/proc/self/exe" || path == "/proc/" + std::to_string(getpid()) + "/exe") path = exe_path_;
      return host(
          ::openat(dirfd(a[0]), path.c_str(), open_flags_to_host(static_cast<int>(a[2])), static_cast<mode_t>(a[3])));
    case 57:
      // The host's standard streams outlive the guest's view of them only through dup.
      return host(::close(fd));
    case 59: {
      int fds[2];
      if (!guest_.accessible(a[0], 8, kPermWrite)) return -EFAULT;
      if (::pipe2(fds, open_flags_to_host(static_cast<int>(a[1]))) < 0) return -errno;
      const int32_t out[2] = {fds[0], fds[1]};
      guest_.copy_out(a[0], out, 8);
      return 0;
    }
    case 61: {  // struct linux_dirent64 has one layout on every architecture
      const uint64_t count = std::min<uint64_t>(a[2], 1 << 20);
      if (!guest_.accessible(a[1], count, kPermWrite)) return -EFAULT;
      std::vector<uint8_t> buffer(count);
      const long n = syscall(SYS_getdents64, fd, buffer.data(), count);
      if (n < 0) return -errno;
      guest_.copy_out(a[1], buffer.data(), n);
      return n;
    }
    case 62: return host(::lseek(fd, static_cast<off_t>(a[1]), static_cast<int>(a[2])));
    case 63: return sys_read_like(fd, a[1], a[2], 0, false);
    case 64: return sys_write_like(fd, a[1], a[2], 0, false);
    case 65: return sys_iov(fd, a[1], a[2], false);
    case 66: return sys_iov(fd, a[1], a[2], true);
    case 67: return sys_read_like(fd, a[1], a[2], static_cast<int64_t>(a[3]), true);
    case 68: return sys_write_like(fd, a[1], a[2], static_cast<int64_t>(a[3]), true);
    case 78: return sys_readlinkat(a);
    case 79: {
      if (!guest_.read_string(a[1], path)) return -EFAULT;
      struct stat st;
      int flags = static_cast<int>(a[3]);
      if (::fstatat(dirfd(a[0]), path.c_str(), &st, flags) < 0) return -errno;
      return put_stat(a[2], st);
    }
    case 80: {
      struct stat st;
      if (::fstat(fd, &st) < 0) return -errno;
      return put_stat(a[1], st);
    }
    case 93:
    case 94:
      exited_ = true;
      exit_code_ = static_cast<int>(a[0] & 0xff);
      return 0;
    case 96: return gettid();
    case 98: {  // futex, one thread: nothing else can wake a waiter
      const int op = static_cast<int>(a[1]) & 0x7f;
      if (op == 0 || op == 9) {  // FUTEX_WAIT, FUTEX_WAIT_BITSET
        uint32_t value;
        if (!guest_.copy_in(a[0], &value, 4)) return -EFAULT;
        return value != static_cast<uint32_t>(a[2]) ? -EAGAIN : -EDEADLK;
      }
      if (op == 1 || op == 10) return 0;  // FUTEX_WAKE, FUTEX_WAKE_BITSET
      return -ENOSYS;
    }
    case 99: return a[1] == 24 ? 0 : -EINVAL;
    case 101:
    case 115: {
      const uint64_t req = number == 101 ? a[0] : a[2];
      const uint64_t rem = number == 101 ? a[1] : a[3];
      int64_t v[2];
      if (!guest_.copy_in(req, v, 16)) return -EFAULT;
      struct timespec ts {
        v[0], v[1]
      }, left{};
      if (number == 101) {
        if (::nanosleep(&ts, &left) < 0) return -errno;
      } else {
        const int r = ::clock_nanosleep(static_cast<clockid_t>(a[0]), static_cast<int>(a[1]), &ts, &left);
        if (r) return -r;
      }
      (void)rem;
      return 0;
    }
    case 113:
    case 114: {
      struct timespec ts;
      const int r = number == 113 ? ::clock_gettime(static_cast<clockid_t>(a[0]), &ts)
                                  : ::clock_getres(static_cast<clockid_t>(a[0]), &ts);
      if (r < 0) return -errno;
      if (a[1] == 0) return 0;
      return put_timespec(a[1], ts);
    }
    case 123: {  // one CPU: the guest runs on a single thread
      if (a[1] < 8) return -EINVAL;
      const uint64_t mask = 1;
      return guest_.put(a[2], mask) ? 8 : -EFAULT;
    }
    case 124: return 0;
    case 129: {
      const int pid = static_cast<int>(a[0]);
      if (pid != 0 && pid != getpid() && pid != -1) return -EPERM;
      return sys_kill_self(static_cast<int>(a[1]), kSiUser);
    }
    case 130:
      if (static_cast<int>(a[0]) != gettid()) return -ESRCH;
      return sys_kill_self(static_cast<int>(a[1]), kSiTkill);
    case 131:
      if (static_cast<int>(a[0]) != getpid() || static_cast<int>(a[1]) != gettid()) return -ESRCH;
      return sys_kill_self(static_cast<int>(a[2]), kSiTkill);
    case 132: {  // sigaltstack: stack_t is { void* ss_sp; int ss_flags; size_t ss_size; }
      uint64_t fresh[3];
      if (a[0] && !guest_.copy_in(a[0], fresh, 24)) return -EFAULT;
      const uint64_t old[3] = {altstack_[0], altstack_flags(state_.sp), altstack_[2]};
      if (a[1] && !guest_.copy_out(a[1], old, 24)) return -EFAULT;
      if (a[0]) {
        if (on_altstack(state_.sp)) return -EPERM;
        const int mode = static_cast<int>(fresh[1] & 0xffffffff) & ~static_cast<int>(1u << 31);
        if (mode == kSsDisable) {
          altstack_[0] = 0, altstack_[1] = kSsDisable, altstack_[2] = 0;
        } else if (mode == 0 || mode == kSsOnstack) {
          if (fresh[2] < kGuestMinSigstksz) return -ENOMEM;
          altstack_[0] = fresh[0], altstack_[1] = 0, altstack_[2] = fresh[2];
        } else {
          return -EINVAL;
        }
      }
      return 0;
    }
    case 133: {  // rt_sigsuspend
      if (a[1] != 8) return -EINVAL;
      uint64_t mask;
      if (!guest_.copy_in(a[0], &mask, 8)) return -EFAULT;
      const uint64_t saved = sigmask_;
      sigmask_ = mask & ~kUnblockable;
      if (pending_ & ~sigmask_) {
        suspended_mask_ = saved;
        return -EINTR;  // the handlers run now; sigreturn brings back the caller's mask
      }
      // Only this process signals itself and it is asleep: nothing can wake it.
      for (;;) ::pause();
    }
    case 134: return sys_rt_sigaction(a);
    case 135: {
      if (a[3] != 8) return -EINVAL;
      uint64_t fresh = 0;
      if (a[1] && !guest_.copy_in(a[1], &fresh, 8)) return -EFAULT;
      if (a[2] && !guest_.put(a[2], sigmask_)) return -EFAULT;
      if (a[1]) {
        switch (a[0]) {
          case 0: sigmask_ |= fresh; break;
          case 1: sigmask_ &= ~fresh; break;
          case 2: sigmask_ = fresh; break;
          default: return -EINVAL;
        }
        sigmask_ &= ~kUnblockable;
      }
      return 0;
    }
    case 136:
      if (a[1] != 8) return -EINVAL;
      return guest_.put(a[0], pending_ & sigmask_) ? 0 : -EFAULT;
    case 153: {
      struct tms t;
      const clock_t r = ::times(&t);
      const int64_t v[4] = {t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime};
      if (a[0] && !guest_.copy_out(a[0], v, 32)) return -EFAULT;
      return r;
    }
    case 160: {
      struct utsname u;
      ::uname(&u);
      char out[6][65] = {};
      const char* fields[6] = {u.sysname, u.nodename, u.release, u.version, "aarch64", u.domainname};
      for (int i = 0; i < 6; ++i) std::strncpy(out[i], fields[i], 64);
      return guest_.copy_out(a[0], out, sizeof out) ? 0 : -EFAULT;
    }
    case 163:
    case 261: {
      const int resource = static_cast<int>(number == 163 ? a[0] : a[1]);
      const uint64_t old_at = number == 163 ? a[1] : a[3];
      if (number == 261) {
        if (a[0] != 0 && static_cast<int>(a[0]) != getpid()) return -ESRCH;
        if (a[2]) {
          uint64_t fresh[2];
          if (!guest_.copy_in(a[2], fresh, 16)) return -EFAULT;
          struct rlimit rl {
            fresh[0], fresh[1]
          };
          struct rlimit previous;
          if (::prlimit(0, static_cast<__rlimit_resource>(resource), &rl, &previous) < 0) return -errno;
          if (old_at) {
            const uint64_t v[2] = {previous.rlim_cur, previous.rlim_max};
            if (!guest_.copy_out(old_at, v, 16)) return -EFAULT;
          }
          return 0;
        }
      }
      struct rlimit rl;
      if (::getrlimit(static_cast<__rlimit_resource>(resource), &rl) < 0) return -errno;
      if (resource == RLIMIT_STACK) rl.rlim_cur = std::min<uint64_t>(rl.rlim_cur, layout_.stack_size);
      const uint64_t v[2] = {rl.rlim_cur, rl.rlim_max};
      if (old_at && !guest_.copy_out(old_at, v, 16)) return -EFAULT;
      return 0;
    }
    case 166: return ::umask(static_cast<mode_t>(a[0]));
    case 169: {
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
    case 172: return getpid();
    case 173: return getppid();
    case 174: return getuid();
    case 175: return geteuid();
    case 176: return getgid();
    case 177: return getegid();
    case 178: return gettid();
    case 179: {
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
    case 214: return sys_brk(a[0]);
    case 215:
      if (a[0] % kPageSize || a[1] == 0) return -EINVAL;
      space_.unmap(a[0], page_up(a[1]));
      return 0;
    case 216: return sys_mremap(a);
    case 222: return sys_mmap(a);
    case 226:
      if (a[0] % kPageSize) return -EINVAL;
      if (!guest_.accessible(a[0], page_up(a[1]), 0)) return -ENOMEM;
      space_.protect(a[0], page_up(a[1]), prot_to_perms(a[2]));
      return 0;
    case 233: return 0;  // madvise: advice only
    case 278: {
      const uint64_t count = std::min<uint64_t>(a[1], 1 << 25);
      if (!guest_.accessible(a[0], count, kPermWrite)) return -EFAULT;
      std::vector<uint8_t> buffer(count);
      const ssize_t n = ::getrandom(buffer.data(), count, static_cast<unsigned>(a[2]));
      if (n < 0) return -errno;
      guest_.copy_out(a[0], buffer.data(), n);
      return n;
    }
    case 291: {  // struct statx is fixed-width and identical on every architecture
      if (!guest_.read_string(a[1], path)) return -EFAULT;
      uint8_t buffer[256];
      if (!guest_.accessible(a[4], 256, kPermWrite)) return -EFAULT;
      const long r =
          syscall(SYS_statx, dirfd(a[0]), path.c_str(), static_cast<int>(a[2]), static_cast<unsigned>(a[3]), buffer);
      if (r < 0) return -errno;
      guest_.copy_out(a[4], buffer, 256);
      return 0;
    }
    case 293: return -ENOSYS;  // rseq: glibc runs without it
    default: return -ENOSYS;
  }
}

namespace {
std::string quote_bytes(const std::vector<uint8_t>& bytes, bool truncated) {
  std::string out = "\"";
  for (uint8_t c : bytes) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c >= 32 && c < 127) {
          out += static_cast<char>(c);
        } else {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\%o", c);
          out += buffer;
        }
    }
  }
  out += "\"";
  if (truncated) out += "...";
  return out;
}

// "A|B|0x..." for the bits of `value` named in `names`, with `zero` when none is set.
std::string flag_names(uint64_t value, std::initializer_list<std::pair<uint64_t, const char*>> names,
                       const char* zero) {
  std::string out;
  for (const auto& [bit, name] : names) {
    if (bit != 0 && (value & bit) == bit) {
      out += (out.empty() ? "" : "|") + std::string(name);
      value &= ~bit;
    }
  }
  if (value != 0 || out.empty()) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    if (value != 0 || zero == nullptr)
      out += (out.empty() ? "" : "|") + std::string(buffer);
    else
      out = zero;
  }
  return out;
}
}  // namespace

std::string Process::format_arg(char kind, uint64_t value, uint64_t next, int64_t result) const {
  char buffer[64];
  switch (kind) {
    case 'O': {  // open flags, AArch64 values
      static const char* const access[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "0x3"};
      std::string rest = flag_names(value & ~3ull,
                                    {{0100, "O_CREAT"},
                                     {0200, "O_EXCL"},
                                     {0400, "O_NOCTTY"},
                                     {01000, "O_TRUNC"},
                                     {02000, "O_APPEND"},
                                     {04000, "O_NONBLOCK"},
                                     {040000, "O_DIRECTORY"},
                                     {0100000, "O_NOFOLLOW"},
                                     {0400000, "O_LARGEFILE"},
                                     {02000000, "O_CLOEXEC"}},
                                    "");
      return std::string(access[value & 3]) + (rest.empty() ? "" : "|" + rest);
    }
    case 'P': return flag_names(value, {{1, "PROT_READ"}, {2, "PROT_WRITE"}, {4, "PROT_EXEC"}}, "PROT_NONE");
    case 'M':
      return flag_names(value,
                        {{1, "MAP_SHARED"},
                         {2, "MAP_PRIVATE"},
                         {0x10, "MAP_FIXED"},
                         {0x20, "MAP_ANONYMOUS"},
                         {0x4000, "MAP_NORESERVE"},
                         {0x100000, "MAP_FIXED_NOREPLACE"}},
                        nullptr);
    case 'd': std::snprintf(buffer, sizeof buffer, "%d", static_cast<int32_t>(value)); return buffer;
    case 'D': std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(value)); return buffer;
    case 'u': std::snprintf(buffer, sizeof buffer, "%llu", static_cast<unsigned long long>(value)); return buffer;
    case 'o': std::snprintf(buffer, sizeof buffer, "0%llo", static_cast<unsigned long long>(value)); return buffer;
    case 'a':
      if (static_cast<int32_t>(value) == -100) return "AT_FDCWD";
      std::snprintf(buffer, sizeof buffer, "%d", static_cast<int32_t>(value));
      return buffer;
    case 's': {
      std::string text;
      if (value == 0) return "NULL";
      if (!guest_.read_string(value, text, 4096)) return format_arg('p', value, 0, 0);
      return quote_bytes({text.begin(), text.end()}, false);
    }
    case 'b':
    case 'B': {
      const int64_t length = kind == 'b' ? static_cast<int64_t>(next) : result;
      if (length < 0) return format_arg('p', value, 0, 0);
      const uint64_t shown = std::min<uint64_t>(length, 32);
      if (!guest_.accessible(value, shown, kPermRead)) return format_arg('p', value, 0, 0);
      return quote_bytes(space_.read_bytes(value, shown), static_cast<uint64_t>(length) > shown);
    }
    case 'p':
      if (value == 0) return "NULL";
      [[fallthrough]];
    default: std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value)); return buffer;
  }
}

void Process::trace(uint64_t number, const uint64_t a[6], int64_t result, bool known) const {
  const auto& table = syscall_table();
  const auto it = table.find(number);
  std::string line;
  if (it == table.end()) {
    line = "syscall_" + std::to_string(number) + "(";
    for (int i = 0; i < 6; ++i) line += (i ? ", " : "") + format_arg('x', a[i], 0, 0);
  } else {
    line = std::string(it->second.name) + "(";
    std::string spec = it->second.args;
    // openat's mode means something only when it creates a file (O_CREAT, O_TMPFILE).
    if (number == 56 && !(a[2] & 0100) && (a[2] & 020000000) == 0) spec.pop_back();
    for (size_t i = 0; i < spec.size(); ++i)
      line += (i ? ", " : "") + format_arg(spec[i], a[i], i < 5 ? a[i + 1] : 0, result);
  }
  line += ")";
  if (exited_ && (number == 93 || number == 94)) {
    line += " = ?";
  } else if (result < 0 && result >= -4095) {
    line +=
        " = -1 " +
        std::string(strerrorname_np(static_cast<int>(-result)) ? strerrorname_np(static_cast<int>(-result)) : "E?") +
        " (" + std::strerror(static_cast<int>(-result)) + ")";
    if (!known) line += " (not implemented by warp64)";
  } else if (number == 222 || number == 214 || number == 216) {
    line += " = " + format_arg('x', static_cast<uint64_t>(result), 0, 0);
  } else {
    line += " = " + std::to_string(result);
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

void Process::report_fault(const core::RunResult& stop, int sig) {
  std::string what;
  switch (stop.reason) {
    case StopReason::kFault:
      what = std::string(stop.fault_access == AccessKind::kWrite   ? "write to "
                         : stop.fault_access == AccessKind::kFetch ? "instruction fetch from "
                                                                   : "read from ") +
             hex(stop.fault_address);
      break;
    case StopReason::kUndefined: what = "undefined instruction"; break;
    case StopReason::kBreakpoint: what = "breakpoint"; break;
    default: what = "halt instruction"; break;
  }
  std::string line = "warp64: guest " + signal_text(sig) + ": " + what + " at pc " + hex(state_.pc);
  const std::string symbol = image_.symbolize(state_.pc);
  if (!symbol.empty()) line += " <" + symbol + ">";
  if (stop.has_insn) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, " (instruction 0x%08x)", stop.insn);
    line += buffer;
  }
  report(line);
}

Process::Process(const ProcessOptions& options) : options_(options) {
  image_ = load_executable(options_.path, space_);
  start();
}

Process::Process(const ProcessOptions& options, const ProcessLayout& layout, ByteStore& store, const ElfImage& image,
                 const AddressSpace& loaded)
    : options_(options), layout_(layout), space_(&store), image_(image) {
  for (const auto& region : loaded.regions()) space_.adopt(region->base, region->size, region->perms);
  start();
}

void Process::start() {
  char resolved[PATH_MAX];
  exe_path_ = ::realpath(options_.path.c_str(), resolved) ? resolved : options_.path;
  brk_start_ = brk_ = image_.highest;
  setup_stack();
  state_.pc = image_.entry;
}

bool Process::deliver_fault(const core::RunResult& stop, int sig) {
  const GuestSigaction act = action(sig);
  if (act.handler == kSigDfl || act.handler == kSigIgn || (sigmask_ & sig_bit(sig))) return false;
  FaultSignal fault{kIllIllopc, state_.pc};
  if (stop.reason == StopReason::kFault) {
    // An access to a mapped page that its permissions refuse is SEGV_ACCERR, else SEGV_MAPERR.
    fault = {space_.find(stop.fault_address) != nullptr ? kSegvAccerr : kSegvMaperr, stop.fault_address};
  } else if (stop.reason == StopReason::kBreakpoint) {
    fault = {kTrapBrkpt, state_.pc};
  }
  if (!push_signal_frame(sig, act, &fault)) {
    die_of_signal(SIGSEGV, "cannot write the frame for " + signal_text(sig) + " handler");
  }
  return true;
}

bool Process::handle_stop(const core::RunResult& stop, uint64_t cycles) {
  if (stop.reason == StopReason::kSyscall) {
    const uint64_t number = state_.x[8];
    const uint64_t args[6] = {state_.x[0], state_.x[1], state_.x[2], state_.x[3], state_.x[4], state_.x[5]};
    const bool known = syscall_table().count(number) && number != 293;
    syscall_pc_ = state_.pc - 4;
    if (number == 139) {
      const bool good = sys_rt_sigreturn();
      if (options_.strace) trace(number, args, static_cast<int64_t>(state_.x[0]), known);
      if (!good) die_of_signal(SIGSEGV, "bad frame in rt_sigreturn");
    } else {
      const int64_t r = dispatch(number, args);
      if (options_.strace) trace(number, args, r, known);
      if (exited_) return true;
      state_.x[0] = static_cast<uint64_t>(r);
    }
    deliver_pending();
    return exited_;
  }
  if (stop.reason == StopReason::kMaxCycles) {
    report("warp64: guest stopped after " + std::to_string(cycles) + " instructions (--max-cycles) at pc " +
           hex(state_.pc));
    exit_code_ = 128 + SIGXCPU;
    exit_signal_ = SIGXCPU;
    return true;
  }
  const int sig = stop.reason == StopReason::kFault       ? SIGSEGV
                  : stop.reason == StopReason::kUndefined ? SIGILL
                                                          : SIGTRAP;
  if (stop.reason != StopReason::kHalt && deliver_fault(stop, sig)) return exited_;
  report_fault(stop, sig);
  exit_signal_ = sig;
  exit_code_ = 128 + sig;
  return true;
}

ProcessResult run_process(const ProcessOptions& options) {
  Process process(options);
  std::string note;  // auto is always the CPU engine for one process: nothing to note
  auto engine = make_engine(resolve_engine(options.engine, Workload::kProcess, note));
  ProcessResult result;
  result.engine = engine->name();
  uint64_t budget = options.max_cycles;
  for (;;) {
    const EngineRun run = engine->run(process.state(), process.memory(), budget);
    result.cycles += run.result.cycles;
    result.elapsed_seconds += run.seconds;
    if (budget != kUnlimitedCycles) budget -= run.result.cycles;
    result.last = run.result;
    if (process.handle_stop(run.result, result.cycles)) break;
  }
  result.exit_code = process.exit_code();
  result.signal = process.exit_signal();
  result.state = process.state();
  return result;
}

}  // namespace warp64::linux_abi
