// Compilation qualifiers that let one header serve both the host compiler and nvcc.
#pragma once

#if defined(__CUDACC__)
#define W64_HD __host__ __device__
#define W64_INLINE __forceinline__
// Large, rarely executed operations (floating point): called, not inlined, on the GPU, where
// inlining them into every case of the dispatch would cost the whole kernel registers.
#define W64_OUTLINE inline __noinline__
#else
#define W64_HD
#define W64_INLINE inline __attribute__((always_inline))
#define W64_OUTLINE inline
#endif
