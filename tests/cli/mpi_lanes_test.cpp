// `mpirun -n 3 warp64 run --lanes N`: the lanes shared between three ranks over the CPU lane
// engine print what one process running the same N lanes prints, timings apart; a rank that
// fails is reported by number beside the other ranks' lanes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "lanes_output.hpp"
#include "warp64_command.hpp"

namespace {

constexpr int kRanks = 3;
const std::string kMpirun = WARP64_MPIRUN;
const std::string kHashProgram = std::string(WARP64_CORPUS_BIN) + "/hash_checksums-O2";

// Each rank's stdout goes to a file of its own: Open MPI gives a rank's stdout a terminal,
// which the lanes would see (glibc line-buffers a terminal), where a one-process run's goes to
// a file.
std::string rank_output(const std::string& dir, int rank) { return dir + "/rank" + std::to_string(rank) + ".out"; }

// The environment of both runs: small and in a fixed order, as the guests see it. mpirun sets
// PWD for its ranks; the one-process run gets the same one. mpirun is found on PATH: named by
// its absolute path, it would also prefix its ranks' PATH and LD_LIBRARY_PATH with its own.
std::string fixed_environment(const std::string& dir) {
  const std::string mpirun_dir = std::filesystem::path(kMpirun).parent_path();
  const char* path = std::getenv("PATH");
  return "cd " + dir + " && env -i PATH=" + mpirun_dir + ":" + (path ? path : "/usr/bin:/bin") + " PWD=" + dir + " ";
}

// One rank's part of an mpirun command line (`-n 1 sh -c '...'`), stdout to its own file.
std::string rank_command(const std::string& dir, const std::string& arguments) {
  return "sh -c 'exec " + std::string(WARP64_BINARY) + " run " + arguments + " >" + dir +
         "/rank$OMPI_COMM_WORLD_RANK.out'";
}

struct MpiRun {
  CommandResult result;                   // mpirun's status and stderr; out is rank 0's stdout
  std::vector<std::string> other_stdout;  // ranks 1..
};

// mpirun with one command line per rank (Open MPI's MPMD form), or the same for every rank.
MpiRun run_mpirun(const std::vector<std::string>& rank_arguments) {
  const std::string dir = scratch_dir();
  std::string command = fixed_environment(dir) + "mpirun --oversubscribe --allow-run-as-root";
  for (size_t rank = 0; rank < rank_arguments.size(); ++rank) {
    command += std::string(rank ? " :" : "") + " -n 1 " + rank_command(dir, rank_arguments[rank]);
  }
  command += " >" + dir + "/mpirun.out 2>" + dir + "/err </dev/null";
  const int raw = std::system(command.c_str());
  MpiRun run{{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(rank_output(dir, 0)), read_file(dir + "/err")}, {}};
  for (size_t rank = 1; rank < rank_arguments.size(); ++rank)
    run.other_stdout.push_back(read_file(rank_output(dir, rank)));
  run.result.err += read_file(dir + "/mpirun.out");
  return run;
}

MpiRun run_on_ranks(const std::string& arguments) { return run_mpirun(std::vector<std::string>(kRanks, arguments)); }

CommandResult run_one_process(const std::string& arguments) {
  return run_warp64("run " + arguments, fixed_environment(scratch_dir()));
}

void expect_same_as_one_process(const std::string& arguments) {
  SCOPED_TRACE(arguments);
  const CommandResult one = run_one_process(arguments);
  const MpiRun shared = run_on_ranks(arguments);
  ASSERT_FALSE(one.out.empty()) << one.err;
  EXPECT_EQ(without_timings(shared.result.out), without_timings(one.out)) << shared.result.err;
  EXPECT_EQ(shared.result.status, one.status) << shared.result.err;
  for (const std::string& out : shared.other_stdout) EXPECT_EQ(out, "");
}

#define SKIP_WITHOUT_MPI()                                                                        \
  if (!WARP64_HAS_MPI) GTEST_SKIP() << "this build has no MPI (install libopenmpi-dev, rebuild)"; \
  if (kMpirun.empty()) GTEST_SKIP() << "mpirun is not installed (openmpi-bin)"

TEST(MpiLanes, ProgramLanesPrintWhatOneProcessPrints) {
  SKIP_WITHOUT_MPI();
  // 5 lanes: ranks of 2, 2 and 1 lanes; 2 lanes: the last rank has none.
  for (const char* lanes : {"5", "2"}) {
    for (const char* form : {"--json", ""}) {
      expect_same_as_one_process(std::string("--engine cpu --lanes ") + lanes + " " + form + " " + kHashProgram +
                                 " 1 {lane}");
    }
  }
}

TEST(MpiLanes, RawImageLanesPrintWhatOneProcessPrints) {
  SKIP_WITHOUT_MPI();
  const std::string image = write_raw_image();
  for (const char* lanes : {"5", "2"}) {
    for (const char* form : {"--json", ""}) {
      expect_same_as_one_process(std::string("--engine cpu --lanes ") + lanes + " " + form + " --raw " + image);
    }
  }
  const MpiRun shared = run_on_ranks("--engine cpu --lanes 5 --json --raw " + image);
  EXPECT_NE(shared.result.out.find(R"("stops": {"HALT": 5})"), std::string::npos) << shared.result.out;
  for (int lane = 0; lane < 5; ++lane) {
    const std::string entry = "{\"lane\": " + std::to_string(lane) + ", \"cycles\": 2, \"stop_reason\": \"HALT\"";
    EXPECT_NE(shared.result.out.find(entry + R"(, "pc": 8, "x": [42, 43, )"), std::string::npos) << lane;
  }
}

// Rank 1 of 3 cannot load what it runs (its node lacks the file): it holds lanes 2-3 of 5.
void expect_failed_rank_reported(const std::string& good_arguments, const std::string& bad_arguments) {
  SCOPED_TRACE(bad_arguments);
  const CommandResult one = run_one_process(good_arguments);
  const CommandResult failure = run_one_process(bad_arguments);
  ASSERT_EQ(failure.status, 2);
  ASSERT_EQ(failure.err.rfind("warp64: ", 0), 0u);
  const std::string error = failure.err.substr(8);

  const MpiRun shared = run_mpirun({good_arguments, bad_arguments, good_arguments});
  EXPECT_NE(shared.result.status, 0);
  EXPECT_NE(shared.result.err.find("warp64: rank 1 (lanes 2-3): " + error), std::string::npos) << shared.result.err;
  for (int lane : {0, 1, 4}) {
    const std::string entry = "{\"lane\": " + std::to_string(lane) + ", ";
    const size_t at = one.out.find(entry);
    ASSERT_NE(at, std::string::npos);
    const std::string whole_entry = one.out.substr(at, one.out.find("}", at) - at);
    EXPECT_NE(shared.result.out.find(whole_entry), std::string::npos) << lane;
  }
  for (int lane : {2, 3}) {
    EXPECT_EQ(shared.result.out.find("{\"lane\": " + std::to_string(lane) + ", "), std::string::npos) << lane;
  }
  EXPECT_NE(shared.result.out.find("\"lanes\": 3, "), std::string::npos) << shared.result.out;
}

TEST(MpiLanes, FailedRankIsReportedByNumber) {
  SKIP_WITHOUT_MPI();
  const std::string missing = scratch_dir() + "/not-on-this-node";
  expect_failed_rank_reported("--engine cpu --lanes 5 --json " + kHashProgram + " 1 {lane}",
                              "--engine cpu --lanes 5 --json " + missing + " 1 {lane}");
  expect_failed_rank_reported("--engine cpu --lanes 5 --json --raw " + write_raw_image(),
                              "--engine cpu --lanes 5 --json --raw " + missing);
}

// Without MPI, a run of lanes under mpirun (as its variables say) stops: rank 0 in one line.
TEST(MpiLanes, BuildWithoutMpiSaysSoUnderMpirun) {
  if (WARP64_HAS_MPI) GTEST_SKIP() << "this build has MPI";
  const std::string image = write_raw_image();
  const CommandResult rank0 =
      run_warp64("run --lanes 2 --engine cpu --raw " + image, "OMPI_COMM_WORLD_SIZE=2 OMPI_COMM_WORLD_RANK=0 ");
  EXPECT_EQ(rank0.status, 2);
  EXPECT_EQ(rank0.out, "");
  EXPECT_EQ(rank0.err.rfind("warp64: this build has no MPI", 0), 0u) << rank0.err;
  EXPECT_EQ(rank0.err.find('\n'), rank0.err.size() - 1) << rank0.err;
  const CommandResult rank1 =
      run_warp64("run --lanes 2 --engine cpu --raw " + image, "OMPI_COMM_WORLD_SIZE=2 OMPI_COMM_WORLD_RANK=1 ");
  EXPECT_EQ(rank1.status, 2);
  EXPECT_EQ(rank1.out + rank1.err, "");
}

}  // namespace
