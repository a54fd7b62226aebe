#include "cli/bench/jobs_bench.hpp"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>

#include "cli/bench/jobs_report.hpp"
#include "cli/child_process.hpp"
#include "engine/multi_device/gpu_devices.hpp"
#include "warp64/engine_kind.hpp"
#include "warp64/error.hpp"

namespace warp64::cli {
namespace {

// Corpus programs whose arguments are SCALE SEED; every job gets its own seed. At these
// scales a job retires 10 to 15 M instructions: checksums, a bytecode interpreter, floating
// point, compression round trips, and text formatted, parsed and sorted through malloc.
struct JobsProgram {
  const char* name;
  const char* scale;
};
constexpr JobsProgram kJobsPrograms[] = {
    {"hash_checksums", "10"},    {"interpreter", "300"},    {"nbody", "20000"},
    {"compress_roundtrip", "3"}, {"records_digest", "800"},
};

// Jobs per program by default: one per host core, a round of qemu-aarch64 on every core.
constexpr uint64_t kJobsPerCore = 1;
constexpr uint64_t kQuickJobs = 4;

// The cores this process may run on, as nproc counts them.
unsigned usable_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1L, sysconf(_SC_NPROCESSORS_ONLN));
}

std::string default_program_dir() {
  return (std::filesystem::path(own_executable()).parent_path() / "tests" / "corpus" / "bin").string();
}

RunnerResult unavailable(JobsRunner runner, std::string why) {
  RunnerResult row;
  row.runner = runner;
  row.unavailable = std::move(why);
  return row;
}

// The row every other row is checked against: qemu-aarch64's, else the CPU lanes', else none.
const RunnerResult* reference_row(const std::vector<RunnerResult>& rows) {
  for (const JobsRunner runner : {JobsRunner::kQemu, JobsRunner::kCpu, JobsRunner::kGpu}) {
    for (const RunnerResult& row : rows) {
      if (row.runner == runner && row.unavailable.empty() && row.failure.empty() && !row.stopped) return &row;
    }
  }
  return nullptr;
}

// When a runner that starts now must be done by, under --time-limit.
Deadline deadline_after(const std::optional<double>& seconds) {
  if (!seconds) return std::nullopt;
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(*seconds));
}

}  // namespace

std::vector<std::string> jobs_program_names() {
  std::vector<std::string> names;
  for (const JobsProgram& program : kJobsPrograms) names.emplace_back(program.name);
  return names;
}

int jobs_bench(const JobsBenchOptions& options) {
  const unsigned cores = usable_cores();
  const uint64_t jobs = options.jobs.value_or(options.quick ? kQuickJobs : kJobsPerCore * cores);
  const std::string dir = options.program_dir.empty() ? default_program_dir() : options.program_dir;
  std::string why_no_gpu;
  const bool gpu = gpu_engine_available(&why_no_gpu);
  const bool qemu = program_installed("qemu-aarch64");

  std::vector<JobsProgramResult> results;
  for (const JobsProgram& program : kJobsPrograms) {
    if (!options.only.empty() &&
        std::find(options.only.begin(), options.only.end(), program.name) == options.only.end())
      continue;
    const std::string path = dir + "/" + program.name + "-O2";
    if (access(path.c_str(), R_OK) != 0) throw Error("no corpus program " + path + " (see --programs)");
    const std::vector<std::string> args = {program.scale, "{lane}"};
    JobsProgramResult result{program.name, jobs, {}};
    for (const JobsRunner runner : options.runners) {
      const Deadline deadline = deadline_after(options.time_limit);
      if (runner == JobsRunner::kQemu) {
        result.rows.push_back(qemu ? run_qemu_jobs(path, args, jobs, cores, deadline)
                                   : unavailable(runner, "qemu-aarch64 not installed"));
      } else if (runner == JobsRunner::kGpu && !gpu) {
        result.rows.push_back(unavailable(runner, "no GPU"));
      } else if (runner == JobsRunner::kGpu) {
        for (const unsigned devices : device_counts(gpu_device_count())) {
          result.rows.push_back(run_warp64_lanes(runner, path, args, jobs, deadline, devices));
        }
      } else {
        result.rows.push_back(run_warp64_lanes(runner, path, args, jobs, deadline));
      }
    }
    const RunnerResult* reference = reference_row(result.rows);
    for (RunnerResult& row : result.rows) {
      if (row.unavailable.empty() && !row.stopped) check_jobs(row, &row == reference ? nullptr : reference);
    }
    if (!options.json) std::fprintf(stderr, "# %s\n", jobs_progress_line(result, cores).c_str());
    results.push_back(std::move(result));
  }

  const bool gpu_rows =
      gpu && std::find(options.runners.begin(), options.runners.end(), JobsRunner::kGpu) != options.runners.end();
  const std::string missing_rows = gpu_rows ? missing_device_rows(gpu_device_count()) : "";
  if (options.json) {
    print_jobs_json(results, cores, missing_rows);
  } else {
    std::printf("# %" PRIu64 " jobs per program; qemu-aarch64 runs %u at once\n", jobs, cores);
    if (!missing_rows.empty()) std::printf("# %s\n", missing_rows.c_str());
    print_jobs_table(results, cores);
  }
  for (const JobsProgramResult& result : results) {
    for (const RunnerResult& row : result.rows) {
      if (!row.failure.empty()) return 1;
    }
  }
  return 0;
}

}  // namespace warp64::cli
