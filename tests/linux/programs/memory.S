// brk and mmap: grows the break by 64 KiB and uses it, maps 8 KiB anonymous memory, writes
// and reads it, mprotects it read-only, unmaps it; prints "ok" or exits with the failing step.
    .global _start
    .text
_start:
    mov x0, #0
    mov x8, #214             // brk(0)
    svc #0
    mov x19, x0
    add x0, x19, #0x10000
    mov x8, #214
    svc #0
    add x1, x19, #0x10000
    mov x2, #1
    cmp x0, x1
    b.ne fail
    mov x3, #0x1234
    add x1, x19, #0x8000
    str x3, [x1]
    ldr x4, [x1]
    mov x2, #2
    cmp x3, x4
    b.ne fail

    mov x0, #0               // mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
    mov x1, #8192
    mov x2, #3
    mov x3, #0x22
    mov x4, #-1
    mov x5, #0
    mov x8, #222
    svc #0
    mov x2, #3
    cmn x0, #4096
    b.hi fail
    mov x20, x0
    ldr x4, [x20, #4096]     // anonymous memory is zero
    mov x2, #4
    cbnz x4, fail
    mov x3, #77
    str x3, [x20, #8184]
    ldr x4, [x20, #8184]
    mov x2, #5
    cmp x3, x4
    b.ne fail
    mov x0, x20              // mprotect(p, 8192, PROT_READ)
    mov x1, #8192
    mov x2, #1
    mov x8, #226
    svc #0
    mov x2, #6
    cbnz x0, fail
    mov x0, x20              // munmap(p, 8192)
    mov x1, #8192
    mov x8, #215
    svc #0
    mov x2, #7
    cbnz x0, fail

    mov x0, #1
    adr x1, ok
    mov x2, #3
    mov x8, #64
    svc #0
    mov x0, #0
    mov x8, #94
    svc #0
fail:
    mov x0, x2
    mov x8, #94
    svc #0
ok: .ascii "ok\n"
