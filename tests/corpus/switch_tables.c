// Exercises switch statements compiled to jump tables (dense cases, byte/halfword offset tables), sparse switches compiled to compare trees, switch-based state machines, computed goto and lookup-table switches (char classes, string-to-enum dispatch).
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define NI __attribute__((noinline))

NI int dense(int x)
{
    switch (x) {
    case 0: return 11;
    case 1: return x * 3 + 7;
    case 2: return -5;
    case 3: return 1000;
    case 4: return x << 4;
    case 5: return 77;
    case 6: return 6 * 6;
    case 7: return -x;
    case 8: return 12345;
    case 9: return 9 ^ 0x55;
    case 10: return 31;
    case 11: return 0;
    case 12: return 1 << 20;
    case 13: return -13000;
    case 14: return 14 * 14 * 14;
    case 15: return 42;
    default: return -1;
    }
}

NI unsigned long wide(unsigned x, unsigned long acc)
{
    /* Many cases with distinct bodies force a table of code offsets. */
    switch (x) {
    case 100: acc += 1; break;
    case 101: acc *= 3; break;
    case 102: acc -= 17; break;
    case 103: acc ^= 0x5A5A; break;
    case 104: acc <<= 2; break;
    case 105: acc >>= 1; break;
    case 106: acc = 0 - acc; break;
    case 107: acc |= 0x100; break;
    case 108: acc &= 0xFFFF; break;
    case 109: acc += acc / 7; break;
    case 110: acc %= 1000003; break;
    case 111: acc = acc * acc % 65521; break;
    case 112: acc += 112; break;
    case 113: acc -= 113 * 2; break;
    case 114: acc ^= acc >> 3; break;
    case 115: acc = ~acc; break;
    case 116: acc += 0x7FFFFFFF; break;
    case 117: acc /= 3; break;
    case 118: acc *= -5; break;
    case 119: acc = acc + (acc << 5); break;
    case 120: case 121: case 122: acc += x; break;
    case 130: acc -= 130; break;
    default: acc += 1000000; break;
    }
    return acc;
}

NI int sparse(int64_t x)
{
    switch (x) {
    case -1000000000000ll: return 1;
    case -65536: return 2;
    case -1: return 3;
    case 0: return 4;
    case 17: return 5;
    case 255: return 6;
    case 4096: return 7;
    case 99999: return 8;
    case 1ll << 40: return 9;
    case 0x7FFFFFFFFFFFFFFFll: return 10;
    default: return 0;
    }
}

NI char cls(unsigned char c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 'V';
    case '0' ... '9': return 'D';
    case 'A' ... 'Z': return 'U';
    case ' ': case '\t': case '\n': return 'S';
    case '.': case ',': case ';': case '!': case '?': return 'P';
    case 'b' ... 'd': case 'f' ... 'h': case 'j' ... 'n': case 'p' ... 't': case 'v' ... 'z': return 'C';
    default: return c >= 128 ? 'H' : 'O';
    }
}

/* A small bytecode interpreter: a jump-table switch per opcode. */
enum { OP_PUSH, OP_ADD, OP_SUB, OP_MUL, OP_DUP, OP_SWAP, OP_JNZ, OP_DEC, OP_PRINT, OP_HALT, OP_OVER, OP_DROP };
NI uint64_t interp(const int *code)
{
    int64_t st[64];
    int sp = 0, pc = 0, steps = 0;
    uint64_t out = 0;
    for (;;) {
        steps++;
        switch (code[pc++]) {
        case OP_PUSH: st[sp++] = code[pc++]; break;
        case OP_ADD: sp--; st[sp - 1] += st[sp]; break;
        case OP_SUB: sp--; st[sp - 1] -= st[sp]; break;
        case OP_MUL: sp--; st[sp - 1] *= st[sp]; break;
        case OP_DUP: st[sp] = st[sp - 1]; sp++; break;
        case OP_SWAP: { int64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; } break;
        case OP_JNZ: { int target = code[pc++]; if (st[--sp]) pc = target; } break;
        case OP_DEC: st[sp - 1]--; break;
        case OP_PRINT: out = out * 31 + (uint64_t)st[sp - 1]; break;
        case OP_OVER: st[sp] = st[sp - 2]; sp++; break;
        case OP_DROP: sp--; break;
        case OP_HALT: return out * 1000 + steps;
        default: return 1;
        }
    }
}

NI uint64_t interp_goto(const int *code)
{
    static void *const ops[] = { &&l_push, &&l_add, &&l_sub, &&l_mul, &&l_dup, &&l_swap, &&l_jnz, &&l_dec, &&l_print, &&l_halt, &&l_over, &&l_drop };
    int64_t st[64];
    int sp = 0, pc = 0;
    uint64_t out = 0;
#define NEXT goto *ops[code[pc++]]
    NEXT;
l_push: st[sp++] = code[pc++]; NEXT;
l_add: sp--; st[sp - 1] += st[sp]; NEXT;
l_sub: sp--; st[sp - 1] -= st[sp]; NEXT;
l_mul: sp--; st[sp - 1] *= st[sp]; NEXT;
l_dup: st[sp] = st[sp - 1]; sp++; NEXT;
l_swap: { int64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; } NEXT;
l_jnz: { int target = code[pc++]; if (st[--sp]) pc = target; } NEXT;
l_dec: st[sp - 1]--; NEXT;
l_print: out = out * 31 + (uint64_t)st[sp - 1]; NEXT;
l_over: st[sp] = st[sp - 2]; sp++; NEXT;
l_drop: sp--; NEXT;
l_halt: return out;
#undef NEXT
}

static int keyword(const char *s)
{
    switch (s[0]) {
    case 'i': return strcmp(s, "if") == 0 ? 1 : strcmp(s, "int") == 0 ? 2 : 0;
    case 'w': return strcmp(s, "while") == 0 ? 3 : 0;
    case 'r': return strcmp(s, "return") == 0 ? 4 : 0;
    case 'f': return strcmp(s, "for") == 0 ? 5 : strcmp(s, "float") == 0 ? 6 : 0;
    case 'e': return strcmp(s, "else") == 0 ? 7 : strcmp(s, "enum") == 0 ? 8 : 0;
    case 's': return strcmp(s, "switch") == 0 ? 9 : strcmp(s, "struct") == 0 ? 10 : 0;
    default: return 0;
    }
}

int main(void)
{
    unsigned long acc = 0;
    for (int x = -3; x < 20; x++) printf("%d ", dense(x));
    printf("\n");
    for (int i = 0; i < 2000; i++) acc = wide(95 + (unsigned)(i * 7 % 40), acc);
    printf("wide acc=%lu\n", acc);
    static const int64_t sv[] = { -1000000000000ll, -65536, -65535, -1, 0, 1, 17, 255, 256, 4096, 99999, 1ll << 40, 0x7FFFFFFFFFFFFFFFll, 42 };
    for (unsigned i = 0; i < sizeof sv / sizeof sv[0]; i++) printf("%d", sparse(sv[i]));
    printf("\n");
    const char *text = "Hello, World! The quick brown fox jumps over 13 lazy dogs.\tEnd?\n\x80\xff~";
    for (const char *p = text; *p; p++) putchar(cls((unsigned char)*p));
    printf("\n");
    unsigned hist[8] = { 0 };
    for (int c = 0; c < 256; c++) hist[(unsigned char)cls((unsigned char)c) % 8]++;
    for (int i = 0; i < 8; i++) printf("%u ", hist[i]);
    printf("\n");
    /* computes 10! and the countdown 10..1, printing partial products */
    static const int prog[] = { OP_PUSH, 1, OP_PUSH, 10, /* 4: */ OP_DUP, OP_PRINT, OP_DROP, OP_SWAP, OP_OVER, OP_MUL, OP_PRINT, OP_SWAP,
                                OP_DEC, OP_DUP, OP_JNZ, 4, OP_DROP, OP_PRINT, OP_HALT };
    printf("interp=%llu goto=%llu\n", (unsigned long long)interp(prog), (unsigned long long)interp_goto(prog));
    const char *words[] = { "if", "int", "while", "return", "for", "float", "else", "enum", "switch", "struct", "sw", "", "interp", "fo" };
    for (unsigned i = 0; i < sizeof words / sizeof words[0]; i++) printf("%s=%d ", words[i], keyword(words[i]));
    printf("\n");
    return 0;
}
