// How the lanes of one run are split between the ranks of an MPI job.
#pragma once

#include <cstdint>

namespace warp64::cli {

// A contiguous run of lanes, numbered as the whole run numbers them.
struct LaneShare {
  uint64_t first = 0;
  uint64_t count = 0;
};

// Rank `rank` of `ranks` takes lanes / ranks lanes, and the first lanes % ranks ranks one more,
// so that the shares differ by at most one lane and follow each other in rank order.
inline LaneShare lane_share(uint64_t lanes, uint64_t ranks, uint64_t rank) {
  const uint64_t base = lanes / ranks;
  const uint64_t extra = lanes % ranks;
  const uint64_t first = rank * base + (rank < extra ? rank : extra);
  return {first, base + (rank < extra ? 1 : 0)};
}

}  // namespace warp64::cli
