// interpreter: a bytecode stack VM (arithmetic, compares, jumps, calls) running collatz/prime/gcd code generated from SEED; bench program.
// corpus-args: 300
// corpus-bench-args: 100000
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

enum op { HALT, PUSH, LD, ST, ADD, SUB, MUL, DIV, MOD, AND, XOR, SHL, SHR, LT, LE, EQ, NE, NOT, JMP, JZ, JNZ,
    CALL, RET, DUP, POP, INC, SWAP, NOPS };
static const char *const names[NOPS] = {"halt", "push", "ld", "st", "add", "sub", "mul", "div", "mod", "and", "xor",
    "shl", "shr", "lt", "le", "eq", "ne", "not", "jmp", "jz", "jnz", "call", "ret", "dup", "pop", "inc", "swap"};
static const int operands[NOPS] = {0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 0, 0, 0, 1, 0};

static int64_t code[1024];
static int pc_emit;
static int label_at[64];
static int fixups[256][2], nfix;

static void emit(int64_t w) { code[pc_emit++] = w; }
static void op0(enum op o) { emit(o); }
static void op1(enum op o, int64_t a) { emit(o); emit(a); }
static void jump(enum op o, int label)
{
    emit(o);
    fixups[nfix][0] = pc_emit;
    fixups[nfix++][1] = label;
    emit(0);
}
static void call(int label, int nargs)
{
    jump(CALL, label);
    emit(nargs);
}
static void here(int label) { label_at[label] = pc_emit; }

enum { L_MAIN, L_MAIN_LOOP, L_MAIN_END, L_COLLATZ, L_C_LOOP, L_C_EVEN, L_C_NEXT, L_C_END, L_PRIME, L_P_LOOP,
    L_P_NO, L_P_YES, L_GCD, L_G_LOOP, L_G_END, L_ENTRY, L_SUMDIG, L_S_LOOP, L_S_END };

/* Builds the program; SEED changes constants in the generated code. */
static void assemble(int64_t seed)
{
    int64_t mult = 7919 + (seed % 97) * 2, range = 50000 + (seed % 13) * 1000;
    here(L_ENTRY);
    call(L_MAIN, 2);
    op0(HALT);
    /* collatz(n): steps until n == 1 */
    here(L_COLLATZ);
    op1(PUSH, 0); op1(ST, 1);
    here(L_C_LOOP);
    op1(LD, 0); op1(PUSH, 1); op0(LE); jump(JNZ, L_C_END);
    op1(LD, 0); op1(PUSH, 1); op0(AND); jump(JZ, L_C_EVEN);
    op1(LD, 0); op1(PUSH, 3); op0(MUL); op1(PUSH, 1); op0(ADD); op1(ST, 0); jump(JMP, L_C_NEXT);
    here(L_C_EVEN);
    op1(LD, 0); op1(PUSH, 1); op0(SHR); op1(ST, 0);
    here(L_C_NEXT);
    op1(INC, 1); jump(JMP, L_C_LOOP);
    here(L_C_END);
    op1(LD, 1); op0(RET);
    /* isprime(n) by trial division */
    here(L_PRIME);
    op1(LD, 0); op1(PUSH, 2); op0(LT); jump(JNZ, L_P_NO);
    op1(PUSH, 2); op1(ST, 1);
    here(L_P_LOOP);
    op1(LD, 1); op0(DUP); op0(MUL); op1(LD, 0); op0(LE); jump(JZ, L_P_YES);
    op1(LD, 0); op1(LD, 1); op0(MOD); jump(JZ, L_P_NO);
    op1(INC, 1); jump(JMP, L_P_LOOP);
    here(L_P_YES); op1(PUSH, 1); op0(RET);
    here(L_P_NO); op1(PUSH, 0); op0(RET);
    /* gcd(a, b) */
    here(L_GCD);
    here(L_G_LOOP);
    op1(LD, 1); jump(JZ, L_G_END);
    op1(LD, 0); op1(LD, 1); op0(MOD); op1(LD, 1); op1(ST, 0); op1(ST, 1); jump(JMP, L_G_LOOP);
    here(L_G_END); op1(LD, 0); op0(RET);
    /* sumdigits(n) */
    here(L_SUMDIG);
    op1(PUSH, 0); op1(ST, 1);
    here(L_S_LOOP);
    op1(LD, 0); jump(JZ, L_S_END);
    op1(LD, 1); op1(LD, 0); op1(PUSH, 10); op0(MOD); op0(ADD); op1(ST, 1);
    op1(LD, 0); op1(PUSH, 10); op0(DIV); op1(ST, 0); jump(JMP, L_S_LOOP);
    here(L_S_END); op1(LD, 1); op0(RET);
    /* main(scale, seed): locals 0=scale 1=seed 2=i 3=acc 4=n */
    here(L_MAIN);
    op1(LD, 1); op1(ST, 3); op1(PUSH, 0); op1(ST, 2);
    here(L_MAIN_LOOP);
    op1(LD, 2); op1(LD, 0); op0(LT); jump(JZ, L_MAIN_END);
    op1(LD, 2); op1(PUSH, mult); op0(MUL); op1(LD, 1); op0(ADD); op1(PUSH, range); op0(MOD); op1(PUSH, 2); op0(ADD);
    op1(ST, 4);
    op1(LD, 3); op1(PUSH, 31); op0(MUL);
    op1(LD, 4); call(L_COLLATZ, 1); op0(ADD);
    op1(LD, 4); call(L_PRIME, 1); op1(PUSH, 1000); op0(MUL); op0(ADD);
    op1(LD, 4); op1(LD, 3); op1(PUSH, 65535); op0(AND); op1(PUSH, 1); op0(ADD); call(L_GCD, 2); op0(XOR);
    op1(LD, 4); call(L_SUMDIG, 1); op1(PUSH, 7); op0(SHL); op0(SWAP); op0(SUB);
    op1(PUSH, 0xffffffffffffLL); op0(AND);
    op1(ST, 3);
    op1(INC, 2); jump(JMP, L_MAIN_LOOP);
    here(L_MAIN_END);
    op1(LD, 3); op0(RET);
    for (int i = 0; i < nfix; i++) code[fixups[i][0]] = label_at[fixups[i][1]];
}

struct frame { int ret; int64_t local[8]; };

static int64_t run(int64_t scale, int64_t seed, uint64_t *executed, uint64_t counts[NOPS])
{
    int64_t stack[256];
    static struct frame frames[64];
    int sp = 0, fp = 0, pc = label_at[L_ENTRY];
    uint64_t n = 0;
    stack[sp++] = scale;
    stack[sp++] = seed;
    for (;;) {
        int64_t o = code[pc++], a, b;
        n++;
        counts[o]++;
        switch (o) {
        case HALT: *executed = n; return stack[sp - 1];
        case PUSH: stack[sp++] = code[pc++]; break;
        case LD: stack[sp++] = frames[fp].local[code[pc++]]; break;
        case ST: frames[fp].local[code[pc++]] = stack[--sp]; break;
        case ADD: b = stack[--sp]; stack[sp - 1] += b; break;
        case SUB: b = stack[--sp]; stack[sp - 1] -= b; break;
        case MUL: b = stack[--sp]; stack[sp - 1] *= b; break;
        case DIV: b = stack[--sp]; stack[sp - 1] = b ? stack[sp - 1] / b : 0; break;
        case MOD: b = stack[--sp]; stack[sp - 1] = b ? stack[sp - 1] % b : 0; break;
        case AND: b = stack[--sp]; stack[sp - 1] &= b; break;
        case XOR: b = stack[--sp]; stack[sp - 1] ^= b; break;
        case SHL: b = stack[--sp]; stack[sp - 1] = (int64_t)((uint64_t)stack[sp - 1] << (b & 63)); break;
        case SHR: b = stack[--sp]; stack[sp - 1] >>= (b & 63); break;
        case LT: b = stack[--sp]; stack[sp - 1] = stack[sp - 1] < b; break;
        case LE: b = stack[--sp]; stack[sp - 1] = stack[sp - 1] <= b; break;
        case EQ: b = stack[--sp]; stack[sp - 1] = stack[sp - 1] == b; break;
        case NE: b = stack[--sp]; stack[sp - 1] = stack[sp - 1] != b; break;
        case NOT: stack[sp - 1] = !stack[sp - 1]; break;
        case JMP: pc = (int)code[pc]; break;
        case JZ: a = code[pc++]; if (stack[--sp] == 0) pc = (int)a; break;
        case JNZ: a = code[pc++]; if (stack[--sp] != 0) pc = (int)a; break;
        case CALL: {
            int target = (int)code[pc], nargs = (int)code[pc + 1];
            struct frame *f = &frames[++fp];
            f->ret = pc + 2;
            for (int i = nargs - 1; i >= 0; i--) f->local[i] = stack[--sp];
            pc = target;
            break;
        }
        case RET: pc = frames[fp--].ret; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case POP: sp--; break;
        case INC: frames[fp].local[code[pc++]]++; break;
        case SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        default: printf("bad opcode %lld at %d\n", (long long)o, pc - 1); exit(2);
        }
    }
}

int main(int argc, char **argv)
{
    int64_t scale = argc > 1 ? atoll(argv[1]) : 100;
    int64_t seed = argc > 2 ? atoll(argv[2]) : 1;
    assemble(seed);
    uint64_t h = 0;
    for (int i = 0; i < pc_emit; i++) h = h * 131 + (uint64_t)code[i];
    printf("program words=%d hash=%016llx\n", pc_emit, (unsigned long long)h);
    uint64_t executed = 0, counts[NOPS];
    memset(counts, 0, sizeof counts);
    int64_t result = run(scale, seed, &executed, counts);
    printf("scale=%lld seed=%lld result=%lld executed=%llu\n", (long long)scale, (long long)seed, (long long)result,
           (unsigned long long)executed);
    printf("top ops:");
    for (int k = 0; k < 4; k++) {
        int best = 0;
        for (int i = 1; i < NOPS; i++)
            if (counts[i] > counts[best]) best = i;
        printf(" %s=%llu", names[best], (unsigned long long)counts[best]);
        counts[best] = 0;
    }
    printf(" (operand table sum %d)\n", operands[CALL] + operands[PUSH]);
    return 0;
}
