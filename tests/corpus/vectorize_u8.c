// Exercises byte-array loops that gcc -O3 turns into Advanced SIMD code (.16b/.8h): add/sub/min/max, abs diff, saturating ops, widening sums, shifts, table lookup, interleaved loads/stores, u8<->float.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define N 1003

static uint8_t a[N], b[N], c[N], d[N];
static uint16_t w[N];
static uint32_t q[N];
static float f[N];
static uint8_t rgb[N * 3], rgba[N * 4], pairs[N * 2];

static uint32_t fnv(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    return h;
}

static uint32_t seed = 12345;
static uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

__attribute__((noinline)) void vadd(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] + y[i]; }
__attribute__((noinline)) void vsub(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] - y[i]; }
__attribute__((noinline)) void vmin(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < y[i] ? x[i] : y[i]; }
__attribute__((noinline)) void vmax(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? x[i] : y[i]; }
__attribute__((noinline)) void vabd(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) { int t = x[i] - y[i]; r[i] = t < 0 ? -t : t; } }
__attribute__((noinline)) void vqadd(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) { unsigned t = x[i] + y[i]; r[i] = t > 255 ? 255 : t; } }
__attribute__((noinline)) void vqsub(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? x[i] - y[i] : 0; }
__attribute__((noinline)) void vavg(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] + y[i] + 1) >> 1; }
__attribute__((noinline)) void vhadd(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] + y[i]) >> 1; }
__attribute__((noinline)) void vmul(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * y[i]; }
__attribute__((noinline)) void vshr(uint8_t *r, const uint8_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] >> 3) | (uint8_t)(x[i] << 5); }
__attribute__((noinline)) void vsel(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] == y[i] ? 0xAA : (x[i] > 128 ? x[i] : y[i]); }
__attribute__((noinline)) void vbits(uint8_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (x[i] & 0xF0) ^ (y[i] | 0x0F) ^ ~x[i]; }
__attribute__((noinline)) void vlut(uint8_t *r, const uint8_t *x, const uint8_t *lut, int n) { for (int i = 0; i < n; i++) r[i] = lut[x[i] & 31]; }
__attribute__((noinline)) uint32_t vsum(const uint8_t *x, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s += x[i]; return s; }
__attribute__((noinline)) uint8_t vmaxr(const uint8_t *x, int n) { uint8_t m = 0; for (int i = 0; i < n; i++) m = x[i] > m ? x[i] : m; return m; }
__attribute__((noinline)) uint8_t vminr(const uint8_t *x, int n) { uint8_t m = 255; for (int i = 0; i < n; i++) m = x[i] < m ? x[i] : m; return m; }
__attribute__((noinline)) uint32_t vsad(const uint8_t *x, const uint8_t *y, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) { int t = x[i] - y[i]; s += t < 0 ? -t : t; } return s; }
__attribute__((noinline)) uint32_t vdot(const uint8_t *x, const uint8_t *y, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s += (uint32_t)x[i] * y[i]; return s; }
__attribute__((noinline)) int vcount(const uint8_t *x, int n) { int s = 0; for (int i = 0; i < n; i++) s += x[i] > 100; return s; }
__attribute__((noinline)) void vwiden(uint16_t *r, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) r[i] = (uint16_t)x[i] * y[i]; }
__attribute__((noinline)) void vnarrow(uint8_t *r, const uint16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] >> 4; }
__attribute__((noinline)) void vnarrows(uint8_t *r, const uint16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > 255 ? 255 : x[i]; }
__attribute__((noinline)) void vwiden32(uint32_t *r, const uint8_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * 1000u + 7; }
__attribute__((noinline)) void vtof(float *r, const uint8_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * 0.5f + 0.25f; }
__attribute__((noinline)) void vfromf(uint8_t *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = (uint8_t)(x[i] * 1.5f); }
__attribute__((noinline)) void vdeint3(uint8_t *r, const uint8_t *s, int n) { for (int i = 0; i < n; i++) r[i] = (s[3 * i] * 77 + s[3 * i + 1] * 150 + s[3 * i + 2] * 29) >> 8; }
__attribute__((noinline)) void vint4(uint8_t *s, const uint8_t *x, const uint8_t *y, int n) { for (int i = 0; i < n; i++) { s[4 * i] = x[i]; s[4 * i + 1] = y[i]; s[4 * i + 2] = x[i] ^ y[i]; s[4 * i + 3] = 255; } }
__attribute__((noinline)) void vswap2(uint8_t *s, int n) { for (int i = 0; i < n; i++) { uint8_t t = s[2 * i]; s[2 * i] = s[2 * i + 1]; s[2 * i + 1] = t + 1; } }
__attribute__((noinline)) void vrev(uint8_t *r, const uint8_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[n - 1 - i]; }
__attribute__((noinline)) void vneg(uint8_t *r, const uint8_t *x, int n) { for (int i = 0; i < n; i++) r[i] = -x[i]; }
__attribute__((noinline)) void vclamp(uint8_t *r, const uint8_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < 16 ? 16 : x[i] > 235 ? 235 : x[i]; }

int main(void)
{
    static const uint8_t lut[32] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5 };
    for (int i = 0; i < N; i++) { a[i] = rnd(); b[i] = rnd(); }
    a[5] = b[5]; a[77] = 0; b[77] = 255; a[78] = 255; b[78] = 255;

    for (int n = 1; n <= N; n += (n < 40 ? 1 : 97)) {
        uint32_t h = 0;
        memset(c, 0x5A, sizeof c);
        vadd(c, a, b, n); h += fnv(c, N);
        vsub(c, a, b, n); h ^= fnv(c, N) * 3;
        vmin(c, a, b, n); h += fnv(c, N) * 5;
        vmax(c, a, b, n); h ^= fnv(c, N) * 7;
        vabd(c, a, b, n); h += fnv(c, N) * 11;
        vqadd(c, a, b, n); h ^= fnv(c, N) * 13;
        vqsub(c, a, b, n); h += fnv(c, N) * 17;
        vavg(c, a, b, n); h ^= fnv(c, N) * 19;
        vhadd(c, a, b, n); h += fnv(c, N) * 23;
        vmul(c, a, b, n); h ^= fnv(c, N) * 29;
        vshr(c, a, n); h += fnv(c, N) * 31;
        vsel(c, a, b, n); h ^= fnv(c, N) * 37;
        vbits(c, a, b, n); h += fnv(c, N) * 41;
        vlut(c, a, lut, n); h ^= fnv(c, N) * 43;
        vrev(c, a, n); h += fnv(c, N) * 47;
        vneg(c, b, n); h ^= fnv(c, N) * 53;
        vclamp(c, a, n); h += fnv(c, N) * 59;
        printf("n=%4d h=%08x sum=%u max=%u min=%u sad=%u dot=%u cnt=%d\n", n, h, vsum(a, n), vmaxr(a, n), vminr(b, n),
               vsad(a, b, n), vdot(a, b, n), vcount(b, n));
    }

    vwiden(w, a, b, N); printf("widen  %08x\n", fnv(w, sizeof w));
    vnarrow(d, w, N); printf("narrow %08x\n", fnv(d, N));
    vnarrows(d, w, N); printf("narrows %08x\n", fnv(d, N));
    vwiden32(q, a, N); printf("widen32 %08x\n", fnv(q, sizeof q));
    vtof(f, a, N); printf("tof %08x %g %g\n", fnv(f, sizeof f), f[0], f[N - 1]);
    vfromf(d, f, N); printf("fromf %08x\n", fnv(d, N));
    for (int i = 0; i < 3 * N; i++) rgb[i] = rnd();
    vdeint3(d, rgb, N); printf("deint3 %08x\n", fnv(d, N));
    vint4(rgba, a, b, N); printf("int4 %08x\n", fnv(rgba, sizeof rgba));
    for (int i = 0; i < 2 * N; i++) pairs[i] = i * 7;
    vswap2(pairs, N); printf("swap2 %08x\n", fnv(pairs, sizeof pairs));
    return 0;
}
