// Prints a line, then stores to address 0: SIGSEGV.
    .global _start
    .text
_start:
    mov x0, #1
    adr x1, msg
    mov x2, #7
    mov x8, #64
    svc #0
    bl crash
crash:
    mov x1, #0
    str x1, [x1]
msg: .ascii "before\n"
