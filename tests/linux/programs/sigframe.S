// A handler installed without SA_RESTORER returns through the kernel's own sigreturn code.
// The handler clobbers x19, d8 and the flags; all must come back. Then rt_sigreturn on a
// frame without an fpsimd record: the kernel rejects it with SIGSEGV.
    .global _start
    .text
_start:
    mov x0, #10              // SIGUSR1
    adr x1, act
    mov x2, #0
    mov x3, #8
    mov x8, #134             // rt_sigaction
    svc #0
    mov x19, #1234
    fmov d8, #1.5
    cmp x19, #0              // NZCV = 0010 (C set)
    mov x8, #172             // getpid
    svc #0
    mov x20, x0
    mov x8, #178             // gettid
    svc #0
    mov x1, x0
    mov x0, x20
    mov x2, #10
    mov x8, #131             // tgkill
    svc #0
    b.ls bad                 // C clear or Z set: the flags were lost
    cbnz x0, bad             // tgkill returns 0
    cmp x19, #1234
    b.ne bad
    fmov d9, #1.5
    fcmp d8, d9
    b.ne bad
    adr x1, ok
    mov x2, #8
    bl print
    adr x9, zeros            // a frame of zeros: no fpsimd_context
    mov sp, x9
    mov x8, #139             // rt_sigreturn
    svc #0
    mov x0, #3
    mov x8, #94
    svc #0
bad:
    adr x1, fail
    mov x2, #5
    bl print
    mov x0, #1
    mov x8, #94
    svc #0

handler:
    mov x19, x0              // the signal number
    fmov d8, #-2.0
    cmp x19, x19             // NZCV = 0110
    adr x1, got
    mov x2, #8
    mov x8, #64
    mov x0, #1
    svc #0
    cmp x19, #10
    b.ne bad
    ret

print:
    mov x0, #1
    mov x8, #64              // write
    svc #0
    ret

got:  .ascii "handler\n"
ok:   .ascii "back ok\n"
fail: .ascii "fail\n"

    .data
    .balign 8
act:  .quad handler, 0, 0, 0     // sa_flags 0: no SA_RESTORER

    .bss
    .balign 16
    .skip 8192
zeros:
    .skip 8192
