// printf_ints: printf/snprintf integer conversions, widths, flags, length modifiers and corner values.
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <string.h>
#include <stddef.h>

static unsigned long hash_str(const char *s, unsigned long h)
{
    while (*s) h = h * 131 + (unsigned char)*s++;
    return h;
}

int main(void)
{
    static const long long vals[] = {0, 1, -1, 7, -7, 42, 255, 256, -128, 32767, -32768, 65535,
        2147483647LL, -2147483647LL - 1, 4294967295LL, 1234567890123LL, LLONG_MAX, LLONG_MIN,
        100000, -99999, 0x7f, 0xdeadbeefLL};
    static const char *fmts[] = {"%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.4d",
        "%x", "%#x", "%X", "%#o", "%o", "%u", "%c"};
    const size_t nv = sizeof vals / sizeof vals[0];
    unsigned long h = 5381;
    char buf[128];
    for (size_t i = 0; i < nv; i++) {
        long long v = vals[i];
        printf("[%lld] ll:%lld llu:%llu llx:%llx llo:%llo |%20lld|%-20lld|%+021lld|\n", v, v,
               (unsigned long long)v, (unsigned long long)v, (unsigned long long)v, v, v, v);
        for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
            int n;
            if (fmts[f][1] == 'c' || fmts[f][strlen(fmts[f]) - 1] == 'c')
                n = snprintf(buf, sizeof buf, fmts[f], (int)('A' + (v & 15)));
            else
                n = snprintf(buf, sizeof buf, fmts[f], (int)v);
            printf(" %s=>%s(%d)", fmts[f], buf, n);
            h = hash_str(buf, h);
        }
        printf("\n");
        printf(" hh:%hhd hhu:%hhu h:%hd hu:%hu hx:%hx\n", (signed char)v, (unsigned char)v,
               (short)v, (unsigned short)v, (unsigned short)v);
    }
    int8_t a8 = INT8_MIN; int16_t a16 = INT16_MIN; int32_t a32 = INT32_MIN; int64_t a64 = INT64_MIN;
    uint8_t u8 = UINT8_MAX; uint16_t u16 = UINT16_MAX; uint32_t u32 = UINT32_MAX; uint64_t u64 = UINT64_MAX;
    printf("limits %" PRId8 " %" PRId16 " %" PRId32 " %" PRId64 "\n", a8, a16, a32, a64);
    printf("ulimits %" PRIu8 " %" PRIu16 " %" PRIu32 " %" PRIu64 " %" PRIx64 "\n", u8, u16, u32, u64, u64);
    printf("size_t %zu ssize %zd ptrdiff %td intmax %jd uintmax %ju\n", (size_t)-1, (ptrdiff_t)-5,
           (ptrdiff_t)123456, (intmax_t)INTMAX_MIN, (uintmax_t)UINTMAX_MAX);
    printf("star width |%*d|%-*d|%.*d|%*.*x|\n", 8, 42, 6, -3, 5, 17, 10, 6, 0xabc);
    printf("percent %% string |%s|%10s|%-10s|%.3s|%10.2s|\n", "hi", "right", "left", "truncate", "ab");
    int cnt1 = 0, cnt2 = 0;
    printf("count%n test%n\n", &cnt1, &cnt2);
    printf("n=%d,%d\n", cnt1, cnt2);
    /* Truncation by snprintf returns the full length. */
    int r = snprintf(buf, 8, "%lld", LLONG_MIN);
    printf("trunc r=%d buf=%s\n", r, buf);
    r = snprintf(NULL, 0, "%llx-%d", 0xffffffffffULL, 99);
    printf("null r=%d\n", r);
    /* Many numbers via a loop: powers, alternating signs. */
    unsigned long long p = 1;
    for (int i = 0; i < 64; i++) {
        snprintf(buf, sizeof buf, "%llu/%lld/%llo", p, (long long)(p * (i & 1 ? -1ULL : 1)), p);
        h = hash_str(buf, h);
        if (i % 9 == 0) printf("pow2 %d: %s\n", i, buf);
        p <<= 1;
    }
    for (int i = -300; i <= 300; i += 7) {
        snprintf(buf, sizeof buf, "%+06d %-5x %#.5o", i * 1001, (unsigned)i, (unsigned)(i * i));
        h = hash_str(buf, h);
    }
    printf("hash %lu\n", h);
    return 0;
}
