// `warp64 bench --jobs` as a user meets it: a quick run checks every job of every row against
// qemu-aarch64; a qemu-aarch64 that prints the wrong bytes for one job fails the bench and
// names that job; bad options give one line and exit status 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "warp64_command.hpp"

namespace {

// `warp64 bench ARGUMENTS`, with `environment` (e.g. "PATH=... ") set for it.
CommandResult run_bench(const std::string& arguments, const std::string& environment = "") {
  return run_warp64("bench " + arguments, environment);
}

// A PATH that finds `dir` first.
std::string path_first(const std::string& dir) { return "PATH='" + dir + "':\"$PATH\" "; }

const char* const kPrograms[] = {"hash_checksums", "interpreter", "nbody", "compress_roundtrip", "records_digest"};

bool corpus_built() {
  for (const char* program : kPrograms) {
    if (!std::filesystem::exists(std::string(WARP64_CORPUS_BIN) + "/" + program + "-O2")) return false;
  }
  return *WARP64_QEMU != '\0';
}

// The table's lines for one runner, e.g. "warp64 cpu lanes": those above its first blank line.
std::vector<std::string> rows_of(const std::string& output, const std::string& runner) {
  std::istringstream lines(output);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line) && !line.empty();) {
    if (line.find(runner) != std::string::npos) rows.push_back(line);
  }
  return rows;
}

std::string quick_run_arguments() {
  return std::string("--jobs --quick --runners cpu,qemu --programs ") + WARP64_CORPUS_BIN;
}

TEST(BenchJobs, QuickRunChecksEveryJobAgainstQemu) {
  if (!corpus_built()) GTEST_SKIP() << "corpus programs or qemu-aarch64 missing";
  const CommandResult r = run_bench(quick_run_arguments());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  // Each program has a CPU lanes row and a qemu row, each "ok", each of the quick run's 4 jobs.
  for (const std::string runner : {"warp64 cpu lanes", "qemu-aarch64 x"}) {
    const std::vector<std::string> rows = rows_of(r.out, runner);
    ASSERT_EQ(rows.size(), std::size(kPrograms)) << r.out;
    for (size_t i = 0; i < std::size(kPrograms); ++i) {
      EXPECT_EQ(rows[i].rfind(kPrograms[i], 0), 0u) << rows[i];
      EXPECT_NE(rows[i].find(" 4 "), std::string::npos) << rows[i];
      EXPECT_EQ(rows[i].substr(rows[i].size() - 3), " ok") << rows[i];
    }
  }
  EXPECT_EQ(r.out.find("FAILED"), std::string::npos) << r.out;
}

TEST(BenchJobs, WrongOutputOfOneQemuJobFailsNamingIt) {
  if (!corpus_built()) GTEST_SKIP() << "corpus programs or qemu-aarch64 missing";
  // A qemu-aarch64 that runs the real one, except for job 2 (its seed, the program's second
  // argument), where it prints something else.
  const std::string dir = scratch_dir() + "/wrong_qemu";
  std::filesystem::create_directories(dir);
  {
    std::ofstream script(dir + "/qemu-aarch64");
    script << "#!/bin/sh\nif [ \"$3\" = 2 ]; then echo wrong; exit 0; fi\nexec " << WARP64_QEMU << " \"$@\"\n";
  }
  std::filesystem::permissions(dir + "/qemu-aarch64", std::filesystem::perms::owner_all);
  const CommandResult r = run_bench(quick_run_arguments(), path_first(dir));
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const std::vector<std::string> rows = rows_of(r.out, "warp64 cpu lanes");
  ASSERT_EQ(rows.size(), std::size(kPrograms)) << r.out;
  for (size_t i = 0; i < std::size(kPrograms); ++i) {
    EXPECT_NE(rows[i].find("FAILED: job 2 printed other bytes than qemu"), std::string::npos) << rows[i];
  }
}

TEST(BenchJobs, WithoutQemuItsRowSaysSo) {
  if (!corpus_built()) GTEST_SKIP() << "corpus programs missing";
  // An empty PATH: warp64 runs its lanes by its own path, and finds no qemu-aarch64.
  const CommandResult r =
      run_bench(std::string("--jobs 2 --runners cpu,qemu --programs ") + WARP64_CORPUS_BIN, "PATH=/nonexistent ");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::vector<std::string> qemu_rows = rows_of(r.out, "qemu-aarch64 x");
  const std::vector<std::string> cpu_rows = rows_of(r.out, "warp64 cpu lanes");
  ASSERT_EQ(qemu_rows.size(), std::size(kPrograms)) << r.out;
  ASSERT_EQ(cpu_rows.size(), std::size(kPrograms)) << r.out;
  for (size_t i = 0; i < std::size(kPrograms); ++i) {
    EXPECT_NE(qemu_rows[i].find(" qemu-aarch64 not installed"), std::string::npos) << qemu_rows[i];
    EXPECT_EQ(cpu_rows[i].substr(cpu_rows[i].size() - 3), " ok") << cpu_rows[i];
  }
}

TEST(BenchJobs, JsonHasRowsPerProgramAndRunner) {
  if (!corpus_built()) GTEST_SKIP() << "corpus programs or qemu-aarch64 missing";
  const CommandResult r = run_bench(std::string("--jobs 1 --json --runners gpu,qemu --programs ") + WARP64_CORPUS_BIN);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  ASSERT_EQ(r.out.rfind("{\"qemu_parallel\": ", 0), 0u) << r.out;
  // One qemu row per program; one GPU row per program and GPU count (one without a GPU).
  auto rows_of_runner = [&](const std::string& runner) {
    size_t rows = 0;
    for (size_t at = 0; (at = r.out.find("\"runner\": \"" + runner + "\"", at)) != std::string::npos; ++at) ++rows;
    return rows;
  };
  EXPECT_EQ(rows_of_runner("qemu"), std::size(kPrograms));
  EXPECT_EQ(rows_of_runner("gpu") % std::size(kPrograms), 0u);
  EXPECT_GE(rows_of_runner("gpu"), std::size(kPrograms));
  EXPECT_EQ(r.out.find("\"check\": \"FAILED"), std::string::npos) << r.out;
}

TEST(BenchJobs, OnlyRunsTheNamedProgramsInTheBenchsOrder) {
  if (!corpus_built()) GTEST_SKIP() << "corpus programs or qemu-aarch64 missing";
  const CommandResult r =
      run_bench(std::string("--jobs 2 --only nbody,hash_checksums --runners qemu --programs ") + WARP64_CORPUS_BIN);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::vector<std::string> rows = rows_of(r.out, "qemu-aarch64 x");
  ASSERT_EQ(rows.size(), 2u) << r.out;
  EXPECT_EQ(rows[0].rfind("hash_checksums ", 0), 0u) << rows[0];
  EXPECT_EQ(rows[1].rfind("nbody ", 0), 0u) << rows[1];
}

TEST(BenchJobs, TimeLimitStopsARunnerAndItsRowSaysSo) {
  if (!corpus_built()) GTEST_SKIP() << "corpus programs or qemu-aarch64 missing";
  // 64 jobs of nbody take seconds on either runner (each job retires over 10 M instructions).
  const CommandResult r = run_bench(
      std::string("--jobs 64 --only nbody --runners cpu,qemu --time-limit 0.5 --programs ") + WARP64_CORPUS_BIN);
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  for (const std::string runner : {"warp64 cpu lanes", "qemu-aarch64 x"}) {
    const std::vector<std::string> rows = rows_of(r.out, runner);
    ASSERT_EQ(rows.size(), 1u) << r.out;
    const std::string& row = rows[0];
    EXPECT_NE(row.find("stopped by --time-limit after "), std::string::npos) << row;
    // Wall time "> S" with S at the limit, give or take the kill; jobs/s "< 64 / S".
    const size_t wall = row.find("> ");
    ASSERT_NE(wall, std::string::npos) << row;
    const double seconds = std::stod(row.substr(wall + 2));
    EXPECT_GE(seconds, 0.5) << row;
    EXPECT_LT(seconds, 5.0) << row;
    const size_t rate = row.find("< ");
    ASSERT_NE(rate, std::string::npos) << row;
    EXPECT_NEAR(std::stod(row.substr(rate + 2)), 64 / seconds, 0.01 * 64 / seconds) << row;  // rounding
  }
}

TEST(BenchJobs, BadOptionsAreOneLineAndStatusTwo) {
  for (const std::string arguments :
       {"--jobs 0", "--jobs many", "--jobs --runners", "--jobs --runners gpu,arm", "--jobs --runners cpu,cpu",
        "--jobs --runners ''", "--jobs --repeat 3", "--jobs --no-qemu", "--json", "--runners cpu",
        "--jobs --programs /nonexistent", "--jobs --only hash", "--jobs --only ''", "--jobs --only nbody,",
        "--jobs --time-limit 0", "--jobs --time-limit -1", "--jobs --time-limit 5s", "--only nbody",
        "--time-limit 5"}) {
    expect_usage_error("bench " + arguments);
  }
}

}  // namespace
