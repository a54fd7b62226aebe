// AddressSpace page-range operations used by the Linux layer's mmap, munmap, mprotect and brk:
// splits, merges of adjacent compatible regions, growth without moving bytes, and the scale
// of many mappings.
#include "memory/address_space.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>
#include <tuple>
#include <vector>

#include "warp64/error.hpp"

namespace warp64 {
namespace {

using Layout = std::vector<std::tuple<uint64_t, uint64_t, int>>;  // base, size, perms

Layout layout(const AddressSpace& space) {
  Layout out;
  for (const auto& region : space.regions()) out.emplace_back(region->base, region->size, region->perms);
  return out;
}

constexpr uint8_t kRw = kPermRead | kPermWrite;

TEST(AddressSpaceRanges, UnmapMiddleSplitsAndKeepsBytes) {
  AddressSpace space;
  space.map(0x10000, 0x4000, kRw);
  const uint8_t head[] = {1, 2}, tail[] = {3, 4};
  space.write_bytes(0x10ffe, head);
  space.write_bytes(0x13000, tail);
  space.unmap(0x11000, 0x2000);
  EXPECT_EQ(layout(space), (Layout{{0x10000, 0x1000, kRw}, {0x13000, 0x1000, kRw}}));
  EXPECT_EQ(space.read_bytes(0x10ffe, 2), std::vector<uint8_t>({1, 2}));
  EXPECT_EQ(space.read_bytes(0x13000, 2), std::vector<uint8_t>({3, 4}));
  EXPECT_EQ(space.find(0x11000), nullptr);
  EXPECT_TRUE(space.is_free(0x11000, 0x2000));
  EXPECT_FALSE(space.is_free(0x10fff, 2));
}

TEST(AddressSpaceRanges, UnmapAcrossRegionsAndHoles) {
  AddressSpace space;
  space.map(0x1000, 0x2000, kPermRead);
  space.map(0x5000, 0x2000, kPermRead);
  space.unmap(0x2000, 0x4000);  // tail of the first, hole, head of the second
  EXPECT_EQ(layout(space), (Layout{{0x1000, 0x1000, kPermRead}, {0x6000, 0x1000, kPermRead}}));
  space.unmap(0, 0x10000);
  EXPECT_EQ(space.region_count(), 0u);
}

// A part made executable is a region of its own; made writable again, it joins its
// neighbours, whose bytes it was always contiguous with.
TEST(AddressSpaceRanges, ProtectPartSplitsAndMergesBack) {
  AddressSpace space;
  space.map(0x10000, 0x3000, kRw);
  const uint8_t marks[] = {7, 8, 9};
  space.write_bytes(0x10fff, marks);
  space.protect(0x11000, 0x1000, kPermRead | kPermExecute);
  EXPECT_EQ(layout(space),
            (Layout{{0x10000, 0x1000, kRw}, {0x11000, 0x1000, kPermRead | kPermExecute}, {0x12000, 0x1000, kRw}}));
  space.protect(0x11000, 0x1000, kRw);
  EXPECT_EQ(layout(space), (Layout{{0x10000, 0x3000, kRw}}));
  EXPECT_EQ(space.read_bytes(0x10fff, 3), std::vector<uint8_t>({7, 8, 9}));
}

TEST(AddressSpaceRanges, AdjacentMappingsOfOnePermissionMerge) {
  AddressSpace space;
  space.map(0x20000, 0x1000, kRw, 1 << 20);
  space.map(0x21000, 0x1000, kRw);
  space.map(0x22000, 0x1000, kPermRead);  // other permissions: a region of its own
  EXPECT_EQ(layout(space), (Layout{{0x20000, 0x2000, kRw}, {0x22000, 0x1000, kPermRead}}));
  // An access across the old boundary lies inside one region.
  EXPECT_NE(space.find(0x20ffc, 8), nullptr);
}

// A heap grown page by page inside the room kept for it stays one region whose bytes never
// move; a hole unmapped and mapped again reads as zero and joins its neighbours again.
TEST(AddressSpaceRanges, GrowthKeepsBytesInPlace) {
  AddressSpace space;
  const uint8_t* start = space.map(0x100000, 0x1000, kRw, 64 << 20).bytes.data();
  const uint8_t mark[] = {0x5a};
  space.write_bytes(0x100000, mark);
  for (uint64_t end = 0x101000; end < 0x100000 + (8 << 20); end += 0x1000) space.map(end, 0x1000, kRw);
  ASSERT_EQ(layout(space), (Layout{{0x100000, 8 << 20, kRw}}));
  EXPECT_EQ(space.find(0x100000)->bytes.data(), start);
  EXPECT_EQ(space.read_bytes(0x100000, 1)[0], 0x5a);
  const uint8_t dirty[] = {1, 2, 3};
  space.write_bytes(0x300000, dirty);
  space.unmap(0x300000, 0x2000);
  EXPECT_EQ(space.region_count(), 2u);
  space.map(0x300000, 0x2000, kRw);
  EXPECT_EQ(layout(space), (Layout{{0x100000, 8 << 20, kRw}}));
  EXPECT_EQ(space.read_bytes(0x300000, 3), std::vector<uint8_t>({0, 0, 0}));
}

// A store-backed space (a lane's) has no host bytes: adjacent regions of one permission merge.
class ZeroCountingStore final : public ByteStore {
 public:
  void read(uint64_t, uint8_t* out, uint64_t length) const override { std::fill(out, out + length, 0); }
  void write(uint64_t, const uint8_t*, uint64_t) override {}
  void zero(uint64_t, uint64_t length) override { zeroed += length; }
  uint64_t zeroed = 0;
};

TEST(AddressSpaceRanges, StoreBackedRegionsMerge) {
  ZeroCountingStore store;
  AddressSpace space(&store);
  space.map(0x1000, 0x1000, kRw);
  space.adopt(0x2000, 0x1000, kRw);  // the store holds its bytes: not zeroed
  space.map(0x3000, 0x1000, kPermRead);
  EXPECT_EQ(layout(space), (Layout{{0x1000, 0x2000, kRw}, {0x3000, 0x1000, kPermRead}}));
  EXPECT_EQ(store.zeroed, 0x2000u);
  EXPECT_TRUE(space.find(0x1000)->bytes.empty());
}

TEST(AddressSpaceRanges, FindFreeHighestFit) {
  AddressSpace space;
  space.map(0x7000, 0x1000, kPermRead);
  space.map(0x4000, 0x1000, kPermRead);
  // Below a ceiling of 0x8000: 0x7000 is taken, 0x5000..0x7000 is free.
  EXPECT_EQ(space.find_free(0x2000, 0x1000, 0x8000, 0x1000), 0x5000u);
  EXPECT_EQ(space.find_free(0x1000, 0x1000, 0x8000, 0x1000), 0x6000u);
  EXPECT_EQ(space.find_free(0x3000, 0x1000, 0x8000, 0x1000), 0x1000u);
  EXPECT_EQ(space.find_free(0x4000, 0x1000, 0x8000, 0x1000), 0u);
  EXPECT_EQ(space.find_free(0x1000, 0x1000, 0x8000, 0x10000), 0u);
}

TEST(AddressSpaceRanges, MapStillRejectsOverlap) {
  AddressSpace space;
  space.map(0x1000, 0x1000, kPermAll);
  EXPECT_THROW(space.map(0x1800, 0x1000, kPermAll), Error);
  EXPECT_THROW(space.map(0x800, 0x1000, kPermAll), Error);
  EXPECT_THROW(space.map(0, 0x10000, kPermAll), Error);
}

// Many separate mappings, mapped, found, checked and unmapped in a scrambled order, against a
// plain model of which pages are mapped with what.
TEST(AddressSpaceRanges, ManyMappingsAgreeWithAModel) {
  AddressSpace space;
  std::map<uint64_t, uint8_t> model;  // page -> perms
  uint64_t state = 12345;
  auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
  for (int step = 0; step < 20000; ++step) {
    const uint64_t page = 0x100000 + (next() >> 40) % 4096 * 0x1000;
    const uint64_t pages = 1 + (next() >> 60) % 4;
    const uint8_t perms = (next() >> 62) % 2 == 0 ? kRw : kPermRead;
    switch ((next() >> 61) % 3) {
      case 0:
        if (space.is_free(page, pages * 0x1000)) {
          space.map(page, pages * 0x1000, perms);
          for (uint64_t p = 0; p < pages; ++p) model[page + p * 0x1000] = perms;
        }
        break;
      case 1:
        space.unmap(page, pages * 0x1000);
        for (uint64_t p = 0; p < pages; ++p) model.erase(page + p * 0x1000);
        break;
      default:
        space.protect(page, pages * 0x1000, perms);
        for (uint64_t p = 0; p < pages; ++p) {
          if (auto it = model.find(page + p * 0x1000); it != model.end()) it->second = perms;
        }
    }
  }
  for (uint64_t page = 0x100000; page < 0x100000 + 4096 * 0x1000; page += 0x1000) {
    const Region* region = space.find(page, 0x1000);
    const auto it = model.find(page);
    ASSERT_EQ(region != nullptr, it != model.end()) << std::hex << page;
    if (region != nullptr) ASSERT_EQ(region->perms, it->second) << std::hex << page;
  }
}

// A view taken inside a run keeps its host bytes after another thread unmaps the region: they
// read as zero (the pages are given back), and the host memory is freed only after the run.
TEST(AddressSpaceThreads, ViewInsideARunOutlivesTheUnmap) {
  AddressSpace space;
  space.map(0x10000, 0x4000, kRw);
  space.write_bytes(0x10000, std::vector<uint8_t>{42});
  AddressSpace::Runner runner(space);
  runner.enter();
  RegionView view;
  ASSERT_TRUE(space.view(0x10000, 1, view));
  const uint64_t before = space.generation();
  space.unmap(0x10000, 0x4000);
  EXPECT_GT(space.generation(), before);
  RegionView gone;
  EXPECT_FALSE(space.view(0x10000, 1, gone));
  EXPECT_EQ(view.bytes[0], 0);  // still host memory, given back and so zero
  runner.leave();
}

// One thread reads through views inside runs while another unmaps and maps the region again:
// the reader never touches freed host memory (a crash here), and sees either the new zeroed
// mapping or a missing one.
TEST(AddressSpaceThreads, ReaderSurvivesConcurrentUnmaps) {
  constexpr uint64_t kBase = 0x100000, kSize = 0x10000;
  AddressSpace space;
  space.map(kBase, kSize, kRw);
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> reads{0}, nonzero{0};
  std::thread reader([&] {
    AddressSpace::Runner runner(space);
    while (!stop.load()) {
      runner.enter();
      RegionView view;
      if (space.view(kBase, 8, view)) {
        for (uint64_t offset = 0; offset < view.size; offset += 4096) nonzero += view.bytes[offset] != 0;
        ++reads;
      }
      runner.leave();
    }
  });
  for (int round = 0; round < 2000 || reads.load() < 100; ++round) {
    space.unmap(kBase, kSize);
    space.map(kBase, kSize, kRw);
  }
  stop = true;
  reader.join();
  EXPECT_GE(reads.load(), 100u);
  EXPECT_EQ(nonzero.load(), 0u);  // nothing ever wrote: every mapping, old or new, reads zero
  EXPECT_EQ(layout(space), (Layout{{kBase, kSize, kRw}}));
}

}  // namespace
}  // namespace warp64
