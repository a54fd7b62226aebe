// string_funcs: libc string routines (strlen/strcmp/strchr/strstr/strtok/strspn...), ctype and hand-written string loops.
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <stdlib.h>

static unsigned fnv(const char *s, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void reverse(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}

static int sgn(int v) { return (v > 0) - (v < 0); }

int main(void)
{
    const char *text = "The quick brown fox jumps over the lazy dog; PACK my box with FIVE dozen liquor jugs!";
    char buf[256], buf2[256];
    printf("strlen=%zu strnlen5=%zu\n", strlen(text), strnlen(text, 5));
    printf("strchr q=%td strrchr o=%td memchr !=%td\n", strchr(text, 'q') - text, strrchr(text, 'o') - text,
           (char *)memchr(text, '!', strlen(text)) - text);
    printf("strstr fox=%td lazy=%td none=%d\n", strstr(text, "fox") - text, strstr(text, "lazy") - text,
           strstr(text, "cat") == NULL);
    printf("strspn=%zu strcspn=%zu strpbrk=%td\n", strspn(text, "ehT kciuq"), strcspn(text, ";!"),
           strpbrk(text, "xyz") - text);
    static const char *cmp[][2] = {{"abc", "abd"}, {"abc", "abc"}, {"abc", "ab"}, {"", "a"}, {"ABC", "abc"},
        {"\xff", "\x01"}, {"Hello", "hello"}, {"zeta", "alpha"}};
    for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++)
        printf("cmp %zu: strcmp=%d strncmp2=%d strcasecmp=%d memcmp=%d\n", i, sgn(strcmp(cmp[i][0], cmp[i][1])),
               sgn(strncmp(cmp[i][0], cmp[i][1], 2)), sgn(strcasecmp(cmp[i][0], cmp[i][1])),
               sgn(memcmp(cmp[i][0], cmp[i][1], 1)));
    strcpy(buf, text);
    int counts[4] = {0};
    for (char *p = buf; *p; p++) {
        counts[0] += isupper((unsigned char)*p) != 0;
        counts[1] += islower((unsigned char)*p) != 0;
        counts[2] += isspace((unsigned char)*p) != 0;
        counts[3] += ispunct((unsigned char)*p) != 0;
        *p = islower((unsigned char)*p) ? toupper((unsigned char)*p) : tolower((unsigned char)*p);
    }
    printf("upper=%d lower=%d space=%d punct=%d swapped=%s\n", counts[0], counts[1], counts[2], counts[3], buf);
    strcpy(buf2, buf);
    char *save, *tok;
    int ntok = 0;
    for (tok = strtok_r(buf2, " ;!", &save); tok; tok = strtok_r(NULL, " ;!", &save)) {
        printf("%s%s", ntok ? "," : "tokens: ", tok);
        ntok++;
    }
    printf(" (%d)\n", ntok);
    strcpy(buf, "alpha");
    strcat(buf, "-beta");
    strncat(buf, "-gamma-delta", 6);
    printf("cat=%s len=%zu\n", buf, strlen(buf));
    memset(buf2, 'x', sizeof buf2);
    strncpy(buf2, "short", 10);
    printf("strncpy pad: %d %d %d %c\n", buf2[5], buf2[9], buf2[10] == 'x', buf2[4]);
    char *dup = strdup(text);
    reverse(dup);
    printf("reversed=%s\n", dup);
    free(dup);
    char *nd = strndup(text, 9);
    printf("strndup=%s\n", nd);
    free(nd);
    /* Character classification table over all bytes. */
    unsigned cls = 0;
    for (int c = 0; c < 256; c++) {
        unsigned m = (isalpha(c) ? 1 : 0) | (isdigit(c) ? 2 : 0) | (isxdigit(c) ? 4 : 0) | (isalnum(c) ? 8 : 0) |
                     (isprint(c) ? 16 : 0) | (iscntrl(c) ? 32 : 0) | (isgraph(c) ? 64 : 0) | (isblank(c) ? 128 : 0);
        cls = cls * 33 + m + (unsigned)toupper(c) * 7 + (unsigned)tolower(c);
    }
    printf("ctype hash %08x\n", cls);
    /* Build many strings and measure/compare them with various lengths to cover SIMD tails. */
    unsigned acc = 0;
    char big[300];
    for (int len = 0; len < 280; len++) {
        for (int i = 0; i < len; i++) big[i] = (char)('a' + (i * 7 + len) % 26);
        big[len] = 0;
        acc = acc * 3 + (unsigned)strlen(big);
        acc ^= fnv(big, strlen(big));
        char *p = strchr(big, 'z');
        acc += p ? (unsigned)(p - big) : 999u;
        p = strrchr(big, 'a');
        acc += p ? (unsigned)(p - big) * 5 : 77u;
        strcpy(buf, len < 255 ? big : "overflow");
        acc += (unsigned)strcmp(buf, big) == 0;
        big[len / 2] = 0;
        acc += (unsigned)strlen(big) * 11;
    }
    printf("loop acc %08x\n", acc);
    /* Word frequency with a tiny hash map. */
    const char *words = "a b a c b a d e f a b c the the the end";
    char copy[128];
    strcpy(copy, words);
    char names[16][8];
    int freq[16] = {0}, nw = 0;
    for (tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
        int j;
        for (j = 0; j < nw && strcmp(names[j], tok); j++) {}
        if (j == nw) strcpy(names[nw++], tok);
        freq[j]++;
    }
    for (int j = 0; j < nw; j++) printf("%s:%d ", names[j], freq[j]);
    printf("\n");
    return 0;
}
