#include "cli/distributed/lanes_report.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace warp64::cli {
namespace {

// The distinct non-empty texts of a list, in order of first appearance, joined by `separator`.
std::string join_distinct(const std::vector<std::string>& texts, const std::string& separator) {
  std::vector<std::string> seen;
  std::string joined;
  for (const std::string& text : texts) {
    if (text.empty() || std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
    joined += (seen.empty() ? "" : separator) + text;
    seen.push_back(text);
  }
  return joined;
}

class ByteWriter {
 public:
  template <typename T>
  void put(T value) {
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void put(const std::string& text) {
    put<uint64_t>(text.size());
    bytes_ += text;
  }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(const std::string& bytes) : bytes_(bytes) {}
  template <typename T>
  T get() {
    T value;
    std::memcpy(&value, take(sizeof value), sizeof value);
    return value;
  }
  std::string get_string() {
    const uint64_t size = get<uint64_t>();
    return std::string(take(size), size);
  }

 private:
  const char* take(uint64_t size) {
    if (size > bytes_.size() - at_) throw std::runtime_error("a rank's report is truncated");
    const char* data = bytes_.data() + at_;
    at_ += size;
    return data;
  }

  const std::string& bytes_;
  uint64_t at_ = 0;
};

}  // namespace

void add_fault_report(LanesReport& report, std::string text) {
  ++report.faulted_lanes;
  if (report.fault_reports.size() < kFaultReportsShown) report.fault_reports.push_back(std::move(text));
}

LanesReport merge_reports(const std::vector<LanesReport>& shares) {
  LanesReport whole;
  std::vector<std::string> engines, notes, hot_code;
  for (const LanesReport& share : shares) {
    if (share.lanes == 0) continue;
    engines.push_back(share.engine);
    notes.push_back(share.engine_note);
    hot_code.push_back(share.hot_code);
    whole.lanes += share.lanes;
    whole.bytes_per_lane = std::max(whole.bytes_per_lane, share.bytes_per_lane);
    whole.pool_bytes = std::max(whole.pool_bytes, share.pool_bytes);
    whole.cycles += share.cycles;
    whole.launches = std::max(whole.launches, share.launches);
    whole.translated_launches = std::max(whole.translated_launches, share.translated_launches);
    whole.engine_seconds = std::max(whole.engine_seconds, share.engine_seconds);
    whole.wall_seconds = std::max(whole.wall_seconds, share.wall_seconds);
    whole.host_service_seconds = std::max(whole.host_service_seconds, share.host_service_seconds);
    whole.idle_share = std::max(whole.idle_share, share.idle_share);
    for (const auto& [outcome, count] : share.tallies) whole.tallies[outcome] += count;
    if (!share.results_json.empty()) {
      whole.results_json += (whole.results_json.empty() ? "" : ", ") + share.results_json;
    }
    for (const std::string& text : share.fault_reports) add_fault_report(whole, text);
    whole.faulted_lanes += share.faulted_lanes - share.fault_reports.size();
  }
  whole.engine = join_distinct(engines, "+");
  whole.engine_note = join_distinct(notes, "; ");
  whole.hot_code = join_distinct(hot_code, "; ");
  return whole;
}

std::string encode_report(const LanesReport& report) {
  ByteWriter out;
  out.put(report.engine);
  out.put(report.engine_note);
  out.put(report.lanes);
  out.put(report.bytes_per_lane);
  out.put(report.pool_bytes);
  out.put(report.cycles);
  out.put(report.launches);
  out.put(report.translated_launches);
  out.put(report.hot_code);
  out.put(report.engine_seconds);
  out.put(report.wall_seconds);
  out.put(report.host_service_seconds);
  out.put(report.idle_share);
  out.put<uint64_t>(report.tallies.size());
  for (const auto& [outcome, count] : report.tallies) {
    out.put(outcome);
    out.put(count);
  }
  out.put(report.results_json);
  out.put<uint64_t>(report.fault_reports.size());
  for (const std::string& text : report.fault_reports) out.put(text);
  out.put(report.faulted_lanes);
  return out.take();
}

LanesReport decode_report(const std::string& bytes) {
  ByteReader in(bytes);
  LanesReport report;
  report.engine = in.get_string();
  report.engine_note = in.get_string();
  report.lanes = in.get<uint64_t>();
  report.bytes_per_lane = in.get<uint64_t>();
  report.pool_bytes = in.get<uint64_t>();
  report.cycles = in.get<uint64_t>();
  report.launches = in.get<uint64_t>();
  report.translated_launches = in.get<uint64_t>();
  report.hot_code = in.get_string();
  report.engine_seconds = in.get<double>();
  report.wall_seconds = in.get<double>();
  report.host_service_seconds = in.get<double>();
  report.idle_share = in.get<double>();
  for (uint64_t tally = in.get<uint64_t>(); tally > 0; --tally) {
    const int64_t outcome = in.get<int64_t>();
    report.tallies[outcome] = in.get<uint64_t>();
  }
  report.results_json = in.get_string();
  for (uint64_t shown = in.get<uint64_t>(); shown > 0; --shown) report.fault_reports.push_back(in.get_string());
  report.faulted_lanes = in.get<uint64_t>();
  return report;
}

}  // namespace warp64::cli
