// Exercises input parsing: sscanf with %d/%i/%x/%o/%u/%lld/%f/%lf/%e/%s/%c/%[...]/%n/%*, strtod on decimal, hex-float, infinity/nan and denormal inputs, strtof/strtold rounding, and a hand-written parser for key=value records and CSV lines.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <math.h>

int main(void)
{
    int a, b, c, n;
    unsigned u;
    long long ll;
    float f;
    double d;
    char s1[32], s2[32], ch;

    int r = sscanf("  42 -17 0x1F", "%d %d %i", &a, &b, &c);
    printf("r=%d a=%d b=%d c=%d\n", r, a, b, c);
    r = sscanf("0777 ff 4294967295 -9223372036854775807", "%o %x %u %lld", &a, &b, &u, &ll);
    printf("r=%d o=%d x=%d u=%u ll=%lld\n", r, a, b, u, ll);
    r = sscanf("3.25 -1e-3 6.02214076e23", "%f %lf %le", &f, &d, &d);
    printf("r=%d f=%a d=%.17g\n", r, f, d);
    r = sscanf("name: Alice age=31;", "name: %31s age=%d%n", s1, &a, &n);
    printf("r=%d s1=%s a=%d n=%d\n", r, s1, a, n);
    r = sscanf("key_1=value-with-dash,rest", "%31[a-z_0-9]=%31[^,],%c", s1, s2, &ch);
    printf("r=%d k=%s v=%s c=%c\n", r, s1, s2, ch);
    r = sscanf("skip 99 take 7", "%*s %*d %s %d", s1, &a);
    printf("r=%d s=%s a=%d\n", r, s1, a);
    r = sscanf("12abc", "%d%d", &a, &b);
    printf("partial r=%d a=%d\n", r, a);
    r = sscanf("", "%d", &a);
    printf("empty r=%d\n", r);
    int mi, se;
    r = sscanf("2026-11-25T08:40:59", "%4d-%2d-%2dT%d:%d:%d", &a, &b, &c, &n, &mi, &se);
    printf("date r=%d %d %d %d %d %d %d\n", r, a, b, c, n, mi, se);

    static const char *const nums[] = { "0", "-0", "1", "3.141592653589793238462643", "1e308", "1.7976931348623157e308", "1e309", "-1e-400",
                                         "4.9406564584124654e-324", "2.2250738585072014e-308", "0x1.8p3", "0X.FFFFp-2", "inf", "-Infinity", "nan",
                                         "  +12.5e+2xyz", "1e", ".5", "5.", "123456789012345678901234567890", "0.1", "0.30000000000000004",
                                         "9007199254740993", "1.00000000000000011102230246251565404236316680908203125" };
    for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        char *end;
        errno = 0;
        double v = strtod(nums[i], &end);
        int e = errno;
        errno = 0;
        float fv = strtof(nums[i], NULL);
        int fe = errno;
        printf("strtod(\"%s\") = %.17g [%a] used=%d erange=%d | strtof=%.9g [%a] erange=%d\n", nums[i], v, v, (int)(end - nums[i]), e == ERANGE, fv,
               fv, fe == ERANGE);
    }
    long double ld = strtold("1.0000000000000000000000000000000001", NULL);
    printf("strtold > 1: %d, %.20Lg\n", ld > 1.0L, ld);

    /* key=value;key=value records */
    const char *rec = "width=640;height=480;scale=1.5;title=demo run;depth=-24;ratio=0x1p-3";
    const char *p = rec;
    double total = 0;
    while (*p) {
        char key[32], val[64];
        int consumed = 0;
        if (sscanf(p, "%31[^=]=%63[^;]%n", key, val, &consumed) != 2) break;
        char *end;
        double v = strtod(val, &end);
        if (*end == 0) { total += v; printf("  num %s=%g\n", key, v); }
        else printf("  str %s=\"%s\"\n", key, val);
        p += consumed;
        if (*p == ';') p++;
    }
    printf("total=%g\n", total);

    const char *csv = "id,x,y\n1,0.5,-2\n2,1e2,3.75\n3,-0.125,1024\n4,nan,0\n";
    char line[64];
    const char *q = csv;
    int rows = 0;
    double sx = 0, sy = 0;
    while (*q) {
        const char *nl = strchr(q, '\n');
        size_t len = (size_t)(nl - q);
        memcpy(line, q, len);
        line[len] = 0;
        q = nl + 1;
        int id;
        double x, y;
        if (sscanf(line, "%d,%lf,%lf", &id, &x, &y) == 3) {
            rows++;
            if (!isnan(x)) sx += x * id;
            sy += y;
        }
    }
    printf("csv rows=%d sx=%.6f sy=%.6f\n", rows, sx, sy);
    return 0;
}
