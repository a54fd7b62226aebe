// `warp64 run --raw FILE`: one machine, or a batch of lanes with --lanes.
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/run_report.hpp"
#include "cli/run_request.hpp"
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

void print_engine_note(const std::string& note) {
  if (!note.empty()) std::fprintf(stderr, "warp64: note: %s\n", note.c_str());
}

int run_one_machine(const RunRequest& request, const std::vector<uint8_t>& image, uint64_t entry) {
  Machine machine({request.memory_size, request.engine});
  print_engine_note(machine.engine_note());
  machine.load_bytes(image, request.load_address);
  machine.set_pc(entry);
  const ExecResult result = machine.execute(request.max_cycles);
  const StopRecord stop = stop_record(result);
  if (request.json) {
    const JsonObject json =
        final_state_json(stop, machine.state(), result.cycles, machine.engine_name(), result.elapsed_seconds);
    std::printf("%s\n", json.str().c_str());
  } else {
    print_final_state(stop, machine.state(), result.cycles, machine.engine_name(), result.elapsed_seconds);
  }
  return 0;
}

int run_batch(const RunRequest& request, const std::vector<uint8_t>& image, uint64_t entry) {
  if (request.memory_size % kPageSize != 0) throw UsageError("--memory must be a multiple of 4096 with --lanes");
  if (request.load_address % kPageSize != 0) throw UsageError("--load must be a multiple of 4096 with --lanes");
  Batch batch({request.lanes, request.memory_size, request.engine, request.translate.value_or(true),
               request.lane_group.value_or(0), request.lane_pool.value_or(0), request.lane_threads.value_or(0)});
  print_engine_note(batch.engine_note());
  batch.load_bytes(image, request.load_address);
  batch.set_pc_all(entry);
  const BatchRunSummary summary = batch.run(request.max_cycles);

  std::map<StopReason, uint64_t> by_reason;
  for (uint64_t lane = 0; lane < request.lanes; ++lane) ++by_reason[batch.result(lane).stop_reason];
  JsonObject stops;
  for (const auto& [reason, count] : by_reason) stops.add(core::stop_reason_name(reason), count);
  if (request.json) {
    std::vector<JsonObject> lanes;
    lanes.reserve(request.lanes);
    for (uint64_t lane = 0; lane < request.lanes; ++lane) {
      const LaneResult result = batch.result(lane);
      lanes.push_back(lane_json(lane, result.cycles, stop_record(result), batch.state(lane)));
    }
    JsonObject json;
    json.add("engine", batch.engine_name())
        .add("lanes", request.lanes)
        .add("stops", stops)
        .add("cycles", summary.total_cycles)
        .add("elapsed_s", summary.elapsed_seconds)
        .add("ips", summary.ips)
        .add("memory_per_lane_bytes", batch.bytes_per_lane())
        .add("pool_bytes", batch.pool_bytes())
        .add("results", lanes);
    std::printf("%s\n", json.str().c_str());
    return 0;
  }
  print_lanes_header(batch.engine_name(), request.lanes, batch.bytes_per_lane(), batch.pool_bytes());
  std::printf("stops: %s\n", stops.str().c_str());
  std::printf("instructions: %" PRIu64 "  elapsed: %.6f s  aggregate ips: %.0f\n", summary.total_cycles,
              summary.elapsed_seconds, summary.ips);
  return 0;
}

}  // namespace

int run_raw_image(const RunRequest& request) {
  const std::vector<uint8_t> image = read_raw_image(request.raw_path);
  const uint64_t entry = request.entry.value_or(request.load_address);
  if (request.load_address > request.memory_size || image.size() > request.memory_size - request.load_address) {
    throw UsageError("image of " + std::to_string(image.size()) + " bytes at " + hex(request.load_address) +
                     " does not fit in " + std::to_string(request.memory_size) + " bytes of memory");
  }
  if (entry >= request.memory_size) throw UsageError("entry address " + hex(entry) + " is outside memory");
  return request.lanes != 0 ? run_batch(request, image, entry) : run_one_machine(request, image, entry);
}

}  // namespace warp64::cli
