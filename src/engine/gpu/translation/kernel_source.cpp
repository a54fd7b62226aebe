#include "engine/gpu/translation/kernel_source.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "engine/gpu/translation/block_map.hpp"

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

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llxull", static_cast<unsigned long long>(value));
  return text;
}

std::string label(uint64_t address) {
  char text[32];
  std::snprintf(text, sizeof text, "block_%llx", static_cast<unsigned long long>(address));
  return text;
}

std::string word_literal(uint32_t word) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08xu", word);
  return text;
}

}  // namespace

std::string translated_kernel_source(std::span<const BasicBlock> blocks) {
  std::set<uint64_t> starts;
  for (const BasicBlock& block : blocks) starts.insert(block.start);

  std::string out = "#include \"engine/gpu/translation/translated_kernel.cuh\"\n\n";
  out += "namespace warp64::gpu {\n\n";
  out +=
      "__device__ __forceinline__ bool run_blocks(TranslatedLaneState& s, LaneMemory& mem, const Interpreter& "
      "interpret, "
      "uint64_t& cycles, uint64_t max_cycles, core::RunResult& stop) {\n";
  out += "  core::Step step;\n";
  out += "dispatch:\n  switch (s.pc) {\n";
  for (const BasicBlock& block : blocks) out += "    case " + hex(block.start) + ": goto " + label(block.start) + ";\n";
  out += "    default: return false;\n  }\n";

  for (const BasicBlock& block : blocks) {
    out += label(block.start) + ":\n";
    out += "  W64_BLOCK(" + std::to_string(block.words.size()) + ")\n";
    uint64_t pc = block.start;
    for (size_t i = 0; i < block.words.size(); ++i, pc += 4) {
      const Op op = block.ops[i];
      const uint32_t word = block.words[i];
      if (interpreted(op)) {
        out += "  W64_INTERPRET(" + hex(pc) + ")\n";
        continue;
      }
      const std::string name = core::op_name(op);
      const BlockEnd end = block_end_of(op, word, pc);
      if (end.target && starts.contains(*end.target)) {
        out += "  W64_BRANCH(" + hex(pc) + ", " + name + ", " + word_literal(word) + ", " + hex(*end.target) + ", " +
               label(*end.target) + ")\n";
      } else {
        out += "  W64_INSN(" + hex(pc) + ", " + name + ", " + word_literal(word) + ")\n";
      }
    }
    // After a word that always jumps or stops nothing runs, but the block still needs an end.
    const uint64_t next = block.fall_through.value_or(pc);
    if (starts.contains(next)) {
      out += "  W64_CONTINUE(" + hex(next) + ", " + label(next) + ")\n";
    } else {
      out += "  W64_LEAVE(" + hex(next) + ")\n";
    }
  }
  out += "}\n\n}  // namespace warp64::gpu\n";
  return out;
}

}  // namespace warp64::gpu
