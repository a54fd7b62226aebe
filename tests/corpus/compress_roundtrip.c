// compress_roundtrip: hand-written LZ77 (hash-chain matcher) and LZW (variable-width codes) over generated text, with round-trip checks; with ROUNDS SEED, a bench program.
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static uint32_t rs = 2463534242u;
static uint32_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 17;
    rs ^= rs << 5;
    return rs;
}

/* ---- LZ77: tokens are literal runs and (offset, length) matches in a byte stream ---- */
enum { WIN = 4096, MINM = 3, MAXM = 130, HBITS = 12 };

static size_t lz77_compress(const uint8_t *in, size_t n, uint8_t *out)
{
    static int32_t head[1 << HBITS], prev[WIN];
    for (int i = 0; i < (1 << HBITS); i++) head[i] = -1;
    size_t o = 0, lit_start = 0, i = 0;
    while (i < n) {
        size_t best_len = 0, best_off = 0;
        if (i + MINM <= n) {
            uint32_t h = ((uint32_t)in[i] << 8 ^ (uint32_t)in[i + 1] << 4 ^ in[i + 2]) & ((1 << HBITS) - 1);
            int32_t cand = head[h];
            int chain = 32;
            while (cand >= 0 && i - (size_t)cand <= WIN && chain--) {
                size_t l = 0;
                while (l < MAXM && i + l < n && in[cand + l] == in[i + l]) l++;
                if (l > best_len) {
                    best_len = l;
                    best_off = i - (size_t)cand;
                }
                int32_t nx = prev[cand % WIN];
                if (nx >= cand) break;
                cand = nx;
            }
            prev[i % WIN] = head[h];
            head[h] = (int32_t)i;
        }
        if (best_len >= MINM) {
            /* Flush pending literals: header byte 0..127 = run length - 1. */
            while (lit_start < i) {
                size_t run = i - lit_start > 128 ? 128 : i - lit_start;
                out[o++] = (uint8_t)(run - 1);
                memcpy(out + o, in + lit_start, run);
                o += run;
                lit_start += run;
            }
            /* Match: header 128 + (len - 3), then 12-bit offset - 1 in two bytes. */
            out[o++] = (uint8_t)(128 + best_len - MINM);
            out[o++] = (uint8_t)((best_off - 1) >> 8);
            out[o++] = (uint8_t)(best_off - 1);
            for (size_t k = 1; k < best_len; k++) {
                size_t p = i + k;
                if (p + MINM <= n) {
                    uint32_t h = ((uint32_t)in[p] << 8 ^ (uint32_t)in[p + 1] << 4 ^ in[p + 2]) & ((1 << HBITS) - 1);
                    prev[p % WIN] = head[h];
                    head[h] = (int32_t)p;
                }
            }
            i += best_len;
            lit_start = i;
        } else
            i++;
    }
    while (lit_start < n) {
        size_t run = n - lit_start > 128 ? 128 : n - lit_start;
        out[o++] = (uint8_t)(run - 1);
        memcpy(out + o, in + lit_start, run);
        o += run;
        lit_start += run;
    }
    return o;
}

static size_t lz77_decompress(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        uint8_t h = in[i++];
        if (h < 128) {
            memcpy(out + o, in + i, (size_t)h + 1);
            o += (size_t)h + 1;
            i += (size_t)h + 1;
        } else {
            size_t len = (size_t)h - 128 + MINM, off = ((size_t)in[i] << 8 | in[i + 1]) + 1;
            i += 2;
            /* Byte-by-byte on purpose: matches may overlap their own output. */
            for (size_t k = 0; k < len; k++, o++) out[o] = out[o - off];
        }
    }
    return o;
}

/* ---- LZW with codes growing from 9 to 14 bits, reset when the table fills ---- */
enum { LZW_MAX = 1 << 14, CLEAR = 256, FIRST = 257 };

struct bitw { uint8_t *p; size_t pos; uint32_t acc; int n; };
static void put_bits(struct bitw *w, uint32_t v, int bits)
{
    w->acc |= v << w->n;
    w->n += bits;
    while (w->n >= 8) {
        w->p[w->pos++] = (uint8_t)w->acc;
        w->acc >>= 8;
        w->n -= 8;
    }
}

static size_t lzw_compress(const uint8_t *in, size_t n, uint8_t *out)
{
    static int32_t dict_key[LZW_MAX * 2];
    static uint16_t dict_val[LZW_MAX * 2];
    struct bitw w = {out, 0, 0, 0};
    int next = FIRST, width = 9;
    for (int i = 0; i < LZW_MAX * 2; i++) dict_key[i] = -1;
    if (n == 0) return 0;
    uint32_t cur = in[0];
    for (size_t i = 1; i < n; i++) {
        int32_t key = (int32_t)(cur << 8 | in[i]);
        uint32_t slot = ((uint32_t)key * 2654435761u) >> 17;
        while (dict_key[slot] != -1 && dict_key[slot] != key) slot = (slot + 1) & (LZW_MAX * 2 - 1);
        if (dict_key[slot] == key) {
            cur = dict_val[slot];
            continue;
        }
        put_bits(&w, cur, width);
        if (next < LZW_MAX) {
            dict_key[slot] = key;
            dict_val[slot] = (uint16_t)next++;
            if (next > (1 << width) && width < 14) width++;
        } else {
            put_bits(&w, CLEAR, width);
            for (int k = 0; k < LZW_MAX * 2; k++) dict_key[k] = -1;
            next = FIRST;
            width = 9;
        }
        cur = in[i];
    }
    put_bits(&w, cur, width);
    if (w.n) out[w.pos++] = (uint8_t)w.acc;
    return w.pos;
}

static size_t lzw_decompress(const uint8_t *in, size_t n, uint8_t *out)
{
    static uint16_t prefix[LZW_MAX];
    static uint8_t suffix[LZW_MAX], first[LZW_MAX];
    static uint8_t stack[LZW_MAX];
    size_t pos = 0, o = 0;
    uint32_t acc = 0;
    int have = 0, width = 9, next = FIRST;
    int32_t prev = -1;
    for (int i = 0; i < 256; i++) {
        suffix[i] = (uint8_t)i;
        first[i] = (uint8_t)i;
    }
    for (;;) {
        while (have < width && pos < n) {
            acc |= (uint32_t)in[pos++] << have;
            have += 8;
        }
        if (have < width) break;
        uint32_t code = acc & ((1u << width) - 1);
        acc >>= width;
        have -= width;
        if (code == CLEAR) {
            next = FIRST;
            width = 9;
            prev = -1;
            continue;
        }
        int sp = 0;
        uint32_t c = code;
        if ((int)code >= next) {
            /* The KwKwK case: the code being defined right now. */
            stack[sp++] = first[prev];
            c = (uint32_t)prev;
        }
        while (c >= 256) {
            stack[sp++] = suffix[c];
            c = prefix[c];
        }
        stack[sp++] = (uint8_t)c;
        uint8_t head = (uint8_t)c;
        while (sp) out[o++] = stack[--sp];
        if (prev >= 0 && next < LZW_MAX) {
            prefix[next] = (uint16_t)prev;
            suffix[next] = head;
            first[next] = first[prev];
            next++;
            if (next + 1 > (1 << width) && width < 14) width++;
        }
        prev = (int32_t)code;
    }
    return o;
}

static uint32_t crc(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

static size_t gen_text(uint8_t *buf, size_t n, int kind)
{
    static const char *words[] = {"the", "of", "and", "emulator", "instruction", "register", "memory", "branch",
        "vector", "load", "store", "cache", "page", "table", "guest", "host", "a", "to", "in", "is"};
    size_t o = 0;
    if (kind == 0) {
        while (o + 16 < n) {
            const char *w = words[rnd() % 20];
            size_t l = strlen(w);
            memcpy(buf + o, w, l);
            o += l;
            buf[o++] = rnd() % 9 == 0 ? '\n' : ' ';
        }
    } else if (kind == 1) {
        for (; o < n; o++) buf[o] = (uint8_t)rnd();
    } else if (kind == 2) {
        for (; o < n; o++) buf[o] = (uint8_t)("abcab"[o % 5] + (o / 1000));
    } else if (kind == 3) {
        for (; o < n; o++) buf[o] = 'z';
    } else {
        for (; o < n; o++) buf[o] = (uint8_t)(o * o >> 7);
    }
    return o;
}

enum { N = 15000 };
static uint8_t src[N], comp[N * 2 + 1024], back[N + 1024];

/* ROUNDS round trips of word text generated from SEED, each of a size of its own, and one
   line that sums them up. */
static int seeded_rounds(long rounds, unsigned long long seed)
{
    rs = (uint32_t)(seed * 2654435761u) ^ 2463534242u;
    if (rs == 0) rs = 1;
    uint32_t crc_src = 0, crc_lz77 = 0, crc_lzw = 0;
    size_t in_bytes = 0, lz77_bytes = 0, lzw_bytes = 0;
    int failures = 0;
    for (long round = 0; round < rounds; round++) {
        size_t n = gen_text(src, N - rnd() % 4000, 0);
        size_t c1 = lz77_compress(src, n, comp);
        failures += lz77_decompress(comp, c1, back) != n || memcmp(src, back, n) != 0;
        crc_lz77 = crc_lz77 * 31 + crc(comp, c1);
        size_t c2 = lzw_compress(src, n, comp);
        failures += lzw_decompress(comp, c2, back) != n || memcmp(src, back, n) != 0;
        crc_lzw = crc_lzw * 31 + crc(comp, c2);
        crc_src = crc_src * 31 + crc(src, n);
        in_bytes += n;
        lz77_bytes += c1;
        lzw_bytes += c2;
    }
    printf("rounds=%ld seed=%llu bytes=%zu crc=%08x | lz77 %zu %08x | lzw %zu %08x | failures=%d\n", rounds, seed,
           in_bytes, crc_src, lz77_bytes, crc_lz77, lzw_bytes, crc_lzw, failures);
    return failures != 0;
}

/* No arguments: every kind of text at every size; ROUNDS SEED: seeded_rounds. */
int main(int argc, char **argv)
{
    if (argc > 2) return seeded_rounds(atol(argv[1]), strtoull(argv[2], NULL, 10));
    static const size_t sizes[] = {0, 1, 2, 3, 10, 200, 5000, N};
    int failures = 0;
    for (int kind = 0; kind < 5; kind++)
        for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
            size_t n = gen_text(src, sizes[si], kind);
            size_t c1 = lz77_compress(src, n, comp);
            memset(back, 0, n + 16);
            size_t d1 = lz77_decompress(comp, c1, back);
            int ok1 = d1 == n && memcmp(src, back, n) == 0;
            uint32_t cc1 = crc(comp, c1);
            size_t c2 = lzw_compress(src, n, comp);
            memset(back, 0, n + 16);
            size_t d2 = lzw_decompress(comp, c2, back);
            int ok2 = d2 == n && memcmp(src, back, n) == 0;
            uint32_t cc2 = crc(comp, c2);
            failures += !ok1 + !ok2;
            if (si >= 4)
                printf("kind %d n=%zu crc=%08x | lz77 %zu (%.1f%%) %s %08x | lzw %zu (%.1f%%) %s %08x\n", kind, n,
                       crc(src, n), c1, n ? 100.0 * c1 / n : 0.0, ok1 ? "ok" : "BAD", cc1, c2,
                       n ? 100.0 * c2 / n : 0.0, ok2 ? "ok" : "BAD", cc2);
        }
    printf("failures=%d\n", failures);
    return failures != 0;
}
