// Lanes on the CPU: one address space per lane, spread over a pool of host threads that each
// run the CPU engine (with its own decode cache). It gives the batch API the same meaning
// without a GPU, and is the GPU's reference.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "engine/engine.hpp"
#include "engine/lane_engine.hpp"
#include "warp64/error.hpp"

namespace warp64 {
namespace {

class CpuLaneEngine final : public LaneEngine {
 public:
  explicit CpuLaneEngine(unsigned threads) {
    engines_.resize(threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency()));
    for (auto& engine : engines_) engine = make_cpu_engine();
  }

  const char* name() const override { return "cpu"; }

  void configure(uint64_t lanes, std::vector<LaneRegionSpec> regions) override {
    // Every lane holds all its regions in host memory, zero-filled up front; asking for more
    // than the machine has would end in the kernel's out-of-memory killer, not an error.
    uint64_t lane_bytes = 0;
    for (const auto& spec : regions) lane_bytes += spec.size;
    const uint64_t physical = static_cast<uint64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGE_SIZE);
    if (lane_bytes != 0 && lanes > physical / lane_bytes) {
      throw Error(std::to_string(lanes) + " lanes of " + std::to_string(lane_bytes) +
                  " bytes each do not fit in this machine's " + std::to_string(physical) +
                  " bytes of memory on the CPU engine");
    }
    spaces_.clear();
    spaces_.resize(lanes);
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

  void write_memory(uint64_t lane, uint64_t address, std::span<const uint8_t> bytes) override {
    spaces_.at(lane).write_bytes(address, bytes);
  }

  std::vector<uint8_t> read_memory(uint64_t lane, uint64_t address, uint64_t length) const override {
    return spaces_.at(lane).read_bytes(address, length);
  }

  // Each thread takes the next lane not yet taken until none is left; a lane touches only its
  // own state, result and address space, so threads share nothing but the counter.
  double run(uint64_t max_cycles, std::span<const uint8_t> active) override {
    std::atomic<size_t> next_lane{0};
    auto work = [&](Engine& engine) {
      for (size_t lane; (lane = next_lane.fetch_add(1, std::memory_order_relaxed)) < spaces_.size();) {
        if (!active.empty() && !active[lane]) continue;
        results_[lane] = engine.run(states_[lane], spaces_[lane], max_cycles).result;
      }
    };
    const auto start = std::chrono::steady_clock::now();
    const size_t threads = std::min(engines_.size(), std::max<size_t>(spaces_.size(), 1));
    std::vector<std::thread> helpers;
    for (size_t i = 1; i < threads; ++i) helpers.emplace_back(work, std::ref(*engines_[i]));
    work(*engines_[0]);
    for (std::thread& helper : helpers) helper.join();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

 private:
  std::vector<std::unique_ptr<Engine>> engines_;  // one per host thread
  std::vector<AddressSpace> spaces_;
  uint64_t private_bytes_ = 0;
};

}  // namespace

std::unique_ptr<LaneEngine> make_cpu_lane_engine(unsigned threads) { return std::make_unique<CpuLaneEngine>(threads); }

}  // namespace warp64
