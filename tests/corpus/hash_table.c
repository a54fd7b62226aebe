// Exercises an open-addressing hash table with string keys and a chained integer hash table: inserts, lookups, deletions with tombstones, resizing, and several hash functions (FNV-1a, murmur-style mixing, CRC32 bit by bit); prints counts and checksums.
// corpus-args: 4000
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static uint64_t fnv1a(const char *s) { uint64_t h = 1469598103934665603ull; while (*s) { h ^= (unsigned char)*s++; h *= 1099511628211ull; } return h; }
static uint64_t mix64(uint64_t x) { x ^= x >> 33; x *= 0xff51afd7ed558ccdull; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ull; x ^= x >> 33; return x; }
static uint32_t crc32(const char *s)
{
    uint32_t c = 0xFFFFFFFFu;
    while (*s) {
        c ^= (unsigned char)*s++;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return ~c;
}

enum { EMPTY, FULL, TOMB };
struct slot { char *key; int64_t val; uint8_t state; };
struct table { struct slot *s; size_t cap, used, tombs; };

static void tinit(struct table *t, size_t cap) { t->s = calloc(cap, sizeof *t->s); t->cap = cap; t->used = t->tombs = 0; }
static void tput(struct table *t, const char *k, int64_t v);
static void grow(struct table *t)
{
    struct table n;
    tinit(&n, t->cap * 2);
    for (size_t i = 0; i < t->cap; i++)
        if (t->s[i].state == FULL) { tput(&n, t->s[i].key, t->s[i].val); free(t->s[i].key); }
    free(t->s);
    *t = n;
}
static struct slot *tfind(struct table *t, const char *k)
{
    size_t i = fnv1a(k) & (t->cap - 1);
    for (size_t probe = 1;; probe++) {
        struct slot *s = &t->s[i];
        if (s->state == EMPTY) return NULL;
        if (s->state == FULL && strcmp(s->key, k) == 0) return s;
        i = (i + probe) & (t->cap - 1);
    }
}
static void tput(struct table *t, const char *k, int64_t v)
{
    if ((t->used + t->tombs + 1) * 4 > t->cap * 3) grow(t);
    struct slot *f = tfind(t, k);
    if (f) { f->val = v; return; }
    size_t i = fnv1a(k) & (t->cap - 1);
    for (size_t probe = 1;; probe++) {
        struct slot *s = &t->s[i];
        if (s->state != FULL) {
            if (s->state == TOMB) t->tombs--;
            s->key = strdup(k); s->val = v; s->state = FULL; t->used++;
            return;
        }
        i = (i + probe) & (t->cap - 1);
    }
}
static int tdel(struct table *t, const char *k)
{
    struct slot *s = tfind(t, k);
    if (!s) return 0;
    free(s->key); s->key = NULL; s->state = TOMB; t->used--; t->tombs++;
    return 1;
}

struct cnode { uint64_t key; uint32_t count; struct cnode *next; };

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 4000;
    struct table t;
    tinit(&t, 16);
    char key[32];
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "k%d_%x", i * 7919 % 10007, i * 31);
        tput(&t, key, (int64_t)i * i - 5000);
    }
    printf("inserted used=%zu cap=%zu\n", t.used, t.cap);
    int found = 0; int64_t sum = 0;
    for (int i = 0; i < n + 500; i++) {
        snprintf(key, sizeof key, "k%d_%x", i * 7919 % 10007, i * 31);
        struct slot *s = tfind(&t, key);
        if (s) { found++; sum += s->val; }
    }
    printf("found=%d sum=%lld\n", found, (long long)sum);
    int del = 0;
    for (int i = 0; i < n; i += 3) {
        snprintf(key, sizeof key, "k%d_%x", i * 7919 % 10007, i * 31);
        del += tdel(&t, key);
    }
    for (int i = 0; i < n; i += 5) {
        snprintf(key, sizeof key, "k%d_%x", i * 7919 % 10007, i * 31);
        tput(&t, key, -i);
    }
    found = 0; sum = 0;
    uint64_t order = 0;
    for (size_t i = 0; i < t.cap; i++)
        if (t.s[i].state == FULL) { found++; sum += t.s[i].val; order = order * 33 + fnv1a(t.s[i].key); }
    printf("after delete=%d reinsert: used=%zu tombs=%zu found=%d sum=%lld order=%016llx\n", del, t.used, t.tombs, found, (long long)sum,
           (unsigned long long)order);
    for (size_t i = 0; i < t.cap; i++) free(t.s[i].key);
    free(t.s);

    /* chained table counting repeats of mixed integers */
    enum { NB = 257 };
    struct cnode *buckets[NB] = { 0 };
    uint64_t x = 1;
    for (int i = 0; i < n * 2; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        uint64_t k = (x >> 40) % 1500;
        uint64_t b = mix64(k) % NB;
        struct cnode *c = buckets[b];
        while (c && c->key != k) c = c->next;
        if (!c) { c = malloc(sizeof *c); c->key = k; c->count = 0; c->next = buckets[b]; buckets[b] = c; }
        c->count++;
    }
    int distinct = 0, longest = 0; uint32_t maxc = 0; uint64_t maxk = 0;
    for (int b = 0; b < NB; b++) {
        int len = 0;
        for (struct cnode *c = buckets[b]; c; c = c->next) {
            len++; distinct++;
            if (c->count > maxc || (c->count == maxc && c->key < maxk)) { maxc = c->count; maxk = c->key; }
        }
        if (len > longest) longest = len;
        while (buckets[b]) { struct cnode *c = buckets[b]->next; free(buckets[b]); buckets[b] = c; }
    }
    printf("chained distinct=%d longest=%d max key=%llu count=%u\n", distinct, longest, (unsigned long long)maxk, maxc);
    const char *words[] = { "", "a", "abc", "message digest", "The quick brown fox jumps over the lazy dog", "123456789" };
    for (int i = 0; i < 6; i++) printf("crc32(\"%s\")=%08x fnv=%016llx mix=%016llx\n", words[i], crc32(words[i]), (unsigned long long)fnv1a(words[i]),
                                       (unsigned long long)mix64(fnv1a(words[i])));
    return 0;
}
