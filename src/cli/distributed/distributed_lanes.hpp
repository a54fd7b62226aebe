// The hook between an executor of --lanes and the processes that run the lanes: the whole run
// in this process, or, when mpirun started it, this rank's share, with rank 0 printing the
// ranks' merged report.
#pragma once

#include <cstdint>
#include <functional>

#include "cli/distributed/lanes_report.hpp"
#include "engine/multi_device/lane_share.hpp"

namespace warp64::cli {

// Runs a share of the lanes, numbered as the whole run numbers them. Throws on failure.
using LanesRunner = std::function<LanesReport(const LaneShare& share)>;
// Prints the report of the whole run; returns the run's exit status.
using LanesWriter = std::function<int(const LanesReport& report)>;

// Outside mpirun: write(run_share(every lane)). Under mpirun: every rank runs its share of
// `lanes`; rank 0 prints "warp64: rank K (lanes A-B): ERROR" on stderr for each rank whose
// share failed, then writes the others' merged report, and exits non-zero when a share failed
// (2 when no lane ran at all). The other ranks print nothing and exit 0.
int run_lanes(uint64_t lanes, const LanesRunner& run_share, const LanesWriter& write);

}  // namespace warp64::cli
