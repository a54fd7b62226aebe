#include "engine/lane_space_plan.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "warp64/core/run.hpp"
#include "warp64/error.hpp"

namespace warp64 {
namespace {

using lanes::kPageBytes;

uint64_t pages_of(uint64_t bytes) { return (bytes + kPageBytes - 1) / kPageBytes; }

std::string range_text(const LaneRegionSpec& spec) {
  return "[" + hex(spec.base) + ", " + hex(spec.base + spec.size) + ")";
}

}  // namespace

uint64_t LaneSpacePlan::fixed_bytes_per_lane() const {
  return sizeof(core::CpuState) + sizeof(core::RunResult) +
         (space.directory_words * sizeof(uint32_t) >> space.group_shift) + 1;
}

uint64_t LaneSpacePlan::bytes_per_lane(uint64_t taken_blocks) const {
  const uint64_t taken = std::min<uint64_t>(taken_blocks, space.pool.blocks);
  return fixed_bytes_per_lane() + taken * block_bytes / std::max<uint64_t>(space.lanes, 1);
}

LaneSpacePlan plan_lane_space(uint64_t lanes, std::vector<LaneRegionSpec> regions, uint32_t requested_group) {
  // A group larger than the run would give every page a block mostly of unused slots.
  const uint32_t group =
      static_cast<uint32_t>(std::min<uint64_t>(requested_group, std::bit_ceil(std::max<uint64_t>(lanes, 1))));
  if (requested_group == 0 || requested_group > lanes::kMaxGroupSize || !std::has_single_bit(requested_group)) {
    throw Error("the lane group size must be 1, 2, 4, 8, 16 or 32, not " + std::to_string(requested_group));
  }
  std::sort(regions.begin(), regions.end(), [](const auto& a, const auto& b) { return a.base < b.base; });
  for (size_t i = 0; i < regions.size(); ++i) {
    const LaneRegionSpec& spec = regions[i];
    if (spec.size == 0 || spec.base + spec.size < spec.base) throw Error("empty or wrapping lane region");
    if (spec.base % kPageBytes != 0) throw Error("lane region " + range_text(spec) + " does not start on a page");
    if (i > 0 && regions[i - 1].base + regions[i - 1].size > spec.base) {
      throw Error("lane regions " + range_text(regions[i - 1]) + " and " + range_text(spec) + " overlap");
    }
    if (spec.shared && (spec.perms & kPermWrite)) throw Error("a shared region cannot be writable");
  }

  LaneSpacePlan plan;
  lanes::LaneSpace& space = plan.space;
  space.lanes = lanes;
  space.group_shift = static_cast<uint32_t>(std::countr_zero(group));
  plan.groups = (lanes + group - 1) / group;
  plan.block_bytes = kPageBytes << space.group_shift;
  space.leaf_shift = static_cast<uint32_t>(std::bit_width(plan.block_bytes / sizeof(lanes::PageEntry)) - 1);
  uint64_t pages_per_group = 0;  // every page and leaf a group could ever need
  for (LaneRegionSpec& spec : regions) {
    if (spec.shared) {
      if (plan.shared.size() == lanes::kMaxSharedRegions) {
        throw Error("lane memory holds at most " + std::to_string(lanes::kMaxSharedRegions) + " shared regions");
      }
      spec.initial.resize(spec.size);
      lanes::SharedRegion& region = space.shared[plan.shared.size()];
      region = {spec.base, spec.size, nullptr, nullptr, spec.perms};
      plan.shared.push_back(std::move(spec));
      continue;
    }
    if (plan.windows.size() == lanes::kMaxWindows) {
      throw Error("lane memory holds at most " + std::to_string(lanes::kMaxWindows) + " private windows");
    }
    const uint64_t pages = pages_of(spec.size);
    const uint64_t leaves = (pages + (uint64_t{1} << space.leaf_shift) - 1) >> space.leaf_shift;
    spec.initial.resize(std::min(spec.initial.size(), spec.size));
    spec.initial.resize(pages_of(spec.initial.size()) * kPageBytes);
    lanes::Window& window = space.windows[plan.windows.size()];
    window = {spec.base, spec.size, nullptr, spec.initial.size() / kPageBytes, nullptr, space.directory_words,
              spec.perms};
    if (space.directory_words + leaves > UINT32_MAX) throw Error("the lanes' private windows are too large");
    space.directory_words += static_cast<uint32_t>(leaves);
    pages_per_group += pages + leaves;
    plan.windows.push_back(std::move(spec));
  }
  space.shared_count = static_cast<uint32_t>(plan.shared.size());
  space.window_count = static_cast<uint32_t>(plan.windows.size());

  // Block numbers + 1 must stay below kBusy.
  constexpr uint64_t kMostBlocks = lanes::kBusy - 2;
  plan.most_blocks_needed = plan.groups > kMostBlocks / std::max<uint64_t>(pages_per_group, 1)
                                ? kMostBlocks
                                : std::max<uint64_t>(plan.groups * pages_per_group, 1);
  space.pool.block_shift = lanes::kPageShift + space.group_shift;
  return plan;
}

void LaneSpacePlan::size_pool(uint64_t bytes) {
  const uint64_t blocks = bytes / block_bytes;
  if (blocks == 0) {
    throw Error("a lane page pool of " + std::to_string(bytes) + " bytes holds no block of " +
                std::to_string(block_bytes) + " bytes (" + std::to_string(1u << space.group_shift) + " lanes x 4 KiB)");
  }
  space.pool.blocks = static_cast<uint32_t>(std::min(blocks, most_blocks_needed));
}

uint64_t lane_capacity(const std::vector<LaneRegionSpec>& regions, const LaneMemoryOptions& memory,
                       uint64_t memory_bytes, uint64_t kept_per_lane) {
  // A whole group gives the fixed bytes of a run of many lanes.
  const uint64_t fixed = plan_lane_space(memory.group_size, regions, memory.group_size).fixed_bytes_per_lane() +
                         branch_ring_bytes_per_lane(memory.branch_ring) + kept_per_lane;
  if (memory.pool_bytes == 0) return memory_bytes / (fixed + kPageBytes);
  const uint64_t pool = std::min(memory.pool_bytes, memory_bytes);
  return std::min((memory_bytes - pool) / fixed, pool / kPageBytes);
}

std::vector<DecodeEntry> initial_decode_cache(const LaneRegionSpec& spec) {
  // Executable windows larger than this decode every fetch instead of keeping a cache.
  constexpr uint64_t kMostCachedWindow = 64ull << 20;
  if (!(spec.perms & kPermExecute || spec.code) || (!spec.shared && spec.size > kMostCachedWindow)) return {};
  std::vector<uint8_t> bytes = spec.initial;
  bytes.resize(spec.size & ~3ull);
  std::vector<DecodeEntry> cache(bytes.size() / 4);
  const core::DecodeTable& table = core::host_decode_table();
  for (size_t i = 0; i < cache.size(); ++i) {
    uint32_t word;
    std::memcpy(&word, bytes.data() + 4 * i, 4);
    cache[i] = decode_entry(core::decode(table, word), word);
  }
  return cache;
}

std::string memory_op_error(lanes::Status status, const lanes::MemoryOp& op) {
  const std::string where = "lane " + std::to_string(op.lane) + ", " + hex(op.address);
  switch (status) {
    case lanes::Status::kExhausted: return "lane memory's page pool is exhausted (" + where + ")";
    case lanes::Status::kDenied: return "address " + hex(op.address) + " is in a shared read-only region";
    default: return "address " + hex(op.address) + " is not mapped (" + where + ")";
  }
}

std::string unmapped_range_error(const lanes::ByteRange& range) {
  return "address " + hex(range.address) + " is not mapped (lane " + std::to_string(range.lane) + ", " +
         std::to_string(range.length) + " bytes)";
}

}  // namespace warp64
