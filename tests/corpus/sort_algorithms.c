// sort_algorithms: insertion, shell, heap, merge, quick (3 kinds), radix and counting sorts over int8/16/32/64, float and double arrays.
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static uint64_t rs = 0x853c49e6748fea9bULL;
static uint32_t rnd(void)
{
    uint64_t old = rs;
    rs = old * 6364136223846793005ULL + 1442695040888963407ULL;
    uint32_t x = (uint32_t)(((old >> 18) ^ old) >> 27);
    uint32_t rot = (uint32_t)(old >> 59);
    return x >> rot | x << ((32 - rot) & 31);
}

static unsigned long cmps, swaps;

#define SWAP(T, a, b) do { T t_ = (a); (a) = (b); (b) = t_; swaps++; } while (0)

static void insertion_i32(int32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && (cmps++, a[j] > v)) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void shell_i32(int32_t *a, int n)
{
    static const int gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
    for (int g = 0; g < 8; g++) {
        int gap = gaps[g];
        for (int i = gap; i < n; i++) {
            int32_t v = a[i];
            int j = i;
            while (j >= gap && (cmps++, a[j - gap] > v)) {
                a[j] = a[j - gap];
                j -= gap;
            }
            a[j] = v;
        }
    }
}

static void sift_down(int32_t *a, int start, int end)
{
    int root = start;
    while (2 * root + 1 <= end) {
        int child = 2 * root + 1, sw = root;
        if (cmps++, a[sw] < a[child]) sw = child;
        if (child + 1 <= end && (cmps++, a[sw] < a[child + 1])) sw = child + 1;
        if (sw == root) return;
        SWAP(int32_t, a[root], a[sw]);
        root = sw;
    }
}

static void heap_i32(int32_t *a, int n)
{
    for (int s = (n - 2) / 2; s >= 0; s--) sift_down(a, s, n - 1);
    for (int end = n - 1; end > 0; end--) {
        SWAP(int32_t, a[0], a[end]);
        sift_down(a, 0, end - 1);
    }
}

static void merge_i64(int64_t *a, int64_t *tmp, int lo, int hi)
{
    if (hi - lo < 2) return;
    int mid = lo + (hi - lo) / 2;
    merge_i64(a, tmp, lo, mid);
    merge_i64(a, tmp, mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) tmp[k++] = (cmps++, a[j] < a[i]) ? a[j++] : a[i++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (size_t)(hi - lo) * sizeof *a);
}

static void merge_bottom_up_f(float *a, float *tmp, int n)
{
    for (int w = 1; w < n; w *= 2) {
        for (int lo = 0; lo < n; lo += 2 * w) {
            int mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = (cmps++, a[j] < a[i]) ? a[j++] : a[i++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        memcpy(a, tmp, (size_t)n * sizeof *a);
    }
}

static void quick_lomuto_d(double *a, int lo, int hi)
{
    while (lo < hi) {
        double pivot = a[(lo + hi) / 2];
        SWAP(double, a[(lo + hi) / 2], a[hi]);
        int i = lo;
        for (int j = lo; j < hi; j++)
            if (cmps++, a[j] < pivot) {
                SWAP(double, a[i], a[j]);
                i++;
            }
        SWAP(double, a[i], a[hi]);
        /* Recurse into the smaller side to bound the stack depth. */
        if (i - lo < hi - i) {
            quick_lomuto_d(a, lo, i - 1);
            lo = i + 1;
        } else {
            quick_lomuto_d(a, i + 1, hi);
            hi = i - 1;
        }
    }
}

static void quick_hoare_i16(int16_t *a, int lo, int hi)
{
    if (lo >= hi) return;
    int16_t pivot = a[lo + (hi - lo) / 2];
    int i = lo - 1, j = hi + 1;
    for (;;) {
        do { i++; cmps++; } while (a[i] < pivot);
        do { j--; cmps++; } while (a[j] > pivot);
        if (i >= j) break;
        SWAP(int16_t, a[i], a[j]);
    }
    quick_hoare_i16(a, lo, j);
    quick_hoare_i16(a, j + 1, hi);
}

static void quick3_i8(int8_t *a, int lo, int hi)
{
    if (lo >= hi) return;
    int8_t p = a[lo];
    int lt = lo, gt = hi, i = lo + 1;
    while (i <= gt) {
        cmps++;
        if (a[i] < p) { SWAP(int8_t, a[lt], a[i]); lt++; i++; }
        else if (a[i] > p) { SWAP(int8_t, a[i], a[gt]); gt--; }
        else i++;
    }
    quick3_i8(a, lo, lt - 1);
    quick3_i8(a, gt + 1, hi);
}

static void radix_u32(uint32_t *a, uint32_t *tmp, int n)
{
    for (int shift = 0; shift < 32; shift += 8) {
        int count[257] = {0};
        for (int i = 0; i < n; i++) count[((a[i] >> shift) & 0xFF) + 1]++;
        for (int b = 0; b < 256; b++) count[b + 1] += count[b];
        for (int i = 0; i < n; i++) tmp[count[(a[i] >> shift) & 0xFF]++] = a[i];
        memcpy(a, tmp, (size_t)n * sizeof *a);
    }
}

static void counting_u8(uint8_t *a, int n)
{
    int count[256] = {0};
    for (int i = 0; i < n; i++) count[a[i]]++;
    int k = 0;
    for (int v = 0; v < 256; v++)
        while (count[v]--) a[k++] = (uint8_t)v;
}

#define REPORT(name, T, a, n, fmt, cast)                                                                           \
    do {                                                                                                           \
        int ok = 1;                                                                                                \
        uint64_t h = 0;                                                                                            \
        for (int i = 0; i < (n); i++) {                                                                            \
            if (i && (a)[i - 1] > (a)[i]) ok = 0;                                                                  \
            uint64_t bits = 0;                                                                                     \
            memcpy(&bits, &(a)[i], sizeof(T));                                                                     \
            h = (h ^ bits) * 0x100000001b3ULL;                                                                     \
            h ^= h >> 29;                                                                                          \
        }                                                                                                          \
        printf("%-14s n=%-5d sorted=%d first=" fmt " last=" fmt " hash=%016llx cmps=%lu swaps=%lu\n", name, (n), ok, \
               (cast)(a)[0], (cast)(a)[(n) - 1], (unsigned long long)h, cmps, swaps);                              \
        cmps = swaps = 0;                                                                                          \
    } while (0)

int main(void)
{
    enum { N = 2000 };
    static int32_t i32[N], i32b[N], i32c[N];
    static int64_t i64[N], t64[N];
    static float f[N], tf[N];
    static double d[N];
    static int16_t i16[N];
    static int8_t i8[N];
    static uint32_t u32[N], t32[N];
    static uint8_t u8[N];
    for (int i = 0; i < N; i++) {
        i32[i] = (int32_t)rnd() >> (rnd() % 20);
        i64[i] = (int64_t)((uint64_t)rnd() << 32 | rnd()) >> (rnd() % 50);
        f[i] = (float)((int32_t)rnd() % 100000) / 7.0f;
        d[i] = ((int32_t)rnd() % 1000000) * 1e-3 + (i % 3 ? 0 : -0.0);
        i16[i] = (int16_t)rnd();
        i8[i] = (int8_t)rnd();
        u32[i] = rnd();
        u8[i] = (uint8_t)(rnd() % 37 * 7);
    }
    memcpy(i32b, i32, sizeof i32);
    memcpy(i32c, i32, sizeof i32);
    insertion_i32(i32, 600);
    REPORT("insertion/i32", int32_t, i32, 600, "%d", int);
    shell_i32(i32b, N);
    REPORT("shell/i32", int32_t, i32b, N, "%d", int);
    heap_i32(i32c, N);
    REPORT("heap/i32", int32_t, i32c, N, "%d", int);
    merge_i64(i64, t64, 0, N);
    REPORT("merge/i64", int64_t, i64, N, "%lld", long long);
    merge_bottom_up_f(f, tf, N);
    REPORT("mergebu/float", float, f, N, "%.4f", double);
    quick_lomuto_d(d, 0, N - 1);
    REPORT("lomuto/double", double, d, N, "%.3f", double);
    quick_hoare_i16(i16, 0, N - 1);
    REPORT("hoare/i16", int16_t, i16, N, "%d", int);
    quick3_i8(i8, 0, N - 1);
    REPORT("3way/i8", int8_t, i8, N, "%d", int);
    radix_u32(u32, t32, N);
    REPORT("radix/u32", uint32_t, u32, N, "%u", unsigned);
    counting_u8(u8, N);
    REPORT("counting/u8", uint8_t, u8, N, "%u", unsigned);
    /* All sorts of i32 must agree. */
    printf("i32 agree: %d\n", memcmp(i32b, i32c, sizeof i32b) == 0);
    /* Already-sorted and reversed inputs. */
    for (int i = 0; i < N; i++) i32[i] = N - i;
    heap_i32(i32, N);
    REPORT("heap/reversed", int32_t, i32, N, "%d", int);
    shell_i32(i32, N);
    REPORT("shell/sorted", int32_t, i32, N, "%d", int);
    for (int i = 0; i < N; i++) d[i] = (i % 2 ? 1.0 : -1.0) * (i % 17);
    quick_lomuto_d(d, 0, N - 1);
    REPORT("lomuto/dups", double, d, N, "%.1f", double);
    return 0;
}
