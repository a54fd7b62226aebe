// The CPU engine's loop for a debugger and a tracer: it asks an observer before each
// instruction and each data access whether to stop, and tells it what each instruction did.
// A separate instantiation of the engine's loop, so that the plain engine pays nothing for it.
#pragma once

#include <cstdint>
#include <memory>

#include "engine/engine.hpp"

namespace warp64 {

class RunObserver {
 public:
  virtual ~RunObserver() = default;

  // Asked once per run: the engine then keeps a copy of the registers before each instruction
  // for executed().
  virtual bool wants_state_before() const = 0;
  // Before the instruction at `pc`, the run's first included: true stops the run there.
  virtual bool stop_before(uint64_t pc) = 0;
  // Before a data access: true stops the run with pc at the accessing instruction, which has
  // not retired (a store pair may have written its first half).
  virtual bool stop_at_access(uint64_t address, unsigned size, bool is_write) = 0;
  // After each instruction that retired (an SVC included, before its system call is serviced).
  // `before` is null unless wants_state_before() said so.
  virtual void executed(uint64_t pc, uint32_t word, const core::CpuState* before, const core::CpuState& after) = 0;
};

// An engine named "cpu" that runs as the CPU engine does, offering every instruction and data
// access to `observer`. A run the observer stopped ends with StopReason::kNone.
std::unique_ptr<Engine> make_observed_cpu_engine(RunObserver& observer);

}  // namespace warp64
