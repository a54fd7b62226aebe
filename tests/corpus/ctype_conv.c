// Exercises <ctype.h> classification and case mapping over all byte values (C locale), and integer parsing: atoi/atol/atoll, strtol/strtoul/strtoll/strtoull with bases 0/2/8/10/16/36, end pointers, and errno (ERANGE/EINVAL) on overflow and bad bases.
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>

int main(void)
{
    static const char *const names[] = { "alpha", "digit", "xdigit", "alnum", "space", "upper", "lower", "punct", "print", "graph", "cntrl", "blank" };
    int (*const fns[])(int) = { isalpha, isdigit, isxdigit, isalnum, isspace, isupper, islower, ispunct, isprint, isgraph, iscntrl, isblank };
    for (int k = 0; k < 12; k++) {
        unsigned count = 0, h = 0;
        for (int c = 0; c < 256; c++)
            if (fns[k](c)) { count++; h = h * 33 + (unsigned)c; }
        printf("%-6s count=%3u hash=%08x eof=%d\n", names[k], count, h, fns[k](EOF) != 0);
    }
    unsigned up = 0, lo = 0;
    for (int c = -1; c < 256; c++) { up = up * 31 + (unsigned)toupper(c); lo = lo * 37 + (unsigned)tolower(c); }
    printf("toupper hash=%08x tolower hash=%08x\n", up, lo);
    const char *text = "Hello, World! 123 \t MiXeD-CaSe_text~";
    for (const char *p = text; *p; p++) putchar(toupper((unsigned char)*p));
    putchar('|');
    for (const char *p = text; *p; p++) putchar(tolower((unsigned char)*p));
    putchar('|');
    for (const char *p = text; *p; p++) putchar(isalpha((unsigned char)*p) ? (isupper((unsigned char)*p) ? 'U' : 'l') : isdigit((unsigned char)*p) ? 'd' : isspace((unsigned char)*p) ? '_' : '.');
    putchar('\n');

    static const char *const ints[] = { "0", "42", "-42", "   +17xyz", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807",
                                         "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
                                         "18446744073709551616", "0x7fffffff", "0X80000000", "0777", "08", "-0x10", "1e5", "", "  ", "abc", "-" };
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        const char *s = ints[i];
        char *e1, *e2, *e3, *e4;
        errno = 0; long v1 = strtol(s, &e1, 0); int r1 = errno;
        errno = 0; unsigned long v2 = strtoul(s, &e2, 10); int r2 = errno;
        errno = 0; long long v3 = strtoll(s, &e3, 16); int r3 = errno;
        errno = 0; unsigned long long v4 = strtoull(s, &e4, 8); int r4 = errno;
        printf("\"%s\": atoi=%d atol=%ld strtol0=%ld(%d,%d) strtoul10=%lu(%d,%d) strtoll16=%lld(%d,%d) strtoull8=%llu(%d,%d)\n", s,
               (i == 5 || i == 7 || (i >= 8 && i <= 13)) ? 0 : atoi(s), (i == 9 || i == 11 || i == 13 || i == 12) ? 0L : atol(s), v1,
               (int)(e1 - s), r1 == ERANGE, v2, (int)(e2 - s), r2 == ERANGE, v3, (int)(e3 - s), r3 == ERANGE, v4, (int)(e4 - s), r4 == ERANGE);
    }
    static const struct { const char *s; int base; } based[] = { { "101101", 2 }, { "-1111111111111111111111111111111", 2 }, { "zz", 36 }, { "ZZZZZZZZZZZZZ", 36 },
                                                                  { "1a2b3c", 16 }, { "777", 8 }, { "789", 8 }, { "12", 3 }, { "hello", 30 }, { "0b101", 2 },
                                                                  { "0x", 16 }, { "10", 1 }, { "10", 37 } };
    for (unsigned i = 0; i < sizeof based / sizeof based[0]; i++) {
        char *e = NULL; /* glibc leaves it untouched for an invalid base */
        errno = 0;
        long long v = strtoll(based[i].s, &e, based[i].base);
        int er = errno;
        printf("strtoll(\"%s\", %d) = %lld used=%d %s\n", based[i].s, based[i].base, v, e ? (int)(e - based[i].s) : -1, er == ERANGE ? "ERANGE" : er == EINVAL ? "EINVAL" : "ok");
    }
    printf("atoll=%lld atoi-neg=%d\n", atoll("-123456789012345"), atoi("  -0042abc"));
    /* hand-rolled conversions to compare with libc */
    long long acc = 0;
    for (long long v = -100000; v <= 100000; v += 997) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", v * 99991);
        acc += strtoll(buf, NULL, 10) == v * 99991;
        snprintf(buf, sizeof buf, "%llx", (unsigned long long)(v * 99991));
        acc += (long long)strtoull(buf, NULL, 16) == v * 99991;
        snprintf(buf, sizeof buf, "%llo", (unsigned long long)v);
        acc += (long long)strtoull(buf, NULL, 8) == v;
    }
    printf("round trips ok=%lld\n", acc);
    return 0;
}
