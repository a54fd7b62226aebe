// Exercises classic dynamic programming over 2-D tables: edit distance, longest common subsequence with traceback, 0/1 knapsack, coin change counting (64-bit), longest increasing subsequence (patience + binary search), matrix-chain order, and Floyd-Warshall shortest paths.
// corpus-args: 400
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static uint32_t seed = 31337;
static uint32_t rnd(void) { seed = seed * 1103515245u + 12345u; return (seed >> 16) & 0x7FFF; }

static int min3(int a, int b, int c) { int m = a < b ? a : b; return m < c ? m : c; }

static int edit_distance(const char *a, const char *b)
{
    int n = (int)strlen(a), m = (int)strlen(b);
    int *prev = malloc(sizeof(int) * (size_t)(m + 1)), *cur = malloc(sizeof(int) * (size_t)(m + 1));
    for (int j = 0; j <= m; j++) prev[j] = j;
    for (int i = 1; i <= n; i++) {
        cur[0] = i;
        for (int j = 1; j <= m; j++) cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]));
        int *t = prev; prev = cur; cur = t;
    }
    int r = prev[m];
    free(prev); free(cur);
    return r;
}

static int lcs(const char *a, const char *b, char *out)
{
    int n = (int)strlen(a), m = (int)strlen(b);
    uint16_t *t = calloc((size_t)(n + 1) * (size_t)(m + 1), sizeof *t);
#define T(i, j) t[(size_t)(i) * (size_t)(m + 1) + (size_t)(j)]
    for (int i = 1; i <= n; i++)
        for (int j = 1; j <= m; j++)
            T(i, j) = a[i - 1] == b[j - 1] ? T(i - 1, j - 1) + 1 : (T(i - 1, j) > T(i, j - 1) ? T(i - 1, j) : T(i, j - 1));
    int len = T(n, m), k = len;
    out[k] = 0;
    for (int i = n, j = m; i > 0 && j > 0;) {
        if (a[i - 1] == b[j - 1]) { out[--k] = a[i - 1]; i--; j--; }
        else if (T(i - 1, j) >= T(i, j - 1)) i--;
        else j--;
    }
#undef T
    free(t);
    return len;
}

static int knapsack(const int *w, const int *v, int n, int cap, int *chosen)
{
    int *best = calloc((size_t)(n + 1) * (size_t)(cap + 1), sizeof(int));
#define B(i, c) best[(size_t)(i) * (size_t)(cap + 1) + (size_t)(c)]
    for (int i = 1; i <= n; i++)
        for (int c = 0; c <= cap; c++) {
            B(i, c) = B(i - 1, c);
            if (w[i - 1] <= c && B(i - 1, c - w[i - 1]) + v[i - 1] > B(i, c)) B(i, c) = B(i - 1, c - w[i - 1]) + v[i - 1];
        }
    int r = B(n, cap);
    *chosen = 0;
    for (int i = n, c = cap; i > 0; i--)
        if (B(i, c) != B(i - 1, c)) { (*chosen)++; c -= w[i - 1]; }
#undef B
    free(best);
    return r;
}

static uint64_t coin_ways(int amount, const int *coins, int nc)
{
    uint64_t *ways = calloc((size_t)amount + 1, sizeof *ways);
    ways[0] = 1;
    for (int k = 0; k < nc; k++)
        for (int a = coins[k]; a <= amount; a++) ways[a] += ways[a - coins[k]];
    uint64_t r = ways[amount];
    free(ways);
    return r;
}

static int lis(const int *a, int n)
{
    int *tails = malloc(sizeof(int) * (size_t)n), len = 0;
    for (int i = 0; i < n; i++) {
        int lo = 0, hi = len;
        while (lo < hi) { int mid = (lo + hi) / 2; if (tails[mid] < a[i]) lo = mid + 1; else hi = mid; }
        tails[lo] = a[i];
        if (lo == len) len++;
    }
    free(tails);
    return len;
}

static int64_t matrix_chain(const int *d, int n)
{
    static int64_t m[64][64];
    for (int i = 0; i < n; i++) m[i][i] = 0;
    for (int len = 2; len <= n; len++)
        for (int i = 0; i + len - 1 < n; i++) {
            int j = i + len - 1;
            m[i][j] = INT64_MAX;
            for (int k = i; k < j; k++) {
                int64_t c = m[i][k] + m[k + 1][j] + (int64_t)d[i] * d[k + 1] * d[j + 1];
                if (c < m[i][j]) m[i][j] = c;
            }
        }
    return m[0][n - 1];
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 400;
    if (n < 20 || n > 2000) n = 400;
    static const char *const pairs[][2] = { { "kitten", "sitting" }, { "flaw", "lawn" }, { "intention", "execution" }, { "", "abc" },
                                            { "dynamic programming", "dramatic programmer" } };
    for (int i = 0; i < 5; i++) {
        char out[64];
        int l = lcs(pairs[i][0], pairs[i][1], out);
        printf("ed(%s,%s)=%d lcs=%d \"%s\"\n", pairs[i][0], pairs[i][1], edit_distance(pairs[i][0], pairs[i][1]), l, out);
    }
    char *s1 = malloc((size_t)n + 1), *s2 = malloc((size_t)n + 1), *o = malloc((size_t)n + 1);
    for (int i = 0; i < n; i++) { s1[i] = (char)('a' + rnd() % 4); s2[i] = (char)('a' + rnd() % 4); }
    s1[n] = s2[n] = 0;
    int l = lcs(s1, s2, o);
    uint32_t hh = 0;
    for (int i = 0; i < l; i++) hh = hh * 31 + (uint8_t)o[i];
    printf("random n=%d ed=%d lcs=%d hash=%08x\n", n, edit_distance(s1, s2), l, hh);

    int w[60], v[60];
    for (int i = 0; i < 60; i++) { w[i] = 1 + (int)(rnd() % 50); v[i] = 1 + (int)(rnd() % 100); }
    int chosen;
    int best = knapsack(w, v, 60, n, &chosen);
    printf("knapsack cap=%d best=%d items=%d\n", n, best, chosen);

    static const int coins[] = { 1, 2, 5, 10, 20, 50, 100, 200 };
    printf("coin ways(200)=%llu ways(%d)=%llu ways(10000)=%llu\n", (unsigned long long)coin_ways(200, coins, 8), n * 10,
           (unsigned long long)coin_ways(n * 10, coins, 8), (unsigned long long)coin_ways(10000, coins, 8));

    int *seq = malloc(sizeof(int) * (size_t)n * 4);
    for (int i = 0; i < n * 4; i++) seq[i] = (int)(rnd() % 10000);
    printf("lis(%d)=%d\n", n * 4, lis(seq, n * 4));

    int dims[41];
    for (int i = 0; i < 41; i++) dims[i] = 5 + (int)(rnd() % 95);
    printf("matrix chain(40)=%lld\n", (long long)matrix_chain(dims, 40));

    enum { V = 48 };
    static int dist[V][V];
    const int INF = 1 << 28;
    for (int i = 0; i < V; i++)
        for (int j = 0; j < V; j++) dist[i][j] = i == j ? 0 : (rnd() % 5 == 0 ? 1 + (int)(rnd() % 100) : INF);
    for (int k = 0; k < V; k++)
        for (int i = 0; i < V; i++)
            for (int j = 0; j < V; j++)
                if (dist[i][k] + dist[k][j] < dist[i][j]) dist[i][j] = dist[i][k] + dist[k][j];
    int64_t ds = 0; int unreach = 0, diam = 0;
    for (int i = 0; i < V; i++)
        for (int j = 0; j < V; j++) {
            if (dist[i][j] >= INF) unreach++;
            else { ds += dist[i][j]; if (dist[i][j] > diam) diam = dist[i][j]; }
        }
    printf("floyd sum=%lld unreachable=%d diameter=%d d(0,47)=%d\n", (long long)ds, unreach, diam, dist[0][V - 1]);
    free(s1); free(s2); free(o); free(seq);
    return 0;
}
