// warp64 run: load a raw image and execute it.
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/json_writer.hpp"
#include "linux/elf_loader.hpp"
#include "linux/lane_processes.hpp"
#include "linux/process.hpp"
#include "warp64/batch.hpp"
#include "warp64/machine.hpp"

namespace warp64::cli {
namespace {

constexpr const char* kRunUsage = R"(usage: warp64 run [options] PROGRAM [ARGS...]
       warp64 run --raw FILE [options]

The first form runs a static AArch64 Linux executable (ELF64, ET_EXEC or static-PIE) as a
guest process: its system calls are serviced by the host, its exit status becomes warp64's
(128+N when the guest dies of signal N), and a guest fault is reported in one line.

program options (before PROGRAM):
  -E VAR=VALUE        set VAR in the guest's environment (default: the host's)
  -U VAR              remove VAR from the guest's environment
  --strace            print each system call, its arguments and result on stderr
  --json-out FILE     write the end-of-run JSON (the --json fields plus exit_code) to FILE
  --max-cycles N      stop the guest after N instructions
  --engine ENGINE     cpu, gpu or auto (default auto: the CPU engine for one process,
                      where it is faster; the GPU when one is usable with --lanes)
  --lanes N           run N copies of the program, one per lane; "{lane}" in an
                      argument becomes the lane's number. Each lane's output is
                      captured; prints a summary (or, with --json, per-lane results
                      including stdout and stderr); exit status 0 when every lane
                      exited 0, else 1
  --json              with --lanes: print the per-lane results as JSON
  --lane-stack BYTES  with --lanes: each lane's stack (default 256K; K/M/G allowed)
  --lane-heap BYTES   with --lanes: how far each lane's brk heap may grow (default 1M)
  --lane-mmap BYTES   with --lanes: each lane's mmap area (default 1M)
  --gpu-mode MODE     with --lanes on the GPU: interpreted (default) or translated
                      (the code reachable from the entry point is compiled into a
                      kernel of its own at the start; the rest is interpreted)

The second form runs a raw image:

Runs a raw little-endian ARM64 image: the file's bytes are copied into one flat
read-write-execute memory region starting at address 0, SP starts at the top of
memory, and execution begins at the entry address.

options:
  --raw FILE          the image to run (its size must be a multiple of 4)
  --load ADDR         address to load the image at (default 0)
  --entry ADDR        address of the first instruction (default: the load address)
  --memory BYTES      guest memory size, a multiple of 4 (default 4194304; K/M/G allowed)
  --max-cycles N      stop after N instructions (default: unlimited)
  --engine ENGINE     cpu, gpu or auto (default auto: the GPU when one is usable)
  --lanes N           run N independent copies (lanes); the image is shared read-only
                      and each lane has private memory for the rest of --memory
                      (a multiple of 4096); prints a summary, or per-lane results
                      with --json
  --gpu-mode MODE     with --lanes on the GPU: translated (default: the image's code
                      is compiled into a kernel of its own at the first run, cached on
                      disk) or interpreted
  --json              print one JSON object with the final state instead of a dump
  -h, --help          show this help

Numbers are decimal or 0x-prefixed hexadecimal. The run ends at HLT (HALT), SVC
(SYSCALL), BRK (BREAKPOINT), an undefined instruction (UNDEFINED), an access outside
memory (FAULT) or the cycle limit (MAX_CYCLES); the exit status is 0 in every case.

JSON fields: stop_reason, cycles, pc, x (X0..X30), sp, nzcv (flags in bits 31..28),
fault_address (null unless FAULT), instruction (the word at the stop, or null),
engine, elapsed_s, ips.
)";

int run_raw(std::span<char* const> args);

struct RunOptions {
  std::string raw_path;
  uint64_t load_address = 0;
  std::optional<uint64_t> entry;
  uint64_t memory_size = kDefaultMemorySize;
  uint64_t max_cycles = kUnlimitedCycles;
  EngineKind engine = EngineKind::kAuto;
  bool json = false;
  uint64_t lanes = 0;  // 0: one machine, not a batch
  bool translate = true;
};

EngineKind parse_engine(std::string_view text) {
  if (const std::optional<EngineKind> kind = parse_engine_kind(text)) return *kind;
  throw UsageError(invalid_engine_message(text));
}

std::optional<RunOptions> parse_run_options(std::span<char* const> args) {
  RunOptions options;
  ArgumentCursor cursor(args);
  while (!cursor.done()) {
    const std::string_view arg = cursor.next();
    if (arg == "-h" || arg == "--help") return std::nullopt;
    if (arg == "--raw") {
      options.raw_path = cursor.value_of(arg);
    } else if (arg == "--load") {
      options.load_address = parse_number(arg, cursor.value_of(arg));
    } else if (arg == "--entry") {
      options.entry = parse_number(arg, cursor.value_of(arg));
    } else if (arg == "--memory") {
      options.memory_size = parse_number(arg, cursor.value_of(arg), true);
    } else if (arg == "--max-cycles") {
      options.max_cycles = parse_number(arg, cursor.value_of(arg));
    } else if (arg == "--engine") {
      options.engine = parse_engine(cursor.value_of(arg));
    } else if (arg == "--lanes") {
      options.lanes = parse_number(arg, cursor.value_of(arg));
      if (options.lanes == 0) throw UsageError("--lanes must be at least 1");
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg == "--gpu-mode") {
      options.translate = parse_gpu_mode(arg, cursor.value_of(arg));
    } else {
      throw UsageError("unknown option '" + std::string(arg) + "' for run (see warp64 run --help)");
    }
  }
  if (options.raw_path.empty()) throw UsageError("run needs PROGRAM or --raw FILE (see warp64 run --help)");
  if (options.memory_size == 0 || options.memory_size % 4 != 0) {
    throw UsageError("--memory must be a non-zero multiple of 4");
  }
  return options;
}

std::vector<uint8_t> read_raw_image(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw UsageError("cannot open '" + path + "'");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) throw UsageError("cannot read '" + path + "'");
  if (bytes.size() % 4 != 0) {
    throw UsageError("raw image '" + path + "' has " + std::to_string(bytes.size()) + " bytes, not a multiple of 4");
  }
  return bytes;
}

void print_json(const Machine& machine, const ExecResult& result) {
  std::vector<uint64_t> x(31);
  for (unsigned i = 0; i < 31; ++i) x[i] = machine.x(i);
  JsonObject json;
  json.add("stop_reason", core::stop_reason_name(result.stop_reason))
      .add("cycles", result.cycles)
      .add("pc", result.final_pc)
      .add("x", x)
      .add("sp", machine.sp())
      .add("nzcv", static_cast<uint64_t>(machine.nzcv()))
      .add("fault_address",
           result.stop_reason == StopReason::kFault ? std::optional<uint64_t>(result.fault_address) : std::nullopt)
      .add("fault_kind", result.stop_reason == StopReason::kFault ? core::access_kind_name(result.fault_kind) : "none")
      .add("instruction", result.instruction ? std::optional<uint64_t>(*result.instruction) : std::nullopt)
      .add("engine", machine.engine_name())
      .add("elapsed_s", result.elapsed_seconds)
      .add("ips", result.ips);
  std::printf("%s\n", json.str().c_str());
}

void print_dump(const Machine& machine, const ExecResult& result) {
  std::printf("stop: %s at pc 0x%016" PRIx64, core::stop_reason_name(result.stop_reason), result.final_pc);
  if (result.instruction) std::printf(" (instruction 0x%08x)", *result.instruction);
  std::printf("\n");
  if (result.stop_reason == StopReason::kFault) {
    std::printf("fault: %s at 0x%016" PRIx64 "\n", core::access_kind_name(result.fault_kind), result.fault_address);
  }
  std::printf("engine: %s  cycles: %" PRIu64 "  elapsed: %.6f s  ips: %.0f\n", machine.engine_name(), result.cycles,
              result.elapsed_seconds, result.ips);
  for (unsigned i = 0; i < 31; ++i) {
    std::printf("x%-2u 0x%016" PRIx64 "%s", i, machine.x(i), i % 4 == 3 ? "\n" : "   ");
  }
  const uint32_t nzcv = machine.nzcv();
  std::printf("sp  0x%016" PRIx64 "\nnzcv %c%c%c%c\n", machine.sp(), nzcv & core::kFlagN ? 'N' : '-',
              nzcv & core::kFlagZ ? 'Z' : '-', nzcv & core::kFlagC ? 'C' : '-', nzcv & core::kFlagV ? 'V' : '-');
}

JsonObject lane_json(const Batch& batch, uint64_t lane) {
  const LaneResult& result = batch.result(lane);
  std::vector<uint64_t> x(31);
  for (unsigned i = 0; i < 31; ++i) x[i] = batch.x(lane, i);
  JsonObject json;
  json.add("lane", lane)
      .add("stop_reason", core::stop_reason_name(result.stop_reason))
      .add("cycles", result.cycles)
      .add("pc", result.pc)
      .add("x", x)
      .add("sp", batch.state(lane).sp)
      .add("nzcv", static_cast<uint64_t>(batch.state(lane).nzcv))
      .add("fault_address",
           result.stop_reason == StopReason::kFault ? std::optional<uint64_t>(result.fault_address) : std::nullopt)
      .add("instruction", result.instruction ? std::optional<uint64_t>(*result.instruction) : std::nullopt);
  return json;
}

int run_program_lanes(const linux_abi::LaneProcessOptions& options, bool json_output) {
  const linux_abi::LaneProcessesResult result = linux_abi::run_lane_processes(options);
  if (!result.engine_note.empty()) std::fprintf(stderr, "warp64: note: %s\n", result.engine_note.c_str());
  std::map<int, uint64_t> by_status;
  for (const auto& lane : result.lanes) ++by_status[lane.exit_code];
  JsonObject statuses;
  for (const auto& [status, count] : by_status) statuses.add(std::to_string(status), count);
  const double ips = result.engine_seconds > 0 ? static_cast<double>(result.cycles) / result.engine_seconds : 0;
  if (json_output) {
    std::vector<JsonObject> lanes;
    for (const auto& lane : result.lanes) {
      JsonObject entry;
      entry.add("exit_code", lane.exit_code).add("cycles", lane.cycles).add("stdout", lane.out).add("stderr", lane.err);
      lanes.push_back(entry);
    }
    JsonObject json;
    json.add("engine", result.engine)
        .add("lanes", options.lanes)
        .add("exit_codes", statuses)
        .add("cycles", result.cycles)
        .add("launches", result.launches)
        .add("engine_s", result.engine_seconds)
        .add("wall_s", result.wall_seconds)
        .add("ips", ips)
        .add("bytes_per_lane", result.bytes_per_lane)
        .add("results", lanes);
    std::printf("%s\n", json.str().c_str());
  } else {
    std::printf("engine: %s  lanes: %" PRIu64 "  memory per lane: %" PRIu64 " bytes\n", result.engine, options.lanes,
                result.bytes_per_lane);
    std::printf("exit codes (status: lanes): %s\n", statuses.str().c_str());
    std::printf("instructions: %" PRIu64 "  engine: %.6f s  wall: %.6f s  launches: %" PRIu64 "  aggregate ips: %.0f\n",
                result.cycles, result.engine_seconds, result.wall_seconds, result.launches, ips);
  }
  return by_status.size() == 1 && by_status.begin()->first == 0 ? 0 : 1;
}

int run_lanes(const RunOptions& options, const std::vector<uint8_t>& image, uint64_t entry) {
  Batch batch({options.lanes, options.memory_size, options.engine, options.translate});
  if (!batch.engine_note().empty()) std::fprintf(stderr, "warp64: note: %s\n", batch.engine_note().c_str());
  batch.load_bytes(image, options.load_address);
  batch.set_pc_all(entry);
  const BatchRunSummary summary = batch.run(options.max_cycles);

  uint64_t by_reason[8] = {};
  for (uint64_t lane = 0; lane < options.lanes; ++lane)
    ++by_reason[static_cast<unsigned>(batch.result(lane).stop_reason)];
  JsonObject stops;
  for (unsigned reason = 1; reason < 7; ++reason) {
    if (by_reason[reason]) stops.add(core::stop_reason_name(static_cast<StopReason>(reason)), by_reason[reason]);
  }
  if (options.json) {
    std::vector<JsonObject> lanes;
    for (uint64_t lane = 0; lane < options.lanes; ++lane) lanes.push_back(lane_json(batch, lane));
    JsonObject json;
    json.add("engine", batch.engine_name())
        .add("lanes", options.lanes)
        .add("stops", stops)
        .add("cycles", summary.total_cycles)
        .add("elapsed_s", summary.elapsed_seconds)
        .add("ips", summary.ips)
        .add("bytes_per_lane", batch.bytes_per_lane())
        .add("results", lanes);
    std::printf("%s\n", json.str().c_str());
    return 0;
  }
  std::printf("engine: %s  lanes: %" PRIu64 "  memory per lane: %" PRIu64 " bytes\n", batch.engine_name(),
              options.lanes, batch.bytes_per_lane());
  std::printf("stops: %s\n", stops.str().c_str());
  std::printf("instructions: %" PRIu64 "  elapsed: %.6f s  aggregate ips: %.0f\n", summary.total_cycles,
              summary.elapsed_seconds, summary.ips);
  return 0;
}

JsonObject final_json(const CpuState& state, const ExecResult& result, const char* engine) {
  std::vector<uint64_t> x(31);
  for (unsigned i = 0; i < 31; ++i) x[i] = state.x[i];
  JsonObject json;
  json.add("stop_reason", core::stop_reason_name(result.stop_reason))
      .add("cycles", result.cycles)
      .add("pc", result.final_pc)
      .add("x", x)
      .add("sp", state.sp)
      .add("nzcv", static_cast<uint64_t>(state.nzcv))
      .add("fault_address",
           result.stop_reason == StopReason::kFault ? std::optional<uint64_t>(result.fault_address) : std::nullopt)
      .add("fault_kind", result.stop_reason == StopReason::kFault ? core::access_kind_name(result.fault_kind) : "none")
      .add("instruction", result.instruction ? std::optional<uint64_t>(*result.instruction) : std::nullopt)
      .add("engine", engine)
      .add("elapsed_s", result.elapsed_seconds)
      .add("ips", result.ips);
  return json;
}

// `warp64 run [options] PROGRAM [ARGS...]`; nullopt when the arguments are the raw form.
std::optional<int> run_program(std::span<char* const> args) {
  linux_abi::ProcessOptions options;
  std::string json_out;
  uint64_t lanes = 0;
  bool json_output = false;
  linux_abi::LaneProcessOptions lane_options;
  // A lane window: a whole number of pages, at least one, at most 1 GiB.
  auto window_size = [](std::string_view option, std::string_view text) {
    const uint64_t size = parse_number(option, text, true);
    if (size == 0 || size % 4096 != 0 || size > (1ull << 30)) {
      throw UsageError(std::string(option) + " must be a multiple of 4096 between 4K and 1G");
    }
    return size;
  };
  ArgumentCursor cursor(args);
  while (!cursor.done()) {
    const std::string_view arg = cursor.next();
    if (arg == "--raw" || arg == "-h" || arg == "--help") return std::nullopt;
    if (arg == "-E") {
      const std::string value(cursor.value_of(arg));
      const size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) throw UsageError("-E needs VAR=VALUE, not '" + value + "'");
      options.set_env.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (arg == "-U") {
      options.unset_env.emplace_back(cursor.value_of(arg));
    } else if (arg == "--strace") {
      options.strace = true;
    } else if (arg == "--json-out") {
      json_out = cursor.value_of(arg);
    } else if (arg == "--max-cycles") {
      options.max_cycles = parse_number(arg, cursor.value_of(arg));
    } else if (arg == "--engine") {
      options.engine = parse_engine(cursor.value_of(arg));
    } else if (arg == "--lanes") {
      lanes = parse_number(arg, cursor.value_of(arg));
      if (lanes == 0 || lanes > (1u << 24)) throw UsageError("--lanes must be between 1 and 16777216");
    } else if (arg == "--json") {
      json_output = true;
    } else if (arg == "--lane-stack") {
      lane_options.stack_size = window_size(arg, cursor.value_of(arg));
    } else if (arg == "--lane-heap") {
      lane_options.heap_size = window_size(arg, cursor.value_of(arg));
    } else if (arg == "--lane-mmap") {
      lane_options.mmap_size = window_size(arg, cursor.value_of(arg));
    } else if (arg == "--gpu-mode") {
      lane_options.translate = parse_gpu_mode(arg, cursor.value_of(arg));
    } else if (arg.starts_with("-") && arg != "-") {
      return std::nullopt;  // a raw-image option: the raw form reports what is missing
    } else {
      options.path = std::string(arg);
      for (char* rest : cursor.rest()) options.args.emplace_back(rest);
      break;
    }
  }
  if (options.path.empty()) return std::nullopt;
  if (lanes != 0) {
    if (!json_out.empty() || options.strace)
      throw UsageError("--json-out and --strace are for one process, not --lanes");
    lane_options.process = options;
    lane_options.lanes = lanes;
    try {
      return run_program_lanes(lane_options, json_output);
    } catch (const linux_abi::ElfError& error) {
      throw UsageError(error.what());
    }
  }
  if (json_output) throw UsageError("--json is for raw images and --lanes; use --json-out FILE for a program");
  linux_abi::ProcessResult result;
  try {
    result = linux_abi::run_process(options);
  } catch (const linux_abi::ElfError& error) {
    throw UsageError(error.what());
  }
  std::fflush(stdout);
  if (!json_out.empty()) {
    ExecResult last;
    last.stop_reason = result.last.reason;
    last.final_pc = result.state.pc;
    last.fault_address = result.last.fault_address;
    last.fault_kind = result.last.fault_access;
    if (result.last.has_insn) last.instruction = result.last.insn;
    last.cycles = result.cycles;
    last.elapsed_seconds = result.elapsed_seconds;
    last.ips = result.elapsed_seconds > 0 ? static_cast<double>(result.cycles) / result.elapsed_seconds : 0;
    JsonObject json = final_json(result.state, last, result.engine);
    json.add("exit_code", result.exit_code);
    std::FILE* out = std::fopen(json_out.c_str(), "w");
    if (out == nullptr) throw UsageError("cannot write '" + json_out + "'");
    std::fprintf(out, "%s\n", json.str().c_str());
    std::fclose(out);
  }
  return result.exit_code;
}

int run_raw(std::span<char* const> args) {
  const std::optional<RunOptions> options = parse_run_options(args);
  if (!options) {
    std::fputs(kRunUsage, stdout);
    return 0;
  }
  const std::vector<uint8_t> image = read_raw_image(options->raw_path);
  const uint64_t entry = options->entry.value_or(options->load_address);
  if (options->load_address > options->memory_size || image.size() > options->memory_size - options->load_address) {
    throw UsageError("image of " + std::to_string(image.size()) + " bytes at " + hex(options->load_address) +
                     " does not fit in " + std::to_string(options->memory_size) + " bytes of memory");
  }
  if (entry >= options->memory_size) {
    throw UsageError("entry address " + hex(entry) + " is outside memory");
  }

  if (options->lanes != 0) {
    if (options->memory_size % 4096 != 0) throw UsageError("--memory must be a multiple of 4096 with --lanes");
    if (options->load_address % 4096 != 0) throw UsageError("--load must be a multiple of 4096 with --lanes");
    return run_lanes(*options, image, entry);
  }
  Machine machine({options->memory_size, options->engine});
  if (!machine.engine_note().empty()) std::fprintf(stderr, "warp64: note: %s\n", machine.engine_note().c_str());
  machine.load_bytes(image, options->load_address);
  machine.set_pc(entry);
  const ExecResult result = machine.execute(options->max_cycles);
  if (options->json) {
    print_json(machine, result);
  } else {
    print_dump(machine, result);
  }
  return 0;
}

}  // namespace

int run_command(std::span<char* const> args) {
  if (const std::optional<int> status = run_program(args)) return *status;
  return run_raw(args);
}

}  // namespace warp64::cli
