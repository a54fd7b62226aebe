// setjmp_longjmp: setjmp/longjmp across frames, sigsetjmp/siglongjmp from a signal handler, and callee-saved register preservation.
#include <stdio.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;

static void dive(int n)
{
    volatile char pad[64];
    pad[n % 64] = (char)n;
    depth_reached = n + pad[n % 64] * 0;
    if (n == 50) longjmp(env, n * 3);
    if (n > 1000) return;
    dive(n + 1);
}

static double fp_work(double x, int n)
{
    for (int i = 0; i < n; i++) x = x * 1.0000001 + 0.5;
    return x;
}

static void throw_from_fp(double *out)
{
    *out = fp_work(1.0, 100);
    longjmp(env, 7);
}

static void on_signal(int sig)
{
    siglongjmp(senv, sig);
}

/* A tiny exception mechanism built on a stack of jmp_bufs. */
static jmp_buf *handlers[8];
static int nh;
static void raise_err(int code)
{
    longjmp(*handlers[nh - 1], code);
}
static int try_divide(int a, int b, int *out)
{
    jmp_buf h;
    handlers[nh++] = &h;
    int code = setjmp(h);
    if (code == 0) {
        if (b == 0) raise_err(100 + a);
        *out = a / b;
        nh--;
        return 0;
    }
    nh--;
    return code;
}

int main(void)
{
    volatile int count = 0;
    int r = setjmp(env);
    printf("setjmp returned %d (count %d)\n", r, count);
    if (count++ < 3) {
        if (count == 1) dive(0);
        if (count == 2) {
            double d = 0;
            throw_from_fp(&d);
        }
        longjmp(env, 0); /* longjmp with 0 makes setjmp return 1 */
    }
    printf("depth reached %d\n", depth_reached);

    /* Values held in callee-saved registers across setjmp. */
    volatile long a = 11, b = 22;
    volatile double fa = 1.5, fb = -2.25;
    if (setjmp(env) == 0) {
        a = 111;
        fa = 3.75;
        longjmp(env, 1);
    }
    printf("after jump a=%ld b=%ld fa=%g fb=%g\n", a, b, fa, fb);

    fflush(stdout);
    signal(SIGUSR1, on_signal);
    signal(SIGSEGV, on_signal);
    for (volatile int i = 0; i < 3; i++) {
        int s = sigsetjmp(senv, 1);
        if (s == 0) {
            if (i == 0) raise(SIGUSR1);
            else if (i == 1) kill(getpid(), SIGUSR1);
            else printf("no signal on round %d\n", i);
        } else
            printf("caught signal %s on round %d\n", s == SIGUSR1 ? "SIGUSR1" : "other", i);
    }
    /* After siglongjmp with savesigs=1 the signal is unblocked again, so it can be delivered once more. */
    if (sigsetjmp(senv, 1) == 0) raise(SIGUSR1);
    else printf("caught again\n");
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("SIGUSR1 blocked after jumps: %d\n", sigismember(&cur, SIGUSR1));

    int results[6], codes[6];
    int nums[6][2] = {{10, 2}, {7, 0}, {-9, 3}, {5, 0}, {100, 7}, {0, 0}};
    for (int i = 0; i < 6; i++) {
        results[i] = -1;
        codes[i] = try_divide(nums[i][0], nums[i][1], &results[i]);
    }
    for (int i = 0; i < 6; i++) printf("div %d/%d -> code %d result %d\n", nums[i][0], nums[i][1], codes[i], results[i]);
    return 0;
}
