// Many copies of one guest Linux program, one per lane of a lane engine (the GPU's, or the
// CPU's for reference). A lane that makes a system call parks; once a launch ends, the host
// services every parked lane's call and the next launch resumes them with the lanes that
// were still running. Each lane's stdout and stderr are captured. More lanes (jobs) than the
// engine's memory holds at once run in as many slots as it holds: a slot whose job ends starts
// the next, with its private memory as new.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/lane_engine.hpp"
#include "engine/lanes/lane_windows.hpp"
#include "linux/process.hpp"

namespace warp64::linux_abi {

// What GPU lanes translate of a program by default. Not from the entry point: that compiles the
// C library's start-up (which runs once) for seconds to minutes, while code reached through
// pointers, main included, stays interpreted (docs/gpu-notes.md §9). Hot code
// (GpuTranslation::kHotCode) becomes the default when the measurements of docs/gpu-notes.md §12
// say it pays.
inline constexpr GpuTranslation kDefaultLaneProcessTranslation = GpuTranslation::kOff;

struct LaneProcessOptions {
  ProcessOptions process;  // "{lane}" in an argument becomes the lane's number; its engine runs the lanes
  uint64_t lanes = 1;
  // The number of the first of these lanes, for "{lane}" and the lanes' own messages: a share of
  // a larger run keeps the numbers the whole run gives its lanes.
  uint64_t first_lane = 0;
  uint64_t max_slots = ~uint64_t{0};  // lanes running at once at most, beside what fits
  GpuTranslation translate = kDefaultLaneProcessTranslation;
  // The virtual sizes of each lane's private windows, whose pages are taken on first touch:
  // the stack, the brk heap (above the executable's data) and the mmap area.
  uint64_t stack_size = 8ull << 20;
  uint64_t heap_size = 1ull << 30;
  uint64_t mmap_size = 512ull << 20;
  LaneMemoryOptions memory;  // the page pool and the group size
  unsigned cpu_threads = 0;  // the CPU lane engine's threads (0: one per hardware thread)
  unsigned device = 0;       // the GPU lane engine's CUDA device, selected for the calling thread
  // The lanes answer the calls of engine/lanes/lane_calls.hpp themselves, in the launch that
  // made them; off, every call parks the lane for the host.
  bool lane_calls = true;
  // Instructions a lane runs per launch at most; within that, each launch is sized to last about
  // launch_seconds (launch_slice.hpp), so that parked lanes wait a bounded time.
  uint64_t slice_cycles = 64 << 20;
  double launch_seconds = 1.0;
};

struct LaneProcessOutcome {
  int exit_code = 0;
  int signal = 0;
  uint64_t cycles = 0;
  std::string out, err;
  // A lane killed by a signal that dumps core, or by the out-of-memory kill: the one-line report
  // of its death (also the last line of `err`), and where its last taken branches went, oldest
  // first. Empty for the others.
  std::string fault;
  std::vector<uint64_t> last_branches;
};

struct LaneProcessesResult {
  std::vector<LaneProcessOutcome> lanes;
  const char* engine = "";
  std::string engine_note;  // why auto did not take the GPU
  uint64_t cycles = 0;      // over all lanes
  uint64_t launches = 0;
  uint64_t translated_launches = 0;  // launches that ran translated code (LaneEngine::translated_runs)
  std::string hot_code;              // LaneEngine::hot_code_report
  double engine_seconds = 0;         // the engine's own measure of its runs
  double wall_seconds = 0;           // loading, runs and system calls
  double host_service_seconds = 0;   // servicing the stopped lanes between launches
  // The share of wall time in which no launch ran (loading and servicing): what the engine
  // waited for the host.
  double idle_share() const { return wall_seconds > 0 ? std::clamp(1 - engine_seconds / wall_seconds, 0.0, 1.0) : 0; }
  uint64_t bytes_per_lane = 0;  // the engine's fixed memory per lane and its share of pool pages taken
  uint64_t pool_bytes = 0;
  // The executable's symbol at an address, as "func+0x1c" (empty where it has none).
  std::function<std::string(uint64_t)> symbolize;
};

// The lanes' private windows for an executable whose segments `loaded` holds.
lanes::LaneWindows lane_windows(const AddressSpace& loaded, const ElfImage& image, const LaneProcessOptions& options);

// Throws linux_abi::ElfError for a bad executable and warp64::Error for other failures before
// the guests start.
LaneProcessesResult run_lane_processes(const LaneProcessOptions& options);

// `text` with every "{lane}" replaced by the lane's number: a lane's argument.
std::string with_lane(const std::string& text, uint64_t lane);

}  // namespace warp64::linux_abi
