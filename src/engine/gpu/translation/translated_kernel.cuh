// The fixed part of a translated kernel, compiled at run time (NVRTC) together with the
// generated dispatch: each lane runs the translated unit that holds its pc, and hands every word
// without a translation to the interpreter, which is linked in from a module of its own, as the
// units are.
#pragma once

#include "engine/gpu/launch_params.cuh"
#include "engine/gpu/translation/translated_unit.cuh"

namespace warp64::gpu {

// Generated with the kernel: the unit whose blocks start at pc (-1: none), and the call of
// unit `unit`'s entry point.
__device__ int unit_of(uint64_t pc);
__device__ bool run_unit(int unit, W64_UNIT_PARAMETERS);

// Runs translated units from s.pc. Returns true at a stop (described in `stop`), false when
// s.pc has no translation or the next block needs more cycles than remain: a unit that gives
// control back with pc at one of its own blocks has run out of cycles.
__device__ __forceinline__ bool run_units(TranslatedLaneState& s, CalledMemory& memory, const Interpreter& interpret,
                                          uint64_t& cycles, uint64_t max_cycles, core::RunResult& stop,
                                          lanes::BranchRecorder& branches) {
  for (int last = -1, unit = unit_of(s.pc); unit >= 0 && unit != last; last = unit, unit = unit_of(s.pc)) {
    if (run_unit(unit, &s, &memory, &interpret, &cycles, max_cycles, &stop, &branches)) return true;
  }
  return false;
}

// One thread per lane, launched as the interpreter kernel is.
extern "C" __global__ void __launch_bounds__(kThreadsPerBlock, 4)
    w64_translated_lanes(const __grid_constant__ LaunchParams p) {
  uint64_t lane;
  if (!lane_to_run(p, lane)) return;
  uint64_t vector_registers[32][2];
  TranslatedLaneState s;
  s.v = vector_registers;
  s.load(p.states[lane]);
  CalledMemory memory(p.space, lane);
  const Interpreter interpret{memory.lane_memory(), p.table};
  lanes::BranchRecorder branches(p.rings, lane);
  uint64_t cycles = 0;
  core::RunResult stop;
  for (;;) {
    // The interpreter runs up to and including the next jump taken.
    const bool stopped = run_units(s, memory, interpret, cycles, p.max_cycles, stop, branches) ||
                         interpret(s, true, cycles, p.max_cycles, stop) == core::Step::kStopped;
    if (!stopped) {
      branches(s.pc);
      continue;
    }
    // The calls a lane answers itself are answered here, as in the interpreter's kernel
    // (lanes::run_lane), and the lane goes on in this launch.
    if (stop.reason != core::StopReason::kSyscall || cycles >= p.max_cycles) break;
    const lanes::CallOutcome outcome = lanes::service_lane_call(p.calls, &s.x[0], *memory.lane_memory());
    if (outcome == lanes::CallOutcome::kParked) break;
    if (outcome == lanes::CallOutcome::kFaulted) {
      stop.reason = core::StopReason::kFault;
      break;
    }
  }
  branches.save(p.rings, lane);
  lanes::report_exhaustion(p.space, lane, stop);
  p.results[lane] = stop;
  s.store(p.states[lane]);
}

}  // namespace warp64::gpu
