// Exercises int16 array loops that gcc -O3 vectorises (.8h/.4s): arithmetic, saturation, abs, min/max, widening dot products, shifts, byte swaps, interleaving and int16<->float conversions.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define N 517

static int16_t a[N], b[N], c[N];
static uint16_t u[N], v[N];
static int32_t w[N];
static int8_t nb[N];
static float f[N];
static int16_t st[N * 2], st3[N * 3];

static uint32_t fnv(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    return h;
}

static uint32_t seed = 777;
static uint32_t rnd(void) { seed = seed * 1664525u + 1013904223u; return seed >> 7; }

#define NI __attribute__((noinline))
NI void vadd(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] + y[i]; }
NI void vsub(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] - y[i]; }
NI void vmul(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * y[i]; }
NI void vmla(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] += x[i] * y[i]; }
NI void vmulh(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] * y[i]) >> 16; }
NI void vqadd(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) { int t = x[i] + y[i]; r[i] = t > 32767 ? 32767 : t < -32768 ? -32768 : t; } }
NI void vqsub(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) { int t = x[i] - y[i]; r[i] = t > 32767 ? 32767 : t < -32768 ? -32768 : t; } }
NI void vabs(int16_t *r, const int16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < 0 ? -x[i] : x[i]; }
NI void vmin(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < y[i] ? x[i] : y[i]; }
NI void vmax(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? x[i] : y[i]; }
NI void vumin(uint16_t *r, const uint16_t *x, const uint16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < y[i] ? x[i] : y[i]; }
NI void vumax(uint16_t *r, const uint16_t *x, const uint16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? x[i] : y[i]; }
NI void vsra(int16_t *r, const int16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] >> 5; }
NI void vshl(int16_t *r, const int16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (int16_t)((uint16_t)x[i] << 3); }
NI void vushr(uint16_t *r, const uint16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] >> 7; }
NI void vvshl(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] >> (y[i] & 15); }
NI void vbswap(uint16_t *r, const uint16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = __builtin_bswap16(x[i]); }
NI void vsel(int16_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? x[i] - y[i] : (x[i] == y[i] ? 1234 : y[i] * 2); }
NI void vclamp(int16_t *r, const int16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < -1000 ? -1000 : x[i] > 1000 ? 1000 : x[i]; }
NI int32_t vdot(const int16_t *x, const int16_t *y, int n) { int32_t s = 0; for (int i = 0; i < n; i++) s += x[i] * y[i]; return s; }
NI int64_t vdot64(const int16_t *x, const int16_t *y, int n) { int64_t s = 0; for (int i = 0; i < n; i++) s += (int64_t)x[i] * y[i]; return s; }
NI int32_t vsum(const int16_t *x, int n) { int32_t s = 0; for (int i = 0; i < n; i++) s += x[i]; return s; }
NI uint32_t vusum(const uint16_t *x, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s += x[i]; return s; }
NI int16_t vmaxr(const int16_t *x, int n) { int16_t m = -32768; for (int i = 0; i < n; i++) m = x[i] > m ? x[i] : m; return m; }
NI int16_t vminr(const int16_t *x, int n) { int16_t m = 32767; for (int i = 0; i < n; i++) m = x[i] < m ? x[i] : m; return m; }
NI uint16_t vumaxr(const uint16_t *x, int n) { uint16_t m = 0; for (int i = 0; i < n; i++) m = x[i] > m ? x[i] : m; return m; }
NI int16_t vxorr(const int16_t *x, int n) { int16_t m = 0; for (int i = 0; i < n; i++) m ^= x[i]; return m; }
NI void vwiden(int32_t *r, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * y[i] + 3; }
NI void vnarrow(int8_t *r, const int16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (int8_t)(x[i] >> 4); }
NI void vnarrows(int8_t *r, const int16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > 127 ? 127 : x[i] < -128 ? -128 : x[i]; }
NI void vtof(float *r, const int16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * (1.0f / 64); }
NI void vfromf(int16_t *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = (int16_t)(x[i] * 3.0f); }
NI void vcplx(int16_t *r, const int16_t *s, int n) { for (int i = 0; i < n; i++) { int re = s[2 * i], im = s[2 * i + 1]; r[i] = (re * re + im * im) >> 15; } }
NI void vint2(int16_t *s, const int16_t *x, const int16_t *y, int n) { for (int i = 0; i < n; i++) { s[2 * i] = x[i] + y[i]; s[2 * i + 1] = x[i] - y[i]; } }
NI void vdeint3(int16_t *r, const int16_t *s, int n) { for (int i = 0; i < n; i++) r[i] = s[3 * i] - s[3 * i + 1] + (s[3 * i + 2] >> 1); }
NI void vfir(int16_t *r, const int16_t *x, int n) { for (int i = 0; i < n - 3; i++) r[i] = (x[i] * 3 + x[i + 1] * -5 + x[i + 2] * 7 + x[i + 3] * 11) >> 4; }

int main(void)
{
    for (int i = 0; i < N; i++) { a[i] = rnd(); b[i] = rnd(); u[i] = rnd(); v[i] = rnd(); }
    a[0] = -32768; b[0] = -32768; a[1] = 32767; b[1] = 32767; a[2] = -32768; b[2] = 1; a[3] = 5; b[3] = 5;

    for (int n = 1; n <= N; n += (n < 33 ? 1 : 61)) {
        uint32_t h = 0;
        memset(c, 0x33, sizeof c);
        vadd(c, a, b, n); h += fnv(c, sizeof c);
        vsub(c, a, b, n); h ^= fnv(c, sizeof c) * 3;
        vmul(c, a, b, n); h += fnv(c, sizeof c) * 5;
        vmla(c, a, b, n); h ^= fnv(c, sizeof c) * 7;
        vmulh(c, a, b, n); h += fnv(c, sizeof c) * 11;
        vqadd(c, a, b, n); h ^= fnv(c, sizeof c) * 13;
        vqsub(c, a, b, n); h += fnv(c, sizeof c) * 17;
        vabs(c, a, n); h ^= fnv(c, sizeof c) * 19;
        vmin(c, a, b, n); h += fnv(c, sizeof c) * 23;
        vmax(c, a, b, n); h ^= fnv(c, sizeof c) * 29;
        vsra(c, a, n); h += fnv(c, sizeof c) * 31;
        vshl(c, a, n); h ^= fnv(c, sizeof c) * 37;
        vvshl(c, a, b, n); h += fnv(c, sizeof c) * 41;
        vsel(c, a, b, n); h ^= fnv(c, sizeof c) * 43;
        vclamp(c, a, n); h += fnv(c, sizeof c) * 47;
        vfir(c, a, n); h ^= fnv(c, sizeof c) * 53;
        printf("n=%3d h=%08x dot=%d dot64=%lld sum=%d usum=%u max=%d min=%d umax=%u xor=%d\n", n, h, vdot(a, b, n),
               (long long)vdot64(a, b, n), vsum(a, n), vusum(u, n), vmaxr(a, n), vminr(b, n), vumaxr(u, n), vxorr(a, n));
    }
    uint16_t ur[N];
    vumin(ur, u, v, N); printf("umin %08x\n", fnv(ur, sizeof ur));
    vumax(ur, u, v, N); printf("umax %08x\n", fnv(ur, sizeof ur));
    vushr(ur, u, N); printf("ushr %08x\n", fnv(ur, sizeof ur));
    vbswap(ur, u, N); printf("bswap %08x %04x\n", fnv(ur, sizeof ur), ur[7]);
    vwiden(w, a, b, N); printf("widen %08x %d\n", fnv(w, sizeof w), w[0]);
    vnarrow(nb, a, N); printf("narrow %08x\n", fnv(nb, sizeof nb));
    vnarrows(nb, a, N); printf("narrows %08x\n", fnv(nb, sizeof nb));
    vtof(f, a, N); printf("tof %08x %f %f\n", fnv(f, sizeof f), f[0], f[1]);
    vfromf(c, f, N); printf("fromf %08x\n", fnv(c, sizeof c));
    vint2(st, a, b, N); printf("int2 %08x\n", fnv(st, sizeof st));
    vcplx(c, st, N); printf("cplx %08x\n", fnv(c, sizeof c));
    for (int i = 0; i < 3 * N; i++) st3[i] = rnd();
    vdeint3(c, st3, N); printf("deint3 %08x\n", fnv(c, sizeof c));
    return 0;
}
