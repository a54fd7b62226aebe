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
      // Each span a window mapped whole with its permissions; one lane, so groups of one.
      std::vector<LaneRegionSpec> specs;
      for (const Span& span : spans) specs.push_back({span.base, span.size, span.perms, false, {}});
      lanes_->configure(1, std::move(specs), {1, 0});
      spans_ = spans;
    }
    std::vector<lanes::MemoryOp> writes;
    std::vector<uint8_t> bytes;
    for (const auto& region : memory.regions()) {
      if (region->perms == 0) continue;  // a window without permissions maps nothing: no bytes to hold
      writes.push_back({0, region->base, region->size, bytes.size(), lanes::OpKind::kPoke, 0, lanes::MapSource::kZero});
      bytes.insert(bytes.end(), region->bytes.begin(), region->bytes.end());
    }
    lanes_->apply(writes, bytes);
    lanes_->states()[0] = state;
    const double seconds = lanes_->run(max_cycles);
    state = lanes_->states()[0];
    std::vector<lanes::ByteRange> writable;
    uint64_t length = 0;
    for (const auto& region : memory.regions()) {
      if (!(region->perms & kPermWrite)) continue;
      writable.push_back({0, region->base, region->size});
      length += region->size;
    }
    bytes.resize(length);
    lanes_->gather(writable, bytes);
    uint64_t at = 0;
    for (const auto& region : memory.regions()) {
      if (!(region->perms & kPermWrite)) continue;
      std::copy_n(bytes.begin() + at, region->size, region->bytes.begin());
      at += region->size;
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
std::unique_ptr<Engine> make_gpu_engine() {
  return make_lane_machine_engine(make_gpu_lane_engine(GpuTranslation::kOff));
}

}  // namespace warp64
