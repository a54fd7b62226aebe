// The initial stack Linux builds for a new process: argc, argv, envp and the auxiliary vector
// below the strings they point to.
#include <unistd.h>

#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "linux/process.hpp"

extern char** environ;

namespace warp64::linux_abi {
namespace {

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

// The host's environment less -U's variables and -E's, then -E's.
std::vector<std::string> guest_environment(const ProcessOptions& options) {
  std::vector<std::string> envp;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    bool drop = false;
    for (const auto& u : options.unset_env) drop |= u == name;
    for (const auto& s : options.set_env) drop |= s.first == name;
    if (!drop) envp.push_back(entry);
  }
  for (const auto& s : options.set_env) envp.push_back(s.first + "=" + s.second);
  return envp;
}

}  // namespace

void Process::build_initial_stack() {
  const uint64_t stack_base = layout_.stack_top - layout_.stack_size;
  if (space_.host_backed()) {
    space_.map(stack_base, layout_.stack_size, kPermRead | kPermWrite);
  } else {
    space_.adopt(stack_base, layout_.stack_size, kPermRead | kPermWrite);
  }
  std::vector<std::string> argv{options_.argv0.value_or(options_.path)};
  argv.insert(argv.end(), options_.args.begin(), options_.args.end());
  const std::vector<std::string> envp = guest_environment(options_);

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
      {AT_BASE_, interpreter_.entry != 0 ? interpreter_.load_bias : 0},
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
    for (const uint64_t word : {key, value}) auxv_.append(reinterpret_cast<const char*>(&word), sizeof word);
  }
  sp = (sp - words.size() * 8) & ~15ull;
  place(sp, words.data(), words.size() * 8);
  space_.write_bytes(layout_.stack_top - top.size(), top);
  thread_->state.sp = sp;
}

}  // namespace warp64::linux_abi
