// Profile-guided translation for the CPU engine. The interpreter reports every taken jump's
// destination (a block entry) and, now and then, the jump; when a block has been entered
// `threshold` times, the code reachable from it through fall-through, the direct branches taken
// before and the places jumps through registers were seen to land (up to `region_words` words,
// leaving out code translated before but for a few hot blocks copied in) is translated by the
// host's C++ compiler, in the background or at once (TranslateMode), and the engine runs the result
// from the next block boundary at which it is loaded. At `cache_threshold` entries, sooner, the
// same code is looked up in the translation cache alone, at once: a program an earlier run
// translated runs its hot code from there instead of interpreting it up to the threshold.
//
// Only code in executable pages that are not writable is translated, and a translation is
// used only while the address space still holds exactly the words it was made from: when the
// space changes (AddressSpace::generation), every translation is checked again and dropped
// where its pages were unmapped, made writable or rewritten. Code in writable pages (code a
// guest writes, JIT-style) stays interpreted.
#pragma once

#include <sys/types.h>

#include <array>
#include <deque>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/cpu/block_table.hpp"
#include "engine/cpu/compile_service.hpp"
#include "engine/engine.hpp"

namespace warp64::cpu {

class HotCodeTranslator {
 public:
  explicit HotCodeTranslator(const TranslationSettings& settings);
  ~HotCodeTranslator();
  HotCodeTranslator(const HotCodeTranslator&) = delete;
  HotCodeTranslator& operator=(const HotCodeTranslator&) = delete;

  // The table translated code goes from unit to unit by (TranslatedContext::recent).
  const RecentEntry* recent_entries() const { return recent_.data(); }

  // At the start of each run of the engine on `space`.
  void begin_run(AddressSpace& space);

  // The compiler's seconds for the units that arrived since the last call.
  double take_compile_seconds() { return std::exchange(compile_seconds_, 0.0); }

  // No jump's address (entry_at's `jumped_from` after translated code ran).
  static constexpr uint64_t kNoJump = ~uint64_t{0};

  // A taken jump (at `jumped_from`, when known) has landed on `pc`: the translated code to run
  // from there, or null.
  TranslatedEntry entry_at(uint64_t pc, uint64_t jumped_from) {
    ++boundaries_;
    if (inbox_->has_results() || !arrived_.empty()) [[unlikely]]
      receive();
    RecentEntry& recent = recent_[(pc >> 2) % kRecentEntries];
    if (recent.pc == pc) [[likely]]
      return recent.code;
    if (pc % 4 != 0) return nullptr;
    BlockTable::Entry& entry = table_.at(pc);
    if (entry.code != nullptr) {
      recent = {pc, entry.code};
      return entry.code;
    }
    if (entry.entries >= settings_.threshold) return nullptr;
    ++entry.entries;
    // Sampled at the 1st, 2nd, 4th ... entry: a jump that lands here often is seen, at a cost
    // that vanishes.
    if ((entry.entries & (entry.entries - 1)) == 0 && jumped_from != kNoJump) [[unlikely]]
      note_jump(jumped_from, pc);
    if (entry.entries == settings_.cache_threshold && settings_.cache_threshold < settings_.threshold) [[unlikely]] {
      translate_from(pc, true);
      return table_.at(pc).code;
    }
    if (entry.entries < settings_.threshold) return nullptr;
    translate_from(pc, false);
    return table_.at(pc).code;
  }

 private:
  struct Arrival {
    std::shared_ptr<TranslationJob> job;
    uint64_t due;  // the block boundary from which it may be used
  };
  struct Unit {
    void* library;
    std::vector<translation::BasicBlock> blocks;
    std::vector<std::pair<uint64_t, TranslatedEntry>> entries;
  };

  enum class Installed { kYes, kNo, kForeignObject };

  // At most this many blocks translated before are copied into a new region (translate_from).
  static constexpr uint32_t kCopiedBlocks = 12;
  // At most this many destinations are kept for one jump through a register.
  static constexpr size_t kRegisterJumpTargets = 64;

  // Keeps `to` as a destination of the jump at `from` when that is a jump through a register
  // (not a return), for discovery to follow.
  void note_jump(uint64_t from, uint64_t to);
  // Queues the code reachable from `pc` (not yet translated or queued) for translation, or
  // with `cached_only` for a look-up in the cache that builds nothing.
  void translate_from(uint64_t pc, bool cached_only);
  // Builds `job` now (kSync) or queues it.
  void start(std::shared_ptr<TranslationJob> job, HostCompiler& compiler);
  // A finished job, to be installed `install_delay` block boundaries from now.
  void arrive(std::shared_ptr<TranslationJob> job);
  // Takes finished jobs from the inbox and installs those that are due.
  void receive();
  Installed install(TranslationJob& job);
  // True when the shared object's manifest lists exactly `blocks`.
  static bool made_from(void* library, const std::vector<translation::BasicBlock>& blocks);
  // True when the space holds `blocks`' words, in executable pages that are not writable.
  bool backed(const std::vector<translation::BasicBlock>& blocks) const;
  void drop(Unit& unit);
  // Once per process: why translation does not happen.
  static void note(const std::string& line);

  // The recent entries (entries with code only) stay in the first-level cache, where the block
  // table does not.
  void forget_recent() { recent_.fill(RecentEntry{}); }

  TranslationSettings settings_;
  bool disabled_ = false;  // no compiler
  BlockTable table_;
  std::array<RecentEntry, kRecentEntries> recent_{};
  std::vector<Unit> units_;
  std::unordered_map<uint64_t, std::vector<uint64_t>> register_jumps_;  // note_jump's, by jump address
  std::set<uint64_t> queued_;                                           // block starts of jobs not yet installed
  std::shared_ptr<JobInbox> inbox_ = std::make_shared<JobInbox>();
  std::deque<Arrival> arrived_;
  uint64_t boundaries_ = 0;
  double compile_seconds_ = 0;
  AddressSpace* space_ = nullptr;
  uint64_t generation_ = 0;
  pid_t process_;
};

}  // namespace warp64::cpu
