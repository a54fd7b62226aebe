#include "linux/lane_byte_store.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "engine/lane_space_plan.hpp"
#include "warp64/error.hpp"

namespace warp64::linux_abi {

void LaneMemoryQueue::apply_locked(const std::vector<lanes::MemoryOp>& ops, const std::vector<uint8_t>& data) {
  if (ops.empty()) return;
  std::vector<lanes::Status> statuses(ops.size());
  engine_.apply(ops, data, statuses);
  for (size_t i = 0; i < ops.size(); ++i) {
    if (statuses[i] == lanes::Status::kExhausted) {
      exhausted_.insert(ops[i].lane);
    } else if (statuses[i] != lanes::Status::kOk) {
      throw Error(memory_op_error(statuses[i], ops[i]));
    }
  }
}

void LaneMemoryQueue::flush(std::span<LaneByteStore* const> stores) {
  std::vector<lanes::MemoryOp> ops;
  std::vector<uint8_t> data;
  for (LaneByteStore* store : stores) {
    if (store != nullptr && store->has_changes()) store->take_changes(ops, data);
  }
  std::lock_guard lock(mutex_);
  apply_locked(ops, data);
}

void LaneMemoryQueue::flush_one(const LaneByteStore& store) {
  std::vector<lanes::MemoryOp> ops;
  std::vector<uint8_t> data;
  store.take_changes(ops, data);
  std::lock_guard lock(mutex_);
  apply_locked(ops, data);
}

void LaneMemoryQueue::gather(std::span<const lanes::ByteRange> ranges, std::span<uint8_t> out) {
  std::lock_guard lock(mutex_);
  engine_.gather(ranges, out);
}

std::set<uint64_t> LaneMemoryQueue::take_exhausted() {
  std::lock_guard lock(mutex_);
  return std::exchange(exhausted_, {});
}

void LaneMemoryQueue::forget_exhausted(uint64_t lane) {
  std::lock_guard lock(mutex_);
  exhausted_.erase(lane);
}

namespace {

bool overlaps(uint64_t base, uint64_t size, uint64_t address, uint64_t length) {
  return base < address + length && address < base + size;
}

}  // namespace

void LaneByteStore::read(uint64_t address, uint8_t* out, uint64_t length) const {
  if (remapped(address, length)) {
    queue_.flush_one(*this);
    prefetched_.clear();  // what it held may predate the writes just applied
  }
  if (!read_prefetched(address, out, length)) {
    const lanes::ByteRange range{lane_, address, length};
    queue_.gather({&range, 1}, {out, length});
  }
  overlay_writes(address, out, length);
}

bool LaneByteStore::read_prefetched(uint64_t address, uint8_t* out, uint64_t length) const {
  for (const Prefetched& piece : prefetched_) {
    if (address >= piece.address && address + length <= piece.address + piece.bytes.size()) {
      std::memcpy(out, piece.bytes.data() + (address - piece.address), length);
      return true;
    }
  }
  return false;
}

bool LaneByteStore::remapped(uint64_t address, uint64_t length) const {
  return std::any_of(ops_.begin(), ops_.end(), [&](const lanes::MemoryOp& op) {
    return (op.kind == lanes::OpKind::kMap || op.kind == lanes::OpKind::kUnmap) &&
           overlaps(op.address, op.size, address, length);
  });
}

void LaneByteStore::overlay_writes(uint64_t address, uint8_t* out, uint64_t length) const {
  for (const lanes::MemoryOp& op : ops_) {
    if (op.kind != lanes::OpKind::kPoke || !overlaps(op.address, op.size, address, length)) continue;
    const uint64_t from = std::max(op.address, address), to = std::min(op.address + op.size, address + length);
    std::memcpy(out + (from - address), data_.data() + op.data + (from - op.address), to - from);
  }
}

void LaneByteStore::push(const lanes::MemoryOp& op, const uint8_t* bytes) {
  lanes::MemoryOp queued = op;
  if (op.kind == lanes::OpKind::kPoke) {
    queued.data = data_.size();
    data_.insert(data_.end(), bytes, bytes + op.size);
  }
  ops_.push_back(queued);
}

void LaneByteStore::take_changes(std::vector<lanes::MemoryOp>& ops, std::vector<uint8_t>& data) const {
  for (lanes::MemoryOp op : ops_) {
    if (op.kind == lanes::OpKind::kPoke) op.data += data.size();
    ops.push_back(op);
  }
  data.insert(data.end(), data_.begin(), data_.end());
  ops_.clear();
  data_.clear();
}

void LaneByteStore::write(uint64_t address, const uint8_t* data, uint64_t length) {
  push({lane_, address, length, 0, lanes::OpKind::kPoke, 0, lanes::MapSource::kZero}, data);
}

void LaneByteStore::map(uint64_t address, uint64_t length, uint8_t perms) {
  push({lane_, address, length, 0, lanes::OpKind::kMap, perms, lanes::MapSource::kZero});
}

void LaneByteStore::unmap(uint64_t address, uint64_t length) {
  push({lane_, address, length, 0, lanes::OpKind::kUnmap, 0, lanes::MapSource::kZero});
}

void LaneByteStore::protect(uint64_t address, uint64_t length, uint8_t perms) {
  push({lane_, address, length, 0, lanes::OpKind::kProtect, perms, lanes::MapSource::kZero});
}

bool LaneByteStore::map_initial(uint64_t address, uint64_t length, uint8_t perms) {
  push({lane_, address, length, 0, lanes::OpKind::kMap, perms, lanes::MapSource::kInitial});
  return true;
}

}  // namespace warp64::linux_abi
