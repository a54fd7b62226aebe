// Exercises integer division corners: signed/unsigned / and % at 8/16/32/64 bits, division by zero avoided, INT_MIN / -1 computed through unsigned arithmetic, power-of-two divisors of negative values, division by constants (multiply-high sequences) and 128-bit division.
#include <stdio.h>
#include <stdint.h>
#include <limits.h>

static uint64_t h = 14695981039346656037ull;
static void mix(uint64_t v) { h ^= v; h *= 1099511628211ull; }

#define NI __attribute__((noinline))
NI int8_t sdiv8(int8_t a, int8_t b) { return (int8_t)(a / b); }
NI int8_t smod8(int8_t a, int8_t b) { return (int8_t)(a % b); }
NI uint8_t udiv8(uint8_t a, uint8_t b) { return a / b; }
NI int16_t sdiv16(int16_t a, int16_t b) { return (int16_t)(a / b); }
NI int16_t smod16(int16_t a, int16_t b) { return (int16_t)(a % b); }
NI uint16_t umod16(uint16_t a, uint16_t b) { return a % b; }
NI int32_t sdiv32(int32_t a, int32_t b) { return a / b; }
NI int32_t smod32(int32_t a, int32_t b) { return a % b; }
NI uint32_t udiv32(uint32_t a, uint32_t b) { return a / b; }
NI uint32_t umod32(uint32_t a, uint32_t b) { return a % b; }
NI int64_t sdiv64(int64_t a, int64_t b) { return a / b; }
NI int64_t smod64(int64_t a, int64_t b) { return a % b; }
NI uint64_t udiv64(uint64_t a, uint64_t b) { return a / b; }
NI uint64_t umod64(uint64_t a, uint64_t b) { return a % b; }

/* INT_MIN / -1 overflows in C; the two's-complement result is INT_MIN, remainder 0. */
static int32_t sdiv32_wrap(int32_t a, int32_t b)
{
    if (b == -1) return (int32_t)(0u - (uint32_t)a);
    return a / b;
}
static int64_t sdiv64_wrap(int64_t a, int64_t b)
{
    if (b == -1) return (int64_t)(0ull - (uint64_t)a);
    return a / b;
}

NI int32_t div_pow2_32(int32_t x) { return x / 8 + x / 2 + x / 1024 + x / (1 << 30); }
NI int32_t mod_pow2_32(int32_t x) { return x % 8 + x % 2 + x % 1024; }
NI int64_t div_pow2_64(int64_t x) { return x / 16 + x / 4096 + x / (1ll << 40); }
NI int64_t mod_pow2_64(int64_t x) { return x % 16 + x % (1ll << 33); }
NI int32_t shr_vs_div(int32_t x) { return (x >> 3) - x / 8; }
NI uint32_t udiv_const32(uint32_t x) { return x / 3 + x / 7 + x / 10 + x / 641 + x / 0xFFFFFFFFu + x % 13; }
NI int32_t sdiv_const32(int32_t x) { return x / 3 + x / -7 + x / 10 + x / 100000 + x % 9 + x % -5; }
NI uint64_t udiv_const64(uint64_t x) { return x / 3 + x / 10 + x / 1000000007ull + x % 60 + x / 0x8000000000000001ull; }
NI int64_t sdiv_const64(int64_t x) { return x / 7 + x / -3 + x / 1000 + x % 11; }
NI unsigned __int128 udiv128(unsigned __int128 a, unsigned __int128 b) { return a / b; }
NI __int128 sdiv128(__int128 a, __int128 b) { return a / b; }
NI __int128 smod128(__int128 a, __int128 b) { return a % b; }
NI unsigned __int128 udiv128_const(unsigned __int128 a) { return a / 10; }

static void print_u128(const char *tag, unsigned __int128 v)
{
    char buf[48];
    int i = 47;
    buf[i] = 0;
    do { buf[--i] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    printf("%s%s\n", tag, buf + i);
}

int main(void)
{
    static const int64_t vals[] = { 0, 1, -1, 2, -2, 3, -3, 7, -7, 8, -8, 100, -100, 127, -128, 255, 32767, -32768, 65535,
                                    INT32_MAX, INT32_MIN, (int64_t)UINT32_MAX, INT64_MAX, INT64_MIN, 1000000007, -999999937,
                                    0x123456789ll, -0x123456789ll };
    const int nv = (int)(sizeof vals / sizeof vals[0]);
    int lines = 0;
    for (int i = 0; i < nv; i++)
        for (int j = 0; j < nv; j++) {
            int64_t a = vals[i], b = vals[j];
            int8_t a8 = (int8_t)a, b8 = (int8_t)b;
            if (b8 != 0 && !(a8 == INT8_MIN && b8 == -1)) { mix((uint8_t)sdiv8(a8, b8)); mix((uint8_t)smod8(a8, b8)); }
            if ((uint8_t)b8) mix(udiv8((uint8_t)a8, (uint8_t)b8));
            int16_t a16 = (int16_t)a, b16 = (int16_t)b;
            if (b16 != 0 && !(a16 == INT16_MIN && b16 == -1)) { mix((uint16_t)sdiv16(a16, b16)); mix((uint16_t)smod16(a16, b16)); }
            if ((uint16_t)b16) mix(umod16((uint16_t)a16, (uint16_t)b16));
            int32_t a32 = (int32_t)a, b32 = (int32_t)b;
            if (b32 != 0) {
                mix((uint32_t)sdiv32_wrap(a32, b32));
                if (!(a32 == INT32_MIN && b32 == -1)) { mix((uint32_t)sdiv32(a32, b32)); mix((uint32_t)smod32(a32, b32)); }
                mix(udiv32((uint32_t)a32, (uint32_t)b32)); mix(umod32((uint32_t)a32, (uint32_t)b32));
            }
            if (b != 0) {
                mix((uint64_t)sdiv64_wrap(a, b));
                if (!(a == INT64_MIN && b == -1)) { mix((uint64_t)sdiv64(a, b)); mix((uint64_t)smod64(a, b)); }
                mix(udiv64((uint64_t)a, (uint64_t)b)); mix(umod64((uint64_t)a, (uint64_t)b));
                if ((i * 7 + j) % 41 == 0 && !(a == INT64_MIN && b == -1)) {
                    printf("%lld / %lld = %lld r %lld; u: %llu r %llu; 32: %d r %d\n", (long long)a, (long long)b,
                           (long long)sdiv64(a, b), (long long)smod64(a, b), (unsigned long long)udiv64(a, b),
                           (unsigned long long)umod64(a, b), b32 ? sdiv32_wrap(a32, b32) : 0,
                           (b32 && !(a32 == INT32_MIN && b32 == -1)) ? smod32(a32, b32) : 0);
                    lines++;
                }
            }
        }
    printf("pairs hash=%016llx lines=%d\n", (unsigned long long)h, lines);
    printf("INT32_MIN/-1 wrap=%d INT64_MIN/-1 wrap=%lld\n", sdiv32_wrap(INT32_MIN, -1), (long long)sdiv64_wrap(INT64_MIN, -1));

    for (int i = 0; i < nv; i++) {
        int64_t x = vals[i];
        printf("x=%lld p2_32=%d m2_32=%d p2_64=%lld m2_64=%lld shr-div=%d uc32=%u sc32=%d uc64=%llu sc64=%lld\n", (long long)x,
               div_pow2_32((int32_t)x), mod_pow2_32((int32_t)x), (long long)div_pow2_64(x), (long long)mod_pow2_64(x),
               shr_vs_div((int32_t)x), udiv_const32((uint32_t)x), sdiv_const32((int32_t)x), (unsigned long long)udiv_const64((uint64_t)x),
               (long long)sdiv_const64(x));
    }
    uint64_t hs = 0;
    for (int32_t x = -70000; x <= 70000; x += 13) { hs = hs * 31 + (uint32_t)sdiv_const32(x); hs ^= udiv_const32((uint32_t)x * 2654435761u); }
    printf("const sweep %016llx\n", (unsigned long long)hs);

    unsigned __int128 big = ((unsigned __int128)0xFEDCBA9876543210ull << 64) | 0x0123456789ABCDEFull;
    print_u128("big=", big);
    print_u128("big/10=", udiv128_const(big));
    print_u128("big/3e18=", udiv128(big, 3000000000000000000ull));
    print_u128("big/(2^64+1)=", udiv128(big, ((unsigned __int128)1 << 64) + 1));
    print_u128("big%97=", big % 97);
    __int128 sb = -(__int128)big / 5;
    printf("sdiv128 %lld %lld\n", (long long)(sdiv128(sb, -123456789) >> 64), (long long)(uint64_t)sdiv128(sb, -123456789));
    printf("smod128 %lld\n", (long long)smod128(sb, 1000003));
    printf("mulhi %016llx\n", (unsigned long long)(((unsigned __int128)0xDEADBEEFCAFEBABEull * 0x123456789ABCDEF1ull) >> 64));
    printf("smulhi %lld\n", (long long)(((__int128)-0x7EADBEEFCAFEBABEll * 0x123456789ABCDEF1ll) >> 64));
    return 0;
}
