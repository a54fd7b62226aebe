// strtod_parse: strtod/strtof/strtold/strtol/strtoull/atoi/sscanf parsing incl. hex floats, inf/nan, errno and end pointers.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <math.h>

int main(void)
{
    static const char *dstr[] = {"0", "-0", "1", "3.14159", "  -2.5e-3xyz", "1e308", "1e309", "-1e309", "1e-320",
        "1e-400", "0x1.8p3", "0X.8P-2", "0x1p-1074", "inf", "-Infinity", "nan", "NAN(123)", "+.5", ".e5", "1.",
        "123456789012345678901234567890", "0.1000000000000000055511151231257827", "2.2250738585072011e-308",
        "4.9406564584124654e-324", "1.7976931348623157e308", "1.7976931348623159e308", "9007199254740993",
        "  \t\n42.0", "", "abc", "1e", "1e+", "0x", "-0x1.fffffffffffffp1023", "5e-1", "12e-2junk", "0.000001e6"};
    for (size_t i = 0; i < sizeof dstr / sizeof dstr[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(dstr[i], &end);
        int e1 = errno;
        errno = 0;
        float f = strtof(dstr[i], NULL);
        int e2 = errno;
        long double ld = strtold(dstr[i], NULL);
        printf("\"%s\": d=%.17g %a consumed=%d errno=%s | f=%.9g %a errno=%s | ld=%.21Lg\n", dstr[i], d, d,
               (int)(end - dstr[i]), e1 == ERANGE ? "ERANGE" : e1 ? "other" : "0", f, (double)f,
               e2 == ERANGE ? "ERANGE" : e2 ? "other" : "0", ld);
    }
    static const char *istr[] = {"0", "123", "-123", "+77", "0x1F", "0X1f", "017", "09", "2147483647", "2147483648",
        "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "-1", "  12abc", "zzz", "0b101", "z"};
    static const int bases[] = {0, 10, 16, 8, 2, 36};
    for (size_t i = 0; i < sizeof istr / sizeof istr[0]; i++) {
        printf("\"%s\":", istr[i]);
        for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
            char *end;
            errno = 0;
            long l = strtol(istr[i], &end, bases[b]);
            int el = errno;
            errno = 0;
            unsigned long long u = strtoull(istr[i], NULL, bases[b]);
            int eu = errno;
            printf(" b%d:%ld/%d%s,%llu%s", bases[b], l, (int)(end - istr[i]), el ? "!" : "", u, eu ? "!" : "");
        }
        printf(" atoi=%d atol=%ld\n", atoi(istr[i]), atol(istr[i]));
    }
    /* sscanf with mixed conversions. */
    int a, n;
    unsigned x;
    double d;
    float f;
    char word[16], ch;
    long long ll;
    int r = sscanf("  17 0x2a 6.25e1 -3.5 hello Z -900000000000 rest", "%d %x %lf %f %15s %c %lld%n", &a, &x, &d,
                   &f, word, &ch, &ll, &n);
    printf("sscanf r=%d a=%d x=%u d=%g f=%g word=%s ch=%c ll=%lld n=%d\n", r, a, x, d, f, word, ch, ll, n);
    r = sscanf("12:34:56", "%d:%d:%d", &a, (int *)&x, &n);
    printf("time r=%d %d %u %d\n", r, a, x, n);
    r = sscanf("abc", "%d", &a);
    printf("fail r=%d\n", r);
    r = sscanf("", "%d", &a);
    printf("empty r=%d\n", r);
    r = sscanf("[key=value]", "[%15[^=]=%15[^]]]", word, word + 8);
    printf("scanset r=%d\n", r);
    /* Round trip a sequence of doubles through text. */
    unsigned long long bits = 0x123456789abcdefULL, bad = 0, acc = 0;
    for (int i = 0; i < 2000; i++) {
        bits = bits * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned long long b = bits & ~(0x7ffULL << 52);
        b |= (unsigned long long)((bits >> 40) % 2000 + 24) << 52;
        double v;
        memcpy(&v, &b, sizeof v);
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", v);
        double back = strtod(buf, NULL);
        if (back != v) bad++;
        snprintf(buf, sizeof buf, "%.6g", v);
        back = strtod(buf, NULL);
        unsigned long long bb;
        memcpy(&bb, &back, sizeof bb);
        acc = acc * 31 + bb;
        float fv = strtof(buf, NULL);
        unsigned fb;
        memcpy(&fb, &fv, sizeof fb);
        acc ^= fb;
    }
    printf("roundtrip bad=%llu acc=%llx\n", bad, acc);
    return 0;
}
