#include "cli/distributed/distributed_lanes.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/distributed/mpi_world.hpp"

namespace warp64::cli {
namespace {

// A rank's message to rank 0 begins with one of these.
constexpr char kReportTag = 'R';
constexpr char kFailureTag = 'F';

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

std::string run_share_message(const LaneShare& share, const LanesRunner& run_share) {
  try {
    return kReportTag + encode_report(share.count != 0 ? run_share(share) : LanesReport{});
  } catch (const std::exception& error) {
    return kFailureTag + one_line(error.what());
  }
}

int run_lanes_across_ranks(uint64_t lanes, const LanesRunner& run_share, const LanesWriter& write) {
  const MpiWorld world;
  const std::string message = run_share_message(lane_share(lanes, world.size(), world.rank()), run_share);
  const std::vector<std::string> messages = world.gather(message);
  if (world.rank() != 0) return 0;

  std::vector<LanesReport> shares;
  bool share_failed = false;
  for (int rank = 0; rank < world.size(); ++rank) {
    const std::string& received = messages[rank];
    if (received.front() == kReportTag) {
      shares.push_back(decode_report(received.substr(1)));
      continue;
    }
    const LaneShare share = lane_share(lanes, world.size(), rank);
    std::fprintf(stderr, "warp64: rank %d (lanes %" PRIu64 "-%" PRIu64 "): %s\n", rank, share.first,
                 share.first + share.count - 1, received.c_str() + 1);
    share_failed = true;
  }
  const LanesReport whole = merge_reports(shares);
  if (whole.lanes == 0) return 2;
  const int status = write(whole);
  return share_failed ? std::max(status, 1) : status;
}

}  // namespace

int run_lanes(uint64_t lanes, const LanesRunner& run_share, const LanesWriter& write) {
  if (!started_by_mpirun()) return write(run_share({0, lanes}));
  return run_lanes_across_ranks(lanes, run_share, write);
}

}  // namespace warp64::cli
