// Exercises a hand-written AArch64 main calling glibc: puts/printf with integer and string arguments, a counted loop, a recursive function, conditional select/compare, shifts, multiply-add and division, and the return status.
    .text

// fact(x0) -> x0: recursive, keeps its argument in a callee-saved register across the call.
    .type fact, %function
fact:
    cmp     x0, #1
    b.hi    1f
    mov     x0, #1
    ret
1:  stp     x29, x30, [sp, #-32]!
    mov     x29, sp
    str     x19, [sp, #16]
    mov     x19, x0
    sub     x0, x0, #1
    bl      fact
    mul     x0, x0, x19
    ldr     x19, [sp, #16]
    ldp     x29, x30, [sp], #32
    ret
    .size fact, .-fact

// collatz(x0) -> x0: number of steps to reach 1.
    .type collatz, %function
collatz:
    mov     x1, #0
1:  cmp     x0, #1
    b.eq    2f
    add     x1, x1, #1
    tst     x0, #1
    add     x2, x0, x0, lsl #1      // 3n
    add     x2, x2, #1              // 3n + 1
    lsr     x3, x0, #1              // n / 2
    csel    x0, x2, x3, ne
    b       1b
2:  mov     x0, x1
    ret
    .size collatz, .-collatz

    .global main
    .type main, %function
main:
    stp     x29, x30, [sp, #-64]!
    mov     x29, sp
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    str     x23, [sp, #48]

    adrp    x0, msg_hello
    add     x0, x0, :lo12:msg_hello
    bl      puts

    // factorials 0..20
    mov     x19, #0
1:  mov     x0, x19
    bl      fact
    mov     x2, x0
    mov     x1, x19
    adrp    x0, fmt_fact
    add     x0, x0, :lo12:fmt_fact
    bl      printf
    add     x19, x19, #1
    cmp     x19, #20
    b.le    1b

    // collatz step counts for 1..30, accumulate max and argmax
    mov     x19, #1
    mov     x20, #0                 // best steps
    mov     x21, #0                 // argmax
    mov     x22, #0                 // sum
2:  mov     x0, x19
    bl      collatz
    add     x22, x22, x0
    cmp     x0, x20
    csel    x21, x19, x21, hi
    csel    x20, x0, x20, hi
    add     x19, x19, #1
    cmp     x19, #30
    b.ls    2b
    adrp    x0, fmt_collatz
    add     x0, x0, :lo12:fmt_collatz
    mov     x1, x21
    mov     x2, x20
    mov     x3, x22
    bl      printf

    // 32-bit arithmetic: wrap, signed/unsigned divide, madd/msub, extends
    mov     w19, #0xFFFF
    movk    w19, #0x7FFF, lsl #16   // INT32_MAX
    add     w1, w19, #1             // wraps to INT32_MIN
    mov     w20, #-7
    sdiv    w2, w1, w20
    udiv    w3, w1, w20
    msub    w4, w2, w20, w1         // remainder of the signed division
    mov     w5, #1000
    madd    w5, w5, w5, w20         // 1000*1000 - 7
    sxtw    x6, w20
    uxtw    x7, w20
    adrp    x0, fmt_arith
    add     x0, x0, :lo12:fmt_arith
    bl      printf

    // bit operations on a 64-bit pattern
    ldr     x19, =0x0123456789ABCDEF
    ror     x1, x19, #12
    rbit    x2, x19
    rev     x3, x19
    clz     x4, x2
    ubfx    x5, x19, #20, #12
    sbfx    x6, x19, #28, #8
    eor     x7, x19, x19, lsr #7
    adrp    x0, fmt_bits
    add     x0, x0, :lo12:fmt_bits
    bl      printf

    // print the string table with its index, walking pointers
    adrp    x19, table
    add     x19, x19, :lo12:table
    mov     x20, #0
3:  ldr     x2, [x19, x20, lsl #3]
    cbz     x2, 4f
    mov     x1, x20
    adrp    x0, fmt_item
    add     x0, x0, :lo12:fmt_item
    bl      printf
    add     x20, x20, #1
    b       3b
4:
    // byte-wise checksum of the hello message with conditional compare
    adrp    x19, msg_hello
    add     x19, x19, :lo12:msg_hello
    mov     w20, #0
    mov     w21, #0
5:  ldrb    w1, [x19], #1
    cbz     w1, 6f
    ror     w20, w20, #27
    add     w20, w1, w20
    sub     w3, w1, #'a'
    cmp     w3, #25                 // lowercase letter: unsigned w1 - 'a' <= 25
    ccmp    w1, #31, #0, ls         // and not a control character (always true here)
    cinc    w21, w21, hi
    b       5b
6:  adrp    x0, fmt_sum
    add     x0, x0, :lo12:fmt_sum
    mov     w1, w20
    mov     w2, w21
    bl      printf

    mov     w0, #3                  // nonzero exit status is part of the test
    ldr     x23, [sp, #48]
    ldp     x21, x22, [sp, #32]
    ldp     x19, x20, [sp, #16]
    ldp     x29, x30, [sp], #64
    ret
    .size main, .-main

    .section .rodata
msg_hello:   .asciz "Hello from AArch64 assembly!"
fmt_fact:    .asciz "%2lu! = %lu\n"
fmt_collatz: .asciz "collatz 1..30: longest start=%lu steps=%lu total=%lu\n"
fmt_arith:   .asciz "min=%d sdiv=%d udiv=%u srem=%d madd=%d sxtw=%ld uxtw=%lu\n"
fmt_bits:    .asciz "ror=%016lx rbit=%016lx rev=%016lx clz=%lu ubfx=%lx sbfx=%ld eor=%016lx\n"
fmt_item:    .asciz "item %lu: %s\n"
fmt_sum:     .asciz "checksum=%08x lowercase=%u\n"
s_a: .asciz "alpha"
s_b: .asciz "beta"
s_c: .asciz "gamma"
    .section .data.rel.ro, "aw"
    .balign 8
table: .quad s_a, s_b, s_c, 0
    .section .note.GNU-stack, "", %progbits
