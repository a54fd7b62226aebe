// math_funcs: libm double and float functions over special inputs (0, -0, inf, nan, subnormals, huge), printed with %.17g and %a.
#include <stdio.h>
#include <math.h>
#include <float.h>

static void pd(const char *name, double x, double r) { printf("%s(%.17g) = %.17g %a\n", name, x, r, r); }
static void pf(const char *name, float x, float r) { printf("%sf(%.9g) = %.9g %a\n", name, x, r, r); }

typedef double (*d1)(double);
typedef float (*f1)(float);

int main(void)
{
    static const double in[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 3.0, 10.0, 0.1, 1e-5, M_PI, M_PI / 2, -M_PI / 4,
        100.0, 710.0, -745.5, 1e300, -1e300, 4.9406564584124654e-324, 2.2250738585072014e-308, 1e22, 0.999999999,
        INFINITY, -INFINITY, NAN};
    static const struct { const char *n; d1 f; f1 g; } fns[] = {
        {"sin", sin, sinf}, {"cos", cos, cosf}, {"tan", tan, tanf}, {"asin", asin, asinf}, {"acos", acos, acosf},
        {"atan", atan, atanf}, {"exp", exp, expf}, {"exp2", exp2, exp2f}, {"log", log, logf}, {"log2", log2, log2f},
        {"log10", log10, log10f}, {"sqrt", sqrt, sqrtf}, {"cbrt", cbrt, cbrtf}, {"floor", floor, floorf},
        {"ceil", ceil, ceilf}, {"round", round, roundf}, {"trunc", trunc, truncf}, {"sinh", sinh, sinhf},
        {"tanh", tanh, tanhf}, {"expm1", expm1, expm1f}, {"log1p", log1p, log1pf}, {"rint", rint, rintf},
        {"nearbyint", nearbyint, nearbyintf}, {"fabs", fabs, fabsf}};
    const int ni = sizeof in / sizeof in[0];
    for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++)
        for (int i = 0; i < ni; i++) {
            pd(fns[k].n, in[i], fns[k].f(in[i]));
            pf(fns[k].n, (float)in[i], fns[k].g((float)in[i]));
        }
    /* Two-argument functions over pairs from a smaller table. */
    static const double in2[] = {0.0, -0.0, 1.0, -1.0, 2.5, -3.0, 0.5, 1e-310, 1e308, INFINITY, -INFINITY, NAN};
    const int n2 = sizeof in2 / sizeof in2[0];
    for (int i = 0; i < n2; i++)
        for (int j = 0; j < n2; j++) {
            double x = in2[i], y = in2[j];
            float xf = (float)x, yf = (float)y;
            printf("(%g,%g): atan2=%.17g pow=%.17g fmod=%.17g rem=%.17g hypot=%.17g fmin=%g fmax=%g fdim=%g "
                   "copysign=%g nextafter=%a\n",
                   x, y, atan2(x, y), pow(x, y), fmod(x, y), remainder(x, y), hypot(x, y), fmin(x, y), fmax(x, y),
                   fdim(x, y), copysign(x, y), nextafter(x, y));
            printf("  f: atan2=%a pow=%a fmod=%a rem=%a hypot=%a\n", atan2f(xf, yf), powf(xf, yf), fmodf(xf, yf),
                   remainderf(xf, yf), hypotf(xf, yf));
        }
    /* fma with operands chosen so the single rounding differs from a*b+c. */
    static const double fa[][3] = {{1.0 + 0x1p-30, 1.0 - 0x1p-30, -1.0}, {0.1, 10.0, -1.0}, {1e308, 10.0, -1e308},
        {3.0, 1.0 / 3.0, -1.0}, {-0.0, 0.0, 0.0}, {INFINITY, 0.0, 1.0}, {2.0, 3.0, NAN}, {0x1p-1000, 0x1p-100, 0x1p-1074}};
    for (size_t i = 0; i < sizeof fa / sizeof fa[0]; i++) {
        volatile double a = fa[i][0], b = fa[i][1], c = fa[i][2];
        printf("fma(%g,%g,%g) = %a (plain %a) fmaf = %a\n", a, b, c, fma(a, b, c), a * b + c,
               fmaf((float)a, (float)b, (float)c));
    }
    /* Decomposition functions. */
    for (int i = 0; i < ni; i++) {
        double x = in[i];
        int e = 0;
        double m = frexp(x, &e);
        double ip = 0;
        double fp = modf(x, &ip);
        float fip = 0;
        float ffp = modff((float)x, &fip);
        int fe = 0;
        float fm = frexpf((float)x, &fe);
        long lr = isfinite(x) && fabs(x) < 1e18 ? lround(x) : 0;
        printf("decomp %.17g: frexp=%a,%d ldexp=%a,%a modf=%.17g,%.17g logb=%g ilogb=%d lround=%ld "
               "frexpf=%a,%d modff=%a,%a\n",
               x, m, e, ldexp(x, 3), ldexp(x, -1070), fp, ip, logb(x), isfinite(x) && x != 0 ? ilogb(x) : 0, lr,
               fm, fe, ffp, fip);
        printf("  class: fpclassify=%d isnan=%d isinf=%d isnormal=%d signbit=%d scalbn=%a\n", fpclassify(x),
               isnan(x) != 0, isinf(x) != 0, isnormal(x) != 0, signbit(x) != 0, scalbn(x, 100));
    }
    /* Sums of transcendental functions over a sweep, to cover many argument-reduction paths. */
    double s1 = 0, s2 = 0;
    float s3 = 0;
    for (int i = -2000; i <= 2000; i++) {
        double x = i * 0.0173;
        s1 += sin(x) * cos(x * 0.5) + exp(-fabs(x)) + atan(x);
        s2 += log(1 + fabs(x)) + sqrt(fabs(x)) + cbrt(x) + pow(1.001, x);
        s3 += sinf((float)x) + expf((float)x / 100) + logf(1.0f + fabsf((float)x));
    }
    printf("sweep %.17g %.17g %.9g\n", s1, s2, s3);
    printf("constants %a %a %a %a\n", DBL_EPSILON, FLT_EPSILON, DBL_MIN / 3, (double)FLT_MAX);
    return 0;
}
