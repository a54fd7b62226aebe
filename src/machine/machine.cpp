#include "warp64/machine.hpp"

#include <cstring>
#include <utility>

#include "engine/engine_choice.hpp"
#include "machine/program_words.hpp"
#include "memory/address_space.hpp"

namespace warp64 {
Machine::Machine(const MachineConfig& config) : Machine(config, nullptr) {}

Machine::Machine(const MachineConfig& config, std::unique_ptr<Engine> engine)
    : config_(config), memory_(std::make_unique<AddressSpace>()), engine_(std::move(engine)) {
  if (config_.memory_size == 0 || config_.memory_size % 4 != 0) {
    throw Error("memory size must be a non-zero multiple of 4 bytes");
  }
  if (!engine_) engine_ = make_engine(resolve_engine(config_.engine, Workload::kMachine, engine_note_));
  reset();
}

Machine::~Machine() = default;
Machine::Machine(Machine&&) noexcept = default;
Machine& Machine::operator=(Machine&&) noexcept = default;

const char* Machine::engine_name() const { return engine_->name(); }

void Machine::load_program(std::span<const uint32_t> words, uint64_t address) {
  load_bytes(program_bytes(words), address);
}

void Machine::load_bytes(std::span<const uint8_t> bytes, uint64_t address) {
  if (memory_->find(address, bytes.size()) == nullptr && !bytes.empty()) {
    throw Error("program of " + std::to_string(bytes.size()) + " bytes at " + hex(address) +
                " does not fit in guest memory");
  }
  memory_->write_bytes(address, bytes);
}

uint64_t Machine::x(unsigned index) const {
  if (index > 30) throw Error("register index " + std::to_string(index) + " is out of range 0..30");
  return state_.x[index];
}

void Machine::set_x(unsigned index, uint64_t value) {
  if (index > 30) throw Error("register index " + std::to_string(index) + " is out of range 0..30");
  state_.x[index] = value;
}

void Machine::set_nzcv(uint32_t value) {
  if (value & ~core::kNzcvMask) throw Error("NZCV value has bits outside 31..28 set");
  state_.nzcv = value;
}

std::vector<uint8_t> Machine::read_memory(uint64_t address, uint64_t length) const {
  return memory_->read_bytes(address, length);
}

void Machine::write_memory(uint64_t address, std::span<const uint8_t> bytes) { memory_->write_bytes(address, bytes); }

ExecResult Machine::execute(uint64_t max_cycles) {
  const EngineRun engine_run = engine_->run(state_, *memory_, max_cycles);
  const core::RunResult& run = engine_run.result;

  ExecResult result;
  result.cycles = run.cycles;
  result.elapsed_seconds = engine_run.seconds;
  result.ips = result.elapsed_seconds > 0 ? static_cast<double>(run.cycles) / result.elapsed_seconds : 0;
  result.stop_reason = run.reason;
  result.final_pc = state_.pc;
  result.fault_kind = run.fault_access;
  result.fault_address = run.fault_address;
  if (run.has_insn) result.instruction = run.insn;
  return result;
}

void Machine::reset() {
  memory_->unmap_all();
  memory_->map(0, config_.memory_size, kPermAll);
  state_ = CpuState{};
  state_.sp = config_.memory_size;
}

void Machine::set_state(const CpuState& state) {
  if (state.nzcv & ~core::kNzcvMask) throw Error("NZCV value has bits outside 31..28 set");
  state_ = state;
}

}  // namespace warp64
