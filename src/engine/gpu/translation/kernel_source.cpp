#include "engine/gpu/translation/kernel_source.hpp"

#include <algorithm>

#include "engine/translation/block_source.hpp"
#include "engine/translation/unit_groups.hpp"

namespace warp64::gpu {
namespace {

using core::Op;

// The SIMD&FP groups: translated code hands them to the interpreter, since inlining them
// would raise every lane's register count for the sake of rare words.
constexpr Op kInterpretedOps[] = {
    Op::kUndefined,
#define W64_ENCODING(name, pattern) Op::name,
#include "warp64/core/encodings/fp_data_processing.def"
#include "warp64/core/encodings/simd_data_processing.def"
#include "warp64/core/encodings/simd_fp_loads_stores.def"
#undef W64_ENCODING
};

bool interpreted(Op op) {
  return std::find(std::begin(kInterpretedOps), std::end(kInterpretedOps), op) != std::end(kInterpretedOps);
}

std::string unit_symbol(size_t unit) { return "w64_unit_" + std::to_string(unit); }

}  // namespace

KernelSources translated_kernel_sources(std::span<const translation::BasicBlock> sorted_blocks, uint64_t unit_words) {
  const std::vector<translation::BasicBlock> blocks =
      translation::bounded_blocks({sorted_blocks.begin(), sorted_blocks.end()}, unit_words);
  KernelSources sources;
  std::string unit_of = "__device__ int unit_of(uint64_t pc) {\n  switch (pc) {\n";
  std::string run_unit = "__device__ bool run_unit(int unit, W64_UNIT_PARAMETERS) {\n  switch (unit) {\n";
  std::string declarations;
  for (const std::span<const translation::BasicBlock> group : translation::unit_groups(blocks, unit_words)) {
    const size_t unit = sources.units.size();
    const std::string symbol = unit_symbol(unit);
    sources.units.push_back(
        "#include \"engine/gpu/translation/translated_unit.cuh\"\n\nnamespace warp64::gpu {\n"
        "namespace {\n\n" +
        translation::blocks_function_source(group, "blocks", interpreted) + "\n}  // namespace\n\nW64_UNIT(blocks, " +
        symbol + ")\n\n}  // namespace warp64::gpu\n");
    declarations += "extern \"C\" __device__ bool " + symbol + "(W64_UNIT_PARAMETERS);\n";
    for (const uint64_t entry : translation::function_entries(group, interpreted)) {
      unit_of += "    case " + translation::address_literal(entry) + ": return " + std::to_string(unit) + ";\n";
    }
    run_unit += "    case " + std::to_string(unit) + ": return " + symbol +
                "(state, memory, interpret, cycles, max_cycles, stop, branches);\n";
  }
  unit_of += "    default: return -1;\n  }\n}\n";
  run_unit += "    default: return false;\n  }\n}\n";
  sources.kernel = "#include \"engine/gpu/translation/translated_kernel.cuh\"\n\nnamespace warp64::gpu {\n\n" +
                   declarations + "\n" + unit_of + "\n" + run_unit + "\n}  // namespace warp64::gpu\n";
  return sources;
}

}  // namespace warp64::gpu
