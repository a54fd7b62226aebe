// recursion: ackermann, fibonacci, hanoi, mutual recursion, permutations, n-queens and a 100000-deep recursion.
#include <stdio.h>
#include <string.h>

static unsigned long ack(unsigned long m, unsigned long n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static long moves;
static unsigned long hanoi_sig;
static void hanoi(int n, int from, int to, int via)
{
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    moves++;
    hanoi_sig = hanoi_sig * 3 + (unsigned long)(from * 3 + to);
    hanoi(n - 1, via, to, from);
}

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

/* Hofstadter Female/Male sequences: genuinely mutually recursive. */
static int hof_m(int n);
static int hof_f(int n) { return n == 0 ? 1 : n - hof_m(hof_f(n - 1)); }
static int hof_m(int n) { return n == 0 ? 0 : n - hof_f(hof_m(n - 1)); }

static long deep(long n, volatile char *marker)
{
    volatile char local = (char)n;
    if (n == 0) return *marker;
    return deep(n - 1, &local) + (local & 1);
}

static int queens(int row, int n, unsigned cols, unsigned d1, unsigned d2)
{
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        unsigned a = 1u << c, b = 1u << (row + c), d = 1u << (row - c + n);
        if ((cols & a) || (d1 & b) || (d2 & d)) continue;
        count += queens(row + 1, n, cols | a, d1 | b, d2 | d);
    }
    return count;
}

static int perm_count;
static unsigned long perm_sig;
static void permute(char *s, int k, int n)
{
    if (k == n) {
        perm_count++;
        for (int i = 0; i < n; i++) perm_sig = perm_sig * 7 + (unsigned long)(s[i] - 'a');
        if (perm_count <= 3 || perm_count == 720) printf("perm %d: %s\n", perm_count, s);
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

static double power_rec(double x, int n)
{
    if (n == 0) return 1;
    if (n < 0) return 1 / power_rec(x, -n);
    double h = power_rec(x, n / 2);
    return n % 2 ? h * h * x : h * h;
}

static long gcd(long a, long b) { return b == 0 ? a : gcd(b, a % b); }

int main(void)
{
    for (unsigned long m = 0; m <= 3; m++) {
        printf("ack(%lu,n):", m);
        for (unsigned long n = 0; n <= 5; n++) printf(" %lu", ack(m, n));
        printf("\n");
    }
    printf("fib:");
    for (int i = 0; i <= 24; i += 3) printf(" %ld", fib(i));
    printf("\n");
    hanoi(16, 0, 2, 1);
    printf("hanoi moves=%ld sig=%lu\n", moves, hanoi_sig);
    printf("even/odd: %d %d %d %d\n", is_even(10000), is_odd(10000), is_even(7777), is_odd(7777));
    printf("hofstadter F:");
    for (int i = 0; i < 20; i++) printf(" %d", hof_f(i));
    printf("\nhofstadter M:");
    for (int i = 0; i < 20; i++) printf(" %d", hof_m(i));
    printf("\n");
    volatile char start = 5;
    printf("deep(100000)=%ld\n", deep(100000, &start));
    for (int n = 4; n <= 8; n++) printf("queens(%d)=%d\n", n, queens(0, n, 0, 0, 0));
    char s[] = "abcdef";
    permute(s, 0, 6);
    printf("perms=%d sig=%lu\n", perm_count, perm_sig);
    printf("pow: %.17g %.17g %.17g\n", power_rec(1.0001, 10000), power_rec(2, -10), power_rec(-3, 15));
    printf("gcd: %ld %ld %ld\n", gcd(1071, 462), gcd(832040, 514229), gcd(1L << 40, 6L << 20));
    return 0;
}
