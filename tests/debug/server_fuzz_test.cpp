// Random, corrupted, truncated and oversize packets against the server: it must neither crash
// nor hang, and must still answer afterwards. The seed is fixed, so a failure reproduces; the
// packets that parse never resume, detach or kill, so that the session lasts to the end.
#include <gtest/gtest.h>

#include <string>

#include "gdb_client.hpp"
#include "packet_fuzzer.hpp"

namespace warp64::debug::gdb::test {
namespace {

constexpr int kCases = 12000;
constexpr int kCasesBetweenChecks = 500;

TEST(GdbServerFuzz, SurvivesMalformedInputAndStillAnswers) {
  FakeTarget target;
  ServerSession session(target);
  GdbClient& gdb = session.client();
  PacketFuzzer fuzzer(fuzz_seed(), FakeTarget::kBase, FakeTarget::kSize);
  const std::string sentinel_reply = framed("QC2a");  // no fuzz case asks qC
  for (int i = 1; i <= kCases; ++i) {
    gdb.send_raw(fuzzer.next());
    if (i % kCasesBetweenChecks == 0) {
      gdb.send_packet("qC");
      ASSERT_TRUE(gdb.skip_past(sentinel_reply, 10s)) << "no answer after case " << i << " of seed " << fuzz_seed();
    }
  }
  gdb.send_packet("qC");
  gdb.send_packet("?");
  ASSERT_TRUE(gdb.skip_past(sentinel_reply, 10s));
  const auto stop = gdb.receive_packet(10s);
  ASSERT_TRUE(stop);
  EXPECT_EQ(stop->substr(0, 13), "T05thread:2a;");
  EXPECT_FALSE(session.wait_end(0ms)) << "the session ended";
}

}  // namespace
}  // namespace warp64::debug::gdb::test
