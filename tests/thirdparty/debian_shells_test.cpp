// Debian's arm64 busybox-static and bash-static under warp64 and under qemu-aarch64: applets,
// pipelines, command substitution, subshells, redirections, here-documents, background jobs,
// signals, traps and exec, each compared byte for byte (stdout, stderr, exit status or
// terminating signal). The packages are downloaded once into a cache outside the repository
// (scripts/fetch-debian-arm64); without them the tests skip.
//
// Both emulators run in a user and mount namespace of their own (tests/thirdparty/in-namespace);
// qemu-aarch64's has it registered in binfmt_misc, since qemu hands a guest's execve to the
// host kernel, while warp64 runs an exec'd AArch64 program itself.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "guest_runner.hpp"
#include "linux/syscalls.hpp"

namespace warp64::test {
namespace {

// Where the packages are, or why they are not.
struct Debian {
  std::string root;         // the unpacked packages
  std::string applets;      // a directory of busybox's applet names, linked to busybox
  std::string unavailable;  // empty when the programs can be run
  std::string busybox() const { return root + "/bin/busybox"; }
  std::string bash() const { return root + "/bin/bash-static"; }
};

std::string source(const std::string& relative) {
  return path_from("WARP64_TEST_SOURCE_DIR", WARP64_SOURCE_DIR) + "/" + relative;
}

std::string output_of(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  char buffer[4096];
  for (size_t n; pipe && (n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0;) out.append(buffer, n);
  return out;
}

const std::string& qemu() {
  static const std::string path = path_from("WARP64_TEST_QEMU", WARP64_QEMU);
  return path;
}

const Debian& debian() {
  static const Debian found = [] {
    Debian d;
    const std::string fetched = output_of(source("scripts/fetch-debian-arm64") + " busybox-static bash-static");
    if (fetched.empty() || fetched.back() != '\n') {
      d.unavailable = "Debian's arm64 busybox-static and bash-static cannot be had (scripts/fetch-debian-arm64 failed)";
      return d;
    }
    d.root = fetched.substr(0, fetched.size() - 1);
    // busybox --list, as the oracle runs it, names the applets the shells find on PATH.
    const Outcome list = run_command({qemu(), d.busybox(), "--list"}, "/", {"PATH=/usr/bin:/bin"});
    d.applets = d.root + "/../applets";
    ::mkdir(d.applets.c_str(), 0755);
    std::istringstream names(list.out);
    for (std::string name; std::getline(names, name);) ::symlink(d.busybox().c_str(), (d.applets + "/" + name).c_str());
    const Outcome probe =
        run_command({source("tests/thirdparty/in-namespace"), "--qemu-binfmt", qemu(), d.busybox(), "true"}, "/",
                    {"PATH=/usr/bin:/bin"});
    if (list.status != 0 || probe.status != 0) {
      d.unavailable =
          "no user namespace with its own binfmt_misc (Linux 6.7+) for qemu-aarch64 to exec AArch64 programs";
    }
    return d;
  }();
  return found;
}

struct ShellCase {
  const char* name;
  const char* shell;  // "sh" (busybox sh) or "bash"
  std::string script;
};

void PrintTo(const ShellCase& c, std::ostream* os) { *os << c.shell << ": " << c.script; }

// A fresh directory with the files the scripts use; file times are fixed so that listings and
// archives are the same bytes in both runs.
void prepare(const std::string& dir) {
  write_file(dir + "/in.txt", "alpha\nbeta\ngamma\n");
  ::mkdir((dir + "/tree").c_str(), 0755);
  ::mkdir((dir + "/tree/sub").c_str(), 0755);
  write_file(dir + "/tree/a.txt", "one\ntwo\n");
  write_file(dir + "/tree/sub/b.txt", "three\n");
  std::string numbers;
  for (int i = 1; i <= 500; ++i) numbers += std::to_string(i) + "\n";
  write_file(dir + "/tree/nums", numbers);
  const struct timespec fixed[2] = {{1577934245, 0}, {1577934245, 0}};  // 2020-01-02 03:04:05 UTC
  for (const char* path : {"tree/a.txt", "tree/sub/b.txt", "tree/nums", "tree/sub", "tree"}) {
    ::utimensat(AT_FDCWD, (dir + "/" + path).c_str(), fixed, 0);
  }
  write_file(dir + "/script.sh", "#!" + debian().busybox() + " sh\necho \"script $0 $1 $2\"\nexit 5\n");
  ::chmod((dir + "/script.sh").c_str(), 0755);
  write_file(dir + "/plain.txt", "echo not a program\n");
  // busybox's xz only decompresses: "xz round trip\n" as xz 5.4 compresses it.
  static const char kXz[] =
      "\xfd\x37\x7a\x58\x5a\x00\x00\x04\xe6\xd6\xb4\x46\x02\x00\x21\x01\x16\x00\x00\x00\x74\x2f\xe5\xa3"
      "\x01\x00\x0d\x78\x7a\x20\x72\x6f\x75\x6e\x64\x20\x74\x72\x69\x70\x0a\x00\x00\x00\x7e\x4c\x46\x23"
      "\xdd\xb3\x77\x70\x00\x01\x26\x0e\x08\x1b\xe0\x04\x1f\xb6\xf3\x7d\x01\x00\x00\x00\x00\x04\x59\x5a";
  write_file(dir + "/data.xz", std::string(kXz, sizeof kXz - 1));
}

// Each emulator adds its own line for a signal that dumps core; the guests' bytes remain.
// bash names a killed job's pid, which differs from run to run.
std::string comparable(const std::string& err) {
  std::istringstream lines(err);
  std::string kept;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("warp64: guest SIG", 0) != 0 && line.rfind("qemu: uncaught target signal", 0) != 0) {
      kept += line + "\n";
    }
  }
  return std::regex_replace(kept, std::regex("(line [0-9]+: +)[0-9]+ "), "$1PID ");
}

Outcome run_shell(const ShellCase& c, bool under_qemu, const std::string& dir) {
  const Debian& d = debian();
  std::vector<std::string> argv{source("tests/thirdparty/in-namespace")};
  if (under_qemu) argv.insert(argv.end(), {"--qemu-binfmt", qemu()});
  // HOME holds no start-up file: bash reads ~/.bashrc when it takes its stdin for a network
  // connection, and getpeername, which tells, is not among warp64's calls yet.
  argv.insert(argv.end(), {"/usr/bin/env", "-i", "PATH=" + d.applets, "HOME=" + dir, "TZ=UTC", "LC_ALL=C"});
  if (under_qemu) {
    argv.push_back(qemu());
  } else {
    argv.insert(argv.end(), {path_from("WARP64_TEST_BINARY", WARP64_BINARY), "run"});
  }
  if (std::string(c.shell) == "bash") {
    argv.push_back(d.bash());
  } else {
    argv.insert(argv.end(), {d.busybox(), "sh"});
  }
  argv.insert(argv.end(), {"-c", c.script});
  return run_command(argv, dir, {"PATH=/usr/bin:/bin"});
}

class DebianShells : public testing::TestWithParam<ShellCase> {};

TEST_P(DebianShells, SameAsQemu) {
  if (!debian().unavailable.empty()) GTEST_SKIP() << debian().unavailable;
  const ShellCase& c = GetParam();
  TempDir ours, theirs;
  prepare(ours.path());
  prepare(theirs.path());
  const Outcome w = run_shell(c, false, ours.path());
  const Outcome q = run_shell(c, true, theirs.path());
  ASSERT_FALSE(q.out.empty()) << "every script prints something; the oracle did not: " << q.err;
  EXPECT_EQ(w.out, q.out);
  EXPECT_EQ(comparable(w.err), comparable(q.err));
  EXPECT_EQ(w.status, q.status);
  EXPECT_EQ(w.signal, q.signal);
}

// tar -x keeps times and modes where the system calls that set them exist. Directories are left
// out of the listing: busybox tar sets a directory's time when it creates it, and extracting
// the files inside then moves it to the time of the run, which differs between two runs.
std::string tar_extract_script() {
  const bool keeps_times = linux_abi::find_syscall(88) != nullptr && linux_abi::find_syscall(53) != nullptr;
  return std::string("tar -cf t.tar tree && mkdir out && tar -xf t.tar -C out && find out | sort && ") +
         "cat out/tree/a.txt out/tree/sub/b.txt out/tree/nums | sha256sum" +
         (keeps_times ? " && ls -lR --full-time out | grep -v '^d'" : "");
}

// Scripts that every shell runs alike.
const char* const kScripts[][2] = {
    {"Pipeline", "seq 1 20000 | awk '{s+=$1} END {print s}'"},
    {"CommandSubstitution", "x=$(echo hi; echo there); echo \"[$x]\"; y=`echo back`; echo $y $(echo $(echo nested))"},
    {"Subshell", "(cd /; pwd); (exit 7); echo $?; (echo inner; exit 0) | tr a-z A-Z"},
    {"Redirections",
     "echo out > f; echo err 1>&2; cat f; ls absent 2>&1; cat < in.txt; echo more >> f; wc -l < f; "
     "exec 3< in.txt; read -r first <&3; echo $first; echo to-null > /dev/null 2>&1"},
    {"HereDocument", "cat <<EOF\nsum $((1+2))\nEOF\ncat <<'EOF'\nkept $((1+2))\nEOF\n"},
    {"BackgroundJobsAndWait",
     "sleep 0.2 & a=$!; (sleep 0.1; exit 3) & b=$!; wait $b; echo b=$?; wait $a; echo a=$?; "
     "sleep 0.1 & wait; echo all=$?"},
    {"KilledChildStatus", "sh -c 'kill -SEGV $$'; echo $?; sh -c 'kill -TERM $$'; echo $?"},
    {"ReadLoop", "while read -r x; do echo \"<$x>\"; done < in.txt"},
    {"TrapExit", "trap 'echo bye $?' EXIT; echo main; exit 3"},
    {"TrapSignal", "trap 'echo caught USR1' USR1; kill -USR1 $$; (sleep 0.1; kill -USR1 $$) & wait; echo end"},
    {"ScriptWithInterpreter", "./script.sh one two; echo $?"},
    {"PipeToEarlyExit", "yes | head -3; echo done"},
    {"PipelineStatus", "false | true; echo $?; true | false; echo $?"},
    {"ExecErrors", "./absent; echo $?; ./plain.txt; echo $?"},
    {"ExecReplacesShell", "exec echo replaced; echo never"},
    {"KilledByItsOwnSignal", "echo before; kill -TERM $$; echo never"},
};

// busybox applets, run by busybox sh.
const char* const kApplets[][2] = {
    {"Sort", "sort -r in.txt; sort -n -r tree/nums | head -3"},
    {"Sed", "sed -e 's/a/X/g' -e '2d' in.txt"},
    {"Awk", "awk '{n += length($0)} END {print NR, n}' in.txt"},
    {"Grep", "grep -n a in.txt; grep -c 5 tree/nums; grep -q zzz in.txt; echo $?"},
    {"GzipRoundTrip", "gzip -c tree/nums > n.gz && sha256sum n.gz && gunzip -c n.gz | sha256sum && gzip -t n.gz"},
    {"Bzip2", "bzip2 -c tree/nums > n.bz2 && sha256sum n.bz2 && bunzip2 -c n.bz2 | tail -1"},
    {"Xz", "unxz -c data.xz; xz -d -c data.xz | wc -c"},
    {"Sha256sum", "sha256sum in.txt tree/nums"},
    {"Diff", "diff in.txt tree/a.txt; echo $?; diff tree/a.txt tree/a.txt; echo $?"},
    {"Find", "find tree | sort; find tree -name '*.txt' -type f | sort"},
    {"Bc", "echo '2^100; 7/3; scale=10; 7/3' | bc"},
    {"TarCreate", "tar -cf t.tar tree && tar -tvf t.tar"},
};

std::vector<ShellCase> cases() {
  std::vector<ShellCase> all;
  for (const auto& [name, script] : kApplets) all.push_back({name, "sh", script});
  all.push_back({"TarExtract", "sh", tar_extract_script()});
  for (const char* shell : {"sh", "bash"}) {
    for (const auto& [name, script] : kScripts) all.push_back({name, shell, script});
  }
  return all;
}

std::string case_name(const testing::TestParamInfo<ShellCase>& info) {
  return std::string(info.param.shell == std::string("bash") ? "Bash" : "BusyboxSh") + "_" + info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Debian, DebianShells, testing::ValuesIn(cases()), case_name);

}  // namespace
}  // namespace warp64::test
