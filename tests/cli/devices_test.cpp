// `warp64 run --lanes N --devices ...`: the lanes split into one share per device, each run by
// a thread and an engine of its own, print what a plain run prints, timings and memory figures
// apart. Here the shares are the CPU lane engine's; the GPU cases skip, saying why, where fewer
// GPUs than they need are visible. $WARP64_TEST_PROGRAM_DIR, where set, holds the corpus
// programs (scripts/gpu-check's copy).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "lanes_output.hpp"
#include "warp64_command.hpp"

namespace {

std::string corpus_dir() {
  const char* dir = std::getenv("WARP64_TEST_PROGRAM_DIR");
  return dir != nullptr && *dir != '\0' ? dir : WARP64_CORPUS_BIN;
}

const std::string kHashProgram = corpus_dir() + "/hash_checksums-O2";

CommandResult run(const std::string& arguments) { return run_warp64("run " + arguments); }

// `arguments` after `with` against `arguments` alone: `with` goes before the program or image,
// which the arguments end with.
void expect_same_output(const std::string& options, const std::string& with, const std::string& what,
                        const std::string& reference_with = "") {
  SCOPED_TRACE(options + " " + with + " " + what);
  const CommandResult reference = run(options + " " + reference_with + " " + what);
  const CommandResult shared = run(options + " " + with + " " + what);
  ASSERT_FALSE(reference.out.empty()) << reference.err;
  EXPECT_EQ(without_timings(shared.out), without_timings(reference.out)) << shared.err;
  EXPECT_EQ(shared.err, reference.err);
  EXPECT_EQ(shared.status, reference.status);
}

void expect_same_as_plain(const std::string& options, const std::string& devices, const std::string& what) {
  expect_same_output(options, "--devices " + devices, what);
}

TEST(Devices, ProgramLanesOnSharesPrintWhatAPlainRunPrints) {
  for (const char* form : {"--json", ""}) {
    // 5 lanes: shares of 5; 3 and 2; 2, 2 and 1; a list naming one device twice.
    for (const char* devices : {"1", "2", "3", "0,0", "2,0,1"}) {
      expect_same_as_plain(std::string("--engine cpu --lanes 5 ") + form, devices, kHashProgram + " 1 {lane}");
    }
    // More shares than lanes: the third has none.
    expect_same_as_plain(std::string("--engine cpu --lanes 2 ") + form, "3", kHashProgram + " 1 {lane}");
  }
}

TEST(Devices, ProgramLanesKeepTheirNumbersInTheirOutput) {
  const CommandResult shared = run("--engine cpu --lanes 3 --devices 3 --json " + kHashProgram + " 1 {lane}");
  ASSERT_EQ(shared.status, 0) << shared.err;
  for (int lane = 0; lane < 3; ++lane) {
    EXPECT_NE(shared.out.find("{\"lane\": " + std::to_string(lane) + ", "), std::string::npos) << lane;
  }
}

TEST(Devices, RawImageLanesOnSharesPrintWhatAPlainRunPrints) {
  const std::string image = write_raw_image();
  for (const char* form : {"--json", ""}) {
    for (const char* devices : {"1", "2", "3", "0,0", "2,0,1"}) {
      expect_same_as_plain(std::string("--engine cpu --lanes 5 ") + form, devices, "--raw " + image);
    }
  }
  const CommandResult shared = run("--engine cpu --lanes 5 --devices 3 --json --raw " + image);
  EXPECT_NE(shared.out.find(R"("stops": {"HALT": 5})"), std::string::npos) << shared.out;
  for (int lane = 0; lane < 5; ++lane) {
    const std::string entry = "{\"lane\": " + std::to_string(lane) + ", \"cycles\": 2, \"stop_reason\": \"HALT\"";
    EXPECT_NE(shared.out.find(entry + R"(, "pc": 8, "x": [42, 43, )"), std::string::npos) << lane;
  }
}

void expect_refused(const std::string& arguments, const std::string& words) {
  SCOPED_TRACE(arguments);
  const CommandResult result = run(arguments);
  EXPECT_EQ(result.status, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err.rfind("warp64: ", 0), 0u) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << result.err;  // one line
  EXPECT_NE(result.err.find(words), std::string::npos) << result.err;
}

TEST(Devices, BadListsAreRefusedInOneLine) {
  const std::string image = write_raw_image();
  for (const char* list : {"''", "x", "0,,1", ",0", "0,", "-1", "all,0", "1024", "0x1"}) {
    expect_refused(std::string("--engine cpu --lanes 2 --devices ") + list + " --raw " + image, "--devices");
    expect_refused(std::string("--engine cpu --lanes 2 --devices ") + list + " " + kHashProgram + " 1 {lane}",
                   "--devices");
  }
  expect_refused("--engine cpu --lanes 2 --devices 0 --raw " + image, "at least one share");
  expect_refused("--engine cpu --devices 2 --raw " + image, "--devices");  // without --lanes
  // No GPU here, or not that one: either way one line.
  expect_refused("--engine gpu --lanes 2 --devices 1000 --raw " + image, "");
}

// The GPU engine, when one is usable: a plain run first, to skip with its reason otherwise.
#define REQUIRE_GPU(arguments)                                                                              \
  do {                                                                                                      \
    const CommandResult probe = run(arguments);                                                             \
    if (probe.status == 2 && probe.err.find("unavailable") != std::string::npos) GTEST_SKIP() << probe.err; \
  } while (0)

TEST(DevicesGpu, TwoSharesOnOneGpuPrintWhatAPlainRunPrints) {
  const std::string image = write_raw_image();
  REQUIRE_GPU("--engine gpu --lanes 1 --raw " + image);
  for (const char* form : {"--json", ""}) {
    expect_same_as_plain(std::string("--engine gpu --lanes 1000 ") + form, "0,0", "--raw " + image);
    expect_same_as_plain(std::string("--engine gpu --lanes 7 ") + form, "0,0", kHashProgram + " 1 {lane}");
  }
}

TEST(DevicesGpu, EveryVisibleGpuPrintsWhatOneGpuPrints) {
  const std::string image = write_raw_image();
  REQUIRE_GPU("--engine gpu --lanes 1 --raw " + image);
  const CommandResult second = run("--engine gpu --lanes 2 --devices 0,1 --raw " + image);
  if (second.status == 2 && second.err.find("no CUDA device 1") != std::string::npos) {
    GTEST_SKIP() << "fewer than 2 GPUs are visible: " << second.err;
  }
  for (const char* form : {"--json", ""}) {
    for (const char* devices : {"--devices all", "--devices 0,1", "--devices 1,0,1"}) {
      const std::string options = std::string("--engine gpu --lanes 1000 ") + form;
      expect_same_output(options, devices, "--raw " + image, "--devices 0");
      expect_same_output(std::string("--engine gpu --lanes 7 ") + form, devices, kHashProgram + " 1 {lane}",
                         "--devices 0");
    }
  }
}

}  // namespace
