// The host's changes to lanes' memory, as data: a lane engine applies a list of them at once
// (the GPU in one launch), each lane's in the order given. And the ranges the host reads back.
#pragma once

#include <cstdint>

#include "engine/lanes/lane_mapping.hpp"
#include "warp64/core/config.hpp"

namespace warp64::lanes {

enum class OpKind : uint8_t { kMap, kUnmap, kProtect, kPoke };

struct MemoryOp {
  uint64_t lane;
  uint64_t address;
  uint64_t size;
  uint64_t data;  // kPoke: the offset of its bytes in the list's data
  OpKind kind;
  uint8_t perms;     // kMap, kProtect
  MapSource source;  // kMap
};

// Bytes of one lane the host reads (peek: whatever the permissions).
struct ByteRange {
  uint64_t lane;
  uint64_t address;
  uint64_t length;
};

W64_HD inline Status apply(const LaneSpace& space, const MemoryOp& op, const uint8_t* data) {
  switch (op.kind) {
    case OpKind::kMap: return map(space, op.lane, op.address, op.size, op.perms, op.source);
    case OpKind::kUnmap: return unmap(space, op.lane, op.address, op.size);
    case OpKind::kProtect: return protect(space, op.lane, op.address, op.size, op.perms);
    case OpKind::kPoke: return poke(space, op.lane, op.address, data + op.data, op.size);
  }
  return Status::kUnmapped;
}

}  // namespace warp64::lanes
