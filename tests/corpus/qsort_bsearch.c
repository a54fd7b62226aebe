// qsort_bsearch: qsort/bsearch with several comparators (ints, doubles, strings, structs, stable key tricks).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t rng = 12345;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

struct person { char name[12]; int age; double score; int id; };
static int cmp_person(const void *a, const void *b)
{
    const struct person *p = a, *q = b;
    if (p->age != q->age) return p->age - q->age;
    if (p->score != q->score) return p->score < q->score ? 1 : -1;
    return p->id - q->id;
}
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    enum { N = 3000 };
    static int v[N];
    for (int i = 0; i < N; i++) v[i] = (int)(next() % 20001) - 10000;
    qsort(v, N, sizeof v[0], cmp_int);
    int sorted = 1;
    long long chk = 0;
    for (int i = 1; i < N; i++) sorted &= v[i - 1] <= v[i];
    for (int i = 0; i < N; i++) chk = chk * 31 + v[i];
    printf("ints sorted=%d min=%d max=%d median=%d chk=%lld\n", sorted, v[0], v[N - 1], v[N / 2], chk);
    int found = 0, missing = 0;
    for (int k = -10050; k <= 10050; k += 37) {
        int *p = bsearch(&k, v, N, sizeof v[0], cmp_int);
        if (p) {
            found++;
            if (*p != k) printf("bad bsearch\n");
        } else
            missing++;
    }
    printf("bsearch found=%d missing=%d\n", found, missing);
    qsort(v, N, sizeof v[0], cmp_int_desc);
    printf("desc first=%d last=%d\n", v[0], v[N - 1]);

    static double dv[777];
    for (int i = 0; i < 777; i++) dv[i] = ((int)(next() % 100000) - 50000) / 37.0;
    qsort(dv, 777, sizeof dv[0], cmp_dbl);
    double s = 0;
    for (int i = 0; i < 777; i++) s += dv[i] * (i % 5);
    printf("doubles first=%.6f last=%.6f weighted=%.6f\n", dv[0], dv[776], s);

    static const char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "grape", "lemon",
        "mango", "apricot", "plum", "quince", "lime", "orange", "papaya", "melon", "nectarine", "Zucchini", "avocado"};
    const char *w[20];
    memcpy(w, words, sizeof w);
    qsort(w, 20, sizeof w[0], cmp_str);
    for (int i = 0; i < 20; i++) printf("%s%c", w[i], i == 19 ? '\n' : ' ');
    const char *key = "lime";
    const char **hit = bsearch(&key, w, 20, sizeof w[0], cmp_str);
    printf("lime at %td\n", hit ? hit - w : -1);

    struct person ps[60];
    for (int i = 0; i < 60; i++) {
        snprintf(ps[i].name, sizeof ps[i].name, "p%u", next() % 1000);
        ps[i].age = 20 + (int)(next() % 8);
        ps[i].score = (next() % 1000) / 10.0;
        ps[i].id = i;
    }
    qsort(ps, 60, sizeof ps[0], cmp_person);
    for (int i = 0; i < 60; i += 6) printf("%s/%d/%.1f/%d ", ps[i].name, ps[i].age, ps[i].score, ps[i].id);
    printf("\n");

    static uint64_t u[2048];
    for (int i = 0; i < 2048; i++) u[i] = ((uint64_t)next() << 32 | next()) >> (next() % 40);
    qsort(u, 2048, sizeof u[0], cmp_u64);
    uint64_t x = 0;
    int dups = 0;
    for (int i = 0; i < 2048; i++) {
        x = x * 1099511628211ULL ^ u[i];
        if (i && u[i] == u[i - 1]) dups++;
    }
    printf("u64 min=%llu max=%llu hash=%016llx dups=%d\n", (unsigned long long)u[0], (unsigned long long)u[2047],
           (unsigned long long)x, dups);
    /* Sorting small arrays of every length 0..40 (insertion-sort paths). */
    unsigned long long acc = 0;
    for (int n = 0; n <= 40; n++) {
        int a[40];
        for (int i = 0; i < n; i++) a[i] = (int)(next() % 50);
        qsort(a, (size_t)n, sizeof a[0], cmp_int);
        for (int i = 0; i < n; i++) acc = acc * 7 + (unsigned)a[i];
    }
    printf("small acc=%llu\n", acc);
    return 0;
}
