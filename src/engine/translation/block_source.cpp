#include "engine/translation/block_source.hpp"

#include <cstdio>
#include <set>
#include <vector>

#include "warp64/core/semantics/branch_info.hpp"

namespace warp64::translation {
namespace {

using core::Op;

// One number in C++ source: `format` has a single %llx.
std::string formatted(const char* format, uint64_t value) {
  char text[40];
  std::snprintf(text, sizeof text, format, static_cast<unsigned long long>(value));
  return text;
}
std::string label(uint64_t address) { return formatted("block_%llx", address); }
std::string word_literal(uint32_t word) { return formatted("0x%08llxu", word); }

// A run of a block's words ending at its last word or at a word the interpreter runs: every
// such word jumps to one shared call of the interpreter (one copy of the state out and in, not
// one per word), which dispatches to the next segment by pc.
struct Segment {
  const BasicBlock* block;
  size_t first, last;  // word indices, inclusive
  uint64_t start() const { return block->start + 4 * first; }
};

std::vector<Segment> segments_of(std::span<const BasicBlock> blocks, InterpretedOp interpreted) {
  std::vector<Segment> segments;
  for (const BasicBlock& block : blocks) {
    for (size_t first = 0; first < block.words.size();) {
      size_t last = first;
      while (last + 1 < block.words.size() && !interpreted(block.ops[last])) ++last;
      segments.push_back({&block, first, last});
      first = last + 1;
    }
  }
  return segments;
}

}  // namespace

std::string address_literal(uint64_t address) { return formatted("0x%llxull", address); }

std::vector<uint64_t> function_entries(std::span<const BasicBlock> blocks, InterpretedOp interpreted) {
  std::vector<uint64_t> entries;
  for (const Segment& segment : segments_of(blocks, interpreted)) entries.push_back(segment.start());
  return entries;
}

std::string blocks_function_source(std::span<const BasicBlock> blocks, std::string_view name,
                                   InterpretedOp interpreted) {
  const std::vector<Segment> segments = segments_of(blocks, interpreted);
  bool any_interpreted = false;
  for (const Segment& segment : segments) any_interpreted |= interpreted(segment.block->ops[segment.last]);
  std::set<uint64_t> starts;
  for (const Segment& segment : segments) starts.insert(segment.start());

  std::string out = "W64_FUNCTION(" + std::string(name) + ") {\n";
  out += "  warp64::core::Step step;\n";
  out += "dispatch:\n  switch (s.pc) {\n";
  for (const uint64_t start : starts) out += "    case " + address_literal(start) + ": goto " + label(start) + ";\n";
  out += "    default: return false;\n  }\n";

  for (const Segment& segment : segments) {
    const BasicBlock& block = *segment.block;
    out += label(segment.start()) + ":\n";
    out += "  W64_BLOCK(" + std::to_string(segment.last - segment.first + 1) + ")\n";
    uint64_t pc = segment.start();
    for (size_t i = segment.first; i <= segment.last; ++i, pc += 4) {
      const Op op = block.ops[i];
      const uint32_t word = block.words[i];
      const core::BranchInfo branch = core::branch_info(op, word, pc);
      if (interpreted(op)) {
        out += "  W64_INTERPRET(" + address_literal(pc) + ")\n";
      } else if (branch.has_target && starts.contains(branch.target)) {
        out += "  W64_BRANCH(" + address_literal(pc) + ", " + core::op_name(op) + ", " + word_literal(word) + ", " +
               address_literal(branch.target) + ", " + label(branch.target) + ")\n";
      } else {
        out += "  W64_INSN(" + address_literal(pc) + ", " + core::op_name(op) + ", " + word_literal(word) + ")\n";
      }
    }
    if (interpreted(block.ops[segment.last])) continue;  // the interpreter goes on by pc
    // After a word that always jumps or stops nothing runs, but the segment still needs an end.
    const uint64_t next = segment.last + 1 < block.words.size() ? pc : block.fall_through.value_or(pc);
    if (starts.contains(next)) {
      out += "  W64_CONTINUE(" + address_literal(next) + ", " + label(next) + ")\n";
    } else {
      out += "  W64_LEAVE(" + address_literal(next) + ")\n";
    }
  }
  if (any_interpreted) out += "interpret_word:\n  W64_INTERPRET_WORD\n";
  out += "}\n";
  return out;
}

}  // namespace warp64::translation
