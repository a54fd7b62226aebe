#include "cli/bench/jobs_runners.hpp"

#include <algorithm>
#include <chrono>

#include "cli/bench/lane_arguments.hpp"
#include "cli/child_process.hpp"
#include "cli/json_reader.hpp"
#include "warp64/error.hpp"

namespace warp64::cli {
namespace {

std::optional<uint64_t> optional_u64(const JsonValue& report, std::string_view key) {
  const JsonValue* value = report.find(key);
  return value == nullptr || value->is_null() ? std::nullopt : std::optional<uint64_t>(value->as_u64());
}

std::optional<double> optional_double(const JsonValue& report, std::string_view key) {
  const JsonValue* value = report.find(key);
  return value == nullptr || value->is_null() ? std::nullopt : std::optional<double>(value->as_double());
}

// The run's figures and every lane's outcome, from its --json report.
void read_lanes_report(RunnerResult& row, const JsonValue& report, uint64_t jobs) {
  const std::vector<JsonValue>& lanes = report.at("results").items();
  if (lanes.size() != jobs) {
    row.failure = "reported " + std::to_string(lanes.size()) + " lanes, not " + std::to_string(jobs);
    return;
  }
  for (const JsonValue& lane : lanes) {
    row.jobs.push_back({static_cast<int>(lane.at("exit_code").as_u64()), lane.bytes("stdout")});
  }
  row.instructions = report.at("cycles").as_u64();
  // The lane runtime's own figure where it reports one, else the run summary's.
  row.memory_per_lane_bytes = optional_u64(report, "memory_per_lane_bytes");
  if (!row.memory_per_lane_bytes) row.memory_per_lane_bytes = optional_u64(report, "bytes_per_lane");
  row.launches = optional_u64(report, "launches");
  row.host_service_s = optional_double(report, "host_service_s");
  row.gpu_idle_share = optional_double(report, "gpu_idle_share");
}

}  // namespace

const char* runner_option(JobsRunner runner) {
  switch (runner) {
    case JobsRunner::kGpu: return "gpu";
    case JobsRunner::kCpu: return "cpu";
    case JobsRunner::kQemu: return "qemu";
  }
  return "?";
}

RunnerResult run_warp64_lanes(JobsRunner runner, const std::string& program, const std::vector<std::string>& args,
                              uint64_t jobs, const Deadline& deadline, unsigned devices) {
  std::vector<std::string> argv = {own_executable(),     "run",   "--engine", runner_option(runner), "--lanes",
                                   std::to_string(jobs), "--json"};
  if (devices != 0) {
    std::string list = "0";
    for (unsigned device = 1; device < devices; ++device) list += "," + std::to_string(device);
    argv.insert(argv.end(), {"--devices", list});
  }
  argv.push_back(program);
  argv.insert(argv.end(), args.begin(), args.end());
  RunnerResult row;
  row.runner = runner;
  row.devices = devices;
  const ChildResult child = run_child(argv, deadline);
  row.wall_seconds = child.seconds;
  if (child.stopped) {
    row.stopped = true;
    return row;
  }
  try {
    read_lanes_report(row, JsonValue::parse(child.out), jobs);
  } catch (const Error& error) {
    row.failure = "warp64 run exited with status " + std::to_string(child.status) + " without a lanes report (" +
                  first_line(child.err.empty() ? error.what() : child.err) + ")";
  }
  return row;
}

RunnerResult run_qemu_jobs(const std::string& program, const std::vector<std::string>& args, uint64_t jobs,
                           unsigned parallel, const Deadline& deadline) {
  std::vector<std::vector<std::string>> commands;
  for (uint64_t job = 0; job < jobs; ++job) {
    std::vector<std::string> argv = {"qemu-aarch64", program};
    const std::vector<std::string> own = lane_arguments(args, job);
    argv.insert(argv.end(), own.begin(), own.end());
    commands.push_back(std::move(argv));
  }
  RunnerResult row;
  row.runner = JobsRunner::kQemu;
  const auto started = std::chrono::steady_clock::now();
  const std::vector<ChildResult> children = run_children(commands, parallel, deadline);
  row.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  row.stopped = std::any_of(children.begin(), children.end(), [](const ChildResult& child) { return child.stopped; });
  if (row.stopped) return row;
  for (const ChildResult& child : children) row.jobs.push_back({child.status, child.out});
  return row;
}

void check_jobs(RunnerResult& row, const RunnerResult* reference) {
  if (!row.failure.empty()) return;
  for (size_t job = 0; job < row.jobs.size(); ++job) {
    const JobOutcome& outcome = row.jobs[job];
    const std::string name = "job " + std::to_string(job);
    if (reference != nullptr) {
      const JobOutcome& expected = reference->jobs[job];
      const std::string other = runner_option(reference->runner);
      if (outcome.status != expected.status) {
        row.failure = name + " exited with status " + std::to_string(outcome.status) + ", " + other + "'s with " +
                      std::to_string(expected.status);
        return;
      }
      if (outcome.out != expected.out) {
        row.failure = name + " printed other bytes than " + other + "'s (" + std::to_string(outcome.out.size()) +
                      " against " + std::to_string(expected.out.size()) + ")";
        return;
      }
    }
    if (outcome.status != 0) {
      row.failure = name + " exited with status " + std::to_string(outcome.status);
      return;
    }
  }
}

}  // namespace warp64::cli
