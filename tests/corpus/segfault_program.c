// segfault_program: prints to stdout, flushes, then stores through a NULL pointer (SIGSEGV: exit status 139).
#include <stdio.h>
#include <stdlib.h>

/* volatile keeps the compiler from treating the store as undefined and dropping or trapping it differently. */
static int *volatile target = NULL;

int main(int argc, char **argv)
{
    (void)argv;
    int values[8];
    for (int i = 0; i < 8; i++) values[i] = i * i + argc;
    printf("values:");
    for (int i = 0; i < 8; i++) printf(" %d", values[i]);
    printf("\nwriting through NULL now\n");
    fflush(stdout);
    *target = values[7];
    printf("not reached\n");
    return 0;
}
