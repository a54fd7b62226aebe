// The CPU engine's loop observed by a debugger or a tracer: every instruction and data access
// offered to an observer. A separate file from the plain engine (cpu_loop_parts.hpp says why).
#include "engine/cpu_loop_parts.hpp"
#include "engine/observed_engine.hpp"

namespace warp64 {
namespace {

using cpu_loop::CachedFetcher;
using cpu_loop::DecodeCache;
using cpu_loop::HostMemory;
using cpu_loop::timed;

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
  // A read-modify-write counts as a write (an access watchpoint sees its read as well).
  core::AccessKind atomic(uint64_t address, core::AtomicAccess& access) {
    if (observer_.stop_at_access(address, access.size, access.op != core::AtomicOp::kLoad)) {
      stopped();
      return core::AccessKind::kRead;
    }
    return memory_.atomic(address, access);
  }
  void barrier() { memory_.barrier(); }
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

std::unique_ptr<Engine> make_observed_cpu_engine(RunObserver& observer) {
  return std::make_unique<ObservedCpuEngine>(observer);
}

}  // namespace warp64
