// The host's side of lane service: a lane's store answers reads with its own waiting changes
// laid over the engine's bytes (or the bytes gathered ahead), and the service pool runs every
// lane once and passes a failure on. The CPU lane engine holds the lanes.
#include "linux/lane_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <vector>

#include "engine/in_parallel.hpp"
#include "engine/lane_engine.hpp"
#include "linux/lane_byte_store.hpp"
#include "linux/syscalls.hpp"
#include "memory/permissions.hpp"

namespace warp64::linux_abi {
namespace {

constexpr uint64_t kWindow = 0x100000;
constexpr uint64_t kWindowSize = 0x10000;
constexpr uint8_t kReadWrite = kPermRead | kPermWrite;

std::vector<uint8_t> bytes(const char* text) { return {text, text + std::strlen(text)}; }

// A lane stopped on the call `number` with these arguments.
core::CpuState call_state(Sys number, std::initializer_list<uint64_t> args) {
  core::CpuState state{};
  state.x[8] = static_cast<uint64_t>(number);
  std::copy(args.begin(), args.end(), state.x);
  return state;
}

class LaneStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = make_cpu_lane_engine(1);
    // The window's first page mapped for every lane, zeroed; the rest unmapped.
    std::vector<LaneRegionSpec> regions = {{kWindow, kWindowSize, 0, false, {}}};
    engine_->configure(2, std::move(regions), {1, 64 << 12});
    engine_->apply(
        std::vector<lanes::MemoryOp>{{0, kWindow, 0x1000, 0, lanes::OpKind::kMap, kReadWrite, lanes::MapSource::kZero},
                                     {1, kWindow, 0x1000, 0, lanes::OpKind::kMap, kReadWrite, lanes::MapSource::kZero}},
        {});
  }

  std::vector<uint8_t> read(const LaneByteStore& store, uint64_t address, uint64_t length) {
    std::vector<uint8_t> out(length);
    store.read(address, out.data(), length);
    return out;
  }

  std::unique_ptr<LaneEngine> engine_;
};

TEST_F(LaneStoreTest, AWaitingWriteIsReadBackBeforeItReachesTheEngine) {
  LaneMemoryQueue queue(*engine_);
  LaneByteStore store(queue, 1);
  const std::vector<uint8_t> text = bytes("lane one");
  store.write(kWindow + 4, text.data(), text.size());
  EXPECT_EQ(engine_->read_memory(1, kWindow + 4, text.size()), std::vector<uint8_t>(text.size(), 0));
  std::vector<uint8_t> expected(12, 0);
  std::copy(text.begin(), text.end(), expected.begin() + 2);
  EXPECT_EQ(read(store, kWindow + 2, 12), expected);

  LaneByteStore* stores[] = {&store};
  queue.flush(stores);
  EXPECT_FALSE(store.has_changes());
  EXPECT_EQ(engine_->read_memory(1, kWindow + 4, text.size()), text);
  EXPECT_EQ(engine_->read_memory(0, kWindow + 4, text.size()), std::vector<uint8_t>(text.size(), 0));
}

TEST_F(LaneStoreTest, ANewMappingReachesTheEngineBeforeItIsRead) {
  LaneMemoryQueue queue(*engine_);
  LaneByteStore store(queue, 0);
  const std::vector<uint8_t> text = bytes("fresh page");
  store.map(kWindow + 0x3000, 0x1000, kReadWrite);
  store.write(kWindow + 0x3010, text.data(), text.size());
  EXPECT_EQ(read(store, kWindow + 0x3010, text.size()), text);
  EXPECT_FALSE(store.has_changes());  // the read applied them
  EXPECT_EQ(engine_->read_memory(0, kWindow + 0x3010, text.size()), text);
}

TEST_F(LaneStoreTest, PrefetchedBytesAnswerReadsWithTheLanesWritesOverThem) {
  engine_->write_memory(0, kWindow + 0x100, bytes("/proc/self/exe"));
  LaneMemoryQueue queue(*engine_);
  LaneByteStore store(queue, 0);
  // readlinkat(AT_FDCWD, path, buffer, 64): its path is gathered; its buffer, an output, is not.
  AddressSpace space(&store);
  space.adopt(kWindow, 0x1000, kReadWrite);
  const core::CpuState state =
      call_state(Sys::readlinkat, {static_cast<uint64_t>(-100), kWindow + 0x100, kWindow + 0x800, 64});
  const ParkedCall call{&state, &space, &store};
  std::vector<uint8_t> gathered;
  prefetch_call_inputs({&call, 1}, queue, gathered);
  // What the string's first read asks for: 256 bytes, all inside the page.
  ASSERT_EQ(gathered.size(), 256u);
  EXPECT_EQ(std::memcmp(gathered.data(), "/proc/self/exe", 15), 0);

  // The engine's copy changes behind the store's back: the store still answers from what it
  // gathered, which is what a read during this service must see.
  engine_->write_memory(0, kWindow + 0x100, bytes("XXXX"));
  EXPECT_EQ(read(store, kWindow + 0x100, 5), bytes("/proc"));
  const std::vector<uint8_t> slash = bytes("-");
  store.write(kWindow + 0x105, slash.data(), 1);
  EXPECT_EQ(read(store, kWindow + 0x100, 10), bytes("/proc-self"));
  store.forget_prefetched();
  EXPECT_EQ(read(store, kWindow + 0x100, 6), bytes("XXXXc-"));
}

TEST_F(LaneStoreTest, UnreadablePointersAreNotGathered) {
  LaneMemoryQueue queue(*engine_);
  LaneByteStore store(queue, 0);
  AddressSpace space(&store);
  space.adopt(kWindow, 0x1000, kReadWrite);
  // write(1, buffer, 0x2000): the buffer runs past the mapped page, so the call will fail with
  // EFAULT without reading it; openat's path points nowhere.
  const core::CpuState state = call_state(Sys::write, {1, kWindow, 0x2000});
  const core::CpuState open_state = call_state(Sys::openat, {0, kWindow + 0x5000});
  const ParkedCall calls[] = {{&state, &space, &store}, {&open_state, &space, &store}};
  std::vector<uint8_t> gathered;
  prefetch_call_inputs(calls, queue, gathered);
  EXPECT_TRUE(gathered.empty());
}

TEST(LaneServicePool, ServicesEveryLaneOnce) {
  std::vector<std::atomic<int>> visits(1000);
  in_parallel(visits.size(), 4, [&](uint64_t i) { ++visits[i]; });
  for (const auto& count : visits) EXPECT_EQ(count.load(), 1);
}

TEST(LaneServicePool, PassesTheFirstFailureOn) {
  EXPECT_THROW(in_parallel(100, 4,
                           [](uint64_t i) {
                             if (i == 37) throw std::runtime_error("lane 37");
                           }),
               std::runtime_error);
}

}  // namespace
}  // namespace warp64::linux_abi
