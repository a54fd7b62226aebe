// abort_program: prints to stdout and stderr, flushes, then calls abort() (SIGABRT: exit status 134).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char buf[64];
    snprintf(buf, sizeof buf, "about to abort after %d lines", 2);
    printf("line 1\n%s\n", buf);
    fprintf(stderr, "stderr before abort (%zu chars)\n", strlen(buf));
    fflush(stdout);
    /* This text stays in the stdio buffer: abort does not flush it. */
    printf("unflushed text that must not appear\n");
    abort();
    printf("not reached\n");
    return 0;
}
