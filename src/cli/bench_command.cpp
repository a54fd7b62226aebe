// warp64 bench: the seed's three benchmarks on every engine present, beside qemu-aarch64.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "engine/engine.hpp"
#include "programs/seed_programs.hpp"
#include "warp64/batch.hpp"
#include "warp64/machine.hpp"

namespace warp64::cli {
namespace {

constexpr const char* kBenchUsage = R"(usage: warp64 bench [options]

Runs the seed's benchmarks -- 10K and 100K straight-line ADDs and a loop of 10 M
instructions -- on the CPU engine and, when one is usable, the GPU engine, then the
same programs ending in exit_group under qemu-aarch64 when it is installed. Each row:
benchmark, engine, instructions, seconds, instructions per second (best of the runs).

options:
  --repeat N     timed runs per row, best kept (default 5)
  --engine E     cpu, gpu or all (default all)
  --no-qemu      skip the qemu-aarch64 reference rows
  --lanes LIST   GPU throughput rows: comma-separated lane counts
                 (default 1,32,1024,32768,131072,1048576; 0 skips them)
  -h, --help     show this help
)";

struct Row {
  std::string benchmark;
  std::string engine;
  uint64_t instructions;
  double seconds;
};

void print_row(const Row& row) {
  std::printf("%-28s %-14s %14" PRIu64 " %12.6f %16.0f\n", row.benchmark.c_str(), row.engine.c_str(),
              row.instructions, row.seconds, row.seconds > 0 ? row.instructions / row.seconds : 0.0);
  std::fflush(stdout);
}

Row time_engine(const programs::SeedProgram& program, EngineKind engine, unsigned repeat) {
  Machine machine({kDefaultMemorySize, engine});
  double best = 1e30;
  for (unsigned run = 0; run <= repeat; ++run) {  // run 0 warms up caches and the device
    machine.reset();
    machine.load_program(program.words);
    const ExecResult result = machine.execute();
    if (result.stop_reason != StopReason::kHalt || result.cycles != program.instructions ||
        machine.x(program.result_register) != program.expected_result) {
      throw Error("benchmark '" + program.name + "' gave a wrong result on the " + machine.engine_name() +
                  " engine");
    }
    if (run > 0 && result.elapsed_seconds < best) best = result.elapsed_seconds;
  }
  return {program.name, machine.engine_name(), program.instructions, best};
}

// Wall time of qemu-aarch64 running the program as a Linux executable; the process start-up
// is part of it, as it is for anyone running qemu.
std::optional<Row> time_qemu(const programs::SeedProgram& program, unsigned repeat) {
  const programs::SeedProgram exiting = program.name.rfind("loop", 0) == 0
      ? programs::counted_loop(static_cast<uint32_t>(program.expected_result), programs::Ending::kExitSyscall)
      : programs::straight_line_adds(static_cast<unsigned>(program.words.size()), programs::Ending::kExitSyscall);
  char path[] = "/tmp/warp64-bench-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return std::nullopt;
  const std::vector<uint8_t> elf = programs::as_linux_executable(exiting.words);
  const bool written = write(fd, elf.data(), elf.size()) == static_cast<ssize_t>(elf.size());
  close(fd);
  chmod(path, 0755);
  double best = 1e30;
  for (unsigned run = 0; written && run <= repeat; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const pid_t child = fork();
    if (child == 0) {
      execlp("qemu-aarch64", "qemu-aarch64", path, static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      unlink(path);
      return std::nullopt;
    }
    if (run > 0 && seconds < best) best = seconds;
  }
  unlink(path);
  if (!written) return std::nullopt;
  // The exit sequence adds three instructions (movz, movz, svc) in place of the HLT.
  return Row{program.name, "qemu-aarch64", program.instructions + 3, best};
}

// GPU throughput: one program over many lanes, timed by CUDA events after a warm-up.
void print_throughput_header() {
  std::printf("\n%-28s %10s %18s %12s %16s %14s %14s\n", "GPU throughput", "lanes", "instructions", "seconds",
              "aggregate IPS", "per-lane IPS", "bytes/lane");
}

void time_lanes(const programs::SeedProgram& program, uint64_t lanes) {
  constexpr uint64_t kPage = 4096;
  const uint64_t image = (program.words.size() * 4 + kPage - 1) / kPage * kPage;
  Batch batch({lanes, image + kPage, EngineKind::kGpu});
  batch.load_program(program.words);
  batch.run(1000);  // warm-up: module load, caches
  batch.load_program(program.words);
  const BatchRunSummary summary = batch.run();
  for (uint64_t lane = 0; lane < lanes; ++lane) {
    const LaneResult& result = batch.result(lane);
    if (result.stop_reason != StopReason::kHalt || result.cycles != program.instructions ||
        batch.x(lane, program.result_register) != program.expected_result) {
      throw Error("GPU throughput benchmark '" + program.name + "' gave a wrong result in lane " +
                  std::to_string(lane));
    }
  }
  std::printf("%-28s %10" PRIu64 " %18" PRIu64 " %12.6f %16.4g %14.4g %14" PRIu64 "\n", program.name.c_str(), lanes,
              summary.total_cycles, summary.elapsed_seconds, summary.ips, summary.ips / lanes,
              batch.bytes_per_lane());
  std::fflush(stdout);
}

bool qemu_installed() { return std::system("command -v qemu-aarch64 >/dev/null 2>&1") == 0; }

}  // namespace

int bench_command(std::span<char* const> args) {
  unsigned repeat = 5;
  std::string engines = "all";
  bool qemu = true;
  std::vector<uint64_t> lane_counts = {1, 32, 1024, 32768, 131072, 1048576};
  ArgumentCursor cursor(args);
  while (!cursor.done()) {
    const std::string_view arg = cursor.next();
    if (arg == "-h" || arg == "--help") {
      std::fputs(kBenchUsage, stdout);
      return 0;
    }
    if (arg == "--repeat") {
      repeat = static_cast<unsigned>(parse_number(arg, cursor.value_of(arg)));
      if (repeat == 0) throw UsageError("--repeat must be at least 1");
    } else if (arg == "--engine") {
      engines = cursor.value_of(arg);
      if (engines != "cpu" && engines != "gpu" && engines != "all") {
        throw UsageError("invalid engine '" + engines + "' (expected cpu, gpu or all)");
      }
    } else if (arg == "--no-qemu") {
      qemu = false;
    } else if (arg == "--lanes") {
      lane_counts.clear();
      std::string list(cursor.value_of(arg));
      for (size_t start = 0; start <= list.size();) {
        const size_t comma = std::min(list.find(',', start), list.size());
        const uint64_t lanes = parse_number(arg, std::string_view(list).substr(start, comma - start));
        if (lanes != 0) lane_counts.push_back(lanes);
        start = comma + 1;
      }
    } else {
      throw UsageError("unknown option '" + std::string(arg) + "' for bench (see warp64 bench --help)");
    }
  }

  std::vector<EngineKind> kinds;
  if (engines != "gpu") kinds.push_back(EngineKind::kCpu);
  std::string why;
  if (engines != "cpu") {
    if (gpu_engine_available(&why)) {
      kinds.push_back(EngineKind::kGpu);
    } else if (engines == "gpu") {
      throw Error("the GPU engine is unavailable: " + why);
    } else {
      std::printf("# GPU engine skipped: %s\n", why.c_str());
    }
  }
  const bool with_qemu = qemu && qemu_installed();
  if (qemu && !with_qemu) std::printf("# qemu-aarch64 rows skipped: qemu-aarch64 is not installed\n");

  const std::vector<programs::SeedProgram> benchmarks = {
      programs::straight_line_adds(10'000), programs::straight_line_adds(100'000),
      programs::counted_loop(programs::kTenMillionLoopIterations)};
  std::printf("%-28s %-14s %14s %12s %16s\n", "benchmark", "engine", "instructions", "seconds", "IPS");
  for (const auto& program : benchmarks) {
    for (const EngineKind kind : kinds) print_row(time_engine(program, kind, repeat));
    if (with_qemu) {
      if (const auto row = time_qemu(program, repeat)) print_row(*row);
    }
  }
  const bool with_gpu = std::find(kinds.begin(), kinds.end(), EngineKind::kGpu) != kinds.end();
  if (with_gpu && !lane_counts.empty()) {
    print_throughput_header();
    for (const auto& program : {benchmarks[2], benchmarks[1]}) {
      for (const uint64_t lanes : lane_counts) time_lanes(program, lanes);
    }
  }
  return 0;
}

}  // namespace warp64::cli
