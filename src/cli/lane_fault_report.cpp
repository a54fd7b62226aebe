#include "cli/lane_fault_report.hpp"

#include <cinttypes>
#include <cstdio>
#include <string_view>

namespace warp64::cli {
namespace {

std::string_view without_prefix(std::string_view text, std::string_view prefix) {
  return text.starts_with(prefix) ? text.substr(prefix.size()) : text;
}

}  // namespace

std::string lane_fault_text(uint64_t lane, const std::string& line, std::span<const uint64_t> branches, bool ring_kept,
                            const Symbolizer& symbolize) {
  const std::string lane_prefix = "lane " + std::to_string(lane) + ": ";
  const std::string_view what = without_prefix(without_prefix(line, "warp64: "), lane_prefix);
  std::string text = lane_prefix + std::string(what) + "\n";
  if (!ring_kept) return text;
  text += branches.empty() ? "  last branches: none taken\n" : "  last branches, oldest first:\n";
  for (const uint64_t destination : branches) {
    char address[24];
    std::snprintf(address, sizeof address, "0x%016" PRIx64, destination);
    text += "    " + std::string(address);
    const std::string symbol = symbolize ? symbolize(destination) : "";
    if (!symbol.empty()) text += " <" + symbol + ">";
    text += "\n";
  }
  return text;
}

void print_fault_reports(const LanesReport& report) {
  for (const std::string& text : report.fault_reports) std::fputs(text.c_str(), stdout);
  if (report.faulted_lanes > report.fault_reports.size()) {
    std::printf("... and %" PRIu64 " more lanes died of a fault (--json has every lane's last_branches)\n",
                report.faulted_lanes - report.fault_reports.size());
  }
}

}  // namespace warp64::cli
