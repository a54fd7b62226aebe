// AddressSpace page-range operations used by the Linux layer's mmap, munmap and mprotect.
#include "memory/address_space.hpp"

#include <gtest/gtest.h>

#include "warp64/error.hpp"

namespace warp64 {
namespace {

TEST(AddressSpaceRanges, UnmapMiddleSplitsAndKeepsBytes) {
  AddressSpace space;
  space.map(0x10000, 0x4000, kPermRead | kPermWrite);
  const uint8_t head[] = {1, 2}, tail[] = {3, 4};
  space.write_bytes(0x10ffe, head);
  space.write_bytes(0x13000, tail);
  space.unmap(0x11000, 0x2000);
  ASSERT_EQ(space.regions().size(), 2u);
  EXPECT_EQ(space.regions()[0]->base, 0x10000u);
  EXPECT_EQ(space.regions()[0]->size, 0x1000u);
  EXPECT_EQ(space.regions()[1]->base, 0x13000u);
  EXPECT_EQ(space.regions()[1]->size, 0x1000u);
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
  ASSERT_EQ(space.regions().size(), 2u);
  EXPECT_EQ(space.regions()[0]->size, 0x1000u);
  EXPECT_EQ(space.regions()[1]->base, 0x6000u);
  space.unmap(0, 0x10000);
  EXPECT_TRUE(space.regions().empty());
}

TEST(AddressSpaceRanges, ProtectPart) {
  AddressSpace space;
  space.map(0x10000, 0x3000, kPermRead | kPermWrite);
  space.protect(0x11000, 0x1000, kPermRead | kPermExecute);
  ASSERT_EQ(space.regions().size(), 3u);
  EXPECT_EQ(space.find(0x10000)->perms, kPermRead | kPermWrite);
  const Region* middle = space.find(0x11000);
  EXPECT_EQ(middle->perms, kPermRead | kPermExecute);
  EXPECT_EQ(space.find(0x12000)->perms, kPermRead | kPermWrite);
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
}

}  // namespace
}  // namespace warp64
