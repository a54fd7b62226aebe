// Exercises pointer-chasing data structures on the heap: singly and doubly linked lists (insert, delete, reverse, merge sort), a circular list (Josephus), an intrusive list, and a binary search tree; results are printed as values and checksums, never addresses.
// corpus-args: 3000
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <stddef.h>

struct node { int64_t val; struct node *next; };
struct dnode { int val; struct dnode *prev, *next; };
struct tnode { int key; int count; struct tnode *l, *r; };

static uint32_t seed = 2024;
static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

static struct node *push(struct node *h, int64_t v)
{
    struct node *n = malloc(sizeof *n);
    n->val = v; n->next = h;
    return n;
}
static struct node *reverse(struct node *h)
{
    struct node *p = NULL;
    while (h) { struct node *n = h->next; h->next = p; p = h; h = n; }
    return p;
}
static struct node *merge(struct node *a, struct node *b)
{
    struct node head, *t = &head;
    while (a && b) {
        if (a->val <= b->val) { t->next = a; a = a->next; } else { t->next = b; b = b->next; }
        t = t->next;
    }
    t->next = a ? a : b;
    return head.next;
}
static struct node *msort(struct node *h)
{
    if (!h || !h->next) return h;
    struct node *slow = h, *fast = h->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *b = slow->next;
    slow->next = NULL;
    return merge(msort(h), msort(b));
}
static struct node *remove_if_div(struct node *h, int64_t d, int *removed)
{
    struct node **pp = &h;
    while (*pp) {
        if ((*pp)->val % d == 0) { struct node *x = *pp; *pp = x->next; free(x); (*removed)++; }
        else pp = &(*pp)->next;
    }
    return h;
}
static uint64_t list_hash(const struct node *h, int *len)
{
    uint64_t s = 1469598103934665603ull;
    *len = 0;
    for (; h; h = h->next) { s = (s ^ (uint64_t)h->val) * 1099511628211ull; (*len)++; }
    return s;
}

static struct tnode *tinsert(struct tnode *t, int key, int *depth, int d)
{
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = key; t->count = 1;
        if (d > *depth) *depth = d;
        return t;
    }
    if (key < t->key) t->l = tinsert(t->l, key, depth, d + 1);
    else if (key > t->key) t->r = tinsert(t->r, key, depth, d + 1);
    else t->count++;
    return t;
}
static void tinorder(const struct tnode *t, uint64_t *h, int *n, int *prev, int *sorted)
{
    if (!t) return;
    tinorder(t->l, h, n, prev, sorted);
    if (t->key <= *prev) *sorted = 0;
    *prev = t->key;
    *h = *h * 31 + (uint64_t)t->key * t->count;
    (*n)++;
    tinorder(t->r, h, n, prev, sorted);
}
static void tfree(struct tnode *t) { if (t) { tfree(t->l); tfree(t->r); free(t); } }

/* Intrusive list: the link lives inside the payload; container_of recovers it. */
struct link { struct link *next, *prev; };
struct item { char name[8]; int weight; struct link lk; };
#define container_of(p, T, m) ((T *)((char *)(p) - offsetof(T, m)))

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 3000;
    struct node *h = NULL;
    for (int i = 0; i < n; i++) h = push(h, (int64_t)(rnd() % 100000) - 50000);
    int len;
    printf("built len hash=%016llx", (unsigned long long)list_hash(h, &len));
    printf(" len=%d\n", len);
    h = reverse(h);
    printf("reversed hash=%016llx\n", (unsigned long long)list_hash(h, &len));
    h = msort(h);
    int ok = 1;
    for (struct node *p = h; p && p->next; p = p->next) if (p->val > p->next->val) ok = 0;
    printf("sorted ok=%d first=%lld hash=%016llx\n", ok, (long long)h->val, (unsigned long long)list_hash(h, &len));
    int removed = 0;
    h = remove_if_div(h, 3, &removed);
    printf("removed=%d hash=%016llx len=", removed, (unsigned long long)list_hash(h, &len));
    printf("%d\n", len);
    while (h) { struct node *x = h->next; free(h); h = x; }

    /* doubly linked ring for Josephus: remove every k-th */
    struct dnode *ring = NULL, *last = NULL;
    int m = n / 3 + 5;
    for (int i = 1; i <= m; i++) {
        struct dnode *d = malloc(sizeof *d);
        d->val = i;
        if (!ring) { ring = d; d->prev = d->next = d; }
        else { d->prev = last; d->next = ring; last->next = d; ring->prev = d; }
        last = d;
    }
    struct dnode *cur = last;
    uint64_t order = 0;
    for (int left = m; left > 1; left--) {
        for (int k = 0; k < 7; k++) cur = cur->next;
        struct dnode *victim = cur;
        cur = victim->prev;
        victim->prev->next = victim->next;
        victim->next->prev = victim->prev;
        order = order * 131 + (uint64_t)victim->val;
        free(victim);
    }
    printf("josephus m=%d survivor=%d order=%016llx\n", m, cur->val, (unsigned long long)order);
    free(cur);

    struct tnode *root = NULL;
    int depth = 0;
    for (int i = 0; i < n; i++) root = tinsert(root, (int)(rnd() % 5000), &depth, 1);
    uint64_t th = 0;
    int cnt = 0, prev = -1, sorted = 1;
    tinorder(root, &th, &cnt, &prev, &sorted);
    printf("bst distinct=%d depth=%d sorted=%d hash=%016llx\n", cnt, depth, sorted, (unsigned long long)th);
    tfree(root);

    struct item items[6] = { { "ant", 3, { 0 } }, { "bee", 9, { 0 } }, { "cat", 1, { 0 } }, { "dog", 7, { 0 } }, { "eel", 4, { 0 } }, { "fox", 8, { 0 } } };
    struct link headl = { &headl, &headl };
    for (int i = 0; i < 6; i++) {
        /* insertion sort by weight, descending */
        struct link *pos = headl.next;
        while (pos != &headl && container_of(pos, struct item, lk)->weight > items[i].weight) pos = pos->next;
        struct link *l = &items[i].lk;
        l->next = pos; l->prev = pos->prev; pos->prev->next = l; pos->prev = l;
    }
    for (struct link *l = headl.next; l != &headl; l = l->next) printf("%s:%d ", container_of(l, struct item, lk)->name, container_of(l, struct item, lk)->weight);
    printf("\n");
    for (struct link *l = headl.prev; l != &headl; l = l->prev) printf("%s ", container_of(l, struct item, lk)->name);
    printf("\n");
    return 0;
}
