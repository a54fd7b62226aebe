// syscalls.def made into lookups by number: its rows for strace and the services, and the
// handler that services each call.
#include <cerrno>

#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

constexpr std::array<SyscallInfo, kSyscallLimit> kSyscalls = [] {
  std::array<SyscallInfo, kSyscallLimit> table{};
  auto add = [&](uint32_t number, const SyscallInfo& info) {
    if (table[number].name != nullptr) throw "two rows of syscalls.def have one number";
    table[number] = info;
  };
#define W64_SYSCALL(number, name, args, result, service) add(number, {#name, args, result, Service::service});
#define W64_SYSCALL_DECLINED(number, name, args) add(number, {#name, args, 'D', Service::declined});
#include "linux/syscalls.def"
  return table;
}();

}  // namespace

const SyscallInfo* find_syscall(uint64_t number) {
  return number < kSyscalls.size() && kSyscalls[number].name != nullptr ? &kSyscalls[number] : nullptr;
}

int64_t Process::dispatch(uint64_t number, const SyscallArgs& a) {
  using Handler = int64_t (Process::*)(const SyscallArgs&);
  static constexpr std::array<Handler, kSyscallLimit> kHandlers = [] {
    std::array<Handler, kSyscallLimit> table{};
#define W64_SYSCALL(number, name, args, result, service) table[number] = &Process::sys_##name;
#include "linux/syscalls.def"
    return table;
  }();
  if (number >= kHandlers.size() || kHandlers[number] == nullptr) return -ENOSYS;
  return (this->*kHandlers[number])(a);
}

}  // namespace warp64::linux_abi
