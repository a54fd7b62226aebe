// An engine runs a machine's state against its address space. Engines own speed and
// layout; the meaning of every instruction comes from the A64 core.
#pragma once

#include <memory>
#include <string>

#include "memory/address_space.hpp"
#include "warp64/core/run.hpp"
#include "warp64/core/state.hpp"
#include "warp64/machine.hpp"

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
// CUDA support.
std::unique_ptr<Engine> make_gpu_engine();

// True when make_gpu_engine() would succeed; otherwise `why` says why not.
bool gpu_engine_available(std::string* why);

// The engine for `kind`, made by `make_cpu` or `make_gpu`. Auto takes the GPU when one is
// usable, and otherwise the CPU with `note` saying why.
template <class MakeCpu, class MakeGpu>
auto choose_engine(EngineKind kind, std::string& note, MakeCpu make_cpu, MakeGpu make_gpu) -> decltype(make_cpu()) {
  switch (kind) {
    case EngineKind::kCpu: return make_cpu();
    case EngineKind::kGpu: return make_gpu();
    case EngineKind::kAuto: break;
  }
  std::string why;
  if (gpu_engine_available(&why)) return make_gpu();
  note = "no GPU engine (" + why + "); using the CPU engine";
  return make_cpu();
}

}  // namespace warp64
