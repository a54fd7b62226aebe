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
#include <sys/time.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <initializer_list>
#include <map>
#include <random>

#include "engine/engine.hpp"
#include "linux/elf_loader.hpp"
#include "memory/address_space.hpp"

extern char** environ;

namespace warp64::linux_abi {
namespace {

constexpr uint64_t kStackTop = 0x7ffffffff000ull;
constexpr uint64_t kStackSize = 8ull << 20;
constexpr uint64_t kMmapCeiling = kStackTop - kStackSize - (256ull << 20);
constexpr uint64_t kMmapFloor = 0x10000;
// Guest memory is host memory, zero-filled when mapped (no overcommit): one brk, mmap or
// mremap request may not ask for more.
constexpr uint64_t kMaxMapping = 1ull << 30;

// AArch64 Linux hardware capabilities (asm/hwcap.h) for what the core implements.
constexpr uint64_t kHwcapFp = 1 << 0, kHwcapAsimd = 1 << 1, kHwcapCrc32 = 1 << 7, kHwcapAtomics = 1 << 8,
                   kHwcapLrcpc = 1 << 15, kHwcapIlrcpc = 1 << 26;

enum AuxType : uint64_t {
  AT_NULL_ = 0, AT_PHDR_ = 3, AT_PHENT_ = 4, AT_PHNUM_ = 5, AT_PAGESZ_ = 6, AT_BASE_ = 7, AT_FLAGS_ = 8,
  AT_ENTRY_ = 9, AT_UID_ = 11, AT_EUID_ = 12, AT_GID_ = 13, AT_EGID_ = 14, AT_PLATFORM_ = 15,
  AT_HWCAP_ = 16, AT_CLKTCK_ = 17, AT_SECURE_ = 23, AT_RANDOM_ = 25, AT_HWCAP2_ = 26, AT_EXECFN_ = 31,
};

// The generic (AArch64) open flags that differ from the host's x86-64 values.
constexpr int kGuestODirectory = 040000, kGuestONofollow = 0100000, kGuestODirect = 0200000,
              kGuestOLargefile = 0400000;

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

uint64_t page_up(uint64_t v) { return (v + kPageSize - 1) & ~(kPageSize - 1); }

const char* signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGBUS: return "SIGBUS";
    case SIGABRT: return "SIGABRT";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    default: return nullptr;
  }
}

struct SyscallInfo {
  const char* name;
  const char* args;  // one letter per argument, see format_arg
};

// aarch64 (asm-generic) system call numbers.
const std::map<uint64_t, SyscallInfo>& syscall_table() {
  static const std::map<uint64_t, SyscallInfo> table = {
      {17, {"getcwd", "pu"}},        {23, {"dup", "d"}},
      {24, {"dup3", "ddx"}},         {25, {"fcntl", "ddx"}},
      {29, {"ioctl", "dxp"}},        {34, {"mkdirat", "aso"}},
      {35, {"unlinkat", "asx"}},     {38, {"renameat", "asas"}},
      {48, {"faccessat", "asox"}},   {49, {"chdir", "s"}},
      {56, {"openat", "asOo"}},      {57, {"close", "d"}},
      {59, {"pipe2", "px"}},         {61, {"getdents64", "dpu"}},
      {62, {"lseek", "dDd"}},        {63, {"read", "dBu"}},
      {64, {"write", "dbu"}},        {65, {"readv", "dpu"}},
      {66, {"writev", "dpu"}},       {67, {"pread64", "dBuD"}},
      {68, {"pwrite64", "dbuD"}},    {78, {"readlinkat", "asBu"}},
      {79, {"newfstatat", "aspx"}},  {80, {"fstat", "dp"}},
      {93, {"exit", "d"}},           {94, {"exit_group", "d"}},
      {96, {"set_tid_address", "p"}}, {98, {"futex", "pdxppx"}},
      {99, {"set_robust_list", "pu"}}, {101, {"nanosleep", "pp"}},
      {113, {"clock_gettime", "dp"}}, {114, {"clock_getres", "dp"}},
      {115, {"clock_nanosleep", "dxpp"}}, {123, {"sched_getaffinity", "dup"}},
      {124, {"sched_yield", ""}},    {129, {"kill", "dd"}},
      {130, {"tkill", "dd"}},        {131, {"tgkill", "ddd"}},
      {132, {"sigaltstack", "pp"}},  {134, {"rt_sigaction", "dppu"}},
      {135, {"rt_sigprocmask", "dppu"}}, {153, {"times", "p"}},
      {160, {"uname", "p"}},         {163, {"getrlimit", "dp"}},
      {166, {"umask", "o"}},         {169, {"gettimeofday", "pp"}},
      {172, {"getpid", ""}},         {173, {"getppid", ""}},
      {174, {"getuid", ""}},         {175, {"geteuid", ""}},
      {176, {"getgid", ""}},         {177, {"getegid", ""}},
      {178, {"gettid", ""}},         {179, {"sysinfo", "p"}},
      {214, {"brk", "p"}},           {215, {"munmap", "pu"}},
      {216, {"mremap", "puuxp"}},    {222, {"mmap", "puPMdx"}},
      {226, {"mprotect", "puP"}},    {233, {"madvise", "pud"}},
      {261, {"prlimit64", "ddpp"}},  {276, {"renameat2", "asasx"}},
      {278, {"getrandom", "pux"}},   {291, {"statx", "asxxp"}},
      {293, {"rseq", "puxx"}},       {439, {"faccessat2", "asox"}},
  };
  return table;
}

class Process {
 public:
  explicit Process(const ProcessOptions& options) : options_(options) {}

  ProcessResult run();

 private:
  // Guest memory access with the guest's permissions; false where any byte is unmapped or
  // lacks the permission.
  bool accessible(uint64_t address, uint64_t length, uint8_t perm) const {
    if (length == 0) return true;
    if (address + length < address) return false;
    for (uint64_t at = address; at < address + length;) {
      const Region* r = space_.find(at);
      if (r == nullptr || (r->perms & perm) != perm) return false;
      at = r->base + r->size;
      if (at == 0) break;
    }
    return true;
  }
  bool copy_in(uint64_t address, void* out, uint64_t length) const {
    if (!accessible(address, length, kPermRead)) return false;
    if (length) {
      const auto bytes = space_.read_bytes(address, length);
      std::memcpy(out, bytes.data(), length);
    }
    return true;
  }
  bool copy_out(uint64_t address, const void* data, uint64_t length) {
    if (!accessible(address, length, kPermWrite)) return false;
    if (length) space_.write_bytes(address, {static_cast<const uint8_t*>(data), length});
    return true;
  }
  template <class T>
  bool put(uint64_t address, T value) { return copy_out(address, &value, sizeof value); }
  bool read_string(uint64_t address, std::string& out, size_t limit = PATH_MAX) const {
    out.clear();
    while (out.size() < limit) {
      const Region* r = space_.find(address + out.size());
      if (r == nullptr || !(r->perms & kPermRead)) return false;
      const char c = static_cast<char>(r->bytes[address + out.size() - r->base]);
      if (c == 0) return true;
      out.push_back(c);
    }
    return false;
  }

  void setup_stack();
  int64_t dispatch(uint64_t number, const uint64_t a[6]);
  int64_t path_call(uint64_t address, std::string& path) {
    if (!read_string(address, path)) return -EFAULT;
    return 0;
  }
  static int dirfd(uint64_t v) { return static_cast<int>(static_cast<int32_t>(v)); }
  static int64_t host(int64_t r) { return r < 0 ? -errno : r; }

  int64_t sys_read_like(int fd, uint64_t buf, uint64_t count, int64_t offset, bool positional);
  int64_t sys_write_like(int fd, uint64_t buf, uint64_t count, int64_t offset, bool positional);
  int64_t sys_iov(int fd, uint64_t iov, uint64_t count, bool write);
  int64_t put_stat(uint64_t address, const struct stat& st);
  int64_t sys_brk(uint64_t address);
  int64_t sys_mmap(const uint64_t a[6]);
  int64_t sys_mremap(const uint64_t a[6]);
  int64_t sys_readlinkat(const uint64_t a[6]);
  int64_t sys_rt_sigaction(const uint64_t a[6]);
  int64_t sys_kill_self(int sig);
  int64_t put_timespec(uint64_t address, const struct timespec& ts) {
    const int64_t v[2] = {ts.tv_sec, ts.tv_nsec};
    return copy_out(address, v, 16) ? 0 : -EFAULT;
  }

  std::string format_arg(char kind, uint64_t value, uint64_t next, int64_t result) const;
  void trace(uint64_t number, const uint64_t a[6], int64_t result, bool known) const;
  void report_fault(const ExecResult& stop, int sig) const;

  const ProcessOptions& options_;
  AddressSpace space_;
  ElfImage image_;
  CpuState state_{};
  std::string exe_path_;
  uint64_t brk_start_ = 0, brk_ = 0;
  std::map<int, std::array<uint8_t, 32>> actions_;
  uint64_t altstack_[3] = {0, 2 /* SS_DISABLE */, 0};
  uint64_t sigmask_ = 0;
  bool exited_ = false;
  int exit_code_ = 0;
  int exit_signal_ = 0;
};

void Process::setup_stack() {
  space_.map(kStackTop - kStackSize, kStackSize, kPermRead | kPermWrite);
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

  uint64_t sp = kStackTop - 8;  // a zero word ends the string area
  auto push_string = [&](const std::string& text) {
    sp -= text.size() + 1;
    space_.write_bytes(sp, {reinterpret_cast<const uint8_t*>(text.c_str()), text.size() + 1});
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
  space_.write_bytes(random_at, random);

  const std::vector<std::pair<uint64_t, uint64_t>> aux = {
      {AT_PHDR_, image_.phdr_address}, {AT_PHENT_, image_.phent}, {AT_PHNUM_, image_.phnum},
      {AT_PAGESZ_, kPageSize},         {AT_BASE_, 0},             {AT_FLAGS_, 0},
      {AT_ENTRY_, image_.entry},       {AT_UID_, getuid()},       {AT_EUID_, geteuid()},
      {AT_GID_, getgid()},             {AT_EGID_, getegid()},     {AT_SECURE_, 0},
      {AT_RANDOM_, random_at},
      {AT_HWCAP_, kHwcapFp | kHwcapAsimd | kHwcapCrc32 | kHwcapAtomics | kHwcapLrcpc | kHwcapIlrcpc},
      {AT_HWCAP2_, 0},                 {AT_CLKTCK_, 100},         {AT_EXECFN_, execfn},
      {AT_PLATFORM_, platform},        {AT_NULL_, 0},
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
  std::vector<uint8_t> bytes(words.size() * 8);
  std::memcpy(bytes.data(), words.data(), bytes.size());
  space_.write_bytes(sp, bytes);
  state_.sp = sp;
}

int64_t Process::sys_read_like(int fd, uint64_t buf, uint64_t count, int64_t offset, bool positional) {
  count = std::min<uint64_t>(count, 0x7ffff000);
  if (!accessible(buf, count, kPermWrite)) return -EFAULT;
  std::vector<uint8_t> data(count);
  const ssize_t n = positional ? pread(fd, data.data(), count, offset) : ::read(fd, data.data(), count);
  if (n < 0) return -errno;
  copy_out(buf, data.data(), n);
  return n;
}

int64_t Process::sys_write_like(int fd, uint64_t buf, uint64_t count, int64_t offset, bool positional) {
  count = std::min<uint64_t>(count, 0x7ffff000);
  if (!accessible(buf, count, kPermRead)) return -EFAULT;
  std::vector<uint8_t> data(count);
  copy_in(buf, data.data(), count);
  const ssize_t n = positional ? pwrite(fd, data.data(), count, offset) : ::write(fd, data.data(), count);
  return n < 0 ? -errno : n;
}

int64_t Process::sys_iov(int fd, uint64_t iov, uint64_t count, bool write) {
  if (count > 1024) return -EINVAL;
  std::vector<uint64_t> vec(count * 2);
  if (!copy_in(iov, vec.data(), count * 16)) return -EFAULT;
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
  return copy_out(address, out, sizeof out) ? 0 : -EFAULT;
}

int64_t Process::sys_brk(uint64_t address) {
  if (address < brk_start_) return brk_;
  const uint64_t old_end = page_up(brk_), new_end = page_up(address);
  if (new_end > old_end) {
    if (new_end - old_end > kMaxMapping) return brk_;
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

uint8_t prot_to_perms(uint64_t prot) {
  return (prot & 1 ? kPermRead : 0) | (prot & 2 ? kPermWrite : 0) | (prot & 4 ? kPermExecute : 0);
}

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
    if (!space_.is_free(addr, size)) {
      if (flags & kFixedNoreplace) return -EEXIST;
      space_.unmap(addr, size);
    }
    base = addr;
  } else {
    base = 0;
    if (addr && addr % kPageSize == 0 && addr >= kMmapFloor && space_.is_free(addr, size)) base = addr;
    if (!base) base = space_.find_free(size, kMmapFloor, kMmapCeiling, kPageSize);
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
  if (!accessible(old_addr, old_size, 0)) return -EFAULT;
  if (new_size <= old_size) {
    space_.unmap(old_addr + new_size, old_size - new_size);
    return static_cast<int64_t>(old_addr);
  }
  const Region* region = space_.find(old_addr);
  if (region == nullptr) return -EFAULT;
  const uint8_t perms = region->perms;
  if (space_.is_free(old_addr + old_size, new_size - old_size)) {
    space_.map(old_addr + old_size, new_size - old_size, perms);
    return static_cast<int64_t>(old_addr);
  }
  if (!(flags & 1)) return -ENOMEM;  // MREMAP_MAYMOVE
  const uint64_t base = space_.find_free(new_size, kMmapFloor, kMmapCeiling, kPageSize);
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
  if (!read_string(a[1], path)) return -EFAULT;
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
  return copy_out(a[2], target.data(), n) ? static_cast<int64_t>(n) : -EFAULT;
}

int64_t Process::sys_rt_sigaction(const uint64_t a[6]) {
  const int sig = static_cast<int>(a[0]);
  if (sig < 1 || sig > 64 || a[3] != 8) return -EINVAL;
  if ((sig == SIGKILL || sig == SIGSTOP) && a[1]) return -EINVAL;
  std::array<uint8_t, 32> old{};
  if (auto it = actions_.find(sig); it != actions_.end()) old = it->second;
  std::array<uint8_t, 32> fresh{};
  if (a[1] && !copy_in(a[1], fresh.data(), 32)) return -EFAULT;
  if (a[2] && !copy_out(a[2], old.data(), 32)) return -EFAULT;
  if (a[1]) actions_[sig] = fresh;
  return 0;
}

int64_t Process::sys_kill_self(int sig) {
  if (sig < 0 || sig > 64) return -EINVAL;
  if (sig == 0) return 0;
  uint64_t handler = 0;
  if (auto it = actions_.find(sig); it != actions_.end()) std::memcpy(&handler, it->second.data(), 8);
  const bool default_ignore = sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
  if (sig != SIGKILL && sig != SIGSTOP) {
    if (handler == 1 /* SIG_IGN */ || (handler == 0 && default_ignore)) return 0;
    if (sig < 64 && (sigmask_ >> (sig - 1) & 1)) return 0;  // blocked: stays pending forever here
  }
  // Handlers are recorded but not delivered: the default action ends the process.
  exited_ = true;
  exit_signal_ = sig;
  exit_code_ = 128 + sig;
  return 0;
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
      return copy_out(a[0], buffer, n) ? static_cast<int64_t>(n) : -EFAULT;
    }
    case 23: return host(::dup(fd));
    case 24: return host(::dup3(fd, static_cast<int>(a[1]), open_flags_to_host(static_cast<int>(a[2]))));
    case 25: {  // fcntl
      const int cmd = static_cast<int>(a[1]);
      switch (cmd) {
        case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD:
          return host(::fcntl(fd, cmd, static_cast<int>(a[2])));
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
        return copy_out(a[2], v, 8) ? 0 : -EFAULT;
      }
      // The kernel's struct termios (asm-generic/termbits.h): 4 flag words, c_line, 19 c_cc.
      struct termios t;
      if (::ioctl(fd, TCGETS, &t) < 0) return -errno;
      uint8_t out[36] = {};
      const uint32_t flags[4] = {t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag};
      std::memcpy(out, flags, 16);
      out[16] = t.c_line;
      std::memcpy(out + 17, t.c_cc, 19);
      return copy_out(a[2], out, sizeof out) ? 0 : -EFAULT;
    }
    case 34:
      if (!read_string(a[1], path)) return -EFAULT;
      return host(::mkdirat(dirfd(a[0]), path.c_str(), static_cast<mode_t>(a[2])));
    case 35:
      if (!read_string(a[1], path)) return -EFAULT;
      return host(::unlinkat(dirfd(a[0]), path.c_str(), static_cast<int>(a[2])));
    case 38: case 276:
      if (!read_string(a[1], path) || !read_string(a[3], path2)) return -EFAULT;
      return host(syscall(SYS_renameat2, dirfd(a[0]), path.c_str(), dirfd(a[2]), path2.c_str(),
                          number == 276 ? static_cast<unsigned>(a[4]) : 0u));
    case 48: case 439:
      if (!read_string(a[1], path)) return -EFAULT;
      return host(::faccessat(dirfd(a[0]), path.c_str(), static_cast<int>(a[2]), number == 439 ? static_cast<int>(a[3]) : 0));
    case 49:
      if (!read_string(a[0], path)) return -EFAULT;
      return host(::chdir(path.c_str()));
    case 56:
      if (!read_string(a[1], path)) return -EFAULT;
      // The guest's own executable, not warp64's.
      if (path == "/proc/self/exe" || path == "/proc/" + std::to_string(getpid()) + "/exe") path = exe_path_;
      return host(::openat(dirfd(a[0]), path.c_str(), open_flags_to_host(static_cast<int>(a[2])),
                           static_cast<mode_t>(a[3])));
    case 57:
      // The host's standard streams outlive the guest's view of them only through dup.
      return host(::close(fd));
    case 59: {
      int fds[2];
      if (!accessible(a[0], 8, kPermWrite)) return -EFAULT;
      if (::pipe2(fds, open_flags_to_host(static_cast<int>(a[1]))) < 0) return -errno;
      const int32_t out[2] = {fds[0], fds[1]};
      copy_out(a[0], out, 8);
      return 0;
    }
    case 61: {  // struct linux_dirent64 has one layout on every architecture
      const uint64_t count = std::min<uint64_t>(a[2], 1 << 20);
      if (!accessible(a[1], count, kPermWrite)) return -EFAULT;
      std::vector<uint8_t> buffer(count);
      const long n = syscall(SYS_getdents64, fd, buffer.data(), count);
      if (n < 0) return -errno;
      copy_out(a[1], buffer.data(), n);
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
      if (!read_string(a[1], path)) return -EFAULT;
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
    case 93: case 94:
      exited_ = true;
      exit_code_ = static_cast<int>(a[0] & 0xff);
      return 0;
    case 96: return gettid();
    case 98: {  // futex, one thread: nothing else can wake a waiter
      const int op = static_cast<int>(a[1]) & 0x7f;
      if (op == 0 || op == 9) {  // FUTEX_WAIT, FUTEX_WAIT_BITSET
        uint32_t value;
        if (!copy_in(a[0], &value, 4)) return -EFAULT;
        return value != static_cast<uint32_t>(a[2]) ? -EAGAIN : -EDEADLK;
      }
      if (op == 1 || op == 10) return 0;  // FUTEX_WAKE, FUTEX_WAKE_BITSET
      return -ENOSYS;
    }
    case 99: return a[1] == 24 ? 0 : -EINVAL;
    case 101: case 115: {
      const uint64_t req = number == 101 ? a[0] : a[2];
      const uint64_t rem = number == 101 ? a[1] : a[3];
      int64_t v[2];
      if (!copy_in(req, v, 16)) return -EFAULT;
      struct timespec ts{v[0], v[1]}, left{};
      if (number == 101) {
        if (::nanosleep(&ts, &left) < 0) return -errno;
      } else {
        const int r = ::clock_nanosleep(static_cast<clockid_t>(a[0]), static_cast<int>(a[1]), &ts, &left);
        if (r) return -r;
      }
      (void)rem;
      return 0;
    }
    case 113: case 114: {
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
      return put(a[2], mask) ? 8 : -EFAULT;
    }
    case 124: return 0;
    case 129: {
      const int pid = static_cast<int>(a[0]);
      if (pid != 0 && pid != getpid() && pid != -1) return -EPERM;
      return sys_kill_self(static_cast<int>(a[1]));
    }
    case 130:
      if (static_cast<int>(a[0]) != gettid()) return -ESRCH;
      return sys_kill_self(static_cast<int>(a[1]));
    case 131:
      if (static_cast<int>(a[0]) != getpid() || static_cast<int>(a[1]) != gettid()) return -ESRCH;
      return sys_kill_self(static_cast<int>(a[2]));
    case 132: {  // sigaltstack: stack_t is { void* ss_sp; int ss_flags; size_t ss_size; }
      uint64_t fresh[3];
      if (a[0] && !copy_in(a[0], fresh, 24)) return -EFAULT;
      if (a[1] && !copy_out(a[1], altstack_, 24)) return -EFAULT;
      if (a[0]) std::memcpy(altstack_, fresh, 24);
      return 0;
    }
    case 134: return sys_rt_sigaction(a);
    case 135: {
      if (a[3] != 8) return -EINVAL;
      uint64_t fresh = 0;
      if (a[1] && !copy_in(a[1], &fresh, 8)) return -EFAULT;
      if (a[2] && !put(a[2], sigmask_)) return -EFAULT;
      if (a[1]) {
        const uint64_t unblockable = (1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1));
        switch (a[0]) {
          case 0: sigmask_ |= fresh; break;
          case 1: sigmask_ &= ~fresh; break;
          case 2: sigmask_ = fresh; break;
          default: return -EINVAL;
        }
        sigmask_ &= ~unblockable;
      }
      return 0;
    }
    case 153: {
      struct tms t;
      const clock_t r = ::times(&t);
      const int64_t v[4] = {t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime};
      if (a[0] && !copy_out(a[0], v, 32)) return -EFAULT;
      return r;
    }
    case 160: {
      struct utsname u;
      ::uname(&u);
      char out[6][65] = {};
      const char* fields[6] = {u.sysname, u.nodename, u.release, u.version, "aarch64", u.domainname};
      for (int i = 0; i < 6; ++i) std::strncpy(out[i], fields[i], 64);
      return copy_out(a[0], out, sizeof out) ? 0 : -EFAULT;
    }
    case 163: case 261: {
      const int resource = static_cast<int>(number == 163 ? a[0] : a[1]);
      const uint64_t old_at = number == 163 ? a[1] : a[3];
      if (number == 261) {
        if (a[0] != 0 && static_cast<int>(a[0]) != getpid()) return -ESRCH;
        if (a[2]) {
          uint64_t fresh[2];
          if (!copy_in(a[2], fresh, 16)) return -EFAULT;
          struct rlimit rl{fresh[0], fresh[1]};
          struct rlimit previous;
          if (::prlimit(0, static_cast<__rlimit_resource>(resource), &rl, &previous) < 0) return -errno;
          if (old_at) {
            const uint64_t v[2] = {previous.rlim_cur, previous.rlim_max};
            if (!copy_out(old_at, v, 16)) return -EFAULT;
          }
          return 0;
        }
      }
      struct rlimit rl;
      if (::getrlimit(static_cast<__rlimit_resource>(resource), &rl) < 0) return -errno;
      if (resource == RLIMIT_STACK) rl.rlim_cur = std::min<uint64_t>(rl.rlim_cur, kStackSize);
      const uint64_t v[2] = {rl.rlim_cur, rl.rlim_max};
      if (old_at && !copy_out(old_at, v, 16)) return -EFAULT;
      return 0;
    }
    case 166: return ::umask(static_cast<mode_t>(a[0]));
    case 169: {
      struct timeval tv;
      ::gettimeofday(&tv, nullptr);
      const int64_t v[2] = {tv.tv_sec, tv.tv_usec};
      if (a[0] && !copy_out(a[0], v, 16)) return -EFAULT;
      if (a[1]) {
        const int32_t tz[2] = {0, 0};
        if (!copy_out(a[1], tz, 8)) return -EFAULT;
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
      return copy_out(a[0], out, sizeof out) ? 0 : -EFAULT;
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
      if (!accessible(a[0], page_up(a[1]), 0)) return -ENOMEM;
      space_.protect(a[0], page_up(a[1]), prot_to_perms(a[2]));
      return 0;
    case 233: return 0;  // madvise: advice only
    case 278: {
      const uint64_t count = std::min<uint64_t>(a[1], 1 << 25);
      if (!accessible(a[0], count, kPermWrite)) return -EFAULT;
      std::vector<uint8_t> buffer(count);
      const ssize_t n = ::getrandom(buffer.data(), count, static_cast<unsigned>(a[2]));
      if (n < 0) return -errno;
      copy_out(a[0], buffer.data(), n);
      return n;
    }
    case 291: {  // struct statx is fixed-width and identical on every architecture
      if (!read_string(a[1], path)) return -EFAULT;
      uint8_t buffer[256];
      if (!accessible(a[4], 256, kPermWrite)) return -EFAULT;
      const long r = syscall(SYS_statx, dirfd(a[0]), path.c_str(), static_cast<int>(a[2]),
                             static_cast<unsigned>(a[3]), buffer);
      if (r < 0) return -errno;
      copy_out(a[4], buffer, 256);
      return 0;
    }
    case 293: return -ENOSYS;  // rseq: glibc runs without it
    default: return -ENOSYS;
  }
}

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
    if (value != 0 || zero == nullptr) out += (out.empty() ? "" : "|") + std::string(buffer);
    else out = zero;
  }
  return out;
}

std::string Process::format_arg(char kind, uint64_t value, uint64_t next, int64_t result) const {
  char buffer[64];
  switch (kind) {
    case 'O': {  // open flags, AArch64 values
      static const char* const access[] = {"O_RDONLY", "O_WRONLY", "O_RDWR", "0x3"};
      std::string rest = flag_names(value & ~3ull,
                                    {{0100, "O_CREAT"}, {0200, "O_EXCL"}, {0400, "O_NOCTTY"}, {01000, "O_TRUNC"},
                                     {02000, "O_APPEND"}, {04000, "O_NONBLOCK"}, {040000, "O_DIRECTORY"},
                                     {0100000, "O_NOFOLLOW"}, {0400000, "O_LARGEFILE"}, {02000000, "O_CLOEXEC"}},
                                    "");
      return std::string(access[value & 3]) + (rest.empty() ? "" : "|" + rest);
    }
    case 'P':
      return flag_names(value, {{1, "PROT_READ"}, {2, "PROT_WRITE"}, {4, "PROT_EXEC"}}, "PROT_NONE");
    case 'M':
      return flag_names(value, {{1, "MAP_SHARED"}, {2, "MAP_PRIVATE"}, {0x10, "MAP_FIXED"}, {0x20, "MAP_ANONYMOUS"},
                                {0x4000, "MAP_NORESERVE"}, {0x100000, "MAP_FIXED_NOREPLACE"}},
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
      if (!read_string(value, text, 4096)) return format_arg('p', value, 0, 0);
      return quote_bytes({text.begin(), text.end()}, false);
    }
    case 'b': case 'B': {
      const int64_t length = kind == 'b' ? static_cast<int64_t>(next) : result;
      if (length < 0) return format_arg('p', value, 0, 0);
      const uint64_t shown = std::min<uint64_t>(length, 32);
      if (!accessible(value, shown, kPermRead)) return format_arg('p', value, 0, 0);
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
    for (size_t i = 0; i < spec.size(); ++i) line += (i ? ", " : "") + format_arg(spec[i], a[i], i < 5 ? a[i + 1] : 0, result);
  }
  line += ")";
  if (exited_ && (number == 93 || number == 94)) {
    line += " = ?";
  } else if (result < 0 && result >= -4095) {
    line += " = -1 " + std::string(strerrorname_np(static_cast<int>(-result)) ? strerrorname_np(static_cast<int>(-result)) : "E?") +
            " (" + std::strerror(static_cast<int>(-result)) + ")";
    if (!known) line += " (not implemented by warp64)";
  } else if (number == 222 || number == 214 || number == 216) {
    line += " = " + format_arg('x', static_cast<uint64_t>(result), 0, 0);
  } else {
    line += " = " + std::to_string(result);
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

void Process::report_fault(const ExecResult& stop, int sig) const {
  std::string what;
  switch (stop.stop_reason) {
    case StopReason::kFault:
      what = std::string(stop.fault_kind == AccessKind::kWrite   ? "write to "
                         : stop.fault_kind == AccessKind::kFetch ? "instruction fetch from "
                                                                 : "read from ") +
             hex(stop.fault_address);
      break;
    case StopReason::kUndefined: what = "undefined instruction"; break;
    case StopReason::kBreakpoint: what = "breakpoint"; break;
    default: what = "halt instruction"; break;
  }
  std::string line = "warp64: guest " + std::string(signal_name(sig)) + ": " + what + " at pc " + hex(stop.final_pc);
  const std::string symbol = image_.symbolize(stop.final_pc);
  if (!symbol.empty()) line += " <" + symbol + ">";
  if (stop.instruction) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, " (instruction 0x%08x)", *stop.instruction);
    line += buffer;
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(path + ": cannot open: " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) throw Error(path + ": cannot read");
  return bytes;
}

ProcessResult Process::run() {
  const std::vector<uint8_t> file = read_file(options_.path);
  try {
    image_ = load_elf(file, space_);
  } catch (const ElfError& error) {
    throw ElfError(options_.path + ": " + error.what());
  }
  char resolved[PATH_MAX];
  exe_path_ = ::realpath(options_.path.c_str(), resolved) ? resolved : options_.path;
  brk_start_ = brk_ = image_.highest;
  setup_stack();
  state_.pc = image_.entry;

  auto engine = make_cpu_engine();
  ProcessResult result;
  uint64_t budget = options_.max_cycles;
  for (;;) {
    const EngineRun run = engine->run(state_, space_, budget);
    result.cycles += run.result.cycles;
    result.elapsed_seconds += run.seconds;
    if (budget != kUnlimitedCycles) budget -= run.result.cycles;
    ExecResult& last = result.last;
    last.stop_reason = run.result.reason;
    last.final_pc = state_.pc;
    last.fault_address = run.result.fault_address;
    last.fault_kind = run.result.fault_access;
    last.instruction = run.result.has_insn ? std::optional<uint32_t>(run.result.insn) : std::nullopt;
    if (run.result.reason == StopReason::kSyscall) {
      const uint64_t number = state_.x[8];
      const uint64_t args[6] = {state_.x[0], state_.x[1], state_.x[2], state_.x[3], state_.x[4], state_.x[5]};
      const bool known = syscall_table().count(number) && number != 293;
      const int64_t r = dispatch(number, args);
      if (options_.strace) trace(number, args, r, known);
      if (exited_) break;
      state_.x[0] = static_cast<uint64_t>(r);
      continue;
    }
    if (run.result.reason == StopReason::kMaxCycles) {
      std::fprintf(stderr, "warp64: guest stopped after %llu instructions (--max-cycles) at pc %s\n",
                   static_cast<unsigned long long>(result.cycles), hex(state_.pc).c_str());
      exit_code_ = 128 + SIGXCPU;
      exit_signal_ = SIGXCPU;
      break;
    }
    const int sig = run.result.reason == StopReason::kFault       ? SIGSEGV
                    : run.result.reason == StopReason::kUndefined ? SIGILL
                                                                  : SIGTRAP;
    report_fault(last, sig);
    exit_signal_ = sig;
    exit_code_ = 128 + sig;
    break;
  }
  result.last.final_pc = state_.pc;
  result.exit_code = exit_code_;
  result.signal = exit_signal_;
  result.state = state_;
  return result;
}

}  // namespace

ProcessResult run_process(const ProcessOptions& options) {
  Process process(options);
  return process.run();
}

}  // namespace warp64::linux_abi
