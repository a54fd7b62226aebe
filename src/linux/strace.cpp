// --strace: each system call, its arguments and result, and each signal delivered, in
// strace's format, on stderr.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "linux/process.hpp"

namespace warp64::linux_abi {
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
      if (!out.empty()) out += '|';
      out += name;
      value &= ~bit;
    }
  }
  if (value != 0 || out.empty()) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    if (value != 0 || zero == nullptr) {
      if (!out.empty()) out += '|';
      out += buffer;
    } else {
      out = zero;
    }
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
    case 'V': {
      if (value == 0) return "NULL";
      constexpr int kShown = 32;  // strace's default -s limits strings, not arrays; this is ours
      std::string out = "[";
      for (int i = 0;; ++i) {
        uint64_t pointer;
        if (!guest_.copy_in(value + 8 * i, &pointer, 8)) return format_arg('p', value, 0, 0);
        if (pointer == 0) break;
        if (i == kShown) {
          out += ", ...";
          break;
        }
        out += (i ? ", " : "") + format_arg('s', pointer, 0, 0);
      }
      return out + "]";
    }
    case 'b':
    case 'B': {
      const int64_t length = kind == 'b' ? static_cast<int64_t>(next) : result;
      if (length < 0) return format_arg('p', value, 0, 0);
      const uint64_t shown = std::min<uint64_t>(length, 32);
      std::vector<uint8_t> bytes(shown);
      if (!guest_.copy_in(value, bytes.data(), shown)) return format_arg('p', value, 0, 0);
      return quote_bytes(bytes, static_cast<uint64_t>(length) > shown);
    }
    case 'p':
      if (value == 0) return "NULL";
      [[fallthrough]];
    default: std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value)); return buffer;
  }
}

void Process::trace_call(uint64_t number, const SyscallArgs& a, int64_t result) const {
  const SyscallInfo* info = find_syscall(number);
  std::string line;
  if (info == nullptr) {
    line = "syscall_" + std::to_string(number) + "(";
    for (int i = 0; i < 6; ++i) line += (i ? ", " : "") + format_arg('x', a[i], 0, 0);
  } else {
    line = std::string(info->name) + "(";
    std::string spec = info->args;
    // openat's mode means something only when it creates a file (O_CREAT, O_TMPFILE).
    if (number == static_cast<uint64_t>(Sys::openat) && !(a[2] & 0100) && (a[2] & 020000000) == 0) spec.pop_back();
    for (size_t i = 0; i < spec.size(); ++i)
      line += (i ? ", " : "") + format_arg(spec[i], a[i], i < 5 ? a[i + 1] : 0, result);
  }
  line += ")";
  if (exited_) {
    line += " = ?";  // exit and exit_group do not return
  } else if (result == kRestartSys) {
    line += " = ? ERESTARTSYS (To be restarted if SA_RESTART is set)";
  } else if (result == kRestartNoHandler) {
    line += " = ? ERESTARTNOHAND (To be restarted if no handler)";
  } else if (result < 0 && result >= -4095) {
    const int error = static_cast<int>(-result);
    line += " = -1 " + std::string(strerrorname_np(error) ? strerrorname_np(error) : "E?") + " (" +
            std::strerror(error) + ")";
    if (info == nullptr || info->service == Service::declined) line += " (not implemented by warp64)";
  } else {
    line += " = " + format_arg(info != nullptr ? info->result : 'D', static_cast<uint64_t>(result), 0, 0);
  }
  std::fprintf(stderr, "%s%s\n", trace_prefix().c_str(), line.c_str());
}

std::string Process::trace_prefix() const {
  return several_processes_ || several_threads_ || options_.strace_pids ? "[pid " + std::to_string(gettid()) + "] "
                                                                        : "";
}

void Process::trace_signal(int sig, const FaultSignal* fault) const {
  const std::string name = signal_text(sig);
  std::string fields;
  if (fault != nullptr) {
    fields = "si_code=" + std::to_string(fault->code) + ", si_addr=" + hex(fault->address);
  } else {
    const SignalInfo& info = pending_info_[sig];
    static const char* const kChildCodes[] = {"CLD_EXITED",  "CLD_KILLED",  "CLD_DUMPED",
                                              "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED"};
    const bool child = sig == SIGCHLD && info.code >= kCldExited && info.code <= kCldContinued;
    const std::string code = child                   ? kChildCodes[info.code - 1]
                             : info.code == kSiUser  ? "SI_USER"
                             : info.code == kSiTkill ? "SI_TKILL"
                                                     : std::to_string(info.code);
    fields = "si_code=" + code + ", si_pid=" + std::to_string(info.pid) + ", si_uid=" + std::to_string(info.uid);
    if (child) {
      fields += ", si_status=" + (info.code == kCldExited ? std::to_string(info.status) : signal_text(info.status)) +
                ", si_utime=" + std::to_string(info.utime) + ", si_stime=" + std::to_string(info.stime);
    }
  }
  std::fprintf(stderr, "%s--- %s {si_signo=%s, %s} ---\n", trace_prefix().c_str(), name.c_str(), name.c_str(),
               fields.c_str());
}

void Process::trace_killed(int sig) const {
  std::fprintf(stderr, "%s+++ killed by %s +++\n", trace_prefix().c_str(), signal_text(sig).c_str());
}

}  // namespace warp64::linux_abi
