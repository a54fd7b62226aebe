// Exercises indirect calls: function-pointer tables, callbacks through qsort/bsearch, vtable-style structs of pointers, functions returning function pointers, variadic functions called indirectly, recursion through pointers and tail calls.
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>

typedef int64_t (*binop)(int64_t, int64_t);
static int64_t op_add(int64_t a, int64_t b) { return a + b; }
static int64_t op_sub(int64_t a, int64_t b) { return a - b; }
static int64_t op_mul(int64_t a, int64_t b) { return a * b; }
static int64_t op_div(int64_t a, int64_t b) { return b ? a / b : 0; }
static int64_t op_mod(int64_t a, int64_t b) { return b ? a % b : 0; }
static int64_t op_and(int64_t a, int64_t b) { return a & b; }
static int64_t op_or(int64_t a, int64_t b) { return a | b; }
static int64_t op_xor(int64_t a, int64_t b) { return a ^ b; }
static int64_t op_shl(int64_t a, int64_t b) { return (int64_t)((uint64_t)a << (b & 63)); }
static int64_t op_max(int64_t a, int64_t b) { return a > b ? a : b; }

static const binop table[] = { op_add, op_sub, op_mul, op_div, op_mod, op_and, op_or, op_xor, op_shl, op_max };
static const char *const names[] = { "add", "sub", "mul", "div", "mod", "and", "or", "xor", "shl", "max" };

/* vtable-style polymorphism */
struct shape;
struct shape_ops {
    double (*area)(const struct shape *);
    double (*perimeter)(const struct shape *);
    const char *(*name)(void);
};
struct shape { const struct shape_ops *ops; double a, b; };
static double rect_area(const struct shape *s) { return s->a * s->b; }
static double rect_per(const struct shape *s) { return 2 * (s->a + s->b); }
static const char *rect_name(void) { return "rect"; }
static double circ_area(const struct shape *s) { return 3.141592653589793 * s->a * s->a; }
static double circ_per(const struct shape *s) { return 2 * 3.141592653589793 * s->a; }
static const char *circ_name(void) { return "circle"; }
static double tri_area(const struct shape *s) { return 0.5 * s->a * s->b; }
static double tri_per(const struct shape *s) { return s->a + s->b + __builtin_sqrt(s->a * s->a + s->b * s->b); }
static const char *tri_name(void) { return "triangle"; }
static const struct shape_ops rect_ops = { rect_area, rect_per, rect_name };
static const struct shape_ops circ_ops = { circ_area, circ_per, circ_name };
static const struct shape_ops tri_ops = { tri_area, tri_per, tri_name };

static int cmp_int(const void *x, const void *y) { int a = *(const int *)x, b = *(const int *)y; return (a > b) - (a < b); }
static int cmp_int_desc(const void *x, const void *y) { return cmp_int(y, x); }
static int cmp_str(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

typedef int (*unary)(int);
static int inc(int x) { return x + 1; }
static int dbl(int x) { return x * 2; }
static int sq(int x) { return x * x; }
static int neg(int x) { return -x; }
static unary pick(int k) { static const unary u[] = { inc, dbl, sq, neg }; return u[k & 3]; }
static int compose(unary f, unary g, int x) { return f(g(x)); }

static int64_t vsum(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    int64_t s = 0;
    for (int i = 0; i < n; i++) {
        if (i % 3 == 2) s += (int64_t)(va_arg(ap, double) * 100);
        else s += va_arg(ap, int64_t);
    }
    va_end(ap);
    return s;
}

/* Mutual recursion through pointers. */
static int is_even(unsigned n);
static int is_odd(unsigned n);
static int (*volatile even_p)(unsigned) = is_even;
static int (*volatile odd_p)(unsigned) = is_odd;
static int is_even(unsigned n) { return n == 0 ? 1 : odd_p(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : even_p(n - 1); }

static uint64_t fold(const int *a, int n, uint64_t init, uint64_t (*f)(uint64_t, int))
{
    for (int i = 0; i < n; i++) init = f(init, a[i]);
    return init;
}
static uint64_t f_hash(uint64_t h, int v) { return (h ^ (uint32_t)v) * 0x100000001B3ull; }
static uint64_t f_sum(uint64_t h, int v) { return h + (uint64_t)(int64_t)v; }

static void each(void (*cb)(void *, int), void *ctx, int n) { for (int i = 0; i < n; i++) cb(ctx, i); }
static void cb_acc(void *ctx, int i) { *(long *)ctx += (long)i * i; }
static void cb_print(void *ctx, int i) { (void)ctx; if (i % 4 == 0) printf("[%d]", i); }

int main(void)
{
    int64_t vals[] = { 1000, -7, 3, 0, 123456789, -98765, 64, 5 };
    uint64_t h = 0;
    for (int i = 0; i < 10; i++) {
        printf("%s:", names[i]);
        for (int j = 0; j < 8; j++) {
            int64_t r = table[i](vals[j], vals[(j + 3) % 8]);
            h = h * 31 + (uint64_t)r;
            printf(" %lld", (long long)r);
        }
        printf("\n");
    }
    binop volatile chosen = table[7];
    printf("table hash=%016llx chosen=%lld\n", (unsigned long long)h, (long long)chosen(0xF0F0, 0xFF));

    struct shape shapes[] = { { &rect_ops, 3, 4.5 }, { &circ_ops, 2.5, 0 }, { &tri_ops, 3, 4 }, { &rect_ops, 0.1, 100 } };
    double total = 0;
    for (unsigned i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const struct shape *s = &shapes[i];
        printf("%-8s area=%.6f perim=%.6f\n", s->ops->name(), s->ops->area(s), s->ops->perimeter(s));
        total += s->ops->area(s);
    }
    printf("total=%.10g\n", total);

    int arr[97];
    uint32_t seed = 5;
    for (int i = 0; i < 97; i++) { seed = seed * 1664525u + 1013904223u; arr[i] = (int)(seed >> 16) - 32768; }
    qsort(arr, 97, sizeof arr[0], cmp_int);
    printf("sorted: %d %d %d ... %d\n", arr[0], arr[1], arr[2], arr[96]);
    int key = arr[50];
    int *found = bsearch(&key, arr, 97, sizeof arr[0], cmp_int);
    printf("bsearch index=%d\n", found ? (int)(found - arr) : -1);
    qsort(arr, 97, sizeof arr[0], cmp_int_desc);
    printf("desc: %d %d fold=%016llx sum=%lld\n", arr[0], arr[96], (unsigned long long)fold(arr, 97, 1469598103934665603ull, f_hash),
           (long long)fold(arr, 97, 0, f_sum));
    const char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "apricot" };
    qsort(words, 8, sizeof words[0], cmp_str);
    for (int i = 0; i < 8; i++) printf("%s ", words[i]);
    printf("\n");

    for (int k = 0; k < 4; k++)
        for (int m = 0; m < 4; m++) printf("%d%c", compose(pick(k), pick(m), 7), m == 3 ? '\n' : ' ');
    int64_t (*volatile vs)(int, ...) = vsum;
    printf("vsum=%lld\n", (long long)vs(7, (int64_t)1, (int64_t)2, 3.5, (int64_t)-4, (int64_t)5, 6.25, (int64_t)1000000000000ll));
    printf("even(1001)=%d odd(777)=%d\n", even_p(1001), odd_p(777));
    long acc = 0;
    each(cb_acc, &acc, 100);
    each(cb_print, NULL, 20);
    printf(" acc=%ld\n", acc);
    return 0;
}
