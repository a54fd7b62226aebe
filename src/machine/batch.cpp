#include "warp64/batch.hpp"

#include <algorithm>

#include "engine/engine_choice.hpp"
#include "engine/multi_device/device_shares.hpp"
#include "engine/multi_device/gpu_devices.hpp"
#include "machine/program_words.hpp"

namespace warp64 {
namespace {

constexpr uint64_t kPageSize = 4096;

}  // namespace

struct Batch::Share {
  DeviceShare placement;
  std::unique_ptr<LaneEngine> engine;
};

Batch::Batch(const BatchConfig& config) : config_(config) {
  if (config_.lanes == 0) throw Error("a batch needs at least one lane");
  if (config_.memory_size == 0 || config_.memory_size % kPageSize != 0) {
    throw Error("batch memory size must be a non-zero multiple of 4096 bytes");
  }
  const GpuTranslation translation = !config_.translate ? GpuTranslation::kOff
                                     : config_.hot_code ? GpuTranslation::kHotCode
                                                        : GpuTranslation::kFromEntry;
  kind_ = resolve_engine(config_.engine, Workload::kLanes, engine_note_);
  for (const DeviceShare& placement : device_shares({0, config_.lanes}, resolve_devices(config_.devices, kind_), kind_,
                                                    config_.pool_bytes, config_.cpu_threads)) {
    if (kind_ == EngineKind::kGpu) select_gpu_device(placement.device);
    shares_.push_back({placement, make_lane_engine(kind_, translation, placement.cpu_threads, placement.device)});
  }
}

// Each engine frees its device memory with its own device selected.
Batch::~Batch() {
  for (Share& share : shares_) {
    select_device(share);
    share.engine.reset();
  }
}

void Batch::select_device(const Share& share) const {
  if (kind_ == EngineKind::kGpu) select_gpu_device(share.placement.device);
}

LaneEngine& Batch::engine_of(const Share& share) const {
  select_device(share);
  return *share.engine;
}

const Batch::Share& Batch::share_of(uint64_t lane) const {
  if (lane >= config_.lanes) {
    throw Error("lane " + std::to_string(lane) + " is out of range (batch has " + std::to_string(config_.lanes) +
                " lanes)");
  }
  if (shares_.front().engine->states().empty()) throw Error("load a program into the batch first");
  auto after = std::upper_bound(shares_.begin(), shares_.end(), lane,
                                [](uint64_t lane, const Share& share) { return lane < share.placement.lanes.first; });
  return *std::prev(after);
}

const char* Batch::engine_name() const { return shares_.front().engine->name(); }

std::vector<unsigned> Batch::devices() const {
  std::vector<unsigned> devices;
  for (const Share& share : shares_) devices.push_back(share.placement.device);
  return devices;
}

uint64_t Batch::bytes_per_lane() const {
  uint64_t most = 0;
  for (const Share& share : shares_) most = std::max(most, engine_of(share).bytes_per_lane());
  return most;
}

uint64_t Batch::pool_bytes() const {
  uint64_t most = 0;
  for (const Share& share : shares_) most = std::max(most, engine_of(share).pool_bytes());
  return most;
}

// A batch run ran translated code when every share's did.
uint64_t Batch::translated_runs() const {
  uint64_t fewest = UINT64_MAX;
  for (const Share& share : shares_) fewest = std::min(fewest, engine_of(share).translated_runs());
  return fewest;
}

void Batch::load_program(std::span<const uint32_t> words, uint64_t address) {
  load_bytes(program_bytes(words), address);
}

void Batch::load_bytes(std::span<const uint8_t> bytes, uint64_t address) {
  const uint64_t size = config_.memory_size;
  if (bytes.empty()) throw Error("the program image is empty");
  if (address % kPageSize != 0) throw Error("a batch image must be loaded at a 4096-byte aligned address");
  if (address >= size || bytes.size() > size - address) {
    throw Error("program of " + std::to_string(bytes.size()) + " bytes at " + hex(address) + " does not fit in " +
                std::to_string(size) + " bytes of memory");
  }
  const uint64_t image_end = std::min(size, (address + bytes.size() + kPageSize - 1) / kPageSize * kPageSize);
  image_begin_ = address;
  image_end_ = image_end;
  std::vector<LaneRegionSpec> regions;
  if (address > 0) regions.push_back({0, address, kPermRead | kPermWrite, false, {}});
  LaneRegionSpec image{address, image_end - address, kPermRead | kPermExecute, true, {}};
  image.initial.assign(bytes.begin(), bytes.end());
  regions.push_back(std::move(image));
  if (image_end < size) regions.push_back({image_end, size - image_end, kPermRead | kPermWrite, false, {}});
  LaneMemoryOptions memory;
  if (config_.lane_group != 0) memory.group_size = config_.lane_group;
  memory.branch_ring = config_.branch_ring;
  for (Share& share : shares_) {
    memory.pool_bytes = share.placement.pool_bytes;
    LaneEngine& engine = engine_of(share);
    engine.configure(share.placement.lanes.count, regions, memory);
    for (auto& state : engine.states()) {
      state.sp = size;
      state.pc = address;
    }
  }
}

CpuState& Batch::state(uint64_t lane) {
  const Share& share = share_of(lane);
  return share.engine->states()[lane - share.placement.lanes.first];
}

const CpuState& Batch::state(uint64_t lane) const {
  const Share& share = share_of(lane);
  return share.engine->states()[lane - share.placement.lanes.first];
}

void Batch::set_pc_all(uint64_t pc) {
  for (Share& share : shares_) {
    for (auto& state : share.engine->states()) state.pc = pc;
  }
}

void Batch::set_x(uint64_t lane, unsigned index, uint64_t value) {
  if (index > 30) throw Error("register index " + std::to_string(index) + " is out of range 0..30");
  state(lane).x[index] = value;
}

uint64_t Batch::x(uint64_t lane, unsigned index) const {
  if (index > 30) throw Error("register index " + std::to_string(index) + " is out of range 0..30");
  return state(lane).x[index];
}

void Batch::write_memory(uint64_t lane, uint64_t address, std::span<const uint8_t> bytes) {
  const Share& share = share_of(lane);
  // Every engine holds lanes to the same rule: the image is one copy shared by all lanes.
  if (!bytes.empty() && address < image_end_ && address + bytes.size() > image_begin_) {
    throw Error("a write of " + std::to_string(bytes.size()) + " bytes at " + hex(address) +
                " touches the shared read-only program image [" + hex(image_begin_) + ", " + hex(image_end_) + ")");
  }
  engine_of(share).write_memory(lane - share.placement.lanes.first, address, bytes);
}

std::vector<uint8_t> Batch::read_memory(uint64_t lane, uint64_t address, uint64_t length) const {
  const Share& share = share_of(lane);
  return engine_of(share).read_memory(lane - share.placement.lanes.first, address, length);
}

BatchRunSummary Batch::run(uint64_t max_cycles) {
  if (shares_.front().engine->states().empty()) throw Error("load a program into the batch first");
  // The shares run side by side, each on its own thread: the batch's time is the longest's.
  const std::vector<double> seconds =
      run_each_on_own_thread<double>(shares_, [&](const Share& share) { return engine_of(share).run(max_cycles); });
  BatchRunSummary summary;
  summary.elapsed_seconds = *std::max_element(seconds.begin(), seconds.end());
  for (const Share& share : shares_) {
    for (const auto& result : share.engine->results()) summary.total_cycles += result.cycles;
  }
  summary.ips = summary.elapsed_seconds > 0 ? summary.total_cycles / summary.elapsed_seconds : 0;
  return summary;
}

LaneResult Batch::result(uint64_t lane) const {
  const Share& share = share_of(lane);
  const uint64_t index = lane - share.placement.lanes.first;
  const core::RunResult& run = share.engine->results()[index];
  LaneResult result;
  result.stop_reason = run.reason;
  result.cycles = run.cycles;
  result.pc = share.engine->states()[index].pc;
  result.fault_address = run.fault_address;
  result.fault_kind = run.fault_access;
  if (run.has_insn) result.instruction = run.insn;
  if (stopped_at_fault(run.reason)) result.last_branches = engine_of(share).last_branches(index);
  return result;
}

}  // namespace warp64
