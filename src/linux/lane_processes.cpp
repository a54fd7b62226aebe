#include "linux/lane_processes.hpp"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "engine/engine_choice.hpp"
#include "engine/in_parallel.hpp"
#include "engine/lane_space_plan.hpp"
#include "engine/multi_device/gpu_devices.hpp"
#include "linux/elf_loader.hpp"
#include "linux/lane_byte_store.hpp"
#include "linux/lane_libraries.hpp"
#include "linux/lane_service.hpp"
#include "linux/launch_slice.hpp"
#include "linux/process.hpp"
#include "linux/signals.hpp"

namespace warp64::linux_abi {
namespace {

// The lanes' common layout: the executable's read-only segments shared by all lanes; the data
// window, whose initial data are the writable segments (each lane maps them from it, and its
// first write to a page takes a copy of its own); the mmap window, empty; and the stack window,
// mapped whole.
std::vector<LaneRegionSpec> lane_regions(const AddressSpace& loaded, const lanes::LaneWindows& windows) {
  std::vector<LaneRegionSpec> specs;
  std::vector<uint8_t> data;
  for (const auto& region : loaded.regions()) {
    if (!(region->perms & kPermWrite)) {
      specs.push_back({region->base, region->size, region->perms, true, {region->bytes.begin(), region->bytes.end()}});
      continue;
    }
    const uint64_t offset = region->base - windows.data.base;
    data.resize(std::max<uint64_t>(data.size(), offset + region->size));
    std::copy(region->bytes.begin(), region->bytes.end(), data.begin() + offset);
  }
  specs.push_back({windows.data.base, windows.data.size, 0, false, std::move(data)});
  specs.push_back({windows.mmap.base, windows.mmap.size, 0, false, {}});
  specs.push_back({windows.stack.base, windows.stack.size, kPermRead | kPermWrite, false, {}});
  return specs;
}

// The windows every lane process has: data, mmap and stack.
constexpr size_t kProcessWindows = 3;

// The mmap area takes in the library windows below the mmap window: the lane's loader maps
// libraries there, and a lane whose mmap window is full may use what they leave free.
ProcessLayout process_layout(const lanes::LaneWindows& windows, const LaneLibraries* libraries) {
  ProcessLayout layout;
  layout.stack_top = windows.stack.end();
  layout.stack_size = windows.stack.size;
  layout.mmap_floor = libraries != nullptr ? libraries->floor() : windows.mmap.base;
  layout.libraries = libraries;
  layout.mmap_ceiling = windows.mmap.end();
  layout.heap_limit = windows.data.end();
  layout.confined = true;
  return layout;
}

std::string size_text(uint64_t bytes) {
  return bytes % (1 << 20) == 0 ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes >> 10) + " KiB";
}

// The lane dies as the kernel's out-of-memory killer ends a process: SIGKILL, status 137.
void end_out_of_memory(LaneProcessOutcome& outcome, const Process& process, uint64_t lane, uint64_t slot,
                       const LaneEngine& engine, uint64_t pc) {
  outcome.exit_code = 128 + SIGKILL;
  outcome.signal = SIGKILL;
  outcome.out = process.captured(1);
  outcome.fault = "warp64: lane " + std::to_string(lane) + ": out of " +
                  (engine.name() == std::string_view("gpu") ? "device" : "host") + " memory (page pool of " +
                  size_text(engine.pool_bytes()) + " exhausted) at pc " + hex(pc);
  outcome.err = process.captured(2) + outcome.fault + "\n";
  outcome.last_branches = engine.last_branches(slot);
}

// The end of a lane's process as it ended it; a death by a signal that dumps core keeps its
// report and the lane's last branches.
void end_by_process(LaneProcessOutcome& outcome, const Process& process, uint64_t slot, const LaneEngine& engine) {
  outcome.exit_code = process.exit_code();
  outcome.signal = process.exit_signal();
  outcome.out = process.captured(1);
  outcome.err = process.captured(2);
  if (outcome.signal != 0 && default_dumps_core(outcome.signal)) {
    outcome.fault = process.last_report();
    outcome.last_branches = engine.last_branches(slot);
  }
}

// A slot of the engine and the job it runs.
struct LaneSlot {
  uint64_t job = 0;
  ProcessOptions options;
  std::unique_ptr<LaneByteStore> store;
  std::unique_ptr<Process> process;
};

// Maps what a job's private windows start with from their initial data, each page copied on
// the lane's first write to it: the executable's writable segments and the dynamic loader's
// segments.
void map_initial_segments(LaneByteStore& store, const AddressSpace& loaded, const LaneLibraries* libraries) {
  auto map = [&](const Region& region) {
    store.push(
        {store.lane(), region.base, region.size, 0, lanes::OpKind::kMap, region.perms, lanes::MapSource::kInitial});
  };
  for (const auto& region : loaded.regions()) {
    if (region->perms & kPermWrite) map(*region);
  }
  if (libraries == nullptr) return;
  for (const auto& region : libraries->interpreter_segments().regions()) map(*region);
}

// Unmaps every private window of the slot, which returns its pages to the pool once applied.
void unmap_private_windows(LaneByteStore& store, const lanes::LaneWindows& windows, const LaneLibraries* libraries) {
  auto unmap = [&](uint64_t base, uint64_t size) {
    store.push({store.lane(), base, size, 0, lanes::OpKind::kUnmap, 0, lanes::MapSource::kZero});
  };
  for (const lanes::AddressRange& window : {windows.data, windows.mmap, windows.stack}) unmap(window.base, window.size);
  if (libraries == nullptr) return;
  for (const LaneLibrary& file : libraries->files()) unmap(file.base, file.size);
}

// Maps an unmapped slot's windows as a new job finds them: the stack window whole, as the layout
// maps it, and the segments mapped from initial data.
void map_fresh_windows(LaneByteStore& store, const AddressSpace& loaded, const lanes::LaneWindows& windows,
                       const LaneLibraries* libraries) {
  store.push({store.lane(), windows.stack.base, windows.stack.size, 0, lanes::OpKind::kMap, kPermRead | kPermWrite,
              lanes::MapSource::kZero});
  map_initial_segments(store, loaded, libraries);
}

// Acts on the stops of the lanes in `stopped` (their processes hold the stopped states): the
// bytes their calls read gathered for all in one engine access, then each lane serviced on a
// host thread of its own. For each, true when its job has ended. A GPU engine's device is
// `gpu_device`, which those threads select: a call may reach the engine's memory.
std::vector<uint8_t> service_stops(std::span<const uint64_t> stopped, std::span<LaneSlot> lane_slots,
                                   const LaneEngine& engine, LaneMemoryQueue& queue,
                                   std::span<const LaneProcessOutcome> outcomes, std::optional<unsigned> gpu_device) {
  std::vector<ParkedCall> calls;
  for (const uint64_t slot : stopped) {
    if (engine.results()[slot].reason != StopReason::kSyscall) continue;
    Process& process = *lane_slots[slot].process;
    calls.push_back({&process.state(), &process.memory(), lane_slots[slot].store.get()});
  }
  std::vector<uint8_t> gathered;
  prefetch_call_inputs(calls, queue, gathered);
  std::vector<uint8_t> ended(stopped.size());
  in_parallel(stopped.size(), 0, [&](uint64_t i) {
    if (gpu_device) select_gpu_device(*gpu_device);
    const LaneSlot& lane = lane_slots[stopped[i]];
    ended[i] = lane.process->handle_stop(engine.results()[stopped[i]], outcomes[lane.job].cycles);
    lane.store->forget_prefetched();
  });
  return ended;
}

}  // namespace

lanes::LaneWindows lane_windows(const AddressSpace& loaded, const ElfImage& image, const LaneProcessOptions& options) {
  lanes::LaneWindows windows{};
  windows.brk_start = image.highest;
  const uint64_t stack_top = ProcessLayout{}.stack_top;
  windows.stack = {stack_top - options.stack_size, options.stack_size};
  windows.mmap = {windows.stack.base - options.mmap_size, options.mmap_size};
  uint64_t data_base = page_up(image.highest);
  for (const auto& region : loaded.regions()) {
    if (region->perms & kPermWrite) data_base = std::min(data_base, region->base);
  }
  // The heap grows up to heap_size beyond the data, or up to the next segment above.
  uint64_t data_end = std::min(page_up(image.highest) + options.heap_size, windows.mmap.base);
  for (const auto& region : loaded.regions()) {
    if (region->base >= data_base && !(region->perms & kPermWrite)) data_end = std::min(data_end, region->base);
  }
  if (data_end <= data_base) throw Error("the executable's data leave no room for a lane's heap below its mmap area");
  windows.data = {data_base, data_end - data_base};
  return windows;
}

LaneProcessesResult run_lane_processes(const LaneProcessOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (options.lanes == 0 || options.max_slots == 0) throw Error("at least one lane is needed");
  LaneProcessesResult result;
  const EngineKind kind = resolve_engine(options.process.engine, Workload::kLanes, result.engine_note);
  auto engine = make_lane_engine(kind, options.translate, options.cpu_threads, options.device);
  const std::optional<unsigned> gpu_device = kind == EngineKind::kGpu ? std::optional(options.device) : std::nullopt;
  result.engine = engine->name();

  AddressSpace loaded;
  const ElfImage image = load_executable(options.process.path, loaded);
  const lanes::LaneWindows windows = lane_windows(loaded, image, options);
  std::unique_ptr<const LaneLibraries> libraries;
  std::vector<LaneRegionSpec> specs = lane_regions(loaded, windows);
  if (!image.interpreter.empty()) {
    libraries = std::make_unique<const LaneLibraries>(options.process.path, image, Sysroot(options.process.sysroot),
                                                      windows.mmap.base, lanes::kMaxWindows - kProcessWindows);
    for (LaneRegionSpec& spec : libraries->window_specs()) specs.push_back(std::move(spec));
  }
  const ProcessLayout layout = process_layout(windows, libraries.get());
  const uint64_t capacity = engine->lane_capacity(specs, options.memory);
  if (capacity == 0) throw Error("not even one lane fits in " + engine->memory_name());
  // More jobs than fit run in as many slots as fit, each slot taking the next job as its lane
  // exits.
  const uint64_t slots = std::min({options.lanes, capacity, options.max_slots});
  engine->configure(slots, specs, options.memory);
  result.pool_bytes = engine->pool_bytes();

  LaneMemoryQueue queue(*engine);
  HostFilePool files;
  std::vector<LaneSlot> lane_slots(slots);
  uint64_t next_job = 0;
  // Starts the next job in `slot`, whose private memory is mapped as a new job finds it.
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
    lane.process = std::make_unique<Process>(lane.options, layout, *lane.store, image, loaded, files);
    engine->states()[slot] = lane.process->state();
    engine->clear_branch_ring(slot);
  };
  std::vector<LaneByteStore*> stores(slots);
  for (uint64_t slot = 0; slot < slots; ++slot) {
    lane_slots[slot].store = std::make_unique<LaneByteStore>(queue, slot);
    stores[slot] = lane_slots[slot].store.get();
    map_initial_segments(*stores[slot], loaded, libraries.get());
    start_job(slot);
  }

  std::vector<uint8_t> active(slots, 1);
  result.lanes.resize(options.lanes);
  uint64_t running = slots;
  // Slots whose job has ended, their windows being unmapped, each waiting for the next job.
  std::vector<uint64_t> refills;
  auto end_job = [&](uint64_t slot) {
    if (next_job + refills.size() < options.lanes) {
      unmap_private_windows(*stores[slot], windows, libraries.get());
      refills.push_back(slot);
    } else {
      lane_slots[slot].process.reset();
      active[slot] = 0;
      --running;
    }
  };
  // The ended jobs' pages return to the pool in one apply, so the next jobs can take them in the
  // following one.
  auto start_refills = [&] {
    if (refills.empty()) return;
    queue.flush(stores);
    for (const uint64_t slot : std::exchange(refills, {})) {
      queue.forget_exhausted(slot);
      map_fresh_windows(*stores[slot], loaded, windows, libraries.get());
      start_job(slot);
    }
  };
  auto end_out_of_memory_job = [&](uint64_t slot, uint64_t pc) {
    const LaneSlot& lane = lane_slots[slot];
    end_out_of_memory(result.lanes[lane.job], *lane.process, options.first_lane + lane.job, slot, *engine, pc);
    end_job(slot);
  };
  uint64_t next_slice_cycles = std::min(kFirstSliceCycles, options.slice_cycles);
  while (running > 0) {
    // The host's writes reach the lanes before they run; a lane they found no page for dies
    // (and the job taking its slot has writes of its own).
    for (;;) {
      start_refills();
      queue.flush(stores);
      const std::set<uint64_t> exhausted = queue.take_exhausted();
      if (exhausted.empty()) break;
      for (const uint64_t slot : exhausted) {
        if (active[slot]) end_out_of_memory_job(slot, lane_slots[slot].process->state().pc);
      }
    }
    if (running == 0) break;
    uint64_t slice = next_slice_cycles;
    if (options.process.max_cycles != kUnlimitedCycles) {
      for (uint64_t slot = 0; slot < slots; ++slot) {
        if (active[slot])
          slice = std::min(slice, options.process.max_cycles - result.lanes[lane_slots[slot].job].cycles);
      }
    }
    if (options.lane_calls) engine->calls() = lane_calls_now(*engine);
    const double launch_seconds = engine->run(slice, active);
    result.engine_seconds += launch_seconds;
    ++result.launches;
    const auto servicing = std::chrono::steady_clock::now();
    uint64_t longest = 0;           // the most instructions a lane ran in this launch
    std::vector<uint64_t> stopped;  // the lanes whose stop the host acts on
    for (uint64_t slot = 0; slot < slots; ++slot) {
      if (!active[slot]) continue;
      const core::RunResult& stop = engine->results()[slot];
      Process& process = *lane_slots[slot].process;
      LaneProcessOutcome& outcome = result.lanes[lane_slots[slot].job];
      longest = std::max(longest, stop.cycles);
      outcome.cycles += stop.cycles;
      result.cycles += stop.cycles;
      process.state() = engine->states()[slot];
      const bool budget_left = outcome.cycles < options.process.max_cycles;
      if (stop.reason == StopReason::kMaxCycles && budget_left) continue;
      if (stop.reason == StopReason::kOutOfMemory) {
        end_out_of_memory_job(slot, process.state().pc);
        continue;
      }
      stopped.push_back(slot);
    }
    next_slice_cycles = next_slice(slice, longest, launch_seconds, options.launch_seconds, options.slice_cycles);
    const std::vector<uint8_t> ended = service_stops(stopped, lane_slots, *engine, queue, result.lanes, gpu_device);
    for (size_t i = 0; i < stopped.size(); ++i) {
      const uint64_t slot = stopped[i];
      const Process& process = *lane_slots[slot].process;
      if (!ended[i]) {
        engine->states()[slot] = lane_slots[slot].process->state();
        continue;
      }
      end_by_process(result.lanes[lane_slots[slot].job], process, slot, *engine);
      end_job(slot);
    }
    result.host_service_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - servicing).count();
  }
  result.bytes_per_lane = engine->bytes_per_lane();
  result.translated_launches = engine->translated_runs();
  result.hot_code = engine->hot_code_report();
  result.symbolize = [symbols = std::make_shared<const ElfImage>(image)](uint64_t address) {
    return symbols->symbolize(address);
  };
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

std::string with_lane(const std::string& text, uint64_t lane) {
  std::string out = text;
  for (size_t at; (at = out.find("{lane}")) != std::string::npos;) out.replace(at, 6, std::to_string(lane));
  return out;
}

}  // namespace warp64::linux_abi
