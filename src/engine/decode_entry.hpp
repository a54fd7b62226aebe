// The decode caches' entry, one format for the CPU and the GPU engine: an instruction word
// and its Op, (op << 32) | word. An entry serves a fetch only when the word fetched is the
// word it records, so a write to code, by the guest or by the host, never needs to reach a
// cache: the next fetch of a changed word misses and decodes it afresh.
#pragma once

#include <cstdint>

#include "warp64/core/config.hpp"
#include "warp64/core/decoder.hpp"

namespace warp64 {

using DecodeEntry = unsigned long long;

W64_HD W64_INLINE constexpr DecodeEntry decode_entry(core::Op op, uint32_t word) {
  return (static_cast<DecodeEntry>(op) << 32) | word;
}

// The Op of `word`, from `entry` when it records that word, else decoded and recorded there.
// An entry may be shared by host threads (the CPU lane engine's): it is read and written whole.
W64_HD W64_INLINE core::Op decode_through(DecodeEntry& entry, uint32_t word, const core::DecodeTable& table) {
#if defined(__CUDA_ARCH__)
  const DecodeEntry seen = entry;
#else
  const DecodeEntry seen = __atomic_load_n(&entry, __ATOMIC_RELAXED);
#endif
  if (static_cast<uint32_t>(seen) == word) [[likely]] {
    return static_cast<core::Op>(seen >> 32);
  }
  const core::Op op = core::decode(table, word);
#if defined(__CUDA_ARCH__)
  entry = decode_entry(op, word);
#else
  __atomic_store_n(&entry, decode_entry(op, word), __ATOMIC_RELAXED);
#endif
  return op;
}

}  // namespace warp64
