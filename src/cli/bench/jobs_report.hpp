// The table of `warp64 bench --jobs`, as text or as JSON.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/bench/jobs_runners.hpp"

namespace warp64::cli {

// Every runner's run of one program's jobs, each already checked.
struct JobsProgramResult {
  std::string program;
  uint64_t jobs = 0;
  std::vector<RunnerResult> rows;
};

// The table, then the lane runtime's figures of each warp64 row.
void print_jobs_table(const std::vector<JobsProgramResult>& programs, unsigned qemu_parallel);
void print_jobs_json(const std::vector<JobsProgramResult>& programs, unsigned qemu_parallel);

}  // namespace warp64::cli
