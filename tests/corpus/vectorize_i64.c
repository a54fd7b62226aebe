// Exercises int64/uint64 array loops that gcc -O3 vectorises (.2d): add/sub, compare+select, min/max, abs, shifts, rotates, byte swaps, bit ops, widening from 32 bits, narrowing, reductions and int64<->double conversions.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define N 263

static int64_t a[N], b[N], c[N];
static uint64_t u[N], v[N], ur[N];
static int32_t h32[N], g32[N];
static double d[N];
static int64_t pr[N * 2];

static uint32_t fnv(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    return h;
}

static uint64_t seed = 88172645463325252ull;
static uint64_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; }

#define NI __attribute__((noinline))
NI void vadd(int64_t *r, const int64_t *x, const int64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (int64_t)((uint64_t)x[i] + (uint64_t)y[i]); }
NI void vsub(int64_t *r, const int64_t *x, const int64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (int64_t)((uint64_t)x[i] - (uint64_t)y[i]); }
NI void vmul(uint64_t *r, const uint64_t *x, const uint64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * y[i]; }
NI void vabs(int64_t *r, const int64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < 0 ? (int64_t)(0 - (uint64_t)x[i]) : x[i]; }
NI void vmin(int64_t *r, const int64_t *x, const int64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < y[i] ? x[i] : y[i]; }
NI void vmax(int64_t *r, const int64_t *x, const int64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? x[i] : y[i]; }
NI void vumin(uint64_t *r, const uint64_t *x, const uint64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < y[i] ? x[i] : y[i]; }
NI void vumax(uint64_t *r, const uint64_t *x, const uint64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] >= y[i] ? x[i] : y[i]; }
NI void vsra(int64_t *r, const int64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] >> 37; }
NI void vshl(uint64_t *r, const uint64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] << 9) ^ (x[i] >> 3); }
NI void vrot(uint64_t *r, const uint64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] << 23) | (x[i] >> 41); }
NI void vvshl(uint64_t *r, const uint64_t *x, const uint64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] << (y[i] & 63); }
NI void vvsra(int64_t *r, const int64_t *x, const uint64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] >> (y[i] & 63); }
NI void vbswap(uint64_t *r, const uint64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = __builtin_bswap64(x[i]); }
NI void vsel(int64_t *r, const int64_t *x, const int64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] == y[i] ? 42 : x[i] > y[i] ? x[i] : y[i] ^ 0xFF; }
NI void vbits(uint64_t *r, const uint64_t *x, const uint64_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] & ~y[i]) ^ (x[i] | 0x8000000000000001ull) ^ ~y[i]; }
NI void vclamp(int64_t *r, const int64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < -(1ll << 40) ? -(1ll << 40) : x[i] > (1ll << 50) ? (1ll << 50) : x[i]; }
NI void vdiv(int64_t *r, const int64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] / 16; }
NI void vwiden(int64_t *r, const int32_t *x, const int32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (int64_t)x[i] * y[i] + x[i]; }
NI void vuwiden(uint64_t *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (uint64_t)(uint32_t)x[i] << 5; }
NI void vnarrow(int32_t *r, const int64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (int32_t)(x[i] >> 20); }
NI void vtod(double *r, const int64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (double)x[i]; }
NI void vutod(double *r, const uint64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (double)(x[i] >> 11) * 0x1p-53; }
NI void vfromd(int64_t *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = (int64_t)(x[i] * 0.001); }
NI void vufromd(uint64_t *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = (uint64_t)(x[i] * 1e18); }
NI void vpair(int64_t *s, int n) { for (int i = 0; i < n; i++) { int64_t x = s[2 * i], y = s[2 * i + 1]; s[2 * i] = y + 1; s[2 * i + 1] = x ^ y; } }
NI int64_t vsum(const int64_t *x, int n) { uint64_t s = 0; for (int i = 0; i < n; i++) s += (uint64_t)x[i]; return (int64_t)s; }
NI uint64_t vxorr(const uint64_t *x, int n) { uint64_t s = 0; for (int i = 0; i < n; i++) s ^= x[i] >> (i & 7); return s; }
NI int64_t vmaxr(const int64_t *x, int n) { int64_t m = INT64_MIN; for (int i = 0; i < n; i++) m = x[i] > m ? x[i] : m; return m; }
NI uint64_t vuminr(const uint64_t *x, int n) { uint64_t m = UINT64_MAX; for (int i = 0; i < n; i++) m = x[i] < m ? x[i] : m; return m; }
NI int64_t vdot(const int32_t *x, const int32_t *y, int n) { int64_t s = 0; for (int i = 0; i < n; i++) s += (int64_t)x[i] * y[i]; return s; }
NI int vcount(const int64_t *x, int n) { int s = 0; for (int i = 0; i < n; i++) s += x[i] < 0; return s; }

int main(void)
{
    for (int i = 0; i < N; i++) { a[i] = rnd(); b[i] = rnd(); u[i] = rnd(); v[i] = rnd(); h32[i] = rnd(); g32[i] = rnd(); }
    a[0] = INT64_MIN; b[0] = INT64_MAX; a[1] = -1; b[1] = -1; a[2] = 5; b[2] = -5; u[1] = 0; u[2] = UINT64_MAX;

    for (int n = 1; n <= N; n += (n < 12 ? 1 : 41)) {
        uint32_t h = 0;
        memset(c, 0x44, sizeof c); memset(ur, 0x22, sizeof ur);
        vadd(c, a, b, n); h += fnv(c, sizeof c);
        vsub(c, a, b, n); h ^= fnv(c, sizeof c) * 3;
        vmul(ur, u, v, n); h += fnv(ur, sizeof ur) * 5;
        vabs(c, a, n); h ^= fnv(c, sizeof c) * 7;
        vmin(c, a, b, n); h += fnv(c, sizeof c) * 11;
        vmax(c, a, b, n); h ^= fnv(c, sizeof c) * 13;
        vumin(ur, u, v, n); h += fnv(ur, sizeof ur) * 17;
        vumax(ur, u, v, n); h ^= fnv(ur, sizeof ur) * 19;
        vsra(c, a, n); h += fnv(c, sizeof c) * 23;
        vshl(ur, u, n); h ^= fnv(ur, sizeof ur) * 29;
        vrot(ur, u, n); h += fnv(ur, sizeof ur) * 31;
        vvshl(ur, u, v, n); h ^= fnv(ur, sizeof ur) * 37;
        vvsra(c, a, v, n); h += fnv(c, sizeof c) * 41;
        vbswap(ur, u, n); h ^= fnv(ur, sizeof ur) * 43;
        vsel(c, a, b, n); h += fnv(c, sizeof c) * 47;
        vbits(ur, u, v, n); h ^= fnv(ur, sizeof ur) * 53;
        vclamp(c, a, n); h += fnv(c, sizeof c) * 59;
        vdiv(c, a, n); h ^= fnv(c, sizeof c) * 61;
        printf("n=%3d h=%08x sum=%lld xor=%016llx max=%lld umin=%llu dot=%lld neg=%d\n", n, h, (long long)vsum(a, n),
               (unsigned long long)vxorr(u, n), (long long)vmaxr(a, n), (unsigned long long)vuminr(u, n),
               (long long)vdot(h32, g32, n), vcount(a, n));
    }
    vwiden(c, h32, g32, N); printf("widen %08x\n", fnv(c, sizeof c));
    vuwiden(ur, h32, N); printf("uwiden %08x\n", fnv(ur, sizeof ur));
    vnarrow(h32, a, N); printf("narrow %08x\n", fnv(h32, sizeof h32));
    vtod(d, a, N); printf("tod %08x %.17g %a\n", fnv(d, sizeof d), d[0], d[3]);
    vfromd(c, d, N); printf("fromd %08x %lld\n", fnv(c, sizeof c), (long long)c[3]);
    vutod(d, u, N); printf("utod %08x %.17g\n", fnv(d, sizeof d), d[2]);
    vufromd(ur, d, N); printf("ufromd %08x %llu\n", fnv(ur, sizeof ur), (unsigned long long)ur[4]);
    for (int i = 0; i < 2 * N; i++) pr[i] = rnd();
    vpair(pr, N); printf("pair %08x\n", fnv(pr, sizeof pr));
    return 0;
}
