// Exercises floating-point iteration: Mandelbrot and Julia sets in double, float and 32.32 fixed point, rendered as ASCII art, with escape-count histograms and smooth-colouring values printed with %f.
// corpus-args: 72 28 200
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

static int mandel_d(double cr, double ci, int maxit, double *smooth)
{
    double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
    int i = 0;
    while (i < maxit && zr2 + zi2 <= 4.0) {
        zi = 2 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr; zi2 = zi * zi;
        i++;
    }
    if (smooth) *smooth = i < maxit ? i + 1 - log2(log(sqrt(zr2 + zi2))) : (double)maxit;
    return i;
}
static int mandel_f(float cr, float ci, int maxit)
{
    float zr = 0, zi = 0;
    int i = 0;
    for (; i < maxit; i++) {
        float t = zr * zr - zi * zi + cr;
        zi = 2.0f * zr * zi + ci;
        zr = t;
        if (zr * zr + zi * zi > 4.0f) break;
    }
    return i;
}
/* Fixed point with 28 fractional bits keeps |z|^2 <= 16 inside int64 products. */
static int mandel_fx(int64_t cr, int64_t ci, int maxit)
{
    const int F = 28;
    int64_t zr = 0, zi = 0;
    int i = 0;
    for (; i < maxit; i++) {
        int64_t zr2 = (zr * zr) >> F, zi2 = (zi * zi) >> F;
        if (zr2 + zi2 > (4ll << F)) break;
        int64_t nzi = ((zr * zi) >> (F - 1)) + ci;
        zr = zr2 - zi2 + cr;
        zi = nzi;
    }
    return i;
}
static int julia(double zr, double zi, double cr, double ci, int maxit)
{
    int i = 0;
    while (i < maxit && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        i++;
    }
    return i;
}

int main(int argc, char **argv)
{
    int w = argc > 1 ? atoi(argv[1]) : 72, h = argc > 2 ? atoi(argv[2]) : 28, maxit = argc > 3 ? atoi(argv[3]) : 200;
    static const char pal[] = " .:-=+*#%@";
    unsigned hist[10] = { 0 };
    uint64_t sum_d = 0, sum_f = 0, sum_x = 0;
    int diff_f = 0, diff_x = 0;
    double smooth_sum = 0;
    for (int y = 0; y < h; y++) {
        char line[512];
        int x;
        for (x = 0; x < w && x < 511; x++) {
            double cr = -2.2 + 3.0 * x / w, ci = -1.2 + 2.4 * y / h, sm;
            int it = mandel_d(cr, ci, maxit, &sm);
            int itf = mandel_f((float)cr, (float)ci, maxit);
            int itx = mandel_fx((int64_t)llround(cr * (1 << 28)), (int64_t)llround(ci * (1 << 28)), maxit);
            sum_d += (uint64_t)it; sum_f += (uint64_t)itf; sum_x += (uint64_t)itx;
            diff_f += it != itf; diff_x += it != itx;
            smooth_sum += sm;
            int idx = it >= maxit ? 9 : (int)(sqrt((double)it / maxit) * 9);
            hist[idx]++;
            line[x] = pal[idx];
        }
        line[x] = 0;
        printf("%s|\n", line);
    }
    printf("iters double=%llu float=%llu fixed=%llu diff_f=%d diff_x=%d smooth=%.6f\n", (unsigned long long)sum_d, (unsigned long long)sum_f,
           (unsigned long long)sum_x, diff_f, diff_x, smooth_sum);
    for (int i = 0; i < 10; i++) printf("%u ", hist[i]);
    printf("\n");
    uint64_t jh = 0;
    for (int y = 0; y < 40; y++)
        for (int x = 0; x < 60; x++) jh = jh * 131 + (uint64_t)julia(-1.5 + 3.0 * x / 60, -1.0 + 2.0 * y / 40, -0.8, 0.156, 150);
    printf("julia hash=%016llx\n", (unsigned long long)jh);
    static const double pts[][2] = { { -0.75, 0.1 }, { 0.285, 0.01 }, { -1.25, 0.0 }, { 0.3, 0.5 }, { -0.1011, 0.9563 } };
    for (int i = 0; i < 5; i++) {
        double sm;
        int it = mandel_d(pts[i][0], pts[i][1], 1000, &sm);
        printf("c=(%g,%g) it=%d smooth=%.10f %e\n", pts[i][0], pts[i][1], it, sm, sm / 1000);
    }
    return 0;
}
