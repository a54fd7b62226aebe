// int128_arith: __int128 / unsigned __int128 multiply, divide, modulo, shifts, comparisons and decimal/hex conversion.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

static char *u128_str(u128 v, char *buf, unsigned base)
{
    char tmp[140];
    int n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return buf;
}

static char *s128_str(s128 v, char *buf)
{
    if (v < 0) {
        buf[0] = '-';
        u128_str((u128)0 - (u128)v, buf + 1, 10);
    } else
        u128_str((u128)v, buf, 10);
    return buf;
}

static u128 parse_u128(const char *s)
{
    u128 v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (unsigned)(*s++ - '0');
    return v;
}

static u128 isqrt128(u128 n)
{
    u128 x = 0, bit = (u128)1 << 126;
    while (bit > n) bit >>= 2;
    while (bit) {
        if (n >= x + bit) {
            n -= x + bit;
            x = (x >> 1) + bit;
        } else
            x >>= 1;
        bit >>= 2;
    }
    return x;
}

static u128 powmod(u128 b, u128 e, u128 m)
{
    u128 r = 1;
    b %= m;
    while (e) {
        if (e & 1) r = r * b % m;
        b = b * b % m;
        e >>= 1;
    }
    return r;
}

int main(void)
{
    char b1[160], b2[160], b3[160], b4[160];
    const u128 umax = ~(u128)0;
    const s128 smax = (s128)(umax >> 1), smin = -smax - 1;
    printf("umax=%s\n", u128_str(umax, b1, 10));
    printf("umax hex=%s oct=%s\n", u128_str(umax, b1, 16), u128_str(umax, b2, 8));
    printf("smax=%s smin=%s\n", s128_str(smax, b1), s128_str(smin, b2));
    /* Factorials up to 34! fit in unsigned 128 bits. */
    u128 f = 1;
    for (unsigned i = 1; i <= 34; i++) {
        f *= i;
        if (i % 5 == 0 || i == 34) printf("%u! = %s\n", i, u128_str(f, b1, 10));
    }
    /* Fibonacci up to F(186). */
    u128 a = 0, b = 1;
    for (int i = 0; i < 186; i++) {
        u128 t = a + b;
        a = b;
        b = t;
    }
    printf("F(186)=%s\n", u128_str(a, b1, 10));
    static const char *nums[] = {"0", "1", "7", "18446744073709551615", "18446744073709551616",
        "170141183460469231731687303715884105727", "340282366920938463463374607431768211455",
        "12345678901234567890123456789", "99999999999999999999", "3", "1000000000000000000000000000000"};
    const int nn = sizeof nums / sizeof nums[0];
    for (int i = 0; i < nn; i++) {
        u128 x = parse_u128(nums[i]);
        printf("%s: sqrt=%s", nums[i], u128_str(isqrt128(x), b1, 10));
        for (int j = 0; j < nn; j++) {
            u128 y = parse_u128(nums[j]);
            if (y == 0) continue;
            if ((i * 3 + j) % 4) continue;
            printf(" [/%s=%s %%=%s]", nums[j], u128_str(x / y, b2, 10), u128_str(x % y, b3, 10));
        }
        printf("\n");
    }
    /* Signed division and modulo truncate toward zero. */
    static const int64_t sv[] = {0, 1, -1, 7, -7, 1000000007, -123456789012345LL, INT64_MAX, INT64_MIN};
    const int ns = sizeof sv / sizeof sv[0];
    uint64_t hash = 1469598103934665603ULL;
    for (int i = 0; i < ns; i++)
        for (int j = 0; j < ns; j++) {
            s128 x = (s128)sv[i] * sv[(i + 3) % ns] + sv[j];
            s128 y = (s128)sv[j] * 3 - 1;
            if (y == 0) continue;
            s128 q = x / y, r = x % y;
            if (q * y + r != x) printf("identity broken at %d %d\n", i, j);
            u128 parts[6] = {(u128)q, (u128)r, (u128)(x * y), (u128)(x >> 7), (u128)x >> 77, (u128)(x < y)};
            for (int k = 0; k < 6; k++) hash = (hash ^ (uint64_t)(parts[k] >> 64) ^ (uint64_t)parts[k]) * 1099511628211ULL;
            if (i == j || i + j == ns - 1)
                printf("s %s / %s = %s r %s\n", s128_str(x, b1), s128_str(y, b2), s128_str(q, b3),
                       s128_str(r, b4));
        }
    printf("signed hash %016llx\n", (unsigned long long)hash);
    /* Shifts by every amount, both directions, signed and unsigned. */
    u128 pattern = ((u128)0x0123456789abcdefULL << 64) | 0xfedcba9876543210ULL;
    s128 neg = -(s128)pattern;
    hash = 0;
    for (int s = 0; s < 128; s++) {
        u128 l = pattern << s, r = pattern >> s;
        s128 ar = neg >> s;
        u128 rot = s ? (pattern << s) | (pattern >> (128 - s)) : pattern;
        hash = hash * 31 + (uint64_t)(l >> 64) + (uint64_t)r + (uint64_t)(ar >> 64) * 3 + (uint64_t)ar + (uint64_t)(rot >> 60);
        if (s % 37 == 0) printf("shift %d: l=%s r=%s ar=%s\n", s, u128_str(l, b1, 16), u128_str(r, b2, 16), s128_str(ar, b3));
    }
    printf("shift hash %016llx\n", (unsigned long long)hash);
    /* Comparisons across the sign boundary. */
    s128 cv[] = {smin, -1, 0, 1, smax, (s128)1 << 64, -((s128)1 << 64)};
    for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 7; j++)
            printf("%c%c", cv[i] < cv[j] ? '<' : cv[i] == cv[j] ? '=' : '>', (u128)cv[i] < (u128)cv[j] ? 'u' : '.');
        printf("\n");
    }
    /* Modular exponentiation with a 64-bit prime modulus, and a 128-bit multiply-high. */
    const u128 p = 18446744073709551557ULL;
    printf("powmod: %s %s\n", u128_str(powmod(2, p - 1, p), b1, 10), u128_str(powmod(123456789, 1000003, p), b2, 10));
    uint64_t x = 0x9E3779B97F4A7C15ULL, acc = 0;
    for (int i = 0; i < 1000; i++) {
        u128 m = (u128)x * 0xD1B54A32D192ED03ULL;
        acc += (uint64_t)(m >> 64) ^ (uint64_t)m;
        x = (uint64_t)m + (uint64_t)(m >> 64) + (uint64_t)i;
        s128 sm = (s128)(int64_t)x * (int64_t)acc;
        acc ^= (uint64_t)(sm >> 64);
    }
    printf("mulhi acc %016llx\n", (unsigned long long)acc);
    double d = (double)pattern, dn = (double)neg;
    u128 back = (u128)1e38;
    printf("float conv: %.17g %.17g %s %s\n", d, dn, u128_str(back, b1, 10), s128_str((s128)-1.5e30, b2));
    return 0;
}
