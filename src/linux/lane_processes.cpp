#include "linux/lane_processes.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include "engine/engine_choice.hpp"
#include "linux/elf_loader.hpp"
#include "linux/process.hpp"

namespace warp64::linux_abi {
namespace {

// One lane's memory, as a guest process's address space sees it.
class LaneByteStore final : public ByteStore {
 public:
  LaneByteStore(LaneEngine& engine, uint64_t lane) : engine_(engine), lane_(lane) {}

  void read(uint64_t address, uint8_t* out, uint64_t length) const override {
    const std::vector<uint8_t> bytes = engine_.read_memory(lane_, address, length);
    std::copy(bytes.begin(), bytes.end(), out);
  }
  void write(uint64_t address, const uint8_t* data, uint64_t length) override {
    engine_.write_memory(lane_, address, {data, length});
  }
  void zero(uint64_t address, uint64_t length) override {
    const std::vector<uint8_t> zeros(length, 0);
    engine_.write_memory(lane_, address, zeros);
  }

 private:
  LaneEngine& engine_;
  uint64_t lane_;
};

std::string with_lane(const std::string& text, uint64_t lane) {
  std::string out = text;
  for (size_t at; (at = out.find("{lane}")) != std::string::npos;) out.replace(at, 6, std::to_string(lane));
  return out;
}

// The lanes' common layout: the executable's read-only segments shared by all lanes, its
// writable ones private (the highest grown by the heap window), then the mmap area and the
// stack. Within a private window the device does not check page permissions: the lane's
// process keeps the exact mappings, and every window lies inside the lane's own memory.
std::vector<LaneRegionSpec> lane_layout(const AddressSpace& loaded, const ElfImage& image,
                                        const LaneProcessOptions& options, ProcessLayout& layout) {
  std::vector<LaneRegionSpec> specs;
  bool heap_placed = false;
  for (const auto& region : loaded.regions()) {
    const bool writable = region->perms & kPermWrite;
    LaneRegionSpec spec{
        region->base, region->size, region->perms, !writable, {region->bytes.begin(), region->bytes.end()}};
    if (writable && region->base + region->size == image.highest) {
      spec.size += options.heap_size;
      heap_placed = true;
    }
    specs.push_back(std::move(spec));
  }
  if (!heap_placed) specs.push_back({image.highest, options.heap_size, kPermRead | kPermWrite, false, {}});
  layout.heap_limit = image.highest + options.heap_size;
  layout.stack_size = options.stack_size;
  layout.mmap_ceiling = layout.stack_top - layout.stack_size;
  layout.mmap_floor = layout.mmap_ceiling - options.mmap_size;
  specs.push_back({layout.mmap_floor, options.mmap_size, kPermRead | kPermWrite, false, {}});
  specs.push_back({layout.stack_top - layout.stack_size, layout.stack_size, kPermRead | kPermWrite, false, {}});
  return specs;
}

}  // namespace

LaneProcessesResult run_lane_processes(const LaneProcessOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (options.lanes == 0) throw Error("at least one lane is needed");
  LaneProcessesResult result;
  auto engine =
      make_lane_engine(resolve_engine(options.process.engine, Workload::kLanes, result.engine_note), options.translate);
  result.engine = engine->name();

  AddressSpace loaded;
  const ElfImage image = load_executable(options.process.path, loaded);
  if (!image.interpreter.empty()) {
    throw ElfError(options.process.path + ": a dynamically linked program (its interpreter is " + image.interpreter +
                   ") runs as one process, not in lanes");
  }
  ProcessLayout layout;
  engine->configure(options.lanes, lane_layout(loaded, image, options, layout));
  result.bytes_per_lane = engine->bytes_per_lane();

  std::vector<std::unique_ptr<LaneByteStore>> stores;
  std::vector<std::unique_ptr<Process>> processes;
  std::vector<ProcessOptions> lane_options(options.lanes, options.process);
  std::vector<uint8_t> active(options.lanes, 1);
  for (uint64_t lane = 0; lane < options.lanes; ++lane) {
    ProcessOptions& lane_option = lane_options[lane];
    const uint64_t lane_number = options.first_lane + lane;
    for (std::string& arg : lane_option.args) arg = with_lane(arg, lane_number);
    lane_option.strace = false;
    lane_option.capture_output = true;
    lane_option.lane = lane_number;
    stores.push_back(std::make_unique<LaneByteStore>(*engine, lane));
    processes.push_back(std::make_unique<Process>(lane_option, layout, *stores.back(), image, loaded));
    engine->states()[lane] = processes.back()->state();
  }

  result.lanes.resize(options.lanes);
  uint64_t running = options.lanes;
  while (running > 0) {
    uint64_t slice = options.slice_cycles;
    if (options.process.max_cycles != kUnlimitedCycles) {
      for (uint64_t lane = 0; lane < options.lanes; ++lane) {
        if (active[lane]) slice = std::min(slice, options.process.max_cycles - result.lanes[lane].cycles);
      }
    }
    result.engine_seconds += engine->run(slice, active);
    ++result.launches;
    for (uint64_t lane = 0; lane < options.lanes; ++lane) {
      if (!active[lane]) continue;
      const core::RunResult& stop = engine->results()[lane];
      Process& process = *processes[lane];
      LaneProcessOutcome& outcome = result.lanes[lane];
      outcome.cycles += stop.cycles;
      result.cycles += stop.cycles;
      process.state() = engine->states()[lane];
      const bool budget_left = outcome.cycles < options.process.max_cycles;
      if (stop.reason == StopReason::kMaxCycles && budget_left) continue;
      if (!process.handle_stop(stop, outcome.cycles)) {
        engine->states()[lane] = process.state();
        continue;
      }
      active[lane] = 0;
      --running;
      outcome.exit_code = process.exit_code();
      outcome.signal = process.exit_signal();
      outcome.out = process.captured(1);
      outcome.err = process.captured(2);
    }
  }
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace warp64::linux_abi
