// hash_checksums: CRC32 (table), Adler-32, FNV-1a 32/64 and SHA-256 over a SEED-generated buffer, SCALE rounds; bench program.
// corpus-args: 8
// corpus-bench-args: 6000
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static uint32_t adler32(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;
    while (n) {
        /* 5552 is the largest block that cannot overflow b before the modulo. */
        size_t k = n < 5552 ? n : 5552;
        n -= k;
        while (k--) {
            a += *p++;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    return b << 16 | a;
}

static uint32_t fnv1a32(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static inline uint32_t rotr(uint32_t x, int n) { return x >> n | x << (32 - n); }

static void sha256_block(uint32_t st[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

static void sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
    uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t full = n / 64 * 64;
    for (size_t i = 0; i < full; i += 64) sha256_block(st, p + i);
    uint8_t tail[128] = {0};
    size_t rem = n - full;
    memcpy(tail, p + full, rem);
    tail[rem] = 0x80;
    size_t tl = rem + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++) tail[tl - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t i = 0; i < tl; i += 64) sha256_block(st, tail + i);
    for (int i = 0; i < 8; i++)
        for (int k = 0; k < 4; k++) out[4 * i + k] = (uint8_t)(st[i] >> (24 - 8 * k));
}

static void hex(const uint8_t *d, int n, char *out)
{
    for (int i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", d[i]);
}

int main(int argc, char **argv)
{
    long scale = argc > 1 ? atol(argv[1]) : 10;
    unsigned long long seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    crc_init();
    uint8_t dig[32];
    char hx[65];
    /* Known-answer checks keep the implementations honest. */
    sha256((const uint8_t *)"abc", 3, dig);
    hex(dig, 32, hx);
    printf("sha256(abc)=%s\n", hx);
    printf("crc32(123456789)=%08x adler32(Wikipedia)=%08x fnv1a32(a)=%08x\n", crc32((const uint8_t *)"123456789", 9),
           adler32((const uint8_t *)"Wikipedia", 9), fnv1a32((const uint8_t *)"a", 1));
    enum { N = 16384 + 37 };
    static uint8_t buf[N];
    uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
    for (size_t i = 0; i < N; i++) {
        s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
        /* Mostly text-like bytes, with some full-range ones. */
        uint64_t r = s * 0x2545F4914F6CDD1DULL;
        buf[i] = (uint8_t)(i % 7 == 0 ? r >> 56 : 'a' + (r >> 40) % 26);
    }
    uint32_t crc_acc = 0, adl_acc = 0, f32_acc = 0;
    uint64_t f64_acc = 0;
    uint8_t sha_acc[32] = {0};
    for (long round = 0; round < scale; round++) {
        /* Each round changes the buffer so no round's work can be reused. */
        buf[round % N] ^= (uint8_t)(round * 37 + 1);
        size_t len = N - (size_t)(round % 64);
        crc_acc = crc_acc * 3 + crc32(buf, len);
        adl_acc ^= adler32(buf + 1, len - 1) + (uint32_t)round;
        f32_acc = f32_acc * 7 + fnv1a32(buf, len);
        f64_acc = f64_acc * 11 + fnv1a64(buf, len);
        sha256(buf, len - (size_t)(round % 5), dig);
        for (int i = 0; i < 32; i++) sha_acc[i] ^= dig[i];
    }
    hex(sha_acc, 32, hx);
    printf("scale=%ld seed=%llu crc=%08x adler=%08x fnv32=%08x fnv64=%016llx\nsha=%s\n", scale, seed, crc_acc, adl_acc,
           f32_acc, (unsigned long long)f64_acc, hx);
    return 0;
}
