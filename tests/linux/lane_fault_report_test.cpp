// A lane that dies reports the path that led there: `warp64 run --lanes 5 lane_fault_libc
// {lane}`, where lane 3 alone reads through a bad pointer in g, called by f, called by main.
// The ring's last destinations must be g's and f's entry points and a place in main, read from
// the executable's symbol table by aarch64-linux-gnu-nm (the oracle); the other lanes print
// (lane + 1) * 2 and exit 0.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

struct Symbol {
  uint64_t address = 0;
  uint64_t size = 0;
};

// `nm -S`'s sized symbols of the program: "ADDRESS SIZE TYPE NAME" lines.
std::map<std::string, Symbol> symbols_of(const std::string& path) {
  TempDir dir;
  const Outcome nm = run_command({WARP64_AARCH64_NM, "-S", path}, dir.path(), {});
  EXPECT_EQ(nm.status, 0) << nm.err;
  std::map<std::string, Symbol> symbols;
  std::istringstream lines(nm.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string address, size, type, name;
    if (!(fields >> address >> size >> type >> name)) continue;
    symbols[name] = {std::stoull(address, nullptr, 16), std::stoull(size, nullptr, 16)};
  }
  return symbols;
}

std::string address_text(uint64_t address) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%016" PRIx64, address);
  return text;
}

// The addresses of a JSON array of numbers that follows `key` in `json`.
std::vector<uint64_t> json_numbers(const std::string& json, const std::string& key) {
  std::vector<uint64_t> numbers;
  const size_t at = json.find("\"" + key + "\": [");
  if (at == std::string::npos) return numbers;
  std::istringstream items(json.substr(json.find('[', at) + 1, json.find(']', at) - json.find('[', at) - 1));
  for (std::string item; std::getline(items, item, ',');) numbers.push_back(std::stoull(item));
  return numbers;
}

class LaneFaultReport : public ::testing::Test {
 protected:
  void SetUp() override {
    symbols_ = symbols_of(program("lane_fault_libc"));
    for (const char* name : {"main", "f", "g"}) ASSERT_TRUE(symbols_.contains(name)) << name;
  }

  Outcome run_lanes(const std::vector<std::string>& options) {
    std::vector<std::string> all = {"--engine", "cpu", "--lanes", "5"};
    all.insert(all.end(), options.begin(), options.end());
    return run_warp64("lane_fault_libc", {"{lane}"}, dir_.path(), {"WARP64_TEST=1"}, all);
  }

  std::map<std::string, Symbol> symbols_;
  TempDir dir_;
};

TEST_F(LaneFaultReport, TextNamesTheSignalTheAddressAndThePath) {
  const Outcome w = run_lanes({});
  EXPECT_EQ(w.status, 1) << w.out << w.err;  // one lane did not exit 0
  const size_t block = w.out.find("lane 3: guest SIGSEGV: read from 0x10 at pc ");
  ASSERT_NE(block, std::string::npos) << w.out;
  std::istringstream lines(w.out.substr(block));
  std::string fault_line, heading;
  std::getline(lines, fault_line);
  std::getline(lines, heading);
  // The fault is g's first load: its pc is g's address.
  char pc[40];
  std::snprintf(pc, sizeof pc, "at pc 0x%" PRIx64 " <g+0x0>", symbols_["g"].address);
  EXPECT_NE(fault_line.find(pc), std::string::npos) << fault_line;
  EXPECT_EQ(heading, "  last branches, oldest first:");
  std::vector<std::string> entries;
  for (std::string line; std::getline(lines, line) && line.rfind("    0x", 0) == 0;) entries.push_back(line);
  ASSERT_GE(entries.size(), 3u) << w.out;
  EXPECT_EQ(entries[entries.size() - 1], "    " + address_text(symbols_["g"].address) + " <g+0x0>");
  EXPECT_EQ(entries[entries.size() - 2], "    " + address_text(symbols_["f"].address) + " <f+0x0>");
  const uint64_t in_main = std::stoull(entries[entries.size() - 3].substr(4, 18), nullptr, 16);
  EXPECT_GE(in_main, symbols_["main"].address);
  EXPECT_LT(in_main, symbols_["main"].address + symbols_["main"].size);
  // Lane 3's report alone: the other lanes exited.
  EXPECT_EQ(w.out.find("last branches"), w.out.rfind("last branches")) << w.out;
}

TEST_F(LaneFaultReport, JsonGivesTheFaultingLanesBranches) {
  const Outcome w = run_lanes({"--json"});
  EXPECT_EQ(w.status, 1) << w.err;
  for (int lane = 0; lane < 5; ++lane) {
    const size_t begin = w.out.find("{\"lane\": " + std::to_string(lane) + ",");
    ASSERT_NE(begin, std::string::npos) << w.out;
    const std::string entry = w.out.substr(begin, w.out.find('}', begin) - begin + 1);
    if (lane != 3) {
      EXPECT_NE(entry.find("\"exit_code\": 0,"), std::string::npos) << entry;
      const std::string output = "lane " + std::to_string(lane) + ": " + std::to_string((lane + 1) * 2) + "\\u000a";
      EXPECT_NE(entry.find("\"stdout\": \"" + output + "\""), std::string::npos) << entry;
      EXPECT_EQ(entry.find("last_branches"), std::string::npos) << entry;
      continue;
    }
    EXPECT_NE(entry.find("\"exit_code\": 139,"), std::string::npos) << entry;  // 128 + SIGSEGV
    EXPECT_NE(entry.find("guest SIGSEGV: read from 0x10 at pc"), std::string::npos) << entry;
    const std::vector<uint64_t> branches = json_numbers(entry, "last_branches");
    ASSERT_GE(branches.size(), 3u) << entry;
    EXPECT_LE(branches.size(), 32u);
    EXPECT_EQ(branches[branches.size() - 1], symbols_["g"].address);
    EXPECT_EQ(branches[branches.size() - 2], symbols_["f"].address);
    EXPECT_GE(branches[branches.size() - 3], symbols_["main"].address);
    EXPECT_LT(branches[branches.size() - 3], symbols_["main"].address + symbols_["main"].size);
  }
}

}  // namespace
}  // namespace warp64::test
