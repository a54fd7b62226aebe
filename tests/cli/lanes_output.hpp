// What the tests of lanes shared between processes or devices compare: a run's report with its
// timings and memory figures blanked, and a small raw image whose lanes all end alike.
#pragma once

#include <cstdint>
#include <fstream>
#include <regex>
#include <string>

#include "warp64_command.hpp"

namespace {

// The report with its timings blanked: JSON's engine_s, wall_s, elapsed_s, host_service_s,
// gpu_idle_share and ips, and the text summary's "engine: T s", "wall: T s", "elapsed: T s",
// "host service: T s", "engine idle: P%" and "aggregate ips: N"; and its memory figures, which
// depend on how many lanes a process or device runs (each has a page pool of its own, sized
// for its share): bytes_per_lane, memory_per_lane_bytes, pool_bytes, "memory per lane" and
// "page pool".
std::string without_timings(const std::string& report) {
  static const std::regex json_timing(
      R"re("(engine_s|wall_s|elapsed_s|host_service_s|gpu_idle_share|ips|bytes_per_lane|memory_per_lane_bytes|pool_bytes)": [-+.0-9eE]+)re");
  static const std::regex text_timing(
      R"re((engine|wall|elapsed|host service): [.0-9]+ s|(aggregate ips): [0-9]+|(engine idle): [.0-9]+%|(memory per lane|page pool): [0-9]+ bytes)re");
  return std::regex_replace(std::regex_replace(report, json_timing, "\"$1\": T"), text_timing, "$1$2$3$4 T");
}

// movz x0, #42; add x1, x0, #1; hlt #0: every lane stops at HALT with x0 = 42 and x1 = 43.
std::string write_raw_image() {
  const std::string path = scratch_dir() + "/add.bin";
  std::ofstream out(path, std::ios::binary);
  for (const uint32_t word : {0xD2800540u, 0x91000401u, 0xD4400000u}) {
    for (int b = 0; b < 4; ++b) out.put(static_cast<char>(word >> (8 * b)));
  }
  return path;
}

}  // namespace
