// Engines that hold N lanes sharing one memory layout: some regions shared by all lanes
// (read-only), the rest private to each lane.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "memory/address_space.hpp"
#include "warp64/core/run.hpp"

namespace warp64 {

struct LaneRegionSpec {
  uint64_t base;
  uint64_t size;
  uint8_t perms;
  bool shared;                   // one copy for all lanes; must not be writable
  std::vector<uint8_t> initial;  // contents (every lane's private copy starts from it)
};

class LaneEngine {
 public:
  virtual ~LaneEngine() = default;
  virtual const char* name() const = 0;

  // Allocates `lanes` lanes with this layout and resets their states.
  virtual void configure(uint64_t lanes, std::vector<LaneRegionSpec> regions) = 0;
  virtual uint64_t bytes_per_lane() const = 0;
  // How many lanes of this layout the engine's memory holds at once.
  virtual uint64_t lane_capacity(const std::vector<LaneRegionSpec>& regions) const = 0;
  // The words "of this machine's memory" or the like, for a report that not one lane fits.
  virtual std::string memory_name() const = 0;

  // Host mirror of the lanes' states; the engine uploads it before a run and refreshes it
  // after. results()[lane] is how the lane's last run stopped.
  std::vector<core::CpuState>& states() { return states_; }
  const std::vector<core::RunResult>& results() const { return results_; }

  virtual void write_memory(uint64_t lane, uint64_t address, std::span<const uint8_t> bytes) = 0;
  virtual std::vector<uint8_t> read_memory(uint64_t lane, uint64_t address, uint64_t length) const = 0;

  // Runs every lane whose byte in `active` is non-zero (every lane when `active` is empty);
  // the others keep their state and last result. Returns the engine's own elapsed seconds.
  virtual double run(uint64_t max_cycles, std::span<const uint8_t> active = {}) = 0;

 protected:
  std::vector<core::CpuState> states_;
  std::vector<core::RunResult> results_;
};

std::unique_ptr<LaneEngine> make_cpu_lane_engine();
// With `translate`, the GPU engine compiles the code its lanes share (read-only, executable)
// into a kernel of its own at the first run; otherwise it interprets every word. Throws
// warp64::Error without a GPU.
std::unique_ptr<LaneEngine> make_gpu_lane_engine(bool translate = true);

}  // namespace warp64
