// Dynamically linked programs: the loader found under a sysroot (-L, WARP64_LD_PREFIX or the
// default), the auxiliary vector it reads, and the sysroot's rule for the guest's own paths,
// each compared with qemu-aarch64 -L.
#include <gtest/gtest.h>

#include <filesystem>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

const std::string kSysroot = WARP64_SYSROOT;

#define SKIP_WITHOUT_SYSROOT() \
  if (kSysroot.empty()) GTEST_SKIP() << "no aarch64 sysroot with a dynamic loader"

void expect_same_as_qemu(const std::string& name, const std::vector<std::string>& args, const std::string& sysroot,
                         const std::string& cwd_ours, const std::string& cwd_theirs) {
  const Outcome w = run_warp64(name, args, cwd_ours, {"WARP64_TEST=1"}, {"-L", sysroot});
  const Outcome q = run_qemu(name, args, cwd_theirs, {"WARP64_TEST=1"}, {"-L", sysroot});
  EXPECT_EQ(w.signal, q.signal);
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(w.err, q.err);
  EXPECT_EQ(w.status, q.status);
}

TEST(LinuxDynamic, HelloLikeQemu) {
  SKIP_WITHOUT_SYSROOT();
  TempDir ours, theirs;
  expect_same_as_qemu("hello_dynamic", {}, kSysroot, ours.path(), theirs.path());
}

// Linux's auxiliary vector for an interpreted program (fs/binfmt_elf.c): AT_ENTRY the program's
// entry, AT_PHDR/AT_PHNUM its headers as mapped, AT_PHENT sizeof(Elf64_Phdr), AT_BASE the
// loader's load address; the program checks each against what the loader found.
TEST(LinuxDynamic, AuxiliaryVector) {
  SKIP_WITHOUT_SYSROOT();
  TempDir ours, theirs;
  const Outcome w = run_warp64("auxv_dynamic", {}, ours.path(), {"WARP64_TEST=1"}, {"-L", kSysroot});
  EXPECT_EQ(w.out,
            "AT_ENTRY is _start: 1\nAT_PHDR is the program's headers: 1\nAT_PHNUM: 1\nAT_PHENT: 56\n"
            "AT_BASE is the loader's base: 1\nAT_PAGESZ: 4096\n");
  EXPECT_EQ(w.status, 0) << w.err;
  expect_same_as_qemu("auxv_dynamic", {}, kSysroot, ours.path(), theirs.path());
}

// Without -L, WARP64_LD_PREFIX names the sysroot; without either, /usr/aarch64-linux-gnu.
TEST(LinuxDynamic, SysrootFromTheEnvironment) {
  SKIP_WITHOUT_SYSROOT();
  TempDir dir;
  const Outcome named = run_warp64("hello_dynamic", {}, dir.path(), {"WARP64_LD_PREFIX=" + kSysroot});
  EXPECT_EQ(named.status, 0) << named.err;
  EXPECT_EQ(named.out, "Hello from glibc, 2 + 3 = 5\n");
  const Outcome wrong = run_warp64("hello_dynamic", {}, dir.path(), {"WARP64_LD_PREFIX=/nonexistent"});
  EXPECT_EQ(wrong.status, 2);
  EXPECT_NE(wrong.err.find("is not under the sysroot /nonexistent"), std::string::npos) << wrong.err;
  if (kSysroot == "/usr/aarch64-linux-gnu") {
    const Outcome fallback = run_warp64("hello_dynamic", {}, dir.path(), {});
    EXPECT_EQ(fallback.status, 0) << fallback.err;
  }
}

// Absolute paths the guest opens for reading, stats or reads as a link resolve inside the
// sysroot when they exist there, as under qemu -L; access() (faccessat) is the host's, as is
// a file the guest creates.
TEST(LinuxDynamic, GuestPathsUnderTheSysroot) {
  SKIP_WITHOUT_SYSROOT();
  TempDir root, ours, theirs;
  namespace fs = std::filesystem;
  fs::create_symlink(kSysroot + "/lib", root.path() + "/lib");
  const std::string probe_dir = "/warp64-sysroot-probe";
  fs::create_directories(root.path() + probe_dir);
  write_file(root.path() + probe_dir + "/note.txt", "inside the sysroot");
  fs::create_symlink("note.txt", root.path() + probe_dir + "/link");
  for (const TempDir* dir : {&ours, &theirs}) {
    const std::string created = dir->path() + "/created.txt";
    const std::vector<std::string> args = {probe_dir + "/note.txt", probe_dir + "/link", created};
    const Outcome w = dir == &ours ? run_warp64("sysroot_paths_libc", args, dir->path(), {}, {"-L", root.path()})
                                   : run_qemu("sysroot_paths_libc", args, dir->path(), {}, {"-L", root.path()});
    EXPECT_EQ(w.out,
              "open for reading: inside the sysroot\nstat: 0 size 18\naccess: -1\nreadlink: 8 note.txt\n"
              "create: ok\nread back: present\n")
        << (dir == &ours ? "warp64" : "qemu");
    EXPECT_EQ(read_file(created), "host\n");
    EXPECT_FALSE(fs::exists(root.path() + created));
  }
}

}  // namespace
}  // namespace warp64::test
