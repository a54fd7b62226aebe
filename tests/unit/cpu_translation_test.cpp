// The CPU engine's translated code (engine/cpu/hot_code_translator.hpp) against its
// interpreter, which the other unit tests check against Unicorn and the Arm ARM: the same
// state, cycles and stop at every budget and whenever the switch to translated code comes;
// which code gets translated; code that changes; cache entries that are not the code's own.
// Translation is synchronous here (TranslateMode::kSync), so that it happens for sure; the
// cache is a fresh directory per test.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <set>

#include "engine/cpu/host_source.hpp"
#include "engine/engine.hpp"
#include "engine/translation/unit_groups.hpp"
#include "memory/address_space.hpp"
#include "support/assemble.hpp"

namespace warp64::test {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kCode = 0x10000;
constexpr uint64_t kData = 0x20000;
constexpr uint64_t kStackTop = 0x40000;
constexpr uint64_t kBudget = 1'000'000;

// A loop that calls `hot` through BLR on each of 200 iterations and `cold` on every 16th from
// the 100th on (x19 = 112, 128 ... 192: 6 calls), with loads, stores and flags; hot's and
// cold's addresses are in x20 and x21.
const char* kCalls = R"(
      mov x19, #0
      adr x20, hot
      adr x21, cold
      mov x0, #0
      mov x22, #0x20000
  loop:
      blr x20
      and x1, x19, #15
      cbnz x1, 1f
      cmp x19, #100
      b.lo 1f
      blr x21
  1:  add x19, x19, #1
      cmp x19, #200
      b.lo loop
      hlt #0
  hot:
      add x2, x0, x0, lsl #1
      add x0, x2, x19
      str x0, [x22, x19, lsl #3]
      ret
  cold:
      eor x0, x0, x19, ror #3
      ldr x3, [x22, #8]
      adds x0, x0, x3
      ret
)";
constexpr uint64_t kHotOffset = 15 * 4;
constexpr uint64_t kColdOffset = 19 * 4;

std::vector<uint8_t> bytes_of(const std::vector<uint32_t>& words) {
  std::vector<uint8_t> bytes(words.size() * 4);
  std::memcpy(bytes.data(), words.data(), bytes.size());
  return bytes;
}

// Code in read-only executable memory (the only code translated), data and stack beside it.
void load(AddressSpace& memory, const std::vector<uint32_t>& code) {
  memory.map(kCode, 0x1000, kPermRead | kPermExecute);
  memory.write_bytes(kCode, bytes_of(code));
  memory.map(kData, 0x1000, kPermRead | kPermWrite);
  memory.map(kStackTop - 0x1000, 0x1000, kPermRead | kPermWrite);
}

struct RunEnd {
  core::CpuState state;
  core::RunResult result;
  std::vector<uint8_t> data;
};

RunEnd run_from_start(Engine& engine, AddressSpace& memory, uint64_t max_cycles = kBudget) {
  RunEnd run{};
  run.state.pc = kCode;
  run.state.sp = kStackTop;
  run.result = engine.run(run.state, memory, max_cycles).result;
  run.data = memory.read_bytes(kData, 0x1000);
  return run;
}

void expect_same(const RunEnd& expected, const RunEnd& actual) {
  for (unsigned i = 0; i < 31; ++i) EXPECT_EQ(actual.state.x[i], expected.state.x[i]) << "x" << i;
  EXPECT_EQ(actual.state.sp, expected.state.sp);
  EXPECT_EQ(actual.state.pc, expected.state.pc);
  EXPECT_EQ(actual.state.nzcv, expected.state.nzcv);
  EXPECT_EQ(actual.result.reason, expected.result.reason);
  EXPECT_EQ(actual.result.cycles, expected.result.cycles);
  EXPECT_EQ(actual.result.has_insn, expected.result.has_insn);
  if (expected.result.has_insn) EXPECT_EQ(actual.result.insn, expected.result.insn);
  EXPECT_EQ(actual.data, expected.data);
}

TranslationSettings sync_settings(uint32_t threshold, uint64_t install_delay = 0) {
  TranslationSettings settings;
  settings.mode = TranslateMode::kSync;
  settings.threshold = threshold;
  settings.install_delay = install_delay;
  return settings;
}

// The block starts that the cache's shared objects are translations of (their manifests).
// `code` run from the start by the interpreter and by an engine translating with `settings`:
// the two must end alike. Returns the translated run's end.
RunEnd expect_translated_as_interpreted(const std::vector<uint32_t>& code, const TranslationSettings& settings,
                                        uint64_t budget = kBudget) {
  AddressSpace interpreted_memory, translated_memory;
  load(interpreted_memory, code);
  load(translated_memory, code);
  const RunEnd expected = run_from_start(*make_cpu_engine(), interpreted_memory, budget);
  const RunEnd actual = run_from_start(*make_cpu_engine(settings), translated_memory, budget);
  expect_same(expected, actual);
  return actual;
}

// The block starts one shared object of the cache is a translation of (its manifest).
std::set<uint64_t> manifest_starts(const fs::path& object) {
  std::set<uint64_t> starts;
  void* library = dlopen(object.c_str(), RTLD_NOW | RTLD_LOCAL);
  EXPECT_NE(library, nullptr) << dlerror();
  if (library == nullptr) return starts;
  const auto* manifest = static_cast<const uint64_t*>(dlsym(library, cpu::kCodeSymbol));
  EXPECT_NE(manifest, nullptr);
  for (uint64_t block = 0, at = 1; manifest != nullptr && block < manifest[0]; ++block) {
    starts.insert(manifest[at]);
    at += 2 + manifest[at + 1];
  }
  dlclose(library);
  return starts;
}

std::vector<fs::path> shared_objects(const fs::path& cache);

std::set<uint64_t> translated_block_starts(const fs::path& cache) {
  std::set<uint64_t> starts;
  for (const fs::path& object : shared_objects(cache)) starts.merge(manifest_starts(object));
  return starts;
}

std::vector<fs::path> shared_objects(const fs::path& cache) {
  std::vector<fs::path> objects;
  for (const fs::directory_entry& entry : fs::directory_iterator(cache)) {
    if (entry.path().extension() == ".so") objects.push_back(entry.path());
  }
  return objects;
}

// Makes `directory` the translation cache of the engines made from here on.
void use_cache(const fs::path& directory) {
  fs::create_directories(directory);
  setenv("WARP64_CACHE_DIR", directory.c_str(), 1);
}

class CpuTranslation : public testing::Test {
 protected:
  void SetUp() override {
    cache_ = fs::temp_directory_path() / ("warp64-translation-test-" + std::to_string(getpid()) + "-" +
                                          testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(cache_);
    use_cache(cache_);
  }
  void TearDown() override { fs::remove_all(cache_); }

  fs::path cache_;
};

// The loop gets hot before `cold` is first called, so its region has no call of `cold` to
// follow; and `cold`, 6 calls, never gets hot.
TEST_F(CpuTranslation, AHotFunctionReachedOnlyThroughBlrIsTranslatedAndAColdOneIsNot) {
  AddressSpace memory;
  load(memory, assemble(kCalls));
  const std::unique_ptr<Engine> engine = make_cpu_engine(sync_settings(50));
  EXPECT_EQ(run_from_start(*engine, memory).result.reason, core::StopReason::kHalt);
  const std::set<uint64_t> starts = translated_block_starts(cache_);
  EXPECT_TRUE(starts.contains(kCode + kHotOffset));    // 200 entries
  EXPECT_FALSE(starts.contains(kCode + kColdOffset));  // 6
}

// warp64 started with an environment of its own that has no PATH (as the corpus test starts
// it): the compiler still finds the tools it runs itself, its linker among them.
TEST_F(CpuTranslation, TranslatesWithNoPathInTheEnvironment) {
  const char* path = std::getenv("PATH");
  const std::string saved = path != nullptr ? path : "";
  unsetenv("PATH");
  expect_translated_as_interpreted(assemble(kCalls), sync_settings(50));
  if (path != nullptr) setenv("PATH", saved.c_str(), 1);
  EXPECT_TRUE(translated_block_starts(cache_).contains(kCode + kHotOffset));
}

// An atomic increment by load-exclusive/store-exclusive, 100 times, as a C library's locks and
// atomics make them: the loop is translated and ends as the interpreter does (the word at kData
// counts to 100).
TEST_F(CpuTranslation, ExclusiveAccessesAreTranslated) {
  const std::vector<uint32_t> code = assemble(R"(
      mov x19, #0
      mov x22, #0x20000
  loop:
      ldaxr x1, [x22]
      add x1, x1, #1
      stlxr w2, x1, [x22]
      cbnz w2, loop
      add x19, x19, #1
      cmp x19, #100
      b.lo loop
      hlt #0
  )");
  const RunEnd actual = expect_translated_as_interpreted(code, sync_settings(2));
  EXPECT_EQ(actual.data[0], 100);
  EXPECT_TRUE(translated_block_starts(cache_).contains(kCode + 2 * 4));  // the loop
}

// Each unit of a region (at most function_words words, a longer block alone) is built, cached
// and installed on its own, so that a run ending before its region is all built leaves what it
// built to the next: here units of 8 words, every object's manifest within that bound, and the
// run as the interpreter's.
TEST_F(CpuTranslation, EachUnitIsItsOwnCacheEntry) {
  TranslationSettings settings = sync_settings(2);
  settings.function_words = 8;
  expect_translated_as_interpreted(assemble(kCalls), settings);
  const std::vector<fs::path> objects = shared_objects(cache_);
  EXPECT_GE(objects.size(), 2u);
  for (const fs::path& object : objects) {
    void* library = dlopen(object.c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library, nullptr) << dlerror();
    const auto* manifest = static_cast<const uint64_t*>(dlsym(library, cpu::kCodeSymbol));
    ASSERT_NE(manifest, nullptr);
    uint64_t words = 0;
    for (uint64_t block = 0, at = 1; block < manifest[0]; ++block) {
      words += manifest[at + 1];
      at += 2 + manifest[at + 1];
    }
    EXPECT_TRUE(words <= 8 || manifest[0] == 1) << object << ": " << manifest[0] << " blocks, " << words << " words";
    dlclose(library);
  }
}

// A loop whose body is one block of 23 words (20 ADDs, then ADD, CMP, B.LO), with units of 8
// words: pieces of 8, 8 and 7 words from words 2, 10 and 18, the run as the interpreter's.
TEST_F(CpuTranslation, ALongBlockIsCutIntoUnits) {
  std::string source = "mov x1, #0\nmov x19, #0\nloop:\n";
  for (int i = 0; i < 20; ++i) source += "add x1, x1, #" + std::to_string(i + 1) + "\n";
  source += "add x19, x19, #1\ncmp x19, #10\nb.lo loop\nhlt #0\n";
  TranslationSettings settings = sync_settings(2);
  settings.function_words = 8;
  const RunEnd actual = expect_translated_as_interpreted(assemble(source), settings);
  EXPECT_EQ(actual.state.x[1], 10u * (20 * 21 / 2));  // ten rounds of 1 + 2 + ... + 20
  const std::set<uint64_t> starts = translated_block_starts(cache_);
  EXPECT_TRUE(starts.contains(kCode + 2 * 4));
  EXPECT_TRUE(starts.contains(kCode + 10 * 4));
  EXPECT_TRUE(starts.contains(kCode + 18 * 4));
}

// A call the loop never makes leaves its callee out of the loop's region: only branches that
// were taken lead on (every call and taken jump lands in the engine's table of block entries),
// so cold code reached through a direct call is not compiled with the hot code.
TEST_F(CpuTranslation, ACalleeNeverCalledIsLeftOutOfTheRegion) {
  const std::vector<uint32_t> code = assemble(R"(
      mov x19, #0
      mov x0, #0
      mov x5, #0
  loop:
      bl hot
      cbz x5, 1f
      bl cold
  1:  add x19, x19, #1
      cmp x19, #200
      b.lo loop
      hlt #0
  hot:
      add x0, x0, #1
      ret
  cold:
      add x0, x0, #2
      ret
  )");
  const RunEnd actual = expect_translated_as_interpreted(code, sync_settings(50));
  EXPECT_EQ(actual.state.x[0], 200u);
  const std::set<uint64_t> starts = translated_block_starts(cache_);
  EXPECT_TRUE(starts.contains(kCode + 3 * 4));    // loop
  EXPECT_TRUE(starts.contains(kCode + 10 * 4));   // hot
  EXPECT_FALSE(starts.contains(kCode + 12 * 4));  // cold
}

// A dispatch loop (the shape of a bytecode interpreter's): the head, hot, jumps through a
// register to a handler, and each handler jumps back to the head. The jump has landed on each
// handler before the head gets hot, so the head's region follows it to both: one unit holds
// the loop, and no dispatch leaves it.
const char* kDispatch = R"(
      mov x19, #0
      adr x21, h1
      adr x22, h2
  head:
      add x19, x19, #1
      cmp x19, #400
      b.hs done
      tst x19, #1
      csel x1, x21, x22, eq
      br x1
  h1:
      add x2, x2, #1
      b head
  h2:
      add x3, x3, #3
      b head
  done:
      hlt #0
)";

TEST_F(CpuTranslation, AJumpThroughARegisterLeadsTheRegionToWhereItLanded) {
  const RunEnd actual = expect_translated_as_interpreted(assemble(kDispatch), sync_settings(50));
  // 399 dispatches (x19 = 1..399): h1 for the 199 even ones, h2 (adding 3) for the 200 odd.
  EXPECT_EQ(actual.state.x[2], 199u);
  EXPECT_EQ(actual.state.x[3], 600u);
  const std::vector<fs::path> objects = shared_objects(cache_);
  ASSERT_EQ(objects.size(), 1u);
  const std::set<uint64_t> starts = manifest_starts(objects.front());
  EXPECT_TRUE(starts.contains(kCode + 3 * 4));   // head
  EXPECT_TRUE(starts.contains(kCode + 9 * 4));   // h1
  EXPECT_TRUE(starts.contains(kCode + 11 * 4));  // h2
}

// The same loop, whose jump lands only on h0 and h3 until the head has been translated, and
// then on h1 and h2: each of those gets hot on its own, and its region takes in a copy of the
// head (hot, and the block it falls into), so that a handler's unit runs on to the next
// dispatch without a jump between units. Three objects hold the head: its own and one per late
// handler.
TEST_F(CpuTranslation, AHotBlockTranslatedBeforeIsCopiedIntoTheRegionsThatJumpToIt) {
  const std::vector<uint32_t> code = assemble(R"(
      mov x19, #0
      adr x20, h0
      adr x23, h3
      adr x21, h1
      adr x22, h2
  head:
      add x19, x19, #1
      cmp x19, #400
      b.hs done
      tst x19, #1
      csel x1, x21, x22, eq
      csel x5, x20, x23, eq
      cmp x19, #100
      csel x1, x5, x1, lo
      br x1
  h0:
      add x4, x4, #1
      b head
  h3:
      add x6, x6, #1
      b head
  h1:
      add x2, x2, #1
      b head
  h2:
      add x3, x3, #3
      b head
  done:
      hlt #0
  )");
  const RunEnd actual = expect_translated_as_interpreted(code, sync_settings(50));
  // Of x19 = 1..99, the 49 even ones go to h0 and the 50 odd to h3; of 100..399, the 150 even
  // ones to h1 and the 150 odd to h2 (adding 3).
  EXPECT_EQ(actual.state.x[4], 49u);
  EXPECT_EQ(actual.state.x[6], 50u);
  EXPECT_EQ(actual.state.x[2], 150u);
  EXPECT_EQ(actual.state.x[3], 450u);
  const uint64_t head = kCode + 5 * 4;
  size_t holding_head = 0;
  for (const fs::path& object : shared_objects(cache_)) holding_head += manifest_starts(object).contains(head);
  EXPECT_EQ(holding_head, 3u);
}

// Units of at most 12 words over blocks of 10 (words 0-9), 2 (the loop's head, 10-11), 4 (its
// tail, 12-15) and 1 word (16): filled in address order, the first unit would take the first
// two blocks and split the loop; the cut goes where one jump crosses (the fall-through into the
// loop) instead of three (head to tail, tail back to head, head's CBNZ past the loop). Past the
// loop, two cross: the tail's fall-through and the CBNZ.
TEST_F(CpuTranslation, AUnitIsCutWhereTheFewestJumpsCross) {
  std::string source = "mov x1, #0\n";
  for (int i = 0; i < 9; ++i) source += "add x1, x1, #1\n";
  source += "loop:\nadd x2, x2, #1\ncbnz x5, after\nadd x3, x3, #1\nadd x19, x19, #1\ncmp x19, #10\nb.lo loop\n";
  source += "after:\nhlt #0\n";
  const std::vector<uint32_t> code = assemble(source);
  const std::vector<uint8_t> bytes = bytes_of(code);
  const translation::CodeRegion region{kCode, bytes};
  const uint64_t entry = kCode;
  const std::vector<translation::BasicBlock> blocks =
      translation::discover_blocks(core::host_decode_table(), std::span(&region, 1), std::span(&entry, 1), 100);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(translation::jumps_across(blocks), (std::vector<uint32_t>{0, 1, 3, 2, 0}));
  const auto groups = translation::unit_groups(blocks, 12);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].size(), 1u);
  EXPECT_EQ(groups[1].front().start, kCode + 10 * 4);
  EXPECT_EQ(groups[1].size(), 3u);
  TranslationSettings settings = sync_settings(2);
  settings.function_words = 12;
  EXPECT_EQ(expect_translated_as_interpreted(code, settings).state.x[3], 10u);
}

// Every budget ends at the same instruction with the same state, whenever translated code
// takes over (install_delay: block entries between a translation's arrival and its use).
TEST_F(CpuTranslation, RandomBudgetsAndSwitchPointsMatchTheInterpreter) {
  const std::vector<uint32_t> code = assemble(kCalls);
  std::mt19937_64 random(20261207);
  uint64_t total = 0;
  {
    AddressSpace memory;
    load(memory, code);
    total = run_from_start(*make_cpu_engine(), memory).result.cycles;
  }
  ASSERT_GT(total, 2000u);
  for (int trial = 0; trial < 40; ++trial) {
    const uint64_t budget = trial == 0 ? kBudget : 1 + random() % (total + 5);
    const uint64_t delay = random() % 400;
    SCOPED_TRACE("budget " + std::to_string(budget) + ", delay " + std::to_string(delay));
    expect_translated_as_interpreted(code, sync_settings(2, delay), budget);
  }
  EXPECT_FALSE(shared_objects(cache_).empty());  // translated code ran
}

// hot adds 1, 100 times; rewritten, 100.
const char* kCallsRewritable = R"(
      mov x0, #0
      mov x19, #0
      adr x20, hot
  loop:
      blr x20
      add x19, x19, #1
      cmp x19, #100
      b.lo loop
      hlt #0
  hot:
      add x0, x0, #1
      ret
)";
constexpr uint64_t kRewritableHotOffset = 8 * 4;

// Runs kCallsRewritable translated (x0 = 100), lets `rewrite` replace hot's ADD with one
// adding `addend`, and runs it again on the same engine: x0 = 100 * addend. It runs twice
// before the rewrite: the second run translates the entry block too, so that nothing is
// translated between the rewrite and the first call of hot, which must not find the
// translation the engine remembered from before.
template <class Rewrite>
void expect_rewritten_code_runs(const fs::path& cache, uint64_t addend, const Rewrite& rewrite) {
  AddressSpace memory;
  load(memory, assemble(kCallsRewritable));
  const std::unique_ptr<Engine> engine = make_cpu_engine(sync_settings(2));
  EXPECT_EQ(run_from_start(*engine, memory).state.x[0], 100u);
  EXPECT_EQ(run_from_start(*engine, memory).state.x[0], 100u);
  ASSERT_TRUE(translated_block_starts(cache).contains(kCode));
  ASSERT_TRUE(translated_block_starts(cache).contains(kCode + kRewritableHotOffset));
  rewrite(memory, bytes_of(assemble("add x0, x0, #" + std::to_string(addend))));
  EXPECT_EQ(run_from_start(*engine, memory).state.x[0], 100 * addend);
}

// As a guest's mprotect, store and mprotect do.
TEST_F(CpuTranslation, CodeRewrittenThroughAWritableMappingRunsAnew) {
  expect_rewritten_code_runs(cache_, 100, [](AddressSpace& memory, const std::vector<uint8_t>& add) {
    memory.protect(kCode, 0x1000, kPermRead | kPermWrite);
    memory.write_bytes(kCode + kRewritableHotOffset, add);
    memory.protect(kCode, 0x1000, kPermRead | kPermExecute);
  });
}

// As a read() into an executable page does.
TEST_F(CpuTranslation, CodeTheHostRewritesRunsAnew) {
  expect_rewritten_code_runs(cache_, 100, [](AddressSpace& memory, const std::vector<uint8_t>& add) {
    memory.write_bytes(kCode + kRewritableHotOffset, add);
  });
}

// Code mapped anew where translated code was leaves the translation behind.
TEST_F(CpuTranslation, CodeUnmappedAndMappedAgainRunsAnew) {
  expect_rewritten_code_runs(cache_, 7, [](AddressSpace& memory, const std::vector<uint8_t>& add) {
    std::vector<uint8_t> code = bytes_of(assemble(kCallsRewritable));
    std::copy(add.begin(), add.end(), code.begin() + kRewritableHotOffset);
    memory.unmap(kCode, 0x1000);
    memory.map(kCode, 0x1000, kPermRead | kPermExecute);
    memory.write_bytes(kCode, code);
  });
}

// kCallsRewritable run from the start by an engine translating with `settings`: its x0.
uint64_t run_rewritable(const TranslationSettings& settings) {
  AddressSpace memory;
  load(memory, assemble(kCallsRewritable));
  return run_from_start(*make_cpu_engine(settings), memory).state.x[0];
}

// Another code's translation: kCalls' shared objects, built in a cache of their own under
// `cache`. The cache in use is `cache` again afterwards.
std::vector<fs::path> foreign_objects(const fs::path& cache) {
  const fs::path other_cache = cache / "other";
  use_cache(other_cache);
  AddressSpace memory;
  load(memory, assemble(kCalls));
  run_from_start(*make_cpu_engine(sync_settings(2)), memory);
  use_cache(cache);
  return shared_objects(other_cache);
}

// Writes `foreign` over every shared object in `cache`.
void overwrite_objects(const fs::path& cache, const fs::path& foreign) {
  for (const fs::path& object : shared_objects(cache)) {
    fs::copy_file(foreign, object, fs::copy_options::overwrite_existing);
  }
}

// A cache entry under the name of other code's translation is never run: the engine
// rebuilds it. The entries of one program are written over every entry of another.
TEST_F(CpuTranslation, ACacheEntryForOtherCodeIsNeverUsed) {
  const std::vector<fs::path> foreign = foreign_objects(cache_);
  ASSERT_FALSE(foreign.empty());
  EXPECT_EQ(run_rewritable(sync_settings(2)), 100u);
  ASSERT_FALSE(shared_objects(cache_).empty());
  const std::set<uint64_t> own_starts = translated_block_starts(cache_);
  overwrite_objects(cache_, foreign[0]);
  ASSERT_NE(translated_block_starts(cache_), own_starts);

  EXPECT_EQ(run_rewritable(sync_settings(2)), 100u);
  EXPECT_EQ(translated_block_starts(cache_), own_starts);  // rebuilt
}

// A run looks its hot code up in the cache at cache_threshold entries, long before it would
// compile it. Seen through a cache whose objects were replaced by another code's: a run that
// looks loads them, finds them foreign and removes them; a run that does not look leaves them.
TEST_F(CpuTranslation, TheCacheIsLookedUpBeforeTheThreshold) {
  const std::vector<fs::path> foreign = foreign_objects(cache_);
  ASSERT_FALSE(foreign.empty());
  EXPECT_EQ(run_rewritable(sync_settings(50)), 100u);
  const std::set<uint64_t> own_starts = translated_block_starts(cache_);
  ASSERT_FALSE(own_starts.empty());
  // No run below reaches the threshold of a million entries; some look at 50 entries (of 100).
  const auto looking_at = [](uint32_t cache_threshold) {
    TranslationSettings settings = sync_settings(1'000'000);
    settings.cache_threshold = cache_threshold;
    return settings;
  };
  const size_t objects = shared_objects(cache_).size();
  overwrite_objects(cache_, foreign[0]);
  ASSERT_NE(translated_block_starts(cache_), own_starts);
  EXPECT_EQ(run_rewritable(looking_at(1'000'000)), 100u);
  EXPECT_EQ(shared_objects(cache_).size(), objects);
  EXPECT_EQ(run_rewritable(looking_at(50)), 100u);
  EXPECT_TRUE(shared_objects(cache_).empty());
  // With its own objects back, the run that looks leaves them as they are.
  run_rewritable(sync_settings(50));
  EXPECT_EQ(run_rewritable(looking_at(50)), 100u);
  EXPECT_EQ(translated_block_starts(cache_), own_starts);
}

// Code in writable memory (a JIT's) is never translated, and a rewrite runs at once.
TEST_F(CpuTranslation, CodeInWritableMemoryStaysInterpreted) {
  AddressSpace memory;
  memory.map(kCode, 0x1000, kPermAll);
  memory.write_bytes(kCode, bytes_of(assemble(kCallsRewritable)));
  memory.map(kData, 0x1000, kPermRead | kPermWrite);
  memory.map(kStackTop - 0x1000, 0x1000, kPermRead | kPermWrite);
  const std::unique_ptr<Engine> engine = make_cpu_engine(sync_settings(1));
  EXPECT_EQ(run_from_start(*engine, memory).state.x[0], 100u);
  EXPECT_TRUE(shared_objects(cache_).empty());
}

}  // namespace
}  // namespace warp64::test
