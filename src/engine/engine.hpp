// An engine runs a machine's state against its address space. Engines own speed and
// layout; the meaning of every instruction comes from the A64 core.
#pragma once

#include <memory>
#include <string>

#include "memory/address_space.hpp"
#include "warp64/core/run.hpp"
#include "warp64/core/state.hpp"

namespace warp64 {

struct EngineRun {
  core::RunResult result;
  double seconds;  // the engine's own measure: the host loop, or CUDA events around the kernel
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual const char* name() const = 0;
  virtual EngineRun run(core::CpuState& state, AddressSpace& memory, uint64_t max_cycles) = 0;
};

std::unique_ptr<Engine> make_cpu_engine();

// Throws warp64::Error naming the reason when no usable GPU is present or the build has no
// CUDA support. engine_choice.hpp is where engines are chosen.
std::unique_ptr<Engine> make_gpu_engine();

}  // namespace warp64
