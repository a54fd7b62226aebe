// `warp64 run -d exec` and `-d cpu`: an observer of the CPU engine's run that writes one trace
// line per executed instruction, and stops writing (not the guest) after a limit.
#pragma once

#include <cstdint>
#include <cstdio>

#include "debug/trace.hpp"
#include "engine/observed_engine.hpp"

namespace warp64::debug {

struct TraceOptions {
  bool registers = false;  // -d cpu: each line also names the registers the instruction changed
  uint64_t limit = ~0ull;  // --trace-limit: lines written at most
};

class ExecutionTrace final : public RunObserver {
 public:
  // Writes to `out`, which the caller keeps open.
  ExecutionTrace(std::FILE* out, TraceOptions options) : out_(out), options_(options) {}

  bool wants_state_before() const override { return options_.registers && lines_ < options_.limit; }
  bool stop_before(uint64_t) override { return false; }
  bool stop_at_access(uint64_t, unsigned, bool) override { return false; }
  void executed(uint64_t pc, uint32_t word, const core::CpuState* before, const core::CpuState& after) override;

 private:
  std::FILE* out_;
  TraceOptions options_;
  TraceFormatter formatter_;
  uint64_t lines_ = 0;
};

}  // namespace warp64::debug
