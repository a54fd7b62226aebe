// Compilation qualifiers that let one header serve both the host compiler and nvcc.
#pragma once

#if defined(__CUDACC__)
#define W64_HD __host__ __device__
#define W64_INLINE __forceinline__
#else
#define W64_HD
#define W64_INLINE inline __attribute__((always_inline))
#endif
