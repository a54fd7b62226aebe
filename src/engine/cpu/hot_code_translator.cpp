#include "engine/cpu/hot_code_translator.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "engine/translation/unit_groups.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64::cpu {

HotCodeTranslator::HotCodeTranslator(const TranslationSettings& settings) : settings_(settings), process_(getpid()) {}

HotCodeTranslator::~HotCodeTranslator() {
  if (process_ == getpid()) inbox_->cancel_all();
  for (Unit& unit : units_) dlclose(unit.library);
}

void HotCodeTranslator::note(const std::string& line) {
  static std::once_flag once;
  std::call_once(once, [&] { std::fprintf(stderr, "warp64: %s\n", line.c_str()); });
}

void HotCodeTranslator::begin_run(AddressSpace& space) {
  if (process_ != getpid()) {
    // A forked child: the jobs in flight are its parent's, with its parent's threads (and
    // their locks) gone, so they are left as they are, never waited for.
    new std::shared_ptr<JobInbox>(std::move(inbox_));
    inbox_ = std::make_shared<JobInbox>();
    for (const uint64_t start : queued_) {
      if (BlockTable::Entry* entry = table_.find(start)) entry->entries = 0;
    }
    queued_.clear();
    process_ = getpid();
  }
  if (&space == space_ && space.generation() == generation_) return;
  space_ = &space;
  generation_ = space.generation();
  for (Unit& unit : units_) {
    if (!backed(unit.blocks)) drop(unit);
  }
  std::erase_if(units_, [](const Unit& unit) { return unit.library == nullptr; });
}

bool HotCodeTranslator::backed(const std::vector<translation::BasicBlock>& blocks) const {
  for (const translation::BasicBlock& block : blocks) {
    for (size_t i = 0; i < block.words.size(); ++i) {
      const uint64_t pc = block.start + 4 * i;
      RegionView region;
      if (!space_->view(pc, 4, region) || !(region.perms & kPermExecute) || (region.perms & kPermWrite)) return false;
      // The rest of the block in this region, compared at once.
      const uint64_t words = std::min<uint64_t>(block.words.size() - i, (region.base + region.size - pc) / 4);
      if (std::memcmp(region.bytes + (pc - region.base), &block.words[i], 4 * words) != 0) return false;
      i += words - 1;
    }
  }
  return true;
}

void HotCodeTranslator::drop(Unit& unit) {
  for (const auto& [start, code] : unit.entries) {
    if (BlockTable::Entry* entry = table_.find(start); entry != nullptr && entry->code == code) {
      entry->code = nullptr;
      entry->entries = 0;
    }
  }
  forget_recent();
  dlclose(unit.library);
  unit.library = nullptr;
}

void HotCodeTranslator::note_jump(uint64_t from, uint64_t to) {
  RegionView region;
  if (space_ == nullptr || !space_->view(from, 4, region) || region.bytes == nullptr) return;
  uint32_t word;
  std::memcpy(&word, region.bytes + (from - region.base), 4);
  const core::Op op = core::decode(core::host_decode_table(), word);
  if (op != core::Op::BR && op != core::Op::BLR) return;
  std::vector<uint64_t>& targets = register_jumps_[from];
  if (targets.size() < kRegisterJumpTargets && std::find(targets.begin(), targets.end(), to) == targets.end()) {
    targets.push_back(to);
  }
}

void HotCodeTranslator::translate_from(uint64_t pc, bool cached_only) {
  if (disabled_ || space_ == nullptr) return;
  // The region of `pc` only: other threads may change the others meanwhile.
  RegionView region;
  if (!space_->view(pc, 4, region) || !(region.perms & kPermExecute) || (region.perms & kPermWrite) ||
      region.bytes == nullptr) {
    return;
  }
  const translation::CodeRegion code[] = {{region.base, std::span<const uint8_t>(region.bytes, region.size)}};
  // Code translated before ends the region, but for up to kCopiedBlocks blocks that are hot or
  // only ever fallen into: those are copied in, so that where many regions jump to one hot
  // place (a bytecode interpreter's handlers back to its dispatch) each runs on through its own
  // copy instead of jumping to another unit and back.
  uint32_t copied = 0;
  const auto excluded = [&](uint64_t address) {
    const BlockTable::Entry* entry = table_.find(address);
    const bool translated = queued_.contains(address) || (entry != nullptr && entry->code != nullptr);
    if (!translated) return false;
    const uint32_t entries = entry != nullptr ? entry->entries : 0;
    const bool hot_or_fallen_into = entries == 0 || entries >= std::min(settings_.cache_threshold, settings_.threshold);
    return !hot_or_fallen_into || copied++ >= kCopiedBlocks;
  };
  // Only branches that have been taken lead on: every call and every taken jump the
  // interpreter ran landed in the table, so the region is the code that ran, not the cold
  // paths (error handling, the C library's printf behind a call never made), which took most
  // of a region's compile time. A branch to a target first taken later leaves the region; the
  // target then gets hot, and translated, on its own.
  const auto taken_before = [&](uint64_t target) {
    const BlockTable::Entry* entry = table_.find(target);
    return entry != nullptr && entry->entries > 0;
  };
  // A jump through a register leads on to where it has been seen to land: a bytecode
  // interpreter's dispatch and its handlers make one region, in which each handler's jump back
  // and each dispatch stay inside a unit instead of going from unit to unit at every bytecode.
  const auto landed = [&](uint64_t jump) -> std::span<const uint64_t> {
    const auto found = register_jumps_.find(jump);
    if (found == register_jumps_.end()) return {};
    return found->second;
  };
  const std::vector<translation::BasicBlock> blocks =
      translation::bounded_blocks(translation::discover_blocks(core::host_decode_table(), code, std::span(&pc, 1),
                                                               settings_.region_words, excluded, taken_before, landed),
                                  settings_.function_words);
  if (blocks.empty()) return;

  CompileService& service = CompileService::instance();
  std::string why;
  HostCompiler* compiler = service.compiler(why);
  if (compiler == nullptr) {
    note("no C++ compiler to translate with (" + why + "); interpreting");
    disabled_ = true;
    return;
  }
  // One job, one shared object and one cache entry per unit: each runs as soon as it is built,
  // and what a run had built by its end is in the cache for the next, whose compiles then take
  // only the rest (a whole region of 4,096 words takes tens of seconds of compiling).
  for (const std::span<const translation::BasicBlock> group :
       translation::unit_groups(blocks, settings_.function_words)) {
    auto job = std::make_shared<TranslationJob>();
    job->blocks.assign(group.begin(), group.end());
    job->function_words = settings_.function_words;
    if (cached_only) {
      // At once, on this thread: queued behind compiles, a look-up would hold its code out of
      // them until its turn came (and the cache's answer is a file's existence).
      job->cached_only = true;
      build_job(*compiler, *job);
      if (!job->object.empty()) install(*job);
      continue;
    }
    for (const translation::BasicBlock& block : job->blocks) queued_.insert(block.start);
    start(std::move(job), *compiler);
  }
}

void HotCodeTranslator::start(std::shared_ptr<TranslationJob> job, HostCompiler& compiler) {
  if (settings_.mode == TranslateMode::kSync) {
    build_job(compiler, *job);
    arrive(std::move(job));
    receive();
  } else {
    CompileService::instance().submit(std::move(job), inbox_);
  }
}

void HotCodeTranslator::arrive(std::shared_ptr<TranslationJob> job) {
  compile_seconds_ += job->seconds;
  arrived_.push_back({std::move(job), boundaries_ + settings_.install_delay});
}

void HotCodeTranslator::receive() {
  if (inbox_->has_results()) {
    for (auto& job : inbox_->take()) arrive(std::move(job));
  }
  while (!arrived_.empty() && arrived_.front().due <= boundaries_) {
    std::shared_ptr<TranslationJob> job = std::move(arrived_.front().job);
    arrived_.pop_front();
    if (install(*job) == Installed::kForeignObject && !job->rebuilt) {
      // Built again, once, in place of the object that was not its own.
      std::string why;
      job->rebuilt = true;
      job->error.clear();
      if (HostCompiler* compiler = CompileService::instance().compiler(why)) start(std::move(job), *compiler);
    }
  }
}

HotCodeTranslator::Installed HotCodeTranslator::install(TranslationJob& job) {
  if (!job.error.empty()) {
    note("cannot translate: " + job.error);
    return Installed::kNo;
  }
  void* library = dlopen(job.object.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    note(std::string("cannot load translated code: ") + dlerror());
    return Installed::kNo;
  }
  // A shared object is used only for the very code it was made from, whatever its name says.
  std::vector<std::pair<uint64_t, TranslatedEntry>> entries;
  bool own = made_from(library, job.blocks);
  for (size_t i = 0; own && i < job.sources.functions.size(); ++i) {
    const TranslationUnit& unit = job.sources.functions[i];
    const auto entry = reinterpret_cast<TranslatedEntry>(dlsym(library, unit.symbol.c_str()));
    own = entry != nullptr;
    for (const uint64_t start : unit.starts) entries.emplace_back(start, entry);
  }
  if (!own) {
    dlclose(library);
    std::error_code error;
    std::filesystem::remove(job.object, error);
    return Installed::kForeignObject;
  }
  for (const translation::BasicBlock& block : job.blocks) queued_.erase(block.start);
  if (!backed(job.blocks)) {
    dlclose(library);  // the code changed while it was compiled
    return Installed::kNo;
  }
  for (const auto& [start, entry] : entries) table_.at(start).code = entry;
  forget_recent();
  units_.push_back({library, std::move(job.blocks), std::move(entries)});
  return Installed::kYes;
}

bool HotCodeTranslator::made_from(void* library, const std::vector<translation::BasicBlock>& blocks) {
  const auto* code = static_cast<const uint64_t*>(dlsym(library, kCodeSymbol));
  if (code == nullptr) return false;
  // Compared value by value: a foreign manifest is read no further than its first difference.
  const std::vector<uint64_t> manifest = code_manifest(blocks);
  for (size_t i = 0; i < manifest.size(); ++i) {
    if (code[i] != manifest[i]) return false;
  }
  return true;
}

}  // namespace warp64::cpu
