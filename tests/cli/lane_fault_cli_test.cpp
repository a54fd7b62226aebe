// A raw image's lanes that stop at a fault: `warp64 run --raw IMAGE --lanes N` prints each such
// lane's stop under the summary with its last taken branches, and --json gives them as
// "last_branches". The branch sequence is computed by hand from the image's layout.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "warp64_command.hpp"

namespace {

// 0x00 mov x2, #2; 0x04 bl 0x18; 0x08 subs x2, x2, #1; 0x0c b.ne 0x08; 0x10 b 0x20; 0x14 nop;
// 0x18 ret; 0x1c nop; 0x20 mov x3, #0xffff0000; 0x24 ldr x0, [x3]: the call goes to 0x18, the
// return to 0x08, the loop's one taken back edge to 0x08 again (kept once), the b to 0x20, and
// the load faults outside the 64 KiB of memory.
const std::vector<uint32_t> kCallLoopFault = {0xd2800042u, 0x94000005u, 0xf1000442u, 0x54ffffe1u, 0x14000004u,
                                              0xd503201fu, 0xd65f03c0u, 0xd503201fu, 0xd2bfffe3u, 0xf9400060u};

TEST(LaneFaultCli, TextShowsEachFaultingLanesBranches) {
  const std::string image = write_image("warp64-ring.bin", kCallLoopFault);
  const CommandResult r = run_warp64("run --raw " + image + " --engine cpu --lanes 2 --memory 64K");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string ring =
      "  last branches, oldest first:\n"
      "    0x0000000000000018\n"
      "    0x0000000000000008\n"
      "    0x0000000000000020\n";
  for (const char* lane : {"0", "1"}) {
    const std::string report = std::string("lane ") + lane +
                               ": FAULT at pc 0x0000000000000024 (instruction 0xf9400060), read at "
                               "0x00000000ffff0000\n" +
                               ring;
    EXPECT_NE(r.out.find(report), std::string::npos) << r.out;
  }
}

TEST(LaneFaultCli, JsonGivesLastBranches) {
  const std::string image = write_image("warp64-ring.bin", kCallLoopFault);
  const CommandResult r = run_warp64("run --raw " + image + " --engine cpu --lanes 3 --memory 64K --json");
  ASSERT_EQ(r.status, 0) << r.err;
  size_t count = 0;
  for (size_t at = 0; (at = r.out.find("\"last_branches\": [24, 8, 32]", at)) != std::string::npos; ++at) ++count;
  EXPECT_EQ(count, 3u) << r.out;
}

TEST(LaneFaultCli, LanesThatHaltReportNoBranches) {
  // b 0x08; nop; hlt #0
  const std::string image = write_image("warp64-halt.bin", {0x14000002u, 0xd503201fu, 0xd4400000u});
  const CommandResult text = run_warp64("run --raw " + image + " --engine cpu --lanes 2 --memory 8K");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(text.out.find("last branches"), std::string::npos) << text.out;
  const CommandResult json = run_warp64("run --raw " + image + " --engine cpu --lanes 2 --memory 8K --json");
  EXPECT_EQ(json.out.find("last_branches"), std::string::npos) << json.out;
}

TEST(LaneFaultCli, BranchRingSizesTheRing) {
  const std::string image = write_image("warp64-ring.bin", kCallLoopFault);
  const std::string run = "run --raw " + image + " --engine cpu --lanes 2 --memory 64K --json";
  // The two newest of the three destinations; none with 0.
  EXPECT_NE(run_warp64(run + " --branch-ring 2").out.find("\"last_branches\": [8, 32]"), std::string::npos);
  EXPECT_NE(run_warp64(run + " --branch-ring 0").out.find("\"last_branches\": []"), std::string::npos);
  // In text, no ring means no branch line at all: "none taken" would be untrue.
  const CommandResult text = run_warp64("run --raw " + image + " --engine cpu --lanes 1 --memory 64K --branch-ring 0");
  EXPECT_NE(text.out.find("lane 0: FAULT at pc 0x0000000000000024"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("last branches"), std::string::npos) << text.out;
  for (const char* bad : {"1025", "-1", "8x"}) {
    const CommandResult r = run_warp64(run + " --branch-ring " + bad);
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_EQ(r.err.rfind("warp64: ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
  }
}

}  // namespace
