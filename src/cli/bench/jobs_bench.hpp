// `warp64 bench --jobs`: one static ARM64 program over many inputs, end to end, on warp64's
// GPU lanes, its CPU lanes and qemu-aarch64 on every host core; every job's output checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/bench/jobs_runners.hpp"

namespace warp64::cli {

struct JobsBenchOptions {
  std::optional<uint64_t> jobs;  // per program; unset: the default for the mode
  std::vector<JobsRunner> runners = {JobsRunner::kGpu, JobsRunner::kCpu, JobsRunner::kQemu};
  std::string program_dir;           // the corpus binaries; empty: beside this executable's build
  std::vector<std::string> only;     // the programs to run; empty: all five
  std::optional<double> time_limit;  // seconds each runner's run of a program may take
  bool quick = false;
  bool json = false;
};

// The names of the programs the bench runs, in its order.
std::vector<std::string> jobs_program_names();

// Runs the bench and prints its table; returns 0 when every job of every row was checked
// good, 1 when a row failed.
int jobs_bench(const JobsBenchOptions& options);

}  // namespace warp64::cli
