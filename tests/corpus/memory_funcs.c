// memory_funcs: memcpy/memmove/memset/memcmp/memchr at many sizes and alignments, plus byte/halfword/word copies and swaps.
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>

static uint8_t src[4096 + 64], dst[4096 + 64], ref[4096 + 64];

static uint32_t sum_bytes(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

static void naive_move(uint8_t *d, const uint8_t *s, size_t n)
{
    if (d < s)
        for (size_t i = 0; i < n; i++) d[i] = s[i];
    else
        for (size_t i = n; i-- > 0;) d[i] = s[i];
}

int main(void)
{
    for (size_t i = 0; i < sizeof src; i++) src[i] = (uint8_t)(i * 131 + (i >> 7) * 17 + 3);
    static const size_t sizes[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128,
        129, 255, 256, 257, 511, 1000, 1024, 2047, 4000};
    uint32_t total = 0;
    int bad = 0;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        size_t n = sizes[si];
        for (size_t so = 0; so < 8; so++)
            for (size_t doff = 0; doff < 8; doff += 3) {
                memset(dst, 0xEE, sizeof dst);
                memcpy(dst + doff, src + so, n);
                if (memcmp(dst + doff, src + so, n) != 0) bad++;
                if (dst[doff + n] != 0xEE || (doff && dst[doff - 1] != 0xEE)) bad++;
                total = total * 7 + sum_bytes(dst, n + 16);
            }
        /* Overlapping moves in both directions against a byte-by-byte reference. */
        for (int shift = -9; shift <= 9; shift += 3) {
            memcpy(dst, src, sizeof dst);
            memcpy(ref, src, sizeof ref);
            size_t base = 20;
            memmove(dst + base + shift, dst + base, n);
            naive_move(ref + base + shift, ref + base, n);
            if (memcmp(dst, ref, n + 40) != 0) bad++;
            total += sum_bytes(dst, n + 40);
        }
        memset(dst + 3, (int)n, n);
        size_t cnt = 0;
        for (size_t i = 0; i < n; i++) cnt += dst[3 + i] == (uint8_t)n;
        if (cnt != n) bad++;
        uint8_t *hit = memchr(src + 1, src[n + 1], n + 1);
        total += hit ? (uint32_t)(hit - src) : 0xffff;
        int c = memcmp(src, src + 256, n);
        total += (uint32_t)((c > 0) - (c < 0)) + 1;
    }
    printf("copies total=%08x bad=%d\n", total, bad);
    /* Halfword/word/doubleword copies and byte swaps over typed arrays. */
    uint16_t h[257];
    uint32_t w[257];
    uint64_t d[257];
    for (int i = 0; i < 257; i++) {
        h[i] = (uint16_t)(i * 40503u);
        w[i] = i * 2654435761u;
        d[i] = (uint64_t)i * 0x9E3779B97F4A7C15ULL;
    }
    uint64_t acc = 0;
    for (int i = 0; i < 257; i++) {
        acc += __builtin_bswap16(h[i]);
        acc ^= (uint64_t)__builtin_bswap32(w[i]) << (i & 31);
        acc += __builtin_bswap64(d[i]) >> 3;
    }
    uint16_t h2[257];
    memcpy(h2, h, sizeof h);
    memmove(h2 + 1, h2, 256 * sizeof h2[0]);
    for (int i = 0; i < 257; i++) acc = acc * 3 + h2[i];
    printf("swaps acc=%016llx\n", (unsigned long long)acc);
    /* Struct copies by assignment. */
    struct rec { char name[13]; short s; int i; double d; uint8_t tail[7]; } a[20], b[20];
    for (int i = 0; i < 20; i++) {
        memset(&a[i], 0, sizeof a[i]);
        snprintf(a[i].name, sizeof a[i].name, "rec%02d", i);
        a[i].s = (short)(i * -1111);
        a[i].i = i * 99991;
        a[i].d = i / 7.0;
        for (int k = 0; k < 7; k++) a[i].tail[k] = (uint8_t)(i + k);
    }
    for (int i = 0; i < 20; i++) b[19 - i] = a[i];
    struct rec t = b[5];
    b[5] = b[6];
    b[6] = t;
    printf("struct sizeof=%zu b0=%s,%d,%d,%.4f b5=%s b6=%s sum=%08x\n", sizeof(struct rec), b[0].name, b[0].s,
           b[0].i, b[0].d, b[5].name, b[6].name, sum_bytes((uint8_t *)b, sizeof b));
    /* Heap buffers: calloc is zeroed, realloc preserves contents. */
    uint8_t *p = calloc(5000, 1);
    size_t nz = 0;
    for (int i = 0; i < 5000; i++) nz += p[i] != 0;
    memcpy(p, src, 5000 < sizeof src ? 5000 : sizeof src);
    p = realloc(p, 20000);
    uint32_t s1 = sum_bytes(p, 4096);
    p = realloc(p, 100);
    printf("calloc nonzero=%zu sum=%08x small=%08x\n", nz, s1, sum_bytes(p, 100));
    free(p);
    return 0;
}
