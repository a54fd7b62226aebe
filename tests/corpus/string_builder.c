// Exercises string handling in libc and by hand: a growable string builder (realloc, memcpy, memmove), snprintf with many conversions and widths, strcat/strncpy/strstr/strchr/strrchr/strspn/strcspn/strtok_r, memcmp/memset/memchr, reversing, replacing and splitting.
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <stdarg.h>
#include <stddef.h>

struct sb { char *p; size_t len, cap; };
static void sb_reserve(struct sb *s, size_t need)
{
    if (need + 1 <= s->cap) return;
    size_t c = s->cap ? s->cap : 8;
    while (c < need + 1) c = c * 3 / 2 + 1;
    s->p = realloc(s->p, c);
    s->cap = c;
}
static void sb_append(struct sb *s, const char *t, size_t n) { sb_reserve(s, s->len + n); memcpy(s->p + s->len, t, n); s->len += n; s->p[s->len] = 0; }
static void sb_puts(struct sb *s, const char *t) { sb_append(s, t, strlen(t)); }
static void sb_printf(struct sb *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sb *s, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    sb_reserve(s, s->len + (size_t)n);
    vsnprintf(s->p + s->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    s->len += (size_t)n;
}
static void sb_insert(struct sb *s, size_t at, const char *t)
{
    size_t n = strlen(t);
    sb_reserve(s, s->len + n);
    memmove(s->p + at + n, s->p + at, s->len - at + 1);
    memcpy(s->p + at, t, n);
    s->len += n;
}
static uint32_t fnv(const char *p, size_t n) { uint32_t h = 2166136261u; for (size_t i = 0; i < n; i++) { h ^= (unsigned char)p[i]; h *= 16777619u; } return h; }

static char *replace_all(const char *src, const char *from, const char *to)
{
    struct sb o = { 0 };
    size_t fl = strlen(from);
    const char *p;
    sb_puts(&o, "");
    while ((p = strstr(src, from))) { sb_append(&o, src, (size_t)(p - src)); sb_puts(&o, to); src = p + fl; }
    sb_puts(&o, src);
    return o.p;
}

int main(void)
{
    struct sb s = { 0 };
    for (int i = 0; i < 300; i++) {
        switch (i % 6) {
        case 0: sb_printf(&s, "[%d|%5d|%-5d|%05d]", i, -i, i * 3, i * 7); break;
        case 1: sb_printf(&s, "{%x %X %#o %#x}", i * 4099u, i * 65537u, (unsigned)i, (unsigned)i); break;
        case 2: sb_printf(&s, "<%.3f %10.2e %g>", i / 7.0, i * 1234.5, i / 1024.0); break;
        case 3: sb_printf(&s, "(%s:%.2s:%8s:%-8s|)", "abc", "defgh", "r", "l"); break;
        case 4: sb_printf(&s, "%c%c%%%lld,%llu", 'A' + i % 26, 'a' + i % 26, (long long)i * -100000000007ll, (unsigned long long)i << 50); break;
        default: sb_printf(&s, "%+d %+.1f % d %lld %hhd %hu", i, -i * 0.5, i, (long long)(~0ull << (i % 63)), (signed char)(i * 11), (unsigned short)(i * 999)); break;
        }
        if (i % 50 == 49) sb_puts(&s, "\n");
    }
    printf("built len=%zu hash=%08x\n", s.len, fnv(s.p, s.len));
    printf("head: %.100s\n", s.p);
    sb_insert(&s, 10, "<<INSERTED>>");
    sb_insert(&s, 0, "^");
    printf("after insert len=%zu hash=%08x head=%.40s\n", s.len, fnv(s.p, s.len), s.p);
    const char *needle = "abc:de";
    char *hit = strstr(s.p, needle);
    printf("strstr at %td, count of '|' = ", hit ? hit - s.p : (ptrdiff_t)-1);
    int bars = 0;
    for (char *q = s.p; (q = strchr(q, '|')); q++) bars++;
    printf("%d, last '{' at %td\n", bars, strrchr(s.p, '{') - s.p);
    char *rep = replace_all(s.p, "abc", "XYZW");
    printf("replaced len=%zu hash=%08x\n", strlen(rep), fnv(rep, strlen(rep)));
    free(rep);

    char line[] = "alpha,beta;;gamma , delta,,epsilon;zeta eta";
    char *save, *tok;
    int nt = 0;
    for (tok = strtok_r(line, ",; ", &save); tok; tok = strtok_r(NULL, ",; ", &save)) printf("%d:%s ", nt++, tok);
    printf("\n");
    const char *t = "   \t  leading-and-trailing   ";
    size_t ws = strspn(t, " \t");
    size_t wl = strcspn(t + ws, " ");
    printf("spn=%zu cspn=%zu word=%.*s\n", ws, wl, (int)wl, t + ws);

    char buf[64];
    memset(buf, '.', sizeof buf);
    buf[63] = 0;
    strncpy(buf, "short", 10);
    printf("strncpy: %s | %d %d\n", buf, buf[5], buf[9]);
    strcpy(buf, "con");
    strcat(buf, "cat");
    strncat(buf, "enation!!!", 7);
    printf("strcat: %s len=%zu\n", buf, strlen(buf));
    printf("memcmp: %d %d %d strcmp: %d %d strncmp: %d\n", memcmp("abcd", "abce", 4) < 0, memcmp("abcd", "abcd", 4), memcmp("b", "a", 1) > 0,
           strcmp("apple", "apples") < 0, strcmp("Z", "a") < 0, strncmp("prefix-one", "prefix-two", 7));
    const char *mc = memchr("find the x here", 'x', 15);
    printf("memchr: %s\n", mc);

    char rev[128];
    const char *src = "The quick brown fox jumps over the lazy dog";
    size_t L = strlen(src);
    for (size_t i = 0; i < L; i++) rev[i] = src[L - 1 - i];
    rev[L] = 0;
    printf("reverse: %s\n", rev);
    /* reverse each word in place */
    for (char *w = rev; *w;) {
        char *e = w;
        while (*e && *e != ' ') e++;
        for (char *a = w, *b = e - 1; a < b; a++, b--) { char c = *a; *a = *b; *b = c; }
        w = *e ? e + 1 : e;
    }
    printf("words reversed: %s\n", rev);
    char big[4096];
    int n = snprintf(big, 20, "%s-%s-%s", src, src, src);
    printf("snprintf truncated ret=%d got=%s\n", n, big);
    n = snprintf(big, sizeof big, "%*d|%-*d|%.*f|%*s", 8, 42, 6, -7, 3, 3.14159265, 12, "right");
    printf("star: %s (%d)\n", big, n);
    free(s.p);
    return 0;
}
