// `warp64 run --raw FILE`: one machine, or a batch of lanes with --lanes.
#include <signal.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/distributed/distributed_lanes.hpp"
#include "cli/lane_devices.hpp"
#include "cli/lane_fault_report.hpp"
#include "cli/run_report.hpp"
#include "cli/run_request.hpp"
#include "cli/run_trace.hpp"
#include "debug/debug_session.hpp"
#include "debug/machine_target.hpp"
#include "engine/engine_choice.hpp"
#include "linux/host_signals.hpp"
#include "warp64/batch.hpp"
#include "warp64/machine.hpp"

namespace warp64::cli {
namespace {

constexpr uint64_t kPageSize = 4096;

std::vector<uint8_t> read_raw_image(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw UsageError("cannot open '" + path + "'");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) throw UsageError("cannot read '" + path + "'");
  if (bytes.size() % 4 != 0) {
    throw UsageError("raw image '" + path + "' has " + std::to_string(bytes.size()) + " bytes, not a multiple of 4");
  }
  return bytes;
}

// The image and its entry point, checked against the request's memory.
struct RawImage {
  std::vector<uint8_t> bytes;
  uint64_t entry = 0;
};

RawImage load_raw_image(const RunRequest& request) {
  RawImage image{read_raw_image(request.raw_path), request.entry.value_or(request.load_address)};
  if (request.load_address > request.memory_size || image.bytes.size() > request.memory_size - request.load_address) {
    throw UsageError("image of " + std::to_string(image.bytes.size()) + " bytes at " + hex(request.load_address) +
                     " does not fit in " + std::to_string(request.memory_size) + " bytes of memory");
  }
  if (image.entry >= request.memory_size) throw UsageError("entry address " + hex(image.entry) + " is outside memory");
  return image;
}

// The machine's final state, as text or JSON.
void report_machine(const RunRequest& request, const Machine& machine, const ExecResult& result) {
  const StopRecord stop = stop_record(result);
  if (request.json) {
    const JsonObject json =
        final_state_json(stop, machine.state(), result.cycles, machine.engine_name(), result.elapsed_seconds);
    std::printf("%s\n", json.str().c_str());
  } else {
    print_final_state(stop, machine.state(), result.cycles, machine.engine_name(), result.elapsed_seconds);
  }
}

int run_one_machine(const RunRequest& request, const RawImage& image) {
  RequestedTrace trace(request);
  const MachineConfig config{request.memory_size, request.engine};
  Machine machine =
      trace.observer() != nullptr ? Machine(config, make_observed_cpu_engine(*trace.observer())) : Machine(config);
  print_engine_note(machine.engine_note());
  machine.load_bytes(image.bytes, request.load_address);
  machine.set_pc(image.entry);
  report_machine(request, machine, machine.execute(request.max_cycles));
  return 0;
}

// Under gdb: the final state is printed as without it once the machine's run ends, by the
// debugger's leave or on its own after a detach; a kill or a dropped connection kills warp64.
int debug_one_machine(const RunRequest& request, const RawImage& image) {
  debug::MachineTarget target(request.memory_size);
  Machine& machine = target.machine();
  machine.load_bytes(image.bytes, request.load_address);
  machine.set_pc(image.entry);
  const debug::gdb::SessionEnd end = debug::serve_debugger(target, *request.gdb_port);
  if (end == debug::gdb::SessionEnd::kKilled || end == debug::gdb::SessionEnd::kDisconnected) {
    linux_abi::host_signals::die_by(SIGKILL);
  }
  if (end == debug::gdb::SessionEnd::kDetached) target.run_to_end(request.max_cycles);
  report_machine(request, machine, target.result());
  return 0;
}

// One share of the lanes, or all of them. The image is read here: under mpirun, a node
// without it is a failed share.
LanesReport run_batch_share(const RunRequest& request, const LaneShare& share) {
  const RawImage image = load_raw_image(request);
  if (request.memory_size % kPageSize != 0) throw UsageError("--memory must be a multiple of 4096 with --lanes");
  if (request.load_address % kPageSize != 0) throw UsageError("--load must be a multiple of 4096 with --lanes");
  std::string engine_note;
  const EngineKind kind = resolve_engine(request.engine, Workload::kLanes, engine_note);
  const GpuTranslation translation = request.translate.value_or(GpuTranslation::kFromEntry);
  BatchConfig config{share.count,
                     request.memory_size,
                     kind,
                     translation != GpuTranslation::kOff,
                     request.lane_group.value_or(0),
                     request.lane_pool.value_or(0),
                     request.lane_threads.value_or(0),
                     translation == GpuTranslation::kHotCode};
  config.branch_ring = request.branch_ring.value_or(config.branch_ring);
  config.devices = lane_devices(request, kind);
  Batch batch(config);
  batch.load_bytes(image.bytes, request.load_address);
  batch.set_pc_all(image.entry);
  const BatchRunSummary summary = batch.run(request.max_cycles);

  LanesReport report;
  report.engine = batch.engine_name();
  report.engine_note = engine_note;
  report.lanes = share.count;
  report.bytes_per_lane = batch.bytes_per_lane();
  report.pool_bytes = batch.pool_bytes();
  report.cycles = summary.total_cycles;
  report.engine_seconds = summary.elapsed_seconds;
  for (uint64_t lane = 0; lane < share.count; ++lane) {
    const LaneResult result = batch.result(lane);
    ++report.tallies[static_cast<int64_t>(result.stop_reason)];
    const bool faulted = stopped_at_fault(result.stop_reason);
    if (faulted && !request.json) {
      const StopRecord stop = stop_record(result);
      const std::string line =
          stop_text(stop) + (stop.reason == StopReason::kFault ? ", " + fault_text(stop) : std::string());
      add_fault_report(report,
                       lane_fault_text(share.first + lane, line, result.last_branches, config.branch_ring != 0));
    }
    if (!request.json) continue;
    JsonObject entry = lane_json(share.first + lane, result.cycles, stop_record(result), batch.state(lane));
    if (faulted) entry.add("last_branches", result.last_branches);
    report.results_json += (lane != 0 ? ", " : "") + entry.str();
  }
  return report;
}

int write_batch(const RunRequest& request, const LanesReport& report) {
  print_engine_note(report.engine_note);
  JsonObject stops;
  for (const auto& [reason, count] : report.tallies) {
    stops.add(core::stop_reason_name(static_cast<StopReason>(reason)), count);
  }
  const double ips = instructions_per_second(report.cycles, report.engine_seconds);
  if (request.json) {
    JsonObject json;
    json.add("engine", report.engine)
        .add("lanes", report.lanes)
        .add("stops", stops)
        .add("cycles", report.cycles)
        .add("elapsed_s", report.engine_seconds)
        .add("ips", ips)
        .add("bytes_per_lane", report.bytes_per_lane)
        .add("memory_per_lane_bytes", report.bytes_per_lane)
        .add("pool_bytes", report.pool_bytes)
        .add_json("results", "[" + report.results_json + "]");
    std::printf("%s\n", json.str().c_str());
    return 0;
  }
  print_lanes_header(report.engine.c_str(), report.lanes, report.bytes_per_lane, report.pool_bytes);
  std::printf("stops: %s\n", stops.str().c_str());
  std::printf("instructions: %" PRIu64 "  elapsed: %.6f s  aggregate ips: %.0f\n", report.cycles, report.engine_seconds,
              ips);
  print_fault_reports(report);
  return 0;
}

}  // namespace

int run_raw_image(const RunRequest& request) {
  if (request.lanes == 0) {
    const RawImage image = load_raw_image(request);
    return request.gdb_port ? debug_one_machine(request, image) : run_one_machine(request, image);
  }
  return run_lanes(
      request.lanes, [&](const LaneShare& share) { return run_batch_share(request, share); },
      [&](const LanesReport& report) { return write_batch(request, report); });
}

}  // namespace warp64::cli
