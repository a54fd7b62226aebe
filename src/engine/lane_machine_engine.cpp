// One machine on a lane engine: a single lane whose memory mirrors the machine's address
// space around each run. Adjacent regions with the same permissions share one lane region (a
// Linux process's data, brk heap and mmap areas grow as many small regions, and a lane
// engine may map only a few).
#include "engine/lane_machine_engine.hpp"

#include <algorithm>
#include <vector>

namespace warp64 {
namespace {

class LaneMachineEngine final : public Engine {
 public:
  explicit LaneMachineEngine(std::unique_ptr<LaneEngine> lanes) : lanes_(std::move(lanes)) {}
  const char* name() const override { return lanes_->name(); }

  EngineRun run(core::CpuState& state, AddressSpace& memory, uint64_t max_cycles) override {
    const std::vector<Span> spans = spans_of(memory);
    if (spans != spans_) {
      std::vector<LaneRegionSpec> specs;
      for (const Span& span : spans) specs.push_back({span.base, span.size, span.perms, false, {}});
      lanes_->configure(1, std::move(specs));
      spans_ = spans;
    }
    for (const auto& region : memory.regions()) lanes_->write_memory(0, region->base, region->bytes);
    lanes_->states()[0] = state;
    const double seconds = lanes_->run(max_cycles);
    state = lanes_->states()[0];
    for (const auto& region : memory.regions()) {
      if (!(region->perms & kPermWrite)) continue;
      const std::vector<uint8_t> bytes = lanes_->read_memory(0, region->base, region->size);
      std::copy(bytes.begin(), bytes.end(), region->bytes.begin());
    }
    return {lanes_->results()[0], seconds};
  }

 private:
  struct Span {
    uint64_t base, size;
    uint8_t perms;
    bool operator==(const Span&) const = default;
  };

  static std::vector<Span> spans_of(const AddressSpace& memory) {
    std::vector<Span> spans;
    for (const auto& region : memory.regions()) {
      if (!spans.empty() && spans.back().perms == region->perms &&
          spans.back().base + spans.back().size == region->base) {
        spans.back().size += region->size;
      } else {
        spans.push_back({region->base, region->size, region->perms});
      }
    }
    return spans;
  }

  std::unique_ptr<LaneEngine> lanes_;
  std::vector<Span> spans_;
};

}  // namespace

std::unique_ptr<Engine> make_lane_machine_engine(std::unique_ptr<LaneEngine> lanes) {
  return std::make_unique<LaneMachineEngine>(std::move(lanes));
}

// A machine's code is private (writable), never translated.
std::unique_ptr<Engine> make_gpu_engine() { return make_lane_machine_engine(make_gpu_lane_engine(false)); }

}  // namespace warp64
