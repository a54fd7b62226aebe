// The CPU engine: the core's run loop over host memory, with a decode cache of its own.
#include "engine/cpu_loop_parts.hpp"
#include "engine/engine.hpp"

namespace warp64 {
namespace {

using cpu_loop::CachedFetcher;
using cpu_loop::DecodeCache;
using cpu_loop::HostMemory;
using cpu_loop::timed;

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

}  // namespace

std::unique_ptr<Engine> make_cpu_engine() { return std::make_unique<CpuEngine>(); }

}  // namespace warp64
