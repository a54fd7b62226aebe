// Exercises double array loops that gcc -O3 vectorises (.2d): arithmetic, fma, sqrt/div, min/max/abs, compare+select, clamps, reductions, polynomial evaluation, double<->int64/int32/float conversions, rounding and interleaved 2/3-element structs; prints %a/%.17g/%e.
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#define N 211

static double a[N], b[N], c[N], e[N];
static int64_t la[N];
static uint64_t ula[N];
static int32_t ia[N];
static float fa[N];
static double cx[N * 2], xyz[N * 3];

static uint32_t fnv(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    return h;
}

static uint64_t seed = 0x2545F4914F6CDD1Dull;
static uint64_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; }
static double drnd(void) { return ((int64_t)(rnd() >> 20) - (1ll << 43)) / 4294967296.0; }

#define NI __attribute__((noinline))
NI void vadd(double *r, const double *x, const double *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] + y[i]; }
NI void vsub(double *r, const double *x, const double *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] - y[i]; }
NI void vmul(double *r, const double *x, const double *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * y[i]; }
NI void vdiv(double *r, const double *x, const double *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] / (fabs(y[i]) + 0.5); }
NI void vfma(double *r, const double *x, const double *y, int n) { for (int i = 0; i < n; i++) r[i] = fma(x[i], y[i], r[i]); }
NI void vfms(double *r, const double *x, const double *y, int n) { for (int i = 0; i < n; i++) r[i] -= x[i] * y[i]; }
NI void vsqrt(double *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = sqrt(x[i] * x[i] + 1.0); }
NI void vabs(double *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = fabs(x[i]) * 2.0 - x[i]; }
NI void vmin(double *r, const double *x, const double *y, int n) { for (int i = 0; i < n; i++) r[i] = fmin(x[i], y[i]); }
NI void vmax(double *r, const double *x, const double *y, int n) { for (int i = 0; i < n; i++) r[i] = fmax(x[i], y[i]); }
NI void vsel(double *r, const double *x, const double *y, int n) { for (int i = 0; i < n; i++) r[i] = x[i] < y[i] ? y[i] : x[i] * 0.5; }
NI void vclamp(double *r, const double *x, int n) { for (int i = 0; i < n; i++) { double t = x[i]; r[i] = t < -1000.0 ? -1000.0 : t > 500.0 ? 500.0 : t; } }
NI void vpoly(double *r, const double *x, int n) { for (int i = 0; i < n; i++) { double t = x[i] * 1e-3; r[i] = (((t / 24 + 1.0 / 6) * t + 0.5) * t + 1.0) * t + 1.0; } }
NI void vround(double *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = floor(x[i]) - ceil(x[i] * 0.3) + trunc(x[i] * 7.0) + round(x[i] * 0.1); }
NI double vdot(const double *x, const double *y, int n) { double s = 0; for (int i = 0; i < n; i++) s += x[i] * y[i]; return s; }
NI double vsum(const double *x, int n) { double s = 0; for (int i = 0; i < n; i++) s += x[i]; return s; }
NI double vmaxr(const double *x, int n) { double m = -INFINITY; for (int i = 0; i < n; i++) m = x[i] > m ? x[i] : m; return m; }
NI int vcount(const double *x, int n) { int s = 0; for (int i = 0; i < n; i++) s += x[i] < 0.0; return s; }
NI void vtol(int64_t *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = (int64_t)(x[i] * 1e9); }
NI void vtoul(uint64_t *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = (uint64_t)(fabs(x[i]) * 1e12); }
NI void vtoi(int32_t *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = (int32_t)(x[i] * 1000.0); }
NI void vfroml(double *r, const int64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (double)x[i] * 1e-9; }
NI void vfromul(double *r, const uint64_t *x, int n) { for (int i = 0; i < n; i++) r[i] = (double)x[i]; }
NI void vfromi(double *r, const int32_t *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] / 8.0; }
NI void vtof(float *r, const double *x, int n) { for (int i = 0; i < n; i++) r[i] = (float)(x[i] * 1.1); }
NI void vfromf(double *r, const float *x, int n) { for (int i = 0; i < n; i++) r[i] = x[i] * (double)x[i]; }
NI void vcmul(double *r, const double *s, const double *t, int n) { for (int i = 0; i < n; i++) { double ar = s[2 * i], ai = s[2 * i + 1], br = t[2 * i], bi = t[2 * i + 1];
    r[2 * i] = ar * br - ai * bi; r[2 * i + 1] = ar * bi + ai * br; } }
NI void vcross(double *r, const double *s, int n) { for (int i = 0; i < n - 1; i++) { const double *p = s + 3 * i, *q = s + 3 * i + 3;
    r[i] = (p[1] * q[2] - p[2] * q[1]) + (p[2] * q[0] - p[0] * q[2]) + (p[0] * q[1] - p[1] * q[0]); } }
NI void vstencil(double *r, const double *x, int n) { for (int i = 1; i < n - 1; i++) r[i] = 0.25 * x[i - 1] + 0.5 * x[i] + 0.25 * x[i + 1]; }

int main(void)
{
    for (int i = 0; i < N; i++) { a[i] = drnd(); b[i] = drnd(); }
    a[2] = b[2]; a[3] = -0.0; b[3] = 0.0; a[4] = 1e300; b[4] = 1e-300;

    for (int n = 1; n <= N; n += (n < 11 ? 1 : 37)) {
        uint32_t h = 0;
        memset(c, 0, sizeof c);
        vadd(c, a, b, n); h += fnv(c, sizeof c);
        vsub(c, a, b, n); h ^= fnv(c, sizeof c) * 3;
        vmul(c, a, b, n); h += fnv(c, sizeof c) * 5;
        vdiv(c, a, b, n); h ^= fnv(c, sizeof c) * 7;
        vfma(c, a, b, n); h += fnv(c, sizeof c) * 11;
        vfms(c, b, a, n); h ^= fnv(c, sizeof c) * 13;
        vsqrt(c, b, n); h += fnv(c, sizeof c) * 17;
        vabs(c, a, n); h ^= fnv(c, sizeof c) * 19;
        vmin(c, a, b, n); h += fnv(c, sizeof c) * 23;
        vmax(c, a, b, n); h ^= fnv(c, sizeof c) * 29;
        vsel(c, a, b, n); h += fnv(c, sizeof c) * 31;
        vclamp(c, a, n); h ^= fnv(c, sizeof c) * 37;
        vpoly(c, b, n); h += fnv(c, sizeof c) * 41;
        vstencil(c, b, n); h ^= fnv(c, sizeof c) * 43;
        double dt = n > 5 ? vdot(a + 5, b + 5, n - 5) : 0.0;
        printf("n=%3d h=%08x dot=%a sum=%.15e max=%.17g neg=%d\n", n, h, dt, n > 5 ? vsum(a + 5, n - 5) : 0.0, vmaxr(b, n), vcount(a, n));
    }
    a[4] = 3.75; b[4] = -2.5;
    vround(c, b, N); printf("round %08x %g\n", fnv(c, sizeof c), c[0]);
    vtol(la, a, N); printf("tol %08x %lld\n", fnv(la, sizeof la), (long long)la[0]);
    vtoul(ula, a, N); printf("toul %08x %llu\n", fnv(ula, sizeof ula), (unsigned long long)ula[1]);
    vtoi(ia, b, N); printf("toi %08x %d\n", fnv(ia, sizeof ia), ia[5]);
    vfroml(e, la, N); printf("froml %08x %.17g\n", fnv(e, sizeof e), e[6]);
    vfromul(e, ula, N); printf("fromul %08x %.17g\n", fnv(e, sizeof e), e[6]);
    vfromi(e, ia, N); printf("fromi %08x %g\n", fnv(e, sizeof e), e[7]);
    vtof(fa, a, N); printf("tof %08x %a\n", fnv(fa, sizeof fa), fa[8]);
    vfromf(e, fa, N); printf("fromf %08x %a\n", fnv(e, sizeof e), e[8]);
    for (int i = 0; i < 2 * N; i++) cx[i] = drnd();
    vcmul(e, cx, cx + 2, N - 1); printf("cmul %08x %a\n", fnv(e, sizeof e), e[3]);
    for (int i = 0; i < 3 * N; i++) xyz[i] = drnd();
    vcross(e, xyz, N); printf("cross %08x %.10e\n", fnv(e, sizeof e), e[1]);
    return 0;
}
