// What a run of lanes found, for the whole run or one rank's share of it: the executors fill
// it, a distributed run merges the ranks' reports into one, and each form's writer prints it,
// so that the same lanes print the same bytes however many processes ran them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace warp64::cli {

struct LanesReport {
  std::string engine;       // the engine that ran the lanes
  std::string engine_note;  // why auto did not take the GPU; empty when it did or was not asked
  uint64_t lanes = 0;
  uint64_t bytes_per_lane = 0;
  uint64_t pool_bytes = 0;  // the lanes' page pool (a rank's, the largest of a distributed run)
  uint64_t cycles = 0;      // over all lanes
  uint64_t launches = 0;
  uint64_t translated_launches = 0;  // launches that ran translated code (GPU hot code)
  std::string hot_code;              // what GPU hot code did, in a line (empty: nothing)
  double engine_seconds = 0;         // the engine's own measure of its runs
  double wall_seconds = 0;
  double host_service_seconds = 0;      // servicing stopped lanes between launches
  double idle_share = 0;                // share of wall time with no launch running
  std::map<int64_t, uint64_t> tallies;  // lanes by outcome: exit status, or stop reason
  std::string results_json;             // each lane's JSON entry in lane order, comma-separated (--json only)
  // The text reports of the lanes that died of a fault (lane_fault_report.hpp), the first
  // kFaultReportsShown of them in lane order, and how many lanes died so.
  std::vector<std::string> fault_reports;
  uint64_t faulted_lanes = 0;
};

// Fault reports a run's text output shows at most; --json has every lane's.
inline constexpr size_t kFaultReportsShown = 10;

// Counts a lane that died of a fault, keeping its report while fewer than kFaultReportsShown are.
void add_fault_report(LanesReport& report, std::string text);

// Several shares of one run, in lane order, as one report. Shares without lanes add nothing;
// the shares ran side by side, so the run's times are the longest share's.
LanesReport merge_reports(const std::vector<LanesReport>& shares);

// A report as bytes, to travel between processes, and back.
std::string encode_report(const LanesReport& report);
LanesReport decode_report(const std::string& bytes);

}  // namespace warp64::cli
