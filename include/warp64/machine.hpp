// The library's front door: one ARM64 machine, run by the CPU or the GPU engine.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "warp64/core/state.hpp"
#include "warp64/core/stop.hpp"
#include "warp64/engine_kind.hpp"
#include "warp64/error.hpp"

namespace warp64 {

using core::AccessKind;
using core::CpuState;
using core::StopReason;

inline constexpr uint64_t kDefaultMemorySize = 4ull * 1024 * 1024;
inline constexpr uint64_t kUnlimitedCycles = ~0ull;

struct MachineConfig {
  uint64_t memory_size = kDefaultMemorySize;  // one flat read-write-execute region at 0
  EngineKind engine = EngineKind::kAuto;
};

struct ExecResult {
  uint64_t cycles = 0;  // instructions retired by this call
  double elapsed_seconds = 0;
  double ips = 0;
  StopReason stop_reason = StopReason::kNone;
  uint64_t final_pc = 0;
  uint64_t fault_address = 0;  // meaningful when stop_reason is kFault
  AccessKind fault_kind = AccessKind::kNone;
  std::optional<uint32_t> instruction;  // the word at the stop, when one was fetched
};

class AddressSpace;
class Engine;

class Machine {
 public:
  explicit Machine(const MachineConfig& config = {});
  // A machine run by `engine` (config.engine is not consulted): the tools' observed engine.
  Machine(const MachineConfig& config, std::unique_ptr<Engine> engine);
  ~Machine();
  Machine(Machine&&) noexcept;
  Machine& operator=(Machine&&) noexcept;

  // "cpu" or "gpu": the engine actually in use. When auto found no GPU, engine_note()
  // says why.
  const char* engine_name() const;
  const std::string& engine_note() const { return engine_note_; }
  uint64_t memory_size() const { return config_.memory_size; }

  void load_program(std::span<const uint32_t> words, uint64_t address = 0);
  void load_bytes(std::span<const uint8_t> bytes, uint64_t address = 0);

  uint64_t pc() const { return state_.pc; }
  void set_pc(uint64_t pc) { state_.pc = pc; }
  // Registers 0..30 are X0..X30; 31 is rejected (use sp()).
  uint64_t x(unsigned index) const;
  void set_x(unsigned index, uint64_t value);
  uint64_t sp() const { return state_.sp; }
  void set_sp(uint64_t value) { state_.sp = value; }
  uint32_t nzcv() const { return state_.nzcv; }
  void set_nzcv(uint32_t value);

  std::vector<uint8_t> read_memory(uint64_t address, uint64_t length) const;
  void write_memory(uint64_t address, std::span<const uint8_t> bytes);

  ExecResult execute(uint64_t max_cycles = kUnlimitedCycles);

  // Zeroes registers and memory; SP returns to the top of memory, PC to 0.
  void reset();
  const CpuState& state() const { return state_; }
  void set_state(const CpuState& state);

 private:
  MachineConfig config_;
  std::unique_ptr<AddressSpace> memory_;
  std::unique_ptr<Engine> engine_;
  std::string engine_note_;
  CpuState state_{};
};

}  // namespace warp64
