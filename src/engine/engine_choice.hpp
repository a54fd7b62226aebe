// The one place where a requested engine becomes an engine: machines, batches, processes and
// lane processes all choose here.
#pragma once

#include <memory>
#include <string>

#include "engine/engine.hpp"
#include "engine/lane_engine.hpp"
#include "warp64/engine_kind.hpp"

namespace warp64 {

// What the engine will run. Auto means the GPU for machines and lanes when one is usable, and
// the CPU engine for one Linux process, which it runs faster than a single GPU thread.
enum class Workload { kMachine, kLanes, kProcess };

// Resolves kAuto for `workload`; `note` says why auto did not take the GPU where it would have.
EngineKind resolve_engine(EngineKind requested, Workload workload, std::string& note);

// Makes the engine for a resolved kind (kCpu or kGpu); `translation` applies to the CPU
// engine. The GPU engine throws warp64::Error naming the reason when no usable GPU is present.
std::unique_ptr<Engine> make_engine(EngineKind kind, const TranslationSettings& translation = {});
// GPU lanes translate the code they share as `translation` says, on CUDA device `device`; CPU
// lanes run on `cpu_threads` host threads (0: one per hardware thread).
std::unique_ptr<LaneEngine> make_lane_engine(EngineKind kind, GpuTranslation translation, unsigned cpu_threads = 0,
                                             unsigned device = 0);

}  // namespace warp64
