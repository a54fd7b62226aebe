// `warp64 run PROGRAM [ARGS...]`: one guest process, or one per lane with --lanes.
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/distributed/distributed_lanes.hpp"
#include "cli/distributed/mpi_world.hpp"
#include "cli/lane_devices.hpp"
#include "cli/lane_fault_report.hpp"
#include "cli/run_report.hpp"
#include "cli/run_request.hpp"
#include "cli/run_trace.hpp"
#include "debug/debug_session.hpp"
#include "engine/engine_choice.hpp"
#include "engine/multi_device/device_shares.hpp"
#include "linux/elf_loader.hpp"
#include "linux/host_signals.hpp"
#include "linux/lane_processes.hpp"
#include "linux/process.hpp"

namespace warp64::cli {
namespace {

linux_abi::ProcessOptions process_options(const RunRequest& request) {
  linux_abi::ProcessOptions options;
  options.path = request.program;
  options.argv0 = request.argv0;
  options.args = request.program_args;
  options.set_env = request.set_env;
  options.unset_env = request.unset_env;
  options.sysroot = request.sysroot;
  options.strace = request.strace;
  options.strace_pids = request.strace_pids;
  options.max_cycles = request.max_cycles;
  options.engine = request.engine;
  options.translation.mode = request.cpu_translate;
  // Sync: every block is translated before it first runs.
  if (request.cpu_translate == TranslateMode::kSync) options.translation.threshold = 1;
  options.json_out = request.json_out;
  options.lane = request.debug_lane;
  return options;
}

void write_json_file(const std::string& path, const JsonObject& json) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) throw UsageError("cannot write '" + path + "'");
  std::fprintf(out, "%s\n", json.str().c_str());
  std::fclose(out);
}

// The run ends as the guest did: by its exit status, or by the signal that killed it. A forked
// guest's emulator writes no JSON and leaves without the parent's exit handlers.
int run_one_process(const RunRequest& request) {
  linux_abi::ProcessResult result;
  if (request.gdb_port) {
    result = debug::debug_process(process_options(request), *request.gdb_port);
  } else {
    RequestedTrace trace(request);  // closed before warp64 dies of the guest's signal
    linux_abi::ProcessOptions options = process_options(request);
    options.observer = trace.observer();
    result = linux_abi::run_process(options);
  }
  std::fflush(stdout);
  if (!request.json_out.empty() && !result.forked) {
    JsonObject json = final_state_json(stop_record(result.last, result.state.pc), result.state, result.cycles,
                                       result.engine, result.elapsed_seconds);
    json.add("exit_code", result.exit_code).add("signal", result.signal).add("compile_s", result.compile_seconds);
    write_json_file(request.json_out, json);
  }
  if (result.signal != 0) linux_abi::host_signals::die_by(result.signal);
  if (result.forked) {
    std::fflush(nullptr);
    _exit(result.exit_code);
  }
  return result.exit_code;
}

// One device's share of the lanes, on engine `kind`.
LanesReport run_program_device_share(const RunRequest& request, EngineKind kind, const DeviceShare& device_share) {
  const LaneShare& share = device_share.lanes;
  linux_abi::LaneProcessOptions options;
  options.process = process_options(request);
  options.process.engine = kind;
  for (std::string& name : launcher_variables()) options.process.unset_env.push_back(std::move(name));
  options.lanes = share.count;
  options.first_lane = share.first;
  options.device = device_share.device;
  options.translate = request.translate.value_or(options.translate);
  options.stack_size = request.lane_stack.value_or(options.stack_size);
  options.heap_size = request.lane_heap.value_or(options.heap_size);
  options.mmap_size = request.lane_mmap.value_or(options.mmap_size);
  options.max_slots = request.lane_slots.value_or(options.max_slots);
  options.memory.group_size = request.lane_group.value_or(options.memory.group_size);
  options.memory.branch_ring = request.branch_ring.value_or(options.memory.branch_ring);
  options.memory.pool_bytes = device_share.pool_bytes;
  options.cpu_threads = device_share.cpu_threads;
  const linux_abi::LaneProcessesResult result = linux_abi::run_lane_processes(options);

  LanesReport report;
  report.engine = result.engine;
  report.lanes = share.count;
  report.bytes_per_lane = result.bytes_per_lane;
  report.pool_bytes = result.pool_bytes;
  report.cycles = result.cycles;
  report.launches = result.launches;
  report.translated_launches = result.translated_launches;
  report.hot_code = result.hot_code;
  report.engine_seconds = result.engine_seconds;
  report.wall_seconds = result.wall_seconds;
  report.host_service_seconds = result.host_service_seconds;
  report.idle_share = result.idle_share();
  for (uint64_t lane = 0; lane < share.count; ++lane) {
    const linux_abi::LaneProcessOutcome& outcome = result.lanes[lane];
    ++report.tallies[outcome.exit_code];
    const bool faulted = !outcome.fault.empty();
    if (faulted && !request.json) {
      add_fault_report(report, lane_fault_text(share.first + lane, outcome.fault, outcome.last_branches,
                                               options.memory.branch_ring != 0, result.symbolize));
    }
    if (!request.json) continue;
    JsonObject entry = lane_json(share.first + lane, outcome.cycles);
    entry.add("exit_code", outcome.exit_code).add_bytes("stdout", outcome.out).add_bytes("stderr", outcome.err);
    if (faulted) entry.add("last_branches", outcome.last_branches);
    report.results_json += (lane != 0 ? ", " : "") + entry.str();
  }
  return report;
}

// One share of the lanes, or all of them, spread over the devices: their reports merged as the
// ranks' are.
LanesReport run_program_share(const RunRequest& request, const LaneShare& share) {
  std::string engine_note;
  const EngineKind kind = resolve_engine(request.engine, Workload::kLanes, engine_note);
  const std::vector<DeviceShare> shares = device_shares(
      share, lane_devices(request, kind), kind, request.lane_pool.value_or(0), request.lane_threads.value_or(0));
  LanesReport report = merge_reports(run_each_on_own_thread<LanesReport>(
      shares, [&](const DeviceShare& part) { return run_program_device_share(request, kind, part); }));
  report.engine_note = engine_note;
  return report;
}

int write_program_lanes(const RunRequest& request, const LanesReport& report) {
  print_engine_note(report.engine_note);
  JsonObject statuses;
  for (const auto& [status, count] : report.tallies) statuses.add(std::to_string(status), count);
  const double ips = instructions_per_second(report.cycles, report.engine_seconds);
  if (request.json) {
    JsonObject json;
    json.add("engine", report.engine)
        .add("lanes", report.lanes)
        .add("exit_codes", statuses)
        .add("cycles", report.cycles)
        .add("launches", report.launches)
        .add("translated_launches", report.translated_launches)
        .add("hot_code", report.hot_code)
        .add("engine_s", report.engine_seconds)
        .add("wall_s", report.wall_seconds)
        .add("host_service_s", report.host_service_seconds)
        .add("gpu_idle_share", report.idle_share)
        .add("ips", ips)
        .add("bytes_per_lane", report.bytes_per_lane)
        .add("memory_per_lane_bytes", report.bytes_per_lane)
        .add("pool_bytes", report.pool_bytes)
        .add_json("results", "[" + report.results_json + "]");
    std::printf("%s\n", json.str().c_str());
  } else {
    print_lanes_header(report.engine.c_str(), report.lanes, report.bytes_per_lane, report.pool_bytes);
    std::printf("exit codes (status: lanes): %s\n", statuses.str().c_str());
    std::printf("instructions: %" PRIu64 "  engine: %.6f s  wall: %.6f s  launches: %" PRIu64 " (%" PRIu64
                " translated)  aggregate ips: %.0f\n",
                report.cycles, report.engine_seconds, report.wall_seconds, report.launches, report.translated_launches,
                ips);
    std::printf("host service: %.6f s  engine idle: %.1f%% of wall time\n", report.host_service_seconds,
                100 * report.idle_share);
    if (!report.hot_code.empty()) std::printf("hot code: %s\n", report.hot_code.c_str());
    print_fault_reports(report);
  }
  const bool all_exited_zero = report.tallies.size() == 1 && report.tallies.begin()->first == 0;
  return all_exited_zero ? 0 : 1;
}

int run_program_lanes(const RunRequest& request) {
  return run_lanes(
      request.lanes, [&](const LaneShare& share) { return run_program_share(request, share); },
      [&](const LanesReport& report) { return write_program_lanes(request, report); });
}

}  // namespace

// Lane K's process alone: its arguments with {lane} = K, marked as lane K's (so that fork and
// exec are refused as in the lane), on the CPU engine.
int run_debugged_lane(const RunRequest& request) {
  RunRequest lane = request;
  lane.lanes = 0;
  lane.engine = EngineKind::kCpu;
  for (std::string& arg : lane.program_args) arg = linux_abi::with_lane(arg, *request.debug_lane);
  return run_one_process(lane);
}

int run_program(const RunRequest& request) {
  try {
    if (request.debug_lane) return run_debugged_lane(request);
    return request.lanes != 0 ? run_program_lanes(request) : run_one_process(request);
  } catch (const linux_abi::ElfError& error) {
    throw UsageError(error.what());
  }
}

}  // namespace warp64::cli
