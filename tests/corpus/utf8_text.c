// Exercises UTF-8 text processing by hand: decoding with validation (overlongs, surrogates, truncation), encoding code points, UTF-16 surrogate pairs, counting characters/columns, reversing by code point, simple case folding for Latin/Greek/Cyrillic, and byte-level output of multilingual strings.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

/* Returns bytes consumed (>=1); *cp = 0xFFFD on malformed input. */
static int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    int len;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else { *cp = 0xFFFD; return 1; }
    if ((size_t)len > n) { *cp = 0xFFFD; return 1; }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return i; }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) { *cp = 0xFFFD; return len; }
    *cp = v;
    return len;
}
static int utf8_encode(uint32_t cp, unsigned char *o)
{
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { o[0] = (unsigned char)(0xC0 | cp >> 6); o[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) { o[0] = (unsigned char)(0xE0 | cp >> 12); o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)); o[2] = (unsigned char)(0x80 | (cp & 0x3F)); return 3; }
    o[0] = (unsigned char)(0xF0 | cp >> 18); o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)); o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}
static uint32_t fold(uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;            /* Latin-1 */
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;           /* Greek */
    if (c >= 0x410 && c <= 0x42F) return c + 32;                          /* Cyrillic */
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}
static int width(uint32_t c)
{
    if (c == 0) return 0;
    if (c >= 0x300 && c <= 0x36F) return 0;                               /* combining marks */
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFF00 && c <= 0xFF60) || (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFD)) return 2;
    return 1;
}

int main(void)
{
    static const char *const texts[] = {
        "plain ASCII",
        "Grüße aus Köln, ÄÖÜ ß",
        "Ελληνικά: ΑΒΓΔ αβγδ",
        "Русский ТЕКСТ ёЁ",
        "日本語のテキスト",
        "한국어 텍스트",
        "emoji 😀🎉🚀 and 𝄞 clef",
        "e\xCC\x81 combining",
        "bad: \xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80 \xE2\x82 \xFF end",
    };
    for (unsigned t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const unsigned char *s = (const unsigned char *)texts[t];
        size_t n = strlen(texts[t]);
        int chars = 0, cols = 0, bad = 0, maxlen = 0;
        uint32_t h = 0, cp;
        unsigned char folded[256], rev[256];
        size_t fl = 0, rl = n;
        uint32_t cps[128];
        int ncp = 0;
        for (size_t i = 0; i < n;) {
            int k = utf8_decode(s + i, n - i, &cp);
            if (k > maxlen) maxlen = k;
            if (cp == 0xFFFD) bad++;
            chars++; cols += width(cp);
            h = h * 1000003u ^ cp;
            fl += (size_t)utf8_encode(fold(cp), folded + fl);
            rl -= (size_t)k;
            memcpy(rev + rl, s + i, (size_t)k);
            if (ncp < 128) cps[ncp++] = cp;
            i += (size_t)k;
        }
        folded[fl] = 0;
        rev[n] = 0;
        printf("[%u] bytes=%zu chars=%d cols=%d bad=%d maxlen=%d hash=%08x\n    fold: %s\n", t, n, chars, cols, bad, maxlen, h, folded);
        if (bad == 0) printf("    rev:  %s\n", rev);
        printf("    cps:");
        for (int i = 0; i < ncp && i < 8; i++) printf(" U+%04X", cps[i]);
        printf("\n");
    }
    /* round trip every code point class boundary; count UTF-16 units */
    static const uint32_t edges[] = { 0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF };
    for (unsigned i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        unsigned char b[4];
        int k = utf8_encode(edges[i], b);
        uint32_t back;
        int k2 = utf8_decode(b, (size_t)k, &back);
        printf("U+%06X ->", edges[i]);
        for (int j = 0; j < k; j++) printf(" %02X", b[j]);
        if (edges[i] >= 0x10000) {
            uint32_t v = edges[i] - 0x10000;
            printf(" utf16 %04X %04X", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
        }
        printf(" ok=%d\n", k == k2 && back == edges[i]);
    }
    uint32_t total = 0;
    int mism = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c += 7) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        unsigned char b[4];
        uint32_t back;
        int k = utf8_encode(c, b);
        if (utf8_decode(b, (size_t)k, &back) != k || back != c) mism++;
        total += (uint32_t)k;
    }
    printf("sweep bytes=%u mismatches=%d\n", total, mism);
    return 0;
}
