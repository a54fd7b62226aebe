// Exercises bit manipulation at 32 and 64 bits: popcount, clz/ctz/clrsb, parity, bswap16/32/64, rotates, hand-written bit reversal, bit-field extract/insert (ubfx/sbfx/bfi), masks and single-bit set/clear/test, checked against slow reference loops.
#include <stdio.h>
#include <stdint.h>

static uint64_t seed = 0x123456789ABCDEFull;
static uint64_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; }

static int ref_pop64(uint64_t x) { int n = 0; while (x) { n += x & 1; x >>= 1; } return n; }
static int ref_clz64(uint64_t x) { int n = 0; for (int i = 63; i >= 0 && !((x >> i) & 1); i--) n++; return n; }
static int ref_ctz64(uint64_t x) { int n = 0; for (int i = 0; i < 64 && !((x >> i) & 1); i++) n++; return n; }

static uint32_t rev32(uint32_t x)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
    x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
    return (x >> 16) | (x << 16);
}
static uint64_t rev64(uint64_t x)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++) r |= ((x >> i) & 1) << (63 - i);
    return r;
}
static uint8_t rev8(uint8_t x) { uint8_t r = 0; for (int i = 0; i < 8; i++) if (x & (1u << i)) r |= 0x80u >> i; return r; }

static inline uint32_t rotl32(uint32_t x, unsigned r) { r &= 31; return (x << r) | (x >> ((32 - r) & 31)); }
static inline uint32_t rotr32(uint32_t x, unsigned r) { r &= 31; return (x >> r) | (x << ((32 - r) & 31)); }
static inline uint64_t rotl64(uint64_t x, unsigned r) { r &= 63; return (x << r) | (x >> ((64 - r) & 63)); }
static inline uint64_t rotr64(uint64_t x, unsigned r) { r &= 63; return (x >> r) | (x << ((64 - r) & 63)); }

static inline uint32_t ext_u32(uint32_t x, int lsb, int w) { return (x >> lsb) & ((w == 32) ? ~0u : ((1u << w) - 1)); }
static inline int32_t ext_s32(uint32_t x, int lsb, int w) { return (int32_t)(x << (32 - lsb - w)) >> (32 - w); }
static inline uint64_t ext_u64(uint64_t x, int lsb, int w) { return (x >> lsb) & ((w == 64) ? ~0ull : ((1ull << w) - 1)); }
static inline int64_t ext_s64(uint64_t x, int lsb, int w) { return (int64_t)(x << (64 - lsb - w)) >> (64 - w); }
static inline uint64_t ins_u64(uint64_t x, uint64_t v, int lsb, int w)
{
    uint64_t m = ((w == 64) ? ~0ull : ((1ull << w) - 1)) << lsb;
    return (x & ~m) | ((v << lsb) & m);
}

static uint64_t mix(uint64_t h, uint64_t v) { h ^= v; h *= 0x100000001B3ull; return h ^ (h >> 29); }

__attribute__((noinline)) uint32_t fixed_fields(uint32_t x)
{
    /* Constant positions let the compiler use UBFX/SBFX/BFI/BFXIL directly. */
    uint32_t r = (x >> 5) & 0x3F;
    r += (uint32_t)((int32_t)(x << 3) >> 20);
    uint32_t y = (x & ~0x000FF000u) | ((r & 0xFF) << 12);
    y = (y & ~0xFu) | ((x >> 28) & 0xF);
    return y ^ r;
}
__attribute__((noinline)) uint64_t fixed_fields64(uint64_t x)
{
    uint64_t r = (x >> 17) & 0x1FFFFF;
    r += (uint64_t)((int64_t)(x << 7) >> 40);
    uint64_t y = (x & ~(0xFFFFull << 33)) | ((r & 0xFFFF) << 33);
    return y ^ (r << 1);
}

int main(void)
{
    uint64_t h = 1469598103934665603ull;
    int bad = 0;
    static const uint64_t special[] = { 0, 1, 2, 0x80000000ull, 0xFFFFFFFFull, 0x100000000ull, 0x8000000000000000ull,
                                        0xFFFFFFFFFFFFFFFFull, 0x5555555555555555ull, 0x0123456789ABCDEFull, 0xFEDCBA9876543210ull };
    for (int i = 0; i < 600; i++) {
        uint64_t x = i < 11 ? special[i] : rnd() >> (rnd() & 63);
        uint32_t x32 = (uint32_t)x;
        int p64 = __builtin_popcountll(x), p32 = __builtin_popcount(x32);
        if (p64 != ref_pop64(x) || p32 != ref_pop64(x32)) bad++;
        int lz = x ? __builtin_clzll(x) : 64, tz = x ? __builtin_ctzll(x) : 64;
        if (lz != ref_clz64(x) || tz != ref_ctz64(x)) bad++;
        int lz32 = x32 ? __builtin_clz(x32) : 32, tz32 = x32 ? __builtin_ctz(x32) : 32;
        if (rev64(x) != ((uint64_t)rev32(x32) << 32 | rev32(x >> 32))) bad++;
        h = mix(h, p64); h = mix(h, p32); h = mix(h, lz); h = mix(h, tz); h = mix(h, lz32); h = mix(h, tz32);
        h = mix(h, __builtin_clrsbll((int64_t)x)); h = mix(h, __builtin_clrsb((int32_t)x32));
        h = mix(h, __builtin_parityll(x)); h = mix(h, __builtin_parity(x32));
        h = mix(h, __builtin_bswap16((uint16_t)x)); h = mix(h, __builtin_bswap32(x32)); h = mix(h, __builtin_bswap64(x));
        h = mix(h, rev32(x32)); h = mix(h, rev64(x)); h = mix(h, rev8((uint8_t)x));
        unsigned r = (unsigned)(rnd() & 127);
        h = mix(h, rotl32(x32, r)); h = mix(h, rotr32(x32, r)); h = mix(h, rotl64(x, r)); h = mix(h, rotr64(x, r));
        h = mix(h, rotl32(x32, 13)); h = mix(h, rotr64(x, 47));
        int lsb = (int)(rnd() % 32), w = 1 + (int)(rnd() % (32 - lsb));
        h = mix(h, ext_u32(x32, lsb, w)); h = mix(h, (uint64_t)(int64_t)ext_s32(x32, lsb, w));
        int lsb64 = (int)(rnd() % 64), w64 = 1 + (int)(rnd() % (64 - lsb64));
        h = mix(h, ext_u64(x, lsb64, w64)); h = mix(h, (uint64_t)ext_s64(x, lsb64, w64));
        uint64_t ins = ins_u64(x, rnd(), lsb64, w64);
        if (ext_u64(ins, lsb64, w64) == ext_u64(x, lsb64, w64)) h = mix(h, 7);
        h = mix(h, ins);
        h = mix(h, fixed_fields(x32)); h = mix(h, fixed_fields64(x));
        h = mix(h, x & (x - 1)); h = mix(h, x & -x); h = mix(h, x | (x + 1)); h = mix(h, ~x & (x + 1));
        h = mix(h, (x >> (r & 63)) & 1); h = mix(h, x | (1ull << (r & 63))); h = mix(h, x & ~(1ull << (r & 63)));
        h = mix(h, x ^ (x >> 1));
        if (i < 11)
            printf("%016llx pop=%2d/%2d clz=%2d ctz=%2d clz32=%2d ctz32=%2d par=%d bs16=%04x bs32=%08x bs64=%016llx rev=%016llx rev32=%08x rol=%08x ff=%08x ff64=%016llx\n",
                   (unsigned long long)x, p64, p32, lz, tz, lz32, tz32, __builtin_parityll(x), __builtin_bswap16((uint16_t)x),
                   __builtin_bswap32(x32), (unsigned long long)__builtin_bswap64(x), (unsigned long long)rev64(x), rev32(x32),
                   rotl32(x32, 9), fixed_fields(x32), (unsigned long long)fixed_fields64(x));
    }
    printf("hash=%016llx bad=%d\n", (unsigned long long)h, bad);
    /* Gray code round trip and bit interleaving (Morton order). */
    uint32_t g = 0;
    for (uint32_t i = 0; i < 4096; i++) {
        uint32_t gray = i ^ (i >> 1), b = gray;
        for (uint32_t s = 1; s < 32; s <<= 1) b ^= b >> s;
        if (b != i) g++;
    }
    uint64_t morton = 0;
    for (uint32_t x = 0; x < 64; x += 7)
        for (uint32_t y = 0; y < 64; y += 5) {
            uint64_t m = 0;
            for (int k = 0; k < 16; k++) m |= (uint64_t)((x >> k) & 1) << (2 * k) | (uint64_t)((y >> k) & 1) << (2 * k + 1);
            morton = mix(morton, m);
        }
    printf("gray_bad=%u morton=%016llx\n", g, (unsigned long long)morton);
    return bad != 0;
}
