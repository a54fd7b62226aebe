// exit_nonzero: output on stdout and stderr, an atexit handler, then exit status 3 returned from main.
#include <stdio.h>
#include <stdlib.h>

static void on_exit_1(void) { printf("atexit handler 1 runs last\n"); }
static void on_exit_2(void) { fprintf(stderr, "atexit handler 2 runs first\n"); }

int main(void)
{
    atexit(on_exit_1);
    atexit(on_exit_2);
    printf("stdout line 1\n");
    fprintf(stderr, "stderr line 1: code=%d\n", 3);
    unsigned sum = 0;
    for (unsigned i = 1; i <= 100; i++) sum += i * i;
    printf("sum of squares 1..100 = %u\n", sum);
    fprintf(stderr, "stderr line 2: returning %d\n", 3);
    /* Left unflushed on purpose: exit must flush stdio buffers. */
    printf("last stdout line, no newline");
    return 3;
}
