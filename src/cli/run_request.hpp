// What `warp64 run` was asked to do: the options table's parse of argv (run_options.cpp),
// carried out by the raw-image executor (run_raw.cpp) or the program executor
// (run_program.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/engine.hpp"
#include "engine/lane_engine.hpp"
#include "warp64/engine_kind.hpp"
#include "warp64/machine.hpp"

namespace warp64::cli {

// The forms of `warp64 run`, as bits so that an option can name every form it applies to.
enum RunForm : unsigned {
  kRawOne = 1,        // --raw FILE: one machine
  kRawLanes = 2,      // --raw FILE --lanes N: a batch of machines
  kProgramOne = 4,    // PROGRAM: one guest process
  kProgramLanes = 8,  // PROGRAM --lanes N: one guest process per lane
};
using RunForms = unsigned;
inline constexpr RunForms kRawForms = kRawOne | kRawLanes;
inline constexpr RunForms kProgramForms = kProgramOne | kProgramLanes;
inline constexpr RunForms kLaneForms = kRawLanes | kProgramLanes;
inline constexpr RunForms kAllForms = kRawForms | kProgramForms;

// The bounds of --lanes, in either form: 2^24 lanes fill the largest GPU's memory with the
// smallest lanes there are.
inline constexpr uint64_t kMaxLanes = 1ull << 24;

struct RunRequest {
  bool help = false;  // -h: print the help and run nothing

  // What runs: a raw image or a program and its guest argv[1..].
  std::string raw_path;
  std::string program;
  std::vector<std::string> program_args;

  // Every form.
  EngineKind engine = EngineKind::kAuto;
  uint64_t max_cycles = kUnlimitedCycles;
  uint64_t lanes = 0;                                 // 0: without --lanes
  std::optional<GpuTranslation> translate;            // --gpu-mode; unset, each form has its own default
  TranslateMode cpu_translate = TranslateMode::kOff;  // --translate
  bool json = false;

  // Lanes' memory, either form; unset: the engine's defaults.
  std::optional<uint64_t> lane_pool;
  std::optional<uint32_t> lane_group;
  std::optional<unsigned> lane_threads;
  std::optional<uint32_t> branch_ring;  // --branch-ring N: entries of each lane's ring of last branches
  std::vector<unsigned> devices;        // --devices: the listed ones; empty: all (lane_devices.hpp)
  std::optional<uint64_t> debug_lane;   // --debug-lane K: lane K of a program's lanes, run alone
  std::optional<uint16_t> gdb_port;     // -g PORT: serve gdb; 0 lets the system pick the port

  // Execution traces (one process or machine, on the CPU engine).
  bool trace_exec = false;       // -d exec: each executed instruction
  bool trace_registers = false;  // -d cpu: also the registers it changed
  std::string trace_file;        // -D FILE; empty: stderr
  uint64_t trace_limit = ~0ull;  // --trace-limit N: trace lines at most
  bool tracing() const { return trace_exec || trace_registers; }

  // A raw image.
  uint64_t load_address = 0;
  std::optional<uint64_t> entry;  // unset: the load address
  uint64_t memory_size = kDefaultMemorySize;

  // A program.
  std::vector<std::pair<std::string, std::string>> set_env;
  std::vector<std::string> unset_env;
  std::string sysroot;               // -L DIR; empty: the Linux layer's default
  std::optional<std::string> argv0;  // unset: PROGRAM
  bool strace = false;
  bool strace_pids = false;
  std::string json_out;
  std::optional<uint64_t> lane_stack, lane_heap, lane_mmap;  // window sizes; unset: the Linux layer's defaults
  std::optional<uint64_t> lane_slots;                        // unset: as many as fit

  RunForm form() const {
    if (!raw_path.empty()) return lanes != 0 ? kRawLanes : kRawOne;
    return lanes != 0 ? kProgramLanes : kProgramOne;
  }
};

// Parses `warp64 run`'s arguments, up to PROGRAM; what follows it is the guest's argv.
// Throws UsageError.
RunRequest parse_run_request(std::span<char* const> args);
// The help of `warp64 run`, generated from the options table.
std::string run_usage();

int run_raw_image(const RunRequest& request);
int run_program(const RunRequest& request);

}  // namespace warp64::cli
