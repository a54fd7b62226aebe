// warp64 bench: the seed's benchmarks on every engine present, beside qemu-aarch64, with
// every result checked and like measured beside like.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/bench/jobs_bench.hpp"
#include "cli/bench/lane_arguments.hpp"
#include "cli/child_process.hpp"
#include "cli/commands.hpp"
#include "cli/json_reader.hpp"
#include "engine/engine.hpp"
#include "engine/lane_engine.hpp"
#include "programs/seed_programs.hpp"
#include "warp64/batch.hpp"
#include "warp64/machine.hpp"

namespace warp64::cli {
namespace {

constexpr const char* kBenchUsage = R"(usage: warp64 bench [options]

Runs the seed's benchmarks -- 10K and 100K straight-line ADDs and a loop of 10 M
instructions -- three ways: in process on each engine (the engine's own time: "engine
s"), and as a static Linux executable run by `warp64 run --engine E` and by qemu-aarch64,
both timed as whole processes from fork to exit ("process s"). With a GPU, also GPU
throughput over many lanes; with --programs, three programs of the test corpus.

Every row's result is checked, and the bench stops with status 2 at the first check that
fails. The last column says against what:
  expected   values the program's definition gives: stop, instruction count and result
             register for in-process runs; for the Linux executables, stdout (the result
             register's 8 bytes, little-endian), exit status 0 and warp64's instruction
             count
  qemu       stdout and exit status of qemu-aarch64 running the same binary with the
             same arguments (for lane rows: every lane, against qemu-aarch64 run with
             that lane's arguments)
  cpu        the same, against `warp64 run --engine cpu` where qemu-aarch64 is absent
qemu-aarch64 counts no instructions: its rows say "not measured" (the warp64 run rows
give warp64's count of the same binary).

options:
  --quick        small scales, for a smoke run: 1K and 10K ADDs, a loop of 100,001
                 instructions, one timed run per row, GPU throughput at 1 and 32
                 lanes, corpus programs at their short scale with 4 lanes
  --repeat N     timed runs per row after a warm-up run, best kept (default 5)
  --engine E     cpu, gpu or all (default all)
  --no-qemu      skip the qemu-aarch64 rows (process rows are then checked against
                 expected values, program rows against the CPU engine)
  --lanes LIST   GPU throughput rows: comma-separated lane counts
                 (default 1,32,1024,32768,131072,1048576; 0 skips them)
  --programs DIR also run three programs of the test corpus (DIR holds the corpus
                 binaries, e.g. build/tests/corpus/bin): under qemu-aarch64 and the CPU
                 engine at a scale that takes over a second under qemu, the CPU engine
                 also translating (--translate on; its first and fifth run from a fresh
                 cache, with the same instruction count as interpreted); on the GPU
                 engine at a smaller scale (qemu-aarch64 too, as its reference), with
                 one lane and with --program-lanes lanes, each lane its own seed
  --program-lanes N  lanes for the many-lane program rows (default 10000)
  --gpu-mode M   GPU throughput rows with the image translated into a kernel of its
                 own, interpreted, or both (default both)
  -h, --help     show this help

usage: warp64 bench --jobs [N] [--runners LIST] [--only LIST] [--time-limit S] [--programs DIR]
                    [--quick] [--json]

Many jobs of one program: five corpus programs (hash_checksums, interpreter, nbody,
compress_roundtrip, records_digest), each run N times, each job with its own seed, by each
runner, timed as a user times it (the whole process or set of processes, from the first
start to the last exit):
  gpu   `warp64 run --engine gpu --lanes N --devices 0 PROGRAM ARGS` (a row saying "no GPU"
        without one), and again over 2, 4 and 8 GPUs as far as the visible ones go, with each
        row's scaling efficiency (jobs/s over the GPUs times the one-GPU row's)
  cpu   `warp64 run --engine cpu --lanes N PROGRAM ARGS`
  qemu  N processes `qemu-aarch64 PROGRAM ARGS`, as many at once as the host has cores
Every job's stdout and exit status are checked: each warp64 lane against the qemu-aarch64
job with the same seed (without qemu-aarch64, the GPU lanes against the CPU lanes). A row
with a wrong job says FAILED and names the first one, and the bench exits with status 1.

options of --jobs:
  N              jobs per program (default: one per host core; --quick: 4)
  --runners LIST comma-separated gpu, cpu and qemu (default gpu,cpu,qemu)
  --only LIST    comma-separated programs of the five, the others skipped
  --time-limit S seconds each runner may take for one program's jobs; a runner still
                 running then is stopped, and its row says so, with its wall time as
                 "> S" and its rate as "< N/S" jobs/s, unchecked (status stays 0)
  --programs DIR the corpus binaries (default: tests/corpus/bin beside this executable)
  --quick        4 jobs per program, for a smoke run
  --json         the table as one JSON object

usage: warp64 bench --gpu-build [LIST]

How the GPU's translation build grows with the code: straight-line programs of `add x0, x0,
#1` as many words as each count of LIST (comma-separated; default 1024,4096,16384), each
translated for sm_90 with nothing from the cache (NVRTC compiling its units on every host
core, nvJitLink joining them). Rows: words, units, seconds, milliseconds a word and that
figure over the first row's. Needs a build with CUDA, not a GPU.
)";

[[noreturn]] void check_failed(const std::string& what) { throw Error("check failed: " + what); }

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", seconds);
  return text;
}

std::string rate_text(uint64_t instructions, double seconds) {
  if (seconds <= 0) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", static_cast<double>(instructions) / seconds);
  return text;
}

// A file that exists while the bench runs: a generated executable, or a JSON report.
class TempFile {
 public:
  explicit TempFile(const std::vector<uint8_t>& bytes = {}, mode_t mode = 0600) {
    char path[] = "/tmp/warp64-bench-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) throw Error("cannot create a temporary file in /tmp");
    path_ = path;
    const bool written = write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    fchmod(fd, mode);
    close(fd);
    if (!written) throw Error("cannot write " + path_);
  }
  ~TempFile() { unlink(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  std::string contents() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  std::string path_;
};

// What runs the programs beside warp64, and what checks them.
struct Setup {
  std::vector<EngineKind> engines;
  bool qemu = false;
  unsigned repeat = 5;
};

const char* engine_option(EngineKind kind) { return kind == EngineKind::kGpu ? "gpu" : "cpu"; }

bool has_engine(const Setup& setup, EngineKind kind) {
  return std::find(setup.engines.begin(), setup.engines.end(), kind) != setup.engines.end();
}

// ---- one program run as a process ------------------------------------------------------------

struct ProcessRun {
  ChildResult child;
  uint64_t instructions = 0;   // warp64 runs: retired instructions, from its JSON
  double engine_seconds = 0;   // warp64 runs: the engine's own time
  double compile_seconds = 0;  // warp64 runs with --translate on: the host compiler's time
};

ProcessRun run_qemu(const std::string& path, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"qemu-aarch64", path};
  argv.insert(argv.end(), args.begin(), args.end());
  return {run_child(argv)};
}

// `warp64 run --engine E [OPTIONS] --json-out FILE PROGRAM ARGS...`, as a user would run it.
ProcessRun run_warp64(EngineKind engine, const std::string& path, const std::vector<std::string>& args,
                      const std::vector<std::string>& options = {}) {
  const TempFile json;
  std::vector<std::string> argv = {own_executable(), "run", "--engine", engine_option(engine)};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(), {"--json-out", json.path(), path});
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessRun run{run_child(argv)};
  const JsonValue report = JsonValue::parse(json.contents());
  run.instructions = report.at("cycles").as_u64();
  run.engine_seconds = report.at("elapsed_s").as_double();
  run.compile_seconds = report.at("compile_s").as_double();
  if (report.at("exit_code").as_u64() != static_cast<uint64_t>(run.child.status)) {
    check_failed("warp64 run reported exit code " + std::to_string(report.at("exit_code").as_u64()) +
                 " but exited with " + std::to_string(run.child.status));
  }
  return run;
}

// Same stdout and exit status as the reference run, or the bench stops.
void expect_same_output(const ChildResult& actual, const ChildResult& reference, const std::string& what,
                        const std::string& reference_name) {
  if (actual.status != reference.status) {
    check_failed(what + " exited with status " + std::to_string(actual.status) + ", " + reference_name + " with " +
                 std::to_string(reference.status) + " (stderr: " + first_line(actual.err) + ")");
  }
  if (actual.out != reference.out) {
    check_failed(what + " printed other bytes than " + reference_name + " (" + std::to_string(actual.out.size()) +
                 " against " + std::to_string(reference.out.size()) + ")");
  }
}

// ---- the seed's benchmarks --------------------------------------------------------------------

void print_seed_header() {
  std::printf("%-24s %-26s %14s %11s %11s %11s %11s  %s\n", "benchmark", "runner", "instructions", "process s",
              "process IPS", "engine s", "engine IPS", "checked against");
}

void print_seed_row(const std::string& benchmark, const std::string& runner, const std::string& instructions,
                    const std::string& process_seconds, const std::string& process_ips,
                    const std::string& engine_seconds, const std::string& engine_ips, const std::string& checked) {
  std::printf("%-24s %-26s %14s %11s %11s %11s %11s  %s\n", benchmark.c_str(), runner.c_str(), instructions.c_str(),
              process_seconds.c_str(), process_ips.c_str(), engine_seconds.c_str(), engine_ips.c_str(),
              checked.c_str());
  std::fflush(stdout);
}

// The program on one engine in this process: the engine's own time, best of the runs.
void time_in_process(const programs::SeedProgram& program, EngineKind engine, unsigned repeat) {
  Machine machine({kDefaultMemorySize, engine});
  double best = 1e30;
  for (unsigned run = 0; run <= repeat; ++run) {  // run 0 warms up caches and the device
    machine.reset();
    machine.load_program(program.words);
    const ExecResult result = machine.execute();
    if (result.stop_reason != StopReason::kHalt || result.cycles != program.instructions ||
        machine.x(program.result_register) != program.expected_result) {
      check_failed("'" + program.name + "' on the " + machine.engine_name() + " engine: stop " +
                   core::stop_reason_name(result.stop_reason) + ", " + std::to_string(result.cycles) +
                   " instructions, x" + std::to_string(program.result_register) + " = " +
                   std::to_string(machine.x(program.result_register)));
    }
    if (run > 0) best = std::min(best, result.elapsed_seconds);
  }
  print_seed_row(program.name, std::string(machine.engine_name()) + " engine, in process",
                 std::to_string(program.instructions), "-", "-", seconds_text(best),
                 rate_text(program.instructions, best), "expected");
}

// The seed program as a static Linux executable: its HLT becomes a write of the result
// register's 8 bytes to stdout and exit_group(0), so that every runner shows its result.
std::vector<uint32_t> with_result_on_stdout(const programs::SeedProgram& program) {
  std::vector<uint32_t> words(program.words.begin(), program.words.end() - 1);  // all but the HLT
  const uint32_t tail[] = {
      0xF81F0FE0u | program.result_register,  // str xR, [sp, #-16]!
      0xD2800020u,                            // movz x0, #1 (stdout)
      0x910003E1u,                            // add x1, sp, #0
      0xD2800102u,                            // movz x2, #8
      0xD2800808u,                            // movz x8, #64 (write)
      0xD4000001u,                            // svc #0
      0xD2800000u,                            // movz x0, #0
      0xD2800BC8u,                            // movz x8, #94 (exit_group)
      0xD4000001u,                            // svc #0
  };
  words.insert(words.end(), std::begin(tail), std::end(tail));
  return words;
}

// The Linux executable under qemu-aarch64 and `warp64 run` on each engine, each timed from
// fork to exit, best of the runs; each run checked against the expected output.
void time_as_processes(const programs::SeedProgram& program, const Setup& setup) {
  const std::vector<uint32_t> words = with_result_on_stdout(program);
  const TempFile executable(programs::as_linux_executable(words), 0755);
  ChildResult expected;
  for (unsigned i = 0; i < 8; ++i) expected.out += static_cast<char>(program.expected_result >> (8 * i));
  // The ADDs or the loop retire as before; of the 9 new words, all retire (SVC included).
  const uint64_t instructions = program.instructions + (words.size() - (program.words.size() - 1));

  if (setup.qemu) {
    double best = 1e30;
    for (unsigned run = 0; run <= setup.repeat; ++run) {
      const ProcessRun qemu = run_qemu(executable.path(), {});
      expect_same_output(qemu.child, expected, "qemu-aarch64 running '" + program.name + "'", "expected");
      if (run > 0) best = std::min(best, qemu.child.seconds);
    }
    print_seed_row(program.name, "qemu-aarch64", "not measured", seconds_text(best), "-", "-", "-", "expected");
  }
  for (const EngineKind engine : setup.engines) {
    double best_process = 1e30, best_engine = 1e30;
    for (unsigned run = 0; run <= setup.repeat; ++run) {
      const ProcessRun warp = run_warp64(engine, executable.path(), {});
      const std::string what =
          std::string("warp64 run --engine ") + engine_option(engine) + " of '" + program.name + "'";
      expect_same_output(warp.child, expected, what, "expected");
      if (warp.instructions != instructions) {
        check_failed(what + " retired " + std::to_string(warp.instructions) + " instructions, not " +
                     std::to_string(instructions));
      }
      if (run > 0) {
        best_process = std::min(best_process, warp.child.seconds);
        best_engine = std::min(best_engine, warp.engine_seconds);
      }
    }
    print_seed_row(program.name, std::string("warp64 run --engine ") + engine_option(engine),
                   std::to_string(instructions), seconds_text(best_process), rate_text(instructions, best_process),
                   seconds_text(best_engine), rate_text(instructions, best_engine),
                   setup.qemu ? "expected (= qemu)" : "expected");
  }
}

// ---- GPU throughput ---------------------------------------------------------------------------

void print_throughput_header() {
  std::printf("\n%-24s %-11s %10s %18s %12s %16s %14s %14s %12s  %s\n", "GPU throughput", "mode", "lanes",
              "instructions", "engine s", "aggregate IPS", "per-lane IPS", "bytes/lane", "first run s",
              "checked against");
}

// One program over many lanes, timed by CUDA events after a warm-up (the engine's own
// time). The first run's wall time includes building the translated kernel (or loading it
// from the cache). Every lane's stop, instruction count and result register are checked.
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
      check_failed("GPU throughput benchmark '" + program.name + "' gave a wrong result in lane " +
                   std::to_string(lane));
    }
  }
  if (summary.total_cycles != program.instructions * lanes) check_failed("GPU throughput: wrong total count");
  std::printf("%-24s %-11s %10" PRIu64 " %18" PRIu64 " %12.6f %16.4g %14.4g %14" PRIu64 " %12.3f  %s\n",
              program.name.c_str(), translate ? "translated" : "interpreted", lanes, summary.total_cycles,
              summary.elapsed_seconds, summary.ips, summary.ips / lanes, batch.bytes_per_lane(), first_run,
              "expected, every lane");
  std::fflush(stdout);
}

// ---- corpus programs --------------------------------------------------------------------------

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

void print_program_header() {
  std::printf("\n%-18s %-28s %7s %-12s %10s %14s %11s %10s %11s  %s\n", "program", "runner", "lanes", "arguments",
              "process s", "instructions", "process IPS", "engine s", "engine IPS", "checked against");
}

void print_program_row(const std::string& program, const std::string& runner, uint64_t lanes,
                       const std::string& arguments, double process_seconds, std::optional<uint64_t> instructions,
                       std::optional<double> engine_seconds, const std::string& checked) {
  std::printf("%-18s %-28s %7" PRIu64 " %-12s %10.3f %14s %11s %10s %11s  %s\n", program.c_str(), runner.c_str(), lanes,
              arguments.c_str(), process_seconds, instructions ? std::to_string(*instructions).c_str() : "not measured",
              instructions ? rate_text(*instructions, process_seconds).c_str() : "-",
              engine_seconds ? seconds_text(*engine_seconds).c_str() : "-",
              instructions && engine_seconds ? rate_text(*instructions, *engine_seconds).c_str() : "-",
              checked.c_str());
  std::fflush(stdout);
}

std::string joined(const std::vector<std::string>& args) {
  std::string text;
  for (const std::string& arg : args) text += (text.empty() ? "" : " ") + arg;
  return text;
}

// The reference output of `path args` for each lane's arguments: qemu-aarch64, or the CPU
// engine without it, run as processes in parallel.
std::vector<ChildResult> reference_runs(const Setup& setup, const std::string& path,
                                        const std::vector<std::string>& args, uint64_t lanes) {
  std::vector<std::vector<std::string>> commands;
  for (uint64_t lane = 0; lane < lanes; ++lane) {
    std::vector<std::string> argv = setup.qemu ? std::vector<std::string>{"qemu-aarch64"}
                                               : std::vector<std::string>{own_executable(), "run", "--engine", "cpu"};
    argv.push_back(path);
    const std::vector<std::string> own = lane_arguments(args, lane);
    argv.insert(argv.end(), own.begin(), own.end());
    commands.push_back(std::move(argv));
  }
  return run_children(commands, std::max(1u, std::thread::hardware_concurrency()));
}

// `warp64 run --engine gpu --lanes N --json PROGRAM ARGS...` as one process; every lane's
// stdout and exit status against its reference.
void time_program_lanes(const Setup& setup, const std::string& name, const std::string& path,
                        const std::vector<std::string>& args, uint64_t lanes) {
  std::vector<std::string> argv = {own_executable(),      "run",    "--engine", "gpu", "--lanes",
                                   std::to_string(lanes), "--json", path};
  argv.insert(argv.end(), args.begin(), args.end());
  const ChildResult child = run_child(argv);
  const JsonValue report = JsonValue::parse(child.out);
  const std::vector<JsonValue>& results = report.at("results").items();
  if (results.size() != lanes) check_failed(name + ": " + std::to_string(results.size()) + " lane results");
  const std::vector<ChildResult> references = reference_runs(setup, path, args, lanes);
  bool every_lane_exited_0 = true;
  for (uint64_t lane = 0; lane < lanes; ++lane) {
    ChildResult actual;
    actual.status = static_cast<int>(results[lane].at("exit_code").as_u64());
    actual.out = results[lane].bytes("stdout");
    actual.err = results[lane].bytes("stderr");
    every_lane_exited_0 &= actual.status == 0;
    expect_same_output(actual, references[lane],
                       name + " in lane " + std::to_string(lane) + " of " + std::to_string(lanes) + " on the GPU",
                       setup.qemu ? "qemu-aarch64 with its arguments" : "the CPU engine with its arguments");
  }
  if (child.status != (every_lane_exited_0 ? 0 : 1)) check_failed(name + ": warp64 run --lanes exit status");
  print_program_row(name, "warp64 run --engine gpu", lanes, joined(args), child.seconds, report.at("cycles").as_u64(),
                    report.at("engine_s").as_double(), setup.qemu ? "qemu, every lane" : "cpu, every lane");
}

// Runs of `warp64 run --engine cpu --translate on` one after the other from one fresh
// translation cache: the first compiles the hot code while it runs on interpreted, and by the
// last the cache holds it (fresh caches settle in three to five runs).
constexpr int kTranslatedRuns = 5;

// A fresh translation cache for the children started while it lives ($WARP64_CACHE_DIR),
// removed at its end, with the variable as it was. The guest of such a child inherits the
// variable, and its C library's start-up walks the environment: guest_environment() gives the
// options that hand it the environment the other runners' guests have.
class FreshTranslationCache {
 public:
  FreshTranslationCache() {
    char directory[] = "/tmp/warp64-bench-cache-XXXXXX";
    if (mkdtemp(directory) == nullptr) throw Error("cannot create a temporary directory in /tmp");
    directory_ = directory;
    if (const char* before = getenv("WARP64_CACHE_DIR")) before_ = before;
    setenv("WARP64_CACHE_DIR", directory, 1);
  }
  ~FreshTranslationCache() {
    if (before_) {
      setenv("WARP64_CACHE_DIR", before_->c_str(), 1);
    } else {
      unsetenv("WARP64_CACHE_DIR");
    }
    std::error_code error;
    std::filesystem::remove_all(directory_, error);
  }
  FreshTranslationCache(const FreshTranslationCache&) = delete;
  FreshTranslationCache& operator=(const FreshTranslationCache&) = delete;

  std::vector<std::string> guest_environment() const {
    if (before_) return {"-E", "WARP64_CACHE_DIR=" + *before_};
    return {"-U", "WARP64_CACHE_DIR"};
  }

 private:
  std::string directory_;
  std::optional<std::string> before_;
};

// The CPU engine translating, its first run and its last from a fresh cache, each checked
// against the reference and against the interpreted run's instruction count.
void time_translated(const std::string& name, const std::string& path, const std::vector<std::string>& args,
                     const ProcessRun& reference, const std::string& reference_name, uint64_t instructions) {
  const FreshTranslationCache cache;
  std::vector<std::string> options = {"--translate", "on"};
  for (const std::string& option : cache.guest_environment()) options.push_back(option);
  for (int number = 1; number <= kTranslatedRuns; ++number) {
    const ProcessRun run = run_warp64(EngineKind::kCpu, path, args, options);
    const std::string runner = "warp64 --translate on, run " + std::to_string(number);
    expect_same_output(run.child, reference.child, runner + " " + path, reference_name);
    if (run.instructions != instructions) {
      check_failed(runner + " " + path + " retired " + std::to_string(run.instructions) + " instructions, " +
                   std::to_string(instructions) + " interpreted");
    }
    if (number != 1 && number != kTranslatedRuns) continue;
    char compiled[48];
    std::snprintf(compiled, sizeof compiled, "; compiling %.1f s", run.compile_seconds);
    print_program_row(name, runner, 1, joined(args), run.child.seconds, run.instructions, run.engine_seconds,
                      reference_name + compiled);
  }
}

// One process on each runner at one scale: qemu-aarch64 first (the reference), then warp64
// on each engine in `engines`, and the CPU engine translating where `translated`.
void time_program(const Setup& setup, const std::string& name, const std::string& path,
                  const std::vector<std::string>& args, const std::vector<EngineKind>& engines, bool translated) {
  std::optional<ProcessRun> reference;
  std::string reference_name;
  if (setup.qemu) {
    reference = run_qemu(path, args);
    reference_name = "qemu";
    if (reference->child.status != 0) {
      check_failed("qemu-aarch64 " + path + " exited with status " + std::to_string(reference->child.status));
    }
    print_program_row(name, "qemu-aarch64", 1, joined(args), reference->child.seconds, std::nullopt, std::nullopt,
                      "exit 0 (the reference)");
  }
  std::optional<uint64_t> interpreted_instructions;  // the CPU engine's
  for (const EngineKind engine : engines) {
    const ProcessRun run = run_warp64(engine, path, args);
    const std::string runner = std::string("warp64 run --engine ") + engine_option(engine);
    if (engine == EngineKind::kCpu) interpreted_instructions = run.instructions;
    if (!reference) {
      if (run.child.status != 0)
        check_failed(runner + " " + path + " exited with status " + std::to_string(run.child.status));
      if (engine == EngineKind::kCpu) {
        print_program_row(name, runner, 1, joined(args), run.child.seconds, run.instructions, run.engine_seconds,
                          "exit 0 only (no qemu-aarch64)");
        reference = run;
        reference_name = "cpu";
        continue;
      }
      reference = run_warp64(EngineKind::kCpu, path, args);
      reference_name = "cpu";
    }
    expect_same_output(run.child, reference->child, runner + " " + path, reference_name);
    print_program_row(name, runner, 1, joined(args), run.child.seconds, run.instructions, run.engine_seconds,
                      reference_name);
  }
  if (translated) time_translated(name, path, args, *reference, reference_name, interpreted_instructions.value());
}

void time_programs(const Setup& setup, const std::string& dir, bool quick, uint64_t many_lanes) {
  print_program_header();
  const bool with_gpu = has_engine(setup, EngineKind::kGpu);
  const bool with_cpu = has_engine(setup, EngineKind::kCpu);
  for (const ProgramBenchmark& benchmark : kProgramBenchmarks) {
    const std::string path = dir + "/" + benchmark.binary;
    if (access(path.c_str(), R_OK) != 0) throw Error("no corpus program " + path);
    const std::vector<std::string> short_args = {benchmark.short_scale};
    if (!quick && with_cpu) {
      time_program(setup, benchmark.binary, path, {benchmark.long_scale}, {EngineKind::kCpu}, true);
    }
    std::vector<EngineKind> short_engines;
    if (quick && with_cpu) short_engines.push_back(EngineKind::kCpu);
    if (with_gpu) short_engines.push_back(EngineKind::kGpu);
    if (!short_engines.empty()) time_program(setup, benchmark.binary, path, short_args, short_engines, false);
    if (with_gpu) time_program_lanes(setup, benchmark.binary, path, {benchmark.short_scale, "{lane}"}, many_lanes);
  }
}

// --runners: a comma-separated list of gpu, cpu and qemu, each at most once.
std::vector<JobsRunner> parse_runners(std::string_view option, std::string_view list) {
  std::vector<JobsRunner> runners;
  for (size_t start = 0; start <= list.size();) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string_view name = list.substr(start, comma - start);
    const auto known = {JobsRunner::kGpu, JobsRunner::kCpu, JobsRunner::kQemu};
    const auto runner =
        std::find_if(known.begin(), known.end(), [&](JobsRunner r) { return name == runner_option(r); });
    if (runner == known.end()) {
      throw UsageError("invalid runner '" + std::string(name) + "' for " + std::string(option) +
                       " (expected gpu, cpu or qemu)");
    }
    if (std::find(runners.begin(), runners.end(), *runner) != runners.end()) {
      throw UsageError("runner '" + std::string(name) + "' named twice in " + std::string(option));
    }
    runners.push_back(*runner);
    start = comma + 1;
  }
  return runners;
}

// --only: a comma-separated list of the jobs bench's programs.
std::vector<std::string> parse_program_names(std::string_view option, std::string_view list) {
  const std::vector<std::string> known = jobs_program_names();
  std::vector<std::string> names;
  for (size_t start = 0; start <= list.size();) {
    const size_t comma = std::min(list.find(',', start), list.size());
    std::string name(list.substr(start, comma - start));
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string expected;
      for (const std::string& program : known) expected += (expected.empty() ? "" : ", ") + program;
      throw UsageError("unknown program '" + name + "' for " + std::string(option) + " (expected " + expected + ")");
    }
    names.push_back(std::move(name));
    start = comma + 1;
  }
  return names;
}

// --time-limit: seconds, a positive decimal number.
double parse_seconds(std::string_view option, std::string_view text) {
  double seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || !(seconds > 0) || seconds > 1e6) {
    throw UsageError("invalid " + std::string(option) + " '" + std::string(text) +
                     "' (expected seconds, a number above 0)");
  }
  return seconds;
}

}  // namespace

std::vector<uint64_t> parse_counts(std::string_view option, std::string_view list) {
  std::vector<uint64_t> counts;
  for (size_t start = 0; start <= list.size();) {
    const size_t comma = std::min(list.find(',', start), list.size());
    counts.push_back(parse_number(option, list.substr(start, comma - start)));
    start = comma + 1;
  }
  return counts;
}

int gpu_build_bench(std::string_view list) {
  const std::vector<uint64_t> counts = parse_counts("--gpu-build", list);
  for (const uint64_t words : counts) {
    if (words < 2 || words > (1u << 20)) throw UsageError("--gpu-build counts must be between 2 and 1048576");
  }
  std::printf("%-8s %6s %9s %12s %10s\n", "words", "units", "build s", "ms per word", "per word/1st");
  std::optional<double> first_per_word;
  for (const uint64_t words : counts) {
    const programs::SeedProgram program = programs::straight_line_adds(static_cast<unsigned>(words));
    const GpuTranslationBuild build = time_gpu_translation_build(program.words);
    const double per_word = build.seconds * 1000 / static_cast<double>(words);
    if (!first_per_word) first_per_word = per_word;
    std::printf("%-8llu %6zu %9.2f %12.3f %10.2f\n", static_cast<unsigned long long>(words), build.units, build.seconds,
                per_word, per_word / *first_per_word);
    std::fflush(stdout);
  }
  return 0;
}

int bench_command(std::span<char* const> args) {
  std::optional<unsigned> repeat;
  std::string engines = "all";
  bool qemu = true;
  bool quick = false;
  std::optional<std::vector<uint64_t>> lane_counts;
  std::string program_dir;
  std::optional<uint64_t> program_lanes;
  std::vector<bool> gpu_modes = {true, false};
  bool jobs_mode = false;
  JobsBenchOptions jobs;
  std::string seed_only_option, jobs_only_option;  // the first of each given, if any
  ArgumentCursor cursor(args);
  while (!cursor.done()) {
    const std::string_view arg = cursor.next();
    if (arg == "-h" || arg == "--help") {
      std::fputs(kBenchUsage, stdout);
      return 0;
    }
    const bool seed_only = arg == "--repeat" || arg == "--engine" || arg == "--program-lanes" || arg == "--gpu-mode" ||
                           arg == "--no-qemu" || arg == "--lanes";
    const bool jobs_only = arg == "--runners" || arg == "--json" || arg == "--only" || arg == "--time-limit";
    if (seed_only && seed_only_option.empty()) seed_only_option = arg;
    if (jobs_only && jobs_only_option.empty()) jobs_only_option = arg;
    if (arg == "--gpu-build") {
      if (args.size() > 2 || std::string_view(args[0]) != arg) {
        throw UsageError("--gpu-build takes no other option, only its list of word counts");
      }
      return gpu_build_bench(cursor.done() ? "1024,4096,16384" : cursor.next());
    }
    if (arg == "--jobs") {
      jobs_mode = true;
      if (!cursor.done() && cursor.rest()[0][0] != '-') {
        jobs.jobs = parse_number(arg, cursor.next());
        if (*jobs.jobs == 0) throw UsageError("--jobs must be at least 1");
      }
    } else if (arg == "--runners") {
      jobs.runners = parse_runners(arg, cursor.value_of(arg));
    } else if (arg == "--only") {
      jobs.only = parse_program_names(arg, cursor.value_of(arg));
    } else if (arg == "--time-limit") {
      jobs.time_limit = parse_seconds(arg, cursor.value_of(arg));
    } else if (arg == "--json") {
      jobs.json = true;
    } else if (arg == "--repeat") {
      repeat = static_cast<unsigned>(parse_number(arg, cursor.value_of(arg)));
      if (*repeat == 0) throw UsageError("--repeat must be at least 1");
    } else if (arg == "--quick") {
      quick = true;
    } else if (arg == "--engine") {
      engines = cursor.value_of(arg);
      if (engines != "cpu" && engines != "gpu" && engines != "all") {
        throw UsageError("invalid engine '" + engines + "' (expected cpu, gpu or all)");
      }
    } else if (arg == "--programs") {
      program_dir = cursor.value_of(arg);
    } else if (arg == "--program-lanes") {
      program_lanes = parse_number(arg, cursor.value_of(arg));
      if (*program_lanes == 0) throw UsageError("--program-lanes must be at least 1");
    } else if (arg == "--gpu-mode") {
      const std::string_view mode = cursor.value_of(arg);
      if (mode == "both") {
        gpu_modes = {true, false};
      } else {
        // The bench's rows time a warmed-up image: a profile of its first run has nothing to show.
        const GpuTranslation translation = parse_gpu_mode(arg, mode);
        if (translation == GpuTranslation::kHotCode)
          throw UsageError("the bench takes --gpu-mode translated or interpreted");
        gpu_modes = {translation == GpuTranslation::kFromEntry};
      }
    } else if (arg == "--no-qemu") {
      qemu = false;
    } else if (arg == "--lanes") {
      lane_counts.emplace();
      for (const uint64_t lanes : parse_counts(arg, cursor.value_of(arg))) {
        if (lanes != 0) lane_counts->push_back(lanes);
      }
    } else {
      throw UsageError("unknown option '" + std::string(arg) + "' for bench (see warp64 bench --help)");
    }
  }
  if (jobs_mode) {
    if (!seed_only_option.empty()) throw UsageError(seed_only_option + " does not apply to bench --jobs");
    jobs.quick = quick;
    jobs.program_dir = program_dir;
    return jobs_bench(jobs);
  }
  if (!jobs_only_option.empty()) throw UsageError(jobs_only_option + " applies only to bench --jobs");

  Setup setup;
  setup.repeat = repeat.value_or(quick ? 1 : 5);
  if (engines != "gpu") setup.engines.push_back(EngineKind::kCpu);
  std::string why;
  if (engines != "cpu") {
    if (gpu_engine_available(&why)) {
      setup.engines.push_back(EngineKind::kGpu);
    } else if (engines == "gpu") {
      throw Error("the GPU engine is unavailable: " + why);
    } else {
      std::printf("# GPU engine skipped: %s\n", why.c_str());
    }
  }
  setup.qemu = qemu && program_installed("qemu-aarch64");
  if (qemu && !setup.qemu) {
    std::printf("# qemu-aarch64 is not installed: no qemu rows; program rows are checked against the CPU engine\n");
  }

  const std::vector<programs::SeedProgram> benchmarks =
      quick ? std::vector<programs::SeedProgram>{programs::straight_line_adds(1'000),
                                                 programs::straight_line_adds(10'000), programs::counted_loop(33'333)}
            : std::vector<programs::SeedProgram>{programs::straight_line_adds(10'000),
                                                 programs::straight_line_adds(100'000),
                                                 programs::counted_loop(programs::kTenMillionLoopIterations)};
  print_seed_header();
  for (const auto& program : benchmarks) {
    for (const EngineKind kind : setup.engines) time_in_process(program, kind, setup.repeat);
    time_as_processes(program, setup);
  }
  const bool with_gpu = has_engine(setup, EngineKind::kGpu);
  const std::vector<uint64_t> lanes = lane_counts.value_or(
      quick ? std::vector<uint64_t>{1, 32} : std::vector<uint64_t>{1, 32, 1024, 32768, 131072, 1048576});
  if (with_gpu && !lanes.empty()) {
    print_throughput_header();
    for (const auto& program : {benchmarks[2], benchmarks[1]}) {
      for (const bool translate : gpu_modes) {
        for (const uint64_t count : lanes) time_lanes(program, count, translate);
      }
    }
  }
  if (!program_dir.empty()) time_programs(setup, program_dir, quick, program_lanes.value_or(quick ? 4 : 10000));
  std::printf("# every check passed\n");
  return 0;
}

}  // namespace warp64::cli
