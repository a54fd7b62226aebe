// Exercises time-related system calls and their libc wrappers: clock_gettime (REALTIME, MONOTONIC, BOOTTIME, PROCESS/THREAD_CPUTIME), clock_getres, gettimeofday, time, nanosleep and clock_nanosleep; prints only return codes and consistency checks, never the times themselves.
#include <stdio.h>
#include <stdint.h>
#include <time.h>
#include <errno.h>
#include <sys/time.h>

static int64_t ns(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000ll + t->tv_nsec; }

int main(void)
{
    struct timespec t0, t1, res;
    static const struct { clockid_t id; const char *name; } clocks[] = {
        { CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" }, { CLOCK_BOOTTIME, "BOOTTIME" },
        { CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME" }, { CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME" },
        { CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" }, { CLOCK_REALTIME_COARSE, "REALTIME_COARSE" }, { CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
    };
    for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
        int r0 = clock_gettime(clocks[i].id, &t0);
        int rr = clock_getres(clocks[i].id, &res);
        int nsok = t0.tv_nsec >= 0 && t0.tv_nsec < 1000000000;
        printf("%-16s gettime=%d nsec-in-range=%d getres=%d res>0=%d res<=10ms=%d\n", clocks[i].name, r0, nsok, rr, ns(&res) > 0, ns(&res) <= 10000000);
    }
    errno = 0;
    int bad = clock_gettime((clockid_t)12345, &t0);
    printf("bad clock: ret=%d EINVAL=%d\n", bad, errno == EINVAL);

    int mono_ok = 1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec prev = t0;
    for (int i = 0; i < 2000; i++) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (ns(&t) < ns(&prev)) mono_ok = 0;
        prev = t;
    }
    printf("monotonic non-decreasing over 2000 reads: %d\n", mono_ok);

    struct timeval tv;
    struct timespec rt;
    int rg = gettimeofday(&tv, NULL);
    clock_gettime(CLOCK_REALTIME, &rt);
    time_t tt = time(NULL), tt2;
    time(&tt2);
    printf("gettimeofday=%d usec-in-range=%d after-2020=%d\n", rg, tv.tv_usec >= 0 && tv.tv_usec < 1000000, tv.tv_sec > 1577836800);
    long long d1 = (long long)rt.tv_sec - tv.tv_sec, d2 = (long long)tt - rt.tv_sec;
    printf("realtime vs gettimeofday within 2s: %d, time() within 2s: %d, time(&t) agrees: %d\n", d1 >= -2 && d1 <= 2, d2 >= -2 && d2 <= 2,
           tt2 >= tt && tt2 - tt <= 2);

    struct timespec req = { 0, 1000000 }, rem = { 7, 7 };
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rs = nanosleep(&req, &rem);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int64_t el = ns(&t1) - ns(&t0);
    printf("nanosleep(1ms)=%d elapsed>=1ms=%d elapsed<5s=%d\n", rs, el >= 1000000, el < 5000000000ll);
    req.tv_nsec = 2000000;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("clock_nanosleep(rel 2ms)=%d elapsed>=2ms=%d\n", rc, ns(&t1) - ns(&t0) >= 2000000);
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += 1500000;
    if (until.tv_nsec >= 1000000000) { until.tv_nsec -= 1000000000; until.tv_sec++; }
    rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("clock_nanosleep(abs)=%d reached=%d\n", rc, ns(&t1) >= ns(&until));
    req.tv_sec = 0; req.tv_nsec = 1000000000;
    errno = 0;
    rs = nanosleep(&req, NULL);
    printf("nanosleep(invalid nsec)=%d EINVAL=%d\n", rs, errno == EINVAL);

    /* CPU time advances with work */
    struct timespec c0, c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    volatile uint64_t x = 1;
    for (int i = 0; i < 300000; i++) x = x * 6364136223846793005ull + 1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    printf("cputime non-decreasing=%d work=%llu\n", ns(&c1) >= ns(&c0), (unsigned long long)(x & 0xFFFF));

    /* calendar conversions of a fixed time are deterministic (UTC) */
    time_t fixed = 1700000000;
    struct tm tmv;
    gmtime_r(&fixed, &tmv);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &tmv);
    printf("gmtime(1700000000) = %s wday=%d yday=%d\n", buf, tmv.tm_wday, tmv.tm_yday);
    tmv.tm_mday += 40;
    time_t back = timegm(&tmv);
    printf("timegm(+40 days) = %lld (%04d-%02d-%02d)\n", (long long)back, tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday);
    return 0;
}
