// What `warp64 run` reports at the end of a run, as JSON and as text. Every executor turns
// the result it has (a Machine's ExecResult, a Batch's LaneResult, a process's
// core::RunResult) into one StopRecord, and the writers take only that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli/json_writer.hpp"
#include "warp64/batch.hpp"
#include "warp64/core/run.hpp"
#include "warp64/machine.hpp"

namespace warp64::cli {

// How a machine stopped.
struct StopRecord {
  StopReason reason = StopReason::kNone;
  uint64_t pc = 0;
  uint64_t fault_address = 0;  // meaningful when reason is kFault
  AccessKind fault_kind = AccessKind::kNone;
  std::optional<uint32_t> instruction;  // the word at the stop, when one was fetched
};

StopRecord stop_record(const ExecResult& result);
StopRecord stop_record(const LaneResult& result);
StopRecord stop_record(const core::RunResult& result, uint64_t pc);

// The stop in words: "FAULT at pc 0x... (instruction 0x...)"; and for a fault stop, the access
// that faulted: "read at 0x...".
std::string stop_text(const StopRecord& stop);
std::string fault_text(const StopRecord& stop);

// Instructions per second; 0 when no time was measured.
double instructions_per_second(uint64_t cycles, double seconds);

// The end of one machine or process (--json, --json-out): stop_reason, cycles, pc, x, sp,
// nzcv, fault_address, fault_kind, instruction, engine, elapsed_s, ips.
JsonObject final_state_json(const StopRecord& stop, const CpuState& state, uint64_t cycles, const char* engine,
                            double seconds);
// The same end as text: the stop, the engine's figures and the registers.
void print_final_state(const StopRecord& stop, const CpuState& state, uint64_t cycles, const char* engine,
                       double seconds);

// One lane's entry in the "results" of a --lanes run: lane and cycles, then, for a raw
// image's lane, its machine's stop (the final-state fields from stop_reason to instruction).
// A program's lane adds its exit_code, stdout and stderr to it.
JsonObject lane_json(uint64_t lane, uint64_t cycles);
JsonObject lane_json(uint64_t lane, uint64_t cycles, const StopRecord& stop, const CpuState& state);

// "warp64: note: NOTE" on stderr, when there is a note: why auto did not take the GPU.
void print_engine_note(const std::string& note);

// The first line of a --lanes run's text summary.
// "memory per lane": the engine's fixed memory per lane plus its share of the pool's pages taken.
void print_lanes_header(const char* engine, uint64_t lanes, uint64_t bytes_per_lane, uint64_t pool_bytes);

}  // namespace warp64::cli
