// The CPU engine: the core's run loop over host memory, with a decode cache of its own; beside
// it the same loop observed by a debugger or a tracer.
#include <chrono>
#include <cstring>
#include <vector>

#include "engine/decode_entry.hpp"
#include "engine/engine.hpp"
#include "engine/observed_engine.hpp"
#include "memory/cross_region_access.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64 {
namespace {

// Data accesses for the core. Remembers the last region hit, since consecutive accesses
// almost always land in the same one.
class HostMemory {
 public:
  explicit HostMemory(AddressSpace& space) : space_(space) {}

  bool read(uint64_t address, unsigned size, uint64_t& value) {
    Region* region = locate(address, size);
    if (region == nullptr) return read_across(*this, address, size, value);
    if (!(region->perms & kPermRead)) return false;
    value = 0;
    std::memcpy(&value, region->bytes.data() + (address - region->base), size);
    return true;
  }

  // CNTVCT_EL0: nanoseconds of the host's steady clock (CNTFRQ_EL0 reads 1 GHz).
  uint64_t virtual_counter() const {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
  }

  bool write(uint64_t address, unsigned size, uint64_t value) {
    Region* region = locate(address, size);
    if (region == nullptr) return write_across(*this, address, size, value);
    if (!(region->perms & kPermWrite)) return false;
    std::memcpy(region->bytes.data() + (address - region->base), &value, size);
    return true;
  }

  // For accesses straddling two regions, which go byte by byte (cross_region_access.hpp).
  Region* region_at(uint64_t address) { return space_.find(address); }
  static uint8_t* byte_in(Region& region, uint64_t address) { return &region.bytes[address - region.base]; }

 private:
  Region* locate(uint64_t address, unsigned size) {
    if (last_ != nullptr && last_->contains(address, size)) return last_;
    Region* region = space_.find(address, size);
    if (region != nullptr) last_ = region;
    return region;
  }

  AddressSpace& space_;
  Region* last_ = nullptr;
};

// The engine's decode cache: one entry per word address modulo kDecodeCacheEntries, for
// every address space the engine runs. An entry serves only the word it records, so no
// store to code, by the guest or by the host, has to reach it.
constexpr uint64_t kDecodeCacheEntries = uint64_t{1} << 16;

class CachedFetcher {
 public:
  CachedFetcher(AddressSpace& space, DecodeEntry* cache)
      : space_(space), table_(core::host_decode_table()), cache_(cache) {}

  bool fetch(uint64_t pc, uint32_t& insn, core::Op& op) {
    const uint64_t offset = pc - code_base_;
    if (offset >= code_size_ || (pc & 3) != 0) {
      if (!enter_region(pc)) return false;
      return fetch(pc, insn, op);
    }
    std::memcpy(&insn, code_bytes_ + offset, 4);
    op = decode_through(cache_[(pc >> 2) & (kDecodeCacheEntries - 1)], insn, table_);
    return true;
  }

 private:
  bool enter_region(uint64_t pc) {
    if ((pc & 3) != 0) return false;
    Region* region = space_.find(pc, 4);
    if (region == nullptr || !(region->perms & kPermExecute)) return false;
    code_base_ = region->base;
    code_size_ = region->size & ~3ull;
    code_bytes_ = region->bytes.data();
    return true;
  }

  AddressSpace& space_;
  const core::DecodeTable& table_;
  DecodeEntry* cache_;
  uint64_t code_base_ = 0;
  uint64_t code_size_ = 0;
  const uint8_t* code_bytes_ = nullptr;
};

// The engine's decode cache, allocated at the first run; every entry starts as the one for
// word 0, a valid entry.
class DecodeCache {
 public:
  DecodeEntry* entries() {
    if (entries_.empty()) {
      entries_.assign(kDecodeCacheEntries, decode_entry(core::decode(core::host_decode_table(), 0), 0));
    }
    return entries_.data();
  }

 private:
  std::vector<DecodeEntry> entries_;
};

// A run's result with the host time it took.
template <class Run>
EngineRun timed(Run run) {
  const auto start = std::chrono::steady_clock::now();
  const core::RunResult result = run();
  const auto stop = std::chrono::steady_clock::now();
  return {result, std::chrono::duration<double>(stop - start).count()};
}

class CpuEngine final : public Engine {
 public:
  const char* name() const override { return "cpu"; }

  EngineRun run(core::CpuState& state, AddressSpace& memory, uint64_t max_cycles) override {
    HostMemory data(memory);
    CachedFetcher fetcher(memory, decode_cache_.entries());
    return timed([&] { return core::run(state, data, fetcher, max_cycles); });
  }

 private:
  DecodeCache decode_cache_;
};

// ---- The debug instantiation: every instruction and data access offered to an observer ----

// Data accesses that the observer may stop before they happen.
class ObservedMemory {
 public:
  ObservedMemory(HostMemory& memory, RunObserver& observer) : memory_(memory), observer_(observer) {}

  bool read(uint64_t address, unsigned size, uint64_t& value) {
    if (observer_.stop_at_access(address, size, false)) return stopped();
    return memory_.read(address, size, value);
  }
  bool write(uint64_t address, unsigned size, uint64_t value) {
    if (observer_.stop_at_access(address, size, true)) return stopped();
    return memory_.write(address, size, value);
  }
  uint64_t virtual_counter() const { return memory_.virtual_counter(); }

  // True when the observer stopped an access of the last instruction.
  bool stopped_access() const { return stopped_; }

 private:
  // The access fails as a fault would, so that the instruction ends without retiring.
  bool stopped() {
    stopped_ = true;
    return false;
  }

  HostMemory& memory_;
  RunObserver& observer_;
  bool stopped_ = false;
};

class ObservedCpuEngine final : public Engine {
 public:
  explicit ObservedCpuEngine(RunObserver& observer) : observer_(observer) {}

  const char* name() const override { return "cpu"; }

  EngineRun run(core::CpuState& state, AddressSpace& memory, uint64_t max_cycles) override {
    HostMemory host(memory);
    ObservedMemory data(host, observer_);
    CachedFetcher fetcher(memory, decode_cache_.entries());
    const bool keep_before = observer_.wants_state_before();
    return timed([&] {
      core::CpuState before;
      uint64_t cycles = 0;
      core::RunResult stop{};
      for (;;) {
        if (cycles >= max_cycles) return core::max_cycles_reached(cycles);
        const uint64_t pc = state.pc;
        if (observer_.stop_before(pc)) return observer_stop(cycles, 0);
        uint32_t word;
        core::Op op;
        if (!fetcher.fetch(pc, word, op)) {
          core::step(state, data, fetcher, cycles, stop);  // fails to fetch it too, and records the fault
          return stop;
        }
        if (keep_before) before = state;
        const core::Step step = core::retire(core::execute(op, word, state, data), word, state, cycles, stop);
        if (data.stopped_access()) return observer_stop(cycles, word);
        const bool retired = step != core::Step::kStopped || stop.reason == core::StopReason::kSyscall;
        if (retired) observer_.executed(pc, word, keep_before ? &before : nullptr, state);
        if (step == core::Step::kStopped) return stop;
      }
    });
  }

 private:
  static core::RunResult observer_stop(uint64_t cycles, uint32_t word) {
    return core::RunResult{core::StopReason::kNone, core::AccessKind::kNone, 0, cycles, word, word != 0};
  }

  RunObserver& observer_;
  DecodeCache decode_cache_;
};

}  // namespace

std::unique_ptr<Engine> make_cpu_engine() { return std::make_unique<CpuEngine>(); }

std::unique_ptr<Engine> make_observed_cpu_engine(RunObserver& observer) {
  return std::make_unique<ObservedCpuEngine>(observer);
}

}  // namespace warp64
