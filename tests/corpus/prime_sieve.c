// Exercises sieving and number theory: byte and bit-packed Eratosthenes sieves, segmented sieve, Miller-Rabin with 128-bit modular multiplication, Euler's totient sieve, prime gaps and Goldbach counts.
// corpus-args: 200000
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) { return (uint64_t)((unsigned __int128)a * b % m); }
static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m)
{
    uint64_t r = 1 % m;
    b %= m;
    while (e) { if (e & 1) r = mulmod(r, b, m); b = mulmod(b, b, m); e >>= 1; }
    return r;
}
static int is_prime_mr(uint64_t n)
{
    if (n < 2) return 0;
    static const uint64_t small[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 };
    for (int i = 0; i < 12; i++) { if (n % small[i] == 0) return n == small[i]; }
    uint64_t d = n - 1; int s = 0;
    while (!(d & 1)) { d >>= 1; s++; }
    for (int i = 0; i < 12; i++) {
        uint64_t x = powmod(small[i], d, n);
        if (x == 1 || x == n - 1) continue;
        int comp = 1;
        for (int r = 1; r < s; r++) { x = mulmod(x, x, n); if (x == n - 1) { comp = 0; break; } }
        if (comp) return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200000;
    if (n < 100) n = 100;
    uint8_t *sv = malloc((size_t)n + 1);
    memset(sv, 1, (size_t)n + 1);
    sv[0] = sv[1] = 0;
    for (int i = 2; (int64_t)i * i <= n; i++)
        if (sv[i]) for (int j = i * i; j <= n; j += i) sv[j] = 0;
    int count = 0, last = 0, maxgap = 0, gapat = 0, twins = 0;
    uint64_t sum = 0;
    for (int i = 2; i <= n; i++)
        if (sv[i]) {
            count++; sum += (uint64_t)i;
            if (last && i - last > maxgap) { maxgap = i - last; gapat = last; }
            if (last && i - last == 2) twins++;
            last = i;
        }
    printf("pi(%d)=%d sum=%llu largest=%d maxgap=%d after %d twins=%d\n", n, count, (unsigned long long)sum, last, maxgap, gapat, twins);

    /* odd-only bit sieve */
    size_t nbits = (size_t)n / 2 + 1;
    uint64_t *bits = calloc((nbits + 63) / 64, 8);
    for (size_t i = 1; (2 * i + 1) * (2 * i + 1) <= (size_t)n; i++)
        if (!(bits[i / 64] >> (i % 64) & 1))
            for (size_t j = (2 * i + 1) * (2 * i + 1) / 2; j < nbits; j += 2 * i + 1) bits[j / 64] |= 1ull << (j % 64);
    int bcount = 1;
    for (size_t i = 1; i < nbits && 2 * i + 1 <= (size_t)n; i++) bcount += !(bits[i / 64] >> (i % 64) & 1);
    int pop = 0;
    for (size_t w = 0; w < (nbits + 63) / 64; w++) pop += __builtin_popcountll(bits[w]);
    printf("bit sieve count=%d composite-bits=%d agree=%d\n", bcount, pop, bcount == count);

    /* segmented sieve on [10^10, 10^10 + 20000): base primes up to sqrt(hi) come from the first sieve */
    uint64_t lo = 10000000000ull, span = 20000;
    uint8_t *seg = malloc(span);
    memset(seg, 1, span);
    for (int p = 2; (uint64_t)p * p < lo + span && p <= n; p++)
        if (sv[p]) {
            uint64_t start = (lo + p - 1) / p * p;
            for (uint64_t j = start; j < lo + span; j += p) seg[j - lo] = 0;
        }
    int segc = 0, mrc = 0; uint64_t firstp = 0;
    for (uint64_t i = 0; i < span; i++) {
        if (seg[i]) { segc++; if (!firstp) firstp = lo + i; }
        if (i % 7 == 1) mrc += is_prime_mr(lo + i) != seg[i];
    }
    printf("segment primes=%d first=%llu mr-mismatch=%d\n", segc, (unsigned long long)firstp, mrc);
    static const uint64_t cand[] = { 2147483647ull, 4294967291ull, 4294967297ull, 1000000007ull * 998244353ull, 18446744073709551557ull,
                                     3215031751ull, 9223372036854775783ull, 561, 1ull << 61, (1ull << 61) - 1 };
    for (int i = 0; i < 10; i++) printf("%llu:%d ", (unsigned long long)cand[i], is_prime_mr(cand[i]));
    printf("\n");

    int m = n / 10;
    int *phi = malloc(sizeof(int) * (size_t)(m + 1));
    for (int i = 0; i <= m; i++) phi[i] = i;
    for (int i = 2; i <= m; i++)
        if (phi[i] == i) for (int j = i; j <= m; j += i) phi[j] -= phi[j] / i;
    uint64_t psum = 0;
    for (int i = 1; i <= m; i++) psum += (uint64_t)phi[i];
    printf("sum phi(1..%d)=%llu phi(%d)=%d\n", m, (unsigned long long)psum, m, phi[m]);
    uint64_t gold = 0;
    for (int e = 4; e <= 2000; e += 2) { int c = 0; for (int p = 2; p <= e / 2; p++) c += sv[p] && sv[e - p]; gold = gold * 7 + (uint64_t)c; }
    printf("goldbach hash=%016llx\n", (unsigned long long)gold);
    free(sv); free(bits); free(seg); free(phi);
    return 0;
}
