// The CPU engine: the core's run loop over host memory, with a decode cache of its own.
#include <chrono>
#include <cstring>
#include <vector>

#include "engine/decode_entry.hpp"
#include "engine/engine.hpp"
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
  uint8_t* byte_at(uint64_t address, uint8_t perm) {
    Region* region = space_.find(address);
    if (region == nullptr || !(region->perms & perm)) return nullptr;
    return &region->bytes[address - region->base];
  }

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

class CpuEngine final : public Engine {
 public:
  const char* name() const override { return "cpu"; }

  EngineRun run(core::CpuState& state, AddressSpace& memory, uint64_t max_cycles) override {
    // Allocated at the first run; every entry starts as the one for word 0, a valid entry.
    if (decode_cache_.empty()) {
      decode_cache_.assign(kDecodeCacheEntries, decode_entry(core::decode(core::host_decode_table(), 0), 0));
    }
    HostMemory data(memory);
    CachedFetcher fetcher(memory, decode_cache_.data());
    const auto start = std::chrono::steady_clock::now();
    const core::RunResult result = core::run(state, data, fetcher, max_cycles);
    const auto stop = std::chrono::steady_clock::now();
    return {result, std::chrono::duration<double>(stop - start).count()};
  }

 private:
  std::vector<DecodeEntry> decode_cache_;
};

}  // namespace

std::unique_ptr<Engine> make_cpu_engine() { return std::make_unique<CpuEngine>(); }

}  // namespace warp64
