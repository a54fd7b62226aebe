// printf_floats: printf of float/double/long double with %f %e %g %a, precisions, flags and special values.
#include <stdio.h>
#include <math.h>
#include <float.h>
#include <string.h>

static unsigned long h = 5381;
static void mix(const char *s)
{
    while (*s) h = h * 33 ^ (unsigned char)*s++;
}

int main(void)
{
    static const double vals[] = {0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.0 / 3.0, 2.0 / 3.0, 3.14159265358979323846,
        2.718281828459045, 1e10, 1e-10, 123456789.125, -987654.321, 1e300, -1e-300, 5e-324, 2.2250738585072014e-308,
        DBL_MAX, DBL_MIN, DBL_EPSILON, 0.000123456, 999999.5, 9.5, 10.5, 0.125, 1e21, 1e22, 4503599627370496.5,
        HUGE_VAL, -HUGE_VAL, NAN};
    static const char *fmts[] = {"%f", "%.0f", "%.1f", "%.10f", "%e", "%.0e", "%.3e", "%E", "%g", "%.1g",
        "%.10g", "%#g", "%G", "%a", "%.3a", "%A", "%+12.4f", "%-12.3e|", "%012.3f", "% g"};
    char buf[512];
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("v%zu:", i);
        for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
            if (fabs(v) > 1e30 && strchr(fmts[f], 'f') && isfinite(v)) continue;
            snprintf(buf, sizeof buf, fmts[f], v);
            printf(" %s", buf);
            mix(buf);
        }
        printf("\n");
    }
    /* Large %f output is exact decimal expansion of the binary value. */
    snprintf(buf, sizeof buf, "%.0f", 1e300);
    mix(buf);
    printf("1e300 len %zu head %.20s\n", strlen(buf), buf);
    snprintf(buf, sizeof buf, "%.60f", 0.1);
    printf("0.1 exact %s\n", buf);
    snprintf(buf, sizeof buf, "%.40e", 5e-324);
    printf("denorm min %s\n", buf);

    /* Floats promote to double. */
    float fv[] = {1.1f, -2.5f, 3.4028235e38f, 1.17549435e-38f, 1.4e-45f, 16777217.0f, 0.3f};
    for (size_t i = 0; i < sizeof fv / sizeof fv[0]; i++)
        printf("float %.9g %a %e %f\n", fv[i], fv[i], fv[i], fv[i] < 1e10f ? fv[i] : 0.0f);

    long double ld[] = {1.0L, 1.0L / 3.0L, -2.5L, 1e4000L, LDBL_MIN, LDBL_EPSILON};
    for (size_t i = 0; i < sizeof ld / sizeof ld[0]; i++) {
        snprintf(buf, sizeof buf, "%.36Lg %La %.5Le", ld[i], ld[i], ld[i]);
        printf("ldouble %s\n", buf);
        mix(buf);
    }

    /* Rounding of halfway cases (round-half-even on exact binary values). */
    for (int i = 0; i < 20; i++) {
        double x = i + 0.5;
        snprintf(buf, sizeof buf, "%.0f %.1f %.2f", x, x / 4, x / 8);
        printf("%s%s", buf, i % 5 == 4 ? "\n" : " | ");
        mix(buf);
    }
    /* A sweep of values through all formats, only hashed. */
    double x = 1.0;
    for (int i = 0; i < 600; i++) {
        x = x * 1.37 + (i % 3 == 0 ? -0.77 : 0.31);
        if (x > 1e200) x = 1e-200 * i;
        snprintf(buf, sizeof buf, "%.17g %a %.6e %g", x, x, x, -x / 7);
        mix(buf);
    }
    printf("sweep last %.17g hash %lu\n", x, h);
    return 0;
}
