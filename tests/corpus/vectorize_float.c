// Exercises float array loops that gcc -O3 vectorises (.4s): add/mul/fma/div/sqrt, min/max/abs/neg, compares+select, clamps, dot products and sums, float<->int and float<->double conversions, rounding, interleaved xyz/complex data; prints results with %a/%e/%g.
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#define N 301

static float a[N], b[N], c[N], e[N];
static int32_t ia[N];
static uint32_t ua[N];
static int16_t sa[N];
static double da[N];
static float cx[N * 2], xyz[N * 3];

static uint32_t fnv(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    return h;
}

static uint32_t seed = 4242;
static uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }
static float frnd(void) { return ((int32_t)(rnd() & 0xFFFFF) - 0x80000) / 4096.0f; }

#define NI __attribute__((noinline))
NI void vadd(float *r, const float *x, const float *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] + y[i]; }
NI void vsub(float *r, const float *x, const float *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] - y[i]; }
NI void vmul(float *r, const float *x, const float *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * y[i]; }
NI void vdiv(float *r, const float *x, const float *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] / (y[i] + 1000.0f); }
NI void vfma(float *r, const float *x, const float *y, int n) { for (int i = 0; i < n; i++) r[i] = fmaf(x[i], y[i], r[i]); }
NI void vaxpy(float *r, float k, const float *x, int n) { for (int i = 0; i < n; i++) r[i] += k * x[i]; }
NI void vsqrt(float *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = sqrtf(fabsf(x[i])); }
NI void vabs(float *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = fabsf(x[i]) - x[i]; }
NI void vneg(float *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = -x[i] * 0.5f; }
NI void vmin(float *r, const float *x, const float *y, int n) { for (int i = 0; i < n; i++) r[i] = fminf(x[i], y[i]); }
NI void vmax(float *r, const float *x, const float *y, int n) { for (int i = 0; i < n; i++) r[i] = fmaxf(x[i], y[i]); }
NI void vsel(float *r, const float *x, const float *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] > y[i] ? x[i] - y[i] : (x[i] == y[i] ? 1.0f : y[i] * 2.0f); }
NI void vclamp(float *r, const float *x, int n) { for (int i = 0; i < n; i++) { float t = x[i]; r[i] = t < -10.0f ? -10.0f : t > 10.0f ? 10.0f : t; } }
NI void vpoly(float *r, const float *x, int n) { for (int i = 0; i < n; i++) { float t = x[i] * 0.01f; r[i] = ((0.125f * t + 0.25f) * t - 0.5f) * t + 1.0f; } }
NI void vround(float *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = floorf(x[i]) + ceilf(x[i] * 0.5f) + truncf(x[i] * 0.25f) + rintf(x[i] * 3.0f); }
NI void vlerp(float *r, const float *x, const float *y, int n) { for (int i = 0; i < n; i++) { float t = (float)(i & 15) / 16.0f; r[i] = x[i] + (y[i] - x[i]) * t; } }
NI float vdot(const float *x, const float *y, int n) { float s = 0; for (int i = 0; i < n; i++) s += x[i] * y[i]; return s; }
NI float vsum(const float *x, int n) { float s = 0; for (int i = 0; i < n; i++) s += x[i]; return s; }
NI float vmaxr(const float *x, int n) { float m = -INFINITY; for (int i = 0; i < n; i++) m = x[i] > m ? x[i] : m; return m; }
NI float vminr(const float *x, int n) { float m = INFINITY; for (int i = 0; i < n; i++) m = x[i] < m ? x[i] : m; return m; }
NI int vcount(const float *x, const float *y, int n) { int s = 0; for (int i = 0; i < n; i++) s += x[i] >= y[i]; return s; }
NI void vtoi(int32_t *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = (int32_t)(x[i] * 100.0f); }
NI void vtou(uint32_t *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = (uint32_t)(fabsf(x[i]) * 1000.0f); }
NI void vfromi(float *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (float)x[i] * 0.001f; }
NI void vfromu(float *r, const uint32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (float)x[i]; }
NI void vfroms(float *r, const int16_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * 2.0f; }
NI void vtod(double *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = (double)x[i] * 3.0; }
NI void vfromd(float *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = (float)(x[i] / 7.0); }
NI void vcmul(float *r, const float *s, const float *t, int n) { for (int i = 0; i < n; i++) { float ar = s[2 * i], ai = s[2 * i + 1], br = t[2 * i], bi = t[2 * i + 1];
    r[2 * i] = ar * br - ai * bi; r[2 * i + 1] = ar * bi + ai * br; } }
NI void vnorm3(float *r, const float *s, int n) { for (int i = 0; i < n; i++) r[i] = s[3 * i] * s[3 * i] + s[3 * i + 1] * s[3 * i + 1] + s[3 * i + 2] * s[3 * i + 2]; }
NI void vscale3(float *s, int n) { for (int i = 0; i < n; i++) { s[3 * i] *= 2.0f; s[3 * i + 1] += 1.0f; s[3 * i + 2] = -s[3 * i + 2]; } }

int main(void)
{
    for (int i = 0; i < N; i++) { a[i] = frnd(); b[i] = frnd(); sa[i] = rnd(); }
    a[3] = b[3]; a[4] = 0.0f; b[4] = -0.0f; a[5] = 1e30f; b[5] = -1e-30f;

    for (int n = 1; n <= N; n += (n < 17 ? 1 : 47)) {
        uint32_t h = 0;
        memset(c, 0, sizeof c);
        vadd(c, a, b, n); h += fnv(c, sizeof c);
        vsub(c, a, b, n); h ^= fnv(c, sizeof c) * 3;
        vmul(c, a, b, n); h += fnv(c, sizeof c) * 5;
        vdiv(c, a, b, n); h ^= fnv(c, sizeof c) * 7;
        vfma(c, a, b, n); h += fnv(c, sizeof c) * 11;
        vaxpy(c, 0.75f, a, n); h ^= fnv(c, sizeof c) * 13;
        vsqrt(c, a, n); h += fnv(c, sizeof c) * 17;
        vabs(c, a, n); h ^= fnv(c, sizeof c) * 19;
        vneg(c, a, n); h += fnv(c, sizeof c) * 23;
        vmin(c, a, b, n); h ^= fnv(c, sizeof c) * 29;
        vmax(c, a, b, n); h += fnv(c, sizeof c) * 31;
        vsel(c, a, b, n); h ^= fnv(c, sizeof c) * 37;
        vclamp(c, a, n); h += fnv(c, sizeof c) * 41;
        vpoly(c, a, n); h ^= fnv(c, sizeof c) * 43;
        vround(c, b, n); h += fnv(c, sizeof c) * 47;
        vlerp(c, a, b, n); h ^= fnv(c, sizeof c) * 53;
        float dt = n > 5 ? vdot(a + 6, b + 6, n - 6) : 0.0f;
        printf("n=%3d h=%08x dot=%a sum=%.6e max=%g min=%g cnt=%d\n", n, h, dt, n > 5 ? vsum(a + 6, n - 6) : 0.0f,
               vmaxr(b, n), vminr(b, n), vcount(a, b, n));
    }
    a[5] = 12.5f; b[5] = -3.25f;
    vtoi(ia, a, N); printf("toi %08x %d %d\n", fnv(ia, sizeof ia), ia[0], ia[N - 1]);
    vtou(ua, a, N); printf("tou %08x %u\n", fnv(ua, sizeof ua), ua[1]);
    vfromi(e, ia, N); printf("fromi %08x %f\n", fnv(e, sizeof e), e[2]);
    vfromu(e, ua, N); printf("fromu %08x %f\n", fnv(e, sizeof e), e[2]);
    vfroms(e, sa, N); printf("froms %08x %g\n", fnv(e, sizeof e), e[9]);
    vtod(da, a, N); printf("tod %08x %.17g\n", fnv(da, sizeof da), da[7]);
    vfromd(e, da, N); printf("fromd %08x %.9g\n", fnv(e, sizeof e), e[7]);
    for (int i = 0; i < 2 * N; i++) cx[i] = frnd();
    vcmul(e, cx, cx + 1, N - 1); printf("cmul %08x %a\n", fnv(e, sizeof e), e[1]);
    for (int i = 0; i < 3 * N; i++) xyz[i] = frnd();
    vnorm3(e, xyz, N); printf("norm3 %08x %e\n", fnv(e, sizeof e), e[0]);
    vscale3(xyz, N); printf("scale3 %08x\n", fnv(xyz, sizeof xyz));
    return 0;
}
