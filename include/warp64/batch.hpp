// Many independent machines ("lanes") running one program: each lane has its own registers,
// flags, PC, stop state and writable memory; the program image is shared read-only.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "warp64/machine.hpp"

namespace warp64 {

struct BatchConfig {
  uint64_t lanes = 1;
  // Each lane sees one flat address space [0, memory_size): the program image (read and
  // execute, one copy for all lanes) and private read-write memory everywhere else.
  uint64_t memory_size = kDefaultMemorySize;
  EngineKind engine = EngineKind::kAuto;
  // The GPU engine translates the image into a kernel of its own (see make_gpu_lane_engine): the
  // code reachable from the lanes' pcs, before the first run.
  bool translate = true;
  // Private pages are taken on first touch from a pool of `pool_bytes` (0: the engine's
  // default), in blocks shared by `lane_group` consecutive lanes (a power of two up to 32;
  // 0: the engine's default). A lane whose page finds the pool exhausted stops with
  // OUT_OF_MEMORY.
  uint32_t lane_group = 0;
  uint64_t pool_bytes = 0;
  unsigned cpu_threads = 0;  // the CPU engine's host threads; 0: one per hardware thread
  // With `translate`: the code that a profile of the first runs finds hot instead, wherever it is
  // in the image, built in the background while the lanes run on interpreted.
  bool hot_code = false;
  // Each lane keeps the destinations of its last `branch_ring` taken branches (0: none), which
  // LaneResult::last_branches reports for a lane that stops at a fault.
  uint32_t branch_ring = 32;
  // The lanes are split into contiguous shares, one per entry, each run by an engine of its own
  // on a host thread of its own: on the GPU, the CUDA devices by ordinal (one listed twice runs
  // two shares on it, each with half its memory); empty, every visible GPU. On the CPU engine the
  // entries only count shares, which split cpu_threads; empty, one share. Results are the same.
  std::vector<unsigned> devices;
};

// The stops at which a lane's program went wrong, rather than halting, calling or running out
// of cycles: FAULT, UNDEFINED, BREAKPOINT and OUT_OF_MEMORY.
inline bool stopped_at_fault(StopReason reason) {
  return reason == StopReason::kFault || reason == StopReason::kUndefined || reason == StopReason::kBreakpoint ||
         reason == StopReason::kOutOfMemory;
}

struct LaneResult {
  StopReason stop_reason = StopReason::kNone;
  uint64_t cycles = 0;  // retired by the last run
  uint64_t pc = 0;
  uint64_t fault_address = 0;
  AccessKind fault_kind = AccessKind::kNone;
  std::optional<uint32_t> instruction;
  // For a FAULT, UNDEFINED, BREAKPOINT or OUT_OF_MEMORY stop: where the lane's last taken
  // branches went (B, BL, BR, BLR, RET, and conditional branches taken), oldest first, a
  // destination jumped to several times in a row counted once. Empty for the other stops.
  std::vector<uint64_t> last_branches;
};

struct BatchRunSummary {
  double elapsed_seconds = 0;  // the engine's own time: CUDA events around the kernel on the GPU
  uint64_t total_cycles = 0;
  double ips = 0;  // aggregate over lanes
};

class LaneEngine;

class Batch {
 public:
  explicit Batch(const BatchConfig& config);
  ~Batch();
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  const char* engine_name() const;
  // The devices the shares run on, one per share in lane order.
  std::vector<unsigned> devices() const;
  const std::string& engine_note() const { return engine_note_; }
  uint64_t lanes() const { return config_.lanes; }
  // Bytes of engine memory per lane: its fixed costs (state, page directories) and its share of
  // the pool's pages taken so far (the largest of the shares').
  uint64_t bytes_per_lane() const;
  uint64_t pool_bytes() const;  // the largest share's
  // Runs since the last load that ran translated code (the GPU engine's translated kernel).
  uint64_t translated_runs() const;

  // Places the shared image at `address` (page-aligned region, read+execute) and gives every
  // lane private memory for the rest of [0, memory_size). Resets every lane: registers zero,
  // SP at the top of memory, PC at `address`.
  void load_program(std::span<const uint32_t> words, uint64_t address = 0);
  void load_bytes(std::span<const uint8_t> bytes, uint64_t address = 0);

  CpuState& state(uint64_t lane);
  const CpuState& state(uint64_t lane) const;
  void set_pc_all(uint64_t pc);
  void set_x(uint64_t lane, unsigned index, uint64_t value);
  uint64_t x(uint64_t lane, unsigned index) const;

  // Writes one lane's private memory; the shared image cannot be written.
  void write_memory(uint64_t lane, uint64_t address, std::span<const uint8_t> bytes);
  std::vector<uint8_t> read_memory(uint64_t lane, uint64_t address, uint64_t length) const;

  // Runs every lane until it stops or retires max_cycles instructions.
  BatchRunSummary run(uint64_t max_cycles = kUnlimitedCycles);
  LaneResult result(uint64_t lane) const;

 private:
  // One device's lanes and the engine that runs them.
  struct Share;
  // The share holding `lane`; throws warp64::Error for a lane out of range or before a load.
  const Share& share_of(uint64_t lane) const;
  // Selects the share's device for the calling thread, where its engine's calls run.
  void select_device(const Share& share) const;
  LaneEngine& engine_of(const Share& share) const;

  BatchConfig config_;
  EngineKind kind_ = EngineKind::kCpu;
  std::vector<Share> shares_;
  std::string engine_note_;
  uint64_t image_begin_ = 0;
  uint64_t image_end_ = 0;
};

}  // namespace warp64
