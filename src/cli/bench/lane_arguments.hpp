// A job's arguments: every "{lane}" replaced by the job's number, as `warp64 run --lanes`
// does for each lane, so that other runners can be given the same inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace warp64::cli {

inline std::vector<std::string> lane_arguments(const std::vector<std::string>& args, uint64_t lane) {
  std::vector<std::string> out = args;
  for (std::string& arg : out) {
    for (size_t at; (at = arg.find("{lane}")) != std::string::npos;) arg.replace(at, 6, std::to_string(lane));
  }
  return out;
}

}  // namespace warp64::cli
