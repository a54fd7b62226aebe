// What execve runs, as fs/exec.c and fs/binfmt_script.c decide it: every expected value follows
// from their rules (the "#!" line's split, the argv rewrite, the nesting limit, the errors).
#include "linux/exec_target.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cerrno>

#include "guest_runner.hpp"

namespace warp64::linux_abi {
namespace {

using test::TempDir;
using Argv = std::vector<std::string>;

class ExecTargetTest : public testing::Test {
 protected:
  // An executable file at `name` in the directory.
  std::string script(const std::string& name, const std::string& text, mode_t mode = 0755) {
    const std::string path = dir_.path() + "/" + name;
    test::write_file(path, text);
    chmod(path.c_str(), mode);
    return path;
  }
  int find(const std::string& path, const Argv& argv) { return find_exec_target(path, argv, target_); }

  TempDir dir_;
  ExecTarget target_;
  const std::string elf_ = test::program("hello");  // a static AArch64 executable
};

TEST_F(ExecTargetTest, AnAarch64ExecutableRunsAsGiven) {
  ASSERT_EQ(find(elf_, {"name", "a"}), 0);
  EXPECT_EQ(target_.program, elf_);
  EXPECT_EQ(target_.argv, (Argv{"name", "a"}));
}

// The interpreter, then everything after it less the blanks around it as one argument, then the
// script's path in place of argv[0].
TEST_F(ExecTargetTest, ScriptLineGivesInterpreterAndOneArgument) {
  const std::string path = script("s", "#! " + elf_ + "  -x  -y \t\necho\n");
  ASSERT_EQ(find(path, {"ignored", "a", "b"}), 0);
  EXPECT_EQ(target_.program, elf_);
  EXPECT_EQ(target_.argv, (Argv{elf_, "-x  -y", path, "a", "b"}));
}

TEST_F(ExecTargetTest, ScriptWithoutArgumentOrNewline) {
  const std::string path = script("s", "#!" + elf_);
  ASSERT_EQ(find(path, {"s"}), 0);
  EXPECT_EQ(target_.argv, (Argv{elf_, path}));
  const std::string tabbed = script("t", "#!\t" + elf_ + "\targ\n");
  ASSERT_EQ(find(tabbed, {}), 0);
  EXPECT_EQ(target_.argv, (Argv{elf_, "arg", tabbed}));
}

TEST_F(ExecTargetTest, InterpreterThatIsAScript) {
  const std::string inner = script("inner", "#!" + elf_ + " deep\n");
  const std::string outer = script("outer", "#!" + inner + "\n");
  ASSERT_EQ(find(outer, {"outer", "a"}), 0);
  EXPECT_EQ(target_.program, elf_);
  EXPECT_EQ(target_.argv, (Argv{elf_, "deep", inner, outer, "a"}));
}

// Five rewrites succeed; a sixth script is ELOOP.
TEST_F(ExecTargetTest, NestingLimit) {
  std::string previous = elf_;
  for (int i = 1; i <= kMaxInterpreterDepth; ++i) previous = script("s" + std::to_string(i), "#!" + previous + "\n");
  EXPECT_EQ(find(previous, {"x"}), 0);
  EXPECT_EQ(target_.program, elf_);
  EXPECT_EQ(target_.argv.size(), static_cast<size_t>(kMaxInterpreterDepth) + 1);
  EXPECT_EQ(find(script("one-more", "#!" + previous + "\n"), {"x"}), ELOOP);
}

TEST_F(ExecTargetTest, Errors) {
  EXPECT_EQ(find(dir_.path() + "/absent", {}), ENOENT);
  EXPECT_EQ(find(script("f", "text\n") + "/below", {}), ENOTDIR);
  EXPECT_EQ(find(dir_.path(), {}), EACCES);
  EXPECT_EQ(find(script("not-executable", "#!" + elf_ + "\n", 0644), {}), EACCES);
  EXPECT_EQ(find(script("plain", "echo plain\n"), {}), ENOEXEC);
  EXPECT_EQ(find(script("blank", "#!  \t\n"), {}), ENOEXEC);
  EXPECT_EQ(find(script("missing-interpreter", "#!" + dir_.path() + "/absent\n"), {}), ENOENT);
  // This test's own executable is the host's: not AArch64.
  EXPECT_EQ(find("/proc/self/exe", {}), ENOEXEC);
  EXPECT_EQ(find(script("empty", ""), {}), ENOEXEC);
}

}  // namespace
}  // namespace warp64::linux_abi
