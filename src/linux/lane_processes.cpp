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

// A slot of the engine and the job it runs.
struct LaneSlot {
  uint64_t job = 0;
  ProcessOptions options;
  std::unique_ptr<LaneByteStore> store;
  std::unique_ptr<Process> process;
};

// The private regions as a new job finds them: the initial contents, zeros past them.
std::vector<LaneRegionSpec> fresh_private_regions(const std::vector<LaneRegionSpec>& specs) {
  std::vector<LaneRegionSpec> fresh;
  for (const LaneRegionSpec& spec : specs) {
    if (spec.shared) continue;
    fresh.push_back(spec);
    fresh.back().initial.resize(spec.size, 0);
  }
  return fresh;
}

}  // namespace

LaneProcessesResult run_lane_processes(const LaneProcessOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (options.lanes == 0 || options.max_slots == 0) throw Error("at least one lane is needed");
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
  const std::vector<LaneRegionSpec> specs = lane_layout(loaded, image, options, layout);
  const uint64_t capacity = engine->lane_capacity(specs);
  if (capacity == 0) {
    uint64_t private_bytes = 0;
    for (const LaneRegionSpec& spec : specs) private_bytes += spec.shared ? 0 : spec.size;
    throw Error("not even one lane, whose windows take " + std::to_string(private_bytes) + " bytes, fits in " +
                engine->memory_name());
  }
  // More jobs than fit run in as many slots as fit, each slot taking the next job as its lane
  // exits.
  const uint64_t slots = std::min({options.lanes, capacity, options.max_slots});
  engine->configure(slots, specs);
  result.bytes_per_lane = engine->bytes_per_lane();

  const std::vector<LaneRegionSpec> fresh = fresh_private_regions(specs);
  HostFilePool files;
  std::vector<LaneSlot> lane_slots(slots);
  uint64_t next_job = 0;
  // Starts the next job in `slot`, whose private memory holds the layout's initial contents.
  auto start_job = [&](uint64_t slot) {
    LaneSlot& lane = lane_slots[slot];
    lane.process.reset();  // before the options it refers to
    lane.job = next_job++;
    lane.options = options.process;
    const uint64_t lane_number = options.first_lane + lane.job;
    for (std::string& arg : lane.options.args) arg = with_lane(arg, lane_number);
    lane.options.strace = false;
    lane.options.capture_output = true;
    lane.options.lane = lane_number;
    if (!lane.store) lane.store = std::make_unique<LaneByteStore>(*engine, slot);
    lane.process = std::make_unique<Process>(lane.options, layout, *lane.store, image, loaded, files);
    engine->states()[slot] = lane.process->state();
  };
  for (uint64_t slot = 0; slot < slots; ++slot) start_job(slot);

  std::vector<uint8_t> active(slots, 1);
  result.lanes.resize(options.lanes);
  uint64_t running = slots;
  while (running > 0) {
    uint64_t slice = options.slice_cycles;
    if (options.process.max_cycles != kUnlimitedCycles) {
      for (uint64_t slot = 0; slot < slots; ++slot) {
        if (active[slot])
          slice = std::min(slice, options.process.max_cycles - result.lanes[lane_slots[slot].job].cycles);
      }
    }
    result.engine_seconds += engine->run(slice, active);
    ++result.launches;
    const auto servicing = std::chrono::steady_clock::now();
    for (uint64_t slot = 0; slot < slots; ++slot) {
      if (!active[slot]) continue;
      const core::RunResult& stop = engine->results()[slot];
      Process& process = *lane_slots[slot].process;
      LaneProcessOutcome& outcome = result.lanes[lane_slots[slot].job];
      outcome.cycles += stop.cycles;
      result.cycles += stop.cycles;
      process.state() = engine->states()[slot];
      const bool budget_left = outcome.cycles < options.process.max_cycles;
      if (stop.reason == StopReason::kMaxCycles && budget_left) continue;
      if (!process.handle_stop(stop, outcome.cycles)) {
        engine->states()[slot] = process.state();
        continue;
      }
      outcome.exit_code = process.exit_code();
      outcome.signal = process.exit_signal();
      outcome.out = process.captured(1);
      outcome.err = process.captured(2);
      if (next_job < options.lanes) {
        for (const LaneRegionSpec& region : fresh) engine->write_memory(slot, region.base, region.initial);
        start_job(slot);
      } else {
        lane_slots[slot].process.reset();
        active[slot] = 0;
        --running;
      }
    }
    result.host_service_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - servicing).count();
  }
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

std::string with_lane(const std::string& text, uint64_t lane) {
  std::string out = text;
  for (size_t at; (at = out.find("{lane}")) != std::string::npos;) out.replace(at, 6, std::to_string(lane));
  return out;
}

}  // namespace warp64::linux_abi
