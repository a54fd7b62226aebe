#include "debug/execution_trace.hpp"

namespace warp64::debug {

void ExecutionTrace::executed(uint64_t pc, uint32_t word, const core::CpuState* before, const core::CpuState& after) {
  if (lines_ >= options_.limit) return;
  ++lines_;
  const std::string line =
      before != nullptr ? formatter_.instruction(pc, word, *before, after) : formatter_.instruction(pc, word);
  std::fprintf(out_, "%s\n", line.c_str());
  if (lines_ == options_.limit) std::fflush(out_);
}

}  // namespace warp64::debug
