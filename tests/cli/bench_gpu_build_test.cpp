// `warp64 bench --gpu-build`: straight-line programs translated for the GPU, nothing from the
// cache, a row each with the units the code was cut into (at most 64 words a unit: 64 words
// make one, 130 make three); bad options give one line and exit status 2. Needs a build with
// CUDA (NVRTC), not a GPU.
#include <gtest/gtest.h>

#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "warp64_command.hpp"

namespace {

TEST(BenchGpuBuild, ARowForEachCountWithItsUnits) {
  const CommandResult r = run_warp64("bench --gpu-build 64,130");
  if (r.err.find("no CUDA support") != std::string::npos) GTEST_SKIP() << r.err;
  ASSERT_EQ(r.status, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    rows.emplace_back(std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>());
  }
  ASSERT_EQ(rows.size(), 3u) << r.out;
  EXPECT_EQ(rows[0][0], "words") << r.out;
  ASSERT_EQ(rows[1].size(), 5u) << r.out;
  ASSERT_EQ(rows[2].size(), 5u) << r.out;
  EXPECT_EQ(rows[1][0], "64");
  EXPECT_EQ(rows[1][1], "1");
  EXPECT_EQ(rows[1][4], "1.00");  // the first row is its own reference
  EXPECT_EQ(rows[2][0], "130");
  EXPECT_EQ(rows[2][1], "3");
  EXPECT_GT(std::stod(rows[2][2]), 0);
}

TEST(BenchGpuBuild, BadOptionsAreOneLineAndStatusTwo) {
  for (const std::string arguments : {"--gpu-build 1", "--gpu-build 0,64", "--gpu-build many", "--gpu-build 64,",
                                      "--quick --gpu-build", "--gpu-build 64 --quick", "--gpu-build 2000000"}) {
    expect_usage_error("bench " + arguments);
  }
}

}  // namespace
