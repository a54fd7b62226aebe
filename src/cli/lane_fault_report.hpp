// The report of a --lanes run's lane that died of a fault, as its text output shows it under
// the summary: the lane's one-line report, then the path that led there, the destinations of
// its last taken branches (engine/lanes/branch_ring.hpp), oldest first, each named by its
// symbol where the executable has symbols:
//
//   lane 3: guest SIGSEGV: read from 0x0 at pc 0x4006f8 <g+0x8> (instruction 0xb9400000)
//     last branches, oldest first:
//       0x00000000004006f0 <g>
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "cli/distributed/lanes_report.hpp"

namespace warp64::cli {

// The symbol at an address, "func+0x1c"; empty where there is none.
using Symbolizer = std::function<std::string(uint64_t)>;

// The report of lane `lane`: `line` is its one-line report, less a leading "warp64: " and
// "lane N: " (the text names the lane itself). Without `ring_kept` (--branch-ring 0) the
// report says nothing of branches: none were recorded, which is not none taken.
std::string lane_fault_text(uint64_t lane, const std::string& line, std::span<const uint64_t> branches, bool ring_kept,
                            const Symbolizer& symbolize = {});

// The reports a run's text output shows, and a line for the lanes beyond them.
void print_fault_reports(const LanesReport& report);

}  // namespace warp64::cli
