// syscalls.def against Linux: every row's number is the aarch64 (asm-generic) number of its
// name, as the cross compiler's <asm/unistd.h> defines it, and lookups by number find the row.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "linux/syscalls.hpp"

namespace warp64::linux_abi {
namespace {

struct Row {
  uint64_t number;
  std::string name, args;
  char result;
};

std::vector<Row> rows() {
  std::vector<Row> rows;
#define W64_SYSCALL(number, name, args, result, service) rows.push_back({number, #name, args, result});
#define W64_SYSCALL_DECLINED(number, name, args) rows.push_back({number, #name, args, 'D'});
#include "linux/syscalls.def"
  return rows;
}

// The macros <asm/unistd.h> defines for AArch64, by name.
std::map<std::string, std::string> linux_unistd() {
  const std::string command = std::string(WARP64_AARCH64_GCC) + " -dM -E -include asm/unistd.h -x c /dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  std::map<std::string, std::string> defines;
  if (pipe == nullptr) return defines;
  char line[512];
  while (std::fgets(line, sizeof line, pipe)) {
    char name[256], value[256];
    if (std::sscanf(line, "#define %255s %255s", name, value) == 2) defines[name] = value;
  }
  pclose(pipe);
  return defines;
}

// __NR_name's value, through the aliases (__NR_fstat is __NR3264_fstat, say); -1 when undefined.
long long linux_number(const std::map<std::string, std::string>& defines, const std::string& name) {
  std::string value = "__NR_" + name;
  for (int depth = 0; depth < 4; ++depth) {
    const auto it = defines.find(value);
    if (it == defines.end()) return -1;
    value = it->second;
    if (!value.empty() && std::isdigit(static_cast<unsigned char>(value[0]))) return std::stoll(value);
  }
  return -1;
}

TEST(SyscallTable, NumbersAreLinuxAarch64s) {
  const auto defines = linux_unistd();
  ASSERT_FALSE(defines.empty()) << "no output from " << WARP64_AARCH64_GCC;
  for (const Row& row : rows())
    EXPECT_EQ(linux_number(defines, row.name), static_cast<long long>(row.number)) << row.name;
  EXPECT_EQ(linux_number(defines, "openat"), static_cast<long long>(Sys::openat));
}

TEST(SyscallTable, LookupByNumber) {
  for (const Row& row : rows()) {
    const SyscallInfo* info = find_syscall(row.number);
    ASSERT_NE(info, nullptr) << row.name;
    EXPECT_EQ(info->name, row.name);
    EXPECT_EQ(info->args, row.args);
    EXPECT_EQ(info->result, row.result);
  }
  EXPECT_EQ(find_syscall(500), nullptr);  // no Linux system call has this number
  EXPECT_EQ(find_syscall(kSyscallLimit), nullptr);
  EXPECT_EQ(find_syscall(~0ull), nullptr);
}

// Each row's kinds are ones the strace printer knows, one per argument the call takes.
TEST(SyscallTable, StraceKinds) {
  for (const Row& row : rows()) {
    EXPECT_LE(row.args.size(), 6u) << row.name;
    EXPECT_EQ(row.args.find_first_not_of("dDuxopasbBVOPM"), std::string::npos) << row.name;
    if (!row.args.empty()) EXPECT_NE(row.args.back(), 'b') << row.name << ": a 'b' buffer's length is the next one";
    EXPECT_TRUE(row.result == 'D' || row.result == 'x') << row.name;
  }
}

}  // namespace
}  // namespace warp64::linux_abi
