// Engines that hold N lanes sharing one memory layout: shared regions (one read-only copy for
// all lanes) and private windows, whose pages each lane takes from a page pool on first touch
// (src/engine/lanes/lane_space.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/lanes/branch_ring.hpp"
#include "engine/lanes/lane_calls.hpp"
#include "engine/lanes/memory_ops.hpp"
#include "warp64/core/run.hpp"

namespace warp64 {

struct LaneRegionSpec {
  uint64_t base;  // page-aligned
  uint64_t size;
  // A shared region's permissions (never writable). A private window's: every page's, for every
  // lane, until the lanes' mappings change (0: no page mapped).
  uint8_t perms;
  bool shared;
  // A shared region's contents. A private window's initial data: the contents of its pages
  // while they are mapped from it (LaneRegionSpec::perms maps them so, as do kMap operations with
  // MapSource::kInitial), each lane's first write taking a copy of its own.
  std::vector<uint8_t> initial;
  // A private window whose initial data hold code its lanes map executable (a shared library's):
  // it gets a decode cache, as an executable window does.
  bool code = false;
};

// Lanes per group by default: the lanes sharing one page-table entry and one block per page.
inline constexpr uint32_t kDefaultLaneGroup = 32;

struct LaneMemoryOptions {
  uint32_t group_size = kDefaultLaneGroup;  // a power of two, 1 to 32
  uint64_t pool_bytes = 0;                  // the page pool; 0: the engine's default
  // Entries of each lane's ring of last branches (lanes/branch_ring.hpp); 0: no ring.
  uint32_t branch_ring = lanes::kDefaultBranchRing;
};

class LaneEngine {
 public:
  virtual ~LaneEngine() = default;
  virtual const char* name() const = 0;

  // Allocates `lanes` lanes with this layout and resets their states. Throws warp64::Error for a
  // layout it cannot hold.
  virtual void configure(uint64_t lanes, std::vector<LaneRegionSpec> regions, const LaneMemoryOptions& memory = {}) = 0;
  // The engine's memory per lane: its fixed costs (state, page directories) and its share of the
  // pool's blocks taken so far (the most in use at once).
  virtual uint64_t bytes_per_lane() const = 0;
  virtual uint64_t pool_bytes() const = 0;
  // How many lanes of this layout the engine's memory holds at once: each lane's fixed costs
  // and at least one page of the pool each (their virtual sizes cost nothing until touched).
  virtual uint64_t lane_capacity(const std::vector<LaneRegionSpec>& regions, const LaneMemoryOptions& memory) const = 0;
  // The words "of this machine's memory" or the like, for a report that not one lane fits.
  virtual std::string memory_name() const = 0;

  // Host mirror of the lanes' states; the engine uploads it before a run and refreshes it
  // after. results()[lane] is how the lane's last run stopped.
  std::vector<core::CpuState>& states() { return states_; }
  const std::vector<core::RunResult>& results() const { return results_; }

  // Applies the operations in order for each lane (the GPU in one launch), a kPoke's bytes in
  // `data`, and says how each went in `statuses` (one per operation).
  virtual void apply(std::span<const lanes::MemoryOp> ops, std::span<const uint8_t> data,
                     std::span<lanes::Status> statuses) = 0;
  // The same, throwing warp64::Error for the first that failed (after applying the others).
  void apply(std::span<const lanes::MemoryOp> ops, std::span<const uint8_t> data);
  // The bytes of every range, one after another, into `out` (whatever the permissions). Throws
  // warp64::Error when a byte is not mapped.
  virtual void gather(std::span<const lanes::ByteRange> ranges, std::span<uint8_t> out) const = 0;

  void write_memory(uint64_t lane, uint64_t address, std::span<const uint8_t> bytes);
  std::vector<uint8_t> read_memory(uint64_t lane, uint64_t address, uint64_t length) const;

  // The values the lanes' own system calls answer from (lanes/lane_calls.hpp), for the next
  // runs; disabled until set, so that every SVC stops the lane.
  lanes::LaneCalls& calls() { return calls_; }
  // The lanes' timer now (their CNTVCT_EL0, which the clocks of calls() count from).
  virtual uint64_t timer_ns() const = 0;

  // Runs every lane whose byte in `active` is non-zero (every lane when `active` is empty);
  // the others keep their state and last result. Returns the engine's own elapsed seconds.
  virtual double run(uint64_t max_cycles, std::span<const uint8_t> active = {}) = 0;
  // Runs since configure() that ran translated code (a translated kernel).
  virtual uint64_t translated_runs() const { return 0; }
  // What translation by profile did since configure(), in a line (GPU hot code: when it was
  // chosen, its build's seconds, the first run that used it); empty when it did nothing.
  virtual std::string hot_code_report() const { return {}; }

  // The destinations of the lane's last taken branches, oldest first: at most the ring's size
  // (LaneMemoryOptions::branch_ring), kept across runs.
  virtual std::vector<uint64_t> last_branches(uint64_t lane) const = 0;
  // Empties the lane's ring, for a new job in its place (configure() empties every ring).
  void clear_branch_ring(uint64_t lane) { ring_cursors_.at(lane) = {}; }

 protected:
  std::vector<core::CpuState> states_;
  std::vector<core::RunResult> results_;
  // Where each lane's ring stands, mirrored on the host as the states are.
  std::vector<lanes::RingCursor> ring_cursors_;
  lanes::LaneCalls calls_{};
};

// A lane's share of the rings' memory: its entries and cursor.
inline uint64_t branch_ring_bytes_per_lane(uint32_t size) {
  return size * sizeof(uint64_t) + (size != 0 ? sizeof(lanes::RingCursor) : 0);
}

// A ring's destinations oldest first, from its entries in entry order and its cursor.
std::vector<uint64_t> ring_oldest_first(std::span<const uint64_t> entries, lanes::RingCursor cursor);

// The CPU lane engine runs lanes on `threads` host threads (0: one per hardware thread).
std::unique_ptr<LaneEngine> make_cpu_lane_engine(unsigned threads = 0);
// What the GPU engine translates of the code its lanes share (read-only, executable): the rest
// it interprets.
enum class GpuTranslation : uint8_t {
  kOff,        // nothing
  kFromEntry,  // the code reachable from the lanes' pcs, compiled into a kernel at the first run
  kHotCode,    // the code a profile of the first launches finds hot, compiled while lanes run on
};

// The GPU engine runs on CUDA device `device`, which it selects for the calling thread: its calls
// must come from a thread whose device that is (select_gpu_device). Throws warp64::Error without
// a GPU.
std::unique_ptr<LaneEngine> make_gpu_lane_engine(GpuTranslation translation = GpuTranslation::kFromEntry,
                                                 unsigned device = 0);

// Builds of GPU hot code still running on their host threads. A process that exits meanwhile
// must not run its static destructors under the compiler (warp64 crashed there, after its
// output, with a build running): main() then ends with _exit.
unsigned gpu_builds_running();

// How long the GPU back end takes to build the translated kernel of `words`, one straight run
// of code: NVRTC on every host core (the units in parallel) and nvJitLink, bypassing the cache.
// Needs no GPU; throws warp64::Error in a build without CUDA.
struct GpuTranslationBuild {
  double seconds;
  size_t units;
};
GpuTranslationBuild time_gpu_translation_build(std::span<const uint32_t> words);

}  // namespace warp64
