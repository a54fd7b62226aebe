// Decoding derived from the encoding table. Candidates are bucketed by instruction bits
// [31:21] and [11:10] (which together separate the A64 groups and most addressing forms),
// and inside a bucket the most specific pattern wins, so an alias or a carved-out
// unallocated space listed with more fixed bits takes precedence over its general form.
//
// DecodeTable is plain data: the host builds it once and the GPU engine copies it to the
// device unchanged.
#pragma once

#include <cstdint>

#include "warp64/core/bits.hpp"
#include "warp64/core/config.hpp"
#include "warp64/core/encoding.hpp"

namespace warp64::core {

struct DecodeTable {
  static constexpr unsigned kBucketBits = 13;
  static constexpr unsigned kBucketCount = 1u << kBucketBits;
  static constexpr unsigned kCandidateCapacity = 1u << 16;

  uint32_t mask[kOpCount];
  uint32_t value[kOpCount];
  uint32_t bucket_start[kBucketCount + 1];
  uint16_t candidates[kCandidateCapacity];

  W64_HD static W64_INLINE uint32_t bucket_of(uint32_t insn) { return ((insn >> 21) << 2) | ((insn >> 10) & 3u); }
};

// Fills `table` from kEncodings. Returns false if the candidate lists would overflow
// (a table-size bug, caught by the decoder's own unit test).
inline bool build_decode_table(DecodeTable& table) {
  for (unsigned op = 0; op < kOpCount; ++op) {
    table.mask[op] = kEncodings[op].mask;
    table.value[op] = kEncodings[op].value;
  }
  // Bits of the instruction that select a bucket, and a helper that expands a bucket
  // index back into those bit positions.
  constexpr uint32_t kBucketMask = 0xFFE00000u | 0x00000C00u;
  auto bucket_bits = [](uint32_t bucket) { return ((bucket >> 2) << 21) | ((bucket & 3u) << 10); };
  auto specificity = [&](unsigned op) { return population_count(table.mask[op]); };

  unsigned used = 0;
  for (uint32_t bucket = 0; bucket < DecodeTable::kBucketCount; ++bucket) {
    table.bucket_start[bucket] = used;
    const uint32_t bits = bucket_bits(bucket);
    for (unsigned op = 1; op < kOpCount; ++op) {
      const uint32_t shared = table.mask[op] & kBucketMask;
      if ((bits & shared) != (table.value[op] & shared)) continue;
      if (used == DecodeTable::kCandidateCapacity) return false;
      // Insertion keeps the bucket ordered by falling specificity, table order on ties.
      unsigned position = used++;
      const unsigned first = table.bucket_start[bucket];
      while (position > first && specificity(table.candidates[position - 1]) < specificity(op)) {
        table.candidates[position] = table.candidates[position - 1];
        --position;
      }
      table.candidates[position] = static_cast<uint16_t>(op);
    }
  }
  table.bucket_start[DecodeTable::kBucketCount] = used;
  return true;
}

W64_HD W64_INLINE Op decode(const DecodeTable& table, uint32_t insn) {
  const uint32_t bucket = DecodeTable::bucket_of(insn);
  const uint32_t end = table.bucket_start[bucket + 1];
  for (uint32_t i = table.bucket_start[bucket]; i < end; ++i) {
    const uint16_t op = table.candidates[i];
    if ((insn & table.mask[op]) == table.value[op]) return static_cast<Op>(op);
  }
  return Op::kUndefined;
}

#if !defined(__CUDACC_RTC__)  // run-time compilation (NVRTC) builds device code only
// The host's table, built once on first use (outside any execution loop).
inline const DecodeTable& host_decode_table() {
  static const DecodeTable* const table = [] {
    auto* built = new DecodeTable;
    build_decode_table(*built);
    return built;
  }();
  return *table;
}
#endif

}  // namespace warp64::core
