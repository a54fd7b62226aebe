#include "engine/lane_engine.hpp"

#include "engine/lane_space_plan.hpp"
#include "warp64/error.hpp"

namespace warp64 {

void LaneEngine::apply(std::span<const lanes::MemoryOp> ops, std::span<const uint8_t> data) {
  std::vector<lanes::Status> statuses(ops.size());
  apply(ops, data, statuses);
  for (size_t i = 0; i < ops.size(); ++i) {
    if (statuses[i] != lanes::Status::kOk) throw Error(memory_op_error(statuses[i], ops[i]));
  }
}

void LaneEngine::write_memory(uint64_t lane, uint64_t address, std::span<const uint8_t> bytes) {
  const lanes::MemoryOp poke{lane, address, bytes.size(), 0, lanes::OpKind::kPoke, 0, lanes::MapSource::kZero};
  apply({&poke, 1}, bytes);
}

std::vector<uint8_t> LaneEngine::read_memory(uint64_t lane, uint64_t address, uint64_t length) const {
  std::vector<uint8_t> out(length);
  const lanes::ByteRange range{lane, address, length};
  gather({&range, 1}, out);
  return out;
}

std::vector<uint64_t> ring_oldest_first(std::span<const uint64_t> entries, lanes::RingCursor cursor) {
  std::vector<uint64_t> out;
  const uint64_t size = entries.size();
  if (size == 0) return out;
  const uint64_t first = cursor.filled == size ? cursor.next : 0;
  for (uint64_t n = 0; n < cursor.filled; ++n) out.push_back(entries[(first + n) % size]);
  return out;
}

}  // namespace warp64
