// The host's service of the lanes a launch left stopped: the bytes their system calls will read
// gathered for all of them in one engine access, then each lane serviced on a pool of host
// threads (each lane's process is its own; what they share is thread-safe).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/lane_engine.hpp"
#include "engine/lanes/lane_calls.hpp"
#include "linux/lane_byte_store.hpp"
#include "memory/address_space.hpp"
#include "warp64/core/run.hpp"

namespace warp64::linux_abi {

// A lane stopped on a system call, as prefetch_call_inputs needs it.
struct ParkedCall {
  const core::CpuState* state;
  const AddressSpace* space;  // the lane's mappings, as its process keeps them
  LaneByteStore* store;
};

// Gathers, for every call, what its arguments point to that the call reads (strings, buffers,
// small structures, by the kinds of syscalls.def) where the lane's mappings make it readable,
// and gives each store its share. The stores read from `gathered` until they forget it.
void prefetch_call_inputs(std::span<const ParkedCall> calls, LaneMemoryQueue& queue, std::vector<uint8_t>& gathered);

// The values the lanes' own calls answer from (engine/lanes/lane_calls.hpp), as the host
// answers a lane: the host process's ids and the thread's tid (which every lane's process
// records, being started on this thread), and the clocks now beside the engine's timer.
lanes::LaneCalls lane_calls_now(const LaneEngine& engine);

}  // namespace warp64::linux_abi
