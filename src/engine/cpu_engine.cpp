// The CPU engine: the core's run loop over host memory, with a decode cache of its own, and
// translation of the code it finds hot (cpu/hot_code_translator.hpp).
#include <optional>
#include <utility>

#include "engine/cpu/hot_code_translator.hpp"
#include "engine/cpu/memory_tlb.hpp"
#include "engine/cpu_loop_parts.hpp"
#include "engine/engine.hpp"

namespace warp64 {
namespace {

using cpu::MemoryTlb;
using cpu::TlbEntry;
using cpu_loop::CachedFetcher;
using cpu_loop::DecodeCache;
using cpu_loop::timed;

// The engine's TLB, filled on a miss from a view of the address space (RegionView), so that
// another thread's mmap or mprotect is seen at the next miss. Its host pointers stay valid
// until this run ends (AddressSpace::Runner); the TLB is emptied at the start of a run when
// the space's generation has changed since the last.
class EngineTlb : public MemoryTlb {
 public:
  EngineTlb() : MemoryTlb{} {
    read_miss = &read_missed;
    write_miss = &write_missed;
    atomic = &atomic_access;
    barrier = &host_barrier;
    virtual_counter = &cpu_loop::host_virtual_counter;
  }

  void begin_run(AddressSpace& space) {
    space_ = &space;
    if (space.generation() == generation_) return;
    for (TlbEntry& entry : readable) entry.page = kNoPage;
    for (TlbEntry& entry : writable) entry.page = kNoPage;
    generation_ = space.generation();
  }

  // For accesses straddling two regions, which go byte by byte (cross_region_access.hpp).
  uint8_t* byte_at(uint64_t address, uint8_t perm) {
    if (!space_->view(address, 1, across_) || !(across_.perms & perm)) return nullptr;
    return across_.bytes + (address - across_.base);
  }

 private:
  static bool read_missed(MemoryTlb& tlb, uint64_t address, unsigned size, uint64_t& value) {
    auto& self = static_cast<EngineTlb&>(tlb);
    RegionView region;
    if (!self.space_->view(address, size, region)) return read_across(self, address, size, value);
    if (!(region.perms & kPermRead)) return false;
    fill(self.readable, region, address);
    value = 0;
    std::memcpy(&value, region.bytes + (address - region.base), size);
    return true;
  }

  static bool write_missed(MemoryTlb& tlb, uint64_t address, unsigned size, uint64_t value) {
    auto& self = static_cast<EngineTlb&>(tlb);
    RegionView region;
    if (!self.space_->view(address, size, region)) return write_across(self, address, size, value);
    if (!(region.perms & kPermWrite)) return false;
    fill(self.writable, region, address);
    std::memcpy(region.bytes + (address - region.base), &value, size);
    return true;
  }

  // The access is aligned, so it lies in one region wherever regions start on page
  // boundaries (every Linux mapping); the API's byte-granular regions may split it, and it
  // then goes in parts, as a single thread needs.
  static core::AccessKind atomic_access(MemoryTlb& tlb, uint64_t address, core::AtomicAccess& access) {
    auto& self = static_cast<EngineTlb&>(tlb);
    RegionView region;
    if (!self.space_->view(address, access.size, region)) {
      cpu::TlbMemory memory(tlb);
      return core::atomic_by_parts(memory, address, access);
    }
    return host_atomic(region.bytes + (address - region.base), region.perms, access);
  }

  // Maps the page of `address` when all of it lies in `region`.
  static void fill(TlbEntry* entries, const RegionView& region, uint64_t address) {
    const uint64_t page = address & ~(kPageSize - 1);
    if (page < region.base || region.base + region.size - page < kPageSize) return;
    entries[index(address)] = {address >> kPageBits, region.bytes + (page - region.base)};
  }

  AddressSpace* space_ = nullptr;
  uint64_t generation_ = 0;
  RegionView across_;
};

// One run's interpreter, which translated code calls too (TranslatedContext::interpret).
struct RunContext : cpu::TranslatedContext {
  RunContext(core::CpuState& cpu_state, EngineTlb& tlb, AddressSpace& space, DecodeEntry* decode_cache, uint64_t budget)
      : cpu::TranslatedContext{&cpu_state, &tlb, 0, budget, {}, &interpret_from, nullptr, 0},
        data(tlb),
        fetcher(space, decode_cache) {}

  // Interprets from state->pc up to and including the first taken jump, or one word.
  core::Step interpret(bool until_jump) {
    core::CpuState& s = *state;
    uint64_t retired = cycles;
    uint64_t from = s.pc;
    core::Step step;
    do {
      if (retired >= max_cycles) {
        stop = core::max_cycles_reached(retired);
        step = core::Step::kStopped;
        break;
      }
      from = s.pc;
      step = core::step(s, data, fetcher, retired, stop);
    } while (until_jump && step == core::Step::kNext);
    cycles = retired;
    jumped_from = from;
    return step;
  }

  static core::Step interpret_from(cpu::TranslatedContext& context, bool until_jump) {
    return static_cast<RunContext&>(context).interpret(until_jump);
  }

  cpu::TlbMemory data;
  CachedFetcher fetcher;
  uint64_t jumped_from = 0;  // the last word interpret() ran: after a taken jump, the jump itself
};

class CpuEngine final : public Engine {
 public:
  explicit CpuEngine(const TranslationSettings& translation) {
    if (translation.mode != TranslateMode::kOff) translator_.emplace(translation);
  }

  const char* name() const override { return "cpu"; }

  EngineRun run(core::CpuState& state, AddressSpace& memory, uint64_t max_cycles) override {
    tlb_.begin_run(memory);
    RunContext context(state, tlb_, memory, decode_cache_.entries(), max_cycles);
    if (!translator_) return timed([&] { return core::run(state, context.data, context.fetcher, max_cycles); });
    translator_->begin_run(memory);
    context.recent = translator_->recent_entries();
    EngineRun run = timed([&] { return run_translating(context); });
    run.compile_seconds = translator_->take_compile_seconds();
    return run;
  }

 private:
  // How many jumps between units translated code makes before it returns to this loop, which
  // then installs what was compiled meanwhile: often enough for that, rarely enough that the
  // loop costs nothing.
  static constexpr uint32_t kChainedUnits = 256;

  // Interprets up to each taken jump, and at each runs translated code where there is some.
  core::RunResult run_translating(RunContext& context) {
    uint64_t jumped_from = cpu::HotCodeTranslator::kNoJump;
    for (;;) {
      while (const cpu::TranslatedEntry code = translator_->entry_at(
                 context.state->pc, std::exchange(jumped_from, cpu::HotCodeTranslator::kNoJump))) {
        const uint64_t before = context.cycles;
        context.hops = kChainedUnits;
        if (code(context)) return context.stop;
        if (context.cycles == before) break;  // too few cycles left for its next block
      }
      if (context.interpret(true) == core::Step::kStopped) return context.stop;
      jumped_from = context.jumped_from;
    }
  }

  DecodeCache decode_cache_;
  EngineTlb tlb_;
  std::optional<cpu::HotCodeTranslator> translator_;
};

}  // namespace

std::unique_ptr<Engine> make_cpu_engine(const TranslationSettings& translation) {
  return std::make_unique<CpuEngine>(translation);
}

}  // namespace warp64
