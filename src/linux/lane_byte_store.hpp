// The lanes' memory as their host processes see it, safe for lanes serviced on several host
// threads at once. Each lane's changes (the loader's, those of the system calls the host
// services) wait in its own store and reach the engine with every other lane's in one apply
// before the next launch. Reads come from the bytes gathered for all parked lanes in one go
// before servicing (prefetch), with the lane's own waiting writes laid over them; a read outside
// them asks the engine alone.
#pragma once

#include <cstdint>
#include <mutex>
#include <set>
#include <span>
#include <vector>

#include "engine/lane_engine.hpp"
#include "memory/address_space.hpp"

namespace warp64::linux_abi {

class LaneByteStore;

// The engine's side: one lock around every engine access made while lanes are serviced, and
// the lanes for which an apply found the page pool exhausted.
class LaneMemoryQueue {
 public:
  explicit LaneMemoryQueue(LaneEngine& engine) : engine_(engine) {}

  // Applies every store's waiting changes in one engine apply. Not while lanes are serviced.
  void flush(std::span<LaneByteStore* const> stores);
  // Applies one store's waiting changes now (a read that needs them in the engine).
  void flush_one(const LaneByteStore& store);
  // The engine's bytes of these ranges, one after another.
  void gather(std::span<const lanes::ByteRange> ranges, std::span<uint8_t> out);

  // The lanes for which an operation found the pool exhausted since the last call.
  std::set<uint64_t> take_exhausted();
  // A lane whose job has ended: what its operations found no longer matters.
  void forget_exhausted(uint64_t lane);

 private:
  void apply_locked(const std::vector<lanes::MemoryOp>& ops, const std::vector<uint8_t>& data);

  LaneEngine& engine_;
  std::mutex mutex_;
  std::set<uint64_t> exhausted_;
};

// One lane's memory, as a guest process's address space sees it.
class LaneByteStore final : public ByteStore {
 public:
  LaneByteStore(LaneMemoryQueue& queue, uint64_t lane) : queue_(queue), lane_(lane) {}

  uint64_t lane() const { return lane_; }

  void read(uint64_t address, uint8_t* out, uint64_t length) const override;
  void write(uint64_t address, const uint8_t* data, uint64_t length) override;
  void map(uint64_t address, uint64_t length, uint8_t perms) override;
  void unmap(uint64_t address, uint64_t length) override;
  void protect(uint64_t address, uint64_t length, uint8_t perms) override;
  bool map_initial(uint64_t address, uint64_t length, uint8_t perms) override;
  // Any change, a map from the window's initial data included.
  void push(const lanes::MemoryOp& op, const uint8_t* bytes = nullptr);

  bool has_changes() const { return !ops_.empty(); }
  // Moves the waiting changes to the end of `ops` and `data`: the lane's contents stay what
  // they were, so a read may do it.
  void take_changes(std::vector<lanes::MemoryOp>& ops, std::vector<uint8_t>& data) const;

  // Bytes gathered from the engine for this lane, valid until forget_prefetched (the caller
  // keeps `bytes` alive until then).
  void add_prefetched(uint64_t address, std::span<const uint8_t> bytes) { prefetched_.push_back({address, bytes}); }
  void forget_prefetched() { prefetched_.clear(); }

 private:
  struct Prefetched {
    uint64_t address;
    std::span<const uint8_t> bytes;
  };
  bool read_prefetched(uint64_t address, uint8_t* out, uint64_t length) const;
  // True when a waiting map or unmap touches the range: the engine must apply it before the
  // range can be read there.
  bool remapped(uint64_t address, uint64_t length) const;
  // Lays the waiting writes that touch the range over `out`, in order.
  void overlay_writes(uint64_t address, uint8_t* out, uint64_t length) const;

  LaneMemoryQueue& queue_;
  uint64_t lane_;
  mutable std::vector<lanes::MemoryOp> ops_;
  mutable std::vector<uint8_t> data_;
  mutable std::vector<Prefetched> prefetched_;
};

}  // namespace warp64::linux_abi
