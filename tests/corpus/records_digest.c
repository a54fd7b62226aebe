// records_digest: SCALE records generated from SEED, each formatted with snprintf into a malloc'd line, parsed back with sscanf and strtod, sorted with qsort and digested; bench program.
// corpus-args: 300 7
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record {
    char name[24];
    long id;
    double amount;
    unsigned flags;
    char *line;
};

static uint64_t state;
static uint64_t next_random(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1DULL;
}

static void make_record(struct record *r)
{
    static const char *syllables[] = {"ka", "lo", "mi", "ne", "ru", "sta", "vo", "qui", "zen", "ba"};
    size_t n = 0;
    int parts = 2 + (int)(next_random() % 4);
    for (int i = 0; i < parts; i++) {
        const char *s = syllables[next_random() % 10];
        size_t l = strlen(s);
        memcpy(r->name + n, s, l);
        n += l;
    }
    r->name[n] = '\0';
    r->id = (long)(next_random() % 2000000) - 1000000;
    r->amount = (double)(next_random() % 100000000) / 100.0;
    r->flags = (unsigned)next_random();
}

/* "name,id,amount,flags" in a buffer of exactly the formatted size. */
static char *format_record(const struct record *r)
{
    const char *format = "%s,%ld,%.2f,%08x";
    int length = snprintf(NULL, 0, format, r->name, r->id, r->amount, r->flags);
    char *line = malloc((size_t)length + 1);
    snprintf(line, (size_t)length + 1, format, r->name, r->id, r->amount, r->flags);
    return line;
}

static int parse_record(const char *line, struct record *r)
{
    int used = 0;
    if (sscanf(line, "%23[^,],%ld,%n", r->name, &r->id, &used) != 2) return 0;
    char *end;
    r->amount = strtod(line + used, &end);
    if (*end != ',') return 0;
    r->flags = (unsigned)strtoul(end + 1, &end, 16);
    return *end == '\0';
}

static int by_amount_name_id(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    if (x->amount != y->amount) return x->amount < y->amount ? -1 : 1;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    return (x->id > y->id) - (x->id < y->id);
}

int main(int argc, char **argv)
{
    long count = argc > 1 ? atol(argv[1]) : 300;
    unsigned long long seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    if (count < 1) count = 1;
    state = seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
    struct record *original = malloc(sizeof *original * (size_t)count);
    struct record *parsed = malloc(sizeof *parsed * (size_t)count);
    long mismatches = 0;
    for (long i = 0; i < count; i++) {
        make_record(&original[i]);
        original[i].line = format_record(&original[i]);
        if (!parse_record(original[i].line, &parsed[i])) {
            mismatches++;
            parsed[i] = original[i];
            continue;
        }
        /* The amount went through "%.2f": compare it as the text it printed. */
        char printed[64], reparsed[64];
        snprintf(printed, sizeof printed, "%.2f", original[i].amount);
        snprintf(reparsed, sizeof reparsed, "%.2f", parsed[i].amount);
        mismatches += strcmp(original[i].name, parsed[i].name) != 0 || original[i].id != parsed[i].id ||
                      strcmp(printed, reparsed) != 0 || original[i].flags != parsed[i].flags;
        parsed[i].line = original[i].line;
    }
    qsort(parsed, (size_t)count, sizeof *parsed, by_amount_name_id);

    uint64_t digest = 0xcbf29ce484222325ULL;
    long long cents = 0, id_sum = 0;
    for (long i = 0; i < count; i++) {
        for (const char *p = parsed[i].line; *p; p++) digest = (digest ^ (unsigned char)*p) * 0x100000001b3ULL;
        cents += (long long)(parsed[i].amount * 100.0 + 0.5);
        id_sum += parsed[i].id;
    }
    printf("records=%ld seed=%llu mismatches=%ld\n", count, seed, mismatches);
    printf("lowest:  %s\nhighest: %s\n", parsed[0].line, parsed[count - 1].line);
    printf("total=%lld.%02lld ids=%lld digest=%016llx\n", cents / 100, cents % 100, id_sum,
           (unsigned long long)digest);
    for (long i = 0; i < count; i++) free(original[i].line);
    free(original);
    free(parsed);
    return mismatches != 0;
}
