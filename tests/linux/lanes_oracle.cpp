#include "lanes_oracle.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

// The sysroot option ("-L DIR") among warp64's options, which qemu-aarch64 takes as well.
std::vector<std::string> sysroot_option(const std::vector<std::string>& options) {
  const auto at = std::find(options.begin(), options.end(), "-L");
  return at == options.end() || at + 1 == options.end() ? std::vector<std::string>{}
                                                        : std::vector<std::string>{*at, *(at + 1)};
}

}  // namespace

std::string lanes_engine() {
  const char* engine = std::getenv("WARP64_LANES_ENGINE");
  return engine != nullptr ? engine : "cpu";
}

std::vector<std::string> lane_objects(const std::string& json) {
  std::vector<std::string> lanes;
  const size_t results = json.find("\"results\": [");
  for (size_t at = json.find('{', results); at != std::string::npos; at = json.find('{', at + 1)) {
    lanes.push_back(json.substr(at, json.find('}', at) - at + 1));
  }
  return lanes;
}

std::string json_string(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

std::string with_lane(std::string text, int lane) {
  for (size_t at; (at = text.find("{lane}")) != std::string::npos;) text.replace(at, 6, std::to_string(lane));
  return text;
}

std::vector<std::string> expect_lanes_match_qemu(const std::string& program, const std::vector<std::string>& args,
                                                 int lanes, std::vector<std::string> options,
                                                 const std::function<bool(int)>& check,
                                                 const std::vector<std::string>& env) {
  TempDir dir;
  const std::vector<std::string> base = {"--engine", lanes_engine(), "--lanes", std::to_string(lanes), "--json"};
  options.insert(options.begin(), base.begin(), base.end());
  const Outcome w = run_warp64(program, args, dir.path(), env, options);
  EXPECT_EQ(w.signal, 0);
  const std::vector<std::string> objects = lane_objects(w.out);
  EXPECT_EQ(objects.size(), static_cast<size_t>(lanes)) << w.out << w.err;
  for (int lane = 0; lane < lanes && lane < static_cast<int>(objects.size()); ++lane) {
    EXPECT_EQ(objects[lane].rfind("{\"lane\": " + std::to_string(lane) + ",", 0), 0u) << objects[lane];
    if (!check(lane)) continue;
    std::vector<std::string> lane_args;
    for (const std::string& arg : args) lane_args.push_back(with_lane(arg, lane));
    TempDir theirs;
    const Outcome q = run_qemu(program, lane_args, theirs.path(), env, sysroot_option(options));
    const std::string expected_status = "\"exit_code\": " + std::to_string(q.status) + ",";
    const std::string expected_out = "\"stdout\": \"" + json_string(q.out) + "\"";
    const std::string expected_err = "\"stderr\": \"" + json_string(q.err) + "\"";
    EXPECT_NE(objects[lane].find(expected_status), std::string::npos) << "lane " << lane << ": " << objects[lane];
    EXPECT_NE(objects[lane].find(expected_out), std::string::npos) << "lane " << lane << ": " << objects[lane];
    // A death by a signal has each tool's own report on stderr.
    if (q.status < 128) {
      EXPECT_NE(objects[lane].find(expected_err), std::string::npos) << "lane " << lane << ": " << objects[lane];
    }
  }
  return objects;
}

}  // namespace warp64::test
