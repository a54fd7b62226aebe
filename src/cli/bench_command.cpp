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
#include "linux/lane_processes.hpp"
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
  --programs DIR also time three programs of the test corpus (DIR holds the corpus
                 binaries, e.g. build/tests/corpus/bin): under qemu-aarch64 and the CPU
                 engine at a scale that takes over a second under qemu; on the GPU
                 engine, at a smaller scale, with one lane and with --program-lanes
                 lanes (each lane its own seed). Rows: wall time (load, run and
                 system calls), instructions, IPS
  --program-lanes N  lanes for the many-lane program rows (default 10000)
  --gpu-mode M   GPU throughput rows with the image translated into a kernel of its
                 own, interpreted, or both (default both)
  -h, --help     show this help
)";

// Corpus programs that compute for seconds under qemu-aarch64: their arguments are
// SCALE [SEED], the work linear in SCALE.
struct ProgramBenchmark {
  const char* binary;
  const char* long_scale;   // at least a second under qemu-aarch64
  const char* short_scale;  // for the GPU rows, whose single lane is far slower than the CPU engine
};
constexpr ProgramBenchmark kProgramBenchmarks[] = {
    {"interpreter-O2", "60000", "100"},
    {"hash_checksums-O2", "4000", "8"},
    {"nbody-O2", "1500000", "10000"},
};

struct Row {
  std::string benchmark;
  std::string engine;
  uint64_t instructions;
  double seconds;
};

void print_row(const Row& row) {
  std::printf("%-28s %-14s %14" PRIu64 " %12.6f %16.0f\n", row.benchmark.c_str(), row.engine.c_str(), row.instructions,
              row.seconds, row.seconds > 0 ? row.instructions / row.seconds : 0.0);
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
      throw Error("benchmark '" + program.name + "' gave a wrong result on the " + machine.engine_name() + " engine");
    }
    if (run > 0 && result.elapsed_seconds < best) best = result.elapsed_seconds;
  }
  return {program.name, machine.engine_name(), program.instructions, best};
}

// Wall time of `qemu-aarch64 ARGS...` with its stdout discarded, start-up included; nullopt
// when it does not exit 0.
std::optional<double> time_qemu_run(const std::vector<std::string>& args) {
  std::vector<char*> argv{const_cast<char*>("qemu-aarch64")};
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::fflush(stdout);  // or the child's stdout would write the parent's pending rows again
  const auto start = std::chrono::steady_clock::now();
  const pid_t child = fork();
  if (child == 0) {
    if (std::freopen("/dev/null", "w", stdout) == nullptr) _exit(126);
    execvp("qemu-aarch64", argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Wall time of qemu-aarch64 running the program as a Linux executable; the process start-up
// is part of it, as it is for anyone running qemu.
std::optional<Row> time_qemu(const programs::SeedProgram& program, unsigned repeat) {
  const programs::SeedProgram exiting =
      program.name.rfind("loop", 0) == 0
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
    const std::optional<double> seconds = time_qemu_run({path});
    if (!seconds) {
      unlink(path);
      return std::nullopt;
    }
    if (run > 0 && *seconds < best) best = *seconds;
  }
  unlink(path);
  if (!written) return std::nullopt;
  // The exit sequence adds three instructions (movz, movz, svc) in place of the HLT.
  return Row{program.name, "qemu-aarch64", program.instructions + 3, best};
}

// GPU throughput: one program over many lanes, timed by CUDA events after a warm-up.
// The first run's wall time includes building the translated kernel (or loading it from the
// cache).
void print_throughput_header() {
  std::printf("\n%-28s %-11s %10s %18s %12s %16s %14s %14s %12s\n", "GPU throughput", "mode", "lanes", "instructions",
              "seconds", "aggregate IPS", "per-lane IPS", "bytes/lane", "first run s");
}

void time_lanes(const programs::SeedProgram& program, uint64_t lanes, bool translate) {
  constexpr uint64_t kPage = 4096;
  const uint64_t image = (program.words.size() * 4 + kPage - 1) / kPage * kPage;
  Batch batch({lanes, image + kPage, EngineKind::kGpu, translate});
  batch.load_program(program.words);
  const auto started = std::chrono::steady_clock::now();
  batch.run(1000);  // warm-up: translation, module load, caches
  const double first_run = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
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
  std::printf("%-28s %-11s %10" PRIu64 " %18" PRIu64 " %12.6f %16.4g %14.4g %14" PRIu64 " %12.3f\n",
              program.name.c_str(), translate ? "translated" : "interpreted", lanes, summary.total_cycles,
              summary.elapsed_seconds, summary.ips, summary.ips / lanes, batch.bytes_per_lane(), first_run);
  std::fflush(stdout);
}

void print_program_header() {
  std::printf("\n%-22s %-14s %8s %-16s %12s %16s %16s\n", "program", "engine", "lanes", "arguments", "wall s",
              "instructions", "IPS");
}

void print_program_row(const std::string& program, const std::string& engine, uint64_t lanes,
                       const std::string& arguments, double seconds, uint64_t instructions) {
  std::printf("%-22s %-14s %8" PRIu64 " %-16s %12.3f %16" PRIu64 " %16.4g\n", program.c_str(), engine.c_str(), lanes,
              arguments.c_str(), seconds, instructions, seconds > 0 ? instructions / seconds : 0.0);
  std::fflush(stdout);
}

// Runs `path` with `args` over `lanes` lanes, each lane's output captured; every lane must
// exit 0.
linux_abi::LaneProcessesResult run_corpus_program(const std::string& path, const std::vector<std::string>& args,
                                                  EngineKind engine, uint64_t lanes) {
  linux_abi::LaneProcessOptions options;
  options.process.path = path;
  options.process.args = args;
  options.process.set_env = {{"WARP64_BENCH", "1"}};
  options.lanes = lanes;
  options.process.engine = engine;
  linux_abi::LaneProcessesResult result = linux_abi::run_lane_processes(options);
  for (uint64_t lane = 0; lane < lanes; ++lane) {
    if (result.lanes[lane].exit_code != 0) {
      throw Error(path + " exited with status " + std::to_string(result.lanes[lane].exit_code) + " in lane " +
                  std::to_string(lane) + " on the " + result.engine + " engine");
    }
  }
  return result;
}

void time_programs(const std::string& dir, bool with_qemu, bool with_gpu, uint64_t many_lanes) {
  print_program_header();
  for (const ProgramBenchmark& benchmark : kProgramBenchmarks) {
    const std::string path = dir + "/" + benchmark.binary;
    if (access(path.c_str(), R_OK) != 0) throw Error("no corpus program " + path);
    const std::vector<std::string> long_args = {benchmark.long_scale};
    const auto cpu = run_corpus_program(path, long_args, EngineKind::kCpu, 1);
    if (with_qemu) {
      // qemu does not count instructions; the program retires the same ones on every engine.
      std::vector<std::string> qemu_args = {path};
      qemu_args.insert(qemu_args.end(), long_args.begin(), long_args.end());
      const std::optional<double> seconds = time_qemu_run(qemu_args);
      if (!seconds) throw Error("qemu-aarch64 failed to run " + path);
      print_program_row(benchmark.binary, "qemu-aarch64", 1, long_args[0], *seconds, cpu.cycles);
    }
    print_program_row(benchmark.binary, "cpu", 1, long_args[0], cpu.wall_seconds, cpu.cycles);
    if (!with_gpu) continue;
    const std::vector<std::string> short_args = {benchmark.short_scale};
    const auto reference = run_corpus_program(path, short_args, EngineKind::kCpu, 1);
    const auto one = run_corpus_program(path, short_args, EngineKind::kGpu, 1);
    if (one.lanes[0].out != reference.lanes[0].out) throw Error(path + " printed something else on the GPU engine");
    print_program_row(benchmark.binary, "gpu", 1, short_args[0], one.wall_seconds, one.cycles);
    const std::vector<std::string> seeded_args = {benchmark.short_scale, "{lane}"};
    const auto many = run_corpus_program(path, seeded_args, EngineKind::kGpu, many_lanes);
    const auto last =
        run_corpus_program(path, {benchmark.short_scale, std::to_string(many_lanes - 1)}, EngineKind::kCpu, 1);
    if (many.lanes.back().out != last.lanes[0].out) {
      throw Error(path + " printed something else in lane " + std::to_string(many_lanes - 1) + " on the GPU engine");
    }
    print_program_row(benchmark.binary, "gpu", many_lanes, short_args[0] + " {lane}", many.wall_seconds, many.cycles);
  }
}

bool qemu_installed() { return std::system("command -v qemu-aarch64 >/dev/null 2>&1") == 0; }

}  // namespace

int bench_command(std::span<char* const> args) {
  unsigned repeat = 5;
  std::string engines = "all";
  bool qemu = true;
  std::vector<uint64_t> lane_counts = {1, 32, 1024, 32768, 131072, 1048576};
  std::string program_dir;
  uint64_t program_lanes = 10000;
  std::vector<bool> gpu_modes = {true, false};
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
    } else if (arg == "--programs") {
      program_dir = cursor.value_of(arg);
    } else if (arg == "--program-lanes") {
      program_lanes = parse_number(arg, cursor.value_of(arg));
      if (program_lanes == 0) throw UsageError("--program-lanes must be at least 1");
    } else if (arg == "--gpu-mode") {
      const std::string_view mode = cursor.value_of(arg);
      gpu_modes = mode == "both" ? std::vector<bool>{true, false} : std::vector<bool>{parse_gpu_mode(arg, mode)};
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

  const std::vector<programs::SeedProgram> benchmarks = {programs::straight_line_adds(10'000),
                                                         programs::straight_line_adds(100'000),
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
      for (const bool translate : gpu_modes) {
        for (const uint64_t lanes : lane_counts) time_lanes(program, lanes, translate);
      }
    }
  }
  if (!program_dir.empty()) time_programs(program_dir, with_qemu, with_gpu, program_lanes);
  return 0;
}

}  // namespace warp64::cli
