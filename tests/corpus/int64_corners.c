// int64_corners: 8/16/32/64-bit integer arithmetic corners: division by -1, INT_MIN, shifts, overflow builtins, clz/ctz/popcount, conversions.
#include <stdio.h>
#include <stdint.h>
#include <limits.h>
#include <inttypes.h>

static uint64_t h = 1469598103934665603ULL;
static void mix(uint64_t v) { h = (h ^ v) * 1099511628211ULL; }

/* noinline keeps the compiler from folding the corner cases at compile time. */
__attribute__((noinline)) static int64_t sdiv64(int64_t a, int64_t b) { return b == 0 ? 0 : (a == INT64_MIN && b == -1) ? INT64_MIN : a / b; }
__attribute__((noinline)) static int64_t smod64(int64_t a, int64_t b) { return b == 0 ? a : (b == -1) ? 0 : a % b; }
__attribute__((noinline)) static uint64_t udiv64(uint64_t a, uint64_t b) { return b ? a / b : 0; }
__attribute__((noinline)) static int32_t sdiv32(int32_t a, int32_t b) { return b == 0 ? 0 : (a == INT32_MIN && b == -1) ? INT32_MIN : a / b; }
__attribute__((noinline)) static uint32_t udiv32(uint32_t a, uint32_t b) { return b ? a / b : 0; }
__attribute__((noinline)) static int32_t smod32(int32_t a, int32_t b) { return b == 0 || b == -1 ? 0 : a % b; }

int main(void)
{
    static const int64_t v64[] = {0, 1, -1, 2, -2, 3, 7, -7, 100, -100, 255, 256, 65535, 65536, INT32_MAX, INT32_MIN,
        (int64_t)UINT32_MAX, (int64_t)UINT32_MAX + 1, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1,
        0x123456789abcdefLL, -0x123456789abcdefLL, 1LL << 62, 1000000007, -999999937};
    const int n = sizeof v64 / sizeof v64[0];
    for (int i = 0; i < n; i++) {
        int64_t a = v64[i];
        int32_t a32 = (int32_t)a;
        printf("%" PRId64 ": s8=%d u8=%u s16=%d u16=%u s32=%d u32=%u neg=%" PRId64 " not=%" PRIx64
               " clz=%d ctz=%d pop=%d parity=%d clrsb=%d bswap=%016" PRIx64 "\n",
               a, (int8_t)a, (uint8_t)a, (int16_t)a, (uint16_t)a, a32, (uint32_t)a, (int64_t)(0 - (uint64_t)a),
               ~(uint64_t)a, a ? __builtin_clzll((uint64_t)a) : 64, a ? __builtin_ctzll((uint64_t)a) : 64,
               __builtin_popcountll((uint64_t)a), __builtin_parityll((uint64_t)a), __builtin_clrsbll(a),
               __builtin_bswap64((uint64_t)a));
        for (int j = 0; j < n; j++) {
            int64_t b = v64[j];
            int32_t b32 = (int32_t)b;
            mix((uint64_t)sdiv64(a, b));
            mix((uint64_t)smod64(a, b));
            mix(udiv64((uint64_t)a, (uint64_t)b));
            mix((uint64_t)b ? (uint64_t)a % (uint64_t)b : 1);
            mix((uint32_t)sdiv32(a32, b32));
            mix(udiv32((uint32_t)a, (uint32_t)b));
            mix((uint32_t)smod32(a32, b32));
            mix((uint64_t)a * (uint64_t)b);
            mix((uint32_t)a * (uint32_t)b);
            mix((uint64_t)((int64_t)a32 * b32));
            mix((uint64_t)(a < b) | (uint64_t)((uint64_t)a < (uint64_t)b) << 1 | (uint64_t)(a32 <= b32) << 2 |
                (uint64_t)((uint32_t)a >= (uint32_t)b) << 3);
            int64_t r;
            int ov = __builtin_add_overflow(a, b, &r);
            mix((uint64_t)r + (uint64_t)ov);
            ov = __builtin_sub_overflow(a, b, &r);
            mix((uint64_t)r + (uint64_t)ov * 3);
            ov = __builtin_mul_overflow(a, b, &r);
            mix((uint64_t)r + (uint64_t)ov * 5);
            int32_t r32;
            ov = __builtin_mul_overflow(a32, b32, &r32);
            mix((uint32_t)r32 + (uint64_t)ov * 7);
            uint64_t ur;
            ov = __builtin_add_overflow((uint64_t)a, (uint64_t)b, &ur);
            mix(ur ^ (uint64_t)ov);
            unsigned s = (unsigned)b & 63;
            mix((uint64_t)a << s);
            mix((uint64_t)(a >> s));
            mix((uint64_t)a >> s);
            mix((uint64_t)a << s | (uint64_t)a >> ((64 - s) & 63));
            mix((uint32_t)a32 << (s & 31));
            mix((uint64_t)(a32 >> (s & 31)));
            mix((uint64_t)(int16_t)((int16_t)a * (int16_t)b));
            mix((uint64_t)(uint8_t)((uint8_t)a + (uint8_t)b));
            mix((uint64_t)(int8_t)a * (int8_t)b);
        }
        if (i % 4 == 3) printf("  hash so far %016" PRIx64 "\n", h);
    }
    /* Mixed signed/unsigned comparisons and conversions to/from floating point. */
    for (int i = 0; i < n; i++) {
        int64_t a = v64[i];
        double d = (double)a;
        float f = (float)a;
        double ud = (double)(uint64_t)a;
        int64_t back = d >= 9.2233720368547758e18 ? INT64_MAX : d < -9.2233720368547758e18 ? INT64_MIN : (int64_t)d;
        uint64_t uback = ud >= 1.8446744073709552e19 ? UINT64_MAX : (uint64_t)ud;
        printf("conv %" PRId64 ": d=%.17g f=%.9g ud=%.17g back=%" PRId64 " uback=%" PRIu64 " i32f=%d\n", a, d, f, ud,
               back, uback, (int32_t)(float)(int16_t)a);
    }
    /* Saturating conversions via the ARM-defined behaviour are not portable C; use explicit clamps. */
    static const double dv[] = {0.5, -0.5, 1.5, -1.5, 2.5, 1e10, -1e10, 3e9, -3e9, 4294967295.0, 1e19, -1e19};
    for (size_t i = 0; i < sizeof dv / sizeof dv[0]; i++) {
        double d = dv[i];
        int32_t i32 = d >= 2147483647.0 ? INT32_MAX : d <= -2147483648.0 ? INT32_MIN : (int32_t)d;
        uint32_t u32 = d >= 4294967295.0 ? UINT32_MAX : d <= 0 ? 0 : (uint32_t)d;
        int64_t i64 = d >= 9.2e18 ? INT64_MAX : d <= -9.2e18 ? INT64_MIN : (int64_t)d;
        printf("clamp %g: %d %u %" PRId64 " lrint=%ld llround=%lld\n", d, i32, u32, i64, __builtin_lrint(d),
               __builtin_llround(d));
    }
    printf("final hash %016" PRIx64 "\n", h);
    return 0;
}
