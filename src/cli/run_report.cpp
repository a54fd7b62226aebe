#include "cli/run_report.hpp"

#include <cinttypes>
#include <cstdio>
#include <vector>

namespace warp64::cli {
namespace {

// The fields of a machine's stop and registers, shared by the final state and a raw image's
// lanes.
void add_stop_fields(JsonObject& json, const StopRecord& stop, const CpuState& state) {
  const bool fault = stop.reason == StopReason::kFault;
  json.add("stop_reason", core::stop_reason_name(stop.reason))
      .add("pc", stop.pc)
      .add("x", std::vector<uint64_t>(state.x, state.x + 31))
      .add("sp", state.sp)
      .add("nzcv", static_cast<uint64_t>(state.nzcv))
      .add("fault_address", fault ? std::optional<uint64_t>(stop.fault_address) : std::nullopt)
      .add("fault_kind", fault ? core::access_kind_name(stop.fault_kind) : "none")
      .add("instruction", stop.instruction ? std::optional<uint64_t>(*stop.instruction) : std::nullopt);
}

}  // namespace

StopRecord stop_record(const ExecResult& result) {
  return {result.stop_reason, result.final_pc, result.fault_address, result.fault_kind, result.instruction};
}

StopRecord stop_record(const LaneResult& result) {
  return {result.stop_reason, result.pc, result.fault_address, result.fault_kind, result.instruction};
}

StopRecord stop_record(const core::RunResult& result, uint64_t pc) {
  return {result.reason, pc, result.fault_address, result.fault_access,
          result.has_insn ? std::optional<uint32_t>(result.insn) : std::nullopt};
}

std::string stop_text(const StopRecord& stop) {
  char text[96];
  const int length =
      std::snprintf(text, sizeof text, "%s at pc 0x%016" PRIx64, core::stop_reason_name(stop.reason), stop.pc);
  if (stop.instruction) std::snprintf(text + length, sizeof text - length, " (instruction 0x%08x)", *stop.instruction);
  return text;
}

std::string fault_text(const StopRecord& stop) {
  char text[64];
  std::snprintf(text, sizeof text, "%s at 0x%016" PRIx64, core::access_kind_name(stop.fault_kind), stop.fault_address);
  return text;
}

double instructions_per_second(uint64_t cycles, double seconds) {
  return seconds > 0 ? static_cast<double>(cycles) / seconds : 0;
}

JsonObject final_state_json(const StopRecord& stop, const CpuState& state, uint64_t cycles, const char* engine,
                            double seconds) {
  JsonObject json;
  json.add("cycles", cycles);
  add_stop_fields(json, stop, state);
  json.add("engine", engine).add("elapsed_s", seconds).add("ips", instructions_per_second(cycles, seconds));
  return json;
}

void print_final_state(const StopRecord& stop, const CpuState& state, uint64_t cycles, const char* engine,
                       double seconds) {
  std::printf("stop: %s\n", stop_text(stop).c_str());
  if (stop.reason == StopReason::kFault) std::printf("fault: %s\n", fault_text(stop).c_str());
  std::printf("engine: %s  cycles: %" PRIu64 "  elapsed: %.6f s  ips: %.0f\n", engine, cycles, seconds,
              instructions_per_second(cycles, seconds));
  for (unsigned i = 0; i < 31; ++i) std::printf("x%-2u 0x%016" PRIx64 "%s", i, state.x[i], i % 4 == 3 ? "\n" : "   ");
  const uint32_t nzcv = state.nzcv;
  std::printf("sp  0x%016" PRIx64 "\nnzcv %c%c%c%c\n", state.sp, nzcv & core::kFlagN ? 'N' : '-',
              nzcv & core::kFlagZ ? 'Z' : '-', nzcv & core::kFlagC ? 'C' : '-', nzcv & core::kFlagV ? 'V' : '-');
}

JsonObject lane_json(uint64_t lane, uint64_t cycles) {
  JsonObject json;
  json.add("lane", lane).add("cycles", cycles);
  return json;
}

JsonObject lane_json(uint64_t lane, uint64_t cycles, const StopRecord& stop, const CpuState& state) {
  JsonObject json = lane_json(lane, cycles);
  add_stop_fields(json, stop, state);
  return json;
}

void print_engine_note(const std::string& note) {
  if (!note.empty()) std::fprintf(stderr, "warp64: note: %s\n", note.c_str());
}

void print_lanes_header(const char* engine, uint64_t lanes, uint64_t bytes_per_lane, uint64_t pool_bytes) {
  std::printf("engine: %s  lanes: %" PRIu64 "  memory per lane: %" PRIu64 " bytes  page pool: %" PRIu64 " bytes\n",
              engine, lanes, bytes_per_lane, pool_bytes);
}

}  // namespace warp64::cli
