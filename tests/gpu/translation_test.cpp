// What the GPU engine translates: the blocks found from entry points by following the code,
// checked against hand-worked layouts, and the kernel source written for them, which must
// compile and link (NVRTC and nvJitLink need no GPU).
#include <gtest/gtest.h>

#include <cstring>

#include "engine/gpu/translation/kernel_source.hpp"
#include "engine/translation/block_map.hpp"
#include "support/assemble.hpp"
#if defined(WARP64_HAVE_CUDA)
#include "engine/gpu/translation/kernel_compiler.hpp"
#endif

namespace warp64::test {
namespace {

struct Layout {
  uint64_t start;
  size_t words;
  std::optional<uint64_t> fall_through;
  bool operator==(const Layout&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Layout& layout) {
  out << "{start " << layout.start << ", " << layout.words << " words, fall-through ";
  if (layout.fall_through) return out << *layout.fall_through << "}";
  return out << "none}";
}

std::vector<uint8_t> bytes_of(const std::vector<uint32_t>& words) {
  std::vector<uint8_t> bytes(words.size() * 4);
  std::memcpy(bytes.data(), words.data(), bytes.size());
  return bytes;
}

std::vector<translation::BasicBlock> discover(const std::vector<uint8_t>& bytes, std::vector<uint64_t> entries,
                                              uint64_t max_instructions = 1000, uint64_t base = 0x1000) {
  const translation::CodeRegion region{base, bytes};
  return translation::discover_blocks(core::host_decode_table(), std::span(&region, 1), entries, max_instructions);
}

std::vector<Layout> layouts(const std::vector<translation::BasicBlock>& blocks) {
  std::vector<Layout> out;
  for (const translation::BasicBlock& block : blocks)
    out.push_back({block.start, block.words.size(), block.fall_through});
  return out;
}

TEST(BlockDiscovery, FollowsBranchesCallsAndSystemCalls) {
  const std::vector<uint8_t> code = bytes_of(assemble(R"(
      movz x0, #3          // 0x1000
      b.eq 1f              // 0x1004
      bl 2f                // 0x1008
      svc #0               // 0x100c
      b .-16               // 0x1010: back to 0x1000
  1:  ret                  // 0x1014
  2:  add x1, x1, #1       // 0x1018
      br x2                // 0x101c
      udf #0               // 0x1020: never reached
  )"));
  const std::vector<Layout> expected = {
      {0x1000, 2, 0x1008},       {0x1008, 1, 0x100c},       {0x100c, 1, 0x1010},
      {0x1010, 1, std::nullopt}, {0x1014, 1, std::nullopt}, {0x1018, 2, std::nullopt},
  };
  EXPECT_EQ(layouts(discover(code, {0x1000})), expected);
}

TEST(BlockDiscovery, AJumpIntoARunSplitsIt) {
  const std::vector<uint8_t> code = bytes_of(assemble(R"(
      add x0, x0, #1       // 0x1000
  1:  add x1, x1, #1       // 0x1004
      cbz x0, 1b           // 0x1008
      hlt #0               // 0x100c
  )"));
  const std::vector<Layout> expected = {{0x1000, 1, 0x1004}, {0x1004, 2, 0x100c}, {0x100c, 1, std::nullopt}};
  EXPECT_EQ(layouts(discover(code, {0x1000})), expected);
}

TEST(BlockDiscovery, TheWordLimitCutsABlockShort) {
  const std::vector<uint8_t> code = bytes_of(assemble("add x0, x0, #1\nadd x0, x0, #2\nadd x0, x0, #3\nhlt #0"));
  const std::vector<Layout> expected = {{0x1000, 2, 0x1008}};
  EXPECT_EQ(layouts(discover(code, {0x1000}, 2)), expected);
}

TEST(BlockDiscovery, EntriesOutsideTheCodeGiveNothing) {
  const std::vector<uint8_t> code = bytes_of(assemble("hlt #0"));
  EXPECT_TRUE(discover(code, {0x0, 0x1002, 0x1004, 0x2000}).empty());
  // A branch out of the region ends its block, and leads nowhere.
  const std::vector<Layout> expected = {{0x1000, 1, std::nullopt}};
  EXPECT_EQ(layouts(discover(bytes_of(assemble("b .+0x100")), {0x1000})), expected);
}

TEST(KernelSource, InterpretsSimdAndChainsBranches) {
  const std::vector<uint8_t> code = bytes_of(assemble(R"(
  1:  fadd d0, d0, d1
      subs x0, x0, #1
      b.ne 1b
      hlt #0
  )"));
  const gpu::KernelSources sources = gpu::translated_kernel_sources(discover(code, {0x1000}));
  ASSERT_EQ(sources.units.size(), 1u);
  const std::string& source = sources.units[0];
  EXPECT_NE(source.find("W64_INTERPRET(0x1000ull)"), std::string::npos) << source;
  EXPECT_NE(source.find("W64_INSN(0x1004ull, SUBS_imm, "), std::string::npos) << source;
  EXPECT_NE(source.find("W64_BRANCH(0x1008ull, B_cond, 0x54ffffc1u, 0x1000ull, block_1000)"), std::string::npos)
      << source;
  EXPECT_NE(source.find("W64_CONTINUE(0x100cull, block_100c)"), std::string::npos) << source;
  EXPECT_NE(source.find("W64_UNIT(blocks, w64_unit_0)"), std::string::npos) << source;
  // The kernel enters the unit at the block's start and after the interpreted word.
  EXPECT_NE(sources.kernel.find("case 0x1000ull: return 0;"), std::string::npos) << sources.kernel;
  EXPECT_NE(sources.kernel.find("case 0x1004ull: return 0;"), std::string::npos) << sources.kernel;
  EXPECT_NE(sources.kernel.find("case 0x100cull: return 0;"), std::string::npos) << sources.kernel;
}

// Two loops of five words and a straight run of eleven, in units of at most eight words: a loop
// a unit (two would not fit in one), the run cut into pieces of eight and three that fall
// through. Each unit's way into the next leaves it (W64_LEAVE) for the kernel, which knows
// every unit's entries, to enter the next.
TEST(KernelSource, CodeLongerThanAUnitIsSplitIntoUnitsTheKernelEnters) {
  std::string text = "1:\n";
  for (int i = 0; i < 4; ++i) text += "add x1, x1, #1\n";
  text += "cbnz x0, 1b\n2:\n";  // 0x1000-0x1010, then the second loop from 0x1014
  for (int i = 0; i < 4; ++i) text += "add x2, x2, #1\n";
  text += "cbnz x0, 2b\n";
  for (int i = 0; i < 10; ++i) text += "add x3, x3, #1\n";  // 0x1028-0x104c
  text += "hlt #0\n";
  const gpu::KernelSources sources = gpu::translated_kernel_sources(discover(bytes_of(assemble(text)), {0x1000}), 8);
  // Units: the first loop (5 words); the second loop (5); 8 of the ten adds; the last two adds
  // and the hlt.
  ASSERT_EQ(sources.units.size(), 4u) << sources.kernel;
  EXPECT_NE(sources.units[0].find("W64_BRANCH(0x1010ull, CBNZ, "), std::string::npos) << sources.units[0];
  EXPECT_NE(sources.units[0].find("W64_LEAVE(0x1014ull)"), std::string::npos) << sources.units[0];
  EXPECT_NE(sources.units[1].find("W64_LEAVE(0x1028ull)"), std::string::npos) << sources.units[1];
  EXPECT_NE(sources.units[2].find("W64_LEAVE(0x1048ull)"), std::string::npos) << sources.units[2];
  EXPECT_NE(sources.units[3].find("W64_INSN(0x1050ull, HLT, "), std::string::npos) << sources.units[3];
  for (const auto& [entry, unit] :
       std::vector<std::pair<std::string, int>>{{"0x1000", 0}, {"0x1014", 1}, {"0x1028", 2}, {"0x1048", 3}}) {
    EXPECT_NE(sources.kernel.find("case " + entry + "ull: return " + std::to_string(unit) + ";"), std::string::npos)
        << entry << "\n"
        << sources.kernel;
  }
  for (int unit = 0; unit < 4; ++unit) {
    const std::string symbol = "w64_unit_" + std::to_string(unit);
    EXPECT_NE(sources.kernel.find("extern \"C\" __device__ bool " + symbol + "(W64_UNIT_PARAMETERS);"),
              std::string::npos);
    EXPECT_NE(sources.units[unit].find("W64_UNIT(blocks, " + symbol + ")"), std::string::npos);
  }
}

#if defined(WARP64_HAVE_CUDA)
// Every encoding's semantics must compile in translated form: one word of each, in one image
// of many units.
TEST(KernelSource, EveryEncodingCompilesAndLinks) {
  std::vector<uint32_t> words;
  for (unsigned op = 1; op < core::kOpCount; ++op) words.push_back(core::kEncodings[op].value);
  const std::vector<uint8_t> code = bytes_of(words);
  std::vector<uint64_t> entries;
  for (size_t i = 0; i < words.size(); ++i) entries.push_back(0x1000 + 4 * i);
  gpu::KernelCompiler compiler(90);
  const gpu::KernelSources sources = gpu::translated_kernel_sources(discover(code, entries, words.size()));
  ASSERT_GT(sources.units.size(), 1u);
  const std::string image = compiler.build(sources);
  ASSERT_GE(image.size(), 4u);
  EXPECT_EQ(image.substr(0, 4),
            "\x7f"
            "ELF");
}
#endif

}  // namespace
}  // namespace warp64::test
