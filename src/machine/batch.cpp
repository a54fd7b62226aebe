#include "warp64/batch.hpp"

#include "engine/engine_choice.hpp"
#include "machine/program_words.hpp"

namespace warp64 {
namespace {

constexpr uint64_t kPageSize = 4096;

}  // namespace

Batch::Batch(const BatchConfig& config) : config_(config) {
  if (config_.lanes == 0) throw Error("a batch needs at least one lane");
  if (config_.memory_size == 0 || config_.memory_size % kPageSize != 0) {
    throw Error("batch memory size must be a non-zero multiple of 4096 bytes");
  }
  const GpuTranslation translation = !config_.translate ? GpuTranslation::kOff
                                     : config_.hot_code ? GpuTranslation::kHotCode
                                                        : GpuTranslation::kFromEntry;
  engine_ = make_lane_engine(resolve_engine(config_.engine, Workload::kLanes, engine_note_), translation,
                             config_.cpu_threads);
}

Batch::~Batch() = default;

const char* Batch::engine_name() const { return engine_->name(); }
uint64_t Batch::bytes_per_lane() const { return engine_->bytes_per_lane(); }
uint64_t Batch::translated_runs() const { return engine_->translated_runs(); }
uint64_t Batch::pool_bytes() const { return engine_->pool_bytes(); }

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
  memory.pool_bytes = config_.pool_bytes;
  memory.branch_ring = config_.branch_ring;
  engine_->configure(config_.lanes, std::move(regions), memory);
  for (auto& state : engine_->states()) {
    state.sp = size;
    state.pc = address;
  }
}

void Batch::check_lane(uint64_t lane) const {
  if (lane >= config_.lanes) {
    throw Error("lane " + std::to_string(lane) + " is out of range (batch has " + std::to_string(config_.lanes) +
                " lanes)");
  }
  if (engine_->states().empty()) throw Error("load a program into the batch first");
}

CpuState& Batch::state(uint64_t lane) {
  check_lane(lane);
  return engine_->states()[lane];
}

const CpuState& Batch::state(uint64_t lane) const {
  check_lane(lane);
  return engine_->states()[lane];
}

void Batch::set_pc_all(uint64_t pc) {
  for (auto& state : engine_->states()) state.pc = pc;
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
  check_lane(lane);
  // Every engine holds lanes to the same rule: the image is one copy shared by all lanes.
  if (!bytes.empty() && address < image_end_ && address + bytes.size() > image_begin_) {
    throw Error("a write of " + std::to_string(bytes.size()) + " bytes at " + hex(address) +
                " touches the shared read-only program image [" + hex(image_begin_) + ", " + hex(image_end_) + ")");
  }
  engine_->write_memory(lane, address, bytes);
}

std::vector<uint8_t> Batch::read_memory(uint64_t lane, uint64_t address, uint64_t length) const {
  check_lane(lane);
  return engine_->read_memory(lane, address, length);
}

BatchRunSummary Batch::run(uint64_t max_cycles) {
  if (engine_->states().empty()) throw Error("load a program into the batch first");
  BatchRunSummary summary;
  summary.elapsed_seconds = engine_->run(max_cycles);
  for (const auto& result : engine_->results()) summary.total_cycles += result.cycles;
  summary.ips = summary.elapsed_seconds > 0 ? summary.total_cycles / summary.elapsed_seconds : 0;
  return summary;
}

LaneResult Batch::result(uint64_t lane) const {
  check_lane(lane);
  const core::RunResult& run = engine_->results()[lane];
  LaneResult result;
  result.stop_reason = run.reason;
  result.cycles = run.cycles;
  result.pc = engine_->states()[lane].pc;
  result.fault_address = run.fault_address;
  result.fault_kind = run.fault_access;
  if (run.has_insn) result.instruction = run.insn;
  if (stopped_at_fault(run.reason)) result.last_branches = engine_->last_branches(lane);
  return result;
}

}  // namespace warp64
