// Exercises int32/uint32 array loops that gcc -O3 vectorises (.4s/.2d): arithmetic, mul-add, min/max/abs, shifts and rotates, byte swaps, gathers via tables, widening/narrowing, interleaved structs, int<->float/double conversions and reductions.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define N 389

static int32_t a[N], b[N], c[N];
static uint32_t u[N], v[N], ur[N];
static int64_t w[N];
static int16_t nh[N];
static float f[N];
static double g[N];
static int32_t xy[N * 2], xyz[N * 3], xyzw[N * 4];

static uint32_t fnv(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    return h;
}

static uint64_t seed = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return (uint32_t)(seed >> 11); }

#define NI __attribute__((noinline))
NI void vadd(int32_t *r, const int32_t *x, const int32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (int32_t)((uint32_t)x[i] + (uint32_t)y[i]); }
NI void vsub(int32_t *r, const int32_t *x, const int32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (int32_t)((uint32_t)x[i] - (uint32_t)y[i]); }
NI void vmul(uint32_t *r, const uint32_t *x, const uint32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * y[i]; }
NI void vmla(uint32_t *r, const uint32_t *x, const uint32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = r[i] * 3 + x[i] * y[i]; }
NI void vmls(uint32_t *r, const uint32_t *x, const uint32_t *y, int n) { for (int i = 0; i < n; i++) r[i] -= x[i] * y[i]; }
NI void vabs(int32_t *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < 0 ? (int32_t)(0u - (uint32_t)x[i]) : x[i]; }
NI void vmin(int32_t *r, const int32_t *x, const int32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < y[i] ? x[i] : y[i]; }
NI void vmax(int32_t *r, const int32_t *x, const int32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? x[i] : y[i]; }
NI void vumin(uint32_t *r, const uint32_t *x, const uint32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < y[i] ? x[i] : y[i]; }
NI void vumax(uint32_t *r, const uint32_t *x, const uint32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? x[i] : y[i]; }
NI void vsra(int32_t *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] >> 13; }
NI void vrot(uint32_t *r, const uint32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] << 7) | (x[i] >> 25); }
NI void vvshl(uint32_t *r, const uint32_t *x, const uint32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] << (y[i] & 31); }
NI void vvshr(int32_t *r, const int32_t *x, const uint32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] >> (y[i] & 31); }
NI void vbswap(uint32_t *r, const uint32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = __builtin_bswap32(x[i]); }
NI void vsel(int32_t *r, const int32_t *x, const int32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] & 1) ? x[i] : (y[i] > 0 ? y[i] : -7); }
NI void vclamp(int32_t *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < -100000 ? -100000 : x[i] > 2000000 ? 2000000 : x[i]; }
NI void vdiv4(int32_t *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] / 4 + x[i] % 8; }
NI void vdiv7(uint32_t *r, const uint32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] / 7; }
NI void vbic(uint32_t *r, const uint32_t *x, const uint32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] & ~y[i]) | (~x[i] ^ 0x0F0F0F0F); }
NI void vcnt(uint32_t *r, const uint32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = __builtin_popcount(x[i]); }
NI int64_t vdot(const int32_t *x, const int32_t *y, int n) { int64_t s = 0; for (int i = 0; i < n; i++) s += (int64_t)x[i] * y[i]; return s; }
NI uint32_t vdot32(const uint32_t *x, const uint32_t *y, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s += x[i] * y[i]; return s; }
NI int64_t vsum(const int32_t *x, int n) { int64_t s = 0; for (int i = 0; i < n; i++) s += x[i]; return s; }
NI uint32_t vusum(const uint32_t *x, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s += x[i]; return s; }
NI int32_t vmaxr(const int32_t *x, int n) { int32_t m = INT32_MIN; for (int i = 0; i < n; i++) m = x[i] > m ? x[i] : m; return m; }
NI int32_t vminr(const int32_t *x, int n) { int32_t m = INT32_MAX; for (int i = 0; i < n; i++) m = x[i] < m ? x[i] : m; return m; }
NI uint32_t vuminr(const uint32_t *x, int n) { uint32_t m = UINT32_MAX; for (int i = 0; i < n; i++) m = x[i] < m ? x[i] : m; return m; }
NI uint32_t vorr(const uint32_t *x, int n) { uint32_t m = 0, k = ~0u; for (int i = 0; i < n; i++) { m |= x[i] & 0x11111111; k &= x[i] | 0x80000001; } return m ^ k; }
NI int vcount(const int32_t *x, const int32_t *y, int n) { int s = 0; for (int i = 0; i < n; i++) s += x[i] > y[i]; return s; }
NI void vwiden(int64_t *r, const int32_t *x, const int32_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (int64_t)x[i] * y[i]; }
NI void vnarrow(int16_t *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (int16_t)(x[i] >> 10); }
NI void vtof(float *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (float)x[i]; }
NI void vutof(float *r, const uint32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (float)x[i] * 0.25f; }
NI void vtod(double *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] / 3.0; }
NI void vfromf(int32_t *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = (int32_t)(x[i] * 0.5f); }
NI void vfromd(int32_t *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = (int32_t)(x[i] * 1.5); }
NI void vint2(int32_t *s, const int32_t *x, const int32_t *y, int n) { for (int i = 0; i < n; i++) { s[2 * i] = x[i] ^ y[i]; s[2 * i + 1] = x[i] + 1; } }
NI void vdeint3(int32_t *r, const int32_t *s, int n) { for (int i = 0; i < n; i++) r[i] = s[3 * i] * 2 + s[3 * i + 1] - (s[3 * i + 2] >> 2); }
NI void vxform4(int32_t *s, int n) { for (int i = 0; i < n; i++) { int32_t x = s[4 * i], y = s[4 * i + 1], z = s[4 * i + 2], t = s[4 * i + 3];
    s[4 * i] = y; s[4 * i + 1] = x + z; s[4 * i + 2] = t - x; s[4 * i + 3] = x ^ y ^ z; } }
NI void vgather(int32_t *r, const int32_t *tab, const uint32_t *idx, int n) { for (int i = 0; i < n; i++) r[i] = tab[idx[i] % 64]; }
NI void vprefix(int32_t *r, const int32_t *x, int n) { int32_t s = 0; for (int i = 0; i < n; i++) { s += x[i] & 0xFF; r[i] = s; } }

int main(void)
{
    for (int i = 0; i < N; i++) { a[i] = rnd(); b[i] = rnd(); u[i] = rnd(); v[i] = rnd(); }
    a[0] = INT32_MIN; b[0] = -1; a[1] = INT32_MAX; b[1] = INT32_MAX; a[2] = -7; b[2] = -7; u[3] = 0xFFFFFFFF;

    for (int n = 1; n <= N; n += (n < 20 ? 1 : 53)) {
        uint32_t h = 0;
        memset(c, 0x77, sizeof c); memset(ur, 0x11, sizeof ur);
        vadd(c, a, b, n); h += fnv(c, sizeof c);
        vsub(c, a, b, n); h ^= fnv(c, sizeof c) * 3;
        vmul(ur, u, v, n); h += fnv(ur, sizeof ur) * 5;
        vmla(ur, u, v, n); h ^= fnv(ur, sizeof ur) * 7;
        vmls(ur, v, u, n); h += fnv(ur, sizeof ur) * 11;
        vabs(c, a, n); h ^= fnv(c, sizeof c) * 13;
        vmin(c, a, b, n); h += fnv(c, sizeof c) * 17;
        vmax(c, a, b, n); h ^= fnv(c, sizeof c) * 19;
        vumin(ur, u, v, n); h += fnv(ur, sizeof ur) * 23;
        vumax(ur, u, v, n); h ^= fnv(ur, sizeof ur) * 29;
        vsra(c, a, n); h += fnv(c, sizeof c) * 31;
        vrot(ur, u, n); h ^= fnv(ur, sizeof ur) * 37;
        vvshl(ur, u, v, n); h += fnv(ur, sizeof ur) * 41;
        vvshr(c, a, v, n); h ^= fnv(c, sizeof c) * 43;
        vbswap(ur, u, n); h += fnv(ur, sizeof ur) * 47;
        vsel(c, a, b, n); h ^= fnv(c, sizeof c) * 53;
        vclamp(c, a, n); h += fnv(c, sizeof c) * 59;
        vdiv4(c, a, n); h ^= fnv(c, sizeof c) * 61;
        vdiv7(ur, u, n); h += fnv(ur, sizeof ur) * 67;
        vbic(ur, u, v, n); h ^= fnv(ur, sizeof ur) * 71;
        vcnt(ur, u, n); h += fnv(ur, sizeof ur) * 73;
        vprefix(c, a, n); h ^= fnv(c, sizeof c) * 79;
        printf("n=%3d h=%08x dot=%lld dot32=%u sum=%lld usum=%u max=%d min=%d umin=%u or=%08x cnt=%d\n", n, h,
               (long long)vdot(a, b, n), vdot32(u, v, n), (long long)vsum(a, n), vusum(u, n), vmaxr(a, n), vminr(b, n),
               vuminr(u, n), vorr(u, n), vcount(a, b, n));
    }
    vwiden(w, a, b, N); printf("widen %08x %lld\n", fnv(w, sizeof w), (long long)w[0]);
    vnarrow(nh, a, N); printf("narrow %08x\n", fnv(nh, sizeof nh));
    vtof(f, a, N); printf("tof %08x %a %a\n", fnv(f, sizeof f), f[0], f[5]);
    vutof(f, u, N); printf("utof %08x %a\n", fnv(f, sizeof f), f[3]);
    vtod(g, a, N); printf("tod %08x %.17g\n", fnv(g, sizeof g), g[4]);
    vfromf(c, f, N); printf("fromf %08x\n", fnv(c, sizeof c));
    for (int i = 0; i < N; i++) g[i] = (a[i] >> 2) + 0.75;
    vfromd(c, g, N); printf("fromd %08x\n", fnv(c, sizeof c));
    vint2(xy, a, b, N); printf("int2 %08x\n", fnv(xy, sizeof xy));
    for (int i = 0; i < 3 * N; i++) xyz[i] = rnd();
    vdeint3(c, xyz, N); printf("deint3 %08x\n", fnv(c, sizeof c));
    for (int i = 0; i < 4 * N; i++) xyzw[i] = rnd();
    vxform4(xyzw, N); printf("xform4 %08x\n", fnv(xyzw, sizeof xyzw));
    int32_t tab[64]; for (int i = 0; i < 64; i++) tab[i] = i * i * 31 - 500;
    vgather(c, tab, u, N); printf("gather %08x\n", fnv(c, sizeof c));
    return 0;
}
