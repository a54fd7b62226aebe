// Prints argc, every argv and envp string, then the auxiliary vector entries whose values
// do not depend on the host: AT_PAGESZ, AT_PHENT, AT_PHNUM, AT_ENTRY, AT_CLKTCK, AT_SECURE,
// AT_BASE, and the strings AT_PLATFORM and AT_EXECFN point to.
    .global _start
    .text
_start:
    mov x19, sp
    ldr x0, [x19]            // argc
    bl print_u64
    bl newline
    add x20, x19, #8         // argv
1:  ldr x0, [x20], #8
    cbz x0, 2f
    bl print_str
    bl newline
    b 1b
2:  ldr x0, [x20], #8        // envp
    cbz x0, 3f
    bl print_str
    bl newline
    b 2b
3:  adr x24, keys             // auxv at x20; print the keys of `keys` in its order
4:  ldr x21, [x24], #8
    cbz x21, 9f
    mov x23, x20
5:  ldp x0, x22, [x23], #16
    cbz x0, 4b               // absent: skip
    cmp x0, x21
    b.ne 5b
    mov x0, x21
    bl print_u64
    bl equals
    mov x0, x22
    cmp x21, #15             // AT_PLATFORM and AT_EXECFN point to strings
    b.eq 6f
    cmp x21, #31
    b.eq 6f
    bl print_u64
    b 7f
6:  bl print_str
7:  bl newline
    b 4b
9:  mov x0, #0
    mov x8, #94
    svc #0

// print_str(x0): writes the NUL-terminated string.
print_str:
    mov x2, #0
1:  ldrb w3, [x0, x2]
    cbz w3, 2f
    add x2, x2, #1
    b 1b
2:  mov x1, x0
    mov x0, #1
    mov x8, #64
    svc #0
    ret

// print_u64(x0): writes the number in decimal.
print_u64:
    sub sp, sp, #32
    add x1, sp, #32
    mov x3, #10
1:  udiv x4, x0, x3
    msub x5, x4, x3, x0
    add x5, x5, #'0'
    strb w5, [x1, #-1]!
    mov x0, x4
    cbnz x0, 1b
    add x2, sp, #32
    sub x2, x2, x1
    mov x0, #1
    mov x8, #64
    svc #0
    add sp, sp, #32
    ret

newline:
    adr x1, nl
    b 1f
equals:
    adr x1, eq
1:  mov x0, #1
    mov x2, #1
    mov x8, #64
    svc #0
    ret
    .balign 8
keys: .quad 6, 4, 5, 9, 17, 23, 7, 15, 31, 0
nl: .ascii "\n"
eq: .ascii "="
