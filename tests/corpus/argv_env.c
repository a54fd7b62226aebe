// argv_env: command-line arguments and the environment: argc/argv, getenv, setenv/unsetenv/putenv, environ.
// corpus-args: alpha beta 42 -x --long=value
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int count_environ(void)
{
    int n = 0;
    for (char **e = environ; *e; e++) n++;
    return n;
}

static void show(const char *name)
{
    const char *v = getenv(name);
    printf("getenv(%s)=%s%s%s\n", name, v ? "\"" : "", v ? v : "(null)", v ? "\"" : "");
}

int main(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    printf("argv[0] present=%d nonempty=%d\n", argv[0] != NULL, argv[0] && argv[0][0] != 0);
    long numsum = 0;
    for (int i = 1; i < argc; i++) {
        char *end;
        long v = strtol(argv[i], &end, 10);
        int numeric = *argv[i] && !*end;
        if (numeric) numsum += v;
        printf("argv[%d]=\"%s\" len=%zu numeric=%d option=%d\n", i, argv[i], strlen(argv[i]), numeric,
               argv[i][0] == '-');
        if (strncmp(argv[i], "--", 2) == 0) {
            char *eq = strchr(argv[i], '=');
            if (eq) printf("  long option name=%.*s value=%s\n", (int)(eq - argv[i] - 2), argv[i] + 2, eq + 1);
        }
    }
    printf("argv[argc]==NULL: %d numeric sum=%ld\n", argv[argc] == NULL, numsum);
    show("WARP64_TEST");
    show("CORPUS_MODE");
    show("THIS_VARIABLE_IS_ABSENT");
    int n0 = count_environ();
    printf("environ entries=%d\n", n0);
    /* Only the variables the test sets are printed, in sorted order: emulators differ in how they order the
       initial environment block. */
    const char *mine[2] = {NULL, NULL};
    for (char **e = environ; *e; e++) {
        if (strncmp(*e, "CORPUS_MODE=", 12) == 0) mine[0] = *e;
        if (strncmp(*e, "WARP64_TEST=", 12) == 0) mine[1] = *e;
    }
    for (int i = 0; i < 2; i++) printf("  env: %s\n", mine[i] ? mine[i] : "(missing)");
    printf("setenv=%d\n", setenv("NEW_VAR", "hello world", 0));
    show("NEW_VAR");
    printf("setenv no overwrite=%d\n", setenv("NEW_VAR", "ignored", 0));
    show("NEW_VAR");
    printf("setenv overwrite=%d\n", setenv("NEW_VAR", "replaced", 1));
    show("NEW_VAR");
    printf("entries now=%d\n", count_environ() - n0);
    static char put[] = "PUT_VAR=from putenv";
    printf("putenv=%d\n", putenv(put));
    show("PUT_VAR");
    printf("unsetenv=%d\n", unsetenv("NEW_VAR"));
    show("NEW_VAR");
    printf("unsetenv absent=%d\n", unsetenv("NEVER_SET"));
    printf("setenv bad name=%d\n", setenv("BAD=NAME", "x", 1));
    printf("entries delta=%d\n", count_environ() - n0);
    for (int i = 0; i < 20; i++) {
        char name[16], val[16];
        snprintf(name, sizeof name, "V%02d", i);
        snprintf(val, sizeof val, "%d", i * i);
        setenv(name, val, 1);
    }
    long s = 0;
    for (int i = 0; i < 20; i += 2) {
        char name[16];
        snprintf(name, sizeof name, "V%02d", i);
        s += atol(getenv(name));
        unsetenv(name);
    }
    printf("sum of even squares=%ld delta=%d\n", s, count_environ() - n0);
    printf("clearenv=%d environ entries=%d\n", clearenv(), environ ? count_environ() : 0);
    show("WARP64_TEST");
    return 0;
}
