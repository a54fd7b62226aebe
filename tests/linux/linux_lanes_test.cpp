// `warp64 run --lanes N PROGRAM ARGS`: every lane is its own process, given its own argument
// through "{lane}"; each lane's output and exit status must be what qemu-aarch64 gives that
// process on its own. The engine is the CPU's unless WARP64_LANES_ENGINE names another.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "guest_runner.hpp"

namespace warp64::test {
namespace {

std::string lanes_engine() {
  const char* engine = std::getenv("WARP64_LANES_ENGINE");
  return engine != nullptr ? engine : "cpu";
}

// The per-lane objects of the --json output, in lane order (they hold no nested braces).
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
  for (char c : text) {
    if (c == '\n') {
      out += "\\u000a";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

// Runs fate_libc {lane} in `lanes` lanes with `options` and checks each lane's exit status
// and stdout against qemu-aarch64's run of the program with that lane's number.
void expect_fate_lanes_match_qemu(int lanes, const std::vector<std::string>& options) {
  TempDir dir;
  std::vector<std::string> all = {"--engine", lanes_engine(), "--lanes", std::to_string(lanes), "--json"};
  all.insert(all.end(), options.begin(), options.end());
  const Outcome w = run_warp64("fate_libc", {"{lane}"}, dir.path(), {"WARP64_TEST=1"}, all);
  EXPECT_EQ(w.signal, 0);
  EXPECT_EQ(w.status, 1) << "some lanes exit non-zero, so warp64 exits 1: " << w.err;
  const std::vector<std::string> objects = lane_objects(w.out);
  ASSERT_EQ(objects.size(), static_cast<size_t>(lanes)) << w.out;
  for (int lane = 0; lane < lanes; ++lane) {
    TempDir theirs;
    const Outcome q = run_qemu("fate_libc", {std::to_string(lane)}, theirs.path());
    std::ostringstream expected_lane, expected_status, expected_out;
    expected_lane << "{\"lane\": " << lane << ",";
    expected_status << "\"exit_code\": " << q.status << ",";
    expected_out << "\"stdout\": \"" << json_string(q.out) << "\"";
    EXPECT_EQ(objects[lane].rfind(expected_lane.str(), 0), 0u) << objects[lane];
    EXPECT_NE(objects[lane].find(expected_status.str()), std::string::npos) << "lane " << lane << ": " << objects[lane];
    EXPECT_NE(objects[lane].find(expected_out.str()), std::string::npos) << "lane " << lane << ": " << objects[lane];
  }
}

TEST(LinuxLanes, EveryLaneIsItsOwnProcess) { expect_fate_lanes_match_qemu(9, {}); }

// More lanes than slots: each slot takes the next job as its lane ends (a fault and an abort
// among them), with memory and descriptors as new, and the results come in lane order.
TEST(LinuxLanes, SlotsAreRefilledWithTheNextLanes) { expect_fate_lanes_match_qemu(11, {"--lane-slots", "3"}); }

TEST(LinuxLanes, SummaryCountsLanesByExitCode) {
  TempDir dir;
  const Outcome w = run_warp64("echo_libc", {"lane", "{lane}"}, dir.path(), {"WARP64_TEST=1"},
                               {"--engine", lanes_engine(), "--lanes", "5"});
  EXPECT_EQ(w.status, 1) << w.err;  // echo_libc exits with argc = 3
  EXPECT_NE(w.out.find("lanes: 5"), std::string::npos) << w.out;
  EXPECT_NE(w.out.find("exit codes (status: lanes): {\"3\": 5}"), std::string::npos) << w.out;
}

// Runs `program args` in `lanes` lanes and expects every lane to print `out` and to have had
// the note that `call` is not supported in lanes, once, as its stderr.
void expect_refused_in_every_lane(const std::string& program, const std::string& args, int lanes,
                                  const std::string& out, const std::string& call) {
  TempDir dir;
  const Outcome w = run_warp64(program, {args}, dir.path(), {"WARP64_TEST=1"},
                               {"--engine", lanes_engine(), "--lanes", std::to_string(lanes), "--json"});
  EXPECT_EQ(w.status, 0) << w.err;
  const std::vector<std::string> objects = lane_objects(w.out);
  ASSERT_EQ(objects.size(), static_cast<size_t>(lanes)) << w.out;
  for (int lane = 0; lane < lanes; ++lane) {
    EXPECT_NE(objects[lane].find("\"stdout\": \"" + json_string(out) + "\""), std::string::npos) << objects[lane];
    const std::string note =
        "warp64: lane " + std::to_string(lane) + ": " + call + " is not supported in lanes; run it as one process\n";
    EXPECT_NE(objects[lane].find("\"stderr\": \"" + json_string(note) + "\""), std::string::npos) << objects[lane];
  }
}

// A lane is one process: fork fails with ENOSYS, as for a call Linux lacks, and the lane's
// stderr says why.
TEST(LinuxLanes, ForkIsRefusedWithANote) {
  expect_refused_in_every_lane("processes_libc", "fork-only", 3, "fork: ENOSYS\n", "fork");
}

// A lane's descriptors are its own: its files, offsets, dups and its close(1) (as `gzip -c`
// makes) are what qemu-aarch64 gives the program on its own with its stdout a pipe (as a
// lane's captured stdout is), and warp64's own output, the JSON after every lane closed its
// stdout, is intact.
TEST(LinuxLanes, EachLanesDescriptorsAreItsOwn) {
  constexpr int kLanes = 4;
  TempDir dir;
  write_file(dir.path() + "/input.txt", "hello, lanes: 0123456789\n");
  const std::string qemu =
      path_from("WARP64_TEST_QEMU", WARP64_QEMU) + " " + program("lane_files_libc") + " input.txt 5 | cat";
  const Outcome q = run_command({"/bin/sh", "-c", qemu}, dir.path(), {"WARP64_TEST=1"});
  ASSERT_EQ(q.status, 0) << q.err;
  const Outcome w = run_warp64("lane_files_libc", {"input.txt", "5"}, dir.path(), {"WARP64_TEST=1"},
                               {"--engine", lanes_engine(), "--lanes", std::to_string(kLanes), "--json"});
  EXPECT_EQ(w.status, 0) << w.err;
  ASSERT_EQ(w.out.substr(w.out.size() - 3), "]}\n") << w.out;
  const std::vector<std::string> lanes = lane_objects(w.out);
  ASSERT_EQ(lanes.size(), static_cast<size_t>(kLanes)) << w.out;
  for (const std::string& lane : lanes) {
    EXPECT_NE(lane.find("\"stdout\": \"" + json_string(q.out) + "\""), std::string::npos) << lane;
    EXPECT_NE(lane.find("\"stderr\": \"" + json_string(q.err) + "\""), std::string::npos) << lane;
  }
}

// Lanes that keep one file open many times each share one host descriptor: 300 lanes holding
// 30 descriptors each run under a host limit of 48 descriptors, each opening all 30 as the
// program does on its own under qemu-aarch64.
TEST(LinuxLanes, LanesReadingOneFileShareAHostDescriptor) {
  TempDir dir;
  write_file(dir.path() + "/input.txt", "hello, lanes: 0123456789\n");
  const Outcome q = run_qemu("lane_files_libc", {"input.txt", "30"}, dir.path());
  ASSERT_EQ(q.status, 0) << q.err;
  ASSERT_NE(q.out.find("opened: 30,"), std::string::npos) << q.out;
  const std::string command = "ulimit -n 48 && exec " + path_from("WARP64_TEST_BINARY", WARP64_BINARY) +
                              " run --engine " + lanes_engine() + " --lanes 300 " + program("lane_files_libc") +
                              " input.txt 30";
  const Outcome w = run_command({"/bin/sh", "-c", command}, dir.path(), {"WARP64_TEST=1"});
  EXPECT_EQ(w.status, 0) << w.err;
  EXPECT_NE(w.out.find("exit codes (status: lanes): {\"0\": 300}"), std::string::npos) << w.out;
}

// Binary output comes through --json intact: a lane that copies every byte value to
// /dev/stdout (its own captured stdout) reports stdout_base64, the base64 of what
// qemu-aarch64's process writes to a pipe (coreutils base64 encodes it).
TEST(LinuxLanes, BinaryOutputIsCarriedInJson) {
  TempDir dir;
  std::string all;
  for (int round = 0; round < 3; ++round) {
    for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  }
  write_file(dir.path() + "/bytes.bin", all);
  // A lane's stdout is a pipe: so is the oracle's (a file would be truncated by the reopen).
  const std::string qemu = path_from("WARP64_TEST_QEMU", WARP64_QEMU) + " " + program("copy_libc") +
                           " bytes.bin /dev/stdout | cat > expected.bin";
  const Outcome q = run_command({"/bin/sh", "-c", qemu}, dir.path(), {"WARP64_TEST=1"});
  ASSERT_EQ(q.status, 0) << q.err;
  const Outcome encoded = run_command({"/usr/bin/base64", "-w0", "expected.bin"}, dir.path(), {});
  ASSERT_EQ(encoded.status, 0) << encoded.err;
  const Outcome w = run_warp64("copy_libc", {"bytes.bin", "/dev/stdout"}, dir.path(), {"WARP64_TEST=1"},
                               {"--engine", lanes_engine(), "--lanes", "2", "--json"});
  EXPECT_EQ(w.status, 0) << w.err;
  const std::vector<std::string> lanes = lane_objects(w.out);
  ASSERT_EQ(lanes.size(), 2u) << w.out;
  for (const std::string& lane : lanes) {
    EXPECT_NE(lane.find("\"stdout_base64\": \"" + encoded.out + "\""), std::string::npos) << lane;
    EXPECT_EQ(lane.find("\"stdout\":"), std::string::npos) << lane;
  }
}

double json_number(const std::string& json, const std::string& key) {
  const size_t at = json.find("\"" + key + "\": ");
  return at == std::string::npos ? -1 : std::stod(json.substr(at + key.size() + 4));
}

// The run's accounting: servicing is part of the wall time, the idle share a share, and the
// memory per lane the summary's figure under both names.
TEST(LinuxLanes, JsonAccountsForHostServicing) {
  TempDir dir;
  const Outcome w = run_warp64("echo_libc", {"{lane}"}, dir.path(), {"WARP64_TEST=1"},
                               {"--engine", lanes_engine(), "--lanes", "3", "--json"});
  EXPECT_EQ(w.status, 1) << w.err;  // echo_libc exits with argc = 2
  const double wall = json_number(w.out, "wall_s"), service = json_number(w.out, "host_service_s");
  const double idle = json_number(w.out, "gpu_idle_share");
  EXPECT_GT(service, 0) << w.out;  // every lane made system calls
  EXPECT_LE(service, wall) << w.out;
  EXPECT_GE(idle, 0) << w.out;
  EXPECT_LE(idle, 1) << w.out;
  EXPECT_GT(json_number(w.out, "memory_per_lane_bytes"), 0) << w.out;
  EXPECT_EQ(json_number(w.out, "memory_per_lane_bytes"), json_number(w.out, "bytes_per_lane")) << w.out;
}

// glibc's pthread_create tries clone3 and then clone: one note says that lanes run no threads,
// and pthread_create fails with the error clone gave, ENOSYS.
TEST(LinuxLanes, ThreadsAreRefusedWithANote) {
  expect_refused_in_every_lane("threads_v8", "create", 2, "pthread_create: Function not implemented\n",
                               "a thread (clone with CLONE_VM)");
}

uint64_t memory_per_lane(const std::string& summary) {
  const std::string key = "memory per lane: ";
  const size_t at = summary.find(key);
  return at == std::string::npos ? 0 : std::stoull(summary.substr(at + key.size()));
}

// The windows' sizes are the user's: a lane's private memory grows by exactly what is asked.
TEST(LinuxLanes, WindowSizesAreTheUsers) {
  TempDir dir;
  const std::vector<std::string> base = {"--engine", lanes_engine(), "--lanes", "2"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), base.begin(), base.end());
    return run_warp64("echo_libc", {"{lane}"}, dir.path(), {"WARP64_TEST=1"}, extra);
  };
  const Outcome small = with({"--lane-stack", "64K", "--lane-heap", "1M", "--lane-mmap", "1M"});
  const Outcome large = with({"--lane-stack", "128K", "--lane-heap", "3M", "--lane-mmap", "2M"});
  ASSERT_EQ(small.status, 1) << small.err;  // echo_libc exits with argc = 2
  ASSERT_EQ(large.status, 1) << large.err;
  // 64 KiB more stack, 2 MiB more heap, 1 MiB more mmap area.
  EXPECT_EQ(memory_per_lane(large.out) - memory_per_lane(small.out), (64u << 10) + (2u << 20) + (1u << 20));
}

TEST(LinuxLanes, ProgramOptionsAreChecked) {
  TempDir dir;
  const Outcome zero = run_warp64("echo_libc", {}, dir.path(), {"WARP64_TEST=1"}, {"--lanes", "0"});
  EXPECT_EQ(zero.status, 2);
  EXPECT_NE(zero.err.find("--lanes must be between 1 and"), std::string::npos) << zero.err;
  const Outcome ragged =
      run_warp64("echo_libc", {}, dir.path(), {"WARP64_TEST=1"}, {"--lanes", "2", "--lane-stack", "1000"});
  EXPECT_EQ(ragged.status, 2);
  EXPECT_NE(ragged.err.find("--lane-stack must be a multiple of 4096"), std::string::npos) << ragged.err;
  const Outcome strace = run_warp64("echo_libc", {}, dir.path(), {"WARP64_TEST=1"}, {"--lanes", "2", "--strace"});
  EXPECT_EQ(strace.status, 2);
  EXPECT_NE(strace.err.find("for one process"), std::string::npos) << strace.err;
}

}  // namespace
}  // namespace warp64::test
