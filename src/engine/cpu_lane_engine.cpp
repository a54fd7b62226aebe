// Lanes on the CPU: one address space per lane, run one after another by the CPU engine.
// It gives the batch API the same meaning without a GPU, and is the GPU's reference.
#include <unistd.h>

#include <deque>
#include <string>

#include "engine/engine.hpp"
#include "engine/lane_engine.hpp"
#include "warp64/error.hpp"

namespace warp64 {
namespace {

class CpuLaneEngine final : public LaneEngine {
 public:
  const char* name() const override { return "cpu"; }

  // Free host memory, less a share kept for warp64's own needs (each lane's process, its
  // captured output).
  static uint64_t usable_bytes() {
    return static_cast<uint64_t>(sysconf(_SC_AVPHYS_PAGES)) / 10 * 9 * static_cast<uint64_t>(sysconf(_SC_PAGE_SIZE));
  }

  void configure(uint64_t lanes, std::vector<LaneRegionSpec> regions) override {
    // Every lane holds all its regions in host memory, zero-filled up front; asking for more
    // than the machine has would end in the kernel's out-of-memory killer, not an error.
    if (lanes > lane_capacity(regions)) {
      throw Error(std::to_string(lanes) + " lanes of " + std::to_string(lane_bytes(regions)) +
                  " bytes each do not fit in " + memory_name());
    }
    spaces_.clear();
    for (uint64_t lane = 0; lane < lanes; ++lane) spaces_.emplace_back();
    private_bytes_ = 0;
    for (auto& space : spaces_) {
      for (const auto& spec : regions) {
        space.map(spec.base, spec.size, spec.perms);
        space.write_bytes(spec.base, spec.initial);
      }
    }
    for (const auto& spec : regions) private_bytes_ += spec.shared ? 0 : spec.size;
    states_.assign(lanes, core::CpuState{});
    results_.assign(lanes, core::RunResult{});
  }

  uint64_t bytes_per_lane() const override { return private_bytes_ + sizeof(core::CpuState); }

  static uint64_t lane_bytes(const std::vector<LaneRegionSpec>& regions) {
    uint64_t bytes = 0;
    for (const auto& spec : regions) bytes += spec.size;
    return bytes;
  }

  uint64_t lane_capacity(const std::vector<LaneRegionSpec>& regions) const override {
    return usable_bytes() / (lane_bytes(regions) + sizeof(core::CpuState) + sizeof(core::RunResult));
  }

  std::string memory_name() const override {
    return "the " + std::to_string(usable_bytes()) + " bytes of this machine's free memory on the CPU engine";
  }

  void write_memory(uint64_t lane, uint64_t address, std::span<const uint8_t> bytes) override {
    spaces_.at(lane).write_bytes(address, bytes);
  }

  std::vector<uint8_t> read_memory(uint64_t lane, uint64_t address, uint64_t length) const override {
    return spaces_.at(lane).read_bytes(address, length);
  }

  double run(uint64_t max_cycles, std::span<const uint8_t> active) override {
    double seconds = 0;
    for (size_t lane = 0; lane < spaces_.size(); ++lane) {
      if (!active.empty() && !active[lane]) continue;
      const EngineRun run = engine_->run(states_[lane], spaces_[lane], max_cycles);
      results_[lane] = run.result;
      seconds += run.seconds;
    }
    return seconds;
  }

 private:
  std::unique_ptr<Engine> engine_ = make_cpu_engine();
  std::deque<AddressSpace> spaces_;  // an address space never moves
  uint64_t private_bytes_ = 0;
};

}  // namespace

std::unique_ptr<LaneEngine> make_cpu_lane_engine() { return std::make_unique<CpuLaneEngine>(); }

}  // namespace warp64
