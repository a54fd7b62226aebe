// Which code a profile chooses for translation (engine/translation/hot_code.hpp): hand-worked
// profiles of a small program, and a corpus program's profile taken on the CPU engine, whose
// chosen code must hold the hot functions' words as the ELF's symbol table places them. And the
// profile GPU lanes take (engine/lanes/block_profile.hpp), run here on the host: a sampled
// lane's counts against the hand count.
#include "engine/translation/hot_code.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "engine/lanes/block_profile.hpp"
#include "engine/observed_engine.hpp"
#include "linux/elf_loader.hpp"
#include "linux/process.hpp"
#include "memory/address_space.hpp"
#include "support/assemble.hpp"

namespace warp64::test {
namespace {

using translation::BlockEntryCount;
using translation::CodeRegion;
using translation::HotCode;
using translation::HotCodeLimits;

constexpr uint64_t kBase = 0x1000;

std::vector<uint8_t> bytes_of(const std::vector<uint32_t>& words) {
  std::vector<uint8_t> bytes(words.size() * 4);
  std::memcpy(bytes.data(), words.data(), bytes.size());
  return bytes;
}

std::set<uint64_t> chosen_words(const HotCode& hot) {
  std::set<uint64_t> words;
  for (const translation::BasicBlock& block : hot.blocks) {
    for (size_t i = 0; i < block.words.size(); ++i) words.insert(block.start + 4 * i);
  }
  return words;
}

std::set<uint64_t> range(uint64_t first, uint64_t last) {
  std::set<uint64_t> words;
  for (uint64_t pc = first; pc <= last; pc += 4) words.insert(pc);
  return words;
}

// A loop calling `hot` through a register 200 times and `cold` 13 times (every 16th turn).
const char* kCalls = R"(
      mov x19, #0          // 0x1000
      adr x20, hot         // 0x1004
      adr x21, cold        // 0x1008
  loop:
      blr x20              // 0x100c
      and x1, x19, #15     // 0x1010
      cbnz x1, 1f          // 0x1014
      blr x21              // 0x1018
  1:  add x19, x19, #1     // 0x101c
      cmp x19, #200        // 0x1020
      b.lo loop            // 0x1024
      hlt #0               // 0x1028
  hot:
      add x0, x0, x19      // 0x102c
      ret                  // 0x1030
  cold:
      eor x0, x0, x19      // 0x1034
      ret                  // 0x1038
)";

// The block entries of kCalls, counted by hand: the start, hot's and cold's calls, the returns
// after them, the not-taken CBNZ's target and the loop's back edge.
const std::vector<BlockEntryCount> kCallsProfile = {
    {0x1000, 1}, {0x102c, 200}, {0x1010, 200}, {0x101c, 187 + 13}, {0x1034, 13}, {0x100c, 199},
};

HotCode select(const std::vector<uint8_t>& code, std::vector<BlockEntryCount> profile, const HotCodeLimits& limits) {
  const CodeRegion region{kBase, code};
  return translation::select_hot_code(core::host_decode_table(), std::span(&region, 1), profile, limits);
}

TEST(HotCode, TakesTheHottestEntriesWithTheCodeTheyReach) {
  const std::vector<uint8_t> code = bytes_of(assemble(kCalls));
  // 99 % of 813 entries is 804.87: all but the start's one. Ranked (ties by address): the
  // return from hot, whose walk takes the loop 0x100c-0x1028 (BLR has no target); 0x101c,
  // inside it; hot, two words up to its RET; 0x100c, inside the loop; cold.
  const HotCode hot = select(code, kCallsProfile, {});
  EXPECT_EQ(hot.code_entries, 813u);
  EXPECT_EQ(hot.entries, (std::vector<uint64_t>{0x1010, 0x102c, 0x1034}));
  std::set<uint64_t> expected = range(0x100c, 0x1038);
  EXPECT_EQ(chosen_words(hot), expected);
  EXPECT_EQ(hot.words, expected.size());
  EXPECT_EQ(hot.covered_entries, 812u);
}

TEST(HotCode, CoverageLeavesTheColdCallOut) {
  const std::vector<uint8_t> code = bytes_of(assemble(kCalls));
  HotCodeLimits limits;
  limits.coverage = 0.9;  // 731.7 of 813: reached before cold, at 799
  const HotCode hot = select(code, kCallsProfile, limits);
  std::set<uint64_t> chosen = chosen_words(hot);
  EXPECT_FALSE(chosen.contains(0x1034));
  EXPECT_FALSE(chosen.contains(0x1000));
  EXPECT_TRUE(chosen.contains(0x102c));
  EXPECT_TRUE(chosen.contains(0x1024));
}

TEST(HotCode, MinimumEntriesAndWordBudget) {
  const std::vector<uint8_t> code = bytes_of(assemble(kCalls));
  HotCodeLimits limits;
  limits.min_entries = 500;
  EXPECT_TRUE(select(code, kCallsProfile, limits).blocks.empty());
  limits = {};
  limits.max_words = 2;  // the first two words from the hottest entry, nothing more
  const HotCode hot = select(code, kCallsProfile, limits);
  EXPECT_EQ(chosen_words(hot), range(0x1010, 0x1014));
  EXPECT_EQ(hot.entries, std::vector<uint64_t>{0x1010});
}

TEST(HotCode, IgnoresEntriesOutsideTheCode) {
  const std::vector<uint8_t> code = bytes_of(assemble(kCalls));
  const HotCode hot = select(code, {{0x9000, 1000}, {0x1002, 1000}, {0x102c, 5}}, {});
  EXPECT_EQ(hot.code_entries, 5u);
  EXPECT_EQ(chosen_words(hot), range(0x102c, 0x1030));
}

TEST(HotCode, ARegionJumpingIntoAnotherStartsABlockThere) {
  // The first region (from 0x1008) holds the loop as one block 0x1008-0x1010; the second,
  // from 0x1000, falls into it at 0x1008, which must start a block of the union.
  const std::vector<uint8_t> code = bytes_of(assemble(R"(
      mov x0, #0           // 0x1000
      mov x1, #10          // 0x1004
  loop:
      add x0, x0, #1       // 0x1008
      cmp x0, x1           // 0x100c
      b.lo loop            // 0x1010
      hlt #0               // 0x1014
  )"));
  const HotCode hot = select(code, {{0x1008, 10}, {0x1000, 1}}, {});
  std::vector<uint64_t> starts;
  for (const translation::BasicBlock& block : hot.blocks) starts.push_back(block.start);
  EXPECT_EQ(starts, (std::vector<uint64_t>{0x1000, 0x1008, 0x1014}));
  EXPECT_EQ(hot.words, 6u);
}

// Words at kBase, decoded as the engines' fetchers do.
class WordFetcher {
 public:
  explicit WordFetcher(const std::vector<uint32_t>& words) : words_(words) {}
  bool fetch(uint64_t pc, uint32_t& insn, core::Op& op) {
    if (pc < kBase || pc % 4 != 0 || (pc - kBase) / 4 >= words_.size()) return false;
    insn = words_[(pc - kBase) / 4];
    op = core::decode(core::host_decode_table(), insn);
    return true;
  }

 private:
  const std::vector<uint32_t>& words_;
};

// kCalls touches no memory.
struct NoMemory {
  bool read(uint64_t, unsigned, uint64_t&) { return false; }
  bool write(uint64_t, unsigned, uint64_t) { return false; }
  core::AccessKind atomic(uint64_t, core::AtomicAccess&) { return core::AccessKind::kRead; }
  void barrier() {}
  uint64_t virtual_counter() { return 0; }
};

// The profile a lane's ProfilingFetcher takes of kCalls, run to its HLT.
std::map<uint64_t, uint64_t> sampled_profile(uint32_t slots, uint32_t lane_stride, uint32_t period_mask,
                                             uint64_t lane) {
  const std::vector<uint32_t> words = assemble(kCalls);
  std::vector<uint64_t> keys(slots), counts(slots);
  const lanes::BlockProfile profile{keys.data(), counts.data(), slots, lane_stride, period_mask};
  WordFetcher inner(words);
  lanes::ProfilingFetcher fetcher(inner, profile, lane);
  core::CpuState state{};
  state.pc = kBase;
  NoMemory memory;
  const core::RunResult result = core::run(state, memory, fetcher, 100'000);
  EXPECT_EQ(result.reason, StopReason::kHalt);
  std::map<uint64_t, uint64_t> by_pc;
  for (uint32_t slot = 0; slot < slots; ++slot) {
    if (keys[slot] != 0) by_pc[keys[slot] - 1] += counts[slot];
  }
  return by_pc;
}

TEST(BlockProfile, ASampledLaneCountsEveryBlockEntry) {
  std::map<uint64_t, uint64_t> expected;
  for (const BlockEntryCount& entry : kCallsProfile) expected[entry.pc] = entry.count;
  EXPECT_EQ(sampled_profile(1024, 4, 0, 8), expected);
}

TEST(BlockProfile, OtherLanesCountNothing) { EXPECT_TRUE(sampled_profile(1024, 4, 0, 6).empty()); }

TEST(BlockProfile, AFullTableLeavesNewBlocksOut) {
  // Four slots take the first four blocks entered; the other two find no slot.
  const std::map<uint64_t, uint64_t> profile = sampled_profile(4, 1, 0, 0);
  EXPECT_EQ(profile.size(), 4u);
  EXPECT_EQ(profile.at(0x1000), 1u);
  EXPECT_EQ(profile.at(0x102c), 200u);
}

TEST(BlockProfile, RandomGapsSampleAShareOfTheEntries) {
  // 813 entries, one sampled after each gap of 1 to 32 (16.5 on average): about 49.
  const std::map<uint64_t, uint64_t> profile = sampled_profile(1024, 1, 31, 0);
  uint64_t samples = 0;
  for (const auto& [pc, count] : profile) {
    samples += count;
    EXPECT_TRUE(std::any_of(kCallsProfile.begin(), kCallsProfile.end(),
                            [&](const BlockEntryCount& entry) { return entry.pc == pc && count <= entry.count; }));
  }
  EXPECT_GE(samples, 813u / 32);
  EXPECT_LE(samples, 813u);
  EXPECT_GT(profile.at(0x102c), 0u);
}

// Counts block entries as an interpreter sees them: every instruction that does not follow
// the one before it in memory.
class BlockEntryCounter final : public RunObserver {
 public:
  bool wants_state_before() const override { return false; }
  bool stop_before(uint64_t pc) override {
    if (pc != next_) ++counts_[pc];
    next_ = pc + 4;
    return false;
  }
  bool stop_at_access(uint64_t, unsigned, bool) override { return false; }
  void executed(uint64_t, uint32_t, const core::CpuState*, const core::CpuState&) override {}

  std::vector<BlockEntryCount> profile() const {
    std::vector<BlockEntryCount> entries;
    for (const auto& [pc, count] : counts_) entries.push_back({pc, count});
    return entries;
  }

 private:
  std::map<uint64_t, uint64_t> counts_;
  uint64_t next_ = ~0ull;
};

const linux_abi::ElfSymbol& symbol(const linux_abi::ElfImage& image, const std::string& name) {
  const auto found = std::find_if(image.symbols->begin(), image.symbols->end(),
                                  [&](const linux_abi::ElfSymbol& symbol) { return symbol.name == name; });
  if (found == image.symbols->end()) throw std::runtime_error("no symbol " + name);
  return *found;
}

uint64_t words_inside(const std::set<uint64_t>& words, const linux_abi::ElfSymbol& function) {
  return std::distance(words.lower_bound(function.address), words.lower_bound(function.address + function.size));
}

TEST(HotCode, ACorpusProgramsProfileChoosesItsHotFunctions) {
  const std::string path = std::string(WARP64_PROGRAM_DIR) + "/hash_checksums-O0";
  BlockEntryCounter counter;
  linux_abi::ProcessOptions options;
  options.path = path;
  options.args = {"2"};
  options.capture_output = true;
  options.engine = EngineKind::kCpu;
  options.observer = &counter;
  ASSERT_EQ(linux_abi::run_process(options).exit_code, 0);

  // The code as the run saw it: the static executable at its link addresses.
  AddressSpace space;
  const linux_abi::ElfImage image = linux_abi::load_executable(path, space);
  RegionView text;
  ASSERT_TRUE(space.view(image.entry, 4, text));
  ASSERT_TRUE((text.perms & kPermExecute) && !(text.perms & kPermWrite));
  const CodeRegion code{text.base, std::span<const uint8_t>(text.bytes, text.size)};
  const HotCodeLimits limits;
  const HotCode hot =
      translation::select_hot_code(core::host_decode_table(), std::span(&code, 1), counter.profile(), limits);
  const std::set<uint64_t> chosen = chosen_words(hot);

  // Each checksum's loop is chosen: most of each function's words at -O0.
  for (const char* name : {"crc32", "adler32", "fnv1a32", "fnv1a64", "sha256_block"}) {
    const linux_abi::ElfSymbol& function = symbol(image, name);
    EXPECT_GE(2 * words_inside(chosen, function), function.size / 4) << name;
  }
  // Start-up, run once, is not.
  EXPECT_EQ(words_inside(chosen, symbol(image, "_start")), 0u);
  EXPECT_EQ(words_inside(chosen, symbol(image, "__libc_start_main")), 0u);
  EXPECT_LE(hot.words, limits.max_words);
  EXPECT_GE(static_cast<double>(hot.covered_entries), 0.9 * static_cast<double>(hot.code_entries));
}

}  // namespace
}  // namespace warp64::test
