// The atomic operations lane memory needs, one spelling for the host (GCC's __atomic builtins,
// so that the CPU lane engine's threads may share a pool) and the device (CUDA's atomics).
// Every word the lanes of a group or the users of a pool share goes through these.
#pragma once

#include <cstdint>

#include "warp64/core/config.hpp"

namespace warp64::lanes {

// Returns the value `*word` held; it became `desired` when that equals `expected`.
W64_HD W64_INLINE uint32_t compare_exchange(uint32_t* word, uint32_t expected, uint32_t desired) {
#if defined(__CUDA_ARCH__)
  return atomicCAS(word, expected, desired);
#else
  __atomic_compare_exchange_n(word, &expected, desired, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  return expected;
#endif
}

W64_HD W64_INLINE uint64_t compare_exchange(uint64_t* word, uint64_t expected, uint64_t desired) {
#if defined(__CUDA_ARCH__)
  return atomicCAS(reinterpret_cast<unsigned long long*>(word), expected, desired);
#else
  __atomic_compare_exchange_n(word, &expected, desired, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  return expected;
#endif
}

W64_HD W64_INLINE void fetch_or(uint32_t* word, uint32_t bits) {
#if defined(__CUDA_ARCH__)
  atomicOr(word, bits);
#else
  __atomic_fetch_or(word, bits, __ATOMIC_ACQ_REL);
#endif
}

W64_HD W64_INLINE void fetch_and(uint32_t* word, uint32_t bits) {
#if defined(__CUDA_ARCH__)
  atomicAnd(word, bits);
#else
  __atomic_fetch_and(word, bits, __ATOMIC_ACQ_REL);
#endif
}

W64_HD W64_INLINE uint32_t fetch_add(uint32_t* word, uint32_t value) {
#if defined(__CUDA_ARCH__)
  return atomicAdd(word, value);
#else
  return __atomic_fetch_add(word, value, __ATOMIC_ACQ_REL);
#endif
}

W64_HD W64_INLINE void fetch_add(uint64_t* word, uint64_t value) {
#if defined(__CUDA_ARCH__)
  atomicAdd(reinterpret_cast<unsigned long long*>(word), value);
#else
  __atomic_fetch_add(word, value, __ATOMIC_ACQ_REL);
#endif
}

// A load that sees the other threads' atomic updates: on the device it bypasses the SM's
// L1, which is not coherent with atomics done in L2.
W64_HD W64_INLINE uint32_t load_shared(const uint32_t* word) {
#if defined(__CUDA_ARCH__)
  return *const_cast<const volatile uint32_t*>(word);
#else
  return __atomic_load_n(word, __ATOMIC_ACQUIRE);
#endif
}

W64_HD W64_INLINE uint64_t load_shared(const uint64_t* word) {
#if defined(__CUDA_ARCH__)
  return *const_cast<const volatile uint64_t*>(word);
#else
  return __atomic_load_n(word, __ATOMIC_ACQUIRE);
#endif
}

// Publishes `value` after every write this thread made before it.
W64_HD W64_INLINE void store_shared(uint32_t* word, uint32_t value) {
#if defined(__CUDA_ARCH__)
  __threadfence();
  *const_cast<volatile uint32_t*>(word) = value;
#else
  __atomic_store_n(word, value, __ATOMIC_RELEASE);
#endif
}

}  // namespace warp64::lanes
