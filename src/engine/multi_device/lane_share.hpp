// How the lanes of one run are split into contiguous shares: between the ranks of an MPI job,
// and between the devices of one host.
#pragma once

#include <cstdint>

namespace warp64 {

// A contiguous run of lanes, numbered as the whole run numbers them.
struct LaneShare {
  uint64_t first = 0;
  uint64_t count = 0;
};

// Part `part` of `parts` takes lanes / parts lanes, and the first lanes % parts parts one more,
// so that the shares differ by at most one lane and follow each other in part order.
inline LaneShare lane_share(uint64_t lanes, uint64_t parts, uint64_t part) {
  const uint64_t base = lanes / parts;
  const uint64_t extra = lanes % parts;
  const uint64_t first = part * base + (part < extra ? part : extra);
  return {first, base + (part < extra ? 1 : 0)};
}

}  // namespace warp64
