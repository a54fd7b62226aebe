// Third-party programs from Debian's arm64 packages (lua5.4, sqlite3 and lz4, dynamically
// linked, as one process and in lanes; busybox's tar, static),
// fetched at test time by scripts/fetch-debian-arm64 into a cache outside the repository,
// each run under warp64 and under qemu-aarch64 -L with the same sysroot: stdout, stderr, exit
// status and the files they write must be the same bytes. Skipped when the packages cannot be
// had.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "guest_runner.hpp"
#include "lanes_oracle.hpp"

namespace warp64::test {
namespace {

// The sysroot with every package the programs need, or "" (and why in `reason`).
std::string debian_sysroot(std::string& reason) {
  static std::string sysroot, why;
  static bool tried = false;
  if (!tried) {
    tried = true;
    const std::string command = std::string(WARP64_SOURCE_DIR) +
                                "/scripts/fetch-debian-arm64 libc6 lua5.4 libreadline8 libtinfo6 sqlite3 "
                                "libsqlite3-0 zlib1g lz4 liblz4-1 busybox-static 2>&1";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    std::string output;
    char buffer[512];
    while (pipe != nullptr && std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    const int status = pipe != nullptr ? ::pclose(pipe) : -1;
    while (!output.empty() && output.back() == '\n') output.pop_back();
    (status == 0 ? sysroot : why) = output;
  }
  reason = why;
  return sysroot;
}

#define SYSROOT_OR_SKIP(name)                           \
  std::string skip_reason;                              \
  const std::string name = debian_sysroot(skip_reason); \
  if (name.empty()) GTEST_SKIP() << "no Debian arm64 packages: " << skip_reason

// Runs `program` (a path inside the sysroot) with `args` in two directories holding `files`,
// under both emulators, and expects the same results.
struct Comparison {
  TempDir ours, theirs;
  Outcome w, q;
};

void run_both(Comparison& c, const std::string& sysroot, const std::string& program,
              const std::vector<std::string>& args) {
  const std::vector<std::string> env = {"HOME=/nonexistent", "LC_ALL=C"};
  c.w = run_warp64(sysroot + program, args, c.ours.path(), env, {"-L", sysroot});
  c.q = run_qemu(sysroot + program, args, c.theirs.path(), env, {"-L", sysroot});
  EXPECT_EQ(c.w.signal, c.q.signal);
  EXPECT_EQ(c.w.out, c.q.out);
  EXPECT_EQ(c.w.err, c.q.err);
  EXPECT_EQ(c.w.status, c.q.status);
}

void write_both(Comparison& c, const std::string& name, const std::string& data) {
  write_file(c.ours.path() + "/" + name, data);
  write_file(c.theirs.path() + "/" + name, data);
}

TEST(DebianPrograms, LuaScript) {
  SYSROOT_OR_SKIP(sysroot);
  Comparison c;
  write_both(c, "script.lua", R"(
local squares = {}
for i = 1, 12 do squares[#squares + 1] = i * i end
print(table.concat(squares, " "))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib(25) = " .. fib(25))
local words = {}
for w in ("the quick brown fox jumps over the lazy dog"):gmatch("%a+") do words[#words + 1] = w:upper() end
table.sort(words)
print(table.concat(words, ","))
print(string.format("%.6f %g %5.2e %x", math.pi, 2^0.5, 12345.678, 48879))
local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * 10) end end)
print(co(), co(), co())
local f = assert(io.open("out.txt", "w")); f:write("written by lua\n"); f:close()
for line in io.lines("out.txt") do print(line) end
print(pcall(error, "raised"))
os.exit(3)
)");
  run_both(c, sysroot, "/usr/bin/lua5.4", {"script.lua"});
  EXPECT_EQ(c.w.status, 3);
  EXPECT_NE(c.w.out.find("fib(25) = 75025\n"), std::string::npos) << c.w.out << c.w.err;
}

// An on-disk database written by one run and read by the next: SQLite takes fcntl record
// locks on the file and its rollback journal.
TEST(DebianPrograms, SqliteOnDisk) {
  SYSROOT_OR_SKIP(sysroot);
  Comparison create, query;
  run_both(create, sysroot, "/usr/bin/sqlite3",
           {"db",
            "create table t(id integer primary key, name text, score real);"
            "begin exclusive;"
            "with recursive n(i) as (select 1 union all select i + 1 from n where i < 500)"
            " insert into t(name, score) select 'row' || i, i * 1.5 from n;"
            "commit;"
            "select count(*), sum(score) from t;"});
  EXPECT_EQ(create.w.out, "500|187875.0\n") << create.w.err;
  EXPECT_EQ(read_file(create.ours.path() + "/db"), read_file(create.theirs.path() + "/db"));
  write_file(query.ours.path() + "/db", read_file(create.ours.path() + "/db"));
  write_file(query.theirs.path() + "/db", read_file(create.theirs.path() + "/db"));
  run_both(query, sysroot, "/usr/bin/sqlite3",
           {"db",
            "update t set score = score * 2 where id % 100 = 0;"
            "select name, score from t where id % 100 = 0 order by id desc;"
            "pragma integrity_check;"});
  EXPECT_EQ(query.w.out, "row500|1500.0\nrow400|1200.0\nrow300|900.0\nrow200|600.0\nrow100|300.0\nok\n") << query.w.err;
}

TEST(DebianPrograms, Lz4RoundTrip) {
  SYSROOT_OR_SKIP(sysroot);
  std::string input;
  for (int i = 0; i < 20000; ++i) input += "line " + std::to_string(i * 7919 % 10007) + " of the input\n";
  Comparison compress, decompress;
  write_both(compress, "input", input);
  run_both(compress, sysroot, "/usr/bin/lz4", {"-q", "-9", "input", "input.lz4"});
  const std::string packed = read_file(compress.ours.path() + "/input.lz4");
  EXPECT_EQ(packed, read_file(compress.theirs.path() + "/input.lz4"));
  EXPECT_LT(packed.size(), input.size() / 2);
  write_both(decompress, "input.lz4", packed);
  run_both(decompress, sysroot, "/usr/bin/lz4", {"-q", "-d", "input.lz4", "output"});
  EXPECT_EQ(read_file(decompress.ours.path() + "/output"), input);
  EXPECT_EQ(read_file(decompress.theirs.path() + "/output"), input);
}

// Dynamically linked programs in lanes, each lane with its own arguments: their libraries
// (libsqlite3, libreadline, zlib, liblua's libm...) laid out once for every lane, and every
// lane what qemu-aarch64 -L gives that process.
TEST(DebianPrograms, DynamicProgramsInLanes) {
  SYSROOT_OR_SKIP(sysroot);
  const std::vector<std::string> env = {"HOME=/nonexistent", "LC_ALL=C"};
  const auto every_lane = [](int) { return true; };
  expect_lanes_match_qemu(
      sysroot + "/usr/bin/sqlite3",
      {":memory:",
       "with recursive n(i) as (select 1 union all select i + 1 from n where i < 100 * ({lane} + 1))"
       " select count(*), sum(i * i), group_concat(i % 7, '') like '%0123456%' from n;"},
      4, {"-L", sysroot}, every_lane, env);
  expect_lanes_match_qemu(sysroot + "/usr/bin/lua5.4",
                          {"-e",
                           "local t = {} for i = 1, 50 * ({lane} + 1) do t[#t + 1] = string.format('%.3f', math.sin(i))"
                           " end print(#t, t[#t], string.rep('ab', {lane}))"},
                          4, {"-L", sysroot}, every_lane, env);
}

// tar -x restores each member's mode and modification time (fchmod/fchmodat, utimensat) and
// its symbolic links (symlinkat).
TEST(DebianPrograms, TarKeepsModesAndTimes) {
  SYSROOT_OR_SKIP(sysroot);
  TempDir source;
  ::mkdir((source.path() + "/d").c_str(), 0755);
  const std::string file = source.path() + "/d/f";
  write_file(file, "contents\n");
  ::chmod(file.c_str(), 0640);
  const struct timespec times[2] = {{981173106, 0}, {981173106, 0}};  // 2001-02-03 04:05:06 UTC
  ::utimensat(AT_FDCWD, file.c_str(), times, 0);
  ::symlink("f", (source.path() + "/d/l").c_str());
  ASSERT_EQ(std::system(("tar -cf " + source.path() + "/a.tar -C " + source.path() + " d").c_str()), 0);
  Comparison c;
  run_both(c, sysroot, "/bin/busybox", {"tar", "-xf", source.path() + "/a.tar"});
  for (const TempDir* dir : {&c.ours, &c.theirs}) {
    struct stat st;
    ASSERT_EQ(::stat((dir->path() + "/d/f").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
    EXPECT_EQ(st.st_mtim.tv_sec, 981173106);
    char target[8] = {};
    EXPECT_EQ(::readlink((dir->path() + "/d/l").c_str(), target, sizeof target), 1);
    EXPECT_STREQ(target, "f");
  }
}

}  // namespace
}  // namespace warp64::test
