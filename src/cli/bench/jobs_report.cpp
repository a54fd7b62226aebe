#include "cli/bench/jobs_report.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <optional>

#include "cli/json_writer.hpp"

namespace warp64::cli {
namespace {

constexpr const char* kAbsent = "—";

std::string runner_label(const RunnerResult& row, unsigned qemu_parallel) {
  switch (row.runner) {
    case JobsRunner::kGpu: return "warp64 gpu lanes" + (row.devices > 1 ? " x" + std::to_string(row.devices) : "");
    case JobsRunner::kCpu: return "warp64 cpu lanes";
    case JobsRunner::kQemu: return "qemu-aarch64 x" + std::to_string(qemu_parallel);
  }
  return "?";
}

bool ran(const RunnerResult& row) { return row.unavailable.empty() && !row.jobs.empty() && row.wall_seconds > 0; }

std::optional<double> jobs_per_second(const RunnerResult& row) {
  return ran(row) ? std::optional<double>(static_cast<double>(row.jobs.size()) / row.wall_seconds) : std::nullopt;
}

std::optional<double> instructions_per_second(const RunnerResult& row) {
  return ran(row) && row.instructions ? std::optional<double>(static_cast<double>(*row.instructions) / row.wall_seconds)
                                      : std::nullopt;
}

// A GPU row's jobs/s over its devices times the one-GPU row's: 1 for perfect scaling.
std::optional<double> scaling_efficiency(const RunnerResult& row, const JobsProgramResult& program) {
  const std::optional<double> own = jobs_per_second(row);
  if (row.runner != JobsRunner::kGpu || row.devices == 0 || !own || !row.failure.empty()) return std::nullopt;
  for (const RunnerResult& other : program.rows) {
    if (other.runner != JobsRunner::kGpu || other.devices != 1 || !other.failure.empty()) continue;
    const std::optional<double> one = jobs_per_second(other);
    if (one) return *own / (row.devices * *one);
  }
  return std::nullopt;
}

// jobs/s against qemu-aarch64 on every core, for the same program.
std::optional<double> ratio_to_qemu(const RunnerResult& row, const JobsProgramResult& program) {
  const std::optional<double> own = jobs_per_second(row);
  for (const RunnerResult& other : program.rows) {
    if (other.runner != JobsRunner::kQemu) continue;
    const std::optional<double> qemu = jobs_per_second(other);
    if (own && qemu) return *own / *qemu;
  }
  return std::nullopt;
}

std::string formatted(const char* format, double value) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string check_text(const RunnerResult& row) {
  if (!row.unavailable.empty()) return row.unavailable;
  if (row.stopped) return "stopped by --time-limit after " + formatted("%.3g", row.wall_seconds) + " s, not checked";
  return row.failure.empty() ? "ok" : "FAILED: " + row.failure;
}

std::string or_absent(const std::optional<double>& value, const char* format) {
  return value ? formatted(format, *value) : kAbsent;
}

std::string or_absent(const std::optional<uint64_t>& value) { return value ? std::to_string(*value) : kAbsent; }

// A stopped row ran longer than its wall seconds and did fewer jobs a second than all its jobs in
// that time.
std::string wall_cell(const RunnerResult& row) {
  if (row.stopped) return formatted("> %.3f", row.wall_seconds);
  return ran(row) ? formatted("%.3f", row.wall_seconds) : kAbsent;
}

std::string jobs_per_second_cell(const RunnerResult& row, uint64_t jobs) {
  if (row.stopped) return formatted("< %.2f", static_cast<double>(jobs) / row.wall_seconds);
  return or_absent(jobs_per_second(row), "%.2f");
}

std::string mebibytes(const std::optional<uint64_t>& bytes) {
  return bytes ? formatted("%.2f MiB", static_cast<double>(*bytes) / (1024.0 * 1024.0)) : kAbsent;
}

// Pads to `width` characters as a terminal shows them: UTF-8 continuation bytes take no column.
std::string padded(const std::string& text, size_t width, bool left) {
  size_t columns = 0;
  for (const char c : text) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  const std::string fill(columns < width ? width - columns : 0, ' ');
  return left ? text + fill : fill + text;
}

void print_line(const std::vector<std::string>& cells) {
  static constexpr size_t kWidths[] = {20, 20, 7, 10, 10, 14, 14, 9};
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    const bool last = i + 1 == cells.size();
    line += last ? cells[i] : padded(cells[i], kWidths[i], i < 2) + " ";
  }
  std::printf("%s\n", line.c_str());
}

}  // namespace

std::string jobs_progress_line(const JobsProgramResult& program, unsigned qemu_parallel) {
  std::string line = program.program + ": " + std::to_string(program.jobs) + " jobs done";
  for (const RunnerResult& row : program.rows) {
    line += "; " + runner_label(row, qemu_parallel);
    if (ran(row) || row.stopped) {
      line += " " + wall_cell(row) + " s, " + jobs_per_second_cell(row, program.jobs) + " jobs/s,";
    }
    line += " " + check_text(row);
  }
  return line;
}

std::vector<unsigned> device_counts(unsigned visible) {
  std::vector<unsigned> counts;
  for (const unsigned count : {1u, 2u, 4u, 8u}) {
    if (count <= std::max(visible, 1u)) counts.push_back(count);
  }
  return counts;
}

std::string missing_device_rows(unsigned visible) {
  std::string missing;
  for (const unsigned count : {2u, 4u, 8u}) {
    if (count > visible) missing += (missing.empty() ? "" : ", ") + std::to_string(count);
  }
  if (missing.empty()) return "";
  return std::to_string(visible) + (visible == 1 ? " GPU is" : " GPUs are") + " visible, so there are no rows for " +
         missing + " GPUs";
}

void print_jobs_table(const std::vector<JobsProgramResult>& programs, unsigned qemu_parallel) {
  print_line({"program", "runner", "jobs", "wall s", "jobs/s", "instructions/s", "memory/lane", "vs qemu", "check"});
  for (const JobsProgramResult& program : programs) {
    for (const RunnerResult& row : program.rows) {
      print_line({program.program, runner_label(row, qemu_parallel), std::to_string(program.jobs), wall_cell(row),
                  jobs_per_second_cell(row, program.jobs),
                  row.runner == JobsRunner::kQemu && ran(row) ? "not measured"
                                                              : or_absent(instructions_per_second(row), "%.4g"),
                  mebibytes(row.memory_per_lane_bytes), or_absent(ratio_to_qemu(row, program), "%.2fx"),
                  check_text(row)});
    }
  }
  std::printf("\n%-20s %-20s %10s %15s %15s\n", "lane runtime", "runner", "launches", "host_service_s",
              "gpu_idle_share");
  for (const JobsProgramResult& program : programs) {
    for (const RunnerResult& row : program.rows) {
      if (row.runner == JobsRunner::kQemu || !ran(row)) continue;
      std::printf("%s %s %s %s %s\n", padded(program.program, 20, true).c_str(),
                  padded(runner_label(row, qemu_parallel), 20, true).c_str(),
                  padded(or_absent(row.launches), 10, false).c_str(),
                  padded(or_absent(row.host_service_s, "%.4f"), 15, false).c_str(),
                  padded(or_absent(row.gpu_idle_share, "%.3f"), 15, false).c_str());
    }
  }
  bool several_devices = false;
  for (const JobsProgramResult& program : programs) {
    for (const RunnerResult& row : program.rows) several_devices |= row.runner == JobsRunner::kGpu && row.devices > 1;
  }
  if (!several_devices) return;
  std::printf("\n%-20s %5s %10s %11s\n", "GPU scaling", "GPUs", "jobs/s", "efficiency");
  for (const JobsProgramResult& program : programs) {
    for (const RunnerResult& row : program.rows) {
      if (row.runner != JobsRunner::kGpu || !ran(row)) continue;
      const std::optional<double> efficiency = scaling_efficiency(row, program);
      std::printf("%s %5u %10s %11s\n", padded(program.program, 20, true).c_str(), row.devices,
                  or_absent(jobs_per_second(row), "%.2f").c_str(),
                  efficiency ? formatted("%.0f%%", 100 * *efficiency).c_str() : kAbsent);
    }
  }
}

void print_jobs_json(const std::vector<JobsProgramResult>& programs, unsigned qemu_parallel,
                     const std::string& missing_rows) {
  std::vector<JsonObject> rows;
  for (const JobsProgramResult& program : programs) {
    for (const RunnerResult& row : program.rows) {
      JsonObject json;
      json.add("program", program.program)
          .add("runner", runner_option(row.runner))
          .add("devices", row.devices != 0 ? std::optional<uint64_t>(row.devices) : std::nullopt)
          .add("jobs", program.jobs)
          .add("wall_s", ran(row) ? std::optional<double>(row.wall_seconds) : std::nullopt)
          .add("stopped_after_s", row.stopped ? std::optional<double>(row.wall_seconds) : std::nullopt)
          .add("jobs_per_s", jobs_per_second(row))
          .add("instructions", row.instructions)
          .add("instructions_per_s", instructions_per_second(row))
          .add("memory_per_lane_bytes", row.memory_per_lane_bytes)
          .add("ratio_to_qemu", ratio_to_qemu(row, program))
          .add("scaling_efficiency", scaling_efficiency(row, program))
          .add("launches", row.launches)
          .add("host_service_s", row.host_service_s)
          .add("gpu_idle_share", row.gpu_idle_share)
          .add("check", check_text(row));
      rows.push_back(std::move(json));
    }
  }
  JsonObject json;
  json.add("qemu_parallel", static_cast<uint64_t>(qemu_parallel));
  if (!missing_rows.empty()) json.add("missing_device_rows", missing_rows);
  json.add("rows", rows);
  std::printf("%s\n", json.str().c_str());
}

}  // namespace warp64::cli
