// `warp64 run --lanes N PROGRAM ARGS`: every lane is its own process, given its own argument
// through "{lane}"; each lane's output and exit status must be what qemu-aarch64 gives that
// process on its own. The engine is the CPU's unless WARP64_LANES_ENGINE names another.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "guest_runner.hpp"
#include "lanes_oracle.hpp"

namespace warp64::test {
namespace {

TEST(LinuxLanes, EveryLaneIsItsOwnProcess) {
  expect_lanes_match_qemu("fate_libc", {"{lane}"}, 9, {"--lane-threads", "1"});
}

// The CPU lane engine's threads take lanes as they come: each lane's process is still its own.
TEST(LinuxLanes, LanesOnManyThreadsAreEachTheirOwnProcess) {
  expect_lanes_match_qemu("fate_libc", {"{lane}"}, 9, {"--lane-threads", "4"});
}

// Ids and clocks, which lanes answer themselves, hold as they do for any Linux process; bad
// buffers and clocks fail as Linux fails them.
TEST(LinuxLanes, CallsLanesAnswerThemselvesAreLinuxs) {
  expect_lanes_match_qemu("lane_calls_libc", {}, 5, {"--lane-threads", "2"});
}

// Paged lane memory, with one lane per group and with groups of 32 lanes sharing blocks.
class LanePaging : public testing::TestWithParam<const char*> {
 protected:
  std::vector<std::string> group() const { return {"--lane-group", GetParam()}; }
};

INSTANTIATE_TEST_SUITE_P(Groups, LanePaging, testing::Values("1", "32"),
                         [](const testing::TestParamInfo<const char*>& info) { return std::string("G") + info.param; });

// Each lane writes its own element of an initialised global: no neighbour sees it (its page
// is copied on the lane's first write), and the rest of the table keeps its initial data.
TEST_P(LanePaging, WritesToInitialisedGlobalsStayTheLanes) {
  expect_lanes_match_qemu("lane_memory_libc", {"cow", "{lane}"}, 40, group());
}

// Lanes take the same heap pages in different orders.
TEST_P(LanePaging, PagesTouchedInAnyOrderHoldEachLanesBytes) {
  expect_lanes_match_qemu("lane_memory_libc", {"touch", "{lane}"}, 40, group());
}

// A page mapped without PROT_EXEC faults on fetch with SEGV_ACCERR; a read-only page on write
// with SEGV_ACCERR; an unmapped one with SEGV_MAPERR, as Linux gives them.
TEST_P(LanePaging, PermissionFaultsAreLinuxs) {
  expect_lanes_match_qemu("lane_memory_libc", {"nx"}, 3, group());
  expect_lanes_match_qemu("faults_libc", {}, 3, group());
}

// Lane 0 touches more than the pool holds and dies as the out-of-memory killer ends a process;
// the other lanes finish as they would alone.
TEST_P(LanePaging, ALaneThatExhaustsThePoolDiesAlone) {
  const std::vector<std::string> lanes =
      expect_lanes_match_qemu("lane_memory_libc", {"hog", "{lane}"}, 4,
                              {"--lane-pool", "16M", "--lane-group", GetParam()}, [](int lane) { return lane != 0; });
  ASSERT_FALSE(lanes.empty());
  EXPECT_NE(lanes[0].find("\"exit_code\": 137,"), std::string::npos) << lanes[0];
  const std::string report = "warp64: lane 0: out of " + std::string(lanes_engine() == "gpu" ? "device" : "host") +
                             " memory (page pool of 16 MiB exhausted) at pc 0x";
  EXPECT_NE(lanes[0].find("\"stderr\": \"" + report), std::string::npos) << lanes[0];
}

// A refilled slot's job finds the executable's initial data, not what the job before wrote.
TEST_P(LanePaging, RefilledSlotsStartFromTheInitialData) {
  std::vector<std::string> options = group();
  options.insert(options.end(), {"--lane-slots", "3"});
  expect_lanes_match_qemu("lane_memory_libc", {"cow", "{lane}"}, 10, options);
}

// A slot's pages return to the pool when its job ends: 24 jobs touching 1 MiB of heap each, 2 at
// a time, fit a pool of 16 MiB.
TEST_P(LanePaging, RefilledSlotsReturnTheirPagesToThePool) {
  std::vector<std::string> options = group();
  options.insert(options.end(), {"--lane-slots", "2", "--lane-pool", "16M"});
  expect_lanes_match_qemu("lane_memory_libc", {"hog", "1"}, 24, options);
}

// More lanes than slots: each slot takes the next job as its lane ends (a fault and an abort
// among them), with memory and descriptors as new, and the results come in lane order.
TEST(LinuxLanes, SlotsAreRefilledWithTheNextLanes) {
  expect_lanes_match_qemu("fate_libc", {"{lane}"}, 11, {"--lane-slots", "3"});
}

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

// A call a lane answers itself costs no launch, in every kernel: the program reads its clocks
// 550 times, and its lanes end in a few dozen launches (not hundreds), interpreted and with the
// image translated from its entry (whose kernel answers the calls itself too, on the GPU).
TEST(LinuxLanes, CallsLanesAnswerThemselvesCostNoLaunch) {
  for (const char* mode : {"interpreted", "translated"}) {
    SCOPED_TRACE(mode);
    TempDir dir;
    const Outcome w = run_warp64("lane_calls_libc", {}, dir.path(), {"WARP64_TEST=1"},
                                 {"--engine", lanes_engine(), "--lanes", "2", "--gpu-mode", mode, "--json"});
    EXPECT_EQ(w.status, 0) << w.err;
    EXPECT_LT(json_number(w.out, "launches"), 100) << w.out.substr(0, 2000);
  }
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

// A lane's windows are virtual (an 8 MiB stack, a 1 GiB heap, a 512 MiB mmap area): a thousand
// lanes of a glibc program need no option, and each costs only the pages it touched, which for
// hello is well under a MiB.
TEST(LinuxLanes, WindowsCostOnlyThePagesTouched) {
  TempDir dir;
  const Outcome w =
      run_warp64("hello_libc", {}, dir.path(), {"WARP64_TEST=1"}, {"--engine", lanes_engine(), "--lanes", "1000"});
  ASSERT_EQ(w.status, 0) << w.err;
  EXPECT_NE(w.out.find("exit codes (status: lanes): {\"0\": 1000}"), std::string::npos) << w.out;
  EXPECT_GT(memory_per_lane(w.out), 0u) << w.out;
  EXPECT_LT(memory_per_lane(w.out), 1u << 20) << w.out;
}

const std::string kSysroot = WARP64_SYSROOT;

#define SKIP_WITHOUT_SYSROOT() \
  if (kSysroot.empty()) GTEST_SKIP() << "no aarch64 sysroot with a dynamic loader"

// Dynamically linked programs: the loader and libraries from the sysroot, as qemu-aarch64 -L
// runs them, every lane its own process with its own argument.
TEST(LinuxLanes, DynamicProgramsAreEachLanesOwnProcess) {
  SKIP_WITHOUT_SYSROOT();
  expect_lanes_match_qemu("echo_dynamic", {"lane", "{lane}"}, 6, {"-L", kSysroot});
  expect_lanes_match_qemu("hash_checksums_dynamic", {"3", "{lane}"}, 6, {"-L", kSysroot});
  expect_lanes_match_qemu("printf_floats_dynamic", {}, 4, {"-L", kSysroot});
  expect_lanes_match_qemu("malloc_stress_dynamic", {}, 4, {"-L", kSysroot});
}

// file_io works in its working directory, which every lane shares: one slot runs the lanes one
// after another, each slot refilled with the loader and libraries as new.
TEST(LinuxLanes, DynamicProgramsRefillSlots) {
  SKIP_WITHOUT_SYSROOT();
  expect_lanes_match_qemu("file_io_dynamic", {}, 3, {"-L", kSysroot, "--lane-slots", "1"});
}

// Mappings of a library's file that its loader does not make: pages that read as the
// library's window are shared until written, any other page is the lane's own copy.
TEST(LinuxLanes, OtherMappingsOfALibraryAreEachLanesOwn) {
  SKIP_WITHOUT_SYSROOT();
  expect_lanes_match_qemu("library_maps_dynamic", {"{lane}"}, 5, {"-L", kSysroot, "--lane-group", "4"});
}

// The loader and libraries are one copy for every lane: a lane's memory is the pages it wrote
// (relocated data, the GOT, .data, its heap and stack), far less than the files it maps.
// Without sharing, every lane would hold at least the libraries' bytes of its own.
TEST(LinuxLanes, DynamicLibrariesAreOneCopyForAllLanes) {
  SKIP_WITHOUT_SYSROOT();
  uint64_t library_bytes = 0;
  for (const char* file : {"/lib/ld-linux-aarch64.so.1", "/lib/libc.so.6"}) {
    library_bytes += std::filesystem::file_size(kSysroot + file);
  }
  TempDir dir;
  const Outcome w = run_warp64("printf_floats_dynamic", {}, dir.path(), {"WARP64_TEST=1"},
                               {"--engine", lanes_engine(), "--lanes", "64", "-L", kSysroot});
  ASSERT_EQ(w.status, 0) << w.err;
  EXPECT_NE(w.out.find("exit codes (status: lanes): {\"0\": 64}"), std::string::npos) << w.out;
  EXPECT_GT(memory_per_lane(w.out), 0u) << w.out;
  EXPECT_LT(memory_per_lane(w.out), library_bytes / 8) << w.out;
}

// A copy of the sysroot's loader and libraries, in `dir`, whose libc's last segment is `extra`
// bytes larger (as a malformed or hostile file might be).
void write_sysroot_with_larger_libc(const std::string& dir, uint64_t extra) {
  std::filesystem::create_directories(dir + "/lib");
  for (const char* file : {"/lib/ld-linux-aarch64.so.1", "/lib/libm.so.6"}) {
    std::filesystem::copy_file(kSysroot + file, dir + file, std::filesystem::copy_options::overwrite_existing);
  }
  std::string libc = read_file(kSysroot + "/lib/libc.so.6");
  uint64_t phoff = 0;
  uint16_t phnum = 0;
  std::memcpy(&phoff, libc.data() + 0x20, sizeof phoff);
  std::memcpy(&phnum, libc.data() + 0x38, sizeof phnum);
  size_t last_load = 0;
  uint64_t last_vaddr = 0;
  for (uint16_t i = 0; i < phnum; ++i) {
    const size_t header = phoff + i * 56u;
    uint32_t type = 0;
    uint64_t vaddr = 0;
    std::memcpy(&type, libc.data() + header, sizeof type);
    std::memcpy(&vaddr, libc.data() + header + 16, sizeof vaddr);
    if (type == 1 && vaddr >= last_vaddr) last_load = header, last_vaddr = vaddr;  // PT_LOAD
  }
  uint64_t memsz = 0;
  std::memcpy(&memsz, libc.data() + last_load + 40, sizeof memsz);
  memsz += extra;
  std::memcpy(libc.data() + last_load + 40, &memsz, sizeof memsz);
  write_file(dir + "/lib/libc.so.6", libc);
}

// A libc that asks for more than a library laid out for every lane may have: 300 MiB more
// zero-fill, which the program can still have, is mapped as any file is, each lane's own, and
// the lanes run as qemu-aarch64 -L runs them; 1 TiB more, which no lane's address space holds,
// ends every lane with the loader's own error (exit status 127), never warp64.
TEST(LinuxLanes, ALibraryBeyondTheBoundsIsMappedAsAnyFile) {
  SKIP_WITHOUT_SYSROOT();
  TempDir larger, huge;
  write_sysroot_with_larger_libc(larger.path(), uint64_t{300} << 20);
  expect_lanes_match_qemu("hash_checksums_dynamic", {"2", "{lane}"}, 3, {"-L", larger.path()});
  write_sysroot_with_larger_libc(huge.path(), uint64_t{1} << 40);
  TempDir dir;
  const Outcome w = run_warp64("hash_checksums_dynamic", {"2", "{lane}"}, dir.path(), {"WARP64_TEST=1"},
                               {"--engine", lanes_engine(), "--lanes", "3", "--json", "-L", huge.path()});
  EXPECT_EQ(w.signal, 0) << w.err;
  const std::vector<std::string> lanes = lane_objects(w.out);
  ASSERT_EQ(lanes.size(), 3u) << w.out << w.err;
  for (const std::string& lane : lanes) {
    EXPECT_NE(lane.find("\"exit_code\": 127,"), std::string::npos) << lane;
    EXPECT_NE(lane.find("error while loading shared libraries: libc.so.6: "), std::string::npos) << lane;
  }
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
  const Outcome group =
      run_warp64("echo_libc", {}, dir.path(), {"WARP64_TEST=1"}, {"--lanes", "2", "--lane-group", "3"});
  EXPECT_EQ(group.status, 2);
  EXPECT_NE(group.err.find("--lane-group must be 1, 2, 4, 8, 16 or 32"), std::string::npos) << group.err;
  const Outcome pool =
      run_warp64("echo_libc", {}, dir.path(), {"WARP64_TEST=1"}, {"--lanes", "2", "--lane-pool", "4K"});
  EXPECT_EQ(pool.status, 2);
  EXPECT_NE(pool.err.find("--lane-pool must be at least 128K"), std::string::npos) << pool.err;
  const Outcome strace = run_warp64("echo_libc", {}, dir.path(), {"WARP64_TEST=1"}, {"--lanes", "2", "--strace"});
  EXPECT_EQ(strace.status, 2);
  EXPECT_NE(strace.err.find("for one process"), std::string::npos) << strace.err;
}

}  // namespace
}  // namespace warp64::test
