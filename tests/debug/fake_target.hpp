// An in-memory DebugTarget for the server's tests: 64 KiB of memory at kBase and a scripted
// "program" in which every address without an action is an instruction that counts itself in
// x2 and moves on; actions store, load, fault, loop, exit or die.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "debug/gdb/target.hpp"

namespace warp64::debug::gdb::test {

struct FakeAction {
  enum class Kind : uint8_t { kStore, kLoad, kFault, kLoop, kExit, kDie };
  Kind kind;
  uint64_t address = 0;  // kStore, kLoad, kFault
  uint64_t size = 0;     // kStore, kLoad
  int value = 0;         // kFault: the Linux signal; kExit: the status; kDie: the signal
};

struct RecordedResume {
  ResumeMode mode;
  int signal;
  uint64_t max_instructions;
  int64_t thread;
  std::optional<ResumeMode> others;
};

class FakeTarget : public DebugTarget {
 public:
  static constexpr uint64_t kBase = 0x400000;
  static constexpr uint64_t kSize = 0x10000;
  static constexpr int64_t kProcessId = 0x2a;

  FakeTarget();

  core::CpuState read_registers() override { return state; }
  void write_registers(const core::CpuState& new_state) override { state = new_state; }
  size_t read_memory(uint64_t address, std::span<uint8_t> out) override;
  bool write_memory(uint64_t address, std::span<const uint8_t> data) override;
  StopEvent resume(const ResumeRequest& request) override;
  int64_t process_id() const override { return kProcessId; }
  std::string auxv() const override;
  std::string executable_path() const override { return "/guest/bin/program"; }

  core::CpuState state{};
  std::vector<uint8_t> memory;
  std::map<uint64_t, FakeAction> program;
  std::vector<RecordedResume> resumes;

 private:
  // Runs the instruction at pc; a stop when it stops the guest.
  std::optional<StopEvent> execute(const StopPoints& points);
};

}  // namespace warp64::debug::gdb::test
