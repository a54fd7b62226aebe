// The warp64 command run as a user runs it, from a shell, with what it printed collected.
// WARP64_BINARY names the executable under test, or $WARP64_TEST_BINARY where it is set (a
// copy of the build on another machine, as scripts/gpu-check runs it).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
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

// A folder of this process's own: ctest runs the cases of a test file in parallel processes.
std::string scratch_dir() {
  const std::string dir = std::filesystem::temp_directory_path() / ("warp64-cli-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// A raw image of `words` (little-endian) and `extra_bytes` zeros in this process's folder.
inline std::string write_image(const std::string& name, const std::vector<uint32_t>& words, size_t extra_bytes = 0) {
  const std::string path = scratch_dir() + "/" + name;
  std::ofstream out(path, std::ios::binary);
  for (const uint32_t word : words) {
    for (int b = 0; b < 4; ++b) out.put(static_cast<char>(word >> (8 * b)));
  }
  for (size_t i = 0; i < extra_bytes; ++i) out.put(0);
  return path;
}

std::string warp64_binary() {
  const char* binary = std::getenv("WARP64_TEST_BINARY");
  return binary != nullptr && *binary != '\0' ? binary : WARP64_BINARY;
}

// `sh -c PREFIX WARP64 ARGUMENTS`, stdin from /dev/null; PREFIX may set variables.
CommandResult run_warp64(const std::string& arguments, const std::string& prefix = "") {
  const std::string dir = scratch_dir();
  const std::string command =
      prefix + warp64_binary() + " " + arguments + " >" + dir + "/out 2>" + dir + "/err </dev/null";
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(dir + "/out"), read_file(dir + "/err")};
}

// `warp64 ARGUMENTS` refused as a usage error is: status 2, nothing on stdout, one line on
// stderr that starts with "warp64: ".
inline void expect_usage_error(const std::string& arguments) {
  SCOPED_TRACE(arguments);
  const CommandResult r = run_warp64(arguments);
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line expected: " << r.err;
  EXPECT_EQ(r.err.rfind("warp64: ", 0), 0u) << r.err;
}

}  // namespace
