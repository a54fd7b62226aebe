// Exercises struct layout and copies: bit fields (signed/unsigned, straddling words, 64-bit containers), packed and aligned structs, unions for type punning, struct pass/return by value (small in registers, large via memory, HFA of floats/doubles), arrays of structs and flexible array members.
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct flags {
    unsigned a : 1;
    unsigned b : 3;
    signed c : 5;
    unsigned d : 7;
    signed e : 16;
};
struct wide_bits {
    uint64_t lo : 13;
    int64_t mid : 29;
    uint64_t hi : 22;
    unsigned char tag : 4;
    signed char s : 4;
};
struct __attribute__((packed)) packed {
    uint8_t k;
    uint32_t v;
    uint16_t w;
    uint64_t q;
};
struct aligned { char c; _Alignas(32) int x; short s; };
union pun { float f; uint32_t u; uint8_t b[4]; struct { uint16_t lo, hi; } h; };
union dpun { double d; uint64_t u; int32_t i[2]; };

struct small { int32_t x, y; };
struct medium { int64_t a, b; };
struct large { int64_t v[6]; char name[12]; };
struct hfa_f { float x, y, z; };
struct hfa_d { double re, im; };
struct mixed { char c; double d; short s; int i; };

#define NI __attribute__((noinline))
NI struct small add_small(struct small p, struct small q) { return (struct small){ p.x + q.x, p.y * q.y }; }
NI struct medium swap_medium(struct medium m) { return (struct medium){ m.b ^ 0x55, m.a - 1 }; }
NI struct large grow(struct large l, int k)
{
    for (int i = 0; i < 6; i++) l.v[i] = l.v[i] * k + i;
    l.name[0] = (char)('A' + k);
    return l;
}
NI struct hfa_f cross(struct hfa_f a, struct hfa_f b)
{
    return (struct hfa_f){ a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x };
}
NI struct hfa_d cmul(struct hfa_d a, struct hfa_d b) { return (struct hfa_d){ a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re }; }
NI struct mixed mk_mixed(char c, double d, short s, int i) { struct mixed m = { c, d, s, i }; return m; }
NI int flag_sum(struct flags f) { return f.a + f.b + f.c + f.d + f.e; }

struct fam { int n; int32_t data[]; };

static uint32_t fnv(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 16777619u; }
    return h;
}

int main(void)
{
    printf("sizes: flags=%zu wide=%zu packed=%zu aligned=%zu(off x=%zu s=%zu) large=%zu mixed=%zu(off d=%zu i=%zu)\n", sizeof(struct flags),
           sizeof(struct wide_bits), sizeof(struct packed), sizeof(struct aligned), offsetof(struct aligned, x), offsetof(struct aligned, s),
           sizeof(struct large), sizeof(struct mixed), offsetof(struct mixed, d), offsetof(struct mixed, i));

    struct flags f = { 0 };
    int total = 0;
    for (int i = 0; i < 200; i++) {
        f.a = i; f.b = i * 3; f.c = i - 100; f.d = i * 5; f.e = i * 1000 - 70000;
        f.c += 3; f.d++; f.e ^= 0x1234;
        total += flag_sum(f);
        if (i % 50 == 7) {
            uint32_t raw; memcpy(&raw, &f, 4);
            printf("flags i=%d a=%u b=%u c=%d d=%u e=%d raw=%08x\n", i, f.a, f.b, f.c, f.d, f.e, raw);
        }
    }
    printf("flag total=%d\n", total);

    struct wide_bits w = { 0 };
    uint64_t acc = 0;
    for (int64_t i = -50; i < 50; i++) {
        w.lo = (uint64_t)i * 977; w.mid = i * 9876543; w.hi = (uint64_t)i << 15; w.tag = (unsigned char)i; w.s = (signed char)i;
        w.mid >>= 1; w.lo += 4000;
        acc = acc * 1000003 + w.lo + (uint64_t)w.mid + w.hi + w.tag + (uint64_t)(int64_t)w.s;
    }
    printf("wide bits acc=%016llx last: lo=%llu mid=%lld hi=%llu tag=%u s=%d\n", (unsigned long long)acc, (unsigned long long)w.lo,
           (long long)w.mid, (unsigned long long)w.hi, w.tag, w.s);

    struct packed pk[5];
    for (int i = 0; i < 5; i++) { pk[i].k = (uint8_t)(i * 17); pk[i].v = 0x01020304u * (uint32_t)(i + 1); pk[i].w = (uint16_t)(i * 4000); pk[i].q = 0x1122334455667788ull >> i; }
    uint64_t ps = 0;
    for (int i = 0; i < 5; i++) ps += pk[i].k + pk[i].v + pk[i].w + pk[i].q;
    printf("packed hash=%08x sum=%llu\n", fnv(pk, sizeof pk), (unsigned long long)ps);

    union pun p;
    p.f = -1.5f;
    printf("pun f=%g u=%08x b=%02x %02x %02x %02x lo=%04x hi=%04x\n", p.f, p.u, p.b[0], p.b[1], p.b[2], p.b[3], p.h.lo, p.h.hi);
    p.u = 0x7F800001u;
    printf("pun nan? %d\n", p.f != p.f);
    union dpun dp = { .d = 1.0 / 3.0 };
    printf("dpun u=%016llx i=%d,%d\n", (unsigned long long)dp.u, dp.i[0], dp.i[1]);

    struct small s1 = { 7, -3 }, s2 = { 100, 9 };
    struct small s3 = add_small(s1, s2);
    struct medium m = swap_medium((struct medium){ 123456789012ll, -42 });
    struct large l = { { 1, 2, 3, 4, 5, 6 }, "structure" };
    struct large l2 = grow(l, 3);
    struct large l3 = l2;
    l3.v[5] = -1;
    printf("small %d %d medium %lld %lld large %lld %lld %s %s %lld\n", s3.x, s3.y, (long long)m.a, (long long)m.b, (long long)l2.v[0],
           (long long)l2.v[5], l2.name, l.name, (long long)l3.v[5]);
    struct hfa_f c = cross((struct hfa_f){ 1, 2, 3 }, (struct hfa_f){ -4, 5.5f, 0.25f });
    struct hfa_d z = { 1, 0 };
    for (int i = 0; i < 12; i++) z = cmul(z, (struct hfa_d){ 0.8, 0.6 });
    printf("cross %g %g %g cmul %.15f %.15f\n", c.x, c.y, c.z, z.re, z.im);
    struct mixed mx = mk_mixed('q', 2.75, -300, 123456);
    printf("mixed %c %g %d %d\n", mx.c, mx.d, mx.s, mx.i);

    struct aligned al[3];
    memset(al, 0, sizeof al);
    for (int i = 0; i < 3; i++) { al[i].c = (char)('a' + i); al[i].x = i * i - 5; al[i].s = (short)(i * 1000); }
    printf("aligned hash=%08x\n", fnv(al, sizeof al));

    struct fam *fa = malloc(sizeof *fa + 10 * sizeof(int32_t));
    fa->n = 10;
    for (int i = 0; i < fa->n; i++) fa->data[i] = i * i * i - 50;
    int32_t fs = 0;
    for (int i = 0; i < fa->n; i++) fs += fa->data[i];
    printf("fam sum=%d\n", fs);
    free(fa);

    struct small arr[8], arr2[8];
    for (int i = 0; i < 8; i++) arr[i] = (struct small){ i, -i * 3 };
    memcpy(arr2, arr, sizeof arr);
    struct small t = arr2[2]; arr2[2] = arr2[5]; arr2[5] = t;
    printf("arr %d %d %d %d cmp=%d\n", arr2[2].x, arr2[2].y, arr2[5].x, arr2[5].y, memcmp(arr, arr2, sizeof arr) != 0);
    return 0;
}
