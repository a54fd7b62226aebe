// The warp64 command as a user meets it: bad input gives one line on stderr and exit status
// 2; a good run prints the documented JSON.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct CommandResult {
  int status;
  std::string out;
  std::string err;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A folder of this process's own: ctest runs the cases of this file in parallel processes.
std::string scratch_dir() {
  const std::string dir = std::filesystem::temp_directory_path() / ("warp64-cli-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

CommandResult run_warp64(const std::string& arguments) {
  const std::string dir = scratch_dir();
  const std::string command =
      std::string(WARP64_BINARY) + " " + arguments + " >" + dir + "/out 2>" + dir + "/err </dev/null";
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(dir + "/out"), read_file(dir + "/err")};
}

std::string write_image(const std::string& name, const std::vector<uint32_t>& words, size_t extra_bytes = 0) {
  const std::string path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary);
  for (const uint32_t word : words) {
    for (int b = 0; b < 4; ++b) out.put(static_cast<char>(word >> (8 * b)));
  }
  for (size_t i = 0; i < extra_bytes; ++i) out.put(0);
  return path;
}

void expect_usage_error(const std::string& arguments) {
  SCOPED_TRACE(arguments);
  const CommandResult r = run_warp64(arguments);
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty());
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line expected: " << r.err;
  EXPECT_EQ(r.err.rfind("warp64: ", 0), 0u);
}

// movz x0, #42 (0xD2800540); add x1, x0, #1 (0x91000401); hlt #0 (0xD4400000)
const std::vector<uint32_t> kProgram = {0xD2800540u, 0x91000401u, 0xD4400000u};

TEST(RunCommand, BadInputIsOneLineAndStatusTwo) {
  const std::string good = write_image("warp64-good.bin", kProgram);
  const std::string ragged = write_image("warp64-ragged.bin", kProgram, 2);
  expect_usage_error("frobnicate");
  expect_usage_error("run");
  expect_usage_error("run --raw /nonexistent/warp64-image");
  expect_usage_error("run --raw " + ragged);
  expect_usage_error("run --raw " + good + " --bogus");
  expect_usage_error("run --raw " + good + " --memory 12x");
  expect_usage_error("run --raw " + good + " --memory 0");
  expect_usage_error("run --raw " + good + " --max-cycles -5");
  expect_usage_error("run --raw " + good + " --load 0x400000");   // image beyond 4 MiB
  expect_usage_error("run --raw " + good + " --entry 0x400000");  // entry outside memory
  expect_usage_error("run --raw " + good + " --engine tpu");
  expect_usage_error("run --raw " + good + " --memory");
  expect_usage_error("run --raw " + good + " --lanes 2 --gpu-mode jit");
  expect_usage_error("bench --gpu-mode jit");
  // A petabyte of lanes: refused up front, not left to the out-of-memory killer.
  expect_usage_error("run --raw " + good + " --engine cpu --lanes 1000000000 --memory 1M");
  expect_usage_error("bench --program-lanes 0");
  expect_usage_error("bench --programs");
  expect_usage_error("bench --bogus");
}

TEST(RunCommand, JsonReportsTheFinalState) {
  const std::string good = write_image("warp64-good.bin", kProgram);
  const CommandResult r = run_warp64("run --raw " + good + " --engine cpu --json");
  ASSERT_EQ(r.status, 0) << r.err;
  // Hand-computed: x0 = 42, x1 = 43, two retired instructions, stopped at the HLT (0x8),
  // SP at the top of the default 4 MiB.
  EXPECT_NE(r.out.find("\"stop_reason\": \"HALT\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"cycles\": 2,"), std::string::npos);
  EXPECT_NE(r.out.find("\"pc\": 8,"), std::string::npos);
  EXPECT_NE(r.out.find("\"x\": [42, 43, 0"), std::string::npos);
  EXPECT_NE(r.out.find("\"sp\": 4194304,"), std::string::npos);
  EXPECT_NE(r.out.find("\"fault_address\": null"), std::string::npos);
  EXPECT_NE(r.out.find("\"instruction\": 3560964096"), std::string::npos);  // 0xD4400000
  EXPECT_NE(r.out.find("\"engine\": \"cpu\""), std::string::npos);
}

TEST(RunCommand, FaultAndMaxCycles) {
  // ldr x0, [x1] with x1 = 0 reads address 0, which is mapped; ldr from 0x7fffffff faults:
  // movz x1, #0x7fff, lsl #16 (0xD2AFFFE1); ldr x0, [x1] (0xF9400020)
  const std::string faulting = write_image("warp64-fault.bin", {0xD2AFFFE1u, 0xF9400020u});
  const CommandResult fault = run_warp64("run --raw " + faulting + " --engine cpu --json");
  ASSERT_EQ(fault.status, 0);
  EXPECT_NE(fault.out.find("\"stop_reason\": \"FAULT\""), std::string::npos) << fault.out;
  EXPECT_NE(fault.out.find("\"fault_address\": 2147418112"), std::string::npos);  // 0x7fff0000

  // b . (0x14000000): a loop that only the cycle limit ends.
  const std::string looping = write_image("warp64-loop.bin", {0x14000000u});
  const CommandResult limited = run_warp64("run --raw " + looping + " --engine cpu --max-cycles 1000 --json");
  ASSERT_EQ(limited.status, 0);
  EXPECT_NE(limited.out.find("\"stop_reason\": \"MAX_CYCLES\""), std::string::npos);
  EXPECT_NE(limited.out.find("\"cycles\": 1000,"), std::string::npos);
}

TEST(RunCommand, HelpDocumentsTheOptions) {
  const CommandResult r = run_warp64("run --help");
  EXPECT_EQ(r.status, 0);
  for (const char* option :
       {"--raw", "--load", "--entry", "--memory", "--max-cycles", "--engine", "--json", "--lanes", "--gpu-mode"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
  EXPECT_EQ(run_warp64("--help").status, 0);
  EXPECT_EQ(run_warp64("").status, 2);  // no command: the usage on stderr
}

}  // namespace
