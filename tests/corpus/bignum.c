// Exercises multi-precision arithmetic on 32-bit limbs with 64-bit intermediates (add with carry, subtract with borrow, schoolbook multiply, division by a small number, comparison): computes factorials, Fibonacci numbers, powers and digits of e, printed in decimal and hex.
// corpus-args: 300
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define MAXL 400
typedef struct { int n; uint32_t d[MAXL]; } big;

static void bset(big *a, uint32_t v) { a->n = v ? 1 : 0; a->d[0] = v; }
static void trim(big *a) { while (a->n > 0 && a->d[a->n - 1] == 0) a->n--; }
static void badd(big *r, const big *a, const big *b)
{
    int n = a->n > b->n ? a->n : b->n;
    uint64_t c = 0;
    for (int i = 0; i < n; i++) {
        c += (uint64_t)(i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
        r->d[i] = (uint32_t)c;
        c >>= 32;
    }
    r->n = n;
    if (c) r->d[r->n++] = (uint32_t)c;
}
/* r = a - b, requires a >= b */
static void bsub(big *r, const big *a, const big *b)
{
    int64_t br = 0;
    for (int i = 0; i < a->n; i++) {
        int64_t t = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - br;
        br = t < 0;
        r->d[i] = (uint32_t)(t + (br << 32));
    }
    r->n = a->n;
    trim(r);
}
static int bcmp_(const big *a, const big *b)
{
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}
static void bmul_small(big *a, uint32_t m)
{
    uint64_t c = 0;
    for (int i = 0; i < a->n; i++) { c += (uint64_t)a->d[i] * m; a->d[i] = (uint32_t)c; c >>= 32; }
    if (c) a->d[a->n++] = (uint32_t)c;
}
static uint32_t bdiv_small(big *a, uint32_t m)
{
    uint64_t rem = 0;
    for (int i = a->n - 1; i >= 0; i--) { uint64_t cur = (rem << 32) | a->d[i]; a->d[i] = (uint32_t)(cur / m); rem = cur % m; }
    trim(a);
    return (uint32_t)rem;
}
static void bmul(big *r, const big *a, const big *b)
{
    static uint32_t t[2 * MAXL];
    memset(t, 0, sizeof(uint32_t) * (size_t)(a->n + b->n + 1));
    for (int i = 0; i < a->n; i++) {
        uint64_t c = 0;
        for (int j = 0; j < b->n; j++) {
            c += (uint64_t)a->d[i] * b->d[j] + t[i + j];
            t[i + j] = (uint32_t)c;
            c >>= 32;
        }
        t[i + b->n] = (uint32_t)c;
    }
    r->n = a->n + b->n;
    memcpy(r->d, t, sizeof(uint32_t) * (size_t)r->n);
    trim(r);
}
static char *bstr(const big *a, char *buf)
{
    static big tmp;
    tmp = *a;
    int len = 0;
    if (tmp.n == 0) buf[len++] = '0';
    while (tmp.n) {
        uint32_t r = bdiv_small(&tmp, 1000000000u);
        for (int k = 0; k < 9; k++) { buf[len++] = (char)('0' + r % 10); r /= 10; if (tmp.n == 0 && r == 0) break; }
    }
    for (int i = 0; i < len / 2; i++) { char c = buf[i]; buf[i] = buf[len - 1 - i]; buf[len - 1 - i] = c; }
    buf[len] = 0;
    return buf;
}
static uint32_t digit_sum(const char *s) { uint32_t x = 0; while (*s) x += (uint32_t)(*s++ - '0'); return x; }

static big A, B, C, D;
static char buf[MAXL * 10 + 16];

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 300;
    if (n < 10 || n > 500) n = 300;
    bset(&A, 1);
    for (uint32_t i = 2; i <= (uint32_t)n; i++) bmul_small(&A, i);
    bstr(&A, buf);
    printf("%d! has %zu digits, digit sum %u, limbs %d\n", n, strlen(buf), digit_sum(buf), A.n);
    printf("head %.40s\ntail %s\n", buf, buf + strlen(buf) - 40);
    bset(&A, 30); bstr(&A, buf);
    bset(&A, 1);
    for (int i = 2; i <= 30; i++) bmul_small(&A, (uint32_t)i);
    printf("30! = %s = 0x", bstr(&A, buf));
    for (int i = A.n - 1; i >= 0; i--) printf(i == A.n - 1 ? "%x" : "%08x", A.d[i]);
    printf("\n");

    bset(&A, 0); bset(&B, 1);
    for (int i = 0; i < n * 3; i++) { badd(&C, &A, &B); A = B; B = C; }
    bstr(&A, buf);
    printf("fib(%d) digits=%zu sum=%u head=%.30s\n", n * 3, strlen(buf), digit_sum(buf), buf);
    bsub(&D, &B, &A);
    bsub(&C, &A, &D);
    printf("fib(%d)=%.30s... cmp=%d %d %d\n", n * 3 - 2, bstr(&C, buf), bcmp_(&A, &B), bcmp_(&B, &A), bcmp_(&A, &A));

    /* 3^k by squaring, then check by repeated division */
    bset(&A, 1); bset(&B, 3);
    for (int e = 1000; e; e >>= 1) {
        if (e & 1) bmul(&A, &A, &B);
        bmul(&B, &B, &B);
    }
    bstr(&A, buf);
    printf("3^1000 digits=%zu sum=%u tail=%s\n", strlen(buf), digit_sum(buf), buf + strlen(buf) - 20);
    int k = 0;
    while (A.n && bdiv_small(&A, 3) == 0) { k++; if (A.n == 1 && A.d[0] == 1) break; }
    printf("divided by 3 %d times\n", k);

    /* e = sum 1/k! in fixed point: 10^200 scaled */
    enum { DIG = 200 };
    bset(&A, 1);
    for (int i = 0; i < DIG; i++) bmul_small(&A, 10);
    bset(&D, 0);
    B = A;
    for (uint32_t i = 1; B.n; i++) { badd(&D, &D, &B); bdiv_small(&B, i); }
    bstr(&D, buf);
    printf("e = %c.%.60s\n", buf[0], buf + 1);
    return 0;
}
