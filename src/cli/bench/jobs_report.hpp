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

// The device counts of the GPU rows, given the visible GPUs: 1, 2, 4 and 8 as far as they go.
std::vector<unsigned> device_counts(unsigned visible);
// Why the GPU rows stop short of 8 devices; empty when they do not.
std::string missing_device_rows(unsigned visible);

// One line for a program once its runners are done, each runner's wall time, jobs/s and check:
// printed as the bench goes, so that a run cut short still shows what it measured.
std::string jobs_progress_line(const JobsProgramResult& program, unsigned qemu_parallel);

// The table, then the lane runtime's figures of each warp64 row, then the GPU rows' scaling
// with their devices; `missing_rows` (missing_device_rows) is printed in the JSON.
void print_jobs_table(const std::vector<JobsProgramResult>& programs, unsigned qemu_parallel);
void print_jobs_json(const std::vector<JobsProgramResult>& programs, unsigned qemu_parallel,
                     const std::string& missing_rows);

}  // namespace warp64::cli
