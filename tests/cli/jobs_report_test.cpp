// The GPU rows of `warp64 bench --jobs`: one per device count as far as the visible GPUs go,
// the reason when they stop short of 8, and each row's scaling against the one-GPU row; the
// line each program prints as the bench goes.
#include "cli/bench/jobs_report.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/json_reader.hpp"

namespace warp64::cli {
namespace {

TEST(JobsReportDevices, RowsPerDeviceCountAsFarAsTheGpusGo) {
  EXPECT_EQ(device_counts(1), (std::vector<unsigned>{1}));
  EXPECT_EQ(device_counts(3), (std::vector<unsigned>{1, 2}));
  EXPECT_EQ(device_counts(4), (std::vector<unsigned>{1, 2, 4}));
  EXPECT_EQ(device_counts(16), (std::vector<unsigned>{1, 2, 4, 8}));
}

TEST(JobsReportDevices, SaysWhyRowsAreMissing) {
  EXPECT_EQ(missing_device_rows(1), "1 GPU is visible, so there are no rows for 2, 4, 8 GPUs");
  EXPECT_EQ(missing_device_rows(6), "6 GPUs are visible, so there are no rows for 8 GPUs");
  EXPECT_EQ(missing_device_rows(8), "");
}

// `jobs` jobs in `seconds` on `devices` GPUs, every job checked good.
RunnerResult gpu_row(unsigned devices, uint64_t jobs, double seconds) {
  RunnerResult row;
  row.runner = JobsRunner::kGpu;
  row.devices = devices;
  row.wall_seconds = seconds;
  row.jobs.assign(jobs, JobOutcome{0, "out"});
  row.instructions = jobs * 1000;
  return row;
}

TEST(JobsReportDevices, ScalingIsJobsPerSecondOverDevicesTimesOneGpus) {
  // 100 jobs: 50 jobs/s on one GPU, 80 on two (80 / (2 x 50) = 80%), 100 on four (50%).
  const std::vector<JobsProgramResult> programs = {
      {"hash_checksums", 100, {gpu_row(1, 100, 2.0), gpu_row(2, 100, 1.25), gpu_row(4, 100, 1.0)}}};
  testing::internal::CaptureStdout();
  print_jobs_table(programs, 16);
  const std::string table = testing::internal::GetCapturedStdout();
  EXPECT_NE(table.find("warp64 gpu lanes x2"), std::string::npos) << table;
  EXPECT_NE(table.find("warp64 gpu lanes x4"), std::string::npos) << table;
  EXPECT_NE(table.find("GPU scaling"), std::string::npos) << table;
  EXPECT_NE(table.find("hash_checksums           1      50.00        100%"), std::string::npos) << table;
  EXPECT_NE(table.find("hash_checksums           2      80.00         80%"), std::string::npos) << table;
  EXPECT_NE(table.find("hash_checksums           4     100.00         50%"), std::string::npos) << table;

  testing::internal::CaptureStdout();
  print_jobs_json(programs, 16, missing_device_rows(4));
  const std::string json = testing::internal::GetCapturedStdout();
  EXPECT_NE(json.find(R"("missing_device_rows": "4 GPUs are visible, so there are no rows for 8 GPUs")"),
            std::string::npos)
      << json;
  const JsonValue report = JsonValue::parse(json);
  const std::vector<JsonValue>& rows = report.at("rows").items();
  ASSERT_EQ(rows.size(), 3u);
  const double efficiencies[] = {1.0, 0.8, 0.5};
  const uint64_t devices[] = {1, 2, 4};
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].at("devices").as_u64(), devices[i]);
    EXPECT_DOUBLE_EQ(rows[i].at("scaling_efficiency").as_double(), efficiencies[i]);
  }
}

TEST(JobsReportDevices, OneGpuHasNoScalingTable) {
  const std::vector<JobsProgramResult> programs = {{"nbody", 10, {gpu_row(1, 10, 1.0)}}};
  testing::internal::CaptureStdout();
  print_jobs_table(programs, 16);
  const std::string table = testing::internal::GetCapturedStdout();
  EXPECT_NE(table.find("warp64 gpu lanes "), std::string::npos) << table;
  EXPECT_EQ(table.find("GPU scaling"), std::string::npos) << table;
}

// As the bench goes: 200 jobs in 4 s is 50 jobs/s; in 0.5 s, 400; a runner that did not run
// says why.
TEST(JobsReportProgress, EachRunnersWallTimeJobsPerSecondAndCheck) {
  RunnerResult qemu;
  qemu.runner = JobsRunner::kQemu;
  qemu.wall_seconds = 0.5;
  qemu.jobs.assign(200, JobOutcome{0, "out"});
  RunnerResult cpu;
  cpu.runner = JobsRunner::kCpu;
  cpu.unavailable = "not asked for";
  const JobsProgramResult program{"nbody", 200, {gpu_row(1, 200, 4.0), qemu, cpu}};
  EXPECT_EQ(
      jobs_progress_line(program, 16),
      "nbody: 200 jobs done; warp64 gpu lanes 4.000 s, 50.00 jobs/s, ok; qemu-aarch64 x16 0.500 s, 400.00 jobs/s, "
      "ok; warp64 cpu lanes not asked for");
}

// A row stopped by --time-limit: its wall time and rate are bounds (20000 jobs / 70 s =
// 285.71 jobs/s at most), and its jobs were not checked.
TEST(JobsReportProgress, StoppedRowGivesBoundsAndSaysItWasNotChecked) {
  RunnerResult stopped;
  stopped.runner = JobsRunner::kGpu;
  stopped.devices = 1;
  stopped.stopped = true;
  stopped.wall_seconds = 70.0;
  const JobsProgramResult program{"nbody", 20000, {stopped}};
  EXPECT_EQ(jobs_progress_line(program, 16),
            "nbody: 20000 jobs done; warp64 gpu lanes > 70.000 s, < 285.71 jobs/s, stopped by --time-limit after 70 s, "
            "not checked");
}

}  // namespace
}  // namespace warp64::cli
