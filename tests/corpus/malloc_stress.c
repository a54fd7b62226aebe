// malloc_stress: many malloc/calloc/realloc/free of varied sizes (incl. large mmap-backed blocks), with content checks.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint64_t state = 88172645463325252ULL;
static uint64_t rnd(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

struct slot { uint8_t *p; size_t n; uint8_t tag; };

static int check(const struct slot *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->p[i] != (uint8_t)(s->tag + i)) return 0;
    return 1;
}
static void fill(struct slot *s)
{
    for (size_t i = 0; i < s->n; i++) s->p[i] = (uint8_t)(s->tag + i);
}

int main(void)
{
    enum { SLOTS = 256, OPS = 6000 };
    static struct slot slots[SLOTS];
    size_t live = 0, peak = 0, allocs = 0, frees = 0, reallocs = 0;
    int bad = 0;
    for (int op = 0; op < OPS; op++) {
        struct slot *s = &slots[rnd() % SLOTS];
        uint64_t r = rnd();
        size_t n;
        switch (r % 8) {
        case 0: n = r >> 60; break;
        case 1: n = 16 + (r >> 58); break;
        case 2: n = 100 + (r >> 54); break;
        case 3: n = 1000 + (r >> 52) % 3000; break;
        case 4: n = (op % 97 == 0) ? 100000 + (r >> 50) % 60000 : 24; break;
        default: n = 1 + (r >> 56); break;
        }
        if (s->p) {
            if (!check(s)) bad++;
            if (r & 0x100) {
                size_t old = s->n;
                uint8_t *q = realloc(s->p, n ? n : 1);
                if (!q) { bad++; continue; }
                s->p = q;
                size_t keep = old < n ? old : n;
                for (size_t i = 0; i < keep; i++)
                    if (q[i] != (uint8_t)(s->tag + i)) { bad++; break; }
                live += n;
                live -= old;
                s->n = n;
                fill(s);
                reallocs++;
            } else {
                live -= s->n;
                free(s->p);
                s->p = NULL;
                s->n = 0;
                frees++;
            }
        } else {
            s->tag = (uint8_t)r;
            if (r & 0x200) {
                s->p = calloc(n ? n : 1, 1);
                for (size_t i = 0; i < n; i++)
                    if (s->p[i]) { bad++; break; }
            } else
                s->p = malloc(n ? n : 1);
            if (!s->p) { bad++; continue; }
            s->n = n;
            fill(s);
            live += n;
            allocs++;
        }
        if (live > peak) peak = live;
    }
    size_t remaining = 0;
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].p) {
            if (!check(&slots[i])) bad++;
            remaining++;
            free(slots[i].p);
        }
    }
    printf("allocs=%zu frees=%zu reallocs=%zu remaining=%zu peak=%zu live_end=%zu bad=%d\n", allocs, frees, reallocs,
           remaining, peak, live, bad);
    /* A linked list built, reversed, and freed. */
    struct node { struct node *next; long v; char pad[40]; };
    struct node *head = NULL;
    for (long i = 0; i < 5000; i++) {
        struct node *n = malloc(sizeof *n);
        n->v = i * i % 1009;
        n->next = head;
        head = n;
    }
    struct node *prev = NULL;
    while (head) {
        struct node *nx = head->next;
        head->next = prev;
        prev = head;
        head = nx;
    }
    long sum = 0, idx = 0;
    while (prev) {
        struct node *nx = prev->next;
        sum += prev->v * (idx++ % 13);
        free(prev);
        prev = nx;
    }
    printf("list sum=%ld n=%ld\n", sum, idx);
    /* Aligned allocations. */
    int aligned = 0;
    for (size_t al = 16; al <= 4096; al *= 2) {
        void *p = aligned_alloc(al, al * 3);
        void *q = NULL;
        int rc = posix_memalign(&q, al, 100);
        aligned += ((uintptr_t)p % al == 0) + (rc == 0 && (uintptr_t)q % al == 0);
        memset(p, 1, al * 3);
        free(p);
        free(q);
    }
    printf("aligned ok=%d\n", aligned);
    /* One big block touched sparsely. */
    size_t big = 64u << 20;
    uint8_t *b = malloc(big);
    unsigned long long t = 0;
    if (b) {
        for (size_t i = 0; i < big; i += 65536) b[i] = (uint8_t)(i >> 16);
        for (size_t i = 0; i < big; i += 65536) t += b[i];
        free(b);
    }
    printf("big ok=%d t=%llu\n", b != NULL, t);
    return bad != 0;
}
