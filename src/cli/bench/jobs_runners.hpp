// The runners of `warp64 bench --jobs`: one program over many inputs, run as a user runs it.
// warp64 runs every job as a lane of one `warp64 run --lanes N` process; qemu-aarch64 runs
// one process per job, as many at once as the host has cores.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/child_process.hpp"

namespace warp64::cli {

enum class JobsRunner { kGpu, kCpu, kQemu };

// "gpu", "cpu" or "qemu", as --runners names them.
const char* runner_option(JobsRunner runner);

struct JobOutcome {
  int status = 0;
  std::string out;
};

// One runner's run of every job of one program, and the figures its run reports.
struct RunnerResult {
  JobsRunner runner = JobsRunner::kCpu;
  unsigned devices = 0;     // a GPU row's: its lanes spread over GPUs 0 to devices - 1; 0 otherwise
  std::string unavailable;  // why the runner did not run ("no GPU"); empty when it ran
  std::string failure;      // what went wrong in the run or its check; empty when all is well
  bool stopped = false;     // stopped at --time-limit: wall_seconds is the limit, no job counts
  double wall_seconds = 0;  // of the whole set of jobs, from the first start to the last exit
  std::vector<JobOutcome> jobs;
  std::optional<uint64_t> instructions;  // warp64 only: every lane's retired instructions
  std::optional<uint64_t> memory_per_lane_bytes;
  std::optional<uint64_t> launches;
  std::optional<double> host_service_s;
  std::optional<double> gpu_idle_share;
};

// `warp64 run --engine cpu|gpu --lanes JOBS --json PROGRAM ARGS...`, one process; with
// `devices`, the lanes spread over GPUs 0 to devices - 1 (--devices). Each runner stops at its
// deadline.
RunnerResult run_warp64_lanes(JobsRunner runner, const std::string& program, const std::vector<std::string>& args,
                              uint64_t jobs, const Deadline& deadline, unsigned devices = 0);

// `qemu-aarch64 PROGRAM ARGS(job)` for every job, at most `parallel` at once.
RunnerResult run_qemu_jobs(const std::string& program, const std::vector<std::string>& args, uint64_t jobs,
                           unsigned parallel, const Deadline& deadline);

// Fails `row` at its first job that did not exit 0 or, given a reference, whose exit status
// or stdout differ from the reference's same job.
void check_jobs(RunnerResult& row, const RunnerResult* reference);

}  // namespace warp64::cli
