// The CPU engine's dispatch: every Op's semantics compiled as a function of its own, and a
// decode cache whose entries record the function with the word. An instruction then costs
// one load of its entry and one indirect call, where a switch over every Op costs a further
// dependent load (its jump table) and one huge function whose register pressure spills the
// loop's own values (pc, the cycle count, the code region) to the stack.
#pragma once

#include <cstring>
#include <vector>

#include "engine/cpu/memory_tlb.hpp"
#include "memory/address_space.hpp"
#include "warp64/core/decoder.hpp"
#include "warp64/core/execute.hpp"

namespace warp64::cpu {

// The memory policy comes by value, a pointer in a register, which saves each access a load.
using OpHandler = core::Outcome (*)(uint32_t insn, core::CpuState& s, TlbMemory memory);

// The dispatch with a constant Op folds to that Op's semantics alone.
template <core::Op kOp>
core::Outcome execute_op(uint32_t insn, core::CpuState& s, TlbMemory memory) {
  return core::execute_any(kOp, insn, s, memory);
}

// Indexed by Op.
inline constexpr OpHandler kOpHandlers[core::kOpCount] = {
    &execute_op<core::Op::kUndefined>,
#define W64_ENCODING(name, pattern) &execute_op<core::Op::name>,
#include "warp64/core/encodings/all.def"
#undef W64_ENCODING
};

// An entry serves a fetch only when the word fetched is the word it records, so a write to
// code never needs to reach the cache. Each engine (one per guest thread) has its own.
struct HandlerEntry {
  uint32_t word;
  OpHandler handler;
};

inline HandlerEntry handler_entry(uint32_t word) {
  return {word, kOpHandlers[static_cast<unsigned>(core::decode(core::host_decode_table(), word))]};
}

// One entry per word address modulo kEntries; every entry starts as the one for word 0.
class HandlerCache {
 public:
  static constexpr uint64_t kEntries = uint64_t{1} << 16;

  HandlerEntry* entries() {
    if (entries_.empty()) entries_.assign(kEntries, handler_entry(0));
    return entries_.data();
  }

 private:
  std::vector<HandlerEntry> entries_;
};

// Reads the word at pc from the executable region that holds it, and finds its handler.
// Small and copyable, so that the loop can keep a copy in registers across the handlers'
// calls.
class HandlerFetcher {
 public:
  HandlerFetcher(AddressSpace& space, HandlerEntry* cache) : space_(&space), cache_(cache) {}

  // False when pc is misaligned or not executable.
  bool fetch(uint64_t pc, uint32_t& insn, OpHandler& handler) {
    const uint64_t offset = pc - code_base_;
    if (offset >= code_size_ || (pc & 3) != 0) [[unlikely]] {
      if (!enter_region(pc)) return false;
      return fetch(pc, insn, handler);
    }
    std::memcpy(&insn, code_bytes_ + offset, 4);
    HandlerEntry& entry = cache_[(pc >> 2) & (HandlerCache::kEntries - 1)];
    if (entry.word != insn) [[unlikely]]
      entry = handler_entry(insn);
    handler = entry.handler;
    return true;
  }

 private:
  W64_INLINE bool enter_region(uint64_t pc) {
    RegionView region;
    if ((pc & 3) != 0 || !space_->view(pc, 4, region) || !(region.perms & kPermExecute)) return false;
    code_base_ = region.base;
    code_size_ = region.size & ~3ull;
    code_bytes_ = region.bytes;
    return true;
  }

  AddressSpace* space_;
  HandlerEntry* cache_;
  uint64_t code_base_ = 0;
  uint64_t code_size_ = 0;
  const uint8_t* code_bytes_ = nullptr;
};

// How far one call of interpret goes.
enum class Span { kOneWord, kUntilJump, kUntilStop };

// Interprets from s.pc for `kSpan`, a stop or the cycle budget, whichever comes first;
// `cycles` counts the instructions retired. The steps of core::step, with pc and the count
// kept where the loop can hold them in registers.
template <Span kSpan>
core::Step interpret(core::CpuState& s, TlbMemory memory, HandlerFetcher& run_fetcher, uint64_t& cycles,
                     uint64_t max_cycles, core::RunResult& stop) {
  HandlerFetcher fetcher = run_fetcher;
  uint64_t retired = cycles;
  core::Step step;
  for (;;) {
    if (retired >= max_cycles) [[unlikely]] {
      stop = core::max_cycles_reached(retired);
      step = core::Step::kStopped;
      break;
    }
    uint32_t insn;
    OpHandler handler;
    if (!fetcher.fetch(s.pc, insn, handler)) [[unlikely]] {
      stop = {core::StopReason::kFault, core::AccessKind::kFetch, s.pc, retired, 0, false};
      step = core::Step::kStopped;
      break;
    }
    const core::Outcome outcome = handler(insn, s, memory);
    if (outcome.flow == core::Flow::kNext) [[likely]] {
      s.pc += 4;
      ++retired;
      step = core::Step::kNext;
      if (kSpan == Span::kOneWord) break;
      continue;
    }
    step = core::retire(outcome, insn, s, retired, stop);
    if (step == core::Step::kStopped || kSpan != Span::kUntilStop) break;
  }
  run_fetcher = fetcher;
  cycles = retired;
  return step;
}

}  // namespace warp64::cpu
