// Exercises matrix multiplication in int32, int64, float and double (naive, transposed and blocked loop orders), matrix-vector products, transposes and an integer Gaussian-elimination determinant, printing checksums and selected elements.
// corpus-args: 37
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define MAXN 64

static int32_t ia[MAXN][MAXN], ib[MAXN][MAXN], ic[MAXN][MAXN];
static int64_t la[MAXN][MAXN], lc[MAXN][MAXN];
static float fa[MAXN][MAXN], fb[MAXN][MAXN], fc[MAXN][MAXN], fd[MAXN][MAXN];
static double da[MAXN][MAXN], db[MAXN][MAXN], dc[MAXN][MAXN], dt[MAXN][MAXN];

static uint32_t fnv(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    return h;
}

static uint32_t seed = 99;
static int32_t rnd(int m) { seed = seed * 1103515245u + 12345u; return (int32_t)((seed >> 10) % (2 * m + 1)) - m; }

static void imul(int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int32_t s = 0;
            for (int k = 0; k < n; k++) s += ia[i][k] * ib[k][j];
            ic[i][j] = s;
        }
}

static void lmul_ikj(int n)
{
    memset(lc, 0, sizeof lc);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            int64_t aik = la[i][k];
            for (int j = 0; j < n; j++) lc[i][j] += aik * la[k][j];
        }
}

static void fmul_blocked(int n)
{
    enum { B = 8 };
    memset(fc, 0, sizeof fc);
    for (int ii = 0; ii < n; ii += B)
        for (int kk = 0; kk < n; kk += B)
            for (int jj = 0; jj < n; jj += B)
                for (int i = ii; i < ii + B && i < n; i++)
                    for (int k = kk; k < kk + B && k < n; k++) {
                        float aik = fa[i][k];
                        for (int j = jj; j < jj + B && j < n; j++) fc[i][j] += aik * fb[k][j];
                    }
}

static void fmul_naive(int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float s = 0;
            for (int k = 0; k < n; k++) s += fa[i][k] * fb[k][j];
            fd[i][j] = s;
        }
}

static void dmul_transposed(int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) dt[j][i] = db[i][j];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) s += da[i][k] * dt[j][k];
            dc[i][j] = s;
        }
}

/* Bareiss fraction-free elimination keeps every intermediate an exact integer determinant of a minor. */
static int64_t det_bareiss(int n)
{
    static int64_t m[MAXN][MAXN];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) m[i][j] = ia[i][j] % 4;
    int64_t prev = 1, sign = 1;
    for (int k = 0; k < n - 1; k++) {
        if (m[k][k] == 0) {
            int p = k + 1;
            while (p < n && m[p][k] == 0) p++;
            if (p == n) return 0;
            for (int j = 0; j < n; j++) { int64_t t = m[k][j]; m[k][j] = m[p][j]; m[p][j] = t; }
            sign = -sign;
        }
        for (int i = k + 1; i < n; i++)
            for (int j = k + 1; j < n; j++) m[i][j] = (m[i][j] * m[k][k] - m[i][k] * m[k][j]) / prev;
        prev = m[k][k];
    }
    return sign * m[n - 1][n - 1];
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 37;
    if (n < 2 || n > MAXN) n = 37;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            ia[i][j] = rnd(1000); ib[i][j] = rnd(1000);
            la[i][j] = rnd(100000);
            fa[i][j] = rnd(500) / 64.0f; fb[i][j] = rnd(500) / 32.0f;
            da[i][j] = rnd(1 << 20) / 1024.0; db[i][j] = rnd(1 << 20) / 3.0;
        }
    imul(n);
    printf("int32  n=%d hash=%08x c[0][0]=%d c[n-1][n-1]=%d\n", n, fnv(ic, sizeof ic), ic[0][0], ic[n - 1][n - 1]);
    lmul_ikj(n);
    printf("int64  hash=%08x c[1][2]=%lld\n", fnv(lc, sizeof lc), (long long)lc[1][2]);
    fmul_blocked(n);
    fmul_naive(n);
    float maxdiff = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float d = fc[i][j] - fd[i][j];
            if (d < 0) d = -d;
            if (d > maxdiff) maxdiff = d;
        }
    printf("float  hash=%08x %08x c[2][3]=%.6f maxdiff=%a\n", fnv(fc, sizeof fc), fnv(fd, sizeof fd), fc[2][3], maxdiff);
    dmul_transposed(n);
    double tr = 0;
    for (int i = 0; i < n; i++) tr += dc[i][i];
    printf("double hash=%08x trace=%.17g c[3][1]=%e\n", fnv(dc, sizeof dc), tr, dc[3][1]);
    double v[MAXN], r[MAXN];
    for (int i = 0; i < n; i++) v[i] = 1.0 / (i + 1);
    for (int i = 0; i < n; i++) { r[i] = 0; for (int j = 0; j < n; j++) r[i] += da[i][j] * v[j]; }
    printf("matvec r[0]=%.12g r[n-1]=%.12g\n", r[0], r[n - 1]);
    for (int s = 2; s <= 12; s += 5) printf("det%d=%lld\n", s, (long long)det_bareiss(s));
    return 0;
}
